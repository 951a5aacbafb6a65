"""End cards in the script's language (fa, ur, fr as well as ar and en), and `check`'s warning for a
card whose template has no text in it."""

from __future__ import annotations

import pytest
import yaml
from conftest import run_cli

from creator_kit.inputs.template import TEMPLATES_DIR
from creator_kit.planning.cards import DEFAULT_OUTRO_TEXT
from creator_kit.planning.end_card import heading, heading_languages

LANGUAGES = ("ar", "en", "fa", "fr", "ur")


@pytest.mark.parametrize("path", sorted(TEMPLATES_DIR.glob("*/template.yaml")), ids=lambda path: path.parent.name)
def test_shipped_templates_carry_their_card_texts_in_every_supported_language(path):
    template = yaml.safe_load(path.read_text("utf-8"))
    for card in ("intro", "outro"):
        texts = (template.get(card) or {}).get("text") or DEFAULT_OUTRO_TEXT
        assert set(LANGUAGES) <= set(texts), f"{path.parent.name} {card}: {sorted(texts)}"


def test_the_end_card_heading_is_in_persian_urdu_and_french():
    assert set(LANGUAGES) <= heading_languages()
    assert heading("fa") != heading("en") and heading("ur") != heading("en") and heading("fr") != heading("en")


def _script(tmp_path, language: str) -> str:
    path = tmp_path / f"{language}.yaml"
    path.write_text(
        f"id: card-{language}\ntitle: عنوان\nlanguage: {language}\ntemplate: kulna-maak\nplatform: shorts\n"
        "hashtags: ['#EndTheStigma']\nscenes:\n  - {text: تنها نیستی, duration: 2}\n",
        encoding="utf-8",
    )
    return str(path)


def test_check_warns_when_a_template_has_no_card_text_in_the_scripts_language(tmp_path):
    persian = run_cli("check", _script(tmp_path, "fa"))
    assert persian.returncode == 0 and "card-language" not in persian.stdout + persian.stderr
    german = run_cli("check", _script(tmp_path, "de"))
    warnings = [line for line in german.stdout.splitlines() if "card-language" in line]
    assert warnings and "the outro card has no de text in its template: it is shown in en" in warnings[0]
