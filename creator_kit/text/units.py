"""Units a line must keep whole: e-mail addresses, URLs, phone numbers, @handles, hashtags, and numbers
with their sign, spaces or unit.

Shaping draws each in its own isolate (left to right for all but handles and hashtags, which take the
direction of their first letter), wrapping breaks a line only outside them (a URL also after its own
`/ . ? &`), and captions isolate them the same way, so the picture, the sidecars and the post caption
agree. Pure functions over strings.

Recognisers: phone numbers are found by `phonenumbers` (Google's libphonenumber data; numbers written
in international form, +971 4 519 2519, in any digits); e-mail addresses by the WHATWG HTML "valid
e-mail address" pattern; URLs by a scheme (http, https) or `www.`, or a domain followed by a path.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, get_args

import phonenumbers
import regex

LEFT_TO_RIGHT_ISOLATE, FIRST_STRONG_ISOLATE, POP_DIRECTIONAL_ISOLATE = "\u2066", "\u2068", "\u2069"

# https://html.spec.whatwg.org/multipage/input.html#valid-e-mail-address, unanchored for running text.
_EMAIL = regex.compile(
    r"(?<![\w.!#$%&'*+/=?^`{|}~-])[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@"
    r"[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*"
)
_URL = regex.compile(
    r"(?:https?://|www\.)[^\s\u202a-\u202e\u2066-\u2069]+"
    r"|(?<![\w@.])[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)*\.[a-zA-Z]{2,}/[^\s\u202a-\u202e\u2066-\u2069]*"
)
_TAG = regex.compile(r"[#@][\w\p{M}][\w\p{M}.]*")
# A number is a unit when it carries a sign, spaces between digit groups (1 000, or a local phone number
# 800 4673 that phonenumbers cannot place without a region), or a unit after a space
# (53% and 5km are one word and read the same in either direction anyway).
_NUMBER = regex.compile(
    r"(?<![\w.,٫])(?P<sign>[+\-\u2212±])?\d+(?P<groups>(?:[ \u00a0\u202f]\d{2,4})+)?(?:[.,٫٬]\d+)*"
    r"(?P<unit>[ \u00a0\u202f]?(?:%|٪|‰|°[CF]?|(?:km|cm|mm|kg|mg|ml|min|GB|MB|kB|m|g|l|h|s)(?![\w])))?"
)
_TRAILING_PUNCTUATION = ".,!?;:)]}،؛؟…"
URL_BREAKS_AFTER = "/.?&"
_PHONE_LENIENCY = phonenumbers.Leniency.POSSIBLE
UnitKind = Literal["email", "url", "phone", "handle", "hashtag", "number"]
KINDS: tuple[UnitKind, ...] = get_args(UnitKind)
CAPTION_KINDS: tuple[UnitKind, ...] = ("phone", "number")


@dataclass(frozen=True)
class Unit:
    """Characters `start` to `end` of a text are one unit of `kind`."""

    start: int
    end: int
    kind: UnitKind

    @property
    def left_to_right(self) -> bool:
        """Handles and hashtags take their own first letter's direction (#كلنا_معاك reads right to left)."""
        return self.kind not in ("handle", "hashtag")


def _trimmed(text: str, start: int, end: int) -> int:
    while end > start + 1 and text[end - 1] in _TRAILING_PUNCTUATION:
        end -= 1
    return end


def _candidates(text: str) -> list[Unit]:
    """Every unit any recogniser finds, in priority order (an address before the handle inside it)."""
    found = [Unit(m.start(), _trimmed(text, m.start(), m.end()), "email") for m in _EMAIL.finditer(text)]
    found += [Unit(m.start(), _trimmed(text, m.start(), m.end()), "url") for m in _URL.finditer(text)]
    found += [
        Unit(match.start, match.end, "phone")
        for match in phonenumbers.PhoneNumberMatcher(text, None, leniency=_PHONE_LENIENCY)
    ]
    found += [
        Unit(m.start(), _trimmed(text, m.start(), m.end()), "handle" if m.group()[0] == "@" else "hashtag")
        for m in _TAG.finditer(text)
    ]
    found += [
        Unit(m.start(), m.end(), "number")
        for m in _NUMBER.finditer(text)
        if m.group("sign") or m.group("groups") or (m.group("unit") or "")[:1].isspace()
    ]
    return found


@lru_cache(maxsize=8192)
def find_units(text: str) -> tuple[Unit, ...]:
    """The units of `text` in order, none overlapping (a unit found first wins its characters).

    Cached: wrapping and fitting itemize the same candidate lines again and again."""
    taken: list[Unit] = []
    for unit in _candidates(text):
        if unit.end > unit.start and all(unit.end <= other.start or unit.start >= other.end for other in taken):
            taken.append(unit)
    return tuple(sorted(taken, key=lambda unit: unit.start))


def break_points(word: str) -> tuple[int, ...]:
    """Offsets inside `word` where a line may break if it is one URL: after each `/ . ? &` (none
    for any other word, which breaks only between grapheme clusters as a last resort)."""
    units = find_units(word)
    if len(units) != 1 or units[0].kind != "url" or (units[0].start, units[0].end) != (0, len(word)):
        return ()
    return tuple(index + 1 for index, char in enumerate(word[:-1]) if char in URL_BREAKS_AFTER)


def isolated(text: str, kinds: tuple[UnitKind, ...] = KINDS) -> str:
    """`text` with each unit of `kinds` in its isolate (LRI, or FSI for a handle or hashtag, ... PDI), as
    the picture draws it. Captions isolate CAPTION_KINDS: a phone number or a signed, grouped number
    whose digit groups plain bidi would show in reverse order inside right-to-left text."""
    pieces, index = [], 0
    for unit in (unit for unit in find_units(text) if unit.kind in kinds):
        opener = LEFT_TO_RIGHT_ISOLATE if unit.left_to_right else FIRST_STRONG_ISOLATE
        pieces += [text[index : unit.start], opener, text[unit.start : unit.end], POP_DIRECTIONAL_ISOLATE]
        index = unit.end
    pieces.append(text[index:])
    return "".join(pieces)
