"""Damage the app runs into while open: it exits with one line, never a traceback."""

from __future__ import annotations

from pathlib import Path

from bad_files import damaged
from ui_helpers import SMALL

from reviewtui.app import ReviewApp
from reviewtui.domain.clock import ManualClock
from reviewtui.services.workspace import open_workspace
from reviewtui.store.db import damaged_message


async def test_damage_found_while_running_ends_the_app_quietly(tmp_path: Path) -> None:
    path = tmp_path / "reviews.db"
    damaged(path)
    # Opened without the check the command line makes first: the start screen reads the
    # damaged meetings table.
    ws = open_workspace(path, clock=ManualClock("2026-11-26T14:00:00Z"), config=tmp_path / "c")
    try:
        app = ReviewApp(ws)
        await app.run_async(headless=True, size=SMALL)  # exits on the first failed read
        assert app.return_code == 1
        assert app.database_error is not None
        message = damaged_message(path, app.database_error)
        assert "the database is damaged" in message and ".recover" in message
    finally:
        ws.close()
