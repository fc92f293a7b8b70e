"""Every read command over a database another program filled with hostile text: the output is
text, with no terminal control from the data, and nothing crashes."""

from __future__ import annotations

import contextlib
import io
import json
import os
import sqlite3
from pathlib import Path

import pytest
from hostile import STORED_HOSTILE, control_characters, poison_text_columns
from meeting_notes import add_note

from reviewtui.cli import main
from reviewtui.domain.clock import ManualClock
from reviewtui.services.meeting import start_meeting
from reviewtui.services.workspace import open_workspace

HOSTILE_SEGMENT = """
[[segments]]
id = "evil"
name = "[@click=app.quit]Evil[/] \\u001b]0;PWNED\\u0007"
description = "[/"
order = [{ field = "arr_cents", direction = "desc" }]
order_label = "\\u001b]52;c;SGVsbG8=\\u0007 [/] \\u009b2J"
prompts = ["[bold]", "\\u001b[2J", "顧客 👩‍💼"]
[segments.rule]
all = [{ field = "arr_cents", op = ">", value = 0 }]
"""


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from reviewtui.importers.sample import load_sample

    folder = tmp_path_factory.mktemp("poisoned")
    path = folder / "reviews.db"
    ws = open_workspace(path, clock=ManualClock("2026-11-26T14:00:00Z"), config=folder / "c")
    try:
        load_sample(ws)
        session = start_meeting(ws, "scrum", series="Book review: Priya Raman")
        add_note(session, "a: call the sponsor @Ana fri")
    finally:
        ws.close()
    poison_text_columns(path)
    return path


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(argv))
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
    return code, out.getvalue(), err.getvalue()


def _meeting_ids(db: Path) -> list[int]:
    conn = sqlite3.connect(db)
    try:
        return [row[0] for row in conn.execute("SELECT id FROM meetings ORDER BY id")]
    finally:
        conn.close()


def test_read_commands_print_no_terminal_controls(
    poisoned: Path, _isolated_home: Path, tmp_path: Path
) -> None:
    segments = Path(os.environ["REVIEWTUI_CONFIG_DIR"]) / "segments"
    segments.mkdir(parents=True, exist_ok=True)
    (segments / "evil.toml").write_text(HOSTILE_SEGMENT, encoding="utf-8")
    db = str(poisoned)
    commands: list[list[str]] = [
        ["meetings"],
        ["meetings", "--live"],
        ["actions"],
        ["actions", "--overdue"],
        ["actions", "--json"],
        ["report"],
        ["report", "--json"],
        ["segments"],
        ["segments", "--show", "-1"],
        ["segments", "--json"],
        ["templates"],
        ["templates", "-v"],
        ["search", "1*"],
        ["search", "1*", "--json"],
    ]
    for meeting_id in _meeting_ids(poisoned):
        for fmt in ("md", "json", "csv"):
            commands.append(["export", str(meeting_id), "--format", fmt])
    shown = ""
    for argv in commands:
        code, out, err = _run("--db", db, *argv)
        assert code == 0, (argv, err)
        for stream in (out, err):
            bad = [line for line in stream.splitlines() if control_characters(line)]
            assert not bad, (argv, bad[:3])
        shown += out
    assert "[@click=app.quit]Evil[/]" in shown  # the segment's name, literally
    assert "[/]" in shown
    assert STORED_HOSTILE[-1][:60] in shown or "xxxxxxxx" in shown
    json.loads(_run("--db", db, "segments", "--json")[1])
