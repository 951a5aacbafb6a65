"""Fonts installed on the machine that a template may name: a file inside the system font folders, or a
family found by fontconfig's `fc-match`. They are only read, never written, and nothing outside those
folders is accepted, whatever fontconfig or a symlink says."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

SYSTEM_FONT_FOLDERS = (
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
    Path.home() / ".local" / "share" / "fonts",
    Path.home() / ".fonts",
)
FONT_SUFFIXES = (".ttf", ".otf")
FC_MATCH_SECONDS = 10
# fontconfig reads `-`, `:`, `,`, `=` and `\` as pattern syntax (size, properties, lists): escaped, a
# family name can only name a family.
_PATTERN_SYNTAX = re.compile(r"([-:,=\\])")


class SystemFontRefused(ValueError):
    """A system font that cannot be used; the message says why, for the template's error line."""


def folders_described() -> str:
    return ", ".join(str(folder) for folder in SYSTEM_FONT_FOLDERS)


def inside_system_folders(path: Path) -> Path | None:
    """`path` if, symlinks followed, it is a font file inside one of the system font folders."""
    try:
        resolved = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    inside = any(resolved.is_relative_to(folder.resolve()) for folder in SYSTEM_FONT_FOLDERS)
    return path if inside and resolved.is_file() and resolved.suffix.lower() in FONT_SUFFIXES else None


def _escaped(name: str) -> str:
    return _PATTERN_SYNTAX.sub(r"\\\1", name)


def font_for_family(family: str, style: str | None = None) -> Path:
    """The file fontconfig draws `family` (in `style`, e.g. Bold) with; SystemFontRefused when fontconfig
    is missing, knows no such family (fc-match would answer with a default font instead), or names a file
    outside the system font folders."""
    command = shutil.which("fc-match")
    if command is None:
        raise SystemFontRefused("fc-match (fontconfig) is not installed: name the font file instead")
    pattern = _escaped(family) + (f":style={_escaped(style)}" if style else "")
    try:
        answer = subprocess.run(
            [command, "--format=%{family}\n%{style}\n%{file}\n", pattern],
            capture_output=True,
            text=True,
            timeout=FC_MATCH_SECONDS,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        raise SystemFontRefused(f"fc-match could not look up the family {family!r}") from None
    families, styles, file = (answer.splitlines() + ["", "", ""])[:3]
    if family.casefold() not in {name.strip().casefold() for name in families.split(",")}:
        raise SystemFontRefused(f"no installed font family {family!r} (fc-list : family lists them)")
    if style and style.casefold() not in {name.strip().casefold() for name in styles.split(",")}:
        raise SystemFontRefused(f"the family {family!r} has no style {style!r} installed")
    found = inside_system_folders(Path(file))
    if found is None:
        raise SystemFontRefused(
            f"fc-match found {family!r} in {file!r}, which is not a .ttf or .otf file in the system font folders"
            f" ({folders_described()})"
        )
    return found
