"""briefgen: relationship records -> Arabic and English PDF briefings and fact sheets.

The stages, one module each, in the order data flows through them:
load (YAML -> records, validated) -> select (what one document shows, in its
language) -> render (HTML, then PDF) -> build (plan, write atomically, report).
"""
# Part of every output's key: bump it when a code change alters what documents look like.
__version__ = "0.2.0"
