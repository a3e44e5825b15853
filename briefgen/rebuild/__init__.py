"""The rebuild: plan the matrix, decide what is out of date, render in worker
processes, write atomically, keep the manifest and index; watch and schedule.
"""
