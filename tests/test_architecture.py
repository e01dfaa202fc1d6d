"""The direction of imports inside the app (docs/architecture.md).

The import graph is read from the source with ``ast``, without importing anything. The rule:

- Every import counts, wherever it stands: at module level, in a class body, in a function, under
  ``if TYPE_CHECKING:``. An import moved into a function to dodge a cycle still makes the two
  modules depend on each other; so does a type-only import, whose cycle the type checker walks.
- ``import a.b`` and ``from a.b import c`` are edges to the module ``a.b`` (or ``a.b.c`` when that
  is a module of the app); relative imports are resolved against the importing module.
- The graph is checked twice: between modules, and between components, a sub-package of the app
  (``core/``, ``selectors/``, ``services/``, ``handout/``, ``views/``, …) counting as one component
  and each module directly under ``triggerfinder/`` as one. A sub-package whose
  modules lean on a module that leans back on the sub-package is a cycle in design even when no
  single module imports itself round the loop.
- Migrations are left out: Django writes them, and they import nothing of the app's code.

The components stand in layers (``LAYERS``, as in docs/architecture.md): an import goes to the
same layer or one below, never up. Views never use the ORM (``test_no_orm_in_views``).

Separately, ``triggerfinder/core/`` is the pure core: it imports the standard library and other
modules of the core, nothing else (no Django, no ORM, no other part of the app, no third party).
``triggerfinder/bodymap/`` (the body map's geometry and marks, asset data) is pure the same way:
the standard library and its own modules only.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = "triggerfinder"
ROOT = Path(__file__).resolve().parent.parent / PACKAGE


def _modules() -> dict[str, tuple[Path, bool]]:
    """Dotted name → (file, is a package's __init__)."""
    found = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
        if "migrations" in parts:
            continue
        is_package = parts[-1] == "__init__"
        if is_package:
            parts.pop()
        found[".".join(parts)] = (path, is_package)
    return found


MODULES = _modules()


def _imported_names(module: str, path: Path, is_package: bool) -> list[tuple[str, int]]:
    """Every dotted name the module imports, anywhere in it, with its line."""
    here = module if is_package else module.rpartition(".")[0]
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here.split(".")[: len(here.split(".")) - (node.level - 1)]
                source = ".".join([*base, node.module] if node.module else base)
            else:
                source = node.module or ""
            names.append((source, node.lineno))
            names += [(f"{source}.{alias.name}", node.lineno) for alias in node.names]
    return names


def _own_module(name: str) -> str | None:
    """The app's module a dotted name lives in (the longest match), None outside the app."""
    while name:
        if name in MODULES:
            return name
        name = name.rpartition(".")[0]
    return None


def module_graph() -> dict[str, dict[str, str]]:
    """Module → {imported module of the app: where (file:line)}."""
    graph: dict[str, dict[str, str]] = {}
    for module, (path, is_package) in MODULES.items():
        edges = graph.setdefault(module, {})
        for name, line in _imported_names(module, path, is_package):
            target = _own_module(name)
            if target is not None and target not in (module, PACKAGE):
                edges.setdefault(target, f"{path.relative_to(ROOT.parent)}:{line}")
    return graph


def component(module: str) -> str:
    parts = module.split(".")
    head = ".".join(parts[:2])
    return head if len(parts) > 2 or MODULES.get(head, (None, False))[1] else module


def component_graph() -> dict[str, dict[str, str]]:
    graph: dict[str, dict[str, str]] = {}
    for module, edges in module_graph().items():
        own = graph.setdefault(component(module), {})
        for target, where in edges.items():
            if component(target) != component(module):
                own.setdefault(component(target), f"{module} → {target} ({where})")
    return graph


def cycles(graph: dict[str, dict[str, str]]) -> list[list[str]]:
    """The strongly connected components with more than one node (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, {}):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            members = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                members.append(member)
                if member == node:
                    break
            if len(members) > 1:
                found.append(sorted(members))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def _describe(graph: dict[str, dict[str, str]], cycle: list[str]) -> str:
    edges = [f"  {a} → {b}: {graph[a][b]}" for a in cycle for b in cycle if b in graph[a]]
    return " ↔ ".join(cycle) + "\n" + "\n".join(edges)


def test_the_graph_sees_the_app() -> None:
    graph = module_graph()
    assert len(graph) > 40
    assert "triggerfinder.core.gate" in graph["triggerfinder.selectors.decisions"]
    assert component("triggerfinder.handout.render") == "triggerfinder.handout"
    assert component("triggerfinder.selectors") == "triggerfinder.selectors"


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b": ""}, "b": {"c": ""}, "c": {"a": ""}, "d": {"a": ""}}
    assert cycles(graph) == [["a", "b", "c"]]


def test_no_import_cycle_between_modules() -> None:
    graph = module_graph()
    found = cycles(graph)
    assert not found, "import cycles between modules:\n" + "\n".join(_describe(graph, c) for c in found)


def test_no_import_cycle_between_components() -> None:
    graph = component_graph()
    found = cycles(graph)
    assert not found, "import cycles between components:\n" + "\n".join(_describe(graph, c) for c in found)


# The layers of docs/architecture.md, from the bottom up. A component imports only components of
# its own layer or of a layer below; a new component must be placed here before it imports
# anything (the test names it).
LAYERS = (
    ("core", "bodymap"),  # pure
    ("types", "conf"),
    ("models",),
    ("security",),
    ("selectors",),  # reads
    ("presentation", "handout"),  # outputs: plain dicts in one language, the PDF
    ("services",),  # writes (the privacy export prints with the handout's PDF pieces)
    ("forms", "admin", "views", "management", "templatetags", "checks"),  # the edge
    ("apps", "urls"),
)
LAYER_OF = {f"{PACKAGE}.{name}": level for level, names in enumerate(LAYERS) for name in names}


def upward_imports(graph: dict[str, dict[str, str]]) -> list[str]:
    """Every import of a component from a higher layer, or from or of a component in no layer."""
    found = []
    for source, targets in sorted(graph.items()):
        for target, where in sorted(targets.items()):
            if PACKAGE in (source, target) or source == target:
                continue
            if source not in LAYER_OF or target not in LAYER_OF:
                found.append(f"{source} → {target} ({where}): place the new component in LAYERS")
            elif LAYER_OF[target] > LAYER_OF[source]:
                found.append(
                    f"{source} (layer {LAYER_OF[source]}) → {target} (layer {LAYER_OF[target]}) at {where}"
                )
    return found


def test_every_component_has_a_layer() -> None:
    assert set(component_graph()) - {PACKAGE} <= set(LAYER_OF)


def test_the_layer_check_sees_an_upward_import() -> None:
    graph = {f"{PACKAGE}.models": {f"{PACKAGE}.services": "models/x.py:1"}, f"{PACKAGE}.services": {}}
    assert upward_imports(graph) == [
        f"{PACKAGE}.models (layer 2) → {PACKAGE}.services (layer 6) at models/x.py:1"
    ]


def test_imports_go_down_the_layers() -> None:
    found = upward_imports(component_graph())
    assert not found, "imports against the layers (docs/architecture.md):\n" + "\n".join(found)


PURE_PACKAGES = (f"{PACKAGE}.core", f"{PACKAGE}.bodymap")


@pytest.mark.parametrize("pure", PURE_PACKAGES)
def test_the_pure_packages_import_only_the_standard_library_and_themselves(pure: str) -> None:
    inside = [m for m in MODULES if m == pure or m.startswith(pure + ".")]
    assert len(inside) > 1, pure  # the rule sees the package's modules
    impure = []
    for module in inside:
        path, is_package = MODULES[module]
        for name, line in _imported_names(module, path, is_package):
            top = name.split(".")[0]
            if (
                name == pure
                or name.startswith(pure + ".")
                or (top != PACKAGE and top in sys.stdlib_module_names)
            ):
                continue
            impure.append(f"{path.relative_to(ROOT.parent)}:{line} imports {name}")
    assert not impure, f"{pure} imports outside the standard library and itself:\n" + "\n".join(impure)


# What a view may not touch: the database is read through ``selectors`` and written through
# ``services``. Querysets' own methods that no other object in the views has are named here; the
# ambiguous ones (``get``, ``all``, ``first``, ``values``, ``update``…) are left to review.
ORM_ATTRIBUTES = {
    "objects",
    "_base_manager",
    "_default_manager",
    "filter",
    "exclude",
    "order_by",
    "select_related",
    "prefetch_related",
    "values_list",
    "annotate",
    "aggregate",
    "select_for_update",
    "bulk_create",
    "bulk_update",
    "get_or_create",
    "update_or_create",
}
ORM_IMPORTS = ("django.db", "django.shortcuts.get_object_or_404", "django.shortcuts.get_list_or_404")


def orm_uses(source: str, where: str) -> list[str]:
    """Where a module's source reaches for the ORM: ``where:line what``."""
    found = []
    for node in ast.walk(ast.parse(source, where)):
        if isinstance(node, ast.Attribute) and node.attr in ORM_ATTRIBUTES:
            found.append(f"{where}:{node.lineno} .{node.attr}")
            continue
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and not node.level:
            names = [node.module or "", *(f"{node.module}.{alias.name}" for alias in node.names)]
        else:
            continue
        for name in names:
            if any(name == banned or name.startswith(banned + ".") for banned in ORM_IMPORTS):
                found.append(f"{where}:{node.lineno} imports {name}")
    return found


def test_the_orm_check_sees_the_orm() -> None:
    source = (
        "from django.db import transaction\n"
        "from django.shortcuts import get_object_or_404, render\n"
        "import django.db.models\n"
        "def view(request, client):\n"
        "    Client.objects.all()\n"
        "    client.plans.filter(status='x').order_by('pk')\n"
        "    render(request, 'x.html', {'n': {}.values(), 'm': filter(None, [])})\n"
    )
    assert sorted(use.split(" ", 1)[1] for use in orm_uses(source, "sample.py")) == [
        ".filter",
        ".objects",
        ".order_by",
        "imports django.db",
        "imports django.db.models",
        "imports django.db.transaction",
        "imports django.shortcuts.get_object_or_404",
    ]


def test_no_orm_in_views() -> None:
    """Views parse, call selectors and services, render: no query and no write of their own."""
    found = [
        use
        for path in sorted((ROOT / "views").rglob("*.py"))
        for use in orm_uses(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT.parent)))
    ]
    assert not found, "the ORM in views (read through selectors, write through services):\n" + "\n".join(
        found
    )
