"""Load and validate campaign scripts (YAML or JSON) into a Script."""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from creator_kit.errors import InputError, Problem
from creator_kit.inputs.footage import Footage, file_in_folder, footage, with_caption_scenes
from creator_kit.inputs.live import LiveSession, live_session
from creator_kit.inputs.probe import NotMedia, probe_audio
from creator_kit.inputs.scene_media import SceneMedia, scene_media
from creator_kit.inputs.sourcemap import PathKey, SourceDocument, excerpt, format_path, load_document, path_inside
from creator_kit.inputs.template import DEFAULT_TEMPLATE, available_templates, resolve_template_path
from creator_kit.inputs.validation import validate
from creator_kit.text.characters import describe, has_visible_character, unusable_characters

DEFAULT_PLATFORM = "tiktok"

Aspect = Literal["9:16", "4:5", "1:1", "16:9"]
"""The shapes a video can take (the script schema's `aspect`; their sizes in planning/aspect.py)."""


@dataclass(frozen=True)
class Selection:
    """What a script asks for: a region (and language), explicit entry ids, or both."""

    region: str | None = None
    language: str | None = None
    ids: tuple[str, ...] = ()
    directory: Path | None = None
    file: str = ""
    id_lines: tuple[int | None, ...] = ()


@dataclass(frozen=True)
class Voice:
    """A scene's voice-over: it plays from the scene's start."""

    file: Path
    duration: float
    volume: float = 1.0


@dataclass(frozen=True)
class Scene:
    index: int
    text: str
    duration: float | None
    source: str | None
    line: int | None
    start: float | None = None
    end: float | None = None
    """With footage: when the scene shows, in seconds on the clip."""
    voice: Voice | None = None
    media: SceneMedia | None = None
    """An image or video behind this scene's text (None: the template's backdrop)."""
    word_times: tuple[float, ...] | None = None
    """With a `words` transition: when each word is highlighted, in seconds from the scene's start."""
    language: str | None = None
    """The scene's own language, when it is not the script's: the shaper and `digits` follow it."""


@dataclass(frozen=True)
class Music:
    file: Path
    volume: float = 1.0


@dataclass(frozen=True)
class Script:
    path: Path
    id: str
    title: str
    language: str
    template: str
    template_path: Path
    platforms: tuple[str, ...]
    scenes: tuple[Scene, ...]
    hashtags: tuple[str, ...]
    post_caption: str
    music: Music | None
    digits: str | None
    document: SourceDocument
    resources: Selection | None = None
    languages: tuple[str, ...] = ()
    footage: Footage | None = None
    loudness: float | None = None
    """Integrated loudness (LUFS) the sound track is normalised to; None: each platform's own target."""
    cover_scene: int | None = None
    """The scene (index from 0) the cover image shows; None: the title card."""
    aspect: Aspect | None = None
    """The video's shape (planning/aspect.py); None: the template's own canvas."""
    live: LiveSession | None = None
    """The live session the clip announces (inputs/live.py)."""


def _problem(document: SourceDocument, key: PathKey, message: str) -> Problem:
    return Problem(str(document.path), document.line_of(key), format_path(key), message)


def _localizable_keys(data: dict[str, Any]) -> list[PathKey]:
    """Paths of the texts that may be written once per language."""
    keys: list[PathKey] = [("title",)] + [("scenes", i, "text") for i in range(len(data["scenes"]))]
    keys += [("live", field) for field in ("host", "topic")] if isinstance(data.get("live"), dict) else []
    return keys + ([("post_caption",)] if "post_caption" in data else [])


def _value_at(data: Any, key: PathKey) -> Any:
    for part in key:
        data = data[part]
    return data


def _texts(data: dict[str, Any]) -> list[tuple[PathKey, str]]:
    """Every text a script shows or posts (each language's), with its path in the document."""
    texts: list[tuple[PathKey, str]] = []
    for key in _localizable_keys(data):
        value = _value_at(data, key)
        texts += (
            [(key + (language,), text) for language, text in value.items()]
            if isinstance(value, dict)
            else [(key, value)]
        )
    texts += [(("scenes", i, "source"), scene["source"]) for i, scene in enumerate(data["scenes"]) if "source" in scene]
    return texts + [(("hashtags", i), tag) for i, tag in enumerate(data.get("hashtags", []))]


def _character_problems(document: SourceDocument) -> list[Problem]:
    """Control characters, noncharacters and lone surrogates, named by code point and position;
    shown texts with nothing to draw."""
    problems = []
    for key, text in _texts(document.data):
        found = unusable_characters(text)
        if found:
            more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
            problems.append(_problem(document, key, f"{describe(found[0])}{more}; remove it"))
        elif key[0] in ("title", "scenes") and key[-1] != "source" and not has_visible_character(text):
            problems.append(_problem(document, key, "has nothing to draw: only spaces and invisible characters"))
    return problems


def written_languages(data: dict[str, Any]) -> tuple[str, ...]:
    """Every language some text of the script is written in, its main language first (a language
    may still lack a text: loading the script in it names the text)."""
    written = {data["language"]}
    for key in _localizable_keys(data):
        value = _value_at(data, key)
        written |= set(value) if isinstance(value, dict) else set()
    return tuple(sorted(written, key=lambda language: (language != data["language"], language)))


def _in_language(document: SourceDocument, language: str) -> tuple[SourceDocument, list[Problem]]:
    """The document as if written in `language` alone: each localized text replaced by that language's,
    with its line and column, so everything downstream (checks, findings) sees one plain text."""
    data = copy.deepcopy(document.data)
    data["language"] = language
    positions, ends = dict(document.positions), dict(document.value_ends)
    problems = []
    for key in _localizable_keys(document.data):
        value = _value_at(document.data, key)
        if not isinstance(value, dict):
            continue
        if language not in value:
            problems.append(_problem(document, key, f"has no {language!r} text (it has: {', '.join(value)})"))
            continue
        _value_at(data, key[:-1])[key[-1]] = value[language]
        chosen = key + (language,)
        for table in (positions, ends):
            if chosen in table:
                table[key] = table[chosen]
            else:
                table.pop(key, None)
    return dataclasses.replace(document, data=data, positions=positions, value_ends=ends), problems


def _selection(document: SourceDocument, language: str) -> tuple[Selection | None, list[Problem]]:
    """The script's `resources` field: a list of ids, or a mapping with region, lang, ids, directory."""
    spec = document.data.get("resources")
    if spec is None:
        return None, []
    ids_key: tuple[str, ...]
    if isinstance(spec, list):
        spec, ids_key = {"ids": spec}, ("resources",)
    else:
        ids_key = ("resources", "ids")
    ids = tuple(spec.get("ids", ()))
    directory: Path | None = None
    problems: list[Problem] = []
    if "directory" in spec:
        directory, problems = file_in_folder(document, ("resources", "directory"), spec["directory"])
    return Selection(
        region=spec.get("region"),
        language=spec.get("lang", language),
        ids=ids,
        directory=directory,
        file=str(document.path),
        id_lines=tuple(document.line_of(ids_key + (i,)) for i in range(len(ids))),
    ), problems


def _template(document: SourceDocument, override: str | None) -> tuple[str, Path | None, list[Problem]]:
    """The template: `--template` may name any path (the user typed it); the script's own
    `template` is a shipped name or a path inside the script's folder."""
    known = ", ".join(available_templates())
    if override:
        path = resolve_template_path(override)
        problem = Problem(
            str(document.path), None, "--template", f"unknown template {excerpt(override)} (shipped: {known})"
        )
        return override, path, [] if path else [problem]
    name = document.data.get("template", DEFAULT_TEMPLATE)
    folder = document.path.parent
    path = resolve_template_path(name, folder)
    if path is not None:
        return name, path, []
    if path_inside(folder, name) is None:
        message = "must be a shipped template name or a path inside the script's folder"
    else:
        message = f"unknown template {excerpt(name)} (shipped: {known})"
    return name, None, [_problem(document, ("template",), message)]


def _music(document: SourceDocument) -> tuple[Music | None, list[Problem]]:
    """Background music: a real audio file inside the script's folder, probed before any encoding."""
    spec = document.data.get("music")
    if spec is None:
        return None, []
    path, problems = file_in_folder(document, ("music", "file"), spec["file"])
    if path is None:
        return None, problems
    try:
        probe_audio(path)
    except NotMedia as error:
        return None, [_problem(document, ("music", "file"), str(error))]
    return Music(path, spec.get("volume", 1.0)), []


def _voices(document: SourceDocument) -> tuple[dict[int, Voice], list[Problem]]:
    """Each scene's voice-over, probed as audio before anything is encoded."""
    voices, problems = {}, []
    for index, scene in enumerate(document.data["scenes"]):
        spec = scene.get("voice")
        if spec is None:
            continue
        name, volume = (spec["file"], spec.get("volume", 1.0)) if isinstance(spec, dict) else (spec, 1.0)
        key = ("scenes", index, "voice") + (("file",) if isinstance(spec, dict) else ())
        path, found = file_in_folder(document, key, name)
        if path is None:
            problems += found
            continue
        try:
            voices[index] = Voice(path, probe_audio(path), volume)
        except NotMedia as error:
            problems.append(_problem(document, key, str(error)))
    return voices, problems


def _comment_problems(document: SourceDocument) -> list[Problem]:
    return [
        _problem(
            document,
            key,
            f"YAML read {excerpt(comment.split()[0])} as the start of a comment and dropped it; put the text in quotes",
        )
        for key, comment in document.hashtags_lost_to_comments()
    ]


def _drawn(text: str) -> str:
    """Text as drawn: a tab is a space, Windows and old Mac line ends are line ends."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ").strip()


def load_script(path: Path | str, template_override: str | None = None, language: str | None = None) -> Script:
    """Read a script, validate it against script.schema.json and resolve its files.

    Everything is checked here, before any layout or encoding: lengths (by the schema),
    characters, and that every file the script names is inside its folder and of the
    right kind. `language` picks the texts of a script written in several languages
    (default: its main `language`).
    """
    document = load_document(path)
    validate(document, "script")
    document, problems = with_caption_scenes(document)
    if problems:
        raise InputError(problems)
    problems = _character_problems(document)
    if problems:
        raise InputError(problems)
    languages = written_languages(document.data)
    if language and language not in languages:
        raise InputError.single(
            document.path, f"the script is written in {', '.join(languages)}, not {language!r}", field="--language"
        )
    document, problems = _in_language(document, language or document.data["language"])
    if problems:
        raise InputError(problems)
    data = document.data
    language = language or data["language"]
    template_name, template_path, problems = _template(document, template_override)
    problems += _comment_problems(document)
    resources, resource_problems = _selection(document, language)
    music, music_problems = _music(document)
    clip, footage_problems = footage(document)
    voices, voice_problems = _voices(document)
    media, media_problems = scene_media(document)
    live, live_problems = live_session(document)
    problems += resource_problems + music_problems + footage_problems + voice_problems + media_problems + live_problems
    if problems:
        raise InputError(problems)
    assert template_path is not None  # a template that is not found is one of the problems

    platforms = tuple(data.get("platforms") or [data.get("platform", DEFAULT_PLATFORM)])
    scenes = tuple(
        Scene(
            index=i,
            text=_drawn(scene["text"]),
            duration=scene.get("duration"),
            source=scene.get("source"),
            line=document.line_of(("scenes", i, "text")),
            start=scene.get("start"),
            end=scene.get("end"),
            voice=voices.get(i),
            media=media.get(i),
            word_times=tuple(scene["word_times"]) if "word_times" in scene else None,
            language=scene.get("language"),
        )
        for i, scene in enumerate(data["scenes"])
    )
    return Script(
        path=document.path,
        id=data["id"],
        title=_drawn(data["title"]),
        language=language,
        template=template_name,
        template_path=template_path,
        platforms=platforms,
        scenes=scenes,
        hashtags=tuple(data.get("hashtags", [])),
        post_caption=_drawn(data.get("post_caption", "")),
        music=music,
        digits=data.get("digits"),
        document=document,
        resources=resources,
        languages=languages,
        footage=clip,
        loudness=data.get("loudness"),
        cover_scene=data["cover"]["scene"] - 1 if isinstance(data.get("cover"), dict) else None,
        aspect=data.get("aspect"),
        live=live,
    )
