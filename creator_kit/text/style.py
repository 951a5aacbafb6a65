"""How a block of text looks; built by the template loader, read by layout and draw."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

RGBA = tuple[int, int, int, int]
LineAlign = Literal["left", "center", "right"]
Align = Literal[LineAlign, "auto"]
"""`auto` aligns a paragraph to its direction's start: right for right-to-left text, else left."""
VerticalAlign = Literal["top", "center", "bottom"]
Digits = Literal["as-written", "arabic-indic"]
ReadabilityMode = Literal["auto", "plate", "outline", "none"]
"""How text is kept readable over the picture behind it (planning/readability.py)."""


@dataclass(frozen=True)
class Box:
    x: int
    y: int
    width: int
    height: int


@dataclass(frozen=True)
class Stroke:
    width: int
    color: RGBA


@dataclass(frozen=True)
class Shadow:
    offset: tuple[int, int]
    blur: float
    color: RGBA


@dataclass(frozen=True)
class Panel:
    color: RGBA
    padding: int
    radius: int


@dataclass(frozen=True)
class TextStyle:
    """A text box: where it sits, its fonts in fallback order and how it is painted."""

    box: Box
    fonts: tuple[Path, ...]
    size: int = 72
    min_size: int = 36
    line_spacing: float = 1.3
    align: Align = "auto"
    vertical_align: VerticalAlign = "center"
    fill: RGBA = (255, 255, 255, 255)
    stroke: Stroke | None = None
    shadow: Shadow | None = None
    panel: Panel | None = None
    digits: Digits = "as-written"
    language: str | None = None
    """The text's language (BCP 47, `fa`, `ur`): raqm shapes with it, and `digits` follows it."""
    readability: ReadabilityMode = "auto"
    """How the text is kept readable over the picture behind it: auto, plate, outline or none
    (planning/readability.py)."""
