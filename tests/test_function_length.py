"""No function of the package runs over 60 lines, read from the source with ``ast``.

A long function chains rules a reader has to hold in mind at once; split it into
named steps, each with a docstring that says what it does and why. The length is
``end_lineno - lineno + 1`` of the ``def`` (decorators aside, docstring included).
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "summarize"
MAX_LINES = 60

# Still long, and being rewritten on other branches; an entry goes when its function is split.
ALLOWED: frozenset[str] = frozenset()


def function_lengths(source: str, path: str) -> dict[str, int]:
    """``{"path:qualified.name": lines}`` for every function and method in ``source``, nested ones too."""
    lengths: dict[str, int] = {}

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = f"{prefix}.{child.name}" if prefix else child.name
                if not isinstance(child, ast.ClassDef):
                    lengths[f"{path}:{name}"] = child.end_lineno - child.lineno + 1
                visit(child, name)
            else:
                visit(child, prefix)

    visit(ast.parse(source, filename=path), "")
    return lengths


def _package_lengths() -> dict[str, int]:
    lengths: dict[str, int] = {}
    for file in sorted(PACKAGE.rglob("*.py")):
        relative = file.relative_to(PACKAGE.parent).as_posix()
        lengths.update(function_lengths(file.read_text(encoding="utf-8"), relative))
    return lengths


LENGTHS = _package_lengths()


def test_no_function_of_the_package_is_over_60_lines():
    long = {name: lines for name, lines in LENGTHS.items() if lines > MAX_LINES and name not in ALLOWED}
    assert not long, f"split these into named steps of at most {MAX_LINES} lines: {long}"


def test_every_allowed_function_exists_and_is_still_long():
    # An entry whose function was split (or renamed) must go, or it would let the function grow back.
    stale = {name: LENGTHS.get(name) for name in ALLOWED if LENGTHS.get(name, 0) <= MAX_LINES}
    assert not stale, f"remove these from ALLOWED: {stale}"


def test_lengths_count_nested_functions_and_methods_by_qualified_name():
    source = "def f():\n    def g():\n        pass\n    return g\n\n\nclass C:\n    def m(self):\n        return 1\n"
    assert function_lengths(source, "x.py") == {"x.py:f": 4, "x.py:f.g": 2, "x.py:C.m": 2}
    assert function_lengths("", "x.py") == {}
