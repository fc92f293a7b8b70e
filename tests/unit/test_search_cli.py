"""`reviewtui search` through the command line: hits newest first, filters, JSON, and one line
with exit 1 when nothing matches or the query holds no word."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest
from meeting_notes import add_note

from reviewtui.cli import main
from reviewtui.domain.clock import ManualClock
from reviewtui.services.meeting import start_meeting
from reviewtui.services.workspace import open_workspace
from reviewtui.store import accounts as account_store


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(argv))
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = tmp_path / "reviews.db"
    clock = ManualClock("2026-11-20T14:00:00Z")
    ws = open_workspace(path, clock=clock, config=tmp_path / "config")
    try:
        account_store.upsert_account(ws.db, {"name": "Acme", "owner": "Dana"}, clock.now())
        first = start_meeting(ws, "scrum", series="Weekly")
        add_note(first, "r: budget frozen until [bold]Q2[/bold]")
        add_note(first, "a: send the budget deck @Sam fri")
        clock.advance(7 * 24 * 3600)
        second = start_meeting(ws, "scrum", series="Weekly 2")
        add_note(second, "d: budget approved \x1b]0;PWNED\x07 顧客")
    finally:
        ws.close()
    return str(path)


def test_hits_newest_first_with_where_and_a_marked_snippet(db: str) -> None:
    code, out, err = run("--db", db, "search", "budget")
    assert code == 0, err
    lines = out.splitlines()
    assert "2026-11-27" in lines[0] and "[decision]" in lines[0]
    assert "«budget» approved" in lines[1]
    assert "\x1b" not in out and "\x07" not in out
    assert out.index("approved") < out.index("deck") and "frozen" in out
    assert "«budget» frozen until [bold]Q2[/bold]" in out  # literally, never markup


def test_json_is_a_list_of_hits(db: str) -> None:
    code, out, _ = run("--db", db, "search", "budget", "--json")
    assert code == 0
    hits = json.loads(out)
    assert isinstance(hits, list) and len(hits) == 3
    assert hits[0]["kind"] == "decision" and hits[0]["date"] == "2026-11-27"
    assert {"meeting_id", "meeting", "section", "account", "snippet", "source"} <= set(hits[0])
    assert [h["source"] for h in hits].count("action") == 1


def test_filters(db: str) -> None:
    code, out, _ = run("--db", db, "search", "budget", "--kind", "risk", "--json")
    assert code == 0 and [h["kind"] for h in json.loads(out)] == ["risk"]
    code, out, _ = run("--db", db, "search", "budget", "--since", "2026-11-25", "--json")
    assert code == 0 and [h["kind"] for h in json.loads(out)] == ["decision"]
    code, out, _ = run("--db", db, "search", "budget", "--owner", "Sam", "--json")
    assert code == 0 and [h["source"] for h in json.loads(out)] == ["action"]
    code, _, err = run("--db", db, "search", "budget", "--account", "Acme")
    assert code == 1 and "nothing matches" in err


def test_prefix_and_several_words(db: str) -> None:
    code, out, _ = run("--db", db, "search", "budg*", "frozen", "--json")
    assert code == 0 and [h["kind"] for h in json.loads(out)] == ["risk"]


@pytest.mark.parametrize("query", ["nothing-here", '"', "NEAR(", "*", "[bold]x", "   "])
def test_no_match_or_no_word_is_one_line_and_exit_1(db: str, query: str) -> None:
    code, out, err = run("--db", db, "search", query)
    assert code == 1, (out, err)
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("reviewtui: ")
    assert "Traceback" not in err
