"""What `check` found before, remembered so a build need not find it again:
its template pass (every template compiled and followed, every field checked
against the view's schema; render/checks.check_templates) is half of a no-op
rebuild's validation. It reads only the template layers and the code, so its
verdict holds while they hash the same (inputs.InputFiles.all, taken before
the check read them). Only a pass is remembered: problems are always found
afresh, and so is everything else check does (the record, glyphs, fonts).

Kept in reports/.checked.json, a hidden file the indexes do not list. It is
read as untrusted input: anything but the exact expected shape is no verdict.
Losing it, or any error reading or writing it, costs time only.
"""
from __future__ import annotations

import json

from ..paths import Project
from .atomic import write_atomically
from .manifest import regular_file_bytes

NAME = ".checked.json"
VERSION = 1


def templates_passed(project: Project, key: str) -> bool:
    """Did the template pass find nothing when the inputs hashed `key`?"""
    content = regular_file_bytes(project.reports / NAME)
    try:
        known = json.loads(content) if content else None
    except ValueError:
        return False
    return isinstance(known, dict) and known.get("version") == VERSION and known.get("templates") == key


def remember_pass(project: Project, key: str) -> None:
    """After a check without problems in its template pass, for the next build."""
    text = json.dumps({"version": VERSION, "templates": key})
    try:
        write_atomically(project.reports / NAME, text.encode(), project.reports)
    except OSError:      # reports/ unwritable or linked out: the build says so itself
        pass
