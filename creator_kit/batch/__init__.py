"""Batch: a campaign file (campaign.py) -> keyed, idempotent tasks (tasks.py) -> a process pool or a Dask
cluster (distribute.py) -> the batch report (report.py); run.py ties them together for the CLI.

May import: every earlier stage, up to output.
"""
