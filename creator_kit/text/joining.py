"""Arabic joining for the fallback engine, from Unicode's data rather than arabic-reshaper's own list.

Joining types come from ArabicShaping.txt (Unicode 15.0, shipped in creator_kit/data, Unicode License
v3). A letter that joins (types D, R, L, C) but that arabic-reshaper has no presentation forms for
(Sorani ڵ ێ, Pashto ښ ځ ډ ږ, Kurdish ڕ, and most of Arabic Extended) would be drawn unjoined: the
fallback engine lends such a run to raqm when Pillow has it (shaping.run_engine), and otherwise
refuses the text naming the letter (clusters.check_clusters).

A fatha, damma, kasra, dammatan, kasratan or superscript alef with a shadda is drawn as the font's
shadda ligature (U+FC5E..U+FC63), so under BASIC layout the vowel sits above the shadda instead of on it.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from creator_kit.paths import PACKAGE_DIR

ARABIC_SHAPING = PACKAGE_DIR / "data" / "ArabicShaping.txt"
_JOINING = frozenset("DRLC")
_SHADDA = "\u0651"
# ARABIC LIGATURE SHADDA WITH <vowel> ISOLATED FORM: zero-width marks in the Noto Arabic fonts.
SHADDA_LIGATURES = {
    "\u064c": "\ufc5e",
    "\u064d": "\ufc5f",
    "\u064e": "\ufc60",
    "\u064f": "\ufc61",
    "\u0650": "\ufc62",
    "\u0670": "\ufc63",
}


@cache
def _joining_types() -> dict[str, str]:
    types = {}
    for line in ARABIC_SHAPING.read_text("utf-8").splitlines():
        fields = [field.strip() for field in line.split("#")[0].split(";")]
        if len(fields) >= 3:
            types[chr(int(fields[0], 16))] = fields[2]
    return types


def joining_type(char: str) -> str:
    """The Joining_Type of `char`: listed in ArabicShaping.txt, else T for a nonspacing mark or
    format character and U for anything else (the file's stated defaults)."""
    listed = _joining_types().get(char)
    if listed:
        return listed
    return "T" if unicodedata.category(char) in ("Mn", "Me", "Cf") else "U"


@cache
def _reshaper_letters() -> dict[str, tuple[str, str, str, str]]:
    from arabic_reshaper.letters import LETTERS_ARABIC

    return dict(LETTERS_ARABIC)


def _joins_next(text: str, index: int) -> bool:
    """Whether the letter at `index` has a letter after it (marks skipped) that joins to its right."""
    for char in text[index + 1 :]:
        kind = joining_type(char)
        if kind != "T":
            return kind in ("D", "R", "C")
    return False


def unformed_letters(text: str) -> list[tuple[int, str]]:
    """(0-based index, letter) of each joining letter of `text` (joining type from ArabicShaping.txt)
    whose form here arabic-reshaper does not have: a letter it does not know at all (Unicode has no
    presentation forms for it), or a dual-joining letter it knows only as right-joining (noon ghunna
    ں) with a joining letter after it."""
    found = []
    for index, char in enumerate(text):
        kind = joining_type(char)
        if not unicodedata.category(char).startswith("L") or kind not in _JOINING:
            continue
        forms = _reshaper_letters().get(char)
        if forms is None or (kind == "D" and not (forms[1] and forms[2]) and _joins_next(text, index)):
            found.append((index, char))
    return found


def with_shadda_ligatures(text: str) -> str:
    """`text` with each shadda and vowel pair (either order) as the font's shadda ligature."""
    result: list[str] = []
    for char in text:
        previous = result[-1] if result else ""
        if char == _SHADDA and previous in SHADDA_LIGATURES:
            result[-1] = SHADDA_LIGATURES[previous]
        elif char in SHADDA_LIGATURES and previous == _SHADDA:
            result[-1] = SHADDA_LIGATURES[char]
        else:
            result.append(char)
    return "".join(result)
