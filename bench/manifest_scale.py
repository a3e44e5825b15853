"""What recording one document in reports/manifest.json costs, at two corpus
sizes: the journal (this code) against rewriting the whole manifest after
every document (what the build did before).

    .venv/bin/python bench/manifest_scale.py

Prints milliseconds per document and bytes written per document for 240 and
2,400 documents. The journal's figures must not grow with the corpus.
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from briefgen.rebuild.manifest import Manifest  # noqa: E402


def entry(i: int) -> dict:
    """An entry shaped like a real one (key, inputs, figures)."""
    templates = {f"sections/s{n}.html": f"/srv/briefgen/templates/sections/s{n}.html" for n in range(12)}
    return {"relation": f"relation-{i // 12}", "audience": "press", "doc": "briefing", "lang": "ar",
            "key": f"{i:064x}", "inputs": {"templates": templates, "files": [f"/srv/fonts/f{n}.ttf" for n in range(5)]},
            "pages": 7, "bytes": 250_000, "render_seconds": 0.4, "status": "built",
            "worker_peak_rss_mb": 106.0, "built_at": "2026-11-29T06:00:00+03:00"}


def measure(documents: int, whole: bool) -> tuple[float, float]:
    """(ms per document, bytes written per document) for one build of `documents`."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "manifest.json"
        manifest, written = Manifest(path), 0
        started = time.perf_counter()
        for i in range(documents):
            manifest.put(f"relation-{i // 12}/press/{i % 12}.pdf", entry(i))
            if whole:                         # the old way: the whole file after every document
                manifest.save()
                written += path.stat().st_size
        if not whole:
            written += manifest.journal.stat().st_size
        manifest.save()
        written += path.stat().st_size
        seconds = time.perf_counter() - started
    return seconds * 1000 / documents, written / documents


def main() -> None:
    print(f"{'documents':>9}  {'way':<22} {'ms/document':>12} {'bytes/document':>15}")
    for documents in (240, 2400):
        for whole, way in ((True, "rewrite whole (before)"), (False, "journal (now)")):
            ms, size = measure(documents, whole)
            print(f"{documents:>9}  {way:<22} {ms:>12.2f} {size:>15,.0f}")


if __name__ == "__main__":
    main()
