"""The media a script names, its captions SRT, word times, campaign rows and --scheduler, under hostile
and everyday input (issue 20): each refusal is one `error:` line naming the file and line, exit 2, no
traceback, nothing left in the output folder, nothing hangs (every run has a timeout). The media are made
by tests/hostile_media.py, tiny and short; only `check` and `preview` run here, no encode."""

from __future__ import annotations

import socket
import subprocess
from pathlib import Path

import hostile_media
import pytest
from conftest import run_process, write
from hypothesis import given, settings
from hypothesis import strategies as st

from creator_kit.errors import InputError
from creator_kit.planning.campaign import load_campaign
from creator_kit.planning.word_timing import word_times_problem, word_windows
from creator_kit.review.page_script import SCRIPT

HANG_GUARD_SECONDS = 60
HEAD = "id: h\ntitle: t\nlanguage: en\nhashtags: ['#EndTheStigma']\n"


def run(*args: object) -> subprocess.CompletedProcess:
    """`creator-kit ARGS` in its own process, stopped as a failure if it hangs (hostile media may make a
    decoder loop: a process can be stopped, a call in the test's process cannot)."""
    return run_process(*args, timeout=HANG_GUARD_SECONDS)


def refused(result: subprocess.CompletedProcess, script: Path, line: str) -> None:
    """Exit 2 with exactly one error line, at `script:line`, and no traceback."""
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    errors = [text for text in result.stderr.splitlines() if text.startswith("error:")]
    assert len(errors) == 1 and errors[0].startswith(f"error: {script}:{line}"), result.stderr


@pytest.fixture(scope="module")
def media(tmp_path_factory) -> Path:
    """Every hostile file once for the module (a few seconds of ffmpeg)."""
    folder = tmp_path_factory.mktemp("media")
    makers = {
        "zero.mp4": hostile_media.zero_bytes,
        "image.mp4": hostile_media.image_named_mp4,
        "audio-only.mp4": hostile_media.audio_only,
        "video-only.m4a": hostile_media.video_only,
        "one-pixel.png": hostile_media.one_pixel,
        "huge.png": hostile_media.huge_picture,
        "frames.gif": hostile_media.many_frame_gif,
        "truncated.mp4": hostile_media.truncated_clip,
        "hours.mp4": hostile_media.claims_hours,
        "rotated.mp4": hostile_media.rotated,
        "vfr.mp4": hostile_media.variable_frame_rate,
        "hevc10.mp4": hostile_media.hevc_10_bit,
        "unknown.avi": hostile_media.unknown_codec,
        "clip.mp4": hostile_media.two_second_clip,
    }
    for name, make in makers.items():
        make(folder / name)
    return folder


UNUSABLE_VIDEO = {
    "zero.mp4": "not a video file",
    "image.mp4": "not a video file",
    "audio-only.mp4": "not a video file",
    "truncated.mp4": "not a video file",
    "frames.gif": "not a video file",
    "unknown.avi": "video that ffmpeg cannot decode",
}


@pytest.mark.parametrize("name", sorted(UNUSABLE_VIDEO))
def test_unusable_footage_is_one_line_at_the_footage_line(media, name):
    script = write(
        media, f"footage-{name}.yaml", HEAD + f"footage: {name}\nscenes: [{{text: hello there, start: 0, end: 0.5}}]\n"
    )
    result = run("check", script)
    refused(result, script, "5: footage: ")
    assert UNUSABLE_VIDEO[name] in result.stderr


@pytest.mark.parametrize("name", sorted(UNUSABLE_VIDEO))
def test_unusable_scene_media_is_one_line_and_preview_writes_nothing(media, name, tmp_path):
    script = write(media, f"media-{name}.yaml", HEAD + f"scenes: [{{text: hello there, media: {name}}}]\n")
    result = run("preview", script, "-o", tmp_path / "out" / "sheet.png")
    refused(result, script, "5: scenes[0].media: ")
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


def test_a_picture_of_64_megapixels_is_refused_from_its_header(media):
    script = write(media, "huge.yaml", HEAD + "scenes: [{text: hello there, media: huge.png}]\n")
    result = run("check", script)
    refused(result, script, "5: scenes[0].media: image of 8000x8000 pixels is larger than 40 megapixels")


@pytest.mark.parametrize("name", ["video-only.m4a", "zero.mp4", "image.mp4", "unknown.avi"])
def test_a_voice_that_is_not_audio_is_one_line(media, name):
    script = write(media, f"voice-{name}.yaml", HEAD + f"scenes: [{{text: hello there, voice: {name}}}]\n")
    refused(run("check", script), script, "5: scenes[0].voice: not an audio file")


@pytest.mark.parametrize("name", ["rotated.mp4", "vfr.mp4", "hevc10.mp4", "hours.mp4"])
def test_everyday_oddities_of_phone_clips_are_accepted(media, name, tmp_path):
    """Rotation metadata, a variable frame rate, 10-bit HEVC, timestamps three hours in: real clips."""
    script = write(
        media, f"odd-{name}.yaml", HEAD + f"footage: {name}\nscenes: [{{text: hello there, start: 0, end: 0.5}}]\n"
    )
    result = run("preview", script, "-o", tmp_path / "sheet.png")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "sheet.png").stat().st_size > 0


def test_a_one_pixel_picture_is_drawn_behind_its_scene(media, tmp_path):
    script = write(media, "one-pixel.yaml", HEAD + "scenes: [{text: hello there, media: one-pixel.png}]\n")
    assert run("preview", script, "-o", tmp_path / "sheet.png").returncode == 0


CUE = "00:00:00,100 --> 00:00:00,500"
SRT_REFUSED = {
    "overlapping": (
        "1\n00:00:00,000 --> 00:00:00,600\nhello\n\n2\n00:00:00,400 --> 00:00:00,900\nthere\n",
        "scenes[1].start: 0.4 s overlaps",
    ),
    "negative": ("1\n-00:00:01,000 --> 00:00:00,500\nhello\n", "captions: not a readable SRT file"),
    "past-the-end": ("1\n00:00:00,000 --> 00:00:09,000\nhello\n", "scenes[0].end: 9 s is past the clip's end"),
    "empty-cue": (f"1\n{CUE}\n\n\n", "scenes[0].text: has nothing to draw"),
    "100k-cues": ("".join(f"{i + 1}\n{CUE}\nx\n\n" for i in range(100_000)), "captions: an SRT file of 100000 cues"),
    "not-srt": ("SECRET=1\nnot captions\n", "captions: not a readable SRT file"),
}


@pytest.mark.parametrize("case", sorted(SRT_REFUSED))
def test_srt_quirks_that_cannot_time_scenes_are_one_line(media, case):
    text, message = SRT_REFUSED[case]
    write(media, f"{case}.srt", text)
    script = write(media, f"srt-{case}.yaml", HEAD + f"footage: clip.mp4\ncaptions: {case}.srt\n")
    result = run("check", script)
    refused(result, script, f"6: {message}")
    assert "SECRET" not in result.stderr


def test_non_utf8_captions_are_one_line(media):
    (media / "latin1.srt").write_bytes(f"1\n{CUE}\ncaf\xe9\n".encode("latin-1"))
    script = write(media, "srt-latin1.yaml", HEAD + "footage: clip.mp4\ncaptions: latin1.srt\n")
    refused(run("check", script), script, "6: captions: not UTF-8 text")


def test_bom_crlf_unsorted_and_styled_cues_are_read_and_their_tags_never_become_markup(media, tmp_path):
    cues = [
        ("2", "00:00:00,500 --> 00:00:00,900", '<font color="red">there</font> <script>alert(1)</script>'),
        ("1", "00:00:00,000 --> 00:00:00,400", "{\\an8}<i>hello</i> <b>&amp;</b> <img src=x onerror=alert(2)>"),
    ]
    srt_text = "\ufeff" + "".join(f"{number}\r\n{times}\r\n{text}\r\n\r\n" for number, times, text in cues)
    (media / "quirks.srt").write_bytes(srt_text.encode("utf-8"))
    script = write(media, "srt-quirks.yaml", HEAD + "footage: clip.mp4\ncaptions: quirks.srt\n")
    page = tmp_path / "review.html"
    result = run("review", script, "-o", page)
    assert result.returncode == 0, result.stderr
    html = page.read_text("utf-8")
    own_script = f"<script>{SCRIPT}</script>"
    assert html.count(own_script) == 1, "the page's own script, once"
    outside_own_script = html.replace(own_script, "")
    assert "<script" not in outside_own_script.lower() and "onerror" not in html and "<font" not in html
    assert "hello" in html and "there" in html and "{\\an8}" not in html


@settings(max_examples=300, deadline=None)
@given(
    words=st.integers(min_value=1, max_value=8),
    times=st.lists(st.floats(min_value=0, max_value=10, allow_nan=False), min_size=0, max_size=10),
    seconds=st.floats(min_value=0.5, max_value=10),
)
def test_word_times_are_refused_with_a_reason_or_give_windows_inside_the_scene(words, times, seconds):
    """Out of order, the wrong count or past the end: a message; anything accepted lights every word once,
    in order, inside the scene's frames."""
    text = [f"w{i}" for i in range(words)]
    problem = word_times_problem(tuple(times), text, seconds) if times else None
    fits = len(times) == words and all(b > a for a, b in zip(times, times[1:])) and times[-1] < seconds
    assert (problem is None) == (fits or not times)
    if times and fits:
        frames = max(1, round(seconds * 30))
        windows = word_windows(text, frames, 30, tuple(times))
        assert len(windows) == words
        assert all(0 <= first <= past_last <= frames for first, past_last in windows)
        assert [first for first, _ in windows] == sorted(first for first, _ in windows)


def test_wrong_word_times_are_one_line_at_their_line(tmp_path):
    script = write(
        tmp_path, "w.yaml", HEAD + "scenes:\n  - text: one two three\n    duration: 3\n    word_times: [0.5, 0.2, 1]\n"
    )
    refused(run("check", script), script, "8: scenes[0].word_times: times must increase")


@pytest.mark.parametrize(
    "cell", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(1)", "../outside.yaml", "/etc/passwd"]
)
def test_campaign_rows_naming_formulas_or_paths_outside_are_refused_by_row(tmp_path, cell):
    """The tool writes no CSV (reports are JSON), so a formula cell can only be refused as a script it is not."""
    quoted = cell.replace('"', '""')
    sheet = write(tmp_path, "c.csv", f'script,platform\n"{quoted}",tiktok\n')
    with pytest.raises(InputError) as raised:
        load_campaign(sheet)
    [line] = raised.value.lines()
    assert line.startswith(f"{sheet}:2: script: ")


@pytest.mark.slow  # waits out the scheduler's time limit
def test_a_scheduler_that_accepts_and_never_answers_is_one_line(tmp_path):
    """Dask's own timeout does not cover a peer that takes the connection and says nothing."""
    write(tmp_path, "a.yaml", HEAD + "scenes: [{text: hello there}]\n")
    campaign = write(tmp_path, "c.yaml", "scripts: [a.yaml]\nplatforms: [tiktok]\n")
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        address = f"tcp://127.0.0.1:{silent.getsockname()[1]}"
        result = run("batch", campaign, "-o", tmp_path / "out", "--scheduler", address)
    assert result.returncode == 2, result.stderr
    assert (
        result.stderr.strip()
        == f"error: --scheduler: cannot reach the Dask scheduler at {address}: TimeoutError: no answer within 8 s"
    )
    assert not (tmp_path / "out").exists() or [p for p in (tmp_path / "out").iterdir() if p.is_file()] == []
