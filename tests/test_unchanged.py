"""A no-op known at a glance (rebuild/unchanged.py): when every input is the
bytes the last clean build saw and reports/ is as it left it, a build reads
no record, validates nothing and plans nothing, and says what the full path
would say. Any changed byte of any input, any change in reports/ a build
reads, and a damaged or forged memory take the full path."""
import datetime as dt
import json
import os
import shutil
from pathlib import Path

import pytest

from briefgen.paths import Project
from briefgen.rebuild import inputs as input_keys, run, unchanged
from briefgen.rebuild.selection import Selection
from briefgen.render import checks
from conftest import ISSUED, cli_in

CARD = ("build", "--audience", "minister", "--doc", "card", "--issued", ISSUED, "--json")
MEMORY = Path("reports") / unchanged.NAME


def said(result) -> tuple[dict, list[str]]:
    """What a build said, its timings left out: the --json report and stderr's lines."""
    report = json.loads(result.stdout)
    for document in report["documents"]:
        document.pop("seconds")
    report["totals"].pop("seconds")
    return report, [line for line in result.stderr.splitlines() if " up to date, " not in line]


@pytest.fixture
def built(project_copy, monkeypatch):
    """The minister's Arabic card built once; `full()` builds it again and says
    whether the build took the full path (validated the record)."""
    assert cli_in(project_copy, *CARD).returncode == 0
    checked = []
    real = checks.check
    monkeypatch.setattr(checks, "check", lambda *args, **kwargs: checked.append(1) or real(*args, **kwargs))

    def full(*args: str) -> bool:
        before = len(checked)
        result = cli_in(project_copy, *CARD, *args)
        assert result.returncode == 0, result.stderr
        return len(checked) > before
    return project_copy, full


def append(path: Path, data: bytes) -> None:
    with path.open("ab") as file:
        file.write(data)


def test_a_no_op_known_at_a_glance_says_what_the_full_path_says(built, tmp_path):
    project, full = built
    memory = (project / MEMORY).read_text()
    # Digests, ids and file names: no text of the record (its title, a sentence of its summary).
    assert "NATO" not in memory and "الناتو" not in memory and "qatar-nato/minister/card.ar.pdf" in memory
    (project / MEMORY).unlink()
    full_path = cli_in(project, *CARD)       # the full path, which remembers again
    assert (project / MEMORY).read_text() == memory
    glance = cli_in(project, *CARD)
    assert said(glance) == said(full_path) and said(glance)[0]["totals"]["up_to_date"] == 1
    assert not full()
    # Byte-identical to a build from nothing.
    fresh = shutil.copytree(project, tmp_path / "fresh", ignore=shutil.ignore_patterns("reports"))
    assert cli_in(fresh, *CARD).returncode == 0
    card = Path("reports/qatar-nato/minister/card.ar.pdf")
    assert (fresh / card).read_bytes() == (project / card).read_bytes()


INPUTS = [  # (a file of each kind of input, the byte added): a comment or a blank, so nothing renders
    ("data/relations/qatar-nato.yaml", b"\n"), ("data/entities.yaml", b"\n"), ("templates/css/base.css", b" "),
    ("templates/card.html", b"\n"), ("templates/audiences/minister/audience.yaml", b"\n"),
    ("templates/audiences/press/audience.yaml", b"\n"),       # another audience's profile: validated too
    ("templates/strings.yaml", b"\n"), ("templates/documents.yaml", b"\n"), ("fonts/LICENSE-Noto.txt", b" "),
    ("fonts/Amiri-Bold.ttf", b"\0"),
]


def key_now(project: Project) -> str:
    return unchanged.inputs_key(project, input_keys.InputFiles(project), unchanged.record_digests(project),
                                Selection(), dt.date.fromisoformat(ISSUED))


def test_any_byte_of_any_input_changes_the_key(project_copy, monkeypatch, tmp_path):
    project = Project.at(project_copy)
    seen = {key_now(project)}
    for name, extra in INPUTS:
        append(project_copy / name, extra)
        seen.add(key_now(project))
    relation = project_copy / "data/relations/qatar-nato.yaml"
    (project_copy / "data/relations/another.yaml").write_bytes(relation.read_bytes())     # a relationship added
    seen.add(key_now(project))
    code = shutil.copytree(input_keys.CODE, tmp_path / "code", ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(input_keys, "CODE", code)
    seen.add(key_now(project))
    append(code / "view" / "select.py", b"\n")
    seen.add(key_now(project))
    assert len(seen) == len(INPUTS) + 4
    relation.unlink()
    relation.symlink_to(project_copy / "data/entities.yaml")
    assert unchanged.record_digests(project) is None      # a link: the full path judges it


def test_a_changed_input_takes_the_full_path_and_is_remembered(built):
    project, full = built
    for name, extra in INPUTS[:2]:
        append(project / name, extra)
        assert full(), name
        assert not full(), name          # remembered again, with the new bytes


def test_what_reports_holds_is_in_the_memory(built):
    project, full = built
    paths, day = Project.at(project), dt.date.fromisoformat(ISSUED)
    reports = project / "reports"
    folder, issues = reports / "qatar-nato/minister", reports / ".issues/qatar-nato/minister/card.ar"
    good = json.loads((project / MEMORY).read_text())
    documents = [unchanged.Known.read(row, paths.reports) for row in good["documents"]]
    # An earlier issue of this card: its own view with one item fewer (a `{}` is no stored view: skipped, warned)
    kept = json.loads((issues / f"{ISSUED}.json").read_text(encoding="utf-8"))
    earlier = json.dumps({**kept, "chronology": kept["chronology"][1:]}, ensure_ascii=False)
    changes = [
        lambda: append(reports / "manifest.json", b" "),
        lambda: (folder / "card.ar.pdf").unlink(),
        lambda: (folder / "thumbnails/card.ar.png").unlink(),
        lambda: (folder / "index.html").write_text("edited by hand"),
        lambda: (reports / "index.html").write_text("edited by hand"),
        lambda: append(reports / ".indexes.json", b" "),
        lambda: (reports / "manifest.journal").write_text(""),
        lambda: (issues / f"{ISSUED}.json").unlink(),
        lambda: (issues / "2026-11-01.json").write_text(earlier, encoding="utf-8"),      # an earlier issue
        lambda: append(issues / "2026-11-01.json", b" "),           # the same view, other bytes
        lambda: (folder / "elsewhere").mkdir() or (folder / "card.ar.pdf").symlink_to(folder / "elsewhere"),
    ]
    for index, change in enumerate(changes):
        assert unchanged.recall(paths, good["inputs"], day) is not None, index
        change()
        assert unchanged.recall(paths, good["inputs"], day) is None, index
        unchanged.remember(paths, good["inputs"], documents, day)
    # End to end: a change in reports/ takes the full path, which remembers again.
    (folder / "card.ar.pdf").unlink()
    assert full() and (folder / "card.ar.pdf").is_file()
    assert not full()


def test_a_damaged_or_foreign_memory_is_not_trusted(built, tmp_path):
    project, full = built
    memory = project / MEMORY
    good = json.loads(memory.read_text())
    row = good["documents"][0]
    damaged = ["not json", "[]", json.dumps({**good, "version": 0}), json.dumps({**good, "inputs": "0" * 64}),
               json.dumps({**good, "reports": "0" * 64}), json.dumps({**good, "documents": []}),
               json.dumps({**good, "documents": [[*row[:6], "../../outside.pdf", row[7]]]}),
               json.dumps({**good, "documents": [[*row[:6], "qatar-nato/minister/none.pdf", row[7]]]}),
               json.dumps({**good, "documents": [row[:7]]})]
    for text in damaged:
        memory.write_text(text)
        assert full(), text
    elsewhere = tmp_path / "memory.json"
    shutil.copy(memory, elsewhere)
    for hostile in ("link", "fifo"):
        memory.unlink()
        memory.symlink_to(elsewhere) if hostile == "link" else os.mkfifo(memory)
        assert full(), hostile
    # A manifest entry that failed is never said up to date from memory, even with reports/ as remembered.
    paths, day = Project.at(project), dt.date.fromisoformat(ISSUED)
    documents = [unchanged.Known.read(row, paths.reports) for row in good["documents"]]
    manifest = json.loads((project / "reports/manifest.json").read_text())
    for status in ("built", "failed"):
        manifest["outputs"]["qatar-nato/minister/card.ar.pdf"]["status"] = status
        (project / "reports/manifest.json").write_text(json.dumps(manifest))
        memory.unlink(missing_ok=True)
        memory.write_text(json.dumps({**good, "reports": unchanged.reports_state(paths, documents, manifest["outputs"], day)}))
        assert (unchanged.recall(paths, good["inputs"], day) is None) == (status == "failed")


def test_a_read_only_reports_folder_is_the_full_paths_clear_error(built, monkeypatch):
    project, full = built

    def read_only(*args):
        raise OSError(30, "Read-only file system")
    monkeypatch.setattr(run, "reports_lock", read_only)     # the lock's file cannot be opened
    result = cli_in(project, *CARD)
    assert result.returncode == 1 and "error: cannot write to reports: Read-only file system" in result.stderr


def test_a_forged_memory_can_only_leave_reports_as_it_is_and_check_still_validates(built):
    """Whoever can write reports/ can forge a memory that matches an invalid
    record (the key is made from public bytes): a build then does nothing at
    all (no file written or removed, so no invalid edit costs a published
    file), and `check` still finds the problem."""
    project, full = built
    relation = project / "data/relations/qatar-nato.yaml"
    relation.write_text(relation.read_text(encoding="utf-8").replace("updated:", "updated: not a date\nwas:", 1),
                        encoding="utf-8")
    paths, day = Project.at(project), dt.date.fromisoformat(ISSUED)
    good = json.loads((project / MEMORY).read_text())
    key = unchanged.inputs_key(paths, input_keys.InputFiles(paths), unchanged.record_digests(paths),
                               Selection(audiences=("minister",), docs=("card",)), day)
    documents = [unchanged.Known.read(row, paths.reports) for row in good["documents"]]
    unchanged.remember(paths, key, documents, day)
    before = {path: path.read_bytes() for path in paths.reports.rglob("*") if path.is_file() and path.name != ".lock"}
    assert not full()
    assert {path: path.read_bytes() for path in before} == before
    checked = cli_in(project, "check")
    assert checked.returncode == 2 and "qatar-nato.yaml" in checked.stderr, checked.stderr


def test_every_part_of_the_command_and_what_is_installed_is_in_the_key(project_copy, monkeypatch):
    project = Project.at(project_copy)
    files, record = input_keys.InputFiles(project), unchanged.record_digests(project)
    day = dt.date(2026, 11, 29)
    key = lambda selection=Selection(), issued=day, where=project: \
        unchanged.inputs_key(where, files, record, selection, issued)
    others = [key(issued=dt.date(2026, 11, 30)), key(Selection(relations=("qatar-nato",))),
              key(Selection(paper="letter")), key(Selection(digits="western")), key(Selection(print_marks=True)),
              key(Selection(pdf_variant="pdf/a-3a")), key(Selection(variant="reprint")),
              key(Selection(debug_html=True)), key(Selection(formats=("docx",))),
              key(Selection(created=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))),
              key(where=Project.at(project_copy, reports=project_copy / "elsewhere"))]
    assert len({key(), *others}) == len(others) + 1
    before = key()
    monkeypatch.setattr(input_keys, "installed", lambda: ["site-packages/uharfbuzz-99.dist-info"])
    files = input_keys.InputFiles(project)
    assert key() != before
    (project_copy / "data/relations/qatar-nato.yaml").unlink()
    (project_copy / "data/relations/qatar-nato.yaml").symlink_to(project_copy / "data/entities.yaml")
    assert unchanged.record_digests(project) is None      # a link: the full path judges it
