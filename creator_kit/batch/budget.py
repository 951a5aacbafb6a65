"""How many jobs a batch runs at once, and how many threads each job's ffmpeg processes get.

The rule, for C cores and N jobs: N (with `--jobs auto`) is the cores, no more than the tasks to run
and no more than the memory holds at MEMORY_PER_JOB_MIB each. The encoder (x264) gets the same thread
count whatever N is, because its threads decide the bitstream: a campaign gives frame-equal files at
--jobs 1, 2 or auto. Everything else ffmpeg runs for a job (footage and media decoding, scaling, the
audio mix) gets C / N threads, so N jobs' helpers fill the cores without crowding them. Each job's own
Python side (planning, painting the text, composing frames) is one thread, so N jobs keep N cores busy
while their encoders wait for frames, which is where a second job gains on two cores.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

MEMORY_PER_JOB_MIB = 800
"""A 1080x1920 render's process with its encoder peaks at about 500-600 MiB (benchmarks/batch_speed.py
prints the measured peak); the rest is headroom."""


@dataclass(frozen=True)
class ThreadBudget:
    jobs: int
    encoder_threads: int
    helper_threads: int


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def available_memory_mib() -> int | None:
    """Memory the system can still give (MiB), where the platform says; None elsewhere."""
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") // (1 << 20)
    except (ValueError, OSError, AttributeError):
        return None


def auto_jobs(cores: int, tasks: int, memory_mib: int | None) -> int:
    """Jobs for `--jobs auto`: one per core, no more than the tasks or the memory allows, at least one."""
    jobs = min(cores, max(1, tasks))
    if memory_mib is not None:
        jobs = min(jobs, max(1, memory_mib // MEMORY_PER_JOB_MIB))
    return max(1, jobs)


def thread_budget(cores: int, jobs: int) -> ThreadBudget:
    """The threads of each of `jobs` jobs on `cores` cores (see the module's rule)."""
    return ThreadBudget(jobs, encoder_threads=max(1, cores), helper_threads=max(1, cores // max(1, jobs)))
