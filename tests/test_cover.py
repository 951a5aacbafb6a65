"""The cover image: the title card or the scene the script names, as the video shows it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from conftest import EXAMPLES, extract_frame, run_cli
from PIL import Image

pytestmark = pytest.mark.render


def _render(script: Path, out: Path) -> dict:
    result = run_cli("render", script, "-o", out, "--json", "--quality", "draft")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _changed(first: Image.Image, second: Image.Image) -> float:
    """The share of pixels that differ by more than 48 levels in some channel, at a quarter size (so the
    codec's fine detail drops out): text that is not the same shows, compression does not."""
    small = (first.width // 4, first.height // 4)
    a = np.asarray(first.convert("RGB").resize(small), dtype=np.int16)
    b = np.asarray(second.convert("RGB").resize(small), dtype=np.int16)
    return float((np.abs(a - b).max(axis=2) > 48).mean())


def _copy_with(folder: Path, source: Path, extra: str) -> Path:
    script = folder / source.name
    script.write_text(source.read_text(encoding="utf-8") + extra, encoding="utf-8")
    if not (folder / "media").exists():
        shutil.copytree(EXAMPLES / "media", folder / "media")
    return script


@pytest.mark.parametrize("example", ["ar-not-alone.yaml", "footage-talk.yaml"])
def test_the_cover_is_the_frame_the_video_shows(tmp_path, example):
    title = _render(EXAMPLES / example, tmp_path / "title")
    cover = Image.open(title["files"]["cover"])
    assert cover.size == (title["width"], title["height"]) and cover.mode == "RGB"
    intro_middle = title["scenes"][0]["start"] / 2
    video_intro = Image.open(extract_frame(Path(title["video"]), intro_middle, tmp_path / "intro.png"))
    assert _changed(cover, video_intro) < 0.005

    chosen = _render(_copy_with(tmp_path, EXAMPLES / example, "cover: {scene: 2}\n"), tmp_path / "scene")
    scene = chosen["scenes"][1]
    video_scene = Image.open(
        extract_frame(Path(chosen["video"]), (scene["start"] + scene["end"]) / 2, tmp_path / "scene.png")
    )
    scene_cover = Image.open(chosen["files"]["cover"])
    assert _changed(scene_cover, video_scene) < 0.005
    assert _changed(scene_cover, cover) > 0.01


@pytest.mark.parametrize(
    ("cover", "said"),
    [("{scene: 9}", "there is no scene 9"), ("{scene: 0}", "counted from 1"), ("poster", "title or {scene: N}")],
)
def test_a_cover_that_names_no_scene_is_refused_at_its_line(tmp_path, cover, said):
    script = tmp_path / "clip.yaml"
    script.write_text(
        "id: clip\ntitle: لست وحدك\nlanguage: ar\nhashtags: ['#كلنا_معاك']\nscenes:\n  - {text: لست وحدك.}\n"
        f"cover: {cover}\n",
        encoding="utf-8",
    )
    result = run_cli("render", script, "-o", tmp_path / "out")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "clip.yaml:7" in result.stderr and said in result.stderr, result.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
