"""A wheel carries everything a render needs: fonts with their licenses, templates and their assets,
schemas, data."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT

SHIPPED_FOLDERS = ("creator_kit/fonts", "creator_kit/templates", "creator_kit/schemas", "creator_kit/data")


@pytest.mark.slow  # builds a wheel
def test_the_wheel_ships_every_font_template_schema_and_data_file(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    wheel = next(tmp_path.glob("creator_kit-*.whl"))
    packed = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        path.relative_to(ROOT).as_posix()
        for folder in SHIPPED_FOLDERS
        for path in (ROOT / folder).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    assert expected - packed == set()


@pytest.mark.render
def test_the_quick_start_command_works_in_a_fresh_copy_with_the_system_python(tmp_path):
    """The README's first command, in a copy of the repository without .venv, run by Debian's own
    Python where there is one (PEP 668: it refuses `pip install` outside a virtual environment)."""
    copy = tmp_path / "creator-kit"
    for name in subprocess.run(
        ["git", "-C", str(ROOT), "ls-files", "-z"], capture_output=True, check=True, text=True
    ).stdout.split("\0"):
        if name and (ROOT / name).is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, copy / name)
    environment = dict(os.environ)
    if list(Path("/usr/lib").glob("python3*/EXTERNALLY-MANAGED")):
        environment["PATH"] = "/usr/bin:/bin"
    result = subprocess.run(
        ["bash", "scripts/creator-kit", "render", "examples/mixed-stats.yaml", "-o", "out/"],
        cwd=copy,
        env=environment,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert (copy / ".venv" / "pyvenv.cfg").is_file()
    for platform in ("tiktok", "shorts"):
        assert (copy / "out" / f"mixed-stats.{platform}.mp4").stat().st_size > 0
        assert (copy / "out" / f"mixed-stats.{platform}.manifest.json").is_file()
