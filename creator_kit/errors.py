"""Error types that carry their exit code; the CLI formats them in one place."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any


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


class UnusableGuidelines(InputError):
    """A rule or lexicon that loaded fine failed on a script (a pattern too slow, a reference to nothing).

    Nothing can be checked with such guidelines, so this stops the whole check like a bad guidelines file.
    """


class TextDoesNotFit(CreatorKitError):
    """Text cannot fit its box even at the minimum font size."""

    exit_code = 2


class UndrawableText(CreatorKitError):
    """Text the shipped fonts cannot draw, or would draw in an order the captions do not have."""

    exit_code = 2


class CaptionDoesNotFit(CreatorKitError):
    """A post caption's hashtags and resources do not fit the platform's limit even without the body."""

    exit_code = 2


class GuidelineFindings(CreatorKitError):
    """Error-level guideline findings stopped a render (exit 1); `findings` holds all of them (the
    guidelines' Finding objects: errors.py imports no stage, so it does not name their type)."""

    exit_code = 1

    def __init__(self, findings: list[Any]):
        self.findings = findings
        errors = sum(1 for f in findings if f.severity == "error")
        super().__init__(
            f"render stopped: {errors} error-level guideline finding{'s' if errors != 1 else ''}; "
            f"fix {'them' if errors != 1 else 'it'} or render with --force"
        )


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


class BatchInterrupted(Interrupted):
    """A stop signal ended the batch; `results` holds what was done and the rest as failed
    (the batch's ItemResult objects, documents/batch_report.py)."""

    def __init__(self, results: list[Any], stopped: Interrupted):
        self.results = results
        super().__init__(stopped.exit_code - 128)
