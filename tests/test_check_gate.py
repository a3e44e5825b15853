"""`check` as a gate (issue 21): a timetable that passes it cannot crash
`schedule`; every warning has a code and can be accepted with a reason;
messages speak the data's language and name files relative to the project."""
import datetime as dt
import json

from briefgen.rebuild.schedule import Run, next_times
from conftest import run_cli

NEVER_AND_OUT_OF_RANGE = """runs:
  - name: never
    cron: "0 6 31 2 *"
  - name: late
    cron: "0 25 * * 0"
"""
SHORTHANDS = ("@daily", "@weekly", "@monthly", "@yearly", "@annually", "@hourly", "@midnight")


def test_check_refuses_a_cron_that_never_fires_and_names_the_field_out_of_range(tmp_path):
    (tmp_path / "schedule.yaml").write_text(NEVER_AND_OUT_OF_RANGE, encoding="utf-8")
    for command in (("check",), ("schedule", "--list")):
        result = run_cli("--project", str(tmp_path), *command)
        assert result.returncode == 2, result.stderr
        assert "schedule.yaml:3:11: runs[0].cron: '0 6 31 2 *' never fires" in result.stderr
        assert "schedule.yaml:5:11: runs[1].cron: '0 25 * * 0' is not a cron expression" in result.stderr
        assert "hour 25 is out of range 0–23" in result.stderr
        assert "Traceback" not in result.stderr


def test_cron_shorthands_pass_check_and_list_their_times(tmp_path):
    runs = "".join(f'  - name: run-{i}\n    cron: "{cron}"\n' for i, cron in enumerate(SHORTHANDS))
    (tmp_path / "schedule.yaml").write_text("timezone: UTC\nruns:\n" + runs, encoding="utf-8")
    checked = run_cli("--project", str(tmp_path), "check")
    assert checked.returncode == 0, checked.stderr
    listed = run_cli("--project", str(tmp_path), "schedule", "--list")
    assert listed.returncode == 0, listed.stderr
    for i, cron in enumerate(SHORTHANDS):
        assert f"run-{i} ({cron}): " in listed.stdout
    assert "run-1 (@weekly): Sun " in listed.stdout and " 00:00," in listed.stdout


def test_the_next_run_of_a_cron_that_never_fires_is_none_not_a_crash():
    # check refuses it; a timetable edited after check must still not crash schedule.
    assert next_times(Run("never", "0 6 31 2 *"), dt.datetime(2026, 1, 1), 3) == []
    assert len(next_times(Run("leap", "0 6 29 2 *"), dt.datetime(2026, 1, 1), 2)) == 2
