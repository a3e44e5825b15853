"""The record: YAML in data/ and the audience profiles, read into typed
records and validated, every problem named by file:line:column.

load (relationships, entities) · audiences (profiles) · words (template
strings) · yamlnodes (the guarded YAML reader) · validate (everything at once).
"""
