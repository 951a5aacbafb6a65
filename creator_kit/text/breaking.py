"""Where a paragraph may break into lines: the words wrapping moves whole.

A break opportunity is a run of spaces (UAX #14 rule LB18) except:
- inside a unit (text/units.py): a phone number, a signed number with its unit, an address or URL
  stays on one line (a URL may still break after its own `/ . ? &`, `units.break_points`);
- before a combining mark: UAX #14 never breaks before one (LB9) and a line never starts with one.
  A mark typed after a space (the Quranic pause ۛ in `رَيْبَ ۛ فِيهِ`) stays where it was typed, its
  space kept, on the line of the word before it (LB10 would make it a letter of its own; we tailor
  it so it can never open a line and be drawn on a dotted circle).
Pure functions over strings.
"""

from __future__ import annotations

import unicodedata

import regex

from creator_kit.text.units import find_units

_SPACES = regex.compile(r"[^\S\u00a0\u2007\u202f]+")  # no break at a no-break space (UAX #14 GL)


def is_combining_mark(char: str) -> bool:
    return unicodedata.category(char) in ("Mn", "Mc", "Me")


def words(paragraph: str) -> list[str]:
    """The pieces of one paragraph (no line ends) between which a line may break, in order; the spaces
    at break opportunities are dropped, those inside a piece kept as typed."""
    inside = [False] * len(paragraph)
    for unit in find_units(paragraph):
        inside[unit.start : unit.end] = [True] * (unit.end - unit.start)
    pieces, start = [], 0
    for match in _SPACES.finditer(paragraph):
        begin, end = match.span()
        if inside[begin] or (end < len(paragraph) and is_combining_mark(paragraph[end])):
            continue
        pieces.append(paragraph[start:begin])
        start = end
    pieces.append(paragraph[start:])
    return [piece for piece in pieces if piece]
