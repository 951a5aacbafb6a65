"""Command-line interface: parse, call, print, exit code. Errors are formatted here only."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from creator_kit import __version__
from creator_kit.errors import CreatorKitError
from creator_kit.template import available_templates, load_template, resolve_template_path
from creator_kit.text.shaping import ENGINES
from creator_kit.validation import SCHEMA_NAMES, load_schema
from creator_kit.video import EncodeSettings

PLATFORMS = ("tiktok", "reels", "shorts")
PRESETS = ("ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow")


def _progress_logger(quiet: bool):
    """moviepy's progress bar on an interactive terminal; silence otherwise."""
    if quiet or not sys.stderr.isatty():
        return None
    import proglog

    return proglog.TqdmProgressBarLogger(print_messages=False, ignored_bars=("chunk",))


shaper_option = click.option(
    "--shaper", type=click.Choice(ENGINES), default=None,
    help="Arabic shaping engine: raqm (HarfBuzz, default when available) or fallback "
         "(arabic-reshaper + python-bidi). Also $CREATOR_KIT_SHAPER.")
template_option = click.option("--template", "-t", metavar="NAME|PATH",
                               help="Template name (see `creator-kit templates`) or path; overrides the script's.")


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
@click.option("--out", "-o", "out_dir", type=click.Path(path_type=Path), default=Path("out"), show_default=True,
              help="Folder for <id>.mp4, .srt, .vtt, .caption.txt and .manifest.json.")
@template_option
@click.option("--platform", "-p", "platforms", multiple=True, type=click.Choice(PLATFORMS),
              help="Platform to render for (repeatable); overrides the script's. With several, "
                   "files are named <id>.<platform>.*")
@click.option("--json", "as_json", is_flag=True, help="Print the manifest(s) as JSON instead of a summary.")
@shaper_option
@click.option("--preset", type=click.Choice(PRESETS), default="fast", show_default=True,
              help="x264 speed/size trade-off.")
def render(script: Path, out_dir: Path, template: str | None, platforms: tuple[str, ...], as_json: bool,
           shaper: str | None, preset: str) -> None:
    """Render SCRIPT (YAML or JSON) to a 1080x1920 MP4 with captions and a post caption."""
    from creator_kit.render import RenderOptions, render as run_render

    options = RenderOptions(out_dir=out_dir, template=template, platforms=platforms, shaper=shaper,
                            encode=EncodeSettings(preset=preset))
    manifests = run_render(script, options, logger=_progress_logger(as_json))
    if as_json:
        payload = manifests[0] if len(manifests) == 1 else manifests
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    for manifest in manifests:
        click.echo(f"{manifest['video']}  {manifest['duration']:.2f} s, {len(manifest['scenes'])} scenes, "
                   f"{manifest['platform']}, template {manifest['template']}")
        for kind in ("srt", "vtt", "caption", "manifest"):
            click.echo(f"  {manifest['files'][kind]}")


@cli.command()
@click.argument("script", type=click.Path(path_type=Path))
@click.option("--out", "-o", "out_path", type=click.Path(path_type=Path), required=True,
              help="PNG file to write.")
@template_option
@shaper_option
def preview(script: Path, out_path: Path, template: str | None, shaper: str | None) -> None:
    """Storyboard of every card and scene as one PNG, in a second, without encoding video."""
    from creator_kit.preview import write_preview
    from creator_kit.render import RenderOptions

    written = write_preview(script, out_path, RenderOptions(template=template, shaper=shaper))
    click.echo(str(written))


@cli.command()
def templates() -> None:
    """List the shipped brand templates."""
    for name in available_templates():
        template = load_template(resolve_template_path(name))
        click.echo(f"{name:<16} {template.description}")


@cli.command()
@click.argument("name", type=click.Choice(SCHEMA_NAMES))
def schema(name: str) -> None:
    """Print the JSON Schema for NAME (script or template)."""
    click.echo(json.dumps(load_schema(name), ensure_ascii=False, indent=2))


def main() -> None:
    """Entry point: run the CLI and turn errors into one line each on stderr and an exit code."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except CreatorKitError as error:
        for line in error.lines():
            click.echo(f"error: {line}", err=True)
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
    sys.exit(0)
