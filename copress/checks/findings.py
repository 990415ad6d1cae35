"""Finding now lives in copress/findings.py (the lowest floor, beside errors.py); kept so older
imports still work."""

from ..findings import Finding, Severity

__all__ = ["Finding", "Severity"]
