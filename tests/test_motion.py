"""Text motion: `words` timing and its frames read back by OCR, `pop` composed in the text band only.

The join proof (a lit word keeps the line's glyphs) is in test_highlight.py;
test_frames.py compares both motions' frames with a whole-frame reference.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from conftest import EXAMPLES, ROOT, extract_frame, run_cli
from ocr_support import best_reading, prepare_for_ocr
from PIL import Image
from test_ocr import MEAN_REQUIRED, SCENE_MINIMUM, _scene_boxes

from creator_kit.encode.frames import EncoderFrames, WordMotion, ink_rows
from creator_kit.paint.events import paint_event_at
from creator_kit.paint.layers import blend, pop_scale, scaled_about_centre
from creator_kit.paint.pictures import paint_backdrop
from creator_kit.planning.plan import PlanOptions, prepare
from creator_kit.planning.word_timing import LEAD_IN_SECONDS, TAIL_SECONDS, shared_windows, word_at
from creator_kit.text.draw import text_bounds

WORDS = EXAMPLES / "ar-words.yaml"


def _frames(prepared) -> EncoderFrames:
    backdrop = paint_backdrop(prepared.template)
    words = (
        WordMotion(prepared.word_windows, lambda index, word: paint_event_at(prepared, backdrop, index, word))
        if prepared.word_windows
        else None
    )
    return EncoderFrames(
        prepared.timeline,
        lambda index: paint_event_at(prepared, backdrop, index),
        np.asarray(backdrop.convert("RGB")),
        prepared.template,
        words=words,
    )


def test_word_shares_fill_the_scene_by_characters():
    words = "الحديث عن مشاعرك قوة وليس ضعفًا.".split()
    fps, frames = 30, 150
    windows = shared_windows(words, frames, fps)
    lead, tail = round(LEAD_IN_SECONDS * fps), round(TAIL_SECONDS * fps)
    assert windows[0][0] == lead and windows[-1][1] == frames
    assert all(earlier[1] == later[0] for earlier, later in zip(windows, windows[1:])), "one word after another"
    reading = frames - lead - tail
    sizes = [len(word) for word in words]
    for word, size, (first, past) in zip(words, sizes, windows[:-1]):
        assert abs((past - first) - reading * size / sum(sizes)) <= 1, word
    assert abs(windows[-1][1] - windows[-1][0] - tail - reading * sizes[-1] / sum(sizes)) <= 1, (
        "the last word is lit through the tail"
    )
    assert [word_at(windows, frame) for frame in (0, lead - 1, lead, frames - 1)] == [None, None, 0, len(words) - 1]


def test_word_times_are_kept_to_the_frame():
    prepared = prepare(WORDS, PlanOptions())
    frames = _frames(prepared)
    scene = prepared.script.scenes[1]
    index = next(i for i, event in enumerate(prepared.timeline.events) if event.kind == "scene" and event.index == 1)
    start = prepared.timeline.events[index].start_frame
    for word, seconds in enumerate(scene.word_times):
        first = start + round(seconds * prepared.timeline.fps)
        assert frames.word_showing(index, first) == word
        assert frames.word_showing(index, first - 1) == (word - 1 if word else None)
    assert frames.word_showing(index, prepared.timeline.events[index].end_frame - 1) == len(scene.word_times) - 1


@pytest.mark.parametrize(
    "times, message",
    [
        ("[0.3, 0.9, 1.6]", "scenes[0].word_times: 3 times for 4 words: give one start per word"),
        ("[0.3, 0.9, 0.9, 2.2]", "scenes[0].word_times: times must increase: word 3 starts at 0.9 s, not after word 2"),
        ("[0.3, 0.9, 1.6, 3.5]", "scenes[0].word_times: word 4 starts at 3.5 s, after the scene ends (3 s)"),
        ("[0.3, -1, 1.6, 2.2]", "scenes[0].word_times[1]: must be >= 0"),
    ],
)
def test_bad_word_times_are_one_line_and_exit_2(times, message, tmp_path):
    script = tmp_path / "bad.yaml"
    script.write_text(
        "id: bad\ntitle: t\nlanguage: ar\ntemplate: kulna-maak-words\nscenes:\n"
        f"  - text: اطلب المساعدة حين تحتاجها.\n    duration: 3\n    word_times: {times}\n",
        encoding="utf-8",
    )
    result = run_cli("render", script, "-o", tmp_path / "out")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert result.stderr.startswith(f"error: {script}:8: {message}"), result.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_pop_changes_only_the_text_band_and_ends_on_the_still(pop_template):
    prepared = prepare(EXAMPLES / "ar-not-alone.yaml", PlanOptions(template=pop_template))
    frames = _frames(prepared)
    width, height = prepared.template.canvas.width, prepared.template.canvas.height
    index = 2
    event = prepared.timeline.events[index]
    length = round(prepared.template.transition.duration * prepared.timeline.fps)

    def luma(number: int) -> np.ndarray:
        return np.frombuffer(frames.frame(number), np.uint8)[: width * height].reshape(height, width)

    backdrop = paint_backdrop(prepared.template)
    arriving = paint_event_at(prepared, backdrop, index)
    leaving = paint_event_at(prepared, backdrop, index - 1)
    rows = [ink_rows(picture.text_layer) for picture in (arriving, leaving)]
    top, bottom = min(r[0] for r in rows), max(r[1] for r in rows)
    middle = luma(event.start_frame + length // 2)
    for other in (luma(event.start_frame + length), luma(event.start_frame - 1)):
        changed = np.flatnonzero((middle != other).any(axis=1))
        assert changed.size and top // 2 * 2 <= changed[0] and changed[-1] < bottom + 1
    assert np.array_equal(luma(event.start_frame + length), luma(event.end_frame - 1)), "then it holds still"

    rows = ink_rows(arriving.text_layer)
    assert pop_scale(0.0) == pytest.approx(0.85) and pop_scale(1.0) == 1.0
    band = slice(*rows)
    full = blend(
        np.asarray(backdrop.convert("RGB"))[band], scaled_about_centre(arriving.layer, pop_scale(1.0), rows), 1.0
    )
    assert np.abs(full.astype(np.int16) - arriving.frame[band]).max() <= 1, "the pop ends on the still"
    half = scaled_about_centre(arriving.layer, pop_scale(0.5), rows)
    ink = np.flatnonzero(half[..., 3].any(axis=0))
    whole = np.flatnonzero(arriving.text_layer[band][..., 3].any(axis=0))
    assert ink[0] > whole[0] and ink[-1] < whole[-1], "half-way the text is smaller, about its centre"


def _lit_fraction(image: Image.Image, box, color) -> int:
    pixels = np.asarray(image.convert("RGB").crop(box)).astype(np.int16)
    return int((np.abs(pixels - np.array(color[:3])).max(axis=2) <= 40).sum())


@pytest.mark.ocr
@pytest.mark.render
@pytest.mark.parametrize("engine", ["raqm", "fallback"])
def test_words_frames_read_back_in_order_mid_animation(engine, tmp_path):
    assert shutil.which("tesseract"), "tesseract is missing: run scripts/run-tests, which installs it"
    result = run_cli("render", WORDS, "-o", tmp_path, "--json", "--preset", "ultrafast", "--shaper", engine)
    assert result.returncode == 0, result.stderr
    manifest = json.loads(result.stdout)
    prepared = prepare(WORDS, PlanOptions(shaper=engine))
    highlight = prepared.template.transition.highlight
    boxes = _scene_boxes(WORDS, engine)
    scores = []
    for index, event in enumerate(prepared.timeline.events):
        if event.kind != "scene":
            continue
        for word in (1, 2):
            first, past = prepared.word_windows[index][word]
            seconds = (event.start_frame + (first + past) / 2) / event.fps
            frame = Image.open(extract_frame(Path(manifest["video"]), seconds, tmp_path / f"{index}-{word}.png"))
            assert _lit_fraction(frame, boxes[event.index], highlight) > 300, f"word {word + 1} is lit"
            found, read = best_reading(
                prepare_for_ocr(frame, boxes[event.index], (highlight,)), event.text, tmp_path, "ocr"
            )
            scores.append((found.ratio, f"{event.text} (word {word + 1} lit) read: {read!r}"))
    ratios = [ratio for ratio, _ in scores]
    assert sum(ratios) / len(ratios) >= MEAN_REQUIRED and min(ratios) >= SCENE_MINIMUM, scores


@pytest.mark.render
def test_words_over_footage_light_one_word_after_another(tmp_path):
    folder = tmp_path / "footage-words"
    shutil.copytree(ROOT / "creator_kit" / "templates" / "footage-band", folder)
    text = (folder / "template.yaml").read_text("utf-8")
    (folder / "template.yaml").write_text(text.replace("transition: {type: fade", "transition: {type: words"), "utf-8")
    script = EXAMPLES / "footage-talk.yaml"
    result = run_cli("render", script, "-o", tmp_path / "out", "--json", "--preset", "ultrafast", "--template", folder)
    assert result.returncode == 0, result.stderr
    video = Path(json.loads(result.stdout)["video"])
    prepared = prepare(script, PlanOptions(template=str(folder)))
    highlight = prepared.template.transition.highlight
    index = next(i for i, event in enumerate(prepared.timeline.events) if event.kind == "scene")
    event = prepared.timeline.events[index]
    left, top, right, bottom = text_bounds(prepared.layouts[index], prepared.template.text)
    centres = []
    for word in (0, 1):
        first, past = prepared.word_windows[index][word]
        frame = Image.open(
            extract_frame(video, (event.start_frame + (first + past) / 2) / event.fps, tmp_path / f"{word}.png")
        ).convert("RGB")
        text = np.asarray(frame.crop((left, top, right, bottom))).astype(np.int16)
        lit = np.abs(text - np.array(highlight[:3])).max(axis=2) <= 40
        assert lit.sum() > 100, f"word {word + 1} is lit over the clip"
        centres.append(np.flatnonzero(lit.any(axis=0)).mean())
    assert centres[1] < centres[0], "the second Arabic word is lit left of the first"
