"""The bundled sample files read and checked: each row validated, every reference resolved.

Nothing here writes: `read_sample` returns the whole book, or raises SampleDataError naming
the file, line and field, before anything reaches the database.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from reviewtui.assets import sample_data_dir
from reviewtui.domain.templates import Template, TemplateError, builtin_dir, load_template_file
from reviewtui.domain.text import one_line
from reviewtui.importers.sample_rows import (
    AccountRow,
    MeetingsFile,
    PersonRow,
    SeriesSpec,
    SnapshotRow,
)
from reviewtui.store.accounts import account_key

ACCOUNTS_FILE = "accounts.csv"
SNAPSHOTS_FILE = "snapshots.csv"
PEOPLE_FILE = "people.csv"
MEETINGS_FILE = "meetings.json"

RowT = TypeVar("RowT", bound=BaseModel)


class SampleDataError(ValueError):
    """The sample files cannot be loaded; the message names the file, line and field."""


@dataclass(frozen=True)
class SampleBook:
    """The sample files, validated, with dates as written (for `reference_date`)."""

    reference_date: dt.date
    people: list[PersonRow]
    accounts: list[AccountRow]
    snapshots: list[SnapshotRow]
    series: list[SeriesSpec]
    templates: dict[str, Template]


def name_key(name: str) -> str:
    """The key an account name from the files is matched by (as the store matches it)."""
    return account_key(one_line(name))


def _describe(error: ValidationError) -> str:
    parts = []
    for issue in error.errors():
        where = ".".join(str(p) for p in issue["loc"]) or "row"
        message = issue["msg"].removeprefix("Value error, ")
        parts.append(f"{where}: {message}")
    return "; ".join(parts)


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise SampleDataError(f"{path}: missing from the sample data") from None
    except OSError as error:
        raise SampleDataError(f"{path}: cannot read: {error.strerror}") from None
    except UnicodeDecodeError:
        raise SampleDataError(f"{path}: not UTF-8 text") from None


def _read_csv(path: Path, model: type[RowT]) -> list[RowT]:
    reader = csv.DictReader(io.StringIO(_read_text(path), newline=""))
    if not reader.fieldnames:
        raise SampleDataError(f"{path.name}: empty file, a header row was expected")
    rows = []
    for raw in reader:
        if None in raw:
            raise SampleDataError(f"{path.name} line {reader.line_num}: more cells than columns")
        try:
            rows.append(model.model_validate(raw))
        except ValidationError as error:
            raise SampleDataError(
                f"{path.name} line {reader.line_num}: {_describe(error)}"
            ) from None
    return rows


def _read_meetings(path: Path) -> MeetingsFile:
    try:
        data = json.loads(_read_text(path))
    except json.JSONDecodeError as error:
        raise SampleDataError(f"{path.name}: not valid JSON: {error}") from None
    try:
        return MeetingsFile.model_validate(data)
    except ValidationError as error:
        raise SampleDataError(f"{path.name}: {_describe(error)}") from None


def read_sample(source: Path | None = None) -> SampleBook:
    """Read and check the sample files (the bundled ones unless `source` is given)."""
    folder = source if source is not None else sample_data_dir()
    people = _read_csv(folder / PEOPLE_FILE, PersonRow)
    accounts = _read_csv(folder / ACCOUNTS_FILE, AccountRow)
    snapshots = _read_csv(folder / SNAPSHOTS_FILE, SnapshotRow)
    meetings = _read_meetings(folder / MEETINGS_FILE)
    templates = _templates(meetings.series)
    book = SampleBook(
        meetings.reference_date, people, accounts, snapshots, meetings.series, templates
    )
    _check_references(book)
    return book


def _templates(series: Iterable[SeriesSpec]) -> dict[str, Template]:
    """The built-in templates the series use (the sample matches what ships, not overrides)."""
    found: dict[str, Template] = {}
    for spec in series:
        path = builtin_dir() / f"{spec.template}.toml"
        if spec.template in found:
            continue
        if not path.is_file():
            raise SampleDataError(
                f"{MEETINGS_FILE}: series {spec.name!r} uses template {spec.template!r},"
                " which does not ship with reviewtui"
            )
        try:
            found[spec.template] = load_template_file(path)
        except TemplateError as error:
            raise SampleDataError(str(error)) from None
    return found


def _unique(names: Iterable[str], what: str, file: str) -> set[str]:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise SampleDataError(f"{file}: {what} {name!r} appears twice")
        seen.add(name)
    return seen


def _check_references(book: SampleBook) -> None:
    people = _unique((one_line(p.name) for p in book.people), "person", PEOPLE_FILE)
    accounts = _unique((name_key(a.name) for a in book.accounts), "account", ACCOUNTS_FILE)
    for row in book.accounts:
        if row.owner is not None and one_line(row.owner) not in people:
            raise SampleDataError(
                f"{ACCOUNTS_FILE}: {row.name!r} is owned by {row.owner!r}, who is not in"
                f" {PEOPLE_FILE}"
            )
    seen: set[tuple[str, dt.date]] = set()
    for snap in book.snapshots:
        if name_key(snap.account) not in accounts:
            raise SampleDataError(f"{SNAPSHOTS_FILE}: no account {snap.account!r}")
        if (name_key(snap.account), snap.as_of) in seen:
            raise SampleDataError(f"{SNAPSHOTS_FILE}: {snap.account!r} {snap.as_of} twice")
        seen.add((name_key(snap.account), snap.as_of))
    for spec in book.series:
        _check_series(spec, book.templates[spec.template], people, accounts)


def _check_series(
    spec: SeriesSpec, template: Template, people: set[str], accounts: set[str]
) -> None:
    where = f"{MEETINGS_FILE}: series {spec.name!r}"
    titles = [s.title for s in template.sections]
    status: dict[str, str] = {}
    carried_to: dict[str, str] = {}
    for meeting in spec.meetings:
        at = f"{where}, meeting of {meeting.started_at.isoformat()}"
        if [a.section for a in meeting.agenda] != titles:
            raise SampleDataError(f"{at}: the agenda must list the sections of {template.id!r}")
        for attendee in meeting.attendees:
            if one_line(attendee.name) not in people:
                raise SampleDataError(f"{at}: attendee {attendee.name!r} is not in {PEOPLE_FILE}")
        named: list[tuple[str | None, str | None]] = [(n.section, n.account) for n in meeting.notes]
        named += [(a.section, a.account) for a in meeting.actions]
        for section, account in named:
            if section is not None and section not in titles:
                raise SampleDataError(f"{at}: no section {section!r} in {template.id!r}")
            if account is not None and name_key(account) not in accounts:
                raise SampleDataError(f"{at}: no account {account!r} in {ACCOUNTS_FILE}")
        for action in meeting.actions:
            if action.id in status:
                raise SampleDataError(f"{at}: action id {action.id!r} is used twice")
            if action.owner is not None and one_line(action.owner) not in people:
                raise SampleDataError(f"{at}: action owner {action.owner!r} is not a person")
            for moment in (action.completed_at, action.dropped_at):
                if moment is not None and moment < meeting.started_at:
                    raise SampleDataError(f"{at}: {action.id!r} ends before its meeting")
            if action.carried_from is not None:
                origin = action.carried_from
                if status.get(origin) != "carried" or origin in carried_to:
                    raise SampleDataError(
                        f"{at}: {action.id!r} carries {origin!r}, which must be an earlier"
                        " action with status 'carried', carried only once"
                    )
                carried_to[origin] = action.id
            status[action.id] = action.status
    for action_id, state in status.items():
        if state == "carried" and action_id not in carried_to:
            raise SampleDataError(f"{where}: {action_id!r} is 'carried' but nothing carries it")
