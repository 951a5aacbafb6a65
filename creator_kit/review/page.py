"""A Review -> one self-contained HTML page, written atomically."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import os
from datetime import datetime, timezone
from pathlib import Path

from jinja2 import Environment, StrictUndefined

from creator_kit import __version__
from creator_kit.atomic import prepare_output_folder, write_text
from creator_kit.guidelines.scope import check_scope
from creator_kit.review.model import DECISION_LABELS, STATE_LABELS, Review
from creator_kit.review.page_script import SCRIPT
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


def when(text: str) -> str:
    """An ISO 8601 time as `2026-06-01 09:30 UTC` (as written when it is no time)."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc)
    return moment.strftime("%Y-%m-%d %H:%M") + (" UTC" if moment.tzinfo is not None else "")


def script_hash(script: str) -> str:
    """The Content-Security-Policy source that allows exactly `script` as an inline script."""
    return "sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")


def page_token(review: Review) -> str:
    """Names what the page shows (every item and its digest), so that decisions kept in the tab's storage
    come back on a reload of this page and never on a page of other renders."""
    items = "\n".join(f"{item.key} {item.inputs_sha256}" for clip in review.clips for item in clip.items)
    return hashlib.sha256(items.encode("utf-8")).hexdigest()[:16]


def render_page(review: Review, generated: datetime, page_folder: Path | None = None) -> str:
    """The page's HTML: every text escaped (autoescape), every picture a data: URI, one script allowed by
    its hash."""
    environment = Environment(autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    environment.filters["direction"] = direction
    environment.filters["shown_path"] = lambda text: shown_path(str(text), page_folder or Path.cwd())
    environment.filters["when"] = when
    environment.filters["items_data"] = lambda items: [dataclasses.asdict(item) for item in items]
    template = environment.from_string(PAGE)
    return template.render(
        script=SCRIPT,
        script_hash=script_hash(SCRIPT),
        page_token=page_token(review),
        state_labels=STATE_LABELS,
        decision_labels=DECISION_LABELS,
        review=review,
        scope=check_scope(),
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
