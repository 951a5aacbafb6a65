"""Cards with a hierarchy: the title leads and its hashtags follow smaller; the end card leads with a heading
and its phone numbers, names each service once and never prints a number twice; shipped templates draw a line
in one weight and align scenes and cards alike."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLES, FONTS, ROOT
from fontTools.ttLib import TTFont
from PIL import Image

from creator_kit.errors import InputError, TextDoesNotFit
from creator_kit.inputs.template import available_templates, load_template, resolve_template_path
from creator_kit.paint.events import paint_event_at
from creator_kit.planning.cards import HASHTAG_SCALE, blocks_text, fit_card, led_by
from creator_kit.planning.end_card import card_blocks, heading, name_without_phones
from creator_kit.planning.plan import PlanOptions, prepare
from creator_kit.resources.directory import load_directory, lookup
from creator_kit.text.draw import text_bounds
from creator_kit.text.layout import TextLayout, fit_blocks
from creator_kit.text.shaping import RAQM
from creator_kit.text.style import Box, TextStyle

STYLE = TextStyle(
    box=Box(40, 100, 460, 500),
    fonts=(FONTS / "NotoSansArabic-Bold.ttf", FONTS / "NotoSans-Bold.ttf", FONTS / "NotoColorEmoji.ttf"),
    size=60,
    min_size=30,
    align="center",
)
BODY = 48
HASHTAGS = ("#كلنا_معاك", "#EndTheStigma")
REGIONS = ("AE", "SA", "EG", "JO", "LB", "QA", "MA")
SAFE = (65, 270, 930, 1248)
"""The platforms' common safe zone at 1080x1920 (left, top, right, bottom): guidelines.yaml's default."""


def sizes(layout: TextLayout, role: str) -> set[int]:
    return {line.size for line in layout.lines if line.role == role}


def test_the_title_leads_and_its_hashtags_follow_smaller_on_their_own_line():
    layout = fit_blocks(led_by("لست وحدك", HASHTAGS), STYLE, RAQM, lead_floor=BODY)
    assert [line.role for line in layout.lines] == ["title", "hashtags"]
    assert sizes(layout, "title") == {STYLE.size}
    assert sizes(layout, "hashtags") == {round(STYLE.size * HASHTAG_SCALE)}
    assert layout.lines[1].text == " ".join(HASHTAGS)


def test_a_long_hashtag_shrinks_only_the_hashtags():
    layout = fit_blocks(led_by("لست وحدك", ("#MentalHealthAwarenessMattersToUs",)), STYLE, RAQM, lead_floor=BODY)
    assert sizes(layout, "title") == {STYLE.size}
    (hashtag_size,) = sizes(layout, "hashtags")
    assert hashtag_size < round(STYLE.size * HASHTAG_SCALE)
    assert not layout.splits_words and len(layout.lines) == 2


def test_the_title_never_goes_below_the_body_size_for_its_hashtags():
    short = dataclasses.replace(STYLE, box=Box(40, 100, 460, 260))
    blocks = led_by("الصحة النفسية تهمنا كلنا", tuple(f"#وسم_{number}" for number in range(24)))
    layout = fit_blocks(blocks, short, RAQM, lead_floor=BODY)
    assert min(sizes(layout, "title")) >= BODY > max(sizes(layout, "hashtags"))
    together = (blocks[0], dataclasses.replace(blocks[1], shrinks_first=False))
    assert min(sizes(fit_blocks(together, short, RAQM), "title")) < BODY, "shrinking the hashtags first matters"
    with pytest.raises(TextDoesNotFit):
        fit_blocks(blocks, dataclasses.replace(short, box=Box(40, 100, 460, 200)), RAQM, lead_floor=BODY)


def test_a_title_too_long_for_the_body_size_goes_down_to_the_minimum_rather_than_fail():
    template = load_template(resolve_template_path("minimal"))
    small = dataclasses.replace(template.title, box=Box(90, 420, 810, 300))
    template = dataclasses.replace(template, title=small)
    blocks = led_by("الصحة النفسية لا تقل أهمية عن الصحة الجسدية والحديث عنها أمر طبيعي", HASHTAGS)
    with pytest.raises(TextDoesNotFit):
        fit_blocks(blocks, small, RAQM, lead_floor=template.text.size)
    layout = fit_card("intro", blocks, template, RAQM)
    assert min(sizes(layout, "title")) < template.text.size
    assert max(sizes(layout, "hashtags")) < min(sizes(layout, "title"))


def test_a_title_word_too_long_for_the_body_size_shrinks_whole_rather_than_split():
    """A word is split only at the minimum size: a title that would fit whole below the body size
    goes there instead of being broken at the body size."""
    template = load_template(resolve_template_path("minimal"))
    blocks = led_by("Supercalifragilisticexpialidocious", ())
    assert fit_blocks(blocks, template.title, RAQM, lead_floor=template.text.size).splits_words
    layout = fit_card("intro", blocks, template, RAQM)
    assert not layout.splits_words
    assert min(sizes(layout, "title")) < template.text.size


def test_the_heading_is_in_the_scripts_language_with_english_for_the_others():
    assert heading("ar") == "تحتاج تتكلم؟"
    assert heading("en") == heading("de") == "Need to talk?"


@pytest.mark.parametrize(
    "name, phones, shown",
    [
        ("وزارة الصحة 937", ["937"], "وزارة الصحة"),
        ("Family and Child Helpline 110", ["110"], "Family and Child Helpline"),
        ("Line 8004673, Dubai", ["800 4673"], "Line, Dubai"),
        ("Line 800-4673 (Dubai)", ["8004673"], "Line (Dubai)"),
        ("خط ٨٠٠ ٤٦٧٣، دبي", ["800 4673"], "خط، دبي"),
        ("وزارة الصحة ۹۳۷", ["937"], "وزارة الصحة"),
        ("Helpline (110), Amman", ["١١٠"], "Helpline, Amman"),
        ("Line 937, 110, Beirut", ["937", "110"], "Line, Beirut"),
        ("800 Sakina line", ["800 SAKINA"], "line"),
        ("Line 19370", ["937"], "Line 19370"),
        ("Embrace Lifeline", ["1564"], "Embrace Lifeline"),
        ("937", ["937"], ""),
    ],
)
def test_a_name_loses_the_numbers_its_phone_line_shows(name, phones, shown):
    assert name_without_phones(name, phones) == shown


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize("region", REGIONS)
def test_the_end_card_names_each_service_once_and_prints_each_number_once(region, language):
    resources = lookup(load_directory(), region, language)
    blocks = card_blocks(resources, language)
    text = blocks_text(blocks)
    assert blocks[0].role == "heading" and text.count(heading(language)) == 1
    other = "en" if language == "ar" else "ar"
    for resource in resources:
        shown = name_without_phones(resource.name(language), resource.phones)
        assert text.count(shown) == 1, shown
        if resource.name(other) != resource.name(language):
            assert resource.name(other) not in text, "one name per service, in the script's language"
        for phone in resource.phones:
            assert text.count(phone) == 1 and text.count(phone.replace(" ", "")) <= 1, phone
    if region == "SA":
        assert text.count("937") == 1


@pytest.mark.parametrize("template_name", available_templates())
@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize("region", REGIONS)
def test_the_end_card_fits_with_its_phones_biggest_inside_the_safe_zone(template_name, region, language):
    template = load_template(resolve_template_path(template_name))
    style = template.end_card.text
    layout = fit_blocks(card_blocks(lookup(load_directory(), region, language), language), style, RAQM)
    phones = sizes(layout, "phone")
    others = sizes(layout, "name") | sizes(layout, "url")
    assert max(others) < max(sizes(layout, "heading"))
    if region != "MA":  # Morocco has only the directory: a name and a URL
        assert max(others) < min(phones) <= max(phones) <= max(sizes(layout, "heading"))
    left, top, right, bottom = text_bounds(layout, style)
    assert SAFE[0] <= left and right <= SAFE[2] and SAFE[1] <= top and bottom <= SAFE[3]
    if template.end_card.qr is not None:
        assert bottom <= template.end_card.qr.y


@pytest.mark.parametrize("template_name", available_templates())
def test_the_default_qr_code_is_secondary_below_the_text_and_inside_the_safe_zone(template_name):
    template = load_template(resolve_template_path(template_name))
    qr, box = template.end_card.qr, template.end_card.text.box
    if qr is None:
        assert box.y + box.height <= SAFE[3]
        return
    assert qr.size <= template.canvas.width // 5 and qr.y >= box.y + box.height
    assert SAFE[0] <= qr.x and qr.x + qr.size <= SAFE[2] and qr.y + qr.size <= SAFE[3]


def _minimal_copy(folder: Path, end_card: str) -> Path:
    folder.mkdir()
    shutil.copy(ROOT / "creator_kit" / "templates" / "minimal" / "logo.png", folder)
    text = (ROOT / "creator_kit" / "templates" / "minimal" / "template.yaml").read_text("utf-8")
    (folder / "template.yaml").write_text(f"{text}end_card: {end_card}\n", encoding="utf-8")
    return folder / "template.yaml"


def _white_pixels(picture: Image.Image) -> int:
    return sum(1 for pixel in picture.convert("RGB").getdata() if pixel == (255, 255, 255))


def test_qr_false_leaves_the_code_out_and_gives_the_text_its_room(tmp_path):
    shipped = load_template(resolve_template_path("minimal"))
    without = load_template(_minimal_copy(tmp_path / "brand", "{qr: false}"))
    assert without.end_card.qr is None
    assert without.end_card.text.box.y + without.end_card.text.box.height > shipped.end_card.qr.y
    pictures = []
    for template in (str(resolve_template_path("minimal")), str(without.path)):
        prepared = prepare(EXAMPLES / "ar-resources-ae.yaml", PlanOptions(template=template))
        index = next(n for n, event in enumerate(prepared.timeline.events) if event.kind == "resources")
        picture = paint_event_at(prepared, Image.new("RGBA", (1080, 1920), (40, 40, 40, 255)), index).image
        pictures.append(picture.resize((270, 480), Image.NEAREST))
    assert _white_pixels(pictures[0]) > 500 and _white_pixels(pictures[1]) == 0


def test_qr_true_is_not_a_placement(tmp_path):
    with pytest.raises(InputError, match=r"end_card\.qr: must be false or \{x, y, size\}"):
        load_template(_minimal_copy(tmp_path / "brand", "{qr: true}"))


def _weight(path: Path) -> int | None:
    """usWeightClass of a face that draws letters (Arabic or Latin); None for an emoji face."""
    with TTFont(path, lazy=True) as font:
        letters = font.getBestCmap()
        return font["OS/2"].usWeightClass if ord("ب") in letters or ord("A") in letters else None


def _letters(path: Path) -> dict[int, str]:
    with TTFont(path, lazy=True) as font:
        return font.getBestCmap()


@pytest.mark.parametrize("template_name", available_templates())
def test_each_style_of_a_shipped_template_draws_arabic_and_latin_in_one_weight(template_name):
    template = load_template(resolve_template_path(template_name))
    for kind in ("scene", "intro", "resources"):
        style = template.style_for(kind)
        faces = {path.name: _weight(path) for path in style.fonts}
        letters = {name: weight for name, weight in faces.items() if weight is not None}
        assert any(ord("ب") in _letters(path) for path in style.fonts), (kind, faces)
        assert len(set(letters.values())) == 1, (kind, letters)


@pytest.mark.parametrize("template_name", available_templates())
def test_each_shipped_template_aligns_scenes_and_cards_alike(template_name):
    template = load_template(resolve_template_path(template_name))
    alignments = {kind: template.style_for(kind).align for kind in ("scene", "intro", "outro", "resources")}
    assert len(set(alignments.values())) == 1, alignments


def test_an_end_card_size_below_the_default_minimum_is_its_own_minimum(tmp_path):
    template = load_template(_minimal_copy(tmp_path / "brand", "{text: {size: 30}}"))
    assert template.end_card.text.size == template.end_card.text.min_size == 30
