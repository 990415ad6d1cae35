"""The published site (`copress site`): every edition of every kept version, for a team and its
readers, as static pages that work from a folder (file://) and from any static host.

`editions.py` says what each public file is for and who it is for, `versions.py` keeps the
versions (versions.json, a previous site read as hostile input, git's change summaries),
`consent.py` withdraws a kept version that shows someone against their consent now,
`pages.py` writes the pages and `make.py` puts a site together and moves it into place.
"""
