"""Text that reads over any picture: the treatment chosen from the pixels behind the text (pure), the
Arabic read back by OCR over colour bars and over a bright, busy clip, and check measuring real frames."""

from __future__ import annotations

import json
from pathlib import Path

import media
import numpy as np
import pytest
from conftest import extract_frame, run_cli
from ocr_support import best_reading, prepare_for_ocr
from PIL import Image

from creator_kit.paint.readability import make_readable
from creator_kit.planning.plan import PlanOptions, prepare
from creator_kit.planning.readability import (
    CONTRAST_MARGIN,
    lowest_contrast,
    readable_style,
)
from creator_kit.text.draw import text_bounds
from creator_kit.text.style import Box, Panel, TextStyle

CHARCOAL = (31, 42, 48, 255)
WHITE = (255, 255, 255, 255)
RNG = np.random.default_rng(7)
BACKGROUNDS = {
    "white": np.full((50, 3), 255.0),
    "black": np.zeros((50, 3)),
    "mid-grey": np.full((50, 3), 119.0),
    "saturated blue": np.tile([20.0, 40.0, 230.0], (50, 1)),
    "saturated red": np.tile([230.0, 20.0, 20.0], (50, 1)),
    "busy": RNG.integers(0, 256, (4000, 3)).astype(np.float64),
}


def _style(**values) -> TextStyle:
    return TextStyle(box=Box(0, 0, 100, 100), fonts=(), **values)


@pytest.mark.parametrize("fill", [CHARCOAL, WHITE, (232, 93, 63, 255), (154, 154, 154, 255)], ids=str)
@pytest.mark.parametrize("background", BACKGROUNDS, ids=str)
@pytest.mark.parametrize("minimum", [4.5, 3.0])
def test_auto_reaches_the_minimum_on_any_background(fill, background, minimum):
    style, readability = readable_style(_style(fill=fill), BACKGROUNDS[background], minimum, "pictures")
    assert readability.contrast >= minimum
    assert lowest_contrast(style, BACKGROUNDS[background]) == readability.contrast
    assert readability.treatment in ("none", "plate")


def test_auto_leaves_a_style_that_already_reads_alone():
    style = _style(fill=CHARCOAL)
    kept, readability = readable_style(style, BACKGROUNDS["white"], 4.5, "backdrop")
    assert kept == style and readability.treatment == "none"


def test_a_plate_is_no_more_opaque_than_the_picture_needs():
    light, _ = readable_style(_style(fill=WHITE), np.full((10, 3), 200.0), 4.5, "pictures")
    harsh, _ = readable_style(_style(fill=WHITE), BACKGROUNDS["white"], 4.5, "pictures")
    assert light.panel is not None and harsh.panel is not None
    assert light.panel.color[:3] == (0, 0, 0)
    assert light.panel.color[3] <= harsh.panel.color[3]
    dark_text, _ = readable_style(_style(fill=CHARCOAL), BACKGROUNDS["black"], 4.5, "pictures")
    assert dark_text.panel.color[:3] == (255, 255, 255)


def test_a_templates_own_panel_keeps_its_colour_and_gets_more_opaque():
    style = _style(fill=WHITE, panel=Panel((11, 31, 34, 60), 28, 24))
    treated, readability = readable_style(style, BACKGROUNDS["white"], 4.5, "pictures")
    assert treated.panel.color[:3] == (11, 31, 34) and treated.panel.color[3] > 60
    assert (treated.panel.padding, treated.panel.radius) == (28, 24)
    assert readability.contrast >= 4.5 * CONTRAST_MARGIN


def test_outline_and_none_are_the_templates_choice():
    outlined, readability = readable_style(
        _style(fill=WHITE, readability="outline"), BACKGROUNDS["white"], 4.5, "pictures"
    )
    assert outlined.stroke is not None and outlined.stroke.color == (0, 0, 0, 255)
    assert readability.treatment == "outline" and readability.contrast >= 4.5
    kept, readability = readable_style(_style(fill=WHITE, readability="none"), BACKGROUNDS["white"], 4.5, "pictures")
    assert kept.panel is None and readability.contrast < 1.1


# --- real footage ----------------------------------------------------------------------------------------

SCENES = (
    ("كنت أحسّ إني لوحدي", 0.2, 2.2),
    ("تكلمت مع صديق أثق به", 2.2, 4.2),
    ("طلب المساعدة قوة", 4.2, 6.0),
)
CLIPS = {
    "colour-bars": "testsrc2=size=360x640:rate=30",
    "bright-busy": (
        "nullsrc=size=270x480:rate=30,geq=r='190+65*sin(X/4+Y/9+T*5)':g='185+70*sin(X/7-Y/5+T*3)'"
        ":b='170+85*sin((X+Y)/3-T*4)',noise=alls=40:allf=t"
    ),
}


def _clip(folder: Path, source: str) -> Path:
    return media.generate(folder / "clip.mp4", source, options=("-t", "6.2", *media.X264))


def _footage_script(folder: Path, template: str | None = None) -> Path:
    scenes = "".join(f"  - {{text: {text}, start: {start}, end: {end}}}\n" for text, start, end in SCENES)
    script = folder / "talk.yaml"
    script.write_text(
        "id: talk\ntitle: كلنا معاك\nlanguage: ar\n"
        + (f"template: {template}\n" if template else "")
        + "footage: clip.mp4\nhashtags: ['#كلنا_معاك']\nscenes:\n"
        + scenes,
        encoding="utf-8",
    )
    return script


def _plate_box(script: Path, engine: str, index: int) -> tuple[int, int, int, int]:
    """Where to read a scene: inside its plate (the picture around it is no background to binarize)."""
    prepared = make_readable(prepare(script, PlanOptions(shaper=engine)))
    number = next(n for n, e in enumerate(prepared.timeline.events) if e.kind == "scene" and e.index == index)
    style = prepared.style_at(number)
    assert style.panel is not None, "text over this footage should have a plate"
    left, top, right, bottom = text_bounds(prepared.layouts[number], style)
    inset = max(4, style.panel.padding - 6)
    return max(0, left - inset), max(0, top - inset), right + inset, bottom + inset


@pytest.mark.ocr
@pytest.mark.parametrize("engine", ["raqm", "fallback"])
@pytest.mark.parametrize("clip", CLIPS)
def test_arabic_over_footage_reads_back_by_ocr(clip, engine, tesseract, tmp_path):
    _clip(tmp_path, CLIPS[clip])
    script = _footage_script(tmp_path)
    result = run_cli("render", script, "-o", tmp_path / "out", "--json", "--quality", "draft", "--shaper", engine)
    assert result.returncode == 0, result.stderr
    manifest = json.loads(result.stdout)
    readings = []
    for scene in manifest["scenes"]:
        frame = extract_frame(
            Path(manifest["video"]), (scene["start"] + scene["end"]) / 2, tmp_path / f"{scene['index']}.png"
        )
        box = _plate_box(script, engine, scene["index"])
        found, read = best_reading(prepare_for_ocr(Image.open(frame), box), scene["text"], tmp_path, "ocr")
        readings.append((found.ratio, scene["text"], read))
    assert all(ratio >= 0.75 for ratio, _, _ in readings), f"{clip} {engine}: {readings}"


@pytest.mark.render
def test_check_measures_the_footage_behind_text_that_keeps_its_style(tmp_path):
    _clip(tmp_path, CLIPS["colour-bars"])
    (tmp_path / "bare.yaml").write_text(
        "name: bare\ncanvas: {width: 1080, height: 1920, fps: 30}\n"
        "fonts:\n  text: [NotoSansArabic-Regular.ttf, NotoSans-Regular.ttf]\n"
        "background: {type: solid, color: '#F6F3EE'}\n"
        "text: {box: {x: 90, y: 900, width: 810, height: 400}, size: 64, fill: '#1F2A30', readability: none}\n",
        encoding="utf-8",
    )
    result = run_cli("check", _footage_script(tmp_path, "bare.yaml"), "--format", "json")
    assert result.returncode == 1, result.stderr
    findings = [f for f in json.loads(result.stdout)["findings"] if f["rule"] == "low-contrast"]
    lines = sorted(f["line"] for f in findings)
    assert lines == [8, 9, 10], findings
    assert all("footage" in f["message"] or "pictures" in f["message"] for f in findings)


@pytest.mark.render
def test_the_default_template_over_footage_is_clean_for_check(tmp_path):
    _clip(tmp_path, CLIPS["bright-busy"])
    result = run_cli("check", _footage_script(tmp_path), "--format", "json")
    assert result.returncode == 0, result.stdout
    assert not [f for f in json.loads(result.stdout)["findings"] if f["rule"] == "low-contrast"]
