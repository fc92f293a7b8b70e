"""`reviewtui abandon MEETING --reason TEXT`: the change the app's palette writes, from the
command line. A meeting that cannot be abandoned, or no reason, is one line and exit 1; so is
an id that is not one, argparse's usage error as for any bad argument."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from meeting_notes import add_note

from reviewtui.services.meeting import start_meeting
from reviewtui.services.reporting import build_report
from reviewtui.services.workspace import open_workspace
from reviewtui.store import live as live_store
from reviewtui.store import meetings as meeting_store


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Meeting 1 closed, meeting 2 live with an attendee and a note, in one series."""
    path = tmp_path / "reviews.db"
    ws = open_workspace(path, config=tmp_path / "config")
    try:
        first = start_meeting(ws, "scrum", series="Atlas", attendees=["Ana:csm"])
        first.apply(first.closing.close(override_reason="closed for the test"))
        second = start_meeting(ws, "scrum", series="Atlas", attendees=["Ana:csm"])
        add_note(second, "n: said before anyone saw it was the wrong day")
    finally:
        ws.close()
    return path


def _cli(db: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "REVIEWTUI_CONFIG_DIR": str(tmp_path / "config")}
    env.pop("REVIEWTUI_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "reviewtui", "--db", str(db), *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )


def _one_line_failure(done: subprocess.CompletedProcess[str], words: str) -> None:
    assert done.returncode == 1, done
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("reviewtui: "), done.stderr
    assert words in done.stderr
    assert "Traceback" not in done.stderr


def test_abandon_keeps_the_meeting_marked_with_its_reason_and_out_of_reports(
    db: Path, tmp_path: Path
) -> None:
    done = _cli(db, tmp_path, "abandon", "2", "--reason", "  started by [bold]mistake\x1b[2J ")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "Meeting 2 abandoned: kept in the record, left out of the reports.\n"
    ws = open_workspace(db, config=tmp_path / "config")
    try:
        meeting = meeting_store.get_meeting(ws.db, 2)
        assert meeting is not None
        assert meeting.status == "closed"
        assert meeting.abandoned_at is not None and meeting.ended_at == meeting.abandoned_at
        assert meeting.abandon_reason == "started by [bold]mistake"  # cleaned, kept as text
        # Its note is kept; its attendance no longer counts in the report.
        assert ws.db.query("SELECT text FROM notes WHERE meeting_id = 2") == [
            {"text": "said before anyone saw it was the wrong day"}
        ]
        monthly = build_report(ws).attendance.monthly
        assert [(m.person, m.attended) for m in monthly] == [("Ana", 1)]
    finally:
        ws.close()
    listed = _cli(db, tmp_path, "meetings")
    assert listed.stdout.splitlines()[0].split()[:2] == ["2", "abandoned"]
    _one_line_failure(_cli(db, tmp_path, "abandon", "2", "--reason", "again"), "abandoned already")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("abandon", "2"), "--reason TEXT"),
        (("abandon", "2", "--reason", " \t "), "--reason TEXT"),
        (("abandon", "99", "--reason", "wrong"), "there is no meeting 99"),
        (("abandon", "1", "--reason", "wrong"), "meeting 1 is closed"),
    ],
)
def test_a_meeting_that_cannot_be_abandoned_is_one_line_and_exit_1(
    db: Path, tmp_path: Path, args: tuple[str, ...], words: str
) -> None:
    _one_line_failure(_cli(db, tmp_path, *args), words)
    ws = open_workspace(db, config=tmp_path / "config")
    try:
        assert ws.db.query("SELECT id FROM meetings WHERE abandoned_at IS NOT NULL") == []
    finally:
        ws.close()


@pytest.mark.parametrize("typed", ["two", "-3", "2.0", "", "\uff12", "2 --reason x"])
def test_a_bad_meeting_id_is_a_usage_error_like_any_bad_argument(
    db: Path, tmp_path: Path, typed: str
) -> None:
    done = _cli(db, tmp_path, "abandon", typed, "--reason", "wrong")
    assert done.returncode == 1, done
    assert done.stdout == ""
    assert done.stderr == (
        f"reviewtui abandon: argument meeting: {typed!r} is not a meeting id;"
        " `reviewtui meetings --live` lists them (see reviewtui abandon --help)\n"
    )
    ws = open_workspace(db, config=tmp_path / "config")
    try:
        assert ws.db.query("SELECT id FROM meetings WHERE abandoned_at IS NOT NULL") == []
    finally:
        ws.close()


def test_a_meeting_open_in_a_window_is_abandoned_there(db: Path, tmp_path: Path) -> None:
    ws = open_workspace(db, config=tmp_path / "config")
    try:  # a live window of this process holds the meeting
        live_store.claim(ws.db, 2, live_store.owner_id("window"), ws.clock.now())
    finally:
        ws.close()
    done = _cli(db, tmp_path, "abandon", "2", "--reason", "wrong day")
    _one_line_failure(done, "open in a reviewtui window")
    ws = open_workspace(db, config=tmp_path / "config")
    try:
        meeting = meeting_store.get_meeting(ws.db, 2)
        assert meeting is not None and meeting.status == "live" and meeting.abandoned_at is None
    finally:
        ws.close()
