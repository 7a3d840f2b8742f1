"""Evaluating indicators: aggregates per level, formulas, rounding, statuses against the planned
values, and the targeted recommendations; the immutable ``Result`` and ``InputData``."""
