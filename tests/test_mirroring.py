"""Rule L4 of the Unicode Bidi Algorithm: in a right-to-left run a character with a Bidi_Mirroring_Glyph
is drawn as that glyph, by both engines. The reference is the mirror character drawn left to right by
the same font, so each engine's picture is compared with what the reader must see (〉 for 〈 inside
Arabic), for every mirrored pair the shipped fonts can draw, not only ASCII brackets and «»."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import numpy as np
import pytest
import regex
from conftest import FONTS
from fontTools.ttLib import TTFont
from fontTools.unicodedata import mirrored
from PIL import ImageFont

from creator_kit.text.fonts import FontSet, is_ignorable
from creator_kit.text.shaping import FALLBACK, RAQM, Run, drawable, itemize, layout_engine

FONT = FONTS / "NotoSans-Regular.ttf"


def mirrored_pairs_in(font_path) -> list[tuple[str, str]]:
    """Characters Unicode marks Bidi_Mirrored (Python's unicodedata) with a Bidi_Mirroring_Glyph the font
    also draws."""
    with TTFont(font_path) as font:
        cmap = font.getBestCmap()
    return [
        (chr(code), chr(mirrored(code)))
        for code in sorted(cmap)
        if unicodedata.mirrored(chr(code)) and mirrored(code) and mirrored(code) in cmap and mirrored(code) != code
    ]


PAIRS = mirrored_pairs_in(FONT)


def picture(text: str, engine: str, **options) -> np.ndarray:
    font = ImageFont.truetype(str(FONT), 48, layout_engine=layout_engine(engine))
    return np.asarray(font.getmask(text, **options))


def test_the_font_draws_mirrored_pairs_beyond_ascii_brackets():
    beyond = [pair for pair in PAIRS if pair[0] not in "()[]{}<>«»"]
    assert len(beyond) >= 10, beyond


@pytest.mark.parametrize("engine", [RAQM, FALLBACK])
def test_each_engine_draws_the_mirror_glyph_in_a_right_to_left_run(engine):
    wrong = []
    for char, mirror in PAIRS:
        text, options = drawable(Run(char, FONT, rtl=True), engine)
        drawn = picture(text, engine, **options)
        expected = picture(mirror, engine)
        if drawn.shape != expected.shape or not np.array_equal(drawn, expected):
            wrong.append(f"U+{ord(char):04X}")
    assert wrong == []


@pytest.mark.parametrize("engine", [RAQM, FALLBACK])
def test_a_left_to_right_run_keeps_its_characters(engine):
    for char, _ in PAIRS:
        text, options = drawable(Run(char, FONT, rtl=False), engine)
        assert np.array_equal(picture(text, engine, **options), picture(char, engine))


# Unicode's own conformance data (Debian's unicode-data package, installed by scripts/run-tests).
BIDI_CHARACTER_TEST = Path("/usr/share/unicode/BidiCharacterTest.txt")
FONT_SET = FontSet((FONTS / "NotoSansArabic-Regular.ttf", FONT))
# Left out: paragraph separators (one line is one paragraph here), Arabic letters (the fallback
# reshapes them into presentation forms, compared elsewhere) and # @ (hashtags and handles are kept
# whole on purpose, a documented departure from the algorithm).
_LEFT_OUT = regex.compile(r"[\p{Bidi_Class=B}\p{Bidi_Class=AL}#@]")


def official_mirroring_cases() -> list[tuple[str, int, list[int | None], list[int]]]:
    """Lines of BidiCharacterTest.txt in which a character with a Bidi_Mirroring_Glyph is at an odd
    (right-to-left) level: text, paragraph direction, levels (None where removed), visual order. All of
    those with a mirrored character beyond ASCII, every tenth of those with ASCII brackets only (tens of
    thousands of machine-made bracket pairs)."""
    cases = []
    ascii_only = 0
    for line in BIDI_CHARACTER_TEST.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        codes, direction, _, levels, order = line.split(";")
        text = "".join(chr(int(code, 16)) for code in codes.split())
        resolved = [None if level == "x" else int(level) for level in levels.split()]
        if _LEFT_OUT.search(text) or direction == "2":
            continue
        mirrored_at_odd = [char for char, level in zip(text, resolved) if mirrored(ord(char)) and level and level % 2]
        if mirrored_at_odd and all(char.isascii() for char in mirrored_at_odd):
            ascii_only += 1
            if ascii_only % 10:
                continue
        if mirrored_at_odd:
            cases.append((text, int(direction), resolved, [int(index) for index in order.split()]))
    return cases


CASES = official_mirroring_cases()


def test_the_official_data_has_cases_beyond_ascii_brackets():
    assert len(CASES) > 1000
    assert any("\u2329" in text for text, *_ in CASES) and any("\u3008" in text for text, *_ in CASES)


def test_the_fallback_draws_every_official_line_in_order_with_its_mirror_glyphs():
    """The characters the fallback engine hands to the font, left to right, are the official visual
    order with every character at an odd level replaced by its mirror (rule L4)."""
    wrong = []
    for text, direction, levels, order in CASES:
        expected = "".join(
            chr(mirrored(ord(text[i])) or ord(text[i])) if levels[i] % 2 else text[i]  # type: ignore[operator]
            for i in order
        )
        drawn = "".join(drawable(run, FALLBACK)[0] for run in itemize(text, direction == 1, FONT_SET))
        if drawn != "".join(char for char in expected if not is_ignorable(char)):
            wrong.append(" ".join(f"{ord(char):04X}" for char in text))
    assert wrong[:5] == [] and len(wrong) == 0


@pytest.mark.parametrize("engine", [RAQM, FALLBACK])
def test_each_engine_mirrors_the_official_cases_characters_the_fonts_draw(engine):
    """What the fonts can draw of the mirrored characters of the official lines, drawn right to left by
    each engine, looks like its mirror drawn left to right."""
    in_cases = {char for text, *_ in CASES for char in text if mirrored(ord(char))}
    drawable_pairs = [(char, mirror) for char, mirror in PAIRS if char in in_cases]
    assert len(drawable_pairs) >= 6  # the shipped fonts draw no 〈 (U+2329, U+3008): those are refused
    for char, mirror in drawable_pairs:
        text, options = drawable(Run(char, FONT, rtl=True), engine)
        assert np.array_equal(picture(text, engine, **options), picture(mirror, engine)), f"U+{ord(char):04X}"
