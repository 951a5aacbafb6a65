"""What a render costs against the encoder's own floor, measured in one run on this machine.

    .venv/bin/python benchmarks/render_speed.py [SCRIPT] [--runs 3] [--long-seconds 60]

Prints, for SCRIPT (default: a 16 s Arabic clip on kulna-maak, 1080x1920):
- render: `creator-kit render` through the real CLI (process start included);
- the floors: the very frames that render wrote, decoded beforehand, piped to
  the same ffmpeg with the same x264 settings and an AAC track, as rgb24 (ffmpeg
  converts) and as yuv420p (x264 alone); the x264 settings written into the
  three files are read back and must be identical;
- the naive way: the same layers composed by moviepy's CompositeVideoClip;
- preview through the CLI, and each process's peak memory for this clip and
  for one --long-seconds long;
- a footage render (a generated --footage-seconds 1080x1920 clip with three
  Arabic scenes and the footage-band cards) against re-encoding that clip
  alone with the same settings, and the readability analysis of that render
  (sampling the frames behind each scene's text, choosing its plate) timed
  on its own, as a share of the footage render;
and the ratios between them (--footage-only: the footage lines alone). Times are medians of --runs. Machines are noisy:
compare the ratios, which are measured side by side.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from creator_kit.encode.ffmpeg import QUALITIES, RawVideo, ffmpeg_command  # noqa: E402
from creator_kit.encode.frames import COLOR_ARGUMENTS, PIXEL_FORMAT  # noqa: E402
from creator_kit.paint.events import paint_events  # noqa: E402
from creator_kit.paint.pictures import paint_backdrop  # noqa: E402
from creator_kit.paint.readability import make_readable  # noqa: E402
from creator_kit.paths import ffmpeg_executable  # noqa: E402
from creator_kit.planning.plan import PlanOptions, prepare  # noqa: E402

DEFAULT_SCRIPT = ROOT / "examples" / "ar-not-alone.yaml"
_X264_OPTIONS = re.compile(rb"x264 - core \d+.*?options: ([^\x00]*)")


def run_measured(command: list[str], piped_from: Path | None = None) -> tuple[float, int]:
    """Wall seconds and peak resident memory (MiB) of one process, as the OS accounted it; with
    `piped_from`, the file is fed to its stdin through a pipe (as a render feeds ffmpeg)."""
    started = time.perf_counter()
    feeder = subprocess.Popen(["cat", str(piped_from)], stdout=subprocess.PIPE) if piped_from else None
    process = subprocess.Popen(
        command,
        stdin=feeder.stdout if feeder else subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    if feeder:
        feeder.stdout.close()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if feeder:
        feeder.wait()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{process.stderr.read().decode(errors='replace')}")
    return seconds, usage.ru_maxrss // 1024


def median_run(command: list[str], runs: int, piped_from: Path | None = None) -> tuple[float, int]:
    measured = [run_measured(command, piped_from) for _ in range(runs)]
    return statistics.median(seconds for seconds, _ in measured), max(memory for _, memory in measured)


def x264_options(video: Path) -> str:
    match = _X264_OPTIONS.search(video.read_bytes())
    return match.group(1).decode() if match else "?"


def decode(video: Path, pixel_format: str, out: Path) -> None:
    subprocess.run(
        [
            ffmpeg_executable(),
            "-v",
            "error",
            "-i",
            str(video),
            "-an",
            "-f",
            "rawvideo",
            "-pix_fmt",
            pixel_format,
            "-y",
            str(out),
        ],
        check=True,
    )


def long_script(script: Path, seconds: float, out: Path) -> Path:
    """The script with its scenes repeated until the clip lasts about `seconds`."""
    import yaml

    data = yaml.safe_load(script.read_text("utf-8"))
    scenes = data["scenes"]
    data["scenes"] = [{**scenes[i % len(scenes)], "duration": 4.0} for i in range(int(seconds // 4))]
    data["id"] = f"{data['id']}-long"
    out.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return out


def moviepy_fps(script: Path, seconds: float) -> float:
    """Frames per second of the naive way: ImageClips of the same pictures in a CompositeVideoClip."""
    from moviepy import CompositeVideoClip, ImageClip
    from moviepy.video.fx import CrossFadeIn

    prepared = prepare(script, PlanOptions())
    backdrop = np.asarray(paint_backdrop(prepared.template).convert("RGB"))
    pictures = paint_events(prepared)
    fade = prepared.template.transition.duration
    duration = min(seconds, prepared.timeline.duration)
    layers = [ImageClip(backdrop).with_duration(duration)]
    for event, picture in zip(prepared.timeline.events, pictures):
        if event.start >= duration:
            break
        text = ImageClip(picture.text_layer[..., :3]).with_mask(
            ImageClip(picture.text_layer[..., 3] / 255.0, is_mask=True)
        )
        clip = text.with_start(event.start).with_duration(min(event.end, duration) - event.start)
        layers.append(clip.with_effects([CrossFadeIn(fade)]) if event.start > 0 else clip)
    settings = QUALITIES["standard"]
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        CompositeVideoClip(layers, size=backdrop.shape[1::-1]).write_videofile(
            str(Path(folder) / "moviepy.mp4"),
            fps=prepared.timeline.fps,
            codec="libx264",
            audio=False,
            preset=settings.preset,
            logger=None,
            ffmpeg_params=["-crf", str(settings.crf)],
        )
        return duration * prepared.timeline.fps / (time.perf_counter() - started)


FOOTAGE_SCRIPT = """id: footage-bench
title: لست وحدك
language: ar
template: footage-band
platform: tiktok
footage: clip.mp4
scenes:
  - {text: "كنت أحسّ إني لوحدي.", start: 0.5, end: 5}
  - {text: "لما تكلمت مع صديق، خفّ الحمل.", start: 5.2, end: 10}
  - {text: "لست وحدك. تكلّم مع حد تثق فيه.", start: 10.2, end: 14.8}
"""


def readability_seconds(script: Path, runs: int) -> float:
    """Median time of the readability analysis alone (the plan made once, outside the timing)."""
    prepared = prepare(script, PlanOptions())
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        make_readable(prepared)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def footage_case(work: Path, seconds: float, runs: int) -> tuple[float, float, float, float]:
    """A footage render through the CLI against re-encoding the same clip alone (scaled to the canvas,
    same x264 settings, its sound as AAC): (render s, re-encode s, readability analysis s, clip seconds)."""
    folder = work / "footage"
    folder.mkdir()
    clip = folder / "clip.mp4"
    subprocess.run(
        [
            ffmpeg_executable(),
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            f"testsrc2=size=1080x1920:rate=30:duration={seconds}",
            "-f",
            "lavfi",
            "-i",
            f"sine=frequency=300:duration={seconds}",
            "-c:v",
            "libx264",
            "-preset",
            "veryfast",
            "-pix_fmt",
            "yuv420p",
            "-c:a",
            "aac",
            str(clip),
        ],
        check=True,
    )
    script = folder / "footage.yaml"
    script.write_text(FOOTAGE_SCRIPT, encoding="utf-8")
    template = QUALITIES["standard"]
    render_seconds, _ = median_run(
        [sys.executable, "-m", "creator_kit", "render", str(script), "-o", str(folder / "out")], runs
    )
    alone = [
        ffmpeg_executable(),
        "-v",
        "error",
        "-y",
        "-i",
        str(clip),
        "-vf",
        "scale=1080:1920:force_original_aspect_ratio=increase,crop=1080:1920,fps=30,format=yuv420p",
        "-c:v",
        "libx264",
        "-preset",
        template.preset,
        "-crf",
        str(template.crf),
        "-profile:v",
        "high",
        "-x264-params",
        "8x8dct=1",
        "-c:a",
        "aac",
        "-b:a",
        "128k",
        "-movflags",
        "+faststart",
        str(folder / "alone.mp4"),
    ]
    alone_seconds, _ = median_run(alone, runs)
    return render_seconds, alone_seconds, readability_seconds(script, runs), seconds


def print_footage(footage: tuple[float, float, float, float]) -> None:
    render, alone, readability, seconds = footage
    print(f"  footage render ({seconds:.0f} s clip, 2 cards)  {render:6.2f} s")
    print(f"  the clip re-encoded alone       {alone:6.2f} s")
    print(f"  readability analysis            {readability:6.2f} s")
    print(f"  footage render / re-encode  {render / alone:6.2f}")
    print(f"  readability / footage render  {readability / render:6.1%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("script", nargs="?", type=Path, default=DEFAULT_SCRIPT)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--long-seconds", type=float, default=60.0)
    parser.add_argument("--footage-seconds", type=float, default=15.0)
    parser.add_argument(
        "--moviepy-seconds", type=float, default=4.0, help="length of the naive composite measured (it is slow)"
    )
    parser.add_argument("--footage-only", action="store_true", help="measure the footage render alone")
    args = parser.parse_args()
    if args.footage_only:
        with tempfile.TemporaryDirectory() as folder:
            footage = footage_case(Path(folder), args.footage_seconds, args.runs)
        print(f"footage, median of {args.runs}:")
        print_footage(footage)
        return
    cli = [sys.executable, "-m", "creator_kit"]
    prepared = prepare(args.script, PlanOptions())
    canvas, timeline = prepared.template.canvas, prepared.timeline
    settings = QUALITIES["standard"]

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        render_seconds, render_memory = median_run(cli + ["render", str(args.script), "-o", str(work / "r")], args.runs)
        video = next((work / "r").glob("*.mp4"))
        floors = {}
        for name, raw in (("rgb24", RawVideo("rgb24")), ("yuv420p", RawVideo(PIXEL_FORMAT, COLOR_ARGUMENTS))):
            frames = work / f"frames.{name}"
            decode(video, name, frames)
            out = work / f"floor-{name}.mp4"
            command = ffmpeg_command(
                (canvas.width, canvas.height), canvas.fps, timeline.frame_count, out, [], settings, raw
            )
            floors[name] = (median_run(command, args.runs, frames)[0], x264_options(out))
            frames.unlink()
        preview_seconds, _ = median_run(cli + ["preview", str(args.script), "-o", str(work / "sheet.png")], args.runs)
        long = long_script(args.script, args.long_seconds, work / "long.yaml")
        _, long_memory = run_measured(cli + ["render", str(long), "-o", str(work / "long")])
        naive_fps = moviepy_fps(args.script, args.moviepy_seconds)
        footage = footage_case(work, args.footage_seconds, args.runs)
        same_settings = {x264_options(video)} == {options for _, options in floors.values()}

    render_fps = timeline.frame_count / render_seconds
    print(
        f"{args.script.name}: {timeline.frame_count} frames, {timeline.duration:.1f} s at "
        f"{canvas.width}x{canvas.height}, x264 {settings.preset} crf {settings.crf} (--quality standard), "
        f"median of {args.runs}"
    )
    print(f"  render (CLI)             {render_seconds:6.2f} s  {render_fps:6.1f} fps  peak {render_memory} MiB")
    print(f"  floor, rgb24 piped       {floors['rgb24'][0]:6.2f} s")
    print(f"  floor, yuv420p piped     {floors['yuv420p'][0]:6.2f} s  (x264 alone)")
    print(f"  x264 settings identical  {'yes' if same_settings else 'NO'}")
    print(f"  moviepy composite        {naive_fps:6.1f} fps over {args.moviepy_seconds:.0f} s")
    print(f"  preview (CLI)            {preview_seconds:6.2f} s")
    print(f"  render of {args.long_seconds:.0f} s clip      peak {long_memory} MiB")
    print("ratios:")
    print(f"  render / rgb24 floor     {render_seconds / floors['rgb24'][0]:6.2f}")
    print(f"  render / yuv420p floor   {render_seconds / floors['yuv420p'][0]:6.2f}")
    print(f"  preview / render         {preview_seconds / render_seconds:6.1%}")
    print(f"  render / moviepy speed   {render_fps / naive_fps:6.1f}x")
    print(f"  memory {args.long_seconds:.0f} s / this clip   {long_memory / render_memory:6.2f}")
    print_footage(footage)


if __name__ == "__main__":
    main()
