"""Fold text for matching, remembering where every folded character came from.

Arabic is written with optional harakat, tatweel for stretching, several
alef/hamza forms, ya or alef maqsura and ta marbuta or ha at word ends, and
Arabic-Indic digits; Latin text differs in case, apostrophes and accents
(French is often typed without them: "epidemie"). Arabic typed in Latin
letters (Arabizi) writes the letters Latin lacks as digits: 2 ء, 3 ع, 5 خ,
7 ح, 8 غ, 9 ق ("enta7ar" = انتحر); inside a Latin word those digits are read
as letters (2 dropped, 3 a, 5 kh, 7 h, 8 gh, 9 q), so lexicon forms written
either way meet. Numbers elsewhere stay numbers: "300 calories", "24h",
"2nd", "mp3". Matching runs on the folded text; `origins` maps each folded
character back to its index in the original, so findings report columns of
what the author wrote.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left
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

_LIGATURES = {"œ": "oe", "æ": "ae"}
_ARABIZI_DIGITS = {"2": "", "3": "a", "5": "kh", "7": "h", "8": "gh", "9": "q"}
_LATIN_WORD = regex.compile(r"[a-z0-9]+")
_ARABIZI_WORD = regex.compile(r"[a-z]*[0-9]*[a-z]+[0-9]+[a-z]+[a-z0-9]*|[2-9][a-z]{2,}[a-z0-9]*")
"""A Latin word with a digit between letters (enta7ar, ma3ak) or starting with one before letters (3ayez, 7ali)."""
_NUMBER_WITH_UNIT = regex.compile(
    r"[0-9]+(?:st|nd|rd|th|am|pm|s|k|m|h|d|g|x|p|kg|km|cm|mm|mg|ml|lb|lbs|gb|mb|min|mins|hr|hrs|yo|yr|yrs|sec|fps|kcal|cal)"
)

_ARABIC_LETTER = regex.compile(r"\p{Script=Arabic}")
_WORD = regex.compile(r"[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*")


@dataclass(frozen=True)
class Folded:
    """Folded text and, for each of its characters, the index of the original character."""

    text: str
    origins: tuple[int, ...]
    original: str

    def folded_span(self, start: int, end: int) -> tuple[int, int]:
        """The folded [start, end) that original [start, end) became (empty when it was all dropped)."""
        return bisect_left(self.origins, start), bisect_left(self.origins, end)

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
    if character in _FOLDED:
        return _FOLDED[character]
    folded = character.casefold()
    if "\u00c0" <= character <= "\u024f":  # Latin letters with accents: é -> e, ç -> c, œ -> oe
        return "".join(_LIGATURES.get(c) or unicodedata.normalize("NFD", c)[0] for c in folded)
    return folded


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
    return _read_arabizi(Folded("".join(characters), tuple(origins), text))


def _read_arabizi(folded: Folded) -> Folded:
    """The digits of Arabizi words read as the letters they stand for (see the module docstring)."""
    characters: list[str] = []
    origins: list[int] = []
    done = 0
    for word in _LATIN_WORD.finditer(folded.text):
        if not _ARABIZI_WORD.fullmatch(word.group()) or _NUMBER_WITH_UNIT.fullmatch(word.group()):
            continue
        characters += folded.text[done : word.start()]
        origins += folded.origins[done : word.start()]
        for position in range(word.start(), word.end()):
            letters = _ARABIZI_DIGITS.get(folded.text[position], folded.text[position])
            characters += letters
            origins += [folded.origins[position]] * len(letters)
        done = word.end()
    if not done:
        return folded
    characters += folded.text[done:]
    origins += folded.origins[done:]
    return Folded("".join(characters), tuple(origins), folded.original)


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
