"""The resource directory as a text table for `creator-kit resources`."""

from __future__ import annotations

from datetime import date

from creator_kit.resources.directory import Directory, Resource

COLUMNS = ("id", "regions", "kind", "phones", "url", "languages", "hours", "verified")


def _verified(entry: Resource, today: date, stale_after: int) -> str:
    if entry.verified_on is None:
        return "NOT VERIFIED"
    days = (today - entry.verified_on).days
    return f"{entry.verified_on.isoformat()}{' (STALE)' if days > stale_after else ''}"


def _row(entry: Resource, today: date, stale_after: int) -> tuple[str, ...]:
    return (
        entry.id,
        ",".join(entry.regions),
        entry.kind,
        " / ".join(entry.phones) or "-",
        entry.url or "-",
        ",".join(entry.languages) or "-",
        entry.hours or "-",
        _verified(entry, today, stale_after),
    )


def table(directory: Directory, today: date) -> str:
    """One line per entry, columns padded; then each entry's names and source, indented."""
    rows = [COLUMNS] + [_row(entry, today, directory.stale_after) for entry in directory.entries]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows]
    if not directory.entries:
        lines.append("(no entries)")
    for entry in directory.entries:
        lines.append(f"{entry.id}: {entry.names['en']} / {entry.names['ar']}; source: {entry.source}")
    return "\n".join(lines) + "\n"
