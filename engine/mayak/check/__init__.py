"""Cross-reference checks of the loaded specs, run before any data is read: datasets, levels,
expressions, periods, cycles, planned values, admission criteria and recommendations."""
