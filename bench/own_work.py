"""Where our per-document step spends its CPU time beyond WeasyPrint's own work.

    .venv/bin/python bench/own_work.py              # the 12 documents of one relationship, 3 rounds

One warm process renders the 12 documents of bench/run.py's one-relationship
corpus as a build does (view, digest, render_job), after a round that warms the
caches, and sums the CPU seconds spent inside each part: WeasyPrint's layouts
(every try of the one-page fit included) and its PDF output, the HTML parse,
and our own work around them (the view, the leak guard's reading of the
outputs, the thumbnail, the PDF opened with its first page loaded for
those two, the input snapshot, templates and stylesheets, the
dependencies and key). Caches that hold text across documents (view/inline.py)
are emptied before each round: every round is a relationship not seen before.
docs/scale.md, "Our own work per document", has the figures and what they mean.
"""
from __future__ import annotations

import argparse
import collections
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import Bare, make_corpus    # noqa: E402  (bench/run.py, beside this file)
from timers import cpu_timed         # noqa: E402


def timing(owner, name: str, label: str, spent: collections.Counter) -> None:
    """Replace owner.name by the same function adding its CPU seconds to spent[label]."""
    setattr(owner, name, cpu_timed(getattr(owner, name), spent, label))


def measure(project: Path, rounds: int) -> collections.Counter:
    renders = Bare(project, project / "bench-reports", ("rel-000",))
    from briefgen.output import pdf as pdf_writer
    from briefgen.output.withheld import OpenPdf
    from briefgen.rebuild import job as jobs
    from briefgen.view import inline
    from briefgen.view.digest import view_digest
    spent = collections.Counter()
    engine = type(renders.engine)
    for owner, name, label in [(jobs, "InputSnapshot", "input snapshot"), (jobs, "dependencies", "dependencies"),
                               (jobs, "output_key", "key"), (pdf_writer, "surfaces", "leak guard's reading"),
                               (pdf_writer, "thumbnail_png", "thumbnail"),
                               (OpenPdf, "of", "PDF and its first page opened"), (engine, "html", "HTML template"),
                               (engine, "stylesheets", "stylesheets"), (engine, "parse", "HTML parse (WeasyPrint)"),
                               (engine, "laid_out", "layouts (WeasyPrint, all fit tries)"),
                               (engine, "write", "PDF output (WeasyPrint) and margin check")]:
        timing(owner, name, label, spent)

    def one_round():
        for job in renders.jobs:
            started = time.process_time()
            view = renders.view(job)
            digest = view_digest(view)
            spent["view and digest"] += time.process_time() - started
            started = time.process_time()
            result = jobs.render_job(renders.paths, jobs.Task(job, view, digest), renderers=renders.renderers)
            spent["the whole step"] += time.process_time() - started
            assert result.error is None, result.error
    one_round()
    spent.clear()
    for _ in range(rounds):
        getattr(inline.last_words_kept, "cache_clear", lambda: None)()
        one_round()
    spent["the whole step"] += spent["view and digest"]
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="briefgen-own-work-") as scratch:
        make_corpus(Path(scratch), 1)
        spent = measure(Path(scratch), args.rounds)
    whole = spent["the whole step"]
    renders = 12 * args.rounds
    for label, seconds in spent.most_common():
        print(f"| {label:<42} | {seconds:6.2f} s | {1000 * seconds / renders:6.1f} ms/document | "
              f"{100 * seconds / whole:5.1f}% |")


if __name__ == "__main__":
    main()
