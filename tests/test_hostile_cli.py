"""Hostile-but-fair input through the real CLI, as a new user pastes or names it.

Each case lays out a few files in a fresh folder and runs one command. Whatever
happens: no traceback, an exit code of 0, 1 or 2 as the case expects, every
error one line naming a file, no secret from a foreign file on any output, no
hang, and nothing left in the output folder when the command fails. Texts that
must render are checked with `preview` (the frames a render would encode) and
`check`, which do not encode; tests/test_interruption.py and test_render.py
encode.
"""

from __future__ import annotations

import json
import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import run_cli

SECRET = "SECRET_TOKEN=hunter2-do-not-print"


def _script(text: str, **extra: str) -> str:
    fields = {"id": "hostile", "title": "Test", "language": "ar", "template": "minimal", **extra}
    head = "".join(f"{key}: {value}\n" for key, value in fields.items())
    return f"{head}scenes:\n  - text: {json.dumps(text, ensure_ascii=False)}\n    duration: 2\n"


def _png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims width x height, with one tiny compressed row: a decompression bomb."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    )


def _template(**override: str) -> str:
    fields = {
        "name": "hostile",
        "fonts": "{text: [NotoSansArabic-Regular.ttf, NotoSans-Regular.ttf]}",
        "background": "{type: solid, color: '#FFFFFF'}",
        "text": "{fill: '#111111'}",
        **override,
    }
    return "".join(f"{key}: {value}\n" for key, value in fields.items())


def _guidelines(when: str) -> str:
    return (
        "extends: default\nrules:\n  team-rule:\n    severity: warning\n    select: scenes\n"
        f"    when: {when}\n    message: 'matched {{text}}'\n"
    )


@dataclass(frozen=True)
class Case:
    name: str
    files: dict[str, str | bytes]
    args: tuple[str, ...]
    exit_codes: tuple[int, ...]
    stderr_has: tuple[str, ...] = ()
    symlinks: dict[str, str] = field(default_factory=dict)


RENDERS = (0,)
REFUSED = (2,)

TEXT_CASES = [
    ("emoji-vs16", "We ❤️ you", RENDERS),
    ("emoji-vs15", "نحن معك ☺︎ دائما", RENDERS),
    ("emoji-flag-zwj", "فخورون 🏳️‍🌈 بكم", RENDERS),
    ("emoji-flags", "من 🇦🇪 إلى 🇲🇦", RENDERS),
    ("emoji-keycap", "الخطوة 1️⃣ ثم #️⃣", RENDERS),
    ("emoji-skin-tone", "أحسنت 👍🏽 👩🏿‍⚕️", RENDERS),
    ("emoji-family", "العائلة 👨‍👩‍👧‍👦 معك", RENDERS),
    ("persian-zwnj", "می‌خواهم با تو حرف بزنم", RENDERS),
    ("zwj-arabic", "كلمة\u200dمتصلة هنا", RENDERS),
    ("isolates-number", "اتصل على \u2066800 4673\u2069 الآن", RENDERS),
    ("isolates-name", "قالت \u2068Sara\u2069 إنها بخير", RENDERS),
    ("first-strong-isolate", "\u2068Hello\u2069 مرحبا", RENDERS),
    ("marks", "السعر 50\u200f% فقط\u200e", RENDERS),
    ("embedding", "نص \u202aEnglish words\u202c هنا", RENDERS),
    ("harakat-tatweel", "الصَّحَّةُ النـــفسية مُهِمَّةٌ", RENDERS),
    ("arabic-indic", "٥٣٪ من الشباب ١٨-٢٤", RENDERS),
    ("line-separator", "سطر أول\u2028سطر ثان", RENDERS),
    ("crlf", "سطر أول\r\nسطر ثان", RENDERS),
    ("tab", "كلمة\tكلمة", RENDERS),
    ("override-in-number", "Call \u202e1234 567\u202c now", REFUSED),
    ("cjk", "我们和你在一起", REFUSED),
    ("hebrew", "אתה לא לבד", REFUSED),
    ("math-letters", "𝐇𝐞𝐥𝐥𝐨 world", REFUSED),
    ("noncharacter", "hello \ufffe world", REFUSED),
    ("noncharacter-fdd0", "hello \ufdd0 world", REFUSED),
    ("bell", "hello \x07 world", REFUSED),
    ("c1-control", "hello \x9b world", REFUSED),
    ("only-invisible", "\u200b\u200c", REFUSED),
]

CASES = [
    Case(
        f"text-{name}-{command}",
        {"s.yaml": _script(text)},
        (command, "s.yaml"),
        codes if command == "preview" else codes + (1,) if codes == RENDERS else codes,
    )
    for name, text, codes in TEXT_CASES
    for command in ("preview", "check")
]

CASES += [
    Case(
        "json-lone-surrogate",
        {"s.json": '{"id": "x", "title": "t", "language": "en", "scenes": [{"text": "a \\ud800 b"}]}'},
        ("check", "s.json"),
        REFUSED,
    ),
    Case(
        "billion-laughs",
        {
            "s.yaml": "a: &a [x,x,x,x,x,x,x,x,x,x]\n"
            + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(9))
        },
        ("check", "s.yaml"),
        REFUSED,
    ),
    Case("deep-nesting-yaml", {"s.yaml": "a: " + "[" * 5000 + "]" * 5000 + "\n"}, ("check", "s.yaml"), REFUSED),
    Case("deep-nesting-json", {"s.json": "[" * 100000 + "]" * 100000}, ("check", "s.json"), REFUSED),
    Case("integer-key", {"s.yaml": _script("hello") + "1: 2\n"}, ("check", "s.yaml"), REFUSED),
    Case("impossible-date", {"s.yaml": _script("hello", title="2025-02-30")}, ("check", "s.yaml"), (0, 1)),
    Case(
        "nan-duration",
        {"s.yaml": _script("hello").replace("duration: 2", "duration: .nan")},
        ("check", "s.yaml"),
        REFUSED,
    ),
    Case(
        "inf-duration",
        {"s.yaml": _script("hello").replace("duration: 2", "duration: .inf")},
        ("check", "s.yaml"),
        REFUSED,
    ),
    Case(
        "huge-duration",
        {"s.yaml": _script("hello").replace("duration: 2", "duration: 1e308")},
        ("check", "s.yaml"),
        REFUSED,
    ),
    Case(
        "bool-duration",
        {"s.yaml": _script("hello").replace("duration: 2", "duration: true")},
        ("check", "s.yaml"),
        REFUSED,
    ),
    Case("duplicate-key", {"s.yaml": _script("hello") + "id: again\n"}, ("check", "s.yaml"), REFUSED, ("duplicate",)),
    Case("bom-yaml", {"s.yaml": "\ufeff" + _script("hello")}, ("check", "s.yaml"), (0, 1)),
    Case(
        "bom-json",
        {"s.json": "\ufeff" + json.dumps({"id": "x", "title": "t", "language": "en", "scenes": [{"text": "hello"}]})},
        ("check", "s.json"),
        (0, 1),
    ),
    Case("huge-text", {"s.yaml": _script("كلمة " * 400_000)}, ("check", "s.yaml"), REFUSED),
    Case("huge-file", {"s.yaml": "# " + "x" * 30_000_000 + "\n" + _script("hello")}, ("check", "s.yaml"), REFUSED),
    Case("id-newline", {"s.yaml": _script("hello", id='"abc\\n"')}, ("check", "s.yaml"), REFUSED),
    Case("id-slash", {"s.yaml": _script("hello", id="../../evil")}, ("check", "s.yaml"), REFUSED),
    Case("python-tag", {"s.yaml": "!!python/object/apply:os.system ['true']\n"}, ("check", "s.yaml"), REFUSED),
    Case("list-document", {"s.yaml": "- a\n- b\n"}, ("check", "s.yaml"), REFUSED),
    Case("scalar-document", {"s.yaml": "just words\n"}, ("check", "s.yaml"), REFUSED),
    Case("empty-file", {"s.yaml": ""}, ("check", "s.yaml"), REFUSED),
    Case("binary-file", {"s.yaml": bytes(range(256)) * 4}, ("check", "s.yaml"), REFUSED),
    Case("latin1-file", {"s.yaml": _script("café").encode("latin-1", "replace")}, ("check", "s.yaml"), REFUSED),
    Case("utf16-file", {"s.yaml": _script("hello").encode("utf-16")}, ("check", "s.yaml"), REFUSED),
    Case("json-trailing-comma", {"s.json": '{"id": "x",}'}, ("check", "s.json"), REFUSED),
    Case(
        "many-scenes",
        {"s.yaml": "id: many\ntitle: t\nlanguage: en\nscenes:\n" + "  - text: hi\n" * 3000},
        ("check", "s.yaml"),
        REFUSED + (0, 1),
    ),
    Case("template-etc-passwd", {"s.yaml": _script("hello", template="/etc/passwd")}, ("check", "s.yaml"), REFUSED),
    Case(
        "template-parent",
        {"s.yaml": _script("hello", template="../t/template.yaml"), "../t/template.yaml": _template()},
        ("check", "s.yaml"),
        REFUSED,
    ),
    Case(
        "template-env-option",
        {"s.yaml": _script("hello"), ".env": SECRET + "\nOTHER=1\n"},
        ("check", "s.yaml", "--template", ".env"),
        REFUSED,
    ),
    Case(
        "template-env-named",
        {"s.yaml": _script("hello", template=".env"), ".env": SECRET + "\n"},
        ("check", "s.yaml", "--format", "sarif"),
        REFUSED,
    ),
    Case("script-is-env", {".env.yaml": SECRET + "\n"}, ("check", ".env.yaml", "--format", "sarif"), REFUSED),
    Case(
        "music-text-file",
        {"s.yaml": _script("hello", music="{file: song.mp3}"), "song.mp3": SECRET},
        ("check", "s.yaml"),
        REFUSED,
    ),
    Case(
        "music-outside",
        {"s.yaml": _script("hello", music="{file: ../../../etc/hostname}")},
        ("check", "s.yaml"),
        REFUSED,
    ),
    Case(
        "music-symlink-out",
        {"s.yaml": _script("hello", music="{file: song.mp3}")},
        ("check", "s.yaml"),
        REFUSED,
        symlinks={"song.mp3": "/etc/hostname"},
    ),
    Case(
        "resources-directory-outside",
        {"s.yaml": _script("hello", resources="{region: AE, directory: /etc/passwd}")},
        ("check", "s.yaml"),
        REFUSED,
    ),
    Case(
        "odd-canvas",
        {
            "s.yaml": _script("hello", template="t/template.yaml"),
            "t/template.yaml": _template(canvas="{width: 1081, height: 1921}"),
        },
        ("check", "s.yaml"),
        REFUSED,
    ),
    Case(
        "logo-text-as-png",
        {
            "s.yaml": _script("hello", template="t/template.yaml"),
            "t/template.yaml": _template(logo="{image: logo.png}"),
            "t/logo.png": SECRET,
        },
        ("check", "s.yaml"),
        REFUSED,
    ),
    Case(
        "logo-truncated-jpeg",
        {
            "s.yaml": _script("hello", template="t/template.yaml"),
            "t/template.yaml": _template(logo="{image: logo.jpg}"),
            "t/logo.jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00",
        },
        ("check", "s.yaml"),
        REFUSED,
    ),
    Case(
        "logo-pixel-bomb",
        {
            "s.yaml": _script("hello", template="t/template.yaml"),
            "t/template.yaml": _template(logo="{image: logo.png}"),
            "t/logo.png": _png_header(30000, 30000),
        },
        ("check", "s.yaml"),
        REFUSED,
    ),
    Case(
        "logo-outside",
        {
            "s.yaml": _script("hello", template="t/template.yaml"),
            "t/template.yaml": _template(logo="{image: ../../../etc/passwd}"),
        },
        ("check", "s.yaml"),
        REFUSED,
    ),
    Case(
        "logo-symlink-out",
        {
            "s.yaml": _script("hello", template="t/template.yaml"),
            "t/template.yaml": _template(logo="{image: logo.png}"),
        },
        ("check", "s.yaml"),
        REFUSED,
        symlinks={"t/logo.png": "/etc/passwd"},
    ),
    Case(
        "font-text-as-ttf",
        {
            "s.yaml": _script("hello", template="t/template.yaml"),
            "t/template.yaml": _template(fonts="{text: [mine.ttf]}"),
            "t/mine.ttf": SECRET,
        },
        ("check", "s.yaml"),
        REFUSED,
    ),
    Case(
        "guidelines-catastrophic-pattern",
        {
            "s.yaml": _script("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"),
            "g.yaml": _guidelines("{properties: {text: {pattern: '^(a+)+$'}}}"),
        },
        ("check", "s.yaml", "--guidelines", "g.yaml"),
        (0, 1, 2),
    ),
    Case(
        "guidelines-ref-file",
        {
            "s.yaml": _script("hello"),
            "secret.json": json.dumps({"x": SECRET}),
            "g.yaml": _guidelines("{$ref: 'file:secret.json'}"),
        },
        ("check", "s.yaml", "--guidelines", "g.yaml"),
        REFUSED,
    ),
    Case(
        "resources-userinfo",
        {
            "s.yaml": _script("hello", resources="{region: AE}"),
            "r.yaml": "entries:\n  - id: evil\n    names: {en: Evil}\n    kind: website\n"
            "    url: 'https://findahelpline.com@evil.example/'\n    regions: [AE]\n"
            "    source: me\n",
        },
        ("check", "s.yaml", "--resources", "r.yaml"),
        REFUSED,
    ),
    Case("check-empty-folder", {"empty/.keep": ""}, ("check", "empty"), REFUSED),
    Case(
        "check-one-bad-among-good",
        {"d/good.yaml": _script("نحن معك"), "d/bad.yaml": "id: [\n"},
        ("check", "d"),
        REFUSED,
        ("d/bad.yaml",),
    ),
    Case(
        "check-directory-as-guidelines",
        {"s.yaml": _script("hello"), "g/.keep": ""},
        ("check", "s.yaml", "--guidelines", "g"),
        REFUSED,
    ),
    Case("render-script-is-folder", {"d/.keep": ""}, ("render", "d", "-o", "out"), REFUSED),
    Case("render-missing", {}, ("render", "nope.yaml", "-o", "out"), REFUSED),
    Case(
        "render-output-is-file",
        {"s.yaml": _script("نحن معك"), "out": "x"},
        ("render", "s.yaml", "-o", "out/x"),
        REFUSED,
        ("cannot write",),
    ),
    Case("render-bad-platform-option", {"s.yaml": _script("hello")}, ("render", "s.yaml", "-p", "vine"), REFUSED),
]


def _lay_out(case: Case, folder: Path) -> Path:
    work = folder / "work" / "here"
    work.mkdir(parents=True)
    for name, content in case.files.items():
        path = work / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", errors="surrogatepass")
    for name, target in case.symlinks.items():
        (work / name).parent.mkdir(parents=True, exist_ok=True)
        (work / name).symlink_to(target)
    return work


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hostile_input_gets_a_clear_answer(case: Case, tmp_path):
    work = _lay_out(case, tmp_path)
    args = list(case.args)
    if case.args[0] == "preview":
        args += ["-o", "out/sheet.png"]
    result = run_cli(*args, cwd=work)
    output = result.stdout + result.stderr
    assert "Traceback" not in output, result.stderr[-3000:]
    assert result.returncode in case.exit_codes, result.stderr[-3000:]
    assert SECRET.split("=")[1] not in output
    for fragment in case.stderr_has:
        assert fragment in result.stderr
    if result.returncode == 2:
        errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
        assert errors, result.stderr
        assert all(len(line) < 400 for line in errors), errors
        out = work / "out"
        assert not out.is_dir() or not any(out.iterdir())
