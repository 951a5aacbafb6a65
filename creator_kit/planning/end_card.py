"""What the resources end card, the post caption and the manifest say about the attached help resources.

Everything shown comes from entries checked when the directory was loaded
(resources.safe_url, resources.shown_text_problem): URLs are https, without
user information, invisible, bidi or quote characters, with an ASCII host (an
internationalized one converted to punycode), so the card, the caption and
the QR code all name the host a browser will open.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import yaml
from PIL import Image

from creator_kit.inputs.template import QrPlacement
from creator_kit.paths import PACKAGE_DIR
from creator_kit.resources.directory import Resource
from creator_kit.text.layout import TextBlock

QR_QUIET_ZONE = 4
"""Modules of white around the code, as ISO/IEC 18004 requires."""

LEFT_TO_RIGHT_EMBEDDING, POP_DIRECTIONAL_FORMATTING = "\u202a", "\u202c"
"""Around a phone line, so that 800 4673 or 800 SAKINA keeps its written order inside Arabic text."""

HEADING_FILE = PACKAGE_DIR / "data" / "end_card.yaml"

HEADING_SCALE, PHONE_SCALE, NAME_SCALE, URL_SCALE = 1.0, 0.9, 0.6, 0.5
"""Sizes relative to the end card's text size: the heading, then the phone numbers a viewer dials,
then the names and the short URL."""

RESOURCE_SPACE = 0.6
"""Room above each resource, in its first line's heights."""

_NAME_EDGES = " \t,،:;-–—()"


@lru_cache(maxsize=1)
def _headings() -> dict[str, str]:
    with HEADING_FILE.open(encoding="utf-8") as file:
        return dict(yaml.safe_load(file)["heading"])


def heading(language: str) -> str:
    """The card's heading in `language`, else in English."""
    headings = _headings()
    return headings.get(language, headings["en"])


def name_without_phones(name: str, phones: Sequence[str]) -> str:
    """`name` without the phone numbers the card prints on their own line ("Ministry of Health 937"
    with phone 937 -> "Ministry of Health"), so no number is shown twice."""
    for phone in phones:
        for written in dict.fromkeys((phone, phone.replace(" ", ""))):
            name = name.replace(written, " ")
    return " ".join(name.split()).strip(_NAME_EDGES)


def _phone_line(phone: str) -> str:
    return f"{LEFT_TO_RIGHT_EMBEDDING}{phone}{POP_DIRECTIONAL_FORMATTING}"


def card_blocks(resources: Sequence[Resource], language: str) -> tuple[TextBlock, ...]:
    """The end card: a heading in the script's language, then per resource its name once (in that
    language, without a number its phone line shows), each phone number on its own large line and
    the short URL small."""
    blocks = [TextBlock(heading(language), HEADING_SCALE, "heading")]
    for resource in resources:
        parts = []
        name = name_without_phones(resource.name(language), resource.phones)
        if name:
            parts.append(TextBlock(name, NAME_SCALE, "name"))
        if resource.phones:
            parts.append(TextBlock("\n".join(_phone_line(phone) for phone in resource.phones), PHONE_SCALE, "phone"))
        if resource.short_url:
            parts.append(TextBlock(resource.short_url, URL_SCALE, "url"))
        if parts:
            parts[0] = dataclasses.replace(parts[0], space_before=RESOURCE_SPACE)
        blocks += parts
    return tuple(blocks)


def qr_url(resources: Sequence[Resource]) -> str | None:
    """The URL the card's QR code encodes: the first resource that has one."""
    return next((resource.url for resource in resources if resource.url), None)


def qr_overlay(url: str, placement: QrPlacement, canvas: tuple[int, int], scale: float = 1.0) -> Image.Image:
    """A canvas-sized RGBA layer with the QR code of `url`, dark on white with its quiet zone, scaled by
    a whole number of pixels per module and centred in the placement square; on a canvas drawn at `scale`
    times the template's size (a storyboard), that picture scaled down with it."""
    import qrcode  # only end cards need it; start-up stays light for preview

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=1, border=QR_QUIET_ZONE)
    code.add_data(url)
    code.make(fit=True)
    picture = code.make_image(fill_color="black", back_color="white").get_image().convert("RGBA")
    module = max(1, placement.size // picture.width)
    picture = picture.resize((picture.width * module, picture.height * module), Image.NEAREST)
    layer = Image.new("RGBA", canvas, (0, 0, 0, 0))
    offset = (placement.size - picture.width) // 2
    corner = (round((placement.x + offset) * scale), round((placement.y + offset) * scale))
    if scale != 1.0:
        side = max(1, round(picture.width * scale))
        picture = picture.resize((side, side), Image.LANCZOS)
    layer.alpha_composite(picture, corner)
    return layer


def caption_lines(resources: Sequence[Resource], language: str) -> tuple[str, ...]:
    """One caption line per resource, in the caption's language: name, phones, link."""
    lines = []
    for resource in resources:
        contact = " / ".join(resource.phones)
        if resource.url:
            contact = f"{contact} {resource.url}".strip()
        lines.append(f"{resource.name(language)}: {contact}")
    return tuple(lines)


def manifest_entry(resource: Resource, language: str) -> dict[str, Any]:
    """A resource as the manifest lists it: the directory entry with its name in the script's language."""
    return {"name": resource.name(language), "short_url": resource.short_url, **resource.to_dict()}
