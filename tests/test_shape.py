"""The package's shape: the folder list is the pipeline, and imports run one
way along it. Each stage may import the foundation and the stages before it,
never one after it; no two modules import each other, directly or round a
circle. Imports inside functions count (read from the source, not from what
happens to be loaded)."""
import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "briefgen"

# In the order data flows; a module may import its own stage and those above it.
STAGES = (
    ("foundation", ("briefgen.errors", "briefgen.paths")),
    ("reading the record", ("briefgen.record",)),
    ("drafting a record from its source page", ("briefgen.draft",)),
    ("the document's view", ("briefgen.view",)),
    ("rendering", ("briefgen.render",)),
    ("writing outputs", ("briefgen.output",)),
    ("rebuilding", ("briefgen.rebuild",)),
    ("live commands", ("briefgen.live",)),
    ("the command line", ("briefgen.cli", "briefgen.scaffold", "briefgen.__main__")),
)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imported(name: str, path: Path) -> set[str]:
    """The package's modules `name` imports, anywhere in its source."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = ".".join(package[:len(package) - node.level + 1]) if node.level else ""
            module = ".".join(filter(None, (base, node.module)))
            targets = [module] + [f"{module}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target and target not in (name, "briefgen"):
                found.add(target)
    return found


IMPORTS = {name: imported(name, path) for name, path in MODULES.items()}


def stage_of(name: str) -> int:
    for index, (_, prefixes) in enumerate(STAGES):
        if any(name == p or name.startswith(p + ".") for p in prefixes):
            return index
    raise AssertionError(f"{name} is in no stage: add it to STAGES, in the pipeline's order")


def test_every_module_is_in_a_stage():
    for name in MODULES:
        if name != "briefgen":
            stage_of(name)


def test_imports_run_one_way_along_the_pipeline():
    backwards = [f"{name} ({STAGES[stage_of(name)][0]}) imports {target} ({STAGES[stage_of(target)][0]})"
                 for name, targets in IMPORTS.items() if name != "briefgen"
                 for target in sorted(targets) if stage_of(target) > stage_of(name)]
    assert not backwards, "\n".join(backwards)


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index, low, stack, on, found = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_no_two_modules_import_each_other():
    assert not circles(IMPORTS), circles(IMPORTS)


@pytest.mark.parametrize("graph, expected", [
    ({"a": {"b"}, "b": {"a"}}, [["a", "b"]]),
    ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, [["a", "b", "c"]]),
    ({"a": {"b"}, "b": set()}, []),
])
def test_circles_are_found(graph, expected):
    """The check itself: a circle of two or three modules is found, a line is not."""
    assert circles(graph) == expected


def test_an_import_inside_a_function_counts(tmp_path):
    source = tmp_path / "m.py"
    source.write_text("def f():\n    from .live import serve\n")
    assert "briefgen.live.serve" in imported("briefgen.m", source)
