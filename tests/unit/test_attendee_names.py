"""Attendees typed by first name or in lower case are recorded as the people on file they
mean; a name that fits nobody, or several people, is a new person, and the dialog says which."""

from __future__ import annotations

from reviewtui.domain.attendees import attendee_list, attendee_outline, with_known_names
from reviewtui.domain.clock import ManualClock
from reviewtui.services.meeting import MeetingSession, start_meeting
from reviewtui.services.workspace import open_workspace
from reviewtui.store import meetings as meeting_store
from reviewtui.store.accounts import upsert_account

KNOWN = ["Priya Raman", "Tomás Reyes", "Daniel Achterberg", "Dana Okafor"]


def test_a_name_that_fits_one_person_is_that_person() -> None:
    typed = attendee_list("priya:csm, Tomas, -achterberg:leader")
    found = with_known_names(typed, KNOWN)
    assert [(a.person, a.role, a.present) for a in found] == [
        ("Priya Raman", "csm", True),
        ("Tomás Reyes", None, True),
        ("Daniel Achterberg", "leader", False),
    ]


def test_a_name_that_fits_several_or_nobody_stays_as_typed() -> None:
    found = with_known_names(attendee_list("Da, Lee Chen:leader"), KNOWN)
    assert [a.person for a in found] == ["Da", "Lee Chen"]  # Daniel and Dana both fit "Da"


def test_the_same_person_named_twice_is_kept_once_last_mention_winning() -> None:
    found = with_known_names(attendee_list("Priya:csm, Priya Raman:leader"), KNOWN)
    assert [(a.person, a.role) for a in found] == [("Priya Raman", "leader")]


def test_the_outline_names_each_as_recorded_and_marks_the_new() -> None:
    typed = attendee_list("priya:csm, Lee Chen:leader, -Tomas")
    assert attendee_outline(typed, KNOWN) == (
        "Priya Raman (csm), Lee Chen (leader, new), absent: Tomás Reyes"
    )


def test_a_meeting_started_with_a_first_name_records_the_known_person(tmp_path) -> None:  # type: ignore[no-untyped-def]
    ws = open_workspace(tmp_path / "r.db", clock=ManualClock("2026-11-26T14:00:00Z"))
    try:
        upsert_account(ws.db, {"name": "Acme", "owner": "Priya Raman"}, ws.clock.now())
        session = start_meeting(ws, "scrum", series="Team", attendees=["priya:csm", "Sam"])
        rows = meeting_store.attendance(ws.db, session.id)
        assert [(a.person, a.role) for a in rows] == [("Priya Raman", "csm"), ("Sam", None)]
        # and when attendees are changed during the meeting
        session.apply(session.record.set_attendees("PRIYA:lead, sam"))
        again = MeetingSession(ws, session.id)
        rows = meeting_store.attendance(ws.db, again.id)
        assert {(a.person, a.role) for a in rows if a.present} == {
            ("Priya Raman", "lead"),
            ("Sam", None),
        }
    finally:
        ws.close()
