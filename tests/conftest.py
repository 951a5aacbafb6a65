"""Shared helpers: run the real CLI, probe real MP4s with the ffmpeg imageio-ffmpeg ships."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import imageio_ffmpeg
import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
EXAMPLE_SCRIPTS = sorted(path for path in EXAMPLES.glob("*.yaml") if not path.name.startswith("campaign"))
DATA = Path(__file__).resolve().parent / "data"
FONTS = ROOT / "creator_kit" / "fonts"


CHROMIUM = Path("/usr/bin/chromium")
"""Debian's chromium, driven by playwright for the review page's tests (its own browser download is never used)."""
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
TINY_TEMPLATE = """name: tiny
canvas: {width: 270, height: 480, fps: 15}
fonts: {text: [NotoSansArabic-Regular.ttf, NotoSans-Regular.ttf, NotoColorEmoji.ttf]}
background: {type: solid, color: '#1D3557'}
text: {size: 24, min_size: 12, fill: '#FFFFFF', box: {x: 20, y: 120, width: 230, height: 200}}
intro: {duration: 0.5}
outro: {duration: 0}
"""
"""A 270x480, 15 fps template: renders that take a fraction of a second, for tests of bookkeeping."""


def chromium_session():
    """playwright's sync session (skips the test without playwright or chromium)."""
    playwright = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.is_file():
        pytest.skip("chromium is not installed (scripts/run-tests installs Debian's chromium)")
    return playwright.sync_playwright()


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """`python -m creator_kit ARGS` in a real subprocess (exit codes and stderr as a user sees them)."""
    return subprocess.run(
        [sys.executable, "-m", "creator_kit", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        env=env,
        timeout=600,
    )


def encode_nothing(prepared, source, path, options, loudness) -> None:
    """A stand-in for render's `_encode_video` where the decision is tested, not the video: an empty file,
    and no loudness measured (as for a silent track)."""
    path.write_bytes(b"")


@dataclass(frozen=True)
class Probe:
    width: int
    height: int
    fps: float
    video_codec: str
    profile: str
    pixel_format: str
    audio_codec: str | None
    audio_channels: str | None
    duration: float


def probe(path: Path) -> Probe:
    """Stream facts from `ffmpeg -i` (imageio-ffmpeg ships ffmpeg but not ffprobe)."""
    output = subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-i", str(path)], capture_output=True, text=True
    ).stderr
    video = re.search(r"Video: (\w+) \(([^)]+)\).*?, (\w+)\(.*?(\d+)x(\d+).*?, ([\d.]+) fps", output)
    audio = re.search(r"Audio: (\w+).*?, \d+ Hz, (\w+)", output)
    hours, minutes, seconds = re.search(r"Duration: (\d+):(\d+):([\d.]+)", output).groups()
    assert video, output
    return Probe(
        int(video.group(4)),
        int(video.group(5)),
        float(video.group(6)),
        video.group(1),
        video.group(2),
        video.group(3),
        audio.group(1) if audio else None,
        audio.group(2) if audio else None,
        int(hours) * 3600 + int(minutes) * 60 + float(seconds),
    )


def extract_frame(video: Path, seconds: float, out: Path) -> Path:
    subprocess.run(
        [
            imageio_ffmpeg.get_ffmpeg_exe(),
            "-v",
            "error",
            "-ss",
            f"{seconds:.3f}",
            "-i",
            str(video),
            "-frames:v",
            "1",
            "-y",
            str(out),
        ],
        check=True,
    )
    return out


@pytest.fixture(scope="session")
def pop_template(tmp_path_factory) -> str:
    """A copy of the kulna-maak template whose text pops in (transition type pop)."""
    folder = tmp_path_factory.mktemp("pop") / "kulna-maak-pop"
    shutil.copytree(ROOT / "creator_kit" / "templates" / "kulna-maak", folder)
    text = (folder / "template.yaml").read_text("utf-8")
    (folder / "template.yaml").write_text(text.replace("transition: {type: fade", "transition: {type: pop"), "utf-8")
    return str(folder / "template.yaml")


@pytest.fixture(scope="session")
def rendered_examples(tmp_path_factory) -> dict[str, list[dict]]:
    """Every shipped example rendered once through the CLI (ultrafast x264), keyed by file stem."""
    import json

    out = tmp_path_factory.mktemp("examples")
    manifests = {}
    for script in EXAMPLE_SCRIPTS:
        result = run_cli("render", script, "-o", out / script.stem, "--json", "--preset", "ultrafast")
        assert result.returncode == 0, f"{script.name}: {result.stderr}"
        payload = json.loads(result.stdout)
        manifests[script.stem] = payload if isinstance(payload, list) else [payload]
    return manifests
