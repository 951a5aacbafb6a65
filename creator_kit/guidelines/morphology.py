"""Word keys: what a word of folded text is compared on when a lexicon entry names a word, not a phrase.

Arabic inflects with prefixes and suffixes (ارتكب، ارتكبت، ارتكبوا، ارتكابها) and
attaches clitics (والانتحار، للانتحار); English inflects less (commit, committed,
committing). A word's keys are its clitic-stripped forms (see `arabic_stems`) and
the stems the Snowball stemmers (PyPI `snowballstemmer`, the algorithms of the
Snowball project) give for each; a lexicon word's keys are its folded form and
its stem. Two words are "the same word" when their keys meet. The Arabic Snowball
stemmer is light (it strips affixes, it does not find roots), so lexicon lists
still name the verb forms of each person that start differently (يرتكب، ترتكب).
French attaches elided articles and pronouns with an apostrophe (l'automutilation,
s'est, j'ai): a Latin word is also read without them (`latin_stems`).
"""

from __future__ import annotations

from functools import lru_cache

import regex
import snowballstemmer

_CONJUNCTIONS = ("", "و", "ف")
_ATTACHED = ("", "ب", "ك", "ل", "ال", "بال", "كال", "لل", "س")
ARABIC_PREFIXES = tuple(sorted({c + a for c in _CONJUNCTIONS for a in _ATTACHED} - {""}, key=len, reverse=True))
_MIN_STEM_LETTERS = 2
_MIN_TANWEEN_STEM = 3
_MIN_KEY_LETTERS = 2
"""A stem shorter than this says nothing about the word (a stemmer may leave one letter)."""
_KEY_CACHE = 65536
_ELISION = regex.compile(r"(?:l|d|s|j|m|t|n|c|qu|jusqu|lorsqu|puisqu)'(?=\p{L}{2})")


def arabic_stems(word: str) -> frozenset[str]:
    """The word and what remains after each attached clitic prefix it may carry, each also
    without the alef of an accusative tanween (مجنوناً -> مجنون)."""
    stems = {word}
    for prefix in ARABIC_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= _MIN_STEM_LETTERS:
            stems.add(word[len(prefix) :])
    stems |= {stem[:-1] for stem in stems if stem.endswith("ا") and len(stem) > _MIN_TANWEEN_STEM}
    return frozenset(stems)


def latin_stems(word: str) -> frozenset[str]:
    """A Latin word, and without a French elided article or pronoun (l'automutilation -> automutilation)."""
    elided = _ELISION.match(word)
    return frozenset({word, word[elided.end() :]}) if elided else frozenset({word})


@lru_cache(maxsize=4)
def _stemmer(language: str) -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer(language)


def stem(word: str, is_arabic: bool) -> str:
    """The Snowball stem of one folded word (Arabic or English)."""
    return str(_stemmer("arabic" if is_arabic else "english").stemWord(word))  # snowballstemmer is untyped


def _with_stems(forms: frozenset[str], is_arabic: bool) -> frozenset[str]:
    stems = {stem(form, is_arabic) for form in forms}
    return forms | {s for s in stems if len(s) >= _MIN_KEY_LETTERS}


@lru_cache(maxsize=_KEY_CACHE)
def text_word_keys(word: str, is_arabic: bool) -> frozenset[str]:
    """Keys of a folded word of a text: its clitic-stripped forms and their stems."""
    return _with_stems(arabic_stems(word) if is_arabic else latin_stems(word), is_arabic)


@lru_cache(maxsize=_KEY_CACHE)
def lexicon_word_keys(word: str, is_arabic: bool) -> frozenset[str]:
    """Keys of a folded lexicon word: the word (an Arabic one also without its article) and its stem."""
    forms = {word}
    if is_arabic and word.startswith("ال") and len(word) > 4:
        forms.add(word[2:])
    return _with_stems(frozenset(forms), is_arabic)
