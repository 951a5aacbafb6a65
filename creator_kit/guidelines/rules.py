"""Rules as data, and their evaluation on a facts document: pure functions, no I/O.

A rule selects the items of one facts collection, keeps those matching its
`when` JSON Schema and reports each kept item that fails its check. The
checks are a small set of generic kinds: a number within min/max, a box
inside a rectangle, a list holding one of some values, an item matching a
JSON Schema - or no check, when being selected is the problem (a
stigmatizing term). Limits may depend on an item field, e.g. per platform.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from creator_kit.documents.findings import Severity
from creator_kit.guidelines.guarded import GuardedSchema
from creator_kit.guidelines.normalize import fold_plain

SEVERITIES = ("error", "warning", "info")
PLACEHOLDERS = ("value", "limit", "excess", "error")
"""Names a message may use besides the fields of the item."""
MAX_FORMAT_NUMBER = 100
"""Largest width or precision a message's format may ask for."""
_DIGITS = re.compile(r"[0-9]+")

_SIDES = ("left", "top", "right", "bottom")


@dataclass(frozen=True)
class Limit:
    """A limit that is the same for every item, or picked by the value of the item field `by`."""

    by: str | None
    values: dict[str, Any]
    default: Any = None

    def for_item(self, item: dict[str, Any]) -> Any:
        if self.by is None:
            return self.default
        return self.values.get(str(item.get(self.by)), self.default)


@dataclass(frozen=True)
class Check:
    minimum: Limit | None = None
    maximum: Limit | None = None
    inside: Limit | None = None
    includes_any: tuple[str, ...] = ()
    schema: GuardedSchema | None = None


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    summary: str
    help: str
    select: str
    message: str
    suggestion: str | None = None
    when: GuardedSchema | None = None
    field: str | None = None
    check: Check | None = None
    help_uri: str | None = None
    """The public guideline the rule follows (SARIF helpUri, the review page's source link)."""
    once_per_sentence: bool = False
    """Report one term per sentence: a means, a place and an act in "he jumped from the bridge" are one method."""
    categories: frozenset[str] | None = None
    """The item categories `when` can keep (None: any); others are skipped without running the schema."""


@dataclass(frozen=True)
class Violation:
    """A rule broken by one facts item, with its message filled in and where the fact was written."""

    rule: Rule
    message: str
    suggestion: str | None
    at: dict[str, Any]
    platform: str | None = None
    sentence: int | None = None
    """The number of the sentence of the text the fact is in, for a term."""


@dataclass(frozen=True)
class _Failure:
    value: Any
    limit: Any
    excess: str | None = None
    error: str | None = None


class _MessageFormatter(string.Formatter):
    """str.format with plain names only: no attribute or index access; None prints as 'none'."""

    def get_field(self, field_name: str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> tuple[Any, str]:
        return kwargs.get(field_name, "?"), field_name

    def format_field(self, value: Any, format_spec: str) -> str:
        if value is None:
            return "none"
        try:
            return format(value, format_spec)
        except (TypeError, ValueError):
            return str(value)


_FORMATTER = _MessageFormatter()


def placeholders(template: str) -> list[str]:
    """The {names} a message template uses (a template `template_problem` found nothing wrong with)."""
    return [name for _, name, _, _ in _FORMATTER.parse(template) if name is not None]


def template_problem(template: str) -> str | None:
    """Why a message template cannot be filled: unbalanced braces, an unknown conversion, a placeholder
    inside a format, or a width or precision over MAX_FORMAT_NUMBER (`{value:>999999999}` would build a
    gigabyte of spaces)."""
    try:
        fields = [
            (name, spec, conversion) for _, name, spec, conversion in _FORMATTER.parse(template) if name is not None
        ]
    except ValueError as error:
        return f"not a message template: {error} (write {{{{ and }}}} for literal braces)"
    for name, spec, conversion in fields:
        if conversion not in (None, "r", "s", "a"):
            return f"{{{name}!{conversion}}}: unknown conversion (use !r, !s or !a)"
        spec = spec or ""
        if "{" in spec:
            return f"{{{name}:{spec}}}: a format cannot hold a placeholder"
        if any(len(number) > 3 or int(number) > MAX_FORMAT_NUMBER for number in _DIGITS.findall(spec)):
            return f"{{{name}:{spec}}}: widths and precisions go up to {MAX_FORMAT_NUMBER}"
    return None


def describe_rectangle(box: dict[str, Any]) -> str:
    return f"x {box['left']:g}–{box['right']:g}, y {box['top']:g}–{box['bottom']:g}"


def _excess(box: dict[str, float], zone: dict[str, float]) -> str:
    overflow = {
        "left": zone["left"] - box["left"],
        "top": zone["top"] - box["top"],
        "right": box["right"] - zone["right"],
        "bottom": box["bottom"] - zone["bottom"],
    }
    return ", ".join(f"{overflow[side]:g} px past the {side} edge" for side in _SIDES if overflow[side] > 0)


def _number_failure(check: Check, item: dict[str, Any], value: Any) -> _Failure | None:
    """A missing value (e.g. a resource never verified) fails as surely as one past the limit."""
    is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
    for limit, is_maximum in ((check.minimum, False), (check.maximum, True)):
        bound = limit.for_item(item) if limit is not None else None
        if bound is None:
            continue
        if not is_number or (value > bound if is_maximum else value < bound):
            return _Failure(value, bound)
    return None


def _failure(check: Check | None, field: str | None, item: dict[str, Any]) -> _Failure | None:
    """Why `item` fails `check`, or None when it passes; no check means every item fails."""
    if check is None:
        return _Failure(item.get(field) if field else None, None)
    value = item.get(field) if field else None
    if check.minimum is not None or check.maximum is not None:
        return _number_failure(check, item, value)
    if check.inside is not None:
        zone = check.inside.for_item(item)
        if zone is None or not isinstance(value, dict):
            return None
        excess = _excess(value, zone)
        return _Failure(describe_rectangle(value), describe_rectangle(zone), excess) if excess else None
    if check.includes_any:
        present = {fold_plain(str(v)) for v in value or []}
        if present & {fold_plain(v) for v in check.includes_any}:
            return None
        return _Failure(", ".join(map(str, value or [])) or "none", " or ".join(check.includes_any))
    if check.schema is not None:
        error = next(iter(check.schema.iter_errors(item)), None)
        return _Failure(value, None, error=error.message) if error else None
    return None


def _fill(template: str | None, context: dict[str, Any]) -> str | None:
    if not template:
        return None
    text = _FORMATTER.vformat(template, (), context).strip()
    return text or None


def evaluate_rule(rule: Rule, facts: dict[str, Any]) -> list[Violation]:
    violations = []
    for item in facts.get(rule.select) or []:
        if rule.categories is not None and item.get("category") not in rule.categories:
            continue
        if rule.when is not None and not rule.when.is_valid(item):
            continue
        failure = _failure(rule.check, rule.field, item)
        if failure is None:
            continue
        context = {
            **item,
            "value": failure.value,
            "limit": failure.limit,
            "excess": failure.excess,
            "error": failure.error,
        }
        location = (item.get("at_fields") or {}).get(rule.field) or item.get("at") or {}
        violations.append(
            Violation(
                rule,
                _fill(rule.message, context) or rule.id,
                _fill(rule.suggestion, context),
                location,
                item.get("platform"),
                item.get("sentence"),
            )
        )
    found = _outermost(violations)
    return _one_per_sentence(found) if rule.once_per_sentence else found


def _text_of(violation: Violation) -> tuple[Any, ...]:
    """Which text of which file (and platform) a violation's fact is written in."""
    return violation.at.get("file"), tuple(violation.at.get("path") or ()), violation.platform


def _span(violation: Violation) -> tuple[Any, ...] | None:
    at = violation.at
    if at.get("offset") is None or at.get("length") is None:
        return None
    return _text_of(violation), at["offset"], at["offset"] + at["length"]


def _outermost(violations: list[Violation]) -> list[Violation]:
    """Violations of one rule without those lying inside another of its violations: a concept inside a phrase
    that is already reported ("لعبة" inside «لعبة الحوت الأزرق») is one finding, not two."""
    spans = [_span(v) for v in violations]
    return [
        violation
        for violation, span in zip(violations, spans, strict=True)
        if span is None
        or not any(
            other is not None
            and other is not span
            and other[0] == span[0]
            and other[1] <= span[1]
            and span[2] <= other[2]
            and (other[2] - other[1]) > (span[2] - span[1])
            for other in spans
        )
    ]


def _one_per_sentence(violations: list[Violation]) -> list[Violation]:
    """The first violation of one rule in each sentence (see Rule.once_per_sentence)."""
    seen: set[tuple[Any, ...]] = set()
    kept = []
    for violation in sorted(violations, key=lambda v: (v.at.get("offset") or 0, -(v.at.get("length") or 0))):
        if violation.sentence is not None:
            key = (*_text_of(violation), violation.sentence)
            if key in seen:
                continue
            seen.add(key)
        kept.append(violation)
    return kept


def evaluate(rules: tuple[Rule, ...], facts: dict[str, Any]) -> list[Violation]:
    """Every violation of every rule in `facts`, rule by rule."""
    return [violation for rule in rules for violation in evaluate_rule(rule, facts)]
