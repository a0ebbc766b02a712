"""The layout keeps its promises: imports point one way, nothing imports in a circle, only the
Shopify adapter knows its own errors, and the product never needs the demo store."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PORTAL = Path(__file__).resolve().parents[2] / "portal"

# What each part of the portal may import from the rest of it (besides itself). portal.metrics
# is kernel because every layer records events through it; it imports nothing of the portal.
KERNEL = {"portal.model", "portal.clock", "portal.failures", "portal.config", "portal.metrics"}
ALLOWED = {
    "web": {"lookup", "shopify", "shipping", "store"} | KERNEL,
    "lookup": {"shipping", "store"} | KERNEL,
    "shopify": {"shipping"} | KERNEL,
    "store": KERNEL,
    "shipping": KERNEL,
    "portal.model": set(),
    "portal.clock": set(),
    "portal.failures": set(),
    "portal.config": set(),
    "portal.metrics": set(),
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PORTAL.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every portal module or package that `path` imports, at any depth of the file."""
    found = set()
    package = _module_name(path) if path.name == "__init__.py" else _module_name(path).rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1]
                                + ([base] if base else []))
            found |= {f"{base}.{alias.name}" for alias in node.names} | {base}
    return {name for name in found if name == "portal" or name.startswith("portal.")}


def _part(module: str) -> str:
    """The room a module lives in: a subpackage's name, or a top-level kernel module."""
    parts = module.split(".")
    if len(parts) >= 2 and (PORTAL / parts[1]).is_dir():
        return parts[1]
    return ".".join(parts[:2])


PRODUCT = sorted(p for p in PORTAL.rglob("*.py") if "demo" not in p.relative_to(PORTAL).parts)
GRAPH = {_module_name(p): _imports(p) for p in PRODUCT}


def _existing(name: str) -> str:
    """`portal.web.views` for `portal.web.views.bp`: the module an imported name lives in."""
    while name not in GRAPH and "." in name:
        name = name.rsplit(".", 1)[0]
    return name


@pytest.mark.parametrize("module", sorted(m for m in GRAPH if m != "portal"))
def test_imports_point_one_way(module):
    part = _part(module)
    allowed = ALLOWED[part] | {part}
    wrong = {name for name in map(_existing, GRAPH[module])
             if name != "portal" and _part(name) not in allowed}
    assert not wrong, f"{module} ({part}) may not import {sorted(wrong)}"


def test_nothing_imports_in_a_circle():
    graph = {module: {_existing(name) for name in names} - {module, "portal"}
             for module, names in GRAPH.items()}
    # Packages' __init__ modules hold docstrings only, so edges to them carry no code.
    state: dict[str, str] = {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = "open"
        for target in sorted(graph.get(module, ())):
            if state.get(target) == "open":
                raise AssertionError("import cycle: " + " -> ".join(path + [module, target]))
            if target not in state:
                visit(target, path + [module])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [])


def test_only_the_adapter_knows_its_errors():
    outside = {module for module, names in GRAPH.items()
               if "portal.shopify.errors" in names and _part(module) != "shopify"}
    assert not outside


@pytest.mark.parametrize("path", PRODUCT, ids=lambda p: str(p.relative_to(PORTAL)))
def test_the_product_never_needs_the_demo_store_or_its_schema_tools(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    names |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not {n for n in names if n.startswith(("portal.demo", "graphql", "tests"))}


def test_production_requirements_hold_no_development_tools():
    pinned = (PORTAL.parent / "requirements.txt").read_text().lower()
    for tool in ("graphql-core", "pytest", "hypothesis", "playwright", "ruff", "mypy"):
        assert tool not in pinned
