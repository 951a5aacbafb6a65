"""The safe-messaging evaluation (benchmarks/safe_messaging_eval.py) on the dev set tests/data/eval/: at least
95% of planted problems found at their line by their rule, no false finding, every exit code right.
The held-out set (tests/data/eval-heldout/) is only measured, in the README."""

from __future__ import annotations

import sys

import pytest
from conftest import DATA, ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

from safe_messaging_eval import CATEGORY_RULES, evaluate, table  # noqa: E402


@pytest.fixture(scope="module")
def tally():
    return evaluate([DATA / "eval"])


def test_dev_set_recall_false_findings_and_exit_codes(tally):
    report = table(tally) + "\n" + "\n".join(tally.notes)
    assert sum(tally.planted.values()) >= 60, report
    assert tally.recall >= 0.95, report
    assert sum(tally.false.values()) == 0, report
    assert sum(tally.wrong_exits.values()) == 0, report


def test_every_rule_and_language_family_is_planted_in_the_dev_set(tally):
    assert set(CATEGORY_RULES.values()) <= {rule for rule, _ in tally.planted}
    languages = {language for _, language in tally.planted}
    assert {"en", "ar-msa", "ar-ma", "ar-dz", "ar-tn", "ar-iq", "ar-sd", "arabizi", "mixed"} <= languages
