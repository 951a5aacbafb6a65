"""A script's footage: the creator's clip, and the times of the scenes written over it.

Scenes over footage are timed on the clip's own timeline, by `start`/`end`, by
the cues of an SRT file (`captions:`), parsed with the `srt` library, or by a
plain text file of one caption per line (`captions: talk.txt`) aligned to the
footage's own speech (speech/), which also times each scene's words. Cues
become the document's scenes, placed at the `captions` line, so everything
downstream (character checks, guideline findings) treats them like scenes
written in the script.
"""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from creator_kit.errors import InputError, Problem
from creator_kit.inputs.limits import CAPTION_CUES, CUE_MARKUP_ALLOWANCE, SCENE_TEXT_CHARACTERS, too_long
from creator_kit.inputs.markup import strip_markup
from creator_kit.inputs.probe import NotMedia, probe_video
from creator_kit.inputs.sourcemap import MAX_DOCUMENT_BYTES, PathKey, SourceDocument, format_path, path_inside
from creator_kit.speech.align import TimedWord
from creator_kit.speech.run import align_files

if TYPE_CHECKING:
    import srt

TIME_TOLERANCE_SECONDS = 0.05
"""How far past the clip's end a scene may say it ends (players round durations)."""


@dataclass(frozen=True)
class Footage:
    file: Path
    duration: float
    has_audio: bool
    volume: float = 1.0
    captions: Path | None = None
    audio_tracks: int = 0

    @property
    def aligned(self) -> bool:
        """Whether the scenes were timed to the clip's speech (a plain-text `captions:` file)."""
        return self.captions is not None and self.captions.suffix.lower() == ".txt"


def _problem(document: SourceDocument, key: PathKey, message: str) -> Problem:
    return Problem(str(document.path), document.line_of(key), format_path(key), message)


def file_in_folder(document: SourceDocument, key: PathKey, name: str) -> tuple[Path | None, list[Problem]]:
    """A file the script names: it must exist inside the script's folder (symlinks followed)."""
    path = path_inside(document.path.parent, name)
    if path is None:
        return None, [_problem(document, key, "must be a path inside the script's folder")]
    if not path.is_file():
        return None, [_problem(document, key, f"file not found: {path}")]
    return path, []


def _cues(path: Path) -> list[srt.Subtitle]:
    """The cues of an SRT file, in time order; ValueError with a reason when it is not one."""
    if path.stat().st_size > MAX_DOCUMENT_BYTES:
        raise ValueError("larger than 4 MB; not a caption file")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError(f"not UTF-8 text (byte {error.start})") from None
    import srt  # only scripts with captions need it

    try:
        cues = list(srt.parse(text))
    except srt.SRTParseError:
        raise ValueError("not a readable SRT file") from None
    if not cues:
        raise ValueError("an SRT file without cues")
    if len(cues) > CAPTION_CUES:
        raise ValueError(f"an SRT file of {len(cues)} cues; a clip's captions have at most {CAPTION_CUES}")
    raw_limit = SCENE_TEXT_CHARACTERS * CUE_MARKUP_ALLOWANCE
    for number, cue in enumerate(cues, start=1):
        if len(cue.content) > raw_limit:
            raise ValueError(
                f"cue {number} holds {len(cue.content):,} characters; a scene's text holds at most "
                f"{SCENE_TEXT_CHARACTERS}"
            )
    return sorted(cues, key=lambda cue: cue.start)


def _cue_text_problems(document: SourceDocument, scenes: list[dict[str, Any]]) -> list[Problem]:
    """The scene text limit, applied to the cues' texts once their tags are stripped (as to a script's)."""
    return [
        _problem(document, ("captions",), f"cue at {scene['start']:g} s: {reason}")
        for scene in scenes
        if (reason := too_long(scene["text"], SCENE_TEXT_CHARACTERS))
    ]


def word_offsets(words: tuple[TimedWord, ...], start: float, end: float) -> list[float]:
    """Word starts as `word_times` take them: seconds from the scene's start, increasing, inside it."""
    offsets: list[float] = []
    for word in words:
        offset = round(word.start - start, 3)
        offsets.append(max(offset, offsets[-1] + 0.001) if offsets else max(0.0, offset))
    ceiling = round(end - start, 3) - 0.001 * len(offsets)
    return [min(offset, ceiling + 0.001 * number) for number, offset in enumerate(offsets)]


def _spoken_scenes(document: SourceDocument, transcript: Path) -> list[dict[str, Any]]:
    """The transcript's lines as scenes, timed to the footage's speech (InputError when it cannot be)."""
    spec = document.data.get("footage")
    if spec is None:
        raise InputError([_problem(document, ("captions",), "captions time scenes on a clip: give the script footage")])
    key = ("footage", "file") if isinstance(spec, dict) else ("footage",)
    clip, problems = file_in_folder(document, key, spec["file"] if isinstance(spec, dict) else spec)
    if clip is None:
        raise InputError(problems)
    alignment = align_files(clip, transcript, document.data.get("language"))
    return [
        {
            "text": cue.text,
            "start": cue.start,
            "end": cue.end,
            "word_times": word_offsets(cue.words, cue.start, cue.end),
        }
        for cue in alignment.cues
    ]


def with_caption_scenes(document: SourceDocument) -> tuple[SourceDocument, list[Problem]]:
    """The document with the scenes its `captions` SRT gives (unchanged without `captions`)."""
    data = document.data
    if "captions" not in data:
        return document, []
    if "scenes" in data:
        return document, [_problem(document, ("captions",), "give scenes or captions, not both")]
    path, problems = file_in_folder(document, ("captions",), data["captions"])
    if path is None:
        return document, problems
    if path.suffix.lower() == ".txt":
        try:
            scenes = _spoken_scenes(document, path)
        except InputError as error:
            return document, error.problems
    else:
        try:
            cues = _cues(path)
        except (OSError, ValueError) as error:
            return document, [_problem(document, ("captions",), str(error))]
        scenes = [
            {
                "text": strip_markup(cue.content).strip(),
                "start": cue.start.total_seconds(),
                "end": cue.end.total_seconds(),
            }
            for cue in cues
        ]
    problems = _cue_text_problems(document, scenes)
    if problems:
        return document, problems
    captioned = copy.deepcopy(data)
    captioned["scenes"] = scenes
    positions = dict(document.positions)
    line = document.position_of(("captions",)) or (1, 1)
    for index in range(len(scenes)):
        for field in ("text", "start", "end", "word_times"):
            positions[("scenes", index, field)] = line
        positions[("scenes", index)] = line
    return dataclasses.replace(document, data=captioned, positions=positions), []


def _timing_problems(document: SourceDocument, duration: float) -> list[Problem]:
    """Every scene over footage has start < end inside the clip, in order, without overlap."""
    problems, previous_end = [], 0.0
    for index, scene in enumerate(document.data["scenes"]):
        key = ("scenes", index)
        if "start" not in scene or "end" not in scene:
            problems.append(
                _problem(
                    document,
                    key,
                    "over footage, a scene needs start and end (seconds on the "
                    "clip), or give the script captions: an SRT file",
                )
            )
            continue
        start, end = scene["start"], scene["end"]
        if end <= start:
            problems.append(_problem(document, key + ("end",), f"must be after start ({start:g} s)"))
        elif end > duration + TIME_TOLERANCE_SECONDS:
            problems.append(_problem(document, key + ("end",), f"{end:g} s is past the clip's end ({duration:.2f} s)"))
        elif start < previous_end - TIME_TOLERANCE_SECONDS:
            problems.append(
                _problem(
                    document,
                    key + ("start",),
                    f"{start:g} s overlaps the scene before, which ends at {previous_end:g} s",
                )
            )
        previous_end = max(previous_end, end)
    return problems


def _without_footage_problems(document: SourceDocument) -> list[Problem]:
    problems = []
    if "captions" in document.data:
        problems.append(_problem(document, ("captions",), "captions time scenes on a clip: give the script footage"))
    for index, scene in enumerate(document.data["scenes"]):
        problems += [
            _problem(document, ("scenes", index, name), "times on a clip need the script's footage")
            for name in ("start", "end")
            if name in scene
        ]
    return problems


def footage(document: SourceDocument) -> tuple[Footage | None, list[Problem]]:
    """The script's footage, probed as a video, with its scenes' times checked against it."""
    spec: Any = document.data.get("footage")
    if spec is None:
        return None, _without_footage_problems(document)
    name, volume = (spec["file"], spec.get("volume", 1.0)) if isinstance(spec, dict) else (spec, 1.0)
    key = ("footage", "file") if isinstance(spec, dict) else ("footage",)
    path, problems = file_in_folder(document, key, name)
    if path is None:
        return None, problems
    try:
        probed = probe_video(path)
    except NotMedia as error:
        return None, [_problem(document, key, str(error))]
    problems = _timing_problems(document, probed.duration)
    captions = path_inside(document.path.parent, document.data["captions"]) if "captions" in document.data else None
    return Footage(path, probed.duration, probed.has_audio, volume, captions, probed.audio_tracks), problems
