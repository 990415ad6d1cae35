"""The house map holds: imports go down the layers of docs/architecture.md, never up, and the
imports made when a module loads form no cycle.

Every module under copress/ and filters/ is read with `ast` (nothing is imported). An import of
another copress module counts wherever it is written; one inside a function (or under
`if TYPE_CHECKING:`) is *lazy*. The rules:

1. Top-level imports form a DAG: no module needs, while it loads, a module that needs it.
2. Every import, lazy or not, goes to the importer's own layer or a lower one: laziness changes
   when a dependency loads, not which way it points.
3. Lazy imports may close a cycle (that is what they are for), but each such cycle is listed in
   LAZY_CYCLES with its reason, so a new one is a decision, not an accident.
4. Every module is placed in LAYERS, so a new module must be given a layer here (and in
   docs/architecture.md).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import REPO

pytestmark = pytest.mark.fast

# Lowest first; mirrors the table in docs/architecture.md (a test below holds the two together).
# A name covers the module itself and, if it is a package, everything in it; the longest
# matching name wins (so `copress.easyread.cli` is placed apart from `copress.easyread`).
# `copress` itself names only copress/__init__.py, not everything in the package.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("floor", ("copress", "copress.errors", "copress.findings", "copress.console",
               "copress.cache", "copress.gate", "copress.yamlfile", "copress.assets",
               "copress.htmlsafe", "copress.htmlkit", "copress.textkit", "copress.outputs", "copress.validators",
               "copress.targets", "copress.pdfmodel", "copress.messages")),
    ("models", ("copress.vocab", "copress.consent", "copress.contributors", "copress.project", "copress.journals",
                "copress.provenance")),
    ("document", ("copress.document", "copress.filterkit")),
    ("renderers", ("copress.render",)),
    ("domain", ("copress.article", "copress.guide", "copress.course", "copress.easyread",
                "copress.credit", "copress.signoff", "copress.submission")),
    ("filters", ("filters",)),
    ("editions", ("copress.editions",)),
    ("build", ("copress.build", "copress.inputs")),
    ("checks", ("copress.checks",)),
    ("workflows", ("copress.collab", "copress.roundtrip", "copress.scaffold", "copress.doctor",
                   "copress.ci", "copress.site")),
    ("cli", ("copress.cli", "copress.__main__", "copress.easyread.cli", "copress.site.cli",
             "copress.collab.signoff_command", "copress.credit.deposit_command",
             "copress.credit.command")),
]

# Imports that go up a layer today, each with why. Do not add to this list to make a new
# import pass: move the code (or the constant) down instead. Remove an entry once it is gone.
KNOWN_UPWARD: dict[tuple[str, str], str] = {}

# Cycles that exist only through lazy imports: the modules in each, and why the lazy import.
LAZY_CYCLES: dict[frozenset[str], str] = {
    frozenset({"copress.gate", "copress.assets"}):
        "a project's own pandoc template is read through the gate, and the gate allows "
        "copress's own asset folders",
    frozenset({"copress.render.pdf", "copress.render.pdf.weasy"}):
        "the fixes (and pikepdf) load only once a PDF has been rendered",
    frozenset({"copress.checks.history", "copress.checks.registry", "copress.checks.run"}):
        "the registry lists the history audit's rules, and the audit returns run.py's Report",
}

ROOTS = (REPO / "copress", REPO / "filters")
DOC = REPO / "docs" / "architecture.md"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def all_modules() -> dict[str, Path]:
    return {module_name(p): p for root in ROOTS for p in sorted(root.rglob("*.py"))}


MODULES = all_modules()


def _known(name: str) -> str | None:
    """`name` (a module, or a module.attribute) as the longest module it names."""
    parts = name.split(".")
    while parts and ".".join(parts) not in MODULES:
        parts.pop()
    return ".".join(parts) if parts else None


def _targets(module: str, path: Path, node: ast.Import | ast.ImportFrom) -> Iterator[str]:
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
        base = package[:len(package) - node.level + 1] if node.level else []
        start = ".".join(base + ([node.module] if node.module else []))
        # `from . import gate` names a module; `from .gate import refused` names an attribute.
        names = [f"{start}.{alias.name}" for alias in node.names]
    for name in names:
        found = _known(name)
        if found and found != module:
            yield found


def _is_type_checking(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def imports(module: str, path: Path) -> tuple[set[str], set[str]]:
    """(top-level imports, lazy imports) of copress modules that `module` makes."""
    top: set[str] = set()
    lazy: set[str] = set()

    def visit(node: ast.AST, is_lazy: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                (lazy if is_lazy else top).update(_targets(module, path, child))
            visit(child, is_lazy or _is_type_checking(child)
                  or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)))

    visit(ast.parse(path.read_text(), str(path)), False)
    return top, lazy - top


GRAPH = {module: imports(module, path) for module, path in MODULES.items()}


def layer_of(module: str) -> int | None:
    best: tuple[int, int] | None = None  # (length of the matching name, layer index)
    for index, (_, names) in enumerate(LAYERS):
        for name in names:
            if module == name or (name != "copress" and module.startswith(name + ".")):
                if best is None or len(name) > best[0]:
                    best = (len(name), index)
    return None if best is None else best[1]


def strongly_connected(edges: dict[str, set[str]]) -> list[set[str]]:
    """Tarjan's algorithm: the groups of modules that reach each other (groups of one left out
    unless the module imports itself)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1 or node in edges.get(node, ()):
                groups.append(group)

    for node in sorted(edges):
        if node not in index:
            connect(node)
    return groups


def test_the_map_reads_real_imports():
    # Guards the parser itself: a module known to import across layers, relative and absolute.
    assert {"copress.guide.models", "copress.render.pdf.worker", "copress.targets",
            "copress.article.sources"} <= GRAPH["copress.editions.guide"][0]
    assert "copress.gate" in GRAPH["copress.editions.article"][0]  # `from .. import gate`
    assert "copress.build" in GRAPH["copress.checks.run"][1]
    assert "copress.filterkit" in GRAPH["filters.credit"][0]


def test_every_module_has_a_layer():
    unplaced = sorted(m for m in MODULES if layer_of(m) is None)
    assert not unplaced, (f"place these modules in LAYERS (tests/test_layers.py) and in "
                          f"docs/architecture.md: {unplaced}")


def test_top_level_imports_form_no_cycle():
    cycles = strongly_connected({m: top for m, (top, _) in GRAPH.items()})
    assert not cycles, ("modules that import each other while they load (make one import lazy "
                        f"only if the layers allow it; better, move the shared code down): {cycles}")


def test_lazy_imports_close_only_the_listed_cycles():
    cycles = {frozenset(group) for group in
              strongly_connected({m: top | lazy for m, (top, lazy) in GRAPH.items()})}
    assert cycles == set(LAZY_CYCLES), (
        f"new: {[sorted(c) for c in cycles - set(LAZY_CYCLES)]}; "
        f"gone (remove from LAZY_CYCLES): {[sorted(c) for c in set(LAZY_CYCLES) - cycles]}")


def test_no_module_imports_a_higher_layer():
    upward = {}
    for module, (top, lazy) in GRAPH.items():
        for target in top | lazy:
            if layer_of(target) > layer_of(module):
                upward[(module, target)] = (f"{LAYERS[layer_of(module)][0]} → "
                                            f"{LAYERS[layer_of(target)][0]}")
    new = {edge: how for edge, how in upward.items() if edge not in KNOWN_UPWARD}
    assert not new, f"imports that go up a layer (docs/architecture.md): {new}"
    gone = set(KNOWN_UPWARD) - set(upward)
    assert not gone, f"these exceptions are fixed; remove them from KNOWN_UPWARD: {gone}"


def test_the_docs_table_matches_layers():
    # docs/architecture.md lists the layers as `| n | name | `module`, … |` rows, lowest first.
    rows = re.findall(r"^\| (\d+) \| (\w+) \| (.+) \|$", DOC.read_text(), flags=re.MULTILINE)
    documented = [(name, tuple(re.findall(r"`([\w.]+)`", cells))) for _, name, cells in rows]
    assert [int(n) for n, _, _ in rows] == list(range(len(LAYERS)))
    assert documented == LAYERS
