"""What the command line narrowed a build's matrix to (build.plan), apart
from build.py so a no-op known at a glance (rebuild/unchanged.py) need not
import what a render needs."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Selection:
    """What the command line narrowed the matrix to; None means all."""
    relations: tuple[str, ...] | None = None
    audiences: tuple[str, ...] | None = None
    docs: tuple[str, ...] | None = None
    langs: tuple[str, ...] | None = None
    paper: str | None = None       # overrides the audience's paper
    digits: str | None = None      # overrides the audience's digits
    pdf_variant: str | None = None # overrides the audience's PDF variant
    print_marks: bool = False      # bleed and crop marks for every document
    created: dt.datetime | None = None   # from SOURCE_DATE_EPOCH: the PDFs' creation date
    variant: str = ""              # --variant NAME: a one-off copy, kept apart from the standard outputs
    debug_html: bool = False       # --html: also write the HTML and CSS given to WeasyPrint
    formats: tuple[str, ...] | None = None   # --format: registered writers' names (default: pdf)
