"""The page `draft` reads: a text file, an HTML file, or an http(s) address.

An address is fetched only when given, with urllib (the standard library: no
browser, so no script runs), within a time limit for the whole fetch and a size
limit, following redirects only to http(s). HTML is reduced to its text with
the standard library's parser: scripts, styles, templates and the page's
navigation, header and footer are left out, and what a reader never sees
(hidden, display:none, a text box); blocks become lines, so a bullet
list stays one sentence a line. Offsets `draft` records are into this text.
"""
from __future__ import annotations

import os
import re
import stat
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Optional
from urllib.parse import urlparse

MAX_SOURCE_BYTES = 2_000_000       # a ministry's page is tens of kilobytes
FETCH_SECONDS = 20.0
WEB_SCHEMES = ("http", "https")
SKIPPED = {"script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "svg",
           "iframe", "object", "button", "select", "head", "textarea"}
# An element a reader of the page never sees (the `hidden` attribute, a style
# that hides it): its text is not what the page says, so nothing is drafted from it.
UNSEEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
BLOCKS = {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "table", "section",
          "article", "main", "blockquote", "dd", "dt", "hr", "td", "th"}
VOID = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "source", "track", "wbr"}


class SourceError(ValueError):
    """A page `draft` cannot read: named, never a traceback."""


@dataclass(frozen=True)
class Page:
    text: str                    # the page's text, as offsets count it
    title: Optional[str]         # <title>, <h1>, or a text file's first line if it is a heading
    location: str                # the address, or the file as given
    url: Optional[str] = None    # an http(s) address, for the citation
    publisher: Optional[str] = None   # <meta property="og:site_name">, when the page says


def read_page(source: str, timeout: float = FETCH_SECONDS, limit: int = MAX_SOURCE_BYTES) -> Page:
    scheme = urlparse(source).scheme.lower()
    if scheme in WEB_SCHEMES:
        raw, charset = fetch(source, timeout, limit)
        return page_from(decode(raw, charset, source), source, url=source)
    if "://" in source or scheme == "file":
        raise SourceError(f"{source}: only http and https addresses are fetched (or give a file)")
    return page_from(decode(read_file(Path(source), limit), None, source), source)


def read_file(path: Path, limit: int) -> bytes:
    """A regular file's bytes, up to the limit (a FIFO or device would block or never end)."""
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as err:
        raise SourceError(f"{path}: cannot be read ({err.strerror})") from None
    if not stat.S_ISREG(os.fstat(handle).st_mode):     # before fdopen, which refuses a folder with its own error
        os.close(handle)
        raise SourceError(f"{path}: not a regular file")
    with os.fdopen(handle, "rb") as file:
        raw = file.read(limit + 1)
    if len(raw) > limit:
        raise SourceError(f"{path}: larger than {limit:,} bytes; a source page is read whole, up to that size")
    return raw


class SameSchemeRedirects(urllib.request.HTTPRedirectHandler):
    """Redirects are followed to http(s) addresses only (never file: or ftp:)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlparse(newurl).scheme.lower() not in WEB_SCHEMES:
            raise SourceError(f"{req.full_url}: redirected to {newurl!r}; only http and https are followed")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url: str, timeout: float, limit: int) -> tuple[bytes, Optional[str]]:
    """The body and its charset, or SourceError: over the size, over the time
    (the whole fetch, not each read: a server sending a byte a second is cut off)."""
    opener = urllib.request.build_opener(SameSchemeRedirects)
    deadline = time.monotonic() + timeout
    request = urllib.request.Request(url, headers={"User-Agent": "briefgen-draft", "Accept": "text/html, text/plain"})
    try:
        with opener.open(request, timeout=timeout) as response:
            kind = response.headers.get_content_type()
            if not (kind.startswith("text/") or kind == "application/xhtml+xml"):
                raise SourceError(f"{url}: served as {kind}, not a page of text")
            chunks, size = [], 0
            while chunk := response.read1(65536):       # what has come, not 64 KB: the deadline is checked
                size += len(chunk)
                if size > limit:
                    raise SourceError(f"{url}: larger than {limit:,} bytes; not read further")
                if time.monotonic() > deadline:
                    raise SourceError(f"{url}: not fetched within {timeout:g} s")
                chunks.append(chunk)
            return b"".join(chunks), response.headers.get_content_charset()
    except SourceError:
        raise
    except (urllib.error.URLError, OSError, ValueError) as err:
        reason = getattr(err, "reason", None) or err
        raise SourceError(f"{url}: not fetched ({reason})") from None


def decode(raw: bytes, charset: Optional[str], where: str) -> str:
    if b"\x00" in raw:
        raise SourceError(f"{where}: binary content (a NUL byte); give a text or HTML page")
    try:
        return raw.decode(charset or "utf-8")
    except (UnicodeDecodeError, LookupError):
        raise SourceError(f"{where}: not UTF-8 text{f' ({charset})' if charset else ''}") from None


def page_from(content: str, location: str, url: Optional[str] = None) -> Page:
    if looks_like_html(content):
        parser = TextOfHtml()
        parser.feed(content)
        parser.close()
        return Page(parser.text(), parser.title or parser.heading, location, url, parser.site_name)
    lines = [line.strip() for line in content.splitlines() if line.strip()]
    heading = lines[0] if lines and len(lines[0]) <= 150 and not lines[0].rstrip().endswith((".", "。")) else None
    return Page(content, heading, location, url)


def looks_like_html(content: str) -> bool:
    head = content.lstrip()[:1000].lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) or ("<body" in head or "<p>" in head or "<div" in head)


class TextOfHtml(HTMLParser):
    """The text a reader sees, without what a browser would run or hide."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping: list[str] = []      # open elements whose content is left out
        self.title: Optional[str] = None
        self.heading: Optional[str] = None
        self.site_name: Optional[str] = None
        self.in_title = self.in_h1 = False
        self.title_parts: list[str] = []
        self.h1_parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "meta" and values.get("property") == "og:site_name" and values.get("content"):
            self.site_name = values["content"].strip()
        if tag == "title":
            self.in_title = True
        if tag in VOID:
            if tag in BLOCKS and not self.skipping:
                self.parts.append("\n")
            return
        if tag in SKIPPED or self.skipping or "hidden" in values or UNSEEN.search(values.get("style") or ""):
            self.skipping.append(tag)
            return
        self.in_h1 = self.in_h1 or tag == "h1"
        if tag in BLOCKS:
            self.parts.append("\n\n" if tag not in ("li", "td", "th") else "\n")

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
            self.title = " ".join("".join(self.title_parts).split()) or None
        if self.skipping:
            if tag in self.skipping:
                while self.skipping and self.skipping.pop() != tag:
                    pass
            return
        if tag == "h1" and self.in_h1:
            self.in_h1 = False
            self.heading = self.heading or " ".join("".join(self.h1_parts).split()) or None
        if tag in BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if self.in_title:
            self.title_parts.append(data)
        if self.skipping:
            return
        if self.in_h1:
            self.h1_parts.append(data)
        self.parts.append(data)

    def text(self) -> str:
        lines = [" ".join(line.split()) for line in "".join(self.parts).split("\n")]
        out, blank = [], False
        for line in lines:
            if line:
                out.append(line)
                blank = False
            elif not blank and out:
                out.append("")
                blank = True
        return "\n".join(out).strip() + "\n"
