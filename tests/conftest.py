"""Shared helpers: run the real CLI (in-process, or as a process where that is the subject), probe real MP4s with the ffmpeg imageio-ffmpeg ships."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import imageio_ffmpeg
import pytest
from click.testing import CliRunner

from creator_kit.processes import STOP_SIGNALS

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
EXAMPLE_SCRIPTS = sorted(path for path in EXAMPLES.glob("*.yaml") if not path.name.startswith("campaign"))
DATA = Path(__file__).resolve().parent / "data"
FONTS = ROOT / "creator_kit" / "fonts"
T = TypeVar("T")


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


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every `render` or `ocr` test is `slow` too: the fast lane, `-m "not slow"`, leaves out what encodes video,
    reads frames by OCR, or is marked slow for another reason (a browser, a Dask cluster, a batch)."""
    for item in items:
        if item.get_closest_marker("render") or item.get_closest_marker("ocr"):
            item.add_marker(pytest.mark.slow)


def chromium_session():
    """playwright's sync session (skips the test without playwright or chromium)."""
    playwright = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.is_file():
        pytest.skip("chromium is not installed (scripts/run-tests installs Debian's chromium)")
    return playwright.sync_playwright()


def run_cli(*args: object, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """`creator-kit ARGS` run in this process, through the one place that turns a command's errors into
    `error: ...` lines and an exit code (cli._run), with click's CliRunner isolation: stdout and stderr
    captured, the working folder (`cwd`, default the project) and the environment (`env` replaces it whole,
    as for a subprocess) set for the call and restored after it, as are the stop-signal handlers. An error the
    CLI does not turn into a line is a traceback on stderr and exit 1, as the interpreter would give it (every
    command leaves through `_run`, none through sys.exit).
    For a test about the process itself (signals, start-up, terminal or pipe bytes), use `run_process`."""
    from creator_kit.cli import _run

    arguments = [str(argument) for argument in args]
    saved_environment, saved_folder, saved_hook = os.environ.copy(), os.getcwd(), sys.unraisablehook
    saved_handlers = {number: signal.getsignal(number) for number in STOP_SIGNALS}
    try:
        if env is not None:
            os.environ.clear()
            os.environ.update(env)
        os.chdir(cwd or ROOT)
        with CliRunner().isolation() as (stdout, stderr, _):
            try:
                exit_code = _run(arguments)
            except Exception:
                traceback.print_exc()
                exit_code = 1
            sys.stdout.flush()
            sys.stderr.flush()
            output, errors = stdout.getvalue().decode("utf-8"), stderr.getvalue().decode("utf-8", "replace")
    finally:
        os.chdir(saved_folder)
        os.environ.clear()
        os.environ.update(saved_environment)
        sys.unraisablehook = saved_hook
        for number, handler in saved_handlers.items():
            signal.signal(number, handler)
    return subprocess.CompletedProcess(["creator-kit", *arguments], exit_code, output, errors)


def run_process(
    *args: object, cwd: Path | None = None, env: dict | None = None, timeout: float = 600
) -> subprocess.CompletedProcess:
    """`python -m creator_kit ARGS` in a real subprocess: for tests whose subject is the process (its start-up,
    exit code and stderr bytes as a user sees them, signals, what it leaves behind when killed), or that must
    stop a command that hangs (`timeout`: subprocess.TimeoutExpired fails the test)."""
    return subprocess.run(
        [sys.executable, "-m", "creator_kit", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        env=env,
        timeout=timeout,
    )


def cpu_seconds(action: Callable[[], T]) -> tuple[T, float]:
    """What `action()` returns, and the CPU time this process spent on it (user and system, all threads).
    For comparing a hostile input's cost with a normal one's: the machine's other work does not count, as it
    does on the clock; never for an absolute limit."""
    started = time.process_time()
    value = action()
    return value, time.process_time() - started


def bytes_read() -> int:
    """Bytes this process has read so far, through any file or pipe (Linux's rchar): a work bound, counted."""
    counters = dict(line.split(": ") for line in Path("/proc/self/io").read_text().splitlines())
    return int(counters["rchar"])


def write(folder: Path, name: str, text: str) -> Path:
    """`text` written to `folder / name` as UTF-8; the path."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


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
def tesseract() -> str:
    """The tesseract program, for tests that read rendered Arabic back; a missing one fails the test (never a
    skip: scripts/run-tests installs it)."""
    program = shutil.which("tesseract")
    assert program, "tesseract is missing: run scripts/run-tests, which installs it"
    return program


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
