"""Checks read finished outputs and report Findings; they never build anything."""
