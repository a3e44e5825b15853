"""What `check` found before, remembered so a build need not find it again:
the passes that found nothing (render/checks.Passes) — the template pass
(every template compiled and followed, every field checked against the
view's schema), the font files, and the glyph and width checks of the shared
texts and of each relationship file — are most of a no-op rebuild's
validation. They read the template layers, fonts/ and the code, whose hashes
key the whole file (inputs.InputFiles.all, taken before the check read
them), and the record files a pass names by the digest of their bytes as
parsed. So a verdict holds while what its pass read is unchanged. Only a pass
is remembered: problems are always found afresh, and so is everything else
check does (reading and validating the record, its limits).

Kept in reports/.checked.json, a hidden file the indexes do not list. It is
read as untrusted input: anything but the exact expected shape is no verdict,
and a forged one costs what the pass would have caught, by the document
(a missing glyph or a template error fails the documents it touches, named).
Losing it, or any error reading or writing it, costs time only.

A process that builds many times (the live preview after each save; a
scheduled run of several commands in one process) also keeps the passes it
found clean itself, by the same key, so another reports/ folder of the same
project does not run them again: the key names the files by where they are,
so another project's identical files are still checked.
"""
from __future__ import annotations

import json

from ..paths import Project
from ..render.checks import Passes
from .atomic import write_atomically
from .manifest import regular_file_bytes

NAME = ".checked.json"
VERSION = 2
_FOUND_HERE: dict[str, frozenset[str]] = {}     # {key: passes this process found clean on those files}


def known_passes(project: Project, key: str) -> Passes:
    """The passes that found nothing when the template layers, fonts and code hashed `key`."""
    return Passes(_on_disk(project, key) | _FOUND_HERE.get(key, frozenset()))


def _on_disk(project: Project, key: str) -> frozenset[str]:
    content = regular_file_bytes(project.reports / NAME)
    try:
        known = json.loads(content) if content else None
    except ValueError:
        return frozenset()
    if not (isinstance(known, dict) and known.get("version") == VERSION and known.get("inputs") == key
            and isinstance(known.get("passed"), list) and all(isinstance(n, str) for n in known["passed"])):
        return frozenset()
    return frozenset(known["passed"])


def remember(project: Project, key: str, passes: Passes) -> None:
    """After a build, the passes its check found clean (or knew to be), for the
    next build; nothing written if that is what reports/ holds."""
    _FOUND_HERE[key] = _FOUND_HERE.get(key, frozenset()) | passes.clean
    if passes.clean == _on_disk(project, key):
        return
    text = json.dumps({"version": VERSION, "inputs": key, "passed": sorted(passes.clean)}, ensure_ascii=False)
    try:
        write_atomically(project.reports / NAME, text.encode(), project.reports)
    except OSError:      # reports/ unwritable or linked out: the build says so itself
        pass
