"""sqlite-utils is imported only when it works: a migration or a write. Opening the app on an
up-to-date database, to the start screen or into a live meeting, does not load it before the
first frame; the app asks for it to be loaded once that frame is up."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from meeting_notes import add_note

from reviewtui.domain.clock import ManualClock
from reviewtui.services.meeting import start_meeting
from reviewtui.services.workspace import open_workspace

_PROBE = """
import json, sys
from reviewtui import cli
from reviewtui.app import ReviewApp
from reviewtui.store.db import Database

seen = {"preload asked": False}
run = ReviewApp.run


def preload(self):  # recorded, not done: what is loaded at the first frame is the app's own
    seen["preload asked"] = True
    seen["loaded when preload asked"] = "sqlite_utils" in sys.modules


Database.preload_utils = preload


def headless(self, *args, **kwargs):
    async def first_frame(pilot):
        await pilot.pause()
        seen["at first frame"] = "sqlite_utils" in sys.modules
        seen["screen"] = type(self.screen).__name__
        self.exit()

    return run(self, headless=True, size=(80, 24), auto_pilot=first_frame)


ReviewApp.run = headless
cli.has_terminal = lambda: True  # headless: the app draws into no terminal
code = cli.main(sys.argv[1:])
print(json.dumps({**seen, "code": code}))
"""


def first_frame(tmp_path: Path, *argv: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, *argv],
        capture_output=True,
        text=True,
        timeout=120,
        env={
            "PATH": "/usr/bin:/bin",
            "HOME": str(tmp_path),
            "XDG_CONFIG_HOME": str(tmp_path / "config"),
            "XDG_DATA_HOME": str(tmp_path / "data"),
            "REVIEWTUI_CONFIG_DIR": str(tmp_path / "config" / "reviewtui"),
        },
    )
    assert result.returncode == 0, result.stderr[-2000:]
    seen: dict = json.loads(result.stdout.strip().splitlines()[-1])
    return seen


def make_database(tmp_path: Path) -> tuple[Path, int]:
    path = tmp_path / "reviews.db"
    ws = open_workspace(path, clock=ManualClock("2026-11-26T14:00:00Z"), config=tmp_path / "c")
    try:
        session = start_meeting(ws, "scrum", series="Team")
        session.apply(session.clock.start())
        add_note(session, "a note typed before the restart")
        return path, session.id
    finally:
        ws.close()


def test_the_start_screen_shows_without_sqlite_utils(tmp_path: Path) -> None:
    path, _ = make_database(tmp_path)
    seen = first_frame(tmp_path, "--db", str(path), "ui")
    assert seen["screen"] == "StartScreen"
    assert seen["at first frame"] is False
    assert seen["preload asked"] and seen["loaded when preload asked"] is False


def test_a_live_meeting_resumes_without_sqlite_utils(tmp_path: Path) -> None:
    path, meeting_id = make_database(tmp_path)
    seen = first_frame(tmp_path, "--db", str(path), "resume", str(meeting_id))
    assert seen["screen"] == "GoalsScreen"  # a scrum opens on the goals it follows
    assert seen["at first frame"] is False
    assert seen["preload asked"] and seen["loaded when preload asked"] is False
