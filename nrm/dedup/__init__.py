"""De-duplication of person records (issue 14): normalisation of the region's names,
a Splink model on DuckDB, a generator of duplicates with ground truth and its evaluation.

Pure Python and Splink: no Django models, imports only `nrm.core` (docs/dedup.md).
"""
