"""An import-linter contract the built-in types cannot express: the boundaries between the modules listed in
the module registry (``junheng.modules.MODULES``), so a new module is held by it without editing the config.

- A module reads another module only through its published ``api`` or its pure ``core``: never through its
  store, web, cli, reports, readers or demo. The registry's shared nouns (``junheng.registry``) are open to all.
- No import cycles anywhere in ``junheng`` (module level, function-level imports included).
"""

from __future__ import annotations

import grimp
from importlinter import Contract, ContractCheck, output

INTERNAL_ROOMS = ("store", "web", "cli", "reports", "readers", "demo")
SHARED = ("registry",)


def _module_of(name: str, modules: set[str]) -> tuple[str | None, str]:
    parts = name.split(".")
    if len(parts) >= 2 and parts[0] == "junheng" and parts[1] in modules:
        return parts[1], parts[2] if len(parts) > 2 else ""
    return None, ""


def _cycles(graph: grimp.ImportGraph, names: list[str]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    edges = {n: sorted(m for m in graph.find_modules_directly_imported_by(n) if m.startswith("junheng."))
             for n in names}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for root in names:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            targets = edges.get(node, [])
            if i < len(targets):
                work.append((node, i + 1))
                nxt = targets[i]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            for t in targets:
                if t in on_stack:
                    low[node] = min(low[node], low[t])
            if low[node] == index[node]:
                component = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    component.append(w)
                    if w == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


class ModuleBoundariesContract(Contract):
    type_name = "module_boundaries"

    def check(self, graph: grimp.ImportGraph, verbose: bool) -> ContractCheck:
        from junheng.modules import MODULES

        modules = {m.name for m in MODULES}
        names = sorted(n for n in graph.modules if n.startswith("junheng."))
        crossings = []
        for importer in names:
            source, _ = _module_of(importer, modules)
            if source is None:
                continue
            for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                target, room = _module_of(imported, modules)
                if target and target != source and target not in SHARED and room in INTERNAL_ROOMS:
                    crossings.append((importer, imported))
        cycles = _cycles(graph, names)
        return ContractCheck(kept=not crossings and not cycles,
                             metadata={"crossings": crossings, "cycles": cycles})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for importer, imported in check.metadata["crossings"]:
            output.print_error(f"{importer} imports {imported}: read another module through its api or core")
        for cycle in check.metadata["cycles"]:
            output.print_error("import cycle: " + " <-> ".join(cycle))
