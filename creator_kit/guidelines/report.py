"""A check report as text, JSON (schemas/check-report.schema.json) or SARIF 2.1.0."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import Any, Literal, get_args
from urllib.parse import quote

from creator_kit import __version__
from creator_kit.documents.findings import Finding
from creator_kit.guidelines.rules import Rule
from creator_kit.guidelines.run import CheckReport
from creator_kit.guidelines.scope import check_scope

ReportFormat = Literal["text", "json", "sarif"]
FORMATS: tuple[ReportFormat, ...] = get_args(ReportFormat)
REPORT_VERSION = 1
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_LEVELS = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT = "creatorKitFinding/v1"
"""partialFingerprints key: rule, file, platform and the offending text, never the line number."""


def text_line(finding: Finding) -> str:
    """`file:line:col: severity rule-id message`, and the suggestion when there is one."""
    line = f"{finding.file}:{finding.line}:{finding.column}: {finding.severity} {finding.rule} {finding.message}"
    return f"{line} (try: {finding.suggestion})" if finding.suggestion else line


def to_text(report: CheckReport) -> str:
    return "".join(text_line(f) + "\n" for f in report.findings)


def summary(report: CheckReport) -> dict[str, int]:
    counts = {
        severity: sum(1 for f in report.findings if f.severity == severity) for severity in ("error", "warning", "info")
    }
    return {
        "files": len(report.scripts) + len(report.unusable),
        "scripts": len(report.scripts),
        "unusable": len(report.unusable),
        "findings": len(report.findings),
        "errors": counts["error"],
        "warnings": counts["warning"],
        "info": counts["info"],
        "problems": len(report.problems),
        "exit_code": report.exit_code,
    }


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary_line(report: CheckReport) -> str:
    """`checked 3 files: 2 scripts, 1 unusable; 1 error, 2 warnings` (info only when there is some)."""
    counts = summary(report)
    files = f"checked {_plural(counts['files'], 'file')}: {_plural(counts['scripts'], 'script')}"
    files += f", {counts['unusable']} unusable" if counts["unusable"] else ""
    severities = f"{_plural(counts['errors'], 'error')}, {_plural(counts['warnings'], 'warning')}"
    severities += f", {counts['info']} info" if counts["info"] else ""
    return f"{files}; {severities}"


def to_json(report: CheckReport) -> str:
    payload = {
        "version": REPORT_VERSION,
        "tool": {"name": "creator-kit", "version": __version__},
        "guidelines": list(report.guidelines),
        "scripts": list(report.scripts),
        "findings": [f.to_dict() for f in report.findings],
        "problems": [{"file": p.file, "line": p.line, "field": p.field, "message": p.message} for p in report.problems],
        "summary": summary(report),
        "scope": check_scope().as_json(),
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def artifact_uri(file: str, root: Path) -> str:
    """A path relative to `root` when it is inside it (resolved against SRCROOT), else a file:// URI."""
    path = Path(file)
    absolute = path if path.is_absolute() else (root / path)
    try:
        return quote(absolute.resolve().relative_to(root.resolve()).as_posix())
    except ValueError:
        return absolute.resolve().as_uri()


def _artifact_location(file: str, root: Path) -> dict[str, str]:
    uri = artifact_uri(file, root)
    return {"uri": uri} if uri.startswith("file:") else {"uri": uri, "uriBaseId": "SRCROOT"}


def _offending_text(finding: Finding, lines: dict[str, list[str] | None]) -> str:
    """The text the finding points at (its span on one line), else its whole line with white space collapsed;
    the message when the file cannot be read."""
    if finding.file not in lines:
        try:
            lines[finding.file] = Path(finding.file).read_text("utf-8-sig").splitlines()
        except (OSError, UnicodeDecodeError):
            lines[finding.file] = None
    content = lines[finding.file]
    if content is None or not 0 < finding.line <= len(content):
        return finding.message
    line = content[finding.line - 1]
    if finding.end_line == finding.line and finding.end_column and finding.end_column > finding.column:
        return line[finding.column - 1 : finding.end_column - 1]
    return " ".join(line.split())


def fingerprints(findings: tuple[Finding, ...] | list[Finding], root: Path) -> list[str]:
    """A stable identity per finding: a hash of rule, file, platform and offending text, so that a finding
    keeps it when edits move it to another line; repeats in one file are numbered in order (`:2`, `:3`)."""
    lines: dict[str, list[str] | None] = {}
    seen: Counter[str] = Counter()
    prints = []
    for finding in findings:
        identity = "\0".join(
            (finding.rule, artifact_uri(finding.file, root), finding.platform or "", _offending_text(finding, lines))
        )
        digest = hashlib.sha256(identity.encode("utf-8")).hexdigest()[:32]
        seen[digest] += 1
        prints.append(f"{digest}:{seen[digest]}")
    return prints


def _sarif_rule(rule: Rule) -> dict[str, Any]:
    """A reportingDescriptor: the rule's summary, its help as text and markdown, and its public source."""
    help_text = rule.help or rule.summary
    markdown = f"**{rule.summary}**\n\n{help_text}"
    if rule.help_uri:
        help_text += f" Source: {rule.help_uri}"
        markdown += f"\n\nSource: <{rule.help_uri}>"
    descriptor: dict[str, Any] = {
        "id": rule.id,
        "name": "".join(part.capitalize() for part in rule.id.split("-")),
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.help or rule.summary},
        "help": {"text": help_text, "markdown": markdown},
        "defaultConfiguration": {"level": SARIF_LEVELS[rule.severity]},
    }
    if rule.help_uri:
        descriptor["helpUri"] = rule.help_uri
    return descriptor


def _sarif_result(finding: Finding, rule_index: dict[str, int], root: Path, fingerprint: str) -> dict[str, Any]:
    region: dict[str, int] = {"startLine": finding.line, "startColumn": finding.column}
    if finding.end_line is not None and finding.end_column is not None:
        region.update(endLine=finding.end_line, endColumn=finding.end_column)
    text = finding.message + (f" (try: {finding.suggestion})" if finding.suggestion else "")
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "level": SARIF_LEVELS[finding.severity],
        "message": {"text": text},
        "locations": [
            {"physicalLocation": {"artifactLocation": _artifact_location(finding.file, root), "region": region}}
        ],
        "properties": {
            key: value
            for key, value in (
                ("suggestion", finding.suggestion),
                ("field", finding.field),
                ("platform", finding.platform),
            )
            if value is not None
        },
        "partialFingerprints": {FINGERPRINT: fingerprint},
    }
    if finding.rule in rule_index:
        result["ruleIndex"] = rule_index[finding.rule]
    return result


def to_sarif(report: CheckReport, root: Path | None = None) -> str:
    """SARIF 2.1.0: one run, the rules as the driver's reportingDescriptors, columns in code points."""
    root = root or Path.cwd()
    rules = [_sarif_rule(rule) for rule in report.rules]
    rule_index = {rule.id: number for number, rule in enumerate(report.rules)}
    notifications = [
        {
            "level": "error",
            "message": {"text": (f"{p.field}: " if p.field else "") + p.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": _artifact_location(p.file, root),
                        **({"region": {"startLine": p.line}} if p.line else {}),
                    }
                }
            ],
        }
        for p in report.problems
    ]
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "creator-kit",
                        "fullDescription": {"text": check_scope().statement},
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": rules,
                    }
                },
                "properties": {"scope": check_scope().as_json()},
                "originalUriBaseIds": {"SRCROOT": {"uri": root.resolve().as_uri() + "/"}},
                "columnKind": "unicodeCodePoints",
                "invocations": [
                    {"executionSuccessful": not report.problems, "toolExecutionNotifications": notifications}
                ],
                "results": [
                    _sarif_result(f, rule_index, root, fingerprint)
                    for f, fingerprint in zip(report.findings, fingerprints(report.findings, root))
                ],
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def render_report(report: CheckReport, output_format: ReportFormat) -> str:
    if output_format == "json":
        return to_json(report)
    if output_format == "sarif":
        return to_sarif(report)
    return to_text(report)
