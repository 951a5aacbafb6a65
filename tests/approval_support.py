"""A tiny campaign for the approval loop's tests: three English scripts on a 270x480, 15 fps template (one
second of scene after half a second of title), one of them on two platforms: four items, three encodes of
a fraction of a second each."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import TINY_TEMPLATE, run_cli

SCRIPT = """id: {name}
title: Clip {name}
language: en
template: tiny/template.yaml
platforms: [{platforms}]
hashtags: ["#EndTheStigma"]
scenes:
  - text: {text}
    duration: 1
"""
CLIPS = {"alpha": "tiktok, reels", "bravo": "tiktok", "charlie": "tiktok"}
"""Script id -> its platforms. Items: alpha.en.tiny.tiktok, alpha.en.tiny.reels, bravo..., charlie..."""
TIME = "2026-06-01T09:30:00.000Z"


def make_campaign(folder: Path) -> Path:
    (folder / "tiny").mkdir(parents=True)
    (folder / "tiny" / "template.yaml").write_text(TINY_TEMPLATE, encoding="utf-8")
    for name, platforms in CLIPS.items():
        text = f"Talking helps, says {name}."
        (folder / f"{name}.yaml").write_text(SCRIPT.format(name=name, platforms=platforms, text=text), "utf-8")
    campaign = folder / "campaign.yaml"
    campaign.write_text(f"scripts: [{', '.join(f'{name}.yaml' for name in CLIPS)}]\n", encoding="utf-8")
    return campaign


def edit_script(folder: Path, name: str) -> None:
    script = folder / f"{name}.yaml"
    script.write_text(script.read_text("utf-8").replace("Talking helps", "Talking really helps"), "utf-8")


def run_batch(campaign: Path, out: Path) -> dict:
    result = run_cli("batch", campaign, "-o", out, "--preset", "ultrafast", "--jobs", "1", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def digest(out: Path, key: str) -> str:
    return json.loads((out / f"{key}.manifest.json").read_text("utf-8"))["inputs_sha256"]


def entry(out: Path, key: str, decision: str = "approved", **fields) -> dict:
    """One decision as the review page writes it, on the item's current render."""
    made = {
        "clip": key,
        "inputs_sha256": digest(out, key),
        "decision": decision,
        "note": "",
        "scene_notes": [],
        "reviewer": "Amal",
        "time": TIME,
    }
    return {**made, **fields}


def decisions_file(path: Path, entries: list[dict], **fields) -> Path:
    document = {"format": "creator-kit-decisions", "version": 1, "reviewer": "Amal", "decisions": entries, **fields}
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def copy_batch(out: Path, into: Path) -> Path:
    shutil.copytree(out, into)
    return into


def states(out: Path) -> dict[str, str]:
    report = json.loads((out / "batch-report.json").read_text("utf-8"))
    return {item["key"]: item["review"] for item in report["items"]}


def add_error_finding(out: Path, key: str) -> None:
    """Give an item's manifest an error-level finding, as `render --force` records one."""
    path = out / f"{key}.manifest.json"
    manifest = json.loads(path.read_text("utf-8"))
    manifest["findings"].append(
        {
            "rule": "method-detail",
            "severity": "error",
            "message": "describes a method",
            "file": manifest["script"],
            "line": 9,
            "column": 11,
            "field": "scenes[0].text",
            "suggestion": None,
            "platform": None,
        }
    )
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
