"""Batch: a campaign as keyed, idempotent tasks on a process pool or a Dask cluster, and its report.

planning/campaign.py reads the campaign file, tasks.py expands it into keyed tasks, distribute.py runs them on a
process pool or a Dask cluster, report.py writes the batch report; run.py ties them together for the CLI.
The approval loop's record lives here too, below review/, so that `batch` can report each item's review
state: approval.py (states, a pure function), decisions.py (`approve`: decisions files and
OUT/review-decisions.json), publish.py (`publish`: the approved, current items copied out).

May import: every earlier stage, up to output.
"""
