"""Rules of a meeting that its screens show: who is there as typed, the wrap-up's actions by
owner role, how late a carried-over action is, and the queues a section opens with."""

from __future__ import annotations

import pendulum
from meeting_notes import add_note

from reviewtui.domain.attendees import attendee_list, attendee_specs, attendee_text, attendees_of
from reviewtui.domain.closing import role_split
from reviewtui.domain.models import Action, ActionStatus, Attendee
from reviewtui.domain.segment_fields import DEFAULT_QUEUES, section_queue_ids
from reviewtui.importers.sample import load_sample
from reviewtui.services.meeting import start_meeting
from reviewtui.services.segments import evaluate_segments
from reviewtui.services.workspace import Workspace

TODAY = pendulum.date(2026, 11, 26)


def test_attendees_as_typed_name_role_and_absence() -> None:
    text = " Ana Ruiz:csm , Lee:leader,,-Eve:csm, ana ruiz:lead , - "
    assert attendee_specs(text) == ["Ana Ruiz:csm", "Lee:leader", "-Eve:csm", "ana ruiz:lead", "-"]
    assert attendee_list(text) == [
        Attendee("ana ruiz", True, "lead"),  # the same name again: the last mention wins
        Attendee("Lee", True, "leader"),
        Attendee("Eve", False, "csm"),
    ]
    assert attendee_text(attendee_list(text)) == "ana ruiz:lead, Lee:leader, -Eve:csm"


def test_the_command_lines_absent_list_reads_like_a_minus() -> None:
    assert attendees_of(["Ana:csm"], ["Eve:csm"]) == attendee_list("Ana:csm, -Eve:csm")
    assert attendees_of(["Ana", "-Eve"]) == attendee_list("Ana, -Eve")


def test_a_meeting_started_as_the_dialog_types_it_records_the_absent(ws: Workspace) -> None:
    dialog = start_meeting(ws, "scrum", attendees=attendee_specs("Ana:csm, -Eve:csm"))
    command_line = start_meeting(
        ws, "scrum", series="Other", attendees=["Ana:csm"], absent=["Eve:csm"]
    )
    assert dialog.record.attendee_text() == "Ana:csm, -Eve:csm"
    assert command_line.record.attendee_text() == "Ana:csm, -Eve:csm"


def test_actions_by_owner_role_then_the_others() -> None:
    counts = {"csm": 2, "other": 1, "nobody": 1}
    assert role_split(counts, ["csm", "leader"]) == [("csm", 2), ("leader", 0), ("others", 2)]
    assert role_split({"leader": 1}, ["csm", "leader"]) == [("csm", 0), ("leader", 1)]
    assert role_split(counts, []) == []


def test_the_wrap_up_splits_this_meetings_open_actions_by_role(ws: Workspace) -> None:
    session = start_meeting(ws, "book-of-business", attendees=["Ana:csm", "Lee:leader"])
    for title, owner in [("deck", "Ana"), ("call", "Ana"), ("memo", "Zoe"), ("list", "")]:
        session.apply(session.closing.add_action(title, owner, "fri"))
    assert session.closing.review().owner_split == [("csm", 2), ("leader", 0), ("others", 2)]


def _action(due: pendulum.Date | None, status: ActionStatus = ActionStatus.OPEN) -> Action:
    at = pendulum.datetime(2026, 11, 1, tz="UTC")
    return Action(1, 1, None, "t", None, due, status, None, at)


def test_days_late_counts_only_open_actions_past_their_date() -> None:
    assert _action(TODAY.subtract(days=3)).days_late(TODAY) == 3
    assert _action(TODAY).days_late(TODAY) == 0
    assert _action(TODAY.add(days=2)).days_late(TODAY) == 0
    assert _action(None).days_late(TODAY) == 0
    assert _action(TODAY.subtract(days=3), ActionStatus.DONE).days_late(TODAY) == 0


def test_a_queues_section_opens_on_the_default_queues_unless_some_were_chosen(
    ws: Workspace,
) -> None:
    load_sample(ws)
    assert section_queue_ids(()) == list(DEFAULT_QUEUES)
    assert section_queue_ids(("red",)) == ["red"]
    # every default queue is a built-in segment that evaluates
    assert [q.id for q in evaluate_segments(ws, section_queue_ids(()))] == list(DEFAULT_QUEUES)


def test_the_per_account_timebox_is_the_timed_sections_own(ws: Workspace) -> None:
    session = start_meeting(ws, "book-of-business")
    sections = {s.title: s.account_minutes for s in ws.template("book-of-business").sections}
    timed = [i for i in session.items if sections.get(i.title)]
    untimed = [i for i in session.items if not sections.get(i.title)]
    assert timed and untimed
    session.apply(session.clock.goto(untimed[-1].id))
    assert session.clock.account_timebox() is None
    session.apply(session.clock.goto(timed[0].id))
    minutes = sections[timed[0].title]
    assert minutes is not None
    assert session.clock.account_timebox() == round(minutes * 60)


def _close_with_draft(ws: Workspace, actions: int, draft: str) -> tuple[str, str]:
    """A meeting with `actions` actions closed with `draft` left typed: the last note saved."""
    session = start_meeting(ws, "strategy")
    for n in range(actions):
        add_note(session, f"a: task {n} @Ana fri")
    session.apply(session.notebook.save_draft(draft))
    for change in session.closing.close("closed for the test"):
        session.apply(change)
    last = session.notebook.notes()[-1]
    return last.kind, last.text


def test_an_action_left_typed_at_the_close_is_saved_as_one(ws: Workspace) -> None:
    assert _close_with_draft(ws, 3, "a: one more @Ana fri") == ("action", "one more")


def test_an_action_one_too_many_at_the_close_is_a_note_of_every_word(ws: Workspace) -> None:
    # Five is the most a strategy review closes with.
    assert _close_with_draft(ws, 5, "a: one more @Ana fri") == ("note", "a: one more @Ana fri")


def test_a_draft_changed_after_the_close_was_asked_is_saved_word_for_word(
    ws: Workspace,
) -> None:
    session = start_meeting(ws, "strategy")
    session.apply(session.notebook.save_draft("d: plan A"))
    close, write = session.closing.close("closed for the test")
    assert close.args["draft"]["kind"] == "decision"
    session.apply(session.notebook.save_draft("d: plan B after all"))  # queued ahead of the close
    session.apply(close)
    session.apply(write)
    last = session.notebook.notes()[-1]
    assert (last.kind, last.text) == ("note", "d: plan B after all")
