"""The placeholder texts `new-relation` writes (briefgen/scaffold.py): they pass
validation, so a scaffolded record builds at once, and the editorial lint names
each one still there (warning code `placeholder`)."""
from __future__ import annotations

PLACEHOLDERS = {
    "summary": {"ar": "ملخص العلاقة، يكتب هنا.", "en": "The summary of the relationship, written here."},
    "areas": {"ar": "مجال من مجالات التعاون.", "en": "An area of cooperation."},
}
PLACEHOLDER_TEXTS = frozenset(text for texts in PLACEHOLDERS.values() for text in texts.values())
