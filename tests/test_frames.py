"""The encoder's frames equal a straightforward composition of the same pictures, so speed costs nothing.

The reference paints every event, composes each whole frame in RGB exactly
as a naive renderer would (fade: both pictures mixed; slide-up: the leaving
text faded over the backdrop and the arriving text moved down; pop: the
arriving text scaled about its centre; words: the picture with the word read
at that frame lit), and converts it; the fast path converts stills once and composes transitions in a band.
"""

from __future__ import annotations

import subprocess

import numpy as np
import pytest
from conftest import EXAMPLES

from creator_kit.encode.frames import EncoderFrames, WordMotion, yuv420p_planes
from creator_kit.paint.events import paint_event_at, paint_events
from creator_kit.paint.layers import SLIDE_DISTANCE_FRACTION, scaled_about_centre
from creator_kit.paint.pictures import paint_backdrop
from creator_kit.paths import ffmpeg_executable
from creator_kit.planning.plan import PlanOptions, prepare
from creator_kit.planning.word_timing import word_at


def _over(under: np.ndarray, layer: np.ndarray, opacity: float, shift: int) -> np.ndarray:
    moved = np.zeros_like(layer)
    moved[shift:] = layer[: layer.shape[0] - shift]
    alpha = moved[..., 3:4].astype(np.float32) * (opacity / 255.0)
    return (under.astype(np.float32) * (1 - alpha) + moved[..., :3].astype(np.float32) * alpha).round().astype(np.uint8)


def _showing(prepared, backdrop_image, pictures, index: int, number: int):
    """Event `index`'s picture at frame `number`: with a `words` transition, the word read then is lit."""
    windows = prepared.word_windows[index] if prepared.word_windows else ()
    word = word_at(windows, number - prepared.timeline.events[index].start_frame) if windows else None
    return pictures[index] if word is None else paint_event_at(prepared, backdrop_image, index, word)


def _reference_frame(prepared, backdrop_image, backdrop, pictures, number: int) -> np.ndarray:
    timeline, template = prepared.timeline, prepared.template
    index = timeline.event_at(number)
    event = timeline.events[index]
    into = number - event.start_frame
    length = min(round(template.transition.duration * timeline.fps), event.frames // 2)
    current = _showing(prepared, backdrop_image, pictures, index, number)
    if index == 0 or template.transition.kind == "none" or into >= length:
        return current.frame
    progress = (into + 1) / (length + 1)
    previous = _showing(prepared, backdrop_image, pictures, index - 1, event.start_frame - 1)
    if template.transition.kind in ("fade", "words"):
        mixed = previous.frame.astype(np.float32) * (1 - progress) + current.frame.astype(np.float32) * progress
        return mixed.round().astype(np.uint8)
    leaving = _over(backdrop, previous.text_layer, 1 - progress, 0)
    if template.transition.kind == "pop":
        scale = 0.85 + 0.15 * (1 - (1 - progress) ** 2)
        return _over(leaving, scaled_about_centre(current.layer, scale, (0, backdrop.shape[0])), progress, 0)
    shift = round(template.canvas.height * SLIDE_DISTANCE_FRACTION * (1 - progress) ** 2)
    return _over(leaving, current.text_layer, progress, shift)


def yuv420p(rgb: np.ndarray) -> bytes:
    return b"".join(plane.tobytes() for plane in yuv420p_planes(rgb))


def _sampled_frames(prepared) -> list[int]:
    """Every frame of every transition, plus the first, a middle and the last frame of each event, and
    the frames either side of each word's start (a `words` transition)."""
    frames = set()
    transition = round(prepared.template.transition.duration * prepared.timeline.fps)
    for number, event in enumerate(prepared.timeline.events):
        frames |= set(range(event.start_frame, min(event.end_frame, event.start_frame + transition + 1)))
        frames |= {event.start_frame, (event.start_frame + event.end_frame) // 2, event.end_frame - 1}
        for first, _ in prepared.word_windows[number] if prepared.word_windows else ():
            frames |= {event.start_frame + first - 1, event.start_frame + first}
    return sorted(frames)


@pytest.mark.slow  # composes every frame of a clip twice
@pytest.mark.parametrize(
    "example", ["ar-not-alone", "en-mental-health-matters", "ar-resources-ae", "ar-words", "ar-not-alone+pop"]
)
def test_fast_frames_equal_the_reference_composition(example, pop_template):
    script, _, variant = example.partition("+")
    prepared = prepare(EXAMPLES / f"{script}.yaml", PlanOptions(template=pop_template if variant else None))
    backdrop_image = paint_backdrop(prepared.template)
    backdrop = np.asarray(backdrop_image.convert("RGB"))
    pictures = paint_events(prepared, backdrop_image)
    painted, words_painted = [], []

    def paint(index: int):
        painted.append(index)
        return paint_event_at(prepared, backdrop_image, index)

    def paint_word(index: int, word: int):
        words_painted.append((index, word))
        return paint_event_at(prepared, backdrop_image, index, word)

    words = WordMotion(prepared.word_windows, paint_word) if prepared.word_windows else None
    fast = EncoderFrames(prepared.timeline, paint, backdrop, prepared.template, words=words)
    worst = 0
    for number in _sampled_frames(prepared):
        expected = np.frombuffer(
            yuv420p(_reference_frame(prepared, backdrop_image, backdrop, pictures, number)), np.uint8
        )
        actual = np.frombuffer(fast.frame(number), np.uint8)
        worst = max(worst, int(np.abs(expected.astype(np.int16) - actual).max()))
    assert worst <= 1
    assert painted == sorted(set(painted)), "each event is painted once, in order, and then let go"
    assert words_painted == sorted(set(words_painted)), "each word state is painted once, in order"
    assert bool(words_painted) == (script == "ar-words")


def test_the_conversion_matches_ffmpegs_bt709_luma():
    """Our BT.709 limited-range Y plane is what ffmpeg's own converter makes of the same picture."""
    prepared = prepare(EXAMPLES / "mixed-stats.yaml", PlanOptions())
    rgb = paint_events(prepared)[1].frame
    height, width = rgb.shape[:2]
    converted = subprocess.run(
        [
            ffmpeg_executable(),
            "-v",
            "error",
            "-f",
            "rawvideo",
            "-pix_fmt",
            "rgb24",
            "-s",
            f"{width}x{height}",
            "-i",
            "pipe:0",
            "-vf",
            "scale=out_color_matrix=bt709:out_range=tv:flags=accurate_rnd+full_chroma_int",
            "-pix_fmt",
            "yuv420p",
            "-f",
            "rawvideo",
            "pipe:1",
        ],
        input=rgb.tobytes(),
        capture_output=True,
        check=True,
    ).stdout
    theirs = np.frombuffer(converted, np.uint8)[: width * height].reshape(height, width)
    ours = yuv420p_planes(rgb)[0]
    assert np.abs(theirs.astype(np.int16) - ours).max() <= 1
