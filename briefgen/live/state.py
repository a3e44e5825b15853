"""What the preview knows, shared between the rebuilding thread and the web
server's threads, and told to every open page as it changes.

Two kinds of event go to the pages (Server-Sent Events, see server.py):
`document` (one document's status, version, pages, errors) and `preview`
(what the server is doing, and problems shared by every document).
"""
from __future__ import annotations

import json
import queue
import threading
from dataclasses import dataclass, field
from typing import Optional

# A document's status: built (its pages are current), rendering, waiting (for
# another build's lock), failed (rendering failed: the error), invalid (its
# data or templates are invalid: check's messages).
STATUSES = ("built", "rendering", "waiting", "failed", "invalid")
ON_DISK = ("version", "pages", "built_at", "digests")     # a document's fields that describe its PDF


@dataclass
class DocumentState:
    name: str                 # relation/audience/doc.lang
    row: dict                 # what the index shows: names in both languages, lang, doc...
    status: str = "rendering"
    version: int = 0          # goes up each time the PDF is written again
    pages: int = 0
    errors: list[str] = field(default_factory=list)
    built_at: str = ""
    # Each page's pixels, hashed (live/images.py), once the preview has rasterised the PDF on
    # disk; empty otherwise, and whenever the PDF is written again without being rasterised.
    digests: list[str] = field(default_factory=list)
    updates: int = 0          # changes so far: a late change can tell it is no longer the latest

    def as_json(self) -> dict:
        base = f"/doc/{self.name}"
        # A page's URL names its pixels when known: a page an edit left alone keeps its URL (and the
        # browser its image); else the version, which every write of the PDF changes.
        pages = self.digests if len(self.digests) == self.pages else [self.version] * self.pages
        return {"name": self.name, "status": self.status, "version": self.version, "pages": self.pages,
                "title": self.row.get("title"), "label": self.row.get("label"),
                "errors": self.errors, "built_at": self.built_at, "pdf": f"{base}.pdf?v={self.version}",
                "images": [f"{base}/page-{n}.png?v={v}" for n, v in enumerate(pages, start=1)],
                "thumbnail": f"{base}/thumbnail.png?v={self.version}"}


class PreviewState:
    def __init__(self):
        self._lock = threading.Lock()
        self.documents: dict[str, DocumentState] = {}
        self.activity = ""            # what is being done now, for the banner
        self.problems: list[str] = []  # problems shared by every document (check's lines)
        self._listeners: dict[queue.Queue, Optional[str]] = {}   # queue -> the document it shows

    # -- read (web server threads) -----------------------------------------
    def document(self, name: str) -> Optional[DocumentState]:
        with self._lock:
            return self.documents.get(name)

    def all_documents(self) -> list[DocumentState]:
        with self._lock:
            return [self.documents[n] for n in sorted(self.documents)]

    def viewed(self) -> set[str]:
        """Documents open in some browser tab: they are rendered first."""
        with self._lock:
            return {name for name in self._listeners.values() if name}

    def preview_json(self) -> dict:
        with self._lock:
            return {"activity": self.activity, "problems": list(self.problems)}

    # -- listeners -----------------------------------------------------------
    def subscribe(self, showing: Optional[str] = None) -> "queue.Queue[tuple[str, str]]":
        """A queue of (event, JSON) for one open page, starting with the whole state."""
        listener: queue.Queue = queue.Queue()
        with self._lock:
            self._listeners[listener] = showing
            listener.put(("preview", json.dumps({"activity": self.activity, "problems": self.problems})))
            for name in sorted(self.documents):
                listener.put(("document", json.dumps(self.documents[name].as_json(), ensure_ascii=False)))
        return listener

    def unsubscribe(self, listener: queue.Queue) -> None:
        with self._lock:
            self._listeners.pop(listener, None)

    def _publish(self, event: str, data: dict) -> None:
        text = json.dumps(data, ensure_ascii=False)
        for listener in self._listeners:
            listener.put((event, text))

    # -- write (the rebuilding thread) -----------------------------------------
    def know(self, name: str, row: dict) -> None:
        """A document of the current plan (kept across rebuilds, with its version)."""
        with self._lock:
            if name in self.documents:
                self.documents[name].row = row
            else:
                self.documents[name] = DocumentState(name, row)

    def forget_except(self, names: set[str]) -> None:
        """Documents no longer planned (an audience stopped asking for one) leave the list."""
        with self._lock:
            for name in set(self.documents) - names:
                del self.documents[name]

    def update(self, name: str, **changes) -> None:
        with self._lock:
            document = self.documents.get(name)
            if document is None:
                return
            for key, value in changes.items():
                setattr(document, key, value)
            document.updates += 1
            self._publish("document", document.as_json())

    def update_written(self, name: str, since: int, **changes) -> None:
        """A document's PDF was written, or found current, before its change
        numbered `since`, and is now shown (its pages rasterised): what is on
        disk (ON_DISK) is told unless a newer version was shown meanwhile; the
        rest (status, errors) only if nothing changed the document since. A
        newer save's "rendering" or "invalid" stays, and the version still goes
        up, so the pages are shown again once it is over."""
        with self._lock:
            document = self.documents.get(name)
            if document is None or document.version > changes.get("version", document.version):
                return
            for key, value in changes.items():
                if document.updates == since or key in ON_DISK:
                    setattr(document, key, value)
            document.updates += 1
            self._publish("document", document.as_json())

    def set_preview(self, activity: Optional[str] = None, problems: Optional[list[str]] = None) -> None:
        with self._lock:
            if activity is not None:
                self.activity = activity
            if problems is not None:
                self.problems = list(problems)
            self._publish("preview", {"activity": self.activity, "problems": self.problems})
