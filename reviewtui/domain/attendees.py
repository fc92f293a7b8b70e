"""Who is at a meeting, as typed: `Ana:csm, Lee:leader, -Eve` (a name, its role after a
colon, a leading minus for someone expected but absent). The new-meeting dialog, the
attendee edit during a meeting and the command line's --attendee/--absent read it alike."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from reviewtui.domain.models import Attendee
from reviewtui.domain.names import find_name, fold
from reviewtui.domain.text import one_line


def parse_attendee(spec: str) -> Attendee | None:
    """`Name`, `Name:role` or `-Name[:role]` (absent); None when it names nobody."""
    spec = spec.strip()
    name, _, role = spec.lstrip("-").partition(":")
    name = one_line(name)
    if not name:
        return None
    return Attendee(person=name, present=not spec.startswith("-"), role=one_line(role) or None)


def parse_attendees(specs: Iterable[str]) -> list[Attendee]:
    """Each spec read by `parse_attendee`; the same name (case and accents aside) once, the
    last mention winning, in the order first named."""
    people: dict[str, Attendee] = {}
    for spec in specs:
        attendee = parse_attendee(spec)
        if attendee is not None:
            people[fold(attendee.person)] = attendee
    return list(people.values())


def attendee_specs(text: str) -> list[str]:
    """`Ana:csm, Lee:leader, -Eve` -> one spec per person, for `parse_attendees`."""
    return [spec.strip() for spec in text.split(",") if spec.strip()]


def attendee_list(text: str) -> list[Attendee]:
    """`Ana:csm, Lee:leader, -Eve` -> the attendees, as `parse_attendees` reads them."""
    return parse_attendees(attendee_specs(text))


def attendees_of(present: Sequence[str], absent: Sequence[str] = ()) -> list[Attendee]:
    """Those here and those expected but absent, each as `Name` or `Name:role`."""
    return parse_attendees([*present, *(f"-{spec.strip()}" for spec in absent)])


def recorded_name(typed: str, known: Iterable[str]) -> str:
    """The name a person typed as `typed` is recorded under: the one person on file it fits
    (`priya` is Priya Raman when she is the only one; see `find_name`), else a new person,
    named as people are when typed in lower case (`maria lopez` is Maria Lopez)."""
    found = find_name(typed, known)
    if found is not None:
        return found
    return typed.title() if typed.islower() else typed


def with_known_names(attendees: Iterable[Attendee], known: Iterable[str]) -> list[Attendee]:
    """Each attendee under `recorded_name`; named twice, once, the last mention winning."""
    names = list(known)
    people: dict[str, Attendee] = {}
    for attendee in attendees:
        person = recorded_name(attendee.person, names)
        people[fold(person)] = replace(attendee, person=person)
    return list(people.values())


def attendee_outline(attendees: Iterable[Attendee], known: Iterable[str]) -> str:
    """Who the typed attendees are, as they will be recorded: known people by their full
    name, with `(new)` for a name on file for nobody; for the dialog that asks."""
    names = list(known)
    folded = {fold(n) for n in names}
    here: list[str] = []
    away: list[str] = []
    for attendee in with_known_names(attendees, names):
        details = [attendee.role] if attendee.role else []
        if fold(attendee.person) not in folded:
            details.append("new")
        spec = attendee.person + (f" ({', '.join(details)})" if details else "")
        (here if attendee.present else away).append(spec)
    absent = f"absent: {', '.join(away)}" if away else ""
    return "; ".join(part for part in (", ".join(here), absent) if part)


def attendee_text(attendees: Iterable[Attendee]) -> str:
    """The attendance as it would be typed: `Ana:csm, Lee:leader, -Eve`."""
    parts = []
    for attendee in attendees:
        spec = f"{attendee.person}:{attendee.role}" if attendee.role else attendee.person
        parts.append(spec if attendee.present else f"-{spec}")
    return ", ".join(parts)


def attendee_rows(attendees: Iterable[Attendee]) -> list[list[object]]:
    """As a change carries them: [[name, role, present], ...]."""
    return [[a.person, a.role, a.present] for a in attendees]
