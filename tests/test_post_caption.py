"""The post caption per platform: body, resources and hashtags within TikTok's, Reels' and Shorts' limits."""

from __future__ import annotations

import pytest
from conftest import run_cli

from creator_kit.errors import CaptionDoesNotFit
from creator_kit.planning.platforms import CAPTION_LIMITS, platform_caption_length
from creator_kit.planning.post_caption import ELLIPSIS, compose_platform_caption

HASHTAGS = ("#كلنا_معاك", "#EndTheStigma")
RESOURCES = ("Find A Helpline: https://findahelpline.com", "Embrace Lifeline: 1564")
LIMITS = {"tiktok": 2200, "reels": 2200, "shorts": 5000}


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


@pytest.mark.parametrize("platform, word", [("tiktok", "word"), ("reels", "💚"), ("shorts", "كلمة")])
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
