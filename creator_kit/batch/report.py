"""What a batch tells: its report built from the items' results, a summary line and a table (the report's
model, writer and reader: documents/batch_report.py)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from creator_kit.batch.review_states import states_line
from creator_kit.documents.batch_report import FAILED, RENDERED, SKIPPED, BatchReport, BatchSummary, ItemResult


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
