"""`creator-kit publish OUT -o DIR`: the approved, current items of a batch copied into a folder to upload.

An item is published when its current render (in the last batch run: rendered or kept) carries an
`approved` decision on its own digest and no error-level finding; every other item is left out with the
reason. Its files (video, caption sidecars, post caption, cover, manifest, as present) are put into a
temporary folder beside DIR (the video and cover hard-linked where the file system allows, the texts
copied), with
`publish-summary.json` (schema publish-summary); the folder takes DIR's place only when complete. DIR
may not lie inside OUT, and a DIR that exists must be an earlier publish folder (it is replaced).
"""

from __future__ import annotations

import os
import shutil
from datetime import datetime
from pathlib import Path

from creator_kit.atomic import atomic_folder, refuse_overlap
from creator_kit.batch.folder import BatchFolder, Render, open_batch
from creator_kit.batch.review_states import current_decision, of_clip, review_states
from creator_kit.documents.decisions import APPROVED, CHANGES_REQUESTED, STALE, Decision, ReviewState, read_record
from creator_kit.documents.publish_summary import SUMMARY_NAME, LeftOut, Published, PublishSummary
from creator_kit.errors import InputError
from creator_kit.inputs.sourcemap import path_inside


def _refuse_target(batch: BatchFolder, target: Path) -> None:
    """DIR must be a folder of its own: neither inside nor around the batch folder or its campaign's, new or an
    earlier publish folder."""
    batch_folder = batch.folder
    if target.resolve().is_relative_to(batch_folder.resolve()):
        raise InputError.single(target, f"is inside the batch folder {batch_folder}; publish into a folder of its own")
    inputs = {"batch folder": batch_folder, "campaign folder": Path(batch.report.campaign).parent}
    refuse_overlap(target, inputs, "publish folder")
    if target.exists() and not target.is_dir():
        raise InputError.single(target, "is a file; name a folder to publish into")
    if target.is_dir() and any(target.iterdir()) and not (target / SUMMARY_NAME).is_file():
        raise InputError.single(
            target, f"exists and is not a folder `publish` wrote (it has no {SUMMARY_NAME}); name a new folder"
        )


def _why_not(render: Render, state: ReviewState, decisions: tuple[Decision, ...]) -> str | None:
    """Why an item is not published (None: it is)."""
    if render.problem is not None or render.digest is None:
        return f"no current render: {render.problem.message if render.problem else 'none'}"
    if render.errors:
        return f"its render has error-level findings ({', '.join(render.errors[:3])})"
    latest = decisions[-1] if decisions else None
    if state == CHANGES_REQUESTED:
        current = current_decision(render.digest, decisions)
        note = f": {current.note}" if current and current.note else ""
        return f"changes requested by {current.reviewer if current else 'a reviewer'}{note}"
    if state == STALE and latest is not None:
        return (
            f"{latest.decision} by {latest.reviewer} on an earlier render; it changed since "
            "(script, template or settings): review it again"
        )
    if state != APPROVED:
        return "not reviewed yet"
    return None


LINKED = ("video", "cover")
"""Kinds hard-linked rather than copied: the large pictures, which nobody edits by hand (the batch only ever
renames new files into place, so a link keeps what was approved). Texts (captions, post caption, manifest)
are copied: one edited in the upload folder before posting must not change the batch's."""


def _place(kind: str, source: Path, target: Path) -> None:
    if kind in LINKED:
        try:
            os.link(source, target)
            return
        except OSError:
            pass  # another file system, or one without links
    shutil.copy2(source, target)


def _copy_item(batch: BatchFolder, render: Render, into: Path) -> tuple[str, ...]:
    names = []
    for kind, source in render.files:
        inside = path_inside(batch.folder, source.name)
        if inside is None:
            raise InputError.single(source, "leads outside the batch folder (a link?); not published")
        _place(kind, inside, into / source.name)
        names.append(source.name)
    return tuple(names)


def publish(batch_folder: Path, target: Path, now: datetime) -> PublishSummary:
    """Copy the approved, current items of `batch_folder` into `target`; the summary of what was and was not.
    InputError for an unusable batch folder or target, or one that cannot be written (nothing is left)."""
    try:
        return _publish(batch_folder, target, now)
    except OSError as error:
        raise InputError.single(target, f"cannot write: {error.strerror or error}") from None


def _publish(batch_folder: Path, target: Path, now: datetime) -> PublishSummary:
    batch = open_batch(batch_folder)
    record = read_record(batch_folder)
    _refuse_target(batch, target)
    states = review_states(batch.digests(), record)
    published: list[Published] = []
    left_out: list[LeftOut] = []
    with atomic_folder(target) as folder:
        for item in batch.report.items:
            render, decisions = batch.renders[item.key], of_clip(record, item.key)
            reason = _why_not(render, states[item.key], decisions)
            if reason is not None:
                left_out.append(LeftOut(item.key, states[item.key], reason))
                continue
            decision = current_decision(render.digest, decisions)
            assert decision is not None and render.digest is not None
            files = _copy_item(batch, render, folder)
            published.append(Published(item.key, render.digest, files, decision.reviewer, decision.time, decision.note))
        summary = PublishSummary(
            str(batch_folder),
            str(target),
            now.astimezone().isoformat(timespec="seconds"),
            tuple(published),
            tuple(left_out),
        )
        (folder / SUMMARY_NAME).write_text(summary.text(), "utf-8")
    return summary
