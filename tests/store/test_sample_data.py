"""The bundled sample book: it loads fast and whole, stays current, and fills every segment.

Segments are checked here with plain Python filters over the stored accounts, independent of
the segment engine, so a gap in the data shows up even if the engine has a bug.
"""

from __future__ import annotations

import csv
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import pendulum
import pytest
from store_reads import count_accounts, list_accounts

from reviewtui.assets import sample_data_dir
from reviewtui.domain.clock import ManualClock
from reviewtui.domain.models import Account
from reviewtui.importers.sample import SampleDataError, load_sample, read_sample
from reviewtui.services.workspace import Workspace, open_workspace
from reviewtui.store import actions as action_store
from reviewtui.store import meetings as meeting_store
from reviewtui.store import notes as note_store
from reviewtui.store.accounts import find_account, snapshots
from reviewtui.store.people import list_people

REFERENCE = "2026-11-26T12:00:00Z"
REPO_ROOT = Path(__file__).resolve().parents[2]


def _open(path: Path, when: str = REFERENCE) -> Workspace:
    return open_workspace(path, clock=ManualClock(when))


@pytest.fixture
def loaded(tmp_path: Path) -> Iterator[Workspace]:
    ws = _open(tmp_path / "x.db")
    load_sample(ws)
    try:
        yield ws
    finally:
        ws.close()


def _csv(name: str) -> list[dict[str, str]]:
    with (sample_data_dir() / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _extra(ws: Workspace, account: Account, column: str) -> str | None:
    """A stored account column the Account record does not carry (read-only check)."""
    row = ws.db.query_one(f"SELECT {column} AS v FROM accounts WHERE id = ?", (account.id,))
    assert row is not None
    return row["v"]


def _days_ago(today: pendulum.Date, day: pendulum.Date | None) -> int:
    """Whole days from `day` to `today`; negative when `day` is still ahead."""
    assert day is not None
    return today.toordinal() - day.toordinal()


# -- counts and shape --------------------------------------------------------------------


def test_loads_the_whole_book_quickly_and_reports_it(tmp_path: Path) -> None:
    ws = _open(tmp_path / "x.db")
    try:
        started = time.perf_counter()
        summary = load_sample(ws)
        elapsed = time.perf_counter() - started
        accounts = list_accounts(ws.db)
        history = sum(len(snapshots(ws.db, a.id, limit=1000)) for a in accounts)
        meetings = meeting_store.list_meetings(ws.db)
        series = meeting_store.list_series(ws.db)
        people = list_people(ws.db)
    finally:
        ws.close()
    assert elapsed < 1.0, f"loading took {elapsed:.2f}s"
    assert len(accounts) == len(_csv("accounts.csv")) >= 64
    assert history == len(_csv("snapshots.csv"))
    assert len(people) == len(_csv("people.csv"))
    assert len(series) == 2
    assert len(meetings) == 5 and all(m.status == "closed" for m in meetings)
    assert summary == (
        f"{len(accounts)} accounts, {history} snapshots, {len(people)} people, 2 series,"
        f" 5 past meetings, {len(_csv('benchmarks.csv'))} benchmarks,"
        f" {len(_csv('plan.csv'))} plan values"
    )


def test_four_csms_own_sixteen_accounts_each(loaded: Workspace) -> None:
    owners: dict[str, int] = {}
    for account in list_accounts(loaded.db):
        assert account.owner
        owners[account.owner] = owners.get(account.owner, 0) + 1
    assert len(owners) >= 4 and all(n >= 16 for n in owners.values())
    roles = {p.name: p.role for p in list_people(loaded.db)}
    assert all(roles[owner] == "csm" for owner in owners)
    assert {
        "csm",
        "leader",
        "strategist",
        "senior strategist",
        "lead growth marketer",
        "growth marketer",
        "senior growth consultant",
        "account executive",
        "campaigns lead",
        "executive sponsor",
    } <= set(roles.values())


def test_money_is_exact_cents(loaded: Workspace) -> None:
    for row in _csv("accounts.csv"):
        account = find_account(loaded.db, row["name"])
        assert account is not None
        assert account.arr_cents == int(Decimal(row["arr"]) * 100)
        assert isinstance(account.arr_cents, int)


def test_accounts_agree_with_their_latest_snapshot(loaded: Workspace) -> None:
    today = loaded.clock.today()
    for account in list_accounts(loaded.db):
        history = snapshots(loaded.db, account.id, limit=1000)
        assert history, account.name
        latest = history[-1]
        assert (latest.health, latest.usage, latest.nps, latest.status, latest.arr_cents) == (
            account.health,
            account.usage,
            account.nps,
            account.status,
            account.arr_cents,
        ), account.name
        assert latest.as_of <= today
        assert account.client_since is not None and account.client_since <= history[0].as_of
        assert account.last_touch is not None and account.last_touch <= today
        # One account was never engaged (no date at all); the others were, before last touch.
        if account.name != "Cobaltfern Health":
            assert account.last_engaged is not None, account.name
            assert account.last_engaged <= account.last_touch
        assert account.health is not None and account.status is not None
        # Plausible: red means weak health, green means good health.
        if account.status == "red":
            assert account.health < 45, account.name
        if account.status == "green":
            assert account.health >= 70, account.name
        if account.lifecycle != "churned":
            assert account.renewal_date is not None and account.renewal_date > today


# -- dates move with today ---------------------------------------------------------------


def test_dates_shift_to_the_clock(tmp_path: Path) -> None:
    base = _open(tmp_path / "base.db")
    later = _open(tmp_path / "later.db", "2027-03-06T12:00:00Z")  # 100 days on
    try:
        load_sample(base)
        load_sample(later)
        for account in list_accounts(base.db):
            moved = find_account(later.db, account.name)
            assert moved is not None and account.renewal_date is not None
            assert moved.renewal_date == account.renewal_date.add(days=100)
            if account.last_engaged is None:  # never engaged stays never engaged
                assert moved.last_engaged is None
            else:
                assert moved.last_engaged == account.last_engaged.add(days=100)
            before = [s.as_of for s in snapshots(base.db, account.id, limit=1000)]
            after = [s.as_of for s in snapshots(later.db, moved.id, limit=1000)]
            assert after == [d.add(days=100) for d in before]
        starts = sorted(m.started_at for m in meeting_store.list_meetings(base.db))
        shifted = sorted(m.started_at for m in meeting_store.list_meetings(later.db))
        assert shifted == [s.add(days=100) for s in starts]
        dues = [a.due for a in action_store.list_actions(base.db)]
        moved_dues = [a.due for a in action_store.list_actions(later.db)]
        assert all(dues) and moved_dues == [d.add(days=100) for d in dues if d]
    finally:
        base.close()
        later.close()


# -- every built-in segment has members --------------------------------------------------

Rule = Callable[[Workspace, Account, pendulum.Date], bool]


def _recently_red(ws: Workspace, account: Account, today: pendulum.Date) -> bool:
    history = snapshots(ws.db, account.id, limit=1000)
    if account.status != "red" or len(history) < 2:
        return False
    changed = _extra(ws, account, "status_changed_on")
    return (
        history[-2].status in ("green", "yellow")
        and changed is not None
        and 0 <= today.toordinal() - pendulum.Date.fromisoformat(changed).toordinal() <= 30
    )


def _nps_down(ws: Workspace, account: Account, today: pendulum.Date) -> bool:
    history = [s for s in snapshots(ws.db, account.id, limit=1000) if s.as_of <= today]
    if len(history) < 2 or history[-1].nps is None or history[-2].nps is None:
        return False
    return history[-2].nps - history[-1].nps >= 10


def _recovered(ws: Workspace, account: Account, today: pendulum.Date) -> bool:
    history = snapshots(ws.db, account.id, limit=1000)
    return account.status != "red" and any(
        before.status == "red"
        and after.status in ("yellow", "green")
        and 0 <= _days_ago(today, after.as_of) <= 60
        for before, after in itertools.pairwise(history)
    )


def _red_for(days: int) -> Rule:
    def rule(ws: Workspace, account: Account, today: pendulum.Date) -> bool:
        changed = _extra(ws, account, "status_changed_on")
        return (
            account.status == "red"
            and account.lifecycle != "churned"
            and changed is not None
            and _days_ago(today, pendulum.Date.fromisoformat(changed)) > days
        )

    return rule


SEGMENTS: dict[str, Rule] = {
    "red for more than 90 days": _red_for(90),
    "recovered from red": _recovered,
    "NPS trending down": _nps_down,
    "never engaged": lambda ws, a, t: a.last_engaged is None and a.lifecycle != "churned",
    "renewals in 90 days over $100k": lambda ws, a, t: (
        a.lifecycle != "churned"
        and a.renewal_date is not None
        and 0 <= -_days_ago(t, a.renewal_date) <= 90
        and (a.arr_cents or 0) >= 10_000_000
    ),
    "new customers (first 90 days)": lambda ws, a, t: 0 <= _days_ago(t, a.client_since) <= 90,
    "trials / POCs / opt-outs": lambda ws, a, t: a.lifecycle in ("trial", "poc", "opt-out"),
    "last engaged > 30 days": lambda ws, a, t: (
        a.last_engaged is not None and _days_ago(t, a.last_engaged) > 30
    ),
    "last engaged > 45 days": lambda ws, a, t: (
        a.last_engaged is not None and _days_ago(t, a.last_engaged) > 45
    ),
    "last engaged > 60 days": lambda ws, a, t: (
        a.last_engaged is not None and _days_ago(t, a.last_engaged) > 60
    ),
    "low usage": lambda ws, a, t: a.usage is not None and a.usage < 30,
    "high usage": lambda ws, a, t: a.usage is not None and a.usage > 80,
    "goals achieved": lambda ws, a, t: a.goals == "achieved",
    "goals missing": lambda ws, a, t: a.goals == "missing",
    "red accounts": lambda ws, a, t: a.status == "red",
    "recently turned red": _recently_red,
    "health < 40": lambda ws, a, t: a.health is not None and a.health < 40,
    "health > 80": lambda ws, a, t: a.health is not None and a.health > 80,
    "strategic": lambda ws, a, t: a.tier == "strategic",
    "NPS detractors": lambda ws, a, t: a.nps is not None and a.nps < 0,
    "NPS promoters": lambda ws, a, t: a.nps is not None and a.nps >= 50,
    "expansion opportunities": lambda ws, a, t: a.expansion,
    "renewals within 120 days": lambda ws, a, t: (
        a.lifecycle != "churned"
        and a.renewal_date is not None
        and 0 <= -_days_ago(t, a.renewal_date) <= 120
    ),
    "churned": lambda ws, a, t: (
        a.lifecycle == "churned" and _extra(ws, a, "churned_on") is not None
    ),
    "renewed": lambda ws, a, t: (
        a.lifecycle == "renewed" and _extra(ws, a, "renewed_on") is not None
    ),
}


def _members(ws: Workspace, rule: Rule) -> list[str]:
    today = ws.clock.today()
    return [a.name for a in list_accounts(ws.db) if rule(ws, a, today)]


@pytest.mark.parametrize("when", [REFERENCE, "2027-07-15T23:30:00Z", "2031-02-01T08:00:00Z"])
def test_every_builtin_segment_has_members_whenever_it_loads(tmp_path: Path, when: str) -> None:
    ws = _open(tmp_path / "x.db", when)
    try:
        load_sample(ws)
        empty = [name for name, rule in SEGMENTS.items() if not _members(ws, rule)]
        accounts = list_accounts(ws.db)
        top10 = sorted(accounts, key=lambda a: a.arr_cents or 0, reverse=True)[:10]
    finally:
        ws.close()
    assert empty == []
    assert len(top10) == 10 and all(a.arr_cents for a in top10)


def test_segments_are_selective_not_everyone(loaded: Workspace) -> None:
    total = count_accounts(loaded.db)
    for name, rule in SEGMENTS.items():
        assert len(_members(loaded, rule)) < total / 2, name


# -- planted stories ---------------------------------------------------------------------


def test_one_media_account_has_a_tenfold_cost_per_lead_jump_days_apart(loaded: Workspace) -> None:
    jumps = []
    for account in list_accounts(loaded.db):
        history = snapshots(loaded.db, account.id, limit=1000)
        for before, after in itertools.pairwise(history):
            if before.cost_per_lead_cents and after.cost_per_lead_cents:
                close_together = _days_ago(after.as_of, before.as_of) <= 7
                if close_together and after.cost_per_lead_cents >= 10 * before.cost_per_lead_cents:
                    jumps.append(account)
    assert len(jumps) == 1
    assert _extra(loaded, jumps[0], "is_media") == 1


def test_usage_falls_three_snapshots_running_and_health_drops_fifteen(loaded: Workspace) -> None:
    sliding, dropping = [], []
    for account in list_accounts(loaded.db):
        history = snapshots(loaded.db, account.id, limit=1000)
        usage = [s.usage for s in history[-4:]]
        if len(usage) == 4 and usage[0] > usage[1] > usage[2] > usage[3]:  # type: ignore[operator]
            sliding.append(account.name)
        if len(history) >= 2 and history[-2].health - history[-1].health >= 15:  # type: ignore[operator]
            dropping.append(account.name)
    assert len(sliding) >= 3
    assert len(dropping) >= 3


def test_latest_meeting_of_each_series_leaves_open_overdue_and_done(loaded: Workspace) -> None:
    today = loaded.clock.today()
    series = meeting_store.list_series(loaded.db)
    assert {s.template for s in series} == {"book-of-business", "strategy"}
    for one in series:
        ids = meeting_store.meeting_ids_in_series(loaded.db, one.id)
        assert len(ids) >= 2
        latest = meeting_store.get_meeting(loaded.db, ids[-1])
        assert latest is not None and latest.status == "closed"
        actions = action_store.actions_for_meeting(loaded.db, latest.id)
        overdue = [a for a in actions if a.is_overdue(today)]
        still_open = [a for a in actions if a.status == "open" and not a.is_overdue(today)]
        done = [a for a in actions if a.status == "done"]
        assert overdue and still_open and done, one.name
        assert all(a.completed_at is not None for a in done)
        assert all(a.owner and a.due for a in actions)
        # The next meeting of the series would open with these.
        assert {a.id for a in overdue + still_open} <= {
            a.id for a in action_store.list_actions(loaded.db, status="open")
        }


def test_past_meetings_are_complete_records(loaded: Workspace) -> None:
    carried = 0
    for meeting in meeting_store.list_meetings(loaded.db):
        assert meeting.ended_at is not None and meeting.ended_at > meeting.started_at
        assert meeting.started_at < loaded.clock.now()
        items = meeting_store.agenda(loaded.db, meeting.id)
        assert all(i.actual_seconds > 0 and i.planned_seconds > 0 for i in items)
        spent = sum(i.actual_seconds for i in items)
        assert spent == (meeting.ended_at - meeting.started_at).total_seconds()
        assert meeting_store.attendance(loaded.db, meeting.id)
        notes = note_store.notes_for_meeting(loaded.db, meeting.id)
        assert {"risk", "decision", "insight"} <= {n.kind for n in notes}
        assert all(n.category for n in notes if n.kind == "insight")
        assert all(meeting.started_at <= n.created_at <= meeting.ended_at for n in notes)
        actions = action_store.actions_for_meeting(loaded.db, meeting.id)
        assert 3 <= len(actions) <= 5
        carried += len(action_store.carried_into(loaded.db, meeting.id))
        statuses = {a.status for a in actions}
        assert statuses <= {"open", "done", "dropped", "carried"}
    assert carried >= 2
    dropped = [a for a in action_store.list_actions(loaded.db) if a.status == "dropped"]
    assert dropped and all(a.drop_reason for a in dropped)


# -- loading again, and from the command line --------------------------------------------


def test_loading_twice_does_not_duplicate(tmp_path: Path) -> None:
    ws = _open(tmp_path / "x.db")
    try:
        load_sample(ws)
        first = (
            count_accounts(ws.db),
            len(list_people(ws.db)),
            len(meeting_store.list_meetings(ws.db)),
            len(action_store.list_actions(ws.db)),
            sum(len(snapshots(ws.db, a.id, limit=1000)) for a in list_accounts(ws.db)),
        )
        summary = load_sample(ws)
        second = (
            count_accounts(ws.db),
            len(list_people(ws.db)),
            len(meeting_store.list_meetings(ws.db)),
            len(action_store.list_actions(ws.db)),
            sum(len(snapshots(ws.db, a.id, limit=1000)) for a in list_accounts(ws.db)),
        )
    finally:
        ws.close()
    assert second == first
    assert "0 past meetings (5 already there" in summary


def _cli(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "REVIEWTUI_CONFIG_DIR": str(home / "config")}
    env.pop("REVIEWTUI_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "reviewtui", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO_ROOT,
        env=env,
        check=False,
    )


def test_demo_command_loads_into_a_new_file(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    done = _cli("demo", "--no-app", "--db", str(path), home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "64 accounts" in done.stdout and "5 past meetings" in done.stdout
    ws = open_workspace(path)  # the real clock, as the demo used
    try:
        assert count_accounts(ws.db) == 64
        empty = [name for name, rule in SEGMENTS.items() if not _members(ws, rule)]
        assert empty == []
    finally:
        ws.close()
    again = _cli("demo", "--no-app", "--db", str(path), home=tmp_path)
    assert again.returncode != 0
    assert "already exists" in again.stderr


# -- bad and hostile sample files --------------------------------------------------------


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "sample"
    shutil.copytree(sample_data_dir(), folder)
    return folder


def _replace_everywhere(folder: Path, old: str, new: str) -> None:
    for name in ("accounts.csv", "snapshots.csv"):
        path = folder / name
        rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows([[new if c == old else c for c in r] for r in rows])
    meetings = folder / "meetings.json"
    text = meetings.read_text(encoding="utf-8")
    meetings.write_text(text.replace(json.dumps(old)[1:-1], json.dumps(new)[1:-1]), "utf-8")


def test_hostile_account_name_is_kept_as_text_without_escapes(
    tmp_path: Path, sample_copy: Path
) -> None:
    hostile = "[bold]Brightmoor[/bold] [@click=app.quit]x[/] \x1b]0;PWNED\x07Bakeries 顧客 👩‍💼"
    _replace_everywhere(sample_copy, "Brightmoor Bakeries", hostile)
    ws = _open(tmp_path / "x.db")
    try:
        load_sample(ws, source=sample_copy)
        account = find_account(
            ws.db, "[bold]Brightmoor[/bold] [@click=app.quit]x[/] Bakeries 顧客 👩‍💼"
        )
        assert account is not None
        assert account.name == "[bold]Brightmoor[/bold] [@click=app.quit]x[/] Bakeries 顧客 👩‍💼"
        assert len(snapshots(ws.db, account.id, limit=1000)) == 13
        assert all("\x1b" not in a.name and "\x07" not in a.name for a in list_accounts(ws.db))
        assert note_store.notes_for_account(ws.db, account.id)
    finally:
        ws.close()


def _set_cell(path: Path, line: int, column: str, value: str) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    fields = list(rows[0])
    rows[line - 2][column] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fields)
        writer.writeheader()
        writer.writerows(rows)


@pytest.mark.parametrize(
    ("file", "line", "column", "value", "message"),
    [
        ("accounts.csv", 7, "health", "140", "accounts.csv line 7: health"),
        ("accounts.csv", 3, "arr", "125000.005", "accounts.csv line 3: arr"),
        ("accounts.csv", 4, "name", "", "accounts.csv line 4: name"),
        ("accounts.csv", 5, "name", "x" * 10_000, "accounts.csv line 5: name"),
        ("accounts.csv", 6, "expansion", "maybe", "accounts.csv line 6: expansion"),
        ("accounts.csv", 8, "status", "[bold]red[/bold]", "accounts.csv line 8: status"),
        ("snapshots.csv", 9, "account", "Nobody Ltd", "no account 'Nobody Ltd'"),
        ("snapshots.csv", 10, "as_of", "yesterday", "snapshots.csv line 10: as_of"),
        ("people.csv", 2, "name", "", "people.csv line 2: name"),
    ],
)
def test_a_bad_cell_stops_the_load_and_writes_nothing(
    tmp_path: Path,
    sample_copy: Path,
    file: str,
    line: int,
    column: str,
    value: str,
    message: str,
) -> None:
    _set_cell(sample_copy / file, line, column, value)
    ws = _open(tmp_path / "x.db")
    try:
        with pytest.raises(SampleDataError, match=re.escape(message)):
            load_sample(ws, source=sample_copy)
        assert count_accounts(ws.db) == 0
        assert list_people(ws.db) == []
    finally:
        ws.close()


def test_a_broken_carry_chain_is_refused(sample_copy: Path) -> None:
    path = sample_copy / "meetings.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    carried = next(
        a
        for s in data["series"]
        for m in s["meetings"]
        for a in m["actions"]
        if a.get("carried_from")
    )
    carried["carried_from"] = "no-such-action"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(SampleDataError, match="no-such-action"):
        read_sample(sample_copy)


def test_a_failure_while_writing_rolls_everything_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> int:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(meeting_store, "create_meeting", broken)
    ws = _open(tmp_path / "x.db")
    try:
        with pytest.raises(RuntimeError, match="disk on fire"):
            load_sample(ws)
        assert count_accounts(ws.db) == 0
        assert list_people(ws.db) == []
        assert meeting_store.list_series(ws.db) == []
    finally:
        ws.close()
