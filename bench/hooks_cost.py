"""What briefgen's hooks around WeasyPrint cost: two Arabic documents rendered
by WeasyPrint bare and with the hooks, taking turns, in one warm process.

    .venv/bin/python bench/hooks_cost.py                 # 7 renders each way, medians of CPU, per phase too
    .venv/bin/python bench/hooks_cost.py --profile out   # cProfile of each way, out.bare / out.hooked

The documents are the shipped record's delegation Arabic briefing and the
press office's Arabic fact sheet (the text layer's hooks do the most there),
laid out once at the size our one-page fit settles on (bench/run.py `Bare`:
the same HTML, stylesheets and PDF options; "bare" with every briefgen hook
taken off). docs/scale.md, "Bare without our hooks", has the figures.
"""
from __future__ import annotations

import argparse
import cProfile
import collections
import gc
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import ROOT, Bare    # noqa: E402  (bench/run.py, beside this file)
from timers import cpu_timed  # noqa: E402

DOCUMENTS = ("delegation", "briefing"), ("press", "factsheet")
PHASES = {"layout": ("weasyprint.document", "Document", "_render"),
          "drawing": ("weasyprint.document", "Page", "paint"),
          "PDF writing": ("pydyf", "PDF", "write")}


def timing_phases() -> collections.Counter:
    """CPU seconds inside each of WeasyPrint's phases (PHASES), added up in
    the counter returned (a class's method wrapped: not one of briefgen's
    hooks, which bare WeasyPrint takes off)."""
    import importlib
    spent = collections.Counter()
    for phase, (module, owner, name) in PHASES.items():
        cls = getattr(importlib.import_module(module), owner)
        method = cls.__dict__[name]
        function = method.__func__ if isinstance(method, classmethod) else method
        timed = cpu_timed(function, spent, phase)
        setattr(cls, name, classmethod(timed) if isinstance(method, classmethod) else timed)
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--renders", type=int, default=7, help="renders each way per document")
    parser.add_argument("--profile", metavar="PREFIX", help="write cProfile stats of each way instead")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as reports:
        renders = Bare(ROOT, Path(reports), ("qatar-nato",))
        jobs = [next(j for j in renders.jobs if j.options.audience.name == audience
                     and j.options.doc == kind and j.options.lang == "ar") for audience, kind in DOCUMENTS]
        fits = {}
        for job in jobs:     # our render once: installs the hooks, finds the size, warms the caches
            fits[job.name] = renders.engine.pdf(renders.view(job), job.options.audience, job.name,
                                                job.options.of_kind).fit_pt
            renders.times(job, fits[job.name])
        if args.profile:
            for hooked in (False, True):
                profile = cProfile.Profile()
                for job in jobs:
                    for _ in range(args.renders):
                        profile.runcall(renders.times, job, fits[job.name], hooked)
                profile.dump_stats(f"{args.profile}.{'hooked' if hooked else 'bare'}")
            return
        spent = timing_phases()
        for job in jobs:
            cpu = {False: [], True: []}
            phases = {False: collections.defaultdict(list), True: collections.defaultdict(list)}
            for n in range(args.renders):
                for hooked in ((False, True) if n % 2 else (True, False)):
                    gc.collect()    # else a full collection (40-80 ms) lands in either at random
                    spent.clear()
                    cpu[hooked].append(renders.times(job, fits[job.name], hooked)[1])
                    for phase in PHASES:
                        phases[hooked][phase].append(spent[phase])
            bare, hooked = statistics.median(cpu[False]), statistics.median(cpu[True])
            pairs = statistics.median(h / b for b, h in zip(cpu[False], cpu[True]))   # each taken side by side
            print(f"{job.name}: bare {bare:.3f} s, with the hooks {hooked:.3f} s CPU (medians of "
                  f"{args.renders}): {hooked / bare:.3f}x; median of the {args.renders} pairs' ratios "
                  f"{pairs:.3f}x; load {os.getloadavg()[0]:.1f}")
            print("  " + ", ".join(f"{phase} {statistics.median(phases[False][phase]):.3f} -> "
                                   f"{statistics.median(phases[True][phase]):.3f} s" for phase in PHASES))


if __name__ == "__main__":
    main()
