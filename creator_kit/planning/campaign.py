"""Load a campaign (YAML/JSON matrix or CSV rows) into the scripts and choices `batch` expands and `check` checks.

Both forms name script files relative to the campaign file; a path or glob
that leads out of its folder (absolute, `..`, a symlink pointing elsewhere)
is refused with the line that wrote it. Templates are shipped names or
template paths relative to the campaign file.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from creator_kit.errors import InputError, Problem
from creator_kit.inputs.limits import CAMPAIGN_CELL_CHARACTERS, too_long
from creator_kit.inputs.sourcemap import MAX_DOCUMENT_BYTES, SourceDocument, excerpt, load_document, path_inside
from creator_kit.inputs.validation import validate
from creator_kit.paths import TEMPLATES_DIR
from creator_kit.planning.platforms import PLATFORM_NAMES

CSV_COLUMNS = ("script", "template", "platform", "language")
MATRIX_SUFFIXES = (".yaml", ".yml", ".json")
_LANGUAGE = re.compile(r"[a-z]{2,3}")
_GLOB_CHARACTERS = re.compile(r"[*?\[]")
NOT_SCRIPTS = ("batch-report.json", "template.yaml", "template.yml")


@dataclass(frozen=True)
class Row:
    """One script and the choices that apply to it; None means the script's own."""

    script: Path
    line: int | None
    templates: tuple[str, ...] | None = None
    platforms: tuple[str, ...] | None = None
    languages: tuple[str, ...] | None = None
    exact_languages: bool = False
    """A CSV row asks for its language exactly; a matrix's languages apply where a script is written in them."""


@dataclass(frozen=True)
class Campaign:
    path: Path
    rows: tuple[Row, ...]


def _template_choice(folder: Path, value: str) -> str | None:
    """A shipped template name as it is, or a template inside the campaign's folder (its template.yaml
    or its folder) as an absolute path; None when it is neither."""
    if (TEMPLATES_DIR / value / "template.yaml").is_file():
        return value
    inside = path_inside(folder, value)
    if inside is not None and inside.is_dir():
        inside = path_inside(folder, str(Path(value) / "template.yaml"))
    return str(inside.resolve()) if inside is not None and inside.is_file() else None


def _never_a_script(path: Path, campaign: Path) -> bool:
    """Files a glob skips: the campaign itself, rendered manifests, batch reports and templates."""
    return path.resolve() == campaign.resolve() or path.name.endswith(".manifest.json") or path.name in NOT_SCRIPTS


def _scripts_matching(folder: Path, pattern: str, campaign: Path) -> list[Path] | None:
    """Files the pattern names inside `folder` (sorted), or None when the pattern leads out of it.
    A glob skips what cannot be a script (see _never_a_script); a path names exactly its file."""
    if Path(pattern).is_absolute() or ".." in Path(pattern).parts:
        return None
    if not _GLOB_CHARACTERS.search(pattern):
        inside = path_inside(folder, pattern)
        return None if inside is None else [inside] if inside.is_file() else []
    matches = sorted(path for path in folder.glob(pattern) if path.is_file() and not _never_a_script(path, campaign))
    if any(path_inside(folder, str(path.relative_to(folder))) is None for path in matches):
        return None
    return matches


def _matrix(document: SourceDocument) -> Campaign:
    validate(document, "campaign")
    data, folder, path = document.data, document.path.parent, str(document.path)
    problems: list[Problem] = []
    templates = None
    if "templates" in data:
        templates = tuple(_template_choice(folder, name) for name in data["templates"])
        for index, (name, choice) in enumerate(zip(data["templates"], templates)):
            if choice is None:
                problems.append(
                    Problem(
                        path,
                        document.line_of(("templates", index)),
                        f"templates[{index}]",
                        f"{excerpt(name)} is neither a shipped template nor a template inside the campaign's folder",
                    )
                )
    rows: list[Row] = []
    for index, pattern in enumerate(data["scripts"]):
        line = document.line_of(("scripts", index))
        matches = _scripts_matching(folder, pattern, document.path)
        if matches is None:
            problems.append(
                Problem(path, line, f"scripts[{index}]", f"{excerpt(pattern)} leads outside the campaign's folder")
            )
        elif not matches:
            problems.append(Problem(path, line, f"scripts[{index}]", f"{excerpt(pattern)}: no such file"))
        rows += [
            Row(
                script,
                line,
                None if templates is None else tuple(choice for choice in templates if choice is not None),
                tuple(data["platforms"]) if "platforms" in data else None,
                tuple(data["languages"]) if "languages" in data else None,
            )
            for script in matches or []
        ]
    if problems:
        raise InputError(sorted(problems, key=lambda problem: problem.line or 0))
    return Campaign(document.path, tuple(_unique(rows)))


def _unique(rows: list[Row]) -> list[Row]:
    """Each script once, at its first mention (a glob and a path may name the same file)."""
    seen: set[Path] = set()
    kept = []
    for row in rows:
        if row.script.resolve() not in seen:
            seen.add(row.script.resolve())
            kept.append(row)
    return kept


def _read_csv_text(path: Path) -> str:
    try:
        if path.stat().st_size > MAX_DOCUMENT_BYTES:
            raise InputError.single(
                path, f"larger than {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB; a campaign is a short list of rows"
            )
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError.single(path, f"not UTF-8 text (byte {error.start}); save the sheet as CSV UTF-8") from None
    except FileNotFoundError:
        raise InputError.single(path, "file not found") from None
    except OSError as error:
        raise InputError.single(path, f"cannot read: {error.strerror or error}") from None


def _csv_row(folder: Path, path: Path, number: int, cells: dict[str, str]) -> tuple[Row | None, list[Problem]]:
    problems = []

    def problem(column: str, message: str) -> None:
        problems.append(Problem(str(path), number, column, message))

    long_cells = [
        (column, reason) for column, cell in cells.items() if (reason := too_long(cell, CAMPAIGN_CELL_CHARACTERS))
    ]
    if long_cells:
        return None, [Problem(str(path), number, column, reason) for column, reason in long_cells]
    script, template = cells.get("script", ""), cells.get("template", "")
    platform, language = cells.get("platform", ""), cells.get("language", "")
    script_path = path_inside(folder, script) if script else None
    if not script:
        problem("script", "empty; every row names a script file")
    elif script_path is None:
        problem("script", f"{excerpt(script)} leads outside the campaign's folder")
    elif not script_path.is_file():
        problem("script", f"file not found: {excerpt(script)}")
    template_choice = _template_choice(folder, template) if template else None
    if template and template_choice is None:
        problem(
            "template", f"{excerpt(template)} is neither a shipped template nor a template inside the campaign's folder"
        )
    if platform and platform not in PLATFORM_NAMES:
        problem("platform", f"must be one of {', '.join(PLATFORM_NAMES)}; got {excerpt(platform)}")
    if language and not _LANGUAGE.fullmatch(language):
        problem("language", f"must be a language code such as ar or en; got {excerpt(language)}")
    if problems or script_path is None:
        return None, problems
    return Row(
        script_path,
        number,
        (template_choice,) if template_choice else None,
        (platform,) if platform else None,
        (language,) if language else None,
        exact_languages=True,
    ), []


def _sheet(path: Path) -> Campaign:
    text = _read_csv_text(path)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [cell.strip().lower() for cell in next(reader, [])]
        if "script" not in header:
            raise InputError.single(
                path, f"the first row must name the columns ({', '.join(CSV_COLUMNS)}); 'script' is required", line=1
            )
        unknown = [cell for cell in header if cell not in CSV_COLUMNS]
        if unknown:
            raise InputError.single(
                path, f"unknown column {excerpt(unknown[0])} (columns: {', '.join(CSV_COLUMNS)})", line=1
            )
        rows, problems = [], []
        for cells in reader:
            number = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) > len(header):
                problems.append(
                    Problem(str(path), number, None, f"{len(cells)} cells in a row under {len(header)} columns")
                )
                continue
            row, row_problems = _csv_row(
                path.parent, path, number, {name: cell.strip() for name, cell in zip(header, cells)}
            )
            problems += row_problems
            rows += [row] if row else []
    except csv.Error as error:
        raise InputError.single(path, f"not a readable CSV file: {error}", line=reader.line_num) from None
    if problems:
        raise InputError(problems)
    if not rows:
        raise InputError.single(path, "no rows under the header: nothing to produce")
    return Campaign(path, tuple(rows))


def is_campaign_file(path: Path) -> bool:
    """A CSV, or a YAML/JSON mapping that names `scripts` and has no `scenes`. A file that cannot be read is
    none: it is reported when it is read as a script."""
    if path.suffix.lower() == ".csv":
        return True
    if path.suffix.lower() not in MATRIX_SUFFIXES or path.name.endswith(".manifest.json"):
        return False
    try:
        data = load_document(path).data
    except InputError:
        return False
    return isinstance(data, dict) and "scripts" in data and "scenes" not in data


def load_campaign(path: Path | str) -> Campaign:
    """Read a campaign file: CSV by its suffix, else YAML or JSON (`creator-kit schema campaign`)."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        return _sheet(path)
    return _matrix(load_document(path))
