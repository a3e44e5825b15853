"""The table of languages (briefgen/record/languages.py) and French as a third
language: its row, its texts (optional, falling back to English with a
warning), its strings, and a fact sheet built in it, read back from the PDF."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pytest

from briefgen.record.languages import LANGUAGE, LANGUAGES, REQUIRED_LANGUAGES
from briefgen.record.model import PartialDate, Text
from briefgen.view.inline import isolate
from briefgen.view.localize import Localizer
from conftest import ISSUED, ROOT, invoke, pdfium_chars, poppler_text, write

NNBSP = "\u202f"


# -- the table, in-process ------------------------------------------------------

def test_each_language_has_a_direction_quotes_and_twelve_months():
    assert [LANGUAGE[code].direction for code in ("ar", "en", "fr")] == ["rtl", "ltr", "ltr"]
    assert LANGUAGE["fr"].quotes == ("«" + NNBSP, NNBSP + "»")
    assert LANGUAGE["fr"].months[1] == "février" and LANGUAGE["en"].months[1] == "February"
    for language in LANGUAGE.values():
        assert len(language.months) == len(language.hijri_months) == 12


def test_the_tables_hijri_months_are_those_arabic_and_english_documents_printed():
    """The table holds the names hijridate gave before it: the shipped documents keep their bytes."""
    from hijridate import Hijri
    for code in ("ar", "en"):
        assert LANGUAGE[code].hijri_months == tuple(Hijri(1445, m, 1).month_name(code) for m in range(1, 13))


def test_arabic_indic_digits_are_arabics_alone():
    assert LANGUAGE["ar"].digits("arabic-indic") == "arabic-indic"
    assert LANGUAGE["en"].digits("arabic-indic") == LANGUAGE["fr"].digits("arabic-indic") == "western"
    assert Localizer("fr", "arabic-indic").date(PartialDate(2005, 2, 16)) == "16 février 2005"
    assert Localizer("ar", "arabic-indic").date(PartialDate(2005, 2, 16)) == "١٦ فبراير ٢٠٠٥م"


def test_french_dates_months_and_the_first_of_the_month():
    fr = Localizer("fr")
    assert fr.date(PartialDate(2005, 2, 16)) == "16 février 2005"
    assert fr.date(PartialDate(2006, 11, 1)) == "1er novembre 2006"
    assert fr.date(PartialDate(2014, 8)) == "août 2014"
    assert fr.hijri(dt.date(2026, 11, 29)).endswith("1448 H")
    assert Localizer("en").date(PartialDate(2006, 11, 1)) == "1 November 2006"


def test_french_quotes_bring_their_narrow_spaces_and_date_units_stay_together():
    html = str(isolate('Le programme "Partenariat" du 16 février 2005', "fr"))
    assert f"«{NNBSP}Partenariat{NNBSP}»" in html
    assert '<span class="keep">16 février 2005</span>' in html
    # guillemets typed with spaces are not doubled; Arabic's have none
    assert f"«{NNBSP}Partenariat{NNBSP}»" in str(isolate("« Partenariat »", "fr"))
    assert str(isolate('"شراكة"', "ar")) == "«شراكة»"


def test_a_text_falls_back_to_english_where_its_language_is_missing():
    text = Text(ar="نص", en="text", fr="texte")
    assert (text.get("fr"), text.has("fr")) == ("texte", True)
    plain = Text(ar="نص", en="text")
    assert (plain.get("fr"), plain.has("fr")) == ("text", False)
    assert plain != text and hash(plain) == hash(Text(ar="نص", en="text"))


def test_the_cli_offers_every_language_of_the_table():
    assert set(REQUIRED_LANGUAGES) < set(LANGUAGES) and "fr" in LANGUAGES
    assert "[ar|en|fr]" in invoke("build", "--help")[2]


# -- reading texts and profiles ---------------------------------------------------

def test_a_text_may_add_french_but_not_a_language_outside_the_table(tmp_path):
    from briefgen.record.yamlnodes import NodeReader, read_yaml
    problems = []
    path = write(tmp_path, "x.yaml", "a: {ar: نص, en: text, fr: texte}\nb: {ar: نص, en: text, de: Text}\n"
                                     "c: {ar: نص, fr: texte}\n")
    root = read_yaml(path, "x.yaml", problems)
    reader = NodeReader("x.yaml", problems)
    fields = reader.mapping(root, "")
    a, b, c = (fields.get(key, reader.text) for key in "abc")
    assert a.get("fr") == "texte" and c is None
    messages = sorted(str(p) for p in problems)
    assert any("x.yaml:2:" in m and "b.de" in m and "unknown field" in m for m in messages), messages
    assert any("x.yaml:3:" in m and "c.en" in m and "required field is missing" in m for m in messages), messages


# -- a French fact sheet, built ---------------------------------------------------

def french_project(tmp_path: Path, strings: bool = True) -> Path:
    """The shipped record with French for its title only (the entities ship
    French names; the rest falls back to English), and the press office asking for
    French; with `strings=False` a strings.yaml of its own without French."""
    project = tmp_path / "project"
    shutil.copytree(ROOT / "data", project / "data")
    record = project / "data" / "relations" / "qatar-nato.yaml"
    text = record.read_text(encoding="utf-8")
    text = text.replace("  en: Qatar's Relations with NATO\n",
                        "  en: Qatar's Relations with NATO\n  fr: Les relations du Qatar avec l’OTAN\n")
    record.write_text(text, encoding="utf-8")
    profile = (ROOT / "templates" / "audiences" / "press" / "audience.yaml").read_text(encoding="utf-8")
    profile = profile.replace("languages: [ar, en]", "languages: [ar, en, fr]")
    profile = profile.replace("en: The press office}", "en: The press office, fr: Le service de presse}")
    write(project, "templates/audiences/press/audience.yaml", profile)
    if not strings:
        shipped = (ROOT / "templates" / "strings.yaml").read_text(encoding="utf-8")
        write(project, "templates/strings.yaml", shipped.split("\nfr:\n")[0] + "\n")
    return project


@pytest.fixture(scope="module")
def french(tmp_path_factory) -> tuple[Path, str]:
    """The press office's French fact sheet, built in-process: (project, stderr)."""
    project = french_project(tmp_path_factory.mktemp("fr"))
    status, stderr, _ = invoke("--project", str(project), "build", "--issued", ISSUED, "--audience", "press",
                               "--doc", "factsheet", "--lang", "fr", "--workers", "1")
    assert status == 0, stderr
    return project, stderr


def test_a_french_fact_sheet_prints_french_dates_and_headings(french):
    project, _ = french
    pdf = project / "reports" / "qatar-nato" / "press" / "factsheet.fr.pdf"
    text = " ".join(poppler_text(pdf).split())
    assert "16 février 2005" in text            # the accession, a key fact
    for words in ("Fiche d’information", "Faits essentiels", "Chronologie", "Les relations du Qatar avec l’OTAN",
                  "Préparé pour", "Le service de presse"):
        assert words in text, words
    # French sets a narrow no-break space before a colon (strings.yaml: colon)
    assert "Préparé pour : Le service de presse" in text and "Préparé pour:" not in text
    # a text with no French is printed in English
    assert "Relations between the State of Qatar and the North Atlantic Treaty Organization" in text


def test_a_french_fact_sheet_is_set_left_to_right(french):
    project, _ = french
    pdf = project / "reports" / "qatar-nato" / "press" / "factsheet.fr.pdf"
    assert pypdf.PdfReader(pdf).trailer["/Root"]["/Lang"] == "fr"
    document = pdfium.PdfDocument(str(pdf))
    try:
        width = document[0].get_width()
    finally:
        document.close()
    chars = pdfium_chars(pdf, 0)
    text = "".join(c for c, _ in chars)
    start = text.index("Les relations du Qatar")
    assert chars[start][1][0] < width / 4, "the title starts at the left margin"


def test_texts_without_french_are_named_as_the_build_prints_them(french):
    _, stderr = french
    warnings = [line for line in stderr.splitlines() if line.startswith("warning[missing-translation]")]
    assert any("data/relations/qatar-nato.yaml:" in w and "summary[0]: has no fr text; English is printed" in w
               for w in warnings), stderr
    assert not any(" title: " in w and "qatar-nato.yaml" in w for w in warnings), "the title has French"
    assert not any("entities." in w for w in warnings), "the shipped entities have French names"


def test_check_warns_at_the_line_of_each_text_without_french(tmp_path):
    project = french_project(tmp_path)
    status, stderr, _ = invoke("--project", str(project), "check")
    assert status == 0, stderr
    record = (project / "data" / "relations" / "qatar-nato.yaml").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(record, start=1) if text.startswith("summary:")) + 1
    assert (f"warning[missing-translation]: data/relations/qatar-nato.yaml:{line}:5: summary[0]: "
            f"has no fr text; English is printed") in stderr
    status, _, _ = invoke("--project", str(project), "check", "--strict")
    assert status == 2


def test_a_profile_asking_for_a_language_strings_yaml_lacks_is_refused(tmp_path):
    project = french_project(tmp_path, strings=False)
    status, stderr, _ = invoke("--project", str(project), "check")
    assert status == 2
    assert "templates/audiences/press/audience.yaml:3:12: languages: " in stderr
    assert "fr documents need their words: add a `fr:` section to templates/strings.yaml" in stderr


def test_the_preview_routes_a_document_in_any_language_of_the_table_and_a_projects_kind():
    from briefgen.live.server import ROUTES
    document = next(pattern for pattern, route in ROUTES if route == "document")
    assert document.match("/doc/qatar-nato/press/factsheet.fr/")
    assert document.match("/doc/qatar-nato/press/memo-2.en")
    assert not document.match("/doc/qatar-nato/press/factsheet.de/")


def test_a_text_printed_in_english_for_want_of_french_is_marked_english(french):
    """So it is hyphenated as English (not "Istan-bul", "deve-lopment" by French rules) and tagged so."""
    project, _ = french
    html = project / "reports" / "qatar-nato" / "press" / "factsheet.fr.html"
    from conftest import cli_in
    result = cli_in(project, "build", "--issued", ISSUED, "--audience", "press", "--doc", "factsheet",
                    "--lang", "fr", "--html", "--force")
    assert result.returncode == 0, result.stderr
    text = html.read_text(encoding="utf-8")
    assert '<span lang="en">Relations between the State of Qatar' in text
    assert '<span lang="en">Les relations' not in text and "Les relations du Qatar avec l’OTAN" in text


def test_the_preview_shows_a_french_documents_page(french):
    """The index names documents in Arabic and English; a French document's
    page is titled in English (it failed: the page asked for the French names)."""
    from briefgen.live.pages import Pages
    from briefgen.live.state import DocumentState, PreviewState
    from briefgen.rebuild.index import index_row
    from briefgen.rebuild.manifest import Manifest
    project, _ = french
    name = "qatar-nato/press/factsheet.fr.pdf"
    row = index_row(name, Manifest(project / "reports" / "manifest.json").entries[name])
    page = Pages((project / "templates", ROOT / "templates")).document(
        DocumentState("qatar-nato/press/factsheet.fr", row), PreviewState())
    assert "<title>Fact sheet: Qatar&#39;s Relations with NATO · press · fr</title>" in page
