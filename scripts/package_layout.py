"""Print the package's layout from the tree: each stage with its docstring's first line, each module with
its own. docs/design.md's "Layout" holds this output between `<!-- package-layout -->` markers;
`--write` puts it there, and a test fails when they drift apart.

    python scripts/package_layout.py           print the layout
    python scripts/package_layout.py --write   rewrite the document's block
"""

from __future__ import annotations

import ast
import re
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "creator_kit"
DOCUMENTS = (ROOT / "docs" / "design.md",)
MARKER = "<!-- package-layout -->"
DATA_FOLDERS = {
    "schemas": "JSON Schemas of every document read or written (`creator-kit schema NAME`)",
    "data": "default guidelines, lexicons, resource directory, end card texts",
    "templates": "brand templates (template.yaml + assets), shipped as package data",
    "fonts": "font files and their licenses, shipped as package data",
}
NAME_WIDTH = 24


LINE_WIDTH = 110


def first_sentence(path: Path) -> str:
    docstring = ast.get_docstring(ast.parse(path.read_text("utf-8"))) or ""
    paragraph = " ".join(docstring.split("\n\n")[0].split())
    return paragraph.split(". ")[0].rstrip(".")


def _row(indent: int, name: str, text: str) -> str:
    lines = textwrap.wrap(text, LINE_WIDTH - NAME_WIDTH) or [""]
    head = f"{' ' * indent}{name:<{NAME_WIDTH - indent}}{lines[0]}".rstrip()
    return "\n".join([head] + [" " * NAME_WIDTH + line for line in lines[1:]])


def layout() -> str:
    rows = ["creator_kit/"]
    modules = sorted(p for p in PACKAGE.glob("*.py") if p.name not in ("__init__.py", "__main__.py"))
    rows += [_row(2, path.name, first_sentence(path)) for path in modules]
    for package in sorted(p.parent for p in PACKAGE.glob("*/__init__.py")):
        rows.append(_row(2, f"{package.name}/", first_sentence(package / "__init__.py")))
        rows += [
            _row(4, path.name, first_sentence(path))
            for path in sorted(package.glob("*.py"))
            if path.name != "__init__.py"
        ]
    rows += [_row(2, f"{name}/", text) for name, text in DATA_FOLDERS.items()]
    return "\n".join(rows) + "\n"


def with_layout(document: str) -> str:
    """`document` with the block between its two markers replaced by the current layout."""
    block = re.compile(re.escape(MARKER) + r"\n```\n.*?```\n" + re.escape(MARKER), re.S)
    if not block.search(document):
        raise SystemExit(f"no {MARKER} block found")
    return block.sub(lambda _: f"{MARKER}\n```\n{layout()}```\n{MARKER}", document)


def main() -> None:
    if sys.argv[1:] == ["--write"]:
        for path in DOCUMENTS:
            path.write_text(with_layout(path.read_text("utf-8")), "utf-8")
    else:
        sys.stdout.write(layout())


if __name__ == "__main__":
    main()
