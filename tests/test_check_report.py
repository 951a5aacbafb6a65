"""Report formats: SARIF 2.1.0 valid against the official schema, JSON against its documented shape, text sorted."""

from __future__ import annotations

import json
from datetime import date

import jsonschema
import pytest
from conftest import DATA, ROOT

from creator_kit.guidelines.report import artifact_uri, to_json, to_sarif, to_text
from creator_kit.guidelines.run import CheckOptions, check_paths
from creator_kit.inputs.validation import load_schema

SARIF_SCHEMA = json.loads((DATA / "sarif-2.1.0.schema.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def report():
    paths = [
        DATA / "check" / name
        for name in ("stigmatizing-term", "method-detail", "resource-not-verified", "outside-safe-zone")
    ]
    return check_paths(paths + [DATA / "check" / "no-such-draft.yaml"], CheckOptions(today=date(2026, 6, 1)))


def sarif_validator() -> jsonschema.protocols.Validator:
    return jsonschema.Draft7Validator(SARIF_SCHEMA, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def test_sarif_is_valid_against_the_official_schema(report):
    log = json.loads(to_sarif(report, root=ROOT))
    errors = sorted(sarif_validator().iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def test_sarif_of_a_clean_run_is_valid():
    clean = check_paths([ROOT / "examples" / "ar-not-alone.yaml"], CheckOptions())
    log = json.loads(to_sarif(clean, root=ROOT))
    sarif_validator().validate(log)
    assert log["runs"][0]["results"] == []
    assert log["runs"][0]["invocations"][0]["executionSuccessful"] is True


def test_sarif_results_point_at_rules_and_regions(report):
    run = json.loads(to_sarif(report, root=ROOT))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["originalUriBaseIds"]["SRCROOT"]["uri"] == ROOT.as_uri() + "/"
    assert len(run["results"]) == len(report.findings)
    for result, finding in zip(run["results"], report.findings, strict=True):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == finding.rule
        assert result["level"] == {"error": "error", "warning": "warning", "info": "note"}[finding.severity]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uriBaseId"] == "SRCROOT"
        assert location["artifactLocation"]["uri"].startswith("tests/data/check/")
        assert location["region"]["startLine"] == finding.line
        assert location["region"]["startColumn"] == finding.column
    method = next(r for r in run["results"] if r["ruleId"] == "method-detail")
    assert method["properties"]["suggestion"]
    assert rules[method["ruleIndex"]]["defaultConfiguration"]["level"] == "error"


def test_sarif_reports_unusable_inputs_as_notifications(report):
    invocation = json.loads(to_sarif(report, root=ROOT))["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    (notification,) = invocation["toolExecutionNotifications"]
    assert notification["message"]["text"] == "file not found"


def test_artifact_uris_are_relative_and_percent_encoded_inside_the_root(tmp_path):
    assert artifact_uri(str(ROOT / "examples" / "ar-not-alone.yaml"), ROOT) == "examples/ar-not-alone.yaml"
    assert artifact_uri("مسودة 1.yaml", tmp_path) == "%D9%85%D8%B3%D9%88%D8%AF%D8%A9%201.yaml"
    assert artifact_uri("/elsewhere/x.yaml", tmp_path) == "file:///elsewhere/x.yaml"


def test_json_report_matches_its_schema_and_counts(report):
    payload = json.loads(to_json(report))
    jsonschema.Draft202012Validator(load_schema("check-report")).validate(payload)
    summary = payload["summary"]
    assert summary["findings"] == len(payload["findings"]) == summary["errors"] + summary["warnings"] + summary["info"]
    assert summary["problems"] == 1 and summary["exit_code"] == 2
    assert payload["problems"][0]["message"] == "file not found"


def test_text_report_is_sorted_by_file_line_and_column(report):
    lines = to_text(report).splitlines()
    keys = []
    for line in lines:
        file, row, column, _ = line.split(":", 3)
        keys.append((file, int(row), int(column)))
    assert keys == sorted(keys)
    assert len(lines) == len(report.findings)


def test_the_sarif_schema_check_can_fail(report):
    log = json.loads(to_sarif(report, root=ROOT))
    log["runs"][0]["results"][0]["level"] = "fatal"
    log["runs"][0]["columnKind"] = "bytes"
    assert len(list(sarif_validator().iter_errors(log))) == 2


def test_sarif_rules_carry_help_and_the_public_source(report):
    rules = json.loads(to_sarif(report, root=ROOT))["runs"][0]["tool"]["driver"]["rules"]
    assert {rule["id"] for rule in rules} == {rule.id for rule in report.rules}
    for rule in rules:
        assert rule["help"]["text"] and rule["help"]["markdown"].startswith(f"**{rule['shortDescription']['text']}**")
        assert rule["helpUri"].startswith("https://"), rule["id"]
        assert rule["helpUri"] in rule["help"]["text"] and rule["helpUri"] in rule["help"]["markdown"]
    by_id = {rule["id"]: rule["helpUri"] for rule in rules}
    assert by_id["method-detail"] == "https://www.who.int/publications/i/item/9789240076846"
    assert by_id["low-contrast"] == "https://www.w3.org/TR/WCAG22/#contrast-minimum"


def test_sarif_results_carry_partial_fingerprints(report):
    results = json.loads(to_sarif(report, root=ROOT))["runs"][0]["results"]
    prints = [result["partialFingerprints"]["creatorKitFinding/v1"] for result in results]
    assert len(set(prints)) == len(prints) == len(report.findings)


DRAFT = """id: moved
title: Stories
language: en
template: minimal
hashtags: ["#EndTheStigma"]
scenes:
  - text: You are not crazy for asking for help.
  - text: Asking is strength, not psycho stuff.
"""


def _prints(path, root) -> dict[str, tuple[int, str]]:
    log = json.loads(to_sarif(check_paths([path], CheckOptions(today=date(2026, 6, 1))), root=root))
    return {
        result["partialFingerprints"]["creatorKitFinding/v1"]: (
            result["locations"][0]["physicalLocation"]["region"]["startLine"],
            result["ruleId"],
        )
        for result in log["runs"][0]["results"]
    }


def test_a_finding_keeps_its_fingerprint_when_an_edit_moves_it(tmp_path):
    draft = tmp_path / "draft.yaml"
    draft.write_text(DRAFT, encoding="utf-8")
    before = _prints(draft, tmp_path)
    assert sorted(rule for _, rule in before.values()) == ["stigmatizing-term", "stigmatizing-term"]
    moved = DRAFT.replace("scenes:\n", "# reviewed\nscenes:\n  - text: A new first scene.\n")
    draft.write_text(moved, encoding="utf-8")
    after = _prints(draft, tmp_path)
    assert set(after) == set(before)
    assert all(after[key][0] == before[key][0] + 2 for key in before)
    draft.write_text(moved.replace("not crazy", "not nuts"), encoding="utf-8")
    assert len(set(_prints(draft, tmp_path)) & set(before)) == 1


NEW_RULES = (
    "missing-hope-message",
    "single-cause",
    "challenge-or-pact",
    "suicide-in-headline",
    "missing-content-note",
    "harm-specifics",
    "campaign-suicide-count",
)


@pytest.fixture(scope="module")
def safe_messaging_report():
    folders = [DATA / "check" / rule for rule in NEW_RULES if rule != "campaign-suicide-count"]
    campaign = DATA / "check" / "campaign-suicide-count"
    return check_paths(
        folders + [campaign / "bad.yaml", campaign / "bad-sheet.csv"], CheckOptions(today=date(2026, 6, 1))
    )


def test_sarif_carries_the_safe_messaging_rules_with_help_and_source(safe_messaging_report):
    log = json.loads(to_sarif(safe_messaging_report, root=ROOT))
    sarif_validator().validate(log)
    run = log["runs"][0]
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    for rule_id in NEW_RULES:
        rule = rules[rule_id]
        assert len(rule["help"]["text"]) > 200 and rule["help"]["markdown"].startswith("**"), rule_id
        assert rule["helpUri"].startswith("https://") and rule["helpUri"] in rule["help"]["text"], rule_id
    assert rules["challenge-or-pact"]["defaultConfiguration"]["level"] == "error"
    assert rules["harm-specifics"]["defaultConfiguration"]["level"] == "error"
    assert rules["missing-content-note"]["defaultConfiguration"]["level"] == "warning"
    reported = {result["ruleId"] for result in run["results"]}
    assert set(NEW_RULES) <= reported
    for result in run["results"]:
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]


def test_a_campaign_finding_points_at_the_campaign_files_line(safe_messaging_report):
    """The rule folders given are campaigns too (some hold more than three drafts about suicide); the campaign
    files' findings point at the line naming their first clip about suicide."""
    log = json.loads(to_sarif(safe_messaging_report, root=ROOT))
    campaign = [
        result
        for result in log["runs"][0]["results"]
        if result["ruleId"] == "campaign-suicide-count"
        and "campaign-suicide-count/" in result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    ]
    places = sorted(
        (
            result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            result["locations"][0]["physicalLocation"]["region"]["startLine"],
        )
        for result in campaign
    )
    assert places == [
        ("tests/data/check/campaign-suicide-count/bad-sheet.csv", 3),
        ("tests/data/check/campaign-suicide-count/bad.yaml", 5),
    ]
    assert all("4 of " in result["message"]["text"] for result in campaign)


def test_every_report_says_what_check_is_and_its_recall_by_class(report):
    """Issue 30: the JSON report and the SARIF run carry the statement and the measured recall by class."""
    scope = json.loads(to_json(report))["scope"]
    assert "trained reviewer's sign-off" in scope["statement"]
    assert scope["recall"]["method"]["planted"] >= scope["recall"]["method"]["found"] > 0
    run = json.loads(to_sarif(report, ROOT))["runs"][0]
    assert run["properties"]["scope"] == scope
    assert run["tool"]["driver"]["fullDescription"]["text"] == scope["statement"]


def test_the_text_summary_asks_for_a_reviewer_only_for_drafts_about_suicide(tmp_path):
    from conftest import run_cli

    clean = run_cli("check", str(DATA / "check" / "stigmatizing-term" / "good.yaml"))
    assert "note:" not in clean.stderr
    about = run_cli("check", str(DATA / "eval-blind2" / "en-vent-late-night.yaml"))
    note = [line for line in about.stderr.splitlines() if line.startswith("note:")]
    assert len(note) == 1 and "trained reviewer's sign-off" in note[0] and "method " in note[0]
