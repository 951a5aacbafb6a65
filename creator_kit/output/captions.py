"""Caption sidecars (SRT, WebVTT), in logical Unicode order as written."""

from __future__ import annotations

from creator_kit.planning.timeline import Event


def timestamp(seconds: float, separator: str) -> str:
    milliseconds = round(seconds * 1000)
    hours, rest = divmod(milliseconds, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{separator}{millis:03d}"


def to_srt(events: tuple[Event, ...]) -> str:
    blocks = []
    for number, event in enumerate(events, start=1):
        blocks.append(f"{number}\n{timestamp(event.start, ',')} --> {timestamp(event.end, ',')}\n{event.text}\n")
    return "\n".join(blocks)


def to_webvtt(events: tuple[Event, ...], language: str) -> str:
    header = f"WEBVTT\nLanguage: {language}\n"
    cues = [f"{timestamp(e.start, '.')} --> {timestamp(e.end, '.')}\n{e.text}\n" for e in events]
    return "\n".join([header] + cues)
