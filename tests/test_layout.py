"""Wrapping in logical order, balancing, auto-fit; properties that hold for any text."""

from __future__ import annotations

import dataclasses

import pytest
from conftest import FONTS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from creator_kit.errors import TextDoesNotFit, UndrawableText
from creator_kit.text.layout import TextBlock, balanced_wrap, fit_blocks, fit_text, fits, layout_blocks, wrap
from creator_kit.text.shaping import FALLBACK, RAQM
from creator_kit.text.style import Box, Panel, Stroke, TextStyle

ENGINES = (RAQM, FALLBACK)
STYLE = TextStyle(
    box=Box(90, 400, 810, 800),
    fonts=(FONTS / "NotoNaskhArabic-Bold.ttf", FONTS / "NotoSans-Bold.ttf", FONTS / "NotoColorEmoji.ttf"),
    size=84,
    min_size=40,
)
LONG_ARABIC = (
    "الصحة النفسية لا تقل أهمية عن الصحة الجسدية، والحديث عنها أمر طبيعي، وطلب المساعدة خطوة شجاعة نحو التعافي"
)


def by_length(text: str) -> float:
    return float(len(text))


def test_wrap_breaks_logical_text_at_spaces_in_reading_order():
    assert wrap("one two three four five", 9, by_length) == ["one two", "three", "four five"]


def test_wrapped_arabic_lines_read_top_to_bottom_in_the_written_order():
    lines = wrap(LONG_ARABIC, 20, by_length)
    assert " ".join(lines) == LONG_ARABIC
    assert lines[0].startswith("الصحة النفسية")


def test_hard_newlines_are_kept():
    assert wrap("first line\nsecond", 100, by_length) == ["first line", "second"]


def test_a_word_longer_than_the_line_is_split_not_overflowed():
    assert wrap("#كلنا_معاك_دائما", 6, by_length) == ["#كلنا_", "معاك_د", "ائما"]


def test_balanced_wrap_keeps_the_line_count_and_evens_lengths():
    text = "You are not alone and talking about it is normal"
    greedy, balanced = wrap(text, 40, by_length), balanced_wrap(text, 40, by_length)
    assert len(greedy) == len(balanced) == 2
    assert max(map(len, balanced)) < max(map(len, greedy))


@pytest.mark.parametrize("engine", ENGINES)
def test_long_arabic_sentence_wraps_in_order_on_real_metrics(engine):
    layout = fit_text(LONG_ARABIC, STYLE, engine)
    assert len(layout.lines) >= 3
    assert " ".join(line.text for line in layout.lines) == LONG_ARABIC
    assert layout.rtl and layout.align == "right"
    assert fits(layout, STYLE)


@pytest.mark.parametrize("engine", ENGINES)
def test_alignment_follows_direction_unless_centred(engine):
    assert fit_text("You are not alone", STYLE, engine).align == "left"
    assert fit_text("لست وحدك", STYLE, engine).align == "right"
    centred = dataclasses.replace(STYLE, align="center")
    assert fit_text("لست وحدك", centred, engine).align == "center"


def test_text_shrinks_before_a_word_is_split():
    narrow = dataclasses.replace(STYLE, box=Box(0, 0, 560, 1000))
    layout = fit_text("#MentalHealthMatters", narrow, RAQM)
    assert layout.size < STYLE.size and len(layout.lines) == 1 and not layout.splits_words


def test_text_that_cannot_fit_raises_a_clear_error():
    tiny = dataclasses.replace(STYLE, box=Box(0, 0, 300, 120))
    with pytest.raises(TextDoesNotFit, match="minimum size 40px"):
        fit_text(LONG_ARABIC, tiny, RAQM)


def test_panel_padding_and_stroke_are_inside_the_box():
    padded = dataclasses.replace(STYLE, panel=Panel((0, 0, 0, 128), 60, 20), stroke=Stroke(4, (0, 0, 0, 255)))
    layout = fit_text(LONG_ARABIC, padded, RAQM)
    assert layout.width <= STYLE.box.width - 2 * 64 + 0.5


# Arbitrary text drawn from what campaign captions contain: Arabic letters and
# harakat, Latin, digits, punctuation, hashtags, emoji, spaces and newlines.
ALPHABET = st.sampled_from(
    list("ابتثجحخدذرسشصضطظعغفقكلمنهويءأإآةىلا")
    + list("\u064b\u064e\u064f\u0650\u0651\u0652\u0640")
    + list("abcdefghijklmnopqrstuvwxyzABCXYZ")
    + list("0123456789٠١٢٣٤٥٦٧٨٩")
    + list("#@%_-.,:!?()،؟")
    + ["💚", "🙂", "👍🏽", "❤️", "🤝"]
    + [" "] * 8
    + ["\n"]
)
ANY_TEXT = st.lists(ALPHABET, min_size=1, max_size=160).map("".join).filter(lambda t: t.strip())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=ANY_TEXT, engine=st.sampled_from(ENGINES), width=st.integers(200, 900), height=st.integers(150, 1200))
def test_any_text_fits_its_box_or_says_why(text, engine, width, height):
    style = dataclasses.replace(STYLE, box=Box(0, 0, width, height), size=72, min_size=24)
    try:
        layout = fit_text(text, style, engine)
    except (TextDoesNotFit, UndrawableText):  # e.g. a haraka on a Latin letter: no font has both
        return
    assert layout.width <= width + 0.5
    assert layout.height <= height + 0.5
    assert all(run.run.font for line in layout.lines for run in line.runs), "every character has a font: no tofu"
    shown = "".join(c for c in text if not c.isspace())
    drawn = "".join(line.text for line in layout.lines).replace(" ", "")
    assert drawn == shown, "no character is lost or reordered by wrapping"


def test_arabic_indic_digits_are_drawn_only_when_the_style_asks():
    text = "53% من الفئة 18-24"
    indic = fit_text(text, dataclasses.replace(STYLE, digits="arabic-indic"), RAQM)
    plain = fit_text(text, STYLE, RAQM)
    assert "٥٣٪" in " ".join(line.text for line in indic.lines) and "١٨-٢٤" in indic.lines[-1].text
    assert "53%" in " ".join(line.text for line in plain.lines)


def test_each_paragraph_is_balanced_on_its_own():
    text = "You are not alone and talking about it is normal\n#EndTheStigma"
    lines = balanced_wrap(text, 40, by_length)
    assert lines[-1] == "#EndTheStigma" and len(lines) == 3
    assert abs(len(lines[0]) - len(lines[1])) < 10


@pytest.mark.parametrize("engine", ENGINES)
def test_one_block_keeps_one_size_and_even_line_spacing(engine):
    layout = fit_text(LONG_ARABIC, STYLE, engine)
    assert {line.size for line in layout.lines} == {layout.size}
    assert [line.baseline for line in layout.lines] == pytest.approx(
        [layout.ascent + number * layout.line_height for number in range(len(layout.lines))]
    )
    assert layout.height == pytest.approx(layout.ascent + layout.descent + layout.line_height * (len(layout.lines) - 1))


def test_blocks_keep_their_own_sizes_and_stack_in_order():
    blocks = (TextBlock("لست وحدك", 1.0, "title"), TextBlock("#كلنا_معاك #EndTheStigma", 0.5, "hashtags"))
    layout = layout_blocks(blocks, (80, 40), STYLE, RAQM)
    title, hashtags = layout.lines
    assert (title.size, title.role, hashtags.size, hashtags.role) == (80, "title", 40, "hashtags")
    assert layout.size == 80 and layout.ascent == title.ascent
    assert hashtags.baseline - title.baseline == pytest.approx((title.line_height + hashtags.line_height) / 2)
    assert hashtags.width < title.width * 2 and layout.height == pytest.approx(hashtags.baseline + hashtags.descent)


def test_space_before_a_block_is_in_its_own_line_heights():
    tight = layout_blocks((TextBlock("one"), TextBlock("two", 0.5)), (60, 30), STYLE, RAQM)
    spaced = layout_blocks((TextBlock("one"), TextBlock("two", 0.5, space_before=1.0)), (60, 30), STYLE, RAQM)
    gap = spaced.lines[1].baseline - tight.lines[1].baseline
    assert gap == pytest.approx(spaced.lines[1].line_height)


def test_blocks_that_shrink_first_give_up_size_before_the_others():
    narrow = dataclasses.replace(STYLE, box=Box(0, 0, 560, 1000))
    blocks = (TextBlock("Talk"), TextBlock("#MentalHealthMattersEveryDay", 0.6, shrinks_first=True))
    layout = fit_blocks(blocks, narrow, RAQM)
    lead, tag = layout.lines
    assert lead.size == STYLE.size and tag.size < round(STYLE.size * 0.6) and not layout.splits_words


def test_blocks_shrink_together_down_to_their_scaled_minimum():
    short = dataclasses.replace(STYLE, box=Box(0, 0, 810, 400))
    blocks = (TextBlock(LONG_ARABIC), TextBlock("#كلنا_معاك", 0.5))
    layout = fit_blocks(blocks, short, RAQM)
    assert fits(layout, short) and layout.lines[0].size < STYLE.size
    assert layout.lines[-1].size <= layout.lines[0].size // 2 + 1
    with pytest.raises(TextDoesNotFit, match="minimum size 40px"):
        fit_blocks(blocks, dataclasses.replace(STYLE, box=Box(0, 0, 300, 120)), RAQM)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=ANY_TEXT,
    hashtags=st.lists(st.from_regex(r"#[a-zA-Z_كلنامعاك]{1,30}", fullmatch=True), max_size=6),
    height=st.integers(150, 900),
)
def test_a_title_and_its_hashtags_fit_with_the_title_never_smaller(title, hashtags, height):
    style = dataclasses.replace(STYLE, box=Box(0, 0, 600, height), size=72, min_size=24)
    blocks = (TextBlock(title, 1.0, "title"),) + (
        (TextBlock(" ".join(hashtags), 0.55, "hashtags", True, 0.4),) if hashtags else ()
    )
    try:
        layout = fit_blocks(blocks, style, RAQM)
    except (TextDoesNotFit, UndrawableText):
        return
    assert fits(layout, style)
    titles = [line.size for line in layout.lines if line.role == "title"]
    tags = [line.size for line in layout.lines if line.role == "hashtags"]
    assert not titles or not tags or min(titles) > max(tags)
    assert [line.baseline for line in layout.lines] == sorted(line.baseline for line in layout.lines)
