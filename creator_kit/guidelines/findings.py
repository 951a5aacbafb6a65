"""Findings: a rule broken at a line and column of a file, as every output format reports it."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class Finding:
    """One broken rule. Lines and columns are 1-based; columns count Unicode code points;
    `end_column` is the column just after the offending text."""

    file: str
    line: int
    column: int
    severity: str
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
    def sort_key(self) -> tuple:
        return (self.file, self.line, self.column, SEVERITY_ORDER.get(self.severity, 3), self.rule, self.message)


def sorted_findings(findings: list[Finding]) -> list[Finding]:
    """By file, line and column; exact repeats (e.g. one finding read from several manifests) once."""
    unique = {(f.file, f.line, f.column, f.rule, f.message, f.platform): f for f in findings}
    return sorted(unique.values(), key=lambda f: f.sort_key)


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)
