"""Every shipped template keeps its text (the end card's lines at their own sizes too), logo and QR code out from
under the platforms' buttons."""

from __future__ import annotations

import shutil

import pytest
from conftest import EXAMPLES, ROOT

from creator_kit.guidelines.ruleset import load_guidelines
from creator_kit.guidelines.run import CheckOptions, Target, check_script
from creator_kit.inputs.template import available_templates
from creator_kit.planning.plan import PlanOptions, prepare
from creator_kit.planning.platforms import PLATFORM_NAMES as PLATFORMS
from creator_kit.text.draw import text_bounds


@pytest.fixture(scope="module")
def guidelines():
    return load_guidelines()


@pytest.mark.parametrize("template", available_templates())
def test_shipped_templates_pass_the_safe_zone_rule_on_every_platform(template, guidelines):
    findings = check_script(
        Target(EXAMPLES / "ar-resources-ae.yaml"), guidelines, CheckOptions(template=template, platforms=PLATFORMS)
    )
    assert [f for f in findings if f.rule == "outside-safe-zone"] == []


def test_a_logo_under_the_buttons_is_found(tmp_path, guidelines):
    folder = tmp_path / "brand"
    folder.mkdir()
    shutil.copy(ROOT / "creator_kit" / "templates" / "minimal" / "logo.png", folder)
    text = (ROOT / "creator_kit" / "templates" / "minimal" / "template.yaml").read_text("utf-8")
    lines = [
        ("logo: {image: logo.png, position: top-right, width: 120, margin: 40}" if line.startswith("logo:") else line)
        for line in text.splitlines()
    ]
    (folder / "template.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    findings = check_script(
        Target(EXAMPLES / "en-mental-health-matters.yaml"),
        guidelines,
        CheckOptions(template=str(folder / "template.yaml"), platforms=("tiktok",)),
    )
    logo = [f for f in findings if f.rule == "outside-safe-zone"]
    assert [f.message for f in logo] == [
        "logo is outside the tiktok safe zone (110 px past the top edge, 110 px past the right edge)"
    ]
    assert logo[0].file == str(folder / "template.yaml") and logo[0].field == "logo"


@pytest.mark.parametrize("region, language", [("EG", "en"), ("SA", "ar")])
@pytest.mark.parametrize("template", available_templates())
def test_the_end_card_with_its_large_phone_lines_is_inside_the_safe_zone(
    template, region, language, tmp_path, guidelines
):
    """Two phone numbers and the longest names (Egypt, in English) or a name that carries its number (Saudi
    Arabia, in Arabic): the end card's box, with lines at their own sizes, is checked and passes."""
    script = tmp_path / "help.yaml"
    script.write_text(
        f"id: help\ntitle: Help\nlanguage: {language}\nhashtags: ['#EndTheStigma']\n"
        f"resources: {{region: {region}}}\nscenes:\n  - {{text: 'Talk', duration: 1}}\n",
        encoding="utf-8",
    )
    prepared = prepare(script, PlanOptions(template=template))
    card = next(n for n, event in enumerate(prepared.timeline.events) if event.kind == "resources")
    layout, style = prepared.layouts[card], prepared.template.end_card.text
    assert len({line.size for line in layout.lines}) >= 3, "heading, names, phones and URL at their own sizes"
    assert text_bounds(layout, style)[3] - text_bounds(layout, style)[1] == pytest.approx(layout.height, abs=2)
    findings = check_script(Target(script), guidelines, CheckOptions(template=template, platforms=PLATFORMS))
    assert [f for f in findings if f.rule == "outside-safe-zone"] == []
