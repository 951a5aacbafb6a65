"""Validate loaded documents against the shipped JSON Schemas, one Problem per error."""

from __future__ import annotations

import difflib
import json
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

import jsonschema

from creator_kit.errors import InputError, Problem
from creator_kit.inputs.sourcemap import PathKey, SourceDocument, excerpt, format_path

SCHEMA_NAMES = (
    "script",
    "template",
    "campaign",
    "batch-report",
    "decisions",
    "review-decisions",
    "publish-summary",
    "manifest",
    "resources",
    "guidelines",
    "facts",
    "lexicon",
    "check-report",
)


@cache
def load_schema(name: str) -> dict[str, Any]:
    text = resources.files("creator_kit.schemas").joinpath(f"{name}.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


# Schemas write `(?!\n)$` because Python's `$` also matches before a final newline.
_NO_FINAL_NEWLINE = "(?!\\n)"
_X_EXPECTED_KINDS = ("anyOf", "oneOf", "not", "pattern", "multipleOf")
_BOUNDS = {
    "exclusiveMinimum": "must be > {}",
    "minimum": "must be >= {}",
    "maximum": "must be <= {}",
    "exclusiveMaximum": "must be < {}",
    "maxLength": "must be at most {} characters",
    "maxItems": "must have at most {} items",
    "multipleOf": "must be a multiple of {}",
}


# Only `date` is enforced: a pattern lets 2025-02-30 through, jsonschema's checker asks the calendar.
_CHECKED_FORMATS = jsonschema.FormatChecker(formats=["date"])


def calendar_date_problem(text: str) -> str | None:
    """Why a YYYY-MM-DD text names no day, in the standard library's words (day is out of range for month)."""
    try:
        date.fromisoformat(text)
    except ValueError as error:
        return str(error)
    return None


def _describe(error: jsonschema.ValidationError) -> str:
    """Say what is wrong in the user's terms rather than jsonschema's, quoting at most a short excerpt."""
    kind, expected, instance = error.validator, error.validator_value, error.instance
    if kind in _X_EXPECTED_KINDS and "x-expected" in error.schema:
        return f"must be {error.schema['x-expected']}"
    if kind == "type":
        wanted = " or ".join(expected) if isinstance(expected, list) else expected
        article = "an" if str(wanted)[0] in "aeiou" else "a"
        return f"must be {article} {wanted}, got {type(instance).__name__} {excerpt(instance)}"
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return f"missing required field '{missing}'"
    if kind == "maxLength":
        return f"must be at most {expected} characters, got {len(instance)}"
    if kind in _BOUNDS:
        return _BOUNDS[kind].format(expected)
    if kind == "enum":
        return f"must be one of {', '.join(map(str, expected))}; got {excerpt(instance)}"
    if kind == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        extra = sorted(set(instance) - set(allowed))
        guesses = [match for name in extra for match in difflib.get_close_matches(name, allowed, n=1)]
        hint = f"; did you mean {guesses[0]!r}?" if len(extra) == 1 and guesses else ""
        shown = ", ".join(excerpt(name) for name in extra[:5]) + (", …" if len(extra) > 5 else "")
        return f"unknown field {shown} (allowed: {', '.join(allowed)}){hint}"
    if kind == "minItems":
        return f"must have at least {expected} item{'s' if expected != 1 else ''}"
    if kind in ("minLength", "pattern") and isinstance(instance, str) and not instance.strip():
        return "must not be empty"
    if kind == "pattern":
        return f"{excerpt(instance)} does not match the expected form {expected.replace(_NO_FINAL_NEWLINE, '')}"
    if kind == "format" and expected == "date":
        return f"{excerpt(instance)} is not a calendar date ({calendar_date_problem(instance)})"
    if kind == "uniqueItems":
        return "items must be unique"
    if kind == "not" and isinstance(instance, dict):
        return "give either 'platform' or 'platforms', not both"
    message: str = error.message
    return message.replace(repr(instance), excerpt(instance))[:200]


def _error_key(error: jsonschema.ValidationError) -> PathKey:
    path = tuple(error.absolute_path)
    if error.validator == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        if extra:
            path = path + (extra[0],)
    return path


def _not_this_kind(document: SourceDocument, schema_name: str) -> Problem | None:
    """A file that is not this kind of document at all (a list, plain text, another tool's config).

    Said without quoting it: a password file or a .env passed by mistake must not end up on
    the terminal or in a CI log.
    """
    schema = load_schema(schema_name)
    if schema.get("type") != "object":
        return None
    data = document.data
    if isinstance(data, dict) and (not data or set(data) & set(schema.get("properties", {}))):
        return None
    reason = (
        f"none of its fields is known (see `creator-kit schema {schema_name}`)"
        if isinstance(data, dict)
        else "expected a mapping of fields at the top level"
    )
    message = f"not a {schema['title']} file: {reason}"
    return Problem(str(document.path), document.line_of(()) or 1, None, message)


def problems_for(document: SourceDocument, schema_name: str) -> list[Problem]:
    """All schema problems of `document`, in source order."""
    schema = load_schema(schema_name)
    foreign = _not_this_kind(document, schema_name)
    if foreign:
        return [foreign]
    validator = jsonschema.Draft202012Validator(schema, format_checker=_CHECKED_FORMATS)
    problems = []
    for error in validator.iter_errors(document.data):
        key = _error_key(error)
        field = format_path(tuple(error.absolute_path)) or None
        problems.append(Problem(str(document.path), document.line_of(key), field, _describe(error)))
    problems.sort(key=lambda p: (p.line or 0, p.field or ""))
    return problems


def validate(document: SourceDocument, schema_name: str) -> None:
    problems = problems_for(document, schema_name)
    if problems:
        raise InputError(problems)
