"""The limits on what a user's text may hold, one set for every way a text enters: a script, an SRT, a
campaign row or a manifest read back. The JSON Schemas carry the same numbers (tests/test_hostile_round3.py
holds them equal), so a script and an SRT cue are refused alike, before any layout."""

from __future__ import annotations

SCENE_TEXT_CHARACTERS = 500
TITLE_CHARACTERS = 200
POST_CAPTION_CHARACTERS = 5000
HASHTAGS = 30
HASHTAG_CHARACTERS = 100
CAPTION_CUES = 500
"""More cues than a short clip can show one after another (a cue every 0.1 s for 50 s)."""
CUE_MARKUP_ALLOWANCE = 4
"""A cue's raw text may be this many times a scene's limit (its styling tags are stripped); a longer one is
refused before it is parsed further."""
CAMPAIGN_CELL_CHARACTERS = 500
"""A campaign row's cell (a path, a template, a platform, a language), as a YAML campaign's items."""


def too_long(text: str, limit: int) -> str | None:
    """Why `text` is over `limit` characters (None when it is not)."""
    return f"must be at most {limit:,} characters, got {len(text):,}" if len(text) > limit else None
