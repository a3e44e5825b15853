"""Incremental, parallel, safe rebuilds: keys, manifest, lock, kill -9, watch, schedule."""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time

import textwrap
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
from PIL import Image

from briefgen.rebuild import build
from briefgen.rebuild.lock import reports_lock
from briefgen.render import engine as render
from conftest import ISSUED, ROOT, cli_in, copy_project, published, run_in

PRESS = ("--audience", "press", "--issued", ISSUED)
CARD = ("--audience", "minister", "--doc", "card", "--lang", "ar")     # the cheapest document to render
AUDIENCES = ("delegation", "minister", "press", "training")


def statuses(project):
    manifest = json.loads((project / "reports" / "manifest.json").read_text(encoding="utf-8"))
    return {name: entry["status"] for name, entry in manifest["outputs"].items()}, manifest


def built_names(result) -> list[str]:
    return sorted(line.split("]", 1)[1].split(":")[0].strip() for line in result.stderr.splitlines()
                  if line.startswith("[") and " page(s), " in line)


def add_second_relationship(project):
    source = (project / "data" / "relations" / "qatar-nato.yaml").read_text(encoding="utf-8")
    (project / "data" / "relations" / "qatar-test.yaml").write_text(
        source.replace("id: qatar-nato", "id: qatar-test", 1), encoding="utf-8")


def test_only_the_changed_relationship_is_rebuilt(project_copy):
    add_second_relationship(project_copy)
    sheets = (*CARD, "--issued", ISSUED)     # one document per relationship, the cheapest
    first = cli_in(project_copy, "build", *sheets)
    assert first.returncode == 0, first.stderr
    assert "2 written" in first.stdout
    again = cli_in(project_copy, "build", *sheets)
    assert "0 written, 0 pages, 2 up to date" in again.stdout
    path = project_copy / "data" / "relations" / "qatar-test.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("updated: 2026-11-29", "updated: 2026-11-30", 1),
                    encoding="utf-8")
    changed = cli_in(project_copy, "build", *sheets)
    assert changed.returncode == 0, changed.stderr
    assert built_names(changed) == ["qatar-test/minister/card.ar"]
    assert "1 up to date" in changed.stdout


def test_a_template_change_rebuilds_exactly_the_outputs_that_use_it(project_copy, matrix):
    minister = ("--audience", "minister", "--issued", ISSUED)     # the card and a two-page briefing: the cheapest
    published(project_copy, matrix)
    with (project_copy / "templates" / "card.html").open("a", encoding="utf-8") as handle:
        handle.write("{# a change #}\n")
    result = cli_in(project_copy, "build", *minister)
    assert built_names(result) == ["qatar-nato/minister/card.ar"]
    # A new override in the audience's folder shadows the base template: noticed.
    section = (project_copy / "templates" / "sections" / "summary.html").read_text(encoding="utf-8")
    (project_copy / "templates" / "audiences" / "minister" / "sections").mkdir()
    (project_copy / "templates" / "audiences" / "minister" / "sections" / "summary.html").write_text(section)
    result = cli_in(project_copy, "build", *minister)
    assert built_names(result) == ["qatar-nato/minister/briefing.ar"]


def test_a_stylesheet_change_rebuilds_exactly_the_outputs_that_use_it(project_copy, matrix):
    one_pagers = ("build", "--audience", "press", "--audience", "minister", "--doc", "factsheet", "--doc", "card",
                  "--lang", "ar", "--issued", ISSUED)
    published(project_copy, matrix)
    assert cli_in(project_copy, *one_pagers).stdout.startswith("0 written, 0 pages, 2 up to date")
    # The card's own stylesheet and a new audience.css of the minister: the card alone renders
    # again each time (the cheaper of the two), not the press office's fact sheet.
    with (project_copy / "templates" / "css" / "card.css").open("a", encoding="utf-8") as handle:
        handle.write(".card-head { letter-spacing: 0.01em; }\n")
    assert built_names(cli_in(project_copy, *one_pagers)) == ["qatar-nato/minister/card.ar"]
    # A new audience.css in the minister's folder: the minister's documents, not the press office's.
    (project_copy / "templates" / "audiences" / "minister" / "audience.css").write_text("h2 { color: #123456; }\n")
    assert built_names(cli_in(project_copy, *one_pagers)) == ["qatar-nato/minister/card.ar"]


def test_manifest_records_key_inputs_pages_bytes_and_status(project_copy):
    assert cli_in(project_copy, "build", *PRESS, "--lang", "ar", "--doc", "briefing").returncode == 0
    states, manifest = statuses(project_copy)
    entry = manifest["outputs"]["qatar-nato/press/briefing.ar.pdf"]
    assert states == {"qatar-nato/press/briefing.ar.pdf": "built"}
    assert len(entry["key"]) == 64 and entry["pages"] >= 4 and entry["bytes"] > 10_000
    assert "briefing.html" in entry["inputs"]["templates"] and "sections/summary.html" in entry["inputs"]["templates"]
    assert any(f.endswith("Amiri-Regular.ttf") for f in entry["inputs"]["files"])
    assert entry["render_seconds"] > 0 and manifest["tools"]["weasyprint"] == "70.0"


def test_outputs_of_removed_relationships_and_audiences_are_deleted(project_copy, matrix):
    reports = published(project_copy, matrix)      # the training course's documents among them
    kept = sorted(p.relative_to(reports).as_posix() for p in reports.rglob("*.pdf")
                  if "/training/" not in p.as_posix())
    add_second_relationship(project_copy)
    assert cli_in(project_copy, "build", *CARD, "--issued", ISSUED).returncode == 0
    assert (reports / "qatar-test" / "minister" / "card.ar.pdf").is_file()
    (project_copy / "data" / "relations" / "qatar-test.yaml").unlink()
    (project_copy / "templates" / "audiences" / "training" / "audience.yaml").unlink()
    # Through the copy's own generate.py: in this process the checkout's templates/
    # are the shipped layer under the copy's, and would still hold the training profile.
    result = run_in(project_copy, "build", *CARD, "--issued", ISSUED)
    assert result.returncode == 0, result.stderr
    assert "removed qatar-test/minister/card.ar.pdf" in result.stderr
    assert "removed qatar-nato/training/briefing.en.pdf" in result.stderr
    assert sorted(p.relative_to(reports).as_posix() for p in reports.rglob("*.pdf")) == kept
    assert sorted(statuses(project_copy)[0]) == kept
    # Their folders go too, index and thumbnails with them.
    assert not (reports / "qatar-test").exists() and not (reports / "qatar-nato" / "training").exists()


def test_an_invalid_relationship_profile_or_template_keeps_every_file_it_published(project_copy):
    add_second_relationship(project_copy)
    narrow = ("build", *CARD, "--issued", ISSUED)        # the cheapest document, one per relationship
    assert cli_in(project_copy, *narrow).returncode == 0
    reports = project_copy / "reports"
    published = {p: p.read_bytes() for p in reports.rglob("*.pdf")}
    assert len(published) == 2
    relation = project_copy / "data" / "relations" / "qatar-test.yaml"
    good = relation.read_text(encoding="utf-8")
    profile = project_copy / "templates" / "audiences" / "minister" / "audience.yaml"
    template = project_copy / "templates" / "card.html"
    breakages = [
        (relation, good.replace("kind: visit", "kind: visti", 1)),        # a typo
        (relation, good[: len(good) * 2 // 5]),                           # a half-saved file (watch)
        (profile, profile.read_text(encoding="utf-8").replace("clearance: restricted", "clearance: restrikted")),
        (template, template.read_text(encoding="utf-8") + "{% if %}\n"),
    ]
    for path, broken in breakages:
        original = path.read_text(encoding="utf-8")
        path.write_text(broken, encoding="utf-8")
        result = cli_in(project_copy, *narrow)
        assert result.returncode == 2, result.stderr
        assert "removed" not in result.stderr, (path.name, result.stderr)
        assert {p: p.read_bytes() for p in reports.rglob("*.pdf")} == published, path.name
        assert len(statuses(project_copy)[0]) == 2, path.name
        path.write_text(original, encoding="utf-8")
    # Only a relationship that is really gone is pruned.
    relation.unlink()
    result = cli_in(project_copy, *narrow)
    assert result.returncode == 0 and "removed qatar-test/minister/card.ar.pdf" in result.stderr


def valid_pdfs(reports):
    pdfs = sorted(reports.rglob("*.pdf"))
    for pdf in pdfs:
        assert len(pypdf.PdfReader(pdf).pages) >= 1, pdf
    return pdfs


def test_a_build_killed_with_sigkill_leaves_earlier_pdfs_and_the_next_finishes(project_copy, matrix):
    # The press office's four documents, published by the session's build: a window to kill in.
    reports = published(project_copy, matrix)
    before = {p: p.read_bytes() for p in (reports / "qatar-nato" / "press").glob("*.pdf")}
    total = len(before)
    assert total == 4
    again = ("build", "--audience", "press", "--issued", "2026-12-01")
    process = subprocess.Popen([sys.executable, "generate.py", *again, "--workers", "2"],
                               cwd=project_copy, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               start_new_session=True)
    deadline = time.time() + 120
    while time.time() < deadline and all(p.read_bytes() == b for p, b in before.items()):
        time.sleep(0.02)                       # until the first document of the new build lands
    os.killpg(process.pid, signal.SIGKILL)     # then kill the build and its workers, mid-flight
    process.wait()
    after = valid_pdfs(reports / "qatar-nato" / "press")
    assert set(after) == set(before)           # every output still there, each a whole PDF
    renewed = sum(p.read_bytes() != b for p, b in before.items())
    assert 1 <= renewed < total, renewed
    json.loads((reports / "manifest.json").read_text(encoding="utf-8"))
    finish = cli_in(project_copy, *again)
    assert finish.returncode == 0, finish.stderr
    written = int(finish.stdout.strip().split(" written")[0])
    assert 0 < written <= total - renewed + 2, finish.stdout   # what the killed build had finished is kept
    assert not list(reports.rglob(".*.tmp"))
    assert cli_in(project_copy, *again).stdout.startswith(f"0 written, 0 pages, {total} up to date")


def with_hook(project, body: str) -> str:
    """A driver script in the project that runs generate.py with Renderer.pdf
    wrapped by `body` (in this process and in every worker it spawns, which
    import the main script again): faults at an exact point, not a race."""
    (project / "hooked.py").write_text(textwrap.dedent("""
        import os, signal, sys
        from pathlib import Path
        from briefgen.render import engine as render

        HERE = Path(__file__).resolve().parent
        real_pdf = render.Renderer.pdf

        def pdf(self, view, audience, name, kind=None):
            with open(HERE / "attempts.log", "a") as log:
                log.write(name + "\\n")
        {body}

        render.Renderer.pdf = pdf
        if __name__ == "__main__":
            from briefgen.cli import main
            main(sys.argv[1:])
        """).format(body=textwrap.indent(textwrap.dedent(body), " " * 4)))
    return "hooked.py"


def attempts(project) -> list[str]:
    return sorted((project / "attempts.log").read_text().split())


def test_a_dead_worker_costs_only_its_own_document(project_copy):
    """kill -9 of a worker mid-render (as the OOM killer would): that document is
    tried once more in a fresh worker, then reported failed; the others are written.
    Three documents, the cheapest: one that dies every time, one once, one never."""
    hook = with_hook(project_copy, """
        if name == "qatar-nato/press/briefing.ar":            # dies every time
            os.kill(os.getpid(), signal.SIGKILL)
        if name == "qatar-nato/minister/briefing.ar" and not (HERE / "died").exists():
            (HERE / "died").touch()                            # dies once
            os.kill(os.getpid(), signal.SIGKILL)
        return real_pdf(self, view, audience, name, kind)
    """)
    result = subprocess.run([sys.executable, hook, "build", "--audience", "press", "--audience", "minister",
                             "--doc", "briefing", "--doc", "card", "--lang", "ar", "--issued", ISSUED, "--workers", "2"],
                            cwd=project_copy, capture_output=True, text=True, timeout=600)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout.startswith("2 written, ") and "1 failed: qatar-nato/press/briefing.ar" in result.stdout
    assert ("error: qatar-nato/press/briefing.ar: its worker process died twice (killed by SIGKILL"
            in result.stderr), result.stderr
    assert attempts(project_copy) == ["qatar-nato/minister/briefing.ar", "qatar-nato/minister/briefing.ar",
                                      "qatar-nato/minister/card.ar", "qatar-nato/press/briefing.ar",
                                      "qatar-nato/press/briefing.ar"]
    minister = project_copy / "reports" / "qatar-nato" / "minister"
    assert sorted(p.name for p in minister.glob("*.pdf")) == ["briefing.ar.pdf", "card.ar.pdf"]
    assert not list((project_copy / "reports" / "qatar-nato" / "press").glob("*.pdf"))
    assert statuses(project_copy)[0]["qatar-nato/press/briefing.ar.pdf"] == "failed"


def test_a_worker_is_replaced_after_its_share_of_documents_and_each_still_renders(tmp_path, monkeypatch):
    """Worker memory stays flat on long builds: a worker that has rendered
    recycle_after documents is retired and a fresh one takes the next."""
    import datetime as dt
    from briefgen.paths import Project
    from briefgen.rebuild.build import Selection, plan
    from briefgen.rebuild.job import Task
    from briefgen.rebuild.workers import WorkerPool
    from briefgen.render.checks import check
    from briefgen.view.select import document_view
    project = Project.at(ROOT, reports=tmp_path / "reports")
    inputs = check(project)
    jobs = plan(inputs, project, Selection(audiences=("minister",)), dt.date(2026, 11, 29))
    tasks = [Task(job, view, "x") for job in jobs
             for view in [document_view(inputs.record, inputs.record.relationships[job.relation], job.options,
                                        inputs.strings)]]
    pool, started = WorkerPool(project, 1, recycle_after=1), []
    real_start = WorkerPool.start
    monkeypatch.setattr(WorkerPool, "start", lambda self, task, attempts: started.append(
        real_start(self, task, attempts)) or started[-1])
    results = list(pool.run(tasks))
    assert [r.error for r in results] == [None, None] and all(r.content.startswith(b"%PDF") for r in results)
    assert len(started) == 2 and all(not w.process.is_alive() for w in started)


def test_a_workers_kept_heap_is_collected_once_then_kept_out_of_collections():
    """keep_out_of_collections (a worker after its first document, serve's
    server after its first build): a full collection first, so garbage that
    refers to itself is not kept for good, then gc.freeze; once per process."""
    code = textwrap.dedent("""
        import gc, weakref
        gc.disable()          # no collection but the one asked for
        from briefgen.rebuild import workers
        class Node: pass
        node = Node(); node.itself = node; gone = weakref.ref(node); del node
        workers.keep_out_of_collections()
        frozen = gc.get_freeze_count()
        kept = [Node() for _ in range(1000)]
        workers.keep_out_of_collections()
        print(gone() is None, frozen > 1000, gc.get_freeze_count() == frozen)
    """)
    found = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert found.stdout.split() == ["True", "True", "True"], found.stderr


def test_a_stylesheet_saved_while_a_document_renders_leaves_it_stale(project_copy, monkeypatch):
    """The key says what was read before rendering: an edit that lands after
    the stylesheet was read (here, exactly then) makes the next build render again."""
    real_pdf = render.Renderer.pdf

    def pdf(self, view, audience, name, kind=None):
        pdf_bytes = real_pdf(self, view, audience, name, kind)     # laid out with the old stylesheet
        if not (project_copy / "edited").exists():
            (project_copy / "edited").touch()
            with open(project_copy / "templates" / "css" / "card.css", "a") as css:
                css.write(".card-head { background: #0b3d2e; }\n")
        return pdf_bytes

    monkeypatch.setattr(render.Renderer, "pdf", pdf)         # the build renders in this process
    narrow = ("build", *CARD, "--issued", ISSUED)            # the cheapest document
    first = cli_in(project_copy, *narrow)
    assert first.returncode == 0 and first.stdout.startswith("1 written"), first.stderr
    assert ("qatar-nato/minister/card.ar: a template, stylesheet or font changed while it rendered; "
            "the next build renders it again") in first.stderr
    pdf = project_copy / "reports" / "qatar-nato" / "minister" / "card.ar.pdf"
    old = pdf.read_bytes()
    again = cli_in(project_copy, *narrow)
    assert again.stdout.startswith("1 written, 1 page, 0 up to date"), again.stdout   # not "up to date"
    assert pdf.read_bytes() != old                     # now with the new stylesheet
    assert cli_in(project_copy, *narrow).stdout.startswith("0 written, 0 pages, 1 up to date")


def test_two_copies_in_different_folders_give_identical_pdfs_and_keys(tmp_path):
    """The minister's briefing carries the emblem (a file the view names)."""
    copies = [copy_project(tmp_path / "one" / "briefgen"), copy_project(tmp_path / "elsewhere" / "x" / "briefgen")]
    minister = ("build", "--audience", "minister", "--doc", "briefing", "--issued", ISSUED)
    for copy in copies:
        assert cli_in(copy, *minister).returncode == 0
    pdfs = [{p.relative_to(c).as_posix(): p.read_bytes() for p in (c / "reports").rglob("*.pdf")} for c in copies]
    assert len(pdfs[0]) == 1 and pdfs[0] == pdfs[1]
    manifests = [statuses(c)[1]["outputs"] for c in copies]
    for name, entry in manifests[0].items():
        assert (entry["key"], entry["inputs"]) == (manifests[1][name]["key"], manifests[1][name]["inputs"]), name
    # A project moved to another folder keeps its keys: nothing to render.
    moved = copies[0].rename(tmp_path / "moved")
    assert cli_in(moved, *minister).stdout.startswith("0 written, 0 pages, 1 up to date")


def font_copies(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(("weasyprint-", "briefgen-faces-")))


def test_builds_leave_no_copies_of_the_fonts_in_the_temporary_folder(project_copy, tmp_path):
    """WeasyPrint copies fonts/ (2.4 MB) into a folder per renderer and leaves
    it when a worker process ends: thousands after weeks of scheduled builds."""
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    ended = scratch / f"briefgen-faces-{os.getuid()}-999999999-left"   # a process that cannot exist
    ended.mkdir()
    (ended / "font").write_bytes(b"x")
    env = {**os.environ, "TMPDIR": str(scratch)}
    for workers, docs in (("2", ()), ("1", ("--doc", "card"))):
        # The minister's two documents: with two workers, each worker renders one and must clean up.
        result = run_in(project_copy, "build", "--audience", "minister", "--issued", ISSUED, *docs, "--force",
                        "--workers", workers, env=env)
        assert result.returncode == 0, result.stderr
        assert font_copies(scratch) == [], workers


def test_two_concurrent_builds_do_not_corrupt_reports(project_copy):
    # The press office's Arabic documents: two renders, long enough for the second build to find the lock held.
    command = [sys.executable, "generate.py", "build", *PRESS, "--lang", "ar", "--workers", "1"]
    first = subprocess.Popen(command, cwd=project_copy, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    second = subprocess.Popen(command, cwd=project_copy, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    results = [p.communicate(timeout=300) for p in (first, second)]
    assert first.returncode == 0 and second.returncode == 0, results
    assert any("waiting for it to finish" in err for _, err in results)
    assert len(valid_pdfs(project_copy / "reports")) == 2
    assert set(statuses(project_copy)[0].values()) == {"built"}


def test_no_wait_exits_with_status_3_while_another_build_holds_the_lock(project_copy):
    # In this process: the lock is flock(2), held by an open file, so a second open of
    # reports/.lock (the build's) finds it taken as another process's would.
    with reports_lock(project_copy / "reports"):
        result = cli_in(project_copy, "build", *PRESS, "--no-wait")
    assert result.returncode == 3
    assert "another build (pid" in result.stderr and "not waiting" in result.stderr


def links(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="([^"]*)"', html)


def test_each_thumbnail_is_its_pdfs_first_page_180_pixels_wide(matrix):
    """output/pdf.py loads the first page once for the thumbnail and the leak
    guard; the thumbnail is still that page as pdfium draws it."""
    for pdf in matrix.rglob("*.pdf"):
        thumbnail = Image.open(pdf.parent / "thumbnails" / f"{pdf.stem}.png")
        document = pdfium.PdfDocument(pdf.read_bytes())
        page = document[0]
        drawn = page.render(scale=180 / page.get_width()).to_pil()
        page.close()
        document.close()
        assert thumbnail.size[0] == 180 and thumbnail.tobytes() == drawn.tobytes(), pdf


def test_a_thumbnails_png_holds_the_pixels_given_rows_padded_or_not():
    """output/thumbnails.py writes the PNG itself: each row's pixels, without
    the bytes pdfium may pad a row with."""
    import io
    from briefgen.output.thumbnails import rgb_png
    width, height = 5, 3
    pixels = [bytes((y * 50 + x * 7 + c) % 256 for x in range(width) for c in range(3)) for y in range(height)]
    for padding in (0, 1, 9):
        given = b"".join(row + b"\xff" * padding for row in pixels)
        image = Image.open(io.BytesIO(rgb_png(given, width, height, 3 * width + padding)))
        assert (image.mode, image.size) == ("RGB", (width, height))
        assert image.tobytes() == b"".join(pixels), padding


def test_the_operator_index_lists_every_document_and_each_audience_index(matrix):
    reports = matrix.parent
    index = (reports / "index.html").read_text(encoding="utf-8")
    for pdf in reports.rglob("*.pdf"):
        name = pdf.relative_to(reports).as_posix()
        thumbnail = f"{pdf.parent.relative_to(reports).as_posix()}/thumbnails/{pdf.stem}.png"
        assert f'href="{name}"' in index and f'src="{thumbnail}"' in index, name
    for audience in AUDIENCES:
        assert f'href="qatar-nato/{audience}/index.html"' in index
    assert all((reports / link).is_file() for link in links(index))


def test_an_index_template_is_compiled_once_per_process_and_again_once_edited(tmp_path):
    from briefgen.rebuild.index import index_environment
    template = tmp_path / "index.html"
    template.write_text("one {{ 1 + 1 }}", encoding="utf-8")
    first = index_environment((tmp_path,)).get_template("index.html")
    again = index_environment((tmp_path,)).get_template("index.html")     # a later build, a served page
    assert first.render() == again.render() == "one 2"
    assert again.root_render_func.__code__ is first.root_render_func.__code__    # not compiled again
    template.write_text("two {{ 1 + 1 }}", encoding="utf-8")               # same name, file and size
    assert index_environment((tmp_path,)).get_template("index.html").render() == "two 2"


def test_a_build_that_changes_nothing_leaves_the_indexes_untouched(project_copy, matrix):
    sheet = (*PRESS, "--lang", "en", "--doc", "factsheet")
    indexes = sorted(published(project_copy, matrix).rglob("index.html"))
    assert len(indexes) == 5                       # the operator's and each audience folder's
    times = [p.stat().st_mtime_ns for p in indexes]
    time.sleep(0.05)
    again = cli_in(project_copy, "build", *sheet)
    assert again.stdout.startswith("0 written"), again.stdout
    assert [p.stat().st_mtime_ns for p in indexes] == times


def test_an_audience_folder_names_and_links_only_its_own_documents(matrix):
    """Each reports/<relation>/<audience>/ can be published as it is: its index
    lists its documents with their thumbnails, every link stays inside the folder,
    and no file in it names another audience or its documents."""
    manifest = json.loads((matrix.parent / "manifest.json").read_text(encoding="utf-8"))["outputs"]
    for audience in AUDIENCES:
        folder = matrix / audience
        own = sorted(Path(name).name for name, entry in manifest.items() if entry["audience"] == audience)
        files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
        assert files == sorted(["index.html", *own, *(f"thumbnails/{Path(n).stem}.png" for n in own)])
        index = (folder / "index.html").read_text(encoding="utf-8")
        targets = links(index)
        assert sorted(set(t for t in targets if t.endswith(".pdf"))) == own
        assert sorted(set(t for t in targets if t.endswith(".png"))) == [f"thumbnails/{Path(n).stem}.png" for n in own]
        for target in targets:    # relative, inside the folder, there
            assert ":" not in target and not target.startswith("/"), target
            assert (folder / target).resolve().is_relative_to(folder.resolve()) and (folder / target).is_file()
        others = [a for a in AUDIENCES if a != audience]
        for path in folder.rglob("*"):
            text = path.name if path.suffix != ".html" else path.read_text(encoding="utf-8")
            mentioned = [o for o in others if re.search(rf"\b{o}\b", text)]
            assert not mentioned, (audience, path.name, mentioned)
    # The operator's index and the manifest are outside every audience folder.
    assert (matrix.parent / "index.html").is_file() and not (matrix.parent / "thumbnails").exists()


def test_an_audience_index_never_links_a_document_that_was_never_written(tmp_path):
    """The English briefing fails (a line that cannot break), so it was never
    written: the published folder's index links the Arabic one alone. Briefings:
    one layout each, where a fact sheet tries every layout before it fails."""
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    override = tmp_path / "templates" / "audiences" / "press" / "briefing.html"
    override.write_text('{% extends "base/briefing.html" %}{% block body %}{% if doc.lang == "en" %}'
                        '<p style="white-space: nowrap">' + "far, " * 200 + '</p>{% endif %}{{ super() }}'
                        '{% endblock %}', encoding="utf-8")
    result = cli_in(tmp_path, "build", *PRESS, "--doc", "briefing")
    assert result.returncode == 1 and "qatar-nato/press/briefing.en: page 1: text runs" in result.stderr
    folder = tmp_path / "reports" / "qatar-nato" / "press"
    assert not (folder / "briefing.en.pdf").exists()
    targets = set(links((folder / "index.html").read_text(encoding="utf-8")))
    assert targets == {"briefing.ar.pdf", "thumbnails/briefing.ar.png"}, targets


def test_a_bad_cron_expression_gets_a_clear_error(project_copy):
    (project_copy / "schedule.yaml").write_text(
        "runs:\n  - name: weekly\n    cron: \"0 25 * * 1\"\n  - name: odd\n    cron: \"every monday\"\n",
        encoding="utf-8")
    result = cli_in(project_copy, "schedule", "--list")
    assert result.returncode == 2
    assert "schedule.yaml:3:11: runs[0].cron: '0 25 * * 1' is not a cron expression" in result.stderr
    assert "schedule.yaml:5:11: runs[1].cron: 'every monday' is not a cron expression" in result.stderr
    assert "Traceback" not in result.stderr


def test_schedule_lists_next_times_and_logs_runs(project_copy):
    listed = cli_in(project_copy, "schedule", "--list")
    assert listed.returncode == 0
    assert "monday-briefs (0 6 * * 1): Mon " in listed.stdout
    (project_copy / "schedule.yaml").write_text(
        "log: reports/schedule.log\nruns:\n  - name: card-now\n    cron: \"*/5 * * * *\"\n    audiences: [minister]\n"
        "    documents: [card]\n    languages: [ar]\n",
        encoding="utf-8")
    ran = cli_in(project_copy, "schedule", "--now", "--workers", "1")
    assert ran.returncode == 0, ran.stderr
    log = (project_copy / "reports" / "schedule.log").read_text(encoding="utf-8")
    assert " card-now exit=0 1 written, " in log


def test_watch_rebuilds_when_data_changes(project_copy):
    # The press office's briefings, its cheapest pair of documents (one layout each, no fitting).
    process = subprocess.Popen([sys.executable, "generate.py", "watch", "--max-builds", "1", "--audience", "press",
                                "--doc", "briefing", "--workers", "1"], cwd=project_copy, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    index = project_copy / "reports" / "index.html"     # written when the first build ends
    while not index.exists() and time.time() < deadline:
        time.sleep(0.2)
    path = project_copy / "data" / "relations" / "qatar-nato.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Qatar's Relations with NATO", "Qatar and NATO", 1),
                    encoding="utf-8")
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    assert "changed: qatar-nato.yaml" in err
    # The English title changed: the press's English briefing, and not the Arabic one, is
    # rebuilt; watch keeps to the audience and document it was given.
    assert out.strip().splitlines()[-1].startswith("1 written, ")
    assert "1 up to date" in out.strip().splitlines()[-1]
    assert {p.parent.name for p in (project_copy / "reports").rglob("*.pdf")} == {"press"}


def crashing_once(project, on_call: int) -> str:
    """A driver script that runs generate.py with the build's removal of
    orphans (inside the lock on reports/, after rendering) raising on its
    `on_call`-th call in this process, and writing crashes.log when it does:
    an unexpected error in one rebuild, not bad input and no mock of WeasyPrint."""
    (project / "crashing.py").write_text(textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from briefgen.rebuild import build

        HERE = Path(__file__).resolve().parent
        real, calls = build.remove_orphans, []

        def remove_orphans(*args, **kwargs):
            calls.append(1)
            if len(calls) == {on_call}:
                (HERE / "crashes.log").write_text("raised\\n")
                raise RuntimeError("injected fault")
            return real(*args, **kwargs)

        build.remove_orphans = remove_orphans
        if __name__ == "__main__":
            from briefgen.cli import main
            main(sys.argv[1:])
        """))
    return "crashing.py"


def wait_for(path, seconds: float = 120) -> None:
    deadline = time.time() + seconds
    while not path.exists() and time.time() < deadline:
        time.sleep(0.1)
    assert path.exists(), f"{path} never appeared"


def test_watch_survives_a_rebuild_that_raises_and_rebuilds_on_the_next_save(project_copy):
    """An unexpected exception in one rebuild used to end watch with a traceback."""
    script = crashing_once(project_copy, on_call=2)     # the first build passes; the first rebuild raises
    process = subprocess.Popen([sys.executable, script, "watch", "--max-builds", "2", "--audience", "press",
                                "--doc", "briefing", "--lang", "en", "--workers", "1"], cwd=project_copy,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(project_copy / "reports" / "index.html")       # the first build is done
        path = project_copy / "data" / "relations" / "qatar-nato.yaml"
        source = path.read_text(encoding="utf-8")
        path.write_text(source.replace("Qatar's Relations with NATO", "Qatar and NATO, take 1", 1), encoding="utf-8")
        wait_for(project_copy / "crashes.log")
        time.sleep(0.5)     # a save of its own, not the same batch as the first
        path.write_text(source.replace("Qatar's Relations with NATO", "Qatar and NATO, take 2", 1), encoding="utf-8")
        out, err = process.communicate(timeout=300)
    finally:
        process.kill()
    assert process.returncode == 0, err
    assert ("error: the rebuild after qatar-nato.yaml changed of audience press; doc briefing; lang en failed "
            "unexpectedly (RuntimeError: injected fault); exit status 1; watching goes on") in err, err
    assert "Traceback" not in err
    assert out.strip().splitlines()[-1].startswith("1 written, "), out     # the next save was built
    assert "take 2" in "".join(page_texts_of(project_copy / "reports" / "qatar-nato" / "press" / "briefing.en.pdf"))
    # watch keeps to the language it was given, in its first build and its rebuilds.
    assert sorted(p.name for p in (project_copy / "reports").rglob("*.pdf")) == ["briefing.en.pdf"]


def page_texts_of(pdf):
    return [page.extract_text() for page in pypdf.PdfReader(str(pdf)).pages]


def test_schedule_survives_a_run_that_raises_logs_it_and_runs_the_next(project_copy, monkeypatch):
    real, calls = build.remove_orphans, []

    def remove_orphans(*args, **kwargs):      # inside the lock on reports/, after rendering
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("injected fault")
        return real(*args, **kwargs)

    monkeypatch.setattr(build, "remove_orphans", remove_orphans)    # the runs build in this process
    (project_copy / "schedule.yaml").write_text(
        "log: reports/schedule.log\nruns:\n"
        # The minister's card, then its two-page briefing: the cheapest two documents.
        "  - name: first\n    cron: \"@daily\"\n    audiences: [minister]\n    documents: [card]\n"
        "  - name: second\n    cron: \"@daily\"\n    audiences: [minister]\n    documents: [briefing]\n",
        encoding="utf-8")
    ran = cli_in(project_copy, "schedule", "--now", "--workers", "1")
    assert ran.returncode == 1, ran.stderr          # the worst run's status
    assert "Traceback" not in ran.stderr
    assert ("error: run first failed unexpectedly (RuntimeError: injected fault); exit status 1; "
            "the next run goes on") in ran.stderr, ran.stderr
    log = (project_copy / "reports" / "schedule.log").read_text(encoding="utf-8").splitlines()
    assert len(log) == 2, log
    assert " first exit=1 error: run first failed unexpectedly (RuntimeError: injected fault)" in log[0], log
    assert " second exit=0 1 written, " in log[1], log
