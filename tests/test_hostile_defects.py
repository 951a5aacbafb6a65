"""Defects found by trying the tool as a new user and with hostile input (issue 20): each case is one
`error:` line naming the file, exit 2, no traceback, nothing left behind."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import EXAMPLES, run_cli

SCRIPT = "id: s\ntitle: Hello\nlanguage: en\nhashtags: ['#EndTheStigma']\nscenes:\n  - text: You are not alone.\n"


def test_preview_into_an_existing_folder_is_one_line_and_writes_nothing(tmp_path):
    result = run_cli("preview", str(EXAMPLES / "ar-not-alone.yaml"), "-o", str(tmp_path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        f"error: {tmp_path}: is a folder; name the file to write (for instance a .png or .html inside it)"
    ]
    assert list(tmp_path.iterdir()) == []


def test_review_into_an_existing_folder_is_one_line_and_writes_nothing(tmp_path):
    result = run_cli("review", str(EXAMPLES / "ar-not-alone.yaml"), "-o", str(tmp_path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert f"error: {tmp_path}: is a folder" in result.stderr
    assert list(tmp_path.iterdir()) == []


def write_manifest(folder: Path, verified_on: str) -> Path:
    (folder / "s.yaml").write_text(SCRIPT, encoding="utf-8")
    manifest = folder / "s.manifest.json"
    entry = {"id": "x", "name": "Test line", "phones": ["800 1234"], "verified_on": verified_on}
    manifest.write_text(json.dumps({"script": "s.yaml", "resources": [entry]}, indent=1), encoding="utf-8")
    return manifest


def test_check_refuses_an_impossible_date_in_a_manifests_resource(tmp_path):
    manifest = write_manifest(tmp_path, "2025-02-30")
    result = run_cli("check", str(manifest))
    assert result.returncode == 2
    assert f"error: {manifest}:10: resources[0].verified_on: '2025-02-30' is not a calendar date" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_takes_a_real_date_in_a_manifests_resource(tmp_path):
    assert run_cli("check", str(write_manifest(tmp_path, "2025-02-28"))).returncode == 0


def test_check_refuses_an_impossible_date_in_a_resource_file(tmp_path):
    (tmp_path / "s.yaml").write_text(SCRIPT + "resources: {region: AE, directory: res.yaml}\n", encoding="utf-8")
    (tmp_path / "res.yaml").write_text(
        "entries:\n  - id: t\n    names: {ar: خط, en: Test line}\n    kind: helpline\n    phones: ['800 1234']\n"
        "    regions: [AE]\n    source: test\n    verified_on: 2026-02-29\n",
        encoding="utf-8",
    )
    result = run_cli("check", str(tmp_path / "s.yaml"))
    assert result.returncode == 2
    assert "res.yaml:8: entries[0].verified_on: '2026-02-29' is not a calendar date" in result.stderr


def test_check_of_a_folder_reports_every_unusable_file_and_checks_the_others(tmp_path):
    (tmp_path / "good.yaml").write_text(SCRIPT.replace("id: s", "id: good"), encoding="utf-8")
    (tmp_path / "broken.yaml").write_text("id: [\n", encoding="utf-8")
    (tmp_path / "latin1.yaml").write_bytes("id: caf\xe9\nscenes: []\n".encode("latin-1"))
    (tmp_path / "zero.mp4").write_bytes(b"")
    (tmp_path / "footage.yaml").write_text(
        "id: f\ntitle: t\nlanguage: en\nfootage: zero.mp4\nscenes: [{text: hello there, start: 0, end: 1}]\n",
        encoding="utf-8",
    )
    sub = tmp_path / "sub"
    sub.mkdir()
    write_manifest(sub, "2025-02-30")
    result = run_cli("check", str(tmp_path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    errors = sorted(line.split(":")[1] for line in result.stderr.splitlines() if line.startswith("error:"))
    assert [Path(name.strip()).name for name in errors] == [
        "broken.yaml",
        "footage.yaml",
        "latin1.yaml",
        "s.manifest.json",
    ]
    assert "checked 5 files: 1 script, 4 unusable" in result.stderr
