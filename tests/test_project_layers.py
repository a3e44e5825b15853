"""A project folder outside the checkout, holding only what its user writes,
layered over what ships (issue 21): declared sections stay up to date, data
and templates fall back file by file, scaffolds, languages per document."""
from __future__ import annotations

import http.client
import json
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

from conftest import ISSUED, ROOT, cli_in, page_texts, write

ECONOMIC = """
sections:
  - id: economic
    title: {ar: العلاقات الاقتصادية, en: Economic relations}
    paragraphs:
      - {ar: "تعاون اقتصادي منذ 2019.", en: "Economic cooperation since 2019."}
"""


def run(project: Path, *args: str) -> subprocess.CompletedProcess:
    """The checkout's command line on a project folder (in this process: serve,
    below, is the one run as a process of its own)."""
    return cli_in(project, *args)


def shipped(name: str) -> str:
    return (ROOT / name).read_text(encoding="utf-8")


def economic_project(tmp_path: Path) -> Path:
    """The README's "economic" example: the record with a declared section, and
    the press office's profile placing it; nothing else (entities and every
    other template are the shipped ones)."""
    project = tmp_path / "briefs"
    write(project, "data/relations/qatar-nato.yaml", shipped("data/relations/qatar-nato.yaml") + ECONOMIC)
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


def profile_project(tmp_path: Path, audience: str, profile: str) -> Path:
    """A project whose only own file is one audience's profile."""
    project = tmp_path / "briefs"
    write(project, f"templates/audiences/{audience}/audience.yaml", profile)
    return project


PER_DOCUMENT = """title: {ar: السفارة, en: The Embassy}
documents: {briefing: [ar], factsheet: [en, ar]}
sections: [summary, chronology, sources]
clearance: public
"""


def built_names(result: subprocess.CompletedProcess) -> list[str]:
    assert result.returncode == 0, result.stderr
    return sorted(d["name"] for d in json.loads(result.stdout)["documents"])


def test_a_profile_gives_languages_per_document(tmp_path):
    project = profile_project(tmp_path, "embassy", PER_DOCUMENT)
    common = ("build", "--audience", "embassy", "--issued", ISSUED, "--json")
    # In English, only the fact sheet; --doc and --lang narrow the mapping like the list.
    assert built_names(run(project, *common, "--lang", "en")) == ["qatar-nato/embassy/factsheet.en"]
    nothing = run(project, *common, "--doc", "briefing", "--lang", "en")
    assert nothing.returncode == 2 and "no audience asks for that document and language" in nothing.stderr
    assert "(embassy asks for briefing [ar], factsheet [en, ar])" in nothing.stderr, nothing.stderr
    # The whole matrix as the mapping says, and nothing is pruned by the next build.
    again = run(project, *common, "--doc", "factsheet")
    assert built_names(again) == ["qatar-nato/embassy/factsheet.ar", "qatar-nato/embassy/factsheet.en"]
    assert "removed" not in again.stderr and (project / "reports/qatar-nato/embassy/factsheet.en.pdf").is_file()


def test_languages_per_document_are_validated_by_place(tmp_path):
    bad = PER_DOCUMENT.replace("documents: {briefing: [ar], factsheet: [en, ar]}",
                               "languages: [ar]\ndocuments:\n  brifing: [ar]\n  factsheet: [de, en, en]\n  card: []")
    project = profile_project(tmp_path, "embassy", bad)
    result = run(project, "check")
    assert result.returncode == 2
    profile = "templates/audiences/embassy/audience.yaml"
    for expected in (f"{profile}:2:12: languages: leave this out: documents: gives the languages of each document",
                     f"{profile}:4:3: documents.brifing: expected one of briefing, factsheet, card, got 'brifing' "
                     f"(did you mean 'briefing'?)",
                     f"{profile}:5:15: documents.factsheet[0]: expected one of ar, en, fr, got 'de'",
                     f"{profile}:5:14: documents.factsheet: a language is listed twice",
                     f"{profile}:6:9: documents.card: expected at least one language"):
        assert expected in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    # The list form written as doc.lang says what to write instead, and not "at least one entry".
    listed = profile_project(tmp_path / "list", "embassy", PER_DOCUMENT.replace(
        "documents: {briefing: [ar], factsheet: [en, ar]}", "languages: [ar, en]\ndocuments: [factsheet.en, briefing.ar]"))
    result = run(listed, "check")
    assert result.returncode == 2
    assert (f"{profile}:3:13: documents[0]: expected one of briefing, factsheet, card, got 'factsheet.en'; to give "
            f"each document its languages write a mapping, e.g. documents: {{factsheet: [en]}}") in result.stderr
    assert "expected at least one entry" not in result.stderr, result.stderr


OWN_ENTITIES = """entities:
  eu:
    kind: organisation
    name: {ar: الاتحاد الأوروبي, en: European Union}
    short: {ar: الاتحاد الأوروبي, en: EU}
  qatar:
    kind: country
    name: {ar: دولة قطر, en: State of Qatar}
    short: {ar: قطر الشقيقة, en: Qatar}
"""


def test_a_project_adds_entities_and_scaffolds_a_relationship_that_builds(tmp_path):
    project = tmp_path / "briefs"
    write(project, "data/entities.yaml", OWN_ENTITIES)
    made = run(project, "new-relation", "qatar-eu", "--parties", "qatar,eu")
    assert made.returncode == 0, made.stderr
    record = project / "data" / "relations" / "qatar-eu.yaml"
    # eu is the project's, qatar's short name its override of the shipped entity.
    assert 'title: {ar: "العلاقات بين قطر الشقيقة والاتحاد الأوروبي", en: "Qatar–EU relations"}' in \
        record.read_text(encoding="utf-8")
    checked = run(project, "check")
    assert checked.returncode == 0, checked.stderr
    built = run(project, "build", "--audience", "press", "--doc", "factsheet", "--lang", "en", "--issued", ISSUED,
                "--json")
    assert built_names(built) == ["qatar-eu/press/factsheet.en"]
    assert "Qatar–EU relations" in page_texts(project / "reports/qatar-eu/press/factsheet.en.pdf")[0]
    # Never over an existing file; parties must be known, with a did-you-mean.
    again = run(project, "new-relation", "qatar-eu", "--parties", "qatar,eu")
    assert again.returncode == 2 and "already exists; not overwritten" in again.stderr
    unknown = run(project, "new-relation", "qatar-oman", "--parties", "qatr,oman")
    assert unknown.returncode == 2 and "unknown entity 'qatr' (did you mean 'qatar'?)" in unknown.stderr
    assert not (project / "data" / "relations" / "qatar-oman.yaml").exists()


def test_shipped_entities_need_no_copy_and_an_unknown_one_says_where_entities_come_from(tmp_path):
    project = tmp_path / "briefs"
    write(project, "data/relations/qatar-nato.yaml",
          shipped("data/relations/qatar-nato.yaml").replace("place: doha", "place: dohaa", 1))
    result = run(project, "check")
    assert result.returncode == 2
    [line] = [line for line in result.stderr.splitlines() if "unknown entity" in line]
    assert "unknown entity 'dohaa' (did you mean 'doha'?) (entities are read from " \
           f"{ROOT / 'data' / 'entities.yaml'})" in line, line
    write(project, "data/entities.yaml", OWN_ENTITIES)
    result = run(project, "check")
    assert (f"(entities are read from {ROOT / 'data' / 'entities.yaml'} and data/entities.yaml)"
            in result.stderr), result.stderr
    assert result.stderr.count("unknown entity") == 1


def test_new_audience_writes_only_its_profile_and_the_rest_comes_from_what_ships(tmp_path):
    project = tmp_path / "briefs"
    project.mkdir()
    made = run(project, "new-audience", "embassy", "--from", "minister")
    assert made.returncode == 0, made.stderr
    folder = project / "templates" / "audiences" / "embassy"
    assert sorted(p.relative_to(project).as_posix() for p in project.rglob("*")) == [
        "templates", "templates/audiences", "templates/audiences/embassy", "templates/audiences/embassy/audience.yaml"]
    # The minister's emblem is a file of its folder, not copied: the profile no longer names it.
    assert "# logo: emblem.svg" in (folder / "audience.yaml").read_text(encoding="utf-8")
    assert run(project, "new-audience", "embassy").returncode == 2
    # One override in the new folder; everything else, and the shipped audiences, from what ships.
    write(project, "templates/audiences/embassy/sections/summary.html",
          '<section class="chapter"><h2 id="summary">EMBASSY-OWN-SUMMARY</h2></section>\n')
    checked = run(project, "check", "--json")
    assert json.loads(checked.stdout)["audiences"] == 5, checked.stderr
    built = run(project, "build", "--audience", "embassy", "--audience", "minister", "--doc", "briefing",
                "--issued", ISSUED, "--json")
    assert built_names(built) == ["qatar-nato/embassy/briefing.ar", "qatar-nato/minister/briefing.ar"]
    reports = project / "reports" / "qatar-nato"
    assert "EMBASSY-OWN-SUMMARY" in "".join(page_texts(reports / "embassy" / "briefing.ar.pdf"))
    assert "EMBASSY-OWN-SUMMARY" not in "".join(page_texts(reports / "minister" / "briefing.ar.pdf"))
    # The shipped minister kept its emblem (a file of the shipped folder, found through the layers).
    inputs = json.loads((project / "reports" / "manifest.json").read_text(encoding="utf-8"))["outputs"]
    assert str(ROOT / "templates/audiences/minister/emblem.svg") in inputs["qatar-nato/minister/briefing.ar.pdf"][
        "inputs"]["files"]


def test_a_layered_override_reads_no_other_audiences_folder(tmp_path):
    """The shipped folder of another audience stays out of reach through the layers."""
    project = tmp_path / "briefs"
    write(project, "templates/audiences/press/factsheet.html",
          '{% extends "base/factsheet.html" %}{% block body %}<img src="audiences/minister/emblem.svg">'
          '{{ super() }}{% endblock %}\n')
    result = run(project, "build", "--audience", "press", "--doc", "factsheet", "--lang", "en", "--issued", ISSUED)
    assert result.returncode == 1
    assert "refused" in result.stderr and "audiences/minister/emblem.svg" in result.stderr, result.stderr
    included = write(project, "templates/audiences/press/factsheet.html",
                     '{% include "audiences/minister/audience.yaml" %}\n')
    result = run(project, "check")
    assert result.returncode == 2 and "audiences/minister/audience.yaml" in result.stderr, result.stderr
    assert included.is_file() and not (project / "reports" / "qatar-nato" / "press" / "factsheet.en.pdf").exists()


def test_a_projects_base_template_extends_the_shipped_one(tmp_path):
    project = tmp_path / "briefs"
    write(project, "templates/factsheet.html", '{% extends "shipped/factsheet.html" %}'
                                               '{% block body %}<p>PROJECT-BASE</p>{{ super() }}{% endblock %}\n')
    built = run(project, "build", "--audience", "press", "--doc", "factsheet", "--lang", "en", "--issued", ISSUED,
                "--json")
    assert built_names(built) == ["qatar-nato/press/factsheet.en"]
    text = page_texts(project / "reports/qatar-nato/press/factsheet.en.pdf")[0]
    assert "PROJECT-BASE" in text and "Qatar's Relations with NATO" in text


def test_check_names_a_projects_template_once_where_it_is(tmp_path):
    project = tmp_path / "briefs"
    write(project, "templates/factsheet.html", '{% extends "shipped/factsheet.html" %}{% block body %}{{ doc.titel }}'
                                               '{% endblock %}\n')
    result = run(project, "check")
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if "'titel'" in line and ":1:" in line]
    assert len(lines) == 1 and lines[0].startswith("templates/factsheet.html:1:1: template: "), result.stderr
