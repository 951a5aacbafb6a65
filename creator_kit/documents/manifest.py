"""The manifest, `<id>.manifest.json`: what a render records about one output, as a typed model with one
writer (`write_manifest`) and one reader (`read_manifest`), both held to schemas/manifest.schema.json.

`inputs_sha256` covers everything that decides the output, so a batch can skip unchanged work; times are
in seconds. Findings are kept as `check --format json` prints them and resources as the resource directory
lists them, so the manifest reads the same to a person, a pipeline and this package.

`check` also reads manifests beside a script, which may be hand-written or from an older version: it takes
them as a `LooseManifest` (`read_loose_manifest`), looking only at the fields it uses.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from creator_kit.atomic import write_text
from creator_kit.documents.findings import Finding, findings_from_json
from creator_kit.errors import InputError, Problem
from creator_kit.inputs.sourcemap import PathKey, SourceDocument, excerpt, format_path, load_document
from creator_kit.inputs.validation import calendar_date_problem, validate
from creator_kit.resources.directory import safe_url

MANIFEST_SUFFIX = ".manifest.json"


@dataclass(frozen=True)
class ManifestWord:
    """When a word of a `words` scene is lit, in seconds on the video."""

    text: str
    start: float
    end: float


@dataclass(frozen=True)
class ManifestScene:
    index: int
    text: str
    start: float
    end: float
    words: tuple[ManifestWord, ...] | None = None
    """With a `words` transition: each word's highlight (None: no word is highlighted)."""

    def to_json(self) -> dict[str, Any]:
        scene: dict[str, Any] = {"index": self.index, "text": self.text, "start": self.start, "end": self.end}
        if self.words is not None:
            scene["words"] = [{"text": w.text, "start": w.start, "end": w.end} for w in self.words]
        return scene


@dataclass(frozen=True)
class ManifestAlignment:
    """The recording the captions were timed to: its file and how many sound tracks it has (the first is
    the one aligned)."""

    file: str
    audio_tracks: int


@dataclass(frozen=True)
class ManifestEndCard:
    """When the resources end card shows, and the link its QR code holds (None without one)."""

    start: float
    end: float
    qr_url: str | None


@dataclass(frozen=True)
class ManifestLoudness:
    """The sound track's loudness: the target it was normalised to and what the finished file measures
    (EBU R128: integrated loudness in LUFS, true peak in dBTP)."""

    target_lufs: float
    integrated_lufs: float
    true_peak_dbtp: float
    on_target: bool = True
    """False when the finished track still misses its target by more than 1 LU or peaks over the ceiling."""


@dataclass(frozen=True)
class Manifest:
    id: str
    script: str
    template: str
    platform: str
    video: str
    width: int
    height: int
    fps: int
    duration: float
    scenes: tuple[ManifestScene, ...]
    files: dict[str, str]
    """Every file of the output by kind: video, srt, vtt, caption, manifest."""
    post_caption: str
    resources: tuple[dict[str, Any], ...]
    """The attached help resources: directory entries with their name in the script's language."""
    end_card: ManifestEndCard | None
    findings: tuple[Finding, ...]
    """The guideline findings that apply to this platform."""
    inputs_sha256: str
    shaping_engine: str
    generator: str
    loudness: ManifestLoudness | None = None
    """None for a silent track, which is left silent."""
    live: dict[str, Any] | None = None
    """The live session the clip announces: its start, zone, duration, host, topic, the date as written
    for the audience and each region's local time, and when its card shows (None without one)."""
    aligned_to: ManifestAlignment | None = None
    """With a footage's plain-text captions: the clip whose speech timed them."""

    def to_json(self) -> dict[str, Any]:
        """The manifest as its file holds it (and `render --json` prints it)."""
        return {
            "id": self.id,
            "script": self.script,
            "template": self.template,
            "platform": self.platform,
            "video": self.video,
            "width": self.width,
            "height": self.height,
            "fps": self.fps,
            "duration": self.duration,
            "scenes": [scene.to_json() for scene in self.scenes],
            "files": dict(self.files),
            "post_caption": self.post_caption,
            "resources": [dict(entry) for entry in self.resources],
            "end_card": None
            if self.end_card is None
            else {"start": self.end_card.start, "end": self.end_card.end, "qr_url": self.end_card.qr_url},
            "findings": [finding.to_dict() for finding in self.findings],
            "inputs_sha256": self.inputs_sha256,
            "shaping_engine": self.shaping_engine,
            "generator": self.generator,
            "loudness": None
            if self.loudness is None
            else {
                "target_lufs": self.loudness.target_lufs,
                "integrated_lufs": self.loudness.integrated_lufs,
                "true_peak_dbtp": self.loudness.true_peak_dbtp,
                "on_target": self.loudness.on_target,
            },
            "live": None if self.live is None else dict(self.live),
        } | (
            {}
            if self.aligned_to is None
            else {
                "aligned_to": {
                    "file": self.aligned_to.file,
                    "audio_tracks": self.aligned_to.audio_tracks,
                    "track": 1,
                }
            }
        )


def write_manifest(manifest: Manifest) -> Path:
    """Write the manifest to the path it names for itself (`files["manifest"]`), atomically."""
    path = Path(manifest.files["manifest"])
    write_text(path, json.dumps(manifest.to_json(), ensure_ascii=False, indent=2) + "\n")
    return path


def manifests_json(manifests: Sequence[Manifest]) -> str:
    """What `render --json` prints: the manifest, or a list of them when there are several."""
    payload = [manifest.to_json() for manifest in manifests]
    return json.dumps(payload[0] if len(payload) == 1 else payload, ensure_ascii=False, indent=2)


def summary_lines(manifests: Sequence[Manifest]) -> list[str]:
    """What `render` prints: each output's video, length, scenes, platform and template, then its files."""
    lines = []
    for manifest in manifests:
        lines.append(
            f"{manifest.video}  {manifest.duration:.2f} s, {len(manifest.scenes)} scenes, "
            f"{manifest.platform}, template {manifest.template}"
        )
        lines += [f"  {manifest.files[kind]}" for kind in ("srt", "vtt", "caption", "cover", "manifest")]
    return lines


def manifest_from_json(data: dict[str, Any]) -> Manifest:
    """The model of a manifest's JSON object (one the schema accepted)."""
    card, loudness = data["end_card"], data.get("loudness")
    return Manifest(
        id=data["id"],
        script=data["script"],
        template=data["template"],
        platform=data["platform"],
        video=data["video"],
        width=data["width"],
        height=data["height"],
        fps=data["fps"],
        duration=data["duration"],
        scenes=tuple(
            ManifestScene(
                s["index"],
                s["text"],
                s["start"],
                s["end"],
                tuple(ManifestWord(w["text"], w["start"], w["end"]) for w in s["words"]) if "words" in s else None,
            )
            for s in data["scenes"]
        ),
        files=dict(data["files"]),
        post_caption=data["post_caption"],
        resources=tuple(data["resources"]),
        end_card=None if card is None else ManifestEndCard(card["start"], card["end"], card["qr_url"]),
        findings=findings_from_json(data["findings"]),
        inputs_sha256=data["inputs_sha256"],
        shaping_engine=data["shaping_engine"],
        generator=data["generator"],
        loudness=None
        if loudness is None
        else ManifestLoudness(
            loudness["target_lufs"],
            loudness["integrated_lufs"],
            loudness["true_peak_dbtp"],
            loudness.get("on_target", True),
        ),
        live=data.get("live"),
        aligned_to=None
        if "aligned_to" not in data
        else ManifestAlignment(data["aligned_to"]["file"], data["aligned_to"]["audio_tracks"]),
    )


def read_manifest(path: Path) -> Manifest:
    """The manifest in `path`; InputError naming the file and line when it is not one."""
    document = load_document(path)
    if not isinstance(document.data, dict):
        raise InputError.single(path, "not a creator-kit manifest (a JSON object)", line=1)
    validate(document, "manifest")
    problems = link_problems(document)
    if problems:
        raise InputError(problems)
    return manifest_from_json(document.data)


def _links(data: dict[str, Any]) -> list[tuple[PathKey, Any]]:
    """Every link a manifest holds that a page or a QR code would follow, with its path in the document."""
    links: list[tuple[PathKey, Any]] = [
        (("resources", i, "url"), entry["url"]) for i, entry in enumerate(data["resources"]) if "url" in entry
    ]
    links += [
        (("findings", i, "help_uri"), finding["help_uri"])
        for i, finding in enumerate(data["findings"])
        if "help_uri" in finding
    ]
    card = data["end_card"]
    return links + ([(("end_card", "qr_url"), card["qr_url"])] if card and card["qr_url"] is not None else [])


def link_problems(document: SourceDocument) -> list[Problem]:
    """Links read back from a manifest, held to the resource directory's rules (safe_url): an edited file
    must not put a `javascript:` link on the review page."""
    problems = []
    for key, url in _links(document.data):
        try:
            safe_url(str(url))
        except ValueError as error:
            problems.append(Problem(str(document.path), document.line_of(key), format_path(key), str(error)))
    return problems


@dataclass(frozen=True)
class LooseManifest:
    """A manifest as `check` reads one found beside a script or named on the command line: any JSON object
    (hand-written, or from an older version), of which only these fields are looked at."""

    path: Path
    platform: str | None = None
    post_caption: str | None = None
    resources: tuple[Any, ...] = ()
    """The listed resources as written (entries, links or ids)."""


def read_loose_manifest(path: Path) -> LooseManifest:
    """The manifest in `path` for `check`: InputError when it is no JSON object, or a listed resource's
    `verified_on` is no calendar date (the freshness rules would take 2025-02-30 for "never verified")."""
    document = load_document(path)
    data = document.data
    if not isinstance(data, dict):
        raise InputError.single(path, "a manifest is a JSON object", line=1)
    problems = _resource_date_problems(document)
    if problems:
        raise InputError(problems)
    platform, caption, listed = data.get("platform"), data.get("post_caption"), data.get("resources")
    return LooseManifest(
        path,
        platform if isinstance(platform, str) else None,
        caption if isinstance(caption, str) else None,
        tuple(listed) if isinstance(listed, list) else (),
    )


def script_named(path: Path) -> str | None:
    """The script a manifest named on `check`'s command line says it was rendered from, as written (None when it
    names none, or is no JSON object); what else it holds is read with the script (read_loose_manifest)."""
    data = load_document(path).data
    named = data.get("script") if isinstance(data, dict) else None
    return named if isinstance(named, str) and named else None


def _resource_date_problems(manifest: SourceDocument) -> list[Problem]:
    listed = manifest.data.get("resources")
    problems = []
    for index, entry in enumerate(listed if isinstance(listed, list) else []):
        written = entry.get("verified_on") if isinstance(entry, dict) else None
        reason = calendar_date_problem(written) if isinstance(written, str) else None
        if reason:
            key = ("resources", index, "verified_on")
            message = f"{excerpt(written)} is not a calendar date ({reason})"
            problems.append(
                Problem(str(manifest.path), manifest.line_of(key), f"resources[{index}].verified_on", message)
            )
    return problems
