"""Hostile and broken documents: one `error: FILE:LINE: ...` line each, exit 2, no traceback,
nothing written, and never the content of a file that is not the expected kind of document.

CLI cases run the real command (`render` of a bad input stops before encoding); the loader's
limits are also exercised in-process, and hypothesis checks that nothing but InputError escapes.
"""

from __future__ import annotations

import json
import shutil
import struct
import time
import zlib
from pathlib import Path

import pytest
import yaml
from conftest import cpu_seconds, run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from creator_kit.errors import InputError
from creator_kit.inputs.script import load_script
from creator_kit.inputs.sourcemap import MAX_ALIASES, MAX_DEPTH, MAX_DOCUMENT_BYTES, parse_document
from creator_kit.inputs.system_fonts import folders_described
from creator_kit.paths import TEMPLATES_DIR
from creator_kit.text.characters import unusable_characters

SCRIPT = "id: t\ntitle: T\nlanguage: en\nscenes:\n  - text: Hello there\n"
SECRET = "SECRET_TOKEN=hunter2"

BILLION_LAUGHS = "a: &a [lol]\n" + "".join(
    f"{name}: &{name} [{', '.join([f'*{previous}'] * 10)}]\n" for previous, name in zip("abcdefgh", "bcdefghi")
)

# (case id, file name, content, expected stderr lines after `error: FILE`)
SCRIPT_CASES = [
    ("billion-laughs", "s.yaml", BILLION_LAUGHS, [":6: holds more than 100000 values (aliases included)"]),
    (
        "many-aliases",
        "s.yaml",
        "a: &a x\nb: [" + ", ".join(["*a"] * (MAX_ALIASES + 1)) + "]\n",
        [f":2: more than {MAX_ALIASES} aliases (*name)"],
    ),
    ("recursive-alias", "s.yaml", "a: &a [*a]\n", [":1: alias refers to a value that contains it"]),
    ("deep-yaml-flow", "s.yaml", "[" * 5000 + "]" * 5000, [f":1: nested more than {MAX_DEPTH} levels deep"]),
    (
        "deep-yaml-block",
        "s.yaml",
        "".join("  " * i + "a:\n" for i in range(200)),
        [f":{MAX_DEPTH}: nested more than {MAX_DEPTH} levels deep"],
    ),
    ("deep-json", "s.json", "[" * 100_000 + "]" * 100_000, [f":1: nested more than {MAX_DEPTH} levels deep"]),
    ("deep-json-mapping", "s.json", '{"a":' * 300 + "1" + "}" * 300, [f":1: nested more than {MAX_DEPTH} levels deep"]),
    ("duplicate-key-yaml", "s.yaml", "id: a\ntitle: T\nid: b\n", [":3: duplicate key 'id' (first at line 1)"]),
    (
        "duplicate-key-json",
        "s.json",
        '{\n  "id": "a",\n  "title": "T",\n  "id": "b"\n}\n',
        [":4: duplicate key 'id' (first at line 2)"],
    ),
    ("int-key", "s.yaml", SCRIPT + "1: 2\n", [":6: key '1' is read as a number; keys must be text (quote it)"]),
    ("null-key", "s.yaml", SCRIPT + "null: x\n", [":6: key 'null' is read as null; keys must be text (quote it)"]),
    ("list-key", "s.yaml", SCRIPT + "[a]: b\n", [":6: a list or mapping used as a key; keys must be text (quote it)"]),
    ("yaml-nan", "s.yaml", SCRIPT + "    duration: .nan\n", [":6: NaN and infinity are not allowed"]),
    ("yaml-inf", "s.yaml", SCRIPT + "    duration: .inf\n", [":6: NaN and infinity are not allowed"]),
    (
        "json-nan",
        "s.json",
        '{"id": "t",\n "scenes": [{"text": "x", "duration": NaN}]}',
        [":2: NaN and infinity are not allowed"],
    ),
    (
        "json-infinity",
        "s.json",
        '{"id": "t",\n\n "scenes": [{"text": "x", "duration": -Infinity}]}',
        [":3: NaN and infinity are not allowed"],
    ),
    ("huge-number", "s.yaml", SCRIPT + "    duration: " + "9" * 5000 + "\n", [":6: number longer than 40 digits"]),
    ("yaml-tag", "s.yaml", SCRIPT + "post_caption: !!binary aGVsbG8=\n", [":6: unsupported YAML tag '!!binary'"]),
    (
        "binary",
        "s.yaml",
        b"\x89PNG\r\n\x1a\n\xff\xfe" + SECRET.encode(),
        [":1: not UTF-8 text (invalid start byte at byte 0)"],
    ),
    ("nul-bytes", "s.yaml", "id: x\n\0" + SECRET, [":2: invalid YAML: character U+0000 is not allowed"]),
    ("too-big", "s.yaml", "# " + "x" * MAX_DOCUMENT_BYTES, [": larger than 4 MB; not a document"]),
    (
        "passwd",
        "s.yaml",
        "root:x:0:0:root:/root:/bin/bash\n" + SECRET + "\n",
        [":1: not a creator-kit campaign script file: expected a mapping of fields at the top level"],
    ),
    (
        "foreign-mapping",
        "s.yaml",
        "SECRET_TOKEN: hunter2\n",
        [":1: not a creator-kit campaign script file: none of its fields is known (see `creator-kit schema script`)"],
    ),
    (
        "list",
        "s.json",
        '["' + SECRET + '"]',
        [":1: not a creator-kit campaign script file: expected a mapping of fields at the top level"],
    ),
    (
        "empty",
        "s.yaml",
        "",
        [":1: not a creator-kit campaign script file: expected a mapping of fields at the top level"],
    ),
    (
        "long-value-excerpt",
        "s.yaml",
        SCRIPT + "platform: " + "vine" * 30 + "\n",
        [
            ":6: platform: must be one of tiktok, reels, shorts, x, spotlight; got 'vinevinevinevinevinevinevinevinevinevin…"
        ],
    ),
    (
        "id-newline",
        "s.yaml",
        'id: "abc\\n"\ntitle: T\nlanguage: en\nscenes: [{text: Hi}]\n',
        [":1: id: 'abc\\n' does not match the expected form ^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$"],
    ),
    (
        "hashtag-newline",
        "s.yaml",
        SCRIPT + 'hashtags: ["#a\\n"]\n',
        [":6: hashtags[0]: '#a\\n' does not match the expected form ^#[^\\s#]+$"],
    ),
    (
        "scene-too-long",
        "s.yaml",
        SCRIPT.replace("Hello there", "x" * 501),
        [":5: scenes[0].text: must be at most 500 characters, got 501"],
    ),
    (
        "title-too-long",
        "s.yaml",
        SCRIPT.replace("title: T", "title: " + "t" * 201),
        [":2: title: must be at most 200 characters, got 201"],
    ),
    (
        "caption-too-long",
        "s.yaml",
        SCRIPT + "post_caption: " + "c" * 5001 + "\n",
        [":6: post_caption: must be at most 5000 characters, got 5001"],
    ),
    (
        "control-character",
        "s.yaml",
        SCRIPT.replace("Hello there", '"Hello\\a there"'),
        [":5: scenes[0].text: U+0007 at position 6 is a control character; remove it"],
    ),
    (
        "c1-control",
        "s.yaml",
        SCRIPT.replace("Hello there", '"Hi \\x85 \\x9b"'),
        [":5: scenes[0].text: U+0085 at position 4 is a control character (and 1 more); remove it"],
    ),
    (
        "noncharacter",
        "s.yaml",
        SCRIPT.replace("title: T", 'title: "T\\uFDD0"'),
        [":2: title: U+FDD0 at position 2 is a Unicode noncharacter; remove it"],
    ),
    (
        "noncharacter-plane",
        "s.yaml",
        SCRIPT + 'hashtags: ["#a\\U0001FFFF"]\n',
        [":6: hashtags[0]: U+1FFFF at position 3 is a Unicode noncharacter; remove it"],
    ),
    (
        "lone-surrogate-json",
        "s.json",
        '{"id": "t", "title": "T", "language": "en",\n "scenes": [{"text": "a\\ud800"}]}',
        [":2: scenes[0].text: U+D800 is a lone surrogate, not a character"],
    ),
    (
        "lone-surrogate-yaml",
        "s.yaml",
        SCRIPT + 'post_caption: "\\uDC00"\n',
        [":6: post_caption: U+DC00 is a lone surrogate, not a character"],
    ),
    (
        "template-absolute",
        "s.yaml",
        SCRIPT + "template: /etc/passwd\n",
        [":6: template: must be a shipped template name or a path inside the script's folder"],
    ),
    (
        "template-dotdot",
        "s.yaml",
        SCRIPT + "template: ../../x\n",
        [":6: template: must be a shipped template name or a path inside the script's folder"],
    ),
    (
        "template-shipped-dotdot",
        "s.yaml",
        SCRIPT + "template: ../templates/minimal\n",
        [":6: template: must be a shipped template name or a path inside the script's folder"],
    ),
    (
        "music-outside",
        "s.yaml",
        SCRIPT + "music: {file: /etc/hostname}\n",
        [":6: music.file: must be a path inside the script's folder"],
    ),
    (
        "resources-outside",
        "s.yaml",
        SCRIPT + "resources: {region: AE, directory: ../r.yaml}\n",
        [":6: resources.directory: must be a path inside the script's folder"],
    ),
]


def _write(path: Path, content: str | bytes) -> Path:
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def _assert_refused(result, expected: list[str], out: Path | None = None) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == expected
    assert "hunter2" not in result.stderr + result.stdout
    if out is not None:
        assert not out.exists() or not any(out.iterdir())


@pytest.mark.parametrize(
    "name,content,expected", [case[1:] for case in SCRIPT_CASES], ids=[case[0] for case in SCRIPT_CASES]
)
def test_hostile_script_is_refused_in_one_line(name, content, expected, tmp_path):
    """Refused at about the cost of refusing an ordinary mistake (CPU time, relative: a bomb or a hang would
    cost minutes)."""
    ordinary = _write(tmp_path / "ordinary.yaml", "id: a\ntitle: T\nid: b\n")
    _, usual = cpu_seconds(lambda: run_cli("render", ordinary, "-o", tmp_path / "out"))
    script = _write(tmp_path / name, content)
    result, seconds = cpu_seconds(lambda: run_cli("render", script, "-o", tmp_path / "out"))
    _assert_refused(result, [f"error: {script}{line}" for line in expected], tmp_path / "out")
    assert seconds < 5 * usual + 1, (seconds, usual)


def test_secret_file_never_leaks_through_check_formats(tmp_path):
    script = _write(tmp_path / "creds.yaml", f"{SECRET}\npassword: hunter2\n")
    for output_format in ("text", "json", "sarif"):
        result = run_cli("check", script, "--format", output_format)
        assert result.returncode == 2, result.stderr
        assert "Traceback" not in result.stderr
        assert "hunter2" not in result.stdout + result.stderr


@pytest.mark.parametrize("option", ["render", "check"])
def test_template_option_may_point_anywhere_but_is_never_quoted(option, tmp_path):
    (tmp_path / "elsewhere").mkdir()
    secret = _write(tmp_path / "elsewhere" / ".env", f"{SECRET}\n")
    script = _write(tmp_path / "s.yaml", SCRIPT)
    args = ["-o", tmp_path / "out"] if option == "render" else []
    result = run_cli(option, script, "--template", secret, *args)
    assert result.returncode == 2
    assert (
        f"error: {secret}:1: not a creator-kit brand template file: expected a mapping of fields at the top level"
        in result.stderr.splitlines()
    )
    assert "hunter2" not in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_template_symlink_leading_out_of_the_script_folder(tmp_path):
    outside = tmp_path / "outside"
    shutil.copytree(TEMPLATES_DIR / "minimal", outside)
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "brand").symlink_to(outside, target_is_directory=True)
    script = _write(folder / "s.yaml", SCRIPT + "template: brand\n")
    result = run_cli("render", script, "-o", tmp_path / "out")
    _assert_refused(
        result,
        [f"error: {script}:6: template: must be a shipped template name or a path inside the script's folder"],
        tmp_path / "out",
    )


def test_text_file_named_mp3_is_not_audio(tmp_path):
    _write(tmp_path / "calm.mp3", f"{SECRET}\n")
    script = _write(tmp_path / "s.yaml", SCRIPT + "music: {file: calm.mp3}\n")
    result = run_cli("render", script, "-o", tmp_path / "out")
    _assert_refused(result, [f"error: {script}:6: music.file: not an audio file"], tmp_path / "out")


def _png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims width x height, with no real pixel data."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")


def _truncated_logo() -> bytes:
    data = (TEMPLATES_DIR / "minimal" / "logo.png").read_bytes()
    return data[: len(data) // 2]


TEMPLATE_LINES = {
    "canvas": "canvas: {width: 1080, height: 1920, fps: 30}",
    "fonts": "fonts: {text: [NotoSans-Regular.ttf]}",
    "background": "background: {type: solid, color: '#FFFFFF'}",
    "logo": "logo: {image: logo.png}",
    "text": "text: {size: 60, min_size: 30}",
}

# (case id, replaced line of TEMPLATE_LINES, new line, extra files, expected stderr after `error: TEMPLATE`)
FONT_PATH_REFUSED = (
    "must be a path inside the template's folder or in the shipped fonts, a .ttf or .otf file in the system font "
    f"folders ({folders_described()}) or an installed family as {{family: NAME}}"
)

TEMPLATE_CASES = [
    (
        "odd-width",
        "canvas",
        "canvas: {width: 1081, height: 1920}",
        {},
        [":2: canvas.width: must be even (H.264 4:2:0 halves the colour planes)"],
    ),
    ("tiny-canvas", "canvas", "canvas: {width: 2, height: 1920}", {}, [":2: canvas.width: must be >= 64"]),
    ("fps", "canvas", "canvas: {fps: 120}", {}, [":2: canvas.fps: must be <= 60"]),
    (
        "logo-text-file",
        "logo",
        "logo: {image: logo.png}",
        {"logo.png": SECRET},
        [":5: logo.image: not a PNG/JPEG/WebP image"],
    ),
    (
        "logo-truncated",
        "logo",
        "logo: {image: logo.png}",
        {"logo.png": "TRUNCATED"},
        [":5: logo.image: not a readable PNG/JPEG/WebP image (truncated or corrupt)"],
    ),
    (
        "logo-too-many-pixels",
        "logo",
        "logo: {image: logo.png}",
        {"logo.png": _png_header(8000, 6000)},
        [":5: logo.image: image of 8000x6000 pixels is larger than 40 megapixels"],
    ),
    (
        "logo-bomb",
        "logo",
        "logo: {image: logo.png}",
        {"logo.png": _png_header(30000, 30000)},
        [":5: logo.image: image larger than 40 megapixels"],
    ),
    (
        "logo-dotdot",
        "logo",
        "logo: {image: ../logo.png}",
        {},
        [":5: logo.image: must be a path inside the template's folder"],
    ),
    (
        "logo-absolute",
        "logo",
        "logo: {image: /etc/hostname}",
        {},
        [":5: logo.image: must be a path inside the template's folder"],
    ),
    (
        "background-text-file",
        "background",
        "background: {type: image, image: bg.jpg}",
        {"bg.jpg": SECRET},
        [":4: background.image: not a PNG/JPEG/WebP image"],
    ),
    (
        "font-text-file",
        "fonts",
        "fonts: {text: [mine.ttf]}",
        {"mine.ttf": SECRET},
        [":3: fonts.text[0]: not a TrueType/OpenType font"],
    ),
    (
        "font-absolute",
        "fonts",
        "fonts: {text: [/etc/x.ttf]}",
        {},
        [f":3: fonts.text[0]: {FONT_PATH_REFUSED}"],
    ),
    (
        "font-dotdot",
        "fonts",
        "fonts: {text: [../../fonts/NotoSans-Regular.ttf]}",
        {},
        [f":3: fonts.text[0]: {FONT_PATH_REFUSED}"],
    ),
]


def _template_folder(folder: Path, replace: str, line: str, files: dict) -> Path:
    folder.mkdir()
    shutil.copy(TEMPLATES_DIR / "minimal" / "logo.png", folder / "logo.png")
    for name, content in files.items():
        _write(folder / name, _truncated_logo() if content == "TRUNCATED" else content)
    lines = ["name: hostile"] + [line if key == replace else text for key, text in TEMPLATE_LINES.items()]
    return _write(folder / "template.yaml", "\n".join(lines) + "\n")


@pytest.mark.parametrize(
    "replace,line,files,expected", [case[1:] for case in TEMPLATE_CASES], ids=[case[0] for case in TEMPLATE_CASES]
)
def test_hostile_template_is_refused_in_one_line(replace, line, files, expected, tmp_path):
    template = _template_folder(tmp_path / "brand", replace, line, files)
    script = _write(tmp_path / "s.yaml", SCRIPT + "template: brand\n")
    result = run_cli("render", script, "-o", tmp_path / "out")
    _assert_refused(result, [f"error: {template}{text}" for text in expected], tmp_path / "out")


def test_a_valid_template_in_the_script_folder_is_accepted(tmp_path):
    _template_folder(tmp_path / "brand", "", "", {})
    script = _write(tmp_path / "s.yaml", SCRIPT + "template: brand\n")
    assert load_script(script).template_path == tmp_path / "brand" / "template.yaml"


def test_font_symlink_leading_out_of_the_template_folder(tmp_path):
    (tmp_path / "elsewhere.ttf").write_text(SECRET)
    template = _template_folder(tmp_path / "brand", "fonts", "fonts: {text: [link.ttf]}", {})
    (tmp_path / "brand" / "link.ttf").symlink_to(tmp_path / "elsewhere.ttf")
    script = _write(tmp_path / "s.yaml", SCRIPT + "template: brand\n")
    result = run_cli("check", script)
    assert result.returncode == 2
    assert f"error: {template}:3: fonts.text[0]: {FONT_PATH_REFUSED}" in result.stderr.splitlines()


# In-process: the loader itself.


def test_billion_laughs_is_refused_fast():
    """Refused for less than reading a plain document of 2,000 values costs (CPU time, relative), though it
    stands for 10^9."""
    plain = "a: [" + ", ".join(["lol"] * 2000) + "]\n"
    _, usual = cpu_seconds(lambda: parse_document(plain, Path("plain.yaml")))
    started = time.process_time()
    with pytest.raises(InputError, match="aliases included"):
        parse_document(BILLION_LAUGHS, Path("x.yaml"))
    assert time.process_time() - started < usual


def test_an_alias_is_walked_once_and_points_at_its_use():
    document = parse_document("base: &b {x: 1}\nuse: *b\n", Path("x.yaml"))
    assert document.data == {"base": {"x": 1}, "use": {"x": 1}}
    assert document.line_of(("use", "x")) == 2


@pytest.mark.parametrize("text", ["when: 2025-02-30\n", "when: 2025-02-28\n", "when: 2025-02-28 10:00:00\n"])
def test_timestamps_stay_text(text):
    assert isinstance(parse_document(text, Path("x.yaml")).data["when"], str)


@pytest.mark.parametrize("name", ["x.yaml", "x.json"])
def test_a_byte_order_mark_is_accepted_in_yaml_and_json(name, tmp_path):
    script = json.dumps({"id": "bom", "title": "T", "language": "en", "scenes": [{"text": "Hi"}]})
    path = _write(tmp_path / name, b"\xef\xbb\xbf" + script.encode())
    assert load_script(path).id == "bom"


def test_json_values_keep_their_lines():
    document = parse_document('{\n\t"a": 1,\n\t"b": [\n\t\t2\n\t]\n}', Path("x.json"))
    assert (document.line_of(("a",)), document.line_of(("b", 0))) == (2, 4)


def test_merge_keys_still_work():
    document = parse_document("base: &b {x: 1, y: 2}\nuse:\n  <<: *b\n  y: 3\n", Path("x.yaml"))
    assert document.data["use"] == {"x": 1, "y": 3}


def test_hashtags_lost_to_comments_still_found():
    document = parse_document("scenes:\n  - text: Talk to us #كلنا_معاك\n", Path("x.yaml"))
    assert document.hashtags_lost_to_comments() == [(("scenes", 0, "text"), "#كلنا_معاك")]


def test_a_tab_in_scene_text_is_drawn_as_a_space(tmp_path):
    path = _write(tmp_path / "s.yaml", SCRIPT.replace("Hello there", '"Hello\\tthere"'))
    assert load_script(path).scenes[0].text == "Hello there"


@pytest.mark.parametrize(
    "text,expected",
    [
        ("plain العربية 53% #كلنا_معاك 😀\n\ttab", []),
        ("a\x07b", [(2, "\x07", "a control character")]),
        (
            "\x7f\x80\x9f",
            [
                (1, "\x7f", "a control character"),
                (2, "\x80", "a control character"),
                (3, "\x9f", "a control character"),
            ],
        ),
        ("\ufdd0x\ufdef", [(1, "\ufdd0", "a Unicode noncharacter"), (3, "\ufdef", "a Unicode noncharacter")]),
        (
            "\ufffe\uffff\U0010ffff",
            [(i, c, "a Unicode noncharacter") for i, c in enumerate("\ufffe\uffff\U0010ffff", start=1)],
        ),
        ("x\ud83d", [(2, "\ud83d", "a lone surrogate (half of a UTF-16 pair), not a character")]),
        ("\ufdcf\ufdf0\ufffd", []),
    ],
)
def test_unusable_characters(text, expected):
    assert unusable_characters(text) == expected


# Properties: whatever the text, the loaders raise InputError or succeed.


def _loads_or_refuses(text: str, name: str) -> None:
    try:
        parse_document(text, Path(name))
    except InputError as error:
        assert all(problem.file == name for problem in error.problems)


YAMLISH = st.text(
    alphabet=st.sampled_from(list("{}[]:,-?&*!|>'\"#%@`\n\t ab01.~") + ["\ufeff", "\x85", "\u2028"]), max_size=80
)


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(st.text(max_size=200), YAMLISH), name=st.sampled_from(["x.yaml", "x.json"]))
def test_parse_document_raises_only_input_error(text, name):
    _loads_or_refuses(text, name)


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=30,
)


@settings(max_examples=200, deadline=None)
@given(data=JSONISH)
def test_nested_data_round_trips_or_is_refused(data):
    for text, name in ((json.dumps(data), "x.json"), (yaml.safe_dump(data, allow_unicode=True), "x.yaml")):
        _loads_or_refuses(text, name)


SCRIPT_TEXT = st.text(st.characters(exclude_categories=()), max_size=60)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=SCRIPT_TEXT,
    texts=st.lists(SCRIPT_TEXT, min_size=1, max_size=3),
    caption=SCRIPT_TEXT,
    hashtags=st.lists(SCRIPT_TEXT, max_size=3),
    as_json=st.booleans(),
)
def test_load_script_raises_only_input_error(tmp_path_factory, title, texts, caption, hashtags, as_json):
    data = {
        "id": "p",
        "title": title,
        "language": "en",
        "scenes": [{"text": text} for text in texts],
        "post_caption": caption,
        "hashtags": hashtags,
    }
    folder = tmp_path_factory.mktemp("property", numbered=True)
    if as_json:
        path = _write(folder / "s.json", json.dumps(data))
    else:
        path = _write(folder / "s.yaml", yaml.safe_dump(data, allow_unicode=False))
    try:
        load_script(path)
    except InputError as error:
        assert all(problem.file == str(path) for problem in error.problems)
