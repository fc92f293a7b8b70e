"""The order of a segment's queue, as an SQL ORDER BY list."""

from __future__ import annotations

from reviewtui.domain.segment_fields import ACCOUNT_FIELDS, FieldSpec
from reviewtui.domain.segment_rules import FieldRule, GroupRule, PlainSegment, Rule


class RuleCompileError(ValueError):
    """A rule that names something outside the whitelist (only possible when built in code)."""


def checked_column(name: str, table: dict[str, FieldSpec]) -> FieldSpec:
    spec = table.get(name)
    if spec is None or not name.isidentifier():
        raise RuleCompileError(f"not a known column: {name!r}")
    return spec


def _never_empty(rule: Rule, name: str) -> bool:
    """Whether the rule only matches accounts whose field `name` is set (a top-level `all`
    holding a comparison on it), so the ORDER BY can skip its empty-values-last key."""
    items = rule.items if isinstance(rule, GroupRule) and rule.kind == "all" else (rule,)
    return any(
        isinstance(item, FieldRule) and item.field == name and item.op != "is empty"
        for item in items
    )


# Columns the schema declares NOT NULL: no empty-values-last key is needed for them.
_NEVER_NULL = frozenset({"name", "expansion", "is_media"})
# Columns indexed as (column, id, lifecycle, churned_on): walking that index lists the
# accounts in queue order, and tells whether each is churned, without reading a row.
_QUEUE_ORDERED = frozenset(
    {"last_engaged", "health", "usage", "renewal_date", "nps", "client_since", "renewed_on",
     "name"}
)  # fmt: skip
_CHURN_FIELDS = frozenset({"lifecycle", "churned_on"})


def _fields(rule: Rule) -> set[str] | None:
    """The account fields the rule compares; None when it reads anything else."""
    if isinstance(rule, GroupRule):
        found: set[str] = set()
        for item in rule.items:
            inner = _fields(item)
            if inner is None:
                return None
            found |= inner
        return found
    if isinstance(rule, FieldRule):
        return {rule.field}
    return None


def order_by(segment: PlainSegment, a: str, *, scoped: bool = False) -> str:
    """Queue order: each key with empty values last, then account id (the order they came in).

    SQLite sorts NULL first ascending and last descending, so the `IS NULL` key is only added
    where it changes something. A key the rule does not filter on is written `+column`, which
    stops SQLite from walking that column's index just for the order (slow: one table lookup
    per account); sorting the matches is far cheaper. The exception is a single key that
    is never empty, whose index holds all the rule compares: walking it needs no sort at all.
    In a scope every key is written so: SQLite then starts from the scope's accounts (a
    small share of the book) rather than walk a queue index for its order, reading the
    table for the owner of every account the rule lets through.
    """
    keys = []
    fields = _fields(segment.rule)
    for key in segment.order:
        spec = checked_column(key.field, ACCOUNT_FIELDS)
        filtered = _never_empty(segment.rule, key.field)
        walk = (
            len(segment.order) == 1
            and key.field in _NEVER_NULL & _QUEUE_ORDERED
            and fields is not None
            and fields <= _CHURN_FIELDS | {key.field}
        )
        plain = (filtered or walk) and not scoped
        column = f"{a}.{key.field}" if plain else f"+{a}.{key.field}"
        if key.direction == "asc" and not filtered and key.field not in _NEVER_NULL:
            keys.append(f"{a}.{key.field} IS NULL")
        collate = " COLLATE NOCASE" if spec.kind == "text" else ""
        keys.append(f"{column}{collate} {'DESC' if key.direction == 'desc' else 'ASC'}")
    keys.append(f"{a}.id")
    return ", ".join(keys)
