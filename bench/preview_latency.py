"""Latency of the live preview: from saving a file to the updated page images
being served, as a browser sees it. Prints a table, writes bench/preview_results.json.

    .venv/bin/python bench/preview_latency.py              # 20 edits per document
    .venv/bin/python bench/preview_latency.py --edits 5
    .venv/bin/python bench/preview_latency.py --only "fact sheet (Arabic), all 12 served"

For each document — the delegation's 7-page Arabic briefing and the press
office's Arabic fact sheet — `generate.py serve`, narrowed to that document as
an author previewing it would run it, is started in a scratch copy of the
project; and the fact sheet again with all twelve documents of the record
served (`--relation` only), where an edit makes every one of them again and
the page timed is the one open in the browser: the CPU figures of that case
count whatever the other documents cost before that page arrived, and the
next edit waits for all twelve. A client reads its Server-Sent Events as the page's script does. Each
edit rewrites the Arabic summary (a different number each time, so the document
really changes); the clock runs from just before the file is written until the
document's `built` event has arrived and every page image has been fetched,
six at a time like a browser (which, unlike this client, would not even fetch
a page whose URL did not change); also until page 1's image had arrived.
Median and 90th percentile over the edits, and how many pages each edit
changed (a page's URL names its pixels: briefgen/live/images.py).

On a machine shared with other work the wall clock measures the sharing as
much as the preview, so the CPU time the preview's processes (server and
warm workers) spend on each edit is measured too: with what the watcher
waits for a save to settle (SETTLE_S: nothing for this plain write, whose
close ends the batch; 50 ms before), it is what the edit costs on an idle machine
(an upper bound: work done on two threads or processes at once counts twice).
And the longest path: the server's CPU time plus its busiest worker's, which
bounds the wall clock on an idle machine with a core per worker.

The page timed is the final one, as the build writes it: the preview shows
no provisional page. Its pages are drawn from the worker's bytes while the
leak guard judges them and the files are written (briefgen/live/images.py),
but the `built` event that names them comes only once they are written.

After each edit, while the preview is idle, the same document is rendered by
bare WeasyPrint in this process (bench/run.py's Bare: its final HTML and
stylesheets, laid out once at the size the preview's render settled on, read
from the manifest, written): save -> updated pages is reported as a ratio to
that median too, which holds across machines of a kind where absolute times
differ about 2x; and, steadier on a shared machine, the CPU + settle figure as
a ratio to the bare render's CPU time. Bare means without briefgen's hooks
around WeasyPrint (line repairs, the text layer, the probe layout), which
this process never installs (checked) but for a second render of the same
document with them installed, then removed: the second table shows what they
cost and the preview's CPU time against WeasyPrint with them.

Targets: median <= 1.5 s for the briefing, <= 0.8 s for the fact sheet;
<= 1.3x a bare render of the same document.
"""
from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import queue
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import Bare, briefgen_hooks  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
ISSUED = "2026-11-29"
CASES = {
    "briefing (7 pages, Arabic)": ("qatar-nato/delegation/briefing.ar", ["--audience", "delegation",
                                                                          "--doc", "briefing", "--lang", "ar"]),
    "fact sheet (Arabic)": ("qatar-nato/press/factsheet.ar", ["--audience", "press", "--doc", "factsheet",
                                                              "--lang", "ar"]),
    # serve as the README starts it: every document of the record is made again after an edit
    "fact sheet (Arabic), all 12 served": ("qatar-nato/press/factsheet.ar", []),
}
TARGETS = {"briefing (7 pages, Arabic)": 1.5, "fact sheet (Arabic)": 0.8, "fact sheet (Arabic), all 12 served": 0.8}
RATIO_TARGET = 1.3     # save -> updated pages, against a bare WeasyPrint render of the same document
SUMMARY_START = "تقع العلاقات بين دولة قطر"
# The watcher's wait once a save's events have come (briefgen/live/watch.py): none for this
# script's plain write, which the kernel reports closed after writing; it was 50 ms
# (SETTLE_SECONDS) for every save before. Added to the CPU figures as time an idle machine waits.
SETTLE_S = 0.0


def copy_project(target: Path) -> None:
    for part in ("briefgen", "templates", "fonts", "data"):
        shutil.copytree(ROOT / part, target / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "generate.py", target)


class Server:
    def __init__(self, project: Path, document: str, args: list[str]):
        self.document = document
        self.process = subprocess.Popen([sys.executable, "generate.py", "serve", "--port", "0",
                                         "--relation", "qatar-nato", "--issued", ISSUED, *args],
                                        cwd=project, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
        line = self.process.stderr.readline()
        match = re.search(r":(\d+)/", line)
        if not match:
            raise SystemExit(f"serve did not start: {line}{self.process.stderr.read()}")
        self.port = int(match.group(1))
        threading.Thread(target=lambda: [None for _ in self.process.stderr], daemon=True).start()
        self.built: "queue.Queue[dict]" = queue.Queue()
        self.idle = threading.Event()       # no rebuild under way (the page's "activity" empty)
        threading.Thread(target=self.listen, daemon=True).start()

    def listen(self) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port)
        connection.request("GET", f"/events?doc={self.document}")
        response = connection.getresponse()
        event = None
        while line := response.readline().decode():
            if line.startswith("event: "):
                event = line[7:].strip()
            elif line.startswith("data: ") and event == "preview":
                (self.idle.set if not json.loads(line[6:])["activity"] else self.idle.clear)()
            elif line.startswith("data: ") and event == "document":
                data = json.loads(line[6:])
                if data["name"] == self.document and data["status"] in ("built", "failed", "invalid"):
                    self.built.put(data)

    def next_built(self, after_version: int, timeout: float = 120) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            data = self.built.get(timeout=max(0.1, deadline - time.monotonic()))
            if data["status"] != "built":
                raise SystemExit(f"{self.document}: {data['status']}: {data['errors']}")
            if data["version"] > after_version:
                return data

    def wait_idle(self, timeout: float = 120) -> None:
        """Until the rebuild under way, the other documents' too, has ended."""
        if not self.idle.wait(timeout):
            raise SystemExit("serve did not finish its rebuild")

    def fetch(self, path: str) -> float:
        """When the whole of `path` had arrived (time.perf_counter)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port)
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            raise SystemExit(f"{path}: HTTP {response.status}")
        return time.perf_counter()

    def cpu_seconds(self) -> dict[int, float]:
        """CPU time used so far by the server and each of its worker processes, by process id."""
        used = {}
        root = psutil.Process(self.process.pid)
        for process in [root, *root.children(recursive=True)]:
            try:
                times = process.cpu_times()
                used[process.pid] = times.user + times.system
            except psutil.NoSuchProcess:
                pass
        return used

    def longest_path(self, before: dict[int, float], after: dict[int, float]) -> float:
        """The server's CPU time since `before` and its busiest worker's: on an
        idle machine with a core per worker, the wall clock is at most that."""
        spent = {pid: seconds - before.get(pid, 0.0) for pid, seconds in after.items()}
        server = spent.pop(self.process.pid, 0.0)
        return server + max(spent.values(), default=0.0)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def measure(project: Path, name: str, edits: int) -> dict:
    document, args = CASES[name]
    shutil.rmtree(project / "reports", ignore_errors=True)     # each case starts from nothing built
    record = project / "data" / "relations" / "qatar-nato.yaml"
    original = record.read_text(encoding="utf-8")
    server = Server(project, document, args)
    images = ThreadPoolExecutor(max_workers=6)     # a browser's connections per host
    bare = Bare(project, project / "bench-bare-reports", ("qatar-nato",))
    try:
        state = server.next_built(-1)
        server.wait_idle()      # every document served is built before the first edit
        totals, events, firsts, cpu, longest, changed, pages = [], [], [], [], [], [], state["pages"]
        bares, bare_cpu, hooked_cpu = [], [], []
        for n in range(1, edits + 1):
            time.sleep(0.5)   # an author's pause; lets the previous render's bookkeeping finish
            edited = original.replace(SUMMARY_START, f"في التعديل {n} {SUMMARY_START}", 1)
            cpu_before = server.cpu_seconds()
            started = time.perf_counter()
            record.write_text(edited, encoding="utf-8")
            before = state["images"]
            state = server.next_built(state["version"])
            announced = time.perf_counter()
            arrived = list(images.map(server.fetch, state["images"]))
            finished = time.perf_counter()
            cpu_after = server.cpu_seconds()
            cpu.append(sum(cpu_after.values()) - sum(cpu_before.values()))
            longest.append(server.longest_path(cpu_before, cpu_after))
            totals.append(finished - started)
            events.append(announced - started)
            firsts.append(arrived[0] - started)
            # A page's URL names its pixels (briefgen/live/images.py): a new URL is a page the edit changed.
            changed.append(sum(url not in before for url in state["images"]))
            pages = state["pages"]
            server.wait_idle()     # the other documents served are made too before anything is measured again
            # The same document, bare WeasyPrint in this process, while the preview is idle: the
            # ratio holds across machines (absolute times differ about 2x between machines of a kind).
            wall, cpu_seconds = bare_render(bare, project, document)
            bares.append(wall)
            bare_cpu.append(cpu_seconds)
            hooked_cpu.append(bare_render(bare, project, document, hooked=True)[1])
    finally:
        images.shutdown()
        server.stop()
        record.write_text(original, encoding="utf-8")
    return {"document": document, "pages": pages, "edits": edits,
            "median_s": statistics.median(totals), "p90_s": percentile(totals, 90),
            "event_median_s": statistics.median(events), "max_s": max(totals),
            "cpu_median_s": statistics.median(cpu), "cpu_p90_s": percentile(cpu, 90),
            "first_page_median_s": statistics.median(firsts), "pages_changed_median": statistics.median(changed),
            "load_average": os.getloadavg(), "bare_median_s": statistics.median(bares),
            "bare_cpu_median_s": statistics.median(bare_cpu),
            "ratio_to_bare": statistics.median(totals) / statistics.median(bares),
            "cpu_ratio_to_bare": (statistics.median(cpu) + SETTLE_S) / statistics.median(bare_cpu),
            "longest_path_median_s": statistics.median(longest),
            "longest_ratio_to_bare": (statistics.median(longest) + SETTLE_S) / statistics.median(bare_cpu),
            "hooked_cpu_median_s": statistics.median(hooked_cpu),
            "cpu_ratio_to_hooked": (statistics.median(cpu) + SETTLE_S) / statistics.median(hooked_cpu),
            "target_median_s": TARGETS[name], "samples_s": [round(t, 3) for t in totals]}


def bare_render(bare: Bare, project: Path, document: str, hooked: bool = False) -> tuple[float, float]:
    """Wall-clock and CPU seconds of bare WeasyPrint rendering the document, at
    the size the preview's render settled on (its manifest entry); `hooked`:
    with briefgen's hooks around WeasyPrint, as our render has them, for this
    render only."""
    from briefgen.render import engine, first_line, hooks, kashida, probe, trailing_space
    installed = [f"{module.__name__}.{name}" for module, name, _ in briefgen_hooks()]
    if installed:
        raise SystemExit(f"not bare: briefgen's hooks are installed in this process ({', '.join(installed)})")
    manifest = json.loads((project / "reports" / "manifest.json").read_text(encoding="utf-8"))
    fit_pt = manifest["outputs"][f"{document}.pdf"].get("fit_pt")
    job = bare.job(document)
    if not hooked:
        return bare.times(job, fit_pt)
    engine.require_text_layer(document)    # as engine.pdf and laid_out install them
    engine.require_line_repair(document)
    engine.require_probe(document)
    if bare.view(job).get("justify") == "kashida":
        engine.require_kashida(document)
    try:
        return bare.times(job, fit_pt, hooked=True)
    finally:
        kashida.uninstall()
        first_line.uninstall()
        trailing_space.uninstall()
        hooks.uninstall(probe.WRAPPED)


def percentile(values: list[float], p: int) -> float:
    """Nearest-rank percentile: the value at or below which p% of the samples fall."""
    ordered = sorted(values)
    return ordered[max(0, -(-len(ordered) * p // 100) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--only", choices=list(CASES), action="append", help="measure only this case (repeatable)")
    args = parser.parse_args()
    edits, cases = args.edits, args.only or list(CASES)
    results = {}
    with tempfile.TemporaryDirectory(prefix="briefgen-preview-") as scratch:
        project = Path(scratch)
        copy_project(project)
        for name in cases:
            print(f"measuring {name}: {edits} edits ...", file=sys.stderr)
            results[name] = measure(project, name, edits)
    load = os.getloadavg()[0]
    print(f"{edits} edits per document; load average {load:.1f} on {os.cpu_count()} cores at the end")
    print("| document | pages | pages changed | wall clock: median | first page | 90th percentile "
          "| CPU + settle: median | 90th percentile | target (median) | bare WeasyPrint: median | CPU "
          f"| save -> pages / bare, wall (target <= {RATIO_TARGET}x) | CPU |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, r in results.items():
        idle, idle_p90 = r["cpu_median_s"] + SETTLE_S, r["cpu_p90_s"] + SETTLE_S
        verdict = lambda seconds: "met" if seconds <= r["target_median_s"] else "missed"
        ratio = lambda value: f"{value:.2f}x ({'met' if value <= RATIO_TARGET else 'missed'})"
        print(f"| {name} | {r['pages']} | {r['pages_changed_median']:g} | {r['median_s']:.2f} s "
              f"({verdict(r['median_s'])}) | {r['first_page_median_s']:.2f} s | {r['p90_s']:.2f} s "
              f"| {idle:.2f} s ({verdict(idle)}) | {idle_p90:.2f} s | <= {r['target_median_s']} s "
              f"| {r['bare_median_s']:.2f} s | {r['bare_cpu_median_s']:.2f} s "
              f"| {ratio(r['ratio_to_bare'])} | {ratio(r['cpu_ratio_to_bare'])} |")
    print()
    print("| document | longest path: server + busiest worker, CPU + settle | / bare CPU "
          "| WeasyPrint with briefgen's hooks: CPU | hooks / bare | CPU + settle / hooked CPU |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, r in results.items():
        print(f"| {name} | {r['longest_path_median_s'] + SETTLE_S:.2f} s | {r['longest_ratio_to_bare']:.2f}x "
              f"| {r['hooked_cpu_median_s']:.2f} s | {r['hooked_cpu_median_s'] / r['bare_cpu_median_s']:.2f}x "
              f"| {r['cpu_ratio_to_hooked']:.2f}x |")
    out = Path(__file__).parent / "preview_results.json"
    # --only measures some cases: the others' last figures are kept, each with when it was measured.
    kept = json.loads(out.read_text(encoding="utf-8"))["results"] if out.exists() else {}
    measured = dt.datetime.now().isoformat(timespec="seconds")
    kept.update({name: {**r, "measured": measured, "edits": edits} for name, r in results.items()})
    out.write_text(json.dumps({"measured": measured, "results": kept}, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
