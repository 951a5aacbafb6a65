"""What `check` is, said wherever its result is read: the text summary, the JSON report, the SARIF run and the
review page. A green check means no wording or framing the rules know was found; it is no review, and its
recall on drafts that nobody on the team wrote is measured by class (data/check-scope.yaml, written from
benchmarks/safe_messaging_eval.py) so a reviewer knows how far to trust it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

SCOPE_FILE = Path(__file__).resolve().parent.parent / "data" / "check-scope.yaml"
SIGN_OFF_TOPIC = "suicide-or-self-harm"
"""A draft touching this topic needs a trained reviewer's sign-off: the text report says so beside its summary."""


@dataclass(frozen=True)
class ClassRecall:
    name: str
    found: int
    planted: int


@dataclass(frozen=True)
class CheckScope:
    statement: str
    measured_on: str
    command: str
    recall: tuple[ClassRecall, ...]

    def recall_text(self) -> str:
        """`method 13/15, glamorise 7/8, ...`: planted problems found at their line by their rule, per class."""
        return ", ".join(f"{c.name} {c.found}/{c.planted}" for c in self.recall)

    def note(self) -> str:
        """One line for the end of a text report."""
        return (
            f"note: {self.statement} Recall by class on drafts others wrote ({self.measured_on}): {self.recall_text()}."
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "statement": self.statement,
            "measured_on": self.measured_on,
            "command": self.command,
            "recall": {c.name: {"found": c.found, "planted": c.planted} for c in self.recall},
        }


@lru_cache(maxsize=1)
def check_scope() -> CheckScope:
    """The shipped statement and measured recall (read once per process: a package file, not user input)."""
    data = yaml.safe_load(SCOPE_FILE.read_text("utf-8"))
    return CheckScope(
        statement=" ".join(data["statement"].split()),
        measured_on=" ".join(data["measured_on"].split()),
        command=data["command"],
        recall=tuple(ClassRecall(name, *counts) for name, counts in data["recall"].items()),
    )
