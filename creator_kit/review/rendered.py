"""Clips from a batch output folder: what was rendered, read from its report, manifests and videos.

Items of one script, language and template share their frames (batch encodes
them once), so they are one clip, with a post caption and a video per platform.
Tiles are frames cut from the middle of each scene (and card) of the video.
A failed item, or one whose files are gone, is a problem: there is nothing to approve. Each item carries
its digest and review state, and each clip the decisions recorded about it (OUT/review-decisions.json), so
a second round of review sees the first.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

from creator_kit.batch.folder import open_batch
from creator_kit.batch.review_states import review_states
from creator_kit.documents.decisions import Decision, DecisionKind, SceneNote, read_record
from creator_kit.documents.manifest import Manifest
from creator_kit.errors import CreatorKitError, InputError, Problem
from creator_kit.inputs.template import EventKind
from creator_kit.planning.end_card import name_without_phones
from creator_kit.review.anchor import anchor
from creator_kit.review.model import Clip, ClipItem, LiveView, PastDecision, ResourceView, Tile
from creator_kit.review.planned import caption_view, is_stale
from creator_kit.review.thumbnails import data_uri, video_frame

_CARD_SECONDS = 0.05
"""A gap between the scenes and the end of the video shorter than this is no card."""


@dataclass(frozen=True)
class RenderedItem:
    key: str
    platform: str
    manifest: Manifest
    video: Path


def _events(manifest: Manifest) -> list[tuple[EventKind, int, float, float, str]]:
    """(kind, index, start, end, text) of what the video shows: cards around the manifest's scenes."""
    scenes, card = manifest.scenes, manifest.end_card
    live = manifest.live["card"] if manifest.live else None
    events: list[tuple[EventKind, int, float, float, str]] = []
    title_end = live["start"] if live else scenes[0].start if scenes else 0.0
    if title_end > _CARD_SECONDS:
        events.append(("intro", -1, 0.0, title_end, ""))
    if live:
        events.append(("live", -1, live["start"], live["end"], ""))
    events += [("scene", s.index, s.start, s.end, s.text) for s in scenes]
    last = scenes[-1].end if scenes else 0.0
    outro_end = card.start if card else manifest.duration
    if outro_end - last > _CARD_SECONDS:
        events.append(("outro", -1, last, outro_end, ""))
    if card:
        events.append(("resources", -1, card.start, card.end, ""))
    return events


def _resource(entry: dict[str, Any], today: date) -> ResourceView:
    verified = entry.get("verified_on")
    phones = tuple(entry.get("phones", ()))
    return ResourceView(
        name_without_phones(entry.get("name") or entry.get("id", ""), phones),
        entry.get("source", ""),
        entry.get("url"),
        phones,
        verified,
        is_stale(date.fromisoformat(verified) if verified else None, today),
    )


def relative_link(target: Path, page_folder: Path) -> str:
    """`target` as a URL relative to the page, so that the link survives moving the folder as a whole."""
    return quote(Path(os.path.relpath(target.resolve(), page_folder.resolve())).as_posix())


def _history(items: list[RenderedItem], record: tuple[Decision, ...]) -> tuple[PastDecision, ...]:
    """The decisions recorded about the clip's items, those made together (the same decision, reviewer,
    time and notes on several platforms) shown once, with their platforms."""
    digests = {item.key: item.manifest.inputs_sha256 for item in items}
    platforms = {item.key: item.platform for item in items}
    grouped: dict[tuple[DecisionKind, str, str, str, tuple[SceneNote, ...], bool], list[str]] = {}
    for decision in record:
        if decision.clip not in digests:
            continue
        current = decision.inputs_sha256 == digests[decision.clip]
        same = (decision.decision, decision.reviewer, decision.time, decision.note, decision.scene_notes, current)
        grouped.setdefault(same, []).append(platforms[decision.clip])
    return tuple(
        PastDecision(decision, reviewer, time, note, scene_notes, tuple(shown), current)
        for (decision, reviewer, time, note, scene_notes, current), shown in grouped.items()
    )


def rendered_clip(
    items: list[RenderedItem],
    language: str,
    page_folder: Path,
    today: date,
    record: tuple[Decision, ...] = (),
) -> Clip:
    """One clip from the items sharing its video: frames of the first video, every platform's caption,
    its items' review states and the decisions recorded about them."""
    first = items[0]
    tiles = tuple(
        Tile(kind, index, start, end, text, data_uri(video_frame(first.video, (start + end) / 2)))
        for kind, index, start, end, text in _events(first.manifest)
    )
    findings = [finding for item in items for finding in item.manifest.findings]
    placed = anchor(tiles, findings)
    states = review_states({item.key: item.manifest.inputs_sha256 for item in items}, record)
    return Clip(
        key=first.key.rsplit(".", 1)[0],
        title=first.manifest.id,
        script=first.manifest.script,
        language=language,
        template=first.manifest.template,
        tiles=placed.tiles,
        captions=tuple(
            caption_view(item.platform, item.manifest.post_caption, relative_link(item.video, page_folder))
            for item in items
        ),
        resources=tuple(_resource(r, today) for r in first.manifest.resources),
        caption_findings=placed.captions,
        resource_findings=placed.resources,
        other_findings=placed.other,
        rendered=True,
        items=tuple(ClipItem(item.key, item.platform, item.manifest.inputs_sha256, states[item.key]) for item in items),
        history=_history(items, record),
        live=LiveView.from_json(first.manifest.live) if first.manifest.live else None,
    )


def batch_clips(folder: Path, page_folder: Path, today: date) -> tuple[list[Clip], list[Problem]]:
    """The clips of a batch output folder, and a problem for each item that cannot be shown (and for a
    review record that cannot be read: the clips are then shown without their decisions)."""
    batch = open_batch(folder)
    problems: list[Problem] = []
    try:
        record = read_record(folder)
    except InputError as error:
        record, problems = (), list(error.problems)
    groups: dict[tuple[str, str | None, str | None], list[RenderedItem]] = {}
    for entry in batch.report.items:
        render = batch.renders[entry.key]
        if render.problem is not None or render.manifest is None:
            problems += [render.problem] if render.problem else []
            continue
        video = folder / f"{entry.key}.mp4"
        groups.setdefault((entry.script, entry.language, entry.template), []).append(
            RenderedItem(entry.key, entry.platform or "", render.manifest, video)
        )
    clips = []
    for (_, language, _), items in groups.items():
        try:
            clips.append(rendered_clip(items, language or "", page_folder, today, record))
        except InputError as error:
            problems += error.problems
        except (CreatorKitError, KeyError, TypeError, ValueError) as error:
            problems.append(
                Problem(str(folder / f"{items[0].key}.manifest.json"), None, None, f"cannot be shown: {error}")
            )
    return clips, problems
