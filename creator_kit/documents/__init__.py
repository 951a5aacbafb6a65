"""Documents: one typed model and one reader for each file creator-kit writes and reads back.

findings.py (a guideline finding, as every report and manifest holds it), manifest.py (`<id>.manifest.json`),
batch_report.py (`OUT/batch-report.json`), decisions.py (a review page's decisions file and
`OUT/review-decisions.json`), publish_summary.py (`publish-summary.json`). They sit below guidelines, output
and batch so that each of those reads a document through the same model; a script has its own reader,
inputs/script.py. Writers are atomic (atomic.py).

May import: the top-level plumbing, text, inputs and resources.
"""
