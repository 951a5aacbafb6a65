"""`preview` paints small and starts light: its thumbnails are the video's pictures, scaled down."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from conftest import EXAMPLES, ROOT
from PIL import Image

from creator_kit.paint.events import paint_events
from creator_kit.paint.pictures import paint_backdrop
from creator_kit.paint.preview import THUMB_WIDTH
from creator_kit.planning.plan import PlanOptions, prepare


def _ink_box(picture: np.ndarray, backdrop: np.ndarray) -> tuple[int, int, int, int]:
    """Where a picture differs clearly from its backdrop: (left, top, right, bottom)."""
    rows, columns = np.nonzero(np.abs(picture.astype(int) - backdrop.astype(int)).max(axis=2) > 60)
    return int(columns.min()), int(rows.min()), int(columns.max()), int(rows.max())


@pytest.mark.parametrize("example", ["ar-not-alone", "mixed-stats", "ar-resources-ae"])
def test_thumbnails_are_the_full_pictures_scaled_down(example):
    """Same lines in the same places: each thumbnail is close to its full-size picture resized, and its
    text sits within a few pixels of where the resized picture has it (glyph advances hinted at a tenth of
    the size add up to about 2% of a long line)."""
    prepared = prepare(EXAMPLES / f"{example}.yaml", PlanOptions())
    scale = THUMB_WIDTH / prepared.template.canvas.width
    small_backdrop = paint_backdrop(prepared.template, scale)
    size = small_backdrop.size
    full = paint_events(prepared)
    small = paint_events(prepared, small_backdrop)
    reduced_backdrop = np.asarray(paint_backdrop(prepared.template).convert("RGB").resize(size, Image.LANCZOS))
    for event, big, thumbnail in zip(prepared.timeline.events, full, small):
        expected = np.asarray(big.image.convert("RGB").resize(size, Image.LANCZOS))
        painted = thumbnail.frame
        assert painted.shape == expected.shape
        assert np.abs(painted.astype(int) - expected.astype(int)).mean() < 3.0, event.kind
        found = _ink_box(painted, np.asarray(small_backdrop.convert("RGB")))
        wanted = _ink_box(expected, reduced_backdrop)
        assert max(abs(a - b) for a, b in zip(found, wanted)) <= 6, (event.kind, found, wanted)


def test_preview_imports_no_video_library(tmp_path):
    """moviepy, the encoder and the fallback shaper stay out of a preview (importing them is most of its
    start-up). numpy is in: the readability step measures the pixels behind the text as a render does."""
    probe = (
        "import atexit, runpy, sys\n"
        "atexit.register(lambda: print(sorted(name for name in ('moviepy', 'creator_kit.encode.frames', "
        "'creator_kit.output.render', 'arabic_reshaper', 'srt') if name in sys.modules)))\n"
        f"sys.argv = ['creator-kit', 'preview', {str(EXAMPLES / 'ar-resources-ae.yaml')!r}, '-o', "
        f"{str(tmp_path / 'sheet.png')!r}]\n"
        "runpy.run_module('creator_kit', run_name='__main__')\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"
    assert (tmp_path / "sheet.png").is_file()
