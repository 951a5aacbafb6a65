"""A scene's own `media:`: an image or a video behind that scene's text, checked before anything is drawn.

Images are told from videos by their suffix (PNG, JPEG, WebP), so a text file
named photo.jpg is refused as "not an image" rather than probed as a video.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from creator_kit.errors import Problem
from creator_kit.inputs.footage import file_in_folder
from creator_kit.inputs.probe import NotMedia, probe_video, verify_image
from creator_kit.inputs.sourcemap import PathKey, SourceDocument, format_path

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")
Fit = Literal["cover", "contain"]
"""How a scene's picture fills the canvas (SceneMedia.fit)."""


@dataclass(frozen=True)
class SceneMedia:
    """What goes behind one scene: an image (moving slowly unless `motion` is off) or a video."""

    file: Path
    is_video: bool
    fit: Fit = "cover"
    """cover: cropped to fill the canvas; contain: all of it, over a blurred, darkened fill of itself."""
    sound: bool = False
    motion: bool = True
    duration: float = 0.0
    """A video's length in seconds (0 for an image)."""


def _problem(document: SourceDocument, key: PathKey, message: str) -> Problem:
    return Problem(str(document.path), document.line_of(key), format_path(key), message)


def _one(document: SourceDocument, index: int, spec: Any) -> tuple[SceneMedia | None, list[Problem]]:
    options = spec if isinstance(spec, dict) else {"file": spec}
    key = ("scenes", index, "media") + (("file",) if isinstance(spec, dict) else ())
    path, problems = file_in_folder(document, key, options["file"])
    if path is None:
        return None, problems
    is_video = path.suffix.lower() not in IMAGE_SUFFIXES
    duration = 0.0
    try:
        if is_video:
            probed = probe_video(path)
            duration = probed.duration
            if options.get("sound") and not probed.has_audio:
                return None, [_problem(document, ("scenes", index, "media", "sound"), "the video has no sound")]
        else:
            verify_image(path)
    except NotMedia as error:
        return None, [_problem(document, key, str(error))]
    if options.get("sound") and not is_video:
        return None, [_problem(document, ("scenes", index, "media", "sound"), "an image has no sound")]
    return SceneMedia(
        path, is_video, options.get("fit", "cover"), options.get("sound", False), options.get("motion", True), duration
    ), []


def scene_media(document: SourceDocument) -> tuple[dict[int, SceneMedia], list[Problem]]:
    """Each scene's media by scene index, every file checked; scenes over footage have the clip behind them."""
    found, problems = {}, []
    for index, scene in enumerate(document.data["scenes"]):
        if "media" not in scene:
            continue
        if "footage" in document.data:
            problems.append(
                _problem(
                    document,
                    ("scenes", index, "media"),
                    "a scene over footage has the clip behind it; remove media or footage",
                )
            )
            continue
        media, more = _one(document, index, scene["media"])
        problems += more
        if media is not None:
            found[index] = media
    return found, problems
