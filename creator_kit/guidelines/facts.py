"""A draft -> its facts: a plain JSON document that guideline rules are evaluated on.

The facts say what a reviewer would measure: scene texts and timings,
reading speed, caption lines, text/background contrast, where text sits on
the canvas, each platform's post (caption length, hashtags, duration), the
statistics and lexicon terms in the text, the topics it touches and the help
resources attached. The shape is documented by schemas/facts.schema.json.

Every item that a rule can select carries `at`: the file, the path of the
value inside it (as jsonschema reports paths) and, for a word inside a text,
its character offset and length, so a finding maps back to a line and column.
Items whose fields are written in different places also carry `at_fields`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import numpy as np
import regex
from PIL import Image

from creator_kit.documents.manifest import LooseManifest
from creator_kit.guidelines.context import Context, Placed, term_contexts
from creator_kit.guidelines.lexicon import Matcher, TermMatch
from creator_kit.guidelines.live_facts import live_facts
from creator_kit.guidelines.locate import value_at
from creator_kit.guidelines.proximity import last_sentence
from creator_kit.guidelines.topics import topic_facts
from creator_kit.inputs.script import Script
from creator_kit.inputs.sourcemap import PathKey
from creator_kit.planning.cards import DEFAULT_OUTRO_TEXT
from creator_kit.planning.end_card import heading_languages, manifest_entry, qr_url
from creator_kit.planning.platforms import CAPTION_LENGTH_UNITS, PLATFORMS, REFERENCE_SIZE, caption_length
from creator_kit.planning.post_caption import compose_post_caption
from creator_kit.planning.readability import lowest_contrast
from creator_kit.planning.timeline import Event
from creator_kit.text.draw import text_bounds
from creator_kit.text.layout import TextLayout
from creator_kit.text.style import RGBA, TextStyle

if TYPE_CHECKING:
    from creator_kit.planning.plan import Prepared

CONTRAST_SAMPLE = 4
"""The background under the text is averaged over 4x4-pixel blocks before the lowest contrast
is taken, so that single noisy pixels of a photo do not decide the ratio."""

CAPTION_LINE_WIDTH = 42
"""A caption event the author did not break into lines is laid out as a caption formatter does:
wrapped at spaces to lines of at most this many characters (Netflix timed-text guides)."""

_GRAPHEME = regex.compile(r"\X")
_WORD = regex.compile(r"\S+")
_HASHTAG = regex.compile(r"#[\p{L}\p{M}\p{N}_]+")


@dataclass(frozen=True)
class Draft:
    """Everything facts are computed from: the prepared script, its painted backdrop and what a render left."""

    prepared: Prepared
    backdrop: Image.Image
    platforms: tuple[str, ...]
    today: date
    manifests: tuple[LooseManifest, ...] = ()
    """Rendered manifests found beside the script or given on the command line."""


def at(file: Path | str, *path: str | int, offset: int | None = None, length: int | None = None) -> dict[str, Any]:
    """A fact's location: its file, the path of its value there, and a span inside a text value."""
    location: dict[str, Any] = {"file": str(file), "path": list(path)}
    if offset is not None:
        location["offset"] = offset
        location["length"] = length or 0
    return location


def count_characters(text: str) -> int:
    """Characters as a reader sees them: grapheme clusters, each run of white space counted once."""
    return len(_GRAPHEME.findall(" ".join(text.split())))


def caption_event_lines(text: str, width: int = CAPTION_LINE_WIDTH) -> list[tuple[int, int]]:
    """The lines of a caption event as (start, end) offsets in `text`: the author's own line
    breaks when the text has any, else the words wrapped to lines of at most `width` characters
    (a single longer word makes a longer line)."""
    if "\n" in text.strip():
        lines, offset = [], 0
        for line in text.split("\n"):
            words = list(_WORD.finditer(line))
            if words:
                lines.append((offset + words[0].start(), offset + words[-1].end()))
            offset += len(line) + 1
        return lines
    lines, current = [], None
    for word in _WORD.finditer(text):
        if current and count_characters(text[current[0] : word.end()]) > width:
            lines.append(current)
            current = None
        current = (current[0] if current else word.start(), word.end())
    return lines + [current] if current else lines


def text_contrast(backdrop: Image.Image, style: TextStyle, bounds: tuple[int, int, int, int]) -> float | None:
    """Lowest contrast between the text colour and the backdrop under the text's bounds (averaged over
    CONTRAST_SAMPLE-pixel blocks), as planning/readability.py measures it."""
    left, top = max(0, bounds[0]), max(0, bounds[1])
    right, bottom = min(backdrop.width, bounds[2]), min(backdrop.height, bounds[3])
    if right <= left or bottom <= top:
        return None
    region = backdrop.crop((left, top, right, bottom)).convert("RGB")
    if region.width >= CONTRAST_SAMPLE and region.height >= CONTRAST_SAMPLE:
        region = region.reduce(CONTRAST_SAMPLE)
    return lowest_contrast(style, np.asarray(region, dtype=np.float64))


def _reference_box(bounds: tuple[int, int, int, int], canvas: tuple[int, int]) -> dict[str, float]:
    """Boxes are reported in pixels of a 1080x1920 canvas, the size platform safe zones are given in."""
    scale_x, scale_y = REFERENCE_SIZE[0] / canvas[0], REFERENCE_SIZE[1] / canvas[1]
    return {
        "left": round(bounds[0] * scale_x, 1),
        "top": round(bounds[1] * scale_y, 1),
        "right": round(bounds[2] * scale_x, 1),
        "bottom": round(bounds[3] * scale_y, 1),
    }


def _hex(color: RGBA) -> str:
    return "#" + "".join(f"{c:02X}" for c in color[:3])


def _raw_text(script: Script, *path: str | int) -> str | None:
    """A text as the file holds it (scene texts in Script are stripped; offsets are into this)."""
    value = value_at(script.document.data, path)
    return value if isinstance(value, str) else None


def _event_location(event: Event, prepared: Prepared) -> dict[str, Any]:
    script, template = prepared.script, prepared.template
    if event.kind == "scene":
        return at(script.path, "scenes", event.index, "text")
    if event.kind in ("resources", "live"):
        return at(script.path, event.kind)
    card = template.intro if event.kind == "intro" else template.outro
    if script.language in card.text:
        return at(template.path, event.kind, "text", script.language)
    if event.kind == "intro":
        return at(script.path, "title")
    return at(template.path, event.kind)


def _card_language(event: Event, prepared: Prepared) -> str:
    """The language an event's text is written in: a card shows the script's language when its
    template (or the shipped end card heading) has a text for it, else the English one."""
    script, template = prepared.script, prepared.template
    if event.kind == "outro" and template.outro.text:
        return script.language if script.language in template.outro.text else "en"
    if event.kind == "outro":
        return script.language if script.language in DEFAULT_OUTRO_TEXT else "en"
    if event.kind == "intro" and template.intro.text and script.language not in template.intro.text:
        return "en"
    if event.kind == "resources" and script.language not in heading_languages():
        return "en"
    return script.language


def _scene_facts(prepared: Prepared) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    script = prepared.script
    scenes, caption_lines = [], []
    for event in prepared.timeline.scenes:
        scene = script.scenes[event.index]
        duration = round(event.end - event.start, 3)
        characters = count_characters(event.text)
        raw = _raw_text(script, "scenes", event.index, "text") or event.text
        lines = [(start, end, count_characters(raw[start:end])) for start, end in caption_event_lines(raw)]
        entry = {
            "index": event.index,
            "text": event.text,
            "language": script.language,
            "start": event.start,
            "end": event.end,
            "duration": duration,
            "characters": characters,
            "reading_speed": round(characters / duration, 2) if duration else None,
            "line_count": len(lines),
            "longest_line": max((length for _, _, length in lines), default=0),
            "broken_by_author": "\n" in raw.strip(),
            "source": scene.source,
            "at": at(script.path, "scenes", event.index, "text"),
        }
        if scene.duration is not None:
            entry["at_fields"] = {"duration": at(script.path, "scenes", event.index, "duration")}
        scenes.append(entry)
        caption_lines += [
            {
                "scene": event.index,
                "line": number,
                "text": raw[start:end],
                "characters": length,
                "at": at(script.path, "scenes", event.index, "text", offset=start, length=end - start),
            }
            for number, (start, end, length) in enumerate(lines, start=1)
        ]
    return scenes, caption_lines


def _event_facts(
    prepared: Prepared, backdrop: Image.Image, platforms: tuple[str, ...]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    template = prepared.template
    canvas = (template.canvas.width, template.canvas.height)
    events: list[dict[str, Any]] = []
    boxes: list[dict[str, Any]] = []
    readability = prepared.readability or (None,) * len(prepared.layouts)
    for number, (event, layout) in enumerate(zip(prepared.timeline.events, prepared.layouts, strict=True)):
        if event.kind == "footage":
            continue
        style, measured = prepared.style_at(number), readability[number]
        bounds = _bounds(layout, style)
        location = _event_location(event, prepared)
        box = _reference_box(bounds, canvas) if bounds else None
        events.append(
            {
                "kind": event.kind,
                "index": event.index,
                "text": event.text,
                "language": _card_language(event, prepared),
                "script_language": prepared.script.language,
                "in_script_language": _card_language(event, prepared) == prepared.script.language,
                "font_size": layout.size,
                "fill": _hex(style.fill),
                "contrast_ratio": measured.contrast
                if measured
                else text_contrast(backdrop, style, bounds)
                if bounds
                else None,
                "contrast_minimum": measured.minimum if measured else None,
                "contrast_measured_on": measured.measured_on if measured else "backdrop",
                "readability": measured.treatment if measured else "none",
                "box": box,
                "at": location,
            }
        )
        if box is not None:
            boxes.extend(
                {"platform": platform, "kind": event.kind, "index": event.index, "box": box, "at": location}
                for platform in platforms
            )
    if canvas[0] * REFERENCE_SIZE[1] != canvas[1] * REFERENCE_SIZE[0]:
        # Other shapes (feed posts, landscape) play without the short-video buttons over them: no safe zone.
        return events, []
    return events, boxes + _overlay_boxes(prepared, platforms)


def _overlay_boxes(prepared: Prepared, platforms: tuple[str, ...]) -> list[dict[str, Any]]:
    """The logo's box, and the end card's QR code when resources are attached, once per platform."""
    template = prepared.template
    canvas = (template.canvas.width, template.canvas.height)
    overlays = []
    if template.logo is not None:
        x, y, width, height = template.logo.rectangle(canvas)
        overlays.append(("logo", (x, y, x + width, y + height), at(template.path, "logo")))
    qr = template.end_card.qr
    if qr_url(prepared.resources) and qr:
        overlays.append(("qr", (qr.x, qr.y, qr.x + qr.size, qr.y + qr.size), at(template.path, "end_card", "qr")))
    return [
        {"platform": platform, "kind": kind, "index": -1, "box": _reference_box(bounds, canvas), "at": where}
        for kind, bounds, where in overlays
        for platform in platforms
    ]


def _bounds(layout: TextLayout, style: TextStyle) -> tuple[int, int, int, int] | None:
    return text_bounds(layout, style) if layout.lines else None


def hashtags_in(text: str) -> list[str]:
    return [tag.rstrip("_") for tag in _HASHTAG.findall(text)]


def sound_sources(script: Script) -> int:
    """How many sounds the video's track mixes: music, the footage's own sound, voice-overs and scene videos
    that keep their sound. 0: the render is silent."""
    footage = 1 if script.footage is not None and script.footage.has_audio else 0
    voices = sum(1 for scene in script.scenes if scene.voice is not None)
    media = sum(1 for scene in script.scenes if scene.media is not None and scene.media.sound)
    return (1 if script.music else 0) + footage + voices + media


def _platform_key(data: dict[str, Any]) -> tuple[str, ...]:
    """Where the script names its platforms (nowhere: the default platform, reported at the top)."""
    return next(((key,) for key in ("platforms", "platform") if key in data), ())


def _post_facts(draft: Draft) -> list[dict[str, Any]]:
    script, timeline = draft.prepared.script, draft.prepared.timeline
    data = script.document.data
    sounds = sound_sources(script)
    by_platform = {m.platform: m for m in draft.manifests}
    hashtags_key = ("hashtags",) if "hashtags" in data else ("post_caption",) if "post_caption" in data else ()
    posts = []
    for platform in draft.platforms:
        manifest = by_platform.get(platform)
        if manifest is not None and manifest.post_caption is not None:
            caption = manifest.post_caption
            caption_at = at(manifest.path, "post_caption")
        else:
            caption = compose_post_caption(script.post_caption, script.hashtags)
            caption_at = at(script.path, *(("post_caption",) if "post_caption" in data else hashtags_key))
        unit = CAPTION_LENGTH_UNITS.get(platform, "code-points")
        tags = list(dict.fromkeys(hashtags_in(caption)))
        known = PLATFORMS.get(platform)
        posts.append(
            {
                "platform": platform,
                "platform_title": known.title if known else platform,
                "caption": caption,
                "caption_length": caption_length(caption.strip(), unit),
                "caption_length_unit": unit,
                "hashtags": tags,
                "hashtag_count": len(tags),
                "duration": timeline.duration,
                "sound_sources": sounds,
                "at": caption_at,
                "at_fields": {
                    "hashtags": at(script.path, *hashtags_key),
                    "hashtag_count": at(script.path, *hashtags_key),
                    "duration": at(script.path, "scenes"),
                    "sound_sources": at(script.path, *_platform_key(data)),
                },
            }
        )
    return posts


def _texts(script: Script) -> list[tuple[str, tuple[str | int, ...]]]:
    """Every text of the script that words are looked for in, with its path."""
    data = script.document.data
    paths: list[tuple[str | int, ...]] = [("title",)]
    paths += [("scenes", i, "text") for i in range(len(data.get("scenes", [])))]
    paths += [("post_caption",), ("live", "topic")]
    paths += [("hashtags", i) for i in range(len(data.get("hashtags", []) or []))]
    return [(text, path) for path in paths if (text := _raw_text(script, *path))]


def _in_headline(path: PathKey, text: str, offset: int) -> bool:
    """Whether a term is in the title, the first scene (the hook) or the first line of the post caption."""
    if path[0] == "post_caption":
        return "\n" not in text[:offset].lstrip()
    return path[0] == "title" or path[:2] == ("scenes", 0)


def _context(found: list[tuple[int, TermMatch]], texts: list[tuple[str, PathKey]]) -> list[Context]:
    """What stands next to each found term (context.py); scenes are read in order, each after the one before."""
    scenes = [number for number, (_, path) in enumerate(texts) if path[0] == "scenes"]
    placed = [
        Placed(
            number,
            match.sentence,
            match.first_word,
            match.last_word,
            tuple(label for label in (match.entry.category, match.entry.topic) if label),
            match.use == "own",
            texts[number][0][: match.start].count("\n"),
        )
        for number, match in found
    ]
    return term_contexts(
        placed, dict(zip(scenes[1:], scenes)), {number: last_sentence(text) for number, (text, _) in enumerate(texts)}
    )


def _term_facts(
    script: Script, found: list[tuple[int, TermMatch]], texts: list[tuple[str, PathKey]]
) -> list[dict[str, Any]]:
    draft_topics = sorted({m.entry.topic for _, m in found if m.entry.topic and m.use == "own"})
    facts = []
    for (number, match), context in zip(found, _context(found, texts), strict=True):
        text, path = texts[number]
        facts.append(
            {
                "category": match.entry.category,
                "term": match.term,
                "match": match.text,
                "language": match.entry.language,
                "suggestion": match.entry.suggestion,
                "note": match.entry.note,
                "topic": match.entry.topic,
                "use": match.use,
                "field": path[0],
                "scene": path[1] if path[0] == "scenes" else None,
                "headline": _in_headline(path, text, match.start),
                "sentence": match.sentence,
                "sentence_position": match.first_word - match.sentence_start,
                "distances": context.distances,
                "inside": list(context.inside),
                "previous": list(context.previous),
                "next": list(context.next),
                "draft_topics": draft_topics,
                "at": at(script.path, *path, offset=match.start, length=match.end - match.start),
            }
        )
    return facts


def _statistic_facts(script: Script, matcher: Matcher, terms: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Statistics in scene texts; one is sourced by the scene's `source` or by a source named in its text
    ("WHO estimates", «حسب تقرير»)."""
    cited = {term["scene"] for term in terms if term["category"] == "statistic-source" and term["field"] == "scenes"}
    statistics = []
    for scene in script.scenes:
        raw = _raw_text(script, "scenes", scene.index, "text") or scene.text
        for start, end in matcher.find_statistics(raw):
            statistics.append(
                {
                    "scene": scene.index,
                    "text": raw[start:end],
                    "source": scene.source,
                    "sourced": bool(scene.source) or scene.index in cited,
                    "at": at(script.path, "scenes", scene.index, "text", offset=start, length=end - start),
                }
            )
    return statistics


def _verified_on(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _resource(entry: Any, location: dict[str, Any], today: date) -> dict[str, Any]:
    """One attached resource. A bare string is a link when it looks like one, else a reference to the
    resource directory, whose entries are checked where they are kept."""
    if isinstance(entry, str):
        is_link = "://" in entry or entry.startswith("www.")
        entry = {"url": entry} if is_link else {"id": entry}
        reference_only = not is_link
    else:
        entry = entry if isinstance(entry, dict) else {}
        reference_only = False
    url = entry.get("url") if isinstance(entry.get("url"), str) and entry.get("url") else None
    phones = entry.get("phones")
    phone = entry.get("phone") or entry.get("number")
    if not phone and isinstance(phones, list):
        phone = " / ".join(map(str, phones))
    phone = str(phone) if phone else None
    written = entry.get("verified_on")
    verified = _verified_on(written)
    name = next((str(entry[key]) for key in ("name", "service", "title", "id") if entry.get(key)), None)
    return {
        "name": name or url or phone or "resource",
        "url": url,
        "scheme": urlsplit(url).scheme.lower() if url else None,
        "phone": phone,
        "verified_on": verified.isoformat() if verified else (str(written) if written else None),
        "verified_days_ago": (today - verified).days if verified else None,
        "reference_only": reference_only,
        "at": location,
    }


def _resource_facts(draft: Draft) -> list[dict[str, Any]]:
    script = draft.prepared.script
    sources: list[tuple[Any, dict[str, Any]]] = [
        (manifest_entry(resource, script.language), at(script.path, "resources"))
        for resource in draft.prepared.resources
    ]
    for manifest in draft.manifests:
        sources += [(entry, at(manifest.path, "resources", i)) for i, entry in enumerate(manifest.resources)]
    resources, seen = [], set()
    for entry, location in sources:
        fact = _resource(entry, location, draft.today)
        identity = (fact["name"], fact["url"], fact["phone"], fact["verified_on"])
        if identity not in seen:
            seen.add(identity)
            resources.append(fact)
    return resources


def compute_facts(draft: Draft, matcher: Matcher) -> dict[str, Any]:
    """The facts document of a draft (see schemas/facts.schema.json)."""
    prepared = draft.prepared
    script, template = prepared.script, prepared.template
    scenes, caption_lines = _scene_facts(prepared)
    events, text_boxes = _event_facts(prepared, draft.backdrop, draft.platforms)
    texts = _texts(script)
    found = [
        (number, match)
        for number, matches in enumerate(matcher.find_terms_in([t for t, _ in texts]))
        for match in matches
    ]
    terms = _term_facts(script, found, texts)
    resources = _resource_facts(draft)
    topics = topic_facts(terms, resources)
    return {
        "script": {
            "id": script.id,
            "file": str(script.path),
            "language": script.language,
            "title": script.title,
            "platforms": list(draft.platforms),
        },
        "template": {"name": template.name, "file": str(template.path)},
        "canvas": {"width": template.canvas.width, "height": template.canvas.height},
        "duration": prepared.timeline.duration,
        "scenes": scenes,
        "caption_lines": caption_lines,
        "events": events,
        "text_boxes": text_boxes,
        "posts": _post_facts(draft),
        "statistics": _statistic_facts(script, matcher, terms),
        "terms": terms,
        "topics": topics,
        "resources": resources,
        "manifests": [str(m.path) for m in draft.manifests],
        **live_facts(prepared, terms, topics, draft.today),
    }
