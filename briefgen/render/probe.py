"""Probe layouts: a layout that stops once it has shown that the content runs
past a number of pages, for the sizes a one-page fit tries and rejects
(engine.py, fit_one_page). Such a layout answers only "does it need more than
N pages?"; laying out the rest of the content would not change the answer.

`install()` wraps `make_all_pages` in `weasyprint.layout` (WeasyPrint 70.0,
pinned: kashida.WEASYPRINT), once per process. Outside `pages_up_to` the
wrapper passes every page through untouched, so documents laid out in full,
and their bytes, are as before. Inside it, after the N-th page, if WeasyPrint
has content left for another page (its page maker holds where the next page
would resume), the wrapper stops: that next page is not laid out, and nothing
is queued to lay it out again. The Document it gives has N pages and must only
be measured, never written; the `Stopped` the block yields says so.

A page count is taken from WeasyPrint's first pass over the pages. Its later
passes redo pages whose content depends on page counters (`counter(pages)` in
the flow, not in the margins), so a document whose length depends on its own
page count could be judged on its first pass; briefgen's templates print page
counts only in page margins, which are laid out after the passes.
"""
from __future__ import annotations

import contextvars
import importlib
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator, Optional

from . import hooks

WRAPPED = ("weasyprint.layout", "make_all_pages", ["context", "root_box", "html", "pages"])


class ProbeError(RuntimeError):
    """WeasyPrint's page maker is not the one this probe was written for."""


@dataclass
class Stopped:
    """What a probe's block learns: whether the layout stopped with content left."""
    limit: int
    early: bool = False


_probe: contextvars.ContextVar[Optional[Stopped]] = contextvars.ContextVar("briefgen_probe", default=None)



def content_left(context, made: int) -> bool:
    """Whether WeasyPrint would lay out another page after `made` pages: where
    that page resumes (its page maker's entry), or footnotes carried over."""
    return context.page_maker[made][0] is not None or bool(context.reported_footnotes)


def stopping(original):
    def make_all_pages(context, root_box, html, pages):
        probe = _probe.get()
        for made, page in enumerate(original(context, root_box, html, pages), start=1):
            yield page
            if probe is not None and made == probe.limit and content_left(context, made):
                # The page that would come next is not made: nothing asks to
                # lay it out again (layout_document loops while something does).
                context.page_maker[made][-1]["content_changed"] = False
                del context.page_maker[made + 1:]
                probe.early = True
                return
    make_all_pages.__wrapped__ = original
    return make_all_pages


def check_internals() -> list[str]:
    """What differs from the WeasyPrint this probe was written for (empty: nothing)."""
    from .kashida import interface_problems
    problems = interface_problems("the probe layout", [WRAPPED])
    page_module = importlib.import_module("weasyprint.layout.page")
    maker = getattr(page_module, "remake_page", None)
    if not problems and (maker is None or "page_maker.append" not in _source(maker)):
        problems.append("weasyprint.layout.page.remake_page no longer keeps where each page resumes")
    return problems


def _source(function) -> str:
    import inspect
    return inspect.getsource(function)


def installed() -> bool:
    return hooks.installed(WRAPPED)


def install() -> None:
    """Wrap make_all_pages (once per process). Raises ProbeError, saying what
    changed, on any other WeasyPrint than the pinned one."""
    hooks.install(WRAPPED, stopping, check_internals, ProbeError)


@contextmanager
def pages_up_to(limit: Optional[int]) -> Iterator[Stopped]:
    """Layouts inside the block stop after `limit` pages when content is left
    (None: no limit, the layout is whole)."""
    install()
    probe = Stopped(limit) if limit is not None else None
    token = _probe.set(probe)
    try:
        yield probe or Stopped(0)
    finally:
        _probe.reset(token)
