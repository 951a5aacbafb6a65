"""What a review page shows: clips with their tiles, texts, findings, post captions and resources."""

from __future__ import annotations

from dataclasses import dataclass, field

from creator_kit.errors import Problem
from creator_kit.guidelines.findings import Finding


@dataclass(frozen=True)
class RuleHelp:
    """Why a rule exists and where its guideline is published."""

    summary: str
    help: str
    help_uri: str | None = None


@dataclass(frozen=True)
class Tile:
    """One card or scene: its picture (a data: URI), its text as written and the findings about it."""

    kind: str
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

    @property
    def findings(self) -> tuple[Finding, ...]:
        anchored = tuple(f for tile in self.tiles for f in tile.findings)
        return anchored + self.caption_findings + self.resource_findings + self.other_findings

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)


@dataclass(frozen=True)
class Review:
    clips: tuple[Clip, ...]
    problems: tuple[Problem, ...]
    rules: dict[str, RuleHelp] = field(default_factory=dict)

    def count(self, severity: str) -> int:
        return sum(clip.count(severity) for clip in self.clips)

    @property
    def stale_resources(self) -> int:
        return sum(1 for clip in self.clips for resource in clip.resources if resource.stale)

    @property
    def exit_code(self) -> int:
        """As `check`: 2 some input unusable, 1 an error-level finding, else 0."""
        if self.problems:
            return 2
        return 1 if self.count("error") else 0
