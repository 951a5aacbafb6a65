"""The publish summary, `publish-summary.json` (schema publish-summary): what `publish` put into its folder and
what it left out, and why; its typed model, its text and the lines `publish` prints."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from creator_kit.documents.decisions import FORMAT_VERSION, ReviewState

SUMMARY_NAME = "publish-summary.json"
SUMMARY_FORMAT = "creator-kit-publish"


@dataclass(frozen=True)
class Published:
    clip: str
    inputs_sha256: str
    files: tuple[str, ...]
    reviewer: str
    time: str
    note: str

    def to_json(self) -> dict[str, Any]:
        return {
            "clip": self.clip,
            "inputs_sha256": self.inputs_sha256,
            "files": list(self.files),
            "approved_by": self.reviewer,
            "approved_at": self.time,
            "note": self.note,
        }


@dataclass(frozen=True)
class LeftOut:
    clip: str
    review: ReviewState
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {"clip": self.clip, "review": self.review, "reason": self.reason}


@dataclass(frozen=True)
class PublishSummary:
    batch: str
    folder: str
    published_at: str
    published: tuple[Published, ...]
    left_out: tuple[LeftOut, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "format": SUMMARY_FORMAT,
            "version": FORMAT_VERSION,
            "batch": self.batch,
            "folder": self.folder,
            "published_at": self.published_at,
            "published": [item.to_json() for item in self.published],
            "left_out": [item.to_json() for item in self.left_out],
        }

    def text(self) -> str:
        """The summary as its file holds it (and `publish --json` prints it)."""
        return json.dumps(self.to_json(), ensure_ascii=False, indent=2) + "\n"


def publish_lines(summary: PublishSummary) -> list[str]:
    """What `publish` prints without --json: the items published, those left out and why, the summary's file."""
    count, target = len(summary.published), Path(summary.folder)
    lines = [f"published {count} item{'s' if count != 1 else ''} to {target}:"]
    lines += [f"  {item.clip}  approved by {item.reviewer}  ({len(item.files)} files)" for item in summary.published]
    lines += [f"left out {len(summary.left_out)}:"] if summary.left_out else []
    lines += [f"  {left.clip}  {left.review}: {left.reason}" for left in summary.left_out]
    return [*lines, f"-> {target / SUMMARY_NAME}"]
