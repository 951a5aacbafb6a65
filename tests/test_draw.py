"""Drawing: ink stays in its box, colour emoji are in colour, panel/shadow/stroke are painted."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from conftest import FONTS

from creator_kit.text.draw import draw_text, text_bounds
from creator_kit.text.layout import TextBlock, fit_blocks, fit_text
from creator_kit.text.shaping import FALLBACK, RAQM
from creator_kit.text.style import Box, Panel, Shadow, Stroke, TextStyle

SIZE = (1080, 1920)
STYLE = TextStyle(
    box=Box(90, 400, 810, 800),
    fonts=(FONTS / "NotoSansArabic-Regular.ttf", FONTS / "NotoSans-Regular.ttf", FONTS / "NotoColorEmoji.ttf"),
    size=80,
    min_size=36,
)
MIXED = "مَرْحَبًا بِكُمْ! 53% من الفئة 18-24 يتحدثون عن #الصحة_النفسية مع TikTok 💚"


def ink_box(image) -> tuple[int, int, int, int]:
    alpha = np.asarray(image)[..., 3]
    rows, columns = np.nonzero(alpha)
    return columns.min(), rows.min(), columns.max(), rows.max()


@pytest.mark.parametrize("engine", [RAQM, FALLBACK])
def test_every_inked_pixel_is_inside_the_box(engine):
    image = draw_text(fit_text(MIXED * 3, STYLE, engine), STYLE, SIZE)
    left, top, right, bottom = ink_box(image)
    box = STYLE.box
    assert box.x <= left and right < box.x + box.width
    assert box.y <= top and bottom < box.y + box.height


@pytest.mark.parametrize("engine", [RAQM, FALLBACK])
def test_emoji_are_drawn_in_colour(engine):
    pixels = np.asarray(draw_text(fit_text("لست وحدك 💚", STYLE, engine), STYLE, SIZE)).astype(int)
    opaque = pixels[pixels[..., 3] > 200]
    saturation = opaque[:, :3].max(axis=1) - opaque[:, :3].min(axis=1)
    assert (saturation > 80).sum() > 200, "a green heart, not a white box"


def test_right_aligned_arabic_hugs_the_right_edge_and_english_the_left():
    arabic = ink_box(draw_text(fit_text("لست وحدك", STYLE, RAQM), STYLE, SIZE))
    english = ink_box(draw_text(fit_text("You are not alone", STYLE, RAQM), STYLE, SIZE))
    right_edge = STYLE.box.x + STYLE.box.width
    assert right_edge - arabic[2] < 12 and arabic[0] > STYLE.box.x + 200
    assert english[0] - STYLE.box.x < 12


def test_panel_shadow_and_stroke_are_painted():
    plain = np.asarray(draw_text(fit_text("لست وحدك", STYLE, RAQM), STYLE, SIZE))
    styled_style = dataclasses.replace(
        STYLE,
        panel=Panel((10, 20, 30, 200), 40, 24),
        shadow=Shadow((0, 6), 4, (0, 0, 0, 180)),
        stroke=Stroke(3, (0, 0, 0, 255)),
    )
    layout = fit_text("لست وحدك", styled_style, RAQM)
    styled = np.asarray(draw_text(layout, styled_style, SIZE))
    left, top, right, bottom = text_bounds(layout, styled_style)
    assert tuple(styled[top - 30, (left + right) // 2][:3]) == (10, 20, 30), "panel colour behind the text"
    assert (styled[..., 3] > 0).sum() > 3 * (plain[..., 3] > 0).sum()


@pytest.mark.parametrize("engine", [RAQM, FALLBACK])
@pytest.mark.parametrize(
    "plain, pasted",
    [
        ("مرحبا بكم", "\u200fمرحبا\u200f \u2067بكم\u2069\u200e"),
        ("Call 1234 now", "Call \u20661234\u2069\u200e now\u2060"),
    ],
)
def test_bidi_controls_and_word_joiners_draw_nothing_of_their_own(engine, plain, pasted):
    layouts = [fit_text(text, STYLE, engine) for text in (plain, pasted)]
    assert abs(layouts[0].width - layouts[1].width) < 1
    ink = [np.asarray(draw_text(layout, STYLE, SIZE))[..., 3] > 0 for layout in layouts]
    assert ink_box(draw_text(layouts[0], STYLE, SIZE)) == ink_box(draw_text(layouts[1], STYLE, SIZE))
    assert abs(int(ink[0].sum()) - int(ink[1].sum())) < 0.02 * ink[0].sum(), "no box for a control"


@pytest.mark.parametrize("engine", [RAQM, FALLBACK])
@pytest.mark.parametrize("sequence", ["👨‍👩‍👧", "👩‍❤️‍👨", "👍🏽", "🏳️‍🌈", "1️⃣", "❤️"])
def test_an_emoji_sequence_is_drawn_as_one_picture(engine, sequence):
    """raqm draws the sequence's own picture; BASIC layout its base emoji (a keycap's grey digit)."""
    image = np.asarray(draw_text(fit_text(sequence, STYLE, engine), STYLE, SIZE))
    left, _, right, _ = ink_box(image)
    assert right - left < 1.4 * STYLE.size, "one picture, not its parts side by side"
    if sequence not in ("👨‍👩‍👧", "1️⃣"):  # Noto's family and keycap pictures are grey
        inked = image[image[..., 3] > 0][:, :3].astype(int)
        assert (inked.max(axis=1) - inked.min(axis=1)).max() > 60, "in colour"


def test_each_line_is_drawn_at_its_own_size_inside_its_bounds():
    blocks = (TextBlock("لست وحدك", 1.0, "title"), TextBlock("#EndTheStigma", 0.5, "hashtags"))
    layout = fit_blocks(blocks, STYLE, RAQM)
    title, hashtags = layout.lines
    alpha = np.asarray(draw_text(layout, STYLE, SIZE))[..., 3] > 0
    rows = np.nonzero(alpha.any(axis=1))[0]
    split = round(STYLE.box.y + (STYLE.box.height - layout.height) / 2 + (title.baseline + hashtags.baseline) / 2)
    title_rows, hashtag_rows = rows[rows < split], rows[rows >= split]
    assert 0 < len(hashtag_rows) < 0.75 * len(title_rows), "the hashtags are drawn smaller than the title"
    left, top, right, bottom = text_bounds(layout, STYLE)
    ink_left, ink_top, ink_right, ink_bottom = ink_box(draw_text(layout, STYLE, SIZE))
    assert left - 2 <= ink_left and ink_right <= right + 2 and top <= ink_top and ink_bottom <= bottom
