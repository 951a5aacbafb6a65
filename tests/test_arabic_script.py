"""Arabic script beyond MSA, drawn at full size (1080 px wide) and checked against references drawn by
raqm directly: left-to-right units, language-tagged shaping (Persian and Urdu digits), emoji
sequences (the whole RGI list by cluster widths), combining marks, and refusals of bad input."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import regex
from conftest import FONTS, run_cli
from ocr_support import read_text, score
from PIL import Image, ImageDraw, ImageFont

from creator_kit.planning.plan import PlanOptions, prepare
from creator_kit.text.clusters import UndrawableCluster
from creator_kit.text.draw import draw_text
from creator_kit.text.fonts import BITMAP_EMOJI_SIZE, FontSet
from creator_kit.text.joining import joining_type, with_shadda_ligatures
from creator_kit.text.layout import Measurer, TextLayout, fit_text
from creator_kit.text.shaping import (
    FALLBACK,
    RAQM,
    Run,
    _presentation_forms,
    drawable,
    itemize,
    localize_digits,
    mirrored,
    run_engine,
)
from creator_kit.text.style import Box, TextStyle
from creator_kit.text.units import isolated

EMOJI_TEST = Path("/usr/share/unicode/emoji/emoji-test.txt")  # Debian's unicode-data
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")  # Arabic and Latin in one font
SIZE = 64
CANVAS = (1080, 1920)
BOX = Box(60, 300, 960, 1300)


def _style(*fonts: Path, language: str | None = None, digits: str = "as-written") -> TextStyle:
    return TextStyle(
        BOX, fonts, size=SIZE, min_size=SIZE, align="center", vertical_align="top", language=language, digits=digits
    )


def _ink(image: Image.Image) -> np.ndarray:
    """The image's coverage cropped to its ink."""
    alpha = image.getchannel("A") if image.mode == "RGBA" else image.convert("L")
    box = alpha.getbbox()
    assert box, "nothing was drawn"
    return np.asarray(alpha.crop(box), dtype=np.int16)


def _reference(text: str, font_path: Path, language: str | None = None) -> Image.Image:
    """`text` drawn by raqm directly in one call, right to left (FriBiDi handles the isolates)."""
    font = ImageFont.truetype(str(font_path), SIZE, layout_engine=ImageFont.Layout.RAQM)
    image = Image.new("L", CANVAS)
    ImageDraw.Draw(image).text((40, 200), text, font=font, fill=255, direction="rtl", language=language)
    return image


def _assert_same_ink(drawn: Image.Image, reference: Image.Image) -> None:
    ours, theirs = _ink(drawn), _ink(reference)
    assert abs(ours.shape[0] - theirs.shape[0]) <= 1
    assert abs(ours.shape[1] - theirs.shape[1]) <= max(2, theirs.shape[1] // 100), (ours.shape, theirs.shape)
    height, width = min(ours.shape[0], theirs.shape[0]), min(ours.shape[1], theirs.shape[1])
    difference = np.abs(ours[:height, :width] - theirs[:height, :width]).mean()
    assert difference < 12, f"mean coverage difference {difference:.1f} of 255"


def _picture(layout: TextLayout, style: TextStyle) -> Image.Image:
    return draw_text(layout, style, CANVAS)


@pytest.mark.parametrize(
    "text",
    [
        "راسلونا على help@example.org",
        "اتصل +971 4 519 2519",
        "الحرارة -5 °C اليوم",
        "زوروا www.example.org/health",
    ],
)
def test_a_left_to_right_unit_is_drawn_as_raqm_draws_it_isolated(text):
    style = _style(DEJAVU)
    layout = fit_text(text, style, RAQM)
    assert len(layout.lines) == 1
    _assert_same_ink(_picture(layout, style), _reference(isolated(text), DEJAVU))


def test_a_url_wider_than_the_line_breaks_after_its_separators_at_full_size_each_line_left_to_right():
    style = _style(FONTS / "NotoSansArabic-Regular.ttf", FONTS / "NotoSans-Regular.ttf")
    url = "https://www.example.org/mental_health/resources?lang=ar&id=12"
    layout = fit_text(f"زوروا {url} اليوم", style, RAQM)
    assert layout.size == SIZE and not layout.splits_words
    url_lines = [line for line in layout.lines if any(not placed.run.rtl for placed in line.runs)]
    assert len(url_lines) > 1
    for line in url_lines:
        ltr = [placed for placed in line.runs if not placed.run.rtl and placed.run.text.strip()]
        assert len(ltr) == 1 and line.text.replace("\u2066", "").replace("\u2069", "").find(ltr[0].run.text) >= 0


def test_a_phone_number_moves_whole_to_the_next_line_at_full_size():
    style = _style(FONTS / "NotoSansArabic-Regular.ttf", FONTS / "NotoSans-Regular.ttf")
    text = "إذا احتجت إلى من يسمعك في أي وقت من الليل أو النهار اتصل على +971 4 519 2519 الآن"
    layout = fit_text(text, style, RAQM)
    holding = [line for line in layout.lines if "+971 4 519 2519" in line.text]
    assert len(layout.lines) > 1 and len(holding) == 1
    runs = [placed.run for placed in holding[0].runs]
    assert any(run.text == "+971 4 519 2519" and not run.rtl for run in runs)


@pytest.mark.parametrize(
    ("language", "written", "shown"),
    [("fa", "456", "۴۵۶"), ("ur", "2024", "۲۰۲۴"), ("ar", "456", "٤٥٦"), ("fa", "٤٥٦", "۴۵۶")],
)
def test_digits_follow_the_language(language, written, shown):
    assert localize_digits(written, "arabic-indic", language) == shown


def test_urdu_digits_get_the_fonts_urdu_forms_from_raqm():
    font = FONTS / "NotoSansArabic-Regular.ttf"
    text = "سال ۲۰۲۴ میں ۴۶۷"
    pictures = {}
    for language in ("ur", "fa"):
        style = _style(font, language=language)
        pictures[language] = _picture(fit_text(text, style, RAQM), style)
        _assert_same_ink(pictures[language], _reference(text, font, language))
    assert not np.array_equal(_ink(pictures["ur"]), _ink(pictures["fa"])), "ur and fa draw ۴ ۶ ۷ alike"


def test_persian_digits_come_from_the_digits_option_in_a_persian_script():
    style = _style(FONTS / "NotoSansArabic-Regular.ttf", language="fa", digits="arabic-indic")
    layout = fit_text("تماس با 456 تا 2024", style, RAQM)
    assert layout.lines[0].text == "تماس با ۴۵۶ تا ۲۰۲۴"


def _rgi_sequences() -> list[str]:
    """Every fully-qualified RGI emoji sequence of Unicode's emoji-test.txt."""
    sequences = []
    for line in EMOJI_TEST.read_text("utf-8").splitlines():
        fields = line.split(";")
        if len(fields) == 2 and fields[1].split("#")[0].strip() == "fully-qualified":
            sequences.append("".join(chr(int(code, 16)) for code in fields[0].split()))
    return sequences


def test_every_rgi_emoji_sequence_is_one_cluster_drawn_as_one_picture_inside_arabic():
    fonts = FontSet(
        (FONTS / "NotoSansArabic-Regular.ttf", FONTS / "NotoSans-Regular.ttf", FONTS / "NotoColorEmoji.ttf")
    )
    sequences = _rgi_sequences()
    assert len(sequences) > 3500
    assert all(len(regex.findall(r"\X", sequence)) == 1 for sequence in sequences)
    measurer = Measurer(fonts, BITMAP_EMOJI_SIZE, RAQM)
    advance = measurer.width("😀", False)
    batch = 500
    for start in range(0, len(sequences), batch):
        chunk = sequences[start : start + batch]
        line = "قالوا " + " و".join(chunk) + " اليوم"
        emoji_runs = [run for run in itemize(line, True, fonts) if fonts.is_color(run.font)]
        clusters = [cluster for run in emoji_runs for cluster in regex.findall(r"\X", run.text)]
        assert sorted(clusters) == sorted(chunk)
        for run in emoji_runs:
            pictures = measurer.run_width(run) / advance
            count = len(regex.findall(r"\X", run.text))
            assert round(pictures, 3) == count, f"{run.text!r} drawn as {pictures:.2f} pictures, not {count}"


@pytest.mark.parametrize("engine", [RAQM, FALLBACK])
@pytest.mark.parametrize("sequence", ["❤️\u200d🩹", "🫱🏻\u200d🫲🏿", "🇸🇦", "🏳️\u200d🌈", "#️⃣"])
def test_an_emoji_sequence_inside_arabic_is_one_picture_at_full_size(sequence, engine):
    style = _style(FONTS / "NotoSansArabic-Regular.ttf", FONTS / "NotoColorEmoji.ttf")
    layout = fit_text(f"معًا {sequence} دائمًا", style, engine)
    picture = np.asarray(_picture(layout, style))
    colour = (picture[..., 3] > 0) & (np.ptp(picture[..., :3].astype(int), axis=2) > 40)
    columns = np.flatnonzero(colour.any(axis=0))
    drawn_width = columns[-1] - columns[0] + 1
    assert drawn_width <= SIZE * 1.35, f"{drawn_width}px of colour: more than one picture"


def test_a_mark_typed_after_a_space_is_drawn_as_raqm_draws_it_without_a_dotted_circle():
    font = FONTS / "NotoNaskhArabic-Regular.ttf"
    style = _style(font)
    text = "لَا رَيْبَ ۛ فِيهِ ۛ هُدًى"
    layout = fit_text(text, style, RAQM)
    _assert_same_ink(_picture(layout, style), _reference(text, font))
    lone = _reference("ۛ فِيهِ", font)
    assert not np.array_equal(_ink(lone), _ink(_reference(" ۛ فِيهِ", font))), "the dotted circle is not drawn"


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("\u064eكلمة", "U+064E at position 1"),
        ("سلام 🐶\u200d🐱 عليكم", "U+1F436 U+200D U+1F431 at position 6"),
        ("علم 🇸 هنا", "U+1F1F8 at position 5"),
    ],
)
def test_bad_input_is_refused_naming_the_characters(text, named):
    style = _style(FONTS / "NotoSansArabic-Regular.ttf", FONTS / "NotoColorEmoji.ttf")
    with pytest.raises(UndrawableCluster, match=regex.escape(named)):
        fit_text(text, style, RAQM)


def test_cli_refuses_a_lone_mark_at_the_start_in_one_line(tmp_path):
    script = tmp_path / "mark.yaml"
    script.write_text(
        "id: mark\ntitle: t\nlanguage: ar\ntemplate: minimal\nplatform: shorts\n"
        'scenes:\n  - {text: "\u0651كلمة", duration: 1}\n',
        encoding="utf-8",
    )
    result = run_cli("check", str(script))
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "U+0651 at position 1" in errors[0] and "Traceback" not in result.stderr


@pytest.mark.ocr
@pytest.mark.parametrize(
    ("language", "tesseract", "text"),
    [
        ("fa", "fas", "می‌خواهی حرف بزنی؟ با ۱۲۳ تماس بگیر"),
        ("ur", "urd", "آپ اکیلے نہیں ہیں۔ کسی بھروسے والے سے بات کریں۔"),
    ],
)
def test_persian_and_urdu_read_back_with_their_own_tesseract_data(tmp_path, language, tesseract, text):
    style = _style(FONTS / "NotoNaskhArabic-Regular.ttf", language=language)
    picture = _picture(fit_text(text, style, RAQM), style)
    page = Image.new("RGB", CANVAS, "white")
    page.paste(Image.new("RGB", CANVAS, "black"), mask=picture.getchannel("A"))
    box = picture.getchannel("A").getbbox()
    margin = 30
    crop = page.crop((box[0] - margin, box[1] - margin, box[2] + margin, box[3] + margin))
    found = score(text, read_text(crop, tmp_path, language, languages=tesseract))
    assert found.ratio >= 0.75, (found.read, text)


@pytest.mark.parametrize("text", ["بەڵێ و ښځه", "ڕێگا"])
def test_the_fallback_engine_lends_letters_without_presentation_forms_to_raqm(text):
    font = FONTS / "NotoNaskhArabic-Regular.ttf"
    style = _style(font)
    layout = fit_text(text, style, FALLBACK)
    assert all(run_engine(placed.run, FALLBACK) == RAQM for line in layout.lines for placed in line.runs)
    _assert_same_ink(_picture(layout, style), _reference(text, font))


def test_the_fallback_engine_draws_fatha_over_shadda_as_the_shadda_ligature():
    assert with_shadda_ligatures("رَبَّ") == "رَب\ufc60" and with_shadda_ligatures("رَبَّ") == "رَب\ufc60"
    assert joining_type("ڵ") == "D" and joining_type("ە") == "R" and joining_type("\u064e") == "T"


def _coverage_difference(first: Image.Image, second: Image.Image) -> float:
    ours, theirs = _ink(first), _ink(second)
    height, width = min(ours.shape[0], theirs.shape[0]), min(ours.shape[1], theirs.shape[1])
    return float(np.abs(ours[:height, :width] - theirs[:height, :width]).mean())


def test_the_fallback_fatha_over_shadda_is_drawn_above_it_as_raqm_places_it():
    font_path = FONTS / "NotoSansArabic-Regular.ttf"
    word = "رَبَّنَا"
    basic = ImageFont.truetype(str(font_path), SIZE * 2, layout_engine=ImageFont.Layout.BASIC)
    raqm = ImageFont.truetype(str(font_path), SIZE * 2, layout_engine=ImageFont.Layout.RAQM)

    def drawn(text: str, font: ImageFont.FreeTypeFont, **options) -> Image.Image:
        image = Image.new("L", (600, 300))
        ImageDraw.Draw(image).text((20, 20), text, font=font, fill=255, **options)
        return image

    reference = drawn(word, raqm, direction="rtl")
    with_ligature = drawn(drawable(Run(word, font_path, True), FALLBACK)[0], basic)
    stacked = drawn(mirrored(_presentation_forms(word))[::-1], basic)
    assert _ink(with_ligature).shape[0] > _ink(stacked).shape[0], "the fatha sits above the shadda, not on it"
    assert _coverage_difference(with_ligature, reference) < _coverage_difference(stacked, reference)


def test_a_scene_in_its_own_language_is_shaped_in_it_and_its_digits_follow(tmp_path):
    script = tmp_path / "mixed.yaml"
    script.write_text(
        "id: mixed\ntitle: تجربة\nlanguage: ar\ndigits: arabic-indic\ntemplate: kulna-maak\nplatform: shorts\n"
        "scenes:\n  - {text: سنة 2024, duration: 2}\n  - {text: سال 2024 میں, language: ur, duration: 2}\n",
        encoding="utf-8",
    )
    prepared = prepare(script, PlanOptions(shaper=RAQM))
    scenes = [layout for layout, event in zip(prepared.layouts, prepared.timeline.events) if event.kind == "scene"]
    assert [layout.language for layout in scenes] == ["ar", "ur"]
    assert scenes[0].lines[0].text == "سنة ٢٠٢٤" and scenes[1].lines[0].text == "سال ۲۰۲۴ میں"


@pytest.mark.parametrize("font_name", ["NotoSansArabic-Regular.ttf", "NotoNaskhArabic-Regular.ttf"])
def test_the_fallback_engine_places_harakat_by_the_fonts_anchors_near_where_raqm_does(font_name):
    font = FONTS / font_name
    style = _style(font)
    text = "الْمُتَّحِدَةَ ثَ نَ قَ بِ"
    placed = _picture(fit_text(text, style, FALLBACK), style)
    unplaced = Image.new("L", CANVAS)
    basic = ImageFont.truetype(str(font), SIZE, layout_engine=ImageFont.Layout.BASIC)
    ImageDraw.Draw(unplaced).text((40, 200), drawable(Run(text, font, True), FALLBACK)[0], font=basic, fill=255)
    reference = _reference(text, font)
    assert _coverage_difference(placed, reference) < 20
    assert _coverage_difference(placed, reference) < _coverage_difference(unplaced, reference) / 2


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("معًا ❤️\u200d🩹", "U+2764 U+FE0F U+200D U+1FA79 at position 6"),
        ("بەڵێ", "U+06D5 ARABIC LETTER AE at position 2"),
    ],
)
def test_without_raqm_the_fallback_engine_refuses_what_it_cannot_form_naming_it(monkeypatch, text, named):
    """Pillow without libraqm: the fallback engine has nobody to lend to, so it refuses, never draws half."""
    monkeypatch.setattr("creator_kit.text.clusters.raqm_available", lambda: False)
    style = _style(FONTS / "NotoNaskhArabic-Regular.ttf", FONTS / "NotoColorEmoji.ttf")
    with pytest.raises(UndrawableCluster, match=regex.escape(named)):
        fit_text(text, style, FALLBACK)
