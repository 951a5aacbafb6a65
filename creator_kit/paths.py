"""Where the shipped fonts and brand templates live (inside the package, so any install renders), and the
ffmpeg binary imageio-ffmpeg ships."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
FONTS_DIR = PACKAGE_DIR / "fonts"
TEMPLATES_DIR = PACKAGE_DIR / "templates"


def ffmpeg_executable() -> str:
    """The ffmpeg every probe, decode and encode runs: the one imageio-ffmpeg ships (imported here, when
    first needed, so commands that run no ffmpeg never load it)."""
    import imageio_ffmpeg

    return str(imageio_ffmpeg.get_ffmpeg_exe())  # the library is untyped; it returns the binary's path
