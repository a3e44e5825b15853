"""Write a file so that a reader or a crash sees the old one or the new one, never half."""
from __future__ import annotations

import os
import re
import stat
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..paths import confined

# The temporaries write_atomically makes (mkstemp: ".<name>." + 8 random
# characters + ".tmp"): the only files a build's clean-up may remove as its own.
TEMPORARY = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")


def write_atomically(path: Path, content: bytes, reports: Path) -> None:
    """Write beside the target, flush to disk, then rename: a reader or a crash
    sees the old file or the new one, never half of one. The new file gets the
    permissions an ordinary write would give it: those of the file it replaces,
    or, for a new file, 0666 less the umask (0644 under umask 022). Only a
    path a build may write below `reports` (paths.confined), checked before
    its folder is made and again before the rename."""
    confined(path, reports)
    path.parent.mkdir(parents=True, exist_ok=True)
    confined(path, reports)
    mode = ordinary_mode(path)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), mode)   # mkstemp makes 0600, readable by its owner alone
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


_writers: list[ThreadPoolExecutor] = []     # made on first use, kept for the process
_writers_made = threading.Lock()


def write_all(files: dict[Path, bytes], reports: Path) -> None:
    """Each file written atomically (write_atomically), each on a thread of
    its own: their flushes to disk overlap rather than wait for each other (a
    document, its thumbnail and its issue: about 2 ms together against 8 to
    25 ms one after the other on a shared disk, docs/scale.md). Returns once
    every one is done; raises the first error (the others are written all the
    same, as a crash between two writes in turn could leave them)."""
    if len(files) <= 1:
        for path, content in files.items():
            write_atomically(path, content, reports)
        return
    with _writers_made:
        if not _writers:
            _writers.append(ThreadPoolExecutor(max_workers=4, thread_name_prefix="write"))
    writing = [_writers[0].submit(write_atomically, path, content, reports) for path, content in files.items()]
    errors = [error for error in (future.exception() for future in writing) if error is not None]
    if errors:
        raise errors[0]


def ordinary_mode(path: Path) -> int:
    """The permission bits `open(path, "w")` would leave: kept for an existing
    file (an operator's chmod survives a rebuild), 0666 & ~umask for a new one."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        return 0o666 & ~current_umask()


def current_umask() -> int:
    """The process umask (os.umask can only be read by setting it; set it back at once)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
