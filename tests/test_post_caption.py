"""The post caption per platform: body, resources and hashtags within TikTok's, Reels' and Shorts' limits."""

from __future__ import annotations

import dataclasses
import re
import unicodedata

import pytest
from bidi import get_display
from conftest import run_cli

from creator_kit.errors import CaptionDoesNotFit
from creator_kit.planning.end_card import caption_lines
from creator_kit.planning.platforms import CAPTION_LIMITS, platform_caption_length
from creator_kit.planning.post_caption import ELLIPSIS, compose_platform_caption
from creator_kit.resources.directory import Resource, load_directory

HASHTAGS = ("#كلنا_معاك", "#EndTheStigma")
RESOURCES = ("Find A Helpline: https://findahelpline.com", "Embrace Lifeline: 1564")
LIMITS = {"tiktok": 2200, "reels": 2200, "shorts": 5000, "x": 280, "spotlight": 160}
SHIPPED = load_directory().entries
NUMBER = re.compile(r"\d(?:[\s.\-\u2010-\u2015]?\d)*")
CITY = {"ar": "، دبي", "en": ", Dubai"}


def test_the_platform_limits_are_the_real_ones():
    assert CAPTION_LIMITS == LIMITS


@pytest.mark.parametrize("platform", sorted(LIMITS))
def test_a_caption_that_fits_is_kept_whole(platform):
    caption = compose_platform_caption("Talk to someone you trust.", HASHTAGS, RESOURCES, platform)
    assert caption == (
        "Talk to someone you trust.\n\nFind A Helpline: https://findahelpline.com\n"
        "Embrace Lifeline: 1564\n\n#كلنا_معاك #EndTheStigma\n"
    )
    assert ELLIPSIS not in caption


@pytest.mark.parametrize(
    "platform, word", [("tiktok", "word"), ("reels", "💚"), ("shorts", "كلمة"), ("x", "كلمة"), ("spotlight", "word")]
)
def test_a_long_body_is_cut_at_a_word_with_an_ellipsis(platform, word):
    body = " ".join(f"{word}{n}" for n in range(3000))
    caption = compose_platform_caption(body, HASHTAGS, RESOURCES, platform)
    length = platform_caption_length(caption.strip(), platform)
    assert LIMITS[platform] - 12 <= length <= LIMITS[platform]
    shortened, rest = caption.split(ELLIPSIS)
    assert body.startswith(shortened) and body[len(shortened)] == " "
    assert rest == "\n\n" + "\n".join(RESOURCES) + "\n\n" + " ".join(HASHTAGS) + "\n"


def test_a_body_exactly_at_the_limit_is_not_cut():
    essentials = len("\n\n" + "\n".join(RESOURCES) + "\n\n" + " ".join(HASHTAGS))
    body = "a" * (2200 - essentials - 5) + " bcde"
    caption = compose_platform_caption(body, HASHTAGS, RESOURCES, "tiktok")
    assert platform_caption_length(caption.strip(), "tiktok") == 2200 and ELLIPSIS not in caption


@pytest.mark.parametrize("platform", sorted(LIMITS))
def test_essentials_that_do_not_fit_are_an_error(platform):
    hashtags = tuple(f"#tag{n:04d}" for n in range(LIMITS[platform] // 8))
    with pytest.raises(CaptionDoesNotFit, match=f"the {platform} post caption does not fit its limit"):
        compose_platform_caption("Talk to someone.", hashtags, RESOURCES, platform)


def test_render_names_the_script_when_the_caption_cannot_fit(tmp_path):
    hashtags = ", ".join(f"'#t{n:02d}{'x' * 95}'" for n in range(25))
    script = tmp_path / "long.yaml"
    script.write_text(
        f"id: long\ntitle: Hi\nlanguage: en\nplatform: tiktok\nhashtags: [{hashtags}]\n"
        "post_caption: Talk to someone.\nscenes:\n  - {text: Hello, duration: 1}\n",
        encoding="utf-8",
    )
    result = run_cli("render", script, "-o", tmp_path / "out", "--force")
    assert result.returncode == 2, result.stderr
    assert f"error: {script}:6: post_caption: the tiktok post caption does not fit its limit of 2200" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out" / "long.mp4").exists()


def _ascii_digits(text: str) -> str:
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)


def _numbers(text: str) -> list[str]:
    """The numbers in `text` as digits only, however written: ٩٣٧, 800 4673 and 800-4673 are 937, 8004673."""
    return [re.sub(r"\D", "", number) for number in NUMBER.findall(_ascii_digits(text))]


def _as_written(phone: str) -> set[str]:
    """`phone` as a directory's name might write it: grouped, run together, with dashes, in Arabic-Indic
    or Persian digits."""
    shifted = [phone.translate({ord(d): zero + int(d) for d in "0123456789"}) for zero in (0x0660, 0x06F0)]
    return {phone, phone.replace(" ", ""), phone.replace(" ", "-"), *shifted}


def _named_with_own_numbers(entry: Resource, language: str) -> list[Resource]:
    """The entry, and the entry with each of its numbers also in its name, each way it might be written."""
    name = entry.name(language)
    variants = [f"{name} {written}{CITY[language]}" for phone in entry.phones for written in _as_written(phone)]
    return [entry] + [dataclasses.replace(entry, names={language: variant}) for variant in variants]


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize("entry", SHIPPED, ids=[entry.id for entry in SHIPPED])
def test_a_resource_line_says_each_number_once_in_the_order_it_is_dialled(entry, language):
    """Every shipped entry, also with its numbers written into its name: the caption line names each
    number once, has no space before punctuation and, under the Unicode bidi algorithm an app applies,
    shows each phone as written (800 4673, not 4673 800, inside Arabic)."""
    for resource in _named_with_own_numbers(entry, language):
        (line,) = caption_lines([resource], language)
        assert sorted(_numbers(line)) == sorted(n for phone in entry.phones for n in _numbers(phone)), line
        assert not any(
            char.isspace() and unicodedata.category(after) in ("Po", "Pe", "Pf") for char, after in zip(line, line[1:])
        ), line
        shown = get_display(line)
        assert all(phone in shown for phone in entry.phones), shown
        if entry.url:
            assert line.endswith(entry.url)


def test_the_issue_example_reads_as_asked():
    (ministry,) = [entry for entry in SHIPPED if entry.id == "sa-moh-937"]
    assert caption_lines([ministry], "ar") == ("وزارة الصحة: 937",)
    assert caption_lines([ministry], "en") == ("Ministry of Health: 937",)
