"""Whatever a user pastes: each hostile line is drawn in the order a real Unicode Bidi Algorithm gives, or
refused with one clear error. The reference is python-bidi 0.6 (`get_display`, the Rust unicode-bidi
crate), independent of how the text engine gets its levels."""

from __future__ import annotations

import json
import unicodedata

import pytest
from bidi import get_display
from conftest import FONTS, run_cli

from creator_kit.errors import UndrawableText
from creator_kit.text.fonts import FontSet, is_ignorable
from creator_kit.text.layout import MissingGlyphs, TextLayout, layout_at_size
from creator_kit.text.shaping import (
    FALLBACK,
    RAQM,
    ReversingOverride,
    drawable,
    itemize,
    paragraph_is_rtl,
    run_engine,
)
from creator_kit.text.style import Box, TextStyle
from creator_kit.text.units import isolated

ENGINES = (RAQM, FALLBACK)
FONT_LISTS = {
    "arabic-first": (
        FONTS / "NotoSansArabic-Regular.ttf",
        FONTS / "NotoSans-Regular.ttf",
        FONTS / "NotoColorEmoji.ttf",
    ),
    "latin-first": (FONTS / "NotoSans-Bold.ttf", FONTS / "NotoSansArabic-Regular.ttf", FONTS / "NotoColorEmoji.ttf"),
}
STYLE = TextStyle(box=Box(0, 0, 900, 1400), fonts=FONT_LISTS["arabic-first"], size=64, min_size=32)
FSI, PDI = "\u2068", "\u2069"
MIRRORED = "\u2194"  # stands for any mirrored character on both sides of a comparison


def _comparable(text: str) -> str:
    """Drop what is never drawn (controls, joiners, selectors) and fold mirrored characters together:
    get_display mirrors brackets in right-to-left runs, the engines mirror when they draw."""
    return "".join(MIRRORED if unicodedata.mirrored(c) else c for c in text if not is_ignorable(c))


def reference_order(line: str, rtl: bool) -> str:
    """Left-to-right order of `line` by python-bidi 0.6, its units isolated as the engine does."""
    return _comparable(get_display(isolated(line), base_dir="R" if rtl else "L"))


def drawn_order(line: str, rtl: bool, fonts: FontSet) -> str:
    """Left-to-right order the engine draws `line` in: the visual runs from `itemize`, each right-to-left
    run reversed by grapheme and each grapheme's characters reversed, as get_display reverses characters."""
    return _comparable("".join(run.text[::-1] if run.rtl else run.text for run in itemize(line, rtl, fonts)))


def assert_layout_in_reference_order(layout: TextLayout) -> None:
    for line in layout.lines:
        runs = "".join(placed.run.text[::-1] if placed.run.rtl else placed.run.text for placed in line.runs)
        assert _comparable(runs) == reference_order(line.text, layout.rtl), line.text


# (label, line): drawn in the reference order by both engines, with either font list.
DRAWN = [
    ("zwnj persian", "می‌خواهم با تو حرف بزنم"),
    ("zwnj urdu", "میں نے کہا‌ ہے"),
    ("zwj arabic", "حرف ل‍ وحده"),
    ("zwnj latin", "Auf‌lage und mehr"),
    ("lre", "مرحبا \u202aHello 123\u202c عالم"),
    ("rle", "abc \u202bمرحبا 123\u202c def"),
    ("stray pdf", "abc\u202c مرحبا"),
    ("lro over latin", "مرحبا \u202dHello\u202c"),
    ("rlo over arabic", "Hello \u202eمرحبا\u202c!"),
    ("lrm", "\u200eمرحبا world"),
    ("rlm", "السعر 100\u200f$ فقط"),
    ("alm", "\u061c123-456 رقم"),
    ("lri number", "اتصل على \u20661234 567\u2069 الآن"),
    ("rli name", "Hi \u2067أحمد\u2069, 5 new"),
    ("fsi name", "مرحبا \u2068Ahmed\u2069!"),
    ("fsi arabic name", "Welcome \u2068سارة\u2069 (admin)"),
    ("unmatched pdi", "abc\u2069 مرحبا"),
    ("unterminated lri", "مرحبا \u2066abc 12"),
    ("nested isolates", "a \u2067ب \u2066c 1\u2069 د\u2069 e"),
    ("vs16 heart", "We ❤️ you"),
    ("vs15 heart", "We ❤︎ you"),
    ("zwj family", "عائلتي 👨‍👩‍👧 سعيدة"),
    ("skin tone", "👍🏽 شكرا لكم"),
    ("flags", "🇸🇦 السعودية 🏳️‍🌈 🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f"),
    ("keycaps", "اضغط 1️⃣ أو #️⃣ ثم *️⃣"),
    ("harakat and tatweel", "مـــرحَبًا بِكُمْ يـا أصدقـاء"),
    ("arabic-indic digits", "٥٣٪ من الشباب ١٨-٢٤ سنة"),
    ("brackets", "قال (نعم) و [لا] <ربما>"),
    ("hashtags", "شاركنا #كلنا_معاك و #EndTheStigma مع @kulna_maak"),
    ("url in arabic", "زوروا https://findahelpline.com/ae اليوم."),
]

# (label, line, error class, what the message must name)
REFUSED = [
    ("rlo in a phone number", "Call \u202e1234 567\u202c now", ReversingOverride, "U+202E at position 6"),
    ("rlo in arabic text", "اتصل \u202e800 4673\u202c الآن", ReversingOverride, "U+202E at position 6"),
    ("lro over arabic", "abc \u202dمرحبا\u202c", ReversingOverride, "U+202D at position 5"),
    ("rlo over latin", "مرحبا \u202eHello\u202c", ReversingOverride, "U+202E at position 7"),
    ("chinese", "Hello 中文", MissingGlyphs, "'中' (U+4E2D) at position 7"),
    ("hebrew", "שלום עליכם", MissingGlyphs, "'ש' (U+05E9) at position 1"),
    ("mathematical letters", "x = 𝐀𝐁", MissingGlyphs, "(U+1D400) at position 5"),
    ("haraka on a latin letter", "Hello aً", MissingGlyphs, "(U+0061 U+064B) at position 7"),
    ("private use", "abc \ue000", MissingGlyphs, "(U+E000) at position 5"),
]


@pytest.mark.parametrize("fonts", FONT_LISTS.values(), ids=FONT_LISTS.keys())
@pytest.mark.parametrize("label, line", DRAWN, ids=[label for label, _ in DRAWN])
def test_runs_are_in_the_reference_visual_order(label, line, fonts):
    rtl = paragraph_is_rtl(line)
    font_set = FontSet(fonts)
    assert drawn_order(line, rtl, font_set) == reference_order(line, rtl)
    assert all(run.font is not None for run in itemize(line, rtl, font_set)), "no tofu"


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("label, line", DRAWN, ids=[label for label, _ in DRAWN])
def test_laid_out_lines_are_in_the_reference_visual_order(label, line, engine):
    layout = layout_at_size(line, STYLE, STYLE.size, engine)
    assert_layout_in_reference_order(layout)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("label, line, error, named", REFUSED, ids=[r[0] for r in REFUSED])
def test_undrawable_lines_are_refused_with_one_clear_error(label, line, error, named, engine):
    with pytest.raises(error) as raised:
        layout_at_size(line, STYLE, STYLE.size, engine)
    assert isinstance(raised.value, UndrawableText) and raised.value.exit_code == 2
    message = str(raised.value).replace(" RIGHT-TO-LEFT OVERRIDE", "").replace(" LEFT-TO-RIGHT OVERRIDE", "")
    assert named in message


@pytest.mark.parametrize("line, joiner", [("می‌خواهم با تو", "\u200c"), ("حرف ل‍ وحده", "\u200d")])
def test_joiners_stay_inside_their_word_for_harfbuzz(line, joiner):
    runs = itemize(line, True, FontSet(STYLE.fonts))
    holder = next(run for run in runs if joiner in run.text)
    word = next(word for word in line.split() if joiner in word)
    assert word in holder.text and holder.rtl
    text, _ = drawable(holder, RAQM)
    assert word in text


def test_zwnj_breaks_joining_in_the_fallback_engine_and_is_not_drawn():
    run = itemize("می‌خواهم", True, FontSet(STYLE.fonts))[0]
    text, _ = drawable(run, FALLBACK)
    assert not any(is_ignorable(c) for c in text)
    names = [unicodedata.name(c) for c in text[::-1]]
    assert names[1] == "ARABIC LETTER FARSI YEH FINAL FORM", "ی ends its part of the word"
    assert names[2] == "ARABIC LETTER KHAH INITIAL FORM", "خ starts the rest"


@pytest.mark.parametrize("line", ["ا\u200dلا", "\u200dلا", "ب\u200dلا سلام"])
def test_a_joiner_before_lam_alef_is_shaped_by_the_fallback_engine(line):
    """arabic-reshaper raises IndexError on a joiner just before a lam-alef (found by hypothesis)."""
    run = itemize(line, True, FontSet(STYLE.fonts))[0]
    text, _ = drawable(run, FALLBACK)
    assert {"\ufefb", "\ufefc"} & set(text) and not any(is_ignorable(c) for c in text), (
        "the lam-alef ligature, no joiner"
    )


@pytest.mark.parametrize("cluster", ["❤️", "👨‍👩‍👧", "👍🏽", "🇸🇦", "1️⃣", "#️⃣", "🏳️‍🌈"])
def test_emoji_sequences_come_from_the_colour_font_and_the_fallback_engine_lends_them_to_raqm(cluster):
    run = itemize(f"a {cluster} b", False, FontSet(STYLE.fonts))[1]
    assert run.font.name == "NotoColorEmoji.ttf" and run.text == cluster
    assert run_engine(run, FALLBACK) == RAQM
    assert drawable(run, FALLBACK) == (cluster, {"direction": "ltr"})


def _script(tmp_path, text: str, language: str = "en") -> str:
    path = tmp_path / "hostile.yaml"
    path.write_text(
        json.dumps(
            {
                "id": "hostile",
                "title": "Test",
                "language": language,
                "template": "minimal",
                "platform": "shorts",
                "scenes": [{"text": text, "duration": 1}],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    return str(path)


@pytest.mark.parametrize("engine", ENGINES)
def test_cli_renders_emoji_sequences_joiners_and_isolates(tmp_path, engine):
    text = "We ❤️ you 🏳️‍🌈 👨‍👩‍👧 1️⃣ می‌خواهم \u20661234 567\u2069"
    result = run_cli(
        "render", _script(tmp_path, text), "-o", tmp_path / "out", "--preset", "ultrafast", "--shaper", engine, "--json"
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["scenes"][0]["text"] == text


def test_cli_check_accepts_variation_selectors(tmp_path):
    result = run_cli("check", _script(tmp_path, "We ❤️ you #️⃣ 🏳️‍🌈"))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_cli_preview_draws_isolates_and_zwnj(tmp_path):
    result = run_cli(
        "preview",
        _script(tmp_path, "مرحبا \u2068Ahmed\u2069 می‌خواهم \u20661234\u2069", "ar"),
        "-o",
        tmp_path / "sheet.png",
    )
    assert result.returncode == 0, result.stderr


def test_cli_refuses_an_override_that_reverses_a_phone_number(tmp_path):
    result = run_cli("preview", _script(tmp_path, "Call \u202e1234 567\u202c now"), "-o", tmp_path / "sheet.png")
    assert result.returncode == 2
    assert "hostile.yaml:" in result.stderr and "scenes[0].text:" in result.stderr
    assert "U+202E" in result.stderr and "position 6" in result.stderr


def test_cli_names_a_character_no_font_has(tmp_path):
    result = run_cli("render", _script(tmp_path, "ab中 and more"), "-o", tmp_path / "out", "--preset", "ultrafast")
    assert result.returncode == 2
    assert "scenes[0].text: no shipped font can draw '中' (U+4E2D) at position 3" in result.stderr
    assert "contrast" not in result.stderr
