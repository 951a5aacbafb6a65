"""A check report as text, JSON (schemas/check-report.schema.json) or SARIF 2.1.0."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from creator_kit import __version__
from creator_kit.guidelines.findings import Finding
from creator_kit.guidelines.run import CheckReport

FORMATS = ("text", "json", "sarif")
REPORT_VERSION = 1
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def text_line(finding: Finding) -> str:
    """`file:line:col: severity rule-id message`, and the suggestion when there is one."""
    line = f"{finding.file}:{finding.line}:{finding.column}: {finding.severity} {finding.rule} {finding.message}"
    return f"{line} (try: {finding.suggestion})" if finding.suggestion else line


def to_text(report: CheckReport) -> str:
    return "".join(text_line(f) + "\n" for f in report.findings)


def summary(report: CheckReport) -> dict[str, int]:
    counts = {severity: sum(1 for f in report.findings if f.severity == severity)
              for severity in ("error", "warning", "info")}
    return {"files": len(report.scripts) + len(report.unusable), "scripts": len(report.scripts),
            "unusable": len(report.unusable), "findings": len(report.findings), "errors": counts["error"],
            "warnings": counts["warning"], "info": counts["info"], "problems": len(report.problems),
            "exit_code": report.exit_code}


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
        "problems": [{"file": p.file, "line": p.line, "field": p.field, "message": p.message}
                     for p in report.problems],
        "summary": summary(report),
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


def _sarif_result(finding: Finding, rule_index: dict[str, int], root: Path) -> dict[str, Any]:
    region: dict[str, int] = {"startLine": finding.line, "startColumn": finding.column}
    if finding.end_line is not None and finding.end_column is not None:
        region.update(endLine=finding.end_line, endColumn=finding.end_column)
    text = finding.message + (f" (try: {finding.suggestion})" if finding.suggestion else "")
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "level": SARIF_LEVELS[finding.severity],
        "message": {"text": text},
        "locations": [{"physicalLocation": {"artifactLocation": _artifact_location(finding.file, root),
                                            "region": region}}],
        "properties": {key: value for key, value in (("suggestion", finding.suggestion), ("field", finding.field),
                                                      ("platform", finding.platform)) if value is not None},
    }
    if finding.rule in rule_index:
        result["ruleIndex"] = rule_index[finding.rule]
    return result


def to_sarif(report: CheckReport, root: Path | None = None) -> str:
    """SARIF 2.1.0: one run, the rules as the driver's reportingDescriptors, columns in code points."""
    root = root or Path.cwd()
    rules = [{
        "id": rule.id,
        "name": "".join(part.capitalize() for part in rule.id.split("-")),
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.help or rule.summary},
        "defaultConfiguration": {"level": SARIF_LEVELS[rule.severity]},
    } for rule in report.rules]
    rule_index = {rule.id: number for number, rule in enumerate(report.rules)}
    notifications = [{
        "level": "error",
        "message": {"text": (f"{p.field}: " if p.field else "") + p.message},
        "locations": [{"physicalLocation": {"artifactLocation": _artifact_location(p.file, root),
                                            **({"region": {"startLine": p.line}} if p.line else {})}}],
    } for p in report.problems]
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "creator-kit", "version": __version__, "semanticVersion": __version__,
                                "rules": rules}},
            "originalUriBaseIds": {"SRCROOT": {"uri": root.resolve().as_uri() + "/"}},
            "columnKind": "unicodeCodePoints",
            "invocations": [{"executionSuccessful": not report.problems,
                             "toolExecutionNotifications": notifications}],
            "results": [_sarif_result(f, rule_index, root) for f in report.findings],
        }],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def render_report(report: CheckReport, output_format: str) -> str:
    if output_format == "json":
        return to_json(report)
    if output_format == "sarif":
        return to_sarif(report)
    return to_text(report)
