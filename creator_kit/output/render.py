"""Render: a plan -> painted frames -> encoded video and its sidecars, caption and manifest.

`produce` writes the files of one plan for several platforms: the frames do
not depend on the platform, so the first platform's video is encoded and the
others are hard links to it (copies where the file system has no links). The
platforms play at the same loudness (planning/platforms.py), so one sound
track serves them all.
With `skip_current`, outputs whose manifest records the inputs digest they
would have now, with every file present, are left as they are (batch resume).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from creator_kit import __version__
from creator_kit.atomic import atomic_path, prepare_output_folder, write_text
from creator_kit.documents.findings import Finding
from creator_kit.documents.manifest import (
    Manifest,
    ManifestAlignment,
    ManifestEndCard,
    ManifestLoudness,
    ManifestScene,
    ManifestWord,
    read_manifest,
    write_manifest,
)
from creator_kit.encode.decode import ClipFrames
from creator_kit.encode.ffmpeg import EncodeSettings, RawVideo, Sound, encode
from creator_kit.encode.frames import COLOR_ARGUMENTS, PIXEL_FORMAT, EncoderFrames, WordMotion
from creator_kit.encode.loudness import LoudnessTarget, measure_file, missed_target
from creator_kit.encode.scene_pictures import ScenePictures
from creator_kit.errors import CaptionDoesNotFit, InputError
from creator_kit.guidelines.check import check_prepared, stop_on_errors
from creator_kit.guidelines.ruleset import shipped_guidelines
from creator_kit.output.calendar import write_calendar
from creator_kit.output.captions import to_srt, to_webvtt
from creator_kit.paint.events import paint_event_at
from creator_kit.paint.layers import logo_layer
from creator_kit.paint.pictures import paint_backdrop
from creator_kit.paint.readability import make_readable
from creator_kit.paint.tiles import paint_cover
from creator_kit.planning.end_card import caption_lines, manifest_entry, qr_url
from creator_kit.planning.live import data_versions
from creator_kit.planning.plan import PlanOptions, Prepared, prepare
from creator_kit.planning.platforms import TRUE_PEAK_CEILING, loudness_target
from creator_kit.planning.post_caption import compose_platform_caption

ENCODER_INPUT = RawVideo(PIXEL_FORMAT, COLOR_ARGUMENTS)
OUTPUT_SUFFIXES = (
    ("video", ".mp4"),
    ("srt", ".srt"),
    ("vtt", ".vtt"),
    ("caption", ".caption.txt"),
    ("cover", ".cover.png"),
    ("manifest", ".manifest.json"),
    ("ics", ".ics"),
)
OPTIONAL_KINDS = ("ics",)
"""Files only some outputs have: the calendar file of a clip that announces a live session."""


@dataclass(frozen=True)
class RenderOptions(PlanOptions):
    """A plan's options plus where and how the files are written."""

    out_dir: Path = Path("out")
    platforms: tuple[str, ...] = ()
    encode: EncodeSettings = field(default_factory=EncodeSettings)
    force: bool = False
    progress: bool = False


@dataclass(frozen=True)
class Output:
    """One platform's files of a plan, named `<basename>.mp4`, `.srt`, ... in the output folder."""

    platform: str
    basename: str


@dataclass(frozen=True)
class Produced:
    """What `produce` did for one output: its manifest, and whether it was rendered or already current."""

    output: Output
    manifest: Manifest
    rendered: bool


def input_files(prepared: Prepared) -> list[Path]:
    """Every file that determines the output, in a fixed order: script, template files, resource files,
    music, voices, scenes' media, footage and its captions."""
    files = [prepared.script.path, *prepared.template.files, *prepared.resource_files]
    if prepared.script.music:
        files.append(prepared.script.music.file)
    files += [scene.voice.file for scene in prepared.script.scenes if scene.voice is not None]
    files += [scene.media.file for scene in prepared.script.scenes if scene.media is not None]
    footage = prepared.script.footage
    if footage is not None:
        files += [footage.file] + ([footage.captions] if footage.captions else [])
    return files


def refuse_writing_over_inputs(prepared: Prepared, outputs: list[Output], out_dir: Path) -> None:
    """InputError, before anything is written, when an output file would replace a file the render reads
    (footage `talk.mp4` or captions `talk.srt` beside a script of id talk, rendered into its own folder)."""
    inputs = {path.resolve() for path in input_files(prepared)}
    for output in outputs:
        for kind, path in output_files(out_dir, output.basename).items():
            if path.resolve() in inputs:
                raise InputError.single(
                    path, f"the {kind} would be written over an input of the render; name another folder", field="-o"
                )


def input_file_hashes(prepared: Prepared) -> tuple[tuple[str, bytes], ...]:
    """(name, sha256) of every file of input_files. Each file is read once, in chunks (footage can be
    large), however many times it is named."""
    files = input_files(prepared)
    hashes: dict[Path, bytes] = {}
    for path in files:
        if path not in hashes:
            hashes[path] = _file_sha256(path)
    return tuple((path.name, hashes[path]) for path in files)


def _file_sha256(path: Path) -> bytes:
    """sha256 of a file read in 1 MiB chunks (hashlib.file_digest needs Python 3.11)."""
    digest = hashlib.sha256()
    with path.open("rb") as opened:
        while chunk := opened.read(1 << 20):
            digest.update(chunk)
    return digest.digest()


def inputs_digest(
    prepared: Prepared,
    platform: str,
    settings: EncodeSettings,
    file_hashes: tuple[tuple[str, bytes], ...] | None = None,
) -> str:
    """sha256 over what determines the output: the input files (`input_file_hashes`, computed here unless
    given), platform, language, canvas size, shaping engine, loudness target, encoder settings and tool
    version."""
    digest = hashlib.sha256()
    digest.update(
        f"creator-kit {__version__}\0{prepared.engine}\0{platform}\0{prepared.script.language}\0"
        f"{prepared.template.canvas.width}x{prepared.template.canvas.height}\0"
        f"{target_loudness(prepared, platform)}\0{settings.preset}\0{settings.crf}\0".encode()
    )
    if prepared.live is not None:
        digest.update(f"{data_versions()}\0".encode())
    for name, file_hash in file_hashes if file_hashes is not None else input_file_hashes(prepared):
        digest.update(name.encode() + b"\0")
        digest.update(file_hash)
    return digest.hexdigest()


def target_loudness(prepared: Prepared, platform: str) -> LoudnessTarget:
    """The loudness the track is normalised to: the script's `loudness`, else the platform's playback level."""
    integrated = prepared.script.loudness if prepared.script.loudness is not None else loudness_target(platform)
    return LoudnessTarget(integrated, TRUE_PEAK_CEILING)


def output_files(out_dir: Path, basename: str, live: bool = False) -> dict[str, Path]:
    """The files of one output by kind; the calendar file only for a clip that announces a live session."""
    return {
        kind: out_dir / f"{basename}{suffix}" for kind, suffix in OUTPUT_SUFFIXES if live or kind not in OPTIONAL_KINDS
    }


def _manifest(
    prepared: Prepared,
    output: Output,
    out_dir: Path,
    post_caption: str,
    findings: list[Finding],
    digest: str,
    loudness: ManifestLoudness | None,
) -> Manifest:
    script, template, timeline = prepared.script, prepared.template, prepared.timeline
    live = prepared.live
    files = {kind: str(path) for kind, path in output_files(out_dir, output.basename, live is not None).items()}
    return Manifest(
        id=script.id,
        script=str(script.path),
        template=template.name,
        platform=output.platform,
        video=files["video"],
        width=template.canvas.width,
        height=template.canvas.height,
        fps=template.canvas.fps,
        duration=timeline.duration,
        scenes=_manifest_scenes(prepared),
        files=files,
        post_caption=post_caption,
        resources=tuple(manifest_entry(r, script.language) for r in prepared.resources),
        end_card=_end_card(prepared),
        findings=tuple(f for f in findings if f.platform in (None, output.platform)),
        inputs_sha256=digest,
        shaping_engine=prepared.engine,
        generator=f"creator-kit {__version__}",
        loudness=loudness,
        live=_live(prepared),
        aligned_to=ManifestAlignment(str(script.footage.file), script.footage.audio_tracks)
        if script.footage is not None and script.footage.aligned
        else None,
    )


def _live(prepared: Prepared) -> dict[str, Any] | None:
    """The live session as the manifest records it, with when its card shows."""
    card = next((e for e in prepared.timeline.events if e.kind == "live"), None)
    if prepared.live is None or card is None:
        return None
    return {**prepared.live.to_json(), "card": {"start": card.start, "end": card.end}}


def _manifest_scenes(prepared: Prepared) -> tuple[ManifestScene, ...]:
    """Each scene's times and, with a words transition, when each of its words is lit."""
    timeline, windows = prepared.timeline, prepared.word_windows
    scenes = []
    for number, event in enumerate(timeline.events):
        if event.kind != "scene":
            continue
        words = None
        if windows:
            words = tuple(
                ManifestWord(
                    word,
                    round((event.start_frame + first) / event.fps, 3),
                    round((event.start_frame + past) / event.fps, 3),
                )
                for word, (first, past) in zip(event.text.split(), windows[number])
            )
        scenes.append(ManifestScene(event.index, event.text, event.start, event.end, words))
    return tuple(scenes)


def _end_card(prepared: Prepared) -> ManifestEndCard | None:
    card = next((e for e in prepared.timeline.events if e.kind == "resources"), None)
    if card is None:
        return None
    return ManifestEndCard(card.start, card.end, qr_url(prepared.resources))


def post_captions(prepared: Prepared, platforms: tuple[str, ...]) -> dict[str, str]:
    """Each platform's post caption, within its limit; InputError naming the script when it cannot fit."""
    script = prepared.script
    lines = caption_lines(prepared.resources, script.language)
    announcement = prepared.live.caption_lines() if prepared.live else ()
    captions = {}
    for platform in platforms:
        try:
            captions[platform] = compose_platform_caption(
                script.post_caption, script.hashtags, lines, platform, announcement
            )
        except CaptionDoesNotFit as error:
            field = "post_caption" if "post_caption" in script.document.data else "hashtags"
            raise InputError.single(
                script.path, str(error), line=script.document.line_of((field,)), field=field
            ) from None
    return captions


def _sounds(prepared: Prepared) -> list[Sound]:
    """The music (looped, faded), the footage's own sound (from where the clip starts), each scene's
    voice-over (from the scene's start) and the sound of scenes' videos that keep it."""
    script, timeline = prepared.script, prepared.timeline
    sounds = [Sound(script.music.file, script.music.volume, loop=True, fade=True)] if script.music else []
    if script.footage is not None and script.footage.has_audio and timeline.footage is not None:
        sounds.append(Sound(script.footage.file, script.footage.volume, start=timeline.footage[0] / timeline.fps))
    starts = {event.index: event.start for event in timeline.scenes}
    sounds += [
        Sound(scene.voice.file, scene.voice.volume, start=starts[scene.index], voice=True)
        for scene in script.scenes
        if scene.voice is not None and scene.index in starts
    ]
    return sounds + _media_sounds(prepared)


def _media_sounds(prepared: Prepared) -> list[Sound]:
    """The sound of each scene's video that asks for it: from the scene's start, looped, for the scene's length."""
    scenes = {event.index: event for event in prepared.timeline.scenes}
    return [
        Sound(
            scene.media.file,
            start=scenes[scene.index].start,
            loop=True,
            length=scenes[scene.index].end - scenes[scene.index].start,
        )
        for scene in prepared.script.scenes
        if scene.media is not None and scene.media.sound and scene.index in scenes
    ]


def _encode_video(
    prepared: Prepared, source: EncoderFrames, path: Path, options: RenderOptions, loudness: LoudnessTarget
) -> ManifestLoudness | None:
    """Encode the frames to `path`, with a progress bar on a terminal when asked; the sound track is
    normalised to `loudness`. Returns what the finished file's track measures (None when silent)."""
    from tqdm import tqdm

    template, timeline, sounds = prepared.template, prepared.timeline, _sounds(prepared)
    with tqdm(
        total=timeline.frame_count, unit="frame", desc=prepared.script.id, leave=False, disable=not options.progress
    ) as bar:
        encode(
            source.frame,
            timeline.frame_count,
            (template.canvas.width, template.canvas.height),
            timeline.fps,
            path,
            sounds,
            options.encode,
            ENCODER_INPUT,
            progress=lambda done: bar.update(done - bar.n),
            loudness=loudness,
        )
    if not sounds:
        return None
    measured = measure_file(path)
    if measured.silent:
        return None
    missed = missed_target(loudness, measured)
    if missed is not None:
        print(f"warning: {prepared.script.path}: loudness: {missed}", file=sys.stderr, flush=True)
    rounded = (round(measured.integrated, 1), round(measured.true_peak, 1))
    return ManifestLoudness(loudness.integrated, *rounded, on_target=missed is None)


def _clip_frames(prepared: Prepared, threads: int) -> ClipFrames | None:
    footage, timeline, canvas = prepared.script.footage, prepared.timeline, prepared.template.canvas
    if footage is None or timeline.footage is None:
        return None
    return ClipFrames(
        footage.file,
        (canvas.width, canvas.height),
        canvas.fps,
        timeline.footage[1] - timeline.footage[0],
        threads=threads,
    )


def _scene_pictures(prepared: Prepared, threads: int) -> ScenePictures | None:
    """The moving pictures behind the scenes with media; None when no scene has any."""
    scenes = {}
    for number, event in enumerate(prepared.timeline.events):
        media = prepared.script.scenes[event.index].media if event.kind == "scene" else None
        if media is not None:
            scenes[number] = (media, event.frames, event.index)
    if not scenes:
        return None
    canvas = prepared.template.canvas
    return ScenePictures(scenes, (canvas.width, canvas.height), canvas.fps, prepared.template.media, threads)


def current_manifest(out_dir: Path, basename: str, digest: str) -> Manifest | None:
    """The manifest of `basename` when it records `digest` and every file it names is there, else None."""
    files = output_files(out_dir, basename)
    if not all(path.is_file() and path.stat().st_size > 0 for path in files.values()):
        return None
    try:
        manifest = read_manifest(files["manifest"])
    except InputError:
        return None
    if any(kind in manifest.files and not Path(manifest.files[kind]).is_file() for kind in OPTIONAL_KINDS):
        return None
    return manifest if manifest.inputs_sha256 == digest else None


def _link_or_copy(source: Path, target: Path) -> None:
    """`target` becomes the same file as `source` (a hard link), or a copy where links are not possible."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def produce(
    prepared: Prepared, outputs: list[Output], options: RenderOptions, skip_current: bool = False
) -> list[Produced]:
    """Write each output's files (one encode for all), or keep those already current when asked."""
    out_dir = options.out_dir
    refuse_writing_over_inputs(prepared, outputs, out_dir)
    file_hashes = input_file_hashes(prepared)
    digests = {output: inputs_digest(prepared, output.platform, options.encode, file_hashes) for output in outputs}
    current = {
        output: current_manifest(out_dir, output.basename, digests[output]) if skip_current else None
        for output in outputs
    }
    pending = [output for output in outputs if current[output] is None]
    produced = {output: Produced(output, manifest, False) for output, manifest in current.items() if manifest}
    if pending:
        produced.update({item.output: item for item in _write(prepared, pending, digests, options)})
    return [produced[output] for output in outputs]


def _word_motion(prepared: Prepared, backdrop: Image.Image) -> WordMotion | None:
    """A `words` transition's timing and painter, or None without one."""
    if not prepared.word_windows:
        return None
    return WordMotion(prepared.word_windows, lambda index, word: paint_event_at(prepared, backdrop, index, word))


def _write(
    prepared: Prepared, outputs: list[Output], digests: dict[Output, str], options: RenderOptions
) -> list[Produced]:
    platforms = tuple(output.platform for output in outputs)
    prepared = make_readable(prepared)
    backdrop = paint_backdrop(prepared.template)
    findings = check_prepared(prepared, platforms, shipped_guidelines(), backdrop).findings
    stop_on_errors(findings, options.force)
    captions = post_captions(prepared, platforms)
    out_dir = options.out_dir
    prepare_output_folder(out_dir)
    threads = options.encode.helper_threads
    clip, pictures = _clip_frames(prepared, threads), _scene_pictures(prepared, threads)
    try:
        return _write_outputs(
            prepared,
            outputs,
            digests,
            options,
            captions,
            findings,
            paint_cover(prepared, backdrop),
            EncoderFrames(
                prepared.timeline,
                lambda index: paint_event_at(prepared, backdrop, index),
                np.asarray(backdrop.convert("RGB")),
                prepared.template,
                clip,
                logo_layer(prepared.template) if clip or pictures else None,
                behind=pictures.frame if pictures else None,
                words=_word_motion(prepared, backdrop),
            ),
        )
    finally:
        for source in (clip, pictures):
            if source is not None:
                source.close()


def _write_outputs(
    prepared: Prepared,
    outputs: list[Output],
    digests: dict[Output, str],
    options: RenderOptions,
    captions: dict[str, str],
    findings: list[Finding],
    cover: Image.Image,
    source: EncoderFrames,
) -> list[Produced]:
    out_dir = options.out_dir
    timeline, language = prepared.timeline, prepared.script.language
    written, first_video, first_cover, loudness = [], None, None, None
    target = target_loudness(prepared, outputs[0].platform)
    for output in outputs:
        files = output_files(out_dir, output.basename, prepared.live is not None)
        with atomic_path(files["video"]) as temporary:
            if first_video is None:
                loudness = _encode_video(prepared, source, temporary, options, target)
            else:
                _link_or_copy(first_video, temporary)
        first_video = first_video or files["video"]
        with atomic_path(files["cover"]) as temporary:
            if first_cover is None:
                cover.save(temporary, "PNG")
            else:
                _link_or_copy(first_cover, temporary)
        first_cover = first_cover or files["cover"]
        write_text(files["srt"], to_srt(timeline.scenes))
        write_text(files["vtt"], to_webvtt(timeline.scenes, language))
        write_text(files["caption"], captions[output.platform])
        if prepared.live is not None:
            write_calendar(files["ics"], prepared.script.id, prepared.live, caption_lines(prepared.resources, language))
        manifest = _manifest(prepared, output, out_dir, captions[output.platform], findings, digests[output], loudness)
        write_manifest(manifest)
        written.append(Produced(output, manifest, True))
    return written


def render(script_path: Path, options: RenderOptions) -> list[Manifest]:
    """Render one script for each of its platforms; return the manifests written.

    Files are named `<id>.*`, or `<id>.<platform>.*` with several platforms.
    """
    prepared = prepare(script_path, options)
    script = prepared.script
    platforms = options.platforms or script.platforms
    outputs = [
        Output(platform, script.id if len(platforms) == 1 else f"{script.id}.{platform}") for platform in platforms
    ]
    return [item.manifest for item in produce(prepared, outputs, options)]
