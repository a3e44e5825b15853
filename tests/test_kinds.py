"""Document kinds as data (templates/documents.yaml, briefgen/record/kinds.py):
a project declares a kind of its own without Python — a template, a stylesheet,
one entry in its registry and the kind's label — and `check` and `build` take it;
a profile naming no kind, and a registry written wrong, fail by file and line."""
from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from conftest import ROOT, invoke, write
from briefgen.errors import ValidationFailed
from briefgen.record.kinds import load_kinds

MEMO_ENTRY = """\
memo:
  paper: letter
  one_page: no
  parts: [summary, chronology]
  called: memorandum
"""
MEMO_HTML = """\
{% extends "base.html" %}
{% set w = doc.words %}
{% block body %}
<h1 class="memo-title">{{ w.documents.memo }}: {{ doc.title }}</h1>
{% for paragraph in doc.summary %}<p>{{ paragraph }}</p>{% endfor %}
<table class="chronology">{% for item in doc.chronology %}<tr><th>{{ item.when }}</th><td>{{ item.title }}</td></tr>{% endfor %}</table>
{% endblock %}
"""
MEMO_CSS = "@page { margin: 25mm; }\n.memo-title { font-size: 1.4rem; }\n"
PROFILE = """\
title: {ar: مكتب المذكرات, en: The memo desk}
languages: [en]
documents: [memo]
sections: [summary]
clearance: public
"""


def strings_with_memo() -> str:
    text = (ROOT / "templates" / "strings.yaml").read_text(encoding="utf-8")
    text, ar = re.subn(r"^(  documents: \{)(briefing: إحاطة)", r"\1memo: مذكرة, \2", text, flags=re.M)
    text, en = re.subn(r"^(  documents: \{)(briefing: Briefing)", r"\1memo: Memorandum, \2", text, flags=re.M)
    text, fr = re.subn(r"^(  documents: \{)(briefing: Note)", r"\1memo: Mémorandum, \2", text, flags=re.M)
    assert ar == en == fr == 1
    return text


@pytest.fixture
def memo_project(tmp_path) -> Path:
    """A project folder outside the checkout with a kind of its own, "memo"."""
    project = tmp_path / "memos"
    write(project, "templates/documents.yaml", MEMO_ENTRY)
    write(project, "templates/memo.html", MEMO_HTML)
    write(project, "templates/css/memo.css", MEMO_CSS)
    write(project, "templates/strings.yaml", strings_with_memo())
    write(project, "templates/audiences/memo-desk/audience.yaml", PROFILE)
    return project


def in_project(project: Path, *args: str):
    return invoke("--project", str(project), *args)


def test_a_kind_declared_in_a_project_folder_checks_and_builds(memo_project):
    status, stderr, stdout = in_project(memo_project, "check")
    assert status == 0 and stdout.startswith("ok:"), stderr
    status, stderr, _ = in_project(memo_project, "build", "--audience", "memo-desk", "--issued", "2026-11-29",
                                   "--workers", "1")
    assert status == 0, stderr
    pdf = pdfium.PdfDocument(memo_project / "reports" / "qatar-nato" / "memo-desk" / "memo.en.pdf")
    text = "".join(page.get_textpage().get_text_range() for page in pdf)
    assert "Memorandum: " in text and "NATO" in text
    # Its paper is the registry's (letter), not the profile's A4.
    assert [round(v) for v in pdf[0].get_size()] == [612, 792]
    # The indexes name it by its word (documents.memo), not by its id.
    index = (memo_project / "reports" / "qatar-nato" / "memo-desk" / "index.html").read_text(encoding="utf-8")
    assert "Memorandum: " in index and "مذكرة: " in index and "memo: " not in index


def test_the_shipped_registry_says_what_each_kind_is():
    kinds = load_kinds(ROOT / "templates")
    assert list(kinds) == ["briefing", "factsheet", "card"]
    assert (kinds["factsheet"].one_page, kinds["briefing"].one_page, kinds["card"].one_page) == (True, False, True)
    assert kinds["card"].paper_for("letter") == "a5" and kinds["briefing"].paper_for("letter") == "letter"
    assert kinds["briefing"].parts is None and kinds["card"].parts == ("talking_points", "key_facts")
    assert kinds["factsheet"].figures == ("timeline_compact",) and kinds["factsheet"].shown == "fact sheet"
    # Where the fit starts, per language (render/engine.py fit_start); none said: at 10 pt.
    assert (kinds["factsheet"].fit_text_in("en"), kinds["card"].fit_text_in("ar")) == (1433, 525)
    assert kinds["card"].fit_text_in("en") is None and kinds["briefing"].fit_text == ()


def test_a_project_entry_replaces_a_shipped_kind_by_name(memo_project):
    write(memo_project, "templates/documents.yaml", MEMO_ENTRY + "card: {paper: a4, one_page: no, parts: sections}\n")
    kinds = load_kinds((memo_project / "templates", ROOT / "templates"))
    assert list(kinds) == ["briefing", "factsheet", "card", "memo"]
    assert kinds["card"].paper == "a4" and not kinds["card"].one_page and kinds["factsheet"].one_page


def test_a_profile_naming_an_unknown_kind_fails_check_at_its_line(memo_project):
    write(memo_project, "templates/audiences/memo-desk/audience.yaml", PROFILE.replace("[memo]", "[memo, memmo]"))
    status, stderr, _ = in_project(memo_project, "check")
    assert status == 2
    assert ("templates/audiences/memo-desk/audience.yaml:3:19: documents[1]: expected one of briefing, factsheet, "
            "card, memo, got 'memmo' (did you mean 'memo'?)") in stderr, stderr


@pytest.mark.parametrize("entry,message", [
    ("memo:\n  paper: a6\n  one_page: no\n  parts: sections\n",
     "templates/documents.yaml:2:10: memo.paper: expected one of audience, a4, letter, a5, got 'a6'"),
    ("memo:\n  paper: a4\n  parts: [summary, chronolgy]\n",
     "templates/documents.yaml:2:3: memo.one_page: required field is missing"),
    ("memo:\n  paper: a4\n  one_page: no\n  parts: [summary, chronolgy]\n",
     "templates/documents.yaml:4:20: memo.parts[1]: expected one of"),
    ("memo:\n  paper: a4\n  one_page: no\n  parts: sections\n  figures: [timelines]\n",
     "templates/documents.yaml:5:13: memo.figures[0]: expected one of timeline, activity, timeline_compact, "
     "got 'timelines' (did you mean 'timeline'?)"),
    ("memo: {paper: a4, one_page: no, parts: sections, size: 3}\n",
     "templates/documents.yaml:1:50: memo.size: unknown field"),
    ("memo: {paper: a4, one_page: yes, parts: sections, fit_text: {ar: 900, de: 900}}\n",
     "templates/documents.yaml:1:75: memo.fit_text.de: expected a language (ar, en, fr), got 'de'"),
    ("memo: {paper: a4, one_page: yes, parts: sections, fit_text: {en: lots}}\n",
     "templates/documents.yaml:1:66: memo.fit_text.en: expected ems between 10 and 100000, got 'lots'"),
    ("memo: {paper: a4, one_page: no, parts: sections, fit_text: {ar: 900}}\n",
     "templates/documents.yaml:1:60: memo.fit_text: only a one-page kind (one_page: yes) starts its fit from its text"),
    ("memo: {paper: a4, one_page: no, parts: sections, fewer_events: yes}\n",
     "templates/documents.yaml:1:64: memo.fewer_events: only a one-page kind (one_page: yes) lists fewer events"),
    ("memo: {paper: a4, one_page: yes, parts: sections, fewer_events: some}\n",
     "templates/documents.yaml:1:65: memo.fewer_events: expected one of yes, no, got 'some'"),
    ("memo:\n  paper: a4\n one_page: no\n", "templates/documents.yaml:3:2: YAML syntax"),
    ("note: {paper: a4, one_page: no, parts: sections}\n",
     "templates/documents.yaml:1:7: note: no templates/note.html: a kind is drawn by its template and stylesheet"),
])
def test_a_registry_written_wrong_fails_check_by_file_and_line(memo_project, entry, message):
    write(memo_project, "templates/documents.yaml", entry)
    status, stderr, _ = in_project(memo_project, "check")
    assert status == 2 and message in stderr, stderr


def test_a_kind_needs_its_label_in_strings(memo_project):
    write(memo_project, "templates/strings.yaml", (ROOT / "templates" / "strings.yaml").read_text(encoding="utf-8"))
    with pytest.raises(ValidationFailed) as failed:
        from briefgen.paths import Project
        from briefgen.record.validate import check_record
        check_record(Project.at(memo_project))
    assert any(p.where.path == "ar.documents.memo" and "missing" in p.message for p in failed.value.problems), \
        failed.value.problems


def test_doc_names_the_project_kinds_when_it_knows_none_such(memo_project):
    status, stderr, _ = in_project(memo_project, "build", "--doc", "memmo", "--workers", "1")
    assert status != 0
    assert "unknown document kind: memmo (known: briefing, factsheet, card, memo)" in stderr, stderr
