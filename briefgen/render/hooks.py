"""One WeasyPrint function wrapped where its callers look it up, once per
process, after checking the internals the wrapper was written for — the way
trailing_space.py, first_line.py and probe.py each change WeasyPrint. The
wrapper keeps the original as `__wrapped__`, which says it is installed."""
from __future__ import annotations

import importlib
from typing import Callable


def installed(wrapped: tuple) -> bool:
    """Whether `wrapped` (module name, function name, …) is wrapped now."""
    return hasattr(getattr(importlib.import_module(wrapped[0]), wrapped[1]), "__wrapped__")


def install(wrapped: tuple, wrap: Callable, problems: Callable[[], list[str]], error: type[Exception]) -> None:
    """Replace the function by wrap(function), unless it already is; raise
    `error`, saying what changed, when `problems()` finds this WeasyPrint is not
    the one the wrapper was written for."""
    if installed(wrapped):
        return
    found = problems()
    if found:
        raise error("; ".join(found))
    module = importlib.import_module(wrapped[0])
    setattr(module, wrapped[1], wrap(getattr(module, wrapped[1])))


def uninstall(wrapped: tuple) -> None:
    """Put WeasyPrint's own function back (for tests and measurements)."""
    module = importlib.import_module(wrapped[0])
    function = getattr(module, wrapped[1])
    setattr(module, wrapped[1], getattr(function, "__wrapped__", function))
