"""The submission package: the article's outputs packed for a journal as MECA (NISO RP-30-2023)."""
