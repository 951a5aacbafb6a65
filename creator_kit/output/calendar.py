"""The live session's calendar file, `<basename>.ics` (RFC 5545), written with icalendar.

The event starts in the zone the script named (with its VTIMEZONE, so a calendar shows it right in every
zone), or at the UTC instant of a start written with an offset alone; it lasts the session's duration and
says the topic, the host, the local times and the help resources in the script's language.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from icalendar import Calendar, Event

from creator_kit import __version__
from creator_kit.atomic import atomic_path
from creator_kit.planning.live import LivePlan

PRODUCT_ID = f"-//creator-kit//live sessions {__version__}//EN"


def event_uid(script_id: str, plan: LivePlan) -> str:
    """The same for every file announcing the same session of the same script (languages, platforms), so
    a calendar that imports two of them keeps one event."""
    starts = plan.session.starts.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    return f"{script_id}-{starts}@creator-kit"


def calendar(script_id: str, plan: LivePlan, resource_lines: tuple[str, ...], stamp: datetime) -> Calendar:
    """The VCALENDAR of one session: one VEVENT, and the VTIMEZONE of the zone it starts in."""
    session = plan.session
    event = Event()
    event.add("uid", event_uid(script_id, plan))
    event.add("dtstamp", stamp.astimezone(timezone.utc))
    event.add("dtstart", session.starts if session.zone else session.starts.astimezone(timezone.utc))
    event.add("duration", session.duration)
    event.add("summary", session.topic)
    event.add("description", "\n".join(plan.caption_lines()[1:] + resource_lines))
    event.add("status", "CONFIRMED")
    event.add("transp", "OPAQUE")
    event.add("x-creator-kit-host", session.host)
    ics = Calendar()
    ics.add("prodid", PRODUCT_ID)
    ics.add("version", "2.0")
    ics.add("calscale", "GREGORIAN")
    ics.add("method", "PUBLISH")
    ics.add_component(event)
    ics.add_missing_timezones()
    return ics


def write_calendar(path: Path, script_id: str, plan: LivePlan, resource_lines: tuple[str, ...]) -> Path:
    """Write the session's calendar file to `path`, atomically."""
    with atomic_path(path) as temporary:
        temporary.write_bytes(calendar(script_id, plan, resource_lines, datetime.now(timezone.utc)).to_ical())
    return path
