"""The commentary article: what it is, apart from how its files are written — its sources
(manuscript/NN-*.md, metadata, citation style, bibliography), the one parse and filter pass
that makes it one pandoc document, and its GRIPP2 short form."""
