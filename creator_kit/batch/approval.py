"""`creator-kit approve DECISIONS --batch OUT`: a review page's decisions checked against the batch's
current renders and recorded in `OUT/review-decisions.json`, each item's state in `OUT/batch-report.json`.

A decision must name an item of the batch and the digest of that item's current render (a decision made on
another render is stale: the clip must be reviewed again); an item whose render has error-level findings
cannot be approved. The decisions file is read by documents/decisions.py; nothing is written unless every
decision is accepted, and then both files at once.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from creator_kit.batch.folder import BatchFolder, open_batch
from creator_kit.batch.review_states import merge, review_states
from creator_kit.documents.batch_report import write_report
from creator_kit.documents.decisions import (
    APPROVED,
    RECORD_NAME,
    Decision,
    ReviewState,
    problem_at,
    read_decisions,
    read_record,
    record_text,
    single_problem,
    states_line,
)
from creator_kit.errors import InputError, Problem
from creator_kit.inputs.sourcemap import SourceDocument

_DIGEST_SHOWN = 12


def _short(digest: str) -> str:
    return f"{digest[:_DIGEST_SHOWN]}…"


def _against_render(batch: BatchFolder, decision: Decision, document: SourceDocument, number: int) -> Problem | None:
    """Why `decision` (entry `number` of the file) cannot be recorded on the batch's current renders."""

    def problem(field: str | tuple[str | int, ...], message: str) -> Problem:
        key = (field,) if isinstance(field, str) else field
        return problem_at(document, ("decisions", number, *key), message)

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
    states: dict[str, ReviewState]


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
    record_path = folder / RECORD_NAME
    try:
        write_report(folder, batch.report.with_review(states), beside={record_path: record_text(merged)})
    except OSError as error:
        raise InputError.single(folder, f"cannot write: {error.strerror or error}") from None
    return Approval(recorded, record_path, states)


def approval_lines(approval: Approval) -> list[str]:
    """What `approve` prints: each decision recorded, then the count and every item's state."""
    lines = []
    for decision in approval.recorded:
        note = f"  {decision.note.splitlines()[0][:60]}" if decision.note.strip() else ""
        lines.append(f"{decision.clip}  {decision.decision} by {decision.reviewer}{note}")
    count = len(approval.recorded)
    lines.append(
        f"{count} decision{'s' if count != 1 else ''} recorded -> "
        f"{approval.record_path}; items: {states_line(approval.states.values())}"
    )
    return lines
