"""The package's layout follows the pipeline: each layer imports only from the layers above it.

The imports are read from the source (ast), function-level imports included, so a lazy import
cannot hide an upward arrow or a cycle.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "rm_course"

# From the top of the pipeline to its end; a module may import from its own layer and those before it.
LAYERS = (
    ("rm_course", "rm_course.errors", "rm_course.paths", "rm_course.resources"),
    ("rm_course.content",),
    ("rm_course.planning",),
    ("rm_course.render",),
    ("rm_course.generators",),
    ("rm_course.build",),
    ("rm_course.commands",),
    ("rm_course.cli", "rm_course.__main__"),
)

MAX_MODULE_LINES = 350
MAX_FUNCTION_LINES = 60


def module_name(path: Path) -> str:
    parts = ("rm_course",) + path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def is_package(name: str) -> bool:
    return modules()[name].name == "__init__.py"


def layer(name: str) -> int:
    for i, prefixes in enumerate(LAYERS):
        if any(name == p or (p != "rm_course" and name.startswith(p + ".")) for p in prefixes):
            return i
    raise AssertionError(f"{name} belongs to no layer; add it to LAYERS")


@cache
def imports(name: str) -> tuple[tuple[str, tuple[str, ...], int], ...]:
    """(module imported, names imported from it, line) for every import of the package's own modules."""
    tree = ast.parse(modules()[name].read_text("utf-8"))
    package = name if is_package(name) else name.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(a.name, (), node.lineno) for a in node.names if a.name.split(".")[0] == "rm_course"]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            elif (node.module or "").split(".")[0] == "rm_course":
                target = node.module
            else:
                continue
            names = tuple(a.name for a in node.names)
            submodules = [f"{target}.{n}" for n in names if f"{target}.{n}" in modules()]
            for sub in submodules:  # `from . import pdf`: the module pdf
                found.append((sub, (), node.lineno))
            rest = tuple(n for n in names if f"{target}.{n}" not in modules())
            if rest or not submodules:
                found.append((target, rest, node.lineno))
    return tuple(found)


def graph() -> dict[str, set[str]]:
    return {name: {target for target, _, _ in imports(name) if target in modules()} for name in modules()}


def test_every_import_names_a_module_of_the_package():
    missing = [f"{name}:{line}: {target}" for name in modules() for target, _, line in imports(name)
               if target not in modules()]
    assert not missing, missing


def test_no_module_imports_from_a_later_layer():
    upward = [f"{name}:{line} imports {target}" for name in modules() for target, _, line in imports(name)
              if target in modules() and layer(target) > layer(name)]
    assert not upward, "\n".join(upward)


def test_there_is_no_import_cycle():
    edges = graph()
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(name: str, path: list[str]) -> None:
        state[name] = 1
        for target in sorted(edges[name]):
            if state.get(target) == 1:
                cycles.append(path[path.index(target):] + [target])
            elif target not in state:
                visit(target, path + [target])
        state[name] = 2

    for name in sorted(edges):
        if name not in state:
            visit(name, [name])
    assert not cycles, "\n".join(" → ".join(c) for c in cycles)


def test_no_private_name_is_imported_from_another_module():
    private = [f"{name}:{line}: {n} from {target}" for name in modules() for target, names, line in imports(name)
               for n in names if n.startswith("_") and not n.startswith("__")]
    assert not private, "\n".join(private)


@pytest.mark.parametrize("name", sorted(modules()))
def test_modules_and_functions_stay_small(name):
    source = modules()[name].read_text("utf-8")
    assert len(source.splitlines()) <= MAX_MODULE_LINES, f"{name} has more than {MAX_MODULE_LINES} lines"
    long = [f"{node.name} (line {node.lineno}): {node.end_lineno - node.lineno + 1} lines"
            for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES]
    assert not long, f"{name}: " + "; ".join(long)


def test_the_layers_test_sees_the_known_arrows():
    """The walk itself works: a few imports that must be there are found."""
    edges = graph()
    assert "rm_course.content.project" in edges["rm_course.content.load"]
    assert "rm_course.build.pdf" in edges["rm_course.build.pool"]  # `from . import pdf`
    assert "rm_course.generators.outputs" in edges["rm_course.build.engine"]
