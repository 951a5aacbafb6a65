"""The package's layering: data flows one way through the stages, and no two modules import each other.

Every import counts (module level, inside functions, under TYPE_CHECKING): a lazy import still ties two
modules together.
"""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

import creator_kit

PACKAGE_DIR = Path(creator_kit.__file__).parent

STAGES = (
    ("plumbing", {"creator_kit", "errors", "paths", "atomic", "processes"}),
    ("text", {"text"}),
    ("speech", {"speech"}),
    ("inputs", {"inputs"}),
    ("resources", {"resources"}),
    ("documents", {"documents"}),
    ("planning", {"planning"}),
    ("paint", {"paint"}),
    ("encode", {"encode"}),
    ("guidelines", {"guidelines"}),
    ("output", {"output"}),
    ("batch", {"batch"}),
    ("review", {"review"}),
    ("cli", {"cli", "__main__"}),
)
"""The stages in the order data flows; a module may import its own stage and the ones before it."""


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def stage_of(module: str) -> int:
    parts = module.split(".")
    first = parts[1] if len(parts) > 1 else "creator_kit"
    for rank, (_, members) in enumerate(STAGES):
        if first in members:
            return rank
    raise AssertionError(f"{module} belongs to no stage: add it to STAGES in {Path(__file__).name}")


def imported_modules(path: Path, known: set[str]) -> set[str]:
    """The package's modules that `path` imports (`from X import name` counts X.name when that is a module)."""
    module = module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                source = f"{base}.{node.module}" if node.module else base
            else:
                source = node.module or ""
            found.add(source)
            found |= {f"{source}.{alias.name}" for alias in node.names if f"{source}.{alias.name}" in known}
    return {name for name in found if name in known and name != module}


def import_graph() -> dict[str, set[str]]:
    paths = sorted(PACKAGE_DIR.rglob("*.py"))
    known = {module_name(path) for path in paths}
    return {module_name(path): imported_modules(path, known) for path in paths}


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    problems = []
    for module, imports in sorted(graph.items()):
        for imported in sorted(imports):
            if imported == "creator_kit" or stage_of(imported) <= stage_of(module):
                continue
            problems.append(
                f"{module} ({STAGES[stage_of(module)][0]}) imports {imported} ({STAGES[stage_of(imported)][0]})"
            )
    return problems


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Groups of modules that import each other, directly or around a loop (Tarjan's strongly connected
    components with more than one member)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph[module]:
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return groups


def test_every_module_belongs_to_a_stage():
    for module in import_graph():
        stage_of(module)


def test_no_import_points_from_an_earlier_stage_to_a_later_one():
    assert upward_imports(import_graph()) == []


def test_no_modules_import_each_other():
    assert cycles(import_graph()) == []


def test_the_graph_sees_lazy_and_relative_imports():
    graph = import_graph()
    assert "creator_kit.output.render" in graph["creator_kit.cli"]  # imported inside a command
    assert "creator_kit.planning.plan" in graph["creator_kit.guidelines.facts"]  # under TYPE_CHECKING


def test_upward_imports_and_cycles_are_found():
    graph = {
        "creator_kit.text.layout": {"creator_kit.output.render"},
        "creator_kit.output.render": {"creator_kit.text.layout"},
    }
    assert upward_imports(graph) == ["creator_kit.text.layout (text) imports creator_kit.output.render (output)"]
    assert cycles(graph) == [["creator_kit.output.render", "creator_kit.text.layout"]]


def test_each_stage_says_what_it_owns_and_may_import():
    for init in sorted(PACKAGE_DIR.glob("*/__init__.py")):
        docstring = ast.get_docstring(ast.parse(init.read_text("utf-8"))) or ""
        assert "May import:" in docstring, f"{init.parent.name}/__init__.py does not say what it may import"


def test_the_documented_layout_is_the_tree():
    spec = importlib.util.spec_from_file_location(
        "package_layout", PACKAGE_DIR.parent / "scripts" / "package_layout.py"
    )
    package_layout = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(package_layout)
    assert [document.name for document in package_layout.DOCUMENTS] == ["design.md"]
    for document in package_layout.DOCUMENTS:
        text = document.read_text("utf-8")
        assert text.count(package_layout.MARKER) == 2, f"{document.name} has lost its layout block"
        assert package_layout.with_layout(text) == text, (
            f"run `python scripts/package_layout.py --write` ({document.name})"
        )
