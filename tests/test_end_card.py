"""Rendering with `resources: {region: X}`: the end card's QR code decodes to the entry's URL and its text
reads back, the post caption carries the links within the platform's limit, each number once, the manifest
lists them."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import extract_frame, run_process
from ocr_support import best_reading, normalize, prepare_for_ocr, score, words
from PIL import Image
from pyzbar.pyzbar import decode

from creator_kit.inputs.template import QrPlacement, load_template, resolve_template_path
from creator_kit.planning.end_card import heading, name_without_phones, qr_overlay
from creator_kit.planning.platforms import CAPTION_LIMITS, platform_caption_length
from creator_kit.resources.directory import load_directory, lookup

pytestmark = pytest.mark.render

REGIONS = ("AE", "SA", "EG", "JO", "LB", "QA", "MA")
LANGUAGE = {"AE": "ar", "SA": "ar", "EG": "ar", "JO": "en", "LB": "ar", "QA": "en", "MA": "ar"}
HASHTAGS = ("#كلنا_معاك", "#EndTheStigma")
MARGIN = 30
OCR_UPSCALE = 2


BODY = " ".join(["Talk to someone."] * 125)
"""2,124 characters: fits Reels' 2,200 with the hashtags (the guidelines pass) but not with the resources."""


def _script(folder: Path, region: str) -> Path:
    language = LANGUAGE[region]
    text = "لست وحدك" if language == "ar" else "You are not alone."
    path = folder / f"help-{region.lower()}.yaml"
    path.write_text(
        f"id: help-{region.lower()}\ntitle: Help\nlanguage: {language}\nplatform: reels\n"
        f"hashtags: ['{HASHTAGS[0]}', '{HASHTAGS[1]}']\npost_caption: {BODY}\n"
        f"resources: {{region: {region}}}\nscenes:\n  - {{text: '{text}', duration: 1}}\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, dict]:
    """One small script per shipped region rendered with the minimal template, four at a time (at the
    standard quality: ultrafast's artefacts around the card's small text trip tesseract)."""
    folder = tmp_path_factory.mktemp("regions")

    def render(region: str) -> dict:  # in processes: calls in this process cannot run side by side
        result = run_process(
            "render",
            _script(folder, region),
            "-o",
            folder / "out",
            "--json",
            "--quality",
            "standard",
            "--template",
            "minimal",
        )
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    with ThreadPoolExecutor(4) as pool:
        return dict(zip(REGIONS, pool.map(render, REGIONS)))


def _end_frame(manifest: dict, folder: Path) -> Image.Image:
    card = manifest["end_card"]
    middle = (card["start"] + card["end"]) / 2
    return Image.open(extract_frame(Path(manifest["video"]), middle, folder / f"{manifest['id']}-end.png"))


@pytest.mark.parametrize("region", REGIONS)
def test_the_end_card_qr_code_decodes_to_the_entrys_url(rendered, region, tmp_path):
    manifest = rendered[region]
    expected = lookup(load_directory(), region, LANGUAGE[region])
    assert [entry["id"] for entry in manifest["resources"]] == [entry.id for entry in expected]
    url = next(entry.url for entry in expected if entry.url)
    assert manifest["end_card"]["qr_url"] == url
    assert manifest["end_card"]["end"] == pytest.approx(manifest["duration"])
    decoded = [symbol.data.decode() for symbol in decode(_end_frame(manifest, tmp_path))]
    assert decoded == [url]


@pytest.mark.parametrize("region", REGIONS)
def test_the_post_caption_carries_the_links_and_hashtags_within_the_limit(rendered, region):
    manifest = rendered[region]
    caption = Path(manifest["files"]["caption"]).read_text("utf-8")
    assert caption == manifest["post_caption"]
    assert platform_caption_length(caption.strip(), "reels") <= CAPTION_LIMITS["reels"]
    shortened, ellipsis, _ = caption.partition("\u2026")
    assert ellipsis and BODY.startswith(shortened) and BODY[len(shortened)] in " ."  # cut at a word
    assert caption.rstrip().endswith(" ".join(HASHTAGS))
    for entry in manifest["resources"]:
        phones = entry.get("phones", [])
        assert f"{name_without_phones(entry['names'][LANGUAGE[region]], phones)}: " in caption
        for contact in phones + ([entry["url"]] if entry.get("url") else []):
            assert caption.count(contact) == 1, contact  # once: not also inside the name («وزارة الصحة 937: 937»)


@pytest.mark.parametrize("region", REGIONS)
def test_the_end_card_text_reads_back(rendered, region, tmp_path):
    """The heading and each name once in the script's language (a number its phone line shows taken out
    of the name), every phone number."""
    manifest = rendered[region]
    language = LANGUAGE[region]
    box = load_template(resolve_template_path("minimal")).end_card.text.box
    crop = (box.x - MARGIN, box.y - MARGIN, box.x + box.width + MARGIN, box.y + box.height + MARGIN)
    names = " ".join(
        [heading(language)]
        + [name_without_phones(entry["names"][language], entry.get("phones", [])) for entry in manifest["resources"]]
    )
    phones = [number for entry in manifest["resources"] for number in entry.get("phones", [])]
    links = [entry["short_url"] for entry in manifest["resources"] if entry["short_url"]]
    # The names and the URL are smaller than a scene's text: doubled, their strokes survive prepare_for_ocr's opening.
    block = _end_frame(manifest, tmp_path).crop(crop)
    block = block.resize((block.width * OCR_UPSCALE, block.height * OCR_UPSCALE), Image.LANCZOS)
    block = prepare_for_ocr(block, (0, 0, block.width, block.height))
    _, read = best_reading(block, f"{names} {' '.join(links)}", tmp_path, "names")
    assert score(names, read).ratio >= (0.9 if language == "en" else 0.5), read
    # The phone numbers are read on their own: the reading best for Arabic names is not always best for digits.
    _, read = best_reading(block, " ".join(phones), tmp_path, "phones")
    read_words = words(read)
    for number in phones:
        assert all(normalize(part) in read_words for part in number.split()), (number, read)


def test_the_qr_code_has_its_quiet_zone_and_whole_pixel_modules():
    layer = qr_overlay("https://findahelpline.com", QrPlacement(340, 848, 400), (1080, 1920))
    left, top, right, bottom = layer.getbbox()
    assert (right - left) == (bottom - top) and right - left <= 400
    modules = 25 + 2 * 4  # version 2 and a 4-module quiet zone
    assert (right - left) % modules == 0 and (right - left) // modules >= 10
    quiet = layer.crop((left, top, right, top + 4 * (right - left) // modules))
    assert set(quiet.convert("L").getdata()) == {255}
