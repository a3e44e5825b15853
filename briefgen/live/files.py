"""What the preview may read from disk, decided in one place for every route.

reports/ is written by builds but can be edited by anyone who can write the
project: a thumbnail or PDF replaced by a link to data/ (the record, with what
clearance removes) or to another audience's folder must not be served. So a
file is read only if, links resolved, it lies in the folder it belongs to.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Optional


def read_inside(path: Path, root: Path, *below: str) -> Optional[bytes]:
    """The bytes of `path` if it is a regular file with no other hard link that,
    links resolved, lies inside root/below...; None otherwise (missing, a
    folder, elsewhere, or a hard link to any file).

    `root` may itself be a link (reports/ on another disk); the folders
    `below` it may not: reports/<relation>/<audience> must be that very folder,
    not a link to another audience's."""
    try:
        real = path.resolve(strict=True)
        folder = root.resolve(strict=True).joinpath(*below)
    except (OSError, RuntimeError):   # missing, or a loop of links
        return None
    if not real.is_relative_to(folder):
        return None
    try:
        # O_NOFOLLOW: a link put in the file's place after the check is not followed;
        # O_NONBLOCK: opening a FIFO put there does not wait for a writer.
        handle = os.open(real, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK)
    except OSError:
        return None
    with os.fdopen(handle, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode):
            return None   # a FIFO or a device is not a document
        if info.st_nlink > 1:
            # A hard link is the file it links to (the record, another audience's
            # PDF), wherever its name lies; a build writes files with one link
            # (as the template loaders judge, paths.confinement).
            return None
        return file.read()
