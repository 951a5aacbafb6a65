"""Error types that carry their exit code; the CLI formats them in one place."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, pointing at the line that holds it."""

    file: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        location = self.file if self.line is None else f"{self.file}:{self.line}"
        if self.field:
            return f"{location}: {self.field}: {self.message}"
        return f"{location}: {self.message}"


class CreatorKitError(Exception):
    """Base error: `lines()` is what the user sees, `exit_code` what the shell sees."""

    exit_code = 1

    def lines(self) -> list[str]:
        return [str(self)]


class InputError(CreatorKitError):
    """Unusable input (invalid script, template, missing file): exit code 2."""

    exit_code = 2

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    @classmethod
    def single(cls, file: str | Path, message: str, line: int | None = None, field: str | None = None) -> InputError:
        return cls([Problem(str(file), line, field, message)])

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]


class TextDoesNotFit(CreatorKitError):
    """Text cannot fit its box even at the minimum font size."""

    exit_code = 2


class UndrawableText(CreatorKitError):
    """Text the shipped fonts cannot draw, or would draw in an order the captions do not have."""

    exit_code = 2


class CaptionDoesNotFit(CreatorKitError):
    """A post caption's hashtags and resources do not fit the platform's limit even without the body."""

    exit_code = 2


class RenderError(CreatorKitError):
    """The encoder failed for a reason that is not the user's input."""

    exit_code = 1


class Interrupted(BaseException):
    """A stop signal arrived (SIGINT, SIGTERM, SIGHUP).

    A BaseException, like KeyboardInterrupt, so that it unwinds through every
    `finally` (temporary files removed, the encoder killed) and no
    `except Exception` swallows it. Exit code 128 + the signal's number.
    """

    def __init__(self, signal_number: int):
        import signal

        self.exit_code = 128 + signal_number
        self.signal_name = signal.Signals(signal_number).name
        super().__init__(f"interrupted by {self.signal_name}")
