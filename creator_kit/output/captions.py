"""Caption sidecars (SRT, WebVTT), in logical Unicode order as written, each phone number and signed or
grouped number in a left-to-right isolate as the picture draws it (text/units.py).

A sidecar carries text, never markup: players read `<i>`, `<font>` and `{\\an8}` in SRT and any tag in WebVTT,
so tags are stripped (to a fixed point) and WebVTT's special characters are escaped."""

from __future__ import annotations

import html

from creator_kit.inputs.markup import strip_markup
from creator_kit.planning.timeline import Event
from creator_kit.text.units import CAPTION_KINDS, isolated


def timestamp(seconds: float, separator: str) -> str:
    milliseconds = round(seconds * 1000)
    hours, rest = divmod(milliseconds, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{separator}{millis:03d}"


def to_srt(events: tuple[Event, ...]) -> str:
    blocks = []
    for number, event in enumerate(events, start=1):
        blocks.append(
            f"{number}\n{timestamp(event.start, ',')} --> {timestamp(event.end, ',')}\n{isolated(strip_markup(event.text), CAPTION_KINDS)}\n"
        )
    return "\n".join(blocks)


def to_webvtt(events: tuple[Event, ...], language: str) -> str:
    header = f"WEBVTT\nLanguage: {language}\n"
    cues = [f"{timestamp(e.start, '.')} --> {timestamp(e.end, '.')}\n{_vtt_text(e.text)}\n" for e in events]
    return "\n".join([header] + cues)


def _vtt_text(text: str) -> str:
    """A cue's text as WebVTT holds plain text: no tag, and `&`, `<`, `>` as character references."""
    return isolated(html.escape(strip_markup(text), quote=False), CAPTION_KINDS)
