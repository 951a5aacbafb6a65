"""`creator-kit check` through the real command line: output format, folders, exit codes 0/1/2,
and `render` stopping on error-level findings before it encodes anything."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner
from conftest import DATA, encode_nothing, run_cli

from creator_kit.cli import cli

CHECK = DATA / "check"
TEXT_LINE = re.compile(
    r"^(?P<file>.+):(?P<line>\d+):(?P<column>\d+): (?P<severity>error|warning|info) "
    r"(?P<rule>[a-z0-9-]+) (?P<message>.+)$"
)


def test_clean_script_exits_0_with_nothing_on_stdout():
    result = run_cli("check", "examples/ar-not-alone.yaml")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr.strip() == "checked 1 file: 1 script; 0 errors, 0 warnings"


def test_error_findings_exit_1_one_line_each_in_the_contract_format():
    result = run_cli("check", "tests/data/check/method-detail/bad.yaml")
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 6
    parsed = [TEXT_LINE.match(line) for line in lines]
    assert all(parsed), lines
    assert {m["rule"] for m in parsed} == {"method-detail"}
    assert {m["file"] for m in parsed} == {"tests/data/check/method-detail/bad.yaml"}
    assert [int(m["line"]) for m in parsed] == sorted(int(m["line"]) for m in parsed)
    assert lines[0].startswith("tests/data/check/method-detail/bad.yaml:8:20: error method-detail '30 pills' ")


def test_warnings_alone_exit_0():
    result = run_cli("check", "tests/data/check/stigmatizing-term/bad.yaml")
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 9
    assert all(TEXT_LINE.match(line)["severity"] == "warning" for line in result.stdout.splitlines())


def test_folders_are_searched_recursively_and_skip_manifests_and_templates():
    result = run_cli(
        "check", "tests/data/check/low-contrast", "tests/data/check/resource-not-https", "--format", "json"
    )
    report = json.loads(result.stdout)
    assert sorted(Path(s).name for s in report["scripts"]) == ["bad.yaml", "bad.yaml", "good.yaml", "good.yaml"]
    assert report["problems"] == []
    rules = {f["rule"] for f in report["findings"]}
    assert {"low-contrast", "resource-not-https"} <= rules
    assert result.returncode == 1


def test_a_manifest_given_by_name_is_checked_with_its_script():
    result = run_cli("check", "tests/data/check/resource-not-https/bad.manifest.json")
    assert "resource-not-https" in result.stdout
    assert "tests/data/check/resource-not-https/bad.manifest.json:7:" in result.stdout


def test_unusable_input_exits_2_and_the_other_scripts_are_still_checked(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: broken\ntitle: x\nlanguage: en\nscenes: []\n", encoding="utf-8")
    result = run_cli("check", broken, tmp_path / "missing.yaml", "tests/data/check/method-detail/bad.yaml")
    assert result.returncode == 2
    assert f"error: {broken}:4: scenes: must have at least 1 item" in result.stderr
    assert f"error: {tmp_path / 'missing.yaml'}: file not found" in result.stderr
    assert "method-detail" in result.stdout
    assert "Traceback" not in result.stderr


def test_usage_errors_exit_2():
    assert run_cli("check").returncode == 2
    assert run_cli("check", "examples", "--format", "xml").returncode == 2


def test_json_output_has_the_documented_shape():
    import jsonschema

    from creator_kit.inputs.validation import load_schema

    result = run_cli("check", "tests/data/check/unsourced-statistic", "--format", "json")
    report = json.loads(result.stdout)
    jsonschema.Draft202012Validator(load_schema("check-report")).validate(report)
    assert report["summary"] == {
        "files": 2,
        "scripts": 2,
        "unusable": 0,
        "findings": 5,
        "errors": 0,
        "warnings": 5,
        "info": 0,
        "problems": 0,
        "exit_code": 0,
    }
    first = report["findings"][0]
    assert (first["line"], first["column"], first["rule"], first["field"]) == (
        7,
        12,
        "unsourced-statistic",
        "scenes[0].text",
    )
    assert first["suggestion"].startswith("add `source:`")


def test_custom_guidelines_replace_a_limit(tmp_path):
    strict = tmp_path / "strict.yaml"
    strict.write_text("extends: default\nrules:\n  reading-speed:\n    check: {max: 10}\n", encoding="utf-8")
    assert run_cli("check", "tests/data/check/reading-speed/good.yaml").stdout == ""
    result = run_cli("check", "tests/data/check/reading-speed/good.yaml", "--guidelines", strict)
    assert "reading-speed reads at 12.4 characters per second; at most 10 can be read comfortably" in result.stdout


def test_a_bad_guidelines_file_gives_one_line_per_problem_and_exit_2(tmp_path):
    bad = tmp_path / "bad-guidelines.yaml"
    bad.write_text(
        "extends: default\n"
        "rules:\n"
        "  reading-speed:\n"
        "    severity: fatal\n"
        "    check: {max: fast}\n"
        "  Bad_Id:\n"
        "    enabled: false\n"
        "colour: blue\n",
        encoding="utf-8",
    )
    result = run_cli("check", "examples", "--guidelines", bad)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 4, lines
    assert f"error: {bad}:4: rules.reading-speed.severity: must be one of error, warning, info; got 'fatal'" in lines
    assert f"error: {bad}:5: rules.reading-speed.check.max: must be a number or object, got str 'fast'" in lines
    assert any(line.startswith(f"error: {bad}:2: rules: 'Bad_Id' does not match") for line in lines)
    assert any(line.startswith(f"error: {bad}:8: unknown field 'colour'") for line in lines)


def test_rules_that_do_not_fit_the_facts_are_reported_at_their_lines(tmp_path):
    bad = tmp_path / "bad-rules.json"
    bad.write_text(
        json.dumps(
            {
                "rules": {
                    "no-select": {"severity": "error", "select": "scene", "message": "x"},
                    "no-field": {"severity": "error", "select": "scenes", "field": "speed", "message": "x"},
                    "no-placeholder": {"severity": "error", "select": "scenes", "message": "{speed} is too fast"},
                    "no-schema": {"severity": "error", "select": "scenes", "when": {"type": "nothing"}, "message": "x"},
                }
            },
            indent=2,
        ),
        encoding="utf-8",
    )
    result = run_cli("check", "examples", "--guidelines", bad)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 4, lines
    assert lines[0].startswith(f"error: {bad}:5: rules.no-select.select: unknown facts collection 'scene'")
    assert lines[1].startswith(f"error: {bad}:11: rules.no-field.field: scenes items have no field 'speed'")
    assert lines[2].startswith(f"error: {bad}:17: rules.no-placeholder.message: unknown placeholder {{speed}}")
    assert lines[3].startswith(f"error: {bad}:22: rules.no-schema.when: not a valid JSON Schema")


def test_schema_command_prints_the_guidelines_and_facts_schemas():
    runner = CliRunner()
    for name in ("guidelines", "facts", "lexicon", "check-report"):
        result = runner.invoke(cli, ["schema", name])
        assert result.exit_code == 0
        assert json.loads(result.output)["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_render_stops_on_error_findings_before_encoding(tmp_path):
    result = run_cli("render", "tests/data/check/method-detail/bad.yaml", "-o", tmp_path / "out")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert all(TEXT_LINE.match(line) for line in lines[:-1]), lines
    assert len(lines) == 7
    assert lines[-1] == "error: render stopped: 6 error-level guideline findings; fix them or render with --force"
    assert not (tmp_path / "out").exists()


def test_render_records_findings_in_the_manifest_and_force_goes_on(tmp_path, monkeypatch):
    """In-process, with the encoder replaced: what matters here is the decision, not the video."""
    import creator_kit.output.render as render_module

    monkeypatch.setattr(render_module, "_encode_video", encode_nothing)
    script = CHECK / "method-detail" / "bad.yaml"
    stopped = CliRunner().invoke(cli, ["render", str(script), "-o", str(tmp_path)])
    assert stopped.exit_code == 1 and not list(tmp_path.iterdir())
    forced = CliRunner().invoke(cli, ["render", str(script), "-o", str(tmp_path), "--force", "--json"])
    assert forced.exit_code == 0, forced.output
    manifest = json.loads((tmp_path / "bad.manifest.json").read_text("utf-8"))
    assert [f["rule"] for f in manifest["findings"]] == ["method-detail"] * 6
    assert manifest["findings"][0]["line"] == 8


def test_render_keeps_only_each_platforms_findings_in_its_manifest(tmp_path, monkeypatch):
    import creator_kit.output.render as render_module

    monkeypatch.setattr(render_module, "_encode_video", encode_nothing)
    script = CHECK / "outside-safe-zone" / "bad.yaml"
    result = CliRunner().invoke(cli, ["render", str(script), "-o", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    for platform in ("tiktok", "reels"):
        findings = json.loads((tmp_path / f"bad.{platform}.manifest.json").read_text("utf-8"))["findings"]
        assert [(f["rule"], f["platform"]) for f in findings] == [("outside-safe-zone", platform)]


def test_every_language_of_a_script_is_checked(tmp_path):
    """A harmful phrase in the English text of an Arabic-first script is found at its own line."""
    script = tmp_path / "two.yaml"
    script.write_text(
        "id: two\ntitle: {ar: لست وحدك, en: You are not alone}\nlanguage: ar\n"
        "hashtags: ['#EndTheStigma']\nscenes:\n  - text:\n      ar: لست وحدك.\n"
        "      en: He committed suicide last year.\n",
        encoding="utf-8",
    )
    result = run_cli("check", script)
    assert result.returncode == 1, result.stderr
    assert f"{script}:8:14: error suicide-framing" in result.stdout
    assert result.stdout.count("suicide-framing") == 1
