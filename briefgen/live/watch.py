"""Changed files, as the operating system reports them (inotify on Linux, via
watchdog), for `watch` and `serve`.

Only writes count: a file created, modified, closed after writing, moved or
deleted. Reads do not, so a render opening templates and fonts never wakes
the watcher. Hidden files (editors' swap files, our own `.name.*.tmp`) and
backups (`name~`) are ignored. Editors save in several steps, so a batch is
handed over once no event has come for `settle` seconds: one save, one batch.

Unless the save says it is done: a file of a kind a project is made of
(EDITED, by suffix) closed after writing, or renamed into place, with no
other file of the batch still being written or gone, is whole — the kernel
tells us so (inotify's IN_CLOSE_WRITE, IN_MOVED_TO) — and the batch is handed
over at once, without the settle. A plain write, `sed -i` (a temporary file
renamed over the file) and editors that write in place or write a temporary
file and rename it end there. A file renamed away or deleted (vim's backup
rename before it writes the file anew) is not done until it is back, or the
settle passes; a temporary file's close (`sedXXXXXX`, vim's `4913`) ends
nothing; a file moved in from outside the watched folders (reported as
created) waits for the settle. A second write soon after (a format-on-save)
is a second batch: one more rebuild, which shows the file as it ends.
"""
from __future__ import annotations

import queue
import time
from pathlib import Path
from typing import Iterable, Iterator, Optional

from watchdog.events import (DirDeletedEvent, DirMovedEvent, FileClosedEvent, FileCreatedEvent,
                             FileDeletedEvent, FileModifiedEvent, FileMovedEvent, FileSystemEvent,
                             FileSystemEventHandler)
from watchdog.observers import Observer

WRITES = (FileCreatedEvent, FileModifiedEvent, FileClosedEvent, FileMovedEvent, FileDeletedEvent,
          DirMovedEvent, DirDeletedEvent)
SETTLE_SECONDS = 0.05     # quiet time that ends a batch
# Suffixes of the files a project is made of (records, profiles, templates, stylesheets,
# strings, images, fonts): one of these written whole ends a batch at once. Editors'
# temporary files have none of them (sed's `sedXXXXXX`, vim's `4913`, `name.yaml___jb_tmp___`).
EDITED = frozenset({".yaml", ".yml", ".html", ".htm", ".css", ".txt", ".json", ".svg", ".png", ".jpg",
                    ".jpeg", ".ttf", ".otf", ".woff", ".woff2"})
LONGEST_BATCH = 2.0       # a file written without pause for longer is handed over anyway


def ignored(path: str) -> bool:
    name = Path(path).name
    return not name or name.startswith(".") or name.endswith("~")


# What an event says of each path it names (see the module's docstring).
WRITING, WRITTEN, GONE = "writing", "written", "gone"


def states(event: FileSystemEvent) -> list[tuple[str, str]]:
    """(path, state) for each path the write event names: WRITTEN when the
    file is whole (closed after writing, renamed into place), GONE when it
    was renamed away or deleted, WRITING otherwise (created, modified)."""
    if isinstance(event, (FileMovedEvent, DirMovedEvent)):
        return [(event.src_path, GONE), (event.dest_path, WRITTEN)]
    if isinstance(event, (FileDeletedEvent, DirDeletedEvent)):
        return [(event.src_path, GONE)]
    return [(event.src_path, WRITTEN if isinstance(event, FileClosedEvent) else WRITING)]


def edited(path: str) -> bool:
    return Path(path).suffix.lower() in EDITED


class _Collect(FileSystemEventHandler):
    def __init__(self, events: "queue.Queue[tuple[str, str]]", outputs: tuple[Path, ...]):
        self.events, self.outputs = events, outputs

    def on_any_event(self, event: FileSystemEvent) -> None:
        if not isinstance(event, WRITES):
            return   # opened, closed without writing: a reader, perhaps our own render
        for path, state in states(event):
            path = path.decode() if isinstance(path, bytes) else path
            if path and not ignored(path) and not self.is_output(path):
                self.events.put((path, state))

    def is_output(self, path: str) -> bool:
        """Our own writes (reports/ placed inside a watched folder) are not edits:
        counting them would rebuild for ever."""
        return any(Path(path).is_relative_to(folder) for folder in self.outputs)


def whole(changed: dict[str, str]) -> bool:
    """True when the batch's last states say its save is done: a file of the
    project's kinds written whole, and none still being written, nor gone
    (which may be a file renamed away to be written anew)."""
    pending = any(state == WRITING or (state == GONE and edited(path)) for path, state in changed.items())
    return not pending and any(state == WRITTEN and edited(path) for path, state in changed.items())


class FileWatcher:
    """Watches folders (recursively) from the moment it is made, except the
    `outputs` folders in them; `batches()` yields the sorted paths changed by
    each save. Use as a context manager."""

    def __init__(self, folders: Iterable[Path], settle: float = SETTLE_SECONDS, outputs: Iterable[Path] = ()):
        self.settle = settle
        self.events: "queue.Queue[tuple[str, str]]" = queue.Queue()
        self.observer = Observer()
        handler = _Collect(self.events, tuple(Path(f).resolve() for f in outputs))
        for folder in {Path(f).resolve() for f in folders}:
            if folder.is_dir():
                self.observer.schedule(handler, str(folder), recursive=True)
        self.observer.start()

    def __enter__(self) -> "FileWatcher":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.observer.stop()
        self.observer.join(timeout=5)

    def next_batch(self, timeout: Optional[float] = None) -> Optional[list[str]]:
        """The paths of the next save, or None if nothing changed within `timeout`."""
        try:
            first = self.events.get(timeout=timeout)
        except queue.Empty:
            return None
        changed, deadline = dict([first]), time.monotonic() + LONGEST_BATCH
        while time.monotonic() < deadline:
            try:   # once the save says it is whole, only what has already come joins it
                path, state = self.events.get_nowait() if whole(changed) else self.events.get(timeout=self.settle)
            except queue.Empty:
                break
            changed[path] = state
        return sorted(changed)

    def batches(self) -> Iterator[list[str]]:
        while True:
            batch = self.next_batch(timeout=1.0)
            if batch:
                yield batch
