"""Screening applications: derived values, criteria, explanations and decisions for every
candidate at once (``Screening``), and the check of a published table against it."""
