"""The layering of the three packages, read from their source with ``ast``: no import cycles
(a module may only import what does not import it back, directly or not) and no Textual below
``tutor/`` (the grader and the content are usable without a terminal UI). Imports only a type
checker sees (``if TYPE_CHECKING:``) are left out; imports inside functions count, since they
run too."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("grader", "exercises", "tutor")
CONTENT = (("exercises", "packs"), ("exercises", "templates"))
"""Exercise content (references, starters), not part of the package's code."""


def modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[:2] in CONTENT:
                continue
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _type_checking_only(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imported(path: Path, name: str, known: set[str]) -> set[str]:
    """The modules of ``known`` that ``path`` (module ``name``) imports, and every other
    top-level module name it imports (``textual``, ``numpy``…)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    stack: list[ast.AST] = [ast.parse(path.read_text(encoding="utf-8"))]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _type_checking_only(node):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            stack.extend(ast.iter_child_nodes(node))
            continue
        for target in targets:
            while target and target not in known and "." in target:
                target = target.rpartition(".")[0]
            if target in known:
                out.add(target)
            elif target:
                out.add(target.split(".")[0])
    out.discard(name)
    return out


def graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    return {name: imported(path, name, known) for name, path in found.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start] & edges.keys())))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child] & edges.keys()))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return found


def test_the_packages_have_no_import_cycle():
    assert cycles(graph()) == []


def test_textual_is_imported_by_the_tutor_only():
    below = {
        name: sorted(targets & {"textual", "rich"})
        for name, targets in graph().items()
        if not name.startswith("tutor")
    }
    assert {name: found for name, found in below.items() if found} == {}


def test_the_grader_and_the_content_never_import_the_tutor():
    upward = {
        name: sorted(t for t in targets if t.startswith("tutor"))
        for name, targets in graph().items()
        if not name.startswith("tutor")
    }
    assert {name: found for name, found in upward.items() if found} == {}
    content = {
        name: sorted(t for t in targets if t.startswith("grader"))
        for name, targets in graph().items()
        if name.startswith("exercises")
    }
    assert {name: found for name, found in content.items() if found} == {}


def test_the_cycle_finder_finds_cycles():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_tutors_first_screen_imports_neither_numpy_nor_sympy():
    """Both load later, off the first screen's path (numpy alone is ~45 ms of the 0.8 s
    start-up budget; the family machinery that brings it was ~100 ms)."""
    import subprocess
    import sys

    probe = "import sys, tutor.app; print(sorted({'numpy', 'sympy'} & set(sys.modules)))"
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert loaded.strip() == "[]"
