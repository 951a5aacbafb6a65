"""The reference voice: espeak-ng, run as a separate program (never loaded into this process: the
project stays MIT), writing WAV files that are read back with the standard library."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import numpy as np

from creator_kit.errors import CreatorKitError, InputError
from creator_kit.processes import death_signal_setter

ESPEAK = "espeak-ng"
WORD_BREAK_MS = 400
"""The pause put between words when they are spoken one by one, longer than any pause inside a word."""
_TIMEOUT_SECONDS = 60


class MissingSynthesizer(CreatorKitError):
    """espeak-ng is not installed: alignment cannot run (exit 2, the package named)."""

    exit_code = 2

    def __init__(self) -> None:
        super().__init__(
            "alignment needs espeak-ng, which is not installed: install the Debian package espeak-ng "
            "(sudo apt-get install espeak-ng), or run scripts/creator-kit, which installs it"
        )


@dataclass(frozen=True)
class Speech:
    samples: np.ndarray
    rate: int


def _espeak() -> str:
    found = shutil.which(ESPEAK)
    if found is None:
        raise MissingSynthesizer()
    return found


def _run(arguments: list[str], text: str) -> Speech:
    with tempfile.TemporaryDirectory(prefix="creator-kit-speech-") as folder:
        wav = Path(folder) / "speech.wav"
        result = subprocess.run(
            [_espeak(), *arguments, "--stdin", "-w", str(wav)],
            input=text.encode("utf-8"),
            capture_output=True,
            timeout=_TIMEOUT_SECONDS,
            preexec_fn=death_signal_setter(),
        )
        if result.returncode != 0 or not wav.is_file():
            raise CreatorKitError(f"espeak-ng failed: {result.stderr.decode('utf-8', 'replace').strip()[:200]}")
        with wave.open(str(wav), "rb") as reader:
            rate, width = reader.getframerate(), reader.getsampwidth()
            raw = reader.readframes(reader.getnframes())
    if width != 2:
        raise CreatorKitError(f"espeak-ng wrote {8 * width}-bit samples; 16-bit expected")
    return Speech(np.frombuffer(raw, np.int16).astype(np.float32) / 32768.0, rate)


def voice_for(language: str) -> str:
    """The espeak-ng voice that reads `language` (a tag like ar, ar-SA, en-GB, fr): the tag itself, else
    its primary language; InputError naming --language when espeak-ng has neither."""
    candidates = [language.lower()] + ([language.split("-")[0].lower()] if "-" in language else [])
    for candidate in candidates:
        if candidate.replace("-", "").isalpha() and _speaks(candidate):
            return candidate
    raise InputError.single(
        language, "espeak-ng has no voice for this language (see `espeak-ng --voices`)", field="--language"
    )


def _speaks(voice: str) -> bool:
    result = subprocess.run(
        [_espeak(), "-v", voice, "-q", "a"],
        capture_output=True,
        timeout=_TIMEOUT_SECONDS,
        preexec_fn=death_signal_setter(),
    )
    return result.returncode == 0 and b"does not exist" not in result.stderr


def synthesize(text: str, voice: str) -> Speech:
    """`text` read by the reference voice."""
    return _run(["-v", voice], text)


def synthesize_words(words: list[str], voice: str) -> Speech:
    """`words` read one by one, a WORD_BREAK_MS pause after each: where each word starts is then plain."""
    pause = f'<break time="{WORD_BREAK_MS}ms"/>'
    return _run(["-v", voice, "-m"], "<speak>" + pause.join(escape(word) for word in words) + "</speak>")
