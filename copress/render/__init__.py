"""Renderers: a pandoc AST (or HTML) in, the bytes of one output format out."""
