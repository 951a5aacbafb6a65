"""Inputs -> clips: scripts and folders of scripts, campaign files, batch output folders.

What each path is: a folder holding batch-report.json (or that file) is a
batch output folder; a .csv file, or a YAML/JSON mapping with `scripts` and no
`scenes`, is a campaign; anything else goes to `check`'s discovery (scripts,
folders searched recursively, manifests). An input that cannot be used is a
problem of the review (exit 2) and the others are still shown.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from creator_kit.batch.tasks import Task, expand, template_label
from creator_kit.documents.batch_report import REPORT_NAME
from creator_kit.errors import CreatorKitError, InputError, Problem, UnusableGuidelines
from creator_kit.guidelines.ruleset import Guidelines, guidelines_for
from creator_kit.guidelines.run import discover
from creator_kit.inputs.script import load_script
from creator_kit.planning.campaign import is_campaign_file, load_campaign
from creator_kit.planning.plan import PlanOptions, prepare
from creator_kit.review.model import Clip, Review, RuleHelp
from creator_kit.review.planned import planned_clip
from creator_kit.review.rendered import batch_clips

_INTERNAL_ERROR_CHARACTERS = 300


@dataclass(frozen=True)
class ReviewOptions:
    page_folder: Path
    """Where the page is written: links to videos are relative to it."""
    guidelines: Path | None = None
    resource_files: tuple[Path, ...] = ()
    today: date | None = None


@dataclass(frozen=True)
class _Context:
    options: ReviewOptions
    guidelines: Guidelines
    today: date


def _guarded(file: Path, build: Callable[[], list[Clip]]) -> tuple[list[Clip], list[Problem]]:
    """The clips `build` makes, or why it could not: one input's failure never hides the others."""
    try:
        return build(), []
    except UnusableGuidelines:
        raise
    except InputError as error:
        return [], list(error.problems)
    except CreatorKitError as error:
        return [], [Problem(str(file), None, None, line) for line in error.lines()]
    except Exception as error:  # creator-kit's fault, not the input's: one line, never a traceback
        text = " ".join(str(error).split())[:_INTERNAL_ERROR_CHARACTERS]
        return [], [Problem(str(file), None, None, f"internal error: {type(error).__name__}: {text}")]


def _script_clips(script_path: Path, context: _Context) -> list[Clip]:
    """One clip per language the script is written in, for the script's own template and platforms."""
    script = load_script(script_path)
    clips = []
    for language in script.languages:
        prepared = prepare(script_path, PlanOptions(language=language, resource_files=context.options.resource_files))
        key = f"{prepared.script.id}.{language}.{template_label(prepared.script.template)}"
        clips.append(planned_clip(key, prepared, prepared.script.platforms, context.guidelines, context.today))
    return clips


def _campaign_clips(path: Path, context: _Context) -> tuple[list[Clip], list[Problem]]:
    """One clip per task of the campaign (a script in a language with a template, on its platforms)."""
    tasks, failed = expand(load_campaign(path))
    problems = [Problem(result.script, None, None, f"{result.key}: {result.error}") for result in failed]
    clips: list[Clip] = []
    for task in tasks:

        def build(task: Task = task) -> list[Clip]:
            options = PlanOptions(
                template=task.template, language=task.language, resource_files=context.options.resource_files
            )
            platforms = tuple(item.platform for item in task.items)
            return [planned_clip(task.key, prepare(task.script, options), platforms, context.guidelines, context.today)]

        made, unusable = _guarded(task.script, build)
        clips += made
        problems += unusable
    return clips, problems


def _is_batch_folder(path: Path) -> bool:
    return (path / REPORT_NAME).is_file() if path.is_dir() else path.name == REPORT_NAME and path.is_file()


def _of_path(path: Path, context: _Context, seen: set[Path]) -> tuple[list[Clip], list[Problem]]:
    """The clips one command-line path gives; scripts already shown (in `seen`) are not shown twice."""
    try:
        if _is_batch_folder(path):
            folder = path if path.is_dir() else path.parent
            return batch_clips(folder, context.options.page_folder, context.today)
        if path.is_file() and is_campaign_file(path):
            return _campaign_clips(path, context)
    except InputError as error:
        return [], list(error.problems)
    discovered = discover([path])
    clips: list[Clip] = []
    problems = discovered.problems
    for target in discovered.targets:
        if target.script.resolve() in seen:
            continue
        seen.add(target.script.resolve())
        made, failed = _guarded(target.script, functools.partial(_script_clips, target.script, context))
        clips += made
        problems += failed
    return clips, problems


def review_paths(paths: list[Path], options: ReviewOptions) -> Review:
    """Every clip under `paths`, in order. Unusable guidelines raise InputError: nothing can be reviewed."""
    context = _Context(options, guidelines_for(options.guidelines), options.today or date.today())
    clips: list[Clip] = []
    problems: list[Problem] = []
    seen: set[Path] = set()
    for path in paths:
        made, unusable = _of_path(path, context, seen)
        clips += made
        problems += unusable
    rules = {rule.id: RuleHelp(rule.summary, rule.help, rule.help_uri) for rule in context.guidelines.rules}
    return Review(tuple(clips), tuple(problems), rules)
