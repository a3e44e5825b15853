"""A project folder outside the checkout, holding only what its user writes,
layered over what ships (issue 21): declared sections stay up to date, data
and templates fall back file by file, scaffolds, languages per document."""
from __future__ import annotations

import http.client
import json
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

from conftest import ISSUED, ROOT

ECONOMIC = """
sections:
  - id: economic
    title: {ar: العلاقات الاقتصادية, en: Economic relations}
    paragraphs:
      - {ar: "تعاون اقتصادي منذ 2019.", en: "Economic cooperation since 2019."}
"""


def run(project: Path, *args: str) -> subprocess.CompletedProcess:
    """generate.py of the checkout, run from elsewhere on a project folder."""
    return subprocess.run([sys.executable, str(ROOT / "generate.py"), "--project", str(project), *args],
                          cwd=project.parent, capture_output=True, text=True, timeout=300)


def write(project: Path, name: str, text: str) -> Path:
    path = project / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def shipped(name: str) -> str:
    return (ROOT / name).read_text(encoding="utf-8")


def economic_project(tmp_path: Path) -> Path:
    """The README's "economic" example: the record with a declared section, and
    the press office's profile placing it."""
    project = tmp_path / "briefs"
    write(project, "data/entities.yaml", shipped("data/entities.yaml"))
    write(project, "data/relations/qatar-nato.yaml", shipped("data/relations/qatar-nato.yaml") + ECONOMIC)
    shutil.copytree(ROOT / "templates", project / "templates")
    profile = shipped("templates/audiences/press/audience.yaml").replace("sections: [summary,",
                                                                        "sections: [summary, economic,")
    write(project, "templates/audiences/press/audience.yaml", profile)
    return project


def test_a_document_with_a_declared_section_is_up_to_date_on_the_next_build(tmp_path):
    project = economic_project(tmp_path)
    args = ("build", "--audience", "press", "--doc", "briefing", "--lang", "ar", "--issued", ISSUED, "--json")
    first = run(project, *args)
    assert first.returncode == 0, first.stderr
    entry = json.loads((project / "reports" / "manifest.json").read_text(encoding="utf-8"))
    inputs = entry["outputs"]["qatar-nato/press/briefing.ar.pdf"]["inputs"]["templates"]
    # The override it looked for and did not find is recorded as missing, not as the project folder.
    assert inputs["sections/economic.html"] == "missing", inputs
    assert "changed while it rendered" not in first.stderr, first.stderr
    again = run(project, *args)
    assert [d["status"] for d in json.loads(again.stdout)["documents"]] == ["up to date"], again.stderr
    assert "changed while it rendered" not in again.stderr


class Serving:
    """`generate.py serve` on a project folder, read through /state.json."""

    def __init__(self, project: Path, *args: str):
        self.process = subprocess.Popen([sys.executable, str(ROOT / "generate.py"), "--project", str(project),
                                         "serve", "--port", "0", "--workers", "1", *args],
                                        cwd=project.parent, stderr=subprocess.PIPE, text=True)
        line = self.process.stderr.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert match, line + self.process.stderr.read()
        self.port = int(match.group(1))
        self.log: list[str] = []
        threading.Thread(target=lambda: self.log.extend(self.process.stderr), daemon=True).start()

    def state(self) -> dict:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        connection.request("GET", "/state.json")
        return json.loads(connection.getresponse().read())

    def until(self, done, what: str) -> dict:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            state = self.state()
            if done(state):
                return state
            time.sleep(0.1)
        raise AssertionError(f"{what}: never; last state {state}; log:\n{''.join(self.log)}")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def statuses(state: dict) -> list[str]:
    return [d["status"] for d in state["documents"]]


def test_serve_waits_only_while_another_process_holds_the_lock(tmp_path):
    from briefgen.rebuild.lock import reports_lock
    project = economic_project(tmp_path)
    serving = Serving(project, "--audience", "press", "--doc", "briefing", "--lang", "ar", "--issued", ISSUED)
    try:
        # Nothing else runs: once the first build is over, the document is built, not "waiting".
        state = serving.until(lambda s: not s["preview"]["activity"] and statuses(s) not in ([], ["rendering"]),
                              "the first build ends")
        assert statuses(state) == ["built"], (state, "".join(serving.log))
        record = project / "data" / "relations" / "qatar-nato.yaml"
        with reports_lock(project / "reports"):
            record.write_text(record.read_text(encoding="utf-8").replace("تعاون اقتصادي", "تعاون تجاري"),
                              encoding="utf-8")
            state = serving.until(lambda s: statuses(s) == ["waiting"], "waiting while the lock is held")
            assert "Waiting" in state["preview"]["activity"]
        # Released: the banner goes and the document is rendered.
        state = serving.until(lambda s: not s["preview"]["activity"], "the wait ends")
        assert statuses(state) == ["built"] and state["documents"][0]["version"] == 2, state
    finally:
        serving.stop()
