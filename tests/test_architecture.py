"""The house rules, proven from every import statement (module level and inside functions alike):
configurator/ is the domain and never imports Qt or ui/ (only the launcher configurator/__main__.py
starts the app); no import cycle anywhere; ui/ holds no tariff facts."""

from __future__ import annotations

import ast
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import configurator

ROOT = Path(__file__).resolve().parent.parent
LAUNCHER = "configurator.__main__"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    found = {}
    for top in ("configurator", "ui"):
        for path in sorted((ROOT / top).rglob("*.py")):
            found[module_name(path)] = path
    return found


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """Every module of the project that `name` imports, wherever the import statement stands. An import
    of a package's submodule counts as an import of that submodule; `from pkg import mod` as `pkg.mod`."""
    is_pkg = path.name == "__init__.py"
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                pkg = name.split(".") if is_pkg else name.split(".")[:-1]
                pkg = pkg[: len(pkg) - (node.level - 1)]
                base = ".".join([*pkg, base] if base else pkg)
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
        for t in targets:
            while t and t not in known:
                t = t.rpartition(".")[0]
            if t and t != name:
                out.add(t)
    return out


def import_graph() -> dict[str, set[str]]:
    mods = modules()
    known = set(mods)
    return {name: imports_of(name, path, known) for name, path in mods.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(n: str) -> list[str] | None:
        state[n] = 1
        stack.append(n)
        for m in sorted(graph.get(n, ())):
            if state.get(m) == 1:
                return [*stack[stack.index(m) :], m]
            if m not in state and (cycle := visit(m)):
                return cycle
        stack.pop()
        state[n] = 2
        return None

    for n in sorted(graph):
        if n not in state and (cycle := visit(n)):
            return cycle
    return None


def test_the_import_graph_sees_imports_inside_functions() -> None:
    graph = import_graph()
    # cli imports the order loader only inside its command functions
    assert "configurator.order.document" in graph["configurator.cli"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_cycle_at_all() -> None:
    assert find_cycle(import_graph()) is None


def test_the_core_never_imports_ui_or_qt_in_any_statement() -> None:
    for name, path in modules().items():
        if not name.startswith("configurator") or name == LAUNCHER:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                names = [node.module or ""]
            for n in names:
                assert n.split(".")[0] not in {"ui", "PySide6", "shiboken6"}, f"{name} imports {n}"


def test_configurator_never_imports_qt() -> None:
    mods = [
        m.name for m in pkgutil.walk_packages(configurator.__path__, "configurator.") if m.name != LAUNCHER
    ]
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in mods)
        + ("print(sorted({m.split('.')[0] for m in sys.modules} & {'PySide6', 'shiboken6', 'ui'}))")
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert r.stdout.strip() == "[]"
    assert len(mods) >= 8


def test_ui_cites_no_article_and_holds_no_price() -> None:
    for path in (ROOT / "ui").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"第[0-9０-９]+条", text), path
        assert not re.search(r"\d[\d,]*円", text), path
