"""What templates and shared inputs may reach: a document reads only templates/
(its own audience's folder, no other) and fonts/, never data/; template
strings, profiles and the timetable are read with the data files' guards."""
import re

import pikepdf
import pytest

from conftest import ISSUED, ROOT, cli_in, write

PRESS_AR = ("--audience", "press", "--lang", "ar", "--doc", "factsheet", "--issued", ISSUED)
PRESS = "templates/audiences/press"


def press_body(project, html):
    write(project, f"{PRESS}/factsheet.html",
          '{% extends "base/factsheet.html" %}{% block body %}' + html + '{{ super() }}{% endblock %}')


def attachments(pdf):
    with pikepdf.open(pdf) as document:
        return list(document.attachments)


LEAKS = {
    # Attachments are fetched when the PDF is written: each would embed the unredacted record.
    # (A link in templates/ to data/ is refused before any document: test_a_template_linked_...)
    "attachment": ('<link rel="attachment" href="../data/relations/qatar-nato.yaml">'
                   '<a rel="attachment" href="../data/entities.yaml">notes</a>',
                   None,
                   ["data/relations/qatar-nato.yaml", "data/entities.yaml"]),
    # Images, url() in a style, another audience's folder: fetched while laying out.
    "layout": ('<img src="audiences/minister/emblem.svg" alt="">'
               '<div style="background: url(../data/entities.yaml)">x</div>',
               None,
               ["templates/audiences/minister/emblem.svg", "data/entities.yaml"]),
    # A stylesheet's @import and @font-face (fonts are refused silently by WeasyPrint).
    "stylesheet": ("",
                   '@import url(../../../data/relations/qatar-nato.yaml);\n'
                   '@font-face { font-family: X; src: url(../../../data/entities.yaml); }\n',
                   ["data/relations/qatar-nato.yaml", "data/entities.yaml"]),
}


@pytest.mark.parametrize("case", LEAKS)
def test_a_document_cannot_fetch_data_or_another_audiences_files(project_copy, case):
    html, css, refused = LEAKS[case]
    press_body(project_copy, html)
    if css:
        write(project_copy, f"{PRESS}/audience.css", css)
    result = cli_in(project_copy, "build", *PRESS_AR)
    assert result.returncode == 1, result.stderr
    for name in refused:
        assert re.search(rf"refused 'file://[^']*/{re.escape(name)}'", result.stderr), (name, result.stderr)
    assert "Traceback" not in result.stderr
    pdf = project_copy / "reports" / "qatar-nato" / "press" / "factsheet.ar.pdf"
    assert not pdf.exists() or not attachments(pdf)


def test_a_template_linked_outside_the_template_folders_is_refused(project_copy):
    # Inside the project (a link out of it is refused before any template is read: test_confinement).
    (project_copy / PRESS / "pw.html").symlink_to("../../../data/relations/qatar-nato.yaml")
    write(project_copy, f"{PRESS}/factsheet.html",
          '{% extends "base/factsheet.html" %}\n{% block body %}\n  {% include "pw.html" %}{{ super() }}{% endblock %}\n')
    for command in (("check",), ("build", *PRESS_AR)):
        result = cli_in(project_copy, *command)
        assert result.returncode == 2, result.stderr
        # A link in templates/ must stay inside it (issue 22): refused before any template is read.
        assert (f"templates/audiences/press/pw.html: a link to {project_copy / 'data' / 'relations' / 'qatar-nato.yaml'}"
                f", outside templates/; a link in templates/ must stay inside it; refused") in result.stderr
        assert "id: qatar-nato" not in result.stderr + result.stdout and "Traceback" not in result.stderr
    assert not (project_copy / "reports" / "qatar-nato").exists()


@pytest.mark.parametrize("name", ["audiences/minister/secret.html", "./audiences/minister/secret.html",
                                  "base/audiences/minister/secret.html"])
def test_a_template_cannot_include_another_audiences_files_by_name(project_copy, name):
    """templates/audiences/minister/ is the minister's: the press office's
    templates see templates/ without it, however the name is spelt."""
    write(project_copy, "templates/audiences/minister/secret.html", "MINISTER-ONLY")
    press_body(project_copy, '{% include "' + name + '" %}')
    result = cli_in(project_copy, "build", *PRESS_AR)
    assert result.returncode == 2, result.stderr
    assert "secret.html" in result.stderr, result.stderr       # named, whichever guard refused it
    assert "MINISTER-ONLY" not in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert not list((project_copy / "reports").rglob("*.pdf"))


def edit(project, name, old, new):
    path = project / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def check_fails_with(project, expected):
    result = cli_in(project, "check")
    assert result.returncode == 2, result.stdout + result.stderr
    assert expected in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr


STRINGS = "templates/strings.yaml"


def english_line(text: str) -> int:
    """The line of `text` in strings.yaml's English half (it moves as strings are added)."""
    lines = (ROOT / STRINGS).read_text(encoding="utf-8").splitlines()
    return max(n for n, line in enumerate(lines, start=1) if line == text)


AFTER, OF = english_line('  after: "After {date}"'), english_line("  of: of")
BAD_STRINGS = {
    "unknown placeholder": ('  after: "After {date}"', '  after: "After {when}"',
                            f"templates/strings.yaml:{AFTER}:10: en.after: placeholder {{when}} is not allowed; "
                            "this string may use {date}, by name only"),
    "attribute access": ('  after: "After {date}"', '  after: "{date.__class__.__mro__}"',
                         f"templates/strings.yaml:{AFTER}:10: en.after: placeholder {{date.__class__.__mro__}} "
                         "is not allowed"),
    # Allowed name, but a conversion or a format is code run on the value (and a
    # width can pad a date to any size): the string takes the name, nothing more.
    "conversion": ('  after: "After {date}"', '  after: "After {date!r}"',
                   f"templates/strings.yaml:{AFTER}:10: en.after: placeholder {{date!r}} is not allowed; "
                   "this string may use {date}, by name only"),
    "format": ('  after: "After {date}"', '  after: "After {date:>9}"',
               f"templates/strings.yaml:{AFTER}:10: en.after: placeholder {{date:>9}} is not allowed; "
               "this string may use {date}, by name only"),
    "a list": ('  after: "After {date}"', '  after: [1, 2]',
               f"templates/strings.yaml:{AFTER}:10: en.after: expected text, got a list"),
    "unclosed brace": ('  after: "After {date}"', '  after: "After {date"',
                       f"templates/strings.yaml:{AFTER}:10: en.after: expected '}}' before end of string"),
    "alias": ("  of: of\n", "  of: &word of\n  page: *word\n",
              f"templates/strings.yaml:{OF}:7: YAML anchors and aliases (&name, *name) are not allowed"),
    "duplicate key": ("  of: of\n", "  of: of\n  of: off\n",
                      f"templates/strings.yaml:{OF + 1}:3: en.of: duplicate key: this field is written twice"),
    "missing key": ("  undated: Undated\n", "",
                    "en.undated: missing in this language (written in ar)"),
    "missing everywhere": ("  undated: غير مؤرخ\n", "",
                           "ar.undated: missing: the documents print this string"),
}


@pytest.mark.parametrize("case", BAD_STRINGS)
def test_template_strings_are_validated_like_data(project_copy, case):
    old, new, expected = BAD_STRINGS[case]
    edit(project_copy, STRINGS, old, new)
    check_fails_with(project_copy, expected)


def test_placeholders_are_filled_by_name_only():
    from briefgen.record.words import fill
    assert fill("After {date}", date="2016") == "After 2016"
    assert fill("{date.__class__.__mro__}", date="2016") == "{date.__class__.__mro__}"
    assert fill("{date[0]} {date!r} {date:>9} {{date}}", date="2016") == "{date[0]} {date} {date} {date}"
    assert fill("After {date", date="2016") == "After {date"


RELATION = "data/relations/qatar-nato.yaml"
BAD_DATA = {
    # Each passed `check` and then crashed the build (or printed reversed text).
    "year 0 updated": ("updated: 2026-11-29", "updated: 0000-01-01",
                       "qatar-nato.yaml:7:10: updated: year 0 does not exist; years run from 0001 to 9999"),
    "year 0 event": ("    date: 2005-02-16", "    date: 0000-01-01",
                     "qatar-nato.yaml:195:11: events[0].date: year 0 does not exist"),
    "classified title": ("  en: Qatar's Relations with NATO\n", "  en: Qatar's Relations with NATO\n  classification: restricted\n",
                         "qatar-nato.yaml:11:19: title.classification: a single text can be classified only"),
    "classified description": (
        "      en: Qatar joined the Initiative as an expression of both sides' keenness to develop and strengthen "
        "practical cooperation between them.\n",
        "      en: Qatar joined the Initiative as an expression of both sides' keenness to develop and strengthen "
        "practical cooperation between them.\n      classification: confidential\n",
        "qatar-nato.yaml:200:23: events[0].description.classification: a single text can be classified only"),
    "right-to-left override": ("en: Qatar joins the Istanbul Cooperation Initiative}",
                               'en: "\u202eevitaitinI noitarepooC lubnatsI snioj rataQ"}',
                               "qatar-nato.yaml:196:66: events[0].title.en: character U+202E (RIGHT-TO-LEFT OVERRIDE) "
                               "is not allowed"),
    "isolate": ("en: Qatar joins the Istanbul Cooperation Initiative}",
                "en: Qatar joins the \u2067Istanbul\u2069 Cooperation Initiative}",
                "qatar-nato.yaml:196:81: events[0].title.en: character U+2067 (RIGHT-TO-LEFT ISOLATE) is not allowed"),
    "unprintable character": ("en: Qatar joins the Istanbul Cooperation Initiative}",
                              "en: Qatar joins the Istanbul Cooperation Initiative ✓}",
                              "qatar-nato.yaml:196:113: events[0].title.en: character '✓' (U+2713) is not in the "
                              "bundled font"),
}


@pytest.mark.parametrize("case", BAD_DATA)
def test_check_refuses_what_a_build_cannot_print(project_copy, case):
    old, new, expected = BAD_DATA[case]
    edit(project_copy, RELATION, old, new)
    check_fails_with(project_copy, expected)
    result = cli_in(project_copy, "build", *PRESS_AR)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert "not built (invalid): qatar-nato" in result.stderr


def test_an_entity_name_cannot_be_classified(project_copy):
    edit(project_copy, "data/entities.yaml", "name: {ar: الدوحة, en: Doha, fr: Doha}",
         "name: {ar: الدوحة, en: Doha, fr: Doha, classification: secret}")
    check_fails_with(project_copy, "entities.yaml:28:60: entities.doha.name.classification: "
                                   "a single text can be classified only")


def test_a_data_file_linked_outside_its_folder_is_not_read(project_copy):
    (project_copy / "data" / "relations" / "passwd.yaml").symlink_to("/etc/passwd")
    stderr = check_fails_with(project_copy, "data/relations/passwd.yaml: a link to /etc/passwd, outside the project "
                                            f"folder {project_copy}; refused")
    assert "root:" not in stderr       # /etc/passwd is not read (the tmp path may say "root")


def extra_events(count, year=2017, description="description"):
    return "".join(f"""
  - id: extra-{n}
    kind: meeting
    date: {year}
    title: {{ar: اجتماع {n}, en: Meeting {n}}}
    description: {{ar: وصف, en: {description}}}
    sources: [mofa]
""" for n in range(count))


LIMITS = {
    "events": (extra_events(142), "qatar-nato.yaml:194:3: events: 151 events; the limit is 150 events in one list"),
    "characters in a field": (extra_events(1, description="x" * 1501),
                              "events[0].description.en: 1,501 characters; the limit is 1,500 for one text"),
    "years spanned": (extra_events(1, year=1850),
                      "events[0].date: the chronology runs from 1850 to 2016 (167 years); the limit is 150 years"),
    "characters in a record": (extra_events(45, description="x" * 1400),
                               "qatar-nato.yaml:1:1: 70,"),
}


@pytest.mark.parametrize("case", LIMITS)
def test_check_names_the_limit_a_record_exceeds(project_copy, case):
    events, expected = LIMITS[case]
    edit(project_copy, RELATION, "\nevents:\n", "\nevents:\n" + events)
    stderr = check_fails_with(project_copy, expected)
    assert "(README: Limits)" in stderr


def test_a_date_of_issue_the_hijri_calendar_cannot_print_is_a_usage_error(project_copy):
    result = cli_in(project_copy, "build", "--audience", "press", "--lang", "en", "--doc", "factsheet",
                    "--issued", "2100-01-01")
    assert result.returncode == 2, result.stderr
    assert "Invalid value for --issued: 2100-01-01 cannot be printed in the Hijri calendar; give a date from " \
           "1924-08-01 to 2077-11-16" in result.stderr
    assert "Traceback" not in result.stderr


def test_profiles_and_the_timetable_have_the_data_guards(project_copy):
    edit(project_copy, f"{PRESS}/audience.yaml", "en: The press office}", 'en: "The \\u202Epress office"}')
    check_fails_with(project_copy, "templates/audiences/press/audience.yaml:2:39: title.en: character U+202E "
                                   "(RIGHT-TO-LEFT OVERRIDE) is not allowed")
    edit(project_copy, "schedule.yaml", "runs:\n", "defaults: &defaults {audiences: [press]}\nruns:\n")
    result = cli_in(project_copy, "schedule", "--list")
    assert result.returncode == 2, result.stderr
    assert "schedule.yaml:4:11: YAML anchors and aliases (&name, *name) are not allowed" in result.stderr


def test_a_document_over_the_page_limit_fails_by_name(monkeypatch, tmp_path):
    """The last line behind check's limits: a briefing longer than MAX_PAGES is
    not written (the limit lowered to 2 here, so the shipped briefing exceeds it)."""
    import datetime as dt
    from briefgen.cli import run_build
    from briefgen.render import engine as render
    from briefgen.paths import Project
    from briefgen.rebuild.build import Selection
    from conftest import ROOT
    monkeypatch.setattr(render, "MAX_PAGES", 2)
    lines = []
    # (A build rendering in this process lets its Renderer go when it ends: rebuild/workers.py.)
    status = run_build(Project(root=ROOT, reports=tmp_path / "reports", data=ROOT / "data"),
                       Selection(audiences=("delegation",), docs=("briefing",), langs=("en",)),
                       dt.date(2026, 11, 29), workers=1, echo=lambda message, err=False: lines.append(message))
    assert status == 1, lines
    assert any(re.search(r"qatar-nato/delegation/briefing\.en: \d+ pages; the limit is 2 pages for one document",
                         line) for line in lines), lines
    assert not (tmp_path / "reports" / "qatar-nato" / "delegation" / "briefing.en.pdf").exists()
