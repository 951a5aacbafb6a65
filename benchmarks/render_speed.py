"""How much faster creator-kit's frame path is than composing the same video in moviepy.

Both encode the same scenes (same painted pictures, same fades, same x264
settings) in one run, so the printed ratios hold on a noisy machine:

    python benchmarks/render_speed.py [SCRIPT] [--seconds-per-scene S]

creator-kit paints each scene once and blends only transition frames;
the moviepy way stacks ImageClips in a CompositeVideoClip with CrossFadeIn,
which composites every frame (see docs/research.md).
"""

from __future__ import annotations

import argparse
import dataclasses
import tempfile
import time
from pathlib import Path

from creator_kit.plan import PlanOptions, paint_events, prepare
from creator_kit.text.layout import fit_text
from creator_kit.text.shaping import FALLBACK, RAQM
from creator_kit.timeline import Segment, build_timeline
from creator_kit.encoder import EncodeSettings, encode
from creator_kit.video import FrameSource

ROOT = Path(__file__).resolve().parent.parent


def creator_kit_encode(prepared, out: Path, settings: EncodeSettings) -> float:
    started = time.perf_counter()
    backdrop, pictures = paint_events(prepared)
    timeline, canvas = prepared.timeline, prepared.template.canvas
    source = FrameSource(timeline, pictures, backdrop, prepared.template)
    encode(source.frame, timeline.frame_count, (canvas.width, canvas.height), timeline.fps, out, None, settings)
    return time.perf_counter() - started


def moviepy_composite_encode(prepared, out: Path, settings: EncodeSettings) -> float:
    from moviepy import CompositeVideoClip, ImageClip
    from moviepy.video.fx import CrossFadeIn

    started = time.perf_counter()
    backdrop, pictures = paint_events(prepared)
    fade = prepared.template.transition.duration
    layers = [ImageClip(backdrop).with_duration(prepared.timeline.duration)]
    for event, picture in zip(prepared.timeline.events, pictures):
        text = ImageClip(picture.text_layer[..., :3]).with_mask(
            ImageClip(picture.text_layer[..., 3] / 255.0, is_mask=True))
        clip = text.with_start(event.start).with_duration(event.end - event.start)
        layers.append(clip.with_effects([CrossFadeIn(fade)]) if event.start > 0 else clip)
    composite = CompositeVideoClip(layers, size=backdrop.shape[1::-1])
    composite.write_videofile(str(out), fps=prepared.timeline.fps, codec="libx264", audio=False,
                              preset=settings.preset, threads=settings.threads, logger=None,
                              ffmpeg_params=["-crf", str(settings.crf)])
    return time.perf_counter() - started


def layouts_per_second(texts: list[str], style, engine: str, repeat: int) -> float:
    started = time.perf_counter()
    for number in range(repeat):
        for text in texts:
            fit_text(f"{text} {number}", style, engine)
    return repeat * len(texts) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("script", nargs="?", default=str(ROOT / "examples" / "mixed-stats.yaml"))
    parser.add_argument("--seconds-per-scene", type=float, default=1.5)
    parser.add_argument("--preset", default="ultrafast")
    args = parser.parse_args()

    prepared = prepare(Path(args.script), PlanOptions())
    segments = [Segment(e.kind, e.index, e.text, args.seconds_per_scene) for e in prepared.timeline.events]
    timeline = build_timeline(segments, prepared.template.canvas.fps)
    prepared = dataclasses.replace(prepared, timeline=timeline)
    settings = EncodeSettings(preset=args.preset)
    frames = timeline.frame_count

    with tempfile.TemporaryDirectory() as folder:
        ours = creator_kit_encode(prepared, Path(folder) / "ours.mp4", settings)
        theirs = moviepy_composite_encode(prepared, Path(folder) / "moviepy.mp4", settings)
    print(f"{frames} frames at {prepared.template.canvas.width}x{prepared.template.canvas.height}, "
          f"x264 {args.preset}")
    print(f"  creator-kit frame path   {frames / ours:7.1f} fps")
    print(f"  moviepy composite        {frames / theirs:7.1f} fps")
    print(f"  speed-up                 {theirs / ours:7.2f}x")

    texts = [event.text for event in prepared.timeline.events]
    style = prepared.template.text
    raqm = layouts_per_second(texts, style, RAQM, 5)
    fallback = layouts_per_second(texts, style, FALLBACK, 5)
    print(f"text layout (fit + wrap): raqm {raqm:.1f}/s, fallback {fallback:.1f}/s, "
          f"fallback/raqm {fallback / raqm:.2f}x")


if __name__ == "__main__":
    main()
