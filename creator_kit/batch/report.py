"""What a batch tells: `OUT/batch-report.json` (schema batch-report), a summary table, a progress bar."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from creator_kit.atomic import write_text
from creator_kit.batch.approval import states_line
from creator_kit.batch.tasks import FAILED, RENDERED, SKIPPED, ItemResult
from creator_kit.inputs.sourcemap import load_document
from creator_kit.inputs.validation import validate

REPORT_NAME = "batch-report.json"


@dataclass(frozen=True)
class BatchSummary:
    items: int
    rendered: int
    skipped: int
    failed: int
    seconds: float
    jobs: int
    scheduler: str | None


@dataclass(frozen=True)
class BatchReport:
    """A batch's report: every item with what happened to it, sorted by key, and a summary."""

    campaign: str
    items: tuple[ItemResult, ...]
    summary: BatchSummary
    item_lines: tuple[int | None, ...] = ()
    """Where each item stands in the file the report was read from (for messages); empty when built."""

    def to_json(self) -> dict[str, Any]:
        """The report as `batch-report.json` holds it (and `batch --json` prints it)."""
        return {
            "campaign": self.campaign,
            "items": [item.to_dict() for item in self.items],
            "summary": asdict(self.summary),
        }

    def with_review(self, states: Mapping[str, str]) -> BatchReport:
        """The report with each item's review state (approval.review_states) set."""
        items = tuple(replace(item, review=states.get(item.key)) for item in self.items)
        return replace(self, items=items)


def build_report(
    campaign: Path, results: list[ItemResult], seconds: float, jobs: int, scheduler: str | None
) -> BatchReport:
    counts = Counter(result.status for result in results)
    return BatchReport(
        campaign=str(campaign),
        items=tuple(sorted(results, key=lambda result: result.key)),
        summary=BatchSummary(
            items=len(results),
            rendered=counts[RENDERED],
            skipped=counts[SKIPPED],
            failed=counts[FAILED],
            seconds=round(seconds, 3),
            jobs=jobs,
            scheduler=scheduler,
        ),
    )


def write_report(out_dir: Path, report: BatchReport) -> Path:
    path = out_dir / REPORT_NAME
    write_text(path, json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n")
    return path


def read_report(path: Path) -> BatchReport:
    """The report in `path`; InputError naming the file and line when it is not one."""
    document = load_document(path)
    validate(document, "batch-report")
    data = document.data
    return BatchReport(
        campaign=data["campaign"],
        items=tuple(ItemResult(**item) for item in data["items"]),
        summary=BatchSummary(**data["summary"]),
        item_lines=tuple(document.line_of(("items", number)) for number in range(len(data["items"]))),
    )


def summary_line(report: BatchReport) -> str:
    summary = report.summary
    line = (
        f"{summary.items} items: {summary.rendered} rendered, {summary.skipped} skipped, "
        f"{summary.failed} failed in {summary.seconds:.1f} s"
    )
    reviewed = [item.review for item in report.items if item.review]
    return f"{line}; review: {states_line(reviewed)}" if reviewed else line


def table(results: list[ItemResult]) -> str:
    """One line per item: key, status, review state, seconds, worker; failures say why on the next line."""
    rows = sorted(results, key=lambda result: result.key)
    width = max((len(result.key) for result in rows), default=3)
    lines = [f"{'item':<{width}}  {'status':<8}  {'review':<17}  {'seconds':>7}  worker"]
    for result in rows:
        lines.append(
            f"{result.key:<{width}}  {result.status:<8}  {result.review or '-':<17}  {result.seconds:>7.1f}  "
            f"{result.worker or '-'}"
        )
        if result.error:
            lines.append(f"{'':<{width}}  ↳ {result.error}")
    return "\n".join(lines) + "\n"
