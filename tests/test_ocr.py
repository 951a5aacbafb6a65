"""The Arabic is right: frames of rendered examples read back by tesseract (ara+eng), in order.

Both shaping engines must pass; a naive rendering (no shaping, no bidi) of the
same text must fail the same check, which shows the check can fail.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from conftest import EXAMPLE_SCRIPTS, extract_frame, run_cli
from ocr_support import best_reading, prepare_for_ocr
from PIL import Image, ImageDraw, ImageFont

from creator_kit.inputs.template import load_template, resolve_template_path
from creator_kit.paint.pictures import paint_backdrop
from creator_kit.planning.plan import PlanOptions, prepare
from creator_kit.text.draw import text_bounds

pytestmark = pytest.mark.ocr

MEAN_REQUIRED = 0.95
SCENE_MINIMUM = 0.75
MARGIN = 30


def _ocr_box(template_name: str) -> tuple[int, int, int, int]:
    box = load_template(resolve_template_path(template_name)).text.box
    return (max(0, box.x - MARGIN), max(0, box.y - MARGIN), box.x + box.width + MARGIN, box.y + box.height + MARGIN)


def _scene_boxes(script: Path, engine: str) -> dict[int, tuple[int, int, int, int]]:
    """Where to read each scene: the template's text box; on a panel, the panel alone (over footage
    the picture around a panel is no background to binarize against)."""
    prepared = prepare(script, PlanOptions(shaper=engine))
    style = prepared.template.text
    boxes = {}
    for event, layout in zip(prepared.timeline.events, prepared.layouts):
        if event.kind != "scene":
            continue
        if style.panel is None:
            boxes[event.index] = _ocr_box(prepared.template.name)
            continue
        left, top, right, bottom = text_bounds(layout, style)
        inset = style.panel.padding - 6
        boxes[event.index] = (max(0, left - inset), max(0, top - inset), right + inset, bottom + inset)
    return boxes


def _text_colors(script: Path) -> tuple[tuple[int, ...], ...]:
    """The highlight colour of a `words` template: mid-scene one word is drawn in it."""
    transition = prepare(script, PlanOptions()).template.transition
    return (transition.highlight,) if transition.kind == "words" else ()


def _report(scores: list[tuple[str, float, str]]) -> str:
    return "\n".join(f"{ratio:.2f}  {label}  | read: {read!r}" for label, ratio, read in scores)


@pytest.mark.parametrize("engine", ["raqm", "fallback"])
def test_rendered_scenes_read_back_in_order(engine, tesseract, tmp_path):
    scores = []
    for script in EXAMPLE_SCRIPTS:
        result = run_cli(
            "render",
            script,
            "-o",
            tmp_path,
            "--json",
            "--preset",
            "ultrafast",
            "--shaper",
            engine,
            "--platform",
            "tiktok",
        )
        assert result.returncode == 0, result.stderr
        manifest = json.loads(result.stdout)
        boxes = _scene_boxes(script, engine)
        for scene in manifest["scenes"]:
            box = boxes[scene["index"]]
            frame = extract_frame(
                Path(manifest["video"]),
                (scene["start"] + scene["end"]) / 2,
                tmp_path / f"{manifest['id']}-{scene['index']}.png",
            )
            found, read = best_reading(
                prepare_for_ocr(Image.open(frame), box, _text_colors(script)), scene["text"], tmp_path, "ocr"
            )
            scores.append((f"{script.name}#{scene['index']}: {scene['text']}", found.ratio, read))
    ratios = [ratio for _, ratio, _ in scores]
    mean = sum(ratios) / len(ratios)
    assert mean >= MEAN_REQUIRED and min(ratios) >= SCENE_MINIMUM, f"{engine}: mean {mean:.3f}\n{_report(scores)}"


def _naive_frame(picture_size: tuple[int, int], backdrop: Image.Image, text: str, style) -> Image.Image:
    """What tools without shaping draw: isolated letters, left to right, lines wrapped naively."""
    font = ImageFont.truetype(str(style.fonts[0]), style.size, layout_engine=ImageFont.Layout.BASIC)
    draw_on = backdrop.copy()
    draw = ImageDraw.Draw(draw_on)
    lines, current = [], ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if font.getlength(candidate) > style.box.width and current:
            lines.append(current)
            current = word
        else:
            current = candidate
    lines.append(current)
    for number, line in enumerate(lines):
        draw.text(
            (style.box.x, style.box.y + number * style.size * style.line_spacing), line, font=font, fill=style.fill
        )
    return draw_on.convert("RGB")


def test_a_naive_rendering_fails_the_same_check(tesseract, tmp_path):
    """The first scene of every example (every template and language): a naive frame is never read
    perfectly, so each one costs every reading of the check; one scene a script shows the failure."""
    scores = []
    for script in EXAMPLE_SCRIPTS:
        prepared = prepare(script, PlanOptions())
        backdrop = np.asarray(paint_backdrop(prepared.template).convert("RGB"))
        box = _ocr_box(prepared.template.name)
        for event in prepared.timeline.scenes[:1]:
            frame = _naive_frame(
                backdrop.shape[1::-1], Image.fromarray(backdrop).convert("RGBA"), event.text, prepared.template.text
            )
            found, read = best_reading(prepare_for_ocr(frame, box), event.text, tmp_path, "naive")
            scores.append((f"{script.name}#{event.index}", found.ratio, read))
    ratios = [ratio for _, ratio, _ in scores]
    mean = sum(ratios) / len(ratios)
    assert mean < MEAN_REQUIRED or min(ratios) < SCENE_MINIMUM, _report(scores)
    arabic = [ratio for label, ratio, _ in scores if not label.startswith("en-")]
    assert sum(arabic) / len(arabic) < 0.5, "unshaped Arabic is unreadable\n" + _report(scores)
