"""Every shipped template keeps its text, logo and QR code out from under the platforms' buttons."""

from __future__ import annotations

import shutil

import pytest

from conftest import EXAMPLES, ROOT
from creator_kit.guidelines.ruleset import load_guidelines
from creator_kit.guidelines.run import CheckOptions, Target, check_script
from creator_kit.template import available_templates

PLATFORMS = ("tiktok", "reels", "shorts")


@pytest.fixture(scope="module")
def guidelines():
    return load_guidelines()


@pytest.mark.parametrize("template", available_templates())
def test_shipped_templates_pass_the_safe_zone_rule_on_every_platform(template, guidelines):
    findings = check_script(Target(EXAMPLES / "ar-resources-ae.yaml"), guidelines,
                            CheckOptions(template=template, platforms=PLATFORMS))
    assert [f for f in findings if f.rule == "outside-safe-zone"] == []


def test_a_logo_under_the_buttons_is_found(tmp_path, guidelines):
    folder = tmp_path / "brand"
    folder.mkdir()
    shutil.copy(ROOT / "creator_kit" / "templates" / "minimal" / "logo.png", folder)
    text = (ROOT / "creator_kit" / "templates" / "minimal" / "template.yaml").read_text("utf-8")
    lines = [("logo: {image: logo.png, position: top-right, width: 120, margin: 40}" if line.startswith("logo:")
              else line) for line in text.splitlines()]
    (folder / "template.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    findings = check_script(Target(EXAMPLES / "en-mental-health-matters.yaml"), guidelines,
                            CheckOptions(template=str(folder / "template.yaml"), platforms=("tiktok",)))
    logo = [f for f in findings if f.rule == "outside-safe-zone"]
    assert [f.message for f in logo] == [
        "logo is outside the tiktok safe zone (110 px past the top edge, 110 px past the right edge)"]
    assert logo[0].file == str(folder / "template.yaml") and logo[0].field == "logo"
