"""An account as the meeting sees it: numbers, trend, open actions, past notes, what changed."""

from __future__ import annotations

from dataclasses import dataclass

import pendulum

from reviewtui.domain.due_dates import days_until
from reviewtui.domain.metric_lines import metric_lines, status_since
from reviewtui.domain.models import Account, Action, Note
from reviewtui.domain.trends import change, money
from reviewtui.services.workspace import Workspace
from reviewtui.store import accounts as account_store
from reviewtui.store import reviews as review_store
from reviewtui.store.actions import open_actions_for_account
from reviewtui.store.notes import notes_for_account


@dataclass(frozen=True)
class AccountView:
    account: Account
    health_trend: tuple[float | None, ...]
    usage_trend: tuple[float | None, ...]
    open_actions: tuple[Action, ...]
    last_notes: tuple[Note, ...]
    last_reviewed: pendulum.DateTime | None
    changes: tuple[str, ...]
    days_to_renewal: int | None
    status_since: str | None = None  # "red since 14 Oct (49 days)"
    trends: tuple[str, ...] = ()  # "health 62, down 9 over 3 months", one per metric


def account_view(ws: Workspace, account_id: int, meeting_id: int) -> AccountView | None:
    account = account_store.get_account(ws.db, account_id)
    if account is None:
        return None
    history = account_store.snapshots(ws.db, account_id, limit=12)
    today = ws.clock.today()
    previous = review_store.last_review(ws.db, account_id, meeting_id)
    changes: list[str] = []
    if previous is not None:
        for text in (
            change("health", previous.health, account.health),
            change("usage", previous.usage, account.usage),
            change("NPS", previous.nps, account.nps),
        ):
            if text:
                changes.append(text)
        if previous.status != account.status and previous.status and account.status:
            changes.append(f"status {previous.status} → {account.status}")
        if previous.arr_cents != account.arr_cents and account.arr_cents is not None:
            changes.append(f"ARR {money(previous.arr_cents)} → {money(account.arr_cents)}")
        if previous.renewal_date != account.renewal_date and account.renewal_date:
            changes.append(f"renewal moved to {account.renewal_date.isoformat()}")
    days = None
    if account.renewal_date is not None:
        days = days_until(account.renewal_date, today)
    notes = tuple(
        n for n in notes_for_account(ws.db, account_id, limit=8) if n.meeting_id != meeting_id
    )
    since = status_since(account.status, account.status_changed_on, history, today)
    return AccountView(
        account=account,
        health_trend=tuple(s.health for s in history),
        usage_trend=tuple(s.usage for s in history),
        open_actions=tuple(open_actions_for_account(ws.db, account_id)),
        last_notes=notes[:3],
        last_reviewed=previous.reviewed_at if previous else None,
        changes=tuple(changes),
        days_to_renewal=days,
        status_since=since.words(today) if since else None,
        trends=tuple(line.words for line in metric_lines(history)),
    )


def reviewed_accounts(ws: Workspace, meeting_id: int) -> set[int]:
    return review_store.reviewed_in_meeting(ws.db, meeting_id)
