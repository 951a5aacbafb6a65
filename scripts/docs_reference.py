"""MkDocs hooks that write the reference pages from the code at build time: a page per JSON Schema in
creator_kit/schemas, the shipped guideline rules (creator_kit/data/guidelines.yaml) and the platform facts
(creator_kit/planning/platforms.py). Nothing they write is committed; the CLI page is mkdocs-click's."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from creator_kit.planning.platforms import FACTS, PLATFORMS

PACKAGE = Path(__file__).resolve().parent.parent / "creator_kit"
SCHEMAS = sorted((PACKAGE / "schemas").glob("*.schema.json"))
SCHEMA_INDEX = "reference/schemas/index.md"


def _schema_name(path: Path) -> str:
    return path.name.removesuffix(".schema.json")


def _schema_page(name: str) -> str:
    return f"reference/schemas/{name}.md"


def _cell(text: object) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Turn the nav's entry for the schema index into a section holding a page per schema file."""
    pages: list[Any] = [SCHEMA_INDEX] + [{_schema_name(p): _schema_page(_schema_name(p))} for p in SCHEMAS]

    def expand(items: list[Any]) -> list[Any]:
        expanded: list[Any] = []
        for item in items:
            if isinstance(item, dict):
                (title, value), *_ = item.items()
                if value == SCHEMA_INDEX:
                    item = {title: pages}
                elif isinstance(value, list):
                    item = {title: expand(value)}
            expanded.append(item)
        return expanded

    config["nav"] = expand(config["nav"] or [])
    return config


def _type_of(spec: dict[str, Any]) -> str:
    if "$ref" in spec:
        return f"`{spec['$ref']}`"
    if "enum" in spec:
        return " or ".join(f"`{json.dumps(v, ensure_ascii=False)}`" for v in spec["enum"])
    if "const" in spec:
        return f"`{json.dumps(spec['const'], ensure_ascii=False)}`"
    kinds = spec.get("type")
    if kinds is None:
        variants = spec.get("oneOf") or spec.get("anyOf") or []
        return " or ".join(_type_of(v) for v in variants) or "any"
    return " or ".join(kinds) if isinstance(kinds, list) else str(kinds)


def schema_markdown(path: Path) -> str:
    schema = json.loads(path.read_text("utf-8"))
    name = _schema_name(path)
    lines = [f"# {schema.get('title', name)}", ""]
    if "description" in schema:
        lines += [schema["description"], ""]
    lines += [f"`creator-kit schema {name}` prints it; the file is `creator_kit/schemas/{path.name}`.", ""]
    properties = schema.get("properties", {})
    if properties:
        required = set(schema.get("required", []))
        lines += ["| key | type | required | description |", "|---|---|---|---|"]
        for key, spec in properties.items():
            described = _cell(spec.get("description", "")) if isinstance(spec, dict) else ""
            kind = _cell(_type_of(spec)) if isinstance(spec, dict) else ""
            lines.append(f"| `{key}` | {kind} | {'yes' if key in required else ''} | {described} |")
        lines.append("")
    lines += ["## The schema", "", "```json", json.dumps(schema, indent=2, ensure_ascii=False), "```", ""]
    return "\n".join(lines)


def schema_index() -> str:
    lines = [
        "# JSON Schemas",
        "",
        "Every document creator-kit reads or writes has a JSON Schema (draft 2020-12) in "
        "`creator_kit/schemas`, printed by `creator-kit schema NAME`. These pages are generated from those files.",
        "",
        "| name | title |",
        "|---|---|",
    ]
    for path in SCHEMAS:
        name = _schema_name(path)
        title = json.loads(path.read_text("utf-8")).get("title", name)
        lines.append(f"| [{name}]({name}.md) | {_cell(title)} |")
    return "\n".join(lines) + "\n"


def rules_markdown() -> str:
    guidelines = yaml.safe_load((PACKAGE / "data" / "guidelines.yaml").read_text("utf-8"))
    lines = [
        "# Guideline rules",
        "",
        "The rules `check`, `render` and `review` apply by default, generated from "
        "`creator_kit/data/guidelines.yaml`. A team's guidelines file with `extends: default` can change any "
        "rule's severity or check (see the [guide for reviewers](../reviewers.md)).",
        "",
        "| rule | severity | summary |",
        "|---|---|---|",
    ]
    rules: dict[str, dict[str, Any]] = guidelines["rules"]
    lines += [
        f"| [`{rule}`](#{rule}) | {spec['severity']} | {_cell(spec['summary'])} |" for rule, spec in rules.items()
    ]
    lines.append("")
    for rule, spec in rules.items():
        lines += [
            f"## {rule}",
            "",
            f"**{spec['severity']}** · {_cell(spec['summary'])}",
            "",
            _cell(spec["help"]),
            "",
            f"Source: <{spec['help_uri']}>",
            "",
        ]
    return "\n".join(lines)


def _fact(value: object) -> str:
    if value is None:
        return "no count"
    if isinstance(value, bool):
        return "yes" if value else "no"
    as_dict = getattr(value, "as_dict", None)
    if as_dict is not None:
        zone = as_dict()
        return f"x {zone['left']}–{zone['right']}, y {zone['top']}–{zone['bottom']}"
    return f"`{value}`" if isinstance(value, str) else f"{value:g}" if isinstance(value, float) else str(value)


def platforms_markdown() -> str:
    lines = [
        "# Platform facts",
        "",
        "Generated from `creator_kit/planning/platforms.py`: every fact a platform is held to, with the "
        "source it was found in and when. Safe zones are pixels of a 1080x1920 canvas; videos are in "
        "seconds; loudness in LUFS.",
        "",
    ]
    for platform in PLATFORMS.values():
        lines += [
            f"## {platform.title} (`{platform.name}`)",
            "",
            "| fact | value | source | as of |",
            "|---|---|---|---|",
        ]
        for fact in FACTS:
            source = platform.source(fact)
            lines.append(
                f"| {fact} | {_cell(_fact(getattr(platform, fact)))} | {_cell(source.where)} | {source.as_of} |"
            )
        lines.append("")
    return "\n".join(lines)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    pages = {
        SCHEMA_INDEX: schema_index(),
        "reference/rules.md": rules_markdown(),
        "reference/platforms.md": platforms_markdown(),
    }
    pages.update({_schema_page(_schema_name(path)): schema_markdown(path) for path in SCHEMAS})
    for uri, content in pages.items():
        files.append(File.generated(config, uri, content=content))
    return files
