"""A wheel carries everything a render needs: fonts with their licenses, templates and their assets,
schemas, data."""

from __future__ import annotations

import subprocess
import sys
import zipfile

from conftest import ROOT

SHIPPED_FOLDERS = ("creator_kit/fonts", "creator_kit/templates", "creator_kit/schemas", "creator_kit/data")


def test_the_wheel_ships_every_font_template_schema_and_data_file(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(tmp_path),
                    str(ROOT)], check=True, capture_output=True, timeout=300)
    wheel = next(tmp_path.glob("creator_kit-*.whl"))
    packed = set(zipfile.ZipFile(wheel).namelist())
    expected = {path.relative_to(ROOT).as_posix() for folder in SHIPPED_FOLDERS
                for path in (ROOT / folder).rglob("*") if path.is_file() and "__pycache__" not in path.parts}
    assert expected - packed == set()
