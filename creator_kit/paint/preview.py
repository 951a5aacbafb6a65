"""Storyboard contact sheet of every card and scene, without encoding video."""

from __future__ import annotations

from pathlib import Path

from creator_kit.atomic import atomic_path, prepare_output_folder
from creator_kit.paint.pictures import contact_sheet, paint_backdrop
from creator_kit.paint.readability import make_readable
from creator_kit.paint.tiles import paint_tiles
from creator_kit.planning.plan import PlanOptions, prepare

THUMB_WIDTH = 270


def write_preview(script_path: Path, out_path: Path, options: PlanOptions) -> Path:
    """Every card and scene at thumbnail size: the video's own line breaks, painted small (no full-size
    frame is made, so a preview costs a few percent of a render)."""
    prepared = make_readable(prepare(script_path, options))
    pictures = paint_tiles(prepared, paint_backdrop(prepared.template, THUMB_WIDTH / prepared.template.canvas.width))
    labels = [
        f"{event.kind} {event.index + 1 if event.kind == 'scene' else ''}  {event.start:.1f}-{event.end:.1f}s".strip()
        for event in prepared.timeline.events
    ]
    sheet = contact_sheet(pictures, labels, thumb_width=THUMB_WIDTH)
    prepare_output_folder(out_path.parent)
    with atomic_path(out_path) as temporary:
        sheet.save(temporary, format="PNG", compress_level=1)
    return out_path
