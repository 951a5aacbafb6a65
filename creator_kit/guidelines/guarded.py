"""JSON Schemas and regular expressions from guidelines and lexicon files, made safe to run on any text.

Teams write their own rules (`when`, `schema`) and lexicon patterns, so these
are untrusted input, and so is the text they run on:

- `$ref` never leaves the schema. jsonschema's default registry fetches any
  URL a `$ref` names (and `file://` URLs read local files), so a schema that
  refers outside itself is refused when the guidelines are loaded, and every
  validator is built on a registry whose `retrieve` refuses, as a second
  line of defence.
- Patterns cannot hang. Python's `re`, which jsonschema uses for `pattern`,
  `patternProperties` and `additionalProperties`, cannot be interrupted, and
  `^(a|aa)+$` against forty a's and a `!` backtracks for hours. Here every
  match runs on the `regex` module with a time budget (MATCH_SECONDS); going
  over it raises UnusableGuidelines naming the file, line and rule or lexicon
  entry that holds the pattern.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NoReturn

import jsonschema
import referencing
import referencing.jsonschema
import regex
from referencing.exceptions import NoSuchResource, Unresolvable

from creator_kit.errors import Problem, UnusableGuidelines
from creator_kit.inputs.sourcemap import PathKey

if TYPE_CHECKING:
    from referencing._core import Resolver

MATCH_SECONDS = 0.5
"""Time budget of one regular-expression match; real patterns on real text take microseconds."""

_REFERENCES = ("$ref", "$dynamicRef")
_DATA_KEYWORDS = ("const", "enum", "default", "examples")
"""Keywords whose value is an instance, not a schema: a `$ref` or `pattern` key inside them is data."""


class PatternTooSlow(Exception):
    """A regular expression went over its time budget on some text."""

    def __init__(self, pattern: str):
        super().__init__(pattern)
        self.pattern = pattern


@dataclass(frozen=True)
class Origin:
    """Where a schema or pattern was written: the file, the line and the field naming the rule or entry."""

    file: str
    line: int | None
    field: str

    def error(self, message: str) -> UnusableGuidelines:
        return UnusableGuidelines([Problem(self.file, self.line, self.field, message)])


def too_slow_message(pattern: str) -> str:
    return (
        f"pattern {pattern!r} took longer than {MATCH_SECONDS:g} s to match one value "
        f"(catastrophic backtracking); rewrite it without nested or overlapping repetition"
    )


def search(pattern: str | regex.Pattern, text: str) -> regex.Match | None:
    """`regex.search` within the time budget; raises PatternTooSlow past it."""
    try:
        if isinstance(pattern, str):
            return regex.search(pattern, text, timeout=MATCH_SECONDS)
        return pattern.search(text, timeout=MATCH_SECONDS)
    except TimeoutError:
        raise PatternTooSlow(pattern if isinstance(pattern, str) else pattern.pattern) from None


def _pattern(
    validator: Any, pattern: str, instance: Any, schema: dict[str, Any]
) -> Iterator[jsonschema.ValidationError]:
    if validator.is_type(instance, "string") and not search(pattern, instance):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


def _pattern_properties(
    validator: Any, patterns: dict[str, Any], instance: Any, schema: dict[str, Any]
) -> Iterator[jsonschema.ValidationError]:
    if not validator.is_type(instance, "object"):
        return
    for pattern, subschema in patterns.items():
        for name, value in instance.items():
            if search(pattern, name):
                yield from validator.descend(value, subschema, path=name, schema_path=pattern)


def _additional_properties(
    validator: Any, additional: Any, instance: Any, schema: dict[str, Any]
) -> Iterator[jsonschema.ValidationError]:
    if not validator.is_type(instance, "object"):
        return
    known, patterns = schema.get("properties", {}), schema.get("patternProperties", {})
    extras = sorted(
        (name for name in instance if name not in known and not any(search(p, name) for p in patterns)), key=str
    )
    if validator.is_type(additional, "object"):
        for extra in extras:
            yield from validator.descend(instance[extra], additional, path=extra)
    elif additional is False and extras:
        names = ", ".join(map(repr, extras))
        verb = "was" if len(extras) == 1 else "were"
        yield jsonschema.ValidationError(f"Additional properties are not allowed ({names} {verb} unexpected)")


_GuardedValidator = jsonschema.validators.extend(
    jsonschema.Draft202012Validator,
    {
        "pattern": _pattern,
        "patternProperties": _pattern_properties,
        "additionalProperties": _additional_properties,
    },
)
"""Draft 2020-12 with every regular expression matched by `search` (time-boxed)."""


def _refuse(uri: str) -> NoReturn:
    """A registry's retrieve that never fetches a URL nor reads a file."""
    raise NoSuchResource(ref=uri)  # type: ignore[call-arg]  # an attrs class mypy reads without its fields


def _closed_registry() -> referencing.Registry:
    """A registry that resolves only what it is given: its retrieve refuses everything."""
    return referencing.Registry(retrieve=_refuse)  # type: ignore[call-arg]  # an attrs class mypy reads without its fields


def _walk(node: Any, key: PathKey = ()) -> Iterator[tuple[PathKey, str, Any]]:
    """Every (path, keyword, value) of a schema, not looking inside data keywords such as const."""
    if isinstance(node, dict):
        for name, value in node.items():
            yield key + (name,), name, value
            if name not in _DATA_KEYWORDS:
                yield from _walk(value, key + (name,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, key + (index,))


def _compile_problem(pattern: str) -> str | None:
    try:
        regex.compile(pattern)
    except (regex.error, TypeError, ValueError, OverflowError, RecursionError) as error:
        return f"invalid regular expression {pattern!r}: {error}"
    return None


def _root_resolver(schema: Any) -> Resolver:
    resource = referencing.jsonschema.DRAFT202012.create_resource(schema)
    uri = resource.id() or ""
    resolver: Resolver = _closed_registry().with_resource(uri, resource).resolver(base_uri=uri)
    return resolver


def _reference_problem(reference: Any, resolver: Resolver) -> str | None:
    if not isinstance(reference, str):
        return None
    if not reference.startswith("#"):
        return f"$ref to external documents is not allowed ({reference!r}); only '#/...' inside the schema"
    try:
        resolver.lookup(reference)
    except Unresolvable:
        return f"$ref {reference!r} points to nothing in this schema"
    return None


def schema_problems(schema: Any) -> list[tuple[PathKey, str]]:
    """What makes a user's JSON Schema unsafe or unusable, each at its path inside the schema.

    Call after `check_schema` passed. External references, dangling internal ones, patterns `regex`
    cannot compile, and unevaluatedProperties beside patternProperties (jsonschema evaluates that
    combination with `re`, which no time budget can stop).
    """
    problems: list[tuple[PathKey, str]] = []
    resolver = _root_resolver(schema)
    keywords = set()
    for key, keyword, value in _walk(schema):
        keywords.add(keyword)
        message = None
        if keyword in _REFERENCES:
            message = _reference_problem(value, resolver)
        elif keyword == "pattern" and isinstance(value, str):
            message = _compile_problem(value)
        elif keyword == "patternProperties" and isinstance(value, dict):
            message = next(filter(None, map(_compile_problem, value)), None)
        if message:
            problems.append((key, message))
    if {"patternProperties", "unevaluatedProperties"} <= keywords:
        problems.append(
            ((), "unevaluatedProperties cannot be used with patternProperties here; use additionalProperties")
        )
    return problems


@dataclass(frozen=True)
class GuardedSchema:
    """A validator for a user's JSON Schema that fetches nothing and cannot hang; failures name `origin`."""

    validator: jsonschema.protocols.Validator
    origin: Origin

    @classmethod
    def build(cls, schema: Any, origin: Origin) -> GuardedSchema:
        """Build for a schema that passed `check_schema` and `schema_problems`."""
        return cls(_GuardedValidator(schema, registry=_closed_registry()), origin)

    def is_valid(self, instance: Any) -> bool:
        return next(self.iter_errors(instance), None) is None

    def iter_errors(self, instance: Any) -> Iterator[jsonschema.ValidationError]:
        """The validation errors of `instance`, as jsonschema's iter_errors (the same duck type)."""
        try:
            yield from self.validator.iter_errors(instance)
        except PatternTooSlow as slow:
            raise self.origin.error(too_slow_message(slow.pattern)) from None
        except Unresolvable as error:
            raise self.origin.error(f"$ref cannot be resolved inside the schema: {error}") from None


@dataclass(frozen=True)
class GuardedPattern:
    """A compiled lexicon pattern whose matching is time-boxed; failures name `origin`."""

    pattern: regex.Pattern
    origin: Origin

    def finditer(self, text: str) -> list[regex.Match]:
        try:
            return list(self.pattern.finditer(text, timeout=MATCH_SECONDS))
        except TimeoutError:
            raise self.origin.error(too_slow_message(self.pattern.pattern)) from None
