"""What the resources end card, the post caption and the manifest say about the attached help resources.

Everything shown comes from entries checked when the directory was loaded
(resources.safe_url, resources.shown_text_problem): URLs are https, without
user information, invisible, bidi or quote characters, with an ASCII host (an
internationalized one converted to punycode), so the card, the caption and
the QR code all name the host a browser will open.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
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
"""Around a phone on the card and in the post caption, so that 800 4673 or 800 SAKINA keeps its written
order inside Arabic text."""

HEADING_FILE = PACKAGE_DIR / "data" / "end_card.yaml"

HEADING_SCALE, PHONE_SCALE, NAME_SCALE, URL_SCALE = 1.0, 0.9, 0.6, 0.5
"""Sizes relative to the end card's text size: the heading, then the phone numbers a viewer dials,
then the names and the short URL."""

RESOURCE_SPACE = 0.6
"""Room above each resource, in its first line's heights."""

_NAME_EDGES = " \t,،:;؛-–—"

_NUMBER_GAP = r"[\s.\-\u2010-\u2015]*"
"""What a name may write between the characters of a number: spaces, dots, hyphens and dashes."""

_SPACE_BEFORE_CLOSING = re.compile(r" (?=[,،;؛:.!?؟)\]])")
_SPACE_AFTER_OPENING = re.compile(r"(?<=[(\[]) ")
_SEPARATOR_RUN = re.compile(r"([,،;؛:])(?:\s*[,،;؛:])+")
_EMPTY_BRACKETS = re.compile(r"\(\s*\)|\[\s*\]")


@lru_cache(maxsize=1)
def _headings() -> dict[str, str]:
    with HEADING_FILE.open(encoding="utf-8") as file:
        return dict(yaml.safe_load(file)["heading"])


def heading_languages() -> frozenset[str]:
    """The languages the card's heading is written in (data/end_card.yaml)."""
    return frozenset(_headings())


def heading(language: str) -> str:
    """The card's heading in `language`, else in English."""
    headings = _headings()
    return headings.get(language, headings["en"])


def _ascii_digits(text: str) -> str:
    """`text` with each decimal digit of any script (Arabic-Indic, Persian) as its ASCII digit, one
    character for one."""
    return "".join(str(unicodedata.decimal(char)) if char.isdecimal() else char for char in text)


def _written_phone(phone: str) -> re.Pattern[str] | None:
    """How a name may write `phone`: its digits in any script, its letters in any case, with or without
    spaces, dots or dashes between them (800 4673, 8004673, 800-4673, in Arabic-Indic digits), and not
    inside a longer number."""
    chars = [char for char in _ascii_digits(phone) if char.isalnum()]
    if not chars:
        return None
    before = r"(?<!\d)" if chars[0].isdigit() else r"(?<!\w)"
    after = r"(?!\d)" if chars[-1].isdigit() else r"(?!\w)"
    return re.compile(before + _NUMBER_GAP.join(map(re.escape, chars)) + after, re.IGNORECASE)


def _tidy(name: str) -> str:
    """A name with numbers cut out, read as written: single spaces, none before a comma, colon or closing
    bracket, no empty brackets, no comma doubled or left at either end ("Line , Dubai" -> "Line, Dubai")."""
    name = " ".join(_EMPTY_BRACKETS.sub(" ", name).split())
    name = _SPACE_BEFORE_CLOSING.sub("", _SPACE_AFTER_OPENING.sub("", name))
    return " ".join(_SEPARATOR_RUN.sub(r"\1", name).split()).strip(_NAME_EDGES)


def name_without_phones(name: str, phones: Sequence[str]) -> str:
    """`name` as the card, the post caption and the review page show it, without the phone numbers they
    show beside it ("Ministry of Health 937" with phone 937 -> "Ministry of Health"), so no number is said
    twice; a number is found however the name writes it (see `_written_phone`)."""
    digits = _ascii_digits(name)  # one character for one: its match spans are the name's
    cut: set[int] = set()
    for pattern in filter(None, map(_written_phone, phones)):
        for match in pattern.finditer(digits):
            cut.update(range(*match.span()))
    return _tidy("".join(" " if i in cut else char for i, char in enumerate(name)))


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
    picture = picture.resize((picture.width * module, picture.height * module), Image.Resampling.NEAREST)
    layer = Image.new("RGBA", canvas, (0, 0, 0, 0))
    offset = (placement.size - picture.width) // 2
    corner = (round((placement.x + offset) * scale), round((placement.y + offset) * scale))
    if scale != 1.0:
        side = max(1, round(picture.width * scale))
        picture = picture.resize((side, side), Image.Resampling.LANCZOS)
    layer.alpha_composite(picture, corner)
    return layer


def _caption_phone(phone: str) -> str:
    """`phone` as the post caption writes it. Digits alone are one left-to-right run in any text; groups,
    a + or letters (800 4673, 800 SAKINA) are embedded left to right as on the card, or an Arabic caption
    would show them swapped (4673 800)."""
    return phone if phone.isdecimal() else _phone_line(phone)


def caption_lines(resources: Sequence[Resource], language: str) -> tuple[str, ...]:
    """One caption line per resource, in the caption's language: its name without the numbers that follow
    it, its phones, its link ("Ministry of Health 937" with phone 937 -> "Ministry of Health: 937")."""
    lines = []
    for resource in resources:
        phones = ", ".join(_caption_phone(phone) for phone in resource.phones)
        contact = " ".join(part for part in (phones, resource.url) if part)
        name = name_without_phones(resource.name(language), resource.phones)
        lines.append(": ".join(part for part in (name, contact) if part))
    return tuple(lines)


def manifest_entry(resource: Resource, language: str) -> dict[str, Any]:
    """A resource as the manifest lists it: the directory entry with its name in the script's language."""
    return {"name": resource.name(language), "short_url": resource.short_url, **resource.to_dict()}
