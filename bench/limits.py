"""Build a record at the documented maxima; print time, pages and worker memory.

    .venv/bin/python bench/limits.py                      # the maxima in briefgen/record/limits.py
    .venv/bin/python bench/limits.py --events 40 --chars 400   # any other size

The record is the Qatar–NATO one plus generated events (mixed Arabic and Latin
text, every kind, spread over the longest span of years allowed), with every
generated text at the given number of characters and the relationship's
paragraphs filled up to the per-record total. It is built in a scratch copy of
the project, every audience, document and language, with 2 workers; the
table gives each document's pages, seconds and the peak resident memory of
the worker that rendered it (from reports/manifest.json), and the whole
build's wall-clock time. Writes bench/limits.json.
"""
from __future__ import annotations

import argparse
import json
import shutil
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from briefgen.record.walk import texts_of  # noqa: E402
from briefgen.record import limits  # noqa: E402
from briefgen.record.load import load_record  # noqa: E402

ISSUED = "2026-11-29"
KINDS = ("visit", "conference", "meeting", "training", "agreement", "accreditation")
ARABIC = "تعاون الناتو في مجال الأمن البحري وبرامج التدريب المشتركة مع دولة قطر "
LATIN = "NATO–Qatar cooperation, NDC course 2016 (Rome) and the ICI framework; "


def filled(seed: str, chars: int, n: int) -> str:
    text = f"{n} " + seed * (chars // len(seed) + 1)
    return text[:chars].rstrip().replace(":", " ").replace("#", " ") or "x"


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', "'") + '"'


def text(chars: int, n: int) -> str:
    return f"{{ar: {quoted(filled(ARABIC, chars, n))}, en: {quoted(filled(LATIN, chars, n))}}}"


def make_record(seed: str, events: int, chars: int, title_chars: int) -> str:
    # Cited as the record's own first source (the shipped record's is `mofa`).
    source = re.search(r"^sources:\n  - id: ([\w-]+)", seed, re.MULTILINE).group(1)
    first_year = 2026 - limits.MAX_YEARS_SPANNED + 1
    lines = []
    for n in range(events):
        year = first_year + (n * (limits.MAX_YEARS_SPANNED - 1)) // max(events - 1, 1)
        lines += [f"  - id: generated-{n}",
                  f"    kind: {KINDS[n % len(KINDS)]}",
                  f"    date: {year}-{n % 12 + 1:02d}",
                  f"    title: {text(title_chars, n)}",
                  f"    description: {text(chars, n)}",
                  f"    sources: [{source}]",
                  ""]
    events_block = "\n".join(lines)
    return seed.replace("\nevents:\n", "\nevents:\n" + events_block + "\n", 1)


def run(events: int, chars: int, title_chars: int, workers: int, keep: Path | None = None) -> dict:
    with tempfile.TemporaryDirectory(prefix="briefgen-limits-") as scratch:
        project = Path(scratch)
        for part in ("briefgen", "templates", "fonts", "data"):
            shutil.copytree(ROOT / part, project / part, ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copy(ROOT / "generate.py", project)
        record = project / "data" / "relations" / "qatar-nato.yaml"
        seed = record.read_text(encoding="utf-8")
        record.write_text(make_record(seed, events, chars, title_chars), encoding="utf-8")
        check = subprocess.run([sys.executable, "generate.py", "check"], cwd=project, capture_output=True, text=True)
        started = time.perf_counter()
        build = subprocess.run([sys.executable, "generate.py", "build", "--issued", ISSUED, "--workers", str(workers)],
                               cwd=project, capture_output=True, text=True)
        seconds = time.perf_counter() - started
        if keep is not None and (project / "reports").is_dir():     # to look at the pages
            shutil.copytree(project / "reports", keep, dirs_exist_ok=True)
        manifest_path = project / "reports" / "manifest.json"
        outputs = json.loads(manifest_path.read_text(encoding="utf-8"))["outputs"] if manifest_path.exists() else {}
        return {"events": events, "chars": chars, "title_chars": title_chars, "record_bytes": record.stat().st_size,
                "check_status": check.returncode, "check_says": (check.stdout + check.stderr).strip()[-400:],
                "build_status": build.returncode, "build_seconds": round(seconds, 1),
                "build_says": build.stdout.strip()[-300:], "errors": [l for l in build.stderr.splitlines()
                                                                      if l.startswith("error")][:5],
                "documents": {name: {k: entry.get(k) for k in ("pages", "render_seconds", "worker_peak_rss_mb",
                                                               "status")}
                              for name, entry in sorted(outputs.items())}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=None, help="generated events (default: the maximum less the record's own)")
    parser.add_argument("--chars", type=int, default=None,
                        help="characters of each description (default: what fills the record to its limit)")
    parser.add_argument("--title-chars", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", type=Path, default=None, help="copy the reports here, to look at them")
    args = parser.parse_args()
    record = load_record(ROOT / "data").relationships["qatar-nato"]
    events = args.events if args.events is not None else limits.MAX_EVENTS - len(record.events)
    if args.chars is None:    # fill the record's text up to the per-record limit
        own = max(sum(len(t) for p, t in texts_of(record) if p.endswith(f".{lang}")) for lang in ("ar", "en"))
        spare = limits.MAX_RECORD_CHARS - own - events * (args.title_chars + 8) - 200
        args.chars = min(limits.MAX_TEXT_CHARS, spare // max(events, 1))
    result = run(events, args.chars, args.title_chars, args.workers, args.keep)
    print(f"record: {result['events']} generated events, {result['chars']} characters per description, "
          f"{result['record_bytes']:,} bytes; check exit {result['check_status']}")
    print(f"build exit {result['build_status']} in {result['build_seconds']} s: {result['build_says']}")
    for line in result["errors"]:
        print(line)
    print("| document | pages | seconds | worker peak MB |\n| --- | --- | --- | --- |")
    for name, d in result["documents"].items():
        print(f"| {name} | {d['pages']} | {d['render_seconds']} | {d['worker_peak_rss_mb']} |")
    (ROOT / "bench" / "limits.json").write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
