"""The matcher: Arabic clitics and spelling variants, whole words only, English phrases and
inflections, columns of the original text, statistics."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from creator_kit.errors import InputError
from creator_kit.guidelines.lexicon import Matcher, arabic_stems, load_lexicon
from creator_kit.guidelines.normalize import fold, tokens
from creator_kit.guidelines.ruleset import DATA_DIR


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher.build(load_lexicon(DATA_DIR / "lexicon.ar.yaml") + load_lexicon(DATA_DIR / "lexicon.en.yaml"))


def found(matcher: Matcher, text: str, category: str | None = None) -> list[str]:
    """The matched text, as written, of every term of `category` (all categories when None)."""
    return [m.text for m in matcher.find_terms(text) if category is None or m.entry.category == category]


@pytest.mark.parametrize(
    "text, written",
    [
        ("المجنون", "المجنون"),
        ("والمجنون", "والمجنون"),
        ("للمجانين", "للمجانين"),
        ("بالمجانين", "بالمجانين"),
        ("فالمجنون", "فالمجنون"),
        ("كالمجنون", "كالمجنون"),
        ("وللمجانين", "وللمجانين"),
        ("ومجنون", "ومجنون"),
        ("لمجنونة", "لمجنونة"),
        ("مجنوناً", "مجنوناً"),
        ("والمختلين", "والمختلين"),
    ],
)
def test_arabic_clitics_are_stripped(matcher, text, written):
    assert found(matcher, f"قال إن {text} هنا", "stigmatizing") == [written]


@pytest.mark.parametrize(
    "text",
    [
        "مَجْنُونٌ",  # harakat
        "مجـــنون",  # tatweel
        "مجنونه",  # ha for ta marbuta
        "مجنونة",
        "مجنونﺔ",  # a presentation form copied from shaped text
    ],
)
def test_arabic_spelling_variants(matcher, text):
    assert found(matcher, text, "stigmatizing") == [text]


@pytest.mark.parametrize("text", ["أهبل", "اهبل", "إهبل", "آهبل", "أهبلُ"])
def test_alef_and_hamza_forms(matcher, text):
    assert found(matcher, text, "stigmatizing") == [text]


def test_ya_and_alef_maqsura_are_one_letter(matcher):
    assert found(matcher, "أطلق النار علي نفسه", "method-detail") == ["أطلق النار علي نفسه"]
    assert found(matcher, "أطلق النار على نفسه", "method-detail") == ["أطلق النار على نفسه"]


@pytest.mark.parametrize(
    "text",
    [
        "هذا مختلف تماما",  # مختلف contains مختل
        "المختلفون يضيفون الكثير",
        "جنة الأرض",
        "مجنونيات",  # not a listed form
        "الجنون فنون",  # a noun the lexicon does not list
    ],
)
def test_words_that_merely_contain_the_letters_are_not_found(matcher, text):
    assert found(matcher, text, "stigmatizing") == []


def test_arabic_phrases_match_across_clitics_and_variants(matcher):
    assert found(matcher, "والمتخلفين عقلياً", "stigmatizing") == ["والمتخلفين عقلياً"]
    assert found(matcher, "سيرتكب الانتحار", "suicide-framing") == ["سيرتكب الانتحار"]
    assert found(matcher, "ارتكبَ الانتحارَ", "suicide-framing") == ["ارتكبَ الانتحارَ"]
    assert found(matcher, "بجرعة زائدة", "method-detail") == ["بجرعة زائدة"]


def test_phrase_words_must_be_adjacent(matcher):
    assert found(matcher, "ارتكب. الانتحار", "suicide-framing") == []
    assert found(matcher, "committed, suicide", "suicide-framing") == []


def test_arabic_indic_digits_are_digits(matcher):
    assert found(matcher, "ابتلع ٢٠ حبة", "method-detail") == ["٢٠ حبة"]
    assert found(matcher, "ابتلع 20 حبة", "method-detail") == ["20 حبة"]


@pytest.mark.parametrize(
    "text, written",
    [
        ("He is CRAZY", "CRAZY"),
        ("Crazy!", "Crazy"),
        ("those lunatics", "lunatics"),
        ("a psycho's car", "psycho's"),
        ("a psycho’s car", "psycho’s"),
        ("the crazies", "crazies"),
        ("he went mental", "went mental"),
    ],
)
def test_english_case_and_simple_inflections(matcher, text, written):
    assert found(matcher, text, "stigmatizing") == [written]


@pytest.mark.parametrize("text", ["psychology", "psychologist", "Lunaticsville", "insanity-free", "nutrition"])
def test_english_whole_words_only(matcher, text):
    assert found(matcher, text, "stigmatizing") == []


def test_adjectival_ocd_only_after_an_intensifier(matcher):
    assert found(matcher, "I'm so OCD about it", "stigmatizing") == ["OCD"]
    assert found(matcher, "She has OCD and gets treatment", "stigmatizing") == []
    assert found(matcher, "The weather is so bipolar", "stigmatizing") == ["bipolar"]
    assert found(matcher, "He lives with bipolar disorder", "stigmatizing") == []


def test_english_phrases_and_hyphens(matcher):
    assert found(matcher, "He Committed Suicide.", "suicide-framing") == ["Committed Suicide"]
    assert found(matcher, "self-harm and self harm", "topic") == ["self-harm", "self harm"]


def test_outcome_words_count_only_in_a_text_about_suicide(matcher):
    assert found(matcher, "my failed attempt at baking", "suicide-framing") == []
    assert found(matcher, "a failed attempt at suicide", "suicide-framing") == ["failed attempt"]
    assert found(matcher, "محاولة فاشلة في الطبخ", "suicide-framing") == []
    assert found(matcher, "محاولة فاشلة للانتحار", "suicide-framing") == ["محاولة فاشلة"]


def test_a_longer_term_wins_over_the_term_inside_it(matcher):
    assert found(matcher, "a failed suicide attempt", "suicide-framing") == ["failed suicide attempt"]


def test_match_offsets_are_those_of_the_original_text(matcher):
    text = "كفى سخرية من المـجَانين اليوم"
    (match,) = [m for m in matcher.find_terms(text) if m.entry.category == "stigmatizing"]
    assert text[match.start : match.end] == "المـجَانين"
    assert match.start == 13


def test_help_references(matcher):
    assert found(matcher, "اتصل على 1564", "help-reference") == ["اتصل على 1564"]
    assert found(matcher, "call 800 4673 today", "help-reference") == ["call 800 4673"]
    assert found(matcher, "visit https://findahelpline.com", "help-reference") == ["https://findahelpline.com"]
    assert found(matcher, "call someone you trust", "help-reference") == []


@pytest.mark.parametrize(
    "text, statistic",
    [
        ("56% of Gen Z", "56%"),
        ("و64% يشعرون", "64%"),
        ("٥٣٪ يخشون", "٥٣٪"),
        ("12.5 percent said so", "12.5 percent"),
        ("1 in 4 people", "1 in 4"),
        ("one in five adults", "one in five"),
        ("700,000 deaths a year", "700,000 deaths"),
        ("300 people", "300 people"),
        ("٧٠٠ ألف شخص", "٧٠٠ ألف"),
        ("واحد من كل أربعة", "واحد من كل أربعة"),
        ("بنسبة 40 بالمئة", "40 بالمئة"),
        ("نصف الشباب", "نصف الشباب"),
    ],
)
def test_statistics(matcher, text, statistic):
    assert [text[start:end] for start, end in matcher.find_statistics(text)] == [statistic]


@pytest.mark.parametrize("text", ["in 2024 we talked", "ages 18-24", "scene 3", "من عمر 18 إلى 24 عامًا"])
def test_numbers_that_are_not_statistics(matcher, text):
    assert matcher.find_statistics(text) == []


def test_arabic_stems():
    assert "مجانين" in arabic_stems("للمجانين")
    assert "مجنون" in arabic_stems("والمجنون")
    assert "مجنون" in arabic_stems("مجنونا")
    assert arabic_stems("مختلف") == {"مختلف"}
    assert "ل" not in arabic_stems("لل")  # a stem keeps at least two letters


def test_fold_removes_marks_and_unifies_letters():
    folded = fold("أَنْتَ إلى آخرِ ـالقصة ٣")
    assert folded.text == "انت الي اخر القصه 3"
    assert [t.text for t in tokens(folded.text)] == ["انت", "الي", "اخر", "القصه", "3"]


@given(st.text(alphabet=st.sampled_from("مجنونأإآىةـًٌٍَُِّْ abcCD'’٣%\u200f"), max_size=40))
def test_fold_maps_every_folded_character_back(text):
    folded = fold(text)
    assert len(folded.origins) == len(folded.text)
    assert list(folded.origins) == sorted(folded.origins)
    for index, origin in enumerate(folded.origins):
        assert 0 <= origin < len(text)
        if len(folded.text) > index:
            start, end = folded.original_span(index, index + 1)
            assert start == origin and end > start


def test_a_bad_lexicon_gives_one_line_per_problem(tmp_path: Path):
    lexicon = tmp_path / "lexicon.xx.yaml"
    lexicon.write_text(
        "language: xx\nentries:\n  - category: rude\n    forms: [a]\n"
        "  - category: topic\n    patterns: ['(unclosed']\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as raised:
        load_lexicon(lexicon)
    lines = raised.value.lines()
    assert len(lines) == 1 and lines[0].startswith(f"{lexicon}:3: entries[0].category: must be one of")
    lexicon.write_text("language: xx\nentries:\n  - category: topic\n    patterns: ['(unclosed']\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_lexicon(lexicon)
    assert raised.value.lines()[0].startswith(f"{lexicon}:4: entries[0].patterns[0]: invalid regular expression")


def framing(matcher: Matcher, text: str) -> list[tuple[str, str]]:
    return [(m.text, m.use) for m in matcher.find_terms(text) if m.entry.category in ("suicide-framing", "sensational")]


@pytest.mark.parametrize(
    "text",
    [
        "ارتكب الشاب الانتحار",  # verb, subject, object
        "ارتكبوا الانتحار",  # another person
        "يرتكبون الانتحار",
        "أثار ارتكابها الانتحار صدمة",  # verbal noun with a pronoun suffix
        "ارتكَبَ الانتحارَ",  # harakat
        "الانتحار الذي ارتكبه",  # object first
        "Suicide was committed by a student.",
        "those who commit suicide",
    ],
)
def test_commit_framing_across_word_order_and_inflection(matcher, text):
    assert [use for _, use in framing(matcher, text)] == ["own"]


@pytest.mark.parametrize(
    "text",
    [
        "ارتكب خطأ حين تحدث عن الانتحار",
        "We are committed to suicide prevention.",
        "Our commitment to suicide prevention",
        "commit to your recovery",
    ],
)
def test_commit_near_misses(matcher, text):
    assert framing(matcher, text) == []


def test_outcome_framing_predicative_possessive_and_dialect(matcher):
    about = "الانتحار. "
    assert framing(matcher, about + "كانت المحاولة الثالثة ناجحة")
    assert framing(matcher, "محاولتها الفاشلة للانتحار")
    assert framing(matcher, "حاولت تنتحر وفشلت")
    assert framing(matcher, "Suicide. The attempt was unsuccessful.")
    assert framing(matcher, about + "محاولة ناجحة للإقلاع عن التدخين") == []
    assert framing(matcher, about + "حاولت أترك التدخين وفشلت") == []
    assert framing(matcher, "Suicide. Our attempt to raise funds was successful.") == []


def test_sensational_wording_needs_the_topic(matcher):
    assert framing(matcher, "Suicide rates are soaring.")
    assert framing(matcher, "تفشّي ظاهرة الانتحار")
    assert framing(matcher, "ارتفاع جنوني في حالات الانتحار")
    assert framing(matcher, "Our spirits are soaring.") == []
    assert framing(matcher, "ارتفاع جنوني في الأسعار") == []


def test_a_phrase_named_to_correct_it_is_a_correction(matcher):
    assert framing(matcher, "We don't say 'committed suicide'.") == [("committed suicide", "correction")]
    assert framing(matcher, "لا تقل «ارتكب الانتحار» بل «توفي انتحارًا»")[0][1] == "correction"
    assert [m.use for m in matcher.find_terms("It was crazy good.")] == ["intensifier"]
    assert [m.use for m in matcher.find_terms("He is not crazy.")] == ["own"]  # the word itself still stigmatizes


def test_words_are_compared_on_snowball_stems():
    from creator_kit.guidelines.morphology import lexicon_word_keys, text_word_keys

    assert text_word_keys("ارتكابها", True) & lexicon_word_keys("ارتكاب", True)
    assert text_word_keys("بالانتحار", True) & lexicon_word_keys("انتحار", True)
    assert text_word_keys("committed", False) & lexicon_word_keys("commit", False)


@pytest.fixture(scope="module")
def shipped() -> Matcher:
    """Every shipped lexicon, as `check` reads them: code-switched lines meet all of them."""
    from creator_kit.guidelines.ruleset import load_guidelines

    return load_guidelines().matcher


def categories(matcher: Matcher, text: str) -> set[str]:
    return {m.entry.category for m in matcher.find_terms(text) if m.use == "own"}


@pytest.mark.parametrize(
    "text, category",
    [
        ("ولد الجيران قتل راسو", "topic"),  # Moroccan: killed himself
        ("نحب نموت", "topic"),  # Tunisian / Algerian: I want to die
        ("كتل نفسه بالليل", "topic"),  # Iraqi
        ("داير أموت", "topic"),  # Sudanese
        ("صاحبي enta7ar", "topic"),  # Arabizi
        ("intihar is not a word we whisper", "topic"),
        ("bdi mout", "topic"),
        ("he unalived himself", "topic"),
        ("kms fr", "topic"),
        ("sewer slide awareness", "topic"),
        ("I just want to catch the bus.", "topic"),
        ("su1cide", "topic"),
        ("mon frère s'est suicidé", "topic"),
        ("راه مسطي", "stigmatizing"),  # Moroccan
        ("هذا مسودن", "stigmatizing"),  # Iraqi
        ("enta majnoun", "stigmatizing"),  # Arabizi
        ("il est taré", "stigmatizing"),
        ("ولد الجيران committed suicide", "suicide-framing"),  # English inside Arabic
        ("c'était un suicide réussi", "suicide-framing"),
        ("شرب الماء القاطع", "method-detail"),  # Moroccan
        ("حرق روحو", "method-detail"),  # Tunisian
        ("شربت صبغة", "method-detail"),  # Sudanese
    ],
)
def test_dialects_arabizi_euphemisms_and_french_are_read(shipped, text, category):
    assert category in categories(shipped, text)


@pytest.mark.parametrize(
    "text",
    [
        "You are killing it!",
        "I'm dying to see you.",
        "I need to catch the bus to school.",
        "I ran 5 kms.",
        "I wanted to die of embarrassment lol",
        "a suicide bomber attacked the market",
        "It would be career suicide.",
        "un attentat suicide",
        "هجوم انتحاري في السوق",
        "انتحار سياسي للحزب",
        "أُعدم عمر المختار شنقًا عام ١٩٣١",
        "شنق جمال باشا الأحرار في ساحة الشهداء",
        "وزير الداخلية نهاد المشنوق",
        "He was executed by hanging in 1946.",
        "La pendaison des résistants en 1944.",
        "بموت من الضحك",
        "هموت من الجوع",
        "الواد ده جدع",
    ],
)
def test_figurative_uses_and_other_senses_are_no_mention(shipped, text):
    assert not categories(shipped, text) & {"topic", "method-detail", "suicide-framing"}


@pytest.mark.parametrize(
    "text, category, use",
    [
        ("There is no hope.", "hope", "negated"),
        ("Don't lose hope.", "hope", "own"),
        ("Don't hesitate to ask for help.", "help-seeking", "own"),
        ("ما في أمل", "hope", "negated"),
        ("ماكو أمل", "hope", "negated"),  # Iraqi
        ("لا تتردد في طلب المساعدة", "help-seeking", "own"),
        ("Il n'y a pas d'espoir.", "hope", "negated"),
        ("Suicide is never because of one thing.", "cause", "negated"),
        ("الانتحار ليس بسبب سبب واحد", "cause", "negated"),
        ("If you are thinking about suicide, I was there too.", "personal", "own"),
        ("لو كنت تفكر في الانتحار", "personal", "negated"),
    ],
)
def test_negations_and_conditions(shipped, text, category, use):
    assert (category, use) in {(m.entry.category, m.use) for m in shipped.find_terms(text)}


def test_a_folded_french_form_does_not_meet_an_english_phrase(shipped):
    """«suicide raté» folds to "suicide rate", which English plurals would stretch to "suicide rates"."""
    assert "suicide-framing" not in categories(shipped, "Teen suicide rates in 2024")
    assert "suicide-framing" in categories(shipped, "il a raté son suicide")


@pytest.mark.parametrize("text", ["We run 5k every Sunday.", "Our 10,000 steps challenge starts Monday."])
def test_distances_and_steps_are_no_statistics(shipped, text):
    assert shipped.find_statistics(text) == []


def test_a_french_negation_does_not_negate_english(shipped):
    assert ("coping", "own") in {(m.entry.category, m.use) for m in shipped.find_terms("Plus, therapy helps a lot.")}
    assert ("hope", "negated") in {(m.entry.category, m.use) for m in shipped.find_terms("Il n'y a plus d'espoir.")}
