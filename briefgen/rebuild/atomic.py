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
    put_in_place(written_beside(path, content, reports), path)


def written_beside(path: Path, content: bytes, reports: Path) -> str:
    """write_atomically's first half: the content in a temporary beside
    `path`, with `path`'s permissions to be, flushed to disk. Its name."""
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
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return temp


def put_in_place(temp: str, path: Path) -> None:
    """write_atomically's second half: the temporary renamed over `path`."""
    try:
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
    25 ms one after the other on a shared disk, docs/scale.md). Only once
    every one is on disk is any put in place, in the order given (the
    document before its issue): if one cannot be written, none is, and the
    first error is raised (a document's issue never kept, nor its thumbnail
    shown, without the document)."""
    if len(files) <= 1:
        for path, content in files.items():
            write_atomically(path, content, reports)
        return
    with _writers_made:
        if not _writers:
            _writers.append(ThreadPoolExecutor(max_workers=4, thread_name_prefix="write"))
    writing = [_writers[0].submit(written_beside, path, content, reports) for path, content in files.items()]
    temps, errors = [], []
    for future in writing:
        error = future.exception()
        if error is None:
            temps.append(future.result())
        else:
            errors.append(error)
    try:
        if errors:
            raise errors[0]
        for temp, path in zip(temps, files):
            put_in_place(temp, path)
    finally:
        for temp in temps:
            Path(temp).unlink(missing_ok=True)      # those not put in place


def ordinary_mode(path: Path) -> int:
    """The permission bits `open(path, "w")` would leave: kept for an existing
    file (an operator's chmod survives a rebuild), 0666 & ~umask for a new one."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        return 0o666 & ~current_umask()


def current_umask() -> int:
    """The process umask, read from /proc/self/status where Linux shows it:
    os.umask can only be read by setting it, and write_all's threads call this
    at once, so one could read (and then leave set) the value another set for
    a moment. Elsewhere read by setting it and setting it back, one thread at a time."""
    try:
        with open("/proc/self/status", "rb") as status:
            for line in status:
                if line.startswith(b"Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    with _umask_read:
        mask = os.umask(0o022)
        os.umask(mask)
    return mask


_umask_read = threading.Lock()
