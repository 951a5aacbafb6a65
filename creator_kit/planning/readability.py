"""Text that reads over any picture: the contrast of a text style against the pixels behind it, and the
treatment (a plate, an outline, or nothing) that brings it to the minimum.

Pure functions over colours and pixel arrays; the pictures themselves are sampled by
paint/readability.py. Contrast is WCAG 2.2's ratio of relative luminances. A plate is a rounded panel
behind the lines: its colour is black or white, whichever contrasts more with the text colour (a
template's own panel keeps its colour), and it is made just opaque enough for the worst pixel sampled
behind the text over the scene's time to reach the minimum with a margin, so a calm picture keeps most
of its light and a busy one gets a firm band.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Literal

import numpy as np

from creator_kit.inputs.template import EventKind
from creator_kit.text.style import RGBA, Panel, Stroke, TextStyle

Treatment = Literal["none", "plate", "outline"]
MeasuredOn = Literal["backdrop", "pictures"]
"""Behind the text: the template's backdrop, or the pictures (footage, scene media) that play there."""

MINIMUM_CONTRAST: dict[EventKind, float] = {"scene": 4.5, "resources": 4.5, "live": 4.5, "intro": 3.0, "outro": 3.0}
"""WCAG 2.2 1.4.3: 4.5:1 for body text, 3:1 for large text (the title cards)."""

CONTRAST_MARGIN = 1.1
"""Treatments aim this much above the minimum: the encode's chroma subsampling and compression move
colours a little, and the samples are a few frames, not all of them."""

PLATE_OPACITIES = tuple(round(0.45 + 0.05 * step, 2) for step in range(10))
"""Plate opacities tried in order (0.45 .. 0.90); the lowest that reaches the target is kept."""

PLATE_PADDING_EM = 0.45
PLATE_RADIUS_EM = 0.35
OUTLINE_WIDTH_EM = 1 / 14
MIN_OUTLINE_WIDTH = 2
"""A stroke at least this wide outlines every glyph, so its colour also counts as background."""

BLACK: tuple[int, int, int] = (0, 0, 0)
WHITE: tuple[int, int, int] = (255, 255, 255)


@dataclass(frozen=True)
class Readability:
    """How an event's text was made readable and what it measures: `treatment` is `none` (the style
    as designed), `plate` or `outline`; `contrast` the lowest ratio over the pixels sampled behind the
    text, after the treatment; `measured_on` says whether those pixels were the template's backdrop or
    the pictures (footage, scene media) that play behind the text."""

    treatment: Treatment
    contrast: float
    minimum: float
    measured_on: MeasuredOn


def relative_luminance(rgb: np.ndarray) -> np.ndarray:
    """WCAG 2.2 relative luminance of sRGB colours (last axis R, G, B in 0..255)."""
    channels = np.asarray(rgb, dtype=np.float64) / 255.0
    linear = np.where(channels <= 0.04045, channels / 12.92, ((channels + 0.055) / 1.055) ** 2.4)
    luminance: np.ndarray = linear @ np.array([0.2126, 0.7152, 0.0722])
    return luminance


def contrast_ratios(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """WCAG contrast ratio (L1 + 0.05) / (L2 + 0.05) between colours, element-wise."""
    a, b = relative_luminance(first), relative_luminance(second)
    ratios: np.ndarray = (np.maximum(a, b) + 0.05) / (np.minimum(a, b) + 0.05)
    return ratios


def over(color: RGBA, background: np.ndarray) -> np.ndarray:
    """`color` (with its alpha) composited over background colours."""
    alpha = color[3] / 255.0
    return np.asarray(color[:3], dtype=np.float64) * alpha + np.asarray(background, dtype=np.float64) * (1 - alpha)


def lowest_contrast(style: TextStyle, background: np.ndarray) -> float:
    """The lowest contrast of the style's text colour over any of the background colours (N x 3).

    The panel, when the style has one, lies between them; a stroke of at least MIN_OUTLINE_WIDTH px
    counts too (the better of the two is taken). Shadows are not counted.
    """
    pixels = np.asarray(background, dtype=np.float64).reshape(-1, 3)
    if style.panel:
        pixels = over(style.panel.color, pixels)
    fill = over(style.fill, pixels)
    ratio = float(contrast_ratios(fill, pixels).min())
    if style.stroke and style.stroke.width >= MIN_OUTLINE_WIDTH:
        outline = over(style.stroke.color, pixels)
        ratio = max(ratio, float(contrast_ratios(fill, outline).min()))
    return round(ratio, 2)


def opposite_of(fill: RGBA) -> tuple[int, int, int]:
    """Black or white, whichever contrasts more with the text colour."""
    colour = np.asarray(fill[:3], dtype=np.float64)
    with_black = float(contrast_ratios(colour, np.asarray(BLACK)))
    with_white = float(contrast_ratios(colour, np.asarray(WHITE)))
    return BLACK if with_black >= with_white else WHITE


def with_plate(style: TextStyle, opacity: float) -> TextStyle:
    """The style over a plate of `opacity` (a template's panel keeps its colour and shape)."""
    alpha = round(opacity * 255)
    if style.panel is not None:
        panel = dataclasses.replace(style.panel, color=(*style.panel.color[:3], max(alpha, style.panel.color[3])))
    else:
        panel = Panel(
            (*opposite_of(style.fill), alpha), round(style.size * PLATE_PADDING_EM), round(style.size * PLATE_RADIUS_EM)
        )
    return dataclasses.replace(style, panel=panel)


def with_outline(style: TextStyle) -> TextStyle:
    """The style with an opaque outline in black or white, whichever contrasts more with the text."""
    width = max(MIN_OUTLINE_WIDTH, round(style.size * OUTLINE_WIDTH_EM))
    return dataclasses.replace(style, stroke=Stroke(width, (*opposite_of(style.fill), 255)))


def _plated(style: TextStyle, background: np.ndarray, target: float) -> TextStyle:
    """The style on the least opaque plate that reaches `target` (the most opaque tried when none does)."""
    for opacity in PLATE_OPACITIES:
        plated = with_plate(style, opacity)
        if lowest_contrast(plated, background) >= target:
            return plated
    return with_plate(style, PLATE_OPACITIES[-1])


def readable_style(
    style: TextStyle, background: np.ndarray, minimum: float, measured_on: MeasuredOn
) -> tuple[TextStyle, Readability]:
    """The style to draw over `background` (the colours sampled behind the text) and how it reads.

    `style.readability` decides: `auto` keeps the style when it already reaches the minimum (with the
    margin) and adds a plate when it does not; `plate` and `outline` always apply theirs; `none` keeps
    the style as designed (check then reports it when it falls short).
    """
    target = minimum * CONTRAST_MARGIN
    mode, as_designed = style.readability, lowest_contrast(style, background)
    if mode == "none" or (mode == "auto" and as_designed >= target):
        return style, Readability("none", as_designed, minimum, measured_on)
    treated = with_outline(style) if mode == "outline" else _plated(style, background, target)
    treatment: Treatment = "outline" if mode == "outline" else "plate"
    return treated, Readability(treatment, lowest_contrast(treated, background), minimum, measured_on)
