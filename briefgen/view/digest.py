"""A view's digest: what identifies one document's content, for its key and
its PDF identifier (equal views give equal bytes)."""
from __future__ import annotations

import hashlib
import json


def view_digest(view: dict) -> str:
    text = json.dumps(view, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()
