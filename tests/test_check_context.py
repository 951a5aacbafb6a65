"""The matcher's new readings: Arabizi digits, Latin accents, French elision, negated and conditional terms,
words that give a term another sense; and the context facts (what stands next to a term) built on them."""

from __future__ import annotations

from pathlib import Path

import pytest

from creator_kit.guidelines.context import Placed, term_contexts
from creator_kit.guidelines.lexicon import Matcher, load_lexicon
from creator_kit.guidelines.normalize import fold, tokens

LEXICON = """
language: en
entries:
  - category: topic
    topic: suicide-or-self-harm
    forms: [suicide, enta7ar, automutilation, hanged]
    unless_near: {words: [executed, execution, bomber], within: 2}
  - category: hope
    forms: [hope, help]
  - category: cause
    forms: [because of]
negations:
  - words: ["no", "n't", never, "not", ما في]
    within: 3
    categories: [hope, cause]
"""


@pytest.fixture(scope="module")
def matcher(tmp_path_factory) -> Matcher:
    path: Path = tmp_path_factory.mktemp("lexicon") / "lexicon.yaml"
    path.write_text(LEXICON, encoding="utf-8")
    return Matcher.build(load_lexicon(path))


def uses(matcher: Matcher, text: str) -> list[tuple[str, str]]:
    return [(m.text, m.use) for m in matcher.find_terms(text)]


@pytest.mark.parametrize(
    "text, folded",
    [
        ("enta7ar", "entahar"),
        ("3ayez", "aayez"),
        ("5alas", "khalas"),
        ("a2tel 7ali", "atel hali"),
        ("300 calories, 2nd time, 24h, mp3, 3am, 2026", "300 calories, 2nd time, 24h, mp3, 3am, 2026"),
        ("Épidémie, cœur", "epidemie, coeur"),
    ],
)
def test_arabizi_digits_are_letters_only_inside_latin_words(text, folded):
    assert fold(text).text == folded


def test_folded_arabizi_and_accents_map_back_to_the_columns_written(matcher):
    text = "Sa7bi enta7ar l'an dernier"
    (match,) = matcher.find_terms(text)
    assert (match.text, match.start) == ("enta7ar", 6)
    assert [t.text for t in tokens(fold("l'automutilation").text)] == ["l'automutilation"]
    assert [m.text for m in matcher.find_terms("contre l'automutilation")] == ["l'automutilation"]


def test_negations_and_conditions_before_a_term(matcher):
    assert uses(matcher, "There is hope.") == [("hope", "own")]
    assert uses(matcher, "There is no hope.") == [("hope", "negated")]
    assert uses(matcher, "I never asked for help") == [("help", "negated")]  # "never" ends three words before
    assert uses(matcher, "Never give up. There is help.") == [("help", "own")]  # another sentence
    assert uses(matcher, "It is not because of exams") == [("because of", "negated")]
    assert uses(matcher, "ما في hope") == [("hope", "negated")]  # code-switched


def test_a_word_near_a_term_can_give_it_another_sense(matcher):
    assert uses(matcher, "He was executed, hanged in 1946.") == []
    assert uses(matcher, "a suicide bomber") == []
    assert uses(matcher, "He hanged himself.") == [("hanged", "own")]


def test_matches_know_their_sentence_and_words(matcher):
    matches = matcher.find_terms("Hope. It was not suicide because of one thing")
    assert [(m.text, m.sentence, m.first_word, m.last_word, m.sentence_start) for m in matches] == [
        ("Hope", 0, 0, 0, 0),
        ("suicide", 1, 4, 4, 1),
        ("because of", 1, 5, 6, 1),
    ]


def test_term_contexts_give_distances_containment_and_the_sentence_before():
    terms = [
        Placed(0, 0, 0, 1, ("topic", "suicide-or-self-harm")),  # scene 0, its last sentence
        Placed(1, 0, 0, 1, ("cause",)),  # scene 1 opens with a cause
        Placed(1, 0, 4, 4, ("topic", "suicide-or-self-harm")),
        Placed(1, 0, 4, 5, ("prevention",)),
        Placed(1, 0, 7, 7, ("hope",), own=False),
    ]
    contexts = term_contexts(terms, follows={1: 0}, last_sentence={0: 0, 1: 0})
    assert contexts[1].distances == {"prevention": 2, "suicide-or-self-harm": 2, "topic": 2}
    assert contexts[1].previous == ("suicide-or-self-harm", "topic")
    assert contexts[2].inside == ("prevention",)
    assert "hope" not in contexts[2].distances  # only own-voice terms give context
    assert contexts[0].previous == ()


def test_a_term_inside_a_negation_at_the_end_of_a_text(tmp_path):
    lexicon = tmp_path / "team.yaml"
    lexicon.write_text(
        "language: ar\nentries:\n  - {category: hope, forms: [في]}\n"
        "negations:\n  - {words: [ما في], categories: [hope], unless_followed_by: [تتردد]}\n",
        encoding="utf-8",
    )
    (match,) = Matcher.build(load_lexicon(lexicon)).find_terms("ما في")  # no word after the negation: no IndexError
    assert match.use == "negated"
