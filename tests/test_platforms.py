"""The platform facts (planning/platforms.py): each with a source and a date, the same numbers in the shipped
guidelines, and every limit of every platform checked on a draft just past it and one just within it."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import EXAMPLE_SCRIPTS, EXAMPLES, ROOT, encode_nothing

from creator_kit.cli import cli
from creator_kit.guidelines.ruleset import load_guidelines
from creator_kit.guidelines.run import CheckOptions, Target, check_script
from creator_kit.inputs.template import available_templates
from creator_kit.planning.campaign import load_campaign
from creator_kit.planning.plan import PlanOptions, prepare
from creator_kit.planning.platforms import (
    CONSERVATIVE_SAFE_ZONE,
    FACTS,
    PLATFORM_NAMES,
    PLATFORMS,
    Platform,
    caption_length,
    loudness_target,
    platform_caption_length,
    x_weighted_length,
)
from creator_kit.planning.post_caption import compose_post_caption

DATA = ROOT / "creator_kit"
GUIDELINES = yaml.safe_load((DATA / "data" / "guidelines.yaml").read_text("utf-8"))["rules"]
_AS_OF = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")
SCENE_MAX = 60
"""A scene lasts at most 60 s (script schema)."""
TAG = "#EndTheStigma"


def rule_values(rule: str, kind: str) -> dict:
    return GUIDELINES[rule]["check"][kind]["values"]


@pytest.fixture(scope="module")
def guidelines():
    return load_guidelines()


# --- the data --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", PLATFORM_NAMES)
def test_every_fact_has_a_source_and_a_date(name):
    platform = PLATFORMS[name]
    assert platform.name == name
    assert set(platform.sources) == set(FACTS)
    for fact in FACTS:
        source = platform.source(fact)
        assert source.where.strip(), (name, fact)
        assert _AS_OF.match(source.as_of), (name, fact, source.as_of)


def test_the_facts_are_the_researched_ones():
    facts = {
        name: (p.caption_limit, p.caption_unit, p.longest_video, p.most_hashtags, p.requires_sound)
        for name, p in PLATFORMS.items()
    }
    assert facts == {
        "tiktok": (2200, "utf16", 600, None, False),
        "reels": (2200, "utf16", 180, 5, False),
        "shorts": (5000, "utf8-bytes", 180, 60, False),
        "x": (280, "x-weighted", 140, None, False),
        "spotlight": (160, "code-points", 60, None, True),
    }
    zones = {name: p.safe_zone.as_dict() for name, p in PLATFORMS.items()}
    assert zones["tiktok"] == {"left": 0, "top": 150, "right": 930, "bottom": 1480}
    assert zones["reels"] == {"left": 65, "top": 269, "right": 1015, "bottom": 1248}
    assert zones["shorts"] == {"left": 65, "top": 270, "right": 930, "bottom": 1440}
    assert zones["x"] == zones["spotlight"] == {"left": 65, "top": 270, "right": 930, "bottom": 1248}
    assert all(loudness_target(name) == -14.0 for name in PLATFORMS)


def test_the_guidelines_check_the_same_numbers():
    assert rule_values("video-too-long", "max") == {n: p.longest_video for n, p in PLATFORMS.items()}
    assert rule_values("post-caption-too-long", "max") == {n: p.caption_limit for n, p in PLATFORMS.items()}
    assert rule_values("too-many-hashtags", "max") == {
        n: p.most_hashtags for n, p in PLATFORMS.items() if p.most_hashtags is not None
    }
    assert rule_values("platform-needs-sound", "min") == {n: 1 for n, p in PLATFORMS.items() if p.requires_sound}
    inside = GUIDELINES["outside-safe-zone"]["check"]["inside"]
    assert inside["values"] == {n: p.safe_zone.as_dict() for n, p in PLATFORMS.items()}
    assert inside["default"] == CONSERVATIVE_SAFE_ZONE.as_dict()


def test_the_conservative_zone_is_inside_every_platforms_zone():
    for platform in PLATFORMS.values():
        assert CONSERVATIVE_SAFE_ZONE.within(platform.safe_zone) == CONSERVATIVE_SAFE_ZONE


@pytest.mark.parametrize("schema, path", [("script", ("$defs", "platform")), ("campaign", None)])
def test_the_schemas_name_every_platform(schema, path):
    data = json.loads((DATA / "schemas" / f"{schema}.schema.json").read_text("utf-8"))
    if path is None:
        found = re.search(r'"items": \{"enum": (\[[^\]]*"tiktok"[^\]]*\])', json.dumps(data))
        assert found and json.loads(found[1]) == list(PLATFORM_NAMES)
    else:
        assert data[path[0]][path[1]]["enum"] == list(PLATFORM_NAMES)


def test_x_counts_a_link_as_23_and_wide_characters_twice():
    assert x_weighted_length("Find A Helpline: https://findahelpline.com") == len("Find A Helpline: ") + 23
    assert x_weighted_length("لست وحدك") == 8
    assert x_weighted_length("你好") == 4
    assert caption_length("abc", "x-weighted") == 3


@pytest.mark.parametrize("form", ["matrix", "sheet"])
def test_a_campaign_may_name_every_platform(form, tmp_path):
    shutil.copy(EXAMPLES / "ar-not-alone.yaml", tmp_path)
    if form == "matrix":
        campaign = tmp_path / "campaign.yaml"
        campaign.write_text(f"scripts: [ar-not-alone.yaml]\nplatforms: [{', '.join(PLATFORM_NAMES)}]\n", "utf-8")
        expected = [PLATFORM_NAMES]
    else:
        campaign = tmp_path / "campaign.csv"
        rows = "".join(f"ar-not-alone.yaml,,{name},\n" for name in PLATFORM_NAMES)
        campaign.write_text("script,template,platform,language\n" + rows, "utf-8")
        expected = [(name,) for name in PLATFORM_NAMES]
    assert [row.platforms for row in load_campaign(campaign).rows] == expected


# --- every limit on a draft --------------------------------------------------------------------


def _write(folder: Path, name: str, lines: list[str]) -> Path:
    path = folder / f"{name}.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _header(name: str, platform: str) -> list[str]:
    return [f"id: {name}", "title: Limits", "language: en", f"platform: {platform}"]


def _scenes(seconds: float) -> list[str]:
    """Scenes that last `seconds` in all, none longer than a scene may be."""
    lines = ["scenes:"]
    while seconds > 0:
        lines.append(f"  - {{text: Scene {len(lines)}., duration: {min(seconds, SCENE_MAX):g}}}")
        seconds -= SCENE_MAX
    return lines


def _found(path: Path, rule: str, guidelines) -> list[tuple[int | None, str]]:
    findings = check_script(Target(path), guidelines, CheckOptions())
    return [(f.line, f.severity) for f in findings if f.rule == rule]


def _line_of(path: Path, prefix: str) -> int:
    return next(n for n, line in enumerate(path.read_text("utf-8").splitlines(), 1) if line.startswith(prefix))


@pytest.fixture(scope="module")
def card_seconds(tmp_path_factory) -> float:
    """What the title and end cards add to the scenes' own length."""
    folder = tmp_path_factory.mktemp("cards")
    draft = _write(folder, "cards", _header("cards", "tiktok") + [f"hashtags: ['{TAG}']"] + _scenes(10))
    return prepare(draft, PlanOptions()).timeline.duration - 10


@pytest.mark.parametrize("over", [True, False], ids=["past", "within"])
@pytest.mark.parametrize("platform", PLATFORMS.values(), ids=PLATFORM_NAMES)
def test_video_length_limit(platform: Platform, over: bool, card_seconds, tmp_path, guidelines):
    seconds = platform.longest_video - card_seconds + (1 if over else 0)
    draft = _write(tmp_path, "long", _header("long", platform.name) + [f"hashtags: ['{TAG}']"] + _scenes(seconds))
    expected = [(_line_of(draft, "scenes:"), "error")] if over else []
    assert _found(draft, "video-too-long", guidelines) == expected


@pytest.mark.parametrize("over", [True, False], ids=["past", "within"])
@pytest.mark.parametrize("platform", [p for p in PLATFORMS.values() if p.most_hashtags], ids=lambda p: p.name)
def test_hashtag_count_limit(platform: Platform, over: bool, tmp_path, guidelines):
    """The hashtags are written in the post caption: a script's `hashtags` list holds at most 30."""
    count = platform.most_hashtags + (1 if over else 0)
    tags = " ".join([TAG] + [f"#tag{n}" for n in range(count - 1)])
    draft = _write(tmp_path, "tags", _header("tags", platform.name) + [f"post_caption: '{tags}'"] + _scenes(5))
    expected = [(_line_of(draft, "post_caption:"), "error")] if over else []
    assert _found(draft, "too-many-hashtags", guidelines) == expected


@pytest.mark.parametrize("platform", [p for p in PLATFORMS.values() if not p.most_hashtags], ids=lambda p: p.name)
def test_no_hashtag_count_where_the_platform_sets_none(platform: Platform, tmp_path, guidelines):
    tags = " ".join([TAG] + [f"#tag{n}" for n in range(70)])
    draft = _write(tmp_path, "tags", _header("tags", platform.name) + [f"post_caption: '{tags}'"] + _scenes(5))
    assert _found(draft, "too-many-hashtags", guidelines) == []


def _body_of_length(platform: Platform, total: int) -> str:
    """A post caption body that, with the campaign hashtag after it, is `total` long as `platform` counts it:
    two-byte letters (so Shorts' byte limit is reached within the script's 5,000 characters), then ASCII."""
    unit = platform.caption_unit
    overhead = caption_length(compose_post_caption("a", (TAG,)).strip(), unit) - 1
    wide = caption_length("ب", unit)
    left = total - overhead
    return "ب" * (left // wide) + "a" * (left % wide)


@pytest.mark.parametrize("over", [True, False], ids=["past", "within"])
@pytest.mark.parametrize("platform", PLATFORMS.values(), ids=PLATFORM_NAMES)
def test_caption_length_limit(platform: Platform, over: bool, tmp_path, guidelines):
    body = _body_of_length(platform, platform.caption_limit + (1 if over else 0))
    assert caption_length(compose_post_caption(body, (TAG,)).strip(), platform.caption_unit) == (
        platform.caption_limit + (1 if over else 0)
    )
    lines = _header("caption", platform.name) + [f"hashtags: ['{TAG}']", f"post_caption: {body}"] + _scenes(5)
    draft = _write(tmp_path, "caption", lines)
    expected = [(_line_of(draft, "post_caption:"), "error")] if over else []
    assert _found(draft, "post-caption-too-long", guidelines) == expected


@pytest.mark.parametrize("sound", ["none", "music", "voice"])
@pytest.mark.parametrize("platform", PLATFORMS.values(), ids=PLATFORM_NAMES)
def test_a_platform_that_requires_sound_warns_on_a_silent_video(platform: Platform, sound, tmp_path, guidelines):
    shutil.copy(EXAMPLES / "media" / "voice-1.m4a", tmp_path / "sound.m4a")
    lines = _header("sound", platform.name) + [f"hashtags: ['{TAG}']"]
    lines += ["music: {file: sound.m4a}"] if sound == "music" else []
    lines += ["scenes:", "  - text: You are not alone."] + (["    voice: sound.m4a"] if sound == "voice" else [])
    draft = _write(tmp_path, "sound", lines)
    silent = sound == "none" and platform.requires_sound
    expected = [(_line_of(draft, "platform:"), "warning")] if silent else []
    found = check_script(Target(draft), guidelines, CheckOptions())
    assert [(f.line, f.severity) for f in found if f.rule == "platform-needs-sound"] == expected
    if silent:
        message = next(f.message for f in found if f.rule == "platform-needs-sound")
        assert message.startswith(f"{platform.title} requires sound")


# --- the shipped templates inside every zone ---------------------------------------------------


@pytest.mark.parametrize("template", available_templates())
@pytest.mark.parametrize("example", EXAMPLE_SCRIPTS, ids=[p.stem for p in EXAMPLE_SCRIPTS])
def test_every_template_and_example_is_inside_every_platforms_safe_zone(example, template, guidelines):
    options = CheckOptions(template=template, platforms=PLATFORM_NAMES)
    findings = check_script(Target(example), guidelines, options)
    assert [str(f) for f in findings if f.rule == "outside-safe-zone"] == []


# --- render for the new platforms ----------------------------------------------------------------


@pytest.mark.parametrize("example", ["ar-resources-ae.yaml", "ar-not-alone.yaml"])
def test_render_writes_each_new_platforms_files_with_a_caption_within_its_limit(example, tmp_path, monkeypatch):
    import creator_kit.output.render as render_module

    monkeypatch.setattr(render_module, "_encode_video", encode_nothing)
    result = CliRunner().invoke(
        cli, ["render", str(EXAMPLES / example), "-o", str(tmp_path), "-p", "x", "-p", "spotlight"]
    )
    assert result.exit_code == 0, result.output
    stem = example.removesuffix(".yaml")
    for name in ("x", "spotlight"):
        manifest = json.loads((tmp_path / f"{stem}.{name}.manifest.json").read_text("utf-8"))
        assert manifest["platform"] == name
        caption = (tmp_path / f"{stem}.{name}.caption.txt").read_text("utf-8")
        assert platform_caption_length(caption.strip(), name) <= PLATFORMS[name].caption_limit
        rules = {finding["rule"] for finding in manifest["findings"]}
        assert ("platform-needs-sound" in rules) == (name == "spotlight")
