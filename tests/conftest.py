"""Shared fixtures: one real build of the Qatar–NATO documents per test session,
through the command line, and helpers to read the PDFs it wrote."""
from __future__ import annotations

import fcntl
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest

ROOT = Path(__file__).resolve().parent.parent
ISSUED = "2026-11-29"     # a fixed date of issue, so pages compare across days
CLEARANCE_RECORD = ROOT / "tests" / "records" / "clearance.yaml"
TATWEEL_AND_MARKS = re.compile(r"[\u0640\u064B-\u0652]")


# The files whose tests take longest, most first (seconds per file, summed, on this 2-core kind).
# xdist's worksteal (pytest.ini) gives each worker a contiguous share of the collection and a worker
# that runs out takes the end of the other's queue: with these first and the many short files after
# them, what is left to share at the end is cut into pieces of a few seconds, not one long build that
# leaves the other core idle (measured: the two workers ended 6 s apart in a 15 min loaded run). A
# file not listed runs after them, in the usual order; the order within a file is kept (module fixtures).
LONGEST_FIRST = ("test_rebuilds.py", "test_serve.py", "test_figures.py", "test_leak_guard.py", "test_hardening.py",
                 "test_archival.py", "test_cluster.py", "test_install.py", "test_project_layers.py", "test_draft.py",
                 "test_draft_outputs.py", "test_kashida.py", "test_weasyprint_notices.py", "test_input_safety.py", "test_writes.py",
                 "test_editorial.py", "test_docx.py", "test_robustness.py", "test_justify.py", "test_contrast.py",
                 "test_audiences.py", "test_validation.py", "test_dense_factsheet.py", "test_customise.py",
                 "test_writers.py", "test_templates.py", "test_confinement.py", "test_mixed_script.py",
                 "test_languages.py", "test_input_keys.py", "test_properties.py")


def pytest_collection_modifyitems(items) -> None:
    rank = {name: place for place, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))     # stable: the rest keep their order


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "generate.py"), *args],
                          cwd=cwd, capture_output=True, text=True, timeout=300)


def invoke(*args: str):
    """The command line, in this process (no interpreter start-up, no WeasyPrint
    import): exit code, stderr, stdout; a traceback fails the test."""
    from click.testing import CliRunner
    from briefgen.cli import main
    result = CliRunner().invoke(main, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"traceback from {args}: {result.exception!r}\n{result.stderr}") \
            from result.exception
    return result.exit_code, result.stderr, result.stdout


def cli_in(project: Path, *args: str) -> subprocess.CompletedProcess:
    """`generate.py ARGS` for `project`, as `run_in` runs it, but in this process:
    no interpreter start-up, no WeasyPrint import, and a build renders here with
    one worker unless it asks for more (a pool of spawned workers costs more than
    the one or two documents a test builds). The code run is this checkout's, not
    the project's copy of it."""
    if args and args[0] == "build" and "--workers" not in args:
        args = (*args, "--workers", "1")
    status, err, out = invoke("--project", str(project), *args)
    return subprocess.CompletedProcess(list(args), status, out, err)


def write(project: Path, name: str, content: str) -> Path:
    """A text file of a project, its folders made as needed."""
    path = project / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    return path


def page_texts(pdf: Path) -> list[str]:
    document = pdfium.PdfDocument(str(pdf))
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


BIDI_MARKS = re.compile(r"[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def poppler_text(pdf: Path, *options: str) -> str:
    """The text layer as poppler's pdftotext reads it (Evince, Okular, many
    search indexers), bidi control marks stripped: they carry no letters."""
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", *options, str(pdf), "-"],
                            capture_output=True, text=True, check=True)
    return BIDI_MARKS.sub("", result.stdout)


def pdfium_chars(pdf: Path, page_index: int) -> list[tuple[str, tuple[float, float, float, float]]]:
    """(character, (left, bottom, right, top)) for each character pdfium finds on a page."""
    document = pdfium.PdfDocument(str(pdf))
    try:
        textpage = document[page_index].get_textpage()
        return [(textpage.get_text_range(i, 1), textpage.get_charbox(i)) for i in range(textpage.count_chars())]
    finally:
        document.close()


def searchable(text: str) -> str:
    """Text as search sees it: tatweel, short vowels and bidi controls (which
    pdftotext adds around runs) ignored, spaces collapsed, words hyphenated at a
    line end joined (pdfium marks that hyphen U+FFFE and drops the line break;
    poppler joins them itself)."""
    return " ".join(TATWEEL_AND_MARKS.sub("", BIDI_MARKS.sub("", text.replace("\ufffe", ""))).split())


def shared(tmp_path_factory, name: str, make) -> Path:
    """A folder `make(folder)` fills once per test session: the first xdist
    worker to ask builds it, under a lock; the other waits and reads the same
    files (a session fixture alone is built once per worker)."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent                  # popen-gw0/, popen-gw1/ share their parent
    folder, done = base / name, base / f"{name}.done"
    with open(base / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


def bench_json(tmp_path_factory, name: str, *args: str) -> dict:
    """bench/justify_gaps.py --json with `args`, run in this process once a
    session (a layout per document, no build)."""
    import contextlib
    import importlib.util
    import io
    import json
    import unittest.mock

    def make(folder: Path) -> None:
        spec = importlib.util.spec_from_file_location("justify_gaps", ROOT / "bench" / "justify_gaps.py")
        bench = sys.modules[spec.name] = importlib.util.module_from_spec(spec)   # (its dataclass looks it up)
        spec.loader.exec_module(bench)
        printed = io.StringIO()
        with unittest.mock.patch.object(sys, "argv", ["justify_gaps.py", "--json", *args]), \
                contextlib.redirect_stdout(printed):
            bench.main()
        (folder / "gaps.json").write_text(printed.getvalue(), encoding="utf-8")
    return json.loads((shared(tmp_path_factory, name, make) / "gaps.json").read_text(encoding="utf-8"))


def build_into(reports: Path, *args: str) -> None:
    result = run_cli("build", "--issued", ISSUED, "--reports", str(reports), *args)
    assert result.returncode == 0, result.stderr


def build_here(reports: Path, *args: str) -> None:
    """`build_into`, in this process with one worker unless `args` say --workers:
    no interpreter, no pool of spawned workers to start (2-3 s of CPU a build).
    `matrix` alone keeps its own process and workers: tests compare other builds'
    bytes with it."""
    result = cli_in(ROOT, "build", "--issued", ISSUED, "--reports", str(reports), *args)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="session")
def matrix(tmp_path_factory) -> Path:
    """reports/qatar-nato/ of a full default build: every audience, document and language."""
    return shared(tmp_path_factory, "matrix", build_into) / "qatar-nato"


def data_with(tmp: Path, *records: Path) -> Path:
    """A data folder holding the shipped entities and the given relationship files."""
    (tmp / "relations").mkdir(parents=True)
    shutil.copy(ROOT / "data" / "entities.yaml", tmp / "entities.yaml")
    for record in records:
        shutil.copy(record, tmp / "relations" / record.name)
    return tmp


@pytest.fixture(scope="session")
def clearance_matrix(tmp_path_factory) -> Path:
    """reports/clearance/ of a full build of tests/records/clearance.yaml, the test
    record whose classified items exercise clearance (the shipped record holds only
    what its source says)."""
    def make(folder: Path) -> None:
        build_here(folder / "reports", "--data", str(data_with(folder / "data", CLEARANCE_RECORD)))
    return shared(tmp_path_factory, "clearance", make) / "reports" / "clearance"


@pytest.fixture(scope="session")
def press_factsheet_html(tmp_path_factory) -> tuple[Path, str]:
    """(reports/, what the build printed) of one in-process build of the press
    office's Arabic fact sheet alone, with --html: the tests of --html, of a
    narrowed build and of the cluster's sources read it (one fitted render, not three)."""
    def make(folder: Path) -> None:
        result = cli_in(ROOT, "build", "--issued", ISSUED, "--reports", str(folder / "reports"), "--relation",
                        "qatar-nato", "--audience", "press", "--doc", "factsheet", "--lang", "ar", "--html")
        assert result.returncode == 0, result.stderr
        (folder / "stdout").write_text(result.stdout, encoding="utf-8")
    folder = shared(tmp_path_factory, "press-factsheet-html", make)
    return folder / "reports", (folder / "stdout").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def built(matrix) -> Path:
    """The delegation's documents: the full briefing and the fact sheet, both languages."""
    return matrix / "delegation"


@pytest.fixture(scope="session")
def mixed(tmp_path_factory) -> Path:
    """reports/mixed-script/delegation/ built from tests/fixtures/mixed-script: hard
    mixed-script strings (not the shipped record), briefing and fact sheet, ar and en."""
    def make(reports: Path) -> None:
        build_here(reports, "--data", str(ROOT / "tests" / "fixtures" / "mixed-script"), "--audience", "delegation")
    return shared(tmp_path_factory, "mixed", make) / "mixed-script" / "delegation"


def kashida_project(project: Path) -> Path:
    """A project where the press office and the delegation ask for kashida: their
    profiles, layered over what ships."""
    for audience in ("press", "delegation"):
        profile = f"templates/audiences/{audience}/audience.yaml"
        write(project, profile, (ROOT / profile).read_text(encoding="utf-8") + "justify: kashida\n")
    return project


@pytest.fixture(scope="session")
def kashida_build(tmp_path_factory):
    """The press office's documents: the Arabic ones elongate; its English ones
    and the training course's (which does not ask for kashida) are rendered in
    the same process after them (hooks installed, option off)."""
    def make(folder: Path) -> None:
        result = cli_in(kashida_project(folder), "build", "--issued", ISSUED, "--audience", "press",
                        "--audience", "training")
        assert result.returncode == 0, result.stderr
    return shared(tmp_path_factory, "kashida", make) / "reports" / "qatar-nato"


def copy_project(target: Path) -> Path:
    """A whole working copy of the project (code, templates, data, fonts) in target."""
    for part in ("briefgen", "templates", "data", "fonts"):
        shutil.copytree(ROOT / part, target / part, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("generate.py", "schedule.yaml"):
        shutil.copy(ROOT / name, target / name)
    return target


def published(project: Path, matrix: Path) -> Path:
    """`project`'s reports/ as the session's full build (`matrix`) wrote it: every
    shipped document published and up to date, none rendered again. For a test
    that needs published files before it breaks something; what builds into it
    must hold the shipped data, templates and fonts (a copy_project, or the
    checkout with --reports), or nothing is up to date."""
    reports = project / "reports"
    shutil.copytree(matrix.parent, reports, ignore=shutil.ignore_patterns(".lock"))
    return reports


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A working copy of the project to change freely."""
    return copy_project(tmp_path)


def run_in(project: Path, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "generate.py", *args], cwd=project,
                          capture_output=True, text=True, timeout=600, **kwargs)


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A writable copy of data/ to break on purpose."""
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    return target
