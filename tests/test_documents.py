"""The documents stage: findings read back from JSON, and files of one change written at once."""

from __future__ import annotations

import pytest

from creator_kit.atomic import write_texts
from creator_kit.documents.findings import Finding, findings_from_json, has_errors
from creator_kit.errors import InputError


def test_findings_are_read_back_from_json_without_the_keys_a_finding_has_not():
    written = Finding("a.yaml", 3, 5, "error", "method-detail", "says how", platform="tiktok").to_dict()
    (finding,) = findings_from_json([{**written, "help_uri": "https://example.org/guide"}])
    assert finding == Finding("a.yaml", 3, 5, "error", "method-detail", "says how", platform="tiktok")
    assert has_errors([finding])
    minimal = {"file": "b.yaml", "line": 1, "column": 1, "severity": "warning", "rule": "r", "message": "m"}
    assert findings_from_json([minimal]) == (Finding("b.yaml", 1, 1, "warning", "r", "m"),)


def test_files_of_one_change_are_all_written_or_none(tmp_path):
    report, record = tmp_path / "batch-report.json", tmp_path / "review-decisions.json"
    report.write_text("old report", "utf-8")
    record.write_text("old record", "utf-8")
    (tmp_path / "a-folder").mkdir()
    with pytest.raises(InputError):
        write_texts({record: "new record", report: "new report", tmp_path / "a-folder": "refused"})
    assert (report.read_text("utf-8"), record.read_text("utf-8")) == ("old report", "old record")
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "a-folder",
        "batch-report.json",
        "review-decisions.json",
    ]
    write_texts({record: "new record", report: "new report"})
    assert (report.read_text("utf-8"), record.read_text("utf-8")) == ("new report", "new record")
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "a-folder",
        "batch-report.json",
        "review-decisions.json",
    ]
