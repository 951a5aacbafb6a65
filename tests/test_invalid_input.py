"""Bad input: one clear line per problem on stderr, exit code 2, no traceback, nothing written.

Each tests/data/invalid/<name> has a <name>.expected holding the start of each line expected on stderr.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DATA, run_cli

CASES = sorted(p for p in (DATA / "invalid").iterdir() if p.suffix in (".yaml", ".json"))


@pytest.mark.parametrize("script", CASES, ids=[p.name for p in CASES])
def test_invalid_script_gives_one_clear_line_and_exit_2(script: Path, tmp_path):
    expected = (script.parent / f"{script.name}.expected").read_text("utf-8").strip().splitlines()
    result = run_cli("render", script.relative_to(DATA.parent.parent), "-o", tmp_path / "out")
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == len(expected), lines
    for line, start in zip(lines, expected):
        assert line.startswith(f"error: tests/data/invalid/{start}"), line
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_missing_file(tmp_path):
    result = run_cli("render", tmp_path / "nope.yaml", "-o", tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == f"error: {tmp_path / 'nope.yaml'}: file not found"


def test_several_problems_one_line_each(tmp_path):
    script = tmp_path / "many.yaml"
    script.write_text(
        "id: many\ntitle: ''\nlanguage: english\nscenes:\n  - text: ok\n    duration: -1\n", encoding="utf-8"
    )
    result = run_cli("render", script, "-o", tmp_path / "out")
    assert result.returncode == 2
    lines = [line.removeprefix(f"error: {script}:") for line in result.stderr.strip().splitlines()]
    assert [line.split(": ")[0] for line in lines] == ["2", "3", "6"]
    assert [line.split(": ")[1] for line in lines] == ["title", "language", "scenes[0].duration"]


def test_unknown_option_is_a_usage_error():
    result = run_cli("render", "--no-such-flag")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_unknown_template_option(tmp_path):
    result = run_cli("render", "examples/ar-not-alone.yaml", "--template", "neon", "-o", tmp_path)
    assert result.returncode == 2
    assert "--template: unknown template 'neon'" in result.stderr
