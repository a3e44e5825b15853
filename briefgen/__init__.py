"""briefgen: relationship records -> Arabic and English PDF briefings and fact sheets.

The stages, one folder each, in the order data flows through them:
record/ (YAML -> typed records, validated) -> document/ (clearance, the view
one document shows in its language, HTML, then PDF) -> rebuild/ (plan, keys,
workers, atomic writes, manifest, index, watch, schedule). cli.py is the
command line; paths.py says where the project's folders are.
"""
# Part of every output's key: bump it when a code change alters what documents look like.
__version__ = "0.3.0"
