"""The plan: every expression of the specs compiled once, kept for evaluation and screening."""
