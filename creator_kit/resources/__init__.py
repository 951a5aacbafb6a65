"""Help resources: the resource directory (directory.py: load, merge, select, find stale entries) and its
table for `creator-kit resources` (report.py).

May import: the top-level plumbing, text and inputs.
"""
