"""A draft never replaces a published file (issue 25, docs/drafting.md
"Confirming"): a document showing unconfirmed drafted items is written below
reports/.drafts/, the audience's file, its thumbnail, manifest entry, kept issue
and index stay as they were, byte for byte; built again it is up to date (the
no-op memory and the full path); once confirmed the audience's file is
replaced and the draft removed; a record that is a draft from the start has
nothing in its audience's folder. One project outside the checkout, the
minister's Arabic card (the smallest document), one render per step."""
from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest

from briefgen.paths import Project
from conftest import ISSUED, ROOT, cli_in, page_texts, poppler_text, searchable, shared

CARD = Path("qatar-nato") / "minister" / "card.ar.pdf"
THUMBNAIL = Path("qatar-nato") / "minister" / "thumbnails" / "card.ar.png"
ISSUE = Path(".issues") / "qatar-nato" / "minister" / "card.ar" / f"{ISSUED}.json"
DRAFTS = Path(".drafts")
# The scheduled case: an event drafted from the ministry's changed page, moved into
# a record whose documents were published, still unconfirmed.
DRAFTED_EVENT = """events:
  - id: consultations-2026
    kind: meeting
    date: 2026-10-01
    draft: true
    title: {ar: جولة مشاورات سياسية في الدوحة, en: Political consultations in Doha}
    description: {ar: عقدت جولة مشاورات سياسية في الدوحة., en: A round of political consultations was held in Doha.}
    sources: [mofa]

"""
# A record drafted from its page and never published: every item unconfirmed.
FRESH = (ROOT / "tests" / "records" / "sparse.yaml").read_text(encoding="utf-8").replace(
    "    kind: meeting\n", "    kind: meeting\n    draft: true\n", 1)


def build(project: Path, *more: str):
    result = cli_in(project, "build", "--issued", ISSUED, "--audience", "minister", "--doc", "card", *more)
    assert result.returncode == 0, result.stderr
    return result


def keep(folder: Path, step: str, project: Path, result) -> None:
    """reports/ as this step left it, and what the build said."""
    shutil.copytree(project / "reports", folder / step, ignore=shutil.ignore_patterns(".lock"))
    (folder / f"{step}.out").write_text(result.stdout + "\n--- stderr\n" + result.stderr, encoding="utf-8")


def steps(folder: Path) -> None:
    project = folder / "project"
    shutil.copytree(ROOT / "data", project / "data")
    record = project / "data" / "relations" / "qatar-nato.yaml"
    keep(folder, "published", project, build(project))
    record.write_text(record.read_text(encoding="utf-8").replace("events:\n", DRAFTED_EVENT, 1), encoding="utf-8")
    (project / "data" / "relations" / "sparse.yaml").write_text(FRESH, encoding="utf-8")
    keep(folder, "drafted", project, build(project, "--html", "--json"))
    keep(folder, "again", project, build(project, "--html"))          # the no-op memory's answer
    (project / "reports" / ".unchanged.json").unlink()
    keep(folder, "full", project, build(project, "--html"))           # the full path's
    record.write_text(record.read_text(encoding="utf-8") + "\n# a comment: same view, new input key\n",
                      encoding="utf-8")
    # Its key unchanged: still current, as the worker that makes its view finds (rebuild/views.py).
    from briefgen.rebuild import views
    on_workers_above, views.ON_WORKERS_ABOVE = views.ON_WORKERS_ABOVE, 0
    try:
        keep(folder, "commented", project, build(project, "--html", "--workers", "2"))
    finally:
        views.ON_WORKERS_ABOVE = on_workers_above
    drafted = record.read_bytes()
    record.write_bytes((ROOT / "data" / "relations" / "qatar-nato.yaml").read_bytes())
    keep(folder, "reverted", project, build(project))       # the drafted event taken out: the published card
    record.write_bytes(drafted)
    keep(folder, "redrafted", project, build(project, "--html"))
    record.write_text(record.read_text(encoding="utf-8").replace("    draft: true\n", "", 1), encoding="utf-8")
    keep(folder, "confirmed", project, build(project))
    (project / "data" / "relations" / "sparse.yaml").unlink()
    keep(folder, "pruned", project, build(project))


@pytest.fixture(scope="module")
def drafts(tmp_path_factory) -> Path:
    return shared(tmp_path_factory, "draft-outputs", steps)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def entries(reports: Path) -> dict:
    return json.loads((reports / "manifest.json").read_text(encoding="utf-8"))["outputs"]


def marked_pages(pdf: Path) -> tuple[int, int, int]:
    """(pages on which pdfium finds مسودة, those on which pdftotext does, pages)."""
    pdfium = [text for text in page_texts(pdf)]
    poppler = poppler_text(pdf).split("\f")[:len(pdfium)]
    return (sum("مسودة" in searchable(text) for text in pdfium), sum("مسودة" in searchable(text) for text in poppler),
            len(pdfium))


def says_draft(pdf: Path) -> bool:
    """Both readers find مسودة on every page."""
    pdfium, poppler, pages = marked_pages(pdf)
    return pdfium == poppler == pages >= 1


def says_no_draft(pdf: Path) -> bool:
    pdfium, poppler, pages = marked_pages(pdf)
    return pdfium == poppler == 0 and pages >= 1


def test_the_published_card_stays_byte_for_byte(drafts):
    published = drafts / "published"
    for step in ("drafted", "redrafted"):
        for name in (CARD, THUMBNAIL, ISSUE, CARD.parent / "index.html"):
            assert digest(drafts / step / name) == digest(published / name), (step, name)
        assert entries(drafts / step)[CARD.as_posix()] == entries(published)[CARD.as_posix()]
    assert says_no_draft(published / CARD)


def test_the_draft_is_written_below_drafts_with_every_file_beside_it(drafts):
    drafted = drafts / "drafted"
    hidden = drafted / DRAFTS / CARD
    assert says_draft(hidden)
    assert (drafted / DRAFTS / THUMBNAIL).is_file()
    assert {p.name for p in hidden.parent.glob("card.ar.*")} == {"card.ar.pdf", "card.ar.html", "card.ar.css"}
    assert not list((drafted / CARD.parent).glob("card.ar.html"))     # --html's files went with it
    entry = entries(drafted)[(DRAFTS / CARD).as_posix()]
    assert entry["draft"] is True and entry["pages"] == 1
    report = json.loads((drafts / "drafted.out").read_text(encoding="utf-8").split("\n--- stderr\n")[0])
    paths = {d["name"]: d["path"] for d in report["documents"]}
    assert paths["qatar-nato/minister/card.ar"] == str(drafts / "project" / "reports" / DRAFTS / CARD)


def test_the_audience_index_leaves_it_out_and_the_operators_links_it(drafts):
    drafted = drafts / "drafted"
    audience = (drafted / CARD.parent / "index.html").read_text(encoding="utf-8")
    assert 'href="card.ar.pdf"' in audience and ".drafts" not in audience     # the published card, as it was
    operator = (drafted / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r"<tr\b.*?</tr>", operator, re.DOTALL)
    draft_rows = [row for row in rows if 'href=".drafts/qatar-nato/minister/card.ar.pdf"' in row]
    assert len(draft_rows) == 1 and "draft — not for publishing" in draft_rows[0]
    assert 'src=".drafts/qatar-nato/minister/thumbnails/card.ar.png"' in draft_rows[0]
    assert any('href="qatar-nato/minister/card.ar.pdf"' in row and "not for publishing" not in row for row in rows)


def test_a_record_that_is_a_draft_from_the_start_has_nothing_in_its_audience_folder(drafts):
    for step in ("drafted", "confirmed"):
        reports = drafts / step
        assert not (reports / "sparse").exists(), step
        assert says_draft(reports / DRAFTS / "sparse" / "minister" / "card.ar.pdf")
        assert not list((reports / ".issues").glob("sparse/**/*.json"))
    operator = (drafts / "drafted" / "index.html").read_text(encoding="utf-8")
    assert 'href=".drafts/sparse/minister/card.ar.pdf"' in operator and 'href="sparse/' not in operator


def test_a_draft_of_a_relationship_since_removed_is_pruned(drafts):
    said = (drafts / "pruned.out").read_text(encoding="utf-8")
    assert "removed .drafts/sparse/minister/card.ar.pdf" in said, said
    assert not (drafts / "pruned" / DRAFTS).exists()        # the last draft gone, its folders go too
    assert not [name for name in entries(drafts / "pruned") if name.startswith(".drafts/")]


def test_a_stale_temporary_below_drafts_is_removed(tmp_path):
    from briefgen.rebuild.lock import remove_stale_temporaries
    folder = tmp_path / DRAFTS / "qatar-nato" / "minister" / "thumbnails"
    folder.mkdir(parents=True)
    temporaries = [folder / ".card.ar.png.ab12cd34.tmp", folder.parent / ".card.ar.pdf.ab12cd34.tmp"]
    for temporary in temporaries:
        temporary.write_bytes(b"half")
    remove_stale_temporaries(tmp_path)
    assert not any(temporary.exists() for temporary in temporaries)


def test_a_draft_built_again_is_up_to_date(drafts):
    # The no-op memory knows the draft where it is.
    memory = json.loads((drafts / "drafted" / ".unchanged.json").read_text(encoding="utf-8"))
    assert [".drafts/qatar-nato/minister/card.ar.pdf"] == [row[6] for row in memory["documents"]
                                                         if row[0] == "qatar-nato/minister/card.ar"]
    for step in ("again", "full", "commented"):
        said = (drafts / f"{step}.out").read_text(encoding="utf-8")
        assert "0 written, 0 pages, 2 up to date" in said, (step, said)
        assert digest(drafts / step / DRAFTS / CARD) == digest(drafts / "drafted" / DRAFTS / CARD)
        assert digest(drafts / step / CARD) == digest(drafts / "published" / CARD)
    # The comment changed the record's bytes, not the view: the draft's entry remembers the new input key.
    before, after = entries(drafts / "full"), entries(drafts / "commented")
    name = (DRAFTS / CARD).as_posix()
    assert after[name]["input_key"] != before[name]["input_key"] and after[name]["key"] == before[name]["key"]
    assert after[CARD.as_posix()] == before[CARD.as_posix()]


def test_taking_the_drafted_item_out_removes_the_draft(drafts):
    reverted = drafts / "reverted"
    said = (drafts / "reverted.out").read_text(encoding="utf-8")
    assert "0 written, 0 pages, 2 up to date" in said, said
    assert digest(reverted / CARD) == digest(drafts / "published" / CARD)
    assert not (reverted / DRAFTS / "qatar-nato").exists() and (DRAFTS / CARD).as_posix() not in entries(reverted)
    # Drafted again: the same draft, rendered again (its entry went with it).
    assert digest(drafts / "redrafted" / DRAFTS / CARD) == digest(drafts / "drafted" / DRAFTS / CARD)


def test_confirming_replaces_the_audience_card_and_removes_the_draft(drafts):
    confirmed, published = drafts / "confirmed", drafts / "published"
    said = (drafts / "confirmed.out").read_text(encoding="utf-8")
    assert "1 written, 1 page, 1 up to date" in said, said     # the card; sparse's draft still current
    # Its view holds the event now (the card prints no chronology: the same text, another identifier).
    assert digest(confirmed / CARD) != digest(published / CARD) and says_no_draft(confirmed / CARD)
    assert not (confirmed / DRAFTS / "qatar-nato").exists()       # file, thumbnail, --html's files, folders
    assert (DRAFTS / CARD).as_posix() not in entries(confirmed)
    assert digest(confirmed / ISSUE) != digest(published / ISSUE)       # kept as this date's issue now
    assert 'href="card.ar.pdf"' in (confirmed / CARD.parent / "index.html").read_text(encoding="utf-8")
    assert ".drafts/qatar-nato" not in (confirmed / "index.html").read_text(encoding="utf-8")


def test_the_preview_shows_the_draft_while_there_is_one(drafts):
    from briefgen.live.files import read_output
    row = {"relation": "qatar-nato", "audience": "minister", "doc": "card", "lang": "ar"}
    for step, shown in (("drafted", DRAFTS / CARD), ("confirmed", CARD), ("published", CARD)):
        project = Project.at(drafts / "project", reports=drafts / step)
        assert read_output(project, row, pdf=True) == (drafts / step / shown).read_bytes(), step
        thumbnail = shown.parent / "thumbnails" / "card.ar.png"
        assert read_output(project, row, pdf=False) == (drafts / step / thumbnail).read_bytes(), step


def test_the_preview_knows_a_draft_from_the_manifest_before_its_first_build(drafts):
    """serve lists what reports/ holds before it builds (preview.Rebuilder.show_known_documents):
    a draft under its document's name, with its pages, never as a document of its own."""
    from types import SimpleNamespace
    from briefgen.live.preview import Rebuilder
    from briefgen.live.state import PreviewState
    rebuilder = SimpleNamespace(project=Project.at(drafts / "project", reports=drafts / "drafted"),
                                state=PreviewState(), selected=lambda entry: True)
    Rebuilder.show_known_documents(rebuilder)
    known = {document.name: document for document in rebuilder.state.all_documents()}
    assert sorted(known) == ["qatar-nato/minister/card.ar", "sparse/minister/card.ar"]
    assert known["sparse/minister/card.ar"].status == "built" and known["sparse/minister/card.ar"].pages == 1


def test_the_build_says_which_documents_are_drafts(drafts):
    # A draft up to date is not published either: its line and the summary say so
    # (an entity left drafted keeps every document naming it a draft), as does --json.
    for step, count in (("drafted", 2), ("again", 2), ("full", 2), ("confirmed", 1)):
        said = (drafts / f"{step}.out").read_text(encoding="utf-8")
        assert f"; {count} draft(s) below .drafts/, not for publishing" in said, (step, said)
    for step in ("again", "full"):     # the no-op memory's answer and the full path's
        said = (drafts / f"{step}.out").read_text(encoding="utf-8")
        assert "qatar-nato/minister/card.ar: up to date (a draft: reports/.drafts/qatar-nato/minister/card.ar.pdf)" \
            in said, (step, said)
    report = json.loads((drafts / "drafted.out").read_text(encoding="utf-8").split("\n--- stderr\n")[0])
    assert [d["draft"] for d in report["documents"]] == [True, True]
    assert "draft(s)" not in (drafts / "published.out").read_text(encoding="utf-8")
