"""A project folder anywhere, the timetable checked like data, a version, and
machine-readable summaries for the job that runs the tool."""
import json
import re
import shutil
import subprocess
import sys

from briefgen import __version__
from conftest import ISSUED, ROOT, cli_in, invoke

BAD_SCHEDULE = """log: reports/schedule.log
timezone: Asia/Qatr
runs:
  - name: monday
    cron: "30 5 * *"
    audiences: [minster]
    relations: [qatar-nato]
    documents: [brief]
    languages: [ar]
"""


def test_check_reads_the_schedule_and_names_each_mistake_by_line(project_copy):
    (project_copy / "schedule.yaml").write_text(BAD_SCHEDULE, encoding="utf-8")
    result = cli_in(project_copy, "check")
    assert result.returncode == 2
    for expected in ("schedule.yaml:2:11: timezone: 'Asia/Qatr' is not a time zone",
                     "schedule.yaml:5:11: runs[0].cron: '30 5 * *' is not a cron expression",
                     "schedule.yaml:6:17: runs[0].audiences[0]: unknown audience 'minster' (did you mean 'minister'?)",
                     "schedule.yaml:8:17: runs[0].documents[0]: unknown document 'brief' (did you mean 'briefing'?)"):
        assert expected in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    summary = json.loads(cli_in(project_copy, "check", "--json").stdout)
    assert summary["status"] == 2
    assert {"file": "schedule.yaml", "line": 6, "column": 17, "field": "runs[0].audiences[0]"}.items() <= \
        next(p for p in summary["problems"] if p["field"] == "runs[0].audiences[0]").items()


def test_the_schedule_log_stays_inside_the_project_and_out_of_published_folders(project_copy):
    (project_copy / "outside.log").symlink_to("/tmp/briefgen-outside.log")
    (project_copy / "reports" / "qatar-nato" / "press").mkdir(parents=True)
    (project_copy / "published.log").symlink_to(project_copy / "reports" / "qatar-nato" / "press" / "x.log")
    expected = {
        "../../home/analyst/.bashrc": "must be a path inside the project folder",
        "/etc/cron.d/briefgen.log": "must be a path inside the project folder",
        "generate.py": "must end in .log",
        "reports/qatar-nato/press/runs.log": "must not be inside a relationship's folder of reports/",
        "outside.log": "through a link it is /tmp/briefgen-outside.log",
        "published.log": "must not be inside a relationship's folder of reports/, which may be published (through a link",
        "data/runs.log": "must not be in data/, which every build reads",
        "~/runs.log": "must be a path inside the project folder",
        ".": "must be a path inside the project folder",
    }
    for log, why in expected.items():
        (project_copy / "schedule.yaml").write_text(f'log: {log}\nruns:\n  - name: m\n    cron: "0 6 * * *"\n',
                                                    encoding="utf-8")
        # `schedule --list` reads only the timetable (3 ms); `check` checks the same timetable
        # with the same function, after every template (0.6 s): once is enough for it.
        commands = [("schedule", "--list")] + [("check",)] * (log == "data/runs.log")
        for command in commands:
            status, stderr, _ = invoke("--project", str(project_copy), *command)
            assert status == 2, (log, command)
            assert f"schedule.yaml:1:6: log: {log!r}: the log" in stderr and why in stderr, (command, stderr)
    before = (project_copy / "generate.py").read_bytes()
    assert (project_copy / "generate.py").read_bytes() == before


def test_the_schedule_runs_in_its_time_zone(project_copy):
    schedule = project_copy / "schedule.yaml"
    schedule.write_text('timezone: Asia/Tokyo\nruns:\n  - name: morning\n    cron: "0 6 * * *"\n', encoding="utf-8")
    listed = cli_in(project_copy, "schedule", "--list")
    assert listed.returncode == 0, listed.stderr
    assert "time zone: JST (Asia/Tokyo)" in listed.stdout and "06:00" in listed.stdout


def test_new_audience_says_how_to_schedule_it(project_copy):
    result = cli_in(project_copy, "new-audience", "embassy")
    assert result.returncode == 0, result.stderr
    assert "schedule.yaml" in result.stdout and "audiences: [embassy]" in result.stdout
    # Files inside the project are named relative to it (issue 21), as every message names them.
    assert result.stdout.startswith("created templates/audiences/embassy: ") and \
        "in schedule.yaml (or give it" in result.stdout, result.stdout


def test_a_project_folder_anywhere_uses_its_own_data_and_the_shipped_rest(tmp_path, monkeypatch):
    project = tmp_path / "my-project"
    shutil.copytree(ROOT / "data", project / "data")
    record = project / "data" / "relations" / "qatar-nato.yaml"
    text, changed = re.subn(r"^title:\n  ar: ", "title:\n  ar: مشروعي ", record.read_text(encoding="utf-8"),
                            count=1, flags=re.M)
    assert changed == 1
    record.write_text(text, encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    command = ("build", "--audience", "press", "--doc", "factsheet", "--lang", "ar", "--issued", ISSUED, "--json")
    result = cli_in(project, *command)
    assert result.returncode == 0, result.stderr
    # Progress names files relative to the project, wherever the tool runs from (issue 21);
    # the JSON summary, for programs, keeps whole paths.
    assert "Building 1 document(s) into reports with 1 worker(s)" in result.stderr, result.stderr
    assert "qatar-nato/press/factsheet.ar: 1 page(s), " in result.stderr and \
        " s -> reports/qatar-nato/press/factsheet.ar.pdf\n" in result.stderr, result.stderr
    assert str(project) not in result.stderr, result.stderr
    summary = json.loads(result.stdout)
    [document] = summary["documents"]
    assert document["status"] == "built" and document["pages"] == 1 and document["error"] is None
    assert document["path"] == str(project / "reports" / "qatar-nato" / "press" / "factsheet.ar.pdf")
    assert summary["totals"]["written"] == 1 and summary["status"] == 0
    from conftest import page_texts
    assert "مشروعي" in page_texts(project / "reports" / "qatar-nato" / "press" / "factsheet.ar.pdf")[0]
    assert not list(elsewhere.iterdir())
    # The environment variable names the project too; a second build finds it up to date.
    monkeypatch.setenv("BRIEFGEN_PROJECT", str(project))       # read by each command (paths.find_project)
    status, err, out = invoke(*command)
    assert json.loads(out)["documents"][0]["status"] == "up to date", err


def test_version_and_python_dash_m():
    result = subprocess.run([sys.executable, str(ROOT / "generate.py"), "--version"], capture_output=True, text=True)
    assert result.stdout.strip() == f"briefgen {__version__}"
    result = subprocess.run([sys.executable, "-m", "briefgen", "--version"], cwd=ROOT, capture_output=True, text=True)
    assert result.stdout.strip() == f"briefgen {__version__}", result.stderr


def test_build_json_names_a_failing_document(project_copy):
    override = project_copy / "templates" / "audiences" / "press" / "factsheet.html"
    override.write_text('{% extends "base/factsheet.html" %}{% block body %}{{ (doc.chronology | first).nope }}'
                        '{% endblock %}', encoding="utf-8")
    result = cli_in(project_copy, "build", "--audience", "press", "--doc", "factsheet", "--lang", "en", "--json")
    assert result.returncode == 2
    [document] = json.loads(result.stdout)["documents"]
    assert document["status"] == "failed"
    assert "templates/audiences/press/factsheet.html:1: 'dict object' has no attribute 'nope'" in document["error"]
