"""Rebuilds on a timetable (schedule); watch.py notices changed files (watch, serve).

Both call the same incremental build, so a rebuild renders only what changed
(and, on a new day, what prints the date of issue).

schedule.yaml (validated like data, file:line errors):

    log: reports/schedule.log          # optional; one line per run (a .log inside the project,
                                       # not in a relationship's folder of reports/)
    timezone: Asia/Qatar               # optional IANA name; default the machine's
    runs:
      - name: monday-briefs
        cron: "0 6 * * 1"              # minute hour day-of-month month day-of-week
        audiences: [minister, delegation]   # optional narrowing, as --audience
        relations: [qatar-nato]             # optional, as --relation
        documents: [briefing]               # optional, as --doc
        languages: [ar]                     # optional, as --lang

`check` reads it too: relationships, audiences, documents and languages must
exist (known), the cron expressions and the time zone be valid.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from ..errors import Location, Problem, ValidationFailed
from ..paths import relative_name
from ..record.yamlnodes import NodeReader, did_you_mean, find_node, read_yaml

CRON_FIELDS = "minute hour day-of-month month day-of-week"


@dataclass(frozen=True)
class Run:
    name: str
    cron: str
    audiences: tuple[str, ...] = ()
    relations: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()


@dataclass(frozen=True)
class Timetable:
    runs: tuple[Run, ...]
    log: Optional[Path]
    timezone: Optional[dt.tzinfo] = None      # None: the machine's

    def now(self) -> dt.datetime:
        """The time now, in the timetable's zone (aware: cron times follow its daylight saving)."""
        return dt.datetime.now(self.timezone) if self.timezone else dt.datetime.now().astimezone()


# Names a run may narrow to: {"relations": {...}, "audiences": {...}, "documents": ..., "languages": ...}
Known = dict[str, set[str]]


def load_timetable(path: Path, root: Path, known: Optional[Known] = None) -> Timetable:
    """schedule.yaml, validated; `known` also checks every name a run uses."""
    problems: list[Problem] = []
    shown = relative_name(path, root)
    reader = NodeReader(shown, problems)
    node = read_yaml(path, shown, problems)
    fields = reader.mapping(node, "") if node is not None else None
    runs, log, zone = (), None, None
    if fields is not None:
        runs = fields.get("runs", reader.list_of(lambda n, p: read_run(reader, n, p, known)), ())
        log = fields.optional("log", lambda n, p: read_log(reader, n, p, root))
        zone = fields.optional("timezone", lambda n, p: read_timezone(reader, n, p))
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
    return Timetable(runs, log, zone)


def read_run(reader: NodeReader, node, path, known: Optional[Known] = None) -> Optional[Run]:
    return reader.record(lambda fields: run_from(reader, fields, known))(node, path)


def run_from(reader: NodeReader, fields, known: Optional[Known] = None) -> Optional[Run]:
    names = lambda kind, read=reader.ident: reader.list_of(lambda n, p: known_name(reader, n, p, kind, known, read))
    run = Run(
        name=fields.get("name", reader.ident),
        cron=fields.get("cron", lambda n, p: read_cron(reader, n, p)),
        audiences=fields.optional("audiences", names("audiences"), ()),
        relations=fields.optional("relations", names("relations"), ()),
        documents=fields.optional("documents", names("documents", reader.string), ()),
        languages=fields.optional("languages", names("languages", reader.string), ()),
    )
    return run if run.name and run.cron else None


SINGULAR = {"audiences": "audience", "relations": "relationship", "documents": "document", "languages": "language"}


def known_name(reader: NodeReader, node, path, kind: str, known: Optional[Known], read) -> Optional[str]:
    """A name a run narrows to, which must exist (`minster` is caught here, not
    when the run fires at 06:00)."""
    value = read(node, path)
    if value is None or known is None or kind not in known:
        return value
    if value not in known[kind]:
        reader.fail(node, path, f"unknown {SINGULAR[kind]} {value!r}{did_you_mean(value, known[kind])} "
                                f"(known: {', '.join(sorted(known[kind]))})")
        return None
    return value


def read_log(reader: NodeReader, node, path, root: Path) -> Optional[Path]:
    """The run log: a `.log` file inside the project, outside the folders
    that get published. The timetable is edited by many hands and runs
    unattended: `log: ../../.bashrc` or `log: generate.py` would have a line
    appended to it at every run, and a log in an audience's folder would
    publish every run's summary with it."""
    name = reader.string(node, path)
    if name is None:
        return None
    why = unsafe_log(name, root)
    if why:
        reader.fail(node, path, f"{name!r}: {why}")
        return None
    return (root / name).resolve()     # where it was judged; a link made there later is refused (log_run)


def unsafe_log(name: str, root: Path) -> Optional[str]:
    """Why `name` may not be the run log, judged where it leads once links are
    followed, or None."""
    relative = Path(name)
    if not relative.parts or relative.is_absolute() or ".." in relative.parts or relative.parts[0].startswith("~"):
        return "the log must be a path inside the project folder, such as reports/schedule.log"
    if relative.suffix != ".log":
        return "the log's name must end in .log (a line is appended to it at every run)"
    project, target = root.resolve(), (root / relative).resolve()
    if not target.is_relative_to(project):
        return f"the log must stay inside the project folder; through a link it is {target}"
    where = target.relative_to(project).parts
    linked = f" (through a link it is {target})" if target != project / relative else ""
    if where[0] in ("data", "templates", "fonts"):
        return f"the log must not be in {where[0]}/, which every build reads (watch would rebuild at every run){linked}"
    if where[0] == "reports" and len(where) > 2:
        return f"the log must not be inside a relationship's folder of reports/, which may be published{linked}"
    return None


def read_timezone(reader: NodeReader, node, path) -> Optional[dt.tzinfo]:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError
    name = reader.string(node, path)
    if name is None:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        reader.fail(node, path, f"{name!r} is not a time zone: expected an IANA name such as Asia/Qatar, "
                                f"Europe/Brussels or UTC")
        return None


def read_cron(reader: NodeReader, node, path) -> Optional[str]:
    expression = reader.string(node, path)
    if expression is None:
        return None
    problem = cron_problem(expression)
    if problem:
        reader.fail(node, path, problem)
        return None
    return expression


# The @-shorthands croniter reads, and what each means (@reboot has no time: refused).
SHORTHANDS = {"@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *",
              "@weekly": "0 0 * * 0", "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *"}
# Each field's name and range, in order (day-of-week 7 is Sunday, as 0).
CRON_RANGES = (("minute", 0, 59), ("hour", 0, 23), ("day-of-month", 1, 31), ("month", 1, 12),
               ("day-of-week", 0, 7))


def cron_problem(expression: str) -> Optional[str]:
    """None for a cron expression that fires (five fields, or an @-shorthand),
    else the whole message: what is wrong, naming the field."""
    from croniter import croniter
    from croniter.croniter import CroniterError
    text = expression.strip()
    bad = f"{expression!r} is not a cron expression ({CRON_FIELDS}, or one of {', '.join(SHORTHANDS)})"
    if text.startswith("@"):
        return None if text.lower() in SHORTHANDS else f"{bad}: unknown shorthand {text!r}"
    fields = text.split()
    if len(fields) != 5:
        return f"{bad}: expected 5 fields, got {len(fields)}"
    for value, (name, low, high) in zip(fields, CRON_RANGES):
        problem = field_problem(value, name, low, high)
        if problem:
            return f"{bad}: {problem}"
    try:
        croniter(text)
    except (CroniterError, ValueError) as err:
        return f"{bad}: {err}"
    if next_time(text, dt.datetime(2000, 1, 1)) is None:
        return (f"{expression!r} never fires: no date has that day of the month in that month "
                f"(February has at most 29 days; April, June, September and November 30)")
    return None


def field_problem(value: str, name: str, low: int, high: int) -> Optional[str]:
    """A number outside its field's range (`hour 25 is out of range 0–23`) or a
    step of 0; names (jan, mon) and other syntax are left to croniter."""
    for part in value.split(","):
        values, _, step = part.partition("/")
        if step.isdigit() and int(step) == 0:
            return f"{name} step 0 in {part!r}: a step must be at least 1"
        for number in re.findall(r"\d+", values):
            if not low <= int(number) <= high:
                return f"{name} {int(number)} is out of range {low}–{high}"
    return None


def next_time(cron: str, after: dt.datetime) -> Optional[dt.datetime]:
    """The first time after `after` the expression fires, or None if it never
    does (31 February: croniter gives up with an error)."""
    from croniter import croniter
    from croniter.croniter import CroniterError
    try:
        return croniter(SHORTHANDS.get(cron.strip().lower(), cron), after).get_next(dt.datetime)
    except (CroniterError, ValueError):
        return None


def next_times(run: Run, after: dt.datetime, count: int) -> list[dt.datetime]:
    """The run's next `count` times; fewer (none) if it never fires. check
    refuses such a run; this guard keeps a timetable edited after check from
    crashing schedule."""
    times = []
    while len(times) < count and (after := next_time(run.cron, after)) is not None:
        times.append(after)
    return times


def serve(timetable: Timetable, rebuild: Callable[[Run], tuple[int, str]],
          now: Optional[Callable[[], dt.datetime]] = None, sleep: Callable[[float], None] = time.sleep,
          max_runs: Optional[int] = None, echo: Callable[[str], None] = print,
          shown: Callable[[Path], str] = str) -> None:
    """Wait for each run's next time (in the timetable's zone), rebuild, log;
    forever or for max_runs runs."""
    now = now or timetable.now
    due = {run.name: next_time(run.cron, now()) for run in timetable.runs}
    for name in [name for name, when in due.items() if when is None]:
        echo(f"{name}: its cron expression never fires; left out")
        del due[name]
    runs = [run for run in timetable.runs if run.name in due]
    done = 0
    while runs and (max_runs is None or done < max_runs):
        run = min(runs, key=lambda r: due[r.name])
        echo(f"next: {run.name} at {due[run.name]:%Y-%m-%d %H:%M %Z}")
        while (wait := (due[run.name] - now()).total_seconds()) > 0:
            sleep(min(wait, 60))
        status, summary = rebuild(run)
        log_run(timetable.log, run, status, summary, now(), shown)
        due[run.name] = next_time(run.cron, now())
        if due[run.name] is None:     # cannot happen for an expression that fired once; never crash
            runs.remove(run)
        done += 1


def log_run(log: Optional[Path], run: Run, status: int, summary: str, when: dt.datetime,
            shown: Callable[[Path], str] = str) -> None:
    if log is None:
        return
    log.parent.mkdir(parents=True, exist_ok=True)
    line = f"{when:%Y-%m-%dT%H:%M:%S} {run.name} exit={status} {summary}\n"
    try:
        # O_NOFOLLOW: a link put in the log's place after check is not followed.
        handle = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, 0o666)
        with os.fdopen(handle, "a", encoding="utf-8") as out:
            out.write(line)
    except OSError as err:     # the builds go on; the run's summary is on stdout already
        print(f"error: cannot write the schedule log {shown(log)}: {err.strerror or err}", file=sys.stderr)


def known_names(project) -> Known:
    """What a run may name, from the folders themselves (so the timetable is
    checked even when a profile or a record is invalid)."""
    from ..record.kinds import load_kinds
    from ..record.languages import LANGUAGES
    try:
        documents = set(load_kinds(project.template_layers))
    except ValidationFailed:            # check reports the registry's own problems
        documents = set()
    return {"relations": {p.stem for p in (project.data / "relations").glob("*.yaml")},
            "audiences": {p.parent.name for layer in project.template_layers
                          for p in (layer / "audiences").glob("*/audience.yaml")},
            "documents": documents, "languages": set(LANGUAGES)}


def check_timetable(project) -> list[Problem]:
    """The problems of the project's schedule.yaml (none if it has none)."""
    if not project.schedule.is_file():
        return []
    try:
        load_timetable(project.schedule, project.root, known_names(project))
    except ValidationFailed as failed:
        return list(failed.problems)
    return []
