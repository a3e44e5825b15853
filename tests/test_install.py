"""`pip install .` gives a tool that runs without the checkout, and the
package's declared dependencies (pyproject.toml) agree with the pinned lists
setup.sh installs (requirements*.txt) and with what the code imports."""
from __future__ import annotations

import ast
import http.client
import importlib.metadata as metadata
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from conftest import ISSUED, ROOT

# Declared though no module of the package imports it by name, and why.
INDIRECT = {"pillow": "pypdfium2's to_pil() draws thumbnails and preview pages with it"}
# The minister's card: the cheapest document (a build and a preview of it in each folder).
DOC = ("--relation", "qatar-nato", "--audience", "minister", "--doc", "card", "--lang", "ar")


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def declared() -> dict[str, Requirement]:
    """Every dependency pyproject.toml declares, the optional ones (extras) included."""
    project = pyproject()
    lines = project["dependencies"] + [d for extra in project.get("optional-dependencies", {}).values() for d in extra]
    return {canonicalize_name(r.name): r for r in map(Requirement, lines)}


def pins(name: str) -> dict[str, str]:
    """{package: version} of a requirements file (its own lines, not those it includes)."""
    found = {}
    for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line and not line.startswith("-"):
            package, version = line.split("==")
            found[canonicalize_name(package)] = version.strip()
    return found


def third_party_imports(folder: Path) -> dict[str, str]:
    """{top-level module: a file importing it} for absolute imports outside the standard library."""
    found = {}
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module else []
            for name in names:
                top = name.split(".")[0]
                local = (path.parent / f"{top}.py").is_file() or top in ("briefgen", "__future__")
                if top not in sys.stdlib_module_names and not local:
                    found.setdefault(top, str(path.relative_to(ROOT)))
    return found


def distributions_of(modules: dict[str, str]) -> dict[str, str]:
    """{distribution: a file importing it}; a module no installed distribution provides fails."""
    providers = metadata.packages_distributions()
    found = {}
    for module, where in modules.items():
        assert module in providers, f"{where} imports {module}, which no installed package provides"
        found.setdefault(canonicalize_name(providers[module][0]), where)
    return found


def needed_by(roots: set[str]) -> set[str]:
    """The distributions `roots` need, themselves included, as installed here:
    requirements that apply on this platform, with the extras asked for
    (weasyprint needs fonttools[woff], hence brotli and zopfli)."""
    environment, seen, todo = default_environment(), set(), [(name, frozenset()) for name in roots]
    while todo:
        name, extras = todo.pop()
        if (name, extras) in seen:
            continue
        seen.add((name, extras))
        try:
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            pytest.fail(f"{name} is pinned but not installed here: run ./setup.sh --dev")
        for line in requires:
            requirement = Requirement(line)
            if requirement.marker is None or any(requirement.marker.evaluate({**environment, "extra": extra})
                                                 for extra in extras | {""}):
                todo.append((canonicalize_name(requirement.name), frozenset(requirement.extras)))
    return {name for name, _ in seen}


def test_every_declared_dependency_is_pinned_inside_its_range():
    pinned = pins("requirements.txt")
    for name, requirement in declared().items():
        assert name in pinned, f"pyproject.toml declares {requirement}, which requirements.txt does not pin"
        assert requirement.specifier.contains(pinned[name], prereleases=True), (
            f"requirements.txt pins {name}=={pinned[name]}, outside pyproject.toml's {requirement}")


def test_the_package_declares_what_it_imports_and_nothing_else():
    imported = distributions_of(third_party_imports(ROOT / "briefgen"))
    declared_names = set(declared())
    missing = {name: where for name, where in imported.items() if name not in declared_names}
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"
    unused = declared_names - set(imported) - set(INDIRECT)
    assert not unused, f"declared in pyproject.toml but imported nowhere in briefgen/: {sorted(unused)}"


def test_the_pinned_lists_hold_what_is_needed_and_nothing_else():
    """requirements.txt: the declared dependencies and all they need; requirements-dev.txt
    adds what the tests and benchmarks import and all that needs (uv too, for this file,
    and pytest-xdist, which pytest.ini asks for)."""
    runtime = pins("requirements.txt")
    needed = needed_by(set(declared()))
    assert not needed - set(runtime), f"requirements.txt does not pin what is needed: {sorted(needed - set(runtime))}"
    assert not set(runtime) - needed, f"requirements.txt pins what nothing needs: {sorted(set(runtime) - needed)}"
    dev = set(pins("requirements-dev.txt"))
    tools = set(distributions_of({**third_party_imports(ROOT / "tests"), **third_party_imports(ROOT / "bench")}))
    needed = needed_by(tools | {"pytest", "pytest-xdist", "uv"}) - set(runtime)
    assert not needed - dev, f"requirements-dev.txt does not pin what tests need: {sorted(needed - dev)}"
    assert not dev - needed, f"requirements-dev.txt pins what no test needs: {sorted(dev - needed)}"


# -- the installed tool ------------------------------------------------------------

def uv() -> list[str]:
    """uv, from requirements-dev.txt: it makes a venv and installs the checkout in seconds."""
    try:
        from uv import find_uv_bin
    except ImportError:
        pytest.fail("uv is not installed: run ./setup.sh --dev (requirements-dev.txt pins it)")
    return [find_uv_bin()]


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh venv with the checkout pip-installed at the pinned versions; its bin/."""
    venv = tmp_path_factory.mktemp("install") / "venv"
    subprocess.run(uv() + ["venv", "-q", "--python", sys.executable, str(venv)], check=True, timeout=120)
    # --reinstall-package: build this checkout's wheel again, not uv's cached one.
    result = subprocess.run(uv() + ["pip", "install", "-q", "--python", str(venv / "bin" / "python"),
                                    "-c", str(ROOT / "requirements.txt"), "--reinstall-package", "briefgen",
                                    str(ROOT)], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return venv / "bin"


def run(bin_dir: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """A command of the installed venv, from `cwd`, with nothing pointing at the checkout."""
    environment = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "BRIEFGEN_PROJECT")}
    return subprocess.run([str(bin_dir / args[0]), *args[1:]], cwd=cwd, env=environment,
                          capture_output=True, text=True, timeout=300)


def serve_index(bin_dir: Path, cwd: Path) -> str:
    """Start `briefgen serve` on a free port, wait for its first build, fetch the index, stop it."""
    environment = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "BRIEFGEN_PROJECT")}
    process = subprocess.Popen([str(bin_dir / "briefgen"), "serve", "--port", "0", "--workers", "1",
                                "--issued", ISSUED, *DOC], cwd=cwd, env=environment,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        log = [process.stderr.readline()]
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", log[0])
        assert match, log[0] + process.stderr.read()
        deadline = time.monotonic() + 120
        while "preview up to date" not in log[-1] and time.monotonic() < deadline and log[-1]:
            log.append(process.stderr.readline())
        assert "preview up to date" in log[-1], "".join(log)
        connection = http.client.HTTPConnection("127.0.0.1", int(match.group(1)), timeout=30)
        connection.request("GET", "/")
        response = connection.getresponse()
        assert response.status == 200, response.status
        return response.read().decode("utf-8")
    finally:
        process.terminate()
        process.wait(timeout=30)


def runs_every_command(bin_dir: Path, folder: Path) -> None:
    check = run(bin_dir, folder, "briefgen", "check")
    assert check.returncode == 0 and "ok:" in check.stderr + check.stdout, check.stderr
    build = run(bin_dir, folder, "briefgen", "build", "--issued", ISSUED, "--workers", "1", *DOC)
    assert build.returncode == 0, build.stderr
    assert (folder / "reports" / "qatar-nato" / "minister" / "card.ar.pdf").stat().st_size > 10_000
    assert "qatar-nato/minister/card.ar" in serve_index(bin_dir, folder)
    scaffold = run(bin_dir, folder, "briefgen", "new-audience", "embassy", "--from", "press")
    assert scaffold.returncode == 0, scaffold.stderr
    assert (folder / "templates" / "audiences" / "embassy" / "audience.yaml").is_file()


def test_the_installed_tool_runs_without_the_checkout(installed, tmp_path):
    where = run(installed, tmp_path, "python", "-c", "import briefgen, sys; print(briefgen.__file__); print(sys.path)")
    module, path = where.stdout.splitlines()
    assert Path(module).is_relative_to(installed.parent / "lib") and "site-packages" in module, module
    assert str(ROOT) not in path, path

    empty = tmp_path / "empty"
    empty.mkdir()
    # A project folder with its own data, templates and fonts (found as the current folder).
    project = tmp_path / "project"
    (project / "data" / "relations").mkdir(parents=True)
    shutil.copy(ROOT / "data" / "entities.yaml", project / "data")
    shutil.copy(ROOT / "data" / "relations" / "qatar-nato.yaml", project / "data" / "relations")
    shutil.copytree(ROOT / "templates", project / "templates")
    shutil.copytree(ROOT / "fonts", project / "fonts")
    # Side by side: the commands mostly wait on imports and WeasyPrint, one process each.
    with ThreadPoolExecutor(2) as pool:
        for done in [pool.submit(runs_every_command, installed, folder) for folder in (empty, project)]:
            done.result()


# -- one place for the fonts -------------------------------------------------------

def test_figure_labels_are_measured_with_the_projects_fonts(tmp_path):
    """A project with fonts of its own sets its figure labels in them, so the
    labels must be placed for those widths, not for the shipped Amiri's (an
    installed tool has no fonts/ beside its package at all)."""
    import datetime as dt
    from briefgen.paths import Project
    from briefgen.view.select import document_view
    from briefgen.rebuild.build import Selection, plan
    from briefgen.render.checks import check
    fonts = tmp_path / "fonts"
    shutil.copytree(ROOT / "fonts", fonts)
    for weight in ("Regular", "Bold"):     # wider faces under the label face's names
        shutil.copy(ROOT / "fonts" / f"NotoKufiArabic-{weight}.ttf", fonts / f"Amiri-{weight}.ttf")
    inputs = check(Project())
    selection = Selection(relations=("qatar-nato",), audiences=("press",), docs=("briefing",), langs=("en",))
    widths = {}
    for name, project in (("shipped", Project()), ("own", Project.at(tmp_path))):
        [job] = plan(inputs, project, selection, dt.date(2026, 11, 29))
        view = document_view(inputs.record, inputs.record.relationships["qatar-nato"], job.options, inputs.strings)
        widths[name] = [round(label.box.x1 - label.box.x0, 2) for label in view["figures"]["timeline"].labels]
    assert widths["own"] != widths["shipped"]
    assert sum(widths["own"]) > sum(widths["shipped"])
