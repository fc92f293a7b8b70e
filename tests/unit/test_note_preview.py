"""The preview is a value: what the typed text will be saved as, read before Enter, on a
real meeting in a real SQLite file."""

from __future__ import annotations

import pendulum
import pytest

from reviewtui.domain.due_dates import describe_due, parse_due
from reviewtui.domain.entries import KIND_LABELS, NOTE_KINDS, NoteKind, NotePreview, parse_entry
from reviewtui.services.meeting import start_meeting
from reviewtui.services.session_notes import Notebook
from reviewtui.services.workspace import Workspace
from reviewtui.store.accounts import upsert_account


@pytest.fixture
def notebook(ws: Workspace) -> Notebook:
    for name in ("Acme Corp", "Globex"):
        upsert_account(ws.db, {"name": name, "owner": "Ana Diaz", "health": 50}, ws.clock.now())
    return start_meeting(ws, "strategy", attendees=["Ana Diaz:csm"]).notebook


def test_note_kinds_are_one_enum_compared_as_their_stored_words() -> None:
    assert [str(kind) for kind in NOTE_KINDS] == [
        "note",
        "decision",
        "risk",
        "insight",
        "blocker",
        "action",
    ]
    assert NoteKind("risk") is NoteKind.RISK and NoteKind.RISK == "risk"
    assert KIND_LABELS["blocker"] == NoteKind.BLOCKER.label == "Blocker"
    today = pendulum.date(2026, 11, 26)
    assert parse_entry("d: budget moves", today).kind is NoteKind.DECISION
    assert parse_entry("todo: call them", today).kind is NoteKind.ACTION


def test_nothing_typed_is_the_kind_alone(notebook: Notebook) -> None:
    assert notebook.preview("   ", "risk") == NotePreview(NoteKind.RISK, typed=False)
    assert not notebook.preview("").has_problem


@pytest.mark.parametrize("kind", [k for k in NoteKind if k is not NoteKind.INSIGHT])
def test_each_kind_by_its_prefix(notebook: Notebook, kind: NoteKind) -> None:
    preview = notebook.preview(f"{kind.value}: the budget moves to search")
    assert preview.kind is kind
    assert preview.error is None


def test_an_action_names_its_owner_and_due_date(notebook: Notebook) -> None:
    today = notebook.ws.clock.today()
    preview = notebook.preview("a: send the deck @ana fri")
    assert preview.kind is NoteKind.ACTION
    assert (preview.owner, preview.new_owner) == ("Ana Diaz", False)
    assert preview.due == describe_due(parse_due("fri", today), today)
    assert preview.warnings == () and not preview.has_problem


def test_a_new_person_and_a_misspelt_date_are_said(notebook: Notebook) -> None:
    preview = notebook.preview("a: call the sponsor @maria tomorow")
    assert (preview.owner, preview.new_owner) == ("Maria", True)
    assert preview.due is None
    assert preview.warnings == (("tomorow", "tomorrow"),)
    assert preview.has_problem and preview.error is None


def test_what_cannot_be_saved_is_an_error(notebook: Notebook) -> None:
    preview = notebook.preview("i: the market turned")
    assert preview.error is not None and "category" in preview.error
    assert preview.has_problem
    assert notebook.preview("i: the market turned #market").category == "market"


def test_the_account_it_attaches_to(notebook: Notebook) -> None:
    ids = notebook.scope_accounts()
    assert notebook.preview("r: &globex may churn").account == "Globex"
    assert notebook.preview("churn talk", account_id=ids["Acme Corp"]).account == "Acme Corp"
    assert notebook.preview("churn talk").account is None
    wrong = notebook.preview("r: &globx may churn")
    assert wrong.error is not None and "&Globex" in wrong.error
