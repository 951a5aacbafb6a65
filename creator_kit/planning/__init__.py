"""Planning: models -> the decided plan, before any pixel is painted.

The timeline (timeline.py), word timing, what the cards say and how they fit (cards.py, end_card.py),
the post caption, each platform's limits (platforms.py), the text laid out for every event (plan.py), and
which scripts and choices a campaign file asks for (campaign.py: `batch` renders them, `check` checks them).

May import: the top-level plumbing, text, speech (a voice-over's words timed), inputs and resources.
"""
