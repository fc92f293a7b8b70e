"""Segments in plain form: what the validated models of `domain.segments` hold, as frozen
dataclasses, for the code that evaluates them (the store's compiler) and for the checked cache
of segment files, which reads them back without pydantic.

Only validated segments become plain ones (`Segment.plain()`), or come back from the cache
written from them; `from_data` trusts its input that far and no further than its shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from reviewtui.domain.segment_fields import LIST_OPS

Status = Literal["green", "yellow", "red"]


@dataclass(frozen=True)
class FieldRule:
    field: str
    op: str
    value: object = None
    days: int | None = None


@dataclass(frozen=True)
class MetricRule:
    metric: str
    op: str
    value: object = None


@dataclass(frozen=True)
class ChangeRule:
    metric: str
    change: Literal["dropped", "rose"]
    by: float


@dataclass(frozen=True)
class TurnedRule:
    turned: Status
    days: int
    from_: Status | None = None


@dataclass(frozen=True)
class TopRule:
    top: int
    by: str
    among: Rule | None = None


@dataclass(frozen=True)
class GroupRule:
    kind: Literal["all", "any", "none"]
    items: tuple[Rule, ...]


Rule = FieldRule | MetricRule | ChangeRule | TurnedRule | TopRule | GroupRule


@dataclass(frozen=True)
class OrderRule:
    field: str
    direction: Literal["asc", "desc"] = "asc"


@dataclass(frozen=True)
class PlainSegment:
    id: str
    name: str
    description: str
    rule: Rule
    order: tuple[OrderRule, ...]
    order_label: str
    prompts: tuple[str, ...]


# -- to and from JSON-ready data ------------------------------------------------------------


def rule_data(rule: Rule) -> dict[str, Any]:
    if isinstance(rule, GroupRule):
        return {"group": rule.kind, "items": [rule_data(item) for item in rule.items]}
    if isinstance(rule, TopRule):
        among = None if rule.among is None else rule_data(rule.among)
        return {"top": rule.top, "by": rule.by, "among": among}
    if isinstance(rule, FieldRule):
        value = list(rule.value) if isinstance(rule.value, tuple) else rule.value
        return {"field": rule.field, "op": rule.op, "value": value, "days": rule.days}
    if isinstance(rule, MetricRule):
        value = list(rule.value) if isinstance(rule.value, tuple) else rule.value
        return {"metric": rule.metric, "op": rule.op, "value": value}
    if isinstance(rule, ChangeRule):
        return {"metric": rule.metric, "change": rule.change, "by": rule.by}
    return {"turned": rule.turned, "days": rule.days, "from": rule.from_}


def _value(op: str, value: Any) -> object:
    return tuple(value) if op in LIST_OPS and isinstance(value, list) else value


def rule_from_data(data: dict[str, Any]) -> Rule:
    if "group" in data:
        return GroupRule(data["group"], tuple(rule_from_data(item) for item in data["items"]))
    if "top" in data:
        among = data["among"]
        return TopRule(
            int(data["top"]), str(data["by"]), None if among is None else rule_from_data(among)
        )
    if "field" in data:
        op = str(data["op"])
        days = data["days"]
        return FieldRule(
            str(data["field"]), op, _value(op, data["value"]), None if days is None else int(days)
        )
    if "change" in data:
        return ChangeRule(str(data["metric"]), data["change"], float(data["by"]))
    if "metric" in data:
        op = str(data["op"])
        return MetricRule(str(data["metric"]), op, _value(op, data["value"]))
    return TurnedRule(data["turned"], int(data["days"]), data["from"])


def segment_data(segment: PlainSegment) -> dict[str, Any]:
    return {
        "id": segment.id,
        "name": segment.name,
        "description": segment.description,
        "rule": rule_data(segment.rule),
        "order": [[key.field, key.direction] for key in segment.order],
        "order_label": segment.order_label,
        "prompts": list(segment.prompts),
    }


def segment_from_data(data: dict[str, Any]) -> PlainSegment:
    """A segment from `segment_data`'s output; KeyError, TypeError or ValueError when the data
    is not of that shape."""
    return PlainSegment(
        id=str(data["id"]),
        name=str(data["name"]),
        description=str(data["description"]),
        rule=rule_from_data(data["rule"]),
        order=tuple(OrderRule(str(name), direction) for name, direction in data["order"]),
        order_label=str(data["order_label"]),
        prompts=tuple(str(p) for p in data["prompts"]),
    )
