"""A function's CPU time added up while it runs: the counters of the bench
scripts that time parts of a render (own_work.py, hooks_cost.py, leak_guard.py).
CPU time, not the wall clock: the machine may be shared."""
from __future__ import annotations

import time


def cpu_timed(function, spent, label: str):
    """`function`, adding the CPU seconds each call takes to spent[label]."""
    def timed(*args, **kwargs):
        started = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent[label] += time.process_time() - started
    return timed
