"""Help resources: the resource directory and its table for `creator-kit resources`.

directory.py loads, merges and selects entries and finds stale ones; report.py prints the table.

May import: the top-level plumbing, text and inputs.
"""
