"""The render pipeline: script file -> validated models -> timeline -> frames -> output files."""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from creator_kit import __version__
from creator_kit.atomic import atomic_path, prepare_output_folder, write_text
from creator_kit.captions import compose_platform_caption, to_srt, to_webvtt
from creator_kit.end_card import caption_lines, card_text, manifest_entry, qr_overlay, qr_url
from creator_kit.errors import CaptionDoesNotFit, InputError, Problem, TextDoesNotFit, UndrawableText
from creator_kit.guidelines.check import check_prepared, stop_on_errors
from creator_kit.guidelines.findings import Finding
from creator_kit.guidelines.ruleset import load_guidelines
from creator_kit.resources import Resource, load_directory, select
from creator_kit.script import Script, load_script
from creator_kit.template import Template, load_template
from creator_kit.text.layout import TextLayout, fit_text
from creator_kit.text.shaping import select_engine
from creator_kit.timeline import Segment, Timeline, build_timeline
from creator_kit.encoder import EncodeSettings, encode
from creator_kit.video import EventPicture, FrameSource, paint_backdrop, paint_event

DEFAULT_OUTRO_TEXT = {
    "ar": "لست وحدك. تحدّث مع من تثق به.",
    "en": "You are not alone. Talk to someone you trust.",
}


@dataclass(frozen=True)
class RenderOptions:
    out_dir: Path = Path("out")
    template: str | None = None
    language: str | None = None
    platforms: tuple[str, ...] = ()
    shaper: str | None = None
    encode: EncodeSettings = field(default_factory=EncodeSettings)
    force: bool = False
    resource_files: tuple[Path, ...] = ()
    progress: bool = False


@dataclass(frozen=True)
class Prepared:
    """Everything decided before encoding: models, timing and the text laid out per event."""

    script: Script
    template: Template
    timeline: Timeline
    layouts: tuple[TextLayout, ...]
    engine: str
    resources: tuple[Resource, ...] = ()
    resource_files: tuple[Path, ...] = ()


def _segments(script: Script, template: Template, resources: tuple[Resource, ...]) -> list[Segment]:
    segments = []
    if template.intro.duration > 0:
        title = template.intro.text.get(script.language, script.title)
        if template.intro.hashtags and script.hashtags:
            title = f"{title}\n{' '.join(script.hashtags)}"
        segments.append(Segment("intro", -1, title, template.intro.duration))
    segments += [Segment("scene", s.index, s.text, s.duration) for s in script.scenes]
    if template.outro.duration > 0:
        text = template.outro.text.get(script.language) or DEFAULT_OUTRO_TEXT.get(
            script.language, DEFAULT_OUTRO_TEXT["en"])
        if template.outro.hashtags and script.hashtags:
            text = f"{text}\n{' '.join(script.hashtags)}"
        segments.append(Segment("outro", -1, text, template.outro.duration))
    if resources:
        segments.append(Segment("resources", -1, card_text(resources, script.language),
                                template.end_card.duration))
    return segments


def attached_resources(script: Script, options: RenderOptions) -> tuple[tuple[Resource, ...], tuple[Path, ...]]:
    """The resources the script selects from the directory (with --resources and its own file applied),
    and the directory files they were read from."""
    if script.resources is None:
        return (), ()
    extra = options.resource_files + ((script.resources.directory,) if script.resources.directory else ())
    directory = load_directory(extra)
    return tuple(select(directory, script.resources)), directory.files


def prepare(script_path: Path, options: RenderOptions) -> Prepared:
    """Load and validate the script and template, time the scenes and fit every text."""
    engine = select_engine(options.shaper)
    script = load_script(script_path, options.template, options.language)
    template = load_template(script.template_path)
    if script.digits:
        template = template.with_digits(script.digits)
    resources, resource_files = attached_resources(script, options)
    timeline = build_timeline(_segments(script, template, resources), template.canvas.fps)
    layouts, problems = [], []
    for event in timeline.events:
        style = template.style_for(event.kind)
        try:
            layouts.append(fit_text(event.text, style, engine))
        except (TextDoesNotFit, UndrawableText) as error:
            if event.kind == "scene":
                scene = script.scenes[event.index]
                problems.append(Problem(str(script.path), scene.line, f"scenes[{event.index}].text", str(error)))
            elif event.kind == "resources":
                problems.append(Problem(str(script.path), script.document.line_of(("resources",)), "resources",
                                        f"the end card cannot hold {len(resources)} resources: {error}"))
            else:
                problems.append(Problem(str(template.path), None, f"{event.kind} card", str(error)))
    if problems:
        raise InputError(problems)
    return Prepared(script, template, timeline, tuple(layouts), engine, resources, resource_files)


def paint_events(prepared: Prepared, backdrop: Image.Image | None = None) -> tuple[np.ndarray, list[EventPicture]]:
    """Every event painted over the backdrop (painted here unless given), and the backdrop's pixels."""
    template = prepared.template
    backdrop = backdrop or paint_backdrop(template)
    url = qr_url(prepared.resources)
    pictures = []
    for event, layout in zip(prepared.timeline.events, prepared.layouts):
        extra = None
        if event.kind == "resources" and url:
            extra = qr_overlay(url, template.end_card.qr, backdrop.size)
        pictures.append(paint_event(backdrop, layout, template.style_for(event.kind), extra))
    return np.asarray(backdrop.convert("RGB")), pictures


def inputs_digest(prepared: Prepared, platform: str) -> str:
    """sha256 over what determines the output: script, template files, fonts, music, tool version."""
    digest = hashlib.sha256()
    digest.update(f"creator-kit {__version__}\0{prepared.engine}\0{platform}\0".encode())
    files = [prepared.script.path, *prepared.template.files, *prepared.resource_files]
    if prepared.script.music:
        files.append(prepared.script.music.file)
    for path in files:
        digest.update(path.name.encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _manifest(prepared: Prepared, platform: str, basename: str, out_dir: Path, post_caption: str,
              findings: list[Finding]) -> dict[str, Any]:
    script, template, timeline = prepared.script, prepared.template, prepared.timeline
    files = {kind: str(out_dir / f"{basename}{suffix}") for kind, suffix in (
        ("video", ".mp4"), ("srt", ".srt"), ("vtt", ".vtt"), ("caption", ".caption.txt"),
        ("manifest", ".manifest.json"))}
    return {
        "id": script.id,
        "script": str(script.path),
        "template": template.name,
        "platform": platform,
        "video": files["video"],
        "width": template.canvas.width,
        "height": template.canvas.height,
        "fps": template.canvas.fps,
        "duration": timeline.duration,
        "scenes": [{"index": e.index, "text": e.text, "start": e.start, "end": e.end} for e in timeline.scenes],
        "files": files,
        "post_caption": post_caption,
        "resources": [manifest_entry(r, script.language) for r in prepared.resources],
        "end_card": _end_card(prepared),
        "findings": [f.to_dict() for f in findings if f.platform in (None, platform)],
        "inputs_sha256": inputs_digest(prepared, platform),
        "shaping_engine": prepared.engine,
        "generator": f"creator-kit {__version__}",
    }


def _end_card(prepared: Prepared) -> dict[str, Any] | None:
    card = next((e for e in prepared.timeline.events if e.kind == "resources"), None)
    if card is None:
        return None
    return {"start": card.start, "end": card.end, "qr_url": qr_url(prepared.resources)}


def post_captions(prepared: Prepared, platforms: tuple[str, ...]) -> dict[str, str]:
    """Each platform's post caption, within its limit; InputError naming the script when it cannot fit."""
    script = prepared.script
    lines = caption_lines(prepared.resources, script.language)
    captions = {}
    for platform in platforms:
        try:
            captions[platform] = compose_platform_caption(script.post_caption, script.hashtags, lines, platform)
        except CaptionDoesNotFit as error:
            field = "post_caption" if "post_caption" in script.document.data else "hashtags"
            raise InputError.single(script.path, str(error), line=script.document.line_of((field,)),
                                    field=field) from None
    return captions


def _encode_video(prepared: Prepared, source: FrameSource, path: Path, options: RenderOptions) -> None:
    """Encode the frames to `path`, with a progress bar on a terminal when asked."""
    from tqdm import tqdm

    template, timeline, music = prepared.template, prepared.timeline, prepared.script.music
    with tqdm(total=timeline.frame_count, unit="frame", desc=prepared.script.id, leave=False,
              disable=not options.progress) as bar:
        encode(source.frame, timeline.frame_count, (template.canvas.width, template.canvas.height), timeline.fps,
               path, (music.file, music.volume) if music else None, options.encode,
               progress=lambda done: bar.update(done - bar.n))


def render(script_path: Path, options: RenderOptions) -> list[dict[str, Any]]:
    """Render one script for each of its platforms; return the manifests written."""
    prepared = prepare(script_path, options)
    script = prepared.script
    platforms = options.platforms or script.platforms
    backdrop = paint_backdrop(prepared.template)
    findings = check_prepared(prepared, platforms, load_guidelines(), backdrop)
    stop_on_errors(findings, options.force)
    captions = post_captions(prepared, platforms)
    out_dir = options.out_dir
    prepare_output_folder(out_dir)
    backdrop_pixels, pictures = paint_events(prepared, backdrop)
    source = FrameSource(prepared.timeline, pictures, backdrop_pixels, prepared.template)

    manifests, first_video = [], None
    for platform in platforms:
        basename = script.id if len(platforms) == 1 else f"{script.id}.{platform}"
        video_path = out_dir / f"{basename}.mp4"
        with atomic_path(video_path) as temporary:
            if first_video is None:
                _encode_video(prepared, source, temporary, options)
            else:
                shutil.copyfile(first_video, temporary)
        first_video = first_video or video_path
        post_caption = captions[platform]
        write_text(out_dir / f"{basename}.srt", to_srt(prepared.timeline.scenes))
        write_text(out_dir / f"{basename}.vtt", to_webvtt(prepared.timeline.scenes, script.language))
        write_text(out_dir / f"{basename}.caption.txt", post_caption)
        manifest = _manifest(prepared, platform, basename, out_dir, post_caption, findings)
        write_text(out_dir / f"{basename}.manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
        manifests.append(manifest)
    return manifests
