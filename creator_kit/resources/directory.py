"""The resource directory: load and validate it, merge a team's file, look entries up, find stale ones.

A directory file (schemas/resources.schema.json) lists entries; the shipped
one is data/resources.yaml. Further files are applied in order: merged by id
(a same id replaces the earlier entry) or, with `replace: true`, replacing
everything before them. Lookup by region gives the region's entries followed
by the international ones (regions: [world]), which are all that is given
where the region has none.

What an entry shows on the end card, in the post caption and in the QR code
(names, phones, URL) is checked when the file is loaded, one
`file:line: entries[i].field: message` per problem (see `safe_url`), and a
`verified_on` that is no calendar date (2025-02-30) is reported at its line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from importlib import resources as package_files
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlsplit, urlunsplit

from creator_kit.errors import InputError, Problem
from creator_kit.inputs.sourcemap import SourceDocument, format_path, load_document
from creator_kit.inputs.validation import validate

if TYPE_CHECKING:
    from creator_kit.inputs.script import Selection

WORLD = "world"
ANY_LANGUAGE = "mul"
DEFAULT_STALE_AFTER = 365

BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Marks, embeddings, overrides and isolates: they reorder what is shown (U+202E turns moc.live into evil.com)."""
_LINE_BREAKING = ("Cc", "Zl", "Zp")
_INVISIBLE = ("Cc", "Cf", "Zl", "Zp", "Zs", "Co", "Cs", "Cn")
_URL_PUNCTUATION = frozenset("\"'<>`\\{}|^")
"""Quotes and brackets end a link in text and markup; a backslash is read as '/' by browsers."""
_IDNA_DEVIATIONS = frozenset("ßς")
"""Letters IDNA 2003 (Python's codec) maps away and IDNA 2008 (browsers) keeps: the two lead to different hosts."""
_HOST_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")


ResourceKind = Literal["helpline", "text line", "website", "directory"]


@dataclass(frozen=True)
class Resource:
    """One help resource: a helpline, text line, website or directory of services."""

    id: str
    names: dict[str, str]
    kind: ResourceKind
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
        return language is None or not self.languages or language in self.languages or ANY_LANGUAGE in self.languages

    def serves(self, region: str) -> bool:
        """Whether the entry is for `region`; a subdivision (AE-AZ) is also served by its country's entries."""
        return region in self.regions or region.split("-")[0] in self.regions

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


def shipped_directory_path() -> Path:
    return Path(str(package_files.files("creator_kit.data").joinpath("resources.yaml")))


def describe_character(char: str) -> str:
    """`U+202E RIGHT-TO-LEFT OVERRIDE`: a character the user cannot see, named so it can be found."""
    kind = "control character" if unicodedata.category(char) == "Cc" else "character without a name"
    return f"U+{ord(char):04X} {unicodedata.name(char, kind)}"


def _first_bad(text: str, categories: tuple[str, ...], also: frozenset[str]) -> str | None:
    return next((c for c in text if c in also or unicodedata.category(c) in categories), None)


def shown_text_problem(text: str) -> str | None:
    """Why a name or phone cannot be shown on the card: a control, line-breaking or bidi character."""
    bad = _first_bad(text, _LINE_BREAKING, BIDI_CONTROLS)
    return f"must not contain {describe_character(bad)}" if bad else None


def _ascii_host(host: str) -> str:
    """`host` in ASCII, an internationalized name converted to punycode (xn--); ValueError when it is no
    domain name."""
    deviation = next((c for c in host if c in _IDNA_DEVIATIONS), None)
    if deviation:
        raise ValueError(
            f"host {host!r} contains {describe_character(deviation)}, which browsers and Python's "
            f"IDNA codec read differently; write the host in its xn-- form"
        )
    try:
        ascii_host = host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise ValueError(f"host {host!r} is not a valid domain name") from None
    labels = ascii_host.rstrip(".").split(".")
    if len(labels) < 2 or len(ascii_host) > 253 or not all(_HOST_LABEL.fullmatch(label) for label in labels):
        raise ValueError(f"host {host!r} is not a domain name (letters, digits and hyphens, with a dot)")
    return ascii_host


def safe_url(url: str) -> str:
    """The URL as the card, the post caption and the QR code carry it; ValueError saying what is wrong.

    Refused: any scheme but https; user information (`https://user:secret@host`, which the card would
    show, and `https://findahelpline.com@evil.example/`, which leads to evil.example); whitespace,
    control, format and bidi characters (invisible, or reordering what is shown); quotes, angle
    brackets, backslashes and other characters that end or bend a link in text. A host that is not
    ASCII is converted to punycode (`https://münchen.de` -> `https://xn--mnchen-3ya.de`) with Python's
    IDNA codec, so that a look-alike letter shows as the xn-- name a browser would go to; the two
    letters on which IDNA 2003 and IDNA 2008 disagree (ß, ς) are refused instead.
    """
    bad = _first_bad(url, _INVISIBLE, _URL_PUNCTUATION)
    if bad:
        raise ValueError(f"must not contain {describe_character(bad)}")
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.netloc:
        raise ValueError("must be an https:// URL")
    if "@" in parts.netloc:
        raise ValueError(
            "must not contain a user name or password (the part before '@' in the host); "
            "https://findahelpline.com@evil.example/ leads to evil.example"
        )
    try:
        port = parts.port
    except ValueError:
        raise ValueError("has a port that is not a number from 0 to 65535") from None
    host = _ascii_host(parts.hostname or "")
    netloc = host if port is None else f"{host}:{port}"
    return urlunsplit(("https", netloc, parts.path, parts.query, parts.fragment))


def _verified_on(value: str) -> date:
    """The YYYY-MM-DD text of `verified_on` (the loader keeps YAML dates as text) as a date."""
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise ValueError(f"{value!r} is not a calendar date ({error})") from None


def _shown_fields(data: dict[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
    """(key inside the entry, text) of everything the card and caption show: names and phones."""
    return [(("names", language), name) for language, name in data["names"].items()] + [
        (("phones", i), phone) for i, phone in enumerate(data.get("phones", ()))
    ]


def _checked_values(data: dict[str, Any], document: SourceDocument, index: int) -> tuple[dict[str, Any], list[Problem]]:
    """The entry's checked values (url made safe, verified_on a date) and a Problem per refused one."""
    checked: dict[str, Any] = {"url": None, "verified_on": None}
    failures: list[tuple[tuple[str | int, ...], str]] = []
    for key, text in _shown_fields(data):
        message = shown_text_problem(text)
        failures += [(key, message)] if message else []
    for field, check in (("url", safe_url), ("verified_on", _verified_on)):
        try:
            checked[field] = check(data[field]) if data.get(field) is not None else None
        except ValueError as error:
            failures.append(((field,), str(error)))
    problems = [
        Problem(
            str(document.path),
            document.line_of(("entries", index) + key),
            format_path(("entries", index) + key),
            message,
        )
        for key, message in failures
    ]
    return checked, problems


def _entry(data: dict[str, Any], checked: dict[str, Any], document: SourceDocument, index: int) -> Resource:
    return Resource(
        id=data["id"],
        names=dict(data["names"]),
        kind=data["kind"],
        regions=tuple(data["regions"]),
        source=data["source"].strip(),
        phones=tuple(data.get("phones", ())),
        url=checked["url"],
        languages=tuple(data.get("languages", ())),
        hours=data.get("hours"),
        note=data.get("note"),
        verified_on=checked["verified_on"],
        file=str(document.path),
        line=document.line_of(("entries", index)),
    )


def _read(path: Path | str) -> tuple[SourceDocument, list[Resource]]:
    document = load_document(path)
    validate(document, "resources")
    entries, problems = [], []
    for index, item in enumerate(document.data["entries"]):
        checked, refused = _checked_values(item, document, index)
        problems += refused
        entries.append(_entry(item, checked, document, index))
    seen = set()
    for index, entry in enumerate(entries):
        if entry.id in seen:
            problems.append(
                Problem(str(document.path), entry.line, f"entries[{index}].id", f"duplicate id {entry.id!r}")
            )
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
    return [
        entry for entry in directory.entries if entry.verified_on is None or (today - entry.verified_on).days > limit
    ]


def select(directory: Directory, selection: Selection) -> list[Resource]:
    """The entries a script's selection names: its ids (each must exist), then its region's lookup."""
    chosen: list[Resource] = []
    problems = []
    for index, resource_id in enumerate(selection.ids):
        entry = directory.get(resource_id)
        if entry is None:
            known = ", ".join(e.id for e in directory.entries)
            line = selection.id_lines[index] if index < len(selection.id_lines) else None
            problems.append(
                Problem(selection.file, line, "resources", f"unknown resource id {resource_id!r} (known: {known})")
            )
        else:
            chosen.append(entry)
    if problems:
        raise InputError(problems)
    if selection.region:
        chosen += lookup(directory, selection.region, selection.language)
    return list({entry.id: entry for entry in chosen}.values())
