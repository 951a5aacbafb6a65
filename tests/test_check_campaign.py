"""`check` on a campaign: a campaign file (YAML matrix or CSV) checks the scripts it names, a folder is one
campaign, and campaign-suicide-count counts their clips about suicide against the guidelines' threshold."""

from __future__ import annotations

from datetime import date

from conftest import DATA, run_cli

from creator_kit.guidelines.campaign import ClipTopics, Member, Scope, campaign_facts
from creator_kit.guidelines.run import CheckOptions, check_paths

CAMPAIGN = DATA / "check" / "campaign-suicide-count"
TODAY = date(2026, 6, 1)


def test_a_csv_campaign_checks_each_script_it_names_and_warns_above_the_threshold():
    result = run_cli("check", "tests/data/check/campaign-suicide-count/bad-sheet.csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "tests/data/check/campaign-suicide-count/bad-sheet.csv:3:1: warning campaign-suicide-count "
        "4 of 5 clips of this campaign mention suicide or self-harm; at most 3 "
        "(try: keep at most 3 clips about suicide in one campaign, or spread them over time among other topics)"
    ]
    note, summary = result.stderr.strip().splitlines()
    assert summary == "checked 5 files: 5 scripts; 0 errors, 1 warning"
    assert note.startswith("note: check is a safety net") and "trained reviewer's sign-off" in note


def test_a_campaign_within_the_threshold_is_clean():
    report = check_paths([CAMPAIGN / "good.yaml"], CheckOptions(today=TODAY))
    assert report.findings == () and len(report.scripts) == 5


def test_a_folder_is_one_campaign_and_its_finding_points_at_the_first_mention():
    report = check_paths([CAMPAIGN], CheckOptions(today=TODAY))
    (finding,) = report.findings
    assert (finding.file, finding.line, finding.column) == (str(CAMPAIGN / "clip-1.yaml"), 9, 23)
    assert finding.message.startswith("4 of 6 clips")


def test_the_threshold_is_the_guidelines(tmp_path):
    team = tmp_path / "team.yaml"
    team.write_text("extends: default\nrules:\n  campaign-suicide-count: {check: {max: 4}}\n", encoding="utf-8")
    assert check_paths([CAMPAIGN / "bad.yaml"], CheckOptions(guidelines=team, today=TODAY)).findings == ()


def test_a_campaign_naming_a_missing_script_is_unusable_at_its_line(tmp_path):
    campaign = tmp_path / "campaign.yaml"
    campaign.write_text("scripts:\n  - here.yaml\n  - missing.yaml\n", encoding="utf-8")
    (tmp_path / "here.yaml").write_bytes((CAMPAIGN / "clip-1.yaml").read_bytes())
    result = run_cli("check", campaign)
    assert result.returncode == 2
    assert f"error: {campaign}:3: scripts[1]: 'missing.yaml': no such file" in result.stderr


def test_campaign_facts_count_each_checked_clip_once(tmp_path):
    mention = {"file": "a.yaml", "path": ["scenes", 0, "text"], "offset": 4, "length": 7}
    scope = Scope(tmp_path, "folder", (Member(tmp_path / "a.yaml"), Member(tmp_path / "b.yaml")))
    clips = {(tmp_path / "a.yaml").resolve(): ClipTopics({"suicide-or-self-harm": mention})}
    (item,) = campaign_facts(scope, clips)["campaigns"]
    assert (item["clips"], item["suicide_clips"], item["suicide_share"], item["at"]) == (1, 1, 1.0, mention)
