"""A whole batch: campaign -> tasks -> runner -> report, with a progress bar on a terminal."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path

from creator_kit.atomic import prepare_output_folder, refuse_overlap
from creator_kit.batch.budget import MEMORY_PER_JOB_MIB, auto_jobs, available_cores, available_memory_mib
from creator_kit.batch.distribute import run_in_process_or_pool, run_on_dask
from creator_kit.batch.review_states import review_states
from creator_kit.batch.tasks import BatchSettings, expand, longest_first, run_batch, select
from creator_kit.documents.batch_report import FAILED, BatchReport, ItemResult, build_report, write_report
from creator_kit.documents.decisions import Decision, read_record
from creator_kit.errors import BatchInterrupted, InputError
from creator_kit.planning.campaign import load_campaign


@dataclass(frozen=True)
class BatchRequest:
    campaign: Path
    settings: BatchSettings
    jobs: int | None
    """Jobs on this machine; None: as many as budget.auto_jobs picks for the tasks to run."""
    scheduler: str | None = None
    only: str | None = None
    progress: bool = False
    warn: Callable[[str], None] = lambda text: print(f"warning: {text}", file=sys.stderr)
    """Where a warning line goes (the CLI: stderr)."""


def capped_jobs(asked: int | None, tasks: int, warn: Callable[[str], None]) -> int:
    """The jobs to run: `asked` (None: auto) no more than the tasks, the cores and the memory allow; a count
    above that cap runs as the cap, said once."""
    cores, memory = available_cores(), available_memory_mib()
    cap = auto_jobs(cores, tasks, memory)
    if asked is None:
        return cap
    if asked > cap:
        held = "" if memory is None else f", memory for {max(1, memory // MEMORY_PER_JOB_MIB)}"
        warn(
            f"--jobs {asked} is more than this batch can use ({tasks} task{'s' if tasks != 1 else ''}, "
            f"{cores} core{'s' if cores != 1 else ''}{held}); running {cap}"
        )
        return cap
    return asked


def run_campaign(request: BatchRequest) -> BatchReport:
    """Produce every item of the campaign (or keep it when current); write and return the report.

    InputError (exit 2) when the campaign itself is unusable, or the review record in the output folder
    (review-decisions.json) is; a failing item is in the report, every item with its review state.
    """
    from tqdm import tqdm

    tasks, failed = expand(load_campaign(request.campaign))
    if request.only is not None:
        tasks = select(tasks, request.only)
        failed = [result for result in failed if fnmatchcase(result.key, request.only)]
        if not tasks and not failed:
            raise InputError.single(
                "--only", f"no item key matches {request.only!r} (keys are <id>.<language>.<template>.<platform>)"
            )
    campaign_folder = request.campaign.parent if request.campaign.is_file() else request.campaign
    refuse_overlap(request.settings.out_dir, {"campaign folder": campaign_folder}, "batch output")
    record = read_record(request.settings.out_dir)
    prepare_output_folder(request.settings.out_dir)
    tasks = longest_first(tasks)
    if request.scheduler:
        jobs = request.jobs or auto_jobs(available_cores(), len(tasks), available_memory_mib())
    else:
        jobs = capped_jobs(request.jobs, len(tasks), request.warn)
    runner = run_on_dask(request.scheduler) if request.scheduler else run_in_process_or_pool(jobs)
    total = sum(len(task.items) for task in tasks) + len(failed)
    started = time.monotonic()
    with tqdm(total=total, unit="item", disable=not request.progress, dynamic_ncols=True) as bar:
        failures = len(failed)
        bar.update(len(failed))

        def on_done(results: list[ItemResult]) -> None:
            nonlocal failures
            failures += sum(result.status == FAILED for result in results)
            bar.set_postfix(failed=failures, refresh=False)
            bar.update(len(results))

        try:
            results = failed + run_batch(tasks, request.settings, runner, on_done)
        except BatchInterrupted as stopped:
            _write(request, jobs, failed + stopped.results, started, record)
            raise
    return _write(request, jobs, results, started, record)


def _write(
    request: BatchRequest, jobs: int, results: list[ItemResult], started: float, record: tuple[Decision, ...]
) -> BatchReport:
    report = build_report(request.campaign, results, time.monotonic() - started, jobs, request.scheduler)
    report = report.with_review(review_states({item.key: item.inputs_sha256 for item in report.items}, record))
    write_report(request.settings.out_dir, report)
    return report
