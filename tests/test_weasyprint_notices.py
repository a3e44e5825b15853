"""WeasyPrint's warnings fail a document when they mean wrong output (a missing
image, font or glyph, bad CSS, a refused URL); a slower-path notice (fonts
subset with fontTools because the system lacks HarfBuzz-Subset) is printed once
per build and fails nothing."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ISSUED, ROOT

NOTICE = "notice: WeasyPrint subsets fonts with fontTools because the system lacks HarfBuzz-Subset"
# Three documents: two that render (so "once per build" means something, across two worker
# processes) and one whose audience asks for an image that is not there.
THREE = ("--relation", "qatar-nato", "--audience", "minister", "--audience", "press", "--audience", "delegation",
         "--doc", "card", "--doc", "factsheet", "--lang", "ar", "--workers", "2", "--issued", ISSUED)


def without_harfbuzz_subset(tmp: Path) -> dict:
    """The environment of a machine without libharfbuzz-subset0, made real: the
    dynamic linker finds an unloadable file of that name first, so WeasyPrint's
    own search for the library fails and it subsets with fontTools, as it does
    there, logging its warning for every font of every document."""
    libraries = tmp / "no-harfbuzz-subset"
    libraries.mkdir()
    (libraries / "libharfbuzz-subset.so.0").write_text("not a library")
    return {**os.environ, "LD_LIBRARY_PATH": f"{libraries}:{os.environ.get('LD_LIBRARY_PATH', '')}"}


def test_the_condition_is_real(tmp_path):
    probe = subprocess.run([sys.executable, "-W", "ignore", "-c",
                            "from weasyprint.text.ffi import harfbuzz_subset; print(harfbuzz_subset is None)"],
                           env=without_harfbuzz_subset(tmp_path), capture_output=True, text=True, timeout=60)
    assert probe.stdout.strip() == "True", probe.stderr


def test_a_slower_path_notice_is_printed_once_and_fails_nothing_while_a_missing_image_still_fails(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT / "templates", project / "templates")
    # The delegation's documents ask for an image that is not there: wrong output, a failure.
    (project / "templates" / "audiences" / "delegation" / "audience.css").write_text(
        "body { background-image: url(missing.png); }\n", encoding="utf-8")
    result = subprocess.run([sys.executable, str(ROOT / "generate.py"), "build", "--project", str(project),
                             "--json", *THREE], env=without_harfbuzz_subset(tmp_path),
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 1, result.stderr
    reports = project / "reports" / "qatar-nato"
    for built in ("press/factsheet.ar.pdf", "minister/card.ar.pdf"):
        assert (reports / built).stat().st_size > 10_000
    assert not (reports / "delegation" / "factsheet.ar.pdf").exists()
    assert "qatar-nato/delegation/factsheet.ar: WeasyPrint reported: Failed to load image" in result.stderr
    assert result.stderr.count("WeasyPrint reported") == 1, result.stderr
    assert "fontTools" not in result.stderr.replace(NOTICE, "")     # WeasyPrint's own words: not per document
    assert result.stderr.count(NOTICE) == 1, result.stderr
    summary = json.loads(result.stdout)      # --json: the notice is in the summary too, once
    assert len(summary["notices"]) == 1 and f"notice: {summary['notices'][0]}".startswith(NOTICE)
