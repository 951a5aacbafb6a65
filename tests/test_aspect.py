"""Other shapes than 9:16: the layout reflows (boxes keep their place as fractions of the canvas, lines
are broken again), and the Arabic of every scene still reads back by OCR in each shape."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import EXAMPLES, extract_frame, probe, run_cli
from ocr_support import best_reading, prepare_for_ocr
from PIL import Image

from creator_kit.inputs.template import load_template, resolve_template_path
from creator_kit.planning.aspect import ASPECTS, reflowed
from creator_kit.planning.plan import PlanOptions, prepare
from creator_kit.text.draw import text_bounds

SCRIPT = EXAMPLES / "ar-not-alone.yaml"
OCR_MARGIN = 30


@pytest.mark.parametrize("template_name", ["kulna-maak", "minimal", "end-the-stigma"])
@pytest.mark.parametrize("aspect", ASPECTS)
def test_boxes_keep_their_place_as_fractions_of_the_canvas(template_name, aspect):
    template = load_template(resolve_template_path(template_name))
    size = ASPECTS[aspect]
    shaped = reflowed(template, size)
    assert (shaped.canvas.width, shaped.canvas.height) == size
    for before, after in ((template.text, shaped.text), (template.title, shaped.title)):
        assert after.box.x / size[0] == pytest.approx(before.box.x / template.canvas.width, abs=0.002)
        assert after.box.y / size[1] == pytest.approx(before.box.y / template.canvas.height, abs=0.002)
        assert after.box.width / size[0] == pytest.approx(before.box.width / template.canvas.width, abs=0.002)
        assert after.box.x + after.box.width <= size[0] and after.box.y + after.box.height <= size[1]
    qr, new_qr = template.end_card.qr, shaped.end_card.qr
    if qr is not None:
        centre = ((new_qr.x + new_qr.size / 2) / size[0], (new_qr.y + new_qr.size / 2) / size[1])
        assert centre == pytest.approx(
            ((qr.x + qr.size / 2) / template.canvas.width, (qr.y + qr.size / 2) / template.canvas.height), abs=0.002
        )
        assert new_qr.x >= 0 and new_qr.y >= 0 and new_qr.x + new_qr.size <= size[0]


def test_the_template_is_unchanged_on_its_own_canvas():
    template = load_template(resolve_template_path("kulna-maak"))
    assert reflowed(template, (1080, 1920)) is template


def test_landscape_breaks_the_text_into_fewer_lines():
    tall = prepare(SCRIPT, PlanOptions())
    wide = prepare(SCRIPT, PlanOptions(aspect="16:9"))
    assert sum(len(layout.lines) for layout in wide.layouts) < sum(len(layout.lines) for layout in tall.layouts)


def _scene_crops(prepared, number: int) -> list[tuple[int, int, int, int]]:
    """Where to read a scene: the reflowed text box (as the OCR test of the examples reads the template's
    box), and the lines' own bounds; tesseract's Arabic model drops different lines from each."""
    box = prepared.style_at(number).box
    left, top, right, bottom = text_bounds(prepared.layouts[number], prepared.style_at(number))
    return [
        (
            max(0, box.x - OCR_MARGIN),
            max(0, box.y - OCR_MARGIN),
            box.x + box.width + OCR_MARGIN,
            box.y + box.height + OCR_MARGIN,
        ),
        (max(0, left - OCR_MARGIN), max(0, top - OCR_MARGIN), right + OCR_MARGIN, bottom + OCR_MARGIN),
    ]


@pytest.mark.ocr
@pytest.mark.parametrize("engine", ["raqm", "fallback"])
@pytest.mark.parametrize("aspect", ["4:5", "1:1", "16:9"])
def test_each_shape_renders_at_its_size_and_the_arabic_reads_back(aspect, engine, tesseract, tmp_path):
    result = run_cli(
        "render", SCRIPT, "-o", tmp_path, "--json", "--quality", "draft", "--aspect", aspect, "--shaper", engine
    )
    assert result.returncode == 0, result.stderr
    manifest = json.loads(result.stdout)
    size = ASPECTS[aspect]
    assert (manifest["width"], manifest["height"]) == size
    found = probe(Path(manifest["video"]))
    assert (found.width, found.height) == size
    with Image.open(manifest["files"]["cover"]) as cover:
        assert cover.size == size
    prepared = prepare(SCRIPT, PlanOptions(aspect=aspect, shaper=engine))
    scenes = {e.index: n for n, e in enumerate(prepared.timeline.events) if e.kind == "scene"}
    readings = []
    for scene in manifest["scenes"]:
        frame = extract_frame(
            Path(manifest["video"]), (scene["start"] + scene["end"]) / 2, tmp_path / f"{scene['index']}.png"
        )
        best = None
        for crop in _scene_crops(prepared, scenes[scene["index"]]):
            reading = best_reading(prepare_for_ocr(Image.open(frame), crop), scene["text"], tmp_path, "ocr")
            best = reading if best is None or reading[0].ratio > best[0].ratio else best
            if best[0].ratio == 1.0:  # a perfect reading: the other crop cannot read better
                break
        readings.append((best[0].ratio, scene["text"], best[1]))
    assert all(ratio >= 0.75 for ratio, _, _ in readings), f"{aspect} {engine}: {readings}"
    assert sum(ratio for ratio, _, _ in readings) / len(readings) >= 0.9, readings


@pytest.mark.parametrize("value", ["3:4", "'9:16 '", "16/9", "1"])
def test_an_unknown_aspect_is_refused_at_its_line(tmp_path, value):
    script = tmp_path / "clip.yaml"
    script.write_text(
        f"id: clip\ntitle: لست وحدك\nlanguage: ar\nhashtags: ['#كلنا_معاك']\naspect: {value}\n"
        "scenes:\n  - {text: لست وحدك.}\n",
        encoding="utf-8",
    )
    result = run_cli("render", script, "-o", tmp_path / "out")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1, result.stderr
    assert "clip.yaml:5" in result.stderr and "aspect" in result.stderr and "9:16, 4:5, 1:1, 16:9" in result.stderr
    assert not (tmp_path / "out").exists()


def test_an_unknown_aspect_on_the_command_line_is_a_usage_error(tmp_path):
    result = run_cli("render", SCRIPT, "-o", tmp_path / "out", "--aspect", "3:4")
    assert result.returncode == 2 and "--aspect" in result.stderr and "Traceback" not in result.stderr
