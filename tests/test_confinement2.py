"""Path holes a red team found (issue 22, items 2-4): a build writes and
removes only below reports/, never through a link; a project's reports/ linked
out of it, its inputs overlapping, a FIFO, a dangling link, a manifest entry
whose ids disagree with its path, a hard link in the preview: each a named
refusal, never an act, a hang or a traceback."""
import json
import os
import shutil
import signal
from contextlib import contextmanager

import pytest

from conftest import ISSUED, invoke, published

PRESS_AR = ("--audience", "press", "--lang", "ar", "--doc", "factsheet", "--issued", ISSUED)
PRESS = "templates/audiences/press"


class Hung(Exception):
    """Not an OSError: the code under test must not mistake it for an unreadable file."""


@contextmanager
def deadline(seconds: int):
    """A hang (an open() on a FIFO) becomes a failure, not a stuck test run:
    raised again every second after the deadline, should one be swallowed."""
    def alarm(signum, frame):
        raise Hung(f"still blocked after {seconds} s")
    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds, 1)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run(project, *args):
    return invoke("--project", str(project), *args)


def built_press(project, matrix):
    """The press office's published folder: the session's build, copied (nothing rendered)."""
    return published(project, matrix) / "qatar-nato" / "press"


def journal_line(project, name, **entry):
    line = {"version": 1, "put": name, "entry": {"status": "built", "key": "0" * 64, **entry}}
    with open(project / "reports" / "manifest.journal", "a", encoding="utf-8") as journal:
        journal.write("\n" + json.dumps(line))


# -- 1. a linked thumbnails/ -----------------------------------------------------------

def test_a_linked_thumbnails_folder_is_never_written_or_pruned_through(project_copy, tmp_path_factory, matrix):
    outside = tmp_path_factory.mktemp("outside")
    (outside / "holiday.en.png").write_bytes(b"not ours")
    press = built_press(project_copy, matrix)
    shutil.rmtree(press / "thumbnails")
    (press / "thumbnails").symlink_to(outside)
    # A document no audience asks for: a build prunes it, thumbnail included.
    journal_line(project_copy, "qatar-nato/press/holiday.en.pdf", relation="qatar-nato", audience="press",
                 doc="holiday", lang="en")
    code, err, _ = run(project_copy, "build", "--force", *PRESS_AR)
    assert code == 1, err
    assert "warning: qatar-nato/press/holiday.en.pdf not removed: reports/qatar-nato/press/thumbnails is a link" \
        in err, err
    assert "error: qatar-nato/press/factsheet.ar: cannot write reports/qatar-nato/press/factsheet.ar.pdf: " \
           "reports/qatar-nato/press/thumbnails is a link" in err, err
    assert sorted(p.name for p in outside.iterdir()) == ["holiday.en.png"]


def test_a_linked_lock_file_is_not_written_through(project_copy, tmp_path):
    (project_copy / "reports").mkdir()
    outside = tmp_path / "outside.txt"
    outside.write_text("mine\n")
    (project_copy / "reports" / ".lock").symlink_to(outside)
    code, err, _ = run(project_copy, "build", *PRESS_AR)
    assert code == 1 and "reports/.lock is a link to" in err, err
    assert outside.read_text() == "mine\n"


# -- 2. reports/ linked out of the project; the temporaries' clean-up -------------------

def test_the_projects_own_reports_linked_outside_it_is_refused(project_copy, tmp_path_factory):
    outside = tmp_path_factory.mktemp("home")
    (outside / "sub").mkdir()
    (outside / "sub" / ".notes.tmp").write_text("mine")
    (project_copy / "reports").symlink_to(outside)
    for command in ("check", "build"):
        code, err, _ = run(project_copy, command)
        assert code == 2, err
        assert f"leads outside the project; refused (if you mean it, pass --reports {outside})" in err, err
    assert sorted(str(p.relative_to(outside)) for p in outside.rglob("*")) == ["sub", "sub/.notes.tmp"]


def test_the_clean_up_removes_only_briefgens_own_temporaries(project_copy, matrix):
    press = built_press(project_copy, matrix)
    mine = [project_copy / "reports" / "sub" / ".notes.tmp", press / ".notes.tmp",
            project_copy / "reports" / "sub" / ".x.pdf.abcd1234.tmp"]
    for path in mine:
        path.parent.mkdir(exist_ok=True)
        path.write_text("mine")
    stale = press / ".factsheet.ar.pdf.k2j_8x0q.tmp"
    stale.write_bytes(b"half")
    code, err, _ = run(project_copy, "build", *PRESS_AR)
    assert code == 0, err
    assert all(path.exists() for path in mine) and not stale.exists()


# -- 3. an audience folder under reports/ linked elsewhere ----------------------------------

def test_an_audience_folder_linked_elsewhere_is_a_named_error(project_copy):
    (project_copy / "reports" / "qatar-nato").mkdir(parents=True)
    (project_copy / "reports" / "qatar-nato" / "press").symlink_to(f"../../{PRESS}")
    before = sorted(os.listdir(project_copy / PRESS))
    for command in (("check",), ("build", *PRESS_AR)):
        code, err, _ = run(project_copy, *command)
        assert code == 2, err
        assert "reports/qatar-nato/press: reports/qatar-nato/press is a link to" in err, err
    assert sorted(os.listdir(project_copy / PRESS)) == before


def test_a_drafts_folder_linked_elsewhere_or_a_file_is_named_by_check(project_copy, tmp_path):
    # Drafts go below reports/.drafts/<relation>/<audience>/ (rebuild/drafts.py): check names a
    # link there as it names a linked audience folder, and a file in its place, before a build fails.
    outside = tmp_path / "outside"
    outside.mkdir()
    (project_copy / "reports").mkdir(exist_ok=True)
    drafts = project_copy / "reports" / ".drafts"
    drafts.symlink_to(outside)
    code, err, _ = run(project_copy, "check")
    assert code == 2 and "reports/.drafts: reports/.drafts is a link to" in err, err
    drafts.unlink()
    (drafts / "qatar-nato").mkdir(parents=True)
    (drafts / "qatar-nato" / "minister").symlink_to(outside)
    code, err, _ = run(project_copy, "check")
    assert code == 2 and "reports/.drafts/qatar-nato/minister: reports/.drafts/qatar-nato/minister is a link" in err, err
    shutil.rmtree(drafts)
    drafts.write_text("not a folder")
    code, err, _ = run(project_copy, "check")
    assert code == 2 and "reports/.drafts: not a folder" in err, err
    assert list(outside.iterdir()) == []


# -- 4. templates reading data/ through a link inside the project ---------------------------

def test_an_audience_folder_linked_to_data_is_refused(project_copy):
    press = project_copy / PRESS
    for path in press.iterdir():
        shutil.move(path, project_copy / "data" / path.name)
    press.rmdir()
    press.symlink_to("../../data")
    for command in (("check",), ("build", *PRESS_AR)):
        code, err, out = run(project_copy, *command)
        assert code == 2, err
        assert f"{PRESS}: a link to {project_copy / 'data'}, outside templates/" in err, err
        assert "id: qatar-nato" not in err + out


def test_data_inside_templates_is_refused(project_copy):
    shutil.move(project_copy / "data", project_copy / "templates" / "data")
    (project_copy / "data").symlink_to("templates/data")
    for command in (("check",), ("build", *PRESS_AR)):
        code, err, _ = run(project_copy, *command)
        assert code == 2, err
        assert "data: data/ (at " in err and "is inside templates/" in err, err


# -- 5. FIFOs and a dangling link ---------------------------------------------------------------

def test_a_fifo_journal_is_skipped_with_a_warning_not_waited_on(project_copy):
    (project_copy / "reports").mkdir()
    os.mkfifo(project_copy / "reports" / "manifest.journal")
    with deadline(20):
        code, err, _ = run(project_copy, "check")
    assert code == 0, err
    assert "warning[manifest-entry]: reports/manifest.journal: not a regular file" in err, err


def test_a_fifo_index_is_replaced_not_waited_on(project_copy, matrix):
    press = built_press(project_copy, matrix)
    (press / "index.html").unlink()
    os.mkfifo(press / "index.html")
    with deadline(20):
        code, err, _ = run(project_copy, "build", *PRESS_AR)
    assert code == 0, err
    assert (press / "index.html").is_file() and "factsheet.ar.pdf" in (press / "index.html").read_text()


def test_new_relation_over_a_dangling_link_says_it_exists(project_copy):
    (project_copy / "data" / "relations" / "x.yaml").symlink_to("nowhere.yaml")
    code, err, _ = run(project_copy, "new-relation", "x", "--parties", "qatar,nato")
    assert code == 2 and "data/relations/x.yaml already exists; not overwritten" in err, err


# -- 6. a manifest entry whose ids disagree with its path ----------------------------------

@pytest.mark.parametrize("field,value", [("relation", "gone"), ("audience", "minister"), ("doc", "briefing"),
                                         ("lang", "ar"), ("variant", "letter")])
def test_an_entry_disagreeing_with_its_path_is_skipped(tmp_path, field, value):
    from briefgen.rebuild.manifest import Manifest
    entry = {"relation": "qatar-nato", "audience": "press", "doc": "factsheet", "lang": "en", "variant": "",
             "status": "built"}
    lines = [{"version": 1, "put": "qatar-nato/press/factsheet.en.pdf", "entry": {**entry, field: value}},
             {"version": 1, "put": "qatar-nato/press/card.en.pdf", "entry": {**entry, "doc": "card"}}]
    (tmp_path / "manifest.journal").write_text("\n" + "\n".join(json.dumps(line) for line in lines))
    manifest = Manifest(tmp_path / "manifest.json")
    assert set(manifest.entries) == {"qatar-nato/press/card.en.pdf"}
    assert [(w.where.line, w.where.path) for w in manifest.warnings] == [(2, f"entry.{field}")], manifest.warnings
    assert "disagrees with the path 'qatar-nato/press/factsheet.en.pdf'" in str(manifest.warnings[0])


# -- 7. the preview and hard links ----------------------------------------------------------

def test_the_preview_does_not_serve_a_hard_link(tmp_path):
    from briefgen.live.files import read_inside
    press = tmp_path / "reports" / "r" / "press"
    press.mkdir(parents=True)
    (tmp_path / "record.yaml").write_text("secret: 1\n")
    (press / "x.pdf").write_bytes(b"%PDF-1.7 ours")
    assert read_inside(press / "x.pdf", tmp_path / "reports", "r", "press") == b"%PDF-1.7 ours"
    (press / "x.pdf").unlink()
    os.link(tmp_path / "record.yaml", press / "x.pdf")
    assert read_inside(press / "x.pdf", tmp_path / "reports", "r", "press") is None
