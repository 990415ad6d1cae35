"""Vocabularies as data: CRediT roles, research stages, naming choices."""
