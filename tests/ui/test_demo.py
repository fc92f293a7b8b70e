"""The demo's temporary database: removed once the app quits (kept with --no-app, whose
path is printed for use), and the quit dialog does not promise a resume it cannot keep."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from ui_helpers import SMALL, settle_writes

from reviewtui.app import ReviewApp
from reviewtui.cli import build_parser
from reviewtui.commands.app import resume_command
from reviewtui.domain.clock import ManualClock
from reviewtui.screens.dialogs import Confirm
from reviewtui.services.database_location import DatabaseLocation
from reviewtui.services.meeting import start_meeting
from reviewtui.services.workspace import Workspace, open_workspace


async def quit_detail(app: ReviewApp) -> str:
    async with app.run_test(size=SMALL) as pilot:
        await settle_writes(pilot)
        await pilot.press("f10")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        detail = app.screen.detail
        await pilot.press("n")
        await pilot.pause()
    return detail


async def test_the_quit_dialog_names_the_command_that_resumes(ws: Workspace) -> None:
    session = start_meeting(ws, "scrum")
    args = build_parser().parse_args(["--db", "/data/team reviews.db", "ui"])
    args.db = DatabaseLocation.parse(args.db)
    command = resume_command(args)
    assert command == "reviewtui --db '/data/team reviews.db' resume"
    detail = await quit_detail(ReviewApp(ws, meeting_id=session.id, resume_command=command))
    assert f"`{command}` continues it" in detail
    plain = build_parser().parse_args(["ui"])
    plain.db = None
    assert resume_command(plain) == "reviewtui resume"


async def test_the_quit_dialog_says_the_demo_data_goes_away(ws: Workspace) -> None:
    session = start_meeting(ws, "scrum")
    detail = await quit_detail(ReviewApp(ws, meeting_id=session.id, temporary=True))
    assert "resume" not in detail
    assert "temporary" in detail and "deleted when you quit" in detail


async def test_the_quit_dialog_says_a_database_in_memory_keeps_nothing(
    tmp_path: Path, clock: ManualClock
) -> None:
    ws = open_workspace(":memory:", clock=clock, config=tmp_path / "config")
    try:
        session = start_meeting(ws, "scrum")
        detail = await quit_detail(ReviewApp(ws, meeting_id=session.id))
    finally:
        ws.close()
    assert "resume" not in detail
    assert "in memory" in detail and "nothing of it is kept" in detail


def _demo_dirs(folder: Path) -> list[Path]:
    return sorted(folder.glob("reviewtui-demo-*"))


def test_no_app_keeps_the_temporary_database(tmp_path: Path) -> None:
    env = dict(os.environ, TMPDIR=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-m", "reviewtui", "demo", "--no-app"],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
        env=env,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    [folder] = _demo_dirs(tmp_path)
    assert str(folder / "demo.db") in result.stdout
    assert (folder / "demo.db").is_file()


@pytest.mark.slow
def test_the_demo_removes_its_temporary_database_after_the_app(tmp_path: Path) -> None:
    env = dict(os.environ, TMPDIR=str(tmp_path), TERM="xterm-256color", COLUMNS="80", LINES="24")
    master, slave = os.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "reviewtui", "demo"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        cwd=tmp_path,
        start_new_session=True,
    )
    os.close(slave)
    seen = bytearray()

    def drain() -> None:
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                return
            if not chunk:
                return
            seen.extend(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + 60
        while not _demo_dirs(tmp_path) or b"Sample book loaded" not in seen:
            assert time.monotonic() < deadline, bytes(seen[-500:])
            assert process.poll() is None, bytes(seen[-2000:])
            time.sleep(0.1)
        [folder] = _demo_dirs(tmp_path)
        time.sleep(3)  # the app is up
        assert (folder / "demo.db").is_file()
        for _ in range(20):
            os.write(master, b"\x11")  # Ctrl+Q: quit (no live meeting is open)
            try:
                process.wait(1)
                break
            except subprocess.TimeoutExpired:
                continue
        assert process.wait(10) == 0, bytes(seen[-2000:])
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(master)
    assert _demo_dirs(tmp_path) == []
