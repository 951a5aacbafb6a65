"""The resource directory: its schema, lookup by region and language, merging, freshness, the CLI."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import DATA, ROOT, run_cli

from creator_kit.errors import InputError
from creator_kit.inputs.script import Selection
from creator_kit.inputs.validation import load_schema
from creator_kit.resources.directory import load_directory, lookup, select, shipped_directory_path, stale

RESOURCES = DATA / "resources"
SHIPPED_REGIONS = ("AE", "SA", "EG", "JO", "LB", "QA", "MA")


@pytest.fixture(scope="module")
def directory():
    return load_directory()


def ids(entries) -> list[str]:
    return [entry.id for entry in entries]


def test_the_shipped_directory_validates_and_every_entry_names_its_source(directory):
    data = yaml.safe_load(shipped_directory_path().read_text("utf-8"))
    jsonschema.validate(data, load_schema("resources"))
    assert all(entry.source.strip() for entry in directory.entries)
    assert all(entry.url is None or entry.url.startswith("https://") for entry in directory.entries)


def test_a_bad_directory_gives_one_line_numbered_problem_per_mistake():
    with pytest.raises(InputError) as raised:
        load_directory((RESOURCES / "bad.yaml",))
    lines = [str(problem) for problem in raised.value.problems]
    path = str(RESOURCES / "bad.yaml")
    assert lines == [
        f"{path}:3: entries[0]: must be an entry with phones or a url (or both)",
        f"{path}:12: entries[1].url: must be an https:// URL",
        f"{path}:16: entries[2]: missing required field 'verified_on'",
        f"{path}:20: entries[2].regions[0]: must be a country code (AE), a subdivision (AE-AZ) or world",
        f"{path}:23: entries[3].names: missing required field 'ar'",
        f"{path}:24: entries[3].kind: must be one of helpline, text line, website, directory; got 'hotline'",
    ]


def test_a_duplicate_id_is_reported_at_its_line(tmp_path):
    entry = (
        "  - {id: twice, names: {ar: مرة, en: Twice}, kind: helpline, phones: ['1'], regions: [AE],"
        " source: tests, verified: false}\n"
    )
    path = tmp_path / "twice.yaml"
    path.write_text("entries:\n" + entry + entry, encoding="utf-8")
    with pytest.raises(InputError, match=r"twice.yaml:3: entries\[1\].id: duplicate id 'twice'"):
        load_directory((path,))


@pytest.mark.parametrize("region", SHIPPED_REGIONS)
def test_every_region_ends_with_the_international_fallback(directory, region):
    found = lookup(directory, region, "ar")
    assert found[-1].id == "find-a-helpline"
    assert all(region in entry.regions for entry in found[:-1])


def test_a_region_without_confirmed_entries_falls_back_to_international(directory):
    assert ids(lookup(directory, "MA", "ar")) == ["find-a-helpline"]
    assert ids(lookup(directory, "ZZ")) == ["find-a-helpline"]


def test_a_subdivision_gets_its_own_entries_and_its_countrys(directory):
    assert ids(lookup(directory, "AE-AZ")) == [
        "ae-national-mental-support-line",
        "ae-ehs-talk-to-us",
        "ae-az-sakina",
        "find-a-helpline",
    ]
    assert "ae-az-sakina" not in ids(lookup(directory, "AE"))


def test_lookup_by_language_keeps_entries_that_answer_in_it():
    team = load_directory((RESOURCES / "team.yaml",))
    assert ids(lookup(team, "AE", "en")) == [
        "ae-national-mental-support-line",
        "ae-ehs-talk-to-us",
        "test-text-line",
        "find-a-helpline",
    ]
    # The test text line answers in English only; the others answer in Arabic or do not say.
    assert "test-text-line" not in ids(lookup(team, "AE", "ar"))
    assert ids(lookup(team, "AE", "fr")) == ["ae-ehs-talk-to-us", "find-a-helpline"]


def test_a_team_file_merges_by_id_or_replaces_everything():
    merged = load_directory((RESOURCES / "team.yaml",))
    assert merged.get("find-a-helpline").hours == "online"
    assert merged.get("lb-embrace-lifeline") is not None
    assert merged.stale_after == 180
    replaced = load_directory((RESOURCES / "replace.json",))
    assert ids(replaced.entries) == ["only-one"]


def test_stale_entries_are_the_unverified_and_the_old_ones(directory):
    today = date(2026, 11, 24)
    unverified = {entry.id for entry in directory.entries if entry.verified_on is None}
    assert set(ids(stale(directory, today))) == unverified
    assert set(ids(stale(directory, date(2028, 1, 1)))) == set(ids(directory.entries))
    assert set(ids(stale(directory, date(2027, 1, 1), days=30))) == set(ids(directory.entries))


def test_explicit_ids_come_first_and_unknown_ids_are_errors(directory):
    chosen = select(directory, Selection(region="LB", language="ar", ids=("sa-moh-937",)))
    assert ids(chosen) == ["sa-moh-937", "lb-embrace-lifeline", "find-a-helpline"]
    with pytest.raises(InputError, match="s.yaml:7: resources: unknown resource id 'nope'"):
        select(directory, Selection(ids=("nope",), file="s.yaml", id_lines=(7,)))


def test_resources_json_validates_against_the_shipped_schema():
    schema = json.loads(run_cli("schema", "resources").stdout)
    for args in (
        (),
        ("--region", "AE", "--lang", "ar"),
        ("--region", "ma"),
        ("--stale-after", "30"),
        ("--resources", RESOURCES / "team.yaml"),
    ):
        result = run_cli("resources", "--format", "json", *args)
        assert result.returncode == 0, result.stderr
        jsonschema.validate(json.loads(result.stdout), schema)
    morocco = json.loads(run_cli("resources", "--region", "MA", "--format", "json").stdout)
    assert [entry["url"] for entry in morocco["entries"]] == ["https://findahelpline.com"]


def test_resources_table_lists_the_region_then_the_fallback():
    table = run_cli("resources", "--region", "LB").stdout
    assert "lb-embrace-lifeline" in table and "1564" in table and "find-a-helpline" in table
    assert "ae-national" not in table
    assert "NOT VERIFIED" in run_cli("resources", "--region", "EG").stdout


def test_stale_after_lists_only_entries_due_for_re_verification():
    due = json.loads(run_cli("resources", "--stale-after", "365", "--format", "json").stdout)["entries"]
    assert "ae-national-mental-support-line" in [entry["id"] for entry in due]
    for entry in due:
        verified = entry.get("verified_on")
        assert verified is None or (date.today() - date.fromisoformat(verified)).days > 365


def test_a_bad_resources_file_is_exit_2_with_its_line():
    result = run_cli("resources", "--resources", RESOURCES.relative_to(ROOT) / "bad.yaml")
    assert result.returncode == 2
    assert result.stderr.startswith("error: tests/data/resources/bad.yaml:3: entries[0]: ")
    assert "Traceback" not in result.stderr


def _check(tmp_path: Path, resources: str, text: str, language: str = "en") -> list[dict]:
    script = tmp_path / "draft.yaml"
    script.write_text(
        f"id: draft\ntitle: Help\nlanguage: {language}\nhashtags: ['#EndTheStigma']\n"
        f'resources: {resources}\nscenes:\n  - text: "{text}"\n',
        encoding="utf-8",
    )
    result = run_cli("check", script, "--format", "json")
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)["findings"]


def test_check_reads_the_resources_a_script_attaches(tmp_path):
    findings = _check(tmp_path, "{region: EG}", "Thinking about suicide? You are not alone.")
    rules = [f["rule"] for f in findings]
    assert "missing-help-resource" not in rules
    unverified = [f for f in findings if f["rule"] == "resource-not-verified"]
    assert len(unverified) == 1 and unverified[0]["line"] == 5 and "Ministry of Health" in unverified[0]["message"]
    assert "resource-not-verified" not in [
        f["rule"] for f in _check(tmp_path, "[lb-embrace-lifeline]", "You are not alone.")
    ]


def test_a_script_naming_an_unknown_resource_is_exit_2(tmp_path):
    script = tmp_path / "draft.yaml"
    script.write_text(
        "id: draft\ntitle: Help\nlanguage: en\nresources:\n  - no-such-line\nscenes:\n  - text: Hello\n",
        encoding="utf-8",
    )
    result = run_cli("render", script, "-o", tmp_path / "out")
    assert result.returncode == 2
    assert f"{script}:5: resources: unknown resource id 'no-such-line'" in result.stderr
