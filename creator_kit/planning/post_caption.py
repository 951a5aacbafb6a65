"""The caption posted with the video: body, help resources, hashtags, within each platform's limit."""

from __future__ import annotations

from creator_kit.errors import CaptionDoesNotFit
from creator_kit.planning.platforms import CAPTION_LIMITS, platform_caption_length
from creator_kit.text.breaking import words as break_words
from creator_kit.text.units import CAPTION_KINDS, isolated

ELLIPSIS = "\u2026"


def compose_post_caption(
    body: str, hashtags: tuple[str, ...], resource_lines: tuple[str, ...] = (), announcement: tuple[str, ...] = ()
) -> str:
    """The caption posted with the video: body, a live session's announcement and the help resources one a
    line, then the hashtags."""
    blocks = (body.strip(), "\n".join(announcement), "\n".join(resource_lines), " ".join(hashtags))
    parts = [part for part in blocks if part]
    return "\n\n".join(parts) + "\n"


def _fits(caption: str, platform: str) -> bool:
    return platform_caption_length(caption.strip(), platform) <= CAPTION_LIMITS[platform]


def compose_platform_caption(
    body: str,
    hashtags: tuple[str, ...],
    resource_lines: tuple[str, ...],
    platform: str,
    announcement: tuple[str, ...] = (),
) -> str:
    """The post caption within `platform`'s limit. Hashtags, resources and a live session's announcement are
    always kept; the body is cut at a word boundary and ends with an ellipsis only when the whole does not fit.

    A phone number or a signed, grouped number of the body is kept whole and in a left-to-right
    isolate, as the picture draws it (text/units.py). Raises CaptionDoesNotFit when even the first
    word of the body does not fit beside them.
    """
    body = isolated(body, CAPTION_KINDS)
    whole = compose_post_caption(body, hashtags, resource_lines, announcement)
    if _fits(whole, platform):
        return whole
    words = break_words(body)
    low, high = 0, len(words) - 1
    while low < high:
        middle = (low + high + 1) // 2
        candidate = compose_post_caption(_shortened(words, middle), hashtags, resource_lines, announcement)
        if _fits(candidate, platform):
            low = middle
        else:
            high = middle - 1
    caption = compose_post_caption(_shortened(words, low), hashtags, resource_lines, announcement)
    if low == 0 or not _fits(caption, platform):
        essentials = compose_post_caption("", hashtags, resource_lines, announcement).strip()
        raise CaptionDoesNotFit(
            f"the {platform} post caption does not fit its limit of {CAPTION_LIMITS[platform]}: hashtags and "
            f"resources{' and the live announcement' if announcement else ''} alone take "
            f"{platform_caption_length(essentials, platform)}, with no room left for the body; use fewer hashtags "
            f"{', resources or live regions' if announcement else 'or resources'}"
        )
    return caption


def _shortened(words: list[str], count: int) -> str:
    return " ".join(words[:count]).rstrip(".,;:!?،؛") + ELLIPSIS
