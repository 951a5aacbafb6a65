"""`creator-kit review`: one self-contained HTML page on which a reviewer approves drafts or a campaign.

Data flows one way: inputs (scripts, campaigns, a batch output folder) -> clips
(collect.py, thumbnails.py) -> one HTML page (page.py, with its one script in page_script.py, which
exports the reviewer's decisions). A batch folder's clips carry their review states and the decisions
recorded earlier (documents/decisions.py, written by `creator-kit approve`).

May import: every earlier stage, up to batch.
"""
