"""Stopped renders leave nothing half-written: SIGINT/SIGTERM clean up, kill -9 is swept by the next run,
and the encoder never outlives the render that started it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, run_cli

pytestmark = pytest.mark.render

SCRIPT = ROOT / "examples" / "ar-not-alone.yaml"


def _children(pid: int) -> list[int]:
    """Process ids whose parent is `pid` (read from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _is_gone(pid: int) -> bool:
    """Exited (or a zombie waiting for init to reap it)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return True
    return state in ("Z", "X")


def _start_render_and_wait_for_encoder(out: Path) -> tuple[subprocess.Popen, list[int]]:
    process = subprocess.Popen(
        [sys.executable, "-m", "creator_kit", "render", str(SCRIPT), "-o", str(out), "--preset", "ultrafast"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        partial = list(out.glob(".*.partial-*.mp4")) if out.exists() else []
        encoders = _children(process.pid)
        if partial and encoders:
            return process, encoders
        assert process.poll() is None, process.communicate()
        time.sleep(0.05)
    process.kill()
    raise AssertionError("the encoder did not start within 60 s")


@pytest.mark.parametrize(("stop", "exit_code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_stop_signal_removes_every_temporary_file_and_the_encoder(tmp_path, stop, exit_code):
    out = tmp_path / "out"
    process, encoders = _start_render_and_wait_for_encoder(out)
    process.send_signal(stop)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == exit_code, stderr
    assert stderr.strip().splitlines()[-1] == f"interrupted by {stop.name}"
    assert "Traceback" not in stderr
    assert sorted(p.name for p in out.iterdir()) == []
    assert all(_is_gone(pid) for pid in encoders)


def test_after_kill_9_the_encoder_dies_and_the_next_render_sweeps_the_leftovers(tmp_path):
    out = tmp_path / "out"
    process, encoders = _start_render_and_wait_for_encoder(out)
    process.kill()
    process.communicate(timeout=30)
    deadline = time.monotonic() + 10
    while not all(_is_gone(pid) for pid in encoders) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert all(_is_gone(pid) for pid in encoders), "ffmpeg outlived the render that started it"
    leftovers = list(out.glob(".*.partial-*"))
    assert leftovers, "kill -9 leaves its temporary file (nothing can remove it at that moment)"

    result = run_cli("render", SCRIPT, "-o", out, "--preset", "ultrafast")
    assert result.returncode == 0, result.stderr
    assert not list(out.glob(".*.partial-*"))
    assert (out / "ar-not-alone.mp4").stat().st_size > 0


def test_a_running_renders_temporary_files_are_not_swept(tmp_path):
    from creator_kit.atomic import sweep_abandoned

    mine = tmp_path / f".clip.partial-{os.getpid()}.mp4"
    parent = tmp_path / f".clip.partial-{os.getppid()}.srt"
    dead = tmp_path / ".clip.tiktok.partial-999999999.mp4"
    finished = tmp_path / "clip.mp4"
    for path in (mine, parent, dead, finished):
        path.write_bytes(b"x")
    assert sweep_abandoned(tmp_path) == [dead]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in (mine, parent, finished))


@pytest.mark.parametrize("command", ["render", "preview"])
def test_an_output_path_that_cannot_take_files_is_one_line_and_exit_2(tmp_path, command):
    blocker = tmp_path / "taken"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    out = blocker / "out"
    args = ["-o", out] if command == "render" else ["-o", out / "sheet.png"]
    result = run_cli(command, SCRIPT, *args)
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip() == f"error: {out}: cannot write: Not a directory"


def test_a_stop_inside_an_interpreter_callback_still_unwinds_a_batch_worker():
    """A batch worker stopped while the interpreter runs its at-fork hooks (starting ffmpeg) does not
    print "Exception ignored": the stop is raised again after the hook and unwinds the task."""
    probe = (
        "import os, signal, subprocess, time\n"
        "from creator_kit.batch.distribute import _start_worker\n"
        "_start_worker()\n"
        "os.register_at_fork(after_in_parent=lambda: os.kill(os.getpid(), signal.SIGTERM))\n"
        "try:\n"
        "    subprocess.run(['true'], preexec_fn=lambda: None)\n"
        "    time.sleep(5)\n"
        "    print('not stopped')\n"
        "except SystemExit as stopped:\n"
        "    print('unwound', stopped.code)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.stdout.strip() == "unwound 143"
    assert "Exception ignored" not in result.stderr and "Traceback" not in result.stderr
