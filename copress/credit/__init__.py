"""The credit ledger: who contributed what and when, from git history and work outside git."""
