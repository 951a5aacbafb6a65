"""Ctrl-C at any moment of a batch (issue 33): SIGINT to the whole process group, as a terminal sends it, at
20 random moments of a tiny two-job campaign; each time exit 130, the one `interrupted by SIGINT` line and no
traceback from any process, no temporary file and no process left behind."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from approval_support import make_campaign
from conftest import ROOT
from test_interruption import _is_gone

pytestmark = pytest.mark.render

TRIES = 20
STOP_WITHIN_SECONDS = 60
EARLIEST_SECONDS = 0.3
"""After the interpreter has started (before that, the kernel ends a process on SIGINT with nothing to say and
nothing to clean; Python's own start takes some 50 ms)."""


def _started(campaign: Path, out: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "creator_kit", "batch", str(campaign), "-o", str(out), "--jobs", "2"]
    command += ["--preset", "ultrafast", "--force"]
    return subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )


def _members(group: int) -> list[int]:
    """Live (not zombie) processes of the process group."""
    found = []
    for name in os.listdir("/proc"):
        try:
            if name.isdigit() and os.getpgid(int(name)) == group and not _is_gone(int(name)):
                found.append(int(name))
        except ProcessLookupError:
            continue
    return found


def _full_run_seconds(campaign: Path, out: Path) -> float:
    started = time.monotonic()
    process = _started(campaign, out)
    _, stderr = process.communicate(timeout=300)
    assert process.returncode == 0, stderr
    return time.monotonic() - started


def test_ctrl_c_at_random_moments_of_a_batch_is_always_a_clean_130(tmp_path):
    campaign = make_campaign(tmp_path / "campaign")
    whole = _full_run_seconds(campaign, tmp_path / "warm")
    shuffle = random.Random(33)
    stopped = 0
    for attempt in range(2 * TRIES):
        if stopped == TRIES:
            break
        out = tmp_path / f"out-{attempt}"
        started = time.monotonic()
        process = _started(campaign, out)
        time.sleep(shuffle.uniform(EARLIEST_SECONDS, max(EARLIEST_SECONDS, whole * 0.8)))
        if process.poll() is not None:  # done before the moment came: a quicker run than the first
            assert process.returncode == 0, process.communicate()
            whole = time.monotonic() - started
            continue
        os.killpg(process.pid, signal.SIGINT)
        _, stderr = process.communicate(timeout=STOP_WITHIN_SECONDS)
        stopped += 1
        moment = f"try {attempt}"
        assert process.returncode == 130, f"{moment}: {process.returncode} {stderr}"
        assert "Traceback" not in stderr and "Exception ignored" not in stderr, f"{moment}: {stderr}"
        assert stderr.strip().splitlines()[-1] == "interrupted by SIGINT", f"{moment}: {stderr}"
        deadline = time.monotonic() + 10
        while _members(process.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _members(process.pid), f"{moment}: processes left: {_members(process.pid)}"
        left = [path.name for path in out.rglob("*") if ".partial-" in path.name] if out.exists() else []
        assert left == [], f"{moment}: {left}"
    assert stopped == TRIES
