"""What changed since the last issue (issue 26): the views each build keeps
(reports/.issues), the first page's box and the chronology's marks, the key,
and the `changes` command. Three issues of the clearance test record's press
and delegation briefings (English), made once in a project outside the checkout:
29 November; 4 December, with a public event added, a public one changed and
the restricted one removed; 9 December, with nothing changed."""
from __future__ import annotations

import json
import re
import shutil

import pytest

from conftest import CLEARANCE_RECORD, ROOT, cli_in, page_texts, poppler_text, searchable, shared

ADDED_TITLE = "[Illustrative] A public conference added for the second issue"
RESTRICTED = "[Illustrative] A restricted meeting, for testing only"
BRIEFINGS = ("--relation", "clearance", "--audience", "press", "--audience", "delegation",
             "--doc", "briefing", "--lang", "en")


def second_record(text: str) -> str:
    """The record of the second issue: one public event added, the public event's
    title changed, the restricted event removed (and what named it re-dated)."""
    restricted = text[text.index("  - id: restricted-event"):text.index("  - id: after-restricted")]
    text = text.replace(restricted, "").replace("after: restricted-event", "date: 2015-04")
    text = text.replace("    events: [restricted-event]\n", "")
    added = ("  - id: added-conference\n    kind: conference\n    date: 2020-05\n"
             f"    title: {{ar: \"[توضيحي] مؤتمر عام أضيف للإصدار الثاني\", en: \"{ADDED_TITLE}\"}}\n"
             "    description: {ar: \"[توضيحي] وصف مؤتمر عام.\", en: \"[Illustrative] A public conference.\"}\n"
             "    sources: [public-source]\n")
    return text.replace("events:\n", "events:\n" + added, 1)


def public_event_changed(text: str) -> str:
    start = text.index("  - id: public-event")
    title = text.index("title:", start)
    end = text.index("\n", title)
    return text[:title] + 'title: {ar: "[توضيحي] عنوان جديد لحدث عام", en: "[Illustrative] A public event, retitled"}' \
        + text[end:]


@pytest.fixture(scope="module")
def issues(tmp_path_factory):
    """The project, and {date of issue: [the build's output, ...]}; each issue's PDFs
    copied beside it as <audience>.<date>.pdf."""
    def make(folder):
        relations = folder / "data" / "relations"
        relations.mkdir(parents=True)
        shutil.copy(ROOT / "data" / "entities.yaml", folder / "data" / "entities.yaml")
        record = relations / "clearance.yaml"
        shutil.copy(CLEARANCE_RECORD, record)
        results = {}
        for day in ("2026-11-29", "2026-12-04", "2026-12-09", "2026-12-09"):
            if day == "2026-12-04":
                record.write_text(public_event_changed(second_record(record.read_text(encoding="utf-8"))),
                                  encoding="utf-8")
            result = cli_in(folder, "build", "--issued", day, *BRIEFINGS)
            assert result.returncode == 0, result.stderr
            results.setdefault(day, []).append(result.stdout + result.stderr)
            if day != "2026-12-09" or len(results[day]) == 1:
                for audience in ("press", "delegation"):
                    pdf = folder / "reports" / "clearance" / audience / "briefing.en.pdf"
                    shutil.copy(pdf, folder / f"{audience}.{day}.pdf")
        (folder / "outputs.json").write_text(json.dumps(results), encoding="utf-8")
    folder = shared(tmp_path_factory, "changes-issues", make)
    return folder, json.loads((folder / "outputs.json").read_text(encoding="utf-8"))


def first_page(pdf) -> str:
    return searchable(poppler_text(pdf, "-l", "1"))


def test_the_first_issue_has_no_box_and_says_there_is_no_earlier_one(issues):
    folder, outputs = issues
    assert 'no earlier issue kept for 2 document(s)' in outputs["2026-11-29"][0]
    for audience in ("press", "delegation"):
        assert "New since the last issue" not in first_page(folder / f"{audience}.2026-11-29.pdf")


def test_the_box_lists_exactly_what_was_added_and_changed(issues):
    folder, outputs = issues
    for audience in ("press", "delegation"):
        pdf = folder / f"{audience}.2026-12-04.pdf"
        for text in (first_page(pdf), searchable(page_texts(pdf)[0])):     # both readers
            box = " ".join(text[text.index("New since the last issue (29 November 2026)"):text.index("Contents")]
                           .replace("•", "").split()) + " "
            # in the chronology's order; the event that followed the removed one now has a date of its own
            assert box == ("New since the last issue (29 November 2026) "
                           "Updated: December 2014, [Illustrative] A public event, retitled "
                           "Updated: April 2015, [Illustrative] A public event that followed a restricted meeting "
                           f"New: May 2020, {ADDED_TITLE} "), box
            assert RESTRICTED not in text
    assert "2 changed in content since the last issue" in outputs["2026-12-04"][0]


def test_the_chronology_marks_them(issues):
    folder, _ = issues
    text = searchable(poppler_text(folder / "press.2026-12-04.pdf"))
    chronology = text[text.rindex("Chronology"):text.index("Events hosted", text.rindex("Chronology"))]
    assert "retitled Updated" in chronology, chronology
    assert re.findall(r"\b(New|Updated)\b", chronology) == ["Updated", "Updated", "New"], chronology
    unchanged = searchable(poppler_text(folder / "press.2026-12-09.pdf"))
    assert not re.findall(r"\b(New|Updated)\b", unchanged), unchanged


def test_an_unchanged_record_shows_no_box_and_the_same_date_is_up_to_date(issues):
    folder, outputs = issues
    for audience in ("press", "delegation"):
        assert "New since the last issue" not in first_page(folder / f"{audience}.2026-12-09.pdf")
    assert "0 changed in content since the last issue" in outputs["2026-12-09"][0]
    again = outputs["2026-12-09"][1]
    assert "0 written, 0 pages, 2 up to date" in again, again


def test_the_press_issues_never_hold_the_restricted_item(issues):
    """The stored view is the view after clearance: the press's has no
    restricted text, in any issue, so no "changes" can name it."""
    folder, _ = issues
    press = folder / "reports" / ".issues" / "clearance" / "press" / "briefing.en"
    stored = sorted(press.glob("*.json"))
    assert [p.name for p in stored] == ["2026-11-29.json", "2026-12-04.json", "2026-12-09.json"]
    for path in stored:
        text = path.read_text(encoding="utf-8")
        assert "chronology" in text and RESTRICTED not in text and "restricted-event" not in text, path
    delegation = folder / "reports" / ".issues" / "clearance" / "delegation" / "briefing.en" / "2026-11-29.json"
    assert RESTRICTED in delegation.read_text(encoding="utf-8")      # the canary is there to be missed


def test_the_changes_command(issues):
    folder, _ = issues
    result = cli_in(folder, "changes", "--since", "2026-11-30", "--json")
    assert result.returncode == 0, result.stderr
    documents = {(d["audience"], d["document"]): d for d in json.loads(result.stdout)["documents"]}
    press, delegation = documents[("press", "briefing.en")], documents[("delegation", "briefing.en")]
    assert (press["issued"], press["since"]) == ("2026-12-09", "2026-11-29")
    assert [i["id"] for i in press["added"]] == ["added-conference"]
    assert [i["id"] for i in press["changed"]] == ["public-event", "after-restricted"]
    assert press["removed"] == []          # the restricted event was never the press's
    assert [i["id"] for i in delegation["removed"]] == ["restricted-event"]
    latest = cli_in(folder, "changes")
    assert latest.returncode == 0, latest.stderr
    assert "clearance/press\n  briefing.en 2026-12-09 against 2026-12-04: no change in content" in latest.stdout


def test_a_damaged_latest_issue_leaves_changes_the_one_before_it(issues, tmp_path):
    """`changes` skips a latest kept file that is not a view (named) and reports the
    last one that is: the document is not dropped from the listing."""
    folder, _ = issues
    project = tmp_path / "project"
    shutil.copytree(folder / "data", project / "data")
    shutil.copytree(folder / "reports" / ".issues", project / "reports" / ".issues")
    kept = project / "reports" / ".issues" / "clearance" / "press" / "briefing.en"
    (kept / "2026-12-20.json").write_text("{bad", encoding="utf-8")
    for since in ((), ("--since", "2026-12-31")):
        result = cli_in(project, "changes", *since)
        assert result.returncode == 0, result.stderr
        assert result.stderr.count("2026-12-20.json:1:1: not a stored view") == 1, result.stderr
        against = "2026-12-09" if since else "2026-12-04"
        assert f"clearance/press\n  briefing.en 2026-12-09 against {against}: no change in content" in result.stdout


def test_a_stored_view_that_is_not_one_costs_the_box_not_the_document(issues, tmp_path):
    folder, _ = issues
    project = tmp_path / "project"
    shutil.copytree(folder / "data", project / "data")
    kept = project / "reports" / ".issues" / "clearance" / "press" / "briefing.en"
    kept.mkdir(parents=True)
    (kept / "2026-11-01.json").write_text("[1, 2", encoding="utf-8")
    (kept / "2026-11-02.json").symlink_to(ROOT / "data" / "relations" / "qatar-nato.yaml")
    (kept / ".2026-11-03.json.abcd1234.tmp").write_text("{}", encoding="utf-8")     # a killed build's
    result = cli_in(project, "build", "--issued", "2026-11-29", "--relation", "clearance", "--audience", "press",
                    "--doc", "briefing", "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert "2026-11-01.json:1:1: not a stored view" in result.stderr
    assert "2026-11-02.json' is a link to" in result.stderr
    assert not (kept / ".2026-11-03.json.abcd1234.tmp").exists()
    assert (kept / "2026-11-02.json").is_symlink()                  # not ours: left alone, never followed
    assert "New since the last issue" not in first_page(project / "reports" / "clearance" / "press" / "briefing.en.pdf")


def test_another_audiences_kept_issue_is_never_read_as_this_ones(issues, tmp_path):
    """A link inside reports/ to the delegation's kept issue, or a copy of it,
    put among the press office's, would show the press what it is not cleared
    for (the restricted event, as "removed"); `{}` would make every item new.
    Each is skipped, named, and the press's own last issue stands in."""
    folder, _ = issues
    project = tmp_path / "project"
    shutil.copytree(folder / "data", project / "data")
    shutil.copytree(folder / "reports" / ".issues", project / "reports" / ".issues")
    kept = project / "reports" / ".issues" / "clearance"
    press, delegation = kept / "press" / "briefing.en", kept / "delegation" / "briefing.en"
    assert RESTRICTED in (delegation / "2026-11-29.json").read_text(encoding="utf-8")
    for name, make, said in (
            ("2026-12-10.json", lambda path: path.symlink_to("../../delegation/briefing.en/2026-11-29.json"),
             "is a link to"),
            ("2026-12-11.json", lambda path: shutil.copy(delegation / "2026-11-29.json", path),
             "not a stored view of this document (it was made for delegation/briefing/en)"),
            ("2026-12-12.json", lambda path: path.write_text("{}", encoding="utf-8"),
             "not a stored view of this document (expected an object with a chronology)")):
        make(press / name)
        result = cli_in(project, "changes")
        assert result.returncode == 0, result.stderr
        assert name in result.stderr and said in result.stderr, result.stderr
        assert RESTRICTED not in result.stdout, result.stdout
        assert "clearance/press\n  briefing.en 2026-12-09 against 2026-12-04: no change in content" in result.stdout
        (press / name).unlink()


def test_the_box_lists_six_and_counts_the_rest():
    """Against an issue that had nothing, all nine events of the shipped record are new:
    six are listed, the line after them counts three; every one is marked (ids)."""
    import datetime as dt
    from briefgen.paths import Project
    from briefgen.record.validate import check_record
    from briefgen.view.changes import BOX_ENTRIES, with_changes
    from briefgen.view.select import Options, document_view
    inputs = check_record(Project.at(ROOT))
    for lang, more in (("en", "… and 3 more, marked in the chronology"),
                       ("ar", "… وغيرها مما أشير إليه في التسلسل الزمني، وعددها 3")):
        options = Options(audience=inputs.audiences["minister"], doc="card", lang=lang, issued=dt.date(2026, 12, 4),
                          paper="a5", digits="western", fonts=ROOT / "fonts", kind=inputs.kinds["card"])
        view = document_view(inputs.record, inputs.record.relationships["qatar-nato"], options, inputs.strings)
        box = with_changes(view, {"chronology": []}, dt.date(2026, 11, 29))["changes"]
        assert len(box["entries"]) == BOX_ENTRIES == 6 and len(box["ids"]) == len(view["chronology"]) == 9
        assert str(box["more"]) == more and {e["how"] for e in box["entries"]} == {"added"}
        assert with_changes(view, view, dt.date(2026, 11, 29)) is view       # nothing new: no box


def test_a_profile_turns_the_box_off_and_the_kinds_say_where_it_is_on(tmp_path):
    import datetime as dt
    from briefgen.record.audiences import load_audiences
    from briefgen.record.kinds import shipped_kinds
    from briefgen.view.select import Options
    profile = tmp_path / "audiences" / "press" / "audience.yaml"
    profile.parent.mkdir(parents=True)
    profile.write_text((ROOT / "templates" / "audiences" / "press" / "audience.yaml").read_text(encoding="utf-8")
                       + "changes: no\n", encoding="utf-8")
    own, shipped = load_audiences((tmp_path, ROOT / "templates")), load_audiences(ROOT / "templates")
    kinds = shipped_kinds()
    assert {name: kind.changes for name, kind in kinds.items()} == {"briefing": True, "factsheet": False,
                                                                    "card": False}
    shows = lambda audience, doc: Options(audience, doc, "en", dt.date(2026, 12, 4), "a4", "western",
                                          fonts=ROOT / "fonts", kind=kinds[doc]).shows_changes
    assert shows(shipped["press"], "briefing") and not shows(shipped["press"], "factsheet")
    assert not shows(own["press"], "briefing") and shows(own["delegation"], "briefing")


def test_a_day_that_does_not_exist_is_named_as_such(tmp_path):
    """--since, --issued, --accessed: a well-written day that does not exist says so."""
    for args in (("changes", "--since", "2026-02-30"), ("build", "--issued", "2026-02-30"),
                 ("draft", "page.txt", "--accessed", "2026-02-30")):
        result = cli_in(tmp_path, *args)
        assert result.returncode == 2 and "day 30 does not exist in 2026-02, which has 28 days" in result.stderr
    result = cli_in(tmp_path, "changes", "--since", "2026-11")
    assert result.returncode == 2 and "expected a day as YYYY-MM-DD, got '2026-11'" in result.stderr
    assert not (tmp_path / "reports").exists()
