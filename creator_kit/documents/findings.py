"""Findings: a rule broken at a line and column of a file, as every output format reports it.

One model, `Finding`, from the check to every report, manifest and review page; `findings_from_json`
is the one reader of findings written out as JSON objects (a manifest's `findings`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any, Literal

Severity = Literal["error", "warning", "info"]
SEVERITY_ORDER: dict[str, int] = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class Finding:
    """One broken rule. Lines and columns are 1-based; columns count Unicode code points;
    `end_column` is the column just after the offending text."""

    file: str
    line: int
    column: int
    severity: Severity
    rule: str
    message: str
    suggestion: str | None = None
    field: str | None = None
    end_line: int | None = None
    end_column: int | None = None
    platform: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def sort_key(self) -> tuple[str, int, int, int, str, str]:
        return (self.file, self.line, self.column, SEVERITY_ORDER.get(self.severity, 3), self.rule, self.message)


_FIELDS = frozenset(f.name for f in fields(Finding))


def findings_from_json(entries: Iterable[Mapping[str, Any]]) -> tuple[Finding, ...]:
    """The findings of JSON objects holding at least file, line, column, severity, rule and message (as the
    schemas accept them); keys a finding does not have (a rule's `help_uri`) are left out."""
    return tuple(Finding(**{key: value for key, value in entry.items() if key in _FIELDS}) for entry in entries)


def sorted_findings(findings: Iterable[Finding]) -> list[Finding]:
    """By file, line and column; exact repeats (e.g. one finding read from several manifests) once."""
    unique = {(f.file, f.line, f.column, f.rule, f.message, f.platform): f for f in findings}
    return sorted(unique.values(), key=lambda f: f.sort_key)


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)
