"""Scope: whose accounts a meeting or a queue covers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, cast

ScopeKind = Literal["csm", "team", "account"]
SCOPE_KINDS = ("csm", "team", "account")


@dataclass(frozen=True)
class Scope:
    """Whose accounts: a CSM's book (owner), a team's, or one account. None is the whole book."""

    kind: ScopeKind
    name: str

    def __str__(self) -> str:
        return f"{self.kind}:{self.name}"


def parse_scope(text: str | None) -> Scope | None:
    if text is None or not text.strip():
        return None
    kind, sep, name = text.partition(":")
    kind = kind.strip().lower()
    name = " ".join(name.split())
    if not sep or kind not in SCOPE_KINDS or not name:
        raise ValueError(f"scope {text!r}: use csm:NAME, team:NAME or account:NAME")
    return Scope(cast(ScopeKind, kind), name)
