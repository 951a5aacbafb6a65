"""Guidelines as data: the shipped file, a team's changes (extends), a replacement, and the generic checks."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import jsonschema
import pytest
from conftest import DATA, write

from creator_kit.errors import InputError
from creator_kit.guidelines.rules import Check, Limit, Rule, evaluate
from creator_kit.guidelines.ruleset import DEFAULT_GUIDELINES, load_guidelines, merge
from creator_kit.guidelines.run import CheckOptions, Target, check_script

TODAY = date(2026, 6, 1)
SHIPPED_RULES = {
    "stigmatizing-term",
    "suicide-framing",
    "method-detail",
    "missing-help-resource",
    "missing-hope-message",
    "single-cause",
    "challenge-or-pact",
    "suicide-in-headline",
    "missing-content-note",
    "harm-specifics",
    "campaign-suicide-count",
    "unsourced-statistic",
    "card-language",
    "reading-speed",
    "caption-lines",
    "caption-line-length",
    "scene-too-short",
    "scene-too-long",
    "low-contrast",
    "outside-safe-zone",
    "video-too-long",
    "post-caption-too-long",
    "missing-campaign-hashtag",
    "too-many-hashtags",
    "platform-needs-sound",
    "resource-not-https",
    "resource-not-verified",
    "live-session-past",
    "live-time-clock-change",
    "live-suicide-without-caption-resource",
    "live-region-without-resources",
}


def rules_found(draft: Path, guidelines_file: Path | None = None) -> list[str]:
    findings = check_script(Target(draft), load_guidelines(guidelines_file), CheckOptions(today=TODAY))
    return [f.rule for f in findings]


def test_the_shipped_guidelines_have_every_required_rule():
    guidelines = load_guidelines()
    assert {rule.id for rule in guidelines.rules} == SHIPPED_RULES
    assert guidelines.files == (DEFAULT_GUIDELINES,)
    assert all(rule.summary and rule.help for rule in guidelines.rules)


def test_extends_changes_a_limit_and_a_severity(tmp_path):
    team = write(
        tmp_path,
        "team.yaml",
        "extends: default\nrules:\n  scene-too-long:\n    severity: error\n    check: {max: 10}\n",
    )
    rule = {r.id: r for r in load_guidelines(team).rules}["scene-too-long"]
    assert rule.severity == "error" and rule.check.maximum.default == 10
    assert rule.message == "scene lasts {value:.2f} s; at most {limit} s"
    assert rules_found(DATA / "check" / "scene-too-long" / "bad.yaml", team) == []


def test_extends_changes_one_value_of_a_limit_by_language(tmp_path):
    team = write(
        tmp_path, "team.yaml", "extends: default\nrules:\n  reading-speed: {check: {max: {values: {en: 12}}}}\n"
    )
    limit = {r.id: r for r in load_guidelines(team).rules}["reading-speed"].check.maximum
    assert (limit.by, limit.values, limit.default) == ("language", {"ar": 17, "en": 12}, 17)
    assert rules_found(DATA / "check" / "reading-speed" / "good.yaml", team) == ["reading-speed"]


def test_extends_turns_a_rule_off_and_adds_one(tmp_path):
    team = write(
        tmp_path,
        "team.json",
        """{
      "extends": "default",
      "rules": {
        "missing-campaign-hashtag": {"enabled": false},
        "short-title": {"severity": "info", "select": "events", "when": {"properties": {"kind": {"const": "intro"}}},
                        "field": "font_size", "check": {"min": 100}, "message": "title drawn at {value} px"}
      }
    }""",
    )
    draft = DATA / "check" / "missing-campaign-hashtag" / "bad.yaml"
    assert rules_found(draft) == ["missing-campaign-hashtag"]
    assert rules_found(draft, team) == ["short-title"]


def test_extends_adds_a_lexicon(tmp_path):
    write(
        tmp_path,
        "lexicon.team.yaml",
        "language: en\nentries:\n  - {category: stigmatizing, forms: [wacko], suggestion: unexpected}\n",
    )
    team = write(tmp_path, "team.yaml", "extends: default\nlexicons: [lexicon.team.yaml]\n")
    draft = write(
        tmp_path,
        "draft.yaml",
        'id: d\ntitle: t\nlanguage: en\nhashtags: ["#EndTheStigma"]\nscenes:\n  - text: What a wacko idea, crazy.\n',
    )
    assert rules_found(draft) == ["stigmatizing-term"]
    assert rules_found(draft, team) == ["stigmatizing-term", "stigmatizing-term"]


def test_a_file_without_extends_replaces_the_defaults(tmp_path):
    own = write(
        tmp_path,
        "own.yaml",
        "rules:\n  long-scene:\n    severity: error\n    select: scenes\n"
        "    field: duration\n    check: {max: 3}\n    message: 'over {limit} s'\n",
    )
    guidelines = load_guidelines(own)
    assert [r.id for r in guidelines.rules] == ["long-scene"]
    assert rules_found(DATA / "check" / "stigmatizing-term" / "bad.yaml", own) == []
    assert rules_found(DATA / "check" / "scene-too-long" / "bad.yaml", own) == ["long-scene"]


@pytest.mark.parametrize(
    "text, line, message",
    [
        ("rules:\n  x:\n    severity: error\n    message: m\n", 2, "rules.x: missing required field 'select'"),
        (
            "extends: default\nrules:\n  new-rule: {severity: error}\n",
            3,
            "rules.new-rule: missing required field 'select'",
        ),
        (
            "rules:\n  x:\n    severity: error\n    select: scenes\n    field: duration\n"
            "    check: {max: {values: {ar: 1}}}\n    message: m\n",
            6,
            "rules.x.check.max: a limit by value needs 'by'",
        ),
        (
            "extends: default\nrules:\n  outside-safe-zone:\n    check: {inside: {left: 0, top: 0}}\n",
            4,
            "rules.outside-safe-zone.check.inside: a rectangle needs left, top, right and bottom (missing: right, bottom)",
        ),
        (
            "extends: default\nrules:\n  reading-speed:\n    check: {max: {by: speed}}\n",
            4,
            "rules.reading-speed.check.max.by: items have no field 'speed'",
        ),
        (
            "extends: default\nrules:\n  reading-speed:\n    check: {includes_any: [a]}\n",
            4,
            "rules.reading-speed.check: give one kind of check",
        ),
        ("extends: default\nlexicons: [nowhere.yaml]\n", 2, "lexicons[0]: lexicon file not found"),
        ("extends: nothing\n", 1, "extends: must be one of default; got 'nothing'"),
        ("- a list\n", 1, "not a creator-kit content guidelines file: expected a mapping of fields at the top level"),
    ],
)
def test_bad_guidelines_point_at_the_line(tmp_path, text, line, message):
    path = write(tmp_path, "g.yaml", text)
    with pytest.raises(InputError) as raised:
        load_guidelines(path)
    (problem,) = raised.value.problems
    assert (problem.file, problem.line) == (str(path), line)
    assert str(problem).startswith(f"{path}:{line}: {message}"), str(problem)


def test_merge_replaces_json_schemas_whole_and_merges_mappings():
    base = {"when": {"properties": {"a": {}}}, "check": {"max": {"by": "x", "values": {"a": 1}}}}
    changes = {"when": {"required": ["b"]}, "check": {"max": {"values": {"b": 2}}}}
    assert merge(base, changes) == {
        "when": {"required": ["b"]},
        "check": {"max": {"by": "x", "values": {"a": 1, "b": 2}}},
    }


def _rule(**fields) -> Rule:
    return Rule(
        id="r",
        severity="warning",
        summary="s",
        help="",
        select="items",
        message=fields.pop("message", "{value} vs {limit}"),
        **fields,
    )


def test_numeric_check_with_a_limit_by_value():
    facts = {"items": [{"k": "a", "n": 5, "at": {}}, {"k": "b", "n": 5, "at": {}}, {"k": "c", "n": 5, "at": {}}]}
    rule = _rule(field="n", check=Check(maximum=Limit("k", {"a": 4, "b": 6})))
    assert [v.message for v in evaluate((rule,), facts)] == ["5 vs 4"]  # c has no limit: not checked


def test_a_missing_number_fails_a_numeric_check():
    rule = _rule(field="n", check=Check(maximum=Limit(None, {}, 3)))
    assert [v.message for v in evaluate((rule,), {"items": [{"n": None, "at": {}}]})] == ["none vs 3"]


def test_inside_check_says_how_far_out_the_box_is():
    rule = _rule(
        field="box",
        check=Check(inside=Limit(None, {}, {"left": 0, "top": 0, "right": 100, "bottom": 100})),
        message="{excess}",
    )
    facts = {
        "items": [
            {"box": {"left": -5, "top": 10, "right": 50, "bottom": 120}, "at": {}},
            {"box": {"left": 5, "top": 10, "right": 50, "bottom": 90}, "at": {}},
        ]
    }
    assert [v.message for v in evaluate((rule,), facts)] == ["5 px past the left edge, 20 px past the bottom edge"]


def test_includes_any_ignores_case_and_tatweel():
    rule = _rule(field="tags", check=Check(includes_any=("#EndTheStigma", "#كلنا_معاك")), message="{limit}")
    facts = {
        "items": [
            {"tags": ["#endthestigma"], "at": {}},
            {"tags": ["#كلنا_مـعاك"], "at": {}},
            {"tags": ["#other"], "at": {}},
        ]
    }
    assert [v.message for v in evaluate((rule,), facts)] == ["#EndTheStigma or #كلنا_معاك"]


def test_when_filters_and_schema_checks():
    when = jsonschema.Draft202012Validator({"properties": {"kind": {"const": "x"}}})
    schema = jsonschema.Draft202012Validator({"properties": {"url": {"pattern": "^https:"}}})
    rule = _rule(when=when, field="url", check=Check(schema=schema), message="{url}: {error}")
    facts = {
        "items": [
            {"kind": "x", "url": "http://a", "at": {}},
            {"kind": "y", "url": "http://b", "at": {}},
            {"kind": "x", "url": "https://c", "at": {}},
        ]
    }
    assert [v.message for v in evaluate((rule,), facts)] == ["http://a: 'http://a' does not match '^https:'"]


def test_a_finding_points_at_the_field_it_checks():
    rule = _rule(field="duration", check=Check(minimum=Limit(None, {}, 1)))
    item = {"duration": 0.5, "at": {"path": ["text"]}, "at_fields": {"duration": {"path": ["duration"]}}}
    (violation,) = evaluate((rule,), {"items": [item]})
    assert violation.at == {"path": ["duration"]}


def test_messages_cannot_reach_into_objects():
    rule = _rule(message="{value.__class__} {value[0]}")
    (violation,) = evaluate((rule,), {"items": [{"at": {}}]})
    assert violation.message == "? ?"
