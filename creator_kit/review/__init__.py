"""`creator-kit review`: one self-contained HTML page on which a reviewer approves drafts or a campaign.

Data flows one way: inputs (scripts, campaigns, a batch output folder) -> clips
(collect.py, thumbnails.py) -> one HTML page (page.py).

May import: every earlier stage, up to batch.
"""
