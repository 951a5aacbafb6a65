"""Where the shipped fonts and brand templates live: inside the package, so any install renders."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
FONTS_DIR = PACKAGE_DIR / "fonts"
TEMPLATES_DIR = PACKAGE_DIR / "templates"
