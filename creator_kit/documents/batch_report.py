"""The batch report, `OUT/batch-report.json` (schema batch-report): every item of a batch with what happened to
it and its review state, and a summary; its typed model, its one writer and its one reader, and how `batch`
prints it (a table and a summary line)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any, Literal

from creator_kit.atomic import write_texts
from creator_kit.documents.decisions import ReviewState, states_line
from creator_kit.inputs.sourcemap import load_document
from creator_kit.inputs.validation import validate

REPORT_NAME = "batch-report.json"
ItemStatus = Literal["rendered", "skipped", "failed"]
RENDERED: ItemStatus = "rendered"
SKIPPED: ItemStatus = "skipped"
FAILED: ItemStatus = "failed"


@dataclass(frozen=True)
class ItemResult:
    key: str
    script: str
    language: str | None
    template: str | None
    platform: str | None
    status: ItemStatus
    video: str | None = None
    manifest: str | None = None
    seconds: float = 0.0
    worker: str | None = None
    error: str | None = None
    cpu_seconds: float | None = None
    """CPU time of the task that produced it: this process and the encoders and decoders it ran."""
    threads: int | None = None
    """The encoder threads the task was given (0: x264's choice)."""
    peak_memory_mib: float | None = None
    """The largest resident memory of the task's process or of an ffmpeg it ran, over the worker's life
    up to this task (the operating system keeps no per-task peak)."""
    inputs_sha256: str | None = None
    """The digest of its render (its manifest's), rendered or kept; None when it failed."""
    review: ReviewState | None = None
    """Its review state (batch/review_states.py)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "script": self.script,
            "language": self.language,
            "template": self.template,
            "platform": self.platform,
            "status": self.status,
            "video": self.video,
            "manifest": self.manifest,
            "seconds": self.seconds,
            "worker": self.worker,
            "error": self.error,
            "cpu_seconds": self.cpu_seconds,
            "threads": self.threads,
            "peak_memory_mib": self.peak_memory_mib,
            "inputs_sha256": self.inputs_sha256,
            "review": self.review,
        }


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

    @property
    def exit_code(self) -> int:
        """`batch`'s exit code: 1 when some item failed, else 0."""
        return 1 if self.summary.failed else 0

    def with_review(self, states: Mapping[str, ReviewState]) -> BatchReport:
        """The report with each item's review state (batch/review_states.py) set."""
        items = tuple(replace(item, review=states.get(item.key)) for item in self.items)
        return replace(self, items=items)


def write_report(out_dir: Path, report: BatchReport, beside: Mapping[Path, str] | None = None) -> Path:
    """Write `out_dir/batch-report.json`, the report's one writer, atomically; with `beside`, other files of
    the folder that change with it (approve's review-decisions.json) are written at once: every file is
    complete under its temporary name before any takes its place, the report last (the states it shows
    follow from the record)."""
    path = out_dir / REPORT_NAME
    write_texts({**(beside or {}), path: json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n"})
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
