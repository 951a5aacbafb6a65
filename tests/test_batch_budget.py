"""The batch's thread budget: jobs chosen from the cores, the tasks and the memory; an encoder thread
count that does not depend on the job count, so files are frame-equal at any --jobs; longest first;
what each task cost recorded in the report."""

from __future__ import annotations

import hashlib
import subprocess

import pytest
from test_batch import _batch, _campaign

from creator_kit.batch.budget import MEMORY_PER_JOB_MIB, auto_jobs, available_cores, thread_budget
from creator_kit.batch.tasks import Task, expand, longest_first
from creator_kit.paths import ffmpeg_executable
from creator_kit.planning.campaign import load_campaign


@pytest.mark.parametrize(
    ("cores", "tasks", "memory", "jobs"),
    [
        (2, 12, 24000, 2),
        (8, 3, 24000, 3),
        (8, 0, 24000, 1),
        (16, 40, 3 * MEMORY_PER_JOB_MIB + 10, 3),
        (4, 10, 100, 1),
        (4, 10, None, 4),
    ],
)
def test_auto_jobs_are_the_cores_within_the_tasks_and_the_memory(cores, tasks, memory, jobs):
    assert auto_jobs(cores, tasks, memory) == jobs


@pytest.mark.parametrize("cores", [1, 2, 8])
def test_the_encoder_keeps_its_threads_whatever_the_jobs_and_helpers_share_the_cores(cores):
    budgets = [thread_budget(cores, jobs) for jobs in range(1, 2 * cores + 1)]
    assert len({budget.encoder_threads for budget in budgets}) == 1
    for budget in budgets:
        assert budget.helper_threads >= 1
        assert budget.helper_threads * budget.jobs <= max(cores, budget.jobs)


def test_the_longest_tasks_start_first(tmp_path):
    tasks = [Task(f"t{n}", tmp_path, "ar", None, "minimal", (), estimate) for n, estimate in enumerate((3, 40, 3, 9))]
    assert [task.key for task in longest_first(tasks)] == ["t1", "t3", "t0", "t2"]


def test_a_tasks_estimate_comes_from_its_script(tmp_path):
    tasks, _ = expand(load_campaign(_campaign(tmp_path)))
    assert {task.estimate for task in tasks} == {1.0}, "every scene of the campaign lasts 1 s"


def _frames(video: str) -> str:
    raw = subprocess.run(
        [ffmpeg_executable(), "-v", "error", "-i", video, "-f", "rawvideo", "-pix_fmt", "yuv420p", "-"],
        capture_output=True,
        check=True,
    ).stdout
    return hashlib.sha256(raw).hexdigest()


@pytest.mark.render
def test_files_are_frame_equal_at_any_job_count_and_the_report_says_what_each_task_cost(tmp_path):
    campaign = _campaign(tmp_path)
    frames = {}
    for jobs in ("1", "2", "auto"):
        result, report = _batch(campaign, tmp_path / f"out-{jobs}", "--jobs", jobs, "--only", "*.tiktok")
        assert result.returncode == 0, result.stderr
        frames[jobs] = {item["key"]: _frames(item["video"]) for item in report["items"]}
        for item in report["items"]:
            assert item["cpu_seconds"] > 0 and item["peak_memory_mib"] > 50
            assert item["threads"] == thread_budget(available_cores(), 1).encoder_threads
        expected_jobs = {"1": 1, "2": 2, "auto": min(available_cores(), 6)}[jobs]
        assert report["summary"]["jobs"] == expected_jobs
    assert frames["1"] == frames["2"] == frames["auto"]
    assert len(frames["1"]) == 6


@pytest.mark.parametrize("value", ["0", "-1", "many", "1.5"])
def test_a_job_count_that_is_neither_a_number_nor_auto_is_a_usage_error(tmp_path, value):
    result, _ = _batch(_campaign(tmp_path), tmp_path / "out", "--jobs", value)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "--jobs" in result.stderr, result.stderr
    assert not (tmp_path / "out").exists()
