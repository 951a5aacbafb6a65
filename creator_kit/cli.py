"""Command-line interface: parse, call, print, exit code. Errors are formatted here only."""

from __future__ import annotations

import atexit
import dataclasses
import json
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click
from click.decorators import FC

from creator_kit import __version__
from creator_kit.atomic import refuse_overlap
from creator_kit.encode.ffmpeg import QUALITIES, EncodeSettings, Quality
from creator_kit.errors import CreatorKitError, Interrupted
from creator_kit.inputs.template import available_templates, load_template
from creator_kit.inputs.validation import SCHEMA_NAMES, load_schema
from creator_kit.paths import TEMPLATES_DIR
from creator_kit.planning.aspect import ASPECTS
from creator_kit.planning.platforms import PLATFORM_NAMES
from creator_kit.processes import ignore_stop_signals, install_stop_handlers
from creator_kit.text.shaping import ENGINES

if TYPE_CHECKING:  # the commands import their stages when run, so `--help` starts quickly
    from creator_kit.guidelines.report import ReportFormat
    from creator_kit.inputs.script import Aspect
    from creator_kit.output.aligned import AlignmentFormat

PRESETS = ("ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow")


shaper_option = click.option(
    "--shaper",
    type=click.Choice(ENGINES),
    default=None,
    help="Arabic shaping engine: raqm (HarfBuzz, default when available) or fallback "
    "(arabic-reshaper + python-bidi). Also $CREATOR_KIT_SHAPER.",
)
resources_option = click.option(
    "--resources",
    "resource_files",
    multiple=True,
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="Resource directory file (YAML or JSON, see `creator-kit schema resources`) merged into the shipped "
    "one by id, or replacing it with `replace: true`. Repeatable; applied in order.",
)
quality_option = click.option(
    "--quality",
    "-q",
    type=click.Choice(tuple(QUALITIES)),
    default="standard",
    show_default=True,
    help="draft: fastest encode, to check timing and layout; standard: for upload (platforms re-encode); "
    "high: an archive master, slower.",
)
preset_option = click.option(
    "--preset",
    type=click.Choice(PRESETS),
    default=None,
    help="Advanced: the x264 preset, overriding the one --quality picks.",
)
language_option = click.option(
    "--language",
    "-l",
    metavar="L",
    help="For a script written in several languages (texts keyed by language): the one to use; "
    "default: the script's main `language`.",
)
aspect_option = click.option(
    "--aspect",
    "-a",
    type=click.Choice(tuple(ASPECTS)),
    default=None,
    help="The video's shape, overriding the script's `aspect`: 9:16 (1080x1920, default), 4:5 (1080x1350) "
    "and 1:1 (1080x1080) feed posts, 16:9 (1920x1080). The template's layout is reflowed, not cropped.",
)
template_option = click.option(
    "--template",
    "-t",
    metavar="NAME|PATH",
    help="Template name (see `creator-kit templates`) or path; overrides the script's.",
)


def path_option(*names: str, help: str) -> Callable[[FC], FC]:
    """A required option naming a file or folder."""
    return click.option(*names, type=click.Path(path_type=Path), required=True, help=help)


def _jobs(value: str) -> int | None:
    """--jobs: a count of at least 1, or auto (None); a usage error otherwise."""
    if value == "auto":
        return None
    if not value.isdigit() or int(value) < 1:
        raise click.BadParameter(f"{value!r} is neither a number of at least 1 nor auto", param_hint="'--jobs'")
    return int(value)


def _encode_settings(quality: Quality, preset: str | None) -> EncodeSettings:
    settings = QUALITIES[quality]
    return dataclasses.replace(settings, preset=preset) if preset else settings


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="creator-kit")
def cli() -> None:
    """Turn campaign scripts into branded vertical videos with correctly shaped Arabic.

    \b
    Quick start:
      creator-kit render examples/ar-not-alone.yaml -o out/
      creator-kit preview examples/ar-not-alone.yaml -o out/sheet.png
    """


@cli.command()
@click.argument("script", type=click.Path(path_type=Path))
@click.option(
    "--out",
    "-o",
    "out_dir",
    type=click.Path(path_type=Path),
    default=Path("out"),
    show_default=True,
    help="Folder for <id>.mp4, .srt, .vtt, .caption.txt, .cover.png and .manifest.json.",
)
@template_option
@click.option(
    "--platform",
    "-p",
    "platforms",
    multiple=True,
    type=click.Choice(PLATFORM_NAMES),
    help="Platform to render for (repeatable); overrides the script's. With several, files are named <id>.<platform>.*",
)
@language_option
@aspect_option
@click.option("--json", "as_json", is_flag=True, help="Print the manifest(s) as JSON instead of a summary.")
@shaper_option
@quality_option
@preset_option
@click.option("--force", is_flag=True, help="Render even when the guidelines check finds errors.")
@resources_option
def render(
    script: Path,
    out_dir: Path,
    template: str | None,
    platforms: tuple[str, ...],
    language: str | None,
    aspect: Aspect | None,
    as_json: bool,
    shaper: str | None,
    quality: Quality,
    preset: str | None,
    force: bool,
    resource_files: tuple[Path, ...],
) -> None:
    """Render SCRIPT (YAML or JSON) to an MP4 (1080x1920 unless --aspect) with captions and a post caption.

    The script is checked against the content guidelines first (see `check`): findings are
    printed on stderr and recorded in the manifest, and an error-level finding stops the
    render (exit 1) unless --force. Resources the script attaches (`resources:`) get an end
    card with a QR code, lines in the post caption and the manifest's "resources".
    """
    from creator_kit.documents.findings import sorted_findings
    from creator_kit.documents.manifest import manifests_json, summary_lines
    from creator_kit.errors import GuidelineFindings
    from creator_kit.guidelines.report import text_line
    from creator_kit.output.render import RenderOptions
    from creator_kit.output.render import render as run_render

    refuse_overlap(out_dir, {}, None)
    options = RenderOptions(
        out_dir=out_dir,
        template=template,
        language=language,
        aspect=aspect,
        platforms=platforms,
        shaper=shaper,
        encode=_encode_settings(quality, preset),
        force=force,
        resource_files=resource_files,
        progress=not as_json and sys.stderr.isatty(),
    )
    try:
        manifests = run_render(script, options)
    except GuidelineFindings as stopped:
        for finding in stopped.findings:
            click.echo(text_line(finding), err=True)
        raise
    for finding in sorted_findings([f for m in manifests for f in m.findings]):
        click.echo(text_line(finding), err=True)
    for line in [manifests_json(manifests)] if as_json else summary_lines(manifests):
        click.echo(line)


@cli.command()
@click.argument("campaign", type=click.Path(path_type=Path))
@path_option(
    "--out",
    "-o",
    "out_dir",
    help="Folder for every item's files, <id>.<language>.<template>.<platform>.*, and batch-report.json.",
)
@click.option(
    "--jobs",
    "-j",
    default="auto",
    show_default=True,
    metavar="N|auto",
    help="Tasks rendered at once on this machine. auto: one per core, no more than the tasks to run or "
    "the memory holds (800 MiB each); a larger N runs as that many, with a warning. The encoder keeps its thread count whatever N is (files are "
    "frame-equal at any N); decoders and filters share the cores out.",
)
@click.option(
    "--scheduler",
    metavar="tcp://HOST:PORT",
    help="Run the items on a Dask cluster instead (pip install 'creator-kit[dask]'); its workers must "
    "see OUT at the same path.",
)
@click.option("--only", metavar="PATTERN", help="Only items whose key matches this glob, e.g. '*.ar.*.tiktok'.")
@click.option("--force", is_flag=True, help="Render every item again, even those whose files are current.")
@click.option("--json", "as_json", is_flag=True, help="Print the batch report as JSON instead of a table.")
@quality_option
@preset_option
@shaper_option
@click.pass_context
def batch(
    ctx: click.Context,
    campaign: Path,
    out_dir: Path,
    jobs: str,
    scheduler: str | None,
    only: str | None,
    force: bool,
    as_json: bool,
    quality: Quality,
    preset: str | None,
    shaper: str | None,
) -> None:
    """Render a whole CAMPAIGN: every script x language x template x platform it lists.

    \b
    CAMPAIGN is YAML/JSON (`creator-kit schema campaign`):
      scripts: ["messages/*.yaml"]   # paths or globs beside the campaign file
      templates: [kulna-maak, minimal]
      platforms: [tiktok, reels]
      languages: [ar, en]
    or CSV with a header: script,template,platform,language (one row per clip).

    Resumable: items whose files are current (same inputs_sha256) are skipped; a failing
    item does not stop the others. Each item's review state (approved, changes-requested, stale,
    not-reviewed: see `creator-kit approve`) is shown and written into the report.
    Exit 0: all done; 1: some item failed; 2: unusable campaign.
    """
    from creator_kit.batch.run import BatchRequest, run_campaign
    from creator_kit.batch.tasks import BatchSettings
    from creator_kit.documents.batch_report import REPORT_NAME, summary_line, table

    settings = BatchSettings(out_dir=out_dir, encode=_encode_settings(quality, preset), rerender=force, shaper=shaper)
    report = run_campaign(
        BatchRequest(
            campaign,
            settings,
            _jobs(jobs),
            scheduler,
            only,
            progress=not as_json and sys.stderr.isatty(),
            warn=lambda text: click.echo(f"warning: {text}", err=True),
        )
    )
    if as_json:
        click.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(table(list(report.items)), nl=False)
        click.echo(f"{summary_line(report)} -> {out_dir / REPORT_NAME}")
    ctx.exit(report.exit_code)


@cli.command()
@click.argument("media", type=click.Path(path_type=Path))
@click.argument("text", type=click.Path(path_type=Path))
@click.option("--out", "-o", "out_path", type=click.Path(path_type=Path), required=True, help="File to write.")
@click.option(
    "--language",
    "-l",
    metavar="L",
    help="The language spoken (ar, en, fr, or any espeak-ng voice's tag; ar-EG etc. read as ar). "
    "Default: ar when the text is mostly Arabic letters, else en.",
)
@click.option(
    "--format",
    "-f",
    "output_format",
    type=click.Choice(("srt", "vtt", "json")),
    default=None,
    help="srt: a cue per line; vtt: a cue per line with word timestamps; json: cues with their words. "
    "Default: from OUT's suffix, else srt.",
)
def align(media: Path, text: Path, out_path: Path, language: str | None, output_format: AlignmentFormat | None) -> None:
    """Time the captions in TEXT to the speech in MEDIA, offline.

    \b
    MEDIA: an audio or video file (its first sound track). TEXT: UTF-8, one caption per
    non-empty line, in the order spoken. espeak-ng reads TEXT as a reference and DTW maps it
    onto MEDIA: cues and words get their times. A line that does not match the speech is one
    error naming it (exit 2), never a guessed time.
    """
    from creator_kit.output.aligned import format_named_by, write_alignment
    from creator_kit.speech.run import align_files

    chosen = output_format or format_named_by(out_path)
    alignment = align_files(media, text, language)
    write_alignment(alignment, out_path, chosen)
    click.echo(f"{out_path}  {len(alignment.cues)} cues, {alignment.duration:.2f} s")
    if alignment.audio_tracks > 1:
        click.echo(f"note: {media} has {alignment.audio_tracks} sound tracks; the first was aligned", err=True)


@cli.command()
@click.argument("script", type=click.Path(path_type=Path))
@click.option("--out", "-o", "out_path", type=click.Path(path_type=Path), required=True, help="PNG file to write.")
@template_option
@language_option
@aspect_option
@shaper_option
def preview(
    script: Path, out_path: Path, template: str | None, language: str | None, aspect: Aspect | None, shaper: str | None
) -> None:
    """Storyboard of every card and scene as one PNG, in a second, without encoding video."""
    from creator_kit.paint.preview import write_preview
    from creator_kit.planning.plan import PlanOptions

    written = write_preview(
        script, out_path, PlanOptions(template=template, language=language, shaper=shaper, aspect=aspect)
    )
    click.echo(str(written))


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "-o", "out_path", type=click.Path(path_type=Path), required=True, help="HTML file to write.")
@click.option(
    "--guidelines",
    "-g",
    "guidelines",
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="Guidelines file, as for `check` (scripts and campaigns; a batch folder shows what its render recorded).",
)
@resources_option
@click.pass_context
def review(
    ctx: click.Context,
    paths: tuple[Path, ...],
    out_path: Path,
    guidelines: Path | None,
    resource_files: tuple[Path, ...],
) -> None:
    """One self-contained HTML page to approve drafts or a campaign: storyboard tiles, each scene's text and
    findings, post captions, help resources.

    \b
    PATH: scripts, folders of scripts, a campaign file (YAML/JSON/CSV) or a batch output folder.
    Exit 0: no error-level finding; 1: error-level findings; 2: some input unusable (the page
    still shows the others and lists what could not be reviewed).

    \b
    On the page (with JavaScript): Approve / Request changes and notes per clip and scene, then
    "Download decisions.json" and record it on the batch:
      creator-kit approve decisions.json --batch OUT
    A batch folder's page shows each clip's review state and the decisions recorded earlier.
    """
    from creator_kit.review.collect import ReviewOptions, review_paths
    from creator_kit.review.page import write_page

    result = review_paths(list(paths), ReviewOptions(out_path.parent, guidelines, resource_files))
    size = write_page(result, out_path)
    for problem in result.problems:
        click.echo(f"error: {problem}", err=True)
    click.echo(result.summary_line(out_path, size))
    ctx.exit(result.exit_code)


@cli.command()
@click.argument("decisions", type=click.Path(path_type=Path))
@path_option(
    "--batch", "-b", "batch_folder", help="The batch output folder the page was made of (it holds batch-report.json)."
)
def approve(decisions: Path, batch_folder: Path) -> None:
    """Record the decisions of a review page (its downloaded DECISIONS file, decisions.json) on a batch.

    \b
    The loop:
      creator-kit batch campaign.yaml -o out/
      creator-kit review out/ -o out/review.html      # Approve / Request changes, Download decisions.json
      creator-kit approve decisions.json --batch out/
      creator-kit publish out/ -o upload/             # only approved, current clips

    A decision holds for the exact render it was made on (its manifest's inputs_sha256): after the script
    changes and the batch renders it again, the clip is stale and needs a fresh review. Decisions are
    merged into OUT/review-decisions.json (earlier rounds kept; the same clip and render decided again
    replaces the earlier decision) and each item's state into OUT/batch-report.json. Everything is checked
    first: an unknown clip, a decision made on another render, an approved clip with error-level findings,
    a file that is not a decisions file (or larger than 1 MiB) is one error line, exit 2, nothing written.
    """
    from datetime import datetime

    from creator_kit.batch.approval import approval_lines
    from creator_kit.batch.approval import approve as record_decisions

    for line in approval_lines(record_decisions(decisions, batch_folder, datetime.now())):
        click.echo(line)


@cli.command()
@click.argument("batch_folder", metavar="OUT", type=click.Path(path_type=Path))
@path_option(
    "--out",
    "-o",
    "target",
    help="Folder to fill with the approved clips' files and publish-summary.json; a new folder outside OUT, "
    "or one an earlier publish wrote (it is replaced).",
)
@click.option("--json", "as_json", is_flag=True, help="Print publish-summary.json instead of a summary.")
def publish(batch_folder: Path, target: Path, as_json: bool) -> None:
    """Copy the approved, current clips of the batch in OUT into a folder ready to upload.

    Per item: the .mp4, .srt, .vtt, .caption.txt (post caption), .cover.png and .manifest.json. Only
    items approved on their current render (`creator-kit approve`), rendered or kept by the last batch
    run and without error-level findings; every other item is left out with the reason (changes
    requested, stale: changed since it was approved, not reviewed, failed). The folder is filled under a
    temporary name and renamed when complete, with DIR/publish-summary.json: what was published and
    what was left out, and why.

    Exit 0, whatever was approved; 2 for an unusable OUT or -o (nothing written).
    """
    from datetime import datetime

    from creator_kit.batch.publish import publish as publish_approved
    from creator_kit.documents.publish_summary import publish_lines

    summary = publish_approved(batch_folder, target, datetime.now())
    if as_json:
        click.echo(summary.text(), nl=False)
        return
    for line in publish_lines(summary):
        click.echo(line)


@cli.command()
def templates() -> None:
    """List the shipped brand templates."""
    for name in available_templates():
        template = load_template(TEMPLATES_DIR / name / "template.yaml")
        click.echo(f"{name:<16} {template.description}")


@cli.command()
@click.argument("name", type=click.Choice(SCHEMA_NAMES))
def schema(name: str) -> None:
    """Print the JSON Schema for NAME: script, template, campaign, batch-report, decisions (a review page's
    decisions.json), review-decisions (OUT/review-decisions.json), publish-summary, manifest, resources
    (the resource directory and `resources --format json`), guidelines, the facts rules read, lexicon, or
    check-report (the shape of `check --format json`)."""
    click.echo(json.dumps(load_schema(name), ensure_ascii=False, indent=2))


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--guidelines",
    "-g",
    "guidelines",
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="Guidelines file (YAML or JSON) replacing the shipped ones, or changing them with "
    "`extends: default` (see `creator-kit schema guidelines`).",
)
@click.option(
    "--format",
    "-f",
    "output_format",
    type=click.Choice(("text", "json", "sarif")),
    default="text",
    show_default=True,
    help="text: file:line:col: severity rule-id message; json: findings and a "
    "summary (`creator-kit schema check-report`); sarif: SARIF 2.1.0.",
)
@template_option
@click.option(
    "--platform",
    "-p",
    "platforms",
    multiple=True,
    type=click.Choice(PLATFORM_NAMES),
    help="Check for this platform (repeatable); overrides the script's.",
)
@resources_option
@click.pass_context
def check(
    ctx: click.Context,
    paths: tuple[Path, ...],
    guidelines: Path | None,
    output_format: ReportFormat,
    template: str | None,
    platforms: tuple[str, ...],
    resource_files: tuple[Path, ...],
) -> None:
    """Check scripts (files, or folders searched recursively) against the content guidelines.

    \b
    Exit 0: no error-level finding; 1: error-level findings; 2: unusable input.
    A manifest rendered beside a script (<id>.manifest.json) adds its attached resources.
    """
    from creator_kit.guidelines.report import render_report, summary_line
    from creator_kit.guidelines.run import CheckOptions, check_paths
    from creator_kit.guidelines.scope import SIGN_OFF_TOPIC, check_scope

    report = check_paths(
        list(paths),
        CheckOptions(guidelines=guidelines, template=template, platforms=platforms, resource_files=resource_files),
    )
    click.echo(render_report(report, output_format), nl=False)
    for problem in report.problems:
        click.echo(f"error: {problem}", err=True)
    if output_format == "text":
        if SIGN_OFF_TOPIC in report.topics:
            click.echo(check_scope().note(), err=True)
        click.echo(summary_line(report), err=True)
    ctx.exit(report.exit_code)


def _region(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not re.fullmatch(r"[A-Za-z]{2}(-[A-Za-z0-9]{1,3})?", value):
        raise click.BadParameter(f"{value!r} is not a country code (AE) or subdivision (AE-AZ)")
    return value.upper() if value else None


@cli.command("resources")
@click.option(
    "--region",
    "-r",
    metavar="CC",
    callback=_region,
    help="Country (AE) or subdivision (AE-AZ): its entries, then the international ones.",
)
@click.option("--lang", "-l", "language", metavar="L", help="Only entries answering in this language (ar, en, ...).")
@click.option(
    "--format",
    "-f",
    "output_format",
    type=click.Choice(("table", "json")),
    default="table",
    show_default=True,
    help="json: the directory shape (`creator-kit schema resources`).",
)
@click.option(
    "--stale-after",
    type=click.IntRange(min=0),
    metavar="DAYS",
    help="Only entries due for re-verification: never verified, or verified more than DAYS ago.",
)
@resources_option
def resources_command(
    region: str | None,
    language: str | None,
    output_format: str,
    stale_after: int | None,
    resource_files: tuple[Path, ...],
) -> None:
    """List the help resources that apply to a region and language."""
    from datetime import date

    from creator_kit.resources.directory import Directory, load_directory, lookup, stale
    from creator_kit.resources.report import table

    directory = load_directory(resource_files)
    entries = lookup(directory, region, language)
    if stale_after is not None:
        due = {entry.id for entry in stale(directory, date.today(), stale_after)}
        entries = [entry for entry in entries if entry.id in due]
    selected = Directory(tuple(entries), directory.stale_after, directory.files)
    if output_format == "json":
        click.echo(json.dumps(selected.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(table(selected, date.today()), nl=False)


def main() -> None:
    """Entry point: run the CLI, turn errors into one line each on stderr and an exit code, and leave."""
    install_stop_handlers()
    _leave(_run())


def _run(args: Sequence[str] | None = None) -> int:
    """The command's exit code, its errors written to stderr. `args` default to the command line's
    (the tests pass their own, to run a command in-process)."""
    try:
        exit_code = cli.main(args=args, standalone_mode=False)  # a command's ctx.exit(n) comes back here as n
    except click.exceptions.Exit as done:
        return done.exit_code
    except click.exceptions.NoArgsIsHelpError as asked:
        click.echo(asked.format_message())
        return 0
    except click.UsageError as error:
        command = error.ctx.command_path if error.ctx else "creator-kit"
        click.echo(f"error: {error.format_message()} (see '{command} --help')", err=True)
        return error.exit_code
    except click.ClickException as error:
        click.echo(f"error: {error.format_message()}", err=True)
        return error.exit_code
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        return 130
    except CreatorKitError as error:
        for line in error.lines():
            click.echo(f"error: {line}", err=True)
        return error.exit_code
    except Interrupted as stopped:
        click.echo(str(stopped), err=True)
        return stopped.exit_code
    return exit_code if isinstance(exit_code, int) else 0


def _leave(exit_code: int) -> NoReturn:
    """Exit without tearing the interpreter down. Every command has closed and renamed what it wrote
    (atomic.py) and stopped its workers and encoders by then; unloading some 600 modules would add
    about 20 ms, a tenth of a `preview`. Exit handlers still run first; a stop signal arriving meanwhile
    is said, and its exit code given."""
    try:
        atexit._run_exitfuncs()
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                exit_code = exit_code or 1
    except Interrupted as stopped:
        ignore_stop_signals()
        print(stopped, file=sys.stderr, flush=True)
        exit_code = stopped.exit_code
    os._exit(exit_code)
