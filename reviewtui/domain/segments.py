"""Segments: named, declarative rules over account fields and metric history.

A rule is a tree of conditions read from TOML and validated here. Field names come from a fixed
whitelist, operators from a fixed set, and values are type-checked for their field; the store
turns a rule into parameterised SQL (tests hold it against an independent pure-Python reading
of the same rule, in tests/segment_oracle.py).

Conditions (each a TOML table):
  {field = "health", op = "<", value = 40}           an account field (see ACCOUNT_FIELDS)
  {field = "renewal_date", op = "within", days = 120} as_of <= date <= as_of + 120
  {field = "client_since", op = "within last", days = 90}  as_of - 90 <= date <= as_of
  {field = "last_engaged", op = "older than", days = 30}   date < as_of - 30
  {field = "churned_on", op = "<=", value = "today"}  "today" means the evaluation date
  {metric = "usage", op = "<", value = 30}           the latest snapshot on or before as_of
  {metric = "health", change = "dropped", by = 15}   latest vs previous snapshot, 15 or more
  {turned = "red", days = 30}                        status became red in the last 30 days
  {top = 10, by = "arr_cents", among = {...}}        the 10 highest in the book being reviewed
  {all = [...]}, {any = [...]}, {none = [...]}       groups, nestable
An empty (NULL) value never satisfies a comparison on its field; `is empty` asks for it.
Text compares ignore ASCII case.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationInfo,
    field_validator,
    model_validator,
)

from reviewtui.domain.prompts import Prompts
from reviewtui.domain.segment_fields import (
    ACCOUNT_FIELDS,
    DAY_OPS,
    EMPTY_OPS,
    LIST_OPS,
    MAX_DAYS,
    METRICS,
    OPERATORS,
    FieldSpec,
)
from reviewtui.domain.segment_rules import (
    ChangeRule,
    FieldRule,
    GroupRule,
    MetricRule,
    OrderRule,
    PlainSegment,
    Rule,
    TopRule,
    TurnedRule,
)

MAX_CONDITIONS = 200
MAX_DEPTH = 8
MAX_TEXT = 200
MAX_LIST = 100
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Tags the discriminated union adds to error locations; dropped when naming a field.
CONDITION_TAGS = frozenset(
    {"group", "field-condition", "metric-condition", "change", "turned", "top"}
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


def _spec(name: object, table: Mapping[str, FieldSpec], what: str) -> FieldSpec:
    if not isinstance(name, str) or name not in table:
        known = ", ".join(table)
        raise ValueError(f"unknown {what} {name!r}; known: {known}")
    return table[name]


def _check_op(spec: FieldSpec | None, op: str) -> None:
    if op not in OPERATORS:
        raise ValueError(f"unknown operator {op!r}; use one of: {', '.join(OPERATORS)}")
    if spec is not None and op not in spec.operators:
        raise ValueError(
            f"operator {op!r} does not apply to a {spec.kind} field;"
            f" use one of: {', '.join(spec.operators)}"
        )


def _check_scalar(spec: FieldSpec, value: object) -> object:
    if spec.kind == "flag":
        if not isinstance(value, bool):
            raise ValueError("must be true or false")
        return value
    if spec.kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"must be a number, not {value!r}")
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError(f"must be a finite number, not {value!r}")
        if isinstance(value, int) and abs(value) >= 2**63:
            raise ValueError("the number is too large")
        return value
    if spec.kind == "date":
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value.isoformat()
        if isinstance(value, str) and value == "today":
            return value
        if isinstance(value, str) and _ISO_DAY.match(value):
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                pass
            else:
                return value
        raise ValueError(f"must be a date like 2026-12-31 or the word 'today', not {value!r}")
    if not isinstance(value, str):
        raise ValueError(f"must be text, not {value!r}")
    if len(value) > MAX_TEXT:
        raise ValueError(f"text longer than {MAX_TEXT} characters")
    if spec.kind == "choice" and value not in spec.choices:
        raise ValueError(f"{value!r} is not one of: {', '.join(spec.choices)}")
    return value


def _check_value(spec: FieldSpec | None, op: str | None, value: object) -> object:
    if spec is None or op is None or op not in spec.operators:
        return value  # the field or operator already failed; say nothing more
    if op in EMPTY_OPS or op in DAY_OPS:
        if value is not None:
            raise ValueError(f"operator {op!r} takes no value")
        return None
    if value is None:
        raise ValueError(f"operator {op!r} needs a value")
    if op in LIST_OPS:
        if not isinstance(value, list) or not value:
            raise ValueError(f"operator {op!r} needs a non-empty list of values")
        if len(value) > MAX_LIST:
            raise ValueError(f"at most {MAX_LIST} values in a list")
        return tuple(_check_scalar(spec, item) for item in value)
    if isinstance(value, list):
        raise ValueError(f"operator {op!r} takes a single value, not a list")
    return _check_scalar(spec, value)


def _check_days(op: str | None, days: int | None) -> int | None:
    if op in DAY_OPS and days is None:
        raise ValueError(f"operator {op!r} needs a number of days")
    if op not in DAY_OPS and days is not None and op in OPERATORS:
        raise ValueError(f"operator {op!r} takes no days")
    return days


class FieldCondition(_Strict):
    field: str
    op: str
    value: Any = Field(default=None, validate_default=True)
    days: int | None = Field(default=None, ge=0, le=MAX_DAYS, validate_default=True)

    @field_validator("field")
    @classmethod
    def _known_field(cls, name: str) -> str:
        _spec(name, ACCOUNT_FIELDS, "field")
        return name

    @field_validator("op")
    @classmethod
    def _known_op(cls, op: str, info: ValidationInfo) -> str:
        _check_op(ACCOUNT_FIELDS.get(info.data.get("field", "")), op)
        return op

    @field_validator("value")
    @classmethod
    def _typed_value(cls, value: object, info: ValidationInfo) -> object:
        spec = ACCOUNT_FIELDS.get(info.data.get("field", ""))
        return _check_value(spec, info.data.get("op"), value)

    @field_validator("days")
    @classmethod
    def _days_fit(cls, days: int | None, info: ValidationInfo) -> int | None:
        return _check_days(info.data.get("op"), days)


class MetricCondition(_Strict):
    metric: str
    op: str
    value: Any = Field(default=None, validate_default=True)

    @field_validator("metric")
    @classmethod
    def _known_metric(cls, name: str) -> str:
        _spec(name, METRICS, "metric")
        return name

    @field_validator("op")
    @classmethod
    def _known_op(cls, op: str, info: ValidationInfo) -> str:
        _check_op(METRICS.get(info.data.get("metric", "")), op)
        return op

    @field_validator("value")
    @classmethod
    def _typed_value(cls, value: object, info: ValidationInfo) -> object:
        return _check_value(METRICS.get(info.data.get("metric", "")), info.data.get("op"), value)


class ChangeCondition(_Strict):
    metric: str
    change: Literal["dropped", "rose"]
    by: float = Field(gt=0, allow_inf_nan=False)

    @field_validator("metric")
    @classmethod
    def _numeric_metric(cls, name: str) -> str:
        if _spec(name, METRICS, "metric").kind != "number":
            raise ValueError(f"{name!r} is not a number; a change needs one")
        return name


class TurnedCondition(_Strict):
    turned: Literal["green", "yellow", "red"]
    days: int = Field(ge=0, le=MAX_DAYS)
    # Only a change from this status counts (read from the snapshots, which keep the before).
    from_: Literal["green", "yellow", "red"] | None = Field(default=None, alias="from")

    @model_validator(mode="after")
    def _a_change(self) -> TurnedCondition:
        if self.from_ == self.turned:
            raise ValueError("'from' and 'turned' name the same status")
        return self


class TopCondition(_Strict):
    top: int = Field(ge=1, le=100_000)
    by: str
    among: Condition | None = None

    @field_validator("by")
    @classmethod
    def _numeric_field(cls, name: str) -> str:
        if _spec(name, ACCOUNT_FIELDS, "field").kind != "number":
            raise ValueError(f"{name!r} is not a number; top N needs one")
        return name


class Group(_Strict):
    all_: list[Condition] | None = Field(default=None, alias="all", min_length=1)
    any_: list[Condition] | None = Field(default=None, alias="any", min_length=1)
    none_: list[Condition] | None = Field(default=None, alias="none", min_length=1)

    @model_validator(mode="after")
    def _one_kind(self) -> Group:
        if sum(part is not None for part in (self.all_, self.any_, self.none_)) != 1:
            raise ValueError("a group has exactly one of 'all', 'any' or 'none'")
        return self

    @property
    def kind(self) -> Literal["all", "any", "none"]:
        if self.all_ is not None:
            return "all"
        return "any" if self.any_ is not None else "none"

    @property
    def items(self) -> list[Condition]:
        return self.all_ or self.any_ or self.none_ or []


def _tag(value: object) -> str | None:
    if isinstance(value, BaseModel):
        return {
            Group: "group",
            FieldCondition: "field-condition",
            MetricCondition: "metric-condition",
            ChangeCondition: "change",
            TurnedCondition: "turned",
            TopCondition: "top",
        }.get(type(value))
    if not isinstance(value, dict):
        return None
    if {"all", "any", "none"} & value.keys():
        return "group"
    for key, tag in (("top", "top"), ("turned", "turned"), ("change", "change")):
        if key in value:
            return tag
    if "metric" in value:
        return "metric-condition"
    return "field-condition" if "field" in value else None


Condition = Annotated[
    Annotated[Group, Tag("group")]
    | Annotated[FieldCondition, Tag("field-condition")]
    | Annotated[MetricCondition, Tag("metric-condition")]
    | Annotated[ChangeCondition, Tag("change")]
    | Annotated[TurnedCondition, Tag("turned")]
    | Annotated[TopCondition, Tag("top")],
    Discriminator(
        _tag,
        custom_error_type="condition",
        custom_error_message=(
            "a condition is a table with 'field', 'metric', 'turned', 'top',"
            " or a group with 'all', 'any' or 'none'"
        ),
    ),
]
TopCondition.model_rebuild()
Group.model_rebuild()


class OrderKey(_Strict):
    field: str
    direction: Literal["asc", "desc"] = "asc"

    @field_validator("field")
    @classmethod
    def _known_field(cls, name: str) -> str:
        _spec(name, ACCOUNT_FIELDS, "field")
        return name


class Segment(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=40)
    name: str = Field(min_length=1, max_length=80)
    description: str = Field(default="", max_length=400)
    rule: Condition
    order: list[OrderKey] = Field(min_length=1, max_length=3)
    order_label: str = Field(min_length=1, max_length=60)
    prompts: Prompts

    @model_validator(mode="after")
    def _bounded(self) -> Segment:
        count, depth = _size(self.rule)
        if count > MAX_CONDITIONS:
            raise ValueError(f"the rule has {count} conditions; at most {MAX_CONDITIONS}")
        if depth > MAX_DEPTH:
            raise ValueError(f"the rule nests {depth} deep; at most {MAX_DEPTH}")
        return self

    def plain(self) -> PlainSegment:
        """The segment as plain dataclasses (what the store evaluates, what is cached)."""
        return PlainSegment(
            id=self.id,
            name=self.name,
            description=self.description,
            rule=plain_rule(self.rule),
            order=tuple(OrderRule(key.field, key.direction) for key in self.order),
            order_label=self.order_label,
            prompts=tuple(self.prompts),
        )


def plain_rule(cond: Condition) -> Rule:
    """A validated condition (or one built in code) as a plain rule, field for field."""
    if isinstance(cond, Group):
        return GroupRule(cond.kind, tuple(plain_rule(item) for item in cond.items))
    if isinstance(cond, FieldCondition):
        return FieldRule(cond.field, cond.op, cond.value, cond.days)
    if isinstance(cond, MetricCondition):
        return MetricRule(cond.metric, cond.op, cond.value)
    if isinstance(cond, ChangeCondition):
        return ChangeRule(cond.metric, cond.change, cond.by)
    if isinstance(cond, TurnedCondition):
        return TurnedRule(cond.turned, cond.days, cond.from_)
    among = None if cond.among is None else plain_rule(cond.among)
    return TopRule(cond.top, cond.by, among)


def _size(cond: Condition) -> tuple[int, int]:
    children: list[Condition] = []
    if isinstance(cond, Group):
        children = cond.items
    elif isinstance(cond, TopCondition) and cond.among is not None:
        children = [cond.among]
    sizes = [_size(child) for child in children]
    return 1 + sum(s[0] for s in sizes), 1 + max((s[1] for s in sizes), default=0)
