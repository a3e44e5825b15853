"""Stage 5, the rebuild: plan the matrix, decide what is out of date, render
with each output's writer (one render job, in worker processes or on a
cluster), write atomically, keep the manifest and the indexes.
"""
