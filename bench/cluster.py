"""The cluster path against the local pool, and what stays serial, on a synthetic corpus.

    .venv/bin/python bench/cluster.py                  # 20 relationships (240 documents)
    .venv/bin/python bench/cluster.py --relations 200  # the full-size corpus (2,400 documents)

Measured (whole `generate.py` processes, as a user runs them, taking turns):
- full build (--force) with the local pool of 2 workers, and on a 2-worker
  Dask LocalCluster started here (scheduler and workers on this machine), so the
  ratio is the cluster path's overhead (target <= 10%);
- a no-op rebuild of the whole corpus;
- in one process, per 1,000 documents: validating the data, planning the
  matrix, the views and keys of the up-to-date check, and recording in the
  manifest — the serial part every build pays on the client, whatever the
  number of workers.
Prints a table and writes bench/cluster-results.json.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import ISSUED, ROOT, make_corpus, markdown_rows, noop_and_start, serial_rows, timed  # noqa: E402


def full_builds(project: Path, address: str, repeats: int) -> dict:
    local, cluster, peaks = [], [], []
    for repeat in range(repeats):
        for way in (("local", "cluster") if repeat % 2 == 0 else ("cluster", "local")):
            extra = ("--cluster", address) if way == "cluster" else ("--workers", "2")
            seconds, summary = timed(project, "build", "--issued", ISSUED, "--force", *extra)
            (cluster if way == "cluster" else local).append(seconds)
            if way == "local":      # each local worker rendered about half the corpus
                peaks.append(worker_peak_mb(project))
    documents = int(summary.split(" written")[0])
    return {"documents": documents, "local_s": local, "cluster_s": cluster, "local_worker_peak_mb": peaks,
            "overhead": statistics.median(cluster) / statistics.median(local) - 1}


def worker_peak_mb(project: Path) -> float:
    manifest = json.loads((project / "reports" / "manifest.json").read_text(encoding="utf-8"))
    return max(entry.get("worker_peak_rss_mb", 0) for entry in manifest["outputs"].values())


def serial_part(project: Path) -> dict:
    """Seconds per 1,000 documents for what the client does alone, whatever
    the number of workers: validate, plan, views and keys, and for each
    rendered document its atomic writes, its manifest entry and the index."""
    sys.path.insert(0, str(project))
    from briefgen.paths import Project
    from briefgen.render.checks import check
    from briefgen.rebuild.atomic import write_atomically
    from briefgen.rebuild.build import Selection, plan, sort_out
    from briefgen.rebuild.views import CurrentKeys
    from briefgen.rebuild.index import write_index
    from briefgen.rebuild.manifest import Manifest
    from briefgen.rebuild.inputs import InputFiles, InputHashes
    from briefgen.rebuild.verdicts import known_passes
    paths = Project(root=project, reports=project / "reports", data=project / "data")
    started = time.perf_counter()
    files = InputFiles(paths)
    inputs = check(paths, passes=known_passes(paths, files.all()))     # as a build does (rebuild/verdicts.py)
    validated = time.perf_counter()
    jobs = plan(inputs, paths, Selection(), dt.date.fromisoformat(ISSUED))
    planned = time.perf_counter()
    manifest = Manifest(paths.reports / "manifest.json")
    tasks, fresh = sort_out(jobs, inputs, paths, manifest, force=False, keys=CurrentKeys(paths),
                            hashes=InputHashes(paths, inputs, files))
    keyed = time.perf_counter()
    full = {}
    # A full build (--force, or a new date of issue): every view made here, as for --cluster,
    # or left to the local workers (rebuild/views.py), when the serial part is the plan and the hashing.
    for name, on_workers in (("full_check_views_here", False), ("full_check_views_on_workers", True)):
        begun = time.perf_counter()
        sort_out(jobs, inputs, paths, manifest, force=True, keys=CurrentKeys(paths),
                 hashes=InputHashes(paths, inputs, files), on_workers=lambda stale: on_workers)
        full[f"{name}_s_per_1000"] = (time.perf_counter() - begun) * 1000 / len(jobs)
    with tempfile.TemporaryDirectory(dir=project) as scratch:
        # The bytes a worker sends back, written as the client writes them (fsync, rename).
        for n, job in enumerate(jobs):
            write_atomically(Path(scratch) / f"{n}.pdf", job.output.read_bytes(), Path(scratch))
            write_atomically(Path(scratch) / f"{n}.png", paths.thumbnail_path(job.output).read_bytes(), Path(scratch))
        written = time.perf_counter()
        journal = Manifest(Path(scratch) / "manifest.json")
        for name, entry in manifest.entries.items():
            journal.put(name, entry)
        journal.save()
    recorded = time.perf_counter()
    write_index(paths, manifest)
    indexed = time.perf_counter()
    per = 1000 / len(jobs)
    return {"documents": len(jobs), "up_to_date": len(fresh), "to_render": len(tasks),
            "validate_s_per_1000": (validated - started) * per, "plan_s_per_1000": (planned - validated) * per,
            "views_and_keys_s_per_1000": (keyed - planned) * per, **full,
            "write_s_per_1000": (written - keyed) * per,
            "manifest_s_per_1000": (recorded - written) * per,
            "index_s_per_1000": (indexed - recorded) * per}


def table(results: dict) -> str:
    f, s = results["full"], results["serial"]
    rows = [
        ("relationships / documents", f"{results['relations']} / {f['documents']}"),
        ("full build, local pool, 2 workers", f"{statistics.median(f['local_s']):.1f} s (median of {len(f['local_s'])})"),
        ("full build, LocalCluster, 2 workers", f"{statistics.median(f['cluster_s']):.1f} s (median of {len(f['cluster_s'])})"),
        ("cluster path's overhead", f"{100 * f['overhead']:+.1f}% (target <= 10%)"),
        ("no-op rebuild of the corpus", f"{results['noop_s']:.2f} s ({results['noop_summary']})"),
        *serial_rows(f["documents"], statistics.median(f["local_s"]), results["noop_s"], results["start_s"],
                     results.get("noop_cpu_s"), results.get("start_cpu_s")),
        ("peak memory per local worker", f"{max(f['local_worker_peak_mb']):.0f} MB after about "
                                         f"{f['documents'] // 2} documents each (bench/run.py: after about 120)"),
        ("validate, per 1,000 documents", f"{s['validate_s_per_1000']:.2f} s"),
        ("plan, per 1,000 documents", f"{s['plan_s_per_1000']:.3f} s"),
        ("up-to-date check (input keys first), per 1,000", f"{s['views_and_keys_s_per_1000']:.2f} s"),
        ("full build's check, views made here (--cluster), per 1,000", f"{s['full_check_views_here_s_per_1000']:.2f} s"),
        ("full build's check, views left to the local workers, per 1,000",
         f"{s['full_check_views_on_workers_s_per_1000']:.2f} s"),
        ("client's atomic writes, per 1,000", f"{s['write_s_per_1000']:.2f} s"),
        ("manifest (journal + snapshot), per 1,000", f"{s['manifest_s_per_1000']:.2f} s"),
        ("indexes, per 1,000 documents", f"{s['index_s_per_1000']:.2f} s"),
    ]
    return markdown_rows(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--relations", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=2, help="full builds of each kind")
    args = parser.parse_args()
    from distributed import LocalCluster
    # The scheduler (in this process) and the workers import briefgen from this
    # checkout; the client runs the corpus's copy of the same files.
    sys.path.insert(0, str(ROOT))
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    with tempfile.TemporaryDirectory(prefix="briefgen-bench-") as scratch, \
            LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None) as cluster:
        project = Path(scratch)
        make_corpus(project, args.relations)
        results = {"relations": args.relations, "date": dt.datetime.now().isoformat(timespec="seconds"),
                   "full": full_builds(project, cluster.scheduler_address, args.repeats)}
        results.update(noop_and_start(project))
        results["serial"] = serial_part(project)
    results["load_average"] = os.getloadavg()
    print(table(results))
    print(f"load average (1, 5, 15 min) at the end: {', '.join(f'{x:.1f}' for x in results['load_average'])}")
    (ROOT / "bench" / "cluster-results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
