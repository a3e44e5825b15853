"""The preview's web server (the standard library's, one thread per request).

It serves a fixed set of routes and nothing else:

    /                              the index of documents
    /doc/<name>                    one document's page (name: relation/audience/doc.lang)
    /doc/<name>/page-<n>.png       its page n as printed
    /doc/<name>/thumbnail.png      its first-page thumbnail
    /doc/<name>.pdf                the PDF
    /draft/<relation>              a drafted record beside the page it was drafted from (draftview.py)
    /events                        Server-Sent Events: what changes, as it changes
    /state.json                    the same, at once (for scripts)
    /_preview/live.js, preview.css its own assets

A URL never becomes a file path: a name must match [a-z0-9-]/[a-z0-9-]/[a-z]+.(ar|en)
character for character (so `..`, `%2e%2e` or `%2f` cannot) and be one of the
documents the preview knows; files are then found from the build's own paths.
There is no directory listing. Every file is read through files.read_inside
(templates too, pages.py): a PDF or thumbnail replaced by a link out of its
audience's folder, or an asset linked out of assets/, is 404 on every route
alike.

Bound to a loopback address (127.0.0.0/8, ::1) unless told otherwise, it also
refuses requests whose Host is not a loopback name or address, so a web page
that points its own host name at 127.0.0.1 (DNS rebinding) cannot read the
preview.

Any local process can connect, so what it can hold is bounded (Limits): a
connection past the limit is answered 503 and closed by the accepting thread,
without a thread of its own; an event stream past its limit is answered 503;
a request not received whole in time (a half-sent one) is closed.
"""
from __future__ import annotations

import ipaddress
import json
import queue
import re
import socket
import sys
import threading
import time
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Optional
from urllib.parse import parse_qs, urlsplit

import jinja2

from ..paths import Project
from ..record.languages import LANGUAGES
from ..record.yamlnodes import ID
from .files import read_inside, read_output
from .images import PageImages
from .pages import ASSETS, Pages
from .state import PreviewState

# <relation>/<audience>/<kind>.<lang>: ids as the record has them, any language of the table.
NAME = rf"(?P<name>{ID}/{ID}/{ID}\.(?:{'|'.join(LANGUAGES)}))"
ROUTES = [
    (re.compile(rf"^/doc/{NAME}/page-(?P<number>[1-9][0-9]{{0,3}})\.png$"), "page_image"),
    (re.compile(rf"^/doc/{NAME}/thumbnail\.png$"), "thumbnail"),
    (re.compile(rf"^/doc/{NAME}\.pdf$"), "pdf"),
    (re.compile(rf"^/doc/{NAME}/?$"), "document"),
    (re.compile(r"^/$"), "index"),
    (re.compile(rf"^/draft/(?P<relation>{ID})/?$"), "draft"),
    (re.compile(r"^/events$"), "events"),
    (re.compile(r"^/state\.json$"), "state"),
    (re.compile(r"^/_preview/(?P<asset>live\.js|preview\.css)$"), "asset"),
    (re.compile(r"^/favicon\.ico$"), "no_icon"),
]
PIXELS_DIGEST = re.compile(r"[0-9a-f]{32}")     # a page image's ?v= once its pixels are known (images.py Bitmap)
ASSET_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}
KEEP_ALIVE_SECONDS = 15
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": "default-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'self'",
}


def is_loopback(host: str) -> bool:
    """localhost, or an address of 127.0.0.0/8 or ::1 (brackets allowed)."""
    if host.lower() == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)   # ::ffff:127.0.0.1
    return address.is_loopback or bool(mapped and mapped.is_loopback)


@dataclass(frozen=True)
class Limits:
    """What all clients together can hold (docs/rebuilding.md: Live preview)."""
    connections: int = 32          # open at once, event streams included
    streams: int = 8               # Server-Sent Events streams open at once
    request_seconds: float = 10    # to send a whole request line and headers; also each write


BUSY_TEXT = b"busy: too many connections\n"
BUSY = (b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
        b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(BUSY_TEXT), BUSY_TEXT))


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64    # the accepting thread answers refusals itself, quickly

    def __init__(self, address: tuple[str, int], project: Project, state: PreviewState, loopback_only: bool,
                 limits: Limits = Limits(), images: Optional[PageImages] = None):
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, Handler)
        self.project, self.state, self.loopback_only, self.limits = project, state, loopback_only, limits
        self.pages = Pages(project.template_layers)
        self.images = images or PageImages()   # shared with the rebuilding thread's rasteriser
        self.stopping = threading.Event()
        self.streams = threading.BoundedSemaphore(limits.streams)
        # Each open connection -> when its request must be whole (None: received).
        self._deadlines: dict[socket.socket, float | None] = {}
        self._lock = threading.Lock()

    # -- connection limits (the accepting thread) -----------------------------------
    def process_request(self, request, client_address) -> None:
        with self._lock:
            full = len(self._deadlines) >= self.limits.connections
            if not full:
                self._deadlines[request] = time.monotonic() + self.limits.request_seconds
        if full:
            return self.refuse(request)
        super().process_request(request, client_address)   # a thread for this connection

    def refuse(self, request: socket.socket) -> None:
        """503 and close, here and now: never block, never start a thread."""
        try:
            request.setblocking(False)
            request.send(BUSY)
            request.recv(65536)   # what the client sent: closing with it unread would reset the connection
        except OSError:
            pass
        finally:
            self.shutdown_request(request)

    def shutdown_request(self, request) -> None:
        with self._lock:
            self._deadlines.pop(request, None)
        super().shutdown_request(request)

    def expect_request(self, request) -> None:
        with self._lock:
            if request in self._deadlines:
                self._deadlines[request] = time.monotonic() + self.limits.request_seconds

    def request_received(self, request) -> bool:
        """The request is whole; False if it came too late (its connection was closed)."""
        with self._lock:
            deadline = self._deadlines.get(request)
            if deadline is None:
                return False
            self._deadlines[request] = None   # from now on only writes are timed (Handler.setup)
        return deadline >= time.monotonic()

    def service_actions(self) -> None:
        """Run by serve_forever between polls: close connections whose request
        did not arrive whole in time (their thread then sees the end and stops)."""
        now = time.monotonic()
        with self._lock:
            late = [request for request, deadline in self._deadlines.items() if deadline is not None and deadline < now]
        for request in late:
            try:
                request.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

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

    def setup(self) -> None:
        self.timeout = self.server.limits.request_seconds   # a write to a client that stopped reading
        super().setup()

    def handle_one_request(self) -> None:
        self.server.expect_request(self.connection)   # the next request, on a kept-alive connection too
        super().handle_one_request()

    def do_GET(self) -> None:
        if not self.server.request_received(self.connection):
            self.close_connection = True
            return
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
        name = host.rsplit(":", 1)[0] if ":" in host and not host.endswith("]") else host
        return is_loopback(name)

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

    def draft(self, relation, query) -> None:
        from .draftview import draft_view
        html = draft_view(self.server.project, relation)
        if html is None:
            return self.send_text(HTTPStatus.NOT_FOUND, f"no draft of {relation} with its source text in data/drafts/\n")
        self.send_body(HTTPStatus.OK, html.encode(), "text/html; charset=utf-8")

    def page_image(self, name, number, query) -> None:
        image, digest = None, (query.get("v") or [""])[0]
        if self.server.state.document(name) is not None:    # never the images of a document it forgot
            image = self.server.images.known(name, digest) if digest else None
        if image is None:   # not rasterised yet (a URL with the version), or no longer kept
            content = self.read_output(name, pdf=True)
            # A URL that names pixels gets those pixels or nothing: the page of a newer PDF
            # under its name would stay on screen as that page (live.js keeps an image whose
            # URL did not change), even after the document came back to those pixels.
            named = digest if PIXELS_DIGEST.fullmatch(digest) else None
            image = self.server.images.page(name, content, int(number), named) if content else None
        if image is None:
            return self.send_text(HTTPStatus.NOT_FOUND, "no such page\n")
        self.send_body(HTTPStatus.OK, image, "image/png")

    def thumbnail(self, name, query) -> None:
        self.send_found(self.read_output(name, pdf=False), "image/png")

    def pdf(self, name, query) -> None:
        self.send_found(self.read_output(name, pdf=True), "application/pdf")

    def asset(self, asset, query) -> None:
        self.send_found(read_inside(ASSETS / asset, ASSETS), ASSET_TYPES[Path(asset).suffix])

    def no_icon(self, query) -> None:   # browsers ask; an empty answer keeps their consoles quiet
        self.send_body(HTTPStatus.NO_CONTENT, b"", "image/x-icon")

    def state(self, query) -> None:
        state = self.server.state
        body = {"preview": state.preview_json(), "documents": [d.as_json() for d in state.all_documents()]}
        self.send_body(HTTPStatus.OK, json.dumps(body, ensure_ascii=False).encode(), "application/json")

    def events(self, query) -> None:
        """Server-Sent Events until the page goes away: first the whole state, then each change."""
        if not self.server.streams.acquire(blocking=False):
            self.close_connection = True
            return self.send_text(HTTPStatus.SERVICE_UNAVAILABLE, "busy: too many open pages\n")
        showing = (query.get("doc") or [None])[0]
        # A well-formed name even before the preview knows it: a page left open while serve
        # restarts reconnects at once, and its document is still the one to render and rasterise first.
        listener = self.server.state.subscribe(showing if showing and re.fullmatch(NAME, showing) else None)
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
        except OSError:
            pass   # the page was closed, or stopped reading for longer than a write may take
        finally:
            self.server.state.unsubscribe(listener)
            self.server.streams.release()

    # -- helpers ----------------------------------------------------------------
    def read_output(self, name: str, pdf: bool) -> bytes | None:
        """The PDF (or its thumbnail) of a document the preview knows (files.read_output)."""
        document = self.server.state.document(name)
        return None if document is None else read_output(self.server.project, document.row, pdf)

    def send_found(self, content: bytes | None, content_type: str) -> None:
        if content is None:
            return self.send_text(HTTPStatus.NOT_FOUND, "not found (not built yet?)\n")
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
