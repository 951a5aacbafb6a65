"""Bidi and Arabic shaping: split a logical line into visual runs, each drawable by one font.

Two engines, never combined (double shaping reverses text, arabic-reshaper #102):
- raqm: Pillow's RAQM layout (HarfBuzz + FriBiDi) shapes the plain logical text
  of each run; the run is drawn with an explicit direction.
- fallback: Pillow's BASIC layout with arabic-reshaper (presentation forms)
  and the run reversed by grapheme cluster here.
In both, the order of runs on a line comes from the embedding levels the Rust
unicode-bidi crate (through python-bidi 0.6) resolves for the whole line with
the paragraph's direction: the full Unicode Bidi Algorithm (explicit
embeddings, overrides, isolates, marks), so a run drawn with a fallback font
(Latin, emoji) lands where the algorithm puts it. The controls themselves are
never drawn; zero-width (non-)joiners stay in their run for the shaper.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal, Protocol, TypedDict, TypeVar, get_args

import regex
from bidi import get_display
from fontTools.unicodedata import mirrored as unicode_mirror
from PIL import ImageFont, features

from creator_kit.errors import CreatorKitError, UndrawableText
from creator_kit.text.fonts import FontSet, is_ignorable
from creator_kit.text.joining import unformed_letters, with_shadda_ligatures
from creator_kit.text.style import Digits
from creator_kit.text.units import LEFT_TO_RIGHT_ISOLATE, find_units

Item = TypeVar("Item")
"""What visual_order reorders: a run, or a run with its number."""

Engine = Literal["raqm", "fallback"]
"""The shaping engines (above); a render uses one for all its text."""
RAQM: Engine = "raqm"
FALLBACK: Engine = "fallback"
ENGINES: tuple[Engine, ...] = get_args(Engine)
ENGINE_ENVIRONMENT_VARIABLE = "CREATOR_KIT_SHAPER"

_ARABIC_INDIC = str.maketrans("0123456789%", "٠١٢٣٤٥٦٧٨٩٪")
_EXTENDED_ARABIC_INDIC = str.maketrans("0123456789٠١٢٣٤٥٦٧٨٩%", "۰۱۲۳۴۵۶۷۸۹۰۱۲۳۴۵۶۷۸۹٪")
EXTENDED_DIGIT_LANGUAGES = ("fa", "ur")
_GRAPHEME = regex.compile(r"\X")
_FSI, _PDI = "\u2068", "\u2069"
_LRE, _RLE, _LRO, _RLO = "\u202a", "\u202b", "\u202d", "\u202e"
_EXPLICIT_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_BIDI_MARKS = "\u200e\u200f\u061c"
_WITHOUT_BIDI_CONTROLS = str.maketrans("", "", _EXPLICIT_CONTROLS + _BIDI_MARKS)
_ISOLATE_INITIATORS = "\u2066\u2067\u2068"
_OVERRIDES_AS_EMBEDDINGS = str.maketrans({_LRO: _LRE, _RLO: _RLE})
# Bidi classes rule X9 removes; they take the level of the character before them.
_REMOVED_BY_X9 = frozenset(("RLE", "LRE", "RLO", "LRO", "PDF", "BN"))
# Rule L1: these reset to the paragraph level at the end of a line.
_TRAILING_RESET = frozenset(("WS", "FSI", "LRI", "RLI", "PDI"))
_LEVELS_REPORT = regex.compile(r"\n    levels: \[(.*?)\n    \],", regex.S)
_CLASSES_REPORT = regex.compile(r"\n    original_classes: \[(.*?)\n    \],", regex.S)
_LEVEL = regex.compile(r"Level\(\s*(\d+)")
_CLASS = regex.compile(r"[A-Z]+")


@dataclass(frozen=True)
class Run:
    """Text in logical order that one font draws in one direction."""

    text: str
    font: Path | None
    rtl: bool


class TextOptions(TypedDict, total=False):
    """The keyword arguments of Pillow's text drawing and measuring that `drawable` gives a run."""

    direction: str
    language: str


class ReversingOverride(UndrawableText):
    """A bidi override (U+202D, U+202E) would draw letters or digits in the opposite order to the captions."""


def raqm_available() -> bool:
    return bool(features.check("raqm"))


def select_engine(requested: str | None = None) -> Engine:
    """The engine asked for (argument, then $CREATOR_KIT_SHAPER), else the best available."""
    choice = requested or os.environ.get(ENGINE_ENVIRONMENT_VARIABLE) or None
    if choice is None:
        return RAQM if raqm_available() else FALLBACK
    if choice not in ENGINES:
        raise CreatorKitError(f"unknown shaping engine {choice!r} (choose {' or '.join(ENGINES)})")
    if choice == RAQM and not raqm_available():
        raise CreatorKitError(
            "shaping engine 'raqm' is not available: Pillow cannot load libraqm/libfribidi "
            "(install Debian's libfribidi0), or use --shaper fallback"
        )
    return choice


def layout_engine(engine: Engine) -> ImageFont.Layout:
    return ImageFont.Layout.RAQM if engine == RAQM else ImageFont.Layout.BASIC


def paragraph_is_rtl(text: str) -> bool:
    """Direction from the first strong character outside isolates (Unicode Bidi rules P2-P3); LTR if none."""
    depth = 0
    for char in text:
        if char in _ISOLATE_INITIATORS:
            depth += 1
        elif char == _PDI:
            depth = max(0, depth - 1)
        elif depth == 0:
            kind = unicodedata.bidirectional(char)
            if kind == "L":
                return False
            if kind in ("R", "AL"):
                return True
    return False


def localize_digits(text: str, digits: Digits, language: str | None = None) -> str:
    """With `arabic-indic`, Western digits and % as the language writes them: Persian and Urdu use the
    extended Arabic-Indic digits (۴۵۶, Arabic-Indic ones too become these), other languages the
    Arabic-Indic ones (٤٥٦). Urdu's own shapes of ۴ ۶ ۷ are the font's, chosen by the language tag
    raqm gets (`drawable`). Otherwise unchanged."""
    if digits != "arabic-indic":
        return text
    if primary_language(language) in EXTENDED_DIGIT_LANGUAGES:
        return text.translate(_EXTENDED_ARABIC_INDIC)
    return text.translate(_ARABIC_INDIC)


def primary_language(language: str | None) -> str | None:
    """The primary subtag of a BCP 47 tag, lower case (fa-IR -> fa)."""
    return language.split("-")[0].split("_")[0].lower() if language else None


def _isolated_tokens(text: str) -> tuple[str, tuple[int | None, ...]]:
    """`text` with each unit (text/units.py) in an isolate, and the origin of every character.

    An e-mail address, URL, phone number or signed number is a left-to-right isolate, a handle or
    hashtag a first-strong one (its own first letter's direction), so its parts stay together in the
    order they were written.
    """
    marked: list[str] = []
    origin: list[int | None] = []
    index = 0
    for unit in find_units(text):
        opener = LEFT_TO_RIGHT_ISOLATE if unit.left_to_right else _FSI
        marked += [text[index : unit.start], opener, text[unit.start : unit.end], _PDI]
        origin += [*range(index, unit.start), None, *range(unit.start, unit.end), None]
        index = unit.end
    marked.append(text[index:])
    origin += range(index, len(text))
    return "".join(marked), tuple(origin)


@lru_cache(maxsize=4096)
def _unicode_bidi(text: str, rtl: bool) -> tuple[tuple[int, ...], tuple[str, ...]]:
    """Resolved levels (rules up to I2, before L1) and bidi classes of every character of `text`.

    python-bidi 0.6 wraps the Rust unicode-bidi crate (UBA with isolates) but
    returns levels only in its debug report, one per UTF-8 byte.
    """
    report = get_display(text, base_dir="R" if rtl else "L", debug=True)
    levels_found = _LEVELS_REPORT.findall(report)
    classes_found = _CLASSES_REPORT.findall(report)
    byte_levels = _LEVEL.findall(levels_found[-1]) if levels_found else []
    byte_classes = _CLASS.findall(classes_found[-1]) if classes_found else []
    sizes = [len(char.encode("utf-8", "surrogatepass")) for char in text]
    if len(byte_levels) != sum(sizes) or len(byte_classes) != sum(sizes):
        raise CreatorKitError("python-bidi did not report bidi levels as version 0.6 does: install python-bidi 0.6")
    starts = [0]
    for size in sizes[:-1]:
        starts.append(starts[-1] + size)
    return tuple(int(byte_levels[i]) for i in starts), tuple(byte_classes[i] for i in starts)


def _line_levels(levels: tuple[int, ...], classes: tuple[str, ...], base: int) -> list[int]:
    """Rule L1 for one line; boundary neutrals (BN: joiners, tags) take the level of the character
    before them, so they stay in its grapheme cluster."""
    result = list(levels)
    trailing = True
    for index in reversed(range(len(result))):
        kind = classes[index]
        if kind in ("S", "B"):
            result[index], trailing = base, True
        elif trailing and (kind in _TRAILING_RESET or kind in _REMOVED_BY_X9):
            result[index] = base
        else:
            trailing = False
    previous = next((level for level, kind in zip(result, classes) if kind != "BN"), base)
    for index, kind in enumerate(classes):
        if kind == "BN":
            result[index] = previous
        else:
            previous = result[index]
    return result


def _resolved(line: str, rtl: bool) -> tuple[str, tuple[int | None, ...], list[int]]:
    """`line` with its atomic tokens isolated, the origin of each of its characters, and their levels."""
    marked, origin = _isolated_tokens(line)
    levels, classes = _unicode_bidi(marked, rtl)
    return marked, origin, _line_levels(levels, classes, 1 if rtl else 0)


def embedding_levels(text: str, rtl: bool, isolate_units: bool = True) -> list[int]:
    """Resolved bidi embedding level of every character of one line (the line's rules L1 applied).

    Units (text/units.py) are isolated in their own direction first, unless
    `isolate_units` is false. Zero-width joiners and other boundary neutrals
    take the level of the character before them, so they stay in its run.
    """
    if not text:
        return []
    if not isolate_units:
        return _line_levels(*_unicode_bidi(text, rtl), 1 if rtl else 0)
    _, origin, resolved = _resolved(text, rtl)
    return [level for level, position in zip(resolved, origin) if position is not None]


def check_overrides(text: str) -> None:
    """Raise ReversingOverride when an LRO/RLO in `text` changes the order letters or digits are drawn in.

    The pictures would then disagree with the captions, which keep the text as
    written (`Call <RLO>1234 567<PDF>` would show 765 4321). Each paragraph's
    levels are compared with those of the same paragraph read with embeddings
    in place of the overrides.
    """
    if _LRO not in text and _RLO not in text:
        return
    rtl = paragraph_is_rtl(text)
    offset = 0
    for paragraph in text.split("\n"):
        as_written = embedding_levels(paragraph, rtl, isolate_units=False)
        embedded = embedding_levels(paragraph.translate(_OVERRIDES_AS_EMBEDDINGS), rtl, isolate_units=False)
        changed = [
            i
            for i, char in enumerate(paragraph)
            if as_written[i] != embedded[i] and not is_ignorable(char) and not char.isspace()
        ]
        if changed:
            overrides = [i for i, char in enumerate(paragraph) if char in (_LRO, _RLO)]
            override = max((i for i in overrides if i < changed[0]), default=overrides[0])
            char = paragraph[override]
            raise ReversingOverride(
                f"the bidi control U+{ord(char):04X} {unicodedata.name(char)} at position {offset + override + 1} "
                f"would draw {paragraph[changed[0] : changed[-1] + 1]!r} in reverse while the captions keep it as "
                "written: remove it"
            )
        offset += len(paragraph) + 1


def _is_invisible(cluster: str) -> bool:
    return all(is_ignorable(c) for c in cluster)


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


def _units(line: str, levels: list[int]) -> list[tuple[str, int]]:
    """Grapheme clusters with their level; a cluster whose characters the algorithm puts at
    different levels (a prepended number sign before a letter) is split."""
    units = []
    position = 0
    for cluster in _GRAPHEME.findall(line):
        start = position
        for index in range(position + 1, position + len(cluster)):
            if levels[index] != levels[index - 1]:
                units.append((line[start:index], levels[start]))
                start = index
        units.append((line[start : position + len(cluster)], levels[start]))
        position += len(cluster)
    return units


def logical_runs(line: str, rtl: bool, fonts: FontSet) -> list[tuple[Run | None, int]]:
    """Runs in logical order with their bidi level: a new run at each change of level or font.

    A bidi control is not drawn but keeps its place as None where its level
    differs from the run before it: it separates the runs around it when
    they are reordered (`a<FSI>#a<PDI>` in a right-to-left line shows `#a`
    left of `a`). At the run's own level it is skipped, so a mark inside a
    word does not break the word's shaping.
    """
    runs: list[tuple[list[str], Path | None, int] | tuple[None, None, int]] = []
    marked, _, levels = _resolved(line, rtl) if line else ("", (), [])
    for cluster, level in _units(marked, levels):
        current = runs[-1] if runs and runs[-1][0] is not None else None
        if not cluster.translate(_WITHOUT_BIDI_CONTROLS):
            if not current or current[2] != level:  # at the run's own level it changes no order
                runs.append((None, None, level))
            continue
        if _is_invisible(cluster):
            if current:
                current[0].append(cluster)
            continue
        font = fonts.font_for(cluster)
        if current and current[2] == level and _can_continue(current[1], cluster, font, fonts):
            current[0].append(cluster)
        else:
            runs.append(([cluster], font, level))
    return [
        (None if parts is None else Run("".join(parts), font, level % 2 == 1), level) for parts, font, level in runs
    ]


def visual_order(runs_with_levels: list[tuple[Item | None, int]]) -> list[Item]:
    """Reorder runs (or anything standing for them) left to right (Unicode Bidi rule L2 applied to whole runs); controls (None) are left out."""
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
    return [run for run, _ in items if run is not None]


@lru_cache(maxsize=8192)
def itemize(line: str, rtl: bool, fonts: FontSet) -> tuple[Run, ...]:
    """One line of logical text as runs in visual (left-to-right drawing) order.

    Cached: wrapping, balancing and auto-fit measure the same candidate lines
    again and again, and the bidi levels do not depend on the font size.
    """
    return tuple(visual_order(logical_runs(line, rtl, fonts)))


def drawable(run: Run, engine: Engine, language: str | None = None) -> tuple[str, TextOptions]:
    """The string and Pillow keyword arguments that draw `run` with `engine` in `language`.

    raqm gets the logical text, a direction and the language (HarfBuzz picks the
    font's forms for it: Urdu digits, Sindhi or Kashmiri letters); HarfBuzz honours
    zero-width (non-)joiners and hides other default-ignorable characters. An emoji
    run is shaped left to right cluster by cluster, its clusters in reverse order
    when the run is right to left: HarfBuzz reverses a right-to-left buffer before
    the font's ligatures apply, which would split ZWJ sequences, flags and skin
    tones into their parts. fallback gets
    presentation forms reversed character by character: Arabic fonts position
    a zero-width mark over the glyph drawn after it in left-to-right order, so
    a mark must precede its letter; emoji are reversed by cluster. BASIC layout
    would draw default-ignorable characters as boxes, so they are left out
    once arabic-reshaper has used the joiners.
    """
    is_emoji = run.font is not None and FontSet.is_color(run.font)
    if run_engine(run, engine) == RAQM:
        if is_emoji:
            clusters = _GRAPHEME.findall(run.text)
            return "".join(reversed(clusters) if run.rtl else clusters), {"direction": "ltr"}
        options: TextOptions = {"direction": "rtl" if run.rtl else "ltr"}
        return run.text, {**options, "language": language} if language else options
    if is_emoji:
        clusters = _GRAPHEME.findall(run.text)
        return "".join(FontSet.basic_emoji(c) for c in (reversed(clusters) if run.rtl else clusters)), {}
    if not run.rtl:
        return _visible(run.text), {}
    return _visible(mirrored(with_shadda_ligatures(_presentation_forms(run.text))[::-1])), {}


def run_engine(run: Run, engine: Engine) -> Engine:
    """The engine that draws `run`: the line's, except that the fallback engine lends what it cannot
    form itself to raqm when Pillow has it: emoji sequences (BASIC layout has no ligatures) and
    letters arabic-reshaper has no presentation forms for (text/joining.py). Without raqm such a run
    is refused before drawing (text/clusters.py)."""
    if engine != FALLBACK or run.font is None or not raqm_available():
        return engine
    if FontSet.is_color(run.font) or (run.rtl and unformed_letters(run.text)):
        return RAQM
    return engine


def _presentation_forms(text: str) -> str:
    """arabic-reshaper's contextual forms of `text`. The library fails (IndexError) on a zero-width joiner
    just before a lam-alef ligature; such a run is shaped again without its joiners, which only changes
    the form the joiner asked for."""
    try:
        return _reshaper().reshape(text)
    except IndexError:
        return _reshaper().reshape(text.replace("\u200d", ""))


def mirrored(text: str) -> str:
    """Every character of a right-to-left run replaced by its Bidi_Mirroring_Glyph (rule L4): ( for ),
    〈 for 〉, ≤ for ≥. The data is Unicode's BidiMirroring.txt as fontTools ships it; RAQM does the same
    through FriBidi."""
    return "".join(chr(unicode_mirror(ord(char)) or ord(char)) for char in text)


class _Reshaper(Protocol):
    """What is used of arabic-reshaper's ArabicReshaper (the library is untyped)."""

    def reshape(self, text: str) -> str: ...


@lru_cache(maxsize=1)
def _reshaper() -> _Reshaper:
    """arabic-reshaper, imported when the fallback engine first draws (importing it costs every start-up
    about 20 ms otherwise)."""
    import arabic_reshaper

    reshaper: _Reshaper = arabic_reshaper.ArabicReshaper(
        configuration={"delete_harakat": False, "support_ligatures": True}
    )
    return reshaper


def _visible(text: str) -> str:
    return "".join(char for char in text if not is_ignorable(char))
