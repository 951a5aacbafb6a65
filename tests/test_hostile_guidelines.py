"""Hostile input to `check`, guidelines, lexicons and the resource directory: one clear line per
problem and exit 2, never a traceback, a hang, a fetched URL or the content of a file read by mistake."""

from __future__ import annotations

import re
import time
from functools import cache
from pathlib import Path

import pytest
from conftest import cpu_seconds, run_cli, write

from creator_kit.errors import InputError, UnusableGuidelines
from creator_kit.guidelines.guarded import MATCH_SECONDS, GuardedSchema, Origin, schema_problems
from creator_kit.guidelines.ruleset import load_guidelines

SECRET = "secret-token-4242"
SLOW_PATTERN = "^(a|aa)+$"
SLOW_TEXT = "a" * 40 + "!"
DRAFT = f'id: d\ntitle: t\nlanguage: en\nhashtags: ["#EndTheStigma"]\nscenes:\n  - text: {SLOW_TEXT}\n'
ORIGIN = Origin("g.yaml", 7, "rules.r.when")


def check_quickly(*args: object):
    """`creator-kit check ARGS`, which must cost about what checking a shipped example costs, and at most a few
    pattern time boxes more (CPU time, relative: a hang, or a pattern its box does not stop, costs far more)."""
    usual = _usual_check_seconds()
    result, seconds = cpu_seconds(lambda: run_cli("check", *map(str, args)))
    assert seconds < 5 * usual + 4 * MATCH_SECONDS, (seconds, usual)
    return result


@cache
def _usual_check_seconds() -> float:
    """The CPU time of checking a shipped example, measured once for the module."""
    return cpu_seconds(lambda: run_cli("check", "examples/ar-not-alone.yaml"))[1]


def rule_with_when(when: str) -> str:
    """A team guidelines file adding rule `r` whose `when` (flow YAML) starts on line 6."""
    return (
        "extends: default\nrules:\n  r:\n    severity: error\n    select: scenes\n"
        f"    when: {when}\n    message: 'matched {{text}}'\n"
    )


# --- $ref: nothing is fetched or read ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "reference", ["https://example.invalid/schema.json", "file:///etc/passwd", "secret.txt", "./secret.txt#/a"]
)
def test_external_refs_are_refused_where_they_are_written(reference):
    problems = schema_problems({"properties": {"text": {"$ref": reference}}})
    assert problems == [
        (
            ("properties", "text", "$ref"),
            f"$ref to external documents is not allowed ({reference!r}); only '#/...' inside the schema",
        )
    ]


def test_internal_refs_are_allowed_and_dangling_ones_refused():
    schema = {"$defs": {"short": {"maxLength": 3}}, "properties": {"text": {"$ref": "#/$defs/short"}}}
    assert schema_problems(schema) == []
    assert GuardedSchema.build(schema, ORIGIN).is_valid({"text": "abc"})
    assert not GuardedSchema.build(schema, ORIGIN).is_valid({"text": "abcd"})
    assert schema_problems({"$ref": "#/$defs/none"}) == [
        (("$ref",), "$ref '#/$defs/none' points to nothing in this schema")
    ]


def test_a_built_validator_never_retrieves_even_through_an_id(monkeypatch):
    """Defence in depth: were a reference to slip past schema_problems, the registry refuses it."""
    import urllib.request

    monkeypatch.setattr(urllib.request, "urlopen", lambda *a, **k: pytest.fail("a URL was fetched"))
    guarded = GuardedSchema.build({"$id": "https://example.invalid/", "$ref": "other.json"}, ORIGIN)
    with pytest.raises(UnusableGuidelines) as raised:
        guarded.is_valid({})
    assert raised.value.lines()[0].startswith("g.yaml:7: rules.r.when: $ref cannot be resolved")


def test_a_ref_to_a_local_file_is_reported_and_its_content_never_shown(tmp_path):
    write(tmp_path, "secret.txt", SECRET + "\n")
    draft = write(tmp_path, "draft.yaml", DRAFT)
    for reference in (f"{(tmp_path / 'secret.txt').as_uri()}", "secret.txt"):
        team = write(tmp_path, "team.yaml", rule_with_when(f'{{properties: {{text: {{$ref: "{reference}"}}}}}}'))
        result = run_cli("check", draft, "--guidelines", team)
        assert result.returncode == 2
        assert SECRET not in result.stdout + result.stderr
        assert result.stderr.startswith(f"error: {team}:6: rules.r.when: $ref to external documents is not allowed")
        assert "Traceback" not in result.stderr


# --- patterns: no hang, clear lines -------------------------------------------------------------------------


def test_a_catastrophic_pattern_stops_quickly_naming_file_line_and_rule(tmp_path):
    draft = write(tmp_path, "draft.yaml", DRAFT)
    team = write(tmp_path, "team.yaml", rule_with_when(f'{{properties: {{text: {{pattern: "{SLOW_PATTERN}"}}}}}}'))
    result = check_quickly(draft, "--guidelines", team)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"error: {team}:6: rules.r.when: pattern '{SLOW_PATTERN}' took longer than 0.5 s to match one value "
        "(catastrophic backtracking); rewrite it without nested or overlapping repetition"
    ]


def test_nested_repetition_that_regex_handles_linearly_just_works(tmp_path):
    draft = write(tmp_path, "draft.yaml", DRAFT)
    team = write(tmp_path, "team.yaml", rule_with_when('{properties: {text: {pattern: "^(a+)+$"}}}'))
    result = run_cli("check", draft, "--guidelines", team)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""


def test_a_pattern_that_does_not_compile_is_reported_at_its_line(tmp_path):
    team = write(tmp_path, "team.yaml", rule_with_when('{properties: {text: {pattern: "(unclosed"}}}'))
    result = run_cli("check", "examples/ar-not-alone.yaml", "--guidelines", team)
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error: {team}:6: rules.r.when: not a valid JSON Schema: '(unclosed' is not a 'regex'")


@pytest.mark.parametrize(
    "schema, instance",
    [
        ({"patternProperties": {SLOW_PATTERN: {}}}, {SLOW_TEXT: 1}),
        ({"patternProperties": {SLOW_PATTERN: {}}, "additionalProperties": False}, {SLOW_TEXT: 1}),
        ({"propertyNames": {"pattern": SLOW_PATTERN}}, {SLOW_TEXT: 1}),
        ({"items": {"pattern": SLOW_PATTERN}}, ["aa", SLOW_TEXT]),
    ],
)
def test_every_keyword_that_matches_a_pattern_is_time_boxed(schema, instance):
    """Stopped by the time box: it costs a normal instance's check plus about one box (CPU time, relative to the
    box; the pattern unboxed would run for hours)."""
    guarded = GuardedSchema.build(schema, ORIGIN)
    _, usual = cpu_seconds(lambda: guarded.is_valid({"aa": 1} if isinstance(instance, dict) else ["aa"]))
    started = time.process_time()
    with pytest.raises(UnusableGuidelines) as raised:
        guarded.is_valid(instance)
    assert time.process_time() - started < usual + 3 * MATCH_SECONDS
    assert "took longer than 0.5 s" in raised.value.lines()[0]


def test_guarded_keywords_keep_their_meaning():
    schema = {
        "patternProperties": {"^x": {"type": "integer"}},
        "additionalProperties": False,
        "properties": {"name": {"pattern": "^[a-z]+$"}},
    }
    guarded = GuardedSchema.build(schema, ORIGIN)
    assert guarded.is_valid({"name": "abc", "x1": 1})
    assert {e.message for e in guarded.iter_errors({"name": "ABC", "x1": "1", "y": 0})} == {
        "'ABC' does not match '^[a-z]+$'",
        "'1' is not of type 'integer'",
        "Additional properties are not allowed ('y' was unexpected)",
    }


def test_unevaluated_properties_beside_pattern_properties_is_refused():
    problems = schema_problems({"patternProperties": {"^a": {}}, "unevaluatedProperties": False})
    assert problems == [
        ((), "unevaluatedProperties cannot be used with patternProperties here; use additionalProperties")
    ]


def test_patterns_refs_and_bad_regexes_each_get_their_line_in_one_run(tmp_path):
    team = write(
        tmp_path,
        "team.yaml",
        (
            "extends: default\nrules:\n"
            "  a: {severity: error, select: scenes, message: m, when: {$ref: 'https://example.invalid/s'}}\n"
            "  b: {severity: error, select: scenes, message: m, check: {schema: {$ref: '#/nowhere'}}}\n"
        ),
    )
    with pytest.raises(InputError) as raised:
        load_guidelines(team)
    assert raised.value.lines() == [
        f"{team}:3: rules.a.when: $ref to external documents is not allowed ('https://example.invalid/s'); "
        "only '#/...' inside the schema",
        f"{team}:4: rules.b.check.schema: $ref '#/nowhere' points to nothing in this schema",
    ]


def test_a_team_lexicon_pattern_cannot_hang_either(tmp_path):
    write(
        tmp_path,
        "lexicon.team.yaml",
        "language: en\nentries:\n  - category: stigmatizing\n    patterns: ['(a|aa)+!x']\n",
    )
    team = write(tmp_path, "team.yaml", "extends: default\nlexicons: [lexicon.team.yaml]\n")
    draft = write(tmp_path, "draft.yaml", DRAFT)
    result = check_quickly(draft, "--guidelines", team)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"error: {tmp_path / 'lexicon.team.yaml'}:4: entries[0].patterns[0]: pattern '(a|aa)+!x' took longer "
        "than 0.5 s to match one value (catastrophic backtracking); rewrite it without nested or overlapping "
        "repetition"
    ]


# --- check: discovery and reporting --------------------------------------------------------------------------

GOOD_WITH_FINDINGS = Path(__file__).resolve().parent / "data" / "check" / "method-detail" / "bad.yaml"


def test_an_empty_folder_is_unusable_input(tmp_path):
    result = check_quickly(tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"error: {tmp_path}: no campaign scripts found (looked for *.yaml, *.yml, *.json with scenes)",
        "checked 0 files: 0 scripts; 0 errors, 0 warnings",
    ]


def test_a_folder_of_unrelated_files_is_unusable_input(tmp_path):
    write(tmp_path, "README.md", "# notes\n")
    write(tmp_path, "config.yaml", f"token: {SECRET}\n")
    write(tmp_path, "data.json", "[1, 2, 3]")
    result = check_quickly(tmp_path, "--format", "json")
    assert result.returncode == 2
    assert SECRET not in result.stdout + result.stderr
    assert result.stderr.splitlines() == [
        f"error: {tmp_path}: no campaign scripts found (looked for *.yaml, *.yml, *.json with scenes)"
    ]


def test_one_bad_file_among_good_ones_still_reports_the_good_ones(tmp_path):
    (tmp_path / "good.yaml").write_bytes(GOOD_WITH_FINDINGS.read_bytes())
    write(tmp_path, "broken.yaml", "id: x\nscenes: [\n")
    (tmp_path / "binary.yaml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe" + bytes(range(256)))
    result = check_quickly(tmp_path)
    assert result.returncode == 2
    assert len(result.stdout.splitlines()) == 6
    assert all(" error method-detail " in line for line in result.stdout.splitlines())
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert [line.split(":")[1].strip() for line in errors] == [
        str(tmp_path / "binary.yaml"),
        str(tmp_path / "broken.yaml"),
    ]
    assert "not UTF-8 text" in errors[0] and "invalid YAML" in errors[1]
    assert result.stderr.splitlines()[-1] == "checked 3 files: 1 script, 2 unusable; 6 errors, 0 warnings"
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "name, text",
    [
        ("credentials.yaml", f"user: admin\npassword: {SECRET}\n"),
        ("notes.txt", f"id: x\nlanguage: en\nscenes: [{{text: {SECRET}}}]\n"),
        ("list.json", f'["{SECRET}"]'),
        ("empty.yaml", ""),
    ],
)
def test_a_named_file_that_is_not_a_script_is_one_line_without_its_content(tmp_path, name, text):
    path = write(tmp_path, name, text)
    result = check_quickly(path, GOOD_WITH_FINDINGS)
    assert result.returncode == 2
    assert SECRET not in result.stdout + result.stderr
    (line,) = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert line.startswith(
        f"error: {path}: not a campaign script (a YAML or JSON mapping with id, language and scenes); not checked"
    )
    assert "method-detail" in result.stdout


def test_a_crash_on_one_script_is_reported_and_the_others_are_checked(monkeypatch, tmp_path):
    from creator_kit.guidelines import run

    for name in ("bad.yaml", "good.yaml"):
        (tmp_path / name).write_bytes((GOOD_WITH_FINDINGS.parent / name).read_bytes())

    real = run.check_clip

    def crash_on_good(target, guidelines, options):
        if target.script.name == "good.yaml":
            raise RuntimeError("boom\nsecond line")
        return real(target, guidelines, options)

    monkeypatch.setattr(run, "check_clip", crash_on_good)
    report = run.check_paths([tmp_path], run.CheckOptions())
    assert [str(p) for p in report.problems] == [
        f"{tmp_path / 'good.yaml'}: internal error: RuntimeError: boom second line"
    ]
    assert report.scripts == (str(tmp_path / "bad.yaml"),)
    assert report.unusable == (str(tmp_path / "good.yaml"),)
    assert report.exit_code == 2 and len(report.findings) == 6


def test_sarif_and_json_stay_valid_with_every_kind_of_problem(tmp_path):
    import json

    import jsonschema

    from creator_kit.inputs.validation import load_schema

    write(tmp_path, "broken.yaml", "id: x\nscenes: [\n")
    empty = tmp_path / "empty"
    empty.mkdir()
    inputs = (
        tmp_path / "broken.yaml",
        empty,
        tmp_path / "missing.yaml",
        write(tmp_path, "x.txt", "x"),
        GOOD_WITH_FINDINGS,
    )
    sarif = json.loads(check_quickly(*inputs, "--format", "sarif").stdout)
    schema = json.loads((Path(__file__).resolve().parent / "data" / "sarif-2.1.0.schema.json").read_text("utf-8"))
    jsonschema.Draft7Validator(schema).validate(sarif)
    assert len(sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]) == 4
    report = json.loads(check_quickly(*inputs, "--format", "json").stdout)
    jsonschema.Draft202012Validator(load_schema("check-report")).validate(report)
    assert {key: report["summary"][key] for key in ("files", "scripts", "unusable", "problems", "exit_code")} == {
        "files": 4,
        "scripts": 1,
        "unusable": 3,
        "problems": 4,
        "exit_code": 2,
    }


# --- resource directory: what the card, caption and QR code carry ---------------------------------------------

HOSTILE_RESOURCES = Path(__file__).resolve().parent / "data" / "hostile-guidelines" / "resources.yaml"


@pytest.mark.parametrize(
    "url, message",
    [
        ("https://user:secret@example.com/help", "must not contain a user name or password"),
        ("https://findahelpline.com@evil.example/", "must not contain a user name or password"),
        ("https://evil.example/\u202egnp.exe", "must not contain U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("https://exa\u200bmple.com/", "must not contain U+200B ZERO WIDTH SPACE"),
        ("https://example.com/\x07", "must not contain U+0007"),
        ("https://example.com/'x'", "must not contain U+0027 APOSTROPHE"),
        ("https://example.com/>", "must not contain U+003E GREATER-THAN SIGN"),
        ("https://example.com\\@evil.example/", "must not contain U+005C REVERSE SOLIDUS"),
        ("https://example.com/a\tb", "must not contain U+0009"),
        ("http://example.com/", "must be an https:// URL"),
        ("javascript:alert(1)", "must be an https:// URL"),
        ("https://example.com:99999/", "has a port that is not a number"),
        ("https://localhost/", "is not a domain name"),
        ("https://a..example/", "is not a valid domain name"),
        ("https://straße.de/", "write the host in its xn-- form"),
    ],
)
def test_unsafe_urls_are_refused(url, message):
    from creator_kit.resources.directory import safe_url

    with pytest.raises(ValueError, match=re.escape(message)):
        safe_url(url)


@pytest.mark.parametrize(
    "url, safe",
    [
        ("https://findahelpline.com", "https://findahelpline.com"),
        ("https://münchen.de/hilfe?x=1#top", "https://xn--mnchen-3ya.de/hilfe?x=1#top"),
        ("https://ﬁndahelpline.com/", "https://findahelpline.com/"),
        ("https://xn--mgbh0fb.example/", "https://xn--mgbh0fb.example/"),
        ("https://مثال.example/", "https://xn--mgbh0fb.example/"),
        ("https://Example.COM:8443/Path", "https://example.com:8443/Path"),
    ],
)
def test_hosts_are_given_in_ascii_punycode(url, safe):
    from creator_kit.resources.directory import safe_url

    assert safe_url(url) == safe


def test_names_and_phones_shown_on_the_card_refuse_control_and_bidi_characters():
    from creator_kit.resources.directory import shown_text_problem

    assert shown_text_problem("خط المساعدة") is None
    assert shown_text_problem("800 SAKINA") is None
    assert shown_text_problem("خط\u202eالمساعدة") == "must not contain U+202E RIGHT-TO-LEFT OVERRIDE"
    assert shown_text_problem("Line\nTwo") == "must not contain U+000A control character"


def test_a_hostile_directory_is_one_line_per_problem_and_never_shows_the_secret():
    result = run_cli("resources", "--resources", HOSTILE_RESOURCES)
    assert result.returncode == 2
    assert SECRET not in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert [line.split(": ")[2] for line in lines] == [
        "entries[0].url",
        "entries[1].url",
        "entries[2].url",
        "entries[3].url",
        "entries[4].url",
        "entries[5].url",
        "entries[6].names.ar",
        "entries[7].verified_on",
        "entries[8].verified_on",
        "entries[9].phones[0]",
    ]
    path = str(HOSTILE_RESOURCES)
    assert lines[0].startswith(f"error: {path}:4: entries[0].url: must not contain a user name or password")
    assert lines[7] == (
        f"error: {path}:18: entries[7].verified_on: '2025-02-30' is not a calendar date (day is out of range for month)"
    )
    assert lines[8] == (
        f"error: {path}:20: entries[8].verified_on: '2026-13-01' is not a calendar date (month must be in 1..12)"
    )


def test_check_with_a_hostile_directory_is_exit_2_with_the_same_lines():
    result = check_quickly("examples/ar-resources-ae.yaml", "--resources", HOSTILE_RESOURCES)
    assert result.returncode == 2
    assert SECRET not in result.stdout + result.stderr
    assert sum(line.startswith(f"error: {HOSTILE_RESOURCES}:") for line in result.stderr.splitlines()) == 10


def test_an_internationalized_host_reaches_card_caption_and_qr_code_as_punycode(tmp_path):
    import json

    from creator_kit.planning.cards import blocks_text
    from creator_kit.planning.end_card import caption_lines, card_blocks, qr_url
    from creator_kit.resources.directory import load_directory

    team = write(
        tmp_path,
        "team.yaml",
        (
            "replace: true\nentries:\n  - {id: idn, names: {ar: مثال, en: Example}, kind: website, regions: [AE],\n"
            "     source: t, verified_on: '2026-01-01', url: 'https://مثال.example/مساعدة'}\n"
        ),
    )
    (entry,) = load_directory((team,)).entries
    assert entry.url == "https://xn--mgbh0fb.example/مساعدة"
    assert qr_url([entry]) == entry.url
    assert "xn--mgbh0fb.example/مساعدة" in blocks_text(card_blocks([entry], "ar"))
    assert caption_lines([entry], "en") == ("Example: https://xn--mgbh0fb.example/مساعدة",)
    listed = json.loads(run_cli("resources", "--resources", team, "--format", "json").stdout)
    assert [e["url"] for e in listed["entries"]] == ["https://xn--mgbh0fb.example/مساعدة"]


# --- messages and lexicon paths in a team's guidelines ----------------------------------------------------------


@pytest.mark.parametrize(
    "message, problem",
    [
        ("oops {", "not a message template: Single '{' encountered in format string"),
        ("{value:>999999999}", "{value:>999999999}: widths and precisions go up to 100"),
        ("{value:.1000f}", "{value:.1000f}: widths and precisions go up to 100"),
        ("{value:{limit}}", "{value:{limit}}: a format cannot hold a placeholder"),
        ("{value!x}", "{value!x}: unknown conversion"),
    ],
)
def test_message_templates_that_cannot_be_filled_safely_are_refused(tmp_path, message, problem):
    team = write(tmp_path, "team.yaml", f"extends: default\nrules:\n  scene-too-long:\n    message: '{message}'\n")
    with pytest.raises(InputError) as raised:
        load_guidelines(team)
    (line,) = raised.value.lines()
    assert line.startswith(f"{team}:4: rules.scene-too-long.message: {problem}")


def test_a_lexicon_path_that_is_no_data_file_is_not_opened(tmp_path):
    secret = write(tmp_path, "passwd", f"language: {SECRET}\n")
    team = write(tmp_path, "team.yaml", f"extends: default\nlexicons: [{secret}]\n")
    result = check_quickly("examples/ar-not-alone.yaml", "--guidelines", team)
    assert result.returncode == 2
    assert SECRET not in result.stdout + result.stderr
    assert result.stderr.splitlines() == [
        f"error: {team}:2: lexicons[0]: a lexicon is a .yaml, .yml or .json file, not read: {secret}"
    ]


def test_a_manifest_naming_a_file_that_is_no_script_does_not_show_it(tmp_path):
    secret = write(tmp_path, "secret.yaml", f"password: {SECRET}\n")
    manifest = write(tmp_path, "x.manifest.json", f'{{"script": "{secret}"}}')
    result = check_quickly(manifest)
    assert result.returncode == 2
    assert SECRET not in result.stdout + result.stderr
    assert result.stderr.splitlines()[0] == (
        f"error: {secret}: not a campaign script (a YAML or JSON mapping with id, language and scenes); not checked"
    )
