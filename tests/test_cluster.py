"""Rendering on a Dask cluster: a LocalCluster (scheduler and two worker
processes) started by the test itself, no outside service."""
import os
import signal
import subprocess
import sys
import time

import pytest

from conftest import ISSUED, ROOT, cli_in, invoke, write

distributed = pytest.importorskip("distributed")

PRESS = ("--audience", "press", "--issued", ISSUED)


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as local, distributed.Client(local) as client:
        yield local, client


def build(project, reports, *args, cluster_address=None):
    extra = ("--cluster", cluster_address) if cluster_address else ()
    return subprocess.run([sys.executable, "generate.py", "build", "--reports", str(reports), *args, *extra],
                          cwd=project, capture_output=True, text=True, timeout=600)


def files(reports):
    return {p.relative_to(reports).as_posix(): p.read_bytes()
            for p in reports.rglob("*") if p.suffix in (".pdf", ".png")}


def test_cluster_build_gives_the_same_bytes_as_the_local_build(cluster, tmp_path, matrix, press_factsheet_html):
    local, client = cluster
    # --html: the workers send back the exact sources too (compared below). The client in this
    # process (the workers render; a process of its own would only add an interpreter's start-up).
    status, stderr, _ = invoke("build", "--project", str(ROOT), "--reports", str(tmp_path / "cluster"), *PRESS,
                               "--html", "--cluster", local.scheduler_address)
    assert status == 0, stderr
    assert "on the cluster at tcp://127.0.0.1" in stderr
    # The local build: the session's (its own process, local workers), the press office's part of it.
    local_files = {name: data for name, data in files(matrix.parent).items() if name.startswith("qatar-nato/press/")}
    cluster_files = files(tmp_path / "cluster")
    assert len(cluster_files) == 8 and cluster_files == local_files    # 4 PDFs, 4 thumbnails
    # Same keys too: a local build after a cluster build renders nothing.
    again = cli_in(ROOT, "build", "--reports", str(tmp_path / "cluster"), *PRESS)
    assert again.stdout.startswith("0 written, 0 pages, 4 up to date"), again.stdout
    # The sources sent back are those a local build (in this process, --html) gives WeasyPrint.
    local = press_factsheet_html[0]
    for suffix in (".html", ".css"):
        made = [folder / "qatar-nato" / "press" / f"factsheet.ar{suffix}" for folder in (tmp_path / "cluster", local)]
        assert made[0].read_text(encoding="utf-8") == made[1].read_text(encoding="utf-8")
        assert "<html" in made[0].read_text(encoding="utf-8") or suffix == ".css"


def test_a_worker_killed_mid_build_costs_nothing(cluster, project_copy):
    local, client = cluster
    pids = client.run(os.getpid)                # worker address -> process id
    # The press office's four documents: two for each worker, so the one killed is busy.
    process = subprocess.Popen([sys.executable, "generate.py", "build", *PRESS, "--reports",
                                str(project_copy / "reports"), "--cluster", local.scheduler_address],
                               cwd=project_copy, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    first = process.stderr.readline()          # "Building 4 document(s) ..." : tasks are being sent
    assert "on the cluster" in first, first + process.stderr.read()
    busy = busy_worker(client)
    os.kill(pids[busy], signal.SIGKILL)        # mid-task, as the kernel's OOM killer would
    out, err = process.communicate(timeout=600)
    assert process.returncode == 0, err
    assert out.startswith("4 written, "), out       # every document, none lost with the worker
    assert not [line for line in err.splitlines() if "FAILED" in line]
    client.wait_for_workers(2, timeout=60)     # the nanny has started a new one


def busy_worker(client, timeout=120):
    """The address of a worker that is rendering a document right now."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        for address, keys in client.processing().items():
            if any(str(key).startswith("briefgen-") for key in keys):
                return address
        time.sleep(0.05)
    raise AssertionError("no worker started rendering")


def test_a_worker_with_a_different_copy_refuses_naming_the_files(cluster, project_copy):
    local, _ = cluster
    # The workers run the code in ROOT; this build's copy of one module differs.
    charts = project_copy / "briefgen" / "view" / "charts.py"
    charts.write_text(charts.read_text(encoding="utf-8") + "\n# a different version\n", encoding="utf-8")
    result = build(project_copy, project_copy / "reports", *PRESS, "--doc", "factsheet", "--lang", "ar",
                   cluster_address=local.scheduler_address)
    assert result.returncode == 1, result.stderr
    assert "refused by worker" in result.stderr and "code/view/charts.py: content differs" in result.stderr
    assert not list((project_copy / "reports").rglob("*.pdf"))


def test_an_unreachable_scheduler_exits_2_before_writing_anything(tmp_path, monkeypatch):
    reports = tmp_path / "reports"
    result = build(ROOT, reports, *PRESS, "--cluster-timeout", "1", cluster_address="tcp://127.0.0.1:9")
    assert result.returncode == 2, result.stderr
    assert "error: cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.stderr
    assert "Traceback" not in result.stderr and not reports.exists()
    # The address from the environment (in this process: the one above was the real command).
    monkeypatch.setenv("BRIEFGEN_CLUSTER", "tcp://127.0.0.1:9")
    from_env = cli_in(ROOT, "build", "--reports", str(reports), *PRESS, "--cluster-timeout", "1")
    assert from_env.returncode == 2 and "cannot reach the Dask scheduler" in from_env.stderr, from_env.stderr
    assert not reports.exists()


@pytest.mark.parametrize("address", ["127.0.0.1", "http://127.0.0.1:8786", "tcp://scheduler"])
def test_a_malformed_scheduler_address_is_a_plain_usage_error(tmp_path, address):
    """A Client made from such an address failed in its constructor; its finaliser
    then waited 6 s and printed a traceback after briefgen's own message."""
    reports = tmp_path / "reports"
    result = build(ROOT, reports, *PRESS, "--cluster-timeout", "2", cluster_address=address)
    assert result.returncode == 2, result.stderr
    assert f"error: cannot reach the Dask scheduler at {address}: " in result.stderr
    assert "expected tcp://HOST:PORT" in result.stderr
    assert "Traceback" not in result.stderr and not reports.exists()


def test_a_scheduler_without_workers_exits_2_before_writing_anything(tmp_path):
    """It accepted the tasks and the build waited for ever, holding reports/'s lock."""
    with distributed.LocalCluster(n_workers=0, host="127.0.0.1", dashboard_address=None) as empty:
        reports = tmp_path / "reports"
        status, stderr, _ = invoke("build", "--project", str(ROOT), "--reports", str(reports), *PRESS, "--doc",
                                   "factsheet", "--lang", "ar", "--cluster-timeout", "2",
                                   "--cluster", empty.scheduler_address)
    assert status == 2, stderr
    assert f"error: the Dask scheduler at {empty.scheduler_address} has no workers (waited 2 s)" in stderr
    assert "Traceback" not in stderr and not reports.exists()


def test_a_scheduler_that_cannot_import_briefgen_is_explained():
    """Dask's message is several lines; only its first ("... This frequently") was shown."""
    from briefgen.rebuild.cluster import describe
    err = RuntimeError("Error during deserialization of the task graph. This frequently\n"
                       "occurs if the Scheduler and Client have different environments.\n")
    said = describe(err)
    assert "different environments" in said and "PYTHONPATH" in said


def test_a_template_error_on_the_cluster_exits_2_naming_file_and_line_as_the_local_build_does(
        cluster, project_copy, tmp_path):
    """One render job on both: the same message and exit status, not the
    cluster's "rendering on the cluster failed" and 1."""
    local, client = cluster
    write(project_copy, "templates/audiences/press/sections/summary.html",
          '<section class="chapter">\n<h2 id="summary">x</h2>\n{{ (doc.chronology | first).nope }}\n</section>\n')
    said = ("error: qatar-nato/press/briefing.en: template error: templates/audiences/press/sections/summary.html:3: "
            "'dict object' has no attribute 'nope'")
    for way in (("--workers", "1"), ("--cluster", local.scheduler_address)):
        status, stderr, _ = invoke("build", "--project", str(project_copy), *PRESS, "--doc", "briefing",
                                   "--lang", "en", "--reports", str(tmp_path / way[0].strip("-")), *way)
        assert status == 2, (way, stderr)
        assert said in stderr.splitlines(), (way, stderr)
        assert not (tmp_path / way[0].strip("-") / "qatar-nato" / "press" / "briefing.en.pdf").exists()


def test_a_worker_renders_without_writing(tmp_path):
    """The task a worker runs returns bytes and writes nothing, not even reports/."""
    from briefgen.paths import Project
    from briefgen.render.checks import check
    from briefgen.rebuild.build import Selection, plan
    from briefgen.rebuild.cluster import render_remote
    from briefgen.rebuild.fingerprint import fingerprint
    from briefgen.view.digest import view_digest
    from briefgen.rebuild.workers import Task
    from briefgen.view.select import document_view
    import datetime as dt
    project = Project(reports=tmp_path / "reports")
    inputs = check(project)
    job = plan(inputs, project, Selection(audiences=("press",), docs=("factsheet",), langs=("en",)),
               dt.date(2026, 11, 29))[0]
    view = document_view(inputs.record, inputs.record.relationships[job.relation], job.options, inputs.strings)
    audience = job.options.audience
    remote = render_remote(project, Task(job, view, view_digest(view)),
                           fingerprint(project.templates, project.fonts, audience.folder))
    assert remote.error is None, remote.error
    assert remote.content.startswith(b"%PDF") and remote.pages == 1
    assert remote.companions["thumbnail"].startswith(b"\x89PNG") and remote.fit_pt is not None
    assert "factsheet.html" in remote.deps.templates
    assert remote.task is None          # the view is not sent back: the client has it
    assert not project.reports.exists()
