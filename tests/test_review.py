"""`creator-kit review`: the page over examples, a campaign, drafts with planted findings and a batch folder,
checked in Python and in a real headless Chromium (tiles loaded, findings beside their scenes, no request
leaving the page, Arabic right-to-left), with phone and desktop screenshots for the README."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from conftest import CHROMIUM, CHROMIUM_ARGS, EXAMPLE_SCRIPTS, EXAMPLES, ROOT, TINY_TEMPLATE, chromium_session, run_cli

from creator_kit.batch.tasks import expand, template_label
from creator_kit.planning.campaign import load_campaign
from creator_kit.review.collect import ReviewOptions, review_paths
from creator_kit.review.model import Review
from creator_kit.review.page import render_page, write_page

pytestmark = pytest.mark.slow  # renders a batch of the examples and drives Chromium

TODAY = date(2026, 6, 1)
GENERATED = datetime(2026, 6, 1, 9, 0)

ARABIC_DRAFT = """id: planted-ar
title: لست وحدك
language: ar
template: kulna-maak
platform: tiktok
hashtags: ["#كلنا_معاك"]
post_caption: "الحديث عن الصحة النفسية أمر طبيعي."
scenes:
  - text: "لست وحدك، والحديث قوة."
    duration: 3
  - text: "لا أحد مجنون لأنه يطلب المساعدة."
    duration: 3
"""
ENGLISH_DRAFT = """id: planted-en
title: Stories
language: en
template: minimal
platforms: [tiktok, reels]
post_caption: "Support is there: https://findahelpline.com"
scenes:
  - text: Talking helps.
    duration: 2
  - text: She took 30 pills that night.
    duration: 3
"""
HOSTILE_DRAFT = """id: hostile
title: "<script>alert(1)</script>"
language: en
template: minimal
hashtags: ["#EndTheStigma"]
scenes:
  - text: "\\"><img src=x onerror=alert(2)> & <b>bold</b>"
    duration: 3
"""
PLANTED = {  # clip key -> (scene index, rule) a reviewer must see beside that scene
    "planted-ar.ar.kulna-maak": (1, "stigmatizing-term"),
    "planted-en.en.minimal": (1, "method-detail"),
}


def _drafts(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "planted-ar.yaml").write_text(ARABIC_DRAFT, encoding="utf-8")
    (folder / "planted-en.yaml").write_text(ENGLISH_DRAFT, encoding="utf-8")
    return folder


def _clip(review: Review, key: str):
    return next(clip for clip in review.clips if clip.key == key)


@pytest.fixture(scope="module")
def combined(tmp_path_factory) -> tuple[Review, Path]:
    """One page over planted drafts, every example script and the example campaign."""
    folder = tmp_path_factory.mktemp("review")
    drafts = _drafts(folder / "drafts")
    page = folder / "review.html"
    review = review_paths([drafts, *EXAMPLE_SCRIPTS, EXAMPLES / "campaign.yaml"], ReviewOptions(folder, today=TODAY))
    write_page(review, page, GENERATED)
    return review, page


def test_examples_give_one_clip_per_script_and_language_with_a_tile_per_card_and_scene(combined):
    review, _ = combined
    from creator_kit.inputs.script import load_script

    for script_path in EXAMPLE_SCRIPTS:
        script = load_script(script_path)
        for language in script.languages:
            clip = _clip(review, f"{script.id}.{language}.{template_label(script.template)}")
            assert clip.script == str(script_path) and clip.language == language
            scenes = [tile for tile in clip.tiles if tile.kind == "scene"]
            assert [tile.index for tile in scenes] == list(range(len(script.scenes)))
            assert all(tile.image.startswith("data:image/jpeg;base64,") for tile in clip.tiles)
            assert [c.platform for c in clip.captions] == list(script.platforms)
            assert all(0 < c.length <= c.limit for c in clip.captions)


def test_a_campaign_gives_one_clip_per_task_with_its_platforms(combined):
    review, _ = combined
    tasks, failed = expand(load_campaign(EXAMPLES / "campaign.yaml"))
    assert not failed
    campaign = review.clips[-len(tasks) :]
    assert [clip.key for clip in campaign] == [task.key for task in tasks]
    for task, clip in zip(tasks, campaign):
        assert [c.platform for c in clip.captions] == [item.platform for item in task.items]
    assert review.problems == ()


def test_planted_findings_are_anchored_to_their_scene(combined):
    review, _ = combined
    for key, (index, rule) in PLANTED.items():
        clip = _clip(review, key)
        tile = next(t for t in clip.tiles if t.kind == "scene" and t.index == index)
        assert rule in [f.rule for f in tile.findings]
        others = [f for t in clip.tiles if t is not tile for f in t.findings]
        assert rule not in [f.rule for f in others]
    english = _clip(review, "planted-en.en.minimal")
    assert {f.rule for f in english.caption_findings} == {"missing-campaign-hashtag"}
    assert {f.platform for f in english.caption_findings} == {"tiktok", "reels"}
    assert review.count("error") >= 1 and review.exit_code == 1


def test_resources_show_source_verification_and_staleness(combined):
    review, _ = combined
    clip = _clip(review, "ar-resources-ae.ar.kulna-maak")
    assert clip.resources and all(r.source for r in clip.resources)
    assert {r.name for r in clip.resources if r.stale} >= {"الخط الوطني للدعم النفسي"}
    assert review.stale_resources >= 2
    assert {f.rule for f in clip.resource_findings} == {"resource-not-verified"}


def test_resources_and_post_captions_say_each_number_once(tmp_path):
    """The resources table names a service without the number its contact column shows, and the post
    caption says it once: «وزارة الصحة: 937», not «وزارة الصحة 937: 937»."""
    draft = ARABIC_DRAFT.replace("id: planted-ar", "id: saudi") + "resources: {region: SA}\n"
    (tmp_path / "saudi.yaml").write_text(draft, encoding="utf-8")
    (clip,) = review_paths([tmp_path / "saudi.yaml"], ReviewOptions(tmp_path, today=TODAY)).clips
    ministry = next(r for r in clip.resources if r.phones == ("937",))
    assert ministry.name == "وزارة الصحة"
    for caption in clip.captions:
        assert "وزارة الصحة: 937\n" in caption.text and caption.text.count("937") == 1, caption.text


def test_every_text_is_escaped(tmp_path):
    (tmp_path / "hostile.yaml").write_text(HOSTILE_DRAFT, encoding="utf-8")
    html = render_page(review_paths([tmp_path / "hostile.yaml"], ReviewOptions(tmp_path, today=TODAY)), GENERATED)
    from creator_kit.review.page_script import SCRIPT

    assert html.count("<script") == 1 and f"<script>{SCRIPT}</script>" in html, "the page's own script only"
    assert "<img src=x" not in html and "<b>bold" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&#34;&gt;&lt;img src=x onerror=alert(2)&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html


def test_cli_exit_codes_and_one_line_per_unusable_input(tmp_path):
    drafts = _drafts(tmp_path / "drafts")
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: broken\nlanguage: en\ntitle: x\nscenes:\n  - text: [unclosed\n", encoding="utf-8")
    clean = run_cli("review", EXAMPLES / "ar-not-alone.yaml", "-o", tmp_path / "clean.html")
    assert clean.returncode == 0 and (tmp_path / "clean.html").is_file(), clean.stderr
    errors = run_cli("review", drafts, "-o", tmp_path / "errors.html")
    assert errors.returncode == 1, errors.stderr
    mixed = run_cli("review", drafts, broken, tmp_path / "missing.yaml", "-o", tmp_path / "out" / "mixed.html")
    assert mixed.returncode == 2
    lines = mixed.stderr.splitlines()
    assert "Traceback" not in mixed.stderr
    assert lines == [line for line in lines if line.startswith("error: ")] and len(lines) == 2
    assert (
        lines[0].startswith(f"error: {broken}:6: invalid YAML")
        and lines[1] == f"error: {tmp_path / 'missing.yaml'}: file not found"
    )
    page = (tmp_path / "out" / "mixed.html").read_text("utf-8")
    assert 'data-key="planted-ar.ar.kulna-maak"' in page and "Could not be reviewed" in page
    assert not list((tmp_path / "out").glob(".*partial*"))
    blocked = run_cli("review", drafts, "-o", broken / "review.html")
    assert blocked.returncode == 2 and blocked.stderr.startswith("error: ") and "Traceback" not in blocked.stderr


TINY_SCRIPT = """id: tiny
title: {ar: مرحبا, en: Hello}
language: ar
template: tiny/template.yaml
platforms: [tiktok, reels]
hashtags: ["#EndTheStigma"]
scenes:
  - text: {ar: لست وحدك, en: You are not alone}
    duration: 1
  - text: {ar: الحديث قوة, en: Talking is strength}
    duration: 1
"""


@pytest.mark.render
def test_a_batch_folder_shows_the_rendered_frames_and_links_each_video(tmp_path):
    (tmp_path / "tiny").mkdir()
    (tmp_path / "tiny" / "template.yaml").write_text(TINY_TEMPLATE, encoding="utf-8")
    (tmp_path / "tiny.yaml").write_text(TINY_SCRIPT, encoding="utf-8")
    (tmp_path / "campaign.yaml").write_text("scripts: [tiny.yaml]\nlanguages: [ar, en]\n", encoding="utf-8")
    out = tmp_path / "out"
    batch = run_cli("batch", tmp_path / "campaign.yaml", "-o", out, "--preset", "ultrafast", "--jobs", "1")
    assert batch.returncode == 0, batch.stderr
    review = review_paths([out], ReviewOptions(out, today=TODAY))
    assert [c.key for c in review.clips] == ["tiny.ar.tiny", "tiny.en.tiny"] and review.problems == ()
    for clip in review.clips:
        assert clip.rendered and [t.kind for t in clip.tiles] == ["intro", "scene", "scene"]
        assert sorted(c.video for c in clip.captions) == [f"{clip.key}.reels.mp4", f"{clip.key}.tiktok.mp4"]
    import base64
    import io

    from PIL import Image

    def picture(uri: str) -> Image.Image:
        return Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1]))).convert("RGB")

    english = review.clips[1]
    assert picture(english.tiles[1].image).size == (270, 480)
    assert picture(english.tiles[1].image).getpixel((5, 5))[2] > 60  # the tiny template's blue, from the video
    assert english.tiles[1].text == "You are not alone"
    # a failed item is listed as a problem (exit 2); the others are still shown
    report = json.loads((out / "batch-report.json").read_text("utf-8"))
    report["items"][0]["status"], report["items"][0]["error"] = "failed", "encoder failed"
    (out / "batch-report.json").write_text(json.dumps(report), encoding="utf-8")
    (out / f"{report['items'][1]['key']}.mp4").unlink()
    result = run_cli("review", out, "-o", out / "review.html")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert [line.split(": ")[0] for line in result.stderr.splitlines()] == ["error", "error"]
    assert "was not rendered: encoder failed" in result.stderr and "file not found" in result.stderr
    assert 'href="tiny.en.tiny.tiktok.mp4"' in (out / "review.html").read_text("utf-8")


# --- in a real browser ------------------------------------------------------------------------------------------


def _save_if_changed(path: Path, picture: bytes) -> None:
    if not path.is_file() or path.read_bytes() != picture:
        path.write_bytes(picture)


def test_the_page_in_headless_chromium(combined):
    review, page_path = combined
    with chromium_session() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            requests: list[str] = []
            page.on("request", lambda request: requests.append(request.url))
            page.goto(page_path.as_uri())
            page.wait_for_load_state("load")

            images = page.eval_on_selector_all(".scene img", "els => els.map(e => [e.complete, e.naturalWidth])")
            assert len(images) == sum(len(clip.tiles) for clip in review.clips)
            assert all(complete and width > 0 for complete, width in images)

            for key, (index, rule) in PLANTED.items():
                scene = page.locator(f'[data-key="{key}"] .scene[data-kind="scene"][data-index="{index}"]')
                assert scene.locator(f'.finding[data-rule="{rule}"]').count() >= 1, key
                assert scene.locator("img").evaluate("e => e.naturalWidth") > 0
                assert scene.locator(".finding .suggestion").count() >= 1
                assert scene.locator(".finding .guideline a").first.get_attribute("href").startswith("https://")
            assert page.locator(".finding").count() == sum(len(clip.findings) for clip in review.clips)

            directions = page.eval_on_selector_all(
                ".scene-text", "els => els.map(e => [e.lang, getComputedStyle(e).direction])"
            )
            arabic = [d for lang, d in directions if lang == "ar"]
            assert arabic and set(arabic) == {"rtl"}
            assert {d for lang, d in directions if lang == "en"} == {"ltr"}

            assert "shows scripts, not rendered clips" in page.locator("#decide-hint").text_content()
            _save_if_changed(ROOT / "docs" / "review-desktop.png", page.screenshot())

            phone = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
            phone.on("request", lambda request: requests.append(request.url))
            phone.goto(page_path.as_uri())
            width = phone.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, "the page scrolls sideways on a phone"
            phone.evaluate(
                'document.querySelector(\'[data-key="planted-ar.ar.kulna-maak"] '
                '.scene[data-index="1"]\').scrollIntoView()'
            )
            _save_if_changed(ROOT / "docs" / "review-phone.png", phone.screenshot())
        finally:
            browser.close()
    assert requests and all(url.split(":", 1)[0] in ("data", "file") for url in requests), requests
    assert [url for url in requests if url.startswith("file:")] == [page_path.as_uri()] * 2
