"""`creator-kit align MEDIA TEXT`: a transcript file and a recording -> the aligned cues."""

from __future__ import annotations

from pathlib import Path

from creator_kit.speech.align import Alignment, align
from creator_kit.speech.audio import read_recording
from creator_kit.speech.synthesis import voice_for
from creator_kit.speech.transcript import Line, read_transcript


def guessed_language(lines: tuple[Line, ...]) -> str:
    """ar when the text has more Arabic letters than Latin ones, else en."""
    text = "".join(line.text for line in lines)
    arabic = sum(1 for character in text if "\u0600" <= character <= "\u06ff" or "\u0750" <= character <= "\u077f")
    latin = sum(1 for character in text if character.isascii() and character.isalpha())
    return "ar" if arabic > latin else "en"


def align_lines(media: Path, lines: tuple[Line, ...], language: str, transcript: Path) -> Alignment:
    """`lines` (of `transcript`) aligned to the first sound track of `media`, read in `language`."""
    voice = voice_for(language)
    recording = read_recording(media)
    return align(recording, lines, voice, transcript)


def align_files(media: Path, transcript: Path, language: str | None = None) -> Alignment:
    """The transcript file's lines aligned to `media` (language: given, or guessed from the letters)."""
    lines = read_transcript(transcript)
    return align_lines(media, lines, language or guessed_language(lines), transcript)
