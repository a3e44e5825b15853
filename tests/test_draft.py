"""`draft SOURCE` (issue 25): dates, kinds and language on sentences; the
events of the seed and of pages written for the test against hand-made keys;
one end-to-end draft of the ministry's page into a project outside the
checkout — check warns with file:line, a build says مسودة/DRAFT on every page,
below reports/.drafts/, never in the audience's folder; a changed page drafts only what is new; the
page fetched from 127.0.0.1 with its limits; hostile pages and paths."""
from __future__ import annotations

import http.server
import os
import re
import shutil
import subprocess
import threading
import time
import zipfile
from pathlib import Path

import pytest

from briefgen.draft.dates import DateReader
from briefgen.draft.events import EventReader, sentences
from briefgen.draft.language import language_of
from briefgen.draft.source import SourceError, read_page
from briefgen.draft.vocabulary import ARABIC, ENGLISH, VOCABULARIES
from briefgen.draft.write import entity_id, entity_yaml
from briefgen.record.load import load_entities
from conftest import ISSUED, ROOT, cli_in, shared
from draft_score import PAGES, score
from draft_variants import REGRESSIONS, meets, run, sample

SEED = ROOT / "tests" / "records" / "qatar-nato.source.ar.txt"


def dates_of(reader: DateReader, sentence: str) -> list:
    return [([d.iso() for d in m.dates], m.period and (m.period.start.iso(), m.period.end.iso()), m.hijri)
            for m in reader.mentions(sentence)]


@pytest.mark.parametrize("sentence, expected", [
    ("انضمت إليها دولة قطر في السادس عشر من شهر فبراير 2005م ، وذلك", [(["2005-02-16"], None, None)]),
    ("بتاريخ 2006/11/17م، كأول زيارة", [(["2006-11-17"], None, None)]),
    ("عقد في الدوحة في ديسمبر 2014م وشارك", [(["2014-12"], None, None)]),
    ("تم خلال العامين 2014 و2015م، تنظيم", [(["2014", "2015"], None, None)]),
    ("بتاريخ 2016/07/11م بإجازة الاتفاق خلال الفترة 2016-2018م .",
     [(["2016-07-11"], None, None), ([], ("2016", "2018"), None)]),
    ("في ٧ محرم ١٤٢٦هـ الموافق ١٦ فبراير ٢٠٠٥م", [(["2005-02-16"], None, "1426-01-07")]),
    ("في الحادي والعشرين من أكتوبر 2019م", [(["2019-10-21"], None, None)]),
    ("من 13 إلى 15 مارس 2015م", [(["2015-03-13"], None, None)]),
    ("من 28 نوفمبر إلى 9 ديسمبر 2011م", [(["2011-11-28"], None, None)]),        # across two months
    ("في شهر رمضان 1440هـ", [(["2019"], None, "1440-09")]),        # May-June 2019: the year it falls in
    ("في 1441/6/5هـ الموافق 2020/1/30م", [(["2020-01-30"], None, "1441-06-05")]),   # Hijri in digits
    ("في 5/6/1441هـ", [(["2020-01-30"], None, "1441-06-05")]),                      # alone, day first
    ("في 31 فبراير 2015م", [(["2015-02"], None, None)]),             # no such day: its month is read
    ("بتاريخ 2021/13/05م", [([], None, None)]),       # no such day in figures: no date, not the year alone
])
def test_arabic_dates(sentence, expected):
    assert dates_of(DateReader(ARABIC), sentence) == expected


@pytest.mark.parametrize("sentence, expected", [
    ("Qatar joined on 16 February 2005, and", [(["2005-02-16"], None, None)]),
    ("on the sixteenth of February 2005", [(["2005-02-16"], None, None)]),
    ("in December 2014 the", [(["2014-12"], None, None)]),
    ("in 2014 and 2015, two editions", [(["2014", "2015"], None, None)]),
    ("for the period from 2016 to 2018", [([], ("2016", "2018"), None)]),
    ("on 13-15 March 2015", [(["2015-03-13"], None, None)]),
    ("on March 13-15, 2015", [(["2015-03-13"], None, None)]),
    ("on 7 Muharram 1426 AH (16 February 2005)", [(["2005-02-16"], None, "1426-01-07")]),
    ("on 17/11/2006", [(["2006-11-17"], None, None)]),
    ("on 31/02/2016", [([], None, None)]),            # no such day in figures: no date, not 2016 alone
    ("from 28 November to 9 December 2011", [(["2011-11-28"], None, None)]),
])
def test_english_dates(sentence, expected):
    assert dates_of(DateReader(ENGLISH), sentence) == expected


def test_language_is_read_from_the_content_not_the_name(tmp_path):
    named_english = tmp_path / "page.en.txt"
    named_english.write_text("زار وزير الخارجية الدوحة في 2019م (NATO, NAC).", encoding="utf-8")
    assert language_of(read_page(str(named_english)).text) == "ar"
    assert language_of("Qatar joined the ICI (مبادرة إسطنبول للتعاون) in 2005 and has since") == "en"
    with pytest.raises(ValueError):
        language_of("2014 - 2015 ... 17/11/2006")


def readers_of(parties: tuple[str, ...]) -> dict:
    problems = []
    entities, _ = load_entities([ROOT / "data" / "entities.yaml"], problems)
    return {lang: EventReader(VOCABULARIES[lang], entities, parties) for lang in ("ar", "en")}


@pytest.fixture(scope="module")
def readers():
    return readers_of(("qatar", "nato"))


def drafted_from(reader: EventReader, sentence: str) -> list[tuple[str, str, str]]:
    """(date or "after", kind, place) of each event the reader drafts from the sentence."""
    found, _ = reader.events(sentence)
    return [(e.date.iso() if e.date else "after", e.kind, e.place or e.new_place) for e in found]


@pytest.mark.parametrize("lang, sentence, kind", [
    ("ar", "وقعت الدولتان اتفاقية للتعاون في مجال التدريب في الدوحة بتاريخ 2015/12/18م.", "agreement"),
    ("ar", "وفي الرابع من مارس 2018م وقعت دولة قطر والحلف على ترتيب إداري.", "agreement"),
    ("ar", "نظم الحلف برنامجا تدريبيا لموظفي وزارة الخارجية في بروكسل عام 2020م.", "training"),
    ("en", "The Minister visited Brussels on 17/04/2016 and met senior officials.", "visit"),
    ("en", "The Amir paid a state visit on 20 September 2018, holding talks with the Chancellor.", "visit"),
])
def test_the_kind_is_the_head_of_the_dates_clause(readers, lang, sentence, kind):
    events, _ = readers[lang].events(sentence)
    assert [e.kind for e in events] == [kind]


@pytest.mark.parametrize("sentence, place", [
    ("ووقع البلدان في الرباط اتفاقية للتعاون بتاريخ 12/03/2017م.", "الرباط"),       # the article
    ("ونظم المعهد الدبلوماسي بالرباط دورة تدريبية في عام 2019م.", "الرباط"),      # joined to ب
    ("ووقع الطرفان وبالدوحة اتفاقية في عام 2019م.", "doha"),                     # a known city, so joined
    ("انضمت دولة قطر إلى رابطة دول جنوب آسيا في عام 2023م.", None),             # a noun in construct
    ("شارك وفد في أعمال المؤتمر العام في عام 2021م.", None),                      # likewise, before ال
    ("وقعت اتفاقية للتعاون في المجال الاقتصادي في عام 2019م.", None),           # a noun and its adjective
    ("وقعت اتفاقية بالتعاون مع الحلف في السادس عشر من فبراير 2005م.", None),   # a stop word, an ordinal
    ("عقد الاجتماع في أنقرة في ديسمبر 2023م.", "أنقرة"),                         # taa marbuta, then في
    ("ووقع البلدان في ساو باولو مذكرة تفاهم بتاريخ 2010/01/19م.", "ساو باولو"),   # a name of several words
    ("عقد المؤتمر في مدينة ريو دي جانيرو في يونيو 2012م.", "ريو دي جانيرو"),
    ("وعقد اجتماع في قصر بلانالتو في نوفمبر 2023م.", None),                   # a building, not the city
    ("قام الوزير بزيارة رسمية للرباط في 3 مارس 2019م.", "الرباط"),             # ل is "to" after a visit
    ("ووقعت اتفاقية للتعاون الثقافي في 3 مارس 2019م.", None),                  # ل is "for the"
    ("قام الوزير بزيارة إلى العاصمة الكينية نيروبي في 4 أبريل 2019م.", "نيروبي"),   # past the adjective
    ("عقدت الجولة الثالثة من المشاورات بالعاصمة أوسلو في 12/05/2020م.", "أوسلو"),
    ("واستضافت العاصمة الأردنية عمّان الاجتماع الأول في 25 مايو 2019م.", "عمّان"),    # a shadda in it
    ("أجرى الجانبان جولة مباحثات في القاهرة في الثامن من شهر مارس 2016م.", "القاهرة"),  # taa marbuta, then في
    ("وقعت اتفاقية في المنطقة الحرة في عام 2016م.", None),                     # a noun and its adjective
    ("وقع الجانبان في إسلام آباد بتاريخ 2016/02/10م اتفاقية.", "إسلام آباد"),   # a word that ends names
    ("نفذت القوات تمرينا بحريا قبالة سواحل كراتشي في عام 2019م.", "كراتشي"),
    ("عقدت اللجنة اجتماعها الثالث في ألماتي خلال الفترة من 5 إلى 7 سبتمبر 2018م.", "ألماتي"),  # أل is no article
    ("وشاركت دولة قطر في قمة العلا في الخامس من يناير 2021م.", "العلا"),         # a summit named for its city
    ("شارك وفد قطري في مؤتمر الأطراف لاتفاقية المناخ في نوفمبر 2022م.", None),  # a conference, for its subject
    ("استضافت الجامعة طلابا قطريين في برنامج تدريبي مكثف في عام 2015م.", None),   # a noun and its adjective
    ("شاركت القوات في تمرين جوي يقام في قاعدة أندرافيدا الجوية في عام 2022م.", "أندرافيدا"),  # a base's town
    ("عقدت الجولة الأولى من المشاورات في العاصمة الصينية في 11 أبريل 2017م.", None),   # China's, unnamed
    ("وقام الوفد بزيارة إلى مدينة سانتا كروز على الساحل في 9 مايو 2018م.", "سانتا كروز"),   # after "the city", two words
    ("وقام الوزير بزيارة إلى مدينة لا باز في 3 يونيو 2019م.", "لا باز"),
    ("عقد الاجتماع في مدينة بويرتو بلاتا من 2 إلى 4 مارس 2020م.", "بويرتو بلاتا"),   # a second word in ا
    ("عقد الاجتماع في فيينا مجددا في 2 مارس 2020م.", "فيينا"),                 # without it, ا ends an adverb
    ("وقام الوزير بزيارة إلى مدينة دار البيضاء في 5 يونيو 2017م.", "دار البيضاء"),   # a short word, then ال
    ("عقد الاجتماع في مدينة أبو الخصيب خلال شهر مايو 2018م.", "أبو الخصيب"),
    ("عقد الاجتماع في مدينة دبي الطبية في 5 يونيو 2017م.", "دبي"),             # its adjective, no name
    ("ووقع البلدان في دار الضيافة اتفاقية في 5 يونيو 2017م.", None),            # no city: a noun in construct
    ("شارك وفد في منتدى أغادير للسلام في مارس 2019م.", "أغادير"),               # its purpose after لل
    ("شارك وفد في مؤتمر نيقوسيا بالتعاون مع الاتحاد في مارس 2019م.", "نيقوسيا"),
    ("شارك وفد في منتدى طنجة للتجارة في مارس 2019م.", "طنجة"),               # ة, yet no construct
    ("شارك وفد في مؤتمر الطاقة للدول المنتجة في مارس 2019م.", None),
    ("نظمت الوزارة دورة تدريبية في جزيرة بالي في عام 2016م.", "بالي"),          # "the island", a title
    ("وقام الوزير بزيارة إلى جزيرة جربة في 4 مايو 2016م.", "جربة"),
    ("عقد الاجتماع في غرب آسيا في 4 مايو 2016م.", None),                    # a quarter of a land, a region
    ("وقام وزير التعاون في شمال أوروبا بزيارة إلى أوسلو في 4 مايو 2016م.", "أوسلو"),
])
def test_places_as_arabic_pages_write_them(readers, sentence, place):
    events, _ = readers["ar"].events(sentence)
    assert [e.place or e.new_place for e in events] == [place]


@pytest.mark.parametrize("sentence, place", [
    ("The new ambassador handed his credentials to President Anna Berg in Oslo on 2 May 2017.", "Oslo"),
    ("The ambassador presented his credentials to Queen Sofia at the palace on 2 May 2017.", None),
    ("The two sides signed an agreement in Prime Minister's office on 2 May 2017.", None),
])
def test_a_persons_title_is_no_place(readers, sentence, place):
    events, _ = readers["en"].events(sentence)
    assert [e.place or e.new_place for e in events] == [place]


def test_a_shadda_tells_two_names_of_the_same_letters_apart():
    from briefgen.draft.match import shadda_agrees
    assert not shadda_agrees("عمّان", "عُمان")        # Amman is not Oman
    assert shadda_agrees("بعمّان", "عمّان")           # a letter joined before it moves nothing
    assert shadda_agrees("عمان", "عُمان") and shadda_agrees("عمّان", "عمان")    # unvowelled: either


def test_an_adjective_is_not_the_kind_it_is_formed_from(readers):
    events, _ = readers["ar"].events("ونظم المركز الإحصائي والاجتماعي والتدريبي دورات تدريبية خلال العامين 2017 و2018م.")
    assert [e.kind for e in events] == ["training", "training"]       # الاجتماعي is "social"


def test_a_place_the_page_names_plainly_is_known_in_any_form(readers):
    page = "افتتحت دولة قطر سفارتها في مدريد عام 1981م.\nووقع البلدان بمدريد اتفاقية في عام 2015م.\n"
    events, _ = readers["ar"].events(page)
    assert [e.new_place for e in events] == ["مدريد", "مدريد"]
    held = "وشارك وفد في مؤتمر مدريد للسلام الذي عقد في مدينة برشلونة في عام 2016م.\n"
    events, _ = readers["ar"].events(page + held)
    assert events[-1].new_place == "برشلونة"      # "held in" names it, before the page's place


def test_a_new_places_id_is_its_english_name_or_a_readable_spelling():
    assert entity_id("مدريد", set(), "افتتحت سفارتها في مدريد (Madrid) عام 1981م") == "madrid"
    assert entity_id("الرباط", {"rabat"}) == "rabat-2"
    assert [entity_id(n, set()) for n in ("طوكيو", "مراكش", "Ottawa")] == ["tukyu", "maraksh", "ottawa"]
    assert "rename it" in entity_yaml("tukyu", "طوكيو", "ar", "page.txt")
    assert "rename it" not in entity_yaml("tokyo", "طوكيو", "ar", "page.txt")


def test_a_session_held_with_no_kind_word_is_a_meeting_hosted_by_the_clause_before(readers):
    page = ("استضافت الرباط أعمال الدورة العاشرة لمجلس الوزراء في 5 مايو 2011م، "
            "كما استضافت الدورة الثانية للمؤتمر العام يومي 7 و8 يونيو 2012م.")
    events, _ = readers["ar"].events(page)
    assert [(e.kind, e.new_place) for e in events] == [("meeting", "الرباط"), ("conference", "الرباط")]
    # Relations established are no event held (أقيمت), whatever the date.
    events, _ = readers["ar"].events("أقيمت العلاقات الدبلوماسية بين البلدين في عام 1974م.")
    assert events == []


def test_what_follows_words_of_sequence_is_the_next_events(readers):
    page = ("وقعت مذكرة تفاهم للتعاون في مجال التدريب في شهر نوفمبر 2017م، وتبع ذلك تنظيم دورة تدريبية "
            "لدبلوماسيين في الدوحة.\nوعلى إثر تلك الدورة، وقع البلدان اتفاقية للتعاون في أنقرة.\n")
    events, _ = readers["ar"].events(page)
    assert [(e.date.iso() if e.date else e.after, e.kind, e.place or e.new_place) for e in events] == [
        ("2017-11", "agreement", None), (0, "training", "doha"), (0, "agreement", "أنقرة")]


def test_a_weak_kind_word_gives_way_and_sequence_words_take_their_conjunction(readers):
    page = ("في 20 أكتوبر 2017م، استهل سمو الأمير جولته الآسيوية بزيارة رسمية إلى ماليزيا.\n"
            "وكان من ثمار تلك الزيارة توقيع مذكرة تفاهم.\n"
            "عقدت الجولة الأولى من المشاورات في 3 مايو 2018م، تلتها الجولة الثانية في شهر ربيع الأول 1441هـ.\n"
            "وقعت اتفاقية في 24 مايو 2016م، وبعد ذلك بعامين وقع البلدان مذكرة تفاهم.\n"
            "عقدت اللجنة اجتماعها الأول في 18 يوليو 2018م، تلاه اجتماع ثان في الدوحة.\n")
    events, _ = readers["ar"].events(page)
    assert [(e.date.iso() if e.date else "after", e.kind) for e in events] == [
        ("2017-10-20", "visit"), ("after", "agreement"), ("2018-05-03", "meeting"), ("2019", "meeting"),
        ("2016-05-24", "agreement"), ("after", "agreement"), ("2018-07-18", "meeting"), ("after", "meeting")]


def test_one_event_told_twice_in_a_sentence_is_one(readers):
    events, _ = readers["ar"].events("عقد الاجتماع الأول للجنة المشتركة في 5 مايو 2015م، وقد عقد الاجتماع "
                                      "يوم الثلاثاء 5 مايو 2015م برئاسة وزيري الخارجية.")
    assert [(e.kind, e.date.iso()) for e in events] == [("meeting", "2015-05-05")]


def test_a_date_without_a_kind_and_a_kind_without_a_date_yield_nothing(readers):
    events, silent = readers["ar"].events("تجمع البلدين علاقات متميزة منذ عام 1988م.\nوتعد الزيارات مهمة للجانبين.\n")
    assert events == [] and len(silent) == 2


# The events found against each page's hand-made key, as measured (README, docs/drafting.md):
# the seed and the pages since written for it at least these (found, of 9 — kazakhstan 10; extra at most).
MEASURED = {"qatar-nato": (9, 0), "qatar-japan": (9, 0), "qatar-eu": (9, 0), "qatar-germany": (9, 0),
            "qatar-canada": (9, 0), "qatar-turkey": (9, 0), "qatar-uk": (9, 0),
            "qatar-morocco": (9, 0), "qatar-australia": (9, 0), "qatar-indonesia": (9, 0), "qatar-kenya": (9, 0),
            "qatar-spain": (9, 0), "qatar-unesco": (9, 0), "qatar-oic": (9, 0), "qatar-brazil": (9, 0),
            "qatar-italy": (9, 0), "qatar-arab-league": (9, 0), "qatar-pakistan": (9, 0), "qatar-south-africa": (9, 0),
            "qatar-kazakhstan": (10, 0), "qatar-gcc": (9, 0),
            "qatar-malaysia": (9, 0), "qatar-greece": (9, 0),
            "qatar-nigeria": (9, 0), "qatar-unhcr": (8, 0)}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_events_against_the_answer_key(name):
    found, total, extra, drafted = score(name)
    least, most_extra = MEASURED[name]
    assert total == max(9, least) and found >= least and extra <= most_extra, (found, extra)
    assert not any(e.date and e.date.year in (2030, 2031, 2099) for e in drafted)     # scripts and styles unread


def test_the_seed_meets_the_issue_bar():
    found, _, extra, _ = score("qatar-nato")
    assert found >= 8 and extra <= 1


def test_variants_of_the_keyed_pages_meet_the_bar():
    """One variant of each of tests/draft_variants.py's forms (dates re-written, a city
    swapped for one no file names, sentences with years that are no events, joins,
    splits, several at once), on pages drawn with a fixed seed: 279 of 279 events
    and no extra; 275 and 3 extra with the reader before the variants were written."""
    rows = [row for rows in run(sample(25), 25).values() for row in rows]
    assert len(rows) == 31 and all(meets(*row) for row in rows), rows
    assert sum(row[0] for row in rows) >= 278 and sum(row[2] for row in rows) <= 1


def test_the_variants_the_rules_were_written_for():
    """Each of draft_variants.REGRESSIONS scored below 9 of 9, or with an extra, before
    the rule written for it (docs/drafting.md): 75 of 90 and 13 extra then."""
    rows = [row for rows in run(REGRESSIONS, 0).values() for row in rows]
    assert rows == [(9, 9, 0)] * len(REGRESSIONS)


# -- end to end: a project outside the checkout ------------------------------

def drafted_project(folder: Path) -> Path:
    """A project of its own (data/ only: templates and fonts are the shipped
    ones) with the seed page drafted into it, then built for the press office."""
    project = folder / "project"
    (project / "data" / "relations").mkdir(parents=True)
    result = cli_in(project, "draft", str(SEED), "--accessed", ISSUED)
    assert result.returncode == 0, result.stderr
    (folder / "draft.out").write_text(result.stdout, encoding="utf-8")
    result = cli_in(project, "build", "--issued", ISSUED, "--audience", "press", "--doc", "briefing",
                    "--lang", "ar", "--lang", "en", "--format", "pdf", "--format", "docx")
    assert result.returncode == 0, result.stderr
    (folder / "build.out").write_text(result.stdout + result.stderr, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def drafted(tmp_path_factory) -> Path:
    return shared(tmp_path_factory, "drafted", drafted_project)


def test_the_draft_passes_check_with_its_items_as_warnings(drafted):
    project = drafted / "project"
    record = project / "data" / "relations" / "qatar-nato.yaml"
    text = record.read_text(encoding="utf-8")
    assert len(re.findall(r"^ *draft: true$", text, re.MULTILINE)) == 10 and "source_span:" in text and "hijri" not in text
    result = cli_in(project, "check")
    assert result.returncode == 0, result.stderr
    lines = record.read_text(encoding="utf-8").splitlines()
    warned = re.findall(r"warning\[draft\]: data/relations/qatar-nato\.yaml:(\d+):\d+: (\S+)", result.stderr)
    assert len(warned) == 10
    assert all(lines[int(line) - 1].strip() == "draft: true" for line, _ in warned)
    report = (drafted / "draft.out").read_text(encoding="utf-8")
    assert "9 event(s)" in report and "11 sentence(s) yielded nothing" in report
    assert "[1132-1196] المشاركة في الفعاليات" in report
    assert re.search(r"^  after agreement-2016-07-11 +accreditation *$", report, re.M), report


def test_the_spans_point_into_the_page(drafted):
    import yaml
    record = yaml.safe_load((drafted / "project" / "data" / "relations" / "qatar-nato.yaml").read_text("utf-8"))
    page = SEED.read_text(encoding="utf-8")
    for event in record["events"]:
        span = event["source_span"]
        assert " ".join(page[span["start"]:span["end"]].split()) == span["sentence"]
    assert [e.get("date", "after") for e in record["events"]][:2] == [dt(2005, 2, 16), dt(2006, 11, 17)]


def dt(*parts):
    import datetime
    return datetime.date(*parts)


def test_every_page_of_a_document_showing_a_draft_says_so(drafted):
    folder = drafted / "project" / "reports" / ".drafts" / "qatar-nato" / "press"
    for name, word in (("briefing.ar.pdf", "مسودة"), ("briefing.en.pdf", "DRAFT")):
        pages = subprocess.run(["pdfinfo", str(folder / name)], capture_output=True, text=True).stdout
        count = int(re.search(r"Pages:\s+(\d+)", pages).group(1))
        assert count >= 3
        for page in range(1, count + 1):
            text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(folder / name), "-"],
                                  capture_output=True, text=True).stdout
            assert word in text, (name, page)


def test_a_word_file_showing_a_draft_says_so_in_its_header_and_footer(drafted):
    folder = drafted / "project" / "reports" / ".drafts" / "qatar-nato" / "press"
    for name, word in (("briefing.ar.docx", "مسودة"), ("briefing.en.docx", "DRAFT")):
        with zipfile.ZipFile(folder / name) as archive:
            for part in ("word/header1.xml", "word/footer1.xml"):
                text = "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", archive.read(part).decode("utf-8")))
                assert word in text, (name, part)


def test_the_draft_mark_stays_on_one_line_beside_a_long_title(drafted, tmp_path):
    """page.css: the centre box's "للنشر العام · مسودة" does not wrap when the
    title beside it is long (it did: two lines, the mark cut from the marking)."""
    import pypdfium2
    project = tmp_path / "project"
    shutil.copytree(drafted / "project" / "data", project / "data")
    record = project / "data" / "relations" / "qatar-nato.yaml"
    long_title = "العلاقات بين دولة قطر ومنظمة حلف شمال الأطلسي في إطار مبادرة إسطنبول للتعاون والشراكة الفردية"
    text = re.sub(r'^title: \{ar: "[^"]*"', f'title: {{ar: "{long_title}"', record.read_text(encoding="utf-8"),
                  count=1, flags=re.MULTILINE)
    record.write_text(text, encoding="utf-8")
    result = cli_in(project, "build", "--issued", ISSUED, "--audience", "press", "--doc", "briefing", "--lang", "ar")
    assert result.returncode == 0, result.stderr
    pdf = pypdfium2.PdfDocument(project / "reports" / ".drafts" / "qatar-nato" / "press" / "briefing.ar.pdf")
    page = pdf[1]
    textpage = page.get_textpage()
    tops = {}
    for word in ("للنشر", "مسودة"):
        search = textpage.search(word)
        found = search.get_next()
        while found:
            box = textpage.get_charbox(found[0])
            if box[1] > page.get_height() * 0.9:        # the running head, not the foot
                tops[word] = box[1]
            found = search.get_next()
    assert len(tops) == 2 and abs(tops["للنشر"] - tops["مسودة"]) < 3, tops


def test_a_draft_is_in_no_audience_folder(drafted):
    # A record drafted and never confirmed: its documents (PDF and Word) are below
    # reports/.drafts/, linked from the operator's index alone (tests/test_draft_outputs.py).
    reports = drafted / "project" / "reports"
    assert not (reports / "qatar-nato").exists()
    assert sorted(p.name for p in (reports / ".drafts" / "qatar-nato" / "press").iterdir()) == [
        "briefing.ar.docx", "briefing.ar.pdf", "briefing.en.docx", "briefing.en.pdf", "thumbnails"]
    operator = (reports / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r"<tr data-doc=.*?</tr>", operator, re.DOTALL)
    assert len(rows) == 2 and all("draft — not for publishing" in row for row in rows)
    assert all('href=".drafts/qatar-nato/press/briefing.' in row for row in rows)


def test_a_draft_is_kept_as_no_issue(drafted):
    # Not for publishing, so no issue: the confirmed document's "new since the last issue"
    # compares with the last one published, not with the draft.
    kept = drafted / "project" / "reports" / ".issues" / "qatar-nato" / "press"
    assert not list(kept.glob("briefing.*/*.json"))


def test_confirming_is_removing_the_marks(drafted, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(drafted / "project" / "data", project / "data")
    record = project / "data" / "relations" / "qatar-nato.yaml"
    record.write_text(re.sub(r"^ *draft: true\n", "", record.read_text(encoding="utf-8"), flags=re.MULTILINE),
                      encoding="utf-8")
    result = cli_in(project, "check")
    assert result.returncode == 0 and "warning[draft]" not in result.stderr


def test_a_changed_page_drafts_only_what_is_new(drafted, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(drafted / "project" / "data", project / "data")
    record = project / "data" / "relations" / "qatar-nato.yaml"
    before = record.read_bytes()
    result = cli_in(project, "draft", str(SEED), "--accessed", "2026-12-01")
    assert result.returncode == 0 and "nothing new to draft" in result.stdout
    changed = tmp_path / "page.txt"
    changed.write_text(SEED.read_text(encoding="utf-8") + "\nوعقدت الجولة الأولى من المشاورات السياسية "
                       "بين دولة قطر والحلف في بروكسل في 3 مارس 2025م.\n", encoding="utf-8")
    result = cli_in(project, "draft", str(changed), "--accessed", "2026-12-01")
    assert result.returncode == 0, result.stderr
    assert record.read_bytes() == before
    new = (project / "data" / "drafts" / "qatar-nato.2026-12-01.yaml").read_text(encoding="utf-8")
    assert new.count("- id:") == 1 and "date: 2025-03" in new and "place: brussels" in new
    assert "9 event(s) of the page are in it" in result.stdout



def test_a_new_event_that_follows_a_new_one_is_drafted_after_it(tmp_path):
    """Against an existing record, an undated event "followed by" a new dated one is
    named after that one's id: `after` counts in the page's events, not the new ones."""
    project = tmp_path / "project"
    (project / "data").mkdir(parents=True)
    first = tmp_path / "first.txt"
    first.write_text("Qatar and NATO\n\nQatar joined the Istanbul Cooperation Initiative on 16 February 2005.\n\n"
                     "The Amir visited NATO Headquarters on 17 November 2006.\n", encoding="utf-8")
    assert cli_in(project, "draft", str(first), "--accessed", "2026-11-29").returncode == 0
    later = tmp_path / "later.txt"
    later.write_text(first.read_text(encoding="utf-8") + "\nOn 3 May 2025 Qatar and NATO held a conference in "
                     "Doha, followed by a visit to Brussels.\n", encoding="utf-8")
    result = cli_in(project, "draft", str(later), "--accessed", "2026-12-01")
    assert result.returncode == 0, result.stderr
    new = (project / "data" / "drafts" / "qatar-nato.2026-12-01.yaml").read_text(encoding="utf-8")
    assert "- id: conference-2025-05-03\n" in new
    assert "- id: visit-after-conference-2025-05-03\n" in new and "after: conference-2025-05-03\n" in new
    assert re.search(r"^  after conference-2025-05-03 +visit +brussels$", result.stdout, re.M), result.stdout

def test_what_a_reader_of_the_page_never_sees_is_not_read(tmp_path):
    """Text hidden by the `hidden` attribute or a style, and a text box's
    contents, are not what the page says: none of it reaches the text drafted from."""
    page = tmp_path / "page.html"
    page.write_text("<html><body><main><p>The Emir of Qatar visited Tokyo on 13 February 2015.</p>"
                    '<div style="color: red; DISPLAY : none">Qatar and Japan met in Doha on 4 April 2004.</div>'
                    "<p hidden>Qatar and Japan met in Doha on 5 May 2005.</p>"
                    '<section style="visibility:hidden"><p>Qatar and Japan met in Doha on 6 June 2006.</p></section>'
                    "<textarea>Qatar and Japan met in Doha on 8 August 2008.</textarea>"
                    "<p>Japan opened its embassy in Doha in April 1981.</p></main></body></html>", encoding="utf-8")
    text = read_page(str(page)).text
    assert "13 February 2015" in text and "April 1981" in text
    assert not any(year in text for year in ("2004", "2005", "2006", "2008")), text


def test_a_page_with_more_events_than_a_record_holds_is_refused_for_that_not_as_a_bug(tmp_path):
    """160 dated meetings: over the 150 events one relationship file may hold.
    The page's doing, said so, with the limit and the draft's line; nothing written."""
    import datetime as dt
    project = tmp_path / "project"
    (project / "data").mkdir(parents=True)
    page = tmp_path / "many.txt"
    days = [dt.date(1900, 1, 1) + dt.timedelta(days=200 * n) for n in range(160)]
    page.write_text("Qatar and NATO relations.\n\n" + "".join(
        f"Qatar and NATO met in Doha on {day.day} {day:%B %Y}.\n\n" for day in days), encoding="utf-8")
    result = cli_in(project, "draft", str(page), "--accessed", "2026-11-29")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "the page gives more than one relationship file may hold (README: Limits); nothing written" \
        in result.stderr, result.stderr
    assert "data/relations/qatar-nato.yaml (as drafted):" in result.stderr and "the limit is 150" in result.stderr
    assert "bug" not in result.stderr and "draft-probe" not in result.stderr
    assert not list((project / "data").rglob("*.yaml"))

# -- fetching ------------------------------------------------------------------

class Pages(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/slow":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(40):
                self.wfile.write(b"<p>" + b"x" * 10 + b"</p>")
                self.wfile.flush()
                time.sleep(0.1)
            return
        if self.path == "/to-file":
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()
            return
        body = (b"<html><head><title>Qatar-NATO</title><script>alert('2030 visit')</script></head><body>"
                + ("<p>Qatar joined the Istanbul Cooperation Initiative on 16 February 2005.</p>"
                   "<p>The Amir visited NATO Headquarters on 17 November 2006.</p>"
                   * (1 if self.path == "/page" else 20000)).encode())
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_a_page_is_fetched_with_its_address_cited(server, tmp_path, monkeypatch):
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    project = tmp_path / "project"
    (project / "data" / "relations").mkdir(parents=True)
    result = cli_in(project, "draft", f"{server}/page", "--accessed", ISSUED)
    assert result.returncode == 0, result.stderr
    text = (project / "data" / "relations" / "qatar-nato.yaml").read_text(encoding="utf-8")
    assert f'url: "{server}/page"' in text and "2030" not in text and "alert" not in text
    assert "date: 2005-02-16" in text and "date: 2006-11-17" in text and "place: nato-hq" in text


def test_fetch_limits(server, monkeypatch):
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    with pytest.raises(SourceError, match="larger than"):
        read_page(f"{server}/big", limit=100_000)
    started = time.monotonic()
    with pytest.raises(SourceError, match="within"):
        read_page(f"{server}/slow", timeout=0.5)
    assert time.monotonic() - started < 2.5
    with pytest.raises(SourceError, match="file:///etc/passwd' is not allowed|only http and https"):
        read_page(f"{server}/to-file")
    with pytest.raises(SourceError, match="only http and https"):
        read_page("file:///etc/passwd")


# -- hostile pages and paths ---------------------------------------------------

def test_hostile_sources_are_named_not_crashed_on(tmp_path):
    project = tmp_path / "project"
    (project / "data" / "relations").mkdir(parents=True)
    binary = tmp_path / "page.pdf"
    binary.write_bytes(b"%PDF-1.7\x00\x01\x02")
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as out:
        out.truncate(2_000_001)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for source, message in ((binary, "binary"), (huge, "larger than"), (fifo, "not a regular file"),
                            (tmp_path, "not a regular file"), (tmp_path / "missing.txt", "cannot be read")):
        result = cli_in(project, "draft", str(source))
        assert result.returncode == 2 and message in result.stderr, result.stderr
    assert list((project / "data" / "relations").iterdir()) == []


def test_a_place_is_not_appended_to_an_inline_entities_mapping(tmp_path):
    """data/entities.yaml written `entities: {…}` passes check; text appended after
    it would not: draft says to add the place by hand and leaves the file as it was."""
    project = tmp_path / "project"
    (project / "data").mkdir(parents=True)
    entities = project / "data" / "entities.yaml"
    entities.write_text("entities: {eu: {kind: organisation, name: {ar: الاتحاد الأوروبي, en: European Union}}}\n",
                        encoding="utf-8")
    before = entities.read_bytes()
    page = tmp_path / "page.txt"
    page.write_text("Qatar and the European Union\n\nThe Cooperation Agreement between Qatar and the European "
                    "Union was signed in Luxembourg on 15 June 1988.\n", encoding="utf-8")
    result = cli_in(project, "draft", str(page))
    assert result.returncode == 2 and "add them by hand" in result.stderr and "luxembourg:" in result.stderr
    assert entities.read_bytes() == before


def test_a_record_path_that_escapes_data_is_refused(tmp_path):
    project = tmp_path / "project"
    (project / "data").mkdir(parents=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    (project / "data" / "relations").symlink_to(outside)
    for args in (("--relation", "../../escape"), ()):
        result = cli_in(project, "draft", str(SEED), *args)
        assert result.returncode == 2, result.stderr
    assert list(outside.iterdir()) == []


def test_markup_and_hidden_controls_in_a_page_do_not_reach_the_record(tmp_path):
    project = tmp_path / "project"
    (project / "data" / "relations").mkdir(parents=True)
    page = tmp_path / "page.txt"
    page.write_text("Qatar–NATO\n\nQatar joined the <<en|{{7*7}} Istanbul Cooperation Initiative on "
                    "16 February 2005 \u202e with NATO.\nNATO and Qatar held a conference in Doha in December 2014.\n",
                    encoding="utf-8")
    result = cli_in(project, "draft", str(page))
    assert result.returncode == 0, result.stderr
    text = (project / "data" / "relations" / "qatar-nato.yaml").read_text(encoding="utf-8")
    assert "<<" not in text and "\u202e" not in text
    assert cli_in(project, "check").returncode == 0


def test_sentences_keep_offsets():
    text = "  • First line here.\nSecond, on 17/11/2006. Third one!\n"
    assert [(s.text, text[s.start:s.end]) for s in sentences(text)] == [
        ("First line here.", "First line here."), ("Second, on 17/11/2006.", "Second, on 17/11/2006."),
        ("Third one!", "Third one!")]


def test_a_draft_build_does_not_say_it_keeps_no_issue(drafted):
    # A draft keeps no issue: "no earlier issue kept" would be told at every build of it.
    said = (drafted / "build.out").read_text(encoding="utf-8")
    assert "4 draft(s) below .drafts/, not for publishing" in said and "no earlier issue kept" not in said, said


def test_serve_shows_the_draft_beside_its_page(drafted, tmp_path):
    from briefgen.live.draftview import draft_view
    from briefgen.live.server import ROUTES
    from briefgen.paths import Project
    project = tmp_path / "project"
    shutil.copytree(drafted / "project" / "data", project / "data")
    html = draft_view(Project.at(project), "qatar-nato")
    # Nine events and the record's own title and summary; the two trainings share one sentence, marked once.
    assert html.count("<li>") == 10 and html.count("<mark id=") == 9 and 'dir="rtl"' in html
    source = project / "data" / "drafts" / "qatar-nato.source.txt"
    source.write_text("<script>alert(1)</script>" + source.read_text(encoding="utf-8")[25:], encoding="utf-8")
    record = project / "data" / "relations" / "qatar-nato.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace(
        "    kind: visit\n", "    kind: visit\n    classification: restricted\n"), encoding="utf-8")
    html = draft_view(Project.at(project), "qatar-nato")
    assert "<script>" not in html and "&lt;script&gt;" in html and html.count("<li>") == 9
    assert "10 item(s) to confirm" in html and "1 of them classified, not shown here" in html
    assert draft_view(Project.at(project), "qatar-eu") is None
    # `serve --data`: the record and its page both from that folder, none from the project's data/.
    elsewhere = tmp_path / "elsewhere"
    shutil.move(project / "data", elsewhere)
    assert draft_view(Project.at(project, data=elsewhere), "qatar-nato").count("<li>") == 9
    routes = [(pattern, name) for pattern, name in ROUTES if name == "draft"]
    assert routes and routes[0][0].match("/draft/qatar-nato")
    assert not any(routes[0][0].match(p) for p in ("/draft/../data", "/draft/%2e%2e", "/draft/a/b"))


def test_the_draft_view_lists_all_that_keeps_a_document_a_draft(drafted, tmp_path):
    """/draft/ID counts what the build still calls a draft (view/select.py, shows_draft):
    the record's own title and summary and a drafted entity it names, not only its
    events; and a source text with no letter to tell its language is no crash."""
    from briefgen.live.draftview import draft_view
    from briefgen.paths import Project
    project = tmp_path / "project"
    shutil.copytree(drafted / "project" / "data", project / "data")
    record = project / "data" / "relations" / "qatar-nato.yaml"
    text = re.sub(r"^    draft: true\n", "", record.read_text(encoding="utf-8"), flags=re.MULTILINE)
    record.write_text(text.replace("place: doha", "place: evere", 1), encoding="utf-8")
    (project / "data" / "entities.yaml").write_text(
        "entities:\n  evere:\n    kind: city\n    name: {ar: إيفير, en: Evere}\n    draft: true\n", encoding="utf-8")
    html = draft_view(Project.at(project), "qatar-nato")
    assert "<p>2 item(s) to confirm" in html and html.count("<li>") == 2, html
    assert "data/relations/qatar-nato.yaml" in html and "data/entities.yaml" in html and "إيفير" in html
    assert html.count("<mark id=") == 1      # the title's sentence
    (project / "data" / "drafts" / "qatar-nato.source.txt").write_text("2005 – 2016\n", encoding="utf-8")
    assert "2 item(s) to confirm" in draft_view(Project.at(project), "qatar-nato")
    # Named by a restricted event alone, the entity still keeps the delegation's documents drafts: counted, not shown.
    record.write_text(record.read_text(encoding="utf-8").replace(
        "    place: evere\n", "    place: evere\n    classification: restricted\n"), encoding="utf-8")
    html = draft_view(Project.at(project), "qatar-nato")
    assert "2 item(s) to confirm" in html and "(1 of them classified" in html and "إيفير" not in html, html


@pytest.mark.parametrize("lang, page, dates", [
    ("ar", "وقع البلدان اتفاقية في الدوحة في 17 نوفمبر 2006م، كما جرى التوقيع على مذكرة تفاهم في ديسمبر من العام نفسه.",
     ["2006-11-17", "2006-12"]),
    ("ar", "وقد شهد عام 2009م منعطفا مهما، ففي شهر يونيو من ذلك العام افتتحت دولة قطر سفارتها في هانوي.", ["2009-06"]),
    ("ar", "زار الأمير بكين في 3 نوفمبر 2014م.\nوفي اليوم نفسه وقع الجانبان على اتفاقية.", ["2014-11-03", "2014-11-03"]),
    ("ar", "وفي العام ذاته عقد اجتماع في الدوحة.", []),          # no date before it: no event
    ("ar", "وقع البلدان اتفاقية في 17 نوفمبر 2006م، وفي العام التالي عقد اجتماع في الدوحة.", ["2006-11-17", "2007"]),
    ("ar", "وقع البلدان اتفاقية في 17 نوفمبر 2006م، وفي مارس من العام التالي عقد اجتماع في الدوحة.",
     ["2006-11-17", "2007-03"]),
    ("ar", "وقع البلدان اتفاقية في 17 نوفمبر 2006م، وفي الشهر نفسه عقد اجتماع في الدوحة.", ["2006-11-17", "2006-11"]),
    ("en", "Qatar joined the forum on 4 March 2015. The following year the two sides signed an agreement, and in the "
           "same month a meeting was held in Doha.", ["2015-03-04", "2016", "2016"]),
    ("en", "Qatar joined the forum in March 2015. Later that year the two sides signed an agreement.",
     ["2015-03", "2015"]),
    ("en", "The minister visited Doha on 4 May 2016, and on the same day signed a memorandum. "
           "A meeting was held in November of the same year.", ["2016-05-04", "2016-05-04", "2016-11"]),
])
def test_a_date_told_by_the_one_before_takes_its_year_or_day(readers, lang, page, dates):
    events, _ = readers[lang].events(page)
    assert [e.date.iso() for e in events] == dates


def test_an_event_on_the_same_day_took_place_where_the_day_s_did(readers):
    events, _ = readers["ar"].events("قام الأمير بزيارة إلى بكين في 3 نوفمبر 2014م.\nوفي اليوم نفسه وقع الجانبان على اتفاقية.")
    assert [(e.kind, e.place or e.new_place) for e in events] == [("visit", "بكين"), ("agreement", "بكين")]


@pytest.mark.parametrize("lang, page, events", [
    # A signing an event resulted in took place during it: an agreement of its date and place.
    ("ar", "زار وزير الخارجية عمّان في 3 مايو 2016م، وأسفرت الزيارة عن توقيع مذكرة تفاهم للتعاون الثقافي.",
     [("2016-05-03", "visit", "عمّان"), ("2016-05-03", "agreement", "عمّان")]),
    ("ar", "عقدت اللجنة المشتركة دورتها الأولى في عام 2015م.\nوقد أسفرت أعمال الدورة عن التوقيع على برنامج تنفيذي.",
     [("2015", "meeting", None), ("2015", "agreement", None)]),
    ("en", "The Prime Minister visited Doha on 8 March 2019. The visit resulted in the signing of a memorandum "
           "of understanding on health.", [("2019-03-08", "visit", "doha"), ("2019-03-08", "agreement", "doha")]),
    # The signing of the event the noun names, not of the page's last one.
    ("en", "The Prime Minister visited Doha on 8 March 2019. The Secretary-General met him in Paris in May 2019. "
           "The visit resulted in the signing of a memorandum.",
     [("2019-03-08", "visit", "doha"), ("2019-05", "meeting", "Paris"), ("2019-03-08", "agreement", "doha")]),
    # One told as following an event, not as its outcome, is after it.
    ("ar", "عقد الجانبان جولة من المشاورات في الرباط في مايو 2019م، وتلا ذلك توقيع مذكرة تفاهم للتعاون الثقافي.",
     [("2019-05", "meeting", "الرباط"), (0, "agreement", None)]),
    ("en", "The Prime Minister visited Doha on 8 March 2019. This was followed by the signing of a memorandum.",
     [("2019-03-08", "visit", "doha"), (0, "agreement", None)]),
    # An accord reached is no signing told.
    ("ar", "استضافت الدوحة مؤتمر المصالحة في 10 يونيو 2011م، وأسفر المؤتمر عن اتفاق بين الأطراف.",
     [("2011-06-10", "conference", "doha")]),
])
def test_a_signing_an_event_resulted_in_is_of_its_date_and_place(readers, lang, page, events):
    drafted, _ = readers[lang].events(page)
    assert [(e.date.iso() if e.date else e.after, e.kind, e.place or e.new_place) for e in drafted] == events


@pytest.mark.parametrize("lang, page, events", [
    # A party's own country named as where it happened is the place when no city is named.
    ("ar", "قام الأمين العام للحلف بزيارة رسمية إلى دولة قطر في مارس 2019م، التقى خلالها سمو الأمير.",
     [("2019-03", "visit", "qatar")]),
    ("en", "The Secretary General paid an official visit to Qatar in March 2019.", [("2019-03", "visit", "qatar")]),
    # A city named in the event's part comes first.
    ("ar", "قام الأمين العام بزيارة رسمية إلى دولة قطر في مارس 2019م، وعقد مباحثات في الدوحة.",
     [("2019-03", "visit", "doha")]),
    # Named further off than the date's own clause, it is where something else happened.
    ("ar", "وقع الجانبان مذكرة تفاهم في مارس 2019م، وهي المذكرة التي عززت حضور الشركات الأوروبية في دولة قطر.",
     [("2019-03", "agreement", None)]),
])
def test_a_party_s_own_country_is_a_place_like_any_other(readers, lang, page, events):
    drafted, _ = readers[lang].events(page)
    assert [(e.date.iso(), e.kind, e.place or e.new_place) for e in drafted] == events


@pytest.mark.parametrize("lang, page, events", [
    # A guest of a place, one arrived in, visited it: talks held there are the visit's.
    ("ar", "في إطار جولته الآسيوية، حل فخامة الرئيس ضيفا على العاصمة الصينية بكين في 3 نوفمبر 2014م، "
           "حيث عقد جلسة مباحثات مع نظيره.\nوخلال الزيارة، تم التوقيع على مذكرة تفاهم.",
     [("2014-11-03", "visit", "بكين"), ("2014-11-03", "agreement", "بكين")]),
    ("en", "The Minister's tour took him to three capitals; he arrived in Ankara on 4 May 2016 and held "
           "talks with his counterpart.", [("2016-05-04", "visit", "Ankara")]),
    # A guest of honour is no visit.
    ("ar", "حلت دولة قطر ضيف شرف على معرض الكتاب في عام 2019م.", []),
])
def test_a_visit_told_by_other_verbs(readers, lang, page, events):
    drafted, _ = readers[lang].events(page)
    assert [(e.date.iso(), e.kind, e.place or e.new_place) for e in drafted] == events


@pytest.mark.parametrize("lang, sentence, events", [
    ("ar", "قام الرئيس بزيارة رسمية إلى بغداد في 15 يونيو 2023م، وهي الأولى منذ عقود، وقد وقّع الجانبان خلالها عدداً "
           "من مذكرات التفاهم.", [("visit", "2023-06-15"), ("agreement", "2023-06-15")]),
    ("en", "The President paid a state visit to Doha in January 2016; during the visit the two sides signed a "
           "memorandum of understanding.", [("visit", "2016-01"), ("agreement", "2016-01")]),
    # A relative clause describes the event: no signing of its own.
    ("ar", "وشاركت دولة قطر في قمة الرياض في 5 يناير 2021م، التي وقع خلالها القادة على البيان.", [("conference", "2021-01-05")]),
    ("en", "The President visited Doha on 14 March 2017, during which several agreements were signed.", [("visit", "2017-03-14")]),
    # "Another", of no kind: the kind of the event before it.
    ("ar", "وعقد الجانبان حوارا حول السياسات في الدوحة في مارس 2017م، وآخر في واشنطن في يونيو 2018م.",
     [("meeting", "2017-03"), ("meeting", "2018-06")]),
])
def test_two_events_in_one_sentence(readers, lang, sentence, events):
    found, _ = readers[lang].events(sentence)
    assert [(e.kind, e.date.iso()) for e in found] == events


@pytest.mark.parametrize("lang, sentence, kind", [
    # A word inside a known entity's name names no kind: "North Atlantic Treaty Organization".
    ("en", "The North Atlantic Treaty Organization and Qatar held talks in Brussels in May 2005.", "meeting"),
    # An office, embassy or mission opened is an accreditation.
    ("ar", "وافتتحت المنظمة مكتبا لها في الدوحة في يناير 2016م.", "accreditation"),
    ("ar", "وقد افتتح المكتب رسميا في الدوحة في نوفمبر 2015م.", "accreditation"),
    ("en", "The Entity opened a liaison office in Doha in January 2024.", "accreditation"),
    # A committee that organises a course is no meeting: it names one only when nothing else does.
    ("ar", "نظمت اللجنة الوطنية دورتين تدريبيتين في الدوحة في عام 2015م.", "training"),
    ("ar", "عقدت اللجنة المشتركة بين البلدين في الدوحة في مارس 2016م.", "meeting"),
    # Agreed on during it: a decision, no signing of its own.
    ("ar", "عقد الجانبان جولة من المشاورات في الرباط في مايو 2019م، وتم الاتفاق خلالها على عقد الجولة المقبلة.",
     "meeting"),
    ("ar", "وفي أبريل 2020م، اتفق الجانبان على تبادل الخبرات.", None),
])
def test_names_and_bodies_are_no_kind_words(readers, lang, sentence, kind):
    events, _ = readers[lang].events(sentence)
    assert [e.kind for e in events] == ([kind] if kind else [])


@pytest.mark.parametrize("lang, sentence, dates", [
    ("ar", "وقعت الوزارة اتفاقية لضمان أن تكون بطولة قطر 2022 بطولة آمنة.", []),               # a year in a name
    ("ar", "وجاءت الاتفاقية منسجمة مع الاستراتيجية الوطنية للصحة 2018-2022م.", []),
    ("ar", "شاركت دولة قطر في مؤتمر الاستثمار \"تونس 2020\" الذي عقد يومي 29 و30 نوفمبر 2016م.", ["2016-11-29"]),
    ("ar", "شارك الوزير في منتدى الدوحة 2019م.", ["2019"]),                 # an event named for its year
    ("ar", "وشارك الوزير في منتدى قطر الاقتصادي 2023.", ["2023"]),            # its kind three words before
    ("ar", "شاركت دولة قطر في منتدى التعاون الذي تأسس عام 2004م.", []),    # a founding
    ("ar", "وقع البلدان اتفاقية في 2015م.", ["2015"]),
    ("en", "The agreement supports Qatar National Vision 2030.", []),
    ("en", "Consultations have been held regularly under the 2016 memorandum.", []),
    ("en", "Diplomatic relations were established in 1974, with a steady exchange of visits.", []),
    ("en", "Qatar signed an agreement with the Fund in 2015.", ["2015"]),
    # An English event named with its year, its kind a capitalised word of the name.
    ("en", "The Minister spoke at the Manama Security Forum 2018 on maritime routes.", ["2018"]),
    ("en", "The Minister backed the Green Growth Plan 2030 in his remarks.", []),
    # The start of relations, a founding told as a noun, a statistic's year: facts, no events.
    ("ar", "وتعود العلاقات بين البلدين إلى عام 1975م، وتشمل الحوار السياسي والتعاون الاقتصادي.", []),
    ("ar", "وتواصل الوزارة، منذ تأسيس اللجنة الوطنية للتعليم عام 2009م، دعم المدارس.", []),
    ("ar", "ويبلغ عدد الطلاب الموفدين 400 طالب وفق أرقام عام 2021م.", []),
    # What "dates back to" a year is history, unless a clause tells what happened then.
    ("ar", "ويعود افتتاح مكتب الصندوق في نيروبي إلى عام 2011م، ويتابع المكتب المشاريع.", []),
    ("ar", "وتعود بدايات التعاون بين الجانبين إلى عام 2011م، حين زار وفد من الصندوق نيروبي.", ["2011"]),
    ("ar", "وتعود أولى الزيارات الرسمية إلى عام 2011م، وقد شملت لقاءات عدة.", ["2011"]),
    ("en", "Relations between the two countries date back to 1968.", []),
    ("en", "Trade reached 2 billion dollars, according to figures for 2020.", []),
])
def test_years_in_names_and_foundings_are_no_events(readers, lang, sentence, dates):
    events, _ = readers[lang].events(sentence)
    assert [e.date.iso() for e in events] == dates


@pytest.mark.parametrize("lang, sentence, place", [
    ("en", "The first round of consultations took place in Mexico City on 12 September 2017.", "Mexico City"),
    ("en", "The Ambassador presented his credentials at Malacañang Palace in Manila on 9 February 1993.", "Manila"),
    ("ar", "وعقدت الجولة الأولى في الجزائر العاصمة في مارس 2016م.", "الجزائر العاصمة"),
    ("ar", "وقع الجانبان في الجزائر العاصمة في أبريل 2015م مذكرة تفاهم.", "الجزائر العاصمة"),
    ("ar", "نظمت في مدينة هو تشي منه دورات تدريبية في عام 2014م.", "هو تشي منه"),
    ("ar", "احتضنت مدينة وهران من 5 إلى 7 ديسمبر 2016م مؤتمرا دوليا.", "وهران"),
    ("ar", "في عام 2017م استضافت وهران دورة تدريبية متخصصة.", "وهران"),
    # "The city" after a verb of visiting and its subject begins the name, of two words too.
    ("ar", "وزار وزير الدولة مدينة ريو دي جانيرو في جنوب البلاد في عام 2019م.", "ريو دي جانيرو"),
    ("ar", "وزارت الوزيرة مدينة سان خوسيه في عام 2019م.", "سان خوسيه"),
    # A name's second word with the article that only ends names (رام الله).
    ("ar", "عقدت الجولة الثانية من المشاورات في رام الله في يونيو 2019م.", "رام الله"),
    # "The capital" and its country's adjective: the one city known there (here Algeria has none).
    ("ar", "عقدت اللجنة المشتركة اجتماعها الثالث في العاصمة القطرية في سبتمبر 2021م.", "doha"),
    ("ar", "عقدت اللجنة المشتركة اجتماعها الثالث في العاصمة البلجيكية في سبتمبر 2021م.", "brussels"),
    ("ar", "عقدت اللجنة المشتركة اجتماعها الثالث في العاصمة الجزائرية في سبتمبر 2021م.", None),
    # A city after زار with the subject between.
    ("ar", "وزار فخامة رئيس جمهورية جنوب أفريقيا أريكيبا يوم الاثنين 16 أكتوبر 2017م.", "أريكيبا"),
    ("ar", "وزار وزير الخارجية الكوري في 16 أكتوبر 2017م.", None),
    # Before the city's adjective with the article, a bare second word in ي is the name's.
    ("ar", "وزار وفد من غرفة قطر مدينة مونتيغو باي الساحلية في مايو 2019م.", "مونتيغو باي"),
    # "The town" after describing words is the name's title, not the name.
    ("en", "A delegation visited the spa town of Spa in September 2022 to study its hot springs.", "Spa"),
    ("en", "A delegation visited the old harbour town of Ostend in September 2022.", "Ostend"),
    # A language after "in" is no place.
    ("en", "In 2019 the ministry trained 30 young diplomats in French and in protocol.", None),
])
def test_places_of_several_words_and_hosts(lang, sentence, place):
    problems = []     # the partners known, as an analyst adds them before drafting: Mexico City is no Mexico
    entities, _ = load_entities([ROOT / "data" / "entities.yaml", ROOT / "tests/data/sources/unseen2/entities.yaml"],
                                problems)
    reader = EventReader(VOCABULARIES[lang], entities, ("qatar", "mexico" if lang == "en" else "algeria"))
    events, _ = reader.events(sentence)
    assert [e.place or e.new_place for e in events] == [place]


@pytest.mark.parametrize("sentence, kind", [
    ("وشارك وفدها في الدورات المتعاقبة لجمعية الصحة العالمية، ومن أبرزها الدورة الثانية والسبعون التي عقدت من 20 إلى "
     "28 مايو 2019م.", "meeting"),                                      # دورة alone is a session
    ("شارك ضباط من القوات المسلحة في دورات تدريبية في عام 2017م.", "training"),      # تدريبية makes it a course
    ("اجتماع وزيري خارجية البلدين في مدينة دا نانغ على هامش اجتماعات منتدى التعاون، يوم 9 نوفمبر 2017م.", "meeting"),
])
def test_a_session_is_a_meeting_and_the_clause_s_head_names_the_kind(readers, sentence, kind):
    events, _ = readers["ar"].events(sentence)
    assert [e.kind for e in events] == [kind]


@pytest.mark.parametrize("lang, sentence, event", [
    # A clause that tells of the one before it ("وذلك في …", "held in … on …") takes its kind from it.
    ("ar", "قدم السفير أوراق اعتماده في الرباط، وذلك في العاشر من يناير 2019م، وأكد خلال اللقاء حرص "
           "القيادة.", ("accreditation", "الرباط")),
    ("en", "The Secretary took part in the Doha Forum, held in Doha from 10 to 11 December 2022, and held bilateral "
           "meetings on its sidelines.", ("conference", "doha")),
    ("ar", "قام الوزير بزيارة رسمية إلى مدينة شنغهاي بتاريخ 14 مايو 2014م.", ("visit", "شنغهاي")),
    # A word that says an event took place is no place ("في أعمال مجلس").
    ("ar", "كما انضمت إلى الوكالة الدولية لضمان الاستثمار في عام 1996م، وتشارك في أعمال مجلس المحافظين.",
     ("accession", None)),
])
def test_the_clause_before_and_words_that_are_no_places(readers, lang, sentence, event):
    events, _ = readers[lang].events(sentence)
    assert [(e.kind, e.place or e.new_place) for e in events] == [event]


@pytest.mark.parametrize("lang, sentence, event", [
    # Mid-sentence, a capital "The" is the name's own word; before a stop word it is none.
    ("en", "Qatar took part in a ministerial meeting held in The Hague on 3 June 2018.", ("meeting", "The Hague")),
    ("en", "The delegation held talks at The Ministry of Energy on 5 May 2019.", ("meeting", None)),
    # A state joins an organisation by an instrument, not at a place.
    ("ar", "انضمت دولة قطر إلى المنظمة في مارس 1999م، واستضافت بعد سنوات مؤتمرها الإقليمي في الدوحة.",
     ("accession", None)),
    # A relative clause tells of the clause before it: its event is that clause's.
    ("en", "Qatar took part in the donors' conference on the Sahel, which Senegal hosted in Dakar on 4 May 2018, "
           "and supported an agreement on border security.", ("conference", "Dakar")),
    ("ar", "شاركت دولة قطر في مؤتمر المانحين للساحل، الذي استضافته داكار في 4 مايو 2018م، وأيدت اتفاقا لأمن الحدود.",
     ("conference", "داكار")),
    # A stop word in its dual is one too (دورة: دورتين); "city" before the name is its title.
    ("ar", "شارك ضباط قطريون في دورتين تدريبيتين عقدتا في مقر الأكاديمية في ميونخ عام 2016م.", ("training", "ميونخ")),
    ("ar", "شارك وفد قطري في المنتدى الذي استضافته مدينة طنجة في مايو 2017م.", ("conference", "طنجة")),
    # After "the capital", a word in ة with the article agrees with it when a name follows.
    ("ar", "عقدت جولة المشاورات في العاصمة الجديدة نايبيداو في مايو 2017م.", ("meeting", "نايبيداو")),
    ("ar", "عقدت جولة المشاورات في العاصمة المنامة خلال شهر مايو 2017م.", ("meeting", "المنامة")),
])
def test_names_with_their_article_title_or_adjective_and_placeless_kinds(readers, lang, sentence, event):
    events, _ = readers[lang].events(sentence)
    assert [(e.kind, e.place or e.new_place) for e in events] == [event]


@pytest.mark.parametrize("lang, page, events", [
    # Words of sequence before a definite event's noun: what follows came after the event told.
    ("ar", "زار وزير الخارجية أنقرة في 3 مايو 2016م.\nوتلا الزيارة اجتماع موسع للجنة المشتركة.",
     [("2016-05-03", "visit", "أنقرة"), ("after", "meeting", None)]),
    ("en", "The joint committee met in Accra on 5 June 2017. After the meeting, a training course for customs "
           "officers was organised.", [("2017-06-05", "meeting", "Accra"), ("after", "training", None)]),
    # "During" and a definite noun: a signing then is an event of its own, of that event's date and place.
    ("ar", "استضافت الدوحة الاجتماع الثاني للجنة المشتركة في عام 2014م، ووقع الجانبان خلال الاجتماع نفسه اتفاقية "
           "للنقل الجوي.", [("2014", "meeting", "doha"), ("2014", "agreement", "doha")]),
    # ... told in a sentence of its own, on the event's N-th day.
    ("en", "The Prime Minister paid an official visit to Doha on 10–11 March 2019. On the second day of the visit, "
           "the two sides signed a memorandum on tourism.",
     [("2019-03-10", "visit", "doha"), ("2019-03-11", "agreement", "doha")]),
    ("ar", "قام رئيس الوزراء بزيارة رسمية إلى الدوحة في 10 مارس 2019م.\nوفي اليوم الثاني من الزيارة وقع الجانبان "
           "مذكرة تفاهم في مجال السياحة.", [("2019-03-10", "visit", "doha"), ("2019-03-11", "agreement", "doha")]),
    ("ar", "قام رئيس الوزراء بزيارة رسمية إلى أنقرة في مارس 2019م.\nوخلال هذه الزيارة وقع الجانبان اتفاقية للتعاون "
           "الجمركي.", [("2019-03", "visit", "أنقرة"), ("2019-03", "agreement", "أنقرة")]),
    # A demonstrative's noun before the date is an earlier sentence's event, after it this one's.
    ("ar", "زار الرئيس الدوحة في مارس 2015م.\nوسبقت هذه الزيارة محادثات بين وزيري الخارجية عقدت في أنقرة في يناير 2015م.",
     [("2015-03", "visit", "doha"), ("2015-01", "meeting", "أنقرة")]),
    ("en", "The President visited Doha in March 2015. This visit was preceded by talks held in Ankara in January 2015.",
     [("2015-03", "visit", "doha"), ("2015-01", "meeting", "Ankara")]),
    ("en", "On 2 May 2013 the Emir arrived in Tunis as a guest of the President, and this visit opened a new chapter.",
     [("2013-05-02", "visit", "Tunis")]),
])
def test_an_event_told_already_by_a_definite_or_demonstrative_noun(readers, lang, page, events):
    assert drafted_from(readers[lang], page) == events


@pytest.mark.parametrize("page, place", [
    # A conference named by a word without the article is named for its place; an adjective or
    # ordinal with the article after the name describes the event.
    ("وشارك الوزير في مؤتمر مونتريال الثالث حول المناخ في مايو 2016م.", "مونتريال"),
    # The ب of a name in construct is its own letter, unless the name without it is known.
    ("وحضر الوفد مؤتمر بالتيمور للطاقة في مارس 2014م.", "بالتيمور"),
    ("افتتحت دولة قطر سفارتها في الرياض عام 1990م.\nوشاركت في مؤتمر بالرياض حول الأمن في مايو 2016م.", "الرياض"),
    # An adjective agreeing with the noun, or a name with the article: the event's kind or subject.
    ("شارك وفد في مؤتمر دولي حول المياه في مايو 2016م.", None),
    ("وشارك وفد قطري في مؤتمر المانحين في أكتوبر 2015م.", None),
])
def test_a_conference_named_for_its_place(readers, page, place):
    events, _ = readers["ar"].events(page)
    assert (events[-1].kind, events[-1].place or events[-1].new_place) == ("conference", place)


def test_a_weak_kind_word_in_the_dates_own_clause_outweighs_a_strong_one_beside(readers):
    events, _ = readers["ar"].events("استضافت الرباط أعمال الدورة الخامسة للجنة المشتركة في 4 مايو 2016م، وناقشت "
                                     "اللجنة مشروعات اتفاقيات في مجال الطاقة.")
    assert [(e.kind, e.place or e.new_place) for e in events] == [("meeting", "الرباط")]


@pytest.mark.parametrize("sentence, place", [
    # A long first word and a plain second one, closed by a word that follows names: one name.
    ("عقدت دورة تدريبية في بندر عباس في مارس 2017م.", "بندر عباس"),
    # An adverb, a conjunction's word or an adjective after the name is not its second word.
    ("عقد الاجتماع في نيروبي رسمياً يوم 5 مايو 2017م.", "نيروبي"),
    ("افتتحت دولة قطر سفارتها في كمبالا وكانت في 5 مايو 2017م.", "كمبالا"),
    ("عقدت الجولة الثانية في لندن مؤخرا في 5 مايو 2017م.", "لندن"),
    # Three words, a short one between two long ones, closed by a word that follows names.
    ("عقد الاجتماع في بورتو سان ماركو في 5 مايو 2017م.", "بورتو سان ماركو"),
    ("قام الوزير بزيارة إلى العاصمة كوتا ري بارو في 5 مايو 2017م.", "كوتا ري بارو"),
    ("عقد الاجتماع في نيروبي من جديد في 5 مايو 2017م.", "نيروبي"),
])
def test_a_name_of_two_long_words(readers, sentence, place):
    events, _ = readers["ar"].events(sentence)
    assert [e.place or e.new_place for e in events] == [place]


@pytest.mark.parametrize("lang, sentence, place", [
    # Credentials are presented to the receiving state's head, in its capital: the one city known there.
    ("en", "Kenya's first resident ambassador to Qatar presented his credentials to His Highness the Amir on "
           "4 April 2015.", "doha"),
    ("ar", "قدم سفير جمهورية كينيا لدى دولة قطر أوراق اعتماده إلى حضرة صاحب السمو أمير البلاد المفدى في 4 أبريل 2015م.",
     "doha"),
    # A mission accredited, no credentials presented: no place.
    ("ar", "تم اعتماد سفارتها لدى مملكة بلجيكا بعثة لدى الحلف في مايو 2015م.", None),
])
def test_credentials_are_presented_in_the_receiving_states_capital(readers, lang, sentence, place):
    events, _ = readers[lang].events(sentence)
    assert [(e.kind, e.place or e.new_place) for e in events] == [("accreditation", place)]


@pytest.mark.parametrize("sentence, place", [
    # After a verb of visiting, its subject and "the city" / "the region": the name after the title,
    # before a quarter of the land or a word that follows names.
    ("وفي مارس 2021م زار وفد من وزارة التنمية مدينة بورغو جنوب البلاد، وتفقد مستشفى.", "بورغو"),
    ("وفي 4 يونيو 2020م، زار وفد من الهلال الأحمر مدينة ماراوي في شمال البلاد لتسليم مساعدات.", "ماراوي"),
    ("وفي يناير 2019م زارت بعثة من الغرفة منطقة كاسولا واطلعت على مزارع الأرز.", "كاسولا"),
    # Not a noun after a bare "في" further on: the place visited comes first.
    ("وفي مارس 2021م زار وفد من وزارة التنمية مدينة بورغو، واطلع على سير العمل في مشروع لتطوير المدارس.", "بورغو"),
    # A short word joins a long first word to a third after "the city".
    ("وفي مايو 2018م زار وفد طبي مدينة ماتانزاس دي كوريا من أجل الاطلاع على مستشفياتها.", "ماتانزاس دي كوريا"),
])
def test_a_place_visited_after_its_title(readers, sentence, place):
    events, _ = readers["ar"].events(sentence)
    assert [e.place or e.new_place for e in events] == [place]


@pytest.mark.parametrize("sentence, event", [
    # A resort is named for its place; a project is no place.
    ("عقد الجانبان جولة من المشاورات في منتجع سوتشي في مايو 2019م.", ("meeting", "سوتشي")),
    ("نظمت دولة قطر دورة تدريبية للمعلمين في مشروع لتأهيل المدارس في عام 2019م.", ("training", None)),
    # What was agreed on is no signing: the rest of the clause after "it was agreed".
    ("عقدت اللجنة المشتركة دورتها الأولى في الدوحة، من 3 إلى 5 مايو 2019م، واتفق الجانبان فيها على آلية "
     "لمتابعة تنفيذ الاتفاقيات الموقعة.", ("meeting", "doha")),
])
def test_a_resort_a_project_and_what_was_agreed_on(readers, sentence, event):
    events, _ = readers["ar"].events(sentence)
    assert [(e.kind, e.place or e.new_place) for e in events] == [event]


def test_a_place_after_a_hosting_word_with_its_pronoun(readers):
    # "احتضنتها" as "استضافتها": the place follows.
    events, _ = readers["ar"].events("شارك الوزير في 5 مايو 2017م في الندوة الإقليمية التي احتضنتها سيهانوكفيل.")
    assert [(e.kind, e.place or e.new_place) for e in events] == [("conference", "سيهانوكفيل")]


@pytest.mark.parametrize("sentence, events", [
    # Joining a debate, a panel or a delegation is taking part, no accession.
    ("A delegation led by the Minister joined the debates of the Manama Security Forum 2018.", [("2018", "conference")]),
    ("In May 2019 the Minister joined a panel on climate finance at the forum.", [("2019-05", "conference")]),
    ("Qatar joined the Organisation in May 2019.", [("2019-05", "accession")]),
])
def test_joining_a_debate_is_no_accession(readers, sentence, events):
    found, _ = readers["en"].events(sentence)
    assert [(e.date.iso(), e.kind) for e in found] == events


@pytest.mark.parametrize("lang, sentence, kind", [
    # A meeting's word beside a conference's names the conference: its sessions, or its name.
    ("ar", "وشارك الوزير في اجتماعات قمة الساحل التي عقدت في 6 سبتمبر 2016م.", "conference"),
    ("en", "Qatar was represented at the Nordic–Gulf Meeting (NGM) Summit on 6 September 2016.", "conference"),
    # Not a meeting for a forum's body, nor one beside it with words between.
    ("ar", "وعقد في 6 سبتمبر 2016م اجتماع لمنتدى رجال الأعمال.", "meeting"),
    ("ar", "وعقد في 6 سبتمبر 2016م اجتماع وزيري الخارجية على هامش القمة.", "meeting"),
])
def test_a_meeting_beside_a_conference_is_the_conference(readers, lang, sentence, kind):
    events, _ = readers[lang].events(sentence)
    assert [e.kind for e in events] == [kind]


@pytest.mark.parametrize("sentence, place", [
    # A name in ية after a forum's noun: a masculine noun takes an adjective in ي, so ية is a name.
    ("شارك الوزير في منتدى قونية للتجارة في 5 مايو 2017م.", "قونية"),
    ("شارك الوزير في مؤتمر دولي في 5 مايو 2017م.", None),
    # A second word beginning with a hamza is no article ("ألغرا"), as "ألماتي" is not.
    ("عقد الاجتماع في مدينة بورتو ألغرا في 5 مايو 2017م.", "بورتو ألغرا"),
    ("عقد الاجتماع في مدينة بورتو المنار في 5 مايو 2017م.", "بورتو"),
])
def test_a_name_in_iya_after_a_forum_and_one_with_a_hamza(readers, sentence, place):
    events, _ = readers["ar"].events(sentence)
    assert [e.place or e.new_place for e in events] == [place]


@pytest.mark.parametrize("sentence, place", [
    # An accession has a place only where a clause telling of it names the ceremony's city.
    ("انضمت دولة قطر إلى الاتفاقية في 4 مارس 2019م، وذلك خلال حفل أقيم في نيامي.", "نيامي"),
    ("انضمت دولة قطر إلى الاتفاقية في 4 مارس 2019م، وافتتحت المنظمة مكتبا في نيامي.", None),
])
def test_an_accession_s_place_is_its_ceremony_s(readers, sentence, place):
    events, _ = readers["ar"].events(sentence)
    assert [(e.kind, e.place or e.new_place) for e in events][:1] == [("accession", place)]


@pytest.mark.parametrize("lang, sentence, place", [
    # A continent is no city: the city the event's part names is the place.
    ("ar", "زار الوزير العاصمة بيشكيك في مايو 2015م.\nوشارك الوزير في المنتدى الثالث للأمن في آسيا ببيشكيك في 15 يونيو "
           "2019م.", "بيشكيك"),
    ("en", "The Minister attended the Forum on Security in Africa in 15 June 2019.", None),
])
def test_a_continent_is_no_city(readers, lang, sentence, place):
    events, _ = readers[lang].events(sentence)
    assert [e.place or e.new_place for e in events][-1] == place


@pytest.mark.parametrize("lang, sentence", [
    # The body joined is the other party: the first party's accession, not the body's history.
    ("en", "Qatar joined NATO in May 2019 and has since taken part in its work."),
    ("ar", "في الأول من مايو 2019م، أصبحت دولة قطر عضواً في لجنة الشراكة لحلف الناتو، بعد الموافقة على طلب انضمامها."),
])
def test_joining_the_body_that_is_a_party_is_an_accession(readers, lang, sentence):
    events, _ = readers[lang].events(sentence)
    assert [(e.kind, e.date.iso()[:7]) for e in events] == [("accession", "2019-05")]


@pytest.fixture(scope="module")
def with_a_country():
    """Readers of a page on Qatar and a country (Belgium), whose own history the page may tell."""
    return readers_of(("qatar", "belgium"))


@pytest.mark.parametrize("lang, sentence, years", [
    # The other party's own accession to a body that is no party: its history, no event.
    ("ar", "ومملكة بلجيكا، التي انضمت إلى الاتحاد الجمركي عام 1958م، شريك تجاري مهم.", []),
    ("ar", "وقد انفتحت آفاق جديدة بعد انضمام بلجيكا إلى المنظمة عام 1995م.", []),
    ("en", "Belgium's accession to the Customs Union in 1995 opened new prospects.", []),
    # A noun with a pronoun belongs to the party named last before it, even after a preposition.
    ("ar", "وتتطلع دولة قطر إلى بلجيكا شريكاً، خاصة بعد انضمامها إلى الاتحاد الجمركي في مايو 1958م.", []),
    ("ar", "وتتعاون بلجيكا مع دولة قطر، منذ انضمامها إلى المبادرة في مايو 2012م.", ["2012-05"]),
    ("en", "Belgium, which was granted membership of the Customs Union in 1958, is a gateway.", []),
    # The first party's, told on its ministry's page, is the relation's: the joiner is the
    # subject right after the word, else the nearest party before it that no preposition governs.
    ("ar", "انضمت مملكة بلجيكا إلى المبادرة عام 2010م، كما انضمت إليها دولة قطر عام 2012م.", ["2012"]),
    ("ar", "انضمت دولة قطر إلى مملكة بلجيكا في الصندوق عام 2005م، كما انضمت إلى المصرف عام 2008م.",
     ["2005", "2008"]),
    ("en", "Qatar joined the Customs Union in 2012, with the support of Belgium.", ["2012"]),
])
def test_the_other_partys_own_accession_is_no_event(with_a_country, lang, sentence, years):
    events, _ = with_a_country[lang].events(sentence)
    assert [e.date.iso() for e in events if e.kind == "accession"] == years
@pytest.mark.parametrize("lang, sentence, places", [
    # A date alone in its clause: the clause after it tells the event, and the party it is in.
    ("en", "In 2019 and 2022, Qatari diplomats attended courses in Belgium on trade, organised by its ministry.",
     ["belgium", "belgium"]),
    ("ar", "خلال عامي 2019 و2020م، نظمت الوزارة دورتين تدريبيتين في مملكة بلجيكا لدبلوماسيين قطريين.",
     ["belgium", "belgium"]),
    # A clause of more than the date is the event's own: a party named further off is not its place.
    ("en", "In 2019 Qatari diplomats attended a training course, and trade with Belgium grew.", [None]),
])
def test_a_date_alone_in_its_clause_takes_the_next_clauses_country(with_a_country, lang, sentence, places):
    events, _ = with_a_country[lang].events(sentence)
    assert [e.place or e.new_place for e in events] == places


@pytest.mark.parametrize("lang, sentence, events", [
    # "What followed" in general is no event after the one told; "followed by" a signing is.
    ("ar", "وقع الجانبان اتفاقية إطارية في الدوحة بتاريخ 2015/12/18م، شكلت الأساس لما تلاها من اتفاقيات.",
     [("2015-12-18", "agreement", "doha")]),
    ("ar", "وقع الجانبان اتفاقية إطارية في الدوحة بتاريخ 2015/12/18م، وتلاها توقيع مذكرة تفاهم.",
     [("2015-12-18", "agreement", "doha"), ("after", "agreement", None)]),
    # "There" is the place of the event told last that named one.
    ("ar", "قدم السفير أوراق اعتماده في بروكسل في 7 نوفمبر 2016م، بعد أن افتتحت الدولة سفارتها هناك في العام نفسه.",
     [("2016-11-07", "accreditation", "brussels"), ("2016", "accreditation", "brussels")]),
    ("en", "The Ambassador presented his credentials in Brussels on 7 November 2016, after Qatar opened its "
           "embassy there in the same year.",
     [("2016-11-07", "accreditation", "brussels"), ("2016", "accreditation", "brussels")]),
])
def test_what_followed_in_general_and_there(readers, lang, sentence, events):
    assert drafted_from(readers[lang], sentence) == events


@pytest.mark.parametrize("lang, sentence, events", [
    # What is named "on the sidelines of" is the occasion: the event is a meeting, at its place.
    ("ar", "على هامش قمة المناخ في بروكسل في مارس 2024م، التقى سعادة الوزير بنظيره البلجيكي.",
     [("2024-03", "meeting", "brussels")]),
    ("en", "On the sidelines of the Third Energy Summit in Brussels on 2 March 2024, the Amir met the Prime Minister.",
     [("2024-03-02", "meeting", "brussels")]),
    ("ar", "شارك سعادة الوزير في قمة المناخ في بروكسل في مارس 2024م.", [("2024-03", "conference", "brussels")]),
])
def test_on_the_sidelines_of_a_conference_is_a_meeting(readers, lang, sentence, events):
    found, _ = readers[lang].events(sentence)
    assert [(e.date.iso(), e.kind, e.place or e.new_place) for e in found] == events

@pytest.mark.parametrize("sentence, events", [
    # "وهو اللقاء" (and it was the meeting): the event told already; the date is the next noun's.
    ("التقى الوزير نظيره في الدوحة في 5 مايو 2010م، وهو اللقاء الذي مهد للزيارة التي قام بها وفد قطري إلى "
     "بروكسل في أكتوبر 2013م.", [("2010-05-05", "meeting", "doha"), ("2013-10", "visit", "brussels")]),
    # "هي" alone is a copula: what it introduces is the event.
    ("لعل أبرز محطة هي الزيارة التي قام بها الأمير إلى بروكسل في أبريل 2019م.", [("2019-04", "visit", "brussels")]),
])
def test_and_it_was_the_event_told_already(readers, sentence, events):
    found, _ = readers["ar"].events(sentence)
    assert [(e.date.iso(), e.kind, e.place or e.new_place) for e in found] == events


@pytest.mark.parametrize("sentence, events", [
    # A tour made ("قام … بجولة") is a visit, at the city it visited (a name of several words after
    # "the city", its adjective after it) rather than the party's country; a round of talks is a meeting.
    ("قام سعادة الوزير بجولة في مملكة بلجيكا في مارس 2017م، زار خلالها مدينة بورتو دي غالينياس الساحلية.",
     [("2017-03", "visit", "بورتو دي غالينياس")]),
    ("عقدت الجولة الأولى من المشاورات في بروكسل في مارس 2017م.", [("2017-03", "meeting", "brussels")]),
])
def test_a_tour_is_a_visit_at_the_city_of_several_words_it_visited(with_a_country, sentence, events):
    found, _ = with_a_country["ar"].events(sentence)
    assert [(e.date.iso(), e.kind, e.place or e.new_place) for e in found] == events

@pytest.mark.parametrize("lang, sentence, place", [
    # An accession "during" a conference in its own clause: the conference's city.
    ("ar", "انضمت دولة قطر إلى المنظمة بصفة مراقب خلال قمة نيامي في أكتوبر 2012م.", "نيامي"),
    ("en", "Qatar joined the Organisation as an observer during the Summit held in Niamey in October 2012.", "Niamey"),
    ("ar", "انضمت دولة قطر إلى المنظمة بصفة مراقب خلال أكتوبر 2012م، وعقدت قمة في نيامي.", None),
])
def test_an_accession_during_a_conference_is_at_its_city(readers, lang, sentence, place):
    events, _ = readers[lang].events(sentence)
    assert [(e.kind, e.place or e.new_place) for e in events][:1] == [("accession", place)]


@pytest.mark.parametrize("lang, sentence, events", [
    # An embassy's opening, the last kind named before its year, is the year's event, whatever
    # heads the clause (a list of what the period saw).
    ("ar", "شهدت العلاقات تكثيف الزيارات وتوقيع الاتفاقيات وافتتاح سفارة دولة قطر في بروكسل عام 2016م.",
     [("2016", "accreditation", "brussels")]),
    ("en", "The relations saw more visits, new agreements and the opening of Qatar's embassy in Brussels in 2016.",
     [("2016", "accreditation", "brussels")]),
    ("ar", "وقعت الدولتان اتفاقية لتنظيم افتتاح سفارة دولة قطر وتبادل الزيارات في بروكسل عام 2016م.",
     [("2016", "agreement", "brussels")]),
])
def test_an_embassy_opened_with_its_year_is_the_years_event(readers, lang, sentence, events):
    found, _ = readers[lang].events(sentence)
    assert [(e.date.iso(), e.kind, e.place or e.new_place) for e in found] == events


@pytest.mark.parametrize("lang, sentence, events", [
    # An embassy opened or founded, told in any words, is an accreditation at its city
    # (docs/drafting.md, What a key holds) — also where "dates back to" or "founded" tells it.
    ("ar", "ويعود افتتاح سفارة مملكة بلجيكا في الدوحة إلى عام 2003م.", [("2003", "accreditation", "doha")]),
    ("ar", "وقد تأسست سفارة مملكة بلجيكا في الدوحة عام 2009م، وتعمل فيها بعثة نشطة.",
     [("2009", "accreditation", "doha")]),
    ("en", "Belgium established its embassy in Doha in 2009.", [("2009", "accreditation", "doha")]),
    ("ar", "وتعود العلاقات الدبلوماسية بين البلدين إلى عام 1972م.", []),
    ("ar", "وقد تأسس المجلس في الدوحة عام 2009م.", []),
    ("ar", "ويعود افتتاح مكتب الصندوق في بروكسل إلى عام 2011م.", []),
])
def test_an_embassy_opened_in_any_words_is_an_accreditation(readers, lang, sentence, events):
    found, _ = readers[lang].events(sentence)
    assert [(e.date.iso(), e.kind, e.place or e.new_place) for e in found] == events


@pytest.mark.parametrize("sentence, events", [
    # Heading to a place ("توجه … إلى") is a visit there; the noun توجه (an orientation) is none.
    ("وفي يوليو 2018م توجه وفد من رجال الأعمال إلى مدينة أنتويرب لبحث فرص الاستثمار.", [("2018-07", "visit", "أنتويرب")]),
    ("وفي 5 مايو 2018م توجهت إلى بروكسل بعثة فنية لبحث التعاون.", [("2018-05-05", "visit", "brussels")]),
    ("ويعكس ذلك توجه الدولة نحو الطاقة النظيفة منذ عام 2018م.", []),
])
def test_heading_to_a_place_is_a_visit(readers, sentence, events):
    found, _ = readers["ar"].events(sentence)
    assert [(e.date.iso(), e.kind, e.place or e.new_place) for e in found] == events


@pytest.mark.parametrize("parties, sentence, kinds", [
    # The other state's official received is its visit; an organisation's official received is a meeting.
    ("country", "وفي 5 مايو 2022م استقبل سعادة الوزير في الدوحة وزير خارجية مملكة بلجيكا، وبحث معه سبل التعاون.",
     ["visit"]),
    ("organisation", "وفي 5 مايو 2022م استقبل سعادة الوزير في الدوحة الأمين العام لحلف شمال الأطلسي، وبحث معه سبل التعاون.",
     ["meeting"]),
])
def test_the_other_states_official_received_is_a_visit(readers, with_a_country, parties, sentence, kinds):
    reader = with_a_country["ar"] if parties == "country" else readers["ar"]
    found, _ = reader.events(sentence)
    assert [e.kind for e in found] == kinds


@pytest.mark.parametrize("lang, sentence, kinds", [
    # The partner "in cooperation with" names no kind: the event is what was organised.
    ("ar", "نظمت وزارة الخارجية بالتعاون مع سفارة دولة قطر دورة تدريبية للدبلوماسيين في بروكسل عام 2019م.",
     ["training"]),
    ("en", "In cooperation with the Embassy of Qatar, the Ministry organised a training course in Brussels in 2019.",
     ["training"]),
    ("ar", "افتتحت دولة قطر سفارتها في بروكسل عام 2019م.", ["accreditation"]),
    # A sports tournament hosted is no event of the relation; a session hosted is a meeting.
    ("ar", "استضافت مملكة بلجيكا بطولة العالم لكرة اليد عام 2019م.", []),
    ("en", "Belgium hosted the Hockey World Cup in 2018, and Qatar sent a delegation.", []),
    ("en", "Brussels, its capital, hosted the European Games in 2019, and Qatar sent athletes.", []),
    ("ar", "استضافت الدوحة الدورة الثامنة للجنة المشتركة عام 2019م.", ["meeting"]),
    # A year of independence, and a state described ("has been accredited since"), are no events.
    ("ar", "ومملكة بلجيكا التي نالت استقلالها عام 1830م عضو مؤسس في المنتدى.", []),
    ("ar", "وتجمع البلدين عضوية المنتدى الذي كانت بلجيكا من أوائل المنضمين إليه، بعد عقد على نيلها "
           "الاستقلال في الرابع من أكتوبر 1830م.", []),
    ("en", "Belgium, which gained its independence in 1830, hosts the Forum's secretariat.", []),
    ("en", "Belgium's Embassy in The Hague has been accredited to Qatar since 2011.", []),
    ("en", "Belgium opened its embassy in Doha in 2011.", ["accreditation"]),
    # A date after "since" is the start of a state, no event.
    ("ar", "ولم يعقد المجلس أي قمة منذ عام 1994م، غير أن مؤسساته واصلت عملها.", []),
    ("en", "The Council has not held a summit since 1994, though its bodies kept working.", []),
    ("ar", "وعقد المجلس قمة في بروكسل عام 1994م.", ["conference"]),
    # A signing in a relative clause describes the visit, unless the two sides signed.
    ("en", "The Prime Minister paid an official visit to Brussels on 5 May 2015, during which the two sides "
           "signed an agreement on air services.", ["visit", "agreement"]),
    ("en", "The Prime Minister paid an official visit to Brussels on 5 May 2015, during which several agreements "
           "were signed.", ["visit"]),
    ("ar", "شارك الأمير في القمة التي عقدت في بروكسل في 5 مايو 2015م، والتي وقع خلالها القادة على بيان ختامي.",
     ["conference"]),
])
def test_background_partners_and_relative_signings(readers, lang, sentence, kinds):
    events, _ = readers[lang].events(sentence)
    assert [e.kind for e in events] == kinds


@pytest.mark.parametrize("lang, sentence, events", [
    # A figure's year is no event, nor what the next clause says of the figure.
    ("ar", "واستقبلت مملكة بلجيكا قرابة 4.5 مليون زائر في عام 2019م، كثير منهم من دول الخليج.", []),
    ("ar", "وارتفعت الصادرات إلى نحو 300 مليون يورو في عام 2020م، ويأمل البلدان زيادتها عبر تنفيذ الاتفاقيات.", []),
    ("en", "Belgium welcomed some 2 million visitors in 2019, and its ports handled 40 percent more cargo.", []),
    ("ar", "وقع البلدان اتفاقية بقيمة 500 مليون يورو في بروكسل عام 2019م.", [("2019", "agreement", "brussels")]),
    # A state's exit from a body is its own history.
    ("ar", "وأعلنت مملكة بلجيكا انسحابها من الصندوق في عام 2015م، وهو ما يجعل الحوار بين البلدين مهما.", []),
    ("en", "Belgium withdrew from the Fund in 2015, which makes the dialogue between the two countries important.", []),
    # Travelling to a city is visiting it, whoever is met there; fans who travelled to a match are no visit.
    ("en", "In May 2019, the Minister travelled to Brussels, where he met the Prime Minister.",
     [("2019-05", "visit", "brussels")]),
    ("en", "Belgium's team won the Hockey World Cup in Bhubaneswar on 16 December 2018, cheered by fans who had "
           "travelled to India.", []),
    # Signed "at the close of the visit", in a sentence of its own: during it, its date and place.
    ("ar", "زار رئيس الوزراء بروكسل في 5 مايو 2015م، والتقى خلالها الملك.\nووقع الجانبان في ختام الزيارة مذكرة تفاهم.",
     [("2015-05-05", "visit", "brussels"), ("2015-05-05", "agreement", "brussels")]),
    ("en", "The Prime Minister visited Brussels on 5 May 2015.\nAt the close of the visit, the two sides signed a "
           "memorandum.", [("2015-05-05", "visit", "brussels"), ("2015-05-05", "agreement", "brussels")]),
    # A state's term at a body's head, prepared for during a visit, is its own history.
    ("ar", "وزار وزير الدولة العاصمة بروكسل في 3 مايو 2019م، حيث التقى وزير الخارجية وبحث معه التحضيرات "
           "لتولي بلجيكا رئاسة مجلس المنظمة في النصف الثاني من عام 2020م.", [("2019-05-03", "visit", "brussels")]),
    # "Preceded and followed": visits before and after, none in particular after the one told.
    ("ar", "افتتحت دولة قطر سفارتها في بروكسل عام 2010م، وقد سبق ذلك وتلاه عدد من اللقاءات والزيارات.",
     [("2010", "accreditation", "brussels")]),
    ("ar", "افتتحت دولة قطر سفارتها في بروكسل عام 2010م، وتلا ذلك عدد من الزيارات.",
     [("2010", "accreditation", "brussels"), ("after", "visit", None)]),
    # Plural events that followed, before a colon, introduce the list that tells them.
    ("ar", "افتتحت دولة قطر سفارتها في بروكسل عام 2010م، وتوالت بعد ذلك الزيارات المتبادلة بين الوزراء، ومن أبرزها:",
     [("2010", "accreditation", "brussels")]),
    ("en", "Qatar opened its embassy in Brussels in 2010, followed by many visits between ministers, among them:",
     [("2010", "accreditation", "brussels")]),
    ("en", "Qatar opened its embassy in Brussels in 2010, followed by a visit of the Minister:",
     [("2010", "accreditation", "brussels"), ("after", "visit", None)]),
    # A signing that followed is where its own clause says, not where a route it opened runs.
    ("ar", "عقدت اللجنة المشتركة دورتها الأولى في بروكسل عام 2018م. وتلا ذلك توقيع اتفاقية للنقل الجوي، "
           "فتحت الباب أمام رحلات منتظمة بين الدوحة وبروكسل.",
     [("2018", "meeting", "brussels"), ("after", "agreement", None)]),
    ("en", "The Joint Committee met in Brussels in 2018. This was followed by the signing of an air transport "
           "agreement in Doha, which opened regular flights between Doha and Brussels.",
     [("2018", "meeting", "brussels"), ("after", "agreement", "doha")]),
    # A mission led, or of trade, is a delegation's visit; a mission opened is an accreditation.
    ("en", "The Crown Prince led a trade mission to Brussels in May 2019, with fifty companies.",
     [("2019-05", "visit", "brussels")]),
    ("en", "A business mission from Qatar Chamber travelled to Brussels in 2019.", [("2019", "visit", "brussels")]),
    ("ar", "ترأس وزير التجارة بعثة اقتصادية إلى بروكسل في مايو 2019م ضمت عددا من رجال الأعمال.",
     [("2019-05", "visit", "brussels")]),
    ("en", "Qatar opened its mission to NATO in Brussels in 2019.", [("2019", "accreditation", "brussels")]),
])
def test_figures_exits_and_missions(readers, lang, sentence, events):
    assert drafted_from(readers[lang], sentence) == events


@pytest.mark.parametrize("lang, sentence, events", [
    # "Where … was signed" in the visit's sentence, and "the visit saw the signing": its date and place.
    ("ar", "زار رئيس الوزراء العاصمة بروكسل في مارس 2017م، حيث جرى توقيع مذكرة تفاهم في مجال النقل.",
     [("2017-03", "visit", "brussels"), ("2017-03", "agreement", "brussels")]),
    ("ar", "قام وزير الخارجية بزيارة إلى بروكسل في 3 مايو 2016م. وقد شهدت الزيارة التوقيع على اتفاقية للتعاون الفني.",
     [("2016-05-03", "visit", "brussels"), ("2016-05-03", "agreement", "brussels")]),
    ("en", "The Minister visited Brussels on 3 May 2016. The visit also saw the signing of a cooperation agreement.",
     [("2016-05-03", "visit", "brussels"), ("2016-05-03", "agreement", "brussels")]),
    # Relations that "saw" signings tell of no event.
    ("ar", "قام وزير الخارجية بزيارة إلى بروكسل في 3 مايو 2016م. وقد شهدت العلاقات التوقيع على عدة اتفاقيات.",
     [("2016-05-03", "visit", "brussels")]),
])
def test_a_signing_where_the_event_was_or_that_it_saw(readers, lang, sentence, events):
    assert drafted_from(readers[lang], sentence) == events


@pytest.mark.parametrize("lang, sentence, place", [
    # A city and the adjective that describes it: the name, not a noun further on.
    ("ar", "زار وفد من غرفة قطر مدينة بورغاس الساحلية في مايو 2019م لبحث فرص الاستثمار في مرافئها.", "بورغاس"),
    ("ar", "زار وفد من صندوق قطر للتنمية مدينة ناميبي الجنوبية في مايو 2019م للاطلاع على مشروع المياه.", "ناميبي"),
    ("ar", "قام وفد ثقافي بزيارة إلى مدينة بانسكا بيستريتسا التاريخية في مايو 2019م لافتتاح معرض.", "بانسكا بيستريتسا"),
    ("en", "A delegation visited the coastal city of Ponta Negra in May 2019 to look at the port.", "Ponta Negra"),
    ("en", "A delegation visited the city of Ponta Negra in May 2019 to look at the port.", "Ponta Negra"),
])
def test_a_city_and_a_word_that_describes_it(readers, lang, sentence, place):
    found, _ = readers[lang].events(sentence)
    assert [e.place or e.new_place for e in found] == [place]


@pytest.mark.parametrize("sentence, place", [
    # A meeting on the sidelines of an occasion named for its city is there, not in a region discussed.
    ("The two ministers met on the sidelines of the Halifax International Security Forum in November 2019, "
     "and discussed developments in Eastern Europe.", "Halifax"),
    ("The two ministers met in November 2019, and discussed developments in Western Africa.", None),
    # An occasion named for no city names no place.
    ("The two ministers met on the sidelines of the International Energy Forum in November 2019.", None),
])
def test_a_meeting_on_the_sidelines_is_at_the_occasions_city(readers, sentence, place):
    found, _ = readers["en"].events(sentence)
    assert [(e.kind, e.place or e.new_place) for e in found] == [("meeting", place)]


@pytest.mark.parametrize("lang, sentence, kinds", [
    # Agreements in force, their word beside one that says so, are no signing told.
    ("ar", "وفي عام 2021م جرى تفعيل الاتفاقيات القائمة بين البلدين.", []),
    ("en", "In 2021 the two sides reviewed the existing agreements between the two countries.", []),
    ("ar", "وفي عام 2021م وقع البلدان اتفاقية قائمة على مبدأ المعاملة بالمثل.", ["agreement"]),
])
def test_agreements_in_force_are_no_signing(readers, lang, sentence, kinds):
    found, _ = readers[lang].events(sentence)
    assert [e.kind for e in found] == kinds
