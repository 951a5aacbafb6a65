"""The topics a draft touches, from its term facts: mentions, help, hope, and whether it tells a personal story.

A topic item counts what safe-messaging rules ask of a draft about suicide or
self-harm: help given (resources and helplines in the text); hope, coping or
help-seeking messages in the author's own voice (an attached resource card
alone is none); mentions that tell the writer's own experience (a mention with
a `personal` term a few words from it: "I tried to end my life", «صاحبي
انتحر»), and content notes at the start (title, first scene, first line of the
post caption, or any scene before the story's first personal mention).
Hashtags are not read for hope: the campaign hashtag is on every post. A
phrase quoted to correct it (a guideline: we don't say 'committed suicide')
is named, not used: it makes no mention. Pure functions over the facts' `terms`.
"""

from __future__ import annotations

from typing import Any

HOPE_CATEGORIES = ("hope", "coping", "help-seeking", "help-reference")
"""Categories that are a hope, coping or help-seeking message (a helpline given with a call to use it is one)."""
HELP_CATEGORIES = ("help-reference", "help-service")
"""Help given in the text: a helpline or a link, or a service or professional named (`help-service`: help, but
no message of hope on its own: the viewer is told where, not that it can get better)."""
PERSONAL_REACH = 4
"""A mention tells a personal story when a `personal` term stands at most this many words from it."""
_READ_BEFORE_SCENES = -1
_READ_AFTER_SCENES = 1_000_000
"""Reading places of the title (before every scene) and of the post caption and hashtags (after them)."""


def _own(term: dict[str, Any]) -> bool:
    return bool(term["use"] == "own")


def _is_personal(term: dict[str, Any]) -> bool:
    distance = term["distances"].get("personal")
    return _own(term) and distance is not None and distance <= PERSONAL_REACH and "prevention" not in term["inside"]


def _reading_order(term: dict[str, Any]) -> tuple[int, int]:
    """Where a term is read: title first, then scenes in order (the post caption and hashtags after)."""
    if term["field"] == "title":
        return _READ_BEFORE_SCENES, term["at"].get("offset", 0)
    place = term["scene"] if term["field"] == "scenes" else _READ_AFTER_SCENES
    return place, term["at"].get("offset", 0)


def _notes_at_start(terms: list[dict[str, Any]], story: dict[str, Any] | None) -> int:
    """Content notes in a headline place, or read before the story's first personal mention."""
    notes = [t for t in terms if t["category"] == "content-note" and _own(t)]
    start = _reading_order(story) if story else None
    return sum(1 for note in notes if note["headline"] or (start is not None and _reading_order(note) < start))


def _in_content_note(term: dict[str, Any]) -> bool:
    return "content-note" in term["distances"] or "content-note" in term["inside"]


def _skip_content_notes(found: dict[str, Any], terms: list[dict[str, Any]]) -> None:
    """A topic's first mention is where the draft starts to speak of it: a content note names the topic to
    warn ("CW: suicide"), so the first mention outside one is shown when there is one."""
    mentions = [
        t for t in terms if t["topic"] == found["topic"] and t["use"] != "correction" and not _in_content_note(t)
    ]
    if mentions:
        first = min(mentions, key=_reading_order)
        found["first_mention"], found["at"] = first["match"], first["at"]


def topic_facts(terms: list[dict[str, Any]], resources: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One item per topic the terms touch (see schemas/facts.schema.json, `topic`)."""
    help_references = sum(
        1 for term in terms if term["category"] in HELP_CATEGORIES and not (set(HELP_CATEGORIES) & set(term["inside"]))
    )
    hope = sum(1 for t in terms if t["category"] in HOPE_CATEGORIES and _own(t) and t["field"] != "hashtags")
    topics: dict[str, dict[str, Any]] = {}
    for term in terms:
        topic = term["topic"]
        if not topic or term["use"] == "correction":  # a phrase named to correct it (a guideline quoted) is no mention
            continue
        if topic not in topics:
            topics[topic] = {
                "topic": topic,
                "mentions": 0,
                "first_mention": term["match"],
                "resources": len(resources),
                "help_references": help_references,
                "help": len(resources) + help_references,
                "hope_messages": hope,
                "personal_mentions": 0,
                "content_notes": 0,
                "at": term["at"],
            }
        found = topics[topic]
        found["mentions"] += 1
        if _is_personal(term):
            found["personal_mentions"] += 1
            if found["personal_mentions"] == 1:
                found["first_personal"] = term
    for found in topics.values():
        _skip_content_notes(found, terms)
        story = found.pop("first_personal", None)
        found["content_notes"] = _notes_at_start(terms, story)
        if story is not None:
            found["at_fields"] = {"content_notes": story["at"], "personal_mentions": story["at"]}
    return list(topics.values())
