"""A scene's own media: an image moving slowly (Ken Burns) or a video behind the scene's text, cover or
contain over a blurred fill, muted unless asked; the real picture in the preview; bad media is one line."""

from __future__ import annotations

import json
from pathlib import Path

import media
import numpy as np
import pytest
from conftest import extract_frame, probe, run_cli
from PIL import Image

from creator_kit.encode.ffmpeg import EncodeSettings
from creator_kit.output.render import inputs_digest
from creator_kit.planning.plan import PlanOptions, prepare

TEMPLATE = """name: tiny
canvas: {width: 270, height: 480, fps: 15}
fonts: {text: [NotoSansArabic-Regular.ttf, NotoSans-Regular.ttf, NotoColorEmoji.ttf]}
background: {type: solid, color: '#1D3557'}
text: {size: 22, min_size: 12, fill: '#FFFFFF', box: {x: 20, y: 360, width: 230, height: 100},
       panel: {color: '#000000B0', padding: 8, radius: 6}}
transition: {type: fade, duration: 0.2}
intro: {duration: 0}
outro: {duration: 0}
"""
BACKDROP = (0x1D, 0x35, 0x57)
ABOVE_TEXT = (slice(0, 320), slice(0, 270))
"""Rows of the tiny canvas no text reaches."""
TONE = 440


def _script(folder: Path, scenes: str) -> Path:
    (folder / "tiny").mkdir(exist_ok=True)
    (folder / "tiny" / "template.yaml").write_text(TEMPLATE, encoding="utf-8")
    script = folder / "media.yaml"
    script.write_text(
        "id: media\ntitle: لست وحدك\nlanguage: ar\ntemplate: tiny/template.yaml\nplatform: tiktok\n"
        "hashtags: ['#كلنا_معاك']\nscenes:\n" + scenes,
        encoding="utf-8",
    )
    return script


def _image(path: Path, size: tuple[int, int] = (300, 400)) -> Path:
    """A picture with detail everywhere (so a move shows), red at its left edge and blue at its right."""
    width, height = size
    y, x = np.mgrid[0:height, 0:width]
    checks = 50 * ((x // 6 + y // 6) % 2)[..., None]
    pixels = (
        np.stack([100 + 80 * np.sin(x / 7.0), 100 + 80 * np.sin(y / 5.0), 100 + 80 * np.sin((x + y) / 9.0)], axis=-1)
        + checks
    )
    pixels[:, : width // 12] = (230, 20, 20)
    pixels[:, -width // 12 :] = (20, 20, 230)
    Image.fromarray(pixels.astype(np.uint8)).save(path, quality=92)
    return path


def _clip(path: Path, seconds: float, tone: bool) -> Path:
    """A moving test picture (every frame differs), with a tone when asked."""
    return media.clip(path, "320x240", seconds, tone=TONE if tone else None)


def _render(script: Path) -> Path:
    result = run_cli("render", script, "-o", script.parent / "out", "--json", "--quality", "draft")
    assert result.returncode == 0, result.stderr
    return Path(json.loads(result.stdout)["video"])


def _frame(video: Path, seconds: float) -> np.ndarray:
    out = extract_frame(video, seconds, video.parent / f"at-{seconds:.2f}.png")
    return np.asarray(Image.open(out).convert("RGB")).astype(np.int16)


def _difference(first: np.ndarray, second: np.ndarray) -> float:
    return float(np.abs(first[ABOVE_TEXT] - second[ABOVE_TEXT]).mean())


def _from_backdrop(frame: np.ndarray) -> float:
    return float(np.abs(frame[ABOVE_TEXT] - np.array(BACKDROP, dtype=np.int16)).mean())


def _sound(video: Path, start: float, end: float) -> np.ndarray:
    return media.window(media.sound_track(video), start, end)


@pytest.mark.render
def test_an_image_moves_slowly_unless_its_motion_is_off(tmp_path):
    _image(tmp_path / "picture.jpg")
    video = _render(
        _script(
            tmp_path,
            "  - {text: لست وحدك., duration: 2, media: picture.jpg}\n"
            "  - {text: الحديث قوة., duration: 2,"
            " media: {file: picture.jpg, motion: false}}\n",
        )
    )
    early, late = _frame(video, 0.3), _frame(video, 1.7)
    assert _difference(early, late) > 8, "Ken Burns: the picture zooms and pans over the scene"
    assert _from_backdrop(early) > 40, "the image, not the backdrop"
    still_early, still_late = _frame(video, 2.3), _frame(video, 3.7)
    assert _difference(still_early, still_late) < _difference(early, late) / 4, "motion: false holds it still"


@pytest.mark.render
def test_contain_shows_the_whole_image_over_a_smooth_blurred_fill(tmp_path):
    _image(tmp_path / "wide.png", (480, 240))
    video = _render(
        _script(
            tmp_path,
            "  - {text: لست وحدك., duration: 1, media: {file: wide.png, motion: false}}\n"
            "  - {text: الحديث قوة., duration: 1,"
            " media: {file: wide.png, fit: contain, motion: false}}\n",
        )
    )
    cover, contain = _frame(video, 0.5), _frame(video, 1.5)
    middle = contain[200:260]  # the contained 270x135 picture sits at rows 172..307
    assert middle[:, :10, 0].mean() > 150 > middle[:, :10, 2].mean(), "its red left edge is shown"
    assert middle[:, -10:, 2].mean() > 150 > middle[:, -10:, 0].mean(), "and its blue right edge"
    assert cover[200:260, :10, 0].mean() < 150, "cover crops the edges away"
    fill, covered = contain[10:150], cover[10:150]
    assert np.abs(fill - covered).mean() > 15, "above the picture is a fill, not the cover crop"
    assert np.abs(np.diff(fill, axis=1)).mean() < np.abs(np.diff(covered, axis=1)).mean() / 4, "the fill is blurred"
    assert fill.mean() < covered.mean(), "and darkened"


@pytest.mark.render
def test_a_video_moves_loops_when_shorter_and_is_muted(tmp_path):
    _clip(tmp_path / "short.mp4", 1.0, tone=False)
    _clip(tmp_path / "long.mp4", 3.0, tone=True)
    video = _render(
        _script(
            tmp_path,
            "  - {text: لست وحدك., duration: 2.4, media: short.mp4}\n"
            "  - {text: الحديث قوة., duration: 1, media: long.mp4}\n"
            "  - {text: تحدّث., duration: 1}\n",
        )
    )
    assert probe(video).duration == pytest.approx(4.4, abs=0.1)
    first, later, looped = _frame(video, 0.4), _frame(video, 0.8), _frame(video, 1.4)
    assert _difference(first, later) > 5, "the video moves"
    assert _difference(first, looped) < _difference(first, later) / 3, "one second later the 1 s clip shows again"
    assert _from_backdrop(_frame(video, 3.9)) < 4, (
        "the 3 s clip is trimmed to its 1 s scene: the next scene is on the backdrop"
    )
    assert media.rms(_sound(video, 0.0, 4.4)) < 30, "without sound: true the video is muted"


@pytest.mark.render
def test_a_video_keeps_its_sound_for_its_scene_when_asked(tmp_path):
    _clip(tmp_path / "long.mp4", 3.0, tone=True)
    video = _render(
        _script(
            tmp_path,
            "  - {text: لست وحدك., duration: 1.5, media: {file: long.mp4, sound: true}}\n"
            "  - {text: تحدّث., duration: 1}\n",
        )
    )
    during, after = _sound(video, 0.2, 1.3), _sound(video, 1.8, 2.4)
    assert media.rms(during) > 10 * max(media.rms(after), 1.0), "the tone plays in its scene and stops with it"
    spectrum = np.abs(np.fft.rfft(during))
    assert np.fft.rfftfreq(during.size, 1 / 8000)[spectrum.argmax()] == pytest.approx(TONE, abs=5)


@pytest.mark.render
def test_the_preview_shows_the_picture_behind_a_scene(tmp_path):
    _image(tmp_path / "picture.jpg")
    _clip(tmp_path / "short.mp4", 1.0, tone=False)
    script = _script(
        tmp_path,
        "  - {text: لست وحدك., duration: 1, media: {file: picture.jpg, motion: false}}\n"
        "  - {text: الحديث قوة., duration: 1, media: short.mp4}\n"
        "  - {text: تحدّث., duration: 1}\n",
    )
    result = run_cli("preview", script, "-o", tmp_path / "sheet.png")
    assert result.returncode == 0, result.stderr
    sheet = np.asarray(Image.open(tmp_path / "sheet.png").convert("RGB")).astype(np.int16)
    tiles = [sheet[16:496, x : x + 270] for x in (16, 302, 588)]  # contact_sheet: 270 wide, 16 apart
    rendered = _frame(_render(script), 0.5)
    assert _difference(tiles[0], rendered) < 12, "the image tile is the picture the video shows"
    assert _from_backdrop(tiles[1]) > 40, "the video tile shows the clip"
    assert _from_backdrop(tiles[2]) < 3, "a scene without media: the backdrop"


def test_the_inputs_digest_covers_the_media_file(tmp_path):
    picture = _image(tmp_path / "picture.jpg")
    script = _script(tmp_path, "  - {text: لست وحدك., duration: 1, media: picture.jpg}\n")
    before = inputs_digest(prepare(script, PlanOptions()), "tiktok", EncodeSettings())
    _image(picture, (320, 400))
    assert inputs_digest(prepare(script, PlanOptions()), "tiktok", EncodeSettings()) != before


@pytest.mark.parametrize(
    ("medium", "files", "expected"),
    [
        ("missing.jpg", {}, ":9: scenes[0].media: file not found"),
        ("../picture.jpg", {}, ":9: scenes[0].media: must be a path inside the script's folder"),
        ("notes.jpg", {"notes.jpg": b"SECRET=1\nnot a picture\n"}, ":9: scenes[0].media: not a PNG/JPEG/WebP image"),
        ("cut.jpg", {"cut.jpg": "truncated"}, ":9: scenes[0].media: not a readable PNG/JPEG/WebP image"),
        ("notes.mp4", {"notes.mp4": b"SECRET=1\n"}, ":9: scenes[0].media: not a video file"),
        ("{file: picture.jpg, sound: true}", {}, ":9: scenes[0].media.sound: an image has no sound"),
        ("{file: picture.jpg, fit: stretch}", {}, ":9: scenes[0].media.fit: must be one of cover, contain"),
    ],
)
def test_unusable_media_is_one_line_naming_the_script_and_line(tmp_path, medium, files, expected):
    (tmp_path / "folder").mkdir()
    _image(tmp_path / "picture.jpg")
    folder = tmp_path / "folder"
    _image(folder / "picture.jpg")
    for name, content in files.items():
        if content == "truncated":
            whole = (folder / "picture.jpg").read_bytes()
            (folder / name).write_bytes(whole[: len(whole) // 2])
        else:
            (folder / name).write_bytes(content)
    script = _script(folder, f"  - text: لست وحدك.\n    media: {medium}\n")
    result = run_cli("render", script, "-o", tmp_path / "out")
    assert result.returncode == 2, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {script}{expected}"), result.stderr
    assert "SECRET" not in result.stderr and "Traceback" not in result.stderr


def test_a_scene_over_footage_cannot_have_media(tmp_path):
    _image(tmp_path / "picture.jpg")
    _clip(tmp_path / "talk.mp4", 1.0, tone=False)
    script = _script(tmp_path, "  - {text: لست وحدك., start: 0, end: 1, media: picture.jpg}\nfootage: talk.mp4\n")
    result = run_cli("render", script, "-o", tmp_path / "out")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        f"error: {script}:8: scenes[0].media: a scene over footage has the clip behind it; remove media or footage"
    ], result.stderr
