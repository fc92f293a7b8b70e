"""The oracle for the rows of an accounts file: a pydantic model of what a row may hold.

The importer reads and checks every value in plain code (reviewtui/importers/accounts.py):
at 200,000 rows, validating each row through this model costs more than reading the file.
tests/unit/test_import_rows.py holds the two together: each check passes exactly the values
this model accepts unchanged, and the reader stores exactly what this model keeps (or
rejects the row); any disagreement fails a test.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from reviewtui.importers import values
from reviewtui.importers.accounts import ID_LIMIT, NAME_LIMIT, TEXT_LIMIT

Text = Annotated[str, StringConstraints(min_length=1, max_length=TEXT_LIMIT)]
Cents = Annotated[int, Field(ge=0, lt=values.MAX_CENTS)]


class AccountRow(BaseModel):
    """An account as one file row states it, typed and checked. Amounts are integer cents."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    name: Annotated[str, StringConstraints(min_length=1, max_length=NAME_LIMIT)]
    external_id: Annotated[str, StringConstraints(min_length=1, max_length=ID_LIMIT)] | None = None
    owner: Text | None = None
    arr: Cents | None = None
    tcv: Cents | None = None
    renewal_date: datetime.date | None = None
    client_since: datetime.date | None = None
    health: Annotated[float, Field(ge=0, le=100)] | None = None
    status: Literal["green", "yellow", "red"] | None = None
    lifecycle: Text | None = None
    last_touch: datetime.date | None = None
    last_engaged: datetime.date | None = None
    nps: Annotated[int, Field(ge=-100, le=100)] | None = None
    tier: Text | None = None
    usage: float | None = None
    goals: Literal["achieved", "missing", "on track"] | None = None
    expansion: bool | None = None
    industry: Text | None = None
    churned_on: datetime.date | None = None
    renewed_on: datetime.date | None = None
    status_changed_on: datetime.date | None = None
    spend: Cents | None = None
    cost_per_lead: Cents | None = None
    leads: Annotated[int, Field(ge=0, lt=values.MAX_CENTS)] | None = None
    co_owner: Text | None = None
    sponsor: Text | None = None
    usage_change: float | None = None
    health_change: float | None = None
