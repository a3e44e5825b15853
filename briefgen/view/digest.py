"""A view's digest: what identifies one document's content, for its key and
its PDF identifier (equal views give equal bytes)."""
from __future__ import annotations

import hashlib
import json


def digest_of(value) -> str:
    """The SHA-256 of any JSON-able value, its keys sorted: a view, an item of
    one (view/changes.py), a document's named inputs (rebuild/inputs.py)."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def view_digest(view: dict) -> str:
    return digest_of(view)
