"""The queues section: move between queues, open accounts, talk about them, mark them reviewed."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from textual.pilot import Pilot
from textual.widgets import SelectionList, Static
from ui_helpers import LARGE, SMALL, make_app, queues_loaded, say

from reviewtui.app import ReviewApp
from reviewtui.domain.clock import ManualClock
from reviewtui.domain.segment_fields import section_queue_ids
from reviewtui.importers.sample import load_sample
from reviewtui.screens.choose_queues import ChooseQueuesScreen
from reviewtui.screens.health import HealthScreen
from reviewtui.screens.queues import QueuesScreen
from reviewtui.services.accounts import reviewed_accounts
from reviewtui.services.meeting import MeetingSession, start_meeting
from reviewtui.services.queue_prefetch import QueuePrefetch, QueueQuestion
from reviewtui.services.segments import evaluate_segments
from reviewtui.services.workspace import Workspace, open_workspace
from reviewtui.store.accounts import upsert_account
from reviewtui.widgets.account_panel import AccountPanel
from reviewtui.widgets.queue_column import QueueColumn

CSM = "Priya Raman"


def _queues_meeting(ws: Workspace) -> MeetingSession:
    load_sample(ws)
    session = start_meeting(
        ws,
        "book-of-business",
        series=f"Book review: {CSM}",
        scope=f"csm:{CSM}",
        attendees=[f"{CSM}:csm", "Dana Okafor:leader"],
    )
    session.apply(session.clock.goto(next(i for i in session.items if i.kind == "queues").id))
    return session


def _panel_text(app: object) -> str:
    screen = app.screen  # type: ignore[attr-defined]
    return str(screen.query_one(AccountPanel).render())


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "120x40"])
async def test_review_accounts_from_the_queues(ws: Workspace, size: tuple[int, int]) -> None:
    session = _queues_meeting(ws)
    app = make_app(ws, session.id)
    async with app.run_test(size=size) as pilot:
        await queues_loaded(pilot)
        screen = app.screen
        assert isinstance(screen, QueuesScreen)
        columns = screen.query(QueueColumn)
        assert [c.queue_id for c in columns] == [
            "red",
            "renewal-120",
            "health-over-80",
            "goals-achieved",
        ]
        # At 80 columns one queue shows at a time; at 120 all four stand side by side.
        shown = [c for c in columns if c.display]
        assert len(shown) == (1 if size == SMALL else 4)
        red = columns[0]
        first = red.current
        assert first is not None
        assert first.name in _panel_text(app)
        # Move down: the panel follows.
        await pilot.press("down")
        await pilot.pause()
        second = red.current
        assert second is not None and second.account_id != first.account_id
        assert second.name in _panel_text(app)
        # Notes and actions typed now attach to that account.
        await say(pilot, "r: champion is leaving")
        await say(pilot, "a: call the new VP @Priya fri")
        rows = ws.db.query(
            "SELECT kind, account_id FROM notes WHERE meeting_id = ? ORDER BY id", (session.id,)
        )
        assert rows == [
            {"kind": "risk", "account_id": second.account_id},
            {"kind": "action", "account_id": second.account_id},
        ]
        action = ws.db.query(
            "SELECT account_id, owner FROM actions WHERE meeting_id = ?", (session.id,)
        )
        assert action == [{"account_id": second.account_id, "owner": CSM}]
        # Mark it reviewed: recorded with its values, counts move, cursor moves on.
        await pilot.press("ctrl+r")
        await pilot.pause()
        review = ws.db.query(
            "SELECT account_id, health, status FROM account_reviews WHERE meeting_id = ?",
            (session.id,),
        )
        assert len(review) == 1 and review[0]["account_id"] == second.account_id
        assert review[0]["status"] is not None
        assert red.border_title is not None and str(red.border_title).endswith(f"1/{red.total}")
        assert red.current is not None and red.current.account_id != second.account_id
        # Reviewed once even where it sits in several queues.
        in_both = [c for c in columns if second.account_id in c.account_ids]
        for column in in_both:
            assert column.reviewed_count() == 1
        await pilot.press("ctrl+r")  # the next one
        await pilot.press("up")
        await pilot.press("up")
        await pilot.pause()
        assert red.current is not None
        if red.current.account_id == second.account_id:
            await pilot.press("ctrl+r")  # again: not a second record
            await pilot.pause()
        count = ws.db.query(
            "SELECT count(*) AS n FROM account_reviews WHERE account_id = ?", (second.account_id,)
        )
        assert count[0]["n"] == 1
        # F5 moves to the next queue; its accounts drive the panel.
        await pilot.press("f5")
        await pilot.pause()
        assert screen.active_queue == 1
        renewal = columns[1]
        if renewal.current is not None:
            assert renewal.current.name in _panel_text(app)
        # Leaving the section lets go of the account: the next note has none.
        await pilot.press("f8")
        await pilot.pause()
        await say(pilot, "general note")
        last = ws.db.query(
            "SELECT account_id FROM notes WHERE meeting_id = ? ORDER BY id DESC LIMIT 1",
            (session.id,),
        )
        assert last == [{"account_id": None}]


async def test_what_changed_since_the_last_review(ws: Workspace, clock: ManualClock) -> None:
    session = _queues_meeting(ws)
    app = make_app(ws, session.id)
    async with app.run_test(size=LARGE) as pilot:
        await queues_loaded(pilot)
        screen = app.screen
        assert isinstance(screen, QueuesScreen)
        account = screen.query(QueueColumn)[0].current
        assert account is not None
        await pilot.press("ctrl+r")
        await pilot.pause()
    # One live meeting per series: this one is closed before the next is started.
    again = MeetingSession(ws, session.id)
    again.apply(again.closing.close(override_reason="only the queues were walked"))
    upsert_account(ws.db, {"name": account.name, "health": 12.0, "status": "red"}, clock.now())
    clock.advance(minutes=60 * 24 * 30)
    later = start_meeting(ws, "book-of-business", series=f"Book review: {CSM}", scope=f"csm:{CSM}")
    later.apply(later.clock.goto(next(i for i in later.items if i.kind == "queues").id))
    app = make_app(ws, later.id)
    async with app.run_test(size=LARGE) as pilot:
        await queues_loaded(pilot)
        assert isinstance(app.screen, QueuesScreen)
        text = _panel_text(app)
        assert "Since review" in text
        assert "→ 12" in text


async def test_health_section_flags_the_cost_per_lead_jump(ws: Workspace) -> None:
    load_sample(ws)
    # The sample's strategy series reviews one account: a new meeting of it inherits the scope.
    session = start_meeting(ws, "strategy", series="Strategy review: Lanternfish Outdoor Co.")
    assert session.meeting.scope == "account:Lanternfish Outdoor Co."
    session.apply(session.clock.goto(next(i for i in session.items if i.kind == "health").id))
    app = make_app(ws, session.id)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HealthScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        flags = [f.message for f in screen._flags]
        assert any("cost per lead up" in m for m in flags), flags
        await say(pilot, "d: pause the campaign until tracking is fixed")
    row = ws.db.query("SELECT account_id FROM notes WHERE meeting_id = ?", (session.id,))[0]
    # One account in scope: the note lands on it.
    account = ws.db.query("SELECT id FROM accounts WHERE name = 'Lanternfish Outdoor Co.'")[0]
    assert row["account_id"] == account["id"]


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "120x40"])
def test_queues_snapshot(
    snap_compare: Callable[..., bool], tmp_path: object, size: tuple[int, int]
) -> None:
    import os
    from pathlib import Path

    from reviewtui.services.workspace import open_workspace

    here = Path.cwd()
    os.chdir(str(tmp_path))
    try:
        ws = open_workspace(
            "reviews.db", clock=ManualClock("2026-11-26T14:00:00Z"), config=Path("config")
        )
        session = _queues_meeting(ws)

        async def walk(pilot: Pilot) -> None:
            await pilot.pause()
            await pilot.press("down")
            await pilot.pause()

        assert snap_compare(make_app(ws, session.id), terminal_size=size, run_before=walk)
        ws.close()
    finally:
        os.chdir(here)


async def test_choose_the_queues_for_this_meeting(ws: Workspace) -> None:
    session = _queues_meeting(ws)
    app = make_app(ws, session.id)
    async with app.run_test(size=LARGE) as pilot:
        await queues_loaded(pilot)
        await pilot.press("ctrl+g")
        await pilot.pause()
        chooser = app.screen
        assert isinstance(chooser, ChooseQueuesScreen)
        selection = chooser.query_one(SelectionList)
        selection.deselect_all()
        selection.select("strategic")
        selection.select("detractors")
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QueuesScreen)
        # Shown in the defined order, and kept for this meeting only.
        assert [c.queue_id for c in screen.query(QueueColumn)] == ["strategic", "detractors"]
    assert MeetingSession(ws, session.id).current.segments == ("strategic", "detractors")
    other = start_meeting(ws, "book-of-business")
    queues_item = next(i for i in other.items if i.kind == "queues")
    assert queues_item.segments == ("red", "renewal-120", "health-over-80", "goals-achieved")
    # The series remembers the choice: its next meeting opens with the same queues.
    again = MeetingSession(ws, session.id)
    again.apply(again.closing.close(override_reason="queues chosen, nothing else"))
    same = start_meeting(ws, "book-of-business", series=f"Book review: {CSM}")
    queues_item = next(i for i in same.items if i.kind == "queues")
    assert queues_item.segments == ("strategic", "detractors")


async def test_choosing_too_many_queues_is_refused(ws: Workspace) -> None:
    session = _queues_meeting(ws)
    app = make_app(ws, session.id)
    async with app.run_test(size=SMALL) as pilot:
        await queues_loaded(pilot)
        await pilot.press("ctrl+g")
        await pilot.pause()
        selection = app.screen.query_one(SelectionList)
        selection.select_all()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ChooseQueuesScreen)
        assert "Pick between 1 and 4" in str(app.screen.query_one("#hint").render())
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, QueuesScreen)


async def test_painted_rows_follow_cursor_reviews_and_theme(ws: Workspace) -> None:
    """Rows are painted once and reused; what changes a row paints it again."""
    session = _queues_meeting(ws)
    app = make_app(ws, session.id)
    async with app.run_test(size=LARGE) as pilot:
        await queues_loaded(pilot)
        screen = app.screen
        assert isinstance(screen, QueuesScreen)
        red = screen.query(QueueColumn).first()

        def row_text(y: int) -> str:
            return red.render_line(y).text

        def cursor_style(y: int) -> object:
            return next(s.style for s in red.render_line(y))

        first_row, second_row = row_text(0), row_text(1)
        assert cursor_style(0) != cursor_style(1)  # the cursor is on the first row
        await pilot.press("down")
        await pilot.pause()
        assert cursor_style(1) != cursor_style(0)
        assert (row_text(0), row_text(1)) == (first_row, second_row)
        await pilot.press("ctrl+r")  # reviewed: the row gets its mark
        await pilot.pause()
        assert row_text(1).startswith("✓ ") and not second_row.startswith("✓ ")
        plain = next(y for y in range(3) if y != red.cursor)
        before = cursor_style(red.cursor), cursor_style(plain)
        app.theme = "nord" if app.theme != "nord" else "textual-light"
        await pilot.pause()
        after = cursor_style(red.cursor), cursor_style(plain)
        assert after[0] != before[0] and after[1] != before[1]  # a new theme paints them again


async def test_text_being_typed_stays_when_the_queues_are_chosen(ws: Workspace) -> None:
    session = _queues_meeting(ws)
    app = make_app(ws, session.id)
    async with app.run_test(size=SMALL) as pilot:
        await queues_loaded(pilot)
        # Typed after the last once-a-second draft save (inserted at once, no tick between).
        app.screen.query_one("#note-input").insert_text_at_cursor("half typed")  # type: ignore[attr-defined]
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, ChooseQueuesScreen)
        choice = app.screen.query_one(SelectionList)
        picked = next(
            i
            for i in range(choice.option_count)
            if choice.get_option_at_index(i).value in choice.selected
        )
        await pilot.press(*["down"] * picked, "space", "enter")  # one queue less: a new screen
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QueuesScreen)
        assert screen.query_one("#note-input").value == "half typed"  # type: ignore[attr-defined]


async def test_the_screen_is_up_and_typed_to_before_its_queues_are_evaluated(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The columns show as loading, with no count, until the queues are evaluated; the keys
    that move in a queue or mark an account do nothing meanwhile, and typing goes on."""
    from reviewtui.services import segments

    session = _queues_meeting(ws)
    gate = threading.Event()
    evaluate = segments.evaluate_segments

    def held(*args: object, **kwargs: object) -> object:
        assert gate.wait(30), "the test never let the evaluation go on"
        return evaluate(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(segments, "evaluate_segments", held)
    app = make_app(ws, session.id)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QueuesScreen) and not screen.loaded
        columns = screen.query(QueueColumn)
        assert [c.queue_id for c in columns] == list(screen.queue_ids)
        assert all(c.border_title is not None and "…" in str(c.border_title) for c in columns)
        assert "/" not in str(screen.query_one("#queue-tabs", Static).render())  # no count yet
        assert "Loading the queues" in _panel_text(app)
        await pilot.press("down", "pagedown", "end", "ctrl+r", "f5", "x", "y")
        await pilot.pause()
        assert screen.active_queue == 0
        gate.set()
        await queues_loaded(pilot)
        red = screen.query(QueueColumn)[0]
        assert red.loaded and red.cursor == 0 and red.total > 0
        assert red.current is not None and red.current.name in _panel_text(app)
        assert f"0/{red.total}" in str(red.border_title)
        assert screen.query_one("#note-input").value == "xy"  # type: ignore[attr-defined]
    assert reviewed_accounts(ws, session.id) == set()


async def test_a_resumed_meeting_is_back_on_the_account_being_talked_about(
    ws: Workspace,
) -> None:
    """Quit in the middle of a sentence about the second queue's third account: resumed,
    the queues screen is on that queue and that account, and the sentence still belongs to
    it (it is not moved to the first queue's first account)."""
    session = _queues_meeting(ws)
    app = make_app(ws, session.id)
    async with app.run_test(size=SMALL) as pilot:
        await queues_loaded(pilot)
        screen = app.screen
        assert isinstance(screen, QueuesScreen)
        await pilot.press("f5", "down", "down")
        await pilot.pause()
        column = screen.queue_columns[1]
        talked_about = column.current
        assert talked_about is not None and screen.active_queue == 1
        await pilot.press(*"half a sentence")
        screen.save_state()
        app.flush_writes()
    later = make_app(ws, session.id)
    async with later.run_test(size=SMALL) as pilot:
        await queues_loaded(pilot)
        screen = later.screen
        assert isinstance(screen, QueuesScreen)
        assert screen.active_queue == 1
        current = screen.queue_columns[1].current
        assert current is not None and current.account_id == talked_about.account_id
        assert talked_about.name in _panel_text(later)
        assert screen.focus_account_id == talked_about.account_id
        await pilot.press("enter")
        await pilot.pause()
        later.flush_writes()
    rows = ws.db.query(
        "SELECT text, account_id FROM notes WHERE meeting_id = ? ORDER BY id", (session.id,)
    )
    assert rows[-1] == {"text": "half a sentence", "account_id": talked_about.account_id}


async def test_the_layout_follows_the_terminal_size(ws: Workspace) -> None:
    """The screen's breakpoint classes (`-narrow`/`-wide`, `-short`/`-tall`) and the CSS lay
    the queues out; a resize changes them, and F5 at 80 columns shows the next queue alone."""
    session = _queues_meeting(ws)
    app = make_app(ws, session.id)
    async with app.run_test(size=SMALL) as pilot:
        await queues_loaded(pilot)
        screen = app.screen
        assert isinstance(screen, QueuesScreen)
        columns = list(screen.query(QueueColumn))
        tabs, more = screen.query_one("#queue-tabs"), screen.query_one("#queue-prompts-more")
        panel = screen.query_one(AccountPanel)

        def layout() -> tuple[list[bool], bool, bool, int]:
            return [c.display for c in columns], tabs.display, more.display, panel.outer_size.height

        assert screen.has_class("-narrow", "-short")
        assert layout() == ([True, False, False, False], True, False, 7)
        await pilot.press("f5")
        await pilot.pause()
        assert layout()[0] == [False, True, False, False]
        await pilot.resize_terminal(*LARGE)
        await pilot.pause()
        assert screen.has_class("-wide", "-tall")
        assert layout() == ([True] * 4, False, True, 14)
        await pilot.resize_terminal(*SMALL)
        await pilot.pause()
        assert layout() == ([False, True, False, False], True, False, 7)


# -- queues evaluated while the app starts (`reviewtui resume`) -----------------------------


def _question(session: MeetingSession, **change: object) -> QueueQuestion:
    item = session.current
    fields: dict[str, object] = {
        "meeting_id": session.id,
        "item_id": item.id,
        "queue_ids": tuple(section_queue_ids(item.segments)),
        "scope": session.meeting.scope,
        "as_of": session.ws.clock.today(),
    }
    return QueueQuestion(**{**fields, **change})  # type: ignore[arg-type]


def test_the_queues_of_a_resumed_meeting_are_evaluated_before_the_app_asks(ws: Workspace) -> None:
    session = _queues_meeting(ws)
    early = QueuePrefetch(ws, session.id)
    question = _question(session)
    got = early.queues_for(question, wait=True)
    assert got is not None and early.ready
    expected = evaluate_segments(
        ws, list(question.queue_ids), as_of=question.as_of, scope=question.scope
    )
    assert [(q.id, q.account_ids) for q in got] == [(q.id, q.account_ids) for q in expected]
    assert any(q.account_ids for q in got)
    # Any other question is not answered by them.
    for other in (
        _question(session, item_id=question.item_id + 1),
        _question(session, queue_ids=("red",)),
        _question(session, scope=None),
        _question(session, as_of=question.as_of.add(days=1)),
    ):
        assert early.queues_for(other, wait=True) is None


def test_nothing_is_evaluated_early_off_a_queues_section_or_in_memory(ws: Workspace) -> None:
    session = _queues_meeting(ws)
    session.apply(session.clock.goto(session.items[0].id))
    early = QueuePrefetch(ws, session.id)
    assert early.queues_for(_question(session), wait=True) is None
    memory = open_workspace(":memory:", clock=ManualClock("2026-11-26T10:00:00Z"))
    try:
        in_memory = QueuePrefetch(memory, 1)
        assert in_memory.ready and in_memory.queues_for(_question(session)) is None
    finally:
        memory.close()


async def test_queues_evaluated_early_are_in_the_first_frame(ws: Workspace) -> None:
    session = _queues_meeting(ws)
    early = QueuePrefetch(ws, session.id)
    assert early.queues_for(_question(session), wait=True) is not None
    app = ReviewApp(ws, meeting_id=session.id, queues=early)
    async with app.run_test(size=SMALL) as pilot:
        screen = app.screen
        assert isinstance(screen, QueuesScreen) and screen.loaded  # no thread, no wait
        await pilot.pause()
        red = screen.query(QueueColumn)[0]
        assert red.current is not None and red.current.name in _panel_text(app)
        assert "Loading the queues" not in _panel_text(app)
        assert app.take_prefetched_queues() is None  # taken once


async def test_queues_evaluated_early_for_another_question_are_evaluated_again(
    ws: Workspace, clock: ManualClock
) -> None:
    session = _queues_meeting(ws)
    early = QueuePrefetch(ws, session.id)
    early.queues_for(_question(session), wait=True)
    # A day later (a meeting resumed past midnight): the queues are those of the new day.
    clock.advance(minutes=24 * 60)
    app = ReviewApp(ws, meeting_id=session.id, queues=early)
    async with app.run_test(size=SMALL) as pilot:
        await queues_loaded(pilot)
        screen = app.screen
        assert isinstance(screen, QueuesScreen)
        assert all(q.as_of == clock.today() for q in screen.queues)
