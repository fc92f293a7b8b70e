"""Which column of a file holds which account field: header synonyms and mapping files.

Headers are compared after normalising them (`normalise_header`): CamelCase split
(`HealthScore`), case and accents folded, punctuation and anything in brackets (units such
as `ARR ($)`, `Renewal Date (UTC)`) left out, so `Account_Owner`, `account owner`,
`AccountOwner` and `ACCOUNT OWNER ` are the same header. A header proposes a field; the
column's values confirm it (see column_choice.py). A mapping file (TOML) names the rest:

    [columns]
    "Their Header" = "our_field"
    "Internal notes" = "ignore"
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from reviewtui.domain.text import clean_input

IGNORE = "ignore"

# Every field a file can fill, with what it holds (shown in help and error messages).
FIELDS: dict[str, str] = {
    "name": "the account name (required)",
    "external_id": "the account's id in your CRM; matched before the name",
    "owner": "the CSM or account owner",
    "arr": "annual recurring revenue (an amount)",
    "tcv": "total contract value (an amount)",
    "renewal_date": "next renewal (a date)",
    "client_since": "client since (a date)",
    "health": "health score, 0-100",
    "status": "green, yellow or red (or good, at risk, critical ...)",
    "lifecycle": "lifecycle stage (onboarding, adoption, trial ...)",
    "last_touch": "last touch (a date, or days ago)",
    "last_engaged": "last engaged (a date, or days ago)",
    "nps": "Net Promoter Score, -100 to 100",
    "tier": "tier or segment",
    "usage": "usage (a number or percentage)",
    "goals": "achieved, missing or on track",
    "expansion": "expansion opportunity (yes/no)",
    "industry": "industry or vertical",
    "churned_on": "date churned",
    "renewed_on": "date last renewed",
    "status_changed_on": "date the status last changed",
    "spend": "media spend this period (an amount)",
    "cost_per_lead": "cost per lead (an amount)",
    "leads": "leads this period (a whole number)",
    "co_owner": "a second assignee: co-owner, secondary CSM or sales rep",
    "sponsor": "the executive sponsor",
    "usage_change": "change in usage since the last period (a trend: '↑ 15%', '-3')",
    "health_change": "change in the health score (a trend: '+12 pts', '↓ 4')",
}

_SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": (
        "name",
        "client",
        "client name",
        "account",
        "account name",
        "customer",
        "customer name",
        "company",
        "company name",
        "organisation",
        "organization",
        "client name",
        "account display name",
    ),
    "external_id": (
        "id",
        "external id",
        "account id",
        "customer id",
        "client id",
        "company id",
        "crm id",
        "account number",
        "account #",
        "customer #",
        "client #",
        "record id",
        "gsid",
        "account external id",
        "external account id",
        "salesforce account id",
        "sfdc id",
        "crm account id",
    ),
    "owner": (
        "owner",
        "csm",
        "assigned csm",
        "account owner",
        "account manager",
        "customer success manager",
        "success manager",
        "csm name",
        "assigned csm name",
        "company owner",
        "csm owner",
    ),
    "arr": (
        "arr",
        "annual revenue",
        "annual recurring revenue",
        "acv",
        "annual contract value",
    ),
    "tcv": ("tcv", "total contract value", "contract value"),
    "renewal_date": (
        "renewal",
        "renewal date",
        "renews",
        "renews on",
        "next renewal",
        "renewal due",
        "contract end",
        "contract end date",
    ),
    "client_since": (
        "client since",
        "customer since",
        "start date",
        "contract start",
        "contract start date",
        "since",
        "customer from",
        "client as of date",
        "client as of",
        "original contract date",
        "first contract date",
    ),
    "health": (
        "health",
        "score",
        "success score",
        "health score",
        "customer health",
        "current score",
        "overall score",
    ),
    "status": ("status", "pulse", "rag", "rag status", "health status", "health color"),
    "lifecycle": ("lifecycle", "stage", "lifecycle stage", "phase"),
    "last_touch": (
        "last touch",
        "last touched",
        "last contact",
        "last contacted",
        "last touchpoint",
    ),
    "last_engaged": (
        "last engaged",
        "last engagement",
        "last activity",
        "last active",
        "last login",
    ),
    "nps": ("nps", "nps score", "net promoter score"),
    "tier": ("tier", "account tier", "plan", "segment"),
    "usage": ("usage", "usage score", "product usage", "adoption"),
    "goals": ("goals", "goal status", "goals status"),
    "expansion": ("expansion", "expansion opportunity", "upsell"),
    "industry": ("industry", "vertical", "sector"),
    "churned_on": ("churned", "churned on", "churn date"),
    "renewed_on": ("renewed", "renewed on", "last renewal", "last renewed"),
    "status_changed_on": (
        "status changed",
        "status changed on",
        "status since",
        "status set on",
        "status date",
        "pulse set on",
        "pulse date",
        "pulse last set",
        "pulse updated",
    ),
    "co_owner": (
        "co owner",
        "second csm",
        "secondary csm",
        "second assignee",
        "backup csm",
        "assigned sales rep",
        "sales rep",
        "account executive",
    ),
    "sponsor": ("executive sponsor", "exec sponsor", "sponsor", "executive champion"),
    "usage_change": ("usage change", "usage trend", "adoption trend", "usage delta"),
    "health_change": ("health change", "health trend", "score change", "score trend"),
    "spend": ("spend", "ad spend", "media spend", "monthly spend"),
    "cost_per_lead": ("cpl", "cost per lead"),
    "leads": ("leads", "lead count"),
}

_BRACKETS = re.compile(r"\s*[\(\[][^()\[\]]*[\)\]]\s*")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_PUNCT = re.compile(r"[_\-./:,;'\"]+")


def _fold(text: str) -> str:
    """CamelCase split, accents and case folded, punctuation to spaces, spaces folded."""
    text = clean_input(text).replace("\ufeff", "")
    text = _CAMEL.sub(" ", text)
    if not text.isascii():
        text = "".join(
            c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
        )
    text = _PUNCT.sub(" ", text.casefold())
    return " ".join(text.split())


def normalise_header(header: str) -> str:
    """`  Account_Owner (CSM) `, `AccountOwner` -> `account owner`: the form headers are
    compared in. Anything in brackets is left out, unless that leaves nothing."""
    bare = _BRACKETS.sub(" ", header)
    return _fold(bare) if bare.strip() else _fold(header)


def header_words(header: str) -> str:
    """The header folded like normalise_header, brackets and all: `Usage (30d change)` ->
    `usage 30d change`, for rules that look at every word."""
    return _fold(header.replace("(", " ").replace(")", " ").replace("[", " ").replace("]", " "))


SYNONYMS: dict[str, str] = {
    normalise_header(word): target for target, words in _SYNONYMS.items() for word in words
}
for _name in FIELDS:
    SYNONYMS.setdefault(normalise_header(_name), _name)


class MappingError(ValueError):
    """A mapping file, or a set of headers, that cannot say which column is which."""


class _MappingFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    columns: dict[str, str]


def load_mapping(path: Path) -> dict[str, str]:
    """`[columns] "Their Header" = "our_field"` from a TOML file, checked against FIELDS."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as error:
        raise MappingError(f"{path}: cannot read: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise MappingError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as error:
        raise MappingError(f"{path}: not valid TOML: {error}") from None
    try:
        mapping = _MappingFile.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in issue['loc']) or 'file'}: {issue['msg']}"
            for issue in error.errors()
        )
        raise MappingError(
            f'{path}: {problems} (expected a [columns] table of "Header" = "field")'
        ) from None
    result: dict[str, str] = {}
    for header, target in mapping.columns.items():
        wanted = target.strip().casefold().replace(" ", "_").replace("-", "_")
        if wanted not in FIELDS and wanted != IGNORE:
            raise MappingError(
                f"{path}: {header!r} = {target!r}: no such field; use one of"
                f" {', '.join(FIELDS)}, or {IGNORE!r}"
            )
        result[header] = wanted
    return result


@dataclass(frozen=True)
class Column:
    """What became of one column: the field it fills (None: ignored), how that was decided,
    why, and a few of its values."""

    index: int
    label: str
    field: str | None
    source: str  # "mapping file", "profile", "header", "values" or "" (ignored, no match)
    why: str
    sample: tuple[str, ...] = ()
    scale: float | None = None  # values multiplied by this (a 0-10 score to 0-100)


@dataclass(frozen=True)
class ColumnMap:
    """Which field each column fills, and what was left out and why."""

    headers: tuple[str, ...]
    fields: dict[int, str]  # column index -> field
    columns: list[Column] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    profile: str | None = None  # the export the headers look like, e.g. "a Gainsight ..."
    problem: str | None = None  # why the file cannot be imported as mapped

    def header_for(self, field_name: str) -> str:
        for index, target in self.fields.items():
            if target == field_name:
                return self.headers[index]
        return field_name

    @property
    def present(self) -> frozenset[str]:
        return frozenset(self.fields.values())

    @property
    def scales(self) -> dict[int, float]:
        """column index -> factor, for the columns whose values are scaled."""
        return {c.index: c.scale for c in self.columns if c.scale is not None}


def label(header: str, index: int) -> str:
    """A header as shown in a report: one line; a placeholder for an empty one."""
    flat = " ".join(clean_input(header).split())
    return flat if flat else f"(column {index + 1}, no header)"
