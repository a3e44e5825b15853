"""What the leak guard (briefgen/output/withheld.py) costs a full build of the
shipped record: every audience, document and language, rendered in this
process (one worker, so the guard's worker half can be switched off here too).

    .venv/bin/python bench/leak_guard.py [--rounds 3]

Builds with and without the guard take turns (`--force`, into scratch
folders); prints each build's time, the medians and the overhead, then the
guard's own parts summed over the documents: reading each output back
(surfaces: HTML, PDF text layer, metadata, bookmarks, attachments) in the
renderer, and looking for the withheld texts in the build process.
"""
from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from timers import cpu_timed  # noqa: E402  (bench/timers.py, beside this file)
from briefgen.output import withheld  # noqa: E402
from briefgen.paths import Project  # noqa: E402
from briefgen.output import pdf as pdf_output  # noqa: E402
from briefgen.rebuild import build as build_module  # noqa: E402
from briefgen.render.checks import check  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
spent = {"surfaces": 0.0, "find": 0.0, "needles": 0.0}


def timed(name: str, function):
    """The function, its CPU time added to spent[name]."""
    return cpu_timed(function, spent, name)


REAL = {"surfaces": pdf_output.surfaces, "find": withheld.Guard.find, "needles": withheld.Guard.needles}


def guard(on: bool) -> None:
    """Switch the guard's two halves on (timed) or off."""
    pdf_output.surfaces = timed("surfaces", REAL["surfaces"]) if on else (lambda html, outputs: {})
    withheld.Guard.find = timed("find", REAL["find"]) if on else (lambda self, *args: None)
    withheld.Guard.needles = timed("needles", REAL["needles"])


def full_build(on: bool) -> tuple[float, float]:
    """(wall-clock seconds, CPU seconds) of one full build; all of it runs in
    this process, so its CPU time is the build's, whatever else the machine runs."""
    guard(on)
    with tempfile.TemporaryDirectory() as reports:
        project = Project.at(ROOT, reports=Path(reports))
        started, cpu = time.perf_counter(), time.process_time()
        inputs = check(project)
        jobs = build_module.plan(inputs, project, build_module.Selection(), dt.date(2026, 11, 29))
        summary = build_module.build(inputs, project, jobs, workers=1, force=True)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    assert not summary.failures and not summary.errors, [o.error for o in summary.failures] + summary.errors
    return seconds, cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    rounds = parser.parse_args().rounds
    full_build(True)          # warm: WeasyPrint, fonts, parsed stylesheets
    times, parts = {True: [], False: []}, []
    for round_ in range(rounds):
        for on in ((True, False) if round_ % 2 == 0 else (False, True)):
            for name in spent:
                spent[name] = 0.0
            times[on].append(full_build(on))
            if on:
                parts.append(dict(spent))
            wall, cpu = times[on][-1]
            print(f"round {round_ + 1}: guard {'on ' if on else 'off'} {wall:.2f} s, CPU {cpu:.2f} s", flush=True)
    for index, what in ((0, "wall clock"), (1, "CPU")):
        with_guard = statistics.median(t[index] for t in times[True])
        without = statistics.median(t[index] for t in times[False])
        print(f"full build (12 documents, 1 worker), {what}: with the guard {with_guard:.2f} s, without "
              f"{without:.2f} s (medians of {rounds}): overhead {100 * (with_guard / without - 1):+.1f}%")
    median = lambda name: statistics.median(p[name] for p in parts)
    total = statistics.median(p["surfaces"] + p["find"] for p in parts)   # find() makes the withheld texts first
    print(f"the guard's own CPU time in a build (medians of {rounds}): reading outputs back "
          f"{median('surfaces') * 1000:.0f} ms, looking for withheld texts {median('find') * 1000:.0f} ms (of which "
          f"finding what was withheld, once per relationship x audience, {median('needles') * 1000:.0f} ms): "
          f"{total * 1000:.0f} ms = {100 * total / without:.1f}% of the CPU time of the build without it")


if __name__ == "__main__":
    main()
