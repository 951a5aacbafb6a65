"""Characters a script's text must not hold: they cannot be drawn, captioned or posted.

Pure functions so they test without I/O. Bidi controls are the shaping module's business.
"""

from __future__ import annotations

import unicodedata

ALLOWED_CONTROLS = frozenset("\n\r\t")
_INVISIBLE_CATEGORIES = frozenset(("Zs", "Zl", "Zp", "Cc", "Cf"))


def _reason(character: str) -> str | None:
    """Why `character` is unusable in displayed text, or None when it is fine."""
    code = ord(character)
    if 0xD800 <= code <= 0xDFFF:
        return "a lone surrogate (half of a UTF-16 pair), not a character"
    if 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE:
        return "a Unicode noncharacter"
    if (code < 0x20 or 0x7F <= code <= 0x9F) and character not in ALLOWED_CONTROLS:
        return "a control character"
    return None


def unusable_characters(text: str) -> list[tuple[int, str, str]]:
    """(1-based position, character, reason) of every character `text` must not contain.

    Rejected: lone surrogates, noncharacters (U+FDD0..U+FDEF and U+xFFFE/U+xFFFF of every
    plane) and C0/C1 control characters other than line ends and tab.
    """
    found = []
    for position, character in enumerate(text, start=1):
        reason = _reason(character)
        if reason:
            found.append((position, character, reason))
    return found


def describe(found: tuple[int, str, str]) -> str:
    """`U+0007 at position 5 is a control character`: names the character without printing it."""
    position, character, reason = found
    return f"U+{ord(character):04X} at position {position} is {reason}"


def has_visible_character(text: str) -> bool:
    """Whether anything in `text` is drawn: not only spaces, line ends and format characters."""
    return any(unicodedata.category(character) not in _INVISIBLE_CATEGORIES for character in text)
