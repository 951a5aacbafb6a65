"""The review decisions: a review page's decisions file (schema decisions, what the page downloads) and the
record `approve` keeps of them, `OUT/review-decisions.json` (schema review-decisions), as one model,
`Decision`, with their readers and the record's writer.

A decisions file comes from a browser download, so it is read like any foreign document: at most 1 MiB (by its
size, before reading), UTF-8 JSON, validated completely, and refused in one line naming its file and line,
never quoting a file that is not one.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from creator_kit.errors import InputError, Problem
from creator_kit.inputs.sourcemap import PathKey, SourceDocument, excerpt, format_path, load_document
from creator_kit.inputs.validation import problems_for

DecisionKind = Literal["approved", "changes-requested"]
"""What a reviewer decides about an item."""
ReviewState = Literal["approved", "changes-requested", "stale", "not-reviewed"]
"""An item's state: its current render's decision, `stale` (decisions on other renders only) or `not-reviewed`."""
APPROVED: DecisionKind = "approved"
CHANGES_REQUESTED: DecisionKind = "changes-requested"
STALE: ReviewState = "stale"
NOT_REVIEWED: ReviewState = "not-reviewed"
REVIEW_STATES: tuple[ReviewState, ...] = (APPROVED, CHANGES_REQUESTED, STALE, NOT_REVIEWED)

DECISIONS_FORMAT = "creator-kit-decisions"
RECORD_FORMAT = "creator-kit-review-decisions"
FORMAT_VERSION = 1
RECORD_NAME = "review-decisions.json"
MAX_DECISIONS_BYTES = 1024 * 1024
"""A decisions file of a few hundred clips with notes is tens of kB."""


@dataclass(frozen=True)
class SceneNote:
    index: int
    """The scene's index as the manifest counts it, from 0 (the page's scene 1 is index 0)."""
    note: str


@dataclass(frozen=True)
class Decision:
    """One reviewer's decision about one item (a clip on one platform), on one render of it."""

    clip: str
    """The item key, <id>.<language>.<template>.<platform>."""
    inputs_sha256: str | None
    """The render decided on; None from a page made of scripts (nothing rendered, nothing to approve)."""
    decision: DecisionKind
    reviewer: str
    time: str
    note: str = ""
    scene_notes: tuple[SceneNote, ...] = ()
    recorded: str | None = None
    """When `approve` recorded it (decisions of the record only)."""
    source: str | None = None
    """The decisions file it was recorded from (its name)."""

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "clip": self.clip,
            "inputs_sha256": self.inputs_sha256,
            "decision": self.decision,
            "note": self.note,
            "scene_notes": [{"index": n.index, "note": n.note} for n in self.scene_notes],
            "reviewer": self.reviewer,
            "time": self.time,
        }
        if self.recorded is not None:
            data["recorded"] = self.recorded
        if self.source is not None:
            data["source"] = self.source
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Decision:
        """The decision of a JSON object a schema (decisions or review-decisions) accepted."""
        return cls(
            clip=data["clip"],
            inputs_sha256=data["inputs_sha256"],
            decision=data["decision"],
            reviewer=data["reviewer"],
            time=data["time"],
            note=data.get("note", ""),
            scene_notes=tuple(SceneNote(n["index"], n["note"]) for n in data.get("scene_notes", ())),
            recorded=data.get("recorded"),
            source=data.get("source"),
        )


def count_states(states: Iterable[ReviewState]) -> dict[ReviewState, int]:
    """How many items are in each state, every state named (in REVIEW_STATES order)."""
    listed = list(states)
    return {state: listed.count(state) for state in REVIEW_STATES}


def states_line(states: Iterable[ReviewState]) -> str:
    """`2 approved, 1 changes-requested, 3 not-reviewed`: the states items are in, in REVIEW_STATES order."""
    return ", ".join(f"{count} {state}" for state, count in count_states(states).items() if count) or "none"


def single_problem(problems: list[Problem]) -> InputError:
    """One line for the first problem (and how many follow it): a decisions file is fixed one step at a time,
    and a file that is no decisions file at all would otherwise give a page of lines."""
    first = problems[0]
    if len(problems) > 1:
        more = len(problems) - 1
        first = replace(first, message=f"{first.message} (and {more} more problem{'s' if more > 1 else ''})")
    return InputError([first])


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


def record_text(decisions: tuple[Decision, ...]) -> str:
    """The record of `decisions` as `OUT/review-decisions.json` holds it (approve writes it together with the
    batch report, documents/batch_report.py)."""
    data = {"format": RECORD_FORMAT, "version": FORMAT_VERSION, "decisions": [d.to_json() for d in decisions]}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


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


def problem_at(document: SourceDocument, key: PathKey, message: str) -> Problem:
    return Problem(str(document.path), document.line_of(key), format_path(key), message)


def _file_problems(document: SourceDocument, decisions: list[Decision]) -> list[Problem]:
    """What the schema cannot say: an item decided twice, a time that is no time, a scene noted twice."""
    problems = []
    first_line: dict[str, int | None] = {}
    for number, decision in enumerate(decisions):
        line = document.line_of(("decisions", number, "clip"))
        if decision.clip in first_line:
            message = f"{decision.clip} is decided twice (first at line {first_line[decision.clip]})"
            problems.append(problem_at(document, ("decisions", number, "clip"), message))
        first_line.setdefault(decision.clip, line)
        wrong_time = _time_problem(decision.time)
        if wrong_time:
            problems.append(problem_at(document, ("decisions", number, "time"), wrong_time))
        indexes = [note.index for note in decision.scene_notes]
        for position, index in enumerate(indexes):
            if index in indexes[:position]:
                key = ("decisions", number, "scene_notes", position, "index")
                problems.append(problem_at(document, key, f"scene index {index} has two notes"))
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
