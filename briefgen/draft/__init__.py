"""Drafting a record from its source page (`draft SOURCE`): source.py reads the
page, language.py tells its language, dates.py and events.py find its dated
events, match.py its entities, write.py the YAML, run.py the command's steps.
Words per language are vocabulary.py's. It may import the record's reader
(to match entities and to check its own output), nothing after it."""
