"""Which column of a file holds which account field: header synonyms and mapping files.

Headers are compared after normalising case, spacing, punctuation and a trailing unit in
brackets (`ARR ($)`, `Renewal Date (UTC)`), so `Account_Owner`, `account owner` and
`ACCOUNT OWNER ` are the same header. A mapping file (TOML) names the rest:

    [columns]
    "Their Header" = "our_field"
    "Internal notes" = "ignore"
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
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
    ),
    "health": ("health", "score", "success score", "health score", "customer health"),
    "status": ("status", "pulse", "rag", "rag status", "health status"),
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
    "status_changed_on": ("status changed", "status changed on", "status since"),
    "spend": ("spend", "ad spend", "media spend", "monthly spend"),
    "cost_per_lead": ("cpl", "cost per lead"),
    "leads": ("leads", "lead count"),
}

_UNIT = re.compile(r"\s*[\(\[][^()\[\]]*[\)\]]\s*$")
_PUNCT = re.compile(r"[_\-./:]+")


def normalise_header(header: str) -> str:
    """`  Account_Owner (CSM) ` -> `account owner`: the form headers are compared in."""
    text = clean_input(header).replace("\ufeff", "")
    text = _UNIT.sub("", text) or text
    text = _PUNCT.sub(" ", text.casefold())
    return " ".join(text.split())


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
class ColumnMap:
    """Which field each column fills, and what was left out and why."""

    headers: tuple[str, ...]
    fields: dict[int, str]  # column index -> field
    used: list[tuple[str, str, str]] = field(default_factory=list)  # header, field, how
    ignored: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def header_for(self, field_name: str) -> str:
        for index, target in self.fields.items():
            if target == field_name:
                return self.headers[index]
        return field_name

    @property
    def present(self) -> frozenset[str]:
        return frozenset(self.fields.values())


def _label(header: str, index: int) -> str:
    flat = " ".join(clean_input(header).split())
    return flat if flat else f"(column {index + 1}, no header)"


def map_columns(headers: Sequence[str], mapping: Mapping[str, str] | None = None) -> ColumnMap:
    """Decide which column fills which field. MappingError when two columns claim one field
    or nothing holds the account name."""
    explicit = {normalise_header(k): v for k, v in (mapping or {}).items()}
    normalised = [normalise_header(h) for h in headers]
    fields: dict[int, str] = {}
    used: list[tuple[str, str, str]] = []
    ignored: list[str] = []
    warnings: list[str] = []
    claimed: dict[str, int] = {}

    # Explicit mappings first: they win over a synonym for the same field.
    for index, norm in enumerate(normalised):
        if norm in explicit:
            target = explicit[norm]
            label = _label(headers[index], index)
            if target == IGNORE:
                ignored.append(label)
                continue
            if target in claimed:
                other = _label(headers[claimed[target]], claimed[target])
                raise MappingError(f"the mapping sends both {other!r} and {label!r} to {target!r}")
            claimed[target] = index
            fields[index] = target
            used.append((label, target, "mapping file"))
    for index, norm in enumerate(normalised):
        if index in fields or norm in explicit:
            continue
        label = _label(headers[index], index)
        synonym = SYNONYMS.get(norm) if norm else None
        if synonym is None and norm and all(len(part) == 1 for part in norm.split()):
            synonym = SYNONYMS.get(norm.replace(" ", ""))  # "N.P.S." -> "nps"
        if synonym is None:
            ignored.append(label)
            continue
        target = synonym
        if target in claimed:
            other_index = claimed[target]
            other = _label(headers[other_index], other_index)
            if normalised[other_index] in explicit:
                ignored.append(label)
                warnings.append(
                    f"{label!r} ignored: the mapping file takes {target!r} from {other!r}"
                )
                continue
            raise MappingError(
                f"both {other!r} and {label!r} look like {target!r}; say which to use in a"
                f' --mapping file ([columns] "{label}" = "ignore")'
            )
        claimed[target] = index
        fields[index] = target
        used.append((label, target, "header"))
    known = set(normalised)
    for header in mapping or {}:
        if normalise_header(header) not in known:
            warnings.append(f"the mapping names a column the file does not have: {header!r}")
    if "name" not in claimed:
        shown = ", ".join(repr(_label(h, i)) for i, h in enumerate(headers[:20]))
        raise MappingError(
            f"no column holds the account name (found {shown}); name it Client, Account,"
            ' Customer, Company or Name, or map it: [columns] "Your Header" = "name"'
        )
    return ColumnMap(tuple(headers), fields, used, ignored, warnings)
