"""What the facilitator types into the note input, understood: kind, text, owner, due, category."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import pendulum

from reviewtui.domain.due_dates import DueDateError, looks_like_due, parse_due
from reviewtui.domain.names import find_name
from reviewtui.domain.text import clean_input

NOTE_KINDS = ("note", "decision", "risk", "insight", "blocker", "action")
KIND_LABELS = {
    "note": "Note",
    "decision": "Decision",
    "risk": "Risk",
    "insight": "Insight",
    "blocker": "Blocker",
    "action": "Action",
}
KIND_PREFIXES = {
    "n": "note",
    "note": "note",
    "d": "decision",
    "decision": "decision",
    "r": "risk",
    "risk": "risk",
    "i": "insight",
    "insight": "insight",
    "b": "blocker",
    "blocker": "blocker",
    "a": "action",
    "action": "action",
    "todo": "action",
}
INSIGHT_CATEGORIES = {
    "market": "market",
    "company": "company",
    "unit": "business unit",
    "bu": "business unit",
    "business-unit": "business unit",
    "people": "people",
}
_PREFIX = re.compile(r"^\s*([a-zA-Z]{1,8})\s*:\s*(.*)$", re.DOTALL)
_MAX_LENGTH = 4000


class EntryError(ValueError):
    """Typed text that cannot be saved as it stands; the message tells the user what to fix."""


@dataclass(frozen=True)
class Entry:
    kind: str
    text: str
    owner: str | None = None
    due: pendulum.Date | None = None
    category: str | None = None


def resolve_owner(handle: str, people: Iterable[str]) -> str:
    """`@mar` -> 'Maria Lopez' when exactly one known person matches (case and accents
    aside: `@tomas` finds Tomás Reyes); else the handle as typed."""
    return find_name(handle, people) or handle


def parse_entry(
    raw: str,
    today: pendulum.Date,
    default_kind: str = "note",
    people: Iterable[str] = (),
) -> Entry:
    """Understand one line typed into the note input. Raises EntryError with a user message."""
    text = clean_input(raw).strip()
    if not text:
        raise EntryError("nothing to save")
    if len(text) > _MAX_LENGTH:
        raise EntryError(f"too long ({len(text)} characters, at most {_MAX_LENGTH})")
    kind = default_kind
    prefix = _PREFIX.match(text)
    if prefix and prefix.group(1).lower() in KIND_PREFIXES:
        kind = KIND_PREFIXES[prefix.group(1).lower()]
        text = prefix.group(2).strip()
        if not text:
            raise EntryError(f"the {kind} has no text")
    if kind == "action":
        return _parse_action(text, today, people)
    if kind == "insight":
        return _parse_insight(text)
    return Entry(kind=kind, text=text)


def _parse_action(text: str, today: pendulum.Date, people: Iterable[str]) -> Entry:
    words = text.split()
    owner: str | None = None
    due: pendulum.Date | None = None
    kept: list[str] = []
    for word in words:
        if word.startswith("@"):
            handle = word[1:].rstrip(".,;:")
            if not handle:
                raise EntryError("'@' needs a name after it, like @maria")
            if owner is not None:
                raise EntryError("an action has one owner; two @names were given")
            owner = resolve_owner(handle, people)
            continue
        kept.append(word)
    # The due date is the last word, or 'due <date>' anywhere.
    for index, word in enumerate(kept):
        if word.lower() in ("due", "by") and index + 1 < len(kept):
            candidate = kept[index + 1]
            if looks_like_due(candidate):
                due = _due(candidate, today)
                del kept[index : index + 2]
                break
    if due is None and kept and looks_like_due(kept[-1]) and len(kept) > 1:
        due = _due(kept[-1], today)
        kept.pop()
    title = " ".join(kept).strip()
    if not title:
        raise EntryError("the action needs a title as well as an owner and date")
    return Entry(kind="action", text=title, owner=owner, due=due)


def _due(word: str, today: pendulum.Date) -> pendulum.Date:
    try:
        return parse_due(word, today)
    except DueDateError as error:
        raise EntryError(f"due date: {error}") from None


def _parse_insight(text: str) -> Entry:
    category: str | None = None
    kept: list[str] = []
    for word in text.split():
        tag = word[1:].lower() if word.startswith("#") else None
        if tag is not None and tag in INSIGHT_CATEGORIES and category is None:
            category = INSIGHT_CATEGORIES[tag]
            continue
        kept.append(word)
    if category is None:
        raise EntryError("an insight needs a category: #market, #company, #unit or #people")
    body = " ".join(kept).strip()
    if not body:
        raise EntryError("the insight has no text")
    return Entry(kind="insight", text=body, category=category)


def typed_kind(raw: str, default_kind: str = "note") -> str:
    """The kind a line will be saved as: its prefix (`a:`, `risk:` ...) or the default."""
    prefix = _PREFIX.match(clean_input(raw).strip())
    if prefix and prefix.group(1).lower() in KIND_PREFIXES:
        return KIND_PREFIXES[prefix.group(1).lower()]
    return default_kind
