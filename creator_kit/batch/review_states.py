"""Review states: what a reviewer decided about each item, and whether it still holds for its render.

Pure functions over decisions (documents/decisions.py), no I/O. A decision names an item key and the render it was
made on (its manifest's `inputs_sha256`): it holds only while the item's render has that digest. So an item is
`approved` or `changes-requested` when its current render carries a decision, `stale` when decisions
exist only for other renders (the script, template or settings changed since), else `not-reviewed`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from creator_kit.documents.decisions import NOT_REVIEWED, STALE, Decision, ReviewState


def of_clip(decisions: Iterable[Decision], key: str) -> tuple[Decision, ...]:
    return tuple(decision for decision in decisions if decision.clip == key)


def current_decision(digest: str | None, decisions: Iterable[Decision]) -> Decision | None:
    """The last of `decisions` (about one item) made on the render `digest`, if any."""
    made_on = [decision for decision in decisions if digest is not None and decision.inputs_sha256 == digest]
    return made_on[-1] if made_on else None


def review_state(digest: str | None, decisions: Sequence[Decision]) -> ReviewState:
    """The state of one item whose current render is `digest` (None: it has none), from the decisions
    recorded about it, in the order they were recorded."""
    current = current_decision(digest, decisions)
    if current is not None:
        return current.decision
    return STALE if decisions else NOT_REVIEWED


def review_states(current: Mapping[str, str | None], decisions: Sequence[Decision]) -> dict[str, ReviewState]:
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
