"""A live session's facts: whether it is already past, what it is about and whether the post caption names
help, and per listed region its local time, any clock change it falls on and the help the directory has there.

The collections `live` (one item per session) and `live_regions` (one per listed region) of
schemas/facts.schema.json; the rules on them are data in guidelines.yaml like every other rule.
"""

from __future__ import annotations

from datetime import date, datetime, time, timezone
from typing import TYPE_CHECKING, Any

from creator_kit.guidelines.locate import value_at

if TYPE_CHECKING:
    from creator_kit.planning.plan import Prepared

SUICIDE_TOPIC = "suicide-or-self-harm"


def _at(prepared: Prepared, *path: str | int) -> dict[str, Any]:
    return {"file": str(prepared.script.path), "path": list(path)}


def _region_path(prepared: Prepared, region: str) -> tuple[str | int, ...]:
    """Where a region is written in the script's `live.regions`."""
    regions = value_at(prepared.script.document.data, ("live", "regions"))
    index = regions.index(region) if isinstance(regions, list) and region in regions else None
    return ("live", "regions", index) if index is not None else ("live", "regions")


def checked_at(today: date) -> datetime:
    """The moment a session is judged past from: now, or the start of `today` (UTC) when a check is run as
    of another day (`CheckOptions.today`), so that such a check gives the same findings every time."""
    now = datetime.now(timezone.utc)
    return now if now.date() == today else datetime.combine(today, time(0), timezone.utc)


def live_facts(
    prepared: Prepared, terms: list[dict[str, Any]], topics: list[dict[str, Any]], today: date
) -> dict[str, list[dict[str, Any]]]:
    """The `live` and `live_regions` collections of a draft (both empty without a live session). The post
    caption names help when a resource is attached (its lines are in the caption) or when its own text
    refers to a helpline."""
    plan = prepared.live
    if plan is None:
        return {"live": [], "live_regions": []}
    session = plan.session
    now = checked_at(today)
    about = [topic["topic"] for topic in topics if topic.get("topic")]
    session_fact = {
        "topic": session.topic,
        "host": session.host,
        "starts": session.starts.isoformat(),
        "written": session.written,
        "past": session.starts <= now,
        "hours_until": round((session.starts - now).total_seconds() / 3600, 1),
        "topics": about,
        "about_suicide": SUICIDE_TOPIC in about,
        "caption_resources": len(prepared.resources)
        + sum(1 for term in terms if term["category"] == "help-reference" and term["field"] == "post_caption"),
        "at": _at(prepared, "live", "starts"),
        "at_fields": {"caption_resources": _at(prepared, "live", "topic")},
    }
    regions = [
        {
            "region": time.region,
            "zone": time.zone,
            "city": time.city,
            "local_time": time.starts.strftime("%Y-%m-%d %H:%M"),
            "utc_offset": time.utc_offset,
            "dst": time.dst,
            "resources": plan.region_resources.get(time.region, 0),
            "at": _at(prepared, *_region_path(prepared, time.region)),
        }
        for time in plan.times
    ]
    return {"live": [session_fact], "live_regions": regions}
