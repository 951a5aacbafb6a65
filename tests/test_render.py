"""End to end: shipped examples through `creator-kit render`, checked with ffmpeg and parsers."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import media
import numpy as np
import pytest
from conftest import EXAMPLE_SCRIPTS, EXAMPLES, extract_frame, probe, run_cli
from PIL import Image

from creator_kit.documents.manifest import read_manifest, write_manifest
from creator_kit.errors import InputError
from creator_kit.inputs.validation import load_schema

pytestmark = pytest.mark.render

PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")
SRT_TIME = r"(\d\d):(\d\d):(\d\d)[,.](\d\d\d)"


def _seconds(h: str, m: str, s: str, ms: str) -> float:
    return int(h) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000


def parse_cues(text: str) -> list[tuple[float, float, str]]:
    """(start, end, text) of every SRT or WebVTT cue."""
    cues = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = block.splitlines()
        for number, line in enumerate(lines):
            match = re.match(rf"{SRT_TIME} --> {SRT_TIME}$", line)
            if match:
                groups = match.groups()
                cues.append((_seconds(*groups[:4]), _seconds(*groups[4:]), "\n".join(lines[number + 1 :])))
    return cues


def all_manifests(rendered_examples):
    return [m for manifests in rendered_examples.values() for m in manifests]


def test_every_example_renders(rendered_examples):
    assert {p.stem for p in EXAMPLE_SCRIPTS} == set(rendered_examples)


def test_video_is_vertical_h264_high_aac_at_30_fps(rendered_examples):
    for manifest in all_manifests(rendered_examples):
        facts = probe(Path(manifest["video"]))
        assert (facts.width, facts.height) == (1080, 1920) == (manifest["width"], manifest["height"])
        assert facts.fps == 30 == manifest["fps"]
        assert (facts.video_codec, facts.profile, facts.pixel_format) == ("h264", "High", "yuv420p")
        assert facts.audio_codec == "aac" and facts.audio_channels == "stereo"
        assert abs(facts.duration - manifest["duration"]) <= 0.1, (manifest["video"], facts.duration)


def test_moov_atom_is_before_media_data(rendered_examples):
    for manifest in all_manifests(rendered_examples):
        head = Path(manifest["video"]).read_bytes()
        assert 0 <= head.find(b"moov") < head.find(b"mdat"), manifest["video"]


def test_sidecar_cues_match_manifest_scenes(rendered_examples):
    for manifest in all_manifests(rendered_examples):
        for kind in ("srt", "vtt"):
            text = Path(manifest["files"][kind]).read_text("utf-8")
            if kind == "vtt":
                assert text.startswith("WEBVTT")
            cues = parse_cues(text)
            scenes = manifest["scenes"]
            assert len(cues) == len(scenes)
            for (start, end, cue_text), scene in zip(cues, scenes):
                assert abs(start - scene["start"]) < 0.0015 and abs(end - scene["end"]) < 0.0015
                assert cue_text == scene["text"]
            assert scenes[-1]["end"] <= manifest["duration"]


def _scene_texts(script: dict, language: str) -> list[str]:
    """The scene texts a script writes, or the cues of its captions file (an SRT's, or a plain text's lines)."""
    if str(script.get("captions", "")).endswith(".txt"):
        return [line for line in (EXAMPLES / script["captions"]).read_text("utf-8").splitlines() if line.strip()]
    if "captions" in script:
        import srt

        return [cue.content for cue in srt.parse((EXAMPLES / script["captions"]).read_text("utf-8"))]
    return [_in(scene["text"], language).strip() for scene in script["scenes"]]


def _in(text: str | dict, language: str) -> str:
    """A script's text, or its text in `language` when written in several."""
    return text[language] if isinstance(text, dict) else text


def test_text_outputs_keep_logical_order_without_presentation_forms(rendered_examples):
    import yaml

    for stem, manifests in rendered_examples.items():
        script = yaml.safe_load((EXAMPLES / f"{stem}.yaml").read_text("utf-8"))
        for manifest in manifests:
            for kind in ("srt", "vtt", "caption", "manifest"):
                text = Path(manifest["files"][kind]).read_text("utf-8")
                assert not PRESENTATION_FORMS.search(text), (kind, manifest["id"])
            language = script["language"]
            assert [s["text"] for s in manifest["scenes"]] == _scene_texts(script, language)
            caption = Path(manifest["files"]["caption"]).read_text("utf-8")
            assert _in(script["post_caption"], language) in caption
            assert all(tag in caption for tag in script.get("hashtags", []))
            assert caption == manifest["post_caption"]


def test_manifest_has_the_contract_fields(rendered_examples):
    keys = {
        "id",
        "script",
        "template",
        "platform",
        "video",
        "width",
        "height",
        "fps",
        "duration",
        "scenes",
        "files",
        "post_caption",
        "resources",
        "findings",
        "inputs_sha256",
    }
    for manifest in all_manifests(rendered_examples):
        assert keys <= set(manifest)
        written = json.loads(Path(manifest["files"]["manifest"]).read_text("utf-8"))
        assert written == manifest
        assert re.fullmatch(r"[0-9a-f]{64}", manifest["inputs_sha256"])
        assert all(Path(p).is_file() for p in manifest["files"].values())


def test_manifests_keep_their_schema_and_read_back_as_written(rendered_examples):
    for manifest in all_manifests(rendered_examples):
        jsonschema.validate(manifest, load_schema("manifest"))
        path = Path(manifest["files"]["manifest"])
        model = read_manifest(path)
        assert model.to_json() == manifest
        assert write_manifest(model) == path and json.loads(path.read_text("utf-8")) == manifest


def test_a_file_that_is_not_a_manifest_is_refused_at_its_line(tmp_path):
    path = tmp_path / "x.manifest.json"
    path.write_text('{\n  "id": "x",\n  "width": "wide"\n}\n', "utf-8")
    with pytest.raises(InputError) as raised:
        read_manifest(path)
    assert any(problem.file == str(path) and problem.line for problem in raised.value.problems)


def test_several_platforms_name_files_by_platform(rendered_examples):
    manifests = rendered_examples["mixed-stats"]
    assert [m["platform"] for m in manifests] == ["tiktok", "shorts"]
    assert [Path(m["video"]).name for m in manifests] == ["mixed-stats.tiktok.mp4", "mixed-stats.shorts.mp4"]


def test_no_partial_files_are_left(rendered_examples):
    for manifest in all_manifests(rendered_examples):
        folder = Path(manifest["video"]).parent
        assert not [p.name for p in folder.iterdir() if p.name.startswith(".") or "partial" in p.name]


def test_scene_frames_differ_and_text_is_painted(rendered_examples, tmp_path):
    manifest = rendered_examples["ar-not-alone"][0]
    frames = []
    for scene in manifest["scenes"][:2]:
        middle = (scene["start"] + scene["end"]) / 2
        frames.append(
            np.asarray(
                Image.open(extract_frame(Path(manifest["video"]), middle, tmp_path / f"{scene['index']}.png")).convert(
                    "L"
                )
            )
        )
    assert np.abs(frames[0].astype(int) - frames[1].astype(int)).mean() > 0.5


def test_human_output_and_progress_free_pipe(tmp_path):
    result = run_cli(
        "render", EXAMPLES / "ar-not-alone.yaml", "-o", tmp_path, "--preset", "ultrafast", "--template", "minimal"
    )
    assert result.returncode == 0, result.stderr
    assert "ar-not-alone.mp4" in result.stdout
    assert "Traceback" not in result.stderr
    assert json.loads((tmp_path / "ar-not-alone.manifest.json").read_text("utf-8"))["template"] == "minimal"


def _loudness(video: Path, start: float, length: float) -> float:
    return media.rms(media.window(media.sound_track(video), start, start + length))


def test_music_plays_and_fades_out(tmp_path):
    media.tone(tmp_path / "calm.wav", 440, 3)
    script = tmp_path / "music.yaml"
    script.write_text(
        "id: music\ntitle: Music\nlanguage: en\ntemplate: minimal\n"
        "scenes:\n  - {text: You are not alone., duration: 2}\n  - {text: Talk to someone., duration: 2}\n"
        "music: {file: calm.wav, volume: 0.8}\n",
        encoding="utf-8",
    )
    result = run_cli("render", script, "-o", tmp_path / "out", "--json", "--preset", "ultrafast")
    assert result.returncode == 0, result.stderr
    manifest = json.loads(result.stdout)
    video = Path(manifest["video"])
    middle = _loudness(video, manifest["duration"] / 2, 0.5)
    end = _loudness(video, manifest["duration"] - 0.15, 0.15)
    assert middle > 1000, "the music is audible (it loops past its 3 s)"
    assert end < middle / 4, "and it fades out at the end"
    assert abs(probe(video).duration - manifest["duration"]) <= 0.1


def test_arabic_indic_digits_change_the_pixels_but_not_the_captions(tmp_path):
    script = tmp_path / "digits.yaml"
    body = (
        "id: digits\ntitle: أرقام\nlanguage: ar\ntemplate: minimal\n{digits}"
        "scenes:\n  - {{text: '53% من الفئة 18-24', duration: 1.5, source: YouGov}}\n"
    )
    frames = {}
    for name, digits in (("western", ""), ("indic", "digits: arabic-indic\n")):
        script.write_text(body.format(digits=digits), encoding="utf-8")
        result = run_cli("render", script, "-o", tmp_path / name, "--json", "--preset", "ultrafast")
        assert result.returncode == 0, result.stderr
        manifest = json.loads(result.stdout)
        assert "53% من الفئة 18-24" in Path(manifest["files"]["srt"]).read_text("utf-8")
        scene = manifest["scenes"][0]
        frames[name] = np.asarray(
            Image.open(
                extract_frame(Path(manifest["video"]), (scene["start"] + scene["end"]) / 2, tmp_path / f"{name}.png")
            ).convert("L")
        ).astype(int)
    assert np.abs(frames["western"] - frames["indic"]).mean() > 0.2
