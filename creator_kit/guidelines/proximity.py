"""Words near each other in one sentence, and the context a term stands in.

Arabic puts the subject between verb and object (ارتكب الشاب الانتحار) and
English the attempt before or after its outcome ("the attempt was
unsuccessful", "after my failed attempt"), so an entry may ask for words of
several groups within a few tokens of each other in one sentence, in either
order. Pure functions over the tokens of folded text (normalize.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import product

import regex

from creator_kit.guidelines.normalize import Token, fold, tokens

_SENTENCE_END = regex.compile(r"[.!?؟;؛…\n]")
_COMMA = regex.compile(r"[,،]")
_QUOTED = regex.compile(r"«[^»\n]*»|“[^”\n]*”|„[^“”\n]*[“”]|\"[^\"\n]*\"|(?<![\p{L}\p{N}])'[^'\n]+'(?![\p{L}\p{N}])")


@dataclass(frozen=True)
class Near:
    """Words of every group within `within` tokens of each other in one sentence, in any order.

    `groups` hold the keys of their words (morphology.py); a text word listed in `exceptions`
    never counts (its stem may equal a group's: commitment -> commit); a word of `breaks`
    between the matched words breaks the match ("committed to suicide prevention").
    """

    groups: tuple[frozenset[str], ...]
    within: int
    exceptions: frozenset[str] = frozenset()
    breaks: frozenset[str] = frozenset()


def sentence_numbers(text: str, words: Sequence[Token]) -> list[int]:
    """For each word, the number of the sentence it is in (sentences end at . ! ? ؟ ; ؛ … or a line break)."""
    numbers, current = [], 0
    for index, word in enumerate(words):
        if index and _SENTENCE_END.search(text, words[index - 1].end, word.start):
            current += 1
        numbers.append(current)
    return numbers


def last_sentence(text: str) -> int:
    """The number of the last sentence of `text` (0 for one sentence or none)."""
    folded = fold(text).text
    numbers = sentence_numbers(folded, tokens(folded))
    return numbers[-1] if numbers else 0


def comma_gaps(text: str, words: Sequence[Token]) -> frozenset[int]:
    """Indices of the words followed by a comma: two words on either side of it are no phrase
    ("committed, suicide" lists two things), although a comma may stand inside a matched span."""
    return frozenset(i for i in range(len(words) - 1) if _COMMA.search(text, words[i].end, words[i + 1].start))


def _positions(
    group: frozenset[str], keys: Sequence[frozenset[str]], words: Sequence[Token], exceptions: frozenset[str]
) -> list[int]:
    return [i for i, word_keys in enumerate(keys) if word_keys & group and words[i].text not in exceptions]


def _broken(
    chosen: tuple[int, ...], keys: Sequence[frozenset[str]], breaks: frozenset[str], commas: frozenset[int]
) -> bool:
    first, last = min(chosen), max(chosen)
    if any(i in commas and i + 1 in chosen for i in chosen):
        return True
    return any(keys[i] & breaks for i in range(first + 1, last) if i not in chosen)


def find_near(
    near: Near,
    words: Sequence[Token],
    keys: Sequence[frozenset[str]],
    sentences: Sequence[int],
    commas: frozenset[int] = frozenset(),
) -> list[tuple[int, ...]]:
    """Word indices of each non-overlapping match of `near`, shortest matches first, in text order."""
    positions = [_positions(group, keys, words, near.exceptions) for group in near.groups]
    candidates = []
    for chosen in product(*positions):
        if len(set(chosen)) < len(chosen) or max(chosen) - min(chosen) > near.within:
            continue
        if len({sentences[i] for i in chosen}) == 1 and not _broken(chosen, keys, near.breaks, commas):
            candidates.append(chosen)
    kept: list[tuple[int, ...]] = []
    for chosen in sorted(candidates, key=lambda c: (max(c) - min(c), min(c))):
        if all(max(chosen) < min(other) or max(other) < min(chosen) for other in kept):
            kept.append(chosen)
    return sorted(kept, key=min)


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans of `text` inside quotation marks (« », “ ”, „ “, " ", or ' ' around words)."""
    return [hit.span() for hit in _QUOTED.finditer(text)]


def is_quoted(start: int, end: int, quotes: Sequence[tuple[int, int]]) -> bool:
    return any(first < start and end < last for first, last in quotes)
