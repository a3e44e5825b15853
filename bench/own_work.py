"""Where our per-document step spends its CPU time beyond WeasyPrint's own work.

    .venv/bin/python bench/own_work.py              # the 12 documents of one relationship, 3 rounds

One warm process renders the 12 documents of bench/run.py's one-relationship
corpus as a build does (view, digest, render_job), after a round that warms the
caches, and sums the CPU seconds spent inside each part: WeasyPrint's own
(the HTML parse, every layout of the one-page fit, the PDF output and, inside
it, our finisher), and our own work around them (the view, templates and
stylesheets, the one-page fit's start and fill, the margin check, the leak
guard's reading of the outputs, the thumbnail, the PDF opened with its first
page loaded for those two, the input snapshot, the dependencies and key).
Taking turns with it, document by document, the same process renders each
document as bench/run.py's "hooked" does (WeasyPrint with briefgen's hooks,
laid out once at the size found) with the same counters, so "ours - hooked",
what the overhead's last row measures, is itemised: what is left over
(`not itemised`) is the glue between the parts. The garbage collector's
collections (gc.callbacks) land inside whichever part allocates: shown apart,
as "of which". What is remembered across documents from their text and
(view/inline.py) is emptied before each round:
every round is a relationship not seen before.
docs/scale.md, "Our own work per document", has the figures and what they mean.
"""
from __future__ import annotations

import argparse
import collections
import gc
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import Bare, make_corpus    # noqa: E402  (bench/run.py, beside this file)
from timers import cpu_timed         # noqa: E402

WHOLE, HOOKED = "the whole step", "WeasyPrint with the hooks (bench/run.py's hooked)"
GC = "of which the garbage collector"
FINISHER = "of which our finisher (render/tagging.py)"
WEASYPRINT = ("WeasyPrint: HTML parse", "WeasyPrint: layouts (every fit try)", "WeasyPrint: PDF output")
# What bench/run.py's hooked render times of these parts (it makes the HTML,
# stylesheets and URL fetcher before its clock starts).
IN_HOOKED = (*WEASYPRINT, "PDF options (digest)", GC, FINISHER)


class Phases:
    """spent[label] of the phase running now ("ours" or "hooked"), so one set of
    counters serves both."""

    def __init__(self):
        self.counters = {"ours": collections.Counter(), "hooked": collections.Counter()}
        self.now = "ours"

    def __getitem__(self, label: str) -> float:
        return self.counters[self.now][label]

    def __setitem__(self, label: str, seconds: float) -> None:
        self.counters[self.now][label] = seconds


def timing(owner, name: str, label: str, spent) -> None:
    """Replace owner.name by the same function adding its CPU seconds to spent[label]."""
    setattr(owner, name, cpu_timed(getattr(owner, name), spent, label))


def time_collections(spent) -> None:
    """Add each collection's CPU seconds to spent[GC]."""
    started = [0.0]

    def callback(phase, info):
        if phase == "start":
            started[0] = time.process_time()
        else:
            spent[GC] += time.process_time() - started[0]
    gc.callbacks.append(callback)


def install_counters(spent, engine) -> None:
    import weasyprint
    import weasyprint.document
    from briefgen.output import pdf as pdf_writer
    from briefgen.output.withheld import OpenPdf
    from briefgen.rebuild import job as jobs
    from briefgen.render import engine as engine_module
    for owner, name, label in [
            (weasyprint.HTML, "__init__", WEASYPRINT[0]), (weasyprint.HTML, "render", WEASYPRINT[1]),
            (weasyprint.document.Document, "write_pdf", WEASYPRINT[2]),
            (jobs, "InputSnapshot", "input snapshot"), (jobs, "dependencies", "dependencies"),
            (jobs, "output_key", "key"), (pdf_writer, "surfaces", "leak guard's reading"),
            (pdf_writer, "thumbnail_png", "thumbnail"), (OpenPdf, "of", "PDF and its first page opened"),
            (engine, "html", "HTML template"), (engine, "stylesheets", "stylesheets"),
            (engine, "forget_templates_if_files_changed", "templates changed? (template files listed)"),
            (engine_module, "project_fetcher", "URL fetcher made"),
            (engine_module, "printed_text", "fit start: the printed text"),
            (engine_module, "fit_start", "fit start: its size"), (engine_module, "pages_used", "fit: pages filled"),
            (engine_module, "text_past_margins", "margin check"), (engine_module, "pdf_options", "PDF options (digest)")]:
        timing(owner, name, label, spent)
    nest = engine_module.nest_figure_labels
    engine_module.nest_figure_labels = lambda figures: cpu_timed(nest(figures), spent, FINISHER)
    time_collections(spent)


def forget_across_documents() -> None:
    """Empty what a process remembers across documents from their text
    (view/inline.py's last words), where the code measured has it: each
    round is then a relationship not seen before."""
    from briefgen.view import inline
    getattr(inline.last_words_kept, "cache_clear", lambda: None)()


def measure(project: Path, rounds: int) -> dict[str, collections.Counter]:
    renders = Bare(project, project / "bench-reports", ("rel-000",))
    from briefgen.rebuild import job as jobs
    from briefgen.view.digest import view_digest
    spent = Phases()
    fits = {}

    def ours(job):
        started = time.process_time()
        view = renders.view(job)
        digest = view_digest(view)
        spent["view and digest"] += time.process_time() - started
        result = jobs.render_job(renders.paths, jobs.Task(job, view, digest), renderers=renders.renderers)
        spent[WHOLE] += time.process_time() - started
        assert result.error is None, result.error
        fits[job.name] = result.fit_pt

    def hooked(job):
        spent.now = "hooked"
        try:
            spent[HOOKED] += renders.times(job, fits[job.name], hooked=True)[1]
        finally:
            spent.now = "ours"

    for job in renders.jobs:     # warm-up, and the size each one-page document is laid out at
        ours(job)
    install_counters(spent, type(renders.engine))
    spent.counters = {phase: collections.Counter() for phase in spent.counters}
    for turn in range(rounds):
        forget_across_documents()
        for job in renders.jobs:
            for run in ((ours, hooked) if turn % 2 == 0 else (hooked, ours)):
                run(job)
    return spent.counters


def rows(counters: dict[str, collections.Counter], renders: int) -> list[tuple[str, float, float]]:
    """(label, ms per document ours, ms hooked) for every part, then what is not itemised."""
    ours = counters["ours"]
    hooked = {label: counters["hooked"][label] for label in (*IN_HOOKED, HOOKED)}
    ms = lambda seconds: 1000 * seconds / renders
    nested = {WHOLE, HOOKED, GC, FINISHER}
    parts = [label for label, _ in ours.most_common() if label not in nested]
    found = [(WHOLE, ms(ours[WHOLE]), ms(hooked[HOOKED]))]
    found += [(label, ms(ours[label]), ms(hooked.get(label, 0.0))) for label in parts]
    found.append(("not itemised (the glue between the parts)", ms(ours[WHOLE] - sum(ours[p] for p in parts)),
                  ms(hooked[HOOKED] - sum(hooked.get(p, 0.0) for p in parts))))
    found += [(label, ms(ours[label]), ms(hooked[label])) for label in (FINISHER, GC)]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="briefgen-own-work-") as scratch:
        make_corpus(Path(scratch), 1)
        counters = measure(Path(scratch), args.rounds)
    print("| part, ms of CPU per document | ours | hooked | ours - hooked |")
    print("| --- | --- | --- | --- |")
    for label, ours, hooked in rows(counters, 12 * args.rounds):
        print(f"| {label:<48} | {ours:6.1f} | {hooked:6.1f} | {ours - hooked:+6.1f} |")


if __name__ == "__main__":
    main()
