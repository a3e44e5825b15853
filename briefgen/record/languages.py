"""What a document language is, for every stage: read from here, never
compared as a literal."""
from __future__ import annotations

DIGIT_STYLES = ("western", "arabic-indic")
