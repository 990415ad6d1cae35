"""The easy-read edition's sources and rules: the text in blocks, its glossary, its pictures,
the rule checker and the first-draft writer."""
