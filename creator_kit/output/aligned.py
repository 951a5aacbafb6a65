"""An alignment written out: SRT (a cue per line), WebVTT (a cue per line, each word's start as a
timestamp tag) or JSON (`{"cues": [{"text", "start", "end", "words": [{"text", "start", "end"}]}]}`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal, get_args

from creator_kit.atomic import write_text
from creator_kit.output.captions import timestamp
from creator_kit.speech.align import Alignment

AlignmentFormat = Literal["srt", "vtt", "json"]
FORMATS: tuple[AlignmentFormat, ...] = get_args(AlignmentFormat)


def as_srt(alignment: Alignment) -> str:
    return "\n".join(
        f"{number}\n{timestamp(cue.start, ',')} --> {timestamp(cue.end, ',')}\n{cue.text}\n"
        for number, cue in enumerate(alignment.cues, start=1)
    )


def as_vtt(alignment: Alignment) -> str:
    """A cue per line; every word after the first is preceded by its start (`<00:00:01.200>`)."""
    blocks = ["WEBVTT\n"]
    for cue in alignment.cues:
        words = [cue.words[0].text] + [f"<{timestamp(word.start, '.')}>{word.text}" for word in cue.words[1:]]
        blocks.append(f"{timestamp(cue.start, '.')} --> {timestamp(cue.end, '.')}\n{' '.join(words)}\n")
    return "\n".join(blocks)


def as_json(alignment: Alignment) -> str:
    cues = [
        {
            "text": cue.text,
            "start": cue.start,
            "end": cue.end,
            "words": [{"text": word.text, "start": word.start, "end": word.end} for word in cue.words],
        }
        for cue in alignment.cues
    ]
    return json.dumps({"cues": cues}, ensure_ascii=False, indent=2) + "\n"


def format_named_by(path: Path) -> AlignmentFormat:
    """The format a file's suffix names (`.vtt`, `.json`), else SRT."""
    suffix = path.suffix.lstrip(".").lower()
    return next((known for known in FORMATS if known == suffix), FORMATS[0])


def write_alignment(alignment: Alignment, path: Path, output_format: AlignmentFormat) -> None:
    """Written whole or not at all (atomic.py)."""
    text = {"srt": as_srt, "vtt": as_vtt, "json": as_json}[output_format](alignment)
    write_text(path, text)
