"""Exports of a real meeting full of hostile text: Markdown, JSON and CSV read back by parsers.

The Markdown goes through a CommonMark parser (markdown-it-py, with GFM tables on): every
note must come back as the literal text that was typed, with no HTML, links, emphasis,
code or extra structure. The CSV goes back through `csv`: no cell may start like a formula.
"""

from __future__ import annotations

import csv
import io
import json
import stat
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pendulum
import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token
from meeting_notes import add_note

from reviewtui.domain.clock import ManualClock
from reviewtui.domain.text import clean_input
from reviewtui.exporters.csv_export import FORMULA_STARTS, render_csv, safe_cell
from reviewtui.services.exporting import export_meeting
from reviewtui.services.meeting import MeetingError, start_meeting
from reviewtui.services.workspace import Workspace, open_workspace

HOSTILE_NOTES = [
    "Pipe | in | the middle | of a note",
    "line one\nline two",
    "<script>alert(1)</script>",
    '=HYPERLINK("http://evil.example","click me")',
    "[bold]markup[/bold] and [@click=app.quit]quit[/]",
    "# not a heading",
    "1. not a list",
    "2) not a list either",
    "- not a bullet",
    "+ not a bullet",
    "> not a quote",
    "**not bold** _not em_ `not code` ~~not struck~~",
    "[link](http://evil.example) ![img](x.png) <http://auto.example>",
    "&amp; &lt;b&gt; &copy; &#65; entities stay text",
    "back\\slash \\* star \\",
    "*** --- ___",
    "a_b_c snake_case and 2*3*4",
    "x<y>z & <img src=x onerror=alert(1)>",
    "Title with trailing hashes ##",
    "[ref]: http://evil.example",
    "www.example.com and https://example.com",
    "\x1b]0;PWNED\x07escape stripped",
    "顧客 👩‍💼 emoji and CJK",
]
TITLE = "Dana's book ## <b>Q4</b> [bold] *review* ##"
ACTIONS = [
    ('=HYPERLINK("http://evil.example","x")', "Dana", "2026-12-01"),
    ("-5% discount | renegotiate", "Lee", "2026-12-04"),
    ("@SUM(1+1) check the maths", "Dana", "2026-12-07"),
    ("+1 upsell <b>bold</b> [bold]", "Lee", "2026-12-10"),
]


@dataclass
class Recorded:
    ws: Workspace
    meeting_id: int
    db_path: Path


@pytest.fixture
def recorded(tmp_path: Path) -> Iterator[Recorded]:
    clock = ManualClock("2026-11-26T14:00:00Z")
    db_path = tmp_path / "meetings.db"
    ws = open_workspace(db_path, clock=clock, config=tmp_path / "config")
    session = start_meeting(
        ws,
        "book-of-business",
        series="Dana | weekly",
        attendees=["Dana:csm", "Lee:leader"],
        absent=["[bold]Eve[/bold]:csm"],
        title=TITLE,
    )
    clock.advance(minutes=3)
    for text in HOSTILE_NOTES:
        add_note(session, text)
        clock.advance(seconds=30)
    add_note(session, "r: <script>risk</script> | pipe")
    add_note(session, "i: insight with *stars* #market")
    gone = add_note(session, "this note was deleted").note
    session.apply(session.notebook.delete(gone))
    session.apply(session.clock.next())
    clock.advance(minutes=2)
    for title, owner, due in ACTIONS:
        session.apply(session.closing.add_action(title, owner, due))
    clock.advance(minutes=1)
    session.apply(session.closing.close())
    try:
        yield Recorded(ws, session.id, db_path)
    finally:
        ws.close()


def folded(text: str) -> str:
    return " ".join(clean_input(text).split())


# -- Markdown ------------------------------------------------------------------------------

FORBIDDEN_TOKENS = {
    "html_inline",
    "html_block",
    "link_open",
    "image",
    "em_open",
    "strong_open",
    "s_open",
    "code_inline",
    "code_block",
    "fence",
    "blockquote_open",
    "ordered_list_open",
    "hr",
}


def parse(markdown: str) -> list[Token]:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(markdown)


def inline_text(token: Token) -> str:
    parts = []
    for child in token.children or []:
        if child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        else:
            parts.append(child.content)
    return "".join(parts)


def walk(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        yield from walk(token.children or [])


def test_markdown_minutes_read_back_as_the_literal_notes(recorded: Recorded) -> None:
    markdown = export_meeting(recorded.ws, recorded.meeting_id, "md")
    tokens = parse(markdown)
    kinds = {t.type for t in walk(tokens)}
    assert not kinds & FORBIDDEN_TOKENS, sorted(kinds & FORBIDDEN_TOKENS)
    texts = [inline_text(t) for t in tokens if t.type == "inline"]
    for note in HOSTILE_NOTES:
        assert folded(note) in texts, note
    assert "<script>risk</script> | pipe" in texts
    assert any(t.endswith("insight with *stars*") for t in texts)
    assert not any("deleted" in t for t in texts)
    headings = [
        inline_text(tokens[i + 1]) for i, t in enumerate(tokens) if t.type == "heading_open"
    ]
    assert not any(h in {folded(n) for n in HOSTILE_NOTES} for h in headings)
    assert headings[0] == TITLE  # trailing #s are part of the title, not a closing sequence
    assert "Attendees" in headings and "Actions" in headings
    assert "\x1b" not in markdown and "\x07" not in markdown


def test_markdown_action_table_keeps_its_columns(recorded: Recorded) -> None:
    tokens = parse(export_meeting(recorded.ws, recorded.meeting_id, "md"))
    rows: list[list[str]] = []
    current: list[str] | None = None
    for i, token in enumerate(tokens):
        if token.type == "tr_open":
            current = []
        elif token.type in ("th_open", "td_open"):
            assert current is not None
            current.append(inline_text(tokens[i + 1]))
        elif token.type == "tr_close":
            assert current is not None
            rows.append(current)
    header = ["#", "Action", "Owner", "Due", "Account", "Status"]
    # The triage table of last meeting's actions comes first; then one action table per
    # role the template names (the CSM's, then the leader's), each under its own header.
    start = rows.index(header)
    assert all(len(row) == 6 for row in rows[start:])
    body = [row for row in rows[start:] if row != header]
    expected = [a for a in ACTIONS if a[1] == "Dana"] + [a for a in ACTIONS if a[1] == "Lee"]
    assert [row[0] for row in body] == ["1", "2", "3", "4"]
    assert [row[1] for row in body] == [folded(title) for title, _, _ in expected]
    assert [row[2] for row in body] == [owner for _, owner, _ in expected]
    assert [row[3] for row in body] == [due for _, _, due in expected]


# -- JSON ----------------------------------------------------------------------------------


def test_json_has_the_documented_shape(recorded: Recorded) -> None:
    doc = json.loads(export_meeting(recorded.ws, recorded.meeting_id, "json"))
    assert set(doc) == {
        "format",
        "version",
        "meeting",
        "attendees",
        "agenda",
        "notes",
        "actions",
        "triage",
        "accounts_reviewed",
    }
    assert (doc["format"], doc["version"]) == ("reviewtui-meeting", 1)
    meeting = doc["meeting"]
    assert set(meeting) == {
        "id",
        "title",
        "template",
        "template_name",
        "series",
        "scope",
        "status",
        "abandon_reason",
        "started_at",
        "ended_at",
        "min_actions",
        "max_actions",
        "override_reason",
        "planned_seconds",
        "actual_seconds",
    }
    assert meeting["id"] == recorded.meeting_id
    assert (meeting["status"], meeting["series"]) == ("closed", "Dana | weekly")
    assert meeting["started_at"] == "2026-11-26T14:00:00Z"
    spent = 3 * 60 + 30 * len(HOSTILE_NOTES) + 3 * 60
    ended = pendulum.parse("2026-11-26T14:00:00Z").add(seconds=spent)  # type: ignore[union-attr]
    assert meeting["ended_at"] == ended.to_iso8601_string()
    assert doc["attendees"] == [
        {"name": "Dana", "role": "csm", "present": True},
        {"name": "Lee", "role": "leader", "present": True},
        {"name": "[bold]Eve[/bold]", "role": "csm", "present": False},
    ]
    agenda = doc["agenda"]
    assert [a["position"] for a in agenda] == list(range(len(agenda)))
    assert [a["title"] for a in agenda][:2] == ["Last meeting's actions", "Segment queues"]
    assert agenda[1]["planned_seconds"] == 25 * 60
    # Segment queues ran from the start (nothing to carry over) until next().
    assert agenda[1]["actual_seconds"] == 3 * 60 + 30 * len(HOSTILE_NOTES)
    assert agenda[2]["actual_seconds"] == 3 * 60
    assert meeting["actual_seconds"] == sum(a["actual_seconds"] for a in agenda)
    texts = [n["text"] for n in doc["notes"]]
    assert texts[: len(HOSTILE_NOTES)] == [clean_input(n) for n in HOSTILE_NOTES]
    assert "line one\nline two" in texts  # JSON keeps the note as typed
    assert "this note was deleted" not in texts
    assert {n["section"] for n in doc["notes"]} == {"Segment queues", "Wins"}
    insight = next(n for n in doc["notes"] if n["kind"] == "insight")
    assert (insight["category"], insight["text"]) == ("market", "insight with *stars*")
    actions = doc["actions"]
    assert [(a["title"], a["owner"], a["due"], a["status"]) for a in actions] == [
        (title, owner, due, "open") for title, owner, due in ACTIONS
    ]
    assert set(actions[0]) == {
        "id",
        "title",
        "owner",
        "due",
        "status",
        "account",
        "carried_from",
        "times_carried",
        "created_at",
        "completed_at",
        "drop_reason",
        "promised_due",
    }


# -- CSV -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("plain", "plain"),
        (" =not first", " =not first"),
        ("", ""),
        (None, ""),
        (42, "42"),
        (-3, "'-3"),
        ("\x1b]0;PWNED\x07=2", "'=2"),  # escape removed first, then defused
    ],
)
def test_safe_cell(value: object, cell: str) -> None:
    assert safe_cell(value) == cell


def test_csv_cells_never_start_like_formulas(recorded: Recorded) -> None:
    text = export_meeting(recorded.ws, recorded.meeting_id, "csv")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header, body = rows[0], rows[1:]
    assert header[:8] == [
        "id",
        "meeting_id",
        "meeting",
        "title",
        "owner",
        "due",
        "status",
        "account",
    ]
    assert len(body) == len(ACTIONS)
    titles = [row[header.index("title")] for row in body]
    assert titles == [
        "'" + folded(t) if folded(t).startswith(FORMULA_STARTS) else folded(t)
        for t, _, _ in ACTIONS
    ]
    assert titles[0] == '\'=HYPERLINK("http://evil.example","x")'
    assert titles[3] == "'+1 upsell <b>bold</b> [bold]"
    for row in rows:
        assert len(row) == len(header)
        for value in row:
            assert not value.startswith(FORMULA_STARTS), value


def test_render_csv_round_trips_awkward_text() -> None:
    awkward = ['a "quoted", cell', "two\nlines", "comma,semicolon;tab\t", "顧客 👩‍💼"]
    text = render_csv(["value"], [[v] for v in awkward])
    assert [row[0] for row in csv.reader(io.StringIO(text, newline=""))][1:] == awkward


# -- the command ---------------------------------------------------------------------------


def export_cli(db: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reviewtui", "--db", str(db), "export", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("fmt", ["md", "json", "csv"])
def test_export_command_writes_private_files(recorded: Recorded, tmp_path: Path, fmt: str) -> None:
    recorded.ws.close()
    out = tmp_path / f"minutes.{fmt}"
    out.write_text("old contents", encoding="utf-8")
    out.chmod(0o644)
    done = export_cli(
        recorded.db_path, str(recorded.meeting_id), "--format", fmt, "-o", str(out), cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    written = out.read_text(encoding="utf-8")
    assert "old contents" not in written
    assert not list(tmp_path.glob(f".minutes.{fmt}.*"))  # no temporary file left behind
    to_stdout = export_cli(recorded.db_path, str(recorded.meeting_id), "-f", fmt, cwd=tmp_path)
    assert to_stdout.returncode == 0
    assert to_stdout.stdout.replace("\r\n", "\n") == written.replace("\r\n", "\n")


def test_export_of_a_missing_meeting_fails_cleanly(recorded: Recorded, tmp_path: Path) -> None:
    with pytest.raises(MeetingError):
        export_meeting(recorded.ws, 999, "json")
    recorded.ws.close()
    done = export_cli(recorded.db_path, "999", cwd=tmp_path)
    assert done.returncode == 1 and "no meeting 999" in done.stderr
    bad_format = export_cli(recorded.db_path, "1", "--format", "pdf", cwd=tmp_path)
    assert bad_format.returncode == 1
    [line] = bad_format.stderr.splitlines()
    assert line.startswith("reviewtui export: argument --format/-f: invalid choice: 'pdf'")
