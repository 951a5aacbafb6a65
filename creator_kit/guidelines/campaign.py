"""Campaign facts: what a rule sees across the clips of one campaign (a folder, or a campaign file).

Some guidance is about a campaign, not a clip: WHO & IASP (2023) links repeated
coverage of suicide to imitation, so a campaign keeps its clips about suicide
few. `check` on a folder takes the folder's scripts as one campaign; on a
campaign file (a YAML matrix or a CSV, creator_kit/planning/campaign.py) the
scripts it names. The facts document has one collection, `campaigns`; rules
select it like any other. Each campaign item points where a reader would fix
it: the campaign file's line that names the first clip about suicide, or, for
a folder, that clip's first mention. Pure functions, no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

SUICIDE_TOPIC = "suicide-or-self-harm"


@dataclass(frozen=True)
class Member:
    """A script of a campaign, and where the campaign file names it (None for a script found in a folder)."""

    script: Path
    at: dict[str, Any] | None = None


ScopeKind = Literal["folder", "campaign-file"]
"""The scripts of a folder, or those a campaign file names."""


@dataclass(frozen=True)
class Scope:
    """The scripts checked together as one campaign."""

    source: Path
    kind: ScopeKind
    members: tuple[Member, ...]


@dataclass(frozen=True)
class ClipTopics:
    """What the check of one clip learned for its campaign: where it first mentions each topic."""

    first_mentions: dict[str, dict[str, Any]]


def clip_topics(facts: list[dict[str, Any]]) -> ClipTopics:
    """The first mention of every topic in the facts of a clip (one facts document per language)."""
    mentions: dict[str, dict[str, Any]] = {}
    for document in facts:
        for topic in document.get("topics", []):
            mentions.setdefault(topic["topic"], topic["at"])
    return ClipTopics(mentions)


def campaign_facts(scope: Scope, clips: Mapping[Path, ClipTopics]) -> dict[str, Any]:
    """The campaign facts of `scope`; `clips` holds the clips that could be checked, by resolved path."""
    checked = [(member, clips[member.script.resolve()]) for member in scope.members if member.script.resolve() in clips]
    about_suicide = [(member, clip) for member, clip in checked if SUICIDE_TOPIC in clip.first_mentions]
    first = about_suicide[0] if about_suicide else None
    if first is None:
        location: dict[str, Any] = {"file": str(scope.source), "path": []}
    else:
        member, clip = first
        location = member.at or clip.first_mentions[SUICIDE_TOPIC]
    return {
        "campaigns": [
            {
                "source": str(scope.source),
                "kind": scope.kind,
                "clips": len(checked),
                "suicide_clips": len(about_suicide),
                "suicide_share": round(len(about_suicide) / len(checked), 3) if checked else 0.0,
                "first_suicide_clip": str(first[0].script) if first else None,
                "at": location,
            }
        ]
    }
