"""`creator-kit approve DECISIONS --batch OUT`: a review page's decisions checked against the batch's
current renders and recorded in `OUT/review-decisions.json` (schema review-decisions).

A decisions file (schema decisions) comes from a browser download, so it is read like any foreign
document: at most 1 MiB (by its size, before reading), UTF-8 JSON, validated completely before anything
is written, and refused in one line naming its file and line, never quoting a file that is not one. A
decision must name an item of the batch and the digest of that item's current render (a decision made on
another render is stale: the clip must be reviewed again); an item whose render has error-level findings
cannot be approved.
"""

from __future__ import annotations

import difflib
import json
import os
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from creator_kit.atomic import write_text
from creator_kit.batch.approval import APPROVED, Decision, merge, review_states
from creator_kit.batch.report import REPORT_NAME, BatchReport, read_report, write_report
from creator_kit.batch.tasks import FAILED, ItemResult
from creator_kit.documents.manifest import MANIFEST_SUFFIX, Manifest, read_manifest
from creator_kit.errors import InputError, Problem
from creator_kit.inputs.sourcemap import PathKey, SourceDocument, excerpt, format_path, load_document, path_inside
from creator_kit.inputs.validation import problems_for
from creator_kit.output.render import OUTPUT_SUFFIXES

DECISIONS_FORMAT = "creator-kit-decisions"
RECORD_FORMAT = "creator-kit-review-decisions"
FORMAT_VERSION = 1
RECORD_NAME = "review-decisions.json"
MAX_DECISIONS_BYTES = 1024 * 1024
"""A decisions file of a few hundred clips with notes is tens of kB."""
_DIGEST_SHOWN = 12


def single_problem(problems: list[Problem]) -> InputError:
    """One line for the first problem (and how many follow it): a decisions file is fixed one step at a time,
    and a file that is no decisions file at all would otherwise give a page of lines."""
    first = problems[0]
    if len(problems) > 1:
        more = len(problems) - 1
        first = replace(first, message=f"{first.message} (and {more} more problem{'s' if more > 1 else ''})")
    return InputError([first])


# --- the batch folder as it is now ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Render:
    """One item of a batch as its folder holds it now."""

    key: str
    platform: str | None
    status: str
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


# --- the record: OUT/review-decisions.json ----------------------------------------------------------------------


def read_record(folder: Path) -> tuple[Decision, ...]:
    """Every decision recorded in `folder` (none when nothing was recorded yet), in the order recorded."""
    path = folder / RECORD_NAME
    if not path.exists():
        return ()
    document = load_document(path, as_json=True)
    problems = problems_for(document, "review-decisions")
    if problems:
        raise single_problem(problems)
    return tuple(Decision.from_json(entry) for entry in document.data["decisions"])


def write_record(folder: Path, decisions: tuple[Decision, ...]) -> Path:
    path = folder / RECORD_NAME
    data = {"format": RECORD_FORMAT, "version": FORMAT_VERSION, "decisions": [d.to_json() for d in decisions]}
    write_text(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    return path


# --- a decisions file -------------------------------------------------------------------------------------------


def _size_checked(path: Path) -> None:
    """Refuse a file larger than MAX_DECISIONS_BYTES by its size alone, before reading any of it."""
    try:
        size = os.stat(path).st_size
    except OSError:
        return  # load_document says what is wrong with it
    if path.is_file() and size > MAX_DECISIONS_BYTES:
        raise InputError.single(
            path, f"{size:,} bytes, larger than the 1 MiB a decisions file may be (one is a few kB); not one"
        )


def _loaded(path: Path) -> SourceDocument:
    _size_checked(path)
    try:
        return load_document(path, MAX_DECISIONS_BYTES, as_json=True)
    except InputError as error:
        problem = error.problems[0]
        if problem.message.startswith(("invalid JSON", "not UTF-8")):
            problem = replace(problem, message=f"not a creator-kit decisions file: {problem.message}")
        raise InputError([problem]) from None


def _time_problem(text: str) -> str | None:
    try:
        datetime.fromisoformat(text)
    except ValueError as error:
        return f"{excerpt(text)} is not a time ({error})"
    return None


def _problem_at(document: SourceDocument, key: PathKey, message: str) -> Problem:
    return Problem(str(document.path), document.line_of(key), format_path(key), message)


def _file_problems(document: SourceDocument, decisions: list[Decision]) -> list[Problem]:
    """What the schema cannot say: an item decided twice, a time that is no time, a scene noted twice."""
    problems = []
    first_line: dict[str, int | None] = {}
    for number, decision in enumerate(decisions):
        line = document.line_of(("decisions", number, "clip"))
        if decision.clip in first_line:
            message = f"{decision.clip} is decided twice (first at line {first_line[decision.clip]})"
            problems.append(_problem_at(document, ("decisions", number, "clip"), message))
        first_line.setdefault(decision.clip, line)
        wrong_time = _time_problem(decision.time)
        if wrong_time:
            problems.append(_problem_at(document, ("decisions", number, "time"), wrong_time))
        indexes = [note.index for note in decision.scene_notes]
        for position, index in enumerate(indexes):
            if index in indexes[:position]:
                key = ("decisions", number, "scene_notes", position, "index")
                problems.append(_problem_at(document, key, f"scene index {index} has two notes"))
    return problems


def read_decisions(path: Path) -> tuple[tuple[Decision, ...], SourceDocument]:
    """The decisions of a decisions file, checked on their own (not yet against a batch)."""
    document = _loaded(path)
    data = document.data
    if isinstance(data, dict) and data.get("format") != DECISIONS_FORMAT:
        said = "its format is another one" if "format" in data else "it has no format"
        message = f'not a creator-kit decisions file: {said} (a decisions file says "format": "{DECISIONS_FORMAT}")'
        raise InputError([Problem(str(path), document.line_of(("format",)) or 1, None, message)])
    problems = problems_for(document, "decisions")
    if problems:
        raise single_problem(problems)
    decisions = [Decision.from_json(entry) for entry in document.data["decisions"]]
    problems = _file_problems(document, decisions)
    if problems:
        raise single_problem(problems)
    return tuple(decisions), document


# --- approve ----------------------------------------------------------------------------------------------------


def _short(digest: str) -> str:
    return f"{digest[:_DIGEST_SHOWN]}…"


def _against_render(batch: BatchFolder, decision: Decision, document: SourceDocument, number: int) -> Problem | None:
    """Why `decision` (entry `number` of the file) cannot be recorded on the batch's current renders."""

    def problem(field: str | tuple[str | int, ...], message: str) -> Problem:
        key = (field,) if isinstance(field, str) else field
        return _problem_at(document, ("decisions", number, *key), message)

    render = batch.renders.get(decision.clip)
    if render is None:
        guesses = difflib.get_close_matches(decision.clip, list(batch.renders), n=1)
        hint = f"; did you mean {guesses[0]}?" if guesses else ""
        return problem("clip", f"{decision.clip} is no item of {batch.report_path}{hint}")
    if decision.inputs_sha256 is None:
        return problem(
            "inputs_sha256",
            "null: decided on a page made from scripts or a campaign, where nothing was rendered yet; "
            f"decide on the page of the batch (creator-kit review {batch.folder} -o review.html)",
        )
    if render.problem is not None or render.digest is None:
        reason = render.problem.message if render.problem else "no render"
        return problem("clip", f"{decision.clip} has no current render to decide on ({reason})")
    if decision.inputs_sha256 != render.digest:
        return problem(
            "inputs_sha256",
            f"stale: decided on another render of {decision.clip} ({_short(decision.inputs_sha256)}), "
            f"its current render is {_short(render.digest)} (the script, template or settings changed, or the "
            "file is from another batch); review the new page and decide again",
        )
    if decision.decision == APPROVED and render.errors:
        count = len(render.errors)
        return problem(
            "decision",
            f"{decision.clip} cannot be approved: its render has {count} error-level finding"
            f"{'s' if count > 1 else ''} ({', '.join(render.errors[:3])}); fix the script and render it again",
        )
    scenes = len(render.manifest.scenes) if render.manifest else 0
    for position, note in enumerate(decision.scene_notes):
        if note.index >= scenes:
            return problem(
                ("scene_notes", position, "index"),
                f"{decision.clip} has {scenes} scene{'s' if scenes != 1 else ''} (index 0 to {scenes - 1})",
            )
    return None


@dataclass(frozen=True)
class Approval:
    """What `approve` recorded, and every item's state afterwards."""

    recorded: tuple[Decision, ...]
    record_path: Path
    states: dict[str, str]


def approve(decisions_path: Path, folder: Path, now: datetime) -> Approval:
    """Check every decision of `decisions_path` against the batch in `folder`, then merge them into its
    record and update the states in its report. InputError, with nothing written, when any is refused."""
    decisions, document = read_decisions(decisions_path)
    batch = open_batch(folder)
    record = read_record(folder)
    problems = [p for n, d in enumerate(decisions) if (p := _against_render(batch, d, document, n)) is not None]
    if problems:
        raise single_problem(problems)
    stamp = now.astimezone().isoformat(timespec="seconds")
    recorded = tuple(replace(d, recorded=stamp, source=decisions_path.name) for d in decisions)
    merged = merge(record, recorded)
    states = review_states(batch.digests(), merged)
    try:
        record_path = write_record(folder, merged)
        write_report(folder, batch.report.with_review(states))
    except OSError as error:
        raise InputError.single(folder, f"cannot write: {error.strerror or error}") from None
    return Approval(recorded, record_path, states)
