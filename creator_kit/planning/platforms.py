"""What each platform allows in a post, how it counts a caption, where its buttons cover the picture
and how loud it plays clips: the platform facts, as data in one place, each with its source and date.

The shipped guidelines (data/guidelines.yaml: video-too-long, post-caption-too-long,
too-many-hashtags, outside-safe-zone, platform-needs-sound) carry the same numbers as
check data a team can change; tests/test_platforms.py keeps the two in step.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

REFERENCE_SIZE = (1080, 1920)
"""Safe zones are given in pixels of a 1080x1920 canvas."""

DEFAULT_LOUDNESS = -14.0
TRUE_PEAK_CEILING = -1.0
"""dBTP: the ceiling EBU R128 s1 and the platforms' own upload advice give for lossy delivery."""


@dataclass(frozen=True)
class Source:
    """Where a fact was found (a link, or the document and what it says) and when (ISO date or year-month)."""

    where: str
    as_of: str


@dataclass(frozen=True)
class Zone:
    """A rectangle in 1080x1920 pixels."""

    left: int
    top: int
    right: int
    bottom: int

    def as_dict(self) -> dict[str, int]:
        return {"left": self.left, "top": self.top, "right": self.right, "bottom": self.bottom}

    def within(self, other: Zone) -> Zone:
        """The part of this zone that is also inside `other`."""
        return Zone(
            max(self.left, other.left),
            max(self.top, other.top),
            min(self.right, other.right),
            min(self.bottom, other.bottom),
        )


@dataclass(frozen=True)
class Platform:
    """One platform's facts; `sources` names the source of each fact field."""

    name: str
    title: str
    caption_limit: int
    caption_unit: str
    """utf16 (UTF-16 code units), utf8-bytes, x-weighted (X's weighted count) or code-points."""
    longest_video: float
    """Seconds."""
    most_hashtags: int | None
    """None: the platform sets no count."""
    safe_zone: Zone
    requires_sound: bool
    sources: dict[str, Source]
    loudness: float = DEFAULT_LOUDNESS
    """Integrated loudness (LUFS) the platform normalises playback to (none publishes another)."""

    def source(self, fact: str) -> Source:
        return self.sources[fact]


FACTS = ("caption_limit", "caption_unit", "longest_video", "most_hashtags", "safe_zone", "requires_sound", "loudness")
"""The fields of Platform that are facts about the platform, each with a source."""

_RESEARCH = "2026-11-26"
"""When docs/research.md first recorded the TikTok, Reels and Shorts facts."""
_TIKTOK_API = Source("https://developers.tiktok.com/doc/content-posting-api-reference-direct-post", _RESEARCH)
_TIKTOK_HELP = Source("TikTok upload help: videos up to 10 minutes (docs/research.md, Platforms)", _RESEARCH)
_TIKTOK_ADS = Source("https://ads.tiktok.com/help/ (creative safe zone guidance)", _RESEARCH)
_REELS_HELP = Source("Instagram help: Reels up to 3 minutes, 2,200-character caption (docs/research.md)", _RESEARCH)
_REELS_HASHTAGS = Source("Instagram announcement: at most 5 hashtags per post (docs/research.md)", "2025-12")
_REELS_ADS = Source("Meta ad guidance: Reels UI covers ~14% top, 35% bottom, 6% sides (docs/research.md)", _RESEARCH)
_SHORTS_LENGTH = Source("https://support.google.com/youtube/answer/15424877", "2024-10")
_SHORTS_DESCRIPTION = Source("YouTube Data API: a video description is at most 5,000 bytes", _RESEARCH)
_SHORTS_HASHTAGS = Source("https://support.google.com/youtube/answer/6390658", _RESEARCH)
_SHORTS_PLAYER = Source("Shorts player: bottom ~25% and a right-hand button rail covered (docs/research.md)", _RESEARCH)
_X_VIDEO = Source("https://help.x.com/en/using-x/x-videos (140 s for accounts without Premium)", "2026-12-06")
_X_TEXT = Source("https://docs.x.com/fundamentals/counting-characters (280 weighted; a link counts 23)", "2026-12-06")
_SPOTLIGHT = Source(
    "https://help.snapchat.com/hc/en-us/articles/7012287256596 (vertical, with sound, 5-60 s)", "2026-12-06"
)
_SPOTLIGHT_CAPTION = Source("Snapchat Spotlight Send To description: 160 characters, #topics allowed", "2026-12-06")
_LOUDNESS = Source("docs/research.md, Platforms: measured playback level; no published upload target", "2026-12")
_UNION = Source("no measured overlay: the common part of the TikTok, Reels and Shorts zones", "2026-12-06")
_NO_SOUND_RULE = Source("no sound requirement in the platform's upload guidance (docs/research.md)", _RESEARCH)

_TIKTOK_ZONE = Zone(0, 150, 930, 1480)
_REELS_ZONE = Zone(65, 269, 1015, 1248)
_SHORTS_ZONE = Zone(65, 270, 930, 1440)
CONSERVATIVE_SAFE_ZONE = _TIKTOK_ZONE.within(_REELS_ZONE).within(_SHORTS_ZONE)
"""Inside every measured zone (x 65-930, y 270-1248): what a platform without its own measurement gets."""


def _cited(caption: Source, video: Source, hashtags: Source, zone: Source, sound: Source) -> dict[str, Source]:
    """The source of each fact; a caption's counting unit is given where its limit is."""
    return {
        "caption_limit": caption,
        "caption_unit": caption,
        "longest_video": video,
        "most_hashtags": hashtags,
        "safe_zone": zone,
        "requires_sound": sound,
        "loudness": _LOUDNESS,
    }


PLATFORMS: dict[str, Platform] = {
    platform.name: platform
    for platform in (
        Platform(
            "tiktok", "TikTok", 2200, "utf16", 600, None, _TIKTOK_ZONE, False,
            _cited(_TIKTOK_API, _TIKTOK_HELP, _TIKTOK_API, _TIKTOK_ADS, _NO_SOUND_RULE),
        ),
        Platform(
            "reels", "Instagram Reels", 2200, "utf16", 180, 5, _REELS_ZONE, False,
            _cited(_REELS_HELP, _REELS_HELP, _REELS_HASHTAGS, _REELS_ADS, _NO_SOUND_RULE),
        ),
        Platform(
            "shorts", "YouTube Shorts", 5000, "utf8-bytes", 180, 60, _SHORTS_ZONE, False,
            _cited(_SHORTS_DESCRIPTION, _SHORTS_LENGTH, _SHORTS_HASHTAGS, _SHORTS_PLAYER, _NO_SOUND_RULE),
        ),
        Platform(
            "x", "X", 280, "x-weighted", 140, None, CONSERVATIVE_SAFE_ZONE, False,
            _cited(_X_TEXT, _X_VIDEO, _X_TEXT, _UNION, _NO_SOUND_RULE),
        ),
        Platform(
            "spotlight", "Snapchat Spotlight", 160, "code-points", 60, None, CONSERVATIVE_SAFE_ZONE, True,
            _cited(_SPOTLIGHT_CAPTION, _SPOTLIGHT, _SPOTLIGHT_CAPTION, _UNION, _SPOTLIGHT),
        ),
    )
}  # fmt: skip
"""Every platform a script may name, by the name it is written with."""

PLATFORM_NAMES = tuple(PLATFORMS)

CAPTION_LIMITS = {name: platform.caption_limit for name, platform in PLATFORMS.items()}
"""TikTok: 2,200 through its posting API; Instagram Reels: 2,200; YouTube Shorts: a 5,000-byte description;
X: 280 weighted characters; Snapchat Spotlight: 160."""

CAPTION_LENGTH_UNITS = {name: platform.caption_unit for name, platform in PLATFORMS.items()}
"""How each platform counts a post caption: TikTok's posting API counts UTF-16 code units
and Instagram's limit is in characters as JavaScript counts them (UTF-16); YouTube limits a
description to 5,000 bytes; X weighs characters and counts every link as 23. Other platforms:
Unicode code points."""

LOUDNESS_TARGETS = {name: platform.loudness for name, platform in PLATFORMS.items()}
"""Integrated loudness (LUFS) each platform normalises playback to (docs/research.md, Platforms).
None publishes a target for uploads; -14 LUFS is the level YouTube's "content loudness"
statistic is reported against, and the level TikTok and Instagram playback is measured at."""

X_LINK_WEIGHT = 23
"""X counts every link as 23 characters, whatever its length (t.co wrapping)."""
_X_LIGHT_RANGES = ((0x0000, 0x10FF), (0x2000, 0x200D), (0x2010, 0x201F), (0x2032, 0x2037))
"""Code points X counts once (Latin, Greek, Cyrillic, Arabic, Hebrew, ... and common punctuation);
every other one (CJK, emoji) counts twice (twitter-text configuration v3)."""
_LINK = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|gov|info|ae|sa|eg|me|io)(?:/\S*)?")


def _x_weight(character: str) -> int:
    code = ord(character)
    return 1 if any(low <= code <= high for low, high in _X_LIGHT_RANGES) else 2


def x_weighted_length(text: str) -> int:
    """Length as X counts a post: NFC-normalised, each link 23, other code points 1 or 2."""
    text = unicodedata.normalize("NFC", text)
    links = list(_LINK.finditer(text))
    rest = _LINK.sub("", text)
    return X_LINK_WEIGHT * len(links) + sum(_x_weight(character) for character in rest)


def caption_length(text: str, unit: str) -> int:
    if unit == "utf16":
        return len(text.encode("utf-16-le")) // 2
    if unit == "utf8-bytes":
        return len(text.encode("utf-8"))
    if unit == "x-weighted":
        return x_weighted_length(text)
    return len(text)


def platform_caption_length(text: str, platform: str) -> int:
    """Length of `text` as `platform` counts it."""
    return caption_length(text, CAPTION_LENGTH_UNITS.get(platform, "code-points"))


def loudness_target(platform: str) -> float:
    """The integrated loudness `platform` plays at (LUFS), or the common -14 for one not listed."""
    return LOUDNESS_TARGETS.get(platform, DEFAULT_LOUDNESS)
