"""Scopes checked against the data when they are given: `csm:Pri` that matches nobody is an
error naming the closest matches, not a meeting whose every queue is silently empty."""

from __future__ import annotations

from reviewtui.domain.names import closest, find_name
from reviewtui.domain.scope import Scope, parse_scope
from reviewtui.domain.text import one_line
from reviewtui.services.workspace import Workspace
from reviewtui.store import record as record_store
from reviewtui.store.accounts import owners as account_owners


class ScopeError(ValueError):
    """A scope that names nobody; the message (one line) says the closest matches."""


def scope_names(ws: Workspace, kind: str) -> list[str]:
    """The names a scope of this kind can take, from the data."""
    if kind == "csm":
        return account_owners(ws.db)
    if kind == "team":
        return record_store.team_names(ws.db)
    return record_store.account_names(ws.db)


def check_scope(ws: Workspace, text: str | None) -> Scope | None:
    """The scope as the data spells it (`csm:priya` -> `csm:Priya Shah`), None for the whole
    book. ScopeError when it is malformed or names nobody."""
    try:
        scope = parse_scope(text)
    except ValueError as error:
        raise ScopeError(str(error)) from None
    if scope is None:
        return None
    names = scope_names(ws, scope.kind)
    found = find_name(scope.name, names)
    if found is not None:
        return Scope(scope.kind, found)
    what = {"csm": "CSM who owns accounts", "team": "team", "account": "account"}[scope.kind]
    near = closest(scope.name, names)
    hint = (
        "; closest: " + ", ".join(f"{scope.kind}:{one_line(n, 40)}" for n in near) if near else ""
    )
    several = [n for n in names if n.casefold().startswith(scope.name.casefold())]
    if len(several) > 1:
        hint = "; it could be " + ", ".join(f"{scope.kind}:{one_line(n, 40)}" for n in several[:4])
    raise ScopeError(f"no {what} is called {one_line(scope.name, 40)!r}{hint}")


def scope_text(ws: Workspace, text: str | None) -> str | None:
    """`check_scope` as the text stored with a meeting."""
    scope = check_scope(ws, text)
    return str(scope) if scope is not None else None


def series_scope(ws: Workspace, series: str) -> str | None:
    """The scope a new meeting of this series keeps when none is given."""
    return record_store.series_scope(ws.db, one_line(series))
