"""Loudness: the finished sound track lands on the platform's playback level, measured by ffmpeg's own
EBU R128 meter (ebur128, not the loudnorm filter the render uses), and the manifest records it."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import media
import pytest
from conftest import ROOT, TINY_TEMPLATE, run_cli

from creator_kit.encode.loudness import LoudnessTarget, Measurement, corrected_gain, missed_target, parse_measurement
from creator_kit.errors import InputError
from creator_kit.inputs.script import load_script
from creator_kit.paths import ffmpeg_executable

pytestmark = pytest.mark.render

SCENES = (
    "scenes:\n  - {text: لست وحدك., duration: 2.5}\n  - {text: تحدّث مع من تثق به., duration: 2.5}\n"
    "  - {text: طلب المساعدة قوة., duration: 2.5}\n"
)


def _quiet_music(folder: Path) -> Path:
    """Pink noise about 20 LU under the target, as quiet library music often is."""
    return media.sound(folder / "music.wav", "anoisesrc=color=pink:amplitude=0.05:seed=7", 12)


def _voice(folder: Path, name: str) -> Path:
    """A tone that comes and goes like speech, at a modest level."""
    return media.sound(folder / name, "sine=frequency=330,volume=0.25,tremolo=f=3:d=0.9", 2.0)


def _script(folder: Path, body: str) -> Path:
    script = folder / "clip.yaml"
    script.write_text(
        "id: clip\ntitle: لست وحدك\nlanguage: ar\ntemplate: minimal\nhashtags: ['#كلنا_معاك']\n" + body,
        encoding="utf-8",
    )
    return script


def _ebur128(video: Path) -> tuple[float, float]:
    """Integrated loudness (LUFS) and true peak (dBTP) of the file's track, by ffmpeg's ebur128 filter."""
    stderr = subprocess.run(
        [ffmpeg_executable(), "-hide_banner", "-nostats", "-i", str(video), "-vn"]
        + ["-filter_complex", "ebur128=peak=true", "-f", "null", "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    summary = stderr[stderr.rindex("Summary:") :]
    integrated = float(re.search(r"I:\s+(-?[\d.]+) LUFS", summary).group(1))
    peak = float(re.search(r"Peak:\s+(-?[\d.]+|-inf) dBFS", summary).group(1))
    return integrated, peak


def _render(script: Path, out: Path) -> dict:
    result = run_cli("render", script, "-o", out, "--json", "--quality", "draft")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_music_and_voice_land_on_minus_14_lufs_under_a_minus_1_dbtp_peak(tmp_path):
    _quiet_music(tmp_path)
    _voice(tmp_path, "one.wav")
    _voice(tmp_path, "two.wav")
    script = _script(
        tmp_path,
        "music: {file: music.wav}\nscenes:\n  - {text: لست وحدك., voice: one.wav}\n"
        "  - {text: تحدّث مع من تثق به., voice: two.wav}\n  - {text: طلب المساعدة قوة., duration: 2}\n",
    )
    manifest = _render(script, tmp_path / "out")
    integrated, peak = _ebur128(Path(manifest["video"]))
    assert integrated == pytest.approx(-14, abs=1)
    assert peak <= -1.0
    assert manifest["loudness"]["target_lufs"] == -14
    assert manifest["loudness"]["integrated_lufs"] == pytest.approx(integrated, abs=0.15)
    assert manifest["loudness"]["true_peak_dbtp"] <= -1.0


def test_music_alone_lands_on_minus_14_lufs(tmp_path):
    _quiet_music(tmp_path)
    manifest = _render(_script(tmp_path, "music: {file: music.wav}\n" + SCENES), tmp_path / "out")
    integrated, peak = _ebur128(Path(manifest["video"]))
    assert integrated == pytest.approx(-14, abs=1)
    assert peak <= -1.0


def test_a_script_can_ask_for_its_own_level(tmp_path):
    _quiet_music(tmp_path)
    manifest = _render(_script(tmp_path, "loudness: -20\nmusic: {file: music.wav}\n" + SCENES), tmp_path / "out")
    integrated, _ = _ebur128(Path(manifest["video"]))
    assert integrated == pytest.approx(-20, abs=1)
    assert manifest["loudness"]["target_lufs"] == -20


def test_a_silent_script_stays_silent(tmp_path):
    manifest = _render(_script(tmp_path, SCENES), tmp_path / "out")
    integrated, _ = _ebur128(Path(manifest["video"]))
    assert integrated <= -70
    assert manifest["loudness"] is None


@pytest.mark.parametrize(
    ("value", "said"), [("-40", ">= -30"), ("0", "<= -5"), ("loud", "a number"), ("-4.5", "<= -5")]
)
def test_a_loudness_outside_the_range_is_refused_at_its_line(tmp_path, value, said):
    script = _script(tmp_path, f"loudness: {value}\n" + SCENES)
    result = run_cli("render", script, "-o", tmp_path / "out")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1, result.stderr
    assert "clip.yaml:6" in result.stderr and "loudness" in result.stderr
    assert said in result.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_the_meter_summary_is_read_from_ffmpeg_stderr():
    stderr = (
        "[Parsed_ebur128_0 @ 0x55] t: 9.9  TARGET:-23 LUFS    M: -20.1 S: -21.0     I: -19.0 LUFS\n"
        "[Parsed_ebur128_0 @ 0x55] Summary:\n\n  Integrated loudness:\n    I:         -27.6 LUFS\n"
        "    Threshold: -37.8 LUFS\n\n  Loudness range:\n    LRA:         3.1 LU\n\n"
        "  True peak:\n    Peak:       -9.0 dBFS\n"
    )
    measured = parse_measurement(stderr)
    assert (measured.integrated, measured.true_peak) == (-27.6, -9.0)
    assert not measured.silent
    silent = parse_measurement(stderr.replace("-27.6 LUFS", "-70.0 LUFS").replace("-9.0 dBFS", "-inf dBFS"))
    assert silent.silent and silent.true_peak == float("-inf")


def _scripts_with_sound() -> list[Path]:
    """Every shipped example and test script whose video has sound (music, a voice, footage or media sound)."""
    candidates = sorted(ROOT.glob("examples/*.yaml")) + sorted((ROOT / "tests" / "data").rglob("*.yaml"))
    found = []
    for path in candidates:
        try:
            script = load_script(path)
        except InputError:
            continue  # not a script, or one made to be refused
        footage_sound = script.footage is not None and script.footage.has_audio
        media_sound = any(scene.media is not None and scene.media.sound for scene in script.scenes)
        if script.music or footage_sound or media_sound or any(scene.voice for scene in script.scenes):
            found.append(path)
    return found


SCRIPTS_WITH_SOUND = _scripts_with_sound()


def test_the_scripts_with_sound_are_found():
    assert {path.name for path in SCRIPTS_WITH_SOUND} >= {"voice-not-alone.yaml", "ar-media.yaml", "footage-talk.yaml"}


@pytest.mark.parametrize("script", SCRIPTS_WITH_SOUND, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_shipped_script_with_sound_lands_on_its_target(script, tmp_path):
    """On a 270x480 template (the sound track is the script's whatever the canvas), --force past findings."""
    (tmp_path / "tiny").mkdir()
    (tmp_path / "tiny" / "template.yaml").write_text(TINY_TEMPLATE, encoding="utf-8")
    command = ("render", script, "-o", tmp_path / "out", "--json", "--quality", "draft", "--force")
    result = run_cli(*command, "--template", tmp_path / "tiny" / "template.yaml")
    assert result.returncode == 0, result.stderr
    assert "loudness" not in result.stderr, result.stderr
    manifests = json.loads(result.stdout)
    for manifest in manifests if isinstance(manifests, list) else [manifests]:
        integrated, peak = _ebur128(Path(manifest["video"]))
        assert integrated == pytest.approx(manifest["loudness"]["target_lufs"], abs=1), script
        assert peak <= -1.0
        assert manifest["loudness"]["on_target"] is True


def test_the_gain_is_corrected_until_the_limited_track_lands():
    """A limiter that takes back 60% of every decibel over -20 LUFS: the first gain lands 1.8 LU short."""
    target = LoudnessTarget(-14.0, -1.0)

    def limited(gain: float) -> Measurement:
        raw = -21.3 + gain
        return Measurement(raw if raw <= -20 else -20 + (raw + 20) * 0.4, -2.0)

    tried: list[float] = []
    gain = corrected_gain(target, Measurement(-21.3, -3.3), lambda g: tried.append(g) or limited(g))
    assert limited(gain).integrated == pytest.approx(-14, abs=0.3)
    assert len(tried) <= 4


def test_a_track_that_still_misses_is_said_to():
    target = LoudnessTarget(-14.0, -1.0)
    assert missed_target(target, Measurement(-14.6, -1.2)) is None
    assert "1.8 LU from its target -14" in missed_target(target, Measurement(-15.8, -4.6))
    assert "over the -1 dBTP ceiling" in missed_target(target, Measurement(-14.0, -0.4))


def test_a_render_that_cannot_land_says_so_in_one_line_and_in_the_manifest(tmp_path):
    """Quiet pink noise asked to reach -5 LUFS: under the -1 dBTP ceiling the limiter cannot get it there."""
    _quiet_music(tmp_path)
    (tmp_path / "tiny").mkdir()
    (tmp_path / "tiny" / "template.yaml").write_text(TINY_TEMPLATE, encoding="utf-8")
    script = _script(tmp_path, "loudness: -5\nmusic: {file: music.wav}\n" + SCENES)
    result = run_cli(
        "render", script, "-o", tmp_path / "out", "--json", "--quality", "draft", "--template",
        tmp_path / "tiny" / "template.yaml",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and "loudness: the sound track measures" in warnings[0], result.stderr
    manifest = json.loads(result.stdout)
    integrated, peak = _ebur128(Path(manifest["video"]))
    assert abs(integrated - -5) > 1 and peak <= -1.0
    assert manifest["loudness"]["on_target"] is False
