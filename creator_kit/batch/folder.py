"""A batch output folder as it is now: its report and each item's render (manifest and files), or why an
item has none. What `approve`, `publish` and `review` read a batch through."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from creator_kit.documents.batch_report import FAILED, REPORT_NAME, BatchReport, ItemResult, ItemStatus, read_report
from creator_kit.documents.manifest import MANIFEST_SUFFIX, Manifest, read_manifest
from creator_kit.errors import InputError, Problem
from creator_kit.inputs.sourcemap import excerpt, path_inside
from creator_kit.output.render import OUTPUT_SUFFIXES


@dataclass(frozen=True)
class Render:
    """One item of a batch as its folder holds it now."""

    key: str
    platform: str | None
    status: ItemStatus
    line: int | None
    """Its line in batch-report.json."""
    manifest: Manifest | None = None
    files: tuple[tuple[str, Path], ...] = ()
    """Its output files that exist, by kind (video, srt, vtt, caption, cover, manifest)."""
    problem: Problem | None = None
    """Why it has no current render: failed in the last run, files gone, an unusable manifest."""

    @property
    def digest(self) -> str | None:
        return self.manifest.inputs_sha256 if self.manifest and self.problem is None else None

    @property
    def errors(self) -> list[str]:
        """Its render's error-level findings, each as `rule (file:line)`."""
        findings = self.manifest.findings if self.manifest else ()
        return [f"{f.rule} ({Path(str(f.file)).name}:{f.line})" for f in findings if f.severity == "error"]


@dataclass(frozen=True)
class BatchFolder:
    folder: Path
    report: BatchReport
    renders: dict[str, Render]

    @property
    def report_path(self) -> Path:
        return self.folder / REPORT_NAME

    def digests(self) -> dict[str, str | None]:
        return {key: render.digest for key, render in self.renders.items()}


def _render(folder: Path, report_path: Path, number: int, item: ItemResult, line: int | None) -> Render:
    render = Render(item.key, item.platform, item.status, line)
    if item.status == FAILED:
        problem = Problem(
            str(report_path), line, f"items[{number}]", f"{item.key} was not rendered: {item.error or 'failed'}"
        )
        return replace(render, problem=problem)
    files = {kind: path_inside(folder, f"{item.key}{suffix}") for kind, suffix in OUTPUT_SUFFIXES}
    if any(path is None or path.parent != folder for path in files.values()):
        message = f"{excerpt(item.key)} does not name files inside the batch folder (a path, or a link leading out)"
        return replace(render, problem=Problem(str(report_path), line, f"items[{number}].key", message))
    present = tuple((kind, path) for kind, path in files.items() if path is not None and path.is_file())
    render = replace(render, files=present)
    for kind in ("manifest", "video"):
        path = folder / f"{item.key}{dict(OUTPUT_SUFFIXES)[kind]}"
        if kind not in dict(present):
            return replace(
                render, problem=Problem(str(path), None, None, "file not found; run the batch again to render it")
            )
    try:
        return replace(render, manifest=read_manifest(folder / f"{item.key}{MANIFEST_SUFFIX}"))
    except InputError as error:
        return replace(render, problem=error.problems[0])


def open_batch(folder: Path) -> BatchFolder:
    """The batch output folder `folder`: its report and each item's render; InputError when it is none."""
    report_path = folder / REPORT_NAME
    if not folder.is_dir() or not report_path.is_file():
        raise InputError.single(
            folder, f"no {REPORT_NAME} here: name a batch output folder (creator-kit batch CAMPAIGN -o OUT)"
        )
    report = read_report(report_path)
    renders = {
        item.key: _render(folder, report_path, number, item, line)
        for number, (item, line) in enumerate(zip(report.items, report.item_lines))
    }
    return BatchFolder(folder, report, renders)
