"""The resource directory: load and validate it, merge a team's file, look entries up, find stale ones.

A directory file (schemas/resources.schema.json) lists entries; the shipped
one is data/resources.yaml. Further files are applied in order: merged by id
(a same id replaces the earlier entry) or, with `replace: true`, replacing
everything before them. Lookup by region gives the region's entries followed
by the international ones (regions: [world]), which are all that is given
where the region has none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from importlib import resources as package_files
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from creator_kit.errors import InputError, Problem
from creator_kit.sourcemap import SourceDocument, load_document
from creator_kit.validation import validate

WORLD = "world"
ANY_LANGUAGE = "mul"
DEFAULT_STALE_AFTER = 365


@dataclass(frozen=True)
class Resource:
    """One help resource: a helpline, text line, website or directory of services."""

    id: str
    names: dict[str, str]
    kind: str
    regions: tuple[str, ...]
    source: str
    phones: tuple[str, ...] = ()
    url: str | None = None
    languages: tuple[str, ...] = ()
    hours: str | None = None
    note: str | None = None
    verified_on: date | None = None
    file: str = ""
    line: int | None = None

    def name(self, language: str) -> str:
        """The name in `language`, else in English."""
        return self.names.get(language) or self.names["en"]

    @property
    def short_url(self) -> str | None:
        """The URL as printed on a card: host and path, no scheme, no trailing slash."""
        if not self.url:
            return None
        parts = urlsplit(self.url)
        return (parts.netloc + parts.path).rstrip("/") + (f"?{parts.query}" if parts.query else "")

    def speaks(self, language: str | None) -> bool:
        """Whether the service answers in `language` (undocumented languages match any)."""
        return language is None or not self.languages or language in self.languages \
            or ANY_LANGUAGE in self.languages

    def serves(self, region: str) -> bool:
        """Whether the entry is for `region`; a subdivision (AE-AZ) is also served by its country's entries."""
        return region in self.regions or region.split("-")[0] in self.regions

    def days_since_verified(self, today: date) -> int | None:
        return (today - self.verified_on).days if self.verified_on else None

    def to_dict(self) -> dict[str, Any]:
        """The entry as the directory schema writes it."""
        entry: dict[str, Any] = {"id": self.id, "names": dict(self.names), "kind": self.kind}
        if self.phones:
            entry["phones"] = list(self.phones)
        if self.url:
            entry["url"] = self.url
        entry["regions"] = list(self.regions)
        if self.languages:
            entry["languages"] = list(self.languages)
        if self.hours:
            entry["hours"] = self.hours
        entry["source"] = self.source
        if self.note:
            entry["note"] = self.note
        if self.verified_on:
            entry["verified_on"] = self.verified_on.isoformat()
        else:
            entry["verified"] = False
        return entry


@dataclass(frozen=True)
class Directory:
    entries: tuple[Resource, ...]
    stale_after: int = DEFAULT_STALE_AFTER
    files: tuple[Path, ...] = ()

    def get(self, resource_id: str) -> Resource | None:
        return next((entry for entry in self.entries if entry.id == resource_id), None)

    def to_dict(self) -> dict[str, Any]:
        return {"stale_after": self.stale_after, "entries": [entry.to_dict() for entry in self.entries]}


@dataclass(frozen=True)
class Selection:
    """What a script asks for: a region (and language), explicit entry ids, or both."""

    region: str | None = None
    language: str | None = None
    ids: tuple[str, ...] = ()
    directory: Path | None = None
    file: str = ""
    id_lines: tuple[int | None, ...] = ()


def shipped_directory_path() -> Path:
    return Path(str(package_files.files("creator_kit.data").joinpath("resources.yaml")))


def _dates_as_text(document: SourceDocument) -> None:
    """YAML reads an unquoted 2026-01-31 as a date; the schema (shared with JSON) wants the text."""
    entries = document.data.get("entries") if isinstance(document.data, dict) else None
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("verified_on"), date):
            entry["verified_on"] = entry["verified_on"].isoformat()


def _entry(data: dict[str, Any], document: SourceDocument, index: int) -> Resource:
    verified_on = data.get("verified_on")
    try:
        verified = date.fromisoformat(verified_on) if verified_on else None
    except ValueError:
        raise InputError.single(document.path, f"not a date: {verified_on!r}",
                                line=document.line_of(("entries", index, "verified_on")),
                                field=f"entries[{index}].verified_on") from None
    return Resource(
        id=data["id"], names=dict(data["names"]), kind=data["kind"], regions=tuple(data["regions"]),
        source=data["source"].strip(), phones=tuple(data.get("phones", ())), url=data.get("url"),
        languages=tuple(data.get("languages", ())), hours=data.get("hours"), note=data.get("note"),
        verified_on=verified, file=str(document.path), line=document.line_of(("entries", index)),
    )


def _read(path: Path | str) -> tuple[SourceDocument, list[Resource]]:
    document = load_document(path)
    if isinstance(document.data, dict):
        _dates_as_text(document)
    validate(document, "resources")
    entries = [_entry(item, document, i) for i, item in enumerate(document.data["entries"])]
    problems, seen = [], set()
    for index, entry in enumerate(entries):
        if entry.id in seen:
            problems.append(Problem(str(document.path), entry.line, f"entries[{index}].id",
                                    f"duplicate id {entry.id!r}"))
        seen.add(entry.id)
    if problems:
        raise InputError(problems)
    return document, entries


def apply_file(directory: Directory, path: Path | str) -> Directory:
    """`directory` with the file at `path` merged in by id, or replaced by it (`replace: true`)."""
    document, entries = _read(path)
    stale_after = document.data.get("stale_after", directory.stale_after)
    if document.data.get("replace", False):
        merged = entries
    else:
        by_id = {entry.id: entry for entry in directory.entries}
        by_id.update({entry.id: entry for entry in entries})
        merged = list(by_id.values())
    return Directory(tuple(merged), stale_after, directory.files + (document.path,))


def load_directory(extra_files: tuple[Path, ...] = ()) -> Directory:
    """The shipped directory with `extra_files` applied in order."""
    directory = Directory(())
    for path in (shipped_directory_path(), *extra_files):
        directory = apply_file(directory, path)
    return directory


def lookup(directory: Directory, region: str | None = None, language: str | None = None) -> list[Resource]:
    """Entries for `region` that answer in `language`, then the international ones; without a region,
    every entry in `language`."""
    speaking = [entry for entry in directory.entries if entry.speaks(language)]
    if region is None:
        return speaking
    regional = [entry for entry in speaking if WORLD not in entry.regions and entry.serves(region)]
    return regional + [entry for entry in speaking if WORLD in entry.regions]


def stale(directory: Directory, today: date, days: int | None = None) -> list[Resource]:
    """Entries due for re-verification: never verified, or verified more than `days` ago."""
    limit = directory.stale_after if days is None else days
    return [entry for entry in directory.entries
            if entry.verified_on is None or entry.days_since_verified(today) > limit]


def select(directory: Directory, selection: Selection) -> list[Resource]:
    """The entries a script's selection names: its ids (each must exist), then its region's lookup."""
    chosen: list[Resource] = []
    problems = []
    for index, resource_id in enumerate(selection.ids):
        entry = directory.get(resource_id)
        if entry is None:
            known = ", ".join(e.id for e in directory.entries)
            line = selection.id_lines[index] if index < len(selection.id_lines) else None
            problems.append(Problem(selection.file, line, "resources",
                                    f"unknown resource id {resource_id!r} (known: {known})"))
        else:
            chosen.append(entry)
    if problems:
        raise InputError(problems)
    if selection.region:
        chosen += lookup(directory, selection.region, selection.language)
    return list({entry.id: entry for entry in chosen}.values())
