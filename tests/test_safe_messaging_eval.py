"""The safe-messaging evaluation (benchmarks/safe_messaging_eval.py) held at the targets on every labelled set:
the dev set (tests/data/eval/), the held-out set the team wrote after it, and the two blind sets written by
someone who saw only the guideline texts (tests/data/eval-blind1/, before the concept rules; eval-blind2/,
after them). Target: at least 90% of planted problems found at their line by their rule, no false finding of
a safe-messaging rule on another line, every exit code right."""

from __future__ import annotations

import sys

import pytest
import yaml
from conftest import DATA, ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

from safe_messaging_eval import CATEGORY_RULES, evaluate, table  # noqa: E402

from creator_kit.guidelines.scope import SCOPE_FILE, check_scope  # noqa: E402

pytestmark = pytest.mark.slow  # checks every draft of four evaluation sets (minutes)

SETS = ("eval", "eval-heldout", "eval-blind1", "eval-blind2")


@pytest.fixture(scope="module")
def tallies():
    return {name: evaluate([DATA / name]) for name in SETS}


@pytest.mark.parametrize("name", SETS)
def test_recall_false_findings_and_exit_codes_meet_the_targets(tallies, name):
    counts = tallies[name]
    report = f"{name}\n" + table(counts) + "\n" + "\n".join(counts.notes)
    assert sum(counts.planted.values()) >= 30, report
    assert counts.recall >= 0.90, report
    assert sum(counts.false.values()) == 0, report
    assert sum(counts.wrong_exits.values()) == 0, report


def test_every_rule_and_language_family_is_planted_in_the_dev_set(tallies):
    counts = tallies["eval"]
    assert set(CATEGORY_RULES.values()) <= {rule for rule, _ in counts.planted}
    languages = {language for _, language in counts.planted}
    assert {"en", "ar-msa", "ar-ma", "ar-dz", "ar-tn", "ar-iq", "ar-sd", "arabizi", "mixed"} <= languages


def test_the_shipped_recall_names_every_class_of_the_blind_set_it_was_measured_on(tallies):
    """check-scope.yaml quotes blind set 2's first run: its classes and planted counts are that set's."""
    counts = tallies["eval-blind2"]
    shipped = {c.name: c.planted for c in check_scope().recall}
    assert shipped == dict(counts.planted_classes)
    assert all(0 <= c.found <= c.planted for c in check_scope().recall)
    assert "eval-blind2" in yaml.safe_load(SCOPE_FILE.read_text("utf-8"))["command"]
