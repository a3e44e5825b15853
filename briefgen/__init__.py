"""briefgen: relationship records -> Arabic and English PDF briefings and fact sheets.

The stages, one folder each, in the order data flows through them; each
imports only those before it (tests/test_shape.py):
record/ (YAML -> typed records, validated) -> view/ (clearance, what one
document shows in its language) -> render/ (HTML, then PDF) -> output/ (the
leak guard, thumbnails) -> rebuild/ (plan, keys, workers, atomic writes,
manifest, index) -> live/ (serve, watch, schedule). Below them all, paths.py
says where the project's folders are and errors.py how problems are named;
cli.py, the command line, sits on top.
"""
# Part of every output's key: bump it when a code change alters what documents look like.
__version__ = "0.3.0"
