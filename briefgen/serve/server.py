"""The preview's web server (the standard library's, one thread per request).

It serves a fixed set of routes and nothing else:

    /                              the index of documents
    /doc/<name>                    one document's page (name: relation/audience/doc.lang)
    /doc/<name>/page-<n>.png       its page n as printed
    /doc/<name>/thumbnail.png      its first-page thumbnail
    /doc/<name>.pdf                the PDF
    /events                        Server-Sent Events: what changes, as it changes
    /state.json                    the same, at once (for scripts)
    /_preview/live.js, preview.css its own assets

A URL never becomes a file path: a name must match [a-z0-9-]/[a-z0-9-]/[a-z]+.(ar|en)
character for character (so `..`, `%2e%2e` or `%2f` cannot) and be one of the
documents the preview knows; files are then found from the build's own paths.
There is no directory listing. Bound to 127.0.0.1 unless told otherwise, it
also refuses requests whose Host is not a loopback name, so a web page that
points its own host name at 127.0.0.1 (DNS rebinding) cannot read the preview.
"""
from __future__ import annotations

import json
import queue
import re
import socket
import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import jinja2

from ..paths import Project
from .images import PageImages
from .pages import ASSETS, Pages
from .state import PreviewState

NAME = r"(?P<name>[a-z0-9-]+/[a-z0-9-]+/[a-z]+\.(?:ar|en))"
ROUTES = [
    (re.compile(rf"^/doc/{NAME}/page-(?P<number>[1-9][0-9]{{0,3}})\.png$"), "page_image"),
    (re.compile(rf"^/doc/{NAME}/thumbnail\.png$"), "thumbnail"),
    (re.compile(rf"^/doc/{NAME}\.pdf$"), "pdf"),
    (re.compile(rf"^/doc/{NAME}/?$"), "document"),
    (re.compile(r"^/$"), "index"),
    (re.compile(r"^/events$"), "events"),
    (re.compile(r"^/state\.json$"), "state"),
    (re.compile(r"^/_preview/(?P<asset>live\.js|preview\.css)$"), "asset"),
    (re.compile(r"^/favicon\.ico$"), "no_icon"),
]
ASSET_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "[::1]", "::1"}
KEEP_ALIVE_SECONDS = 15
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": "default-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'self'",
}


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], project: Project, state: PreviewState, loopback_only: bool):
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, Handler)
        self.project, self.state, self.loopback_only = project, state, loopback_only
        self.pages = Pages(project.template_layers)
        self.images = PageImages()
        self.stopping = threading.Event()

    def stop(self) -> None:
        self.stopping.set()
        self.shutdown()

    def handle_error(self, request, client_address) -> None:
        """One line on the console, not a traceback (a page closed mid-answer, a bug)."""
        error = sys.exc_info()[1]
        if not isinstance(error, (BrokenPipeError, ConnectionResetError)):
            print(f"preview: could not answer {client_address[0]}: {type(error).__name__}: {error}", file=sys.stderr)


class Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"
    server_version = "briefgen-preview"

    def log_message(self, format, *args) -> None:   # quiet: the console shows the builds
        pass

    def do_GET(self) -> None:
        if not self.host_allowed():
            return self.send_text(HTTPStatus.FORBIDDEN, "forbidden: not a loopback host name\n")
        url = urlsplit(self.path)
        for pattern, handler in ROUTES:
            match = pattern.match(url.path)
            if match:
                return getattr(self, handler)(**match.groupdict(), query=parse_qs(url.query))
        self.send_text(HTTPStatus.NOT_FOUND, "not found\n")

    def host_allowed(self) -> bool:
        if not self.server.loopback_only:
            return True
        host = (self.headers.get("Host") or "").strip().lower()
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        return name in LOOPBACK_NAMES

    # -- routes -----------------------------------------------------------------
    def index(self, query) -> None:
        try:
            html = self.server.pages.index(self.server.state)
        except jinja2.TemplateError:
            # templates/index.html is being edited and is broken: check's messages
            # say where; the documents are still listed.
            html = self.server.pages.plain_index(self.server.state)
        self.send_body(HTTPStatus.OK, html.encode(), "text/html; charset=utf-8")

    def document(self, name, query) -> None:
        document = self.server.state.document(name)
        if document is None:
            return self.send_text(HTTPStatus.NOT_FOUND, f"no document {name} in this preview\n")
        html = self.server.pages.document(document, self.server.state)
        self.send_body(HTTPStatus.OK, html.encode(), "text/html; charset=utf-8")

    def page_image(self, name, number, query) -> None:
        pdf = self.output(name)
        image = self.server.images.page(pdf, int(number)) if pdf else None
        if image is None:
            return self.send_text(HTTPStatus.NOT_FOUND, "no such page\n")
        self.send_body(HTTPStatus.OK, image, "image/png")

    def thumbnail(self, name, query) -> None:
        pdf = self.output(name)
        self.send_file(self.server.project.thumbnail_path(pdf) if pdf else None, "image/png")

    def pdf(self, name, query) -> None:
        self.send_file(self.output(name), "application/pdf")

    def asset(self, asset, query) -> None:
        path = ASSETS / asset
        self.send_body(HTTPStatus.OK, path.read_bytes(), ASSET_TYPES[path.suffix])

    def no_icon(self, query) -> None:   # browsers ask; an empty answer keeps their consoles quiet
        self.send_body(HTTPStatus.NO_CONTENT, b"", "image/x-icon")

    def state(self, query) -> None:
        state = self.server.state
        body = {"preview": state.preview_json(), "documents": [d.as_json() for d in state.all_documents()]}
        self.send_body(HTTPStatus.OK, json.dumps(body, ensure_ascii=False).encode(), "application/json")

    def events(self, query) -> None:
        """Server-Sent Events until the page goes away: first the whole state, then each change."""
        showing = (query.get("doc") or [None])[0]
        listener = self.server.state.subscribe(showing if showing and self.server.state.document(showing) else None)
        try:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream; charset=utf-8")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            while not self.server.stopping.is_set():
                try:
                    event, data = listener.get(timeout=KEEP_ALIVE_SECONDS)
                    self.wfile.write(f"event: {event}\ndata: {data}\n\n".encode())
                except queue.Empty:
                    self.wfile.write(b": keep-alive\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass   # the page was closed
        finally:
            self.server.state.unsubscribe(listener)

    # -- helpers ----------------------------------------------------------------
    def output(self, name: str) -> Path | None:
        """The PDF of a document the preview knows, from the build's own path rule."""
        document = self.server.state.document(name)
        if document is None:
            return None
        row = document.row
        return self.server.project.output_path(row["relation"], row["audience"], row["doc"], row["lang"])

    def send_file(self, path: Path | None, content_type: str) -> None:
        try:
            content = path.read_bytes() if path else None
        except OSError:
            content = None
        if content is None:
            return self.send_text(HTTPStatus.NOT_FOUND, "not built yet\n")
        self.send_body(HTTPStatus.OK, content, content_type)

    def send_text(self, status: HTTPStatus, text: str) -> None:
        self.send_body(status, text.encode(), "text/plain; charset=utf-8")

    def send_body(self, status: HTTPStatus, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        for header, value in SECURITY_HEADERS.items():
            self.send_header(header, value)
        self.end_headers()
        self.wfile.write(body)
