"""Validate loaded documents against the shipped JSON Schemas, one Problem per error."""

from __future__ import annotations

import difflib
import json
from functools import lru_cache
from importlib import resources
from typing import Any

import jsonschema

from creator_kit.errors import InputError, Problem
from creator_kit.sourcemap import SourceDocument, format_path

SCHEMA_NAMES = ("script", "template", "resources", "guidelines", "facts", "lexicon", "check-report")


@lru_cache(maxsize=None)
def load_schema(name: str) -> dict[str, Any]:
    text = resources.files("creator_kit.schemas").joinpath(f"{name}.schema.json").read_text("utf-8")
    return json.loads(text)


def _describe(error: jsonschema.ValidationError) -> str:
    """Say what is wrong in the user's terms rather than jsonschema's."""
    kind, expected = error.validator, error.validator_value
    if kind in ("anyOf", "oneOf", "not", "pattern") and "x-expected" in error.schema:
        return f"must be {error.schema['x-expected']}"
    if kind == "type":
        wanted = " or ".join(expected) if isinstance(expected, list) else expected
        article = "an" if str(wanted)[0] in "aeiou" else "a"
        return f"must be {article} {wanted}, got {type(error.instance).__name__} {error.instance!r}"
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return f"missing required field '{missing}'"
    if kind == "exclusiveMinimum":
        return f"must be > {expected}"
    if kind == "minimum":
        return f"must be >= {expected}"
    if kind == "maximum":
        return f"must be <= {expected}"
    if kind == "exclusiveMaximum":
        return f"must be < {expected}"
    if kind == "enum":
        return f"must be one of {', '.join(map(str, expected))}; got {error.instance!r}"
    if kind == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        extra = sorted(set(error.instance) - set(allowed))
        guesses = [match for name in extra for match in difflib.get_close_matches(name, allowed, n=1)]
        hint = f"; did you mean {guesses[0]!r}?" if len(extra) == 1 and guesses else ""
        return f"unknown field {', '.join(map(repr, extra))} (allowed: {', '.join(allowed)}){hint}"
    if kind == "minItems":
        return f"must have at least {expected} item{'s' if expected != 1 else ''}"
    if kind in ("minLength", "pattern") and isinstance(error.instance, str) and not error.instance.strip():
        return "must not be empty"
    if kind == "pattern":
        return f"{error.instance!r} does not match the expected form {expected}"
    if kind == "uniqueItems":
        return "items must be unique"
    if kind == "not" and isinstance(error.instance, dict):
        return "give either 'platform' or 'platforms', not both"
    return error.message


def _error_key(error: jsonschema.ValidationError) -> tuple:
    path = tuple(error.absolute_path)
    if error.validator == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        if extra:
            path = path + (extra[0],)
    return path


def problems_for(document: SourceDocument, schema_name: str) -> list[Problem]:
    """All schema problems of `document`, in source order."""
    schema = load_schema(schema_name)
    validator = jsonschema.Draft202012Validator(schema)
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
