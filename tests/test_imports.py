"""The package's import graph, read from the source with ``ast`` (nothing is imported).

Every ``import`` counts, at module level, inside functions and under
``TYPE_CHECKING`` alike: an import hidden in a function is still a dependency,
and a cycle it closes only shows up when that function runs.

A stage reads the text layer (``summarize.text``) and the shared types, never a
sibling stage: the pipeline alone wires the stages together.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "summarize"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


MODULES = _modules()


def _imports(name: str, path: Path) -> list[tuple[str, str | None]]:
    """(module imported, name taken from it or None) for every import of a ``summarize`` module."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: list[tuple[str, str | None]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, None) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join([*base, node.module] if node.module else base)
            else:
                source = node.module or ""
            for alias in node.names:
                # "from summarize.stages import clean" imports the module summarize.stages.clean.
                submodule = f"{source}.{alias.name}"
                found.append((submodule, None) if submodule in MODULES else (source, alias.name))
    return [(module, taken) for module, taken in found if module.split(".")[0] == "summarize"]


GRAPH = {name: sorted({m for m, _ in _imports(name, path) if m != name}) for name, path in MODULES.items()}


def _cycle(graph: dict[str, list[str]]) -> list[str]:
    """One import cycle of ``graph`` as a list of modules (first repeated last), or []."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for nxt in graph.get(node, ()):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return []

    for node in graph:
        if node not in state and (found := visit(node)):
            return found
    return []


def test_the_walk_reads_the_whole_package():
    assert {"summarize.pipeline", "summarize.stages.generate", "summarize.generation.abstractive"} <= MODULES.keys()
    assert "summarize.generation.abstractive" in GRAPH["summarize.stages.generate"]  # imported inside a function


def test_every_import_names_a_module_of_the_package():
    unknown = {(name, m) for name, targets in GRAPH.items() for m in targets if m not in MODULES}
    assert not unknown


def test_the_package_has_no_import_cycle():
    assert _cycle(GRAPH) == []


def test_the_cycle_finder_finds_a_cycle_through_a_function_level_import():
    assert _cycle({"a": ["b"], "b": ["c"], "c": ["a"], "d": ["a"]}) == ["a", "b", "c", "a"]
    assert _cycle({"a": ["b"], "b": [], "c": ["a", "b"]}) == []
    assert _cycle({}) == []


def test_no_stage_imports_the_pipeline_that_runs_it():
    upward = {
        name
        for name, targets in GRAPH.items()
        if name.startswith("summarize.stages.") and "summarize.pipeline" in targets
    }
    assert not upward


def test_no_module_takes_a_private_name_from_another():
    # Dunders such as __version__ are public by convention.
    private = {
        (name, f"{module}.{taken}")
        for name, path in MODULES.items()
        for module, taken in _imports(name, path)
        if taken and taken.startswith("_") and not taken.endswith("__") and module != name
    }
    assert not private


def test_the_generation_helpers_import_no_stage():
    # The generate stage imports them; an import back is the cycle this package once had.
    upward = {(name, m) for name, targets in GRAPH.items() if name.startswith("summarize.generation") for m in targets}
    assert not {(name, m) for name, m in upward if m.startswith(("summarize.stages", "summarize.pipeline"))}


def test_the_text_layer_and_the_shared_types_import_nothing_above_them():
    bottom = ("summarize.text", "summarize.types", "summarize.results")
    allowed = ("summarize.text", "summarize.types", "summarize.config")
    above = {
        (name, m)
        for name, targets in GRAPH.items()
        if name.startswith(bottom)
        for m in targets
        if not m.startswith(allowed)
    }
    assert not above


def _stage_imports(graph: dict[str, list[str]]) -> set[tuple[str, str]]:
    """(stage, stage it imports) for every stage of ``graph`` importing another."""
    stages = "summarize.stages."
    return {
        (name, m) for name, targets in graph.items() if name.startswith(stages) for m in targets if m.startswith(stages)
    }


def test_no_stage_imports_another_stage():
    # The text layer importing no stage is part of
    # test_the_text_layer_and_the_shared_types_import_nothing_above_them.
    assert _stage_imports(GRAPH) == set()


def test_the_stage_check_sees_a_sibling_import_and_allows_the_text_layer():
    graph = {
        "summarize.stages.select": ["summarize.stages.themes", "summarize.text.words"],
        "summarize.stages.themes": ["summarize.text.names", "summarize.types"],
        "summarize.pipeline": ["summarize.stages.select", "summarize.stages.themes"],
    }
    assert _stage_imports(graph) == {("summarize.stages.select", "summarize.stages.themes")}
