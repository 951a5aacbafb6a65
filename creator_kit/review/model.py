"""What a review page shows: clips with their tiles, texts, findings, post captions and resources."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from creator_kit.documents.decisions import REVIEW_STATES, DecisionKind, ReviewState, SceneNote, states_line
from creator_kit.documents.findings import Finding, Severity
from creator_kit.errors import Problem
from creator_kit.inputs.template import EventKind

STATE_LABELS: dict[ReviewState, str] = {
    "approved": "Approved",
    "changes-requested": "Changes requested",
    "stale": "Stale: decided on an earlier render",
    "not-reviewed": "Not reviewed",
}
DECISION_LABELS: dict[DecisionKind, str] = {"approved": "Approved", "changes-requested": "Changes requested"}


@dataclass(frozen=True)
class RuleHelp:
    """Why a rule exists and where its guideline is published."""

    summary: str
    help: str
    help_uri: str | None = None


@dataclass(frozen=True)
class Tile:
    """One card or scene: its picture (a data: URI), its text as written and the findings about it."""

    kind: EventKind
    index: int
    start: float
    end: float
    text: str
    image: str
    findings: tuple[Finding, ...] = ()

    @property
    def label(self) -> str:
        name = f"scene {self.index + 1}" if self.kind == "scene" else f"{self.kind} card"
        return f"{name} · {self.start:.1f}–{self.end:.1f} s"


@dataclass(frozen=True)
class PostCaption:
    platform: str
    text: str
    length: int
    limit: int
    unit: str
    video: str | None = None
    """Link to the rendered video, relative to the page (batch output folders only)."""

    @property
    def too_long(self) -> bool:
        return self.length > self.limit


@dataclass(frozen=True)
class ResourceView:
    name: str
    source: str
    url: str | None
    phones: tuple[str, ...]
    verified_on: str | None
    stale: bool


@dataclass(frozen=True)
class LocalTimeView:
    """A listed region's local time of a live session, as the card shows it and as a clock reads it."""

    region: str
    city: str
    shown: str
    clock: str
    """The local start, ISO 8601 with its offset."""
    zone: str
    utc_offset: str


@dataclass(frozen=True)
class LiveView:
    """A live session the clip announces: what it is, when (the date as the audience reads it) and where."""

    topic: str
    host: str
    starts_utc: str
    date: str
    hijri: str | None
    times: tuple[LocalTimeView, ...]

    @staticmethod
    def from_json(data: dict[str, Any]) -> LiveView:
        """From the manifest's `live` record (the plan's `LivePlan.to_json`)."""
        return LiveView(
            data["topic"],
            data["host"],
            data["starts"],
            data["date"],
            data.get("hijri"),
            tuple(
                LocalTimeView(t["region"], t["city"], t["text"], t["starts"], t["zone"], t["utc_offset"])
                for t in data["local_times"]
            ),
        )


@dataclass(frozen=True)
class ClipItem:
    """One platform's output of a clip: what a decision names (its key) and is made on (its digest)."""

    key: str
    """<id>.<language>.<template>.<platform>, the item key of a batch."""
    platform: str
    inputs_sha256: str | None = None
    """The rendered item's manifest digest; None for a clip drawn from its script (nothing rendered)."""
    review: ReviewState | None = None
    """Its review state in the batch (batch/review_states.py); None outside a batch folder."""


@dataclass(frozen=True)
class PastDecision:
    """A decision recorded earlier (`creator-kit approve`) about some of a clip's items."""

    decision: DecisionKind
    reviewer: str
    time: str
    note: str
    scene_notes: tuple[SceneNote, ...]
    platforms: tuple[str, ...]
    current: bool
    """Made on the render the page shows; else on an earlier one (stale)."""

    @property
    def label(self) -> str:
        return DECISION_LABELS[self.decision]

    def notes_for(self, scene_index: int) -> tuple[str, ...]:
        return tuple(note.note for note in self.scene_notes if note.index == scene_index)


@dataclass(frozen=True)
class Clip:
    """One picture: a script in one language with one template, posted on one or more platforms."""

    key: str
    title: str
    script: str
    language: str
    template: str
    tiles: tuple[Tile, ...]
    captions: tuple[PostCaption, ...]
    resources: tuple[ResourceView, ...]
    caption_findings: tuple[Finding, ...] = ()
    resource_findings: tuple[Finding, ...] = ()
    other_findings: tuple[Finding, ...] = ()
    rendered: bool = False
    """Tiles are frames of the rendered video, not the plan's pictures."""
    items: tuple[ClipItem, ...] = ()
    history: tuple[PastDecision, ...] = ()
    """Decisions recorded about its items (batch folders), in the order recorded."""
    live: LiveView | None = None
    """The live session the clip announces, with each region's local time."""

    @property
    def blocked(self) -> str | None:
        """Why the clip cannot be approved (error-level findings), or None."""
        errors = self.count("error")
        if not errors:
            return None
        return (
            f"Cannot be approved: {errors} error-level finding{'s' if errors != 1 else ''} "
            "must be fixed in the script and the clip rendered again. You can still request changes."
        )

    @property
    def review_states(self) -> tuple[tuple[ReviewState, tuple[str, ...]], ...]:
        """Each review state its items are in, with their platforms (empty outside a batch)."""
        states = [(state, tuple(i.platform for i in self.items if i.review == state)) for state in REVIEW_STATES]
        return tuple((state, platforms) for state, platforms in states if platforms)

    @property
    def findings(self) -> tuple[Finding, ...]:
        anchored = tuple(f for tile in self.tiles for f in tile.findings)
        return anchored + self.caption_findings + self.resource_findings + self.other_findings

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)


@dataclass(frozen=True)
class Review:
    clips: tuple[Clip, ...]
    problems: tuple[Problem, ...]
    rules: dict[str, RuleHelp] = field(default_factory=dict)

    def count(self, severity: Severity) -> int:
        return sum(clip.count(severity) for clip in self.clips)

    def summary_line(self, out_path: Path, size: int) -> str:
        """What `review` prints: the page written, its clips and findings, its size, its items' review states."""
        reviewed = [item.review for clip in self.clips for item in clip.items if item.review]
        return (
            f"{out_path}  {len(self.clips)} clips, {self.count('error')} errors, "
            f"{self.count('warning')} warnings, {size // 1024} kB"
            + (f"; items: {states_line(reviewed)}" if reviewed else "")
        )

    def items_in(self, state: ReviewState) -> int:
        return sum(1 for clip in self.clips for item in clip.items if item.review == state)

    @property
    def reviewed(self) -> bool:
        """The clips are a batch's, with review states."""
        return any(item.review for clip in self.clips for item in clip.items)

    @property
    def stale_resources(self) -> int:
        return sum(1 for clip in self.clips for resource in clip.resources if resource.stale)

    @property
    def exit_code(self) -> int:
        """As `check`: 2 some input unusable, 1 an error-level finding, else 0."""
        if self.problems:
            return 2
        return 1 if self.count("error") else 0
