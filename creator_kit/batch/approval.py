"""Review states: what a reviewer decided about each item, and whether it still holds for its render.

Pure functions over plain values, no I/O. A decision names an item key and the render it was made on
(its manifest's `inputs_sha256`): it holds only while the item's render has that digest. So an item is
`approved` or `changes-requested` when its current render carries a decision, `stale` when decisions
exist only for other renders (the script, template or settings changed since), else `not-reviewed`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

APPROVED, CHANGES_REQUESTED, NOT_REVIEWED, STALE = "approved", "changes-requested", "not-reviewed", "stale"
DECISIONS = (APPROVED, CHANGES_REQUESTED)
REVIEW_STATES = (APPROVED, CHANGES_REQUESTED, STALE, NOT_REVIEWED)


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
    decision: str
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


def of_clip(decisions: Iterable[Decision], key: str) -> tuple[Decision, ...]:
    return tuple(decision for decision in decisions if decision.clip == key)


def current_decision(digest: str | None, decisions: Iterable[Decision]) -> Decision | None:
    """The last of `decisions` (about one item) made on the render `digest`, if any."""
    made_on = [decision for decision in decisions if digest is not None and decision.inputs_sha256 == digest]
    return made_on[-1] if made_on else None


def review_state(digest: str | None, decisions: Sequence[Decision]) -> str:
    """The state of one item whose current render is `digest` (None: it has none), from the decisions
    recorded about it, in the order they were recorded."""
    current = current_decision(digest, decisions)
    if current is not None:
        return current.decision
    return STALE if decisions else NOT_REVIEWED


def review_states(current: Mapping[str, str | None], decisions: Sequence[Decision]) -> dict[str, str]:
    """Each item's state: `current` maps item keys to their render's digest (None: no current render)."""
    by_clip: dict[str, list[Decision]] = {}
    for decision in decisions:
        by_clip.setdefault(decision.clip, []).append(decision)
    return {key: review_state(digest, by_clip.get(key, [])) for key, digest in current.items()}


def merge(recorded: Sequence[Decision], new: Sequence[Decision]) -> tuple[Decision, ...]:
    """The record after `new` decisions: a new decision replaces an earlier one on the same item and render;
    decisions on other renders stay as history. Order is the order of recording."""
    replaced = {(decision.clip, decision.inputs_sha256) for decision in new}
    kept = [decision for decision in recorded if (decision.clip, decision.inputs_sha256) not in replaced]
    return (*kept, *new)


def count_states(states: Iterable[str]) -> dict[str, int]:
    """How many items are in each state, every state named (in REVIEW_STATES order)."""
    listed = list(states)
    return {state: listed.count(state) for state in REVIEW_STATES}


def states_line(states: Iterable[str]) -> str:
    """`2 approved, 1 changes-requested, 3 not-reviewed`: the states items are in, in REVIEW_STATES order."""
    return ", ".join(f"{count} {state}" for state, count in count_states(states).items() if count) or "none"
