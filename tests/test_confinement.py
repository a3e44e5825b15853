"""Every path confined (issue 22): what the manifest's journal names, the
--reports folder, what every loader reads (documents, indexes, URLs), and a
project folder whose data/, templates/ or fonts/ lead outside it."""
import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import ISSUED, ROOT, cli_in, published

PRESS_AR = ("--audience", "press", "--lang", "ar", "--doc", "factsheet", "--issued", ISSUED)
PRESS = "templates/audiences/press"
RECORD = "data/relations/qatar-nato.yaml"


def files_under(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


# -- 2. the manifest and its journal ------------------------------------------------

def test_a_journal_naming_a_file_outside_reports_cannot_delete_it_or_write_beside_it(project_copy, tmp_path_factory,
                                                                                        matrix):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (elsewhere / "x.pdf").write_bytes(b"%PDF- not ours")
    journal = published(project_copy, matrix) / "manifest.journal"     # the fact sheet published, up to date
    hostile = [{"version": 1, "put": "../" + RECORD, "entry": {"relation": "gone"}},
               {"version": 1, "put": str(elsewhere / "x.pdf"), "entry": {"relation": "gone", "status": "built"}},
               {"version": 1, "put": "qatar-nato/press/factsheet.ar.pdf",
                "entry": {"relation": "qatar-nato", "audience": {"a": 1}}}]
    journal.write_text("\n" + "\n".join(json.dumps(line) for line in hostile), encoding="utf-8")

    checked = cli_in(project_copy, "check")
    assert checked.returncode == 0, checked.stderr
    for line, field in ((2, "put"), (3, "put"), (4, "entry.audience")):
        assert f"warning[manifest-entry]: reports/manifest.journal:{line}:1: {field}: " in checked.stderr, checked.stderr

    result = cli_in(project_copy, "build", *PRESS_AR)
    assert result.returncode == 0, result.stderr
    assert (project_copy / RECORD).is_file()
    assert "removed" not in result.stderr and "Traceback" not in result.stderr
    assert f"warning[manifest-entry]: reports/manifest.journal:2:1: put: '../{RECORD}' is not a document's path under reports/" in result.stderr
    assert "warning[manifest-entry]: reports/manifest.journal:4:1: entry.audience: expected text, got an object; skipped" in result.stderr
    assert files_under(elsewhere) == ["x.pdf"]          # no index.html, no thumbnails/ beside it


# -- 3. --reports ------------------------------------------------------------------------

@pytest.mark.parametrize("command,folder,where", [
    ("build", PRESS, "is inside templates/"),
    ("build", "data", "is inside data/"),
    ("build", "fonts/x", "is inside fonts/"),
    ("build", ".", "contains data/"),
    ("watch", PRESS, "is inside templates/"),
    ("serve", PRESS, "is inside templates/"),
    ("check", PRESS, "is inside templates/"),
])
def test_reports_inside_or_around_the_inputs_is_refused_before_anything_is_written(project_copy, command, folder,
                                                                                   where, monkeypatch):
    before = files_under(project_copy)
    args = (command, "--reports", folder, *(PRESS_AR if command != "check" else ()))
    if command in ("watch", "serve"):
        # A process of their own, bounded: without the refusal they would run until stopped.
        result = subprocess.run([sys.executable, "generate.py", *args], cwd=project_copy,
                                capture_output=True, text=True, timeout=60)
    else:
        monkeypatch.chdir(project_copy)     # --reports is relative to the current folder, as from a shell
        result = cli_in(project_copy, *args)
    assert result.returncode == 2, result.stderr
    assert f"the reports folder {folder} {where} (" in result.stderr, result.stderr     # named as in the project
    assert "Traceback" not in result.stderr
    assert files_under(project_copy) == before


def test_a_reports_folder_linked_into_an_audiences_folder_is_refused_by_schedule(project_copy):
    (project_copy / "reports").symlink_to(project_copy / PRESS)
    result = cli_in(project_copy, "schedule", "--list")
    assert result.returncode == 2, result.stdout + result.stderr
    assert (f"the reports folder reports (a link to {PRESS}) is inside "
            f"templates/ (templates); refused") in result.stderr, result.stderr


# -- 4. every loader, one confinement --------------------------------------------------------

def test_a_hard_link_to_the_record_in_an_audience_folder_is_refused_by_name(project_copy):
    os.link(project_copy / RECORD, project_copy / PRESS / "hl.html")
    (project_copy / PRESS / "factsheet.html").write_text(
        '{% extends "base/factsheet.html" %}{% block body %}{% include "hl.html" %}{{ super() }}{% endblock %}',
        encoding="utf-8")
    expected = f"{PRESS}/hl.html: a file with 1 other hard link(s), which may be any file (the record, a key); refused"
    for command in (("check",), ("build", *PRESS_AR)):
        result = cli_in(project_copy, *command)
        assert result.returncode == 2, result.stderr
        assert expected in result.stderr, result.stderr
    assert not (project_copy / "reports" / "qatar-nato").exists()


def test_a_hard_linked_file_is_not_readable_by_any_loader(project_copy):
    """The decision itself (paths.confinement), which the template loaders, the
    index loader and the URL fetcher share: a hard link is the file it links to."""
    import jinja2
    from briefgen.paths import Project
    from briefgen.render.engine import template_environment, template_loader
    os.link(project_copy / RECORD, project_copy / PRESS / "hl.svg")
    project = Project.at(project_copy)
    press = project.templates / "audiences" / "press"
    assert not project.readable(press / "hl.svg", press)
    assert project.local_path((press / "hl.svg").as_uri(), press) is None
    with pytest.raises(jinja2.TemplateError) as refused:
        template_environment(template_loader(project.templates, press)).get_template("hl.svg")
    assert (type(refused.value).__name__, str(refused.value)) == (
        "TemplateOutsideFolders", "template 'hl.svg' has 1 other hard link(s), which may be any file; refused")


INDEX_TEMPLATE = "templates/index-audience.html"


@pytest.mark.parametrize("inserted,expected", [
    ('{% include "audiences/delegation/audience.yaml" %}', "audiences/delegation/audience.yaml"),
    ("{{ documents[0].__class__ }}", "access to attribute '__class__' of 'dict' object is unsafe"),
], ids=["include-a-profile", "python-internals"])
def test_the_index_loader_reads_only_the_index_templates_in_the_sandbox(project_copy, inserted, expected):
    path = project_copy / INDEX_TEMPLATE
    path.write_text(path.read_text(encoding="utf-8").replace("<body", inserted + "<body", 1), encoding="utf-8")
    checked = cli_in(project_copy, "check")
    assert checked.returncode == 2, checked.stderr
    assert f"{INDEX_TEMPLATE}:21:1: template: " in checked.stderr and expected in checked.stderr, checked.stderr
    # A build writes the documents (check is the gate), then names the index template: exit 2, no index.
    # The minister's card: the cheapest document to write first (every audience's index is this template).
    built = cli_in(project_copy, "build", "--audience", "minister", "--doc", "card", "--issued", ISSUED)
    assert built.returncode == 2, built.stderr
    assert f"the indexes were not written: template error: {INDEX_TEMPLATE}:21: " in built.stderr, built.stderr
    assert expected in built.stderr and "Traceback" not in checked.stderr + built.stderr
    assert (project_copy / "reports" / "qatar-nato" / "minister" / "card.ar.pdf").is_file()
    assert not (project_copy / "reports" / "qatar-nato" / "minister" / "index.html").exists()


@pytest.fixture
def clone(tmp_path):
    """A project folder (a clone: untrusted) with its own data/, and a folder
    outside it holding a copy of the fonts and a secret."""
    project, outside = tmp_path / "clone", tmp_path / "home"
    shutil.copytree(ROOT / "data", project / "data")
    shutil.copytree(ROOT / "fonts", outside / "fonts")
    (outside / "id_rsa").write_text("-----BEGIN OPENSSH PRIVATE KEY----- canary", encoding="utf-8")
    return project, outside


@pytest.mark.parametrize("link", ["fonts", "templates", "data/relations", "data/relations/qatar-nato.yaml"])
def test_a_project_folder_that_leads_outside_itself_is_refused_naming_the_link(clone, link):
    project, outside = clone
    if link == "fonts":
        (project / "fonts").symlink_to(outside / "fonts")
    elif link == "templates":
        shutil.copytree(ROOT / "templates", outside / "templates")
        (project / "templates").symlink_to(outside / "templates")
    else:
        moved = outside / "moved"
        shutil.move(project / link, moved)
        (project / link).symlink_to(moved)
    for command in (("check",), ("build", *PRESS_AR)):
        result = cli_in(project, *command)
        assert result.returncode == 2, result.stderr
        assert f"{link}: a link to {(project / link).resolve()}, outside the project folder" in result.stderr, \
            result.stderr
    assert not (project / "reports").exists()


# -- one read policy for every reader -------------------------------------------------

def every_reader(project):
    """{reader: read(path) -> True if it read the file, False if it refused it} for
    the five readers of the project's files, each reading from its own folder."""
    import jinja2
    from briefgen.live.files import read_inside
    from briefgen.rebuild.index import IndexLoader
    from briefgen.record.yamlnodes import read_yaml
    from briefgen.render.engine import project_fetcher, template_environment, template_loader
    press = project.templates / "audiences" / "press"

    def fetcher(path):
        fetch = project_fetcher(project, (press,))
        try:
            fetch.fetch(path.as_uri())
            return True
        except ValueError:
            return False

    def loader(make_loader):
        def read(path):
            try:
                template_environment(make_loader()).get_template(path.name)
                return True
            except jinja2.TemplateError:
                return False
        return read

    def yaml_reader(path):
        problems = []
        return read_yaml(path, path.name, problems) is not None and not problems

    return {"fetcher": (press, "x.css", fetcher),
            "document loader": (press, "x.html", loader(lambda: template_loader(project.template_layers, press))),
            "index loader": (project.templates, "index.html", loader(lambda: IndexLoader(project.template_layers))),
            "YAML reader": (project.data / "relations", "x.yaml", yaml_reader),
            "preview": (project.reports / "r" / "press", "x.pdf",
                        lambda path: read_inside(path, project.reports, "r", "press") is not None)}


@pytest.fixture
def small_project(tmp_path):
    from briefgen.paths import Project
    for folder in ("templates/audiences/press", "fonts", "data/relations", "reports/r/press"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "secret.yaml").write_text("secret: what clearance removes\n", encoding="utf-8")
    return Project.at(tmp_path)


def test_every_reader_refuses_the_same_hard_link_and_link_out_of_its_folder(small_project):
    for reader, (folder, name, read) in every_reader(small_project).items():
        (folder / name).write_text("a: 1\n", encoding="utf-8")
        assert read(folder / name), f"the {reader} refused an ordinary file"
        (folder / name).unlink()
        os.link(small_project.root / "secret.yaml", folder / name)
        assert not read(folder / name), f"the {reader} read a hard link"
        (folder / name).unlink()
        (folder / name).symlink_to(os.path.relpath(small_project.root / "secret.yaml", folder))
        assert not read(folder / name), f"the {reader} read a link out of its folder"
        (folder / name).unlink()


def test_every_reader_asks_the_one_policy(small_project, monkeypatch):
    """A policy that refuses everything refuses every reader's ordinary file: no
    reader decides on its own (paths.confinement is the one decision)."""
    import briefgen.paths
    monkeypatch.setattr(briefgen.paths, "_refusal",
                        lambda path, *_: briefgen.paths.ReadRefused(13, f"{path.name!r} refused by policy"))
    for reader, (folder, name, read) in every_reader(small_project).items():
        (folder / name).write_text("a: 1\n", encoding="utf-8")
        assert not read(folder / name), f"the {reader} read a file without asking paths.confinement"
