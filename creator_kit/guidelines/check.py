"""A prepared draft -> findings: facts, rules, and each violation mapped back to its source line (or to the
line a campaign file gives)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PIL import Image

from creator_kit.documents.findings import Finding, has_errors, sorted_findings
from creator_kit.documents.manifest import LooseManifest
from creator_kit.errors import GuidelineFindings, InputError
from creator_kit.guidelines.facts import Draft, compute_facts
from creator_kit.guidelines.locate import SourceSpan, locate
from creator_kit.guidelines.rules import Violation, evaluate
from creator_kit.guidelines.ruleset import Guidelines
from creator_kit.inputs.sourcemap import SourceDocument, format_path, load_document
from creator_kit.paint.readability import make_readable

if TYPE_CHECKING:
    from creator_kit.planning.plan import Prepared


def _span(location: dict[str, Any], documents: dict[str, SourceDocument | None]) -> SourceSpan | None:
    """Where a fact is written: the line it gives (a row of a campaign file), else its value path and offset."""
    if "line" in location:
        return SourceSpan(location["line"], 1)
    file = location.get("file", "")
    if file not in documents:
        try:
            documents[file] = load_document(Path(file))
        except InputError:
            documents[file] = None
    document = documents[file]
    path = tuple(location.get("path", ()))
    return locate(document, path, location.get("offset"), location.get("length")) if document else None


def _finding(violation: Violation, documents: dict[str, SourceDocument | None]) -> Finding:
    location = violation.at
    file = location.get("file", "")
    path = tuple(location.get("path", ()))
    span = _span(location, documents)
    rule = violation.rule
    return Finding(
        file=file,
        line=span.line if span else 1,
        column=span.column if span else 1,
        severity=rule.severity,
        rule=rule.id,
        message=violation.message,
        suggestion=violation.suggestion,
        field=format_path(path) or None,
        end_line=span.end_line if span else None,
        end_column=span.end_column if span else None,
        platform=violation.platform,
    )


@dataclass(frozen=True)
class Checked:
    """The findings of a draft and the facts they were found in."""

    findings: list[Finding]
    facts: dict[str, Any]


def findings_in(
    facts: dict[str, Any], guidelines: Guidelines, documents: dict[str, SourceDocument | None]
) -> list[Finding]:
    """Every finding of `guidelines` in a facts document (a draft's, or a campaign's), sorted."""
    return sorted_findings([_finding(v, documents) for v in evaluate(guidelines.rules, facts)])


def check_draft(draft: Draft, guidelines: Guidelines) -> Checked:
    """The facts of `draft` and every finding of `guidelines` on them, sorted by file, line and column."""
    facts = compute_facts(draft, guidelines.matcher)
    documents: dict[str, SourceDocument | None] = {str(draft.prepared.script.path): draft.prepared.script.document}
    return Checked(findings_in(facts, guidelines, documents), facts)


def check_prepared(
    prepared: Prepared,
    platforms: tuple[str, ...],
    guidelines: Guidelines,
    backdrop: Image.Image,
    manifests: tuple[LooseManifest, ...] = (),
    today: date | None = None,
) -> Checked:
    """The facts and findings of a prepared script (as render has it) for `platforms`, on its painted backdrop;
    contrast is measured on the pictures behind the text (the plan is made readable first if it is not)."""
    draft = Draft(make_readable(prepared), backdrop, tuple(platforms), today or date.today(), tuple(manifests))
    return check_draft(draft, guidelines)


def stop_on_errors(findings: list[Finding], force: bool) -> None:
    """Raise GuidelineFindings when there is an error-level finding, unless forced."""
    if has_errors(findings) and not force:
        raise GuidelineFindings(findings)
