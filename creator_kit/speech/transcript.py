"""A transcript: one caption cue per non-empty line of a UTF-8 text file, in the order spoken."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from creator_kit.errors import InputError

MAX_CUES = 500
"""More lines than a clip's captions hold; a longer text is refused in one line."""
MAX_TRANSCRIPT_BYTES = 1_000_000


@dataclass(frozen=True)
class Line:
    """A cue's text and the line of the file it was written on (from 1)."""

    text: str
    number: int

    @property
    def words(self) -> list[str]:
        return self.text.split()


def is_spoken(token: str) -> bool:
    """Whether a synthesizer says something for `token`: it holds a letter or a digit."""
    return any(unicodedata.category(character)[0] in "LN" for character in token)


def read_transcript(path: Path) -> tuple[Line, ...]:
    """The cues of a transcript file; InputError (one line) when it is not a usable one."""
    try:
        if path.stat().st_size > MAX_TRANSCRIPT_BYTES:
            raise InputError.single(path, "larger than 1 MB; not a transcript")
        data = path.read_bytes()
    except IsADirectoryError:
        raise InputError.single(path, "is a folder, not a text file") from None
    except OSError as error:
        raise InputError.single(path, f"cannot be read ({error.strerror})") from None
    return parse_transcript(data, path)


def parse_transcript(data: bytes, path: Path) -> tuple[Line, ...]:
    """Lines of UTF-8 text (a byte order mark allowed), blank ones skipped; refused whole when binary."""
    if b"\x00" in data:
        raise InputError.single(path, "a binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError.single(path, f"not UTF-8 text (byte {error.start})") from None
    lines = [Line(" ".join(raw.split()), number) for number, raw in enumerate(text.splitlines(), start=1)]
    cues = tuple(line for line in lines if line.text)
    if not cues:
        raise InputError.single(path, "no text: write one caption per line, in the order spoken")
    if len(cues) > MAX_CUES:
        raise InputError.single(path, f"{len(cues)} lines; a transcript has at most {MAX_CUES}")
    for cue in cues:
        if not any(is_spoken(word) for word in cue.words):
            raise InputError.single(path, "nothing in this line is spoken (no letter or digit)", line=cue.number)
    return cues
