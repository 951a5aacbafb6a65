"""Load and validate brand templates (templates/<name>/template.yaml) into a Template."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from PIL import Image

from creator_kit.errors import InputError, Problem
from creator_kit.inputs.probe import NotMedia, verify_font, verify_image
from creator_kit.inputs.sourcemap import PathKey, SourceDocument, excerpt, format_path, load_document, path_inside
from creator_kit.inputs.system_fonts import (
    SYSTEM_FONT_FOLDERS,
    SystemFontRefused,
    folders_described,
    font_for_family,
    inside_system_folders,
)
from creator_kit.inputs.validation import validate
from creator_kit.paths import FONTS_DIR, TEMPLATES_DIR
from creator_kit.text.style import RGBA, Box, Panel, Shadow, Stroke, TextStyle

DEFAULT_TEMPLATE = "minimal"
_SYSTEM_FONTS = (
    f"a .ttf or .otf file in the system font folders ({folders_described()}) or an installed family as {{family: NAME}}"
)
_SHIPPED_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")

CardKind = Literal["intro", "live", "outro", "resources"]
"""The cards a video can show: the title, a live session's announcement, the outro and the resources' end card."""
EventKind = Literal[CardKind, "scene", "footage"]
"""What a timeline event shows (planning/timeline.py): a card, a scene's text, or the creator's clip with no
text. Declared here, where the template gives each kind its text style."""
BackgroundKind = Literal["solid", "gradient", "image"]
TransitionKind = Literal["none", "fade", "slide-up", "pop", "words"]
LogoPosition = Literal["top-left", "top-right", "top-center", "bottom-left", "bottom-right", "bottom-center"]


@dataclass(frozen=True)
class Canvas:
    width: int = 1080
    height: int = 1920
    fps: int = 30


@dataclass(frozen=True)
class Background:
    kind: BackgroundKind
    colors: tuple[RGBA, ...] = ()
    image: Path | None = None


@dataclass(frozen=True)
class Logo:
    image: Path
    position: LogoPosition = "top-right"
    width: int = 160
    margin: int = 64
    opacity: float = 1.0

    def rectangle(self, canvas: tuple[int, int]) -> tuple[int, int, int, int]:
        """Where the logo goes on a canvas of `canvas` size: (x, y, width, height)."""
        with Image.open(self.image) as picture:
            height = round(picture.height * self.width / picture.width)
        horizontal, vertical = self.position.split("-")[1], self.position.split("-")[0]
        x = {
            "left": self.margin,
            "right": canvas[0] - self.width - self.margin,
            "center": (canvas[0] - self.width) // 2,
        }[horizontal]
        y = self.margin if vertical == "top" else canvas[1] - height - self.margin
        return x, y, self.width, height


DEFAULT_HIGHLIGHT: RGBA = (255, 210, 63, 255)
"""A warm yellow: the word being read in a `words` transition, unless the template says otherwise."""


@dataclass(frozen=True)
class Transition:
    """How a scene's text enters: none, fade, slide-up, pop (grows from 85% while fading in) or words
    (fades in, then one word at a time is shown in `highlight`)."""

    kind: TransitionKind = "fade"
    duration: float = 0.4
    highlight: RGBA = DEFAULT_HIGHLIGHT


@dataclass(frozen=True)
class MediaMotion:
    """How a scene's image moves (a slow Ken Burns zoom and pan over the scene)."""

    ken_burns: bool = True
    zoom: float = 1.08


@dataclass(frozen=True)
class Card:
    """Title card (intro) or closing card (outro); duration 0 means no card."""

    duration: float = 0.0
    text: dict[str, str] = field(default_factory=dict)
    hashtags: bool = False


@dataclass(frozen=True)
class QrPlacement:
    x: int
    y: int
    size: int


@dataclass(frozen=True)
class EndCard:
    """The resources card after the outro: its text style and where the QR code goes (None: no QR code)."""

    duration: float
    text: TextStyle
    qr: QrPlacement | None


@dataclass(frozen=True)
class Template:
    name: str
    description: str
    path: Path
    canvas: Canvas
    background: Background
    logo: Logo | None
    text: TextStyle
    title: TextStyle
    transition: Transition
    intro: Card
    outro: Card
    end_card: EndCard
    files: tuple[Path, ...]
    media: MediaMotion = MediaMotion()

    def style_for(self, kind: EventKind) -> TextStyle:
        """The text style of an event kind: scene, intro/outro (title), or resources and live (the end
        card's style: many short lines)."""
        if kind == "scene":
            return self.text
        return self.end_card.text if kind in ("resources", "live") else self.title

    def with_text_options(self, **changes: Any) -> Template:
        """The same template with every text style changed alike: `digits` (as-written or arabic-indic),
        `language` (the script's, which the shaper and the digits follow)."""
        return dataclasses.replace(
            self,
            text=dataclasses.replace(self.text, **changes),
            title=dataclasses.replace(self.title, **changes),
            end_card=dataclasses.replace(self.end_card, text=dataclasses.replace(self.end_card.text, **changes)),
        )


def available_templates() -> list[str]:
    return sorted(p.parent.name for p in TEMPLATES_DIR.glob("*/template.yaml"))


def resolve_template_path(name_or_path: str, relative_to: Path | None = None) -> Path | None:
    """A shipped template's name, or a path to a template.yaml or its folder.

    With `relative_to` (a path a document names) the path must stay inside that folder,
    symlinks followed; without it (a path the user typed) it may be anywhere.
    """
    if _SHIPPED_NAME.fullmatch(name_or_path) and (TEMPLATES_DIR / name_or_path / "template.yaml").is_file():
        return TEMPLATES_DIR / name_or_path / "template.yaml"
    names = (name_or_path, str(Path(name_or_path) / "template.yaml"))
    if relative_to is None:
        candidates = [Path(name) for name in names]
    else:
        candidates = [path for path in (path_inside(relative_to, name) for name in names) if path]
    return next((candidate for candidate in candidates if candidate.is_file()), None)


def _absolute_font_problem(name: str) -> str:
    if any(Path(name).is_relative_to(folder) for folder in SYSTEM_FONT_FOLDERS):
        return f"no .ttf or .otf file {excerpt(name)} in the system font folders"
    return f"must be a path inside the template's folder or in the shipped fonts, {_SYSTEM_FONTS}"


class _Reader:
    """Turns a validated template document into models, collecting problems with lines."""

    def __init__(self, document: SourceDocument):
        self.document = document
        self.folder = document.path.parent
        self.palette: dict[str, str] = document.data.get("palette", {})
        self.problems: list[Problem] = []
        self.files: list[Path] = [document.path]

    def problem(self, key: PathKey, message: str) -> None:
        self.problems.append(Problem(str(self.document.path), self.document.line_of(key), format_path(key), message))

    def color(self, value: str, key: PathKey) -> RGBA:
        text = self.palette.get(value, value)
        if not text.startswith("#"):
            self.problem(key, f"unknown colour {excerpt(value)}: not #RRGGBB and not in the palette")
            return (0, 0, 0, 255)
        digits = text[1:]
        alpha = int(digits[6:8], 16) if len(digits) == 8 else 255
        return (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16), alpha)

    def asset(self, name: str, key: PathKey, search_fonts: bool = False) -> Path:
        """A file the template names: inside its folder (or the shipped fonts/ for fonts), symlinks followed."""
        folders = [self.folder] + ([FONTS_DIR] if search_fonts else [])
        where = "inside the template's folder" + (f" or in the shipped fonts, {_SYSTEM_FONTS}" if search_fonts else "")
        for folder in folders:
            candidate = folder / name
            if candidate.exists() and path_inside(folder, name) is None:
                break
            if candidate.is_file():
                self.files.append(candidate)
                return candidate
        if all(path_inside(folder, name) is None for folder in folders) or (folder / name).exists():
            self.problem(key, f"must be a path {where}")
        else:
            self.problem(key, f"file {excerpt(name)} not found {where}")
        return self.folder / name

    def checked(self, path: Path, key: PathKey, verify: Callable[[Path], Any]) -> Path:
        """`path` after `verify` (an image or font check) accepted its content. Shipped fonts are part
        of the installation, not input, and are not parsed again on every run."""
        if path in self.files and path.parent != FONTS_DIR:
            try:
                verify(path)
            except NotMedia as error:
                self.problem(key, str(error))
        return path

    def image(self, name: str, key: PathKey) -> Path:
        return self.checked(self.asset(name, key), key, verify_image)

    def fonts(self, entries: list[str | dict[str, str]], key: PathKey) -> tuple[Path, ...]:
        return tuple(
            self.checked(self.font(entry, key + (i,)), key + (i,), verify_font) for i, entry in enumerate(entries)
        )

    def font(self, entry: str | dict[str, str], key: PathKey) -> Path:
        """A font file: inside the template's folder or the shipped fonts, an absolute path inside the system
        font folders, or an installed family ({family, style}) that fontconfig finds there. System fonts
        are read like any other input (parsed, hashed into the render's inputs), never written."""
        if isinstance(entry, dict):
            try:
                found = font_for_family(entry["family"], entry.get("style"))
            except SystemFontRefused as error:
                self.problem(key, str(error))
                return Path(entry["family"])
        elif Path(entry).is_absolute():
            system_file = inside_system_folders(Path(entry))
            if system_file is None:
                self.problem(key, _absolute_font_problem(entry))
                return Path(entry)
            found = system_file
        else:
            return self.asset(entry, key, search_fonts=True)
        self.files.append(found)
        return found

    def text_style(
        self, spec: dict[str, Any], key: PathKey, canvas: Canvas, fonts: tuple[Path, ...], base: TextStyle | None = None
    ) -> TextStyle:
        if base is None:
            base = TextStyle(
                box=Box(
                    round(canvas.width * 0.083),
                    round(canvas.height * 0.24),
                    round(canvas.width * 0.75),
                    round(canvas.height * 0.38),
                ),
                fonts=fonts,
            )
        values: dict[str, Any] = {"fonts": fonts}
        if "box" in spec:
            values["box"] = Box(**spec["box"])
            box = values["box"]
            if box.x + box.width > canvas.width or box.y + box.height > canvas.height:
                self.problem(key + ("box",), f"box reaches outside the {canvas.width}x{canvas.height} canvas")
        for name in ("size", "min_size", "line_spacing", "align", "vertical_align", "readability"):
            if name in spec:
                values[name] = spec[name]
        if "fill" in spec:
            values["fill"] = self.color(spec["fill"], key + ("fill",))
        if "stroke" in spec:
            stroke = spec["stroke"]
            values["stroke"] = Stroke(
                stroke.get("width", 2), self.color(stroke.get("color", "#000000"), key + ("stroke", "color"))
            )
        if "shadow" in spec:
            shadow = spec["shadow"]
            values["shadow"] = Shadow(
                tuple(shadow.get("offset", [0, 4])),
                shadow.get("blur", 6),
                self.color(shadow.get("color", "#00000080"), key + ("shadow", "color")),
            )
        if "panel" in spec:
            panel = spec["panel"]
            values["panel"] = Panel(
                self.color(panel.get("color", "#00000080"), key + ("panel", "color")),
                panel.get("padding", 40),
                panel.get("radius", 28),
            )
        style = dataclasses.replace(base, **values)
        if style.min_size > style.size:
            self.problem(key + ("min_size",), f"must be <= size ({style.size})")
        return style

    def card(self, spec: dict[str, Any] | None) -> Card:
        if not spec:
            return Card()
        return Card(spec.get("duration", 2.0), dict(spec.get("text", {})), spec.get("hashtags", False))

    def end_card(self, spec: dict[str, Any], canvas: Canvas, text: TextStyle, logo: Logo | None) -> EndCard:
        """Defaults: centred text in the upper safe zone below a logo at the top; under it a QR code of
        a fifth of the width ending at 65% of the height, secondary to the phone numbers (`qr: false`
        leaves it out and gives the text that room)."""
        qr = self.qr_placement(spec.get("qr", {}), canvas)
        top = round(canvas.height * 0.15)
        if logo is not None and logo.position.startswith("top") and not self.problems:
            x, y, width, height = logo.rectangle((canvas.width, canvas.height))
            top = max(top, y + height + round(canvas.height * 0.0125))
        bottom = qr.y - round(canvas.height * 0.01) if qr else round(canvas.height * 0.65)
        text_spec = spec.get("text", {})
        size = round(canvas.width * 0.064)
        base = dataclasses.replace(
            text,
            box=Box(text.box.x, top, text.box.width, max(16, bottom - top)),
            size=size,
            min_size=min(round(canvas.width * 0.036), text_spec.get("size", size)),
            line_spacing=1.25,
            align="center",
        )
        style = self.text_style(text_spec, ("end_card", "text"), canvas, text.fonts, base)
        return EndCard(spec.get("duration", 4.0), style, qr)

    def qr_placement(self, spec: dict[str, int] | bool, canvas: Canvas) -> QrPlacement | None:
        """The QR code's square: the template's, else the default; None for `qr: false`."""
        if spec is False:
            return None
        size = round(canvas.width * 0.2)
        qr = (
            QrPlacement(**spec)
            if isinstance(spec, dict) and spec
            else QrPlacement((canvas.width - size) // 2, round(canvas.height * 0.65) - size, size)
        )
        if qr.x + qr.size > canvas.width or qr.y + qr.size > canvas.height:
            self.problem(("end_card", "qr"), f"QR code reaches outside the {canvas.width}x{canvas.height} canvas")
        return qr

    def build(self) -> Template:
        data = self.document.data
        canvas = Canvas(**data.get("canvas", {}))
        text_fonts = self.fonts(data["fonts"]["text"], ("fonts", "text"))
        title_fonts = self.fonts(data["fonts"]["title"], ("fonts", "title")) if "title" in data["fonts"] else text_fonts
        text = self.text_style(data["text"], ("text",), canvas, text_fonts)
        title_base = dataclasses.replace(text, size=round(text.size * 1.3), min_size=text.min_size)
        title = self.text_style(data.get("title_text", {}), ("title_text",), canvas, title_fonts, title_base)
        digits = data.get("digits", "as-written")
        text, title = dataclasses.replace(text, digits=digits), dataclasses.replace(title, digits=digits)

        bg = data["background"]
        colors: tuple[RGBA, ...] = ()
        if bg["type"] == "solid":
            colors = (self.color(bg["color"], ("background", "color")),)
        elif bg["type"] == "gradient":
            colors = tuple(self.color(c, ("background", "colors", i)) for i, c in enumerate(bg["colors"]))
        elif "color" in bg:
            colors = (self.color(bg["color"], ("background", "color")),)
        image = self.image(bg["image"], ("background", "image")) if bg["type"] == "image" else None
        background = Background(bg["type"], colors, image)

        logo = None
        if "logo" in data:
            spec = data["logo"]
            logo = Logo(
                self.image(spec["image"], ("logo", "image")),
                spec.get("position", "top-right"),
                spec.get("width", 160),
                spec.get("margin", 64),
                spec.get("opacity", 1.0),
            )
        spec = data.get("transition", {})
        highlight = (
            self.color(spec["highlight"], ("transition", "highlight")) if "highlight" in spec else DEFAULT_HIGHLIGHT
        )
        transition = Transition(spec.get("type", "fade"), spec.get("duration", 0.4), highlight)
        template = Template(
            name=data["name"],
            description=data.get("description", ""),
            path=self.document.path,
            canvas=canvas,
            background=background,
            logo=logo,
            text=text,
            title=title,
            transition=transition,
            intro=self.card(data.get("intro")),
            outro=self.card(data.get("outro")),
            end_card=self.end_card(data.get("end_card", {}), canvas, text, logo),
            files=tuple(dict.fromkeys(self.files)),
            media=MediaMotion(**data.get("media", {})),
        )
        if self.problems:
            raise InputError(self.problems)
        return template


def load_template(path: Path | str) -> Template:
    """Load a template.yaml, validate it against the schema and resolve its assets."""
    document = load_document(path)
    validate(document, "template")
    return _Reader(document).build()
