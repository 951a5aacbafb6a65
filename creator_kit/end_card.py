"""What the resources end card, the post caption and the manifest say about the attached help resources.

Everything shown comes from entries checked when the directory was loaded
(resources.safe_url, resources.shown_text_problem): URLs are https, without
user information, invisible, bidi or quote characters, with an ASCII host (an
internationalized one converted to punycode), so the card, the caption and
the QR code all name the host a browser will open.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PIL import Image

from creator_kit.resources import Resource
from creator_kit.template import QrPlacement

QR_QUIET_ZONE = 4
"""Modules of white around the code, as ISO/IEC 18004 requires."""

LEFT_TO_RIGHT_EMBEDDING, POP_DIRECTIONAL_FORMATTING = "\u202a", "\u202c"
"""Around a phone line, so that 800 4673 or 800 SAKINA keeps its written order inside Arabic text."""


def _other_language(language: str) -> str:
    return "en" if language == "ar" else "ar"


def card_text(resources: Sequence[Resource], language: str) -> str:
    """Per resource: its name in the script's language, in the other of Arabic/English, its phones
    and its short URL; a blank line between resources."""
    blocks = []
    for resource in resources:
        names = list(dict.fromkeys([resource.name(language), resource.name(_other_language(language))]))
        phones = " / ".join(resource.phones)
        lines = names + ([f"{LEFT_TO_RIGHT_EMBEDDING}{phones}{POP_DIRECTIONAL_FORMATTING}"] if phones else [])
        lines += [resource.short_url] if resource.short_url else []
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


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
