"""Hardening, round 3 (issue 33): limits that hold on every path a value enters by, media judged by their
content to the end, work bounded by the work, tags stripped to a fixed point, `--jobs` capped, output
folders that never swallow inputs or earlier outputs, and everything read back re-validated. The cases are
made here at run time (media by tests/hostile_media.py); each refusal is one `error:` line, exit 2, no
traceback."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import hostile_media
import pytest
from approval_support import make_campaign, run_batch
from conftest import ROOT, run_cli
from media import generate
from test_hostile_media import run, write

from creator_kit.batch.run import capped_jobs
from creator_kit.documents.manifest import read_manifest
from creator_kit.errors import InputError
from creator_kit.inputs import limits
from creator_kit.inputs.markup import strip_markup
from creator_kit.inputs.script import load_script
from creator_kit.inputs.validation import load_schema
from creator_kit.output.captions import to_srt, to_webvtt
from creator_kit.planning.campaign import load_campaign
from creator_kit.planning.timeline import Event

HEAD = "id: h\ntitle: t\nlanguage: en\nhashtags: ['#EndTheStigma']\n"
CUE = "00:00:00,000 --> 00:00:01,500"


def refused(result: subprocess.CompletedProcess, where: str, says: str = "") -> str:
    """Exit 2, one `error:` line starting with `error: WHERE` and holding `says`, no traceback; the line."""
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and errors[0].startswith(f"error: {where}") and says in errors[0], result.stderr
    return errors[0]


@pytest.fixture(scope="module")
def media(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("media3")
    hostile_media.two_second_clip(folder / "clip.mp4")
    hostile_media.faststart_clip(folder / "whole.mp4")
    hostile_media.cut(hostile_media.faststart_clip(folder / "cut-end.mp4"), 0.6)
    hostile_media.cut(hostile_media.faststart_clip(folder / "cut-half.mp4"), 0.5)
    for name, fraction in (("begin", 0.1), ("middle", 0.5), ("end", 0.9)):
        hostile_media.damaged(hostile_media.faststart_clip(folder / f"noise-{name}.mp4"), fraction)
    hostile_media.faststart_voice(folder / "voice.m4a")
    hostile_media.cut(hostile_media.faststart_voice(folder / "cut-voice.m4a"), 0.6)
    return folder


# 1. One set of limits, wherever a value enters.


def test_the_schemas_carry_the_same_limits():
    script, manifest = load_schema("script"), load_schema("manifest")
    assert f'"maxLength": {limits.SCENE_TEXT_CHARACTERS}' in json.dumps(script["properties"]["scenes"]["items"])
    assert f'"maxLength": {limits.TITLE_CHARACTERS}' in json.dumps(script["properties"]["title"])
    assert f'"maxLength": {limits.POST_CAPTION_CHARACTERS}' in json.dumps(script["properties"]["post_caption"])
    assert script["properties"]["hashtags"]["maxItems"] == limits.HASHTAGS
    assert script["properties"]["hashtags"]["items"]["maxLength"] == limits.HASHTAG_CHARACTERS
    scene = manifest["properties"]["scenes"]
    assert scene["items"]["properties"]["text"]["maxLength"] == limits.SCENE_TEXT_CHARACTERS
    assert scene["maxItems"] == limits.CAPTION_CUES


def test_a_900000_character_cue_is_refused_at_once(media):
    write(media, "huge-cue.srt", f"1\n{CUE}\n{'a' * 900_000}\n")
    script = write(media, "huge-cue.yaml", HEAD + "footage: clip.mp4\ncaptions: huge-cue.srt\n")
    # refused by the limit on the raw cue, before any layout (the message is the limits' own, not the box's)
    refused(run("check", script), f"{script}:6", "cue 1 holds 900,000 characters")


def test_a_cue_over_the_scene_limit_once_its_tags_are_stripped_is_refused_like_a_scene(media):
    text = "<i>" + "word " * 110 + "</i>"
    write(media, "long-cue.srt", f"1\n{CUE}\n{text}\n")
    script = write(media, "long-cue.yaml", HEAD + "footage: clip.mp4\ncaptions: long-cue.srt\n")
    refused(run("check", script), f"{script}:6", "must be at most 500 characters")


def test_a_campaign_row_cell_over_the_limit_is_refused_at_its_row(tmp_path):
    sheet = write(tmp_path, "campaign.csv", "script,template\n" + "a.yaml," + "x" * 5000 + "\n")
    with pytest.raises(InputError) as refusal:
        load_campaign(sheet)
    assert refusal.value.lines() == [f"{sheet}:2: template: must be at most 500 characters, got 5,000"]


# 2. Media judged by content, to the end; index first or last.


@pytest.mark.parametrize(
    "name", ["cut-end.mp4", "cut-half.mp4", "noise-begin.mp4", "noise-middle.mp4", "noise-end.mp4"]
)
def test_truncated_or_damaged_footage_with_its_index_first_is_refused(media, name):
    script = write(
        media, f"footage-{name}.yaml", HEAD + f"footage: {name}\nscenes:\n  - {{text: hi, start: 0, end: 1}}\n"
    )
    line = refused(run("check", script), f"{script}:5: footage:")
    assert "truncated or corrupt" in line or "cannot decode" in line


def test_a_truncated_voice_with_its_index_first_is_refused(media):
    script = write(media, "cut-voice.yaml", HEAD + "scenes:\n  - text: hi\n    duration: 2\n    voice: cut-voice.m4a\n")
    refused(run("check", script), f"{script}:8: scenes[0].voice:", "audio")


def test_whole_faststart_media_are_accepted(media):
    script = write(
        media,
        "whole.yaml",
        HEAD + "footage: whole.mp4\nscenes:\n  - {text: hi, start: 0, end: 1}\n",
    )
    assert load_script(script).footage is not None
    voiced = write(media, "voiced.yaml", HEAD + "scenes:\n  - text: hi\n    duration: 2\n    voice: voice.m4a\n")
    assert load_script(voiced).scenes[0].voice is not None


# 3. Memory and time bounded by the work.


_MEASURED_RUN = """
import json, os, subprocess, sys
child = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(child.pid, 0)
with open(sys.argv[1], "w") as report:
    json.dump([os.waitstatus_to_exitcode(status), usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024], report)
"""


def _check_measured(script: Path) -> tuple[int, str, float, float]:
    """`check SCRIPT` in its own process: exit code, output, CPU seconds and peak memory (MiB) of that process
    and the processes it waited for, from wait4.

    A small Python process starts it and reads wait4: Linux counts the memory a process had before exec into its
    peak, so a `check` started straight from this (by then large) test run would report the test run's size."""
    report = script.with_suffix(".usage.json")
    completed = subprocess.run(
        [sys.executable, "-c", _MEASURED_RUN, str(report), sys.executable, "-m", "creator_kit", "check", str(script)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        check=True,
    )
    code, cpu, peak_mib = json.loads(report.read_text())
    return code, completed.stdout, cpu, peak_mib


@pytest.mark.slow  # encodes two hours of frames
def test_a_two_hour_clip_is_found_too_long_from_its_header_at_once(tmp_path):
    """Judged from the header: the check of two hours costs about what the check of ten seconds costs (relative,
    never an absolute time), and the process's own peak stays far below what decoding it took (5.8 GB)."""
    hostile_media.two_hour_clip(tmp_path / "long.mp4")
    generate(tmp_path / "short.mp4", "color=c=gray:s=64x64:r=5:d=10", options=("-c:v", "libx264"))
    long_script = write(tmp_path, "long.yaml", HEAD + "footage: long.mp4\nscenes:\n  - {text: hi, start: 0, end: 2}\n")
    short_script = write(
        tmp_path, "short.yaml", HEAD + "footage: short.mp4\nscenes:\n  - {text: hi, start: 0, end: 2}\n"
    )
    code, output, long_cpu, peak_mib = _check_measured(long_script)
    assert code == 1 and "video-too-long" in output, output
    _, _, short_cpu, _ = _check_measured(short_script)
    assert long_cpu < 3 * short_cpu + 1, (long_cpu, short_cpu)
    assert peak_mib < 400, peak_mib


# 4. Tags stripped to a fixed point; sidecars never carry markup.


@pytest.mark.parametrize(
    "text",
    [
        "<<script>script>alert(1)<</script>/script>",
        "<scr<script>ipt>x",
        "<<<<i>i>i>i>x",
        '<font color="' + "r" * 60 + '">x',
    ],
)
def test_tags_are_stripped_until_nothing_changes(text):
    stripped = strip_markup(text)
    assert strip_markup(stripped) == stripped and "<script" not in stripped and "<font" not in stripped
    assert "<i>" not in stripped


def test_nested_tags_in_an_srt_leave_no_tag_in_the_scenes_or_the_sidecars(media):
    write(media, "nested.srt", f"1\n{CUE}\n<<script>script>alert(1)<</script>/script> <<i>i>hi\n")
    script = write(media, "nested.yaml", HEAD + "footage: clip.mp4\ncaptions: nested.srt\n")
    text = load_script(script).scenes[0].text
    assert "<" not in text and "alert(1)" in text
    events = (Event("scene", 0, "<<b>b>bold</b> & <i>x</i> 1 < 2", 0, 30, 30),)
    assert "<" not in to_srt(events).replace("1 < 2", "")
    vtt = to_webvtt(events, "en")
    assert "<" not in vtt and "&amp;" in vtt and "1 &lt; 2" in vtt


# 5. --jobs capped by tasks, cores and memory.


def test_jobs_above_the_cap_run_as_the_cap_and_say_so_once():
    said: list[str] = []
    assert capped_jobs(10_000, 3, said.append) <= 3 and len(said) == 1 and "--jobs 10000" in said[0]
    said.clear()
    assert capped_jobs(1, 3, said.append) == 1 and said == []


@pytest.mark.parametrize("jobs", ["0", "-3"])
def test_jobs_of_zero_or_less_is_a_usage_error(tmp_path, jobs):
    campaign = write(tmp_path, "campaign.yaml", "scripts: [a.yaml]\n")
    result = run("batch", campaign, "-o", tmp_path / "out", "--jobs", jobs)
    assert result.returncode == 2 and result.stderr.count("error:") == 1 and "--jobs" in result.stderr
    assert not (tmp_path / "out").exists()


# 6 and 7 need a batch: the tiny campaign of the approval tests, rendered once.


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("round3-batch")
    campaign = make_campaign(folder / "campaign")
    out = folder / "out"
    run_batch(campaign, out)
    return campaign, out


@pytest.mark.render
def test_a_batch_asked_for_10000_jobs_runs_at_most_its_tasks_and_says_so_once(batch, tmp_path):
    campaign, _ = batch
    result = run("batch", campaign, "-o", tmp_path / "out", "--jobs", "10000", "--preset", "ultrafast", "--json")
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and "--jobs 10000" in warnings[0], result.stderr
    jobs = json.loads(result.stdout)["summary"]["jobs"]
    assert 1 <= jobs <= 3 and f"running {jobs}" in warnings[0]


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.render
def test_publish_into_a_folder_holding_the_batch_is_refused_and_deletes_nothing(batch):
    campaign, out = batch
    parent = out.parent
    (parent / "publish-summary.json").write_text("{}", encoding="utf-8")
    try:
        before = _tree(out)
        refused(run("publish", out, "-o", parent), str(parent), f"contains the batch folder {out}")
        assert _tree(out) == before
    finally:
        (parent / "publish-summary.json").unlink()


@pytest.mark.render
def test_output_options_refuse_inputs_and_earlier_outputs(batch, tmp_path):
    campaign, out = batch
    upload = tmp_path / "upload"
    assert run("publish", out, "-o", upload).returncode == 0
    cases = [
        (("batch", campaign, "-o", campaign.parent.parent), "contains the campaign folder"),
        (("batch", campaign, "-o", upload / "more"), "is inside the earlier publish folder"),
        (("batch", campaign, "-o", upload), "is an earlier publish folder"),
        (("batch", campaign, "-o", out / "again"), "is inside the earlier batch output"),
        (("render", campaign.parent / "alpha.yaml", "-o", out), "is an earlier batch output"),
        (("render", campaign.parent / "alpha.yaml", "-o", upload / "x"), "is inside the earlier publish folder"),
        (("publish", out, "-o", out.parent), "contains the batch folder"),
    ]
    before = _tree(out)
    for args, says in cases:
        refused(run(*args), str(args[3]), says)
    assert _tree(out) == before


def test_render_into_the_scripts_folder_never_writes_over_its_footage_or_captions(media, tmp_path):
    shutil.copy(media / "clip.mp4", tmp_path / "talk.mp4")
    write(tmp_path, "talk.srt", f"1\n{CUE}\nhello\n")
    script = write(tmp_path, "talk.yaml", HEAD.replace("id: h", "id: talk") + "footage: talk.mp4\ncaptions: talk.srt\n")
    before = _tree(tmp_path)
    refused(run("render", script, "-o", tmp_path), str(tmp_path / "talk."), "written over an input")
    assert _tree(tmp_path) == before


# 7. Everything read back is re-validated.


@pytest.mark.render
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("resources", [{"id": "x", "name": "X", "url": "javascript:alert(1)"}]),
        ("resources", [{"id": "x", "name": "X", "url": "https://user@evil.example/"}]),
        ("end_card", {"start": 0, "end": 1, "qr_url": "data:text/html,<script>alert(1)</script>"}),
    ],
)
def test_links_read_back_from_a_batch_are_held_to_the_resource_rules(batch, tmp_path, field, value):
    _, original = batch
    out = tmp_path / "out"
    shutil.copytree(original, out)
    manifest_path = next(out.glob("*.manifest.json"))
    manifest = json.loads(manifest_path.read_text("utf-8"))
    manifest[field] = value
    manifest_path.write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    with pytest.raises(InputError) as refusal:
        read_manifest(manifest_path)
    assert refusal.value.lines()[0].startswith(f"{manifest_path}:")
    page = tmp_path / "review.html"
    result = run_cli("review", out, "-o", page)
    assert "Traceback" not in result.stderr and str(manifest_path) in result.stderr
    html = page.read_text("utf-8") if page.exists() else ""
    links = re.findall(r"""(?:href|src)\s*=\s*["']?([^"'\s>]*)""", html, re.IGNORECASE)
    assert not [link for link in links if link.lower().startswith(("javascript:", "data:text")) or "@" in link]
    assert str(value) not in html


@pytest.mark.render
def test_an_edited_manifest_over_the_limits_is_refused_when_read_back(batch, tmp_path):
    _, original = batch
    out = tmp_path / "out"
    shutil.copytree(original, out)
    manifest_path = next(out.glob("*.manifest.json"))
    manifest = json.loads(manifest_path.read_text("utf-8"))
    manifest["scenes"][0]["text"] = "x" * 900_000
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(InputError) as refusal:
        read_manifest(manifest_path)
    assert "must be at most 500 characters" in refusal.value.lines()[0]
