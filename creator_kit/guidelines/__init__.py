"""Content guidelines: check drafts for safe messaging, caption readability and platform limits.

facts.py turns a draft into a facts document; rules (data/guidelines.yaml,
validated by schemas/guidelines.schema.json) are evaluated on it by rules.py;
lexicon.py finds terms of data/lexicon.*.yaml; check.py maps violations back
to source lines; run.py checks paths; report.py writes text, JSON or SARIF.
See README.md beside this file.

May import: the top-level plumbing, text, inputs, resources, documents, planning and paint (a draft is
checked on its plan and its painted text, never encoded).
"""
