"""Shaping: paragraph direction, visual run order, atomic tokens, both engines' drawable text."""

from __future__ import annotations

import unicodedata

import pytest
from conftest import FONTS

from creator_kit.errors import CreatorKitError
from creator_kit.text.fonts import FontSet
from creator_kit.text.shaping import (
    FALLBACK,
    RAQM,
    drawable,
    itemize,
    localize_digits,
    paragraph_is_rtl,
    raqm_available,
    select_engine,
)
from creator_kit.text.units import find_units

ARABIC_FONTS = FontSet((FONTS / "NotoSansArabic-Bold.ttf", FONTS / "NotoSans-Bold.ttf", FONTS / "NotoColorEmoji.ttf"))


def visual(text: str) -> list[str]:
    return [run.text for run in itemize(text, paragraph_is_rtl(text), ARABIC_FONTS)]


@pytest.mark.parametrize(
    "text, rtl",
    [
        ("لست وحدك", True),
        ("You are not alone", False),
        ("53% من الشباب", True),
        ("TikTok على", False),
        ("  #كلنا_معاك", True),
        ("2025", False),
        ("", False),
    ],
)
def test_paragraph_direction_comes_from_the_first_strong_character(text, rtl):
    assert paragraph_is_rtl(text) is rtl


def test_runs_of_a_mixed_arabic_line_are_in_visual_order():
    assert [r.strip() for r in visual("مرحبا Hello world بكم")] == ["بكم", "Hello world", "مرحبا"]


def test_number_range_in_arabic_follows_the_bidi_algorithm():
    runs = [r.strip() for r in visual("الفئة 18-24 تخشى")]
    assert runs == ["تخشى", "24", "-", "18", "الفئة"]


def test_hashtags_and_handles_stay_whole_in_their_own_direction():
    runs = [r.strip() for r in visual("شاركنا مع #كلنا_معاك و #EndTheStigma على TikTok")]
    assert "#EndTheStigma" in runs
    arabic_tag = runs[runs.index("#EndTheStigma") + 2 : runs.index("شاركنا مع")]
    assert arabic_tag == ["معاك", "_", "كلنا", "#"], "read right to left: # كلنا _ معاك"
    assert "".join(visual("Follow @kulna_maak today")) == "Follow @kulna_maak today"


def test_urls_are_one_run():
    assert "https://findahelpline.com" in [r.strip() for r in visual("زوروا https://findahelpline.com اليوم.")]


def test_units_leave_trailing_punctuation_out():
    text = "Visit https://findahelpline.com. #EndTheStigma!"
    assert [text[unit.start : unit.end] for unit in find_units(text)] == ["https://findahelpline.com", "#EndTheStigma"]


def test_glyphs_missing_from_the_arabic_font_come_from_the_latin_font():
    runs = itemize("56% من جيل Z #كلنا_معاك", True, ARABIC_FONTS)
    by_text = {run.text.strip(): run.font.name for run in runs}
    assert by_text["Z"] == "NotoSans-Bold.ttf"
    assert by_text["#"] == "NotoSans-Bold.ttf" and by_text["_"] == "NotoSans-Bold.ttf"
    assert by_text["كلنا"] == "NotoSansArabic-Bold.ttf"


def test_emoji_come_from_the_colour_font():
    runs = itemize("لست وحدك 💚", True, ARABIC_FONTS)
    assert [run.font.name for run in runs if "💚" in run.text] == ["NotoColorEmoji.ttf"]


def test_raqm_gets_plain_logical_text_never_reshaped():
    run = itemize("لا تحزن", True, ARABIC_FONTS)[0]
    text, options = drawable(run, RAQM)
    assert text == "لا تحزن" and options == {"direction": "rtl"}


def test_fallback_joins_letters_into_contextual_forms_and_lam_alef():
    run = itemize("لا تحزن", True, ARABIC_FONTS)[0]
    text, options = drawable(run, FALLBACK)
    names = [unicodedata.name(c) for c in text if c != " "]
    assert options == {}
    assert all("FORM" in name or "LIGATURE" in name for name in names), names
    assert any("LIGATURE LAM WITH ALEF" in name for name in names)
    assert text[0] == "\ufee5", "visual order: the last letter of تحزن (isolated noon after zain) comes first"


def test_fallback_keeps_harakat_before_their_letter_for_left_to_right_drawing():
    run = itemize("مَرْحَبًا", True, ARABIC_FONTS)[0]
    text, _ = drawable(run, FALLBACK)
    assert "\u064e" in text and "\u064b" in text, "harakat are kept (arabic-reshaper deletes them by default)"
    for index, char in enumerate(text):
        if unicodedata.category(char) == "Mn":
            assert unicodedata.category(text[index + 1]).startswith("L"), "mark precedes the letter it sits on"


def test_arabic_indic_digits_only_when_asked():
    assert localize_digits("53% من 18-24", "arabic-indic") == "٥٣٪ من ١٨-٢٤"
    assert localize_digits("53% من 18-24", "as-written") == "53% من 18-24"


def test_engine_selection(monkeypatch):
    monkeypatch.setenv("CREATOR_KIT_SHAPER", "fallback")
    assert select_engine() == FALLBACK
    assert select_engine(RAQM) == RAQM, "an explicit choice wins over the environment"
    monkeypatch.delenv("CREATOR_KIT_SHAPER")
    assert select_engine() == RAQM, "the best available engine by default"
    with pytest.raises(CreatorKitError, match="unknown shaping engine"):
        select_engine("harfbuzz")


def test_raqm_is_available_where_the_tests_run():
    assert raqm_available(), "install Debian's libfribidi0 so Pillow's RAQM layout loads"
