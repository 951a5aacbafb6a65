"""What stands next to a term: the terms of its sentence, those it stands inside, those of the sentence before.

Safe-messaging rules are about how words combine, not single words: a cause
("because of", «بسبب») is a single-cause explanation when it stands next to a
mention of suicide, and a mention in a hook is fine when a content note or a
helpline stands in the same sentence. For each term this module gives, by
label (a term's category and its topic), the fewest words between it and a
term of that label in its sentence; the labels of longer terms it lies inside
("suicide" inside "suicide prevention"); the labels of the sentence before
it, which for a scene's first sentence is the last sentence of the scene
before ("He took his life." / "It was because of the exams."); and the labels
of the next sentence on the same line ("Thinking about suicide? You are not
alone."; a caption's second line is not its first line's). Only terms in the author's own voice (use `own`) give context. Pure
functions, no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Placed:
    """A term where it stands: its text (numbered in reading order), sentence and words, and its labels."""

    text: int
    sentence: int
    first: int
    last: int
    labels: tuple[str, ...]
    own: bool = True
    line: int = 0
    """The line of the text the term is on."""


@dataclass(frozen=True)
class Context:
    distances: dict[str, int] = field(default_factory=dict)
    """Label -> the fewest words between this term and a term with that label in its sentence (0: touching)."""
    inside: tuple[str, ...] = ()
    previous: tuple[str, ...] = ()
    next: tuple[str, ...] = ()


def _labels(terms: list[Placed]) -> tuple[str, ...]:
    return tuple(sorted({label for term in terms for label in term.labels}))


def _gap(one: Placed, other: Placed) -> int:
    return max(0, other.first - one.last - 1, one.first - other.last - 1)


def _contains(outer: Placed, inner: Placed) -> bool:
    return (
        outer.first <= inner.first
        and inner.last <= outer.last
        and (outer.last - outer.first) > (inner.last - inner.first)
    )


def _previous_sentence(term: Placed, follows: Mapping[int, int], last_sentence: Mapping[int, int]) -> tuple[int, int]:
    """(text, sentence) of the sentence read just before the term's."""
    if term.sentence > 0 or term.text not in follows:
        return term.text, term.sentence - 1
    before = follows[term.text]
    return before, last_sentence.get(before, -1)


def term_contexts(
    terms: Sequence[Placed], follows: Mapping[int, int], last_sentence: Mapping[int, int]
) -> list[Context]:
    """The context of each term. `follows` maps a text to the text read just before it (a scene to the
    scene before); `last_sentence` maps a text to the number of its last sentence."""
    by_sentence: dict[tuple[int, int], list[Placed]] = {}
    for term in terms:
        if term.own:
            by_sentence.setdefault((term.text, term.sentence), []).append(term)
    contexts = []
    for term in terms:
        distances: dict[str, int] = {}
        inside: set[str] = set()
        for other in by_sentence.get((term.text, term.sentence), []):
            if other is term:
                continue
            for label in other.labels:
                distances[label] = min(distances.get(label, _gap(term, other)), _gap(term, other))
            if _contains(other, term):
                inside.update(other.labels)
        before = by_sentence.get(_previous_sentence(term, follows, last_sentence), [])
        after = [other for other in by_sentence.get((term.text, term.sentence + 1), []) if other.line == term.line]
        contexts.append(
            Context(dict(sorted(distances.items())), tuple(sorted(inside)), _labels(before), _labels(after))
        )
    return contexts
