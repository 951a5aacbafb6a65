"""What a live session's announcement says: the local time in each region, the date as the audience's region
writes it, the card's blocks and the post caption's lines.

Dates, times, month names, city names and the numbering system come from CLDR through Babel (ar_EG writes
ديسمبر with Arabic-Indic digits, ar_LB كانون الأول, ar_MA دجنبر with Western digits); offsets and daylight
saving time from `zoneinfo` with the tzdata package (Egypt's summer time, Morocco's hour back in Ramadan);
the optional Hijri date from hijridate (Umm al-Qura).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from typing import Any, Literal
from zoneinfo import ZoneInfo

import yaml
from babel import Locale, localedata
from babel.dates import format_date, format_time, get_timezone_location

from creator_kit.inputs.live import LiveSession, region_zone
from creator_kit.paths import PACKAGE_DIR
from creator_kit.resources.directory import WORLD, Directory
from creator_kit.text.layout import TextBlock

LIVE_CARD_SECONDS = 6.0
"""How long the announcement card shows: its topic, host, date and a line per region."""

WORDS_FILE = PACKAGE_DIR / "data" / "live_card.yaml"

TOPIC_SCALE, HOST_SCALE, DATE_SCALE, TIME_SCALE = 1.0, 0.6, 0.6, 0.7
"""Sizes relative to the card's text size: the topic leads, the local times are what a viewer looks for."""

ZERO_DIGITS = {"latn": "0", "arab": "\u0660", "arabext": "\u06f0"}
"""The zero of each decimal numbering system a CLDR locale of the campaign's languages may default to
(CLDR numberingSystems.xml; Babel ships which system a locale uses, not the systems' digits)."""


@dataclass(frozen=True)
class LocalTime:
    """The session in one region: where, when by its clock, and whether that clock is ambiguous then."""

    region: str
    zone: str
    city: str
    starts: datetime
    ends: datetime
    time_text: str
    """The start as the audience writes a time ("٨:٠٠ م", "20:00", "8:00 PM"), with the weekday when the
    region's date is not the audience's."""
    dst: str | None
    """"gap" (the written wall time does not exist there), "fold" (the local wall time happens twice) or None."""

    @property
    def utc_offset(self) -> str:
        offset = self.starts.utcoffset() or timedelta(0)
        minutes = int(offset.total_seconds() // 60)
        sign = "+" if minutes >= 0 else "-"
        return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


@dataclass(frozen=True)
class LivePlan:
    """Everything the card, the post caption, the calendar file, the checks and the review show."""

    session: LiveSession
    language: str
    locale: str
    heading: str
    host_line: str
    date_text: str
    hijri_text: str | None
    times: tuple[LocalTime, ...]
    region_resources: dict[str, int]
    """Entries of the resource directory for each listed region (the international ones not counted)."""

    def card_blocks(self) -> tuple[TextBlock, ...]:
        """Topic, host, date (and Hijri date), then a line per region: its city and local time."""
        blocks = [
            TextBlock(self.heading, DATE_SCALE, "heading"),
            TextBlock(self.session.topic, TOPIC_SCALE, "title", space_before=0.2),
            TextBlock(self.host_line, HOST_SCALE, "name"),
            TextBlock(self.date_text, DATE_SCALE, "date", space_before=0.4),
        ]
        if self.hijri_text:
            blocks.append(TextBlock(self.hijri_text, DATE_SCALE, "date"))
        lines = "\n".join(f"{time.city} {time.time_text}" for time in self.times)
        return tuple(blocks) + (TextBlock(lines, TIME_SCALE, "times", space_before=0.4),)

    def caption_lines(self) -> tuple[str, ...]:
        """The same facts for the post caption, in the card's order, a line each."""
        separator = _word("separator", self.language)
        lines = [f"{self.heading}{separator}{self.session.topic}", self.host_line, self.date_text]
        lines += [self.hijri_text] if self.hijri_text else []
        return tuple(lines) + tuple(f"{time.city}{separator}{time.time_text}" for time in self.times)

    def to_json(self) -> dict[str, Any]:
        """The session as the manifest records it."""
        session = self.session
        return {
            "starts": session.starts.astimezone(timezone.utc).isoformat().replace("+00:00", "Z"),
            "zone": session.zone,
            "duration_minutes": round(session.duration.total_seconds() / 60),
            "host": session.host,
            "topic": session.topic,
            "locale": self.locale,
            "date": self.date_text,
            "hijri": self.hijri_text,
            "local_times": [
                {
                    "region": time.region,
                    "zone": time.zone,
                    "city": time.city,
                    "starts": time.starts.isoformat(),
                    "utc_offset": time.utc_offset,
                    "text": time.time_text,
                }
                for time in self.times
            ],
        }


CardWord = Literal["heading", "host", "separator"]
"""The announcement card's words in data/live_card.yaml, each by language."""


@lru_cache(maxsize=1)
def _words() -> dict[CardWord, dict[str, str]]:
    with WORDS_FILE.open(encoding="utf-8") as file:
        return dict(yaml.safe_load(file))


def _word(kind: CardWord, language: str) -> str:
    words = _words()[kind]
    return words.get(language, words["en"])


def data_versions() -> str:
    """The versions of the locale and time zone data the announcement is computed from: a new release
    (a country changing its clocks) makes a batch render the clip again."""
    from importlib.metadata import version

    return f"babel {version('babel')} tzdata {version('tzdata')}"


def audience_locale(language: str, region: str) -> Locale:
    """CLDR's locale for the language as written in the region (ar_MA, fr_MA, en_AE), else the language's."""
    name = f"{language}_{region}"
    return Locale.parse(name if localedata.exists(name) else language)


def native_digits(text: str, locale: Locale) -> str:
    """`text` with its ASCII digits in the locale's default numbering system (Arabic-Indic for ar_EG, ar_SA,
    ar_LB; Western for ar_MA, ar_AE)."""
    zero = ZERO_DIGITS.get(locale.default_numbering_system, "0")
    return "".join(chr(ord(zero) + int(char)) if "0" <= char <= "9" else char for char in text)


def wall_time_kind(wall: datetime, zone: ZoneInfo) -> str | None:
    """Whether the naive wall time `wall` is in a gap ("gap": skipped by a clock change), a fold ("fold":
    it happens twice) or neither, in `zone`."""
    placed = wall.replace(tzinfo=zone)
    if placed.astimezone(timezone.utc).astimezone(zone).replace(tzinfo=None) != wall:
        return "gap"
    if placed.replace(fold=0).utcoffset() != placed.replace(fold=1).utcoffset():
        return "fold"
    return None


def _dst(session: LiveSession, zone: str, local: datetime) -> str | None:
    """The written time's gap or fold in its own zone, else whether the region's wall time is ambiguous."""
    if session.zone == zone:
        written = wall_time_kind(session.starts.replace(tzinfo=None), ZoneInfo(zone))
        if written:
            return written
    return wall_time_kind(local.replace(tzinfo=None), ZoneInfo(zone))


def hijri_date(day: datetime, language: str, locale: Locale) -> str | None:
    """The day in the Umm al-Qura calendar ("١ رجب ١٤٤٨ هـ", "1 Rajab 1448 AH"); None for a language
    hijridate does not name months in, or a date outside its range."""
    from hijridate import Gregorian

    named: Literal["ar", "en"]
    if language == "ar":
        named = "ar"
    elif language == "en":
        named = "en"
    else:
        return None
    try:
        hijri = Gregorian(day.year, day.month, day.day).to_hijri()
    except OverflowError:
        return None
    text = f"{hijri.day} {hijri.month_name(named)} {hijri.year} {hijri.notation(named)}"
    return native_digits(text, locale)


def _local_time(session: LiveSession, region: str, locale: Locale, audience_day: date) -> LocalTime:
    zone = region_zone(region, session.starts)
    assert zone is not None  # the loader refuses regions without one zone offset
    local = session.starts.astimezone(timezone.utc).astimezone(ZoneInfo(zone))  # a gap's wall time normalised
    time = format_time(local, "short", locale=locale)
    if local.date() != audience_day:
        time = f"{format_date(local, 'EEEE', locale=locale)} {time}"
    return LocalTime(
        region=region,
        zone=zone,
        city=get_timezone_location(ZoneInfo(zone), locale=locale, return_city=True),
        starts=local,
        ends=session.ends.astimezone(ZoneInfo(zone)),
        time_text=native_digits(time, locale),
        dst=_dst(session, zone, local),
    )


def region_resources(directory: Directory, regions: tuple[str, ...]) -> dict[str, int]:
    """How many directory entries serve each region, the international ones not counted."""
    return {
        region: sum(1 for entry in directory.entries if WORLD not in entry.regions and entry.serves(region))
        for region in regions
    }


def plan_live(session: LiveSession, language: str, directory: Directory) -> LivePlan:
    """The announcement of `session` in `language`, written as its audience's region writes it."""
    locale = audience_locale(language, session.audience)
    zone = region_zone(session.audience, session.starts)
    audience_start = session.starts.astimezone(ZoneInfo(zone)) if zone else session.starts
    return LivePlan(
        session=session,
        language=language,
        locale=str(locale),
        heading=_word("heading", language),
        host_line=_word("host", language).format(host=session.host),
        date_text=native_digits(format_date(audience_start, "full", locale=locale), locale),
        hijri_text=hijri_date(audience_start, language, locale) if session.hijri else None,
        times=tuple(_local_time(session, region, locale, audience_start.date()) for region in session.regions),
        region_resources=region_resources(directory, session.regions),
    )
