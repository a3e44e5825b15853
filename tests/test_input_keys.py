"""The up-to-date check's first question: the hash of a document's inputs
(rebuild/inputs.py). Every named input, changed, changes the key; a build
that finds the remembered key computes no view; what a cache holds never
changes the output."""
import datetime as dt
import importlib.metadata
import json
import os
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from briefgen.paths import Project
from briefgen.rebuild import index, inputs as input_keys, verdicts, views
from briefgen.rebuild.build import Selection, plan
from briefgen.rebuild.inputs import INPUTS, InputFiles, InputHashes
from briefgen.render import checks
from conftest import ISSUED, cli_in

CARD = ("build", "--audience", "minister", "--doc", "card", "--issued", ISSUED, "--json")
CARD_PDF = Path("reports/qatar-nato/minister/card.ar.pdf")


def hashes_now(project: Path, issued=dt.date(2026, 11, 29), audience="minister", previous=None) -> dict[str, str]:
    """{input: hash} of one document of `audience`, files hashed before they are read, as a build does;
    `previous`: the digest of the last issue's view, as build.sort_out finds it."""
    paths = Project.at(project)
    files = InputFiles(paths)
    inputs = checks.check(paths)
    job = plan(inputs, paths, Selection(audiences=(audience,)), issued)[0]
    hashes = InputHashes(paths, inputs, files)
    if previous is not None:
        hashes.previous[job.output] = previous
    return hashes.of(job)


def append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as file:
        file.write(text)


def test_each_named_input_changed_changes_its_hash_and_no_other(project_copy, monkeypatch, tmp_path):
    before = hashes_now(project_copy)
    changed = {}

    def after(name: str, **kwargs) -> None:
        now = hashes_now(project_copy, **kwargs)
        changed[name] = sorted(k for k in now if now[k] != before[k])
        before.update(now)

    append(project_copy / "data/relations/qatar-nato.yaml", "\n# a comment\n")
    after("relation")
    append(project_copy / "data/entities.yaml", "\n# a comment\n")
    after("entities")
    append(project_copy / "templates/css/base.css", "\n/* a comment */\n")
    after("rendering")
    # Another audience's folder is not on this one's search path: no change...
    append(project_copy / "templates/audiences/press/audience.yaml", "\n# a comment\n")
    assert hashes_now(project_copy) == before
    # ...and its own folder is.
    append(project_copy / "templates/audiences/minister/audience.yaml", "\n# a comment\n")
    after("rendering (profile)")
    font = sorted((project_copy / "fonts").glob("*.ttf"))[0]
    font.write_bytes(font.read_bytes())     # the same bytes: nothing
    assert hashes_now(project_copy) == before
    code = shutil.copytree(input_keys.CODE, tmp_path / "code", ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(input_keys, "CODE", code)
    before.update(hashes_now(project_copy))
    append(code / "view" / "select.py", "\n# a comment\n")
    after("rendering (code)")
    monkeypatch.setattr(importlib.metadata, "version", lambda name: "99" if name == "uharfbuzz" else "1")
    input_keys.library_versions.cache_clear()
    try:
        after("libraries")
    finally:
        input_keys.library_versions.cache_clear()
    after("options", issued=dt.date(2026, 11, 30))
    after("previous", issued=dt.date(2026, 11, 30), previous="the digest of an earlier issue's view")
    assert changed == {"relation": ["relation"], "entities": ["entities"], "rendering": ["rendering"],
                       "rendering (profile)": ["rendering"], "rendering (code)": ["rendering"],
                       "libraries": ["libraries"], "options": ["options"], "previous": ["previous"]}
    # An input added to the table comes with its own line above.
    assert set(INPUTS) == {name.split(" ")[0] for name in changed}


def every_option_counts(project: Path) -> None:
    """Each field of Options and of the job that names an output changes the options' hash."""
    paths = Project.at(project)
    inputs = checks.check(paths)
    job = plan(inputs, paths, Selection(audiences=("minister",)), dt.date(2026, 11, 29))[0]
    hashes = InputHashes(paths, inputs, InputFiles(paths))
    o = job.options
    others = [replace(o, doc="card" if o.doc == "briefing" else "briefing"), replace(o, lang="en"),
              replace(o, audience=inputs.audiences["press"]), replace(o, kind=inputs.kinds["card"]), replace(o, paper="letter"),
              replace(o, digits="arabic-indic" if o.digits != "arabic-indic" else "western"),
              replace(o, pdf_variant="pdf/a-3a"), replace(o, print_marks=not o.print_marks),
              replace(o, created=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)),
              replace(o, frame=(o.frame or 0) + 1), replace(o, fonts=project / "elsewhere")]
    seen = {hashes.options(job)}
    for options in others:
        seen.add(hashes.options(replace(job, options=options)))
    seen.add(hashes.options(replace(job, variant="letter")))
    assert len(seen) == len(others) + 2


def test_every_option_changes_the_options_hash(project_copy):
    every_option_counts(project_copy)


def test_a_remembered_input_key_skips_the_view_and_the_output_is_the_inputs_alone(project_copy, monkeypatch, tmp_path):
    first = cli_in(project_copy, *CARD)
    assert first.returncode == 0, first.stderr
    warnings = json.loads(first.stdout)["documents"][0]["warnings"]
    entry = json.loads((project_copy / "reports/manifest.json").read_text())["outputs"]["qatar-nato/minister/card.ar.pdf"]
    assert len(entry["input_key"]) == 64 and entry["warnings"] == [[w["code"], w["message"]] for w in warnings]

    def no_view(*args):
        raise AssertionError("a view computed for a document whose inputs are unchanged")
    with monkeypatch.context() as patched:
        patched.setattr(views, "document_view", no_view)
        patched.setattr(verdicts, "_FOUND_HERE", {})     # what reports/ remembers, not this process
        # The template pass passed on these files: not run again (reports/.checked.json).
        patched.setattr(checks, "check_templates", lambda *args: pytest.fail("template pass run again"))
        # Nor the font files' pass, nor the glyph and width checks of unchanged texts.
        patched.setattr(checks, "unreadable_fonts", lambda *args: pytest.fail("font pass run again"))
        patched.setattr(checks, "missing_glyphs", lambda *args: pytest.fail("glyph check run again"))
        # Nor the indexes, made from the same manifest, files and templates (reports/.indexes.json).
        patched.setattr(index, "index_environment", lambda *args: pytest.fail("indexes made again"))
        again = cli_in(project_copy, *CARD)
    assert again.returncode == 0, again.stderr
    report = json.loads(again.stdout)
    assert report["totals"]["up_to_date"] == 1 and report["documents"][0]["warnings"] == warnings
    # An index that is no longer the file written is made again, as it was.
    audience_index = project_copy / "reports/qatar-nato/minister/index.html"
    written = audience_index.read_bytes()
    audience_index.write_text("edited by hand")
    assert cli_in(project_copy, *CARD).returncode == 0 and audience_index.read_bytes() == written

    # Other bytes, the same view: up to date by its output key, and its new input key remembered.
    append(project_copy / "data/relations/qatar-nato.yaml", "\n# a comment only\n")
    glyph_checks = []
    with monkeypatch.context() as patched:      # other bytes: the record's glyph check runs again, alone
        real_glyphs = checks.missing_glyphs
        patched.setattr(checks, "missing_glyphs", lambda *args: glyph_checks.append(args[1]) or real_glyphs(*args))
        commented = cli_in(project_copy, *CARD)
    assert json.loads(commented.stdout)["totals"]["up_to_date"] == 1, commented.stderr
    assert len(glyph_checks) == 1
    with monkeypatch.context() as patched:
        patched.setattr(views, "document_view", no_view)
        assert json.loads(cli_in(project_copy, *CARD).stdout)["totals"]["up_to_date"] == 1

    # A damaged or hostile cache costs time, never the output: the template pass runs again.
    runs = []
    real = checks.check_templates
    monkeypatch.setattr(checks, "check_templates", lambda *args: runs.append(1) or real(*args))
    cache = project_copy / "reports/.checked.json"
    for hostile in ("not json", json.dumps({"version": 1, "templates": ["a list"]}), None):
        cache.unlink()
        # Nothing else changed: without this, the no-op known at a glance (rebuild/unchanged.py) reads no verdict.
        (project_copy / "reports/.unchanged.json").unlink()
        monkeypatch.setattr(verdicts, "_FOUND_HERE", {})     # nor what this process found
        if hostile is None:
            os.mkfifo(cache)      # would block a reader that opened it plainly
        else:
            cache.write_text(hostile)
        assert cli_in(project_copy, *CARD).returncode == 0
    assert len(runs) == 3

    # Byte-identical to a build from nothing: no manifest, no remembered verdict, no widths cache.
    fresh = shutil.copytree(project_copy, tmp_path / "fresh", ignore=shutil.ignore_patterns("reports"))
    assert cli_in(fresh, *CARD).returncode == 0
    assert (fresh / CARD_PDF).read_bytes() == (project_copy / CARD_PDF).read_bytes()


def test_views_made_on_the_workers_give_the_same_files_and_find_unchanged_outputs(project_copy, matrix, monkeypatch):
    """Item 2 of issue 27: with many views to make, the local workers make them
    (rebuild/views.py): the same PDFs, thumbnails and kept issues as the
    views made by the build (`matrix`), and an output whose key is unchanged
    is found up to date by its worker, not rendered."""
    monkeypatch.setattr(views, "ON_WORKERS_ABOVE", 0)       # two documents are "many" here

    def no_view(*args):
        raise AssertionError("a view made by the build process, not by its workers")
    monkeypatch.setattr(views, "document_view", no_view)    # the spawned workers have their own
    minister = ("build", "--audience", "minister", "--issued", ISSUED, "--workers", "2", "--json")
    first = cli_in(project_copy, *minister)
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["totals"]["written"] == 2
    reports = project_copy / "reports/qatar-nato/minister"
    for name in ("card.ar.pdf", "briefing.ar.pdf", "thumbnails/card.ar.png", "thumbnails/briefing.ar.png"):
        assert (reports / name).read_bytes() == (matrix / "minister" / name).read_bytes(), name
    kept = project_copy / f"reports/.issues/qatar-nato/minister/card.ar/{ISSUED}.json"
    assert kept.read_bytes() == (matrix.parent / f".issues/qatar-nato/minister/card.ar/{ISSUED}.json").read_bytes()

    # Other bytes, the same views: each worker finds its output's key unchanged and renders nothing.
    append(project_copy / "data/relations/qatar-nato.yaml", "\n# a comment only\n")
    again = json.loads(cli_in(project_copy, *minister).stdout)
    assert again["totals"] == {**again["totals"], "written": 0, "up_to_date": 2, "failed": 0}
    assert (reports / "card.ar.pdf").read_bytes() == (matrix / "minister/card.ar.pdf").read_bytes()


def test_a_process_that_found_the_template_pass_clean_does_not_run_it_for_another_reports_folder(
        project_copy, tmp_path, monkeypatch):
    # The live preview, or many builds in one process: the same files need not be checked twice.
    monkeypatch.setattr(verdicts, "_FOUND_HERE", {})
    runs = []
    real = checks.check_templates
    monkeypatch.setattr(checks, "check_templates", lambda *args: runs.append(1) or real(*args))
    for reports in ("first", "second"):
        assert cli_in(project_copy, *CARD, "--reports", str(tmp_path / reports)).returncode == 0
    assert len(runs) == 1
    # The key names the files by where they are: another project's same bytes are checked.
    other = shutil.copytree(project_copy, tmp_path / "other", ignore=shutil.ignore_patterns("reports"))
    assert cli_in(other, *CARD, "--reports", str(tmp_path / "third")).returncode == 0
    assert len(runs) == 2
    # A template edited since: checked again, and its problem named.
    (project_copy / "templates").mkdir(exist_ok=True)
    (project_copy / "templates/card.html").write_text("{% if %}", encoding="utf-8")
    broken = cli_in(project_copy, *CARD, "--reports", str(tmp_path / "fourth"))
    assert broken.returncode != 0 and "card.html" in broken.stderr and len(runs) == 3


def test_the_files_hashed_are_those_pathlib_lists_in_its_order(tmp_path):
    """inputs.sorted_files_below, which InputFiles hashes: the files sorted(rglob("*"))
    gives, less __pycache__, in that order (part by part: "a/b" before "a-c",
    which a plain string sort reverses): the same key as before it was written."""
    tree = tmp_path / "templates"
    for name in ("a/b.html", "a-c.html", "a.css", "A/z.txt", ".hidden/x.yaml", "a/__pycache__/m.pyc",
                 "b/__pycache__", "deep/er/still/file.svg", "é/ف.txt"):
        (tree / name).parent.mkdir(parents=True, exist_ok=True)
        (tree / name).write_text(name)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "inside.css").write_text("x")
    (tree / "linked").symlink_to(tmp_path / "elsewhere")               # a linked folder: not entered
    (tree / "a" / "to-file.css").symlink_to(tree / "a.css")           # a link to a file: a file
    (tree / "a" / "broken.css").symlink_to(tree / "nowhere.css")      # a broken link: no file
    expected = [path for path in sorted(tree.rglob("*")) if path.is_file() and "__pycache__" not in path.parts]
    assert input_keys.sorted_files_below(tree) == expected
    assert input_keys.sorted_files_below(tree)[:3] == [tree / ".hidden" / "x.yaml", tree / "A" / "z.txt", tree / "a" / "b.html"]
