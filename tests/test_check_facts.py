"""The facts document: its schema, WCAG contrast, character counts, posts and resources."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import jsonschema
import numpy as np
import pytest
from conftest import DATA, EXAMPLE_SCRIPTS
from PIL import Image

from creator_kit.documents.manifest import LooseManifest
from creator_kit.guidelines.facts import (
    Draft,
    caption_event_lines,
    caption_length,
    compute_facts,
    count_characters,
    hashtags_in,
    text_contrast,
)
from creator_kit.guidelines.ruleset import load_guidelines
from creator_kit.inputs.validation import load_schema
from creator_kit.paint.pictures import paint_backdrop
from creator_kit.planning.campaign import is_campaign_file
from creator_kit.planning.plan import PlanOptions, prepare
from creator_kit.planning.readability import contrast_ratios
from creator_kit.text.style import Box, Panel, Stroke, TextStyle

TODAY = date(2026, 6, 1)
SCRIPTS = (
    sorted(
        p for p in (DATA / "check").glob("*/*.yaml") if p.name.startswith(("bad", "good")) and not is_campaign_file(p)
    )
    + EXAMPLE_SCRIPTS
)


@pytest.fixture(scope="module")
def matcher():
    return load_guidelines().matcher


def facts_of(script: Path, matcher, manifests=(), platforms=None) -> dict:
    prepared = prepare(script, PlanOptions())
    draft = Draft(
        prepared, paint_backdrop(prepared.template), platforms or prepared.script.platforms, TODAY, tuple(manifests)
    )
    return compute_facts(draft, matcher)


@pytest.mark.parametrize("script", SCRIPTS, ids=[f"{p.parent.name}/{p.name}" for p in SCRIPTS])
def test_facts_match_the_facts_schema(script, matcher):
    facts = facts_of(script, matcher)
    jsonschema.Draft202012Validator(load_schema("facts")).validate(json.loads(json.dumps(facts)))


@pytest.mark.parametrize(
    "first, second, ratio",
    [
        ((255, 255, 255), (0, 0, 0), 21.0),
        ((119, 119, 119), (255, 255, 255), 4.48),
        ((255, 255, 255), (255, 255, 255), 1.0),
        ((0, 0, 255), (255, 255, 255), 8.59),
    ],
)
def test_wcag_contrast_ratio(first, second, ratio):
    assert contrast_ratios(np.array(first), np.array(second)) == pytest.approx(ratio, abs=0.01)


def _style(**changes) -> TextStyle:
    return replace(TextStyle(box=Box(0, 0, 100, 100), fonts=()), **changes)


def test_text_contrast_over_the_background_a_panel_and_a_stroke():
    white = Image.new("RGBA", (100, 100), (255, 255, 255, 255))
    grey = _style(fill=(154, 154, 154, 255))
    assert text_contrast(white, grey, (0, 0, 50, 50)) == pytest.approx(2.81, abs=0.01)
    on_panel = _style(fill=(154, 154, 154, 255), panel=Panel((0, 0, 0, 255), 10, 0))
    assert text_contrast(white, on_panel, (0, 0, 50, 50)) == pytest.approx(7.47, abs=0.01)
    outlined = _style(fill=(154, 154, 154, 255), stroke=Stroke(3, (0, 0, 0, 255)))
    assert text_contrast(white, outlined, (0, 0, 50, 50)) == pytest.approx(7.47, abs=0.01)
    thin = _style(fill=(154, 154, 154, 255), stroke=Stroke(1, (0, 0, 0, 255)))
    assert text_contrast(white, thin, (0, 0, 50, 50)) == pytest.approx(2.81, abs=0.01)


def test_text_contrast_takes_the_worst_part_of_the_background():
    backdrop = Image.new("RGBA", (100, 100), (0, 0, 0, 255))
    backdrop.paste((200, 200, 200, 255), (0, 0, 100, 20))  # a light band at the top of the text
    assert text_contrast(backdrop, _style(fill=(255, 255, 255, 255)), (0, 0, 100, 100)) == pytest.approx(1.67, abs=0.01)
    assert text_contrast(backdrop, _style(), (200, 200, 300, 300)) is None


@pytest.mark.parametrize(
    "text, count",
    [
        ("لست وحدك.", 9),
        ("لَسْتَ وَحْدَكَ.", 9),  # harakat sit on their letters
        ("Hi   there\nfriend", 15),  # each run of white space counts once
        ("💚 👨‍👩‍👧", 3),  # an emoji sequence is one character
    ],
)
def test_count_characters(text, count):
    assert count_characters(text) == count


def test_caption_event_lines_keep_the_authors_breaks_or_wrap_at_42():
    def lines(text):
        return [text[start:end] for start, end in caption_event_lines(text)]

    assert lines("  one line\n  and another  ") == ["one line", "and another"]
    sentence = "Talking about how you feel is normal, and asking for help is brave."
    assert lines(sentence) == ["Talking about how you feel is normal, and", "asking for help is brave."]
    assert lines("a " + "x" * 50 + " b") == ["a", "x" * 50, "b"]
    assert lines("لَسْتَ وَحْدَكَ " * 6) == ["لَسْتَ وَحْدَكَ " * 4 + "لَسْتَ", "وَحْدَكَ لَسْتَ وَحْدَكَ"]


def test_caption_length_in_each_platforms_unit():
    assert caption_length("💚", "utf16") == 2
    assert caption_length("💚", "utf8-bytes") == 4
    assert caption_length("لست", "utf8-bytes") == 6
    assert caption_length("لست", "code-points") == 3


def test_hashtags_in_text():
    assert hashtags_in("Join #EndTheStigma and #كلنا_معاك! #٢٠٢٦") == ["#EndTheStigma", "#كلنا_معاك", "#٢٠٢٦"]


def test_scene_timing_lines_and_reading_speed(matcher):
    facts = facts_of(DATA / "check" / "reading-speed" / "bad.yaml", matcher)
    scene = facts["scenes"][0]
    assert (scene["duration"], scene["line_count"], scene["characters"]) == (2.0, 2, 62)
    assert scene["reading_speed"] == 31.0
    assert scene["at_fields"]["duration"]["path"] == ["scenes", 0, "duration"]
    assert [line["characters"] for line in facts["caption_lines"][:2]] == [34, 27]


def test_a_manifest_beside_the_script_gives_the_post_caption_and_resources(matcher, tmp_path):
    manifest = LooseManifest(
        tmp_path / "x.manifest.json",
        platform="tiktok",
        post_caption="Posted text #EndTheStigma",
        resources=(
            "https://findahelpline.com",
            "embrace-lebanon",
            {"name": "Line", "phone": "1564", "verified_on": date(2026, 5, 2)},
        ),
    )
    facts = facts_of(DATA / "check" / "scene-too-short" / "good.yaml", matcher, [manifest])
    (post,) = facts["posts"]
    assert post["caption"] == "Posted text #EndTheStigma"
    assert post["at"]["file"] == str(manifest.path)
    link, reference, line = facts["resources"]
    assert (link["url"], link["scheme"], link["reference_only"], link["verified_days_ago"]) == (
        "https://findahelpline.com",
        "https",
        False,
        None,
    )
    assert reference["reference_only"] is True
    assert (line["phone"], line["verified_on"], line["verified_days_ago"]) == ("1564", "2026-05-02", 30)


def test_a_suicide_topic_counts_help_in_the_text_and_resources(matcher):
    facts = facts_of(DATA / "check" / "missing-help-resource" / "good.yaml", matcher)
    (topic,) = facts["topics"]
    assert topic["topic"] == "suicide-or-self-harm"
    assert (topic["mentions"], topic["resources"], topic["help_references"], topic["help"]) == (3, 0, 1, 1)


def test_text_boxes_are_one_per_event_and_platform(matcher):
    facts = facts_of(DATA / "check" / "outside-safe-zone" / "bad.yaml", matcher)
    assert len(facts["text_boxes"]) == 2 * len(facts["events"])
    assert {box["platform"] for box in facts["text_boxes"]} == {"tiktok", "reels"}
    assert facts["events"][0]["box"]["bottom"] > 1480
