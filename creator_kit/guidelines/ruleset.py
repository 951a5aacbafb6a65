"""Load guidelines files: the shipped defaults, a team's replacement, or a team's changes to them.

A guidelines file is validated twice, each problem reported as
`file:line: field: message` (exit 2): against guidelines.schema.json, then,
rule by rule after merging, against what the facts hold (a `select` that
names no facts collection, a `field` its items lack, a placeholder a message
cannot fill, a `when` that is no JSON Schema). JSON Schemas are untrusted:
see guarded.py for why a `$ref` outside the schema is refused and how
patterns are kept from hanging.
"""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema

from creator_kit.errors import InputError, Problem
from creator_kit.guidelines.guarded import GuardedSchema, Origin, schema_problems
from creator_kit.guidelines.lexicon import Lexicon, Matcher, load_lexicon
from creator_kit.guidelines.rules import PLACEHOLDERS, Check, Limit, Rule, placeholders, template_problem
from creator_kit.inputs.sourcemap import PathKey, SourceDocument, format_path, load_document
from creator_kit.inputs.validation import load_schema, problems_for

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DEFAULT_GUIDELINES = DATA_DIR / "guidelines.yaml"

_REPLACED_WHOLE = ("when", "schema")
"""Keys whose value a team file replaces instead of merging into (JSON Schemas, limits by value)."""

_RECTANGLE = ("left", "top", "right", "bottom")
_LEXICON_SUFFIXES = (".yaml", ".yml", ".json")
"""A lexicon path is written by a team; anything else (/etc/passwd) is not opened, so never quoted in an error."""


@dataclass(frozen=True)
class Guidelines:
    rules: tuple[Rule, ...]
    matcher: Matcher
    files: tuple[Path, ...]


def merge(base: Any, changes: Any) -> Any:
    """`changes` laid over `base`: mappings merge key by key, anything else is replaced."""
    if not isinstance(base, dict) or not isinstance(changes, dict):
        return copy.deepcopy(changes)
    merged = copy.deepcopy(base)
    for key, value in changes.items():
        merged[key] = value if key in _REPLACED_WHOLE or key not in merged else merge(merged[key], value)
    return merged


def facts_items() -> dict[str, dict[str, Any]]:
    """Each facts collection rules may select, with the JSON Schema properties of its items."""
    schema = load_schema("facts")
    collections = {}
    for name, spec in schema["properties"].items():
        reference = spec.get("items", {}).get("$ref") if spec.get("type") == "array" else None
        if reference:
            definition = schema["$defs"][reference.rsplit("/", 1)[-1]]
            collections[name] = definition.get("properties", {})
    return collections


class _Builder:
    """Turns merged rule data into Rules, collecting problems at the line that wrote each value."""

    def __init__(self, layers: list[SourceDocument]):
        self.layers = layers
        self.problems: list[Problem] = []
        self.collections = facts_items()

    def origin(self, key: PathKey, at: PathKey | None = None) -> Origin:
        """The file and line that wrote `at` (default `key`), reported as field `key`."""
        at = tuple(key if at is None else at)
        document = next((d for d in reversed(self.layers) if at in d.positions), self.layers[-1])
        return Origin(str(document.path), document.line_of(at), format_path(key))

    def problem(self, key: PathKey, message: str, at: PathKey | None = None) -> None:
        origin = self.origin(key, at)
        self.problems.append(Problem(origin.file, origin.line, origin.field, message))

    def schema_validator(self, schema: Any, key: PathKey) -> GuardedSchema | None:
        try:
            jsonschema.Draft202012Validator.check_schema(schema)
        except jsonschema.SchemaError as error:
            self.problem(key, f"not a valid JSON Schema: {error.message}")
            return None
        problems = schema_problems(schema)
        for inner, message in problems:
            self.problem(key, message, at=key + inner)
        return None if problems else GuardedSchema.build(schema, self.origin(key))

    def limit(self, spec: Any, key: PathKey, properties: dict[str, Any], rectangle: bool) -> Limit | None:
        if rectangle and isinstance(spec, dict) and set(_RECTANGLE) <= set(spec):
            return Limit(None, {}, {side: spec[side] for side in _RECTANGLE})
        if not isinstance(spec, dict):
            return Limit(None, {}, spec)
        if rectangle and set(spec) & set(_RECTANGLE):
            missing = ", ".join(side for side in _RECTANGLE if side not in spec)
            self.problem(key, f"a rectangle needs left, top, right and bottom (missing: {missing})")
            return None
        if "by" not in spec:
            self.problem(key, "a limit by value needs 'by': the item field that picks the value")
            return None
        if spec["by"] not in properties:
            self.problem(key + ("by",), f"items have no field {spec['by']!r} (fields: {', '.join(properties)})")
            return None
        return Limit(spec["by"], dict(spec.get("values", {})), spec.get("default"))

    def check(self, spec: dict[str, Any], key: PathKey, field: str | None, properties: dict[str, Any]) -> Check | None:
        kinds = [
            kind for kind in (("min", "max"), ("inside",), ("includes_any",), ("schema",)) if set(kind) & set(spec)
        ]
        if len(kinds) != 1:
            self.problem(key, "give one kind of check: min and/or max, inside, includes_any or schema")
            return None
        if kinds[0] != ("schema",) and field is None:
            self.problem(key, f"a {kinds[0][0]} check needs 'field': the item field it reads")
            return None
        if "schema" in spec:
            validator = self.schema_validator(spec["schema"], key + ("schema",))
            return Check(schema=validator) if validator else None
        if "includes_any" in spec:
            return Check(includes_any=tuple(spec["includes_any"]))
        if "inside" in spec:
            inside = self.limit(spec["inside"], key + ("inside",), properties, rectangle=True)
            return Check(inside=inside) if inside else None
        minimum = self.limit(spec["min"], key + ("min",), properties, False) if "min" in spec else None
        maximum = self.limit(spec["max"], key + ("max",), properties, False) if "max" in spec else None
        if ("min" in spec and minimum is None) or ("max" in spec and maximum is None):
            return None
        return Check(minimum=minimum, maximum=maximum)

    def rule(self, rule_id: str, spec: dict[str, Any]) -> Rule | None:
        key: PathKey = ("rules", rule_id)
        for required in ("severity", "select", "message"):
            if required not in spec:
                self.problem(
                    key,
                    f"missing required field '{required}' (a rule that is not in the defaults "
                    f"needs severity, select and message)",
                )
                return None
        if spec["select"] not in self.collections:
            self.problem(
                key + ("select",), f"unknown facts collection {spec['select']!r} (known: {', '.join(self.collections)})"
            )
            return None
        properties = self.collections[spec["select"]]
        field = spec.get("field")
        if field is not None and field not in properties:
            self.problem(
                key + ("field",), f"{spec['select']} items have no field {field!r} (fields: {', '.join(properties)})"
            )
            return None
        for name in ("message", "suggestion"):
            problem = template_problem(spec.get(name, ""))
            if problem:
                self.problem(key + (name,), problem)
                return None
            unknown = [p for p in placeholders(spec.get(name, "")) if p not in properties and p not in PLACEHOLDERS]
            if unknown:
                self.problem(
                    key + (name,),
                    f"unknown placeholder {{{unknown[0]}}} (item fields: "
                    f"{', '.join(properties)}; also {', '.join(PLACEHOLDERS)})",
                )
                return None
        when = self.schema_validator(spec["when"], key + ("when",)) if "when" in spec else None
        if "when" in spec and when is None:
            return None
        check = None
        if "check" in spec:
            check = self.check(spec["check"], key + ("check",), field, properties)
            if check is None:
                return None
        return Rule(
            id=rule_id,
            severity=spec["severity"],
            summary=spec.get("summary", rule_id),
            help=spec.get("help", ""),
            select=spec["select"],
            message=spec["message"],
            suggestion=spec.get("suggestion"),
            when=when,
            field=field,
            check=check,
            help_uri=spec.get("help_uri"),
            once_per_sentence=spec.get("once_per_sentence", False),
            categories=categories_of(spec.get("when")),
        )


def _categories_in(schema: Any) -> frozenset[str] | None:
    """The `category` values a schema's top level pins (`const` or `enum`), or None when it pins none."""
    if not isinstance(schema, dict):
        return None
    category = (schema.get("properties") or {}).get("category")
    if isinstance(category, dict):
        if "const" in category:
            return frozenset([category["const"]]) if isinstance(category["const"], str) else None
        if isinstance(category.get("enum"), list) and all(isinstance(v, str) for v in category["enum"]):
            return frozenset(category["enum"])
    return None


def categories_of(when: Any) -> frozenset[str] | None:
    """The item categories a rule's `when` can keep, read from the schema itself, or None when any may pass:
    items of other categories are skipped before the schema is run (a terms rule looks at a few categories
    of the hundreds of terms a draft holds)."""
    pinned = _categories_in(when)
    if pinned is not None or not isinstance(when, dict) or not isinstance(when.get("anyOf"), list):
        return pinned
    branches = [_categories_in(branch) for branch in when["anyOf"]]
    if not branches or any(branch is None for branch in branches):
        return None
    return frozenset().union(*[b for b in branches if b is not None])


def _lexicon_paths(document: SourceDocument) -> list[tuple[Path, PathKey]]:
    return [(document.path.parent / name, ("lexicons", i)) for i, name in enumerate(document.data.get("lexicons", []))]


def _load_lexicons(entries: list[tuple[Path, PathKey, SourceDocument]]) -> tuple[Lexicon, list[Problem]]:
    lexicon, problems = Lexicon((), ()), []
    for path, key, document in entries:
        refused = (
            f"lexicon file not found: {path}"
            if not path.is_file()
            else None
            if path.suffix.lower() in _LEXICON_SUFFIXES
            else f"a lexicon is a .yaml, .yml or .json file, not read: {path}"
        )
        if refused:
            problems.append(Problem(str(document.path), document.line_of(key), format_path(key), refused))
            continue
        try:
            lexicon = lexicon + load_lexicon(path)
        except InputError as error:
            problems.extend(error.problems)
    return lexicon, problems


def _validated(path: Path) -> SourceDocument:
    document = load_document(path)
    problems = problems_for(document, "guidelines")
    if problems:
        raise InputError(problems)
    return document


def load_guidelines(path: Path | None = None) -> Guidelines:
    """The shipped guidelines, or those of `path` (which may `extends: default`)."""
    layers = [_validated(DEFAULT_GUIDELINES)]
    if path is not None:
        team = _validated(Path(path))
        layers = layers + [team] if team.data.get("extends") == "default" else [team]
    data: dict[str, Any] = {}
    for layer in layers:
        data = merge(data, {k: v for k, v in layer.data.items() if k != "lexicons"})
    builder = _Builder(layers)
    rules = []
    for rule_id, spec in data.get("rules", {}).items():
        if spec.get("enabled", True):
            rule = builder.rule(rule_id, spec)
            if rule is not None:
                rules.append(rule)
    lexicon, problems = _load_lexicons([(p, key, layer) for layer in layers for p, key in _lexicon_paths(layer)])
    if builder.problems or problems:
        raise InputError(builder.problems + problems)
    return Guidelines(tuple(rules), Matcher.build(lexicon), tuple(layer.path for layer in layers))


def shipped_guidelines() -> Guidelines:
    """The shipped guidelines, loaded once per process while their files stay as they are.

    `render` checks every clip against them: a batch worker renders many clips, and reading the
    guidelines and lexicons with their line numbers costs about a tenth of a short clip's CPU."""
    stamps = tuple(
        (path.name, stat.st_mtime_ns, stat.st_size)
        for path in sorted(DATA_DIR.glob("*.yaml"))
        for stat in (path.stat(),)
    )
    return _shipped_guidelines(stamps)


def guidelines_for(path: Path | None) -> Guidelines:
    """A team's guidelines file when one is named (read each time), else the shipped ones (read once)."""
    return shipped_guidelines() if path is None else load_guidelines(path)


@functools.lru_cache(maxsize=1)
def _shipped_guidelines(stamps: tuple[tuple[str, int, int], ...]) -> Guidelines:
    """Keyed by the data files' names, times and sizes, so an edited file is read again."""
    return load_guidelines()
