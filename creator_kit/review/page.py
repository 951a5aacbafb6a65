"""A Review -> one self-contained HTML page, written atomically."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from jinja2 import Environment, StrictUndefined

from creator_kit import __version__
from creator_kit.atomic import prepare_output_folder, write_text
from creator_kit.review.model import Review
from creator_kit.review.page_template import PAGE, STYLE
from creator_kit.text.shaping import paragraph_is_rtl

UNITS = {"utf16": "UTF-16 units", "utf8-bytes": "bytes", "code-points": "characters"}


def direction(text: str) -> str:
    """`rtl` or `ltr` by the text's first strong character, as the video's text engine decides it."""
    return "rtl" if text and paragraph_is_rtl(text) else "ltr"


def shown_path(text: str, page_folder: Path) -> str:
    """Paths beside or below the page as relative to it (short, and the same wherever the folder is moved);
    any text starting with such a path (a problem line) has it shortened."""
    prefix = f"{page_folder.resolve()}{os.sep}"
    return text[len(prefix) :] if text.startswith(prefix) else text


def render_page(review: Review, generated: datetime, page_folder: Path | None = None) -> str:
    """The page's HTML: every text escaped (autoescape), every picture a data: URI."""
    environment = Environment(autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    environment.filters["direction"] = direction
    environment.filters["shown_path"] = lambda text: shown_path(str(text), page_folder or Path.cwd())
    template = environment.from_string(PAGE)
    return template.render(
        review=review,
        style=STYLE,
        units=UNITS,
        generator=f"creator-kit {__version__}",
        generated=generated.strftime("%Y-%m-%d %H:%M"),
        rendered=bool(review.clips) and all(clip.rendered for clip in review.clips),
    )


def write_page(review: Review, out_path: Path, generated: datetime | None = None) -> int:
    """Write the page to `out_path` (renamed into place when complete); return its size in bytes."""
    html = render_page(review, generated or datetime.now(), out_path.parent)
    prepare_output_folder(out_path.parent)
    write_text(out_path, html)
    return len(html.encode("utf-8"))
