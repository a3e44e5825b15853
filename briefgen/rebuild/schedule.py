"""Rebuilds on a timetable (schedule); watch.py notices changed files (watch, serve).

Both call the same incremental build, so a rebuild renders only what changed
(and, on a new day, what prints the date of issue).

schedule.yaml (validated like data, file:line errors):

    log: reports/schedule.log          # optional; one line per run
    runs:
      - name: monday-briefs
        cron: "0 6 * * 1"              # minute hour day-of-month month day-of-week
        audiences: [minister, delegation]   # optional narrowing, as --audience
        relations: [qatar-nato]             # optional, as --relation
"""
from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from ..errors import Location, Problem, ValidationFailed
from ..record.yamlnodes import NodeReader, find_node, read_yaml

CRON_FIELDS = "minute hour day-of-month month day-of-week"


@dataclass(frozen=True)
class Run:
    name: str
    cron: str
    audiences: tuple[str, ...] = ()
    relations: tuple[str, ...] = ()


@dataclass(frozen=True)
class Timetable:
    runs: tuple[Run, ...]
    log: Optional[Path]


def load_timetable(path: Path, root: Path) -> Timetable:
    problems: list[Problem] = []
    shown = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
    reader = NodeReader(shown, problems)
    node = read_yaml(path, shown, problems)
    fields = reader.mapping(node, "") if node is not None else None
    runs, log = (), None
    if fields is not None:
        runs = fields.get("runs", reader.list_of(lambda n, p: read_run(reader, n, p)), ())
        log_name = fields.optional("log", reader.string)
        log = root / log_name if log_name else None
        fields.finish()
        seen: set[str] = set()
        for index, run in enumerate(runs):
            if run.name in seen:
                node = find_node(path, f"runs[{index}].name")
                problems.append(Problem(reader.at(node, f"runs[{index}].name") if node else Location(shown, path="runs"),
                                        f"run name {run.name!r} is used twice"))
            seen.add(run.name)
    if problems:
        raise ValidationFailed(problems)
    return Timetable(runs, log)


def read_run(reader: NodeReader, node, path) -> Optional[Run]:
    return reader.record(lambda fields: run_from(reader, fields))(node, path)


def run_from(reader: NodeReader, fields) -> Optional[Run]:
    run = Run(
        name=fields.get("name", reader.ident),
        cron=fields.get("cron", lambda n, p: read_cron(reader, n, p)),
        audiences=fields.optional("audiences", reader.list_of(reader.ident), ()),
        relations=fields.optional("relations", reader.list_of(reader.ident), ()),
    )
    return run if run.name and run.cron else None


def read_cron(reader: NodeReader, node, path) -> Optional[str]:
    expression = reader.string(node, path)
    if expression is None:
        return None
    problem = cron_problem(expression)
    if problem:
        reader.fail(node, path, f"{expression!r} is not a cron expression ({CRON_FIELDS}): {problem}")
        return None
    return expression


def cron_problem(expression: str) -> Optional[str]:
    """None for a valid five-field cron expression, else what is wrong with it."""
    from croniter import croniter
    from croniter.croniter import CroniterError
    fields = expression.split()
    if len(fields) != 5:
        return f"expected 5 fields, got {len(fields)}"
    try:
        croniter(expression)
    except (CroniterError, ValueError) as err:
        return str(err)
    return None


def next_times(run: Run, after: dt.datetime, count: int) -> list[dt.datetime]:
    from croniter import croniter
    schedule = croniter(run.cron, after)
    return [schedule.get_next(dt.datetime) for _ in range(count)]


def serve(timetable: Timetable, rebuild: Callable[[Run], tuple[int, str]],
          now: Callable[[], dt.datetime] = dt.datetime.now, sleep: Callable[[float], None] = time.sleep,
          max_runs: Optional[int] = None, echo: Callable[[str], None] = print) -> None:
    """Wait for each run's next time, rebuild, log; forever or for max_runs runs."""
    due = {run.name: next_times(run, now(), 1)[0] for run in timetable.runs}
    done = 0
    while max_runs is None or done < max_runs:
        run = min(timetable.runs, key=lambda r: due[r.name])
        echo(f"next: {run.name} at {due[run.name]:%Y-%m-%d %H:%M}")
        while (wait := (due[run.name] - now()).total_seconds()) > 0:
            sleep(min(wait, 60))
        status, summary = rebuild(run)
        log_run(timetable.log, run, status, summary, now())
        due[run.name] = next_times(run, now(), 1)[0]
        done += 1


def log_run(log: Optional[Path], run: Run, status: int, summary: str, when: dt.datetime) -> None:
    if log is None:
        return
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("a", encoding="utf-8") as handle:
        handle.write(f"{when:%Y-%m-%dT%H:%M:%S} {run.name} exit={status} {summary}\n")

