"""Where batch tasks run: a process pool on this machine, or a Dask distributed cluster.

Both yield (task, results) as tasks finish. Workers write into the output
folder themselves, so a cluster's workers must see it at the same path as the
client (shared storage); keys, resume and the temporary-name-then-rename rule
are the same everywhere.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from multiprocessing import get_context
from typing import Any

from creator_kit.atomic import sweep_abandoned
from creator_kit.batch.budget import ThreadBudget, available_cores, thread_budget
from creator_kit.batch.tasks import BatchSettings, Runner, Task, interrupted_results, run_task
from creator_kit.documents.batch_report import ItemResult
from creator_kit.errors import InputError
from creator_kit.processes import death_signal_setter, ignore_stop_signals, install_stop_handlers

SCHEDULER_TIMEOUT_SECONDS = 8


def with_budget(settings: BatchSettings, budget: ThreadBudget) -> BatchSettings:
    """The settings with the encoder's and the helpers' threads of `budget`."""
    encode = replace(settings.encode, threads=budget.encoder_threads, helper_threads=budget.helper_threads)
    return replace(settings, encode=encode)


def _stop_worker(signal_number: int, frame: object) -> None:
    """In a pool process: unwind (temporary files removed, the encoder killed), then leave the process.

    SystemExit, not Interrupted: raised while the worker waits for work, it ends the process
    quietly; raised during a task, `_run_in_worker` exits once the task's cleanup has run (the
    pool would otherwise hand the worker the next queued task).
    """
    ignore_stop_signals()
    raise SystemExit(128 + signal_number)


def _start_worker() -> None:
    """In each pool process: stop signals end it cleanly, and it gets SIGTERM when the batch dies."""
    install_stop_handlers(_stop_worker)
    setter = death_signal_setter(signal.SIGTERM)
    if setter is not None:
        setter()


def _run_in_worker(task: Task, settings: BatchSettings) -> list[ItemResult]:
    try:
        return run_task(task, settings)
    except SystemExit as stopped:
        os._exit(stopped.code if isinstance(stopped.code, int) else 1)


def _stop_pool(executor: ProcessPoolExecutor) -> None:
    """Terminate the workers (each removes its temporary files on SIGTERM) and wait for them."""
    processes = list(getattr(executor, "_processes", {}).values())
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=30)
    executor.shutdown(wait=True, cancel_futures=True)


def run_in_process(tasks: list[Task], settings: BatchSettings) -> Iterator[tuple[Task, list[ItemResult]]]:
    """One task after another in this process (--jobs 1): no worker to start."""
    for task in tasks:
        yield task, run_task(task, settings)


def run_in_process_or_pool(jobs: int) -> Runner:
    """`jobs` tasks at once on this machine, with the threads of budget.thread_budget."""
    base = run_in_process if jobs == 1 else run_on_pool(jobs)

    def runner(tasks: list[Task], settings: BatchSettings) -> Iterator[tuple[Task, list[ItemResult]]]:
        return base(tasks, with_budget(settings, thread_budget(available_cores(), jobs)))

    return runner


def run_on_pool(jobs: int) -> Runner:
    """Tasks on `jobs` processes of this machine."""

    def runner(tasks: list[Task], settings: BatchSettings) -> Iterator[tuple[Task, list[ItemResult]]]:
        executor = ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("fork"), initializer=_start_worker)
        pending: dict[Future[list[ItemResult]], Task] = {
            executor.submit(_run_in_worker, task, settings): task for task in tasks
        }
        finished = False
        try:
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    task = pending.pop(future)
                    try:
                        yield task, future.result()
                    except BrokenProcessPool:
                        yield (
                            task,
                            interrupted_results(
                                [task], set(), "a worker process died while rendering it (killed?); run the batch again"
                            ),
                        )
            finished = True
        finally:
            if finished:
                executor.shutdown(wait=True)
            else:
                _stop_pool(executor)
                sweep_abandoned(settings.out_dir)

    return runner


def _connected(client_type: Callable[..., Any], address: str) -> Any:
    """A Dask client of the scheduler at `address`, or InputError within SCHEDULER_TIMEOUT_SECONDS.

    Dask's own timeout covers opening the connection, not a peer that accepts it and never answers (its
    handshake then waits forever), so the client is made on a daemon thread that is given up on in time."""
    outcome: dict[str, Any] = {}

    def connect() -> None:
        try:
            outcome["client"] = client_type(address, timeout=f"{SCHEDULER_TIMEOUT_SECONDS}s")
        except Exception as error:  # reported below as the scheduler's problem, whatever Dask raised
            outcome["error"] = error

    thread = threading.Thread(target=connect, name="creator-kit-dask-connect", daemon=True)
    thread.start()
    thread.join(SCHEDULER_TIMEOUT_SECONDS)
    if "client" in outcome:
        return outcome["client"]
    error = outcome.get("error") or TimeoutError(f"no answer within {SCHEDULER_TIMEOUT_SECONDS} s")
    raise InputError.single(
        "--scheduler", f"cannot reach the Dask scheduler at {address}: {type(error).__name__}: {error}"
    )


def run_on_dask_worker(task: Task, settings: BatchSettings) -> list[ItemResult]:
    """A task on a Dask worker: its threads budgeted from the worker machine's cores and the tasks the
    worker runs at once (its nthreads), as a local pool of that many jobs would."""
    from distributed import get_worker

    concurrent = get_worker().state.nthreads
    return run_task(task, with_budget(settings, thread_budget(available_cores(), concurrent)))


def run_on_dask(address: str) -> Runner:
    """Tasks on the workers of the Dask cluster whose scheduler is at `address` (tcp://HOST:PORT)."""

    def runner(tasks: list[Task], settings: BatchSettings) -> Iterator[tuple[Task, list[ItemResult]]]:
        try:
            from distributed import Client, as_completed
        except ImportError:
            raise InputError.single("--scheduler", "Dask is not installed: pip install 'creator-kit[dask]'") from None
        client = _connected(Client, address)
        try:
            futures = {
                client.submit(run_on_dask_worker, task, settings, key=f"creator-kit-{task.key}", pure=False): task
                for task in tasks
            }
            completed: Callable[[dict[Any, Task]], Iterator[Any]] = as_completed  # distributed leaves it unannotated
            for future in completed(futures):
                task = futures[future]
                try:
                    yield task, future.result()
                except Exception as error:  # a worker lost or a task killed on the cluster
                    yield (
                        task,
                        interrupted_results(
                            [task], set(), f"the cluster lost this task: {type(error).__name__}: {error}"
                        ),
                    )
        finally:
            client.close()

    return runner
