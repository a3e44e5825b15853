"""Timelines remembered per process (view/timelines.py): a document's figure is
the one charts.timeline draws from its inputs now, whatever was drawn before.
Each part of the key is changed in turn after the unchanged inputs were drawn
(and remembered): the figure must be the fresh drawing of the changed inputs."""
import datetime as dt
import pickle

import pytest

from test_figure_key import views


@pytest.fixture(scope="module")
def inputs():
    """The shipped record's Arabic briefing: its timeline's events (what
    on_timeline gives), words, localizer, frame and measure."""
    from briefgen.paths import Project
    from briefgen.render.checks import check
    from briefgen.render.widths import frame_of
    from briefgen.view.select import Options, ViewBuilder
    from briefgen.view.textwidth import Measure
    project = Project()
    checked = check(project)
    audience = checked.audiences["delegation"]
    kind = checked.kinds["briefing"]
    options = Options(audience, "briefing", "ar", dt.date(2026, 11, 29), "a4", "arabic-indic", kind=kind,
                      fonts=project.fonts, frame=frame_of(project)(kind, "a4"))
    builder = ViewBuilder(checked.record, checked.record.relationships["qatar-nato"], options, checked.strings)
    events = [builder.on_timeline(e) for e in builder.ordered_events()]
    return dict(events=events, words=builder.words, loc=builder.loc, frame=options.frame,
                measure=Measure(project.fonts), number=1, compact=False, keyed=frozenset())


def test_a_documents_own_timeline_is_drawn_from_the_fields_its_twins_are(inputs):
    """ViewBuilder.timeline takes ON_TIMELINE of each chronology item for the
    document's own figure: on_timeline's fields, all of them."""
    from briefgen.view.select import ON_TIMELINE
    assert all(tuple(event) == ON_TIMELINE for event in inputs["events"])


def changed_date(given):
    events = [dict(e) for e in given["events"]]
    first = next(e for e in events if e["position"] is not None)
    first["when"] = str(first["when"]) + " 1"
    return events


def changed_words(given):
    words = dict(given["words"])
    words["kinds"] = {kind: label + " x" for kind, label in words["kinds"].items()}
    return words


def western(given):
    from briefgen.view.localize import Localizer
    return Localizer(given["loc"].lang, "western")


CHANGES = {
    "an event's date": lambda given: {"events": changed_date(given)},
    "the words": lambda given: {"words": changed_words(given)},
    "the digits": lambda given: {"loc": western(given)},
    "the frame": lambda given: {"frame": given["frame"] - 40},
    "the figure's number": lambda given: {"number": 2},
    "compact": lambda given: {"compact": True},
    "the events keyed": lambda given: {"keyed": frozenset(e["id"] for e in given["events"][:3])},
}


def drawn(figure) -> bytes:
    """A figure as pickled: its values and their types (a Markup is not a str)."""
    return pickle.dumps(figure)


def fresh(given):
    from briefgen.view import charts
    return charts.timeline(given["events"], given["words"], given["loc"].lang, given["loc"].num, given["frame"],
                           given["measure"], given["number"], given["compact"], given["keyed"])


@pytest.mark.parametrize("change", CHANGES)
def test_a_changed_input_draws_its_own_timeline(inputs, change):
    from briefgen.view import timelines
    timelines.forget()
    base = timelines.timeline(**inputs)
    assert base == fresh(inputs)
    other = {**inputs, **CHANGES[change](inputs)}
    expected = fresh(other)
    assert drawn(expected) != drawn(base)      # the change shows in the figure
    assert drawn(timelines.timeline(**other)) == drawn(expected)
    assert timelines.timeline(**inputs) is base          # remembered


def test_the_shipped_views_figures_are_those_drawn_afresh(monkeypatch):
    """Every shipped document's figures, remembered across documents, are
    those drawn with nothing remembered."""
    from briefgen.view import charts, timelines
    timelines.forget()
    remembered = views()
    monkeypatch.setattr(timelines, "timeline", lambda events, words, loc, *rest: charts.timeline(
        events, words, loc.lang, loc.num, *rest))
    afresh = views()
    assert remembered.keys() == afresh.keys()
    for where, by_lang in remembered.items():
        for lang, view in by_lang.items():
            assert drawn(view["figures"]) == drawn(afresh[where][lang]["figures"]), (where, lang)
