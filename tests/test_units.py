"""Left-to-right units inside right-to-left text, and where lines may break (text/units.py,
text/breaking.py): pure functions, and the same units in the picture's lines and the captions."""

from __future__ import annotations

import pytest
from conftest import FONTS

from creator_kit.output.captions import to_srt
from creator_kit.planning.post_caption import compose_platform_caption
from creator_kit.planning.timeline import Event
from creator_kit.text.breaking import words
from creator_kit.text.fonts import FontSet
from creator_kit.text.layout import Measurer, wrap
from creator_kit.text.shaping import RAQM
from creator_kit.text.units import break_points, find_units, isolated

LRI, PDI = "\u2066", "\u2069"
FONT_SET = FontSet((FONTS / "NotoSansArabic-Regular.ttf", FONTS / "NotoSans-Regular.ttf"))


def units_of(text: str) -> list[tuple[str, str]]:
    return [(text[unit.start : unit.end], unit.kind) for unit in find_units(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("راسلونا على help@example.org اليوم", [("help@example.org", "email")]),
        ("اتصل على +971 4 519 2519 الآن", [("+971 4 519 2519", "phone")]),
        ("اتصل على +٩٧١ ٤ ٥١٩ ٢٥١٩ الآن", [("+٩٧١ ٤ ٥١٩ ٢٥١٩", "phone")]),
        ("زوروا www.who.int/ar/mental_health.", [("www.who.int/ar/mental_health", "url")]),
        ("تابعوا @kulna_maak و#كلنا_معاك", [("@kulna_maak", "handle"), ("#كلنا_معاك", "hashtag")]),
        ("الحرارة -5 °C والمسافة 1 000 km", [("-5 °C", "number"), ("1 000 km", "number")]),
        ("نسبة 53% من 18-24", []),
        ("اتصل على 800 4673 أو ٠٤ ٥١٩ ٢٥١٩", [("800 4673", "number"), ("٠٤ ٥١٩ ٢٥١٩", "number")]),
    ],
)
def test_units_are_found_by_their_recognisers(text, expected):
    assert units_of(text) == expected


def test_an_address_is_one_unit_not_a_handle_after_a_word():
    assert units_of("help@example.org") == [("help@example.org", "email")]


def test_a_url_breaks_only_after_its_own_separators():
    url = "https://example.org/mental_health/resources?lang=ar&x=1"
    pieces = [url[a:b] for a, b in zip((0, *break_points(url)), (*break_points(url), len(url)))]
    assert all(piece[-1] in "/.?&" for piece in pieces[:-1])
    assert "health" in "".join(pieces) and not any(piece.endswith("heal") for piece in pieces)
    assert break_points("help@example.org") == ()


def test_words_keep_units_whole_and_a_mark_with_the_word_before_it():
    assert words("اتصل على +971 4 519 2519 الآن") == ["اتصل", "على", "+971 4 519 2519", "الآن"]
    assert words("رَيْبَ ۛ فِيهِ ۛ هُدًى") == ["رَيْبَ ۛ", "فِيهِ ۛ", "هُدًى"]


@pytest.mark.parametrize("width", [480, 600, 800, 1000])
def test_wrapping_moves_a_phone_number_whole_and_never_starts_a_line_with_a_mark(width):
    measurer = Measurer(FONT_SET, 60, RAQM)
    text = "اتصل على +971 4 519 2519 الآن رَيْبَ ۛ فِيهِ ۛ هُدًى لِلْمُتَّقِينَ"
    lines = wrap(text, width, lambda candidate: measurer.width(candidate, True))
    assert sum("+971 4 519 2519" in line for line in lines) == 1
    assert not any(line[0] in "\u06db\u064e\u0651" for line in lines)


def test_a_url_too_wide_for_a_line_breaks_after_a_slash_not_mid_word():
    measurer = Measurer(FONT_SET, 60, RAQM)
    url = "https://www.example.org/mental_health/resources"
    lines = wrap(f"زوروا {url}", 600, lambda candidate: measurer.width(candidate, True))
    shown = [line.replace(LRI, "").replace(PDI, "") for line in lines]
    assert "".join(shown).replace("زوروا", "") == url
    assert all(line.endswith(("/", ".", "زوروا")) for line in shown[:-1]), lines
    assert all(line.startswith(LRI) and line.endswith(PDI) for line in lines[1:]), "each URL line an LTR isolate"


def test_captions_and_post_caption_keep_a_phone_number_whole_in_a_left_to_right_isolate():
    text = "اتصل على +971 4 519 2519 الآن"
    assert isolated(text, ("phone",)) == f"اتصل على {LRI}+971 4 519 2519{PDI} الآن"
    assert f"{LRI}+971 4 519 2519{PDI}" in to_srt((Event("scene", 0, text, 0, 30, 30),))
    caption = compose_platform_caption(text + " كلمة" * 600, ("#كلنا_معاك",), (), "tiktok")
    assert f"{LRI}+971 4 519 2519{PDI}" in caption
