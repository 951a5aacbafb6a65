"""The approval loop: review page -> decisions.json -> `approve` -> batch report states -> `publish`.

The end-to-end test drives Debian's Chromium as tests/test_review.py does: a reviewer approves two clips
and requests changes on a third with notes, downloads decisions.json, the CLI records it, one approved
script changes, the batch runs again, and the export holds exactly the one approved, unchanged clip. The
campaign is tests/approval_support.py's: four items of 1.5 s at 270x480, three encodes.
"""

from __future__ import annotations

import http.server
import json
import os
import threading
from datetime import datetime
from pathlib import Path

import jsonschema
import pytest
from approval_support import (
    add_error_finding,
    copy_batch,
    decisions_file,
    digest,
    edit_script,
    entry,
    make_campaign,
    run_batch,
    states,
)
from conftest import CHROMIUM, CHROMIUM_ARGS, chromium_session, run_cli

from creator_kit.batch.review_states import merge, review_state, review_states
from creator_kit.documents.decisions import APPROVED, CHANGES_REQUESTED, NOT_REVIEWED, STALE, Decision, states_line
from creator_kit.errors import InputError
from creator_kit.review.collect import ReviewOptions, review_paths
from creator_kit.review.page import render_page, script_hash
from creator_kit.review.page_script import SCRIPT

pytestmark = pytest.mark.slow  # renders batches and drives Chromium

A, B = "a" * 64, "b" * 64
ALPHA, ALPHA_REELS = "alpha.en.tiny.tiktok", "alpha.en.tiny.reels"
BRAVO, CHARLIE = "bravo.en.tiny.tiktok", "charlie.en.tiny.tiktok"
ITEM_SUFFIXES = (".mp4", ".srt", ".vtt", ".caption.txt", ".cover.png", ".manifest.json")


def _decision(clip: str, digest: str | None, decision: str = APPROVED, note: str = "") -> Decision:
    return Decision(clip, digest, decision, "Amal", "2026-06-01T09:00:00Z", note)


# --- the state function -----------------------------------------------------------------------------------------


def test_an_item_is_in_the_state_of_the_last_decision_on_its_current_render():
    assert review_state(A, []) == NOT_REVIEWED
    assert review_state(A, [_decision("x", A)]) == APPROVED
    assert review_state(A, [_decision("x", A, CHANGES_REQUESTED)]) == CHANGES_REQUESTED
    assert review_state(A, [_decision("x", A), _decision("x", A, CHANGES_REQUESTED)]) == CHANGES_REQUESTED
    assert review_state(A, [_decision("x", A, CHANGES_REQUESTED), _decision("x", A)]) == APPROVED


def test_a_decision_on_another_render_makes_the_item_stale_not_approved():
    assert review_state(B, [_decision("x", A)]) == STALE
    assert review_state(B, [_decision("x", A), _decision("x", B, CHANGES_REQUESTED)]) == CHANGES_REQUESTED
    assert review_state(None, [_decision("x", A)]) == STALE, "a failed item's old approval holds nothing"
    assert review_state(None, []) == NOT_REVIEWED
    assert review_state(A, [_decision("x", None)]) == STALE, "a decision on a page of scripts is on no render"


def test_states_of_a_batch_keep_each_item_to_its_own_decisions():
    record = [_decision("one", A), _decision("two", A), _decision("three", A, CHANGES_REQUESTED)]
    assert review_states({"one": A, "two": B, "three": A, "four": A}, record) == {
        "one": APPROVED,
        "two": STALE,
        "three": CHANGES_REQUESTED,
        "four": NOT_REVIEWED,
    }
    assert states_line(review_states({"one": A, "two": B}, record).values()) == "1 approved, 1 stale"


def test_merging_replaces_a_decision_on_the_same_render_and_keeps_earlier_renders_as_history():
    first = (_decision("one", A, CHANGES_REQUESTED, "louder"), _decision("two", A))
    second = (_decision("one", B), _decision("two", A, CHANGES_REQUESTED))
    merged = merge(first, second)
    assert merged == (first[0], second[0], second[1])
    assert review_states({"one": B, "two": A}, merged) == {"one": APPROVED, "two": CHANGES_REQUESTED}


# --- a batch to decide on ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def decided_batch(tmp_path_factory) -> tuple[Path, Path]:
    """The tiny campaign rendered once: (its folder, OUT). Tests copy OUT before changing it."""
    folder = tmp_path_factory.mktemp("approval")
    campaign = make_campaign(folder)
    out = folder / "out"
    report = run_batch(campaign, out)
    assert {item["review"] for item in report["items"]} == {NOT_REVIEWED}
    return folder, out


def test_approve_records_decisions_and_the_report_shows_every_state(decided_batch, tmp_path):
    _, original = decided_batch
    out = copy_batch(original, tmp_path / "out")
    decisions = decisions_file(
        tmp_path / "decisions.json",
        [
            entry(out, ALPHA),
            entry(out, BRAVO, "changes-requested", note="Shorter.", scene_notes=[{"index": 0, "note": "Slower"}]),
        ],
    )
    result = run_cli("approve", decisions, "--batch", out)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == (
        f"2 decisions recorded -> {out / 'review-decisions.json'}; "
        "items: 1 approved, 1 changes-requested, 2 not-reviewed"
    )
    assert states(out) == {ALPHA: APPROVED, BRAVO: CHANGES_REQUESTED, ALPHA_REELS: NOT_REVIEWED, CHARLIE: NOT_REVIEWED}
    record = json.loads((out / "review-decisions.json").read_text("utf-8"))
    assert record["format"] == "creator-kit-review-decisions" and len(record["decisions"]) == 2
    assert record["decisions"][1]["scene_notes"] == [{"index": 0, "note": "Slower"}]
    assert all(d["source"] == "decisions.json" and d["recorded"] for d in record["decisions"])

    again = decisions_file(tmp_path / "again.json", [entry(out, BRAVO)])
    assert run_cli("approve", again, "--batch", out).returncode == 0
    record = json.loads((out / "review-decisions.json").read_text("utf-8"))
    assert [(d["clip"], d["decision"]) for d in record["decisions"]] == [(ALPHA, APPROVED), (BRAVO, APPROVED)]
    schema = json.loads(run_cli("schema", "review-decisions").stdout)
    jsonschema.validate(record, schema)
    jsonschema.validate(json.loads(decisions.read_text("utf-8")), json.loads(run_cli("schema", "decisions").stdout))


def test_publish_refuses_a_folder_inside_the_batch_or_one_it_did_not_write(decided_batch, tmp_path):
    _, out = decided_batch
    for target, message in (
        (out / "upload", "is inside the batch folder"),
        (out, "is inside the batch folder"),
        (out / "batch-report.json", "is inside the batch folder"),
    ):
        result = run_cli("publish", out, "-o", target)
        assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
        assert result.stderr.startswith(f"error: {target}: ") and message in result.stderr
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("mine", encoding="utf-8")
    result = run_cli("publish", out, "-o", busy)
    assert result.returncode == 2 and "is not a folder `publish` wrote" in result.stderr
    assert sorted(p.name for p in busy.iterdir()) == ["notes.txt"]
    linked = tmp_path / "link-into-out"
    linked.symlink_to(out)
    assert run_cli("publish", out, "-o", linked / "x").returncode == 2
    missing = run_cli("publish", tmp_path / "nothing", "-o", tmp_path / "up")
    assert missing.returncode == 2 and "no batch-report.json here" in missing.stderr
    assert not (tmp_path / "up").exists()


def test_publish_exports_only_approved_current_items_and_replaces_its_own_earlier_folder(decided_batch, tmp_path):
    _, original = decided_batch
    out = copy_batch(original, tmp_path / "out")
    decisions = decisions_file(tmp_path / "d.json", [entry(out, ALPHA), entry(out, CHARLIE, "changes-requested")])
    assert run_cli("approve", decisions, "--batch", out).returncode == 0
    upload = tmp_path / "upload"
    result = run_cli("publish", out, "-o", upload)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in upload.iterdir()) == sorted(
        [f"{ALPHA}{suffix}" for suffix in ITEM_SUFFIXES] + ["publish-summary.json"]
    )
    assert os.path.samefile(upload / f"{ALPHA}.mp4", out / f"{ALPHA}.mp4"), "the video is hard-linked"
    caption = upload / f"{ALPHA}.caption.txt"
    assert not os.path.samefile(caption, out / caption.name), "texts are copied: editing one leaves the batch's"
    assert caption.read_bytes() == (out / caption.name).read_bytes()
    summary = json.loads((upload / "publish-summary.json").read_text("utf-8"))
    jsonschema.validate(summary, json.loads(run_cli("schema", "publish-summary").stdout))
    assert [p["clip"] for p in summary["published"]] == [ALPHA]
    assert {left["clip"]: left["review"] for left in summary["left_out"]} == {
        ALPHA_REELS: NOT_REVIEWED,
        BRAVO: NOT_REVIEWED,
        CHARLIE: CHANGES_REQUESTED,
    }
    assert "published 1 item to" in result.stdout and f"{CHARLIE}  changes-requested" in result.stdout

    # an error-level finding keeps an item out even when the record (edited by hand) says approved
    add_error_finding(out, ALPHA)
    again = run_cli("publish", out, "-o", upload, "--json")
    assert again.returncode == 0, again.stderr
    summary = json.loads(again.stdout)
    assert summary["published"] == [] and sorted(p.name for p in upload.iterdir()) == ["publish-summary.json"]
    assert "error-level findings" in next(left["reason"] for left in summary["left_out"] if left["clip"] == ALPHA)
    assert not [p for p in tmp_path.iterdir() if ".partial-" in p.name]


def test_a_publish_that_fails_midway_leaves_the_earlier_folder_and_no_temporary_one(
    decided_batch, tmp_path, monkeypatch
):
    from creator_kit.batch import publish as publish_module

    _, original = decided_batch
    out = copy_batch(original, tmp_path / "out")
    decisions = decisions_file(tmp_path / "d.json", [entry(out, ALPHA), entry(out, ALPHA_REELS)])
    assert run_cli("approve", decisions, "--batch", out).returncode == 0
    upload = tmp_path / "upload"
    first = publish_module.publish(out, upload, datetime(2026, 6, 1))
    assert [item.clip for item in first.published] == [ALPHA_REELS, ALPHA]
    before = sorted(p.name for p in upload.iterdir())
    placed: list[Path] = []

    def fail_on_the_eighth(kind, source, target):
        placed.append(target)
        if len(placed) == 8:
            raise OSError(28, "No space left on device")
        target.write_bytes(source.read_bytes())

    monkeypatch.setattr(publish_module, "_place", fail_on_the_eighth)
    with pytest.raises(InputError, match="upload: cannot write: No space left on device"):
        publish_module.publish(out, upload, datetime(2026, 6, 2))
    assert sorted(p.name for p in upload.iterdir()) == before
    assert [p.name for p in tmp_path.iterdir() if ".partial-" in p.name] == []
    assert json.loads((upload / "publish-summary.json").read_text("utf-8"))["published_at"].startswith("2026-06-01")


def test_a_broken_review_record_stops_approve_publish_and_batch_and_is_listed_on_the_page(decided_batch, tmp_path):
    folder, original = decided_batch
    out = copy_batch(original, tmp_path / "out")
    record = out / "review-decisions.json"
    record.write_text('{"format": "creator-kit-review-decisions", "version": 1, "decisions": [{"clip": 1}]}', "utf-8")
    report = (out / "batch-report.json").read_bytes()
    decisions = decisions_file(tmp_path / "d.json", [entry(out, ALPHA)])
    for command in (
        ("approve", decisions, "--batch", out),
        ("publish", out, "-o", tmp_path / "up"),
        ("batch", folder / "campaign.yaml", "-o", out),
    ):
        result = run_cli(*command)
        assert result.returncode == 2, (command, result.stderr)
        assert result.stderr.startswith(f"error: {record}:1: decisions[0]") and result.stderr.count("\n") == 1
    assert (out / "batch-report.json").read_bytes() == report and not (tmp_path / "up").exists()
    review = review_paths([out], ReviewOptions(tmp_path))
    assert len(review.clips) == 3 and [p.file for p in review.problems] == [str(record)]


def test_the_page_of_scripts_exports_decisions_that_approve_refuses(decided_batch, tmp_path):
    folder, out = decided_batch
    review = review_paths([folder / "alpha.yaml"], ReviewOptions(tmp_path))
    (clip,) = review.clips
    assert [(item.key, item.inputs_sha256) for item in clip.items] == [(ALPHA, None), (ALPHA_REELS, None)]
    decisions = decisions_file(tmp_path / "d.json", [{**entry(out, ALPHA), "inputs_sha256": None}])
    result = run_cli("approve", decisions, "--batch", out)
    assert result.returncode == 2 and "decided on a page made from scripts or a campaign" in result.stderr


def test_the_page_carries_each_items_key_and_digest_and_blocks_approving_errors(decided_batch, tmp_path):
    _, original = decided_batch
    out = copy_batch(original, tmp_path / "out")
    add_error_finding(out, BRAVO)
    html = render_page(review_paths([out], ReviewOptions(out)), datetime(2026, 6, 1))
    assert f"script-src '{script_hash(SCRIPT)}'" in html and "connect-src 'none'" in html
    alpha = json.loads(html.split('data-key="alpha.en.tiny" data-items=\'')[1].split("'")[0])
    assert [(item["key"], item["inputs_sha256"]) for item in alpha] == [
        (ALPHA_REELS, digest(out, ALPHA_REELS)),
        (ALPHA, digest(out, ALPHA)),
    ]
    assert 'data-key="bravo.en.tiny" data-items=' in html
    assert (
        html.split('data-key="bravo.en.tiny"')[1].split(">")[0].count('data-blocked="Cannot be approved: 1 error') == 1
    )


# --- in a real browser ------------------------------------------------------------------------------------------


def _clip(page, script: str):
    return page.locator(f'section.clip[data-key="{script}.en.tiny"]')


@pytest.mark.render
def test_approve_in_chromium_record_change_a_script_rerender_and_publish_only_the_approved_unchanged_clip(tmp_path):
    campaign = make_campaign(tmp_path)
    out, upload = tmp_path / "out", tmp_path / "upload"
    run_batch(campaign, out)
    page_path = out / "review.html"
    assert run_cli("review", out, "-o", page_path).returncode == 0
    with chromium_session() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(accept_downloads=True).new_page()
            requests: list[str] = []
            page.on("request", lambda request: requests.append(request.url))
            page.goto(page_path.as_uri())
            assert "creator-kit approve decisions.json --batch OUT" in page.locator("#decide-hint").text_content()
            page.locator("#download-decisions").click()
            assert "Type your name first" in page.locator("#decide-message").text_content()
            page.fill("#reviewer", "Amal Haddad")
            _clip(page, "alpha").locator("button.approve").click()
            _clip(page, "charlie").locator("button.approve").click()
            bravo = _clip(page, "bravo")
            bravo.locator("button.request-changes").click()
            bravo.locator("textarea.clip-note").fill("The scene ends too soon.")
            bravo.locator('.scene[data-index="0"] .scene-note textarea').fill("Say who helps, with a number.")
            assert page.locator("#decided").text_content() == "3 of 3 clips decided"
            assert _clip(page, "alpha").locator("button.approve").get_attribute("aria-pressed") == "true"
            with page.expect_download() as download:
                page.locator("#download-decisions").click()
            assert download.value.suggested_filename == "decisions.json"
            decisions = tmp_path / "decisions.json"
            download.value.save_as(decisions)
        finally:
            browser.close()
    assert all(url.split(":", 1)[0] in ("file", "data", "blob") for url in requests), requests

    exported = json.loads(decisions.read_text("utf-8"))
    assert exported["format"] == "creator-kit-decisions" and exported["version"] == 1
    assert {(d["clip"], d["decision"]) for d in exported["decisions"]} == {
        (ALPHA, APPROVED),
        (ALPHA_REELS, APPROVED),
        (CHARLIE, APPROVED),
        (BRAVO, CHANGES_REQUESTED),
    }
    assert all(
        d["inputs_sha256"] == digest(out, d["clip"]) and d["reviewer"] == "Amal Haddad" for d in exported["decisions"]
    )
    changes = next(d for d in exported["decisions"] if d["clip"] == BRAVO)
    assert changes["note"] == "The scene ends too soon."
    assert changes["scene_notes"] == [{"index": 0, "note": "Say who helps, with a number."}]

    recorded = run_cli("approve", decisions, "--batch", out)
    assert recorded.returncode == 0, recorded.stderr
    assert states(out) == {ALPHA: APPROVED, ALPHA_REELS: APPROVED, CHARLIE: APPROVED, BRAVO: CHANGES_REQUESTED}

    edit_script(tmp_path, "charlie")
    rerun = run_cli("batch", campaign, "-o", out, "--preset", "ultrafast", "--jobs", "1")
    assert rerun.returncode == 0, rerun.stderr
    assert "review: 2 approved, 1 changes-requested, 1 stale" in rerun.stdout
    assert states(out) == {ALPHA: APPROVED, ALPHA_REELS: APPROVED, CHARLIE: STALE, BRAVO: CHANGES_REQUESTED}

    published = run_cli("publish", out, "-o", upload)
    assert published.returncode == 0, published.stderr
    assert sorted(p.name for p in upload.iterdir()) == sorted(
        [f"{key}{suffix}" for key in (ALPHA, ALPHA_REELS) for suffix in ITEM_SUFFIXES] + ["publish-summary.json"]
    )
    summary = json.loads((upload / "publish-summary.json").read_text("utf-8"))
    assert {left["clip"]: left["review"] for left in summary["left_out"]} == {BRAVO: CHANGES_REQUESTED, CHARLIE: STALE}
    assert all(p["approved_by"] == "Amal Haddad" for p in summary["published"])

    # the second round sees the first: decisions and notes on the page, charlie's approval marked stale
    second = run_cli("review", out, "-o", page_path)
    assert second.returncode == 0, second.stderr
    html = page_path.read_text("utf-8")
    charlie = html.split('data-key="charlie.en.tiny"')[1].split("</section>")[0]
    assert 'class="past approved earlier"' in charlie and "on an earlier render" in charlie
    assert 'data-review="stale"' in charlie
    bravo_html = html.split('data-key="bravo.en.tiny"')[1].split("</section>")[0]
    assert "The scene ends too soon." in bravo_html and "Say who helps, with a number." in bravo_html
    assert 'class="past changes-requested current"' in bravo_html


@pytest.fixture(scope="module")
def review_page(decided_batch, tmp_path_factory) -> Path:
    """A page of the decided batch with a planted error, a recorded decision and hostile notes."""
    _, original = decided_batch
    out = copy_batch(original, tmp_path_factory.mktemp("page") / "out")
    add_error_finding(out, BRAVO)
    hostile = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>'
    decisions = decisions_file(out.parent / "d.json", [entry(out, CHARLIE, "changes-requested", note=hostile)])
    assert run_cli("approve", decisions, "--batch", out).returncode == 0
    page = out / "review.html"
    assert run_cli("review", out, "-o", page).returncode == 1  # bravo's planted error
    return page


def test_without_javascript_the_page_shows_every_clip_and_no_decision_control(review_page):
    with chromium_session() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(java_script_enabled=False).new_page()
            page.goto(review_page.as_uri())
            assert page.locator("section.clip").count() == 3
            images = page.eval_on_selector_all(".scene img", "els => els.map(e => e.complete && e.naturalWidth > 0)")
            assert images and all(images)
            assert page.locator("button, textarea, input, select, form, .decide-bar").count() == 0
            assert page.locator("#noscript").is_visible()
            assert "needs JavaScript" in page.locator("#noscript").text_content()
            assert page.locator('.past[data-decision="changes-requested"]').count() == 1
        finally:
            browser.close()


def test_with_javascript_an_error_clip_cannot_be_approved_and_nothing_leaves_the_page(review_page):
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the standard library's name)
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()

        do_POST = do_GET  # noqa: N815

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with chromium_session() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                page = browser.new_page()
                errors: list[str] = []
                page.on("pageerror", lambda error: errors.append(str(error)))
                page.goto(review_page.as_uri())
                bravo = _clip(page, "bravo")
                assert bravo.locator("button.approve").is_disabled()
                assert "Cannot be approved: 1 error-level finding" in bravo.locator(".blocked").text_content()
                assert bravo.locator("button.request-changes").is_enabled()
                assert _clip(page, "alpha").locator("button.approve").is_enabled()
                assert page.evaluate("window.pwned") is None, "a note's markup never runs"
                alpha = _clip(page, "alpha")
                alpha.locator("button.approve").click()
                alpha.locator("textarea.clip-note").fill("Fine as it is.")
                page.reload()
                alpha = _clip(page, "alpha")
                assert alpha.locator("button.approve").get_attribute("aria-pressed") == "true", "kept over a reload"
                assert alpha.locator("textarea.clip-note").input_value() == "Fine as it is."
                alpha.locator("button.approve").click()
                assert alpha.locator("button.approve").get_attribute("aria-pressed") == "false", "clicked again: undone"
                assert "<img src=x" in _clip(page, "charlie").locator(".past .note").text_content()
                page.evaluate(
                    """url => {
                        fetch(url + '/fetch').catch(() => {});
                        const xhr = new XMLHttpRequest(); xhr.open('GET', url + '/xhr'); xhr.send();
                        const img = document.createElement('img'); img.src = url + '/img.png';
                        document.body.appendChild(img);
                        const script = document.createElement('script'); script.src = url + '/script.js';
                        document.body.appendChild(script);
                        const inline = document.createElement('script'); inline.textContent = 'window.pwned = 3';
                        document.body.appendChild(inline);
                        const link = document.createElement('link'); link.rel = 'stylesheet'; link.href = url + '/s.css';
                        document.head.appendChild(link);
                        const form = document.createElement('form'); form.method = 'post'; form.action = url + '/form';
                        document.body.appendChild(form); form.submit();
                    }""",
                    url,
                )
                page.wait_for_timeout(500)
                assert page.evaluate("window.pwned") is None, "an injected inline script is not the allowed one"
                assert errors == []
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()
    assert hits == [], hits
