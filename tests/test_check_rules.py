"""Every guideline rule on drafts written to break it (bad*.yaml) and drafts that must pass (good*.yaml).

Each tests/data/check/<rule-id>/ folder holds the drafts. A draft lists the findings it
expects in its own comments, so the expectations sit beside the text they are about:

    - text: He is not crazy.  # expect: stigmatizing-term@18     (this line, column 18)
    # expect at 12:7: caption-line-length                          (line 12 of this file)
    # expect in bad.manifest.json at 7: resource-not-https         (another file of the folder)

The findings of a draft must be exactly the expected ones: a good draft has none at all.
A draft may be a campaign file (campaign-suicide-count/): the scripts it names are checked with it.
Nothing is encoded: facts come from the script, its template and the painted backdrop.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from conftest import DATA, EXAMPLE_SCRIPTS

from creator_kit.guidelines.ruleset import load_guidelines
from creator_kit.guidelines.run import CheckOptions, Target, check_paths, check_script

pytestmark = pytest.mark.slow  # checks every rule's good and bad drafts (two minutes)

CHECK_DATA = DATA / "check"
TODAY = date(2026, 6, 1)
DRAFTS = sorted(p for p in CHECK_DATA.glob("*/*.yaml") if p.name.startswith(("bad", "good")))
_EXPECT = re.compile(
    r"#\s*expect(?:\s+in\s+(?P<file>\S+))?(?:\s+at\s+(?P<line>\d+)(?::(?P<column>\d+))?)?:"
    r"\s*(?P<rules>.+)$"
)


def expected_findings(draft: Path) -> list[tuple]:
    """(file name, line, rule, column or None) for every finding the `# expect` comments of the draft list."""
    expected = []
    for number, text in enumerate(draft.read_text("utf-8").splitlines(), start=1):
        match = _EXPECT.search(text)
        if not match:
            continue
        file = match["file"] or draft.name
        line = int(match["line"]) if match["line"] else number
        for item in match["rules"].split(","):
            rule, _, column = item.strip().partition("@")
            column = column or match["column"]
            expected.append((file, line, rule, int(column) if column else None))
    return expected


def _key(finding, with_column: bool) -> tuple:
    return (Path(finding.file).name, finding.line, finding.rule, finding.column if with_column else None)


@pytest.fixture(scope="module")
def guidelines():
    return load_guidelines()


@pytest.mark.parametrize("draft", DRAFTS, ids=[f"{p.parent.name}/{p.name}" for p in DRAFTS])
def test_draft_has_exactly_its_expected_findings(draft: Path, guidelines):
    report = check_paths([draft], CheckOptions(today=TODAY))
    assert not report.problems, report.problems
    findings = report.findings
    expected = expected_findings(draft)
    found = Counter(_key(f, with_column=False) for f in findings)
    wanted = Counter(key[:3] + (None,) for key in expected)
    listing = "\n".join(str(f) for f in findings)
    assert found == wanted, f"missing: {list(wanted - found)}; unexpected: {list(found - wanted)}\n{listing}"
    with_columns = {_key(f, with_column=True) for f in findings}
    for key in expected:
        assert key[3] is None or key in with_columns, f"wrong column for {key}:\n{listing}"
    rule = draft.parent.name
    if draft.name.startswith("bad"):
        assert any(f.rule == rule for f in findings), f"{draft.name} does not break {rule}"


def test_every_rule_has_a_bad_and_a_good_draft(guidelines):
    for rule in guidelines.rules:
        folder = CHECK_DATA / rule.id
        assert list(folder.glob("bad*.yaml")), f"no bad draft for {rule.id}"
        assert list(folder.glob("good*.yaml")), f"no good draft for {rule.id}"


def test_the_shipped_examples_have_no_error_level_finding(guidelines):
    for example in EXAMPLE_SCRIPTS:
        findings = check_script(Target(example), guidelines, CheckOptions())
        assert not [f for f in findings if f.severity == "error"], findings


ROUND2 = sorted((DATA / "check-round2").glob("*/*.yaml"))
_PLANT = re.compile(r"#\s*plant:\s*([\w-]+)")
_CLEAN_LINE = re.compile(r"^\s*-\s*text:|^\s*(?:title|post_caption):")
_STOPPING = {"commit", "outcome", "method", "sensational", "missing-help"}


@pytest.mark.parametrize("draft", ROUND2, ids=[f"{p.parent.name}/{p.name}" for p in ROUND2])
def test_round2_plants_are_found_and_clean_lines_stay_clean(draft: Path, guidelines):
    """Labelled drafts (benchmarks/check_recall.py): `# plant: category` lines get an error or warning,
    near-miss and clean lines none; the draft exits 1 exactly when it plants a stopping category."""
    findings = check_script(Target(draft), guidelines, CheckOptions(today=TODAY))
    flagged = {f.line for f in findings if f.severity in ("error", "warning")}
    plants, clean = {}, set()
    for number, line in enumerate(draft.read_text("utf-8").splitlines(), start=1):
        if plant := _PLANT.search(line):
            plants[number] = plant[1]
        elif _CLEAN_LINE.search(line):
            clean.add(number)
    listing = "\n".join(str(f) for f in findings)
    assert set(plants) <= flagged, f"missed lines {sorted(set(plants) - flagged)}\n{listing}"
    assert not clean & flagged, f"flagged clean lines {sorted(clean & flagged)}\n{listing}"
    stops = any(f.severity == "error" for f in findings)
    assert stops == bool(set(plants.values()) & _STOPPING), listing
