"""What each platform allows in a post caption, how it counts it, and how loud it plays clips.

The caption numbers are the ones the shipped guidelines check (data/guidelines.yaml,
rule post-caption-too-long); a test keeps the two in step.
"""

from __future__ import annotations

CAPTION_LIMITS = {"tiktok": 2200, "reels": 2200, "shorts": 5000}
"""TikTok: 2,200 through its posting API; Instagram Reels: 2,200; YouTube Shorts: a 5,000-byte description."""

CAPTION_LENGTH_UNITS = {"tiktok": "utf16", "reels": "utf16", "shorts": "utf8-bytes"}
"""How each platform counts a post caption: TikTok's posting API counts UTF-16 code units
and Instagram's limit is in characters as JavaScript counts them (UTF-16); YouTube limits a
description to 5,000 bytes. Other platforms: Unicode code points."""


def caption_length(text: str, unit: str) -> int:
    if unit == "utf16":
        return len(text.encode("utf-16-le")) // 2
    if unit == "utf8-bytes":
        return len(text.encode("utf-8"))
    return len(text)


def platform_caption_length(text: str, platform: str) -> int:
    """Length of `text` as `platform` counts it."""
    return caption_length(text, CAPTION_LENGTH_UNITS.get(platform, "code-points"))


LOUDNESS_TARGETS = {"tiktok": -14.0, "reels": -14.0, "shorts": -14.0}
"""Integrated loudness (LUFS) each platform normalises playback to (docs/research.md, Platforms).
None of the three publishes a target for uploads; -14 LUFS is the level YouTube's "content loudness"
statistic is reported against, and the level TikTok and Instagram playback is measured at."""

DEFAULT_LOUDNESS = -14.0
TRUE_PEAK_CEILING = -1.0
"""dBTP: the ceiling EBU R128 s1 and the platforms' own upload advice give for lossy delivery."""


def loudness_target(platform: str) -> float:
    """The integrated loudness `platform` plays at (LUFS), or the common -14 for one not listed."""
    return LOUDNESS_TARGETS.get(platform, DEFAULT_LOUDNESS)
