"""`creator-kit batch`: a campaign's matrix as keyed, idempotent tasks on a process pool or a Dask cluster.

A campaign expands to items, one clip each, keyed `<id>.<language>.<template>.<platform>`
(the basename of its files in the output folder). Items of the same script,
language and template share their frames, so they form one task: one plan, one
encode, a hard link per further platform. A task is idempotent: outputs whose
manifest records the inputs digest they would have now are kept (resume), and
every file is written under a temporary name and renamed when complete, so a
task can be run again after any crash. A failing task fails its items alone.
"""

from __future__ import annotations

import os
import re
import resource
import socket
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from fnmatch import fnmatchcase
from pathlib import Path

from creator_kit.documents.batch_report import FAILED, RENDERED, SKIPPED, ItemResult, ItemStatus
from creator_kit.encode.ffmpeg import EncodeSettings
from creator_kit.errors import BatchInterrupted, CreatorKitError, GuidelineFindings, Interrupted
from creator_kit.guidelines.report import text_line
from creator_kit.inputs.script import Script, load_script
from creator_kit.output.render import Output, RenderOptions, output_files, produce
from creator_kit.paths import TEMPLATES_DIR
from creator_kit.planning.campaign import Campaign, Row
from creator_kit.planning.plan import prepare
from creator_kit.planning.timeline import reading_duration

MAX_ERROR_CHARACTERS = 500
_UNSAFE_IN_KEY = re.compile(r"[^A-Za-z0-9_-]+")


@dataclass(frozen=True)
class Item:
    """One clip of the campaign."""

    key: str
    platform: str


@dataclass(frozen=True)
class Task:
    """One script in one language with one template: one plan and one encode for all its items."""

    key: str
    script: Path
    language: str
    template: str | None
    template_label: str
    items: tuple[Item, ...]
    estimate: float = 0.0
    """Seconds of video it makes, from the script alone (footage length, or its scenes' durations or
    reading times): the longest tasks are started first, so short ones are not held behind them."""


@dataclass(frozen=True)
class BatchSettings:
    """How a batch runs: where it writes, the encoder settings, and whether current outputs are redone."""

    out_dir: Path
    encode: EncodeSettings = field(default_factory=EncodeSettings)
    rerender: bool = False
    shaper: str | None = None


def template_label(template: str) -> str:
    """The template's part of an item key: its shipped name, or the folder a template path names."""
    if (TEMPLATES_DIR / template / "template.yaml").is_file():
        return template
    path = Path(template)
    name = path.parent.name if path.name in ("template.yaml", "template.yml") else path.stem
    return _UNSAFE_IN_KEY.sub("-", name).strip("-") or "template"


def _short(message: str) -> str:
    return message if len(message) <= MAX_ERROR_CHARACTERS else message[:MAX_ERROR_CHARACTERS] + "…"


def _unusable_row(row: Row, error: CreatorKitError) -> ItemResult:
    return ItemResult(
        key=row.script.stem,
        script=str(row.script),
        language=None,
        template=None,
        platform=None,
        status=FAILED,
        error=_short("; ".join(error.lines())),
    )


def _languages(row: Row, written: tuple[str, ...]) -> tuple[str, ...]:
    """The languages to produce a script in: the row's (a matrix keeps those the script is written in),
    else the script's main language."""
    if row.languages is None:
        return written[:1]
    return row.languages if row.exact_languages else tuple(lang for lang in row.languages if lang in written)


def expand(campaign: Campaign) -> tuple[list[Task], list[ItemResult]]:
    """The campaign's tasks, and a failed result for each script that cannot even be read.

    Rows naming the same script, language and template join one task (a CSV may list
    platforms on separate rows); an item key met twice is kept once.
    """
    tasks: dict[str, Task] = {}
    failed: list[ItemResult] = []
    for row in campaign.rows:
        try:
            script = load_script(row.script)
        except CreatorKitError as error:
            failed.append(_unusable_row(row, error))
            continue
        languages = _languages(row, script.languages)
        if not languages:
            failed.append(
                ItemResult(
                    key=script.id,
                    script=str(row.script),
                    language=None,
                    template=None,
                    platform=None,
                    status=FAILED,
                    error=f"written in {', '.join(script.languages)}: none of the campaign's "
                    f"languages ({', '.join(row.languages or ())})",
                )
            )
        for language in languages:
            for template in row.templates or (None,):
                label = template_label(template or script.template)
                key = f"{script.id}.{language}.{label}"
                task = tasks.get(key) or Task(key, row.script, language, template, label, (), _estimate(script))
                if task.script.resolve() != row.script.resolve():
                    failed.append(
                        ItemResult(
                            key=key,
                            script=str(row.script),
                            language=language,
                            template=label,
                            platform=None,
                            status=FAILED,
                            error=f"script id {script.id!r} is also used by {task.script}; item keys must be unique",
                        )
                    )
                    continue
                known = {item.key for item in task.items}
                items = [
                    Item(f"{key}.{platform}", platform)
                    for platform in row.platforms or script.platforms
                    if f"{key}.{platform}" not in known
                ]
                tasks[key] = replace(task, items=task.items + tuple(items))
    return list(tasks.values()), failed


def _estimate(script: Script) -> float:
    if script.footage is not None:
        return script.footage.duration
    return sum(scene.duration or reading_duration(scene.text) for scene in script.scenes)


def longest_first(tasks: list[Task]) -> list[Task]:
    """The tasks in the order to start them: the longest video first (then by key, so runs repeat)."""
    return sorted(tasks, key=lambda task: (-task.estimate, task.key))


def select(tasks: list[Task], pattern: str) -> list[Task]:
    """Only the items whose key matches the glob `pattern` (`*.ar.*.tiktok`), tasks left with none dropped."""
    chosen = [
        replace(task, items=tuple(item for item in task.items if fnmatchcase(item.key, pattern))) for task in tasks
    ]
    return [task for task in chosen if task.items]


def worker_name() -> str:
    """The Dask worker's name when running on one, else host and process id."""
    distributed = sys.modules.get("distributed")
    if distributed is not None:
        try:
            return str(distributed.get_worker().name)
        except ValueError:
            pass
    return f"{socket.gethostname()}:{os.getpid()}"


@dataclass(frozen=True)
class Usage:
    """What a task cost: wall and CPU seconds, encoder threads, peak resident memory."""

    seconds: float
    cpu_seconds: float | None = None
    threads: int | None = None
    peak_memory_mib: float | None = None


class UsageMeter:
    """Measures a task from its start: wall time, and CPU and memory from getrusage of this process and
    its waited-for children (the ffmpeg processes)."""

    def __init__(self, threads: int):
        self.threads = threads
        self.started = time.monotonic()
        self.cpu_at_start, _ = _cpu_and_peak()

    def usage(self) -> Usage:
        cpu, peak_kib = _cpu_and_peak()
        return Usage(
            round(time.monotonic() - self.started, 3),
            round(cpu - self.cpu_at_start, 3),
            self.threads,
            round(peak_kib / 1024, 1),
        )


def _cpu_and_peak() -> tuple[float, int]:
    """CPU seconds of this process and its waited-for children, and the larger peak resident size (KiB)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    return cpu, max(own.ru_maxrss, children.ru_maxrss)


def _results(
    task: Task,
    statuses: list[ItemStatus],
    usage: Usage,
    worker: str,
    error: str | None = None,
    out_dir: Path | None = None,
    digests: list[str] | None = None,
) -> list[ItemResult]:
    """One result per item of `task`, with its status (in item order) and, when given, its files and
    render digests."""
    results = []
    for number, (item, status) in enumerate(zip(task.items, statuses, strict=True)):
        files = output_files(out_dir, item.key) if out_dir is not None else None
        results.append(
            ItemResult(
                key=item.key,
                script=str(task.script),
                language=task.language,
                template=task.template_label,
                platform=item.platform,
                status=status,
                seconds=usage.seconds,
                worker=worker,
                error=error,
                video=str(files["video"]) if files else None,
                manifest=str(files["manifest"]) if files else None,
                cpu_seconds=usage.cpu_seconds,
                threads=usage.threads,
                peak_memory_mib=usage.peak_memory_mib,
                inputs_sha256=digests[number] if digests else None,
            )
        )
    return results


def _failed(task: Task, usage: Usage, worker: str, error: str) -> list[ItemResult]:
    return _results(task, [FAILED] * len(task.items), usage, worker, error)


def _stopped_by_findings(stopped: GuidelineFindings) -> str:
    errors = [finding for finding in stopped.findings if finding.severity == "error"]
    return _short(f"{stopped}: " + " | ".join(text_line(finding) for finding in errors[:3]))


def run_task(task: Task, settings: BatchSettings) -> list[ItemResult]:
    """Produce a task's items (or keep those already current); never raises for the task's own failure."""
    worker = worker_name()
    meter = UsageMeter(settings.encode.threads)
    options = RenderOptions(
        template=task.template,
        language=task.language,
        shaper=settings.shaper,
        out_dir=settings.out_dir,
        encode=settings.encode,
    )
    try:
        prepared = prepare(task.script, options)
        produced = produce(
            prepared,
            [Output(item.platform, item.key) for item in task.items],
            options,
            skip_current=not settings.rerender,
        )
    except GuidelineFindings as stopped:
        return _failed(task, meter.usage(), worker, _stopped_by_findings(stopped))
    except CreatorKitError as error:
        return _failed(task, meter.usage(), worker, _short("; ".join(error.lines())))
    except Exception as error:  # one task's bug must not stop the campaign; it is reported as its failure
        return _failed(task, meter.usage(), worker, _short(f"internal error: {type(error).__name__}: {error}"))
    statuses = [RENDERED if item.rendered else SKIPPED for item in produced]  # produce keeps the items' order
    digests = [item.manifest.inputs_sha256 for item in produced]
    return _results(task, statuses, meter.usage(), worker, out_dir=settings.out_dir, digests=digests)


def interrupted_results(tasks: list[Task], done: set[str], reason: str) -> list[ItemResult]:
    """A failed result for every item of `tasks` that has none yet."""
    return [result for task in tasks if task.key not in done for result in _failed(task, Usage(0.0), "", reason)]


Runner = Callable[[list[Task], BatchSettings], Iterator[tuple[Task, list[ItemResult]]]]


def run_batch(
    tasks: list[Task], settings: BatchSettings, runner: Runner, on_done: Callable[[list[ItemResult]], None]
) -> list[ItemResult]:
    """Run every task with `runner`, calling `on_done` with each task's results as they come.

    On Interrupted (SIGINT/SIGTERM) the items not yet done are reported as failed and
    the exception goes on, once the runner has stopped its workers.
    """
    results: list[ItemResult] = []
    done: set[str] = set()
    try:
        for task, task_results in runner(tasks, settings):
            done.add(task.key)
            results += task_results
            on_done(task_results)
    except Interrupted as stopped:
        results += interrupted_results(tasks, done, f"not finished: {stopped}")
        raise BatchInterrupted(results, stopped) from None
    return results
