"""The live preview (`generate.py serve`): a real server in a subprocess on a
free loopback port, over a copy of the project; its events read as a browser
would (Server-Sent Events), its pages and page images fetched over HTTP."""
from __future__ import annotations

import hashlib
import http.client
import io
import json
import os
import queue
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from PIL import Image

from conftest import ISSUED, ROOT, cli_in, page_texts

DOC = "qatar-nato/press/factsheet.ar"
WAIT = 120   # seconds; generous for a loaded machine, never reached when things work


class Preview:
    """A running `generate.py serve` and the events it has sent."""

    def __init__(self, project: Path, *args: str):
        self.project = project
        self.process = subprocess.Popen([sys.executable, "generate.py", "serve", "--port", "0", *args],
                                        cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.process.stderr.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert match, line + self.process.stderr.read()
        self.port = int(match.group(1))
        self.log: list[str] = []
        threading.Thread(target=self._read_log, daemon=True).start()
        self.events: "queue.Queue[tuple[str, dict]]" = queue.Queue()
        threading.Thread(target=self._read_events, daemon=True).start()

    def _read_log(self) -> None:
        for line in self.process.stderr:
            self.log.append(line)

    def _read_events(self) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=WAIT)
        connection.request("GET", f"/events?doc={DOC}")
        response = connection.getresponse()
        assert response.getheader("Content-Type").startswith("text/event-stream")
        event = None
        while line := response.readline().decode():
            if line.startswith("event: "):
                event = line[7:].strip()
            elif line.startswith("data: "):
                self.events.put((event, json.loads(line[6:])))

    def wait_for(self, status: str, name: str = DOC, seen: list | None = None, **fields) -> dict:
        """The next event about `name` with this status (and fields); earlier
        ones are appended to `seen`."""
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            try:
                event, data = self.events.get(timeout=1)
            except queue.Empty:
                continue
            if event == "document" and data["name"] == name:
                if data["status"] == status and all(data[k] == v for k, v in fields.items()):
                    return data
                if seen is not None:
                    seen.append(data)
        raise AssertionError(f"no {status} {fields} for {name} in {WAIT} s; log:\n{''.join(self.log)}")

    def settled(self) -> None:
        """Wait until the current rebuild has finished (index and manifest written)
        and the document is built."""
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            state = json.loads(self.get("/state.json")[2])
            if not state["preview"]["activity"] and [d["status"] for d in state["documents"]] == ["built"]:
                return
            time.sleep(0.1)
        raise AssertionError(f"the preview did not settle; log:\n{''.join(self.log)}")

    def get(self, path: str, host: str | None = None) -> tuple[int, dict, bytes]:
        return get(self.port, path, host)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def get(port: int, path: str, host: str | None = None) -> tuple[int, dict, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.putrequest("GET", path, skip_host=host is not None, skip_accept_encoding=True)
    if host is not None:
        connection.putheader("Host", host)
    connection.endheaders()
    response = connection.getresponse()
    return response.status, dict(response.getheaders()), response.read()


def files_outside_reports(project: Path) -> dict[str, str]:
    return {str(p.relative_to(project)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in project.rglob("*") if p.is_file() and "reports" not in p.relative_to(project).parts
            and "__pycache__" not in p.parts}


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    """One preview of the press office's Arabic fact sheet, for the whole module."""
    project = tmp_path_factory.mktemp("preview")
    for part in ("briefgen", "templates", "data", "fonts"):
        shutil.copytree(ROOT / part, project / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "generate.py", project / "generate.py")
    running = Preview(project, "--audience", "press", "--doc", "factsheet", "--lang", "ar",
                      "--issued", ISSUED, "--workers", "1")
    yield running
    running.stop()


def test_preview_shows_pages_and_follows_edits_and_recovers_from_invalid_data(preview):
    project, before = preview.project, files_outside_reports(preview.project)
    first = preview.wait_for("built")
    # A page's URL names its pixels (live/images.py), or the version before they are known.
    assert first["pages"] == 1 and re.fullmatch(rf"/doc/{DOC}/page-1\.png\?v=(?:[0-9a-f]{{32}}|{first['version']})",
                                                first["images"][0])

    # The index: both titles, audience, language, status, a thumbnail; reports/index.html the same.
    status, headers, index = preview.get("/")
    index = index.decode()
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    for text in ("صحيفة وقائع: العلاقات القطرية مع الناتو", "Fact sheet: Qatar&#39;s Relations with NATO",
                 "المكتب الإعلامي", "The press office", f'href="/doc/{DOC}"', f'src="/doc/{DOC}/thumbnail.png?v='):
        assert text in index
    preview.settled()
    published = (project / "reports" / "index.html").read_text(encoding="utf-8")
    assert "صحيفة وقائع: العلاقات القطرية مع الناتو" in published and "The press office" in published
    assert preview.get(f"/doc/{DOC}/thumbnail.png")[1]["Content-Type"] == "image/png"

    # The document's page shows its pages as printed, images of the real PDF, and links the PDF.
    status, _, page = preview.get(f"/doc/{DOC}")
    assert status == 200 and f'src="/doc/{DOC}/page-1.png?v=' in page.decode()
    assert f'href="/doc/{DOC}.pdf?v=' in page.decode()
    status, headers, png = preview.get(first["images"][0])
    assert status == 200 and headers["Content-Type"] == "image/png"
    width, height = Image.open(io.BytesIO(png)).size
    assert width == 893 and abs(height / width - 297 / 210) < 0.01     # A4 at 108 dpi
    assert preview.get(f"/doc/{DOC}/page-2.png")[0] == 404

    # Save a new title: the page says it is rendering, then shows the new pages.
    record = project / "data" / "relations" / "qatar-nato.yaml"
    good = record.read_text(encoding="utf-8")
    record.write_text(good.replace("ar: العلاقات القطرية مع الناتو", "ar: شراكة قطر وحلف الناتو", 1),
                      encoding="utf-8")
    seen: list = []
    second = preview.wait_for("built", seen=seen, version=first["version"] + 1)
    assert [d["status"] for d in seen] == ["rendering"]
    # The page is open (the events ask for it): rasterised before it is shown, its URL names its new pixels.
    assert re.search(r"\?v=[0-9a-f]{32}$", second["images"][0]) and second["images"][0] != first["images"][0]
    assert preview.get(second["images"][0])[2] != png
    # A URL naming pixels the server does not hold: not the PDF's page under that name (404),
    # while a URL with a version, not pixels, gets the page as it is now.
    assert preview.get(f"/doc/{DOC}/page-1.png?v={'0' * 32}")[0] == 404
    assert preview.get(f"/doc/{DOC}/page-1.png?v={second['version']}")[2] == preview.get(second["images"][0])[2]
    pdf = project / "reports" / "qatar-nato" / "press" / "factsheet.ar.pdf"
    assert "شراكة قطر وحلف الناتو" in page_texts(pdf)[0]
    poppler = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "شراكة قطر وحلف الناتو" in poppler
    assert preview.get(f"/doc/{DOC}.pdf")[2] == pdf.read_bytes()

    # Break the record: check's very messages replace the pages; the last good PDF stays.
    record.write_text(good.replace("kind: visit", "kind: visti", 1), encoding="utf-8")
    broken = preview.wait_for("invalid")
    expected = [line for line in cli_in(project, "check").stderr.splitlines() if ".yaml:" in line]
    assert broken["errors"] == expected and expected[0].startswith("data/relations/qatar-nato.yaml:")
    status, _, page = preview.get(f"/doc/{DOC}")
    assert "data/relations/qatar-nato.yaml:" in page.decode() and "got &#39;visti&#39;" in page.decode()
    assert 'id="pages" hidden' in page.decode()
    assert pdf.is_file() and preview.get(second["images"][0])[0] == 200
    assert json.loads((project / "reports" / "manifest.json").read_text())["outputs"][f"{DOC}.pdf"]

    # Fix it: the pages come back (this content was rendered before: nothing to render).
    record.write_text(good, encoding="utf-8")
    back = preview.wait_for("built")
    assert back["errors"] == [] and back["version"] >= first["version"]
    assert "القطرية مع الناتو" in page_texts(pdf)[0]

    # A broken templates/index.html: the front page still answers, with check's message.
    index_template = project / "templates" / "index.html"
    layout = index_template.read_text(encoding="utf-8")
    index_template.write_text(layout.replace("{%- if live %}", "{%- if live %", 1), encoding="utf-8")
    preview.wait_for("invalid")
    status, _, page = preview.get("/")
    assert status == 200 and "templates/index.html:" in page.decode() and f'href="/doc/{DOC}"' in page.decode()
    index_template.write_text(layout, encoding="utf-8")
    preview.wait_for("built")
    assert "The press office" in preview.get("/")[2].decode()

    # A new override in the audience's folder is used by the warm worker at once.
    override = project / "templates" / "audiences" / "press" / "factsheet.html"
    override.write_text('{% extends "base/factsheet.html" %}\n'
                        '{% block body %}<p>OVERRIDE-SEEN</p>{{ super() }}{% endblock %}\n', encoding="utf-8")
    preview.wait_for("built", version=back["version"] + 1)
    assert "OVERRIDE-SEEN" in page_texts(pdf)[0]
    override.unlink()
    preview.wait_for("built", version=back["version"] + 2)

    # Nothing was written outside reports/ but what this test wrote itself.
    assert files_outside_reports(project) == before


@pytest.mark.parametrize("path", [
    "/doc/../../../etc/passwd", "/doc/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/doc/qatar-nato/press/%2e%2e%2fmanifest.json",
    "/doc/qatar-nato%2fpress%2ffactsheet.ar.pdf", "/..%2f..%2fdata/relations/qatar-nato.yaml", "//etc/passwd",
    "/manifest.json", "/reports/", "/doc/", "/doc/qatar-nato/", "/data/relations/qatar-nato.yaml",
    "/templates/index.html", "/_preview/", "/_preview/../briefgen/cli.py", "/_preview/state.py",
    "/doc/qatar-nato/minister/card.ar.pdf",      # a real document, but not in this preview
    "/doc/qatar-nato/press/factsheet.ar/page-0.png", "/doc/qatar-nato/press/factsheet.ar/page-99999.png",
])
def test_serves_nothing_outside_its_documents_and_assets(preview, path):
    status, _, body = preview.get(path)
    assert status == 404, (path, body[:200])
    assert b"root:" not in body and b"outputs" not in body and b"relations" not in body


def test_refuses_requests_for_other_host_names(preview):
    """DNS rebinding: a page from another site that resolves its name to 127.0.0.1."""
    assert preview.get("/", host="attacker.example:8000")[0] == 403
    assert preview.get("/state.json", host="localhost.attacker.example")[0] == 403
    assert preview.get("/state.json", host=f"localhost:{preview.port}")[0] == 200
    assert preview.get("/state.json", host=f"[::1]:{preview.port}")[0] == 200


def test_a_killed_worker_is_replaced(preview):
    """A worker killed (as the kernel's OOM killer would) breaks its pool: the
    next save must still render, in new workers."""
    import psutil
    preview.settled()
    version = json.loads(preview.get("/state.json")[2])["documents"][0]["version"]
    workers = [p for p in psutil.Process(preview.process.pid).children(recursive=True)
               if "spawn_main" in " ".join(p.cmdline())]
    assert workers
    for worker in workers:
        worker.kill()
    psutil.wait_procs(workers, timeout=30)
    record = preview.project / "data" / "relations" / "qatar-nato.yaml"
    good = record.read_text(encoding="utf-8")
    try:
        record.write_text(good.replace("ar: العلاقات القطرية مع الناتو", "ar: قطر والناتو", 1), encoding="utf-8")
        preview.wait_for("built", version=version + 1)
    finally:
        record.write_text(good, encoding="utf-8")
    preview.wait_for("built", version=version + 2)


def test_workers_closed_as_serve_stops_are_neither_an_error_nor_restarted():
    """Ctrl-C during a render closes the workers under the rebuild thread, whose
    check for a dead worker then finds no pool: that is not a death (it printed
    `error: AttributeError: 'NoneType' object has no attribute 'submit'` on stopping)."""
    from briefgen.live.preview import WarmWorkers
    from briefgen.paths import Project
    workers = WarmWorkers(Project(), 1)
    workers.close()
    assert workers.restart_if_broken() is False
    assert workers.executor is None      # no new pool started for a session that is ending


def test_waits_for_another_build_holding_reports(preview):
    """The lock on reports/ is the build's: while another build holds it the
    page says the preview is waiting, then renders."""
    from briefgen.rebuild.lock import reports_lock
    preview.settled()
    version = json.loads(preview.get("/state.json")[2])["documents"][0]["version"]
    record = preview.project / "data" / "relations" / "qatar-nato.yaml"
    good = record.read_text(encoding="utf-8")
    try:
        with reports_lock(preview.project / "reports"):
            record.write_text(good.replace("ar: العلاقات القطرية مع الناتو", "ar: قطر والناتو", 1),
                              encoding="utf-8")
            preview.wait_for("waiting")
            assert "waiting" in json.loads(preview.get("/state.json")[2])["preview"]["activity"]
        preview.wait_for("built", version=version + 1)
    finally:
        record.write_text(good, encoding="utf-8")
    preview.wait_for("built", version=version + 2)


def chromium() -> str:
    """Debian's chromium, which `./setup.sh --dev` installs (required on CI)."""
    pytest.importorskip("playwright.sync_api")
    path = shutil.which("chromium")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: ./setup.sh --dev installs it")
        pytest.skip("chromium is not installed (./setup.sh --dev installs it)")
    return path


def test_in_a_browser_the_page_follows_edits_errors_and_fixes(preview, tmp_path):
    from playwright.sync_api import expect, sync_playwright
    executable = chromium()
    record = preview.project / "data" / "relations" / "qatar-nato.yaml"
    good = record.read_text(encoding="utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 1400})
            preview.settled()
            page.goto(f"http://127.0.0.1:{preview.port}/doc/{DOC}")
            expect(page.locator("img.page")).to_have_count(1, timeout=60_000)
            shown = page.locator("body").get_attribute("data-version")

            # A new title in the data: the heading and the pages change by themselves.
            record.write_text(good.replace("ar: العلاقات القطرية مع الناتو", "ar: شراكة قطر والناتو", 1),
                              encoding="utf-8")
            expect(page.locator("h1 .ar")).to_have_text("صحيفة وقائع: شراكة قطر والناتو", timeout=60_000)
            # data-shown: the version whose page images live.js has swapped in.
            expect(page.locator("body")).to_have_attribute("data-shown", re.compile(r"\d+"), timeout=60_000)
            assert int(page.locator("body").get_attribute("data-shown")) > int(shown)
            expect(page.locator("#rendering")).to_be_hidden()
            page.screenshot(path=str(tmp_path / "edited.png"))

            # Invalid data: check's message, with file and line, where the pages were.
            record.write_text(good.replace("kind: visit", "kind: visti", 1), encoding="utf-8")
            expect(page.locator("#errors")).to_be_visible(timeout=60_000)
            expect(page.locator("#error-lines")).to_contain_text(re.compile(
                r"data/relations/qatar-nato\.yaml:\d+:\d+: events\[\d+\]\.kind: .*'visti'"))
            expect(page.locator("#pages")).to_be_hidden()

            # Fixed: the pages come back.
            record.write_text(good, encoding="utf-8")
            expect(page.locator("#errors")).to_be_hidden(timeout=60_000)
            expect(page.locator("img.page")).to_be_visible()
            expect(page.locator("h1 .ar")).to_have_text("صحيفة وقائع: العلاقات القطرية مع الناتو")
        finally:
            browser.close()
            record.write_text(good, encoding="utf-8")


# -- what every route may read: one rule, links resolved ---------------------------------------

def swapped(path: Path, target: Path):
    """Replace `path` by a link to `target` for the length of a `with`, then put it back."""
    import contextlib

    @contextlib.contextmanager
    def swap():
        saved = path.with_name(path.name + ".saved")
        path.rename(saved)
        path.symlink_to(target)
        try:
            yield
        finally:
            path.unlink()
            saved.rename(path)
    return swap()


RECORD = Path("data") / "relations" / "qatar-nato.yaml"


def test_no_route_follows_a_link_out_of_its_documents(preview):
    """A thumbnail, a PDF or an asset replaced by a link to the record (or to
    another audience's PDF) is 404 on every route alike."""
    project = preview.project
    preview.settled()
    press = project / "reports" / "qatar-nato" / "press"
    minister = project / "reports" / "qatar-nato" / "minister"
    minister.mkdir(exist_ok=True)
    shutil.copy(press / "factsheet.ar.pdf", minister / "card.ar.pdf")
    routes = {"thumbnail": (press / "thumbnails" / "factsheet.ar.png", [f"/doc/{DOC}/thumbnail.png"]),
              "pdf": (press / "factsheet.ar.pdf", [f"/doc/{DOC}.pdf", f"/doc/{DOC}/page-1.png"]),
              "asset": (project / "briefgen" / "live" / "assets" / "preview.css", ["/_preview/preview.css"])}
    for what, (path, urls) in routes.items():
        assert all(preview.get(url)[0] == 200 for url in urls), what
        for target in (project / RECORD, minister / "card.ar.pdf"):
            with swapped(path, target):
                for url in urls:
                    status, _, body = preview.get(url)
                    assert status == 404 and b"relations" not in body, (what, target, url, status)
        assert all(preview.get(url)[0] == 200 for url in urls), what


def test_serves_no_other_audiences_documents_even_when_they_are_in_reports(preview):
    """The preview is for the press office: the minister's card in reports/
    (written by another build) is not one of its documents."""
    preview.settled()
    press = preview.project / "reports" / "qatar-nato" / "press"
    minister = preview.project / "reports" / "qatar-nato" / "minister"
    (minister / "thumbnails").mkdir(parents=True, exist_ok=True)
    shutil.copy(press / "factsheet.ar.pdf", minister / "card.ar.pdf")
    shutil.copy(press / "thumbnails" / "factsheet.ar.png", minister / "thumbnails" / "card.ar.png")
    shutil.copy(press / "factsheet.ar.pdf", press / "briefing.ar.pdf")     # the press's, but not previewed
    other = "qatar-nato/minister/card.ar"
    for url in (f"/doc/{other}.pdf", f"/doc/{other}/thumbnail.png", f"/doc/{other}/page-1.png", f"/doc/{other}",
                "/doc/qatar-nato/press/briefing.ar.pdf", "/doc/qatar-nato/press/briefing.ar/page-1.png"):
        assert preview.get(url)[0] == 404, url
    assert preview.get(f"/doc/{DOC}.pdf")[0] == 200


# -- what any local process can hold --------------------------------------------------------------

def test_the_limits_are_the_documented_ones():
    from briefgen.live.server import Limits
    assert Limits() == Limits(connections=32, streams=8, request_seconds=10)
    readme = " ".join((ROOT / "docs" / "rebuilding.md").read_text(encoding="utf-8").split())
    assert "at most 32 connections at once, 8 of them open pages' event streams" in readme
    assert "a request not received whole within 10 s" in readme


class InProcess:
    """A preview server in this process, with no rebuilding: its routes and limits."""

    def __init__(self, tmp: Path, **limits):
        from briefgen.paths import Project
        from briefgen.live.server import Limits, PreviewServer
        from briefgen.live.state import PreviewState
        self.server = PreviewServer(("127.0.0.1", 0), Project.at(tmp), PreviewState(), loopback_only=True,
                                    limits=Limits(**limits))
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def get(self, path: str) -> tuple[int, dict, bytes]:
        return get(self.port, path)

    def connect(self, request: bytes = b"") -> socket.socket:
        client = socket.create_connection(("127.0.0.1", self.port), timeout=5)
        client.sendall(request)
        return client

    def close(self) -> None:
        self.server.stop()
        self.server.server_close()


def status_of(client) -> int:
    """The status of the answer on a raw connection (0: closed without one)."""
    head = b""
    while b"\r\n" not in head:
        chunk = client.recv(1024)
        if not chunk:
            return 0
        head += chunk
    return int(head.split()[1])


def threads_settle_at(expected: int) -> int:
    deadline = time.monotonic() + 10
    while threading.active_count() != expected and time.monotonic() < deadline:
        time.sleep(0.02)
    return threading.active_count()


GET = b"GET /state.json HTTP/1.1\r\nHost: localhost\r\n\r\n"


def test_connections_past_the_limit_are_refused_at_once_without_a_thread(tmp_path):
    preview = InProcess(tmp_path, request_seconds=5)
    base = threading.active_count()
    idle = [preview.connect() for _ in range(32)]
    try:
        assert threads_settle_at(base + 32) == base + 32
        started = time.monotonic()
        for _ in range(8):
            with preview.connect(GET) as refused:
                assert status_of(refused) == 503
        assert time.monotonic() - started < 2                 # at once, not after a wait
        assert threading.active_count() == base + 32          # no thread for a refused connection
    finally:
        for client in idle:
            client.close()
    assert threads_settle_at(base) == base
    with preview.connect(GET) as client:
        assert status_of(client) == 200
    preview.close()


def test_at_most_8_event_streams(tmp_path):
    preview = InProcess(tmp_path)
    events = b"GET /events HTTP/1.1\r\nHost: localhost\r\n\r\n"
    streams = [preview.connect(events) for _ in range(8)]
    try:
        assert [status_of(s) for s in streams] == [200] * 8
        with preview.connect(events) as ninth:
            assert status_of(ninth) == 503
        with preview.connect(GET) as other:                    # other routes still answer
            assert status_of(other) == 200
        streams.pop().close()
        # The stream's thread learns its page is gone at its next write.
        deadline = time.monotonic() + 10
        while True:
            preview.server.state.set_preview(activity="x")
            with preview.connect(events) as again:
                if status_of(again) == 200:
                    break
            assert time.monotonic() < deadline, "a closed stream's place was never given back"
            time.sleep(0.05)
    finally:
        for client in streams:
            client.close()
        preview.close()


@pytest.mark.parametrize("case", ["stalled", "trickled", "trickled after a whole request"])
def test_a_half_sent_request_is_closed_in_time(tmp_path, case):
    preview = InProcess(tmp_path, request_seconds=0.5)
    try:
        with preview.connect() as client:
            if case.endswith("after a whole request"):   # kept alive: the next request has its own time
                client.sendall(GET)
                assert status_of(client) == 200
                time.sleep(0.3)
            started = time.monotonic()
            client.sendall(b"GET /state.json HTTP/1.1\r\nHost: loc")
            if case.startswith("trickled"):   # a byte at a time: each read is quick, the whole is not
                try:
                    while time.monotonic() - started < 5:
                        client.sendall(b"a")
                        time.sleep(0.05)
                except OSError:
                    pass
            if case == "stalled":
                assert status_of(client) == 0                  # closed, no answer
            else:
                client.settimeout(0)   # whatever the first answer left unread, then the end
                try:
                    while client.recv(65536):
                        pass
                except BlockingIOError:
                    pytest.fail("the connection is still open")
                except ConnectionResetError:
                    pass   # closed, and the bytes sent after that reset it
            assert time.monotonic() - started < 3
    finally:
        preview.close()


def test_the_front_page_does_not_follow_a_linked_template(tmp_path):
    """templates/index.html linked to the record: check names it; the front page
    lists the documents without it, and never shows the record."""
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    (tmp_path / "record.yaml").write_text("RECORD-TEXT: restricted\n", encoding="utf-8")
    index = tmp_path / "templates" / "index.html"
    index.unlink()
    index.symlink_to(tmp_path / "record.yaml")
    preview = InProcess(tmp_path)
    try:
        connection = http.client.HTTPConnection("127.0.0.1", preview.port, timeout=30)
        connection.request("GET", "/")
        response = connection.getresponse()
        body = response.read().decode()
        assert response.status == 200 and "<html" in body and "RECORD-TEXT" not in body, body[:300]
    finally:
        preview.close()


def test_loopback_addresses_keep_the_host_check_and_no_warning(tmp_path):
    from briefgen.live.server import is_loopback
    assert all(map(is_loopback, ["127.0.0.1", "127.0.0.2", "127.255.255.254", "::1", "[::1]", "localhost"]))
    assert not any(map(is_loopback, ["0.0.0.0", "::", "10.0.0.1", "192.168.1.2", "localhost.example", ""]))
    process = subprocess.Popen([sys.executable, "generate.py", "serve", "--host", "127.0.0.2", "--port", "0",
                                "--reports", str(tmp_path / "reports"), "--relation", "no-such-relation",
                                "--workers", "1"],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = process.stderr.readline()
        port = int(re.search(r"http://127\.0\.0\.2:(\d+)/", first).group(1))

        def get(host: str) -> int:
            connection = http.client.HTTPConnection("127.0.0.2", port, timeout=30)
            connection.putrequest("GET", "/state.json", skip_host=True)
            connection.putheader("Host", host)
            connection.endheaders()
            return connection.getresponse().status
        assert get("attacker.example") == 403
        assert get(f"127.0.0.2:{port}") == 200 and get(f"localhost:{port}") == 200
    finally:
        process.terminate()
        _, rest = process.communicate(timeout=30)
    assert "anyone who can reach this machine" not in first + rest


# -- page images: only the pages an edit changed are made again ------------------------------------

BRIEFING = "qatar-nato/delegation/briefing.ar"


def briefing_pdf(tmp: Path, record: str) -> bytes:
    """The delegation's Arabic briefing (7 pages) built in this process from `record`."""
    from conftest import data_with
    (tmp / "edited").mkdir(parents=True)
    (tmp / "edited" / "qatar-nato.yaml").write_text(record, encoding="utf-8")
    data = data_with(tmp / "data", tmp / "edited" / "qatar-nato.yaml")
    result = cli_in(ROOT, "build", "--issued", ISSUED, "--reports", str(tmp / "reports"), "--data", str(data),
                    "--relation", "qatar-nato", "--audience", "delegation", "--doc", "briefing", "--lang", "ar")
    assert result.returncode == 0, result.stderr
    return (tmp / "reports" / f"{BRIEFING}.pdf").read_bytes()


def briefing_before_and_after(tmp_path):
    """The delegation's Arabic briefing before and after a list item of its
    page 3 is edited, and a preview in this process that knows the document:
    (before, after, preview, rasteriser, events)."""
    from briefgen.live.images import Rasteriser
    shipped = (ROOT / "data" / "relations" / "qatar-nato.yaml").read_text(encoding="utf-8")
    assert shipped.count("أمن الطاقة") == 1
    before = briefing_pdf(tmp_path / "before", shipped)
    after = briefing_pdf(tmp_path / "after", shipped.replace("أمن الطاقة", "أمن الطاقة والمياه"))
    preview = InProcess(tmp_path)
    state = preview.server.state
    relation, audience, doc = BRIEFING.split("/")
    state.know(BRIEFING, {"relation": relation, "audience": audience, "doc": doc.split(".")[0], "lang": "ar"})
    return before, after, preview, Rasteriser(preview.server.images), state.subscribe(BRIEFING)


def test_an_edit_makes_only_the_pages_it_changed_again(tmp_path, monkeypatch):
    """A list item of page 3 edited: page 3's URL and image change; the others keep their
    URLs, served from before without drawing or encoding anything again (what pdfium reads
    to draw each is unchanged: live/pagekeys.py). Each image is the PDF's page. A new page
    is encoded while the pages after it are drawn, not once all are."""
    import pypdfium2 as pdfium
    from briefgen.live import images as page_images
    before, after, preview, rasteriser, events = briefing_before_and_after(tmp_path)
    assert "أمن الطاقة والمياه" in pdfium.PdfDocument(after)[2].get_textpage().get_text_range()
    state, images = preview.server.state, preview.server.images
    encoding, drawn, waited = threading.Event(), [], []
    real_png, real_rendered = page_images.Bitmap.png, page_images._rendered

    def png(bitmap):
        encoding.set()
        return real_png(bitmap)

    def rendered(page, scale):
        drawn.append(page)
        if len(drawn) == 2:      # the first PDF's page 2: page 1 is being encoded by now
            waited.append(encoding.wait(10))
        return real_rendered(page, scale)
    monkeypatch.setattr(page_images.Bitmap, "png", png)
    monkeypatch.setattr(page_images, "_rendered", rendered)

    def shown(content: bytes, version: int) -> list[str]:
        """Its page URLs once the preview has shown this version, each fetched."""
        rasteriser.show(state, BRIEFING, content, status="built", version=version, pages=7)
        while (data := json.loads(events.get(timeout=WAIT)[1])).get("version") != version:
            pass
        for url, page in zip(data["images"], pdfium.PdfDocument(content)):
            status, _, png = preview.get(url)
            assert status == 200 and Image.open(io.BytesIO(png)).tobytes() == page.render(scale=1.5).to_pil().tobytes()
        return data["images"]

    try:
        first = shown(before, 1)
        assert images.encoded == 7 and all(re.search(r"\?v=[0-9a-f]{32}$", url) for url in first)
        second = shown(after, 2)
        assert [n for n, (a, b) in enumerate(zip(first, second), start=1) if a != b] == [3]
        assert waited == [True]
        assert images.encoded == 8 and images.drawn == 8   # page 3 alone; pages 1, 2, 4-7 served from before

        # Rasterised after a newer save was found invalid: its messages stay, the new version is
        # remembered (shown when the data are fixed); an older version is not shown at all.
        decided = state.document(BRIEFING).updates
        state.update(BRIEFING, status="invalid", errors=["data/relations/qatar-nato.yaml:9:7: ..."])
        state.update_written(BRIEFING, decided, status="built", errors=[], version=3, pages=7, digests=[])
        state.update_written(BRIEFING, decided, status="built", errors=[], version=2, pages=6, digests=[])
        document = state.document(BRIEFING)
        assert (document.status, document.errors != [], document.version, document.pages) == ("invalid", True, 3, 7)

        # Not a PDF (cannot happen with atomic writes): shown all the same, its pages made when asked.
        rasteriser.show(state, BRIEFING, b"%PDF-1.7 cut short", status="built", errors=[], version=4, pages=7)
        while (data := json.loads(events.get(timeout=WAIT)[1])).get("status") != "built":
            pass
        assert data["version"] == 4 and data["images"][0].endswith("?v=4")
    finally:
        rasteriser.close()
        preview.close()


def test_pages_drawn_before_the_pdf_is_written_are_shown_only_once_it_is(tmp_path):
    """The preview draws a PDF's pages as soon as its worker hands it back
    (Rasteriser.draw_early), while the build's thread runs the leak guard and
    writes it. The same bytes written: shown with no second drawing, each image
    the PDF's page. Not written (the guard refused it): its new pixels are
    forgotten, never named; the page keeps what it showed. Other bytes written
    than those drawn: those are drawn and shown."""
    import pypdfium2 as pdfium
    before, after, preview, rasteriser, events = briefing_before_and_after(tmp_path)
    state, images = preview.server.state, preview.server.images

    def shown(content: bytes, version: int) -> list[str]:
        rasteriser.show(state, BRIEFING, content, status="built", version=version, pages=7)
        while (data := json.loads(events.get(timeout=WAIT)[1])).get("version") != version:
            pass
        return data["images"]

    try:
        rasteriser.draw_early(BRIEFING, before)
        first = shown(before, 1)
        assert images.drawn == 7        # each page drawn once: before it was written, not again after
        for url, page in zip(first, pdfium.PdfDocument(before)):
            status, _, png = preview.get(url)
            assert status == 200 and Image.open(io.BytesIO(png)).tobytes() == page.render(scale=1.5).to_pil().tobytes()

        # Refused by the leak guard: page 3's new pixels were drawn and encoded, and are let go of.
        new_page = images.rasterise(after, 3).digest
        rasteriser.draw_early(BRIEFING, after)
        rasteriser.discard(BRIEFING, state.document(BRIEFING).digests)
        again = shown(before, 2)      # after the discard on the rasteriser's thread
        assert again == first and images.known(BRIEFING, new_page) is None
        assert all(preview.get(url)[0] == 200 for url in again)
        assert images.encoded == 8      # page 3 drawn early; the pages shown were kept, not encoded again

        # Drawn early, but other bytes written: the written ones are shown.
        rasteriser.draw_early(BRIEFING, before)
        third = shown(after, 3)
        assert third[2].endswith(new_page) and third[:2] == first[:2]
    finally:
        rasteriser.close()
        preview.close()


def test_the_preview_draws_an_open_documents_pages_before_it_writes_the_pdf(project_copy, monkeypatch):
    """The rebuild hands the worker's bytes to the rasteriser before the leak
    guard and the writes (build's `arrived`), for a document open in a
    browser only; the page is then shown with the digests of those very bytes,
    which are the file written."""
    import datetime as dt
    from briefgen.live.images import Rasteriser
    from briefgen.live.preview import Rebuilder
    from briefgen.live.state import PreviewState
    from briefgen.paths import Project
    from briefgen.rebuild.selection import Selection
    from briefgen.record import yamlnodes
    card = "qatar-nato/minister/card.ar"
    heard = []
    real = Rasteriser.draw_early

    def draw_early(self, name, content):
        pdf = project_copy / "reports" / f"{name}.pdf"
        heard.append((name, content, pdf.exists()))
        real(self, name, content)
    monkeypatch.setattr(Rasteriser, "draw_early", draw_early)
    monkeypatch.setattr(yamlnodes, "_PARSED", None)      # as a fresh `serve` process has it
    state = PreviewState()
    rebuilder = Rebuilder(Project.at(project_copy), Selection(relations=("qatar-nato",), audiences=("minister",),
                                                              docs=("card",)),
                          dt.date.fromisoformat(ISSUED), 1, state)
    try:
        rebuilder.rebuild()          # nobody is looking: nothing drawn early
        assert heard == [] and state.document(card).status == "built"
        # The check's clean passes remembered for the next save, once the render is done.
        assert "templates" in json.loads((project_copy / "reports" / ".checked.json").read_text())["passed"]
        # The files the check parsed are kept with their bytes: the next save parses only what changed.
        assert any(shown.endswith("qatar-nato.yaml") for _, shown in yamlnodes._PARSED)
        state.subscribe(card)
        for made in ("manifest.json", f"{card}.pdf"):       # rendered again, written anew
            (project_copy / "reports" / made).unlink()
        rebuilder.rebuild()
        written = (project_copy / "reports" / f"{card}.pdf").read_bytes()
        assert [(name, content == written, existed) for name, content, existed in heard] == [(card, True, False)]
        # Shown once its page is drawn, on the rasteriser's thread: the rebuild may return first
        # (the files' writes overlap, rebuild/atomic.py write_all), as a browser waits for the event.
        deadline = time.monotonic() + 10
        while state.document(card).status != "built" and time.monotonic() < deadline:
            time.sleep(0.02)
        document = state.document(card)
        assert document.status == "built" and len(document.digests) == document.pages == 1
        assert document.digests[0] == rebuilder.rasteriser.images.rasterise(written, 1).digest
    finally:
        rebuilder.close()


def test_a_document_open_in_a_browser_is_written_before_the_others_views_are_made(project_copy, monkeypatch):
    """An edit that makes several documents stale: the one open in a browser
    is rendered and written first (build's `ahead`), not after every other
    document's view; the others are made after it, in the same rebuild."""
    import datetime as dt
    from briefgen.live.preview import Rebuilder
    from briefgen.live.state import PreviewState
    from briefgen.paths import Project
    from briefgen.rebuild import build as builds
    from briefgen.rebuild.selection import Selection
    card, briefing = "qatar-nato/minister/card.ar", "qatar-nato/minister/briefing.ar"
    reports = project_copy / "reports"
    views, real = [], builds.view_of

    def view_of(job, *args):
        views.append((job.name, (reports / f"{card}.pdf").exists()))
        return real(job, *args)
    monkeypatch.setattr(builds, "view_of", view_of)
    state = PreviewState()
    rebuilder = Rebuilder(Project.at(project_copy), Selection(relations=("qatar-nato",), audiences=("minister",)),
                          dt.date.fromisoformat(ISSUED), 1, state)
    try:
        rebuilder.rebuild()
        state.subscribe(card)
        for made in ("manifest.json", f"{card}.pdf", f"{briefing}.pdf"):      # both stale
            (reports / made).unlink()
        views.clear()
        rebuilder.rebuild()
        assert views == [(card, False), (briefing, True)]
        assert (reports / f"{briefing}.pdf").read_bytes().startswith(b"%PDF")
        assert {"qatar-nato/minister/card.ar.pdf", "qatar-nato/minister/briefing.ar.pdf"} <= set(
            json.loads((reports / "manifest.json").read_text())["outputs"])
    finally:
        rebuilder.close()


def test_a_worker_dying_on_the_open_document_costs_neither_the_others_nor_the_retry(project_copy, monkeypatch):
    """A warm worker killed while the document open in a browser renders (the
    first part of build's `ahead`) breaks the pool before the others are
    handed out: they fail by name too, the manifest is written, and serve's
    retry renders both in a new pool."""
    import datetime as dt
    from briefgen.live.preview import Rebuilder
    from briefgen.live.state import PreviewState
    from briefgen.paths import Project
    from briefgen.rebuild import workers
    from briefgen.rebuild.selection import Selection
    card, briefing = "qatar-nato/minister/card.ar", "qatar-nato/minister/briefing.ar"
    reports = project_copy / "reports"
    said, state = [], PreviewState()
    rebuilder = Rebuilder(Project.at(project_copy), Selection(relations=("qatar-nato",), audiences=("minister",)),
                          dt.date.fromisoformat(ISSUED), 1, state, echo=said.append)
    try:
        rebuilder.rebuild()
        state.subscribe(card)
        for made in ("manifest.json", f"{card}.pdf", f"{briefing}.pdf"):
            (reports / made).unlink()
        real, parts = workers._results, []

        def results(pool, project, tasks):
            parts.append([task.job.name for task in tasks])
            if len(parts) == 1:
                pool.submit(os._exit, 1)      # its worker dies, as one killed or out of memory would
            yield from real(pool, project, tasks)
        monkeypatch.setattr(workers, "_results", results)
        said.clear()
        rebuilder.rebuild()
        assert parts[:2] == [[card], [briefing]]
        assert any("rendering 2 document(s) again" in line for line in said), said
        assert state.preview_json()["problems"] == []
        assert {"qatar-nato/minister/card.ar.pdf", "qatar-nato/minister/briefing.ar.pdf"} <= set(
            json.loads((reports / "manifest.json").read_text())["outputs"])
        assert all((reports / f"{name}.pdf").read_bytes().startswith(b"%PDF") for name in (card, briefing))
    finally:
        rebuilder.close()


def test_a_page_key_changes_with_anything_pdfium_draws_the_page_from(built):
    """live/pagekeys.py: the same PDF, the same keys; one page's content
    stream changed, that page's key alone; the program of a font every page
    uses changed (a subset that gained a glyph), every page's key."""
    import pikepdf
    from briefgen.live.pagekeys import page_keys
    content = (built / "briefing.ar.pdf").read_bytes()
    keys = page_keys(content)
    assert len(keys) == 7 and None not in keys and len(set(keys)) == 7 and page_keys(content) == keys

    def changed(change) -> list[bool]:
        with pikepdf.open(io.BytesIO(content)) as pdf:
            change(pdf)
            out = io.BytesIO()
            pdf.save(out)
        return [a != b for a, b in zip(keys, page_keys(out.getvalue()))]

    def one_page(pdf) -> None:
        page = pdf.pages[1]
        page.contents_coalesce()
        page.obj.Contents.write(page.obj.Contents.read_bytes() + b"\n0 0 m\n")

    def every_font(pdf) -> None:
        fonts = [font for page in pdf.pages for font in page.obj.Resources.Font.values()]
        shared = next(font for font in fonts if all(font.objgen in {f.objgen for f in page.obj.Resources.Font.values()}
                                                    for page in pdf.pages))
        program = next(value for value in shared.DescendantFonts[0].FontDescriptor.values()
                       if isinstance(value, pikepdf.Stream))
        program.write(program.read_bytes() + b"\0")
    assert changed(one_page) == [False, True, False, False, False, False, False]
    assert changed(every_font) == [True] * 7


def test_a_page_taken_from_its_key_is_kept_before_the_pages_it_replaced(built):
    """A page not drawn again because its key is known is in use: the image
    cache keeps it before older pages an edit replaced. Else a full cache let
    go of the very pages the next event names (here page 1, the oldest) and
    kept the page 3 it superseded; a browser asking for one drew the PDF on
    disk then, whichever save that was."""
    import pikepdf
    from briefgen.live.images import PageImages
    before = (built / "briefing.ar.pdf").read_bytes()
    with pikepdf.open(io.BytesIO(before)) as pdf:      # page 3 drawn over: new pixels
        page = pdf.pages[2]
        page.contents_coalesce()
        page.obj.Contents.write(page.obj.Contents.read_bytes() + b"\n0 0 100 100 re f\n")
        out = io.BytesIO()
        pdf.save(out)
    images = PageImages(cached=7)       # room for one version's pages
    shown = []
    for content in (before, out.getvalue()):
        digests, new = images.claim(BRIEFING, content)
        images.encode(BRIEFING, content, new, digests)
        shown.append(digests)
    assert [n for n, (a, b) in enumerate(zip(*shown), start=1) if a != b] == [3]
    assert images.drawn == 8
    assert all(images.known(BRIEFING, digest) is not None for digest in shown[1])


def test_without_pikepdf_every_page_is_drawn_and_the_pdf_closed(built, monkeypatch):
    """A page key is an optimisation (live/pagekeys.py): where pikepdf cannot
    be imported (a .venv made before it was required), claim draws every
    page, as without keys, rather than fail and leave the rasteriser's work
    to the server page by page; and the pdfium document it opened is closed
    (page_keys ran outside claim's try). Review27; fails before."""
    import sys
    import pypdfium2 as pdfium
    from briefgen.live.images import PageImages
    content = (built / "briefing.ar.pdf").read_bytes()
    monkeypatch.setitem(sys.modules, "pikepdf", None)      # import pikepdf raises ImportError
    closed = []
    real_close = pdfium.PdfDocument.close
    monkeypatch.setattr(pdfium.PdfDocument, "close", lambda self, *a, **k: (closed.append(self), real_close(self, *a, **k))[1])
    images = PageImages()
    digests, new = images.claim(BRIEFING, content)
    images.encode(BRIEFING, content, new, digests)
    assert len(digests) == 7 and images.drawn == 7 and closed
    assert all(images.known(BRIEFING, digest) is not None for digest in digests)


def test_a_claim_whose_encoding_cannot_start_leaves_no_page_claimed(built):
    """claim marks a new page as being encoded, then hands it to the encoding
    thread; where that hand-over raises (its executor shut down: the
    interpreter exiting under a serve being stopped), the page is let go of
    like the others: no request waits WAIT_SECONDS for it, and drawn_as does
    not take it as kept for good. Review27; fails before."""
    from briefgen.live.images import PageImages
    content = (built / "briefing.ar.pdf").read_bytes()
    images = PageImages()
    images._encoder.shutdown()
    with pytest.raises(RuntimeError):
        images.claim(BRIEFING, content)
    assert images._encoding == {}
