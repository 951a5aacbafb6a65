"""Lexicons (data files of terms per language) and the matcher that finds them in text.

Matching is on whole words of folded text (see normalize.py), never on
substrings: `مختلف` ("different") does not contain the term `مختل`. An
Arabic word also matches when it carries attached clitics — a conjunction
(و ف), a preposition (ب ك ل), the article (ال) or their combinations
(وال بال لل فال كال ...) — so `والمجنون` and `للمجانين` are found. English
words match case-insensitively, with plural and possessive endings on the
last word of a phrase; other inflections are listed as forms in the data.

An entry may also ask for words near each other (`near`, see proximity.py),
compared on stems (morphology.py), so that word order and inflection do not
hide a term, and name words that give a term another sense when they stand
near it (`unless_near`: «أُعدم شنقًا» is an execution, "suicide bomber" an
attack). Each match says how it is used: in the author's own voice (`own`),
quoted or named in order to correct it (`correction`: "we don't say
'committed suicide'"), as an intensifier ("crazy good"), or negated or
made conditional by a word just before it (`negated`: "there is no hope",
"it is never because of one thing", «لو كنت»). Matches also say which
sentence of the text and which words they cover, so facts can tell what
stands next to what (context.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex

from creator_kit.errors import InputError, Problem
from creator_kit.guidelines.guarded import GuardedPattern, Origin
from creator_kit.guidelines.morphology import (
    ARABIC_PREFIXES,
    arabic_stems,
    latin_stems,
    lexicon_word_keys,
    text_word_keys,
)
from creator_kit.guidelines.normalize import Folded, Token, fold, fold_pattern, tokens
from creator_kit.guidelines.proximity import Near, comma_gaps, find_near, is_quoted, quoted_spans, sentence_numbers
from creator_kit.inputs.sourcemap import PathKey, SourceDocument, format_path, load_document
from creator_kit.inputs.validation import problems_for

__all__ = [
    "ARABIC_PREFIXES",
    "Entry",
    "Lexicon",
    "Matcher",
    "Phrase",
    "TermMatch",
    "arabic_stems",
    "compile_phrase",
    "load_lexicon",
]

_PHRASE_GAP = regex.compile(r"[\s\-_]*")
CUE_REACH = 4
"""A correction cue ("instead of", "لا تقل") counts for a term at most this many words after it."""
USES = ("own", "correction", "intensifier", "negated")


@dataclass(frozen=True)
class Phrase:
    """A lexicon form as written, and for each of its words the folded forms a text word may take."""

    form: str
    words: tuple[frozenset[str], ...]


@dataclass(frozen=True)
class Aim:
    """What an attempt may be aimed at: "attempt to quit", "محاولة للإقلاع". An entry with an aim
    that is not its topic is not reported (a successful attempt to quit smoking)."""

    words: frozenset[str]
    prefixes: tuple[str, ...]
    never: frozenset[str] = frozenset()
    """Words that never introduce an aim although they start like one (للأسف, "unfortunately")."""


@dataclass(frozen=True)
class Unless:
    """Words that give a term another sense when one stands within `within` words of it in its sentence
    (executed by hanging, a suicide bomber, career suicide): the term is not found there."""

    words: frozenset[str]
    within: int


@dataclass(frozen=True)
class Negation:
    """Words that negate a term of `categories` (or make it conditional) when one starts before it and ends at
    most `within` words before it in its sentence ("no hope", "never because of", "if I was"), or inside it
    («ما في» before the hope phrase «في أمل»)."""

    phrases: tuple[Phrase, ...]
    within: int
    categories: frozenset[str]
    unless_followed_by: frozenset[str] = frozenset()
    """Words after which a negation negates nothing: "don't hesitate to ask", "don't lose hope"."""


@dataclass(frozen=True)
class Entry:
    """One lexicon term: every phrase it is written as, and what to say about it."""

    term: str
    category: str
    language: str
    phrases: tuple[Phrase, ...]
    patterns: tuple[GuardedPattern, ...] = ()
    case_sensitive: tuple[GuardedPattern, ...] = ()
    """Patterns matched on the text as written, where case tells a name ("why did Avicii")."""
    near: tuple[Near, ...] = ()
    words: frozenset[str] = frozenset()
    """Keys of single words any of which is the term, inflected or with clitics (a concept: pills, حبوب, cachets)."""
    preceded_by: frozenset[str] = frozenset()
    topic: str | None = None
    only_with_topic: str | None = None
    aim: Aim | None = None
    intensifies: frozenset[str] = frozenset()
    unless: Unless | None = None
    unless_followed_by: frozenset[str] = frozenset()
    """Words right after which the term means something else: "because of" + suicide names suicide as the cause."""
    suggestion: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class TermMatch:
    """A lexicon entry found in a text, at original-text offsets [start, end); `term` is the form that matched;
    `use` is how the text uses it (USES); `sentence` is the number of its sentence in the text and
    `first_word`..`last_word` the indices of the words it covers (`sentence_start` the index of the
    first word of that sentence)."""

    entry: Entry
    term: str
    start: int
    end: int
    text: str
    use: str = "own"
    sentence: int = 0
    first_word: int = 0
    last_word: int = 0
    sentence_start: int = 0


@dataclass(frozen=True)
class Cues:
    """Words that show a term is being corrected: `strong` ones ("instead of", "لا تقل") just before
    a term of a category in `strong_for`; any cue ("not", "نقول") anywhere in its sentence when the
    term is in quotation marks. A stigmatizing word is flagged even after "don't call him": only
    quotation marks show it is named rather than used."""

    strong: tuple[Phrase, ...] = ()
    quoted: tuple[Phrase, ...] = ()
    strong_for: frozenset[str] = frozenset()

    def __add__(self, other: Cues) -> Cues:
        return Cues(self.strong + other.strong, self.quoted + other.quoted, self.strong_for | other.strong_for)


@dataclass(frozen=True)
class Lexicon:
    entries: tuple[Entry, ...]
    statistics: tuple[GuardedPattern, ...]
    cues: Cues = field(default_factory=Cues)
    negations: tuple[Negation, ...] = ()

    def __add__(self, other: Lexicon) -> Lexicon:
        return Lexicon(
            self.entries + other.entries,
            self.statistics + other.statistics,
            self.cues + other.cues,
            self.negations + other.negations,
        )


def _stems(token: Token) -> frozenset[str]:
    return arabic_stems(token.text) if token.is_arabic else latin_stems(token.text)


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


def word_group(words: Iterable[str]) -> frozenset[str]:
    """The keys of a list of lexicon words (each folded, then with its stem)."""
    return frozenset(
        key
        for word in words
        for token in tokens(fold(word).text)
        for key in lexicon_word_keys(token.text, token.is_arabic)
    )


def _folded_words(words: Iterable[str]) -> frozenset[str]:
    return frozenset(fold(word).text for word in words)


@dataclass(frozen=True)
class _Text:
    """A text prepared for matching: folded, in words, with each word's clitic stems, keys and sentence."""

    folded: Folded
    words: list[Token]
    stems: list[frozenset[str]]
    keys: list[frozenset[str]]
    sentences: list[int]
    commas: frozenset[int]
    quotes: list[tuple[int, int]]

    @classmethod
    def of(cls, text: str) -> _Text:
        folded = fold(text)
        words = tokens(folded.text)
        return cls(
            folded,
            words,
            [_stems(w) for w in words],
            [text_word_keys(w.text, w.is_arabic) for w in words],
            sentence_numbers(folded.text, words),
            comma_gaps(folded.text, words),
            quoted_spans(folded.text),
        )

    def word_span(self, start: int, end: int) -> tuple[int, int]:
        """Indices of the first and last word inside folded [start, end)."""
        inside = [i for i, w in enumerate(self.words) if w.start < end and start < w.end]
        return (inside[0], inside[-1]) if inside else (len(self.words), -1)


@dataclass(frozen=True)
class _Candidate:
    entry: Entry
    term: str
    first: int
    last: int
    start: int
    end: int
    chosen: tuple[int, ...] = ()
    """The matched words of a near match (other words may stand between them)."""


@dataclass(frozen=True)
class Matcher:
    """Finds lexicon terms and statistics in text; build once with `Matcher.build`."""

    lexicon: Lexicon
    first_words: dict[str, tuple[tuple[Entry, Phrase], ...]]
    word_keys: dict[str, tuple[Entry, ...]] = field(default_factory=dict)
    """Key -> the entries with single `words` that a text word with this key is."""

    @classmethod
    def build(cls, lexicon: Lexicon) -> Matcher:
        index: dict[str, list[tuple[Entry, Phrase]]] = {}
        by_key: dict[str, list[Entry]] = {}
        for entry in lexicon.entries:
            for phrase in entry.phrases:
                for form in phrase.words[0]:
                    index.setdefault(form, []).append((entry, phrase))
            for key in entry.words:
                by_key.setdefault(key, []).append(entry)
        return cls(
            lexicon,
            {word: tuple(found) for word, found in index.items()},
            {key: tuple(dict.fromkeys(found)) for key, found in by_key.items()},
        )

    def find_terms(self, text: str) -> list[TermMatch]:
        """Every lexicon term in `text`, in order; a term inside a longer one of its category is dropped.
        An entry `only_with_topic` is reported when this text touches the topic."""
        return self.find_terms_in([text])[0]

    def find_terms_in(self, texts: Sequence[str]) -> list[list[TermMatch]]:
        """The terms of each of the texts of one draft; an entry `only_with_topic` is reported when
        any text of the draft touches the topic (a scene after the one that names suicide)."""
        prepared = [_Text.of(text) for text in texts]
        found = [self._candidates(text) for text in prepared]
        topics = {
            c.entry.topic for candidates in found for c in candidates if c.entry.topic and not c.entry.only_with_topic
        }
        return [
            _without_contained(
                [
                    self._term_match(c, text)
                    for c in candidates
                    if c.entry.only_with_topic is None or c.entry.only_with_topic in topics
                ]
            )
            for text, candidates in zip(prepared, found, strict=True)
        ]

    def _candidates(self, text: _Text) -> list[_Candidate]:
        """Phrase, pattern and near matches; a near match that overlaps a phrase or pattern match of
        its category gives way to it (the shorter, more precise term is reported)."""
        exact = [*self._phrase_candidates(text), *self._pattern_candidates(text), *self._word_candidates(text)]
        near = [
            c
            for c in self._near_candidates(text)
            if not any(e.entry.category == c.entry.category and e.first <= c.last and c.first <= e.last for e in exact)
        ]
        found = [c for c in exact + near if not _other_sense(c, text)]
        topic_words: set[tuple[str | None, int]] = {
            (c.entry.topic, i) for c in found if c.entry.topic for i in range(c.first, c.last + 1)
        }
        return [c for c in found if c.entry.aim is None or not _aimed_elsewhere(c, text, topic_words)]

    def _phrase_candidates(self, text: _Text) -> Iterable[_Candidate]:
        for position, word_stems in enumerate(text.stems):
            for stem in word_stems:
                for entry, phrase in self.first_words.get(stem, ()):
                    end = _phrase_end(phrase, text.words, text.stems, position, text.folded.text)
                    if end is not None and _preceded(entry, text.stems, position):
                        yield _Candidate(
                            entry, phrase.form, position, end, text.words[position].start, text.words[end].end
                        )

    def _word_candidates(self, text: _Text) -> Iterable[_Candidate]:
        for position, keys in enumerate(text.keys):
            entries = dict.fromkeys(entry for key in keys for entry in self.word_keys.get(key, ()))
            for entry in entries:
                if _preceded(entry, text.stems, position):
                    word = text.words[position]
                    yield _Candidate(entry, entry.term, position, position, word.start, word.end)

    def _pattern_candidates(self, text: _Text) -> Iterable[_Candidate]:
        for entry in self.lexicon.entries:
            spans = [hit.span() for pattern in entry.patterns for hit in pattern.finditer(text.folded.text)]
            spans += [
                text.folded.folded_span(*hit.span())
                for pattern in entry.case_sensitive
                for hit in pattern.finditer(text.folded.original)
            ]
            for start, end in spans:
                if end > start:
                    yield _Candidate(entry, entry.term, *text.word_span(start, end), start, end)

    def _near_candidates(self, text: _Text) -> Iterable[_Candidate]:
        """Near matches of each entry; where two overlap, the shorter is kept."""
        for entry in self.lexicon.entries:
            matches = sorted(
                (
                    chosen
                    for near in entry.near
                    for chosen in find_near(near, text.words, text.keys, text.sentences, text.commas)
                ),
                key=lambda c: (max(c) - min(c), min(c)),
            )
            kept: list[tuple[int, ...]] = []
            for chosen in matches:
                if all(max(chosen) < min(other) or max(other) < min(chosen) for other in kept):
                    kept.append(chosen)
            for chosen in kept:
                first, last = min(chosen), max(chosen)
                yield _Candidate(
                    entry, entry.term, first, last, text.words[first].start, text.words[last].end, tuple(sorted(chosen))
                )

    def _term_match(self, candidate: _Candidate, text: _Text) -> TermMatch:
        start, end = text.folded.original_span(candidate.start, candidate.end)
        use = _use(candidate, text, self.lexicon.cues, self.lexicon.negations)
        sentence = text.sentences[candidate.first] if text.sentences else 0
        return TermMatch(
            candidate.entry,
            candidate.term,
            start,
            end,
            text.folded.original[start:end],
            use,
            sentence,
            candidate.first,
            candidate.last,
            text.sentences.index(sentence) if text.sentences else 0,
        )

    def find_statistics(self, text: str) -> list[tuple[int, int]]:
        """Original-text spans of statistics (a percentage, a rate, a count claim), merged when they overlap."""
        folded = fold(text)
        spans = sorted(
            folded.original_span(hit.start(), hit.end())
            for pattern in self.lexicon.statistics
            for hit in pattern.finditer(folded.text)
            if hit.end() > hit.start()
        )
        merged: list[tuple[int, int]] = []
        for start, end in spans:
            if merged and start < merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        return merged


def _phrase_end(
    phrase: Phrase, words: list[Token], stems: list[frozenset[str]], position: int, folded: str
) -> int | None:
    """Index of the last text word of `phrase` starting at `position`, or None if it does not continue."""
    last = position + len(phrase.words) - 1
    if last >= len(words):
        return None
    for offset in range(1, len(phrase.words)):
        here = position + offset
        gap = folded[words[here - 1].end : words[here].start]
        if not _PHRASE_GAP.fullmatch(gap) or not (phrase.words[offset] & stems[here]):
            return None
    return last


def _preceded(entry: Entry, stems: list[frozenset[str]], position: int) -> bool:
    if not entry.preceded_by:
        return True
    return position > 0 and bool(entry.preceded_by & stems[position - 1])


def _aim_word(text: _Text, index: int, aim: Aim) -> int | None:
    """The index of the word an attempt is aimed at when word `index` introduces an aim: a word of
    `aim.words` followed by it ("to quit"), or a word with an attached prefix (للإقلاع، يترك: the word
    itself; the article ال is no prefix)."""
    word = text.words[index].text
    if word in aim.never:
        return None
    if word in aim.words:
        return index + 1 if index + 1 < len(text.words) else None
    if word.startswith("ال") and not word.startswith("لل"):
        return None
    if any(word.startswith(prefix) and len(word) - len(prefix) >= 3 for prefix in aim.prefixes):
        return index
    return None


def _aimed_elsewhere(candidate: _Candidate, text: _Text, topic_words: set[tuple[str | None, int]]) -> bool:
    """Whether the attempt of `candidate` is aimed at something other than its topic ("failed attempt
    at baking", «محاولة ناجحة للإقلاع عن التدخين»): the word after a matched word introduces an aim."""
    entry, aim = candidate.entry, candidate.entry.aim
    assert aim is not None  # only entries with an aim are asked
    topic = entry.only_with_topic or entry.topic
    chosen = candidate.chosen or tuple(range(candidate.first, candidate.last + 1))
    for index in (i + 1 for i in chosen if i + 1 < len(text.words) and i + 1 not in chosen):
        if text.sentences[index] != text.sentences[candidate.first]:
            continue
        target = _aim_word(text, index, aim)
        if target is not None and (topic, target) not in topic_words:
            return True
    return False


def _phrase_spans(phrases: Sequence[Phrase], text: _Text) -> list[tuple[int, int]]:
    return [
        (position, end)
        for phrase in phrases
        for position, word_stems in enumerate(text.stems)
        if phrase.words
        and phrase.words[0] & word_stems
        and (end := _phrase_end(phrase, text.words, text.stems, position, text.folded.text)) is not None
    ]


def _other_sense(candidate: _Candidate, text: _Text) -> bool:
    """Whether a word of the entry's `unless_near` stands within its reach of the candidate in its sentence,
    or a word of its `unless_followed_by` right after it."""
    entry = candidate.entry
    following = candidate.last + 1
    if following < len(text.words) and text.stems[following] & entry.unless_followed_by:
        return True
    if entry.unless is None:
        return False
    sentence = text.sentences[candidate.first]
    reach = entry.unless.within
    first, last = max(0, candidate.first - reach), min(len(text.words) - 1, candidate.last + reach)
    # the words of the term itself never give it another sense; a word between the words of a near match does
    # ("the bridge in the second verse kills me")
    own = set(candidate.chosen) if candidate.chosen else set(range(candidate.first, candidate.last + 1))
    return any(
        text.sentences[i] == sentence and text.keys[i] & entry.unless.words
        for i in range(first, last + 1)
        if i not in own
    )


def _negated(candidate: _Candidate, text: _Text, negations: Sequence[Negation]) -> bool:
    sentence = text.sentences[candidate.first]
    category = candidate.entry.category
    return any(
        text.sentences[start] == sentence
        and start < candidate.first
        and candidate.first - end <= negation.within
        and not (end + 1 < len(text.words) and text.words[end + 1].text in negation.unless_followed_by)
        for negation in negations
        if category in negation.categories
        for start, end in _phrase_spans(negation.phrases, text)
    )


def _use(candidate: _Candidate, text: _Text, cues: Cues, negations: Sequence[Negation] = ()) -> str:
    """How the text uses a term: named to correct it, as an intensifier, negated, or in its own voice."""
    sentence = text.sentences[candidate.first]
    strong = [(s, e) for s, e in _phrase_spans(cues.strong, text) if text.sentences[s] == sentence]
    if candidate.entry.category in cues.strong_for and any(0 < candidate.first - end <= CUE_REACH for _, end in strong):
        return "correction"
    if is_quoted(candidate.start, candidate.end, text.quotes):
        weak = [s for s, _ in _phrase_spans(cues.quoted, text) if text.sentences[s] == sentence]
        if strong or weak:
            return "correction"
    following = candidate.last + 1
    if (
        candidate.entry.intensifies
        and following < len(text.words)
        and text.words[following].text in candidate.entry.intensifies
    ):
        return "intensifier"
    return "negated" if _negated(candidate, text, negations) else "own"


def _without_contained(matches: list[TermMatch]) -> list[TermMatch]:
    unique = {(m.entry.category, m.start, m.end): m for m in matches}
    kept = [
        m
        for m in unique.values()
        if not any(
            o is not m
            and o.entry.category == m.entry.category
            and o.start <= m.start
            and m.end <= o.end
            and (o.end - o.start) > (m.end - m.start)
            for o in unique.values()
        )
    ]
    kept = [
        m
        for m in kept
        if not any(
            o is not m
            and o.entry.category == m.entry.category
            and o.start < m.end
            and m.start < o.end
            and (o.start, o.end) < (m.start, m.end)
            for o in kept
        )
    ]
    return sorted(kept, key=lambda m: (m.start, m.end, m.entry.category, m.entry.term))


def _compile_patterns(
    sources: Iterable[tuple[PathKey, str]], document: SourceDocument, problems: list[Problem], folded: bool = True
) -> tuple[GuardedPattern, ...]:
    """Compile (key, regular expression) pairs, each matched within a time budget (a lexicon may be a
    team's, see guarded.py); a bad one becomes a Problem at its line. `folded` patterns search folded text,
    so their Arabic letters are folded too."""
    compiled = []
    for key, source in sources:
        origin = Origin(str(document.path), document.line_of(key), format_path(key))
        try:
            compiled.append(GuardedPattern(regex.compile(fold_pattern(source) if folded else source), origin))
        except (regex.error, ValueError, OverflowError, RecursionError) as error:
            problems.append(Problem(origin.file, origin.line, origin.field, f"invalid regular expression: {error}"))
    return tuple(compiled)


def _near(spec: dict[str, Any]) -> Near:
    return Near(
        groups=tuple(word_group(group) for group in spec["words"]),
        within=spec.get("within", 3),
        exceptions=_folded_words(spec.get("except", [])),
        breaks=word_group(spec.get("breaks", [])),
    )


def _aim(words: list[str]) -> Aim | None:
    """`aimed_by` of an entry: words ("to", "في"), attached prefixes written with a hyphen ("ل-"), and
    words written with a leading "!" that are never an aim ("!للأسف")."""
    if not words:
        return None
    prefixes = tuple(sorted({fold(w.rstrip("-")).text for w in words if w.endswith("-")}, key=len, reverse=True))
    never = _folded_words(w[1:] for w in words if w.startswith("!"))
    return Aim(_folded_words(w for w in words if not w.endswith("-") and not w.startswith("!")), prefixes, never)


def _entry(
    spec: dict[str, Any], language: str, key: PathKey, document: SourceDocument, problems: list[Problem]
) -> Entry:
    forms = spec.get("forms", [])
    patterns = spec.get("patterns", [])
    cased = spec.get("case_sensitive_patterns", [])
    words = spec.get("words", [])
    headword = (
        forms[0]
        if forms
        else patterns[0]
        if patterns
        else cased[0]
        if cased
        else words[0]
        if words
        else spec["near"][0]["words"][0][0]
    )
    return Entry(
        term=spec.get("term") or headword,
        category=spec["category"],
        language=language,
        phrases=tuple(phrase for phrase in (compile_phrase(form) for form in forms) if phrase.words),
        patterns=_compile_patterns(
            [(key + ("patterns", i), source) for i, source in enumerate(patterns)], document, problems
        ),
        case_sensitive=_compile_patterns(
            [(key + ("case_sensitive_patterns", i), source) for i, source in enumerate(cased)],
            document,
            problems,
            folded=False,
        ),
        near=tuple(_near(near) for near in spec.get("near", [])),
        words=word_group(words),
        preceded_by=_folded_words(spec.get("preceded_by", [])),
        topic=spec.get("topic"),
        only_with_topic=spec.get("only_with_topic"),
        aim=_aim(spec.get("aimed_by", [])),
        intensifies=_folded_words(spec.get("intensifies", [])),
        unless=Unless(word_group(spec["unless_near"]["words"]), spec["unless_near"].get("within", 2))
        if "unless_near" in spec
        else None,
        unless_followed_by=_folded_words(spec.get("unless_followed_by", [])),
        suggestion=spec.get("suggestion"),
        note=spec.get("note"),
    )


def _cues(spec: dict[str, Any]) -> Cues:
    return Cues(
        tuple(compile_phrase(cue) for cue in spec.get("strong", [])),
        tuple(compile_phrase(cue) for cue in spec.get("quoted", [])),
        frozenset(spec.get("strong_for", [])),
    )


def _negations(specs: list[dict[str, Any]]) -> tuple[Negation, ...]:
    return tuple(
        Negation(
            tuple(compile_phrase(word) for word in spec["words"]),
            spec.get("within", 3),
            frozenset(spec["categories"]),
            _folded_words(spec.get("unless_followed_by", [])),
        )
        for spec in specs
    )


def load_lexicon(path: Path) -> Lexicon:
    """Read and validate one lexicon file (see schemas/lexicon.schema.json)."""
    document = load_document(path)
    problems = problems_for(document, "lexicon")
    if problems:
        raise InputError(problems)
    data = document.data
    entries = tuple(
        _entry(spec, data["language"], ("entries", number), document, problems)
        for number, spec in enumerate(data.get("entries", []))
    )
    statistics = _compile_patterns(
        [(("statistics", i, "pattern"), spec["pattern"]) for i, spec in enumerate(data.get("statistics", []))],
        document,
        problems,
    )
    if problems:
        raise InputError(problems)
    return Lexicon(entries, statistics, _cues(data.get("corrections", {})), _negations(data.get("negations", [])))
