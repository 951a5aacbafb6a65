"""Write files under a temporary name and rename when complete, so no half-written file is left.

Temporary names carry the writer's process id (`.<name>.partial-<pid><suffix>`):
a later run sweeps those whose process no longer exists (killed with -9, or
a machine that lost power), and leaves alone those of a run still going.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from pathlib import Path

from creator_kit.errors import InputError

_TEMPORARY_NAME = re.compile(r"^\..+\.partial-(\d+)(\.[^.]*)?$")


def temporary_sibling(path: Path) -> Path:
    """A hidden name beside `path` that keeps its suffix (ffmpeg picks the format by it)."""
    return path.with_name(f".{path.stem}.partial-{os.getpid()}{path.suffix}")


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path to write; rename it to `path` only if the block succeeds.

    A folder where the file should go is refused before anything is written (a rename onto it would fail
    only after all the work)."""
    if path.is_dir():
        raise InputError.single(path, "is a folder; name the file to write (for instance a .png or .html inside it)")
    temporary = temporary_sibling(path)
    try:
        yield temporary
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def write_text(path: Path, text: str) -> None:
    write_texts({path: text})


def write_texts(texts: Mapping[Path, str]) -> None:
    """Write the files of one change: every one is complete under its temporary name before any takes its
    place (in the order given), so an error while writing leaves them all as they were."""
    with ExitStack() as renamed_on_success:  # unwinds last in, first renamed
        for path, text in reversed(list(texts.items())):
            renamed_on_success.enter_context(atomic_path(path)).write_text(text, encoding="utf-8")


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep_abandoned(folder: Path) -> list[Path]:
    """Remove the temporary files (and folders, see atomic_folder) in `folder` whose writing process no
    longer exists; return them."""
    removed = []
    for entry in folder.iterdir():
        match = _TEMPORARY_NAME.match(entry.name)
        if match and int(match.group(1)) != os.getpid() and not _process_exists(int(match.group(1))):
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)
            removed.append(entry)
    return removed


@contextmanager
def atomic_folder(path: Path) -> Iterator[Path]:
    """Yield a new, empty temporary folder beside `path` to fill; when the block succeeds it takes the
    place of `path` (a folder already there is moved aside first, then removed). On failure, or a stop
    signal, the temporary folder is removed and `path` is left as it was."""
    prepare_output_folder(path.parent)
    temporary = path.with_name(f".{path.name}.partial-{os.getpid()}")
    aside = path.with_name(f".{path.name}.partial-{os.getpid()}.old")
    shutil.rmtree(temporary, ignore_errors=True)
    temporary.mkdir()
    try:
        yield temporary
        moved_aside = path.exists()
        if moved_aside:
            os.replace(path, aside)
        try:
            os.replace(temporary, path)
        except BaseException:
            if moved_aside:
                os.replace(aside, path)
            raise
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
        shutil.rmtree(aside, ignore_errors=True)


def prepare_output_folder(folder: Path) -> None:
    """Create `folder` if needed, prove it takes files, and sweep what killed runs left in it."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
        sweep_abandoned(folder)
    except OSError as error:
        raise InputError.single(folder, f"cannot write: {error.strerror or error}") from None


OUTPUT_RECORDS = {"batch-report.json": "batch output", "publish-summary.json": "publish folder"}
"""The files that mark a folder as one this tool wrote (and keeps a record in)."""


def earlier_output(folder: Path) -> tuple[Path, str] | None:
    """The nearest folder at or above `folder` that holds an output record, and what it is; None without."""
    for candidate in (folder, *folder.parents):
        for name, kind in OUTPUT_RECORDS.items():
            if (candidate / name).is_file():
                return candidate, kind
    return None


def refuse_overlap(target: Path, inputs: dict[str, Path], own_kind: str | None, option: str = "-o") -> None:
    """An output folder must be a folder of its own: InputError, in one line, when `target` contains or is
    one of the `inputs` folders (by what they are, e.g. "campaign folder"), contains or lies inside one of
    them that is itself an output, or lies inside an earlier output of any kind (or is one of another kind
    than `own_kind`, the record this command keeps in it). Symlinks are followed."""
    resolved = target.resolve()
    for role, folder in inputs.items():
        folder = folder.resolve()
        if folder == resolved or folder.is_relative_to(resolved):
            raise InputError.single(target, f"contains the {role} {folder}; name a folder of its own", field=option)
        if resolved.is_relative_to(folder) and earlier_output(folder) is not None:
            raise InputError.single(target, f"is inside the {role} {folder}; name a folder of its own", field=option)
    found = earlier_output(resolved)
    if found is None:
        return
    folder, kind = found
    if folder != resolved:
        raise InputError.single(
            target, f"is inside the earlier {kind} {folder}; name a folder of its own", field=option
        )
    if kind != own_kind:
        raise InputError.single(target, f"is an earlier {kind}; name a folder of its own", field=option)
