"""A script's `live:` block: a live session's start, length, host, topic and the regions it is announced to.

`starts` is an ISO 8601 time with a UTC offset (`2026-12-10T20:00+04:00`, `...Z`) or with an IANA zone
name after it (`2026-12-10T20:00 Asia/Dubai`); a time with neither is refused, since every local time
shown is computed from it. `duration` is an ISO 8601 duration (`PT1H30M`) or whole minutes. Each region
is a country code whose zone CLDR knows (through Babel); a country with zones of different offsets at
the session's start (the US) cannot be named by its code alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

import regex
from babel.core import get_global

from creator_kit.errors import Problem
from creator_kit.inputs.sourcemap import PathKey, SourceDocument, excerpt, format_path
from creator_kit.paths import FONTS_DIR
from creator_kit.text.fonts import FontSet

MAX_DURATION = timedelta(hours=24)

_ZONED = re.compile(r"(?P<time>\S+)\s+(?P<zone>[A-Za-z][A-Za-z0-9_+\-]*(?:/[A-Za-z0-9_+\-]+)*)")
_ISO_DURATION = re.compile(
    r"P(?:(?P<days>\d+)D)?(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+)S)?)?"
)
_GRAPHEME = regex.compile(r"\X")


@dataclass(frozen=True)
class LiveSession:
    """A live session as the script announces it."""

    starts: datetime
    """The start, aware: in its IANA zone when one was named, else at the offset written."""
    zone: str | None
    """The IANA zone `starts` was written in (None: an offset was written)."""
    written: str
    """`starts` as written, for messages."""
    duration: timedelta
    host: str
    topic: str
    regions: tuple[str, ...]
    """Country codes whose local times are shown, in the order written."""
    audience: str
    """The region whose way of writing dates and numbers the card and caption use."""
    hijri: bool = False
    """Whether the card adds the date in the Hijri (Umm al-Qura) calendar."""

    @property
    def ends(self) -> datetime:
        return self.starts + self.duration


@cache
def _known_zones() -> frozenset[str]:
    return frozenset(available_timezones())


def region_zones(region: str) -> tuple[str, ...]:
    """The IANA zones CLDR lists for a country code (empty for an unknown code)."""
    return tuple(get_global("territory_zones").get(region, ()))


def region_zone(region: str, instant: datetime) -> str | None:
    """The zone a region's local time is read in at `instant`: its only zone, or the first of zones that
    all have the same offset then (Asia/Gaza and Asia/Hebron); None when its zones differ (the US)."""
    zones = region_zones(region)
    offsets = {instant.astimezone(ZoneInfo(zone)).utcoffset() for zone in zones}
    return zones[0] if zones and len(offsets) == 1 else None


def _parse_starts(value: str) -> tuple[datetime, str | None] | str:
    """The aware start and its zone name, or why `value` is not one."""
    zoned = _ZONED.fullmatch(value.strip())
    text, zone = (zoned["time"], zoned["zone"]) if zoned else (value.strip(), None)
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return f"{excerpt(value)} is not an ISO 8601 time (write 2026-12-10T20:00 Asia/Dubai or 2026-12-10T20:00+04:00)"
    if zone is not None:
        if zone not in _known_zones():
            return f"unknown time zone {excerpt(zone)} (an IANA name such as Asia/Dubai or Africa/Cairo)"
        if moment.tzinfo is not None:
            return "give an offset or a zone name, not both"
        return moment.replace(tzinfo=ZoneInfo(zone)), zone
    if moment.tzinfo is None:
        return f"{excerpt(value)} has no UTC offset or time zone: add one (+04:00) or a zone name (Asia/Dubai)"
    return moment, None


def _parse_duration(value: object) -> timedelta | str:
    if isinstance(value, int) and not isinstance(value, bool):
        length = timedelta(minutes=value)
    else:
        match = _ISO_DURATION.fullmatch(str(value).strip().upper())
        if match is None or not any(match.groupdict().values()):
            return f"{excerpt(str(value))} is not an ISO 8601 duration (PT1H30M) or a number of minutes"
        length = timedelta(**{unit: int(amount) for unit, amount in match.groupdict().items() if amount})
    if length <= timedelta(0):
        return "must be longer than zero"
    if length > MAX_DURATION:
        return f"must be at most 24 hours (it is {length.total_seconds() / 3600:g} hours)"
    return length


@cache
def _shipped_fonts() -> FontSet:
    return FontSet(tuple(sorted(FONTS_DIR.glob("*.ttf"))))


def undrawable(text: str) -> str | None:
    """The first character of `text` that no shipped font can draw, or None."""
    fonts = _shipped_fonts()
    return next((cluster for cluster in _GRAPHEME.findall(text) if fonts.missing(cluster)), None)


def _problem(document: SourceDocument, key: PathKey, message: str) -> Problem:
    return Problem(str(document.path), document.line_of(key), format_path(key), message)


def _region_problems(document: SourceDocument, starts: datetime | None) -> list[Problem]:
    spec = document.data["live"]
    problems = []
    named: list[tuple[PathKey, str]] = [(("live", "regions", i), region) for i, region in enumerate(spec["regions"])]
    named += [(("live", "audience"), spec["audience"])] if "audience" in spec else []
    for key, region in named:
        zones = region_zones(region)
        if not zones:
            problems.append(_problem(document, key, f"unknown region {excerpt(region)} (an ISO 3166 country code)"))
        elif starts is not None and region_zone(region, starts) is None:
            message = f"{region} has time zones of different offsets ({', '.join(zones[:3])}, ...); it is not supported"
            problems.append(_problem(document, key, message))
    return problems


def live_session(document: SourceDocument) -> tuple[LiveSession | None, list[Problem]]:
    """The script's `live:` block (with its texts in the script's language), or the problems in it."""
    spec = document.data.get("live")
    if spec is None:
        return None, []
    problems = []
    parsed = _parse_starts(spec["starts"])
    if isinstance(parsed, str):
        problems.append(_problem(document, ("live", "starts"), parsed))
    duration = _parse_duration(spec["duration"])
    if isinstance(duration, str):
        problems.append(_problem(document, ("live", "duration"), duration))
    for field in ("host", "topic"):
        missing = undrawable(spec[field])
        if missing is not None:
            message = f"U+{ord(missing[0]):04X} ({missing!r}) cannot be drawn by any shipped font"
            problems.append(_problem(document, ("live", field), message))
    starts = None if isinstance(parsed, str) else parsed[0].astimezone(timezone.utc)
    problems += _region_problems(document, starts)
    if problems or isinstance(parsed, str) or isinstance(duration, str):
        return None, problems
    regions = tuple(dict.fromkeys(spec["regions"]))
    return LiveSession(
        starts=parsed[0],
        zone=parsed[1],
        written=spec["starts"],
        duration=duration,
        host=" ".join(spec["host"].split()),
        topic=" ".join(spec["topic"].split()),
        regions=regions,
        audience=spec.get("audience", regions[0]),
        hijri=spec.get("hijri", False),
    ), []
