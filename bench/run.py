"""Benchmark the build on a synthetic corpus; print a table, write bench/results.json.

    .venv/bin/python bench/run.py                  # 20 relationships (about 220 documents)
    .venv/bin/python bench/run.py --relations 200  # the full-size corpus (about 2,200 documents)

The corpus is made from data/relations/qatar-nato.yaml: N copies with their own
ids and titles, in a scratch copy of the project, so nothing here touches the
working tree. Measured (wall clock, whole processes, as a user runs them):

- full build with 1 worker and with 2 workers (--force): seconds, documents/s, speed-up
- no-op rebuild (nothing changed) and one-relationship-changed rebuild
- peak resident memory of a worker (from the manifest)
- our per-document pipeline against bare WeasyPrint rendering the same HTML
  with the same parsed stylesheets in the same process (our overhead)

Targets: no-op under 2% of a full build; speed-up at least 1.8x on 2 cores;
overhead at most 10% over bare WeasyPrint.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ISSUED = "2026-11-29"


def make_corpus(target: Path, relations: int) -> None:
    for part in ("briefgen", "templates", "fonts"):
        shutil.copytree(ROOT / part, target / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "generate.py", target)
    (target / "data" / "relations").mkdir(parents=True)
    shutil.copy(ROOT / "data" / "entities.yaml", target / "data")
    seed = (ROOT / "data" / "relations" / "qatar-nato.yaml").read_text(encoding="utf-8")
    for n in range(relations):
        text = (seed.replace("id: qatar-nato", f"id: rel-{n:03d}", 1)
                    .replace("ar: العلاقات القطرية مع الناتو", f"ar: العلاقات القطرية مع الناتو {n}", 1)
                    .replace("en: Qatar's Relations with NATO", f"en: Qatar's Relations with NATO {n}", 1))
        (target / "data" / "relations" / f"rel-{n:03d}.yaml").write_text(text, encoding="utf-8")


def timed(project: Path, *args: str) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "generate.py", *args], cwd=project, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"generate.py {' '.join(args)} failed:\n{result.stderr[-2000:]}")
    return seconds, result.stdout.strip().splitlines()[-1]


def measure_builds(project: Path) -> dict:
    results = {}
    seconds, summary = timed(project, "build", "--issued", ISSUED, "--workers", "2")
    documents = int(summary.split(" written")[0])
    results["documents"] = documents
    results["full_2_workers_s"] = seconds
    seconds, summary = timed(project, "build", "--issued", ISSUED, "--workers", "2")
    results["noop_s"] = seconds
    results["noop_summary"] = summary
    changed = project / "data" / "relations" / "rel-000.yaml"
    changed.write_text(changed.read_text(encoding="utf-8").replace("updated: 2026-11-29", "updated: 2026-11-30"),
                       encoding="utf-8")
    seconds, summary = timed(project, "build", "--issued", ISSUED, "--workers", "2")
    results["one_changed_s"] = seconds
    results["one_changed_summary"] = summary
    results["full_1_worker_s"], _ = timed(project, "build", "--issued", ISSUED, "--workers", "1", "--force")
    results["full_2_workers_again_s"], _ = timed(project, "build", "--issued", ISSUED, "--workers", "2", "--force")
    manifest = json.loads((project / "reports" / "manifest.json").read_text(encoding="utf-8"))
    results["worker_peak_rss_mb"] = max(e.get("worker_peak_rss_mb", 0) for e in manifest["outputs"].values())
    return results


def measure_overhead(project: Path, repeats: int) -> dict:
    """Per document, in one warm process: our render step against bare WeasyPrint."""
    sys.path.insert(0, str(project))
    from briefgen.rebuild.build import Selection, plan
    from briefgen.view.digest import view_digest
    from briefgen.paths import Project
    from briefgen.view.select import document_view
    from briefgen.render.checks import check
    from briefgen.render.engine import pdf_options, project_fetcher
    from briefgen.rebuild.job import Renderers, Task, render_job
    from weasyprint import HTML

    paths = Project(root=project, reports=project / "bench-reports", data=project / "data")
    inputs = check(paths)
    jobs = plan(inputs, paths, Selection(relations=("rel-000",)), dt.date(2026, 11, 29))
    renderers = Renderers()
    engine = renderers.of(paths)
    ours, bare = [], []
    for job in jobs:   # warm up: parse stylesheets, compile templates, load fonts for both paths
        view = document_view(inputs.record, inputs.record.relationships[job.relation], job.options, inputs.strings)
        render_job(paths, Task(job, view, view_digest(view)), renderers)
    def run_ours(job):
        started = time.perf_counter()
        view = document_view(inputs.record, inputs.record.relationships[job.relation], job.options, inputs.strings)
        result = render_job(paths, Task(job, view, view_digest(view)), renderers)
        ours.append(time.perf_counter() - started)
        assert result.error is None, result.error

    def run_bare(job):
        """The same HTML and parsed stylesheets, straight to WeasyPrint, no writing."""
        view = document_view(inputs.record, inputs.record.relationships[job.relation], job.options, inputs.strings)
        audience = job.options.audience
        fetch = project_fetcher(paths, audience.search_folders)      # what this document may read, as engine.pdf has it
        html, sheets = engine.html(view, audience), engine.stylesheets(view, audience, fetch)
        if job.options.doc in ("factsheet", "card"):   # the size our fit loop settles on
            sheets = sheets + [engine.fit_stylesheet(engine.pdf(view, audience, job.name).fit_pt)]
        started = time.perf_counter()
        HTML(string=html, base_url=str(paths.templates) + "/", url_fetcher=fetch).write_pdf(
            stylesheets=sheets, font_config=engine.font_config, **pdf_options(view))
        bare.append(time.perf_counter() - started)

    for repeat in range(repeats):
        for job in jobs:    # alternate which goes first, so neither gets the warmer caches
            first, second = (run_ours, run_bare) if repeat % 2 == 0 else (run_bare, run_ours)
            first(job)
            second(job)
    return {"documents_measured": len(ours), "ours_median_s": statistics.median(ours),
            "bare_median_s": statistics.median(bare), "ours_total_s": sum(ours), "bare_total_s": sum(bare),
            "overhead": sum(ours) / sum(bare) - 1}


def table(results: dict) -> str:
    b, o = results["builds"], results["overhead"]
    rows = [
        ("relationships", f"{results['relations']}"),
        ("documents", f"{b['documents']}"),
        ("full build, 2 workers", f"{b['full_2_workers_s']:.1f} s ({b['documents'] / b['full_2_workers_s']:.2f} documents/s)"),
        ("full build, 1 worker", f"{b['full_1_worker_s']:.1f} s ({b['documents'] / b['full_1_worker_s']:.2f} documents/s)"),
        ("speed-up 1 -> 2 workers", f"{b['full_1_worker_s'] / b['full_2_workers_again_s']:.2f}x (target >= 1.8x)"),
        ("no-op rebuild", f"{b['noop_s']:.2f} s = {100 * b['noop_s'] / b['full_2_workers_s']:.1f}% of full (target < 2%)"),
        ("one relationship changed", f"{b['one_changed_s']:.1f} s ({b['one_changed_summary'].split(',')[0]})"),
        ("peak memory per worker", f"{b['worker_peak_rss_mb']:.0f} MB"),
        ("per document: ours / bare WeasyPrint", f"{o['ours_median_s'] * 1000:.0f} ms / {o['bare_median_s'] * 1000:.0f} ms (median)"),
        ("our overhead", f"{100 * o['overhead']:.1f}% (target <= 10%)"),
    ]
    return markdown_rows(rows)


def markdown_rows(rows: list[tuple[str, str]]) -> str:
    """(measure, result) rows as a Markdown table's body, names padded to one width."""
    width = max(len(r[0]) for r in rows)
    return "\n".join(f"| {name:<{width}} | {value} |" for name, value in rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--relations", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=3, help="rounds of the in-process overhead measurement")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="briefgen-bench-") as scratch:
        project = Path(scratch)
        make_corpus(project, args.relations)
        results = {"relations": args.relations, "date": dt.datetime.now().isoformat(timespec="seconds"),
                   "builds": measure_builds(project), "overhead": measure_overhead(project, args.repeats)}
    print(table(results))
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
