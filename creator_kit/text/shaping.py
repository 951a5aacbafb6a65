"""Bidi and Arabic shaping: split a logical line into visual runs, each drawable by one font.

Two engines, never combined (double shaping reverses text, arabic-reshaper #102):
- raqm: Pillow's RAQM layout (HarfBuzz + FriBiDi) shapes the plain logical text
  of each run; the run is drawn with an explicit direction.
- fallback: Pillow's BASIC layout with arabic-reshaper (presentation forms)
  and the run reversed by grapheme cluster here.
In both, the order of runs on a line comes from python-bidi's embedding levels
for the whole line with the paragraph's direction, so a run drawn with a
fallback font (Latin, emoji) lands where the Unicode Bidi Algorithm puts it.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import arabic_reshaper
import regex
from bidi import algorithm as bidi_algorithm
from PIL import ImageFont, features

from creator_kit.errors import CreatorKitError
from creator_kit.text.fonts import FontSet

RAQM = "raqm"
FALLBACK = "fallback"
ENGINES = (RAQM, FALLBACK)
ENGINE_ENVIRONMENT_VARIABLE = "CREATOR_KIT_SHAPER"

_RESHAPER = arabic_reshaper.ArabicReshaper(configuration={
    "delete_harakat": False,
    "support_ligatures": True,
})
_ARABIC_INDIC = str.maketrans("0123456789%", "٠١٢٣٤٥٦٧٨٩٪")
_GRAPHEME = regex.compile(r"\X")
_MIRRORED_PAIRS = str.maketrans("()[]{}<>«»", ")(][}{><»«")
# Hashtags, @handles and URLs are kept whole, each in the direction of its own
# first strong letter: #EndTheStigma reads #EndTheStigma inside Arabic text.
_ATOMIC_TOKEN = regex.compile(r"https?://[^\s]+|www\.[^\s]+|[#@][\w\p{M}][\w\p{M}.]*")
_TOKEN_TRAILING_PUNCTUATION = ".,!?;:)]}،؛؟…"
_LRE, _RLE, _PDF = "\u202a", "\u202b", "\u202c"
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


@dataclass(frozen=True)
class Run:
    """Text in logical order that one font draws in one direction."""

    text: str
    font: Path | None
    rtl: bool


def raqm_available() -> bool:
    return bool(features.check("raqm"))


def select_engine(requested: str | None = None) -> str:
    """The engine asked for (argument, then $CREATOR_KIT_SHAPER), else the best available."""
    choice = requested or os.environ.get(ENGINE_ENVIRONMENT_VARIABLE) or None
    if choice is None:
        return RAQM if raqm_available() else FALLBACK
    if choice not in ENGINES:
        raise CreatorKitError(f"unknown shaping engine {choice!r} (choose {' or '.join(ENGINES)})")
    if choice == RAQM and not raqm_available():
        raise CreatorKitError("shaping engine 'raqm' is not available: Pillow cannot load libraqm/libfribidi "
                              "(install Debian's libfribidi0), or use --shaper fallback")
    return choice


def layout_engine(engine: str) -> int:
    return ImageFont.Layout.RAQM if engine == RAQM else ImageFont.Layout.BASIC


def paragraph_is_rtl(text: str) -> bool:
    """Direction from the first strong character (Unicode Bidi rules P2-P3); LTR if none."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return False
        if kind in ("R", "AL"):
            return True
    return False


def localize_digits(text: str, digits: str) -> str:
    """Western digits and % as Arabic-Indic (٥٣٪) when asked; otherwise unchanged."""
    return text.translate(_ARABIC_INDIC) if digits == "arabic-indic" else text


def atomic_tokens(text: str) -> list[tuple[int, int]]:
    """(start, end) of each hashtag, @handle and URL, without trailing punctuation."""
    spans = []
    for match in _ATOMIC_TOKEN.finditer(text):
        end = match.end()
        while end > match.start() + 1 and text[end - 1] in _TOKEN_TRAILING_PUNCTUATION:
            end -= 1
        spans.append((match.start(), end))
    return spans


def embedding_levels(text: str, rtl: bool) -> list[int]:
    """Resolved bidi embedding level of every character of one line.

    Each atomic token is wrapped in an embedding of its own direction first,
    so its parts stay together in the order they were written.
    """
    if not text:
        return []
    marked, origin = [], []
    spans = {start: end for start, end in atomic_tokens(text)}
    index = 0
    while index < len(text):
        if index in spans:
            end = spans[index]
            token = text[index:end]
            marked.append(_RLE if paragraph_is_rtl(token) else _LRE)
            origin.append(None)
            for offset, char in enumerate(token):
                marked.append(char)
                origin.append(index + offset)
            marked.append(_PDF)
            origin.append(None)
            index = end
        else:
            marked.append(text[index])
            origin.append(index)
            index += 1
    storage = bidi_algorithm.get_empty_storage()
    storage["base_level"] = 1 if rtl else 0
    storage["base_dir"] = "R" if rtl else "L"
    bidi_algorithm.get_embedding_levels("".join(marked), storage)
    bidi_algorithm.explicit_embed_and_overrides(storage)
    bidi_algorithm.resolve_weak_types(storage)
    bidi_algorithm.resolve_neutral_types(storage, False)
    bidi_algorithm.resolve_implicit_levels(storage, False)
    resolved = storage["chars"]
    if len(resolved) != len(marked):  # rule X9 removed the embedding controls
        origin = [position for position in origin if position is not None]
    levels = [0] * len(text)
    for char, position in zip(resolved, origin):
        if position is not None:
            levels[position] = char["level"]
    return levels


def _is_invisible(cluster: str) -> bool:
    return all(unicodedata.category(c) in ("Cf", "Cc", "Zl", "Zp") for c in cluster)


def _can_continue(run_font: Path | None, cluster: str, font: Path | None, fonts: FontSet) -> bool:
    """Whether `cluster` joins the current run: same font, or a neutral the run's font has.

    Keeping spaces, digits and punctuation in the surrounding font avoids a
    URL or a number drawn in two typefaces.
    """
    if run_font == font:
        return True
    if run_font is None or fonts.is_color(run_font) or font is not None and fonts.is_color(font):
        return False
    neutral = unicodedata.bidirectional(cluster[0]) not in ("L", "R", "AL")
    return neutral and all(fonts.covers(run_font, char) for char in cluster)


def logical_runs(line: str, rtl: bool, fonts: FontSet) -> list[tuple[Run, int]]:
    """Runs in logical order with their bidi level: a new run at each change of level or font."""
    levels = embedding_levels(line, rtl)
    runs: list[tuple[list[str], Path | None, int]] = []
    position = 0
    for cluster in _GRAPHEME.findall(line):
        level = levels[position]
        position += len(cluster)
        if cluster in _BIDI_CONTROLS:
            continue
        if _is_invisible(cluster):
            if runs:
                runs[-1][0].append(cluster)
            continue
        font = fonts.font_for(cluster)
        if runs and runs[-1][2] == level and _can_continue(runs[-1][1], cluster, font, fonts):
            runs[-1][0].append(cluster)
        else:
            runs.append(([cluster], font, level))
    return [(Run("".join(parts), font, level % 2 == 1), level) for parts, font, level in runs]


def visual_order(runs_with_levels: list[tuple[Run, int]]) -> list[Run]:
    """Reorder runs left to right (Unicode Bidi rule L2 applied to whole runs)."""
    items = list(runs_with_levels)
    if not items:
        return []
    highest = max(level for _, level in items)
    lowest_odd = min((level for _, level in items if level % 2), default=highest + 1)
    for level in range(highest, lowest_odd - 1, -1):
        index = 0
        while index < len(items):
            if items[index][1] >= level:
                end = index
                while end < len(items) and items[end][1] >= level:
                    end += 1
                items[index:end] = reversed(items[index:end])
                index = end
            else:
                index += 1
    return [run for run, _ in items]


@lru_cache(maxsize=8192)
def itemize(line: str, rtl: bool, fonts: FontSet) -> tuple[Run, ...]:
    """One line of logical text as runs in visual (left-to-right drawing) order.

    Cached: wrapping, balancing and auto-fit measure the same candidate lines
    again and again, and the bidi levels do not depend on the font size.
    """
    return tuple(visual_order(logical_runs(line, rtl, fonts)))


def drawable(run: Run, engine: str) -> tuple[str, dict]:
    """The string and Pillow keyword arguments that draw `run` with `engine`.

    raqm gets the logical text and a direction. fallback gets presentation
    forms reversed character by character: Arabic fonts position a zero-width
    mark over the glyph drawn after it in left-to-right order, so a mark must
    precede its letter; emoji sequences are reversed whole.
    """
    if engine == RAQM:
        return run.text, {"direction": "rtl" if run.rtl else "ltr"}
    if not run.rtl:
        return run.text, {}
    if run.font is not None and FontSet.is_color(run.font):
        return "".join(reversed(_GRAPHEME.findall(run.text))), {}
    return _RESHAPER.reshape(run.text)[::-1].translate(_MIRRORED_PAIRS), {}
