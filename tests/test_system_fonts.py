"""A template may use a font installed on the system, by family name (fontconfig's fc-match) or by its
file in the system font folders, read-only; anything else outside the template's folder is refused, and
the error says what is allowed. DejaVu Sans is Debian's fonts-dejavu-core (installed by scripts/run-tests)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import run_cli

from creator_kit.errors import InputError
from creator_kit.inputs.system_fonts import font_for_family
from creator_kit.inputs.template import load_template
from creator_kit.paths import TEMPLATES_DIR

DEJAVU_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
SCRIPT = "id: sf\ntitle: مرحبا Hello\nlanguage: ar\ntemplate: brand/template.yaml\nscenes:\n  - text: أنت لست وحدك, you are not alone\n"


def brand(folder: Path, text_fonts: str, title_fonts: str = "[NotoSansArabic-Bold.ttf, NotoSans-Bold.ttf]") -> Path:
    shutil.copytree(TEMPLATES_DIR / "minimal", folder / "brand")
    template = folder / "brand" / "template.yaml"
    lines = template.read_text("utf-8").splitlines()
    lines = [f"  text: {text_fonts}" if line.startswith("  text: [") else line for line in lines]
    lines = [f"  title: {title_fonts}" if line.startswith("  title: [") else line for line in lines]
    template.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "s.yaml").write_text(SCRIPT, encoding="utf-8")
    return template


def test_a_family_and_a_system_font_file_are_used_and_recorded_as_inputs(tmp_path):
    template = brand(
        tmp_path, "[NotoSansArabic-Regular.ttf, {family: DejaVu Sans}]", f"[NotoSansArabic-Bold.ttf, {DEJAVU_BOLD}]"
    )
    loaded = load_template(template)
    assert loaded.text.fonts[1].name == "DejaVuSans.ttf"
    assert loaded.title.fonts[1] == DEJAVU_BOLD
    assert {loaded.text.fonts[1], DEJAVU_BOLD} <= set(loaded.files)
    result = run_cli("preview", str(tmp_path / "s.yaml"), "-o", str(tmp_path / "sheet.png"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "sheet.png").stat().st_size > 0


def test_a_family_with_a_style_finds_that_file():
    assert font_for_family("DejaVu Sans", "Bold").resolve() == DEJAVU_BOLD.resolve()


@pytest.mark.parametrize(
    "fonts,message",
    [
        ("[{family: No Such Family}]", "no installed font family 'No Such Family' (fc-list : family lists them)"),
        ("[{family: DejaVu Sans, style: Heavy}]", "the family 'DejaVu Sans' has no style 'Heavy' installed"),
        ("[{family: 'DejaVu Sans:style=Bold'}]", "no installed font family 'DejaVu Sans:style=Bold'"),
        (
            "[/usr/share/fonts/missing.ttf]",
            "no .ttf or .otf file '/usr/share/fonts/missing.ttf' in the system font folders",
        ),
        ("[/etc/passwd.ttf]", "or an installed family as {family: NAME}"),
        (
            "[../../../usr/share/fonts/truetype/dejavu/DejaVuSans.ttf]",
            "a .ttf or .otf file in the system font folders (/usr/share/fonts",
        ),
    ],
    ids=["unknown-family", "unknown-style", "pattern-syntax", "missing-system-file", "outside", "relative-escape"],
)
def test_a_refused_system_font_is_one_line_that_says_what_is_allowed(tmp_path, fonts, message):
    template = brand(tmp_path, fonts)
    result = run_cli("preview", str(tmp_path / "s.yaml"), "-o", str(tmp_path / "out" / "sheet.png"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    [line] = result.stderr.splitlines()
    assert line.startswith(f"error: {template}:") and message in line, line
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


def test_a_symlink_in_the_template_folder_to_a_system_font_is_still_refused(tmp_path):
    """Only the template's own files are reached by relative names; a system font is named as one."""
    template = brand(tmp_path, "[linked.ttf]")
    (template.parent / "linked.ttf").symlink_to(DEJAVU_BOLD)
    with pytest.raises(InputError, match="must be a path inside the template's folder"):
        load_template(template)
