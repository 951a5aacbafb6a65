"""Load and validate campaign scripts (YAML or JSON) into a Script."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from creator_kit.errors import InputError, Problem
from creator_kit.resources import Selection
from creator_kit.sourcemap import SourceDocument, format_path, load_document
from creator_kit.template import DEFAULT_TEMPLATE, available_templates, resolve_template_path
from creator_kit.validation import validate

DEFAULT_PLATFORM = "tiktok"


@dataclass(frozen=True)
class Scene:
    index: int
    text: str
    duration: float | None
    source: str | None
    line: int | None


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


def _selection(document: SourceDocument, language: str, folder: Path) -> tuple[Selection | None, list[Problem]]:
    """The script's `resources` field: a list of ids, or a mapping with region, lang, ids, directory."""
    spec = document.data.get("resources")
    if spec is None:
        return None, []
    if isinstance(spec, list):
        spec, ids_key = {"ids": spec}, ("resources",)
    else:
        ids_key = ("resources", "ids")
    ids = tuple(spec.get("ids", ()))
    directory, problems = None, []
    if "directory" in spec:
        directory = folder / spec["directory"]
        if not directory.is_file():
            problems.append(Problem(str(document.path), document.line_of(("resources", "directory")),
                                    "resources.directory", f"file not found: {directory}"))
    return Selection(region=spec.get("region"), language=spec.get("lang", language), ids=ids,
                     directory=directory, file=str(document.path),
                     id_lines=tuple(document.line_of(ids_key + (i,)) for i in range(len(ids)))), problems


def load_script(path: Path | str, template_override: str | None = None) -> Script:
    """Read a script, validate it against script.schema.json and resolve its files."""
    document = load_document(path)
    validate(document, "script")
    data = document.data
    folder = document.path.parent
    problems: list[Problem] = []

    template_name = template_override or data.get("template", DEFAULT_TEMPLATE)
    template_path = resolve_template_path(template_name, folder)
    if template_path is None:
        known = ", ".join(available_templates())
        line = None if template_override else document.line_of(("template",))
        field = "--template" if template_override else "template"
        problems.append(Problem(str(document.path), line, field,
                                f"unknown template {template_name!r} (shipped: {known})"))

    for key, comment in document.hashtags_lost_to_comments():
        problems.append(Problem(
            str(document.path), document.line_of(key), format_path(key),
            f"YAML read {comment.split()[0]!r} as the start of a comment and dropped it; put the text in quotes"))

    resources, resource_problems = _selection(document, data["language"], folder)
    problems += resource_problems

    music = None
    if "music" in data:
        music_path = folder / data["music"]["file"]
        if not music_path.is_file():
            problems.append(Problem(str(document.path), document.line_of(("music", "file")), "music.file",
                                    f"file not found: {music_path}"))
        music = Music(music_path, data["music"].get("volume", 1.0))
    if problems:
        raise InputError(problems)

    platforms = tuple(data.get("platforms") or [data.get("platform", DEFAULT_PLATFORM)])
    scenes = tuple(
        Scene(index=i, text=scene["text"].strip(), duration=scene.get("duration"),
              source=scene.get("source"), line=document.line_of(("scenes", i, "text")))
        for i, scene in enumerate(data["scenes"])
    )
    return Script(
        path=document.path, id=data["id"], title=data["title"], language=data["language"],
        template=template_name, template_path=template_path, platforms=platforms, scenes=scenes,
        hashtags=tuple(data.get("hashtags", [])), post_caption=data.get("post_caption", "").strip(),
        music=music, digits=data.get("digits"), document=document, resources=resources,
    )
