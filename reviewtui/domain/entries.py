"""What the facilitator types into the note input, understood: kind, text, owner, due, category."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum

import pendulum

from reviewtui.domain.due_dates import DueDateError, looks_like_due, misspelt_due, parse_due
from reviewtui.domain.names import closest, find_name
from reviewtui.domain.text import clean_input


class NoteKind(StrEnum):
    """What a note is; stored as its value, which also names it in files and the CLI."""

    NOTE = "note"
    DECISION = "decision"
    RISK = "risk"
    INSIGHT = "insight"
    BLOCKER = "blocker"
    ACTION = "action"

    @property
    def label(self) -> str:
        return self.value.capitalize()


NOTE_KINDS = tuple(NoteKind)
KIND_LABELS: dict[str, str] = {kind: kind.label for kind in NoteKind}
KIND_PREFIXES = {
    **{kind.value: kind for kind in NoteKind},
    **{kind.value[0]: kind for kind in NoteKind},
    "todo": NoteKind.ACTION,
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
    kind: NoteKind
    text: str
    owner: str | None = None
    due: pendulum.Date | None = None
    category: str | None = None
    account: str | None = None  # `&acme`: the account in scope it is tied to, by name
    misspelt: tuple[tuple[str, str], ...] = ()  # (word, the date word it looks like)


@dataclass(frozen=True)
class NotePreview:
    """How the text being typed will be saved, said before Enter: its kind and what was
    understood of it, or the error that stops it being saved (then the rest is empty)."""

    kind: NoteKind
    typed: bool = True  # False: nothing typed yet; only the kind it will be saved as
    owner: str | None = None  # an action's owner, as resolved
    new_owner: bool = False  # the owner is no one known yet
    due: str | None = None  # an action's due date, in words
    category: str | None = None
    account: str | None = None  # the name of the account the note attaches to
    warnings: tuple[tuple[str, str], ...] = ()  # (word, the date word it looks like)
    error: str | None = None

    @property
    def has_problem(self) -> bool:
        return self.error is not None or bool(self.warnings)


_ACCOUNT_WORD = re.compile(r"^&[^\W_][\w'’.&-]*[.,;:]?$")
_ENTITY = re.compile(r"^&#?\w+;$")


def account_handle(name: str) -> str:
    """How an account is typed after `&`: `Acme Corp` -> `Acme-Corp`."""
    return "-".join(name.split())


def take_account(text: str, accounts: Iterable[str]) -> tuple[str, str | None]:
    """`&acme` in the text: the text without it, and the account in scope it names.
    EntryError when it names none (with the closest) or two are given."""
    kept: list[str] = []
    found: str | None = None
    names = list(accounts)
    for word in text.split(" "):
        if not _ACCOUNT_WORD.match(word) or _ENTITY.match(word):
            kept.append(word)  # `&`, `&&`, `&amp;`: text, not an account
            continue
        handle = word[1:].rstrip(".,;:").replace("-", " ")
        match = find_name(handle, names)
        if match is None:
            near = closest(handle, names)
            hint = f"; did you mean {', '.join('&' + account_handle(n) for n in near)}?"
            raise EntryError(f"no account in scope matches {word!r}" + (hint if near else ""))
        if found is not None and found != match:
            raise EntryError("a note is tied to one account; two &accounts were given")
        found = match
    return " ".join(w for w in kept if w).strip(), found


def resolve_owner(handle: str, people: Iterable[str]) -> str:
    """`@mar` -> 'Maria Lopez' when exactly one known person matches (case and accents
    aside: `@tomas` finds Tomás Reyes); else the handle as typed."""
    return find_name(handle, people) or handle


def parse_entry(
    raw: str,
    today: pendulum.Date,
    default_kind: str = NoteKind.NOTE,
    people: Iterable[str] = (),
    accounts: Iterable[str] | None = None,
    day_first: bool = False,
) -> Entry:
    """Understand one line typed into the note input. Raises EntryError with a user message.
    `accounts`: the names `&account` may tie the entry to (None: the syntax is not known)."""
    text = clean_input(raw).strip()
    if not text:
        raise EntryError("nothing to save")
    account: str | None = None
    if accounts is not None:
        text, account = take_account(text, accounts)
    entry = _parse_kinds(text, today, default_kind, people, day_first)
    return replace(entry, account=account) if account is not None else entry


def _parse_kinds(
    text: str, today: pendulum.Date, default_kind: str, people: Iterable[str], day_first: bool
) -> Entry:
    if not text:
        raise EntryError("nothing to save but the account")
    if len(text) > _MAX_LENGTH:
        raise EntryError(f"too long ({len(text)} characters, at most {_MAX_LENGTH})")
    kind = NoteKind(default_kind)
    prefix = _PREFIX.match(text)
    if prefix and prefix.group(1).lower() in KIND_PREFIXES:
        kind = KIND_PREFIXES[prefix.group(1).lower()]
        text = prefix.group(2).strip()
        if not text:
            raise EntryError(f"the {kind} has no text")
    if kind is NoteKind.ACTION:
        return _parse_action(text, today, people, day_first)
    if kind is NoteKind.INSIGHT:
        return _parse_insight(text)
    return Entry(kind=kind, text=text)


def _parse_action(
    text: str, today: pendulum.Date, people: Iterable[str], day_first: bool = False
) -> Entry:
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
            if owner == handle and handle.islower():
                owner = handle.capitalize()  # a new person: named as people are, not `maria`
            continue
        kept.append(word)
    # The due date is the last words (`fri`, `next friday`, `in 2 weeks`), or
    # 'due <date>' / 'by <date>' anywhere.
    for index, word in enumerate(kept):
        if word.lower() in ("due", "by") and index + 1 < len(kept):
            size = _due_size(kept[index + 1 : index + 4], from_start=True)
            if size:
                due = _due(" ".join(kept[index + 1 : index + 1 + size]), today, day_first)
                del kept[index : index + 1 + size]
                break
    if due is None and len(kept) > 1:
        size = _due_size(kept[-3:][-(len(kept) - 1) :], from_start=False)
        if size:
            due = _due(" ".join(kept[-size:]), today, day_first)
            del kept[-size:]
    title = " ".join(kept).strip()
    if not title:
        raise EntryError("the action needs a title as well as an owner and date")
    misspelt = tuple((word, near) for word in kept if (near := misspelt_due(word)) is not None)
    return Entry(kind=NoteKind.ACTION, text=title, owner=owner, due=due, misspelt=misspelt)


def _due_size(words: list[str], *, from_start: bool) -> int:
    """How many words (3, 2 or 1) at the start (or end) of `words` say a due date; 0: none."""
    for size in (3, 2, 1):
        if len(words) < size:
            continue
        part = words[:size] if from_start else words[-size:]
        if looks_like_due(" ".join(part)):
            return size
    return 0


def _due(word: str, today: pendulum.Date, day_first: bool = False) -> pendulum.Date:
    try:
        return parse_due(word, today, day_first)
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
    return Entry(kind=NoteKind.INSIGHT, text=body, category=category)


def kind_or_note(value: object) -> NoteKind:
    """The kind `value` names; a note for none (a draft kept before drafts had a kind) or for
    anything else (a recovery file edited by hand)."""
    if isinstance(value, str) and value in KIND_LABELS:
        return NoteKind(value)
    return NoteKind.NOTE


def typed_kind(raw: str, default_kind: str = NoteKind.NOTE) -> NoteKind:
    """The kind a line will be saved as: its prefix (`a:`, `risk:` ...) or the default."""
    prefix = _PREFIX.match(clean_input(raw).strip())
    if prefix and prefix.group(1).lower() in KIND_PREFIXES:
        return KIND_PREFIXES[prefix.group(1).lower()]
    return NoteKind(default_kind)
