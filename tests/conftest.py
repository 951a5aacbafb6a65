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
