"""What each platform allows in a post caption, and how it counts it.

The numbers are the ones the shipped guidelines check (data/guidelines.yaml,
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
