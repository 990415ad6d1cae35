"""Editions: which sources, which filters and which renderers make each publication."""
