"""The commands that open the app, run without a terminal: one line on stderr naming the
commands that work without one, exit 2, and nothing opened or made."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

APP_COMMANDS = [[], ["ui"], ["demo"], ["resume"], ["start", "scrum"]]
TIMEOUT = 30


def run(argv: list[str], cwd: Path, stdin: object, stdout: object) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "reviewtui", *argv],
        stdin=stdin,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=TIMEOUT,
        cwd=cwd,
        env=dict(os.environ),
    )


@pytest.mark.parametrize("command", APP_COMMANDS, ids=lambda c: " ".join(c) or "no command")
@pytest.mark.parametrize("missing", ["stdin", "stdout"])
def test_app_commands_need_a_terminal(tmp_path: Path, command: list[str], missing: str) -> None:
    db = tmp_path / "data" / "reviews.db"
    out = tmp_path / "out"
    master, slave = os.openpty()
    try:
        with out.open("w") as out_file:
            if missing == "stdin":
                result = run(["--db", str(db), *command], tmp_path, subprocess.DEVNULL, slave)
            else:
                result = run(["--db", str(db), *command], tmp_path, slave, out_file)
    finally:
        os.close(slave)
        os.close(master)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "needs a terminal" in lines[0]
    assert "start --no-app" in lines[0] and "demo --no-app" in lines[0]
    assert "meetings" in lines[0] and "export" in lines[0]
    assert " ui" not in lines[0] and "resume" not in lines[0]
    assert not (tmp_path / "data").exists()
    assert out.read_text() == ""


def test_no_app_commands_run_without_a_terminal(tmp_path: Path) -> None:
    db = tmp_path / "reviews.db"
    started = run(
        ["--db", str(db), "start", "scrum", "--no-app"],
        tmp_path,
        subprocess.DEVNULL,
        subprocess.PIPE,
    )
    assert started.returncode == 0, started.stderr
    assert started.stdout.strip().isdigit()
    listed = run(["--db", str(db), "meetings"], tmp_path, subprocess.DEVNULL, subprocess.PIPE)
    assert listed.returncode == 0, listed.stderr
    assert "live" in listed.stdout
