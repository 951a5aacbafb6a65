"""`creator-kit batch`: campaign files, keys, resume, isolation, stopping, a process pool and a real Dask cluster.

End-to-end runs use a small canvas (270x480, even sizes) so that a dozen real
encodes take seconds; what is under test is the bookkeeping, not the picture.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import jsonschema
import pytest
from conftest import EXAMPLES, ROOT, run_cli

from creator_kit.batch.tasks import expand, select, template_label
from creator_kit.documents.batch_report import read_report
from creator_kit.errors import InputError
from creator_kit.inputs.validation import load_schema
from creator_kit.planning.campaign import load_campaign

BILINGUAL = """id: hello
title: {ar: مرحبا, en: Hello}
language: ar
template: TEMPLATE
platform: tiktok
scenes:
  - text: {ar: لست وحدك, en: You are not alone}
    duration: 1
hashtags: ["#EndTheStigma"]
post_caption: {ar: لست وحدك, en: You are not alone}
"""
ENGLISH = """id: talk
title: Talk
language: en
template: TEMPLATE
platform: tiktok
scenes:
  - text: Talking helps.
    duration: 1
hashtags: ["#EndTheStigma"]
"""
TINY_TEMPLATE = """name: {name}
canvas: {{width: 270, height: 480, fps: 15}}
fonts: {{text: [NotoSansArabic-Regular.ttf, NotoSans-Regular.ttf, NotoColorEmoji.ttf]}}
background: {{type: solid, color: '{color}'}}
text: {{size: 24, min_size: 12, fill: '#FFFFFF', box: {{x: 20, y: 120, width: 230, height: 200}}}}
intro: {{duration: 0.5}}
outro: {{duration: 0}}
"""


def _campaign(folder: Path) -> Path:
    """2 scripts (one bilingual) x their languages x 2 templates x 2 platforms = 12 items, 6 encodes."""
    for name, color in (("blue", "#1D3557"), ("green", "#2A6F4E")):
        (folder / name).mkdir(parents=True)
        (folder / name / "template.yaml").write_text(TINY_TEMPLATE.format(name=name, color=color), encoding="utf-8")
    (folder / "messages").mkdir()
    (folder / "messages" / "hello.yaml").write_text(BILINGUAL.replace("TEMPLATE", "minimal"), encoding="utf-8")
    (folder / "messages" / "talk.yaml").write_text(ENGLISH.replace("TEMPLATE", "minimal"), encoding="utf-8")
    campaign = folder / "campaign.yaml"
    campaign.write_text(
        "scripts: ['messages/*.yaml']\ntemplates: [blue/template.yaml, green/template.yaml]\n"
        "platforms: [tiktok, reels]\nlanguages: [ar, en]\n",
        encoding="utf-8",
    )
    return campaign


def _batch(campaign: Path, out: Path, *args: str) -> tuple[subprocess.CompletedProcess, dict]:
    result = run_cli("batch", campaign, "-o", out, "--preset", "ultrafast", "--json", *args)
    assert "Traceback" not in result.stderr, result.stderr
    report = json.loads(result.stdout) if result.stdout.strip() else {}
    return result, report


def _statuses(report: dict) -> dict[str, str]:
    return {item["key"]: item["status"] for item in report["items"]}


def _leftovers(out: Path) -> list[str]:
    return sorted(path.name for path in out.iterdir() if ".partial-" in path.name)


# --- campaign files ------------------------------------------------------------------------------------------


def test_a_matrix_expands_to_keyed_items_in_the_languages_each_script_is_written_in(tmp_path):
    tasks, failed = expand(load_campaign(_campaign(tmp_path)))
    keys = sorted(item.key for task in tasks for item in task.items)
    assert failed == []
    assert len(keys) == 12 and len(tasks) == 6
    assert "hello.ar.blue.tiktok" in keys and "hello.en.green.reels" in keys
    assert not any(key.startswith("talk.ar.") for key in keys), "talk is written in English only"
    assert [item.key for task in select(tasks, "*.en.*.reels") for item in task.items] == [
        "hello.en.blue.reels",
        "hello.en.green.reels",
        "talk.en.blue.reels",
        "talk.en.green.reels",
    ]


def test_campaign_paths_stay_inside_the_campaign_folder(tmp_path):
    campaign = tmp_path / "c.yaml"
    campaign.write_text("scripts: ['../*.yaml', /etc/hostname, missing.yaml]\ntemplates: [/etc]\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_campaign(campaign)
    assert raised.value.lines() == [
        f"{campaign}:1: scripts[0]: '../*.yaml' leads outside the campaign's folder",
        f"{campaign}:1: scripts[1]: '/etc/hostname' leads outside the campaign's folder",
        f"{campaign}:1: scripts[2]: 'missing.yaml': no such file",
        f"{campaign}:2: templates[0]: '/etc' is neither a shipped template nor a template inside the campaign's folder",
    ]


def test_a_csv_campaign_reports_problems_by_row(tmp_path):
    (tmp_path / "a.yaml").write_text(ENGLISH.replace("TEMPLATE", "minimal"), encoding="utf-8")
    sheet = tmp_path / "c.csv"
    sheet.write_text(
        "\ufeffscript,template,platform,language\na.yaml,minimal,tiktok,en\n\na.yaml,neon,vine,english\n../x.yaml,,,\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as raised:
        load_campaign(sheet)
    assert raised.value.lines() == [
        f"{sheet}:4: template: 'neon' is neither a shipped template nor a template inside the campaign's folder",
        f"{sheet}:4: platform: must be one of tiktok, reels, shorts, x, spotlight; got 'vine'",
        f"{sheet}:4: language: must be a language code such as ar or en; got 'english'",
        f"{sheet}:5: script: '../x.yaml' leads outside the campaign's folder",
    ]
    sheet.write_text("file,platform\na.yaml,tiktok\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"c.csv:1: the first row must name the columns"):
        load_campaign(sheet)


def test_csv_rows_ask_for_their_language_exactly_and_join_one_encode_per_script_language_template(tmp_path):
    (tmp_path / "a.yaml").write_text(ENGLISH.replace("TEMPLATE", "minimal"), encoding="utf-8")
    sheet = tmp_path / "c.csv"
    sheet.write_text(
        "script,platform,language\na.yaml,tiktok,en\na.yaml,reels,en\na.yaml,tiktok,ar\n", encoding="utf-8"
    )
    tasks, _ = expand(load_campaign(sheet))
    assert [(task.key, [item.key for item in task.items]) for task in tasks] == [
        ("talk.en.minimal", ["talk.en.minimal.tiktok", "talk.en.minimal.reels"]),
        ("talk.ar.minimal", ["talk.ar.minimal.tiktok"]),
    ]


def test_template_labels():
    assert template_label("kulna-maak") == "kulna-maak"
    assert template_label("/work/brand/template.yaml") == "brand"
    assert template_label("/work/brand kit/tpl.yaml") == "tpl"


def test_an_unusable_campaign_is_exit_2_with_one_line(tmp_path):
    campaign = tmp_path / "c.yaml"
    campaign.write_text("scripts: []\n", encoding="utf-8")
    result = run_cli("batch", campaign, "-o", tmp_path / "out")
    assert result.returncode == 2
    assert result.stderr.strip() == f"error: {campaign}:1: scripts: must have at least 1 item"
    assert not (tmp_path / "out").exists()


# --- end to end -----------------------------------------------------------------------------------------------


@pytest.mark.render
def test_render_resume_edit_force_and_isolation(tmp_path):
    campaign = _campaign(tmp_path)
    out = tmp_path / "out"
    first, report = _batch(campaign, out, "--jobs", "2")
    assert first.returncode == 0, first.stderr
    jsonschema.validate(report, load_schema("batch-report"))
    assert set(_statuses(report).values()) == {"rendered"} and len(report["items"]) == 12
    assert report == json.loads((out / "batch-report.json").read_text("utf-8"))
    assert read_report(out / "batch-report.json").to_json() == report
    for item in report["items"]:
        manifest = json.loads(Path(item["manifest"]).read_text("utf-8"))
        assert manifest["video"] == item["video"] and Path(item["video"]).stat().st_size > 0
        assert manifest["platform"] == item["platform"] and manifest["width"] == 270
    tiktok, reels = out / "hello.en.blue.tiktok.mp4", out / "hello.en.blue.reels.mp4"
    assert os.path.samefile(tiktok, reels), "platform variants share one encode"
    assert not os.path.samefile(tiktok, out / "hello.ar.blue.tiktok.mp4")
    english = json.loads((out / "hello.en.blue.tiktok.manifest.json").read_text("utf-8"))
    assert english["scenes"][0]["text"] == "You are not alone" and english["post_caption"].startswith("You are")

    written = {path.name: path.stat().st_mtime_ns for path in out.iterdir() if path.name != "batch-report.json"}
    again, report = _batch(campaign, out, "--jobs", "2")
    assert again.returncode == 0 and set(_statuses(report).values()) == {"skipped"}
    assert written == {
        path.name: path.stat().st_mtime_ns for path in out.iterdir() if path.name != "batch-report.json"
    }, "a current item is not written again"

    talk = tmp_path / "messages" / "talk.yaml"
    talk.write_text(talk.read_text("utf-8").replace("Talking helps.", "Talking really helps."), encoding="utf-8")
    (tmp_path / "messages" / "broken.yaml").write_text("id: broken\ntitle: [\n", encoding="utf-8")
    edited, report = _batch(campaign, out, "--jobs", "1")
    statuses = _statuses(report)
    assert edited.returncode == 1
    assert {key for key, status in statuses.items() if status == "rendered"} == {
        f"talk.en.{template}.{platform}" for template in ("blue", "green") for platform in ("tiktok", "reels")
    }
    assert statuses["broken"] == "failed"
    assert "broken.yaml:3: invalid YAML" in next(i["error"] for i in report["items"] if i["key"] == "broken")
    assert sum(status == "skipped" for status in statuses.values()) == 8

    forced, report = _batch(campaign, out, "--only", "hello.ar.*", "--force")
    assert forced.returncode == 0 and _statuses(report) == {
        f"hello.ar.{template}.{platform}": "rendered"
        for template in ("blue", "green")
        for platform in ("tiktok", "reels")
    }
    assert _leftovers(out) == []


@pytest.mark.render
def test_a_guideline_error_fails_its_items_only(tmp_path):
    campaign = _campaign(tmp_path)
    harmful = (
        ENGLISH.replace("TEMPLATE", "minimal")
        .replace("id: talk", "id: harm")
        .replace("Talking helps.", "He committed suicide by hanging.")
    )
    (tmp_path / "messages" / "harm.yaml").write_text(harmful, encoding="utf-8")
    result, report = _batch(campaign, tmp_path / "out", "--only", "*.blue.tiktok")
    assert result.returncode == 1
    failed = {item["key"]: item["error"] for item in report["items"] if item["status"] == "failed"}
    assert list(failed) == ["harm.en.blue.tiktok"]
    assert failed["harm.en.blue.tiktok"].startswith("render stopped: ")
    assert "harm.yaml:7:" in failed["harm.en.blue.tiktok"] and " error " in failed["harm.en.blue.tiktok"]
    assert report["summary"]["rendered"] == 3


def _start_batch(campaign: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "creator_kit",
            "batch",
            str(campaign),
            "-o",
            str(out),
            "--preset",
            "ultrafast",
            "--jobs",
            "2",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for_encoding(process: subprocess.Popen, out: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if out.is_dir() and any(path.suffix == ".mp4" and ".partial-" in path.name for path in out.iterdir()):
            return
        assert process.poll() is None, process.communicate()
        time.sleep(0.02)
    raise AssertionError("no encode started")


@pytest.mark.render
@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGTERM])
def test_a_stopped_batch_leaves_no_temporary_file_and_the_next_run_completes(tmp_path, stop):
    campaign = _campaign(tmp_path)
    long_scene = "    duration: 1\n"
    for script in (tmp_path / "messages").iterdir():
        script.write_text(script.read_text("utf-8").replace(long_scene, "    duration: 12\n"), encoding="utf-8")
    out = tmp_path / "out"
    process = _start_batch(campaign, out)
    _wait_for_encoding(process, out)
    process.send_signal(stop)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 128 + stop if stop != signal.SIGKILL else process.returncode == -stop
    if stop == signal.SIGTERM:
        assert "Traceback" not in stderr and stderr.strip().splitlines()[-1] == "interrupted by SIGTERM"
        assert _leftovers(out) == []
        report = json.loads((out / "batch-report.json").read_text("utf-8"))
        assert any(item["error"] == "not finished: interrupted by SIGTERM" for item in report["items"])

    result, report = _batch(campaign, out, "--jobs", "2")
    assert result.returncode == 0, result.stderr
    assert set(_statuses(report).values()) <= {"rendered", "skipped"} and len(report["items"]) == 12
    assert _leftovers(out) == []


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def dask_cluster(tmp_path):
    """A real local Dask cluster: a scheduler and two single-threaded workers, as processes on 127.0.0.1."""
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    dask = [sys.executable, "-m", "dask"]
    logs = tmp_path / "dask-logs"
    logs.mkdir()
    logs_open = contextlib.ExitStack()
    processes = [
        subprocess.Popen(
            dask + ["scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
            stdout=subprocess.DEVNULL,
            stderr=logs_open.enter_context((logs / "scheduler.log").open("w")),
            cwd=tmp_path,
        )
    ]
    try:
        for name in ("worker-1", "worker-2"):
            processes.append(
                subprocess.Popen(
                    dask
                    + [
                        "worker",
                        address,
                        "--name",
                        name,
                        "--nworkers",
                        "1",
                        "--nthreads",
                        "1",
                        "--no-dashboard",
                        "--local-directory",
                        str(tmp_path / name),
                    ],
                    stdout=subprocess.DEVNULL,
                    stderr=logs_open.enter_context((logs / f"{name}.log").open("w")),
                    cwd=tmp_path,
                )
            )
        from distributed import Client

        with Client(address, timeout="30s") as client:
            client.wait_for_workers(2, timeout=60)
        yield address
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in reversed(processes):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        logs_open.close()


@pytest.mark.render
def test_the_same_campaign_runs_on_a_dask_cluster_of_two_workers(tmp_path, dask_cluster):
    campaign = _campaign(tmp_path)
    out = tmp_path / "out"
    result, report = _batch(campaign, out, "--scheduler", dask_cluster)
    assert result.returncode == 0, result.stderr
    assert set(_statuses(report).values()) == {"rendered"} and len(report["items"]) == 12
    assert {item["worker"] for item in report["items"]} == {"worker-1", "worker-2"}
    assert report["summary"]["scheduler"] == dask_cluster
    again, report = _batch(campaign, out, "--scheduler", dask_cluster)
    assert set(_statuses(report).values()) == {"skipped"}
    assert _leftovers(out) == []


@pytest.mark.slow  # waits out Dask's connection timeout
def test_an_unreachable_scheduler_is_exit_2(tmp_path):
    campaign = _campaign(tmp_path)
    result = run_cli("batch", campaign, "-o", tmp_path / "out", "--scheduler", f"tcp://127.0.0.1:{_free_port()}")
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("error: --scheduler: cannot reach the Dask scheduler at tcp://127.0.0.1:")
    assert "Traceback" not in result.stderr


@pytest.mark.render
@pytest.mark.parametrize("campaign", ["campaign.yaml", "campaign.csv"])
def test_the_shipped_example_campaigns_run(tmp_path, campaign):
    result, report = _batch(EXAMPLES / campaign, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert report["items"] and set(_statuses(report).values()) == {"rendered"}
