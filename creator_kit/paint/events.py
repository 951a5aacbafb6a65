"""Each event of a plan painted: over the backdrop (the end card with its QR code), with a word in the
highlight colour when asked, at the backdrop's scale of the canvas."""

from __future__ import annotations

from PIL import Image

from creator_kit.paint.pictures import EventPicture, paint_backdrop, paint_event
from creator_kit.planning.end_card import qr_overlay, qr_url
from creator_kit.planning.plan import Prepared
from creator_kit.text.draw import Highlight
from creator_kit.text.highlight import word_spans
from creator_kit.text.scaling import scale_layout, scale_style


def paint_event_at(prepared: Prepared, backdrop: Image.Image, index: int, word: int | None = None) -> EventPicture:
    """Event `index` painted over the backdrop (the end card with its QR code), with its `word`
    (numbered as `text.split()`) in the transition's highlight colour when given; at the backdrop's
    scale of the canvas (storyboards paint small: the same lines, drawn at the scaled size)."""
    template = prepared.template
    event = prepared.timeline.events[index]
    layout, style = prepared.layouts[index], prepared.style_at(index)
    scale = backdrop.width / template.canvas.width
    if scale != 1.0:
        layout, style = scale_layout(layout, scale), scale_style(style, scale)
    url = qr_url(prepared.resources) if event.kind == "resources" else None
    qr = template.end_card.qr
    extra = qr_overlay(url, qr, backdrop.size, scale) if url and qr else None
    highlight = None
    if word is not None:
        highlight = Highlight(word_spans(layout, event.text.split())[word], template.transition.highlight)
    return paint_event(backdrop, layout, style, extra, highlight)


def paint_events(prepared: Prepared, backdrop: Image.Image | None = None) -> list[EventPicture]:
    """Every event painted over the backdrop (painted here unless given)."""
    backdrop = backdrop or paint_backdrop(prepared.template)
    return [paint_event_at(prepared, backdrop, index) for index in range(len(prepared.timeline.events))]
