"""Changed files, as the operating system reports them (inotify on Linux, via
watchdog), for `watch` and `serve`.

Only writes count: a file created, modified, closed after writing, moved or
deleted. Reads do not, so a render opening templates and fonts never wakes
the watcher. Hidden files (editors' swap files, our own `.name.*.tmp`) and
backups (`name~`) are ignored. Editors save in several steps, so a batch is
handed over once no event has come for `settle` seconds: one save, one batch.
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
LONGEST_BATCH = 2.0       # a file written without pause for longer is handed over anyway


def ignored(path: str) -> bool:
    name = Path(path).name
    return not name or name.startswith(".") or name.endswith("~")


class _Collect(FileSystemEventHandler):
    def __init__(self, events: "queue.Queue[str]", outputs: tuple[Path, ...]):
        self.events, self.outputs = events, outputs

    def on_any_event(self, event: FileSystemEvent) -> None:
        if not isinstance(event, WRITES):
            return   # opened, closed without writing: a reader, perhaps our own render
        for path in (event.src_path, getattr(event, "dest_path", "")):
            path = path.decode() if isinstance(path, bytes) else path
            if path and not ignored(path) and not self.is_output(path):
                self.events.put(path)

    def is_output(self, path: str) -> bool:
        """Our own writes (reports/ placed inside a watched folder) are not edits:
        counting them would rebuild for ever."""
        return any(Path(path).is_relative_to(folder) for folder in self.outputs)


class FileWatcher:
    """Watches folders (recursively) from the moment it is made, except the
    `outputs` folders in them; `batches()` yields the sorted paths changed by
    each save. Use as a context manager."""

    def __init__(self, folders: Iterable[Path], settle: float = SETTLE_SECONDS, outputs: Iterable[Path] = ()):
        self.settle = settle
        self.events: "queue.Queue[str]" = queue.Queue()
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
        changed, deadline = {first}, time.monotonic() + LONGEST_BATCH
        while time.monotonic() < deadline:
            try:
                changed.add(self.events.get(timeout=self.settle))
            except queue.Empty:
                break
        return sorted(changed)

    def batches(self) -> Iterator[list[str]]:
        while True:
            batch = self.next_batch(timeout=1.0)
            if batch:
                yield batch
