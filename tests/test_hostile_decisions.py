"""Hostile decisions files for `creator-kit approve`: each is one `error: FILE:LINE: ...` line on stderr,
exit 2, no traceback, never the content of a file that is not a decisions file, and nothing changed in the
batch folder (its review record and report stay byte for byte as they were, no temporary file left).

The batch is tests/approval_support.py's tiny campaign, rendered once; a first decision is recorded so that
"unchanged" is about a record that exists.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from approval_support import add_error_finding, copy_batch, decisions_file, digest, entry, make_campaign, run_batch
from conftest import bytes_read, run_cli

from creator_kit.documents.decisions import MAX_DECISIONS_BYTES

SECRET = "SECRET_TOKEN=hunter2-do-not-print"
ALPHA, BRAVO = "alpha.en.tiny.tiktok", "bravo.en.tiny.tiktok"


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile-decisions")
    out = folder / "out"
    run_batch(make_campaign(folder), out)
    first = decisions_file(folder / "first.json", [entry(out, BRAVO, "changes-requested", note="Shorter")])
    assert run_cli("approve", first, "--batch", out).returncode == 0
    return out


def _document(out: Path, **changes) -> str:
    """A decisions file of one decision on alpha's current render, with `changes` to the decision."""
    decision = {**entry(out, ALPHA), **changes}
    return json.dumps(
        {"format": "creator-kit-decisions", "version": 1, "reviewer": "Amal", "decisions": [decision]}, indent=2
    )


def _top(out: Path, **changes) -> str:
    data = json.loads(_document(out))
    data.update(changes)
    return json.dumps(data, indent=2)


def _fail_item(out: Path) -> None:
    report = json.loads((out / "batch-report.json").read_text("utf-8"))
    item = next(item for item in report["items"] if item["key"] == ALPHA)
    item.update(status="failed", error="encoder failed", inputs_sha256=None)
    (out / "batch-report.json").write_text(json.dumps(report, indent=2), encoding="utf-8")


@dataclass(frozen=True)
class Case:
    name: str
    content: Callable[[Path], str | bytes]
    expected: str
    """What the one stderr line says, after `error: FILE`."""
    prepare: Callable[[Path], None] | None = None


CASES = [
    Case(
        "not-json", lambda out: "decisions: approve everything {", ":1: not a creator-kit decisions file: invalid JSON"
    ),
    Case("empty", lambda out: b"", ":1: not a creator-kit decisions file: invalid JSON"),
    Case("binary", lambda out: bytes(range(256)) * 8, "not a creator-kit decisions file: not UTF-8 text"),
    Case("utf-16", lambda out: _document(out).encode("utf-16"), "not a creator-kit decisions file: not UTF-8 text"),
    Case("env-file", lambda out: f"{SECRET}\nPATH=/usr/bin\n", ":1: not a creator-kit decisions file: invalid JSON"),
    Case(
        "foreign-json",
        lambda out: json.dumps({"password": SECRET, "user": "root"}),
        ":1: not a creator-kit decisions file: it has no format",
    ),
    Case("json-list", lambda out: json.dumps([SECRET]), ":1: not a creator-kit decisions file: expected a mapping"),
    Case("a-manifest", lambda out: (out / f"{ALPHA}.manifest.json").read_text("utf-8"), "not a creator-kit decisions"),
    Case(
        "huge",
        lambda out: _document(out, note="x" * 4000) + " " * MAX_DECISIONS_BYTES,
        "bytes, larger than the 1 MiB a decisions file may be",
    ),
    Case("deep", lambda out: '{"decisions": ' + "[" * 5000 + "]" * 5000 + "}", ":1: nested more than 50 levels deep"),
    Case("duplicate-key", lambda out: '{"format": "a",\n"format": "b"}', ":2: duplicate key 'format'"),
    Case(
        "wrong-format",
        lambda out: _top(out, format=SECRET),
        ':2: not a creator-kit decisions file: its format is another one (a decisions file says "format": '
        '"creator-kit-decisions")',
    ),
    Case("wrong-version", lambda out: _top(out, version=2), ":3: version: must be one of 1; got 2"),
    Case("no-decisions", lambda out: _top(out, decisions=[]), "decisions: must have at least 1 item"),
    Case("decisions-not-a-list", lambda out: _top(out, decisions="all"), "decisions: must be an array"),
    Case("unknown-field", lambda out: _top(out, approve_all=True), "unknown field 'approve_all'"),
    Case(
        "unknown-clip",
        lambda out: _document(out, clip="nobody.en.tiny.tiktok"),
        ":7: decisions[0].clip: nobody.en.tiny.tiktok is no item of",
    ),
    Case("clip-a-path", lambda out: _document(out, clip="../../etc/passwd"), "decisions[0].clip: must be an item key"),
    Case("clip-a-number", lambda out: _document(out, clip=7), "decisions[0].clip: must be a string"),
    Case(
        "foreign-digest",
        lambda out: _document(out, inputs_sha256="f" * 64),
        ":8: decisions[0].inputs_sha256: stale: decided on another render of alpha.en.tiny.tiktok (ffffffffffff…)",
    ),
    Case(
        "digest-of-another-item",
        lambda out: _document(out, inputs_sha256=digest(out, BRAVO)),
        "decisions[0].inputs_sha256: stale: decided on another render",
    ),
    Case("digest-not-hex", lambda out: _document(out, inputs_sha256="abc"), "must be 64 lowercase hexadecimal digits"),
    Case(
        "digest-from-a-page-of-scripts",
        lambda out: _document(out, inputs_sha256=None),
        "decided on a page made from scripts or a campaign",
    ),
    Case("decision-unknown", lambda out: _document(out, decision="publish"), "decision: must be one of approved"),
    Case("decision-a-number", lambda out: _document(out, decision=1), "decisions[0].decision: must be one of"),
    Case("note-a-number", lambda out: _document(out, note=5), "decisions[0].note: must be a string"),
    Case("note-control", lambda out: _document(out, note="ok\u0007"), "decisions[0].note: must be text of at most"),
    Case("note-too-long", lambda out: _document(out, note="x" * 5001), "decisions[0].note: must be"),
    Case("reviewer-empty", lambda out: _document(out, reviewer="  "), "decisions[0].reviewer: must be a name"),
    Case("reviewer-missing", lambda out: _document(out, reviewer=None), "decisions[0].reviewer: must be a string"),
    Case("time-not-a-time", lambda out: _document(out, time="yesterday"), "decisions[0].time: must be a time such"),
    Case("time-no-calendar", lambda out: _document(out, time="2026-13-40T10:00:00Z"), "decisions[0].time: '2026-13"),
    Case("scene-notes-text", lambda out: _document(out, scene_notes="louder"), "scene_notes: must be an array"),
    Case(
        "scene-past-the-end",
        lambda out: _document(out, scene_notes=[{"index": 4, "note": "louder"}]),
        "decisions[0].scene_notes[0].index: alpha.en.tiny.tiktok has 1 scene (index 0 to 0)",
    ),
    Case(
        "scene-noted-twice",
        lambda out: _document(out, scene_notes=[{"index": 0, "note": "a"}, {"index": 0, "note": "b"}]),
        "decisions[0].scene_notes[1].index: scene index 0 has two notes",
    ),
    Case(
        "decided-twice",
        lambda out: _top(out, decisions=[entry(out, ALPHA), entry(out, ALPHA, "changes-requested")]),
        "decisions[1].clip: alpha.en.tiny.tiktok is decided twice (first at line 7)",
    ),
    Case(
        "approved-with-error-findings",
        lambda out: _document(out),
        "decisions[0].decision: alpha.en.tiny.tiktok cannot be approved: its render has 1 error-level finding "
        "(method-detail (alpha.yaml:9))",
        prepare=lambda out: add_error_finding(out, ALPHA),
    ),
    Case(
        "failed-item",
        lambda out: _document(out),
        "decisions[0].clip: alpha.en.tiny.tiktok has no current render to decide on "
        "(alpha.en.tiny.tiktok was not rendered: encoder failed)",
        prepare=_fail_item,
    ),
    Case(
        "video-gone",
        lambda out: _document(out),
        "has no current render to decide on (file not found",
        prepare=lambda out: (out / f"{ALPHA}.mp4").unlink(),
    ),
    Case(
        "first-of-several-problems",
        lambda out: _top(out, decisions=[{**entry(out, ALPHA), "clip": "x.y", "decision": "maybe"}, {}]),
        "(and 5 more problems)",
    ),
]


def _snapshot(out: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(out.iterdir()) if path.suffix in (".json", ".html")} | {
        "listing": "\n".join(sorted(path.name for path in out.iterdir())).encode()
    }


def _refused(result, path: Path, expected: str) -> None:
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and SECRET not in result.stderr + result.stdout
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"error: {path}"), lines[0]
    assert expected in lines[0], lines[0]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_a_hostile_decisions_file_is_refused_in_one_line_and_changes_nothing(batch, tmp_path, case):
    out = copy_batch(batch, tmp_path / "out")
    if case.prepare:
        case.prepare(out)
    content = case.content(out)
    path = tmp_path / "decisions.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    before = _snapshot(out)
    _refused(run_cli("approve", path, "--batch", out), path, case.expected)
    assert _snapshot(out) == before


def test_a_huge_file_is_refused_by_its_size_before_it_is_read(batch, tmp_path):
    out = copy_batch(batch, tmp_path / "out")
    path = tmp_path / "decisions.json"
    with path.open("wb") as handle:
        handle.truncate(8 * 1024**3)  # 8 GiB, sparse: reading it would take minutes
    small = tmp_path / "small.json"
    small.write_text("[]", encoding="utf-8")
    before = _snapshot(out)
    started = bytes_read()
    _refused(run_cli("approve", small, "--batch", out), small, "")
    small_read, started = bytes_read() - started, bytes_read()
    result = run_cli("approve", path, "--batch", out)
    huge_read = bytes_read() - started
    assert huge_read < small_read + MAX_DECISIONS_BYTES, "read no more than refusing a small file reads, plus 1 MiB"
    _refused(result, path, "8,589,934,592 bytes, larger than the 1 MiB a decisions file may be")
    assert _snapshot(out) == before


def test_what_is_not_a_decisions_file_or_not_a_batch_folder(batch, tmp_path):
    out = copy_batch(batch, tmp_path / "out")
    good = tmp_path / "decisions.json"
    good.write_text(_document(out), encoding="utf-8")
    before = _snapshot(out)
    _refused(run_cli("approve", tmp_path / "missing.json", "--batch", out), tmp_path / "missing.json", "file not found")
    _refused(run_cli("approve", tmp_path, "--batch", out), tmp_path, "is a directory")
    empty = tmp_path / "empty"
    empty.mkdir()
    _refused(run_cli("approve", good, "--batch", empty), empty, "no batch-report.json here")
    _refused(run_cli("approve", good, "--batch", tmp_path / "nowhere"), tmp_path / "nowhere", "no batch-report.json")
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    _refused(run_cli("approve", fifo, "--batch", out), fifo, "is not a regular file")
    assert _snapshot(out) == before
    usage = run_cli("approve", good)
    assert usage.returncode == 2 and usage.stderr.startswith("error: Missing option '--batch'")
    assert run_cli("approve", good, "--batch", out).returncode == 0, "the same file, once the mistakes are gone"


def test_a_report_whose_key_leads_out_of_the_folder_is_never_followed(batch, tmp_path):
    out = copy_batch(batch, tmp_path / "out")
    report = json.loads((out / "batch-report.json").read_text("utf-8"))
    outside = tmp_path / "outside"
    outside.mkdir()
    for suffix in (".mp4", ".manifest.json"):
        (outside / f"evil{suffix}").write_bytes((out / f"{ALPHA}{suffix}").read_bytes())
    report["items"][0]["key"] = "../outside/evil"
    (out / "batch-report.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    decisions = decisions_file(tmp_path / "d.json", [{**entry(out, ALPHA), "clip": "x.en.tiny.tiktok"}])
    _refused(run_cli("approve", decisions, "--batch", out), decisions, "is no item of")
    upload = tmp_path / "upload"
    published = run_cli("publish", out, "-o", upload, "--json")
    assert published.returncode == 0, published.stderr
    summary = json.loads(published.stdout)
    left = next(item for item in summary["left_out"] if item["clip"] == "../outside/evil")
    assert "does not name files inside the batch folder" in left["reason"]
    assert sorted(p.name for p in upload.iterdir()) == ["publish-summary.json"]
