"""The fields and operators a segment rule may use: a fixed whitelist, nothing else."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from reviewtui.domain.models import ACCOUNT_STATUSES

FieldKind = Literal["text", "choice", "number", "date", "flag"]

EQUALITY_OPS = ("=", "!=")
ORDER_OPS = ("<", "<=", ">", ">=")
LIST_OPS = ("in", "not in")
EMPTY_OPS = ("is empty", "is set")
DAY_OPS = ("within", "within last", "older than")
OPERATORS = (*EQUALITY_OPS, *ORDER_OPS, *LIST_OPS, *EMPTY_OPS, *DAY_OPS)
MAX_DAYS = 36_500

_OPS_BY_KIND: dict[str, tuple[str, ...]] = {
    "text": (*EQUALITY_OPS, *LIST_OPS, *EMPTY_OPS),
    "choice": (*EQUALITY_OPS, *LIST_OPS, *EMPTY_OPS),
    "number": (*EQUALITY_OPS, *ORDER_OPS, *LIST_OPS, *EMPTY_OPS),
    "date": (*EQUALITY_OPS, *ORDER_OPS, *DAY_OPS, *EMPTY_OPS),
    "flag": EQUALITY_OPS,
}


@dataclass(frozen=True)
class FieldSpec:
    kind: FieldKind
    choices: tuple[str, ...] = ()

    @property
    def operators(self) -> tuple[str, ...]:
        return _OPS_BY_KIND[self.kind]


_TEXT = FieldSpec("text")
_NUMBER = FieldSpec("number")
_DATE = FieldSpec("date")
_FLAG = FieldSpec("flag")
_STATUS = FieldSpec("choice", ACCOUNT_STATUSES)

# Column names of `accounts` a rule may name. The keys double as SQL identifiers, so this table
# is the whitelist: a name not in it never reaches a query.
ACCOUNT_FIELDS: dict[str, FieldSpec] = {
    "name": _TEXT,
    "owner": _TEXT,
    "tier": _TEXT,
    "lifecycle": _TEXT,
    "industry": _TEXT,
    "external_id": _TEXT,
    "status": _STATUS,
    "goals": FieldSpec("choice", ("achieved", "missing", "on track")),
    "arr_cents": _NUMBER,
    "tcv_cents": _NUMBER,
    "health": _NUMBER,
    "usage": _NUMBER,
    "nps": _NUMBER,
    "client_since": _DATE,
    "renewal_date": _DATE,
    "status_changed_on": _DATE,
    "last_touch": _DATE,
    "last_engaged": _DATE,
    "churned_on": _DATE,
    "renewed_on": _DATE,
    "expansion": _FLAG,
    "is_media": _FLAG,
}

# Columns of `metric_snapshots` a rule may name (the history of each account).
METRICS: dict[str, FieldSpec] = {
    "health": _NUMBER,
    "usage": _NUMBER,
    "nps": _NUMBER,
    "arr_cents": _NUMBER,
    "spend_cents": _NUMBER,
    "cost_per_lead_cents": _NUMBER,
    "leads": _NUMBER,
    "status": _STATUS,
}


# Two queues of risk and two of success: a review looks at both.
DEFAULT_QUEUES = ("red", "renewal-120", "health-over-80", "goals-achieved")


def section_queue_ids(chosen: Sequence[str] | None) -> list[str]:
    """The queues a queues section shows: those chosen for it, else `DEFAULT_QUEUES`."""
    return list(chosen or DEFAULT_QUEUES)
