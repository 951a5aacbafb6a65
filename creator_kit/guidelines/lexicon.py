"""Lexicons (data files of terms per language) and the matcher that finds them in text.

Matching is on whole words of folded text (see normalize.py), never on
substrings: `مختلف` ("different") does not contain the term `مختل`. An
Arabic word also matches when it carries attached clitics — a conjunction
(و ف), a preposition (ب ك ل), the article (ال) or their combinations
(وال بال لل فال كال ...) — so `والمجنون` and `للمجانين` are found. English
words match case-insensitively, with plural and possessive endings on the
last word of a phrase; other inflections are listed as forms in the data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import regex

from creator_kit.errors import InputError, Problem
from creator_kit.guidelines.guarded import GuardedPattern, Origin
from creator_kit.guidelines.normalize import Folded, Token, fold, fold_pattern, tokens
from creator_kit.sourcemap import SourceDocument, format_path, load_document
from creator_kit.validation import problems_for

_CONJUNCTIONS = ("", "و", "ف")
_ATTACHED = ("", "ب", "ك", "ل", "ال", "بال", "كال", "لل", "س")
ARABIC_PREFIXES = tuple(sorted({c + a for c in _CONJUNCTIONS for a in _ATTACHED} - {""}, key=len, reverse=True))
_MIN_STEM_LETTERS = 2
_MIN_TANWEEN_STEM = 3
_PHRASE_GAP = regex.compile(r"[\s\-_]*")


@dataclass(frozen=True)
class Phrase:
    """A lexicon form as written, and for each of its words the folded forms a text word may take."""

    form: str
    words: tuple[frozenset[str], ...]


@dataclass(frozen=True)
class Entry:
    """One lexicon term: every phrase it is written as, and what to say about it."""

    term: str
    category: str
    language: str
    phrases: tuple[Phrase, ...]
    patterns: tuple[GuardedPattern, ...] = ()
    preceded_by: frozenset[str] = frozenset()
    topic: str | None = None
    only_with_topic: str | None = None
    suggestion: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class TermMatch:
    """A lexicon entry found in a text, at original-text offsets [start, end); `term` is the form that matched."""

    entry: Entry
    term: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Lexicon:
    entries: tuple[Entry, ...]
    statistics: tuple[GuardedPattern, ...]

    def __add__(self, other: Lexicon) -> Lexicon:
        return Lexicon(self.entries + other.entries, self.statistics + other.statistics)


def arabic_stems(word: str) -> frozenset[str]:
    """The word and what remains after each attached clitic prefix it may carry, each also
    without the alef of an accusative tanween (مجنوناً -> مجنون)."""
    stems = {word}
    for prefix in ARABIC_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= _MIN_STEM_LETTERS:
            stems.add(word[len(prefix):])
    stems |= {stem[:-1] for stem in stems if stem.endswith("ا") and len(stem) > _MIN_TANWEEN_STEM}
    return frozenset(stems)


def _stems(token: Token) -> frozenset[str]:
    return arabic_stems(token.text) if token.is_arabic else frozenset({token.text})


def _word_forms(word: Token, last: bool) -> frozenset[str]:
    """Forms of a lexicon word that text words are compared with (after clitic stripping)."""
    text = word.text
    if word.is_arabic:
        without_article = text[2:] if text.startswith("ال") and len(text) > 4 else text
        return frozenset({text, without_article})
    if not last:
        return frozenset({text})
    forms = {text, text + "s", text + "es", text + "'s"}
    if text.endswith("y"):
        forms.add(text[:-1] + "ies")
    return frozenset(forms)


def compile_phrase(form: str) -> Phrase:
    words = tokens(fold(form).text)
    return Phrase(form, tuple(_word_forms(word, i == len(words) - 1) for i, word in enumerate(words)))


@dataclass(frozen=True)
class Matcher:
    """Finds lexicon terms and statistics in text; build once with `Matcher.build`."""

    lexicon: Lexicon
    first_words: dict[str, tuple[tuple[Entry, Phrase], ...]]

    @classmethod
    def build(cls, lexicon: Lexicon) -> Matcher:
        index: dict[str, list[tuple[Entry, Phrase]]] = {}
        for entry in lexicon.entries:
            for phrase in entry.phrases:
                for form in phrase.words[0]:
                    index.setdefault(form, []).append((entry, phrase))
        return cls(lexicon, {word: tuple(found) for word, found in index.items()})

    def find_terms(self, text: str) -> list[TermMatch]:
        """Every lexicon term in `text`, in order; a term inside a longer one of its category is dropped."""
        folded = fold(text)
        words = tokens(folded.text)
        stems = [_stems(word) for word in words]
        found = []
        for position, word_stems in enumerate(stems):
            for stem in word_stems:
                for entry, phrase in self.first_words.get(stem, ()):
                    end = _phrase_end(phrase, words, stems, position, folded.text)
                    if end is not None and _preceded(entry, stems, position):
                        found.append(_match(entry, phrase.form, folded, words[position].start, words[end].end))
        for entry in self.lexicon.entries:
            for pattern in entry.patterns:
                for hit in pattern.finditer(folded.text):
                    if hit.end() > hit.start():
                        found.append(_match(entry, entry.term, folded, hit.start(), hit.end()))
        topics = {match.entry.topic for match in found if match.entry.topic}
        found = [m for m in found if m.entry.only_with_topic is None or m.entry.only_with_topic in topics]
        return _without_contained(found)

    def find_statistics(self, text: str) -> list[tuple[int, int]]:
        """Original-text spans of statistics (a percentage, a rate, a count claim), merged when they overlap."""
        folded = fold(text)
        spans = sorted(folded.original_span(hit.start(), hit.end())
                       for pattern in self.lexicon.statistics
                       for hit in pattern.finditer(folded.text) if hit.end() > hit.start())
        merged: list[tuple[int, int]] = []
        for start, end in spans:
            if merged and start < merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        return merged


def _phrase_end(phrase: Phrase, words: list[Token], stems: list[frozenset[str]], position: int,
                folded: str) -> int | None:
    """Index of the last text word of `phrase` starting at `position`, or None if it does not continue."""
    last = position + len(phrase.words) - 1
    if last >= len(words):
        return None
    for offset in range(1, len(phrase.words)):
        here = position + offset
        gap = folded[words[here - 1].end:words[here].start]
        if not _PHRASE_GAP.fullmatch(gap) or not (phrase.words[offset] & stems[here]):
            return None
    return last


def _preceded(entry: Entry, stems: list[frozenset[str]], position: int) -> bool:
    if not entry.preceded_by:
        return True
    return position > 0 and bool(entry.preceded_by & stems[position - 1])


def _match(entry: Entry, term: str, folded: Folded, start: int, end: int) -> TermMatch:
    first, last = folded.original_span(start, end)
    return TermMatch(entry, term, first, last, folded.original[first:last])


def _without_contained(matches: list[TermMatch]) -> list[TermMatch]:
    unique = {(m.entry.category, m.start, m.end): m for m in matches}
    kept = [
        m for m in unique.values()
        if not any(o is not m and o.entry.category == m.entry.category and o.start <= m.start and m.end <= o.end
                   and (o.end - o.start) > (m.end - m.start) for o in unique.values())
    ]
    return sorted(kept, key=lambda m: (m.start, m.end, m.entry.category, m.entry.term))


def _compile_patterns(sources: Iterable[tuple[tuple, str]], document: SourceDocument,
                      problems: list[Problem]) -> tuple[GuardedPattern, ...]:
    """Compile (key, regular expression) pairs, each matched within a time budget (a lexicon may be a
    team's, see guarded.py); a bad one becomes a Problem at its line."""
    compiled = []
    for key, source in sources:
        origin = Origin(str(document.path), document.line_of(key), format_path(key))
        try:
            compiled.append(GuardedPattern(regex.compile(fold_pattern(source)), origin))
        except (regex.error, ValueError, OverflowError, RecursionError) as error:
            problems.append(Problem(origin.file, origin.line, origin.field, f"invalid regular expression: {error}"))
    return tuple(compiled)


def load_lexicon(path: Path) -> Lexicon:
    """Read and validate one lexicon file (see schemas/lexicon.schema.json)."""
    document = load_document(path)
    problems = problems_for(document, "lexicon")
    if problems:
        raise InputError(problems)
    data = document.data
    language = data["language"]
    entries = []
    for number, spec in enumerate(data.get("entries", [])):
        key = ("entries", number)
        forms = spec.get("forms", [])
        entries.append(Entry(
            term=spec.get("term") or (forms[0] if forms else spec["patterns"][0]),
            category=spec["category"],
            language=language,
            phrases=tuple(phrase for phrase in (compile_phrase(form) for form in forms) if phrase.words),
            patterns=_compile_patterns(
                [(key + ("patterns", i), source) for i, source in enumerate(spec.get("patterns", []))],
                document, problems),
            preceded_by=frozenset(fold(word).text for word in spec.get("preceded_by", [])),
            topic=spec.get("topic"),
            only_with_topic=spec.get("only_with_topic"),
            suggestion=spec.get("suggestion"),
            note=spec.get("note"),
        ))
    statistics = _compile_patterns(
        [(("statistics", i, "pattern"), spec["pattern"]) for i, spec in enumerate(data.get("statistics", []))],
        document, problems)
    if problems:
        raise InputError(problems)
    return Lexicon(tuple(entries), statistics)
