"""One build at a time per reports/ folder.

An advisory lock on reports/.lock (flock): the kernel releases it when the
holder exits, even when killed, so a crashed build never leaves a stale lock.
"""
from __future__ import annotations

import fcntl
import os
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from ..errors import BuildError
from ..paths import DRAFTS, confined, write_problem
from .atomic import TEMPORARY
from .issues import FOLDER as ISSUES


class ReportsLocked(BuildError):
    """Another build holds the lock and we were told not to wait (or waited too long)."""


@contextmanager
def reports_lock(reports: Path, wait: float | None = None,
                 notify: Callable[[str], None] = lambda message: None,
                 shown: Callable[[Path], str] = str) -> Iterator[None]:
    """Hold the lock for the block. wait: seconds to wait for another build
    (None: as long as it takes; 0: not at all). shown: a path as messages name it."""
    reports.mkdir(parents=True, exist_ok=True)
    path = confined(reports / ".lock", reports, shown)
    # O_NOFOLLOW: a link put there since is not written through (paths.confined).
    handle = os.fdopen(os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o666),
                       "a+")
    try:
        if not _try_lock(handle):
            holder = _holder(path)
            if wait == 0:
                raise ReportsLocked(f"another build ({holder}) is writing {shown(reports)}; not waiting (--no-wait)")
            notify(f"another build ({holder}) is writing {shown(reports)}; waiting for it to finish")
            deadline = None if wait is None else time.monotonic() + wait
            while not _try_lock(handle):
                if deadline is not None and time.monotonic() > deadline:
                    raise ReportsLocked(f"another build ({holder}) still holds {shown(path)} after {wait:.0f} s")
                time.sleep(0.2)
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}, started {time.strftime('%Y-%m-%d %H:%M:%S')}\n")
        handle.flush()
        yield
    finally:
        handle.close()   # closing releases the lock


def _try_lock(handle) -> bool:
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False


def _holder(path: Path) -> str:
    try:
        return path.read_text().strip() or "unknown process"
    except OSError:
        return "unknown process"


def remove_stale_temporaries(reports: Path) -> None:
    """Temporary files a killed build left behind (we hold the lock: none is
    live): only the names write_atomically makes (atomic.TEMPORARY), only in
    the folders a build writes (reports/, each audience folder and its
    thumbnails/, the same below .drafts/, each document's folder of kept
    issues), never through a link (paths.write_problem)."""
    folders = [reports, *(f for pattern in ("*/*", "*/*/thumbnails", f"{DRAFTS}/*/*", f"{DRAFTS}/*/*/thumbnails",
                                            f"{ISSUES}/*/*/*")
                          for f in reports.glob(pattern) if f.is_dir())]
    for folder in folders:
        # Listed first, judged only where there is one: a folder is judged once
        # per temporary, not once per build (most builds find none).
        temporaries = [temp for temp in folder.glob(".*.tmp") if TEMPORARY.match(temp.name)]
        if not temporaries or (folder != reports and write_problem(folder / "x", reports)):
            continue
        for temp in temporaries:
            if not write_problem(temp, reports):
                temp.unlink(missing_ok=True)
