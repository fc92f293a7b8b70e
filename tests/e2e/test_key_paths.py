"""Key paths that once lost text, driven end to end in a real terminal (tmux, 80x24).

Each test runs the installed command on a database made by `reviewtui demo --no-app` (the
sample book) or `reviewtui start ... --no-app`, then `reviewtui resume ID`, and checks what
reached the database, the recovery file and the screen:

- typing the instant `resume` starts continues the draft (the cursor at its end, nothing
  selected), after a quit and after `kill -9`;
- Tab completes `@name` and the due date and stays in the input, even with nothing to complete;
- closing the meeting saves the text still in the input as a note, in the minutes too;
- with another program holding the write lock, quitting (F10 or SIGTERM) exits promptly, the
  notes go to the recovery file and the next `resume` writes each of them once;
- a SIGHUP while help, the quit question or the palette is open keeps the draft;
- a second window on a live meeting reads it, or takes it over, and the first then refuses a
  note visibly and keeps its text.
"""

from __future__ import annotations

import datetime as dt
import signal
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from tmux import TARGET, Tmux, integrity, kill, query, wait_db, wait_exit

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

BAD = ("Traceback", "Error:", "database is locked", "OperationalError")


# -- helpers -----------------------------------------------------------------------------


def run(exe: Path, db: Path, *args: str) -> str:
    done = subprocess.run(
        [str(exe), "--db", str(db), *args], check=True, capture_output=True, text=True, timeout=30
    )
    return done.stdout


def new_meeting(exe: Path, db: Path, series: str, *, demo: bool = True, ana: bool = False) -> str:
    """A live strategy meeting (on the sample book if `demo`); its id."""
    if demo:
        run(exe, db, "demo", "--no-app")
    extra = ["--attendee", "Ana:strategist"] if ana else []
    return run(exe, db, "start", "strategy", "--series", series, *extra, "--no-app").strip()


def resume(term: Tmux, exe: Path, db: Path, meeting: str) -> None:
    term.start([str(exe), "--db", str(db), "resume", meeting])
    term.wait_for("Overall strategy", "Type a note", timeout=15)


def notes_of(db: Path, meeting: str) -> list[tuple[str, str]]:
    return query(
        db,
        "SELECT kind, text FROM notes WHERE meeting_id = ? AND deleted_at IS NULL ORDER BY id",
        [int(meeting)],
    )


def next_friday() -> dt.date:
    """`fri` in an action: the next Friday after today (the tests run in the local zone)."""
    today = dt.date.today()
    return today + dt.timedelta(days=(4 - today.weekday() - 1) % 7 + 1)


def wait_dead(term: Tmux, timeout: float) -> float:
    """Wait until the pane's program has exited; how long it took."""
    start = time.monotonic()
    while not term.pane_dead():
        if time.monotonic() - start > timeout:
            raise AssertionError(f"the app did not exit within {timeout}s:\n{term.capture()}")
        time.sleep(0.05)
    return time.monotonic() - start


def no_error_on(screen: str) -> None:
    assert not any(bad in screen for bad in BAD), screen


@pytest.fixture
def write_lock(tmp_path: Path) -> Iterator[Callable[[Path], sqlite3.Connection]]:
    """Hold a database's write lock from this process (`BEGIN IMMEDIATE`) until released."""
    held: list[sqlite3.Connection] = []

    def take(db: Path) -> sqlite3.Connection:
        conn = sqlite3.connect(db, timeout=5, isolation_level=None, check_same_thread=False)
        conn.execute("BEGIN IMMEDIATE")
        held.append(conn)
        return conn

    yield take
    for conn in held:
        conn.close()  # rolls back whatever is still open


# -- 1. resume, then type at once -------------------------------------------------------


@pytest.mark.parametrize("how", ["quit", "kill-9"])
def test_typing_the_instant_resume_starts_continues_the_draft(
    exe: Path, terminal: Callable[..., Tmux], tmp_path: Path, how: str
) -> None:
    db = tmp_path / "resume.db"
    meeting = new_meeting(exe, db, "Resume")
    term = terminal(width=80, height=24)
    resume(term, exe, db, meeting)
    term.send_text("half a note")
    term.wait_until(lambda s: term.input_line(s) == "half a note", "the half note in the input")
    wait_db(db, "SELECT text FROM drafts", [("half a note",)])
    if how == "quit":
        term.send_keys("F10")
        term.wait_for("Leave the live meeting?")
        term.send_keys("y")
        wait_dead(term, timeout=5)
    else:
        pid = term.app_pid()
        kill(pid, signal.SIGKILL)
        wait_exit(pid)
    assert query(db, "SELECT text FROM drafts") == [("half a note",)]

    # The new program and the keys in one tmux call: the keys wait in the terminal until the
    # app reads them, however early that is.
    command = [str(exe), "--db", str(db), "resume", meeting]
    term.tmux("send-keys", "-R", "-t", TARGET)
    term.tmux("clear-history", "-t", TARGET)
    term.tmux(
        *["respawn-pane", "-k", "-t", TARGET, "--", *command, ";"],
        *["send-keys", "-t", TARGET, "-l", "--", " and more", ";"],
        *["send-keys", "-t", TARGET, "Enter"],
    )
    wait_db(db, "SELECT count(*) FROM notes WHERE meeting_id = ?", [(1,)], params=[int(meeting)])
    assert notes_of(db, meeting) == [("note", "half a note and more")]
    screen = term.wait_for("half a note and more", "Type a note")
    assert term.input_line(screen).startswith("Type a note;"), screen  # empty: the placeholder
    term.send_text("next one")  # the input still has the focus: typing goes on into it
    term.wait_until(lambda s: term.input_line(s) == "next one", "the next note in the input")
    wait_db(db, "SELECT count(*) FROM drafts WHERE text != ''", [(0,)])
    no_error_on(screen)


# -- 2. Tab, then type --------------------------------------------------------------------


def test_tab_completes_owner_and_typing_goes_on_in_the_input(
    exe: Path, terminal: Callable[..., Tmux], tmp_path: Path
) -> None:
    db = tmp_path / "tab.db"
    meeting = new_meeting(exe, db, "Tab")
    before = query(db, "SELECT * FROM notes ORDER BY id")
    assert before, "the sample book has notes from past meetings"
    term = terminal(width=80, height=24)
    resume(term, exe, db, meeting)

    term.send_text("a: send the deck @pri")
    term.wait_for("owner Priya Raman")  # the suggestion is shown (in grey) and explained
    term.send_keys("Tab")
    term.send_text(" fri")
    # The completed name, then what was typed after the Tab (and `day` suggested in grey).
    term.wait_until(
        lambda s: term.input_line(s) == "a: send the deck @Priya friday", "the due date typed on"
    )
    term.send_keys("Enter")
    wait_db(
        db,
        "SELECT title, owner, due FROM actions WHERE meeting_id = ?",
        [("send the deck", "Priya Raman", next_friday().isoformat())],
        params=[int(meeting)],
    )
    after = query(db, "SELECT * FROM notes ORDER BY id")
    assert after[: len(before)] == before  # no earlier note changed
    assert len(after) == len(before) + 1
    assert notes_of(db, meeting) == [("action", "send the deck")]
    term.wait_for("send the deck", "→ Priya Raman")

    # Tab with nothing to complete, in an empty input and after a word: it stays in the
    # input, and what is typed next goes on into it.
    term.send_keys("Tab")
    term.send_text("plain")
    term.send_keys("Tab")
    term.send_text(" words")
    term.wait_until(lambda s: term.input_line(s) == "plain words", "the words typed after Tab")
    term.send_keys("Enter")
    wait_db(
        db,
        "SELECT kind, text FROM notes WHERE meeting_id = ? ORDER BY id",
        [("action", "send the deck"), ("note", "plain words")],
        params=[int(meeting)],
    )
    assert query(db, "SELECT * FROM notes ORDER BY id")[: len(before)] == before
    no_error_on(term.capture())


# -- 3. close with a draft --------------------------------------------------------------


def test_closing_saves_the_text_in_the_input_as_a_note_and_in_the_minutes(
    exe: Path, terminal: Callable[..., Tmux], tmp_path: Path
) -> None:
    db = tmp_path / "close.db"
    meeting = new_meeting(exe, db, "Close", ana=True)
    term = terminal(width=80, height=24)
    resume(term, exe, db, meeting)
    actions = ["a: send the deck @Ana fri", "a: book the QBR @Ana mon", "a: fix the feed @Ana +3d"]
    for typed in actions:
        term.send_text(typed)
        term.send_keys("Enter")
    wait_db(
        db,
        "SELECT count(*) FROM actions WHERE meeting_id = ? AND owner = 'Ana' AND due IS NOT NULL",
        [(3,)],
        params=[int(meeting)],
    )
    draft = "last words before the close"
    term.send_text(draft)
    term.wait_until(lambda s: term.input_line(s) == draft, "the unsaved text in the input")
    term.send_keys("F3")
    term.wait_for("Wrap-up")
    term.send_keys("c")
    screen = term.wait_for("Close the meeting and write the minutes?")
    assert "'last words before the close' is saved as a" in screen, screen
    term.send_keys("y")
    # Closed and frozen first, then the file written by a change of its own.
    wait_db(
        db,
        "SELECT status, minutes_path IS NOT NULL FROM meetings WHERE id = ?",
        [("closed", 1)],
        timeout=10,
        params=[int(meeting)],
    )

    rows = query(
        db,
        "SELECT i.title, n.kind, n.text FROM notes n JOIN agenda_items i"
        " ON i.id = n.agenda_item_id WHERE n.meeting_id = ? ORDER BY n.id",
        [int(meeting)],
    )
    assert rows == [
        ("Overall strategy", "action", "send the deck"),
        ("Overall strategy", "action", "book the QBR"),
        ("Overall strategy", "action", "fix the feed"),
        ("Overall strategy", "note", draft),
    ]
    [(path, text)] = query(
        db, "SELECT minutes_path, minutes_text FROM meetings WHERE id = ?", [int(meeting)]
    )
    assert path and text and draft in text, (path, text)
    assert draft in Path(path).read_text(encoding="utf-8")
    assert query(db, "SELECT count(*) FROM drafts WHERE text != ''") == [(0,)]
    no_error_on(term.capture())


# -- 4. another program holds the write lock --------------------------------------------


LOCKED_NOTES = ["queued while locked one", "r: queued risk two", "queued note three"]


@pytest.mark.parametrize("how", ["F10", "SIGTERM"])
def test_quitting_while_another_program_holds_the_lock_keeps_every_note(
    exe: Path,
    terminal: Callable[..., Tmux],
    tmp_path: Path,
    write_lock: Callable[[Path], sqlite3.Connection],
    how: str,
) -> None:
    db = tmp_path / "locked.db"
    recovery = db.with_name(db.name + ".recovery")
    meeting = new_meeting(exe, db, "Locked")
    term = terminal(width=80, height=24)
    resume(term, exe, db, meeting)
    pid = term.app_pid()

    lock = write_lock(db)
    for typed in LOCKED_NOTES:
        term.send_text(typed)
        term.send_keys("Enter")
    screen = term.wait_until(
        lambda s: term.input_line(s).startswith("Type a note;") and "queued" in s,
        "the notes taken and said to be queued",
        timeout=5,
    )
    term.send_keys("F9")
    term.send_keys("F8")
    term.wait_for("Client & mindset")
    term.send_keys("F4")
    screen = term.capture()
    no_error_on(screen)
    started = time.monotonic()
    if how == "F10":
        term.send_keys("F10")
        term.wait_for("Leave the live meeting?")
        started = time.monotonic()
        term.send_keys("y")
    else:
        kill(pid, signal.SIGTERM)
    wait_exit(pid, timeout=15)
    took = time.monotonic() - started
    screen = term.capture()
    assert took < 5, f"{took:.1f}s to exit while the database was locked"
    no_error_on(screen)

    # Nothing could be written: every note is in the recovery file, none in the database.
    assert recovery.exists()
    journal = recovery.read_text(encoding="utf-8")
    for typed in LOCKED_NOTES:
        assert typed.removeprefix("r: ") in journal, journal
    lock.rollback()
    lock.close()
    assert notes_of(db, meeting) == []
    assert integrity(db) == "ok"

    term.respawn([str(exe), "--db", str(db), "resume", meeting])
    screen = term.wait_for("Client & mindset", "Type a note", timeout=15)
    wait_db(
        db,
        "SELECT kind, text FROM notes WHERE meeting_id = ? ORDER BY id",
        [
            ("note", "queued while locked one"),
            ("risk", "queued risk two"),
            ("note", "queued note three"),
        ],
        params=[int(meeting)],
    )
    deadline = time.monotonic() + 5
    while recovery.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not recovery.exists()
    no_error_on(term.capture())
    # Exactly once: quitting again and resuming again does not replay anything.
    term.send_keys("F10")
    term.wait_for("Leave the live meeting?")
    term.send_keys("y")
    wait_dead(term, timeout=5)
    term.respawn([str(exe), "--db", str(db), "resume", meeting])
    term.wait_for("Client & mindset", "Type a note", timeout=15)
    assert len(notes_of(db, meeting)) == len(LOCKED_NOTES)


# -- 5. an overlay open, then SIGHUP ------------------------------------------------------


OVERLAYS = {
    "help": ("F1", "Keys on this screen"),
    "quit-question": ("F10", "Leave the live meeting?"),
    "palette": ("C-p", "Search for commands"),
}


@pytest.mark.parametrize("overlay", list(OVERLAYS))
def test_sighup_with_an_overlay_open_keeps_the_draft(
    exe: Path, terminal: Callable[..., Tmux], tmp_path: Path, overlay: str
) -> None:
    db = tmp_path / "overlay.db"
    meeting = new_meeting(exe, db, "Overlay")
    term = terminal(width=80, height=24)
    resume(term, exe, db, meeting)
    text = f"thought before the {overlay} opened"
    term.send_text(text)
    term.wait_until(lambda s: term.input_line(s) == text, "the text in the input")
    key, shown = OVERLAYS[overlay]
    term.send_keys(key)
    term.wait_for(shown)
    pid = term.app_pid()
    kill(pid, signal.SIGHUP)
    wait_exit(pid, timeout=5)
    assert query(db, "SELECT text FROM drafts") == [(text,)]
    assert notes_of(db, meeting) == []

    term.respawn([str(exe), "--db", str(db), "resume", meeting])
    screen = term.wait_until(
        lambda s: "Overall strategy" in s and term.input_line(s) == text,
        "the draft back in the input",
    )
    no_error_on(screen)


# -- 6. two windows --------------------------------------------------------------------


def test_second_window_reads_or_takes_over_and_the_first_refuses_visibly(
    exe: Path, terminal: Callable[..., Tmux], tmp_path: Path
) -> None:
    db = tmp_path / "windows.db"
    meeting = new_meeting(exe, db, "Windows")
    first = terminal(width=80, height=24)
    resume(first, exe, db, meeting)
    first.send_text("alpha from the first window")
    first.send_keys("Enter")
    wait_db(
        db,
        "SELECT text FROM notes WHERE meeting_id = ?",
        [("alpha from the first window",)],
        params=[int(meeting)],
    )

    # n: the notes so far, read-only; typing there writes nothing.
    second = terminal(width=80, height=24)
    second.start([str(exe), "--db", str(db), "resume", meeting])
    second.wait_for("open in another window", timeout=15)
    second.send_keys("n")
    second.wait_for("Read-only: this meeting is live in another window", "Attendees")
    second.send_keys("End")
    second.wait_for("alpha from the first window")
    second.send_text("zz")
    second.send_keys("Enter")
    time.sleep(0.3)
    assert notes_of(db, meeting) == [("note", "alpha from the first window")]
    no_error_on(second.capture())

    # y: takes it over; the first window then refuses a note, visibly, and keeps the text.
    third = terminal(width=80, height=24)
    third.start([str(exe), "--db", str(db), "resume", meeting])
    third.wait_for("open in another window", timeout=15)
    third.send_keys("y")
    third.wait_for("Overall strategy", "Type a note", "alpha from the first window")
    first.send_text("beta refused here")
    first.send_keys("Enter")
    screen = first.wait_for("Not saved")
    assert "another window" in screen, screen
    # The text stays in the input (the notice may cover the right of that line).
    assert first.input_line(screen).split("▌")[0].rstrip() == "beta refused here", screen
    time.sleep(0.3)
    assert notes_of(db, meeting) == [("note", "alpha from the first window")]
    third.send_text("gamma from the new owner")
    third.send_keys("Enter")
    wait_db(
        db,
        "SELECT text FROM notes WHERE meeting_id = ? ORDER BY id",
        [("alpha from the first window",), ("gamma from the new owner",)],
        params=[int(meeting)],
    )
    for term in (first, second, third):
        assert not term.pane_dead()
        no_error_on(term.capture())


# -- 7. Editing keys in a burst ------------------------------------------------------------


def test_editing_keys_typed_in_one_burst_apply_in_the_order_typed(
    exe: Path, terminal: Callable[..., Tmux], tmp_path: Path
) -> None:
    """Over SSH or tmux a burst of keys arrives together. Backspace, the arrows, Ctrl+W and
    Ctrl+U used to act after the letters typed behind them: `abc` Backspace `d` gave `abc`,
    and Ctrl+U then a new sentence erased the new sentence."""
    db = tmp_path / "burst.db"
    meeting = new_meeting(exe, db, "Burst")
    term = terminal(width=80, height=24)
    resume(term, exe, db, meeting)
    # One tmux call: every key reaches the app in one read.
    term.tmux(
        *["send-keys", "-t", TARGET, "-l", "--", "abc", ";"],
        *["send-keys", "-t", TARGET, "BSpace", ";"],
        *["send-keys", "-t", TARGET, "-l", "--", "d", ";"],
        *["send-keys", "-t", TARGET, "Left", ";"],
        *["send-keys", "-t", TARGET, "-l", "--", "X", ";"],
        *["send-keys", "-t", TARGET, "End", ";"],
        *["send-keys", "-t", TARGET, "-l", "--", " wrong words", ";"],
        *["send-keys", "-t", TARGET, "C-w", ";"],
        *["send-keys", "-t", TARGET, "C-w", ";"],
        *["send-keys", "-t", TARGET, "-l", "--", "kept", ";"],
    )
    term.wait_until(lambda s: term.input_line(s) == "abXd kept", "the edited text in order")
    term.tmux(
        *["send-keys", "-t", TARGET, "C-u", ";"],
        *["send-keys", "-t", TARGET, "-l", "--", "d: a new sentence after clearing", ";"],
        *["send-keys", "-t", TARGET, "Enter"],
    )
    wait_db(db, "SELECT count(*) FROM notes WHERE meeting_id = ?", [(1,)], params=[int(meeting)])
    assert notes_of(db, meeting) == [("decision", "a new sentence after clearing")]
    no_error_on(term.wait_for("a new sentence after clearing", "Type a note"))


# -- 8. Typing into the new-meeting dialog the instant it opens ----------------------------


def test_keys_typed_right_after_enter_on_a_template_land_in_the_dialog(
    exe: Path, terminal: Callable[..., Tmux], tmp_path: Path
) -> None:
    """Enter on a template opens the new-meeting dialog a little later than the keys typed
    behind it arrive: the series name typed at once lands in its first field, and Enter on
    each field then starts the meeting of that series."""
    db = tmp_path / "dialog.db"
    run(exe, db, "demo", "--no-app")
    term = terminal(width=80, height=24)
    term.start([str(exe), "--db", str(db)])
    term.wait_for("Start a new meeting", "Strategy-led account review", timeout=15)
    # One tmux call: Enter and the name reach the app in one read.
    term.tmux(
        *["send-keys", "-t", TARGET, "Down", ";"],
        *["send-keys", "-t", TARGET, "Enter", ";"],
        *["send-keys", "-t", TARGET, "-l", "--", "Atlas weekly [b]", ";"],
    )
    screen = term.wait_for("New meeting: Book-of-business review", "Atlas weekly [b]")
    no_error_on(screen)
    # Scope and attendees are typed at once too, each behind the Enter that moves to them.
    term.tmux(
        *["send-keys", "-t", TARGET, "Enter", ";"],
        *["send-keys", "-t", TARGET, "-l", "--", "csm:priya", ";"],
        *["send-keys", "-t", TARGET, "Enter", ";"],
        *["send-keys", "-t", TARGET, "-l", "--", "Priya Raman:csm, Helena Brandt:leader", ";"],
        *["send-keys", "-t", TARGET, "Enter", ";"],
    )
    wait_db(
        db,
        "SELECT s.name, m.scope, m.status FROM meetings m JOIN series s ON s.id = m.series_id"
        " WHERE s.name LIKE 'Atlas%'",
        [("Atlas weekly [b]", "csm:Priya Raman", "live")],
        timeout=15,
    )
    assert sorted(
        query(
            db,
            "SELECT p.name, a.role FROM attendance a JOIN people p ON p.id = a.person_id"
            " JOIN meetings m ON m.id = a.meeting_id JOIN series s ON s.id = m.series_id"
            " WHERE s.name LIKE 'Atlas%' AND a.present",
        )
    ) == [("Helena Brandt", "leader"), ("Priya Raman", "csm")]
    no_error_on(term.capture())
