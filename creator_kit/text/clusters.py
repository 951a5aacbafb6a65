"""Clusters the picture cannot draw whole: a lone combining mark, a broken emoji sequence.

In detail: a combining mark with no letter before it, an emoji sequence the font does not form (drawn
as several pictures, or one regional letter of a flag), and a sequence the fallback engine cannot form
without raqm.

Each is refused in one line naming the characters by code point and their position (1-based, in
the text as shown), never drawn in part.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

import regex
from PIL import ImageFont

from creator_kit.errors import UndrawableText
from creator_kit.text.breaking import is_combining_mark
from creator_kit.text.fonts import FontSet, is_ignorable
from creator_kit.text.joining import unformed_letters
from creator_kit.text.shaping import FALLBACK, Engine, raqm_available

_GRAPHEME = regex.compile(r"\X")
_REGIONAL_INDICATOR = regex.compile(r"\p{Regional_Indicator}")


class UndrawableCluster(UndrawableText):
    """A combining mark without a base, or an emoji sequence that would come apart in the picture."""


def code_points(cluster: str) -> str:
    return " ".join(f"U+{ord(char):04X}" for char in cluster)


def _drawn(cluster: str) -> str:
    return "".join(char for char in cluster if not is_ignorable(char))


@lru_cache(maxsize=4096)
def pictures(font_path: Path, cluster: str) -> int:
    """How many emoji pictures raqm draws for `cluster` with the colour font (its advances are all
    equal): 1 for a sequence the font forms (ZWJ, skin tone, flag, keycap), more when it comes apart."""
    font = ImageFont.truetype(str(font_path), 109, layout_engine=ImageFont.Layout.RAQM)
    single = font.getlength(_drawn(cluster)[0], direction="ltr")
    return max(1, round(font.getlength(cluster, direction="ltr") / single)) if single else 1


def _emoji_problem(cluster: str, font: Path, engine: Engine) -> str | None:
    drawn = _drawn(cluster)
    if _REGIONAL_INDICATOR.fullmatch(drawn):
        return "a lone regional indicator (half of a flag): write both letters of the flag or remove it"
    if len(drawn) < 2:
        return None
    if not raqm_available():
        return (
            f"an emoji sequence the {engine} engine cannot draw as one picture without raqm (Pillow's basic "
            "layout has no ligatures): install libfribidi0 or remove it"
        )
    if pictures(font, cluster) > 1:
        return f"a broken emoji sequence: the emoji font draws it as {pictures(font, cluster)} pictures, not one"
    return None


def check_clusters(text: str, fonts: FontSet, engine: Engine) -> None:
    """Raise UndrawableCluster naming the first cluster of `text` the picture cannot draw whole, or,
    under the fallback engine without raqm, the first letter it has no joining forms for."""
    if engine == FALLBACK and not raqm_available():
        for index, letter in unformed_letters(text)[:1]:
            raise UndrawableCluster(
                f"U+{ord(letter):04X} {unicodedata.name(letter, '')} at position {index + 1} has no presentation "
                "forms the fallback engine could join: install libfribidi0 (raqm) or write it another way"
            )
    position = 0
    at_paragraph_start = True
    for cluster in _GRAPHEME.findall(text):
        problem = None
        if at_paragraph_start and is_combining_mark(cluster.lstrip()[:1] or " "):
            problem = "a combining mark with no letter before it: write the letter it belongs to, or remove it"
        font = fonts.font_for(cluster)
        if problem is None and font is not None and fonts.is_color(font):
            problem = _emoji_problem(cluster, font, engine)
        if problem:
            raise UndrawableCluster(f"{code_points(cluster)} at position {position + 1} is {problem}")
        if cluster == "\n":
            at_paragraph_start = True
        elif not cluster.isspace():
            at_paragraph_start = False
        position += len(cluster)
