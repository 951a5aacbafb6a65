"""Fold text for matching, remembering where every folded character came from.

Arabic is written with optional harakat, tatweel for stretching, several
alef/hamza forms, ya or alef maqsura and ta marbuta or ha at word ends, and
Arabic-Indic digits; Latin text differs in case and apostrophes. Matching
runs on the folded text; `origins` maps each folded character back to its
index in the original, so findings report columns of what the author wrote.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import regex

_DROPPED = frozenset(
    [chr(c) for c in range(0x064B, 0x0660)]  # harakat: tanween, fatha ... sukun, maddah, hamza marks
    + [chr(c) for c in range(0x06D6, 0x06EE)]  # Quranic annotation marks
    + ["\u0670", "\u0640"]  # superscript alef, tatweel
    + ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\ufeff"]  # zero-width and direction marks
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]  # bidi controls
    + ["\u00ad", "\u2060"]  # soft hyphen, word joiner
    + [chr(c) for c in range(0xFE00, 0xFE10)]
    + [chr(c) for c in range(0xE0100, 0xE01F0)]  # variation selectors
    + [chr(c) for c in range(0xE0020, 0xE0080)]  # tags of subdivision flags
)

_FOLDED = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ٲ": "ا",
    "ٳ": "ا",
    "ى": "ي",
    "ی": "ي",
    "ئ": "ي",
    "ة": "ه",
    "ۀ": "ه",
    "ھ": "ه",
    "ؤ": "و",
    "ک": "ك",
    "٪": "%",
    "٫": ".",
    "٬": ",",
    "’": "'",
    "‘": "'",
    "ʼ": "'",
    "`": "'",
}
_FOLDED.update({chr(0x0660 + d): str(d) for d in range(10)})  # Arabic-Indic digits
_FOLDED.update({chr(0x06F0 + d): str(d) for d in range(10)})  # Eastern Arabic-Indic digits

_ARABIC_LETTER = regex.compile(r"\p{Script=Arabic}")
_WORD = regex.compile(r"[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*")


@dataclass(frozen=True)
class Folded:
    """Folded text and, for each of its characters, the index of the original character."""

    text: str
    origins: tuple[int, ...]
    original: str

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original [start, end) that folded [start, end) came from, with trailing marks."""
        first = self.origins[start]
        last = self.origins[end - 1] + 1
        while last < len(self.original) and self.original[last] in _DROPPED:
            last += 1
        return first, last


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def is_arabic(self) -> bool:
        return bool(_ARABIC_LETTER.search(self.text))


def _fold_plain_character(character: str) -> str:
    if character in _DROPPED:
        return ""
    return _FOLDED.get(character) or character.casefold()


def _fold_character(character: str) -> str:
    """Fold one character; Arabic presentation forms (from copied shaped text) are first
    replaced by their NFKC letters, which are folded without another decomposition."""
    if "\ufb50" <= character <= "\ufeff" and character not in _DROPPED:
        compatible = unicodedata.normalize("NFKC", character)
        if compatible != character:
            return "".join(_fold_plain_character(c) for c in compatible)
    return _fold_plain_character(character)


def fold(text: str) -> Folded:
    """Fold `text` for matching: no harakat or tatweel, one alef, ya for alef maqsura, ha for
    ta marbuta, Western digits, lower case; `origins` maps back to `text`."""
    characters: list[str] = []
    origins: list[int] = []
    for index, character in enumerate(text):
        for folded in _fold_character(character):
            characters.append(folded)
            origins.append(index)
    return Folded("".join(characters), tuple(origins), text)


def fold_pattern(pattern: str) -> str:
    """A regular expression written with ordinary Arabic spelling, folded like the text it
    will search; Latin letters are left alone (case matters to escapes such as \\D)."""
    return "".join("" if c in _DROPPED else _FOLDED.get(c, c) if _ARABIC_LETTER.match(c) else c for c in pattern)


def fold_plain(text: str) -> str:
    """Folded text without the offset map (for comparing words and hashtags)."""
    return fold(text).text


def tokens(folded: str) -> list[Token]:
    """Words of folded text: runs of letters and digits, English apostrophes kept inside.

    Underscores and hyphens separate words, so `#كلنا_مجانين` and `self-harm`
    are read as two words each.
    """
    return [Token(m.group(), m.start(), m.end()) for m in _WORD.finditer(folded)]
