"""Never lose a word: a model-based keystroke test of the whole app.

Hypothesis drives the app through a live meeting with random key sequences (a stateful
`RuleBasedStateMachine`): unique words typed as bursts of keys, Enter, Tab, Shift+Tab, Escape,
the editing keys, Up/Down, F1-F10, the Ctrl keys of the README (Ctrl+F opens the search over
the meeting), y/n for the questions, resizes between 80x24 and 120x40, the clock moved on
with the once-a-second tick called directly, and faults: another program holding the write
lock, a full disk, a hang-up (then `reviewtui resume`: a new app on the same meeting, which
replays the recovery file) and quitting (F10, y; restarted the same way). The app runs in an
event loop the state machine owns, on a real SQLite file (a copy of the sample book with two
live meetings: a book-of-business review whose series has open actions, so it opens on the
last actions and has the queues, and a strategy review with the data-and-health screen), with
a ManualClock.

After every step, once the app has settled (and the writer has flushed when no fault is on),
the invariant is checked: every word typed while a note input had the focus, or while a
meeting screen with no dialog on top had the focus elsewhere (those keys must land in the
note input: checked too), is found in a note (deleted ones included: deleting is the user's
own doing), an action's title, the draft, a note input on the screen stack (or the text set
aside while a note is edited), or the recovery file; or it was removed by the user's own keys
(the input's text is read before and after each editing key: Backspace, Delete, Ctrl+W/U/K, a
word typed into the middle of another, Escape cancelling an edit, Ctrl+Z undoing an edit of
the very note that held it). The database is read through a separate read-only connection
(WAL readers are not blocked by a held write lock). The app must never crash and no step may
take more than `STEP_LIMIT` seconds. Words typed into other inputs (a drop reason, a carry
date) are recorded, not checked.

Default suite: 40 examples of up to 12 steps (about 450 steps), under a minute on two cores
(`quick_pauses` makes `pilot.pause()` look for idle in 4 ms slices instead of 20 ms). A
failure prints the shrunk steps and how to replay it (`@reproduce_failure(...)`, and the seed
with `--hypothesis-verbosity=verbose`); rerun a seed with
`pytest tests/ui/test_keystroke_model.py --hypothesis-seed=N`. The app's timing is real (the
writer thread, its retry pauses), so a replay can come out differently: the assertion message
lists every step of the failing run as it happened, and the words the user's keys removed.

Long run, on demand: REVIEWTUI_FUZZ_STEPS=N runs N // 25 examples of up to 50 steps::

    REVIEWTUI_FUZZ_STEPS=10000 .venv/bin/python -m pytest -q tests/ui/test_keystroke_model.py \
        --hypothesis-show-statistics --hypothesis-seed=1
"""

from __future__ import annotations

import asyncio
import contextvars
import json
import os
import shutil
import sqlite3
import tempfile
import time
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Any

import pytest
import textual._wait as textual_wait
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
)
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input
from ui_helpers import LARGE, SMALL, make_app

from reviewtui.app import ReviewApp
from reviewtui.domain.clock import ManualClock
from reviewtui.importers.sample import load_sample
from reviewtui.screens.meeting_base import MeetingScreen
from reviewtui.screens.note_screen import NoteScreen
from reviewtui.services.changes import Change
from reviewtui.services.database_location import recovery_path
from reviewtui.services.meeting import start_meeting
from reviewtui.services.workspace import Workspace, open_workspace
from reviewtui.widgets.note_composer import NoteComposer
from reviewtui.widgets.note_input import NoteInput

START = "2026-11-26T14:00:00Z"
FUZZ_STEPS = int(os.environ.get("REVIEWTUI_FUZZ_STEPS", "0") or 0)
JOURNAL_WAIT = 2.0  # seconds for a change queued under a fault to reach the recovery file
STEP_LIMIT = 8.0  # seconds: a hang-up under a held lock waits 2 s to write, 1 s to replay

# Letters no screen binds (a, c, d, e, f, n, o, p, q, r, s, v, w, x, y are commands on some
# screen): a word typed where no input has the focus never runs a command by accident.
SAFE_LETTERS = "bghijklmuz"
# Keys that change the note input's text; a word they make disappear was removed by the user.
EDITING = ["backspace", "delete", "ctrl+w", "ctrl+u", "ctrl+k"]
MOVING = ["left", "right", "home", "end"]
OTHER_KEYS = [
    "tab",
    "shift+tab",
    "escape",
    "up",
    "down",
    "pageup",
    "pagedown",
    "f1",
    "f2",
    "f3",
    "f4",
    "f5",
    "f6",
    "f7",
    "f8",
    "f9",
    "f10",
    "ctrl+z",
    "ctrl+o",
    "ctrl+r",
    "ctrl+g",
    "ctrl+p",
    "ctrl+n",
    "ctrl+t",
    "ctrl+f",
    "y",
    "n",
    "space",
]


# -- the meeting book, built once and copied for each example --------------------------------

_BOOK: tuple[Path, dict[str, int]] | None = None


def _book() -> tuple[Path, dict[str, int]]:
    """The sample data and two live meetings, in a file copied for every example."""
    global _BOOK
    if _BOOK is None:
        folder = Path(tempfile.mkdtemp(prefix="reviewtui-model-"))
        path = folder / "book.db"
        ws = open_workspace(path, clock=ManualClock(START), config=folder / "config")
        try:
            load_sample(ws)
            book = start_meeting(
                ws,
                "book-of-business",
                series="Book review: Priya Raman",
                scope="csm:Priya Raman",
                attendees=["Priya Raman:csm", "Dana Okafor:leader"],
            )
            assert book.triage.carryover(), "the last-actions screen needs open actions"
            strategy = start_meeting(
                ws,
                "strategy",
                series="Strategy review: Lanternfish Outdoor Co.",
                attendees=["Ana Ruiz:csm"],
            )
            meetings = {"book": book.id, "strategy": strategy.id}
        finally:
            ws.close()
        _BOOK = (path, meetings)
    return _BOOK


# -- reading what was kept ------------------------------------------------------------------


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []


def _kept_on_disk(db_path: Path) -> tuple[dict[str, str], str]:
    """Texts by where they are (`note:ID`, `action:ID`, `draft:ID`), and the recovery file's
    texts joined; the database read through a read-only connection of its own."""
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5)
    try:
        texts = {f"note:{i}": t for i, t in conn.execute("SELECT id, text FROM notes")}
        texts.update({f"action:{i}": t for i, t in conn.execute("SELECT id, title FROM actions")})
        texts.update(
            {f"draft:{i}": t for i, t in conn.execute("SELECT meeting_id, text FROM drafts")}
        )
    finally:
        conn.close()
    recovery = recovery_path(db_path)
    journal: list[str] = []
    if recovery.exists():
        for line in recovery.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                journal.extend(_strings(json.loads(line).get("args", {})))
            except (ValueError, AttributeError):
                continue  # a torn last line
    return texts, "\n".join(journal)


def _worth_journaling(change: Change) -> bool:
    """A heartbeat alone is not kept in the recovery file; anything else is."""
    return not (change.op == "meeting.beat" and change.args.get("draft") is None)


def _on_screens(app: ReviewApp | None) -> str:
    """Every note input's text on the screen stack, and text set aside during an edit."""
    if app is None or app.return_code is not None:
        return ""
    parts: list[str] = []
    for screen in app.screen_stack:
        for note_input in screen.query(NoteInput):
            parts.append(note_input.value)
        for composer in screen.query(NoteComposer):
            parts.append(composer.draft)  # during an edit, the text set aside
    if app.session is not None and app.session.notebook.carried_draft:
        parts.append(app.session.notebook.carried_draft)
    return "\n".join(parts)


def _note_input(app: ReviewApp) -> NoteInput | None:
    screen = app.screen
    if not isinstance(screen, MeetingScreen):
        return None
    found = screen.query(NoteInput)
    return found.first() if found else None


class KeystrokeModel(RuleBasedStateMachine):
    """One live meeting, driven key by key; restarted after a hang-up or a quit."""

    def __init__(self) -> None:
        super().__init__()
        self.loop = asyncio.new_event_loop()
        # Every step runs in this one context: the app's context variables, set when the test
        # app is entered, are reset in the same context when it is left.
        self.context = contextvars.copy_context()
        self.folder = Path(tempfile.mkdtemp(prefix="reviewtui-keys-"))
        self.clock = ManualClock(START)
        self.ws: Workspace | None = None
        self.app: ReviewApp | None = None
        self.pilot: Pilot[Any] | None = None
        self.ctx: AbstractAsyncContextManager[Pilot[Any]] | None = None
        self.size = SMALL
        self.meeting_id = 0
        self.counter = 0
        self.tracked: dict[str, str] = {}  # word -> where it was typed
        self.removed: dict[str, str] = {}  # word -> the user's key that removed it
        self.untracked: list[tuple[str, str]] = []  # (word, screen) typed into other inputs
        self.holder: sqlite3.Connection | None = None
        self.full = False
        self.restarts = 0
        self.slowest = 0.0
        self.step_started = time.monotonic()
        self.steps: list[str] = []  # what was done, for the failure message (timing varies)
        self.undos = 0  # Ctrl+Z presses so far
        # word -> (the note it was last found in, Ctrl+Z presses when it was first found there)
        self.in_note: dict[str, tuple[str, int]] = {}

    # -- running the app in our own loop ----------------------------------------------

    def run(self, coro: Any) -> Any:
        return self.loop.run_until_complete(self.loop.create_task(coro, context=self.context))

    @property
    def db_path(self) -> Path:
        return self.folder / "review.db"

    def start_app(self) -> None:
        assert self.ws is not None
        self.app = make_app(self.ws, self.meeting_id)
        self.ctx = self.app.run_test(size=self.size)
        self.pilot = self.run(self.ctx.__aenter__())
        self.run(self.pilot.pause())
        self.full = False  # a new writer connection: SQLite's size limit was on the old one

    def stop_app(self) -> None:
        ctx, self.ctx, self.app, self.pilot = self.ctx, None, None, None
        if ctx is not None:
            self.run(ctx.__aexit__(None, None, None))

    @initialize(which=st.sampled_from(["book", "strategy"]), size=st.sampled_from([SMALL, LARGE]))
    def open_meeting(self, which: str, size: tuple[int, int]) -> None:
        source, meetings = _book()
        shutil.copyfile(source, self.db_path)
        self.ws = open_workspace(self.db_path, clock=self.clock, config=self.folder / "config")
        self.meeting_id = meetings[which]
        self.size = size
        self.start_app()
        self.step_started = time.monotonic()

    def teardown(self) -> None:
        try:
            self.release_lock()
            if self.ctx is not None:
                self.stop_app()
        finally:
            self.loop.close()
            if self.ws is not None:
                self.ws.close()
            shutil.rmtree(self.folder, ignore_errors=True)

    # -- helpers ------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self.app is not None and self.app.return_code is None

    def next_word(self, letters: str) -> str:
        self.counter += 1
        return f"t{self.counter}h{letters}"

    async def _burst(self, text: str) -> None:
        """Keys arriving together, as from a fast typist or one SSH packet."""
        assert self.app is not None and self.pilot is not None
        driver = self.app._driver
        assert driver is not None
        for char in text:
            event = events.Key("space" if char == " " else char, char)
            event.set_sender(self.app)
            driver.send_message(event)
        await self.pilot.pause()

    def value(self) -> str | None:
        """The text of the focused note input, or None when a note input has no focus."""
        assert self.app is not None
        focused = self.app.focused
        return focused.value if isinstance(focused, NoteInput) else None

    def words_in(self, text: str) -> set[str]:
        return {word for word in self.tracked if word in text}

    def edited(self, before: str | None, after: str | None, why: str) -> None:
        """Words the user's own key took out of the note input."""
        if before is None:
            return
        for word in self.words_in(before) - self.words_in(after or ""):
            self.removed.setdefault(word, why)

    def press(self, *keys: str) -> None:
        assert self.pilot is not None
        self.run(self.pilot.press(*keys))

    # -- rules: typing ------------------------------------------------------------------

    def type_word(self, letters: str, space: bool) -> None:
        assert self.app is not None
        app = self.app
        self.steps.append(f"type {letters!r} space={space} on {type(app.screen).__name__}")
        word = self.next_word(letters)
        text = f" {word}" if space else word
        focused = app.focused
        note_input = _note_input(app)
        redirected = (
            note_input is not None
            and not note_input.disabled
            and not isinstance(focused, Input)
            and app.screen is app.meeting_screen()
        )
        if isinstance(focused, NoteInput) or redirected:
            assert note_input is not None
            before = note_input.value
            self.run(self._burst(text))
            after = note_input.value
            self.tracked[word] = "redirected" if redirected else "typed"
            assert word in after, (
                f"{word!r} typed ({self.tracked[word]}) is not in the note input: {after!r}"
            )
            if redirected:
                assert app.focused is note_input, "typing did not move on into the note input"
            self.edited(before, after, "typed into the middle")
        else:
            self.untracked.append((word, type(app.screen).__name__))
            self.run(self._burst(text))

    @rule(letters=st.text(SAFE_LETTERS, min_size=1, max_size=4), space=st.booleans())
    def type(self, letters: str, space: bool) -> None:
        self.type_word(letters, space)

    @rule(letters=st.text(SAFE_LETTERS, min_size=1, max_size=4))
    def type_more(self, letters: str) -> None:
        self.type_word(letters, True)

    @rule(letters=st.text(SAFE_LETTERS, min_size=1, max_size=4))
    def type_and_enter(self, letters: str) -> None:
        self.type_word(letters, True)
        self.enter()

    @rule()
    def enter(self) -> None:
        self.steps.append("enter")
        self.press("enter")

    @rule(key=st.sampled_from(EDITING + MOVING))
    def edit(self, key: str) -> None:
        self.steps.append(key)
        before = self.value()
        self.press(key)
        self.edited(before, self.value(), key)

    @rule(key=st.sampled_from(OTHER_KEYS))
    def key(self, key: str) -> None:
        self.steps.append(key)
        assert self.app is not None
        screen = self.app.screen
        before = self.value()
        cancelling = (
            key == "escape"
            and isinstance(screen, NoteScreen)
            and screen.composer.editing is not None
            and before is not None
        )
        self.press(key)
        if cancelling:
            self.edited(before, self.value(), "escape cancelled the edit")

    @rule(seconds=st.integers(1, 120))
    def tick(self, seconds: int) -> None:
        self.steps.append(f"tick {seconds}s")
        assert self.app is not None
        self.clock.advance(seconds=seconds)
        screen = self.app.meeting_screen()
        if screen is not None:
            screen.tick()

    @rule()
    def resize(self) -> None:
        self.steps.append("resize")
        assert self.pilot is not None
        self.size = LARGE if self.size == SMALL else SMALL
        self.run(self.pilot.resize_terminal(*self.size))

    @rule()
    def undo(self) -> None:
        """Ctrl+Z: undoing an edit takes the words typed into it out of that note, by design
        (see `allowed_by_undo`); written later when a fault is on."""
        self.steps.append("ctrl+z (undo)")
        self.undos += 1
        self.press("ctrl+z")

    # -- rules: faults ----------------------------------------------------------------

    def release_lock(self) -> None:
        holder, self.holder = self.holder, None
        if holder is not None:
            holder.execute("COMMIT")
            holder.close()

    @rule(kind=st.sampled_from(["lock", "unlock", "fill", "free", "hangup", "quit"]))
    def fault(self, kind: str) -> None:
        self.steps.append(f"fault {kind}")
        assert self.app is not None
        if kind == "lock" and self.holder is None:
            self.holder = sqlite3.connect(
                self.db_path, isolation_level=None, check_same_thread=False
            )
            self.holder.execute("BEGIN IMMEDIATE")
        elif kind == "unlock":
            self.release_lock()
        elif kind in ("fill", "free"):
            writer = self.app.writer
            if writer is None or writer._own is None:
                return
            conn = writer._own.db.conn
            if kind == "fill":
                pages = conn.execute("PRAGMA page_count").fetchone()[0]
                conn.execute(f"PRAGMA max_page_count = {pages}")
            else:
                conn.execute("PRAGMA max_page_count = 1073741823")
            self.full = kind == "fill"
        elif kind == "hangup":
            self.app._on_hangup()
            assert self.pilot is not None
            self.run(self.pilot.pause())
        elif kind == "quit":
            self.press("f10")
            self.press("y")

    # -- the invariant ------------------------------------------------------------------

    def wait_for_journal(self) -> None:
        """Under a fault the writer finds it on its next attempt (the busy timeout is 200 ms)
        and from then on every queued change is in the recovery file: wait for that."""
        assert self.app is not None and self.pilot is not None
        writer = self.app.writer
        deadline = time.monotonic() + JOURNAL_WAIT
        while writer is not None and time.monotonic() < deadline:
            with writer._cond:
                tasks = [*writer._tasks, writer._busy_task]
            if all(
                task is None or task.journaled or not _worth_journaling(task.change)
                for task in tasks
            ):
                return
            self.run(asyncio.sleep(0.02))
        assert writer is None, self.report("queued changes not in the recovery file in time")

    def settle(self) -> None:
        if self.ctx is None:
            return
        assert self.app is not None and self.pilot is not None
        if self.running:
            self.run(self.pilot.pause())
            if self.holder is None and not self.full:
                self.app.flush_writes()
                self.run(self.pilot.pause())
            else:
                self.wait_for_journal()
        if self.app.return_code is not None:
            app = self.app
            self.stop_app()  # raises if the app crashed
            assert app.return_code == 0, f"the app exited with {app.return_code}"
            assert app.unsaved_at_exit == [], f"not saved at exit: {app.unsaved_at_exit}"

    def allowed_by_undo(self, word: str, texts: dict[str, str]) -> bool:
        """The word was in a note that a Ctrl+Z pressed since has put back as it was."""
        where, undos = self.in_note.get(word, ("", self.undos))
        return undos < self.undos and where in texts and word not in texts[where]

    def report(self, what: str) -> str:
        app = self.app
        said = [str(n.message) for n in app._notifications] if app is not None else []
        screen = type(app.screen).__name__ if app is not None and self.running else "exited"
        return (
            f"{what}\nsteps: {self.steps}\nremoved by the user: {self.removed}\n"
            f"screen: {screen}; on screen: {_on_screens(app)!r}\ntoasts: {said}"
        )

    @invariant()
    def no_word_lost(self) -> None:
        if self.ws is None:
            return
        self.settle()
        texts, journal = _kept_on_disk(self.db_path)
        everywhere = "\n".join([*texts.values(), journal, _on_screens(self.app)])
        for where, text in texts.items():
            if where.startswith("note:"):
                for word in self.words_in(text):
                    if self.in_note.get(word, ("",))[0] != where:  # first seen there
                        self.in_note[word] = (where, self.undos)
        lost = [w for w in self.tracked if w not in self.removed and w not in everywhere]
        for word in lost[:]:
            if self.allowed_by_undo(word, texts):
                self.removed[word] = "ctrl+z undid the edit"
                lost.remove(word)
        assert not lost, self.report(f"typed and lost: {lost}")
        if self.app is None:  # hung up or quit: `reviewtui resume`
            self.restarts += 1
            self.start_app()
            assert self.running, "the app did not start again"
        took = time.monotonic() - self.step_started
        self.slowest = max(self.slowest, took)
        assert took < STEP_LIMIT, f"a step took {took:.1f}s"
        self.step_started = time.monotonic()


KeystrokeModel.TestCase.settings = settings(
    max_examples=max(FUZZ_STEPS // 25, 1) if FUZZ_STEPS else 40,
    stateful_step_count=50 if FUZZ_STEPS else 12,
    deadline=None,
    derandomize=False,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@pytest.fixture
def quick_pauses(monkeypatch: pytest.MonkeyPatch) -> None:
    """`pilot.pause()` waits for the process to go idle in slices of 20 ms; 4 ms slices find
    the same idle moment five times sooner (every message queue is drained first either way)."""
    monkeypatch.setattr(textual_wait, "SLEEP_GRANULARITY", 0.004)
    monkeypatch.setattr(textual_wait, "SLEEP_IDLE", 0.004 / 20)


def test_no_typed_word_is_ever_lost(quick_pauses: None) -> None:
    KeystrokeModel.TestCase().runTest()
