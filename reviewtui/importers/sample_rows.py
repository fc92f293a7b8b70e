"""The bundled sample files, row by row: pydantic models that check each cell before loading.

The sample book is ours, but it is still read like any other input: every row is validated,
and a bad one stops the load with a message naming the file, the line and the field.
Dates are written for a reference date (see sample_data/README.md) and shifted on load.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

Status = Literal["green", "yellow", "red"]
Lifecycle = Literal["onboarding", "active", "trial", "poc", "opt-out", "churned", "renewed"]
Tier = Literal["strategic", "enterprise", "mid-market", "smb"]
Goals = Literal["achieved", "missing", "on track"]
NoteKind = Literal["note", "decision", "risk", "insight", "blocker"]
ActionStatus = Literal["open", "done", "dropped", "carried"]

# Dollars with at most two decimals, e.g. 125000.00; turned into integer cents on load.
Money = Annotated[Decimal, Field(ge=0, max_digits=15, decimal_places=2)]
Percent = Annotated[float, Field(ge=0, le=100)]
Name = Annotated[str, Field(min_length=1, max_length=200)]


def _yes_no(value: object) -> object:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().casefold() in ("yes", "no"):
        return value.strip().casefold() == "yes"
    raise ValueError("write yes or no")


YesNo = Annotated[bool, BeforeValidator(_yes_no)]


class _Row(BaseModel):
    """A CSV row: unknown columns refused, surrounding spaces trimmed, empty cells mean None."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    @model_validator(mode="before")
    @classmethod
    def _empty_is_none(cls, data: object) -> object:
        if isinstance(data, dict):
            return {
                k: (None if isinstance(v, str) and not v.strip() else v) for k, v in data.items()
            }
        return data


class AccountRow(_Row):
    name: Name
    external_id: str | None = None
    owner: str | None = None
    arr: Money | None = None
    tcv: Money | None = None
    client_since: dt.date | None = None
    renewal_date: dt.date | None = None
    health: Percent | None = None
    status: Status | None = None
    status_changed_on: dt.date | None = None
    lifecycle: Lifecycle | None = None
    last_touch: dt.date | None = None
    last_engaged: dt.date | None = None
    nps: Annotated[int, Field(ge=-100, le=100)] | None = None
    tier: Tier | None = None
    usage: Percent | None = None
    goals: Goals | None = None
    expansion: YesNo = False
    industry: str | None = None
    is_media: YesNo = False
    churned_on: dt.date | None = None
    renewed_on: dt.date | None = None

    @model_validator(mode="after")
    def _lifecycle_dates(self) -> AccountRow:
        if self.lifecycle == "churned" and self.churned_on is None:
            raise ValueError("a churned account needs churned_on")
        if self.lifecycle == "renewed" and self.renewed_on is None:
            raise ValueError("a renewed account needs renewed_on")
        return self


class SnapshotRow(_Row):
    account: Name
    as_of: dt.date
    health: Percent | None = None
    usage: Percent | None = None
    nps: Annotated[int, Field(ge=-100, le=100)] | None = None
    arr: Money | None = None
    status: Status | None = None
    spend: Money | None = None
    cost_per_lead: Money | None = None
    leads: Annotated[int, Field(ge=0)] | None = None


class PersonRow(_Row):
    name: Name
    role: str | None = None
    team: str | None = None
    email: str | None = None


# -- meetings.json -----------------------------------------------------------------------


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class AttendeeSpec(_Spec):
    name: Name
    present: bool = True
    role: str | None = None


class AgendaSpec(_Spec):
    section: Name
    planned_seconds: Annotated[int, Field(ge=0, le=86_400)]
    actual_seconds: Annotated[int, Field(ge=0, le=86_400)]


class NoteSpec(_Spec):
    section: Name
    kind: NoteKind
    text: Annotated[str, Field(min_length=1, max_length=4000)]
    account: str | None = None
    category: str | None = None
    author: str | None = None

    @model_validator(mode="after")
    def _category_only_on_insights(self) -> NoteSpec:
        if self.category is not None and self.kind != "insight":
            raise ValueError("only insights have a category")
        return self


class ActionSpec(_Spec):
    """An action as it ended up. A carried one names the action it continues (`carried_from`)
    and takes its title, owner and account from it."""

    id: Annotated[str, Field(min_length=1, max_length=40)]
    title: Annotated[str, Field(min_length=1, max_length=500)] | None = None
    owner: str | None = None
    due: dt.date | None = None
    account: str | None = None
    section: str | None = None
    status: ActionStatus = "open"
    carried_from: str | None = None
    completed_at: AwareDatetime | None = None
    drop_reason: str | None = None
    dropped_at: AwareDatetime | None = None

    @model_validator(mode="after")
    def _consistent(self) -> ActionSpec:
        if self.carried_from is None:
            if self.title is None or self.owner is None:
                raise ValueError("an action needs a title and an owner")
        elif self.title is not None or self.owner is not None or self.account is not None:
            raise ValueError("a carried action takes title, owner and account from the original")
        if (self.status == "done") != (self.completed_at is not None):
            raise ValueError("completed_at is given exactly when the status is done")
        dropped = self.status == "dropped"
        if dropped != (self.drop_reason is not None) or dropped != (self.dropped_at is not None):
            raise ValueError("drop_reason and dropped_at are given exactly when dropped")
        return self


class MeetingSpec(_Spec):
    started_at: AwareDatetime
    attendees: list[AttendeeSpec] = Field(min_length=1)
    agenda: list[AgendaSpec] = Field(min_length=1)
    notes: list[NoteSpec] = Field(default_factory=list)
    actions: list[ActionSpec] = Field(default_factory=list)


class SeriesSpec(_Spec):
    name: Name
    template: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=40)]
    scope: str | None = None
    cadence: Literal["weekly", "bi-weekly", "monthly", "quarterly"] | None = None
    meetings: list[MeetingSpec] = Field(min_length=1)

    @model_validator(mode="after")
    def _in_order(self) -> SeriesSpec:
        starts = [m.started_at for m in self.meetings]
        if starts != sorted(starts) or len(set(starts)) != len(starts):
            raise ValueError("meetings must be listed oldest first, one per start time")
        return self


class MeetingsFile(_Spec):
    reference_date: dt.date
    series: list[SeriesSpec] = Field(default_factory=list)
