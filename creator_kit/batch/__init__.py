"""Batch: a campaign as keyed, idempotent tasks on a process pool or a Dask cluster, and its report.

planning/campaign.py reads the campaign file, tasks.py expands it into keyed tasks, distribute.py runs them on a
process pool or a Dask cluster; run.py ties them together for the CLI and writes the batch report
(documents/batch_report.py). The approval loop lives here too, below review/, so that `batch` can report each
item's review state: review_states.py (states, a pure function), folder.py (a batch folder's current renders),
approval.py (`approve`: decisions recorded in OUT/review-decisions.json), publish.py (`publish`: the approved,
current items copied out).

May import: every earlier stage, up to output.
"""
