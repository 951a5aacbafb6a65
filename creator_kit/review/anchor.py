"""Findings placed where a reviewer looks for them: beside their scene, the post captions or the resources."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from creator_kit.documents.findings import Finding, sorted_findings
from creator_kit.review.model import Tile

_SCENE_FIELD = re.compile(r"scenes\[(\d+)\]")
_CAPTION_FIELDS = ("post_caption", "hashtags")


@dataclass(frozen=True)
class Anchored:
    tiles: tuple[Tile, ...]
    captions: tuple[Finding, ...]
    resources: tuple[Finding, ...]
    other: tuple[Finding, ...]


def _place(finding: Finding, tiles: tuple[Tile, ...]) -> int | str:
    """The tile number a finding is about, or the section ("captions", "resources", "other")."""
    field = finding.field or ""
    scene = _SCENE_FIELD.match(field)
    if scene:
        number = next((n for n, t in enumerate(tiles) if t.kind == "scene" and t.index == int(scene.group(1))), None)
        return "other" if number is None else number
    if field == "title":
        return next((n for n, t in enumerate(tiles) if t.kind == "intro"), "other")
    if field == "live" or field.startswith("live."):
        return next((n for n, t in enumerate(tiles) if t.kind == "live"), "other")
    if field.split(".")[0].split("[")[0] in _CAPTION_FIELDS:
        return "captions"
    if field.startswith("resources"):
        return "resources"
    return "other"


def anchor(tiles: tuple[Tile, ...], findings: list[Finding]) -> Anchored:
    """Each finding given to the tile of the scene (or title card) its field names, else to a section."""
    placed: dict[int | str, list[Finding]] = {}
    for finding in sorted_findings(findings):
        placed.setdefault(_place(finding, tiles), []).append(finding)
    return Anchored(
        tiles=tuple(replace(tile, findings=tuple(placed.get(number, ()))) for number, tile in enumerate(tiles)),
        captions=tuple(placed.get("captions", ())),
        resources=tuple(placed.get("resources", ())),
        other=tuple(placed.get("other", ())),
    )
