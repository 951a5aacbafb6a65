"""A highlighted word is the shaped line's own glyphs in another colour, inside the word's span.

Spans come from the shaped line (text/highlight.py); painting (text/draw.py)
keeps the highlight-coloured glyphs inside them. No encoding here: pictures
are painted at a quarter of the canvas (270x480) by a copy of the shipped
template's style, with both shaping engines.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from test_text_hostile import DRAWN

from creator_kit.inputs.template import load_template, resolve_template_path
from creator_kit.text.draw import Highlight, draw_highlighted, draw_text, span_rectangles
from creator_kit.text.highlight import word_spans
from creator_kit.text.layout import fit_text, layout_at_size
from creator_kit.text.style import Box

ENGINES = ("raqm", "fallback")
SIZE = (540, 960)
HIGHLIGHT = (255, 210, 63, 255)
ARABIC = "الحديث عن مشاعرك قوة وليس ضعفا"
MIXED = "قال 53% من جيل Gen Z إن الصحة النفسية مهمة #كلنا_معاك"
BIDI = "مرحبا Hello World يا صديقي"
ENGLISH = "Talking about 2 feelings is strength"


@pytest.fixture(scope="module")
def style():
    """kulna-maak's text style at half the canvas, without the shadow (ink is then the glyphs alone)."""
    text = load_template(resolve_template_path("kulna-maak")).text
    return dataclasses.replace(text, box=Box(45, 200, 405, 410), size=40, min_size=20, shadow=None)


def _ink(image) -> np.ndarray:
    return np.asarray(image)[..., 3] > 0


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    "text",
    [ARABIC, MIXED, BIDI, ENGLISH] + [text for _, text in DRAWN],
    ids=["arabic", "mixed", "bidi", "english"] + [name for name, _ in DRAWN],
)
def test_spans_are_disjoint_and_cover_each_words_ink(text, engine, style):
    """Also for every hostile-but-drawn text (joiners, bidi controls, isolates, emoji sequences, URLs)."""
    layout = fit_text(text, style, engine)
    words = text.split()
    spans = word_spans(layout, words)
    assert len(spans) == len(words) and all(spans), "every word has a span"
    for line in range(len(layout.lines)):
        on_line = sorted((s.left, s.right) for word in spans for s in word if s.line == line)
        assert all(right >= left for left, right in on_line)
        assert all(later[0] >= earlier[1] - 0.01 for earlier, later in zip(on_line, on_line[1:])), on_line
    ink = _ink(draw_text(layout, style, SIZE))
    covered = np.zeros_like(ink)
    for word, word_span in zip(words, spans):
        inside = np.zeros_like(ink)
        for left, top, right, bottom in span_rectangles(layout, style, word_span, SIZE):
            inside[top:bottom, left:right] = True
        assert (ink & inside).any(), f"{word!r}: its rectangles hold ink"
        assert not (covered & inside).any(), f"{word!r}: its rectangles overlap another word's"
        covered |= inside
    assert not (ink & ~covered).any(), "every inked pixel lies in some word's rectangles"


def _centre(spans) -> float:
    return sum((s.left + s.right) / 2 for s in spans) / len(spans)


@pytest.mark.parametrize("engine", ENGINES)
def test_spans_are_in_reading_order(engine, style):
    arabic = fit_text(ARABIC, style, engine)
    for line in range(len(arabic.lines)):
        centres = [_centre(s) for s in word_spans(arabic, ARABIC.split()) if s[0].line == line]
        assert centres == sorted(centres, reverse=True), "an Arabic line reads from the right"
    english = fit_text(ENGLISH, style, engine)
    for line in range(len(english.lines)):
        centres = [_centre(s) for s in word_spans(english, ENGLISH.split()) if s[0].line == line]
        assert centres == sorted(centres)
    mixed = fit_text(BIDI, dataclasses.replace(style, size=30), engine)
    assert len(mixed.lines) == 1
    hello, world, ya = (_centre(s) for s in word_spans(mixed, BIDI.split())[1:4])
    marhaba, sadiqi = _centre(word_spans(mixed, BIDI.split())[0]), _centre(word_spans(mixed, BIDI.split())[4])
    # Right to left: مرحبا, then "Hello World" read left to right, then يا, then صديقي.
    assert marhaba > world > hello > ya > sadiqi


@pytest.mark.parametrize("engine", ENGINES)
def test_a_highlighted_arabic_word_keeps_the_lines_joined_glyphs(engine, style):
    """The alpha (the glyphs' ink) of the highlighted picture is the plain one's exactly; only colour
    changes, and only inside the word's rectangles. A word whose letters were shaped apart would show
    other ink there, so this comparison can fail."""
    layout = fit_text(ARABIC, style, engine)
    words = ARABIC.split()
    middle = words.index("مشاعرك")
    spans = word_spans(layout, words)[middle]
    plain = np.asarray(draw_text(layout, style, SIZE))
    lit = np.asarray(draw_highlighted(layout, style, SIZE, Highlight(spans, HIGHLIGHT)))
    assert np.array_equal(lit[..., 3], plain[..., 3]), "the same glyphs: identical ink"
    changed = (lit[..., :3] != plain[..., :3]).any(axis=2)
    inside = np.zeros_like(changed)
    for left, top, right, bottom in span_rectangles(layout, style, spans, SIZE):
        inside[top:bottom, left:right] = True
    assert changed.sum() > 200, "the word is drawn in the highlight colour"
    assert not (changed & ~inside).any(), "only the word changes colour"
    highlighted = (np.abs(lit[..., :3].astype(int) - HIGHLIGHT[:3]).max(axis=2) <= 8) & (lit[..., 3] == 255)
    assert highlighted.any() and not (highlighted & ~inside).any()

    apart = "\u200c".join(words[middle])
    isolated = layout_at_size(ARABIC.replace(words[middle], apart), style, layout.size, engine)
    assert [line.text.count(" ") for line in isolated.lines] == [line.text.count(" ") for line in layout.lines]
    other = np.asarray(draw_text(isolated, style, SIZE))[..., 3]
    assert not np.array_equal(other[inside], plain[..., 3][inside]), "unjoined letters would show other ink"
