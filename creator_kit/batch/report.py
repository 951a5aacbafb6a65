"""What a batch tells: `OUT/batch-report.json` (schema batch-report), a summary table, a progress bar."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from creator_kit.atomic import write_text
from creator_kit.batch.tasks import FAILED, RENDERED, SKIPPED, ItemResult

REPORT_NAME = "batch-report.json"


def build_report(
    campaign: Path, results: list[ItemResult], seconds: float, jobs: int, scheduler: str | None
) -> dict[str, Any]:
    counts = Counter(result.status for result in results)
    return {
        "campaign": str(campaign),
        "items": [result.to_dict() for result in sorted(results, key=lambda result: result.key)],
        "summary": {
            "items": len(results),
            RENDERED: counts[RENDERED],
            SKIPPED: counts[SKIPPED],
            FAILED: counts[FAILED],
            "seconds": round(seconds, 3),
            "jobs": jobs,
            "scheduler": scheduler,
        },
    }


def write_report(out_dir: Path, report: dict[str, Any]) -> Path:
    path = out_dir / REPORT_NAME
    write_text(path, json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    return path


def summary_line(report: dict[str, Any]) -> str:
    summary = report["summary"]
    return (
        f"{summary['items']} items: {summary[RENDERED]} rendered, {summary[SKIPPED]} skipped, "
        f"{summary[FAILED]} failed in {summary['seconds']:.1f} s"
    )


def table(results: list[ItemResult]) -> str:
    """One line per item: key, status, seconds, worker; failures say why on the next line."""
    rows = sorted(results, key=lambda result: result.key)
    width = max((len(result.key) for result in rows), default=3)
    lines = [f"{'item':<{width}}  {'status':<8}  {'seconds':>7}  worker"]
    for result in rows:
        lines.append(f"{result.key:<{width}}  {result.status:<8}  {result.seconds:>7.1f}  {result.worker or '-'}")
        if result.error:
            lines.append(f"{'':<{width}}  ↳ {result.error}")
    return "\n".join(lines) + "\n"
