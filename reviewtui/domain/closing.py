"""The rule a meeting closes by: a bounded number of actions, each with an owner and a due date."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pendulum

from reviewtui.domain.models import Action, ActionStatus
from reviewtui.domain.names import fold


@dataclass(frozen=True)
class ClosingCheck:
    count: int
    minimum: int
    maximum: int
    incomplete: tuple[Action, ...]
    roles_without: tuple[str, ...] = ()  # roles the template wants an action for, without one

    @property
    def in_range(self) -> bool:
        return self.minimum <= self.count <= self.maximum

    @property
    def ok(self) -> bool:
        return self.in_range and not self.incomplete and not self.roles_without

    def problems(self) -> list[str]:
        found = []
        if self.count < self.minimum:
            found.append(
                f"{self.count} action{'s' if self.count != 1 else ''};"
                f" at least {self.minimum} needed"
            )
        elif self.count > self.maximum:
            found.append(f"{self.count} actions; at most {self.maximum} allowed")
        for action in self.incomplete:
            missing = missing_to_close(action.owner, action.due)
            found.append(f"'{action.title[:40]}' needs {' and '.join(missing)}")
        for role in self.roles_without:
            found.append(f"no action for the {role} yet")
        return found


def missing_to_close(owner: str | None, due: pendulum.Date | None) -> list[str]:
    """What an action lacks for the meeting to close: "an owner", "a due date" (or nothing)."""
    return [part for part, present in (("an owner", owner), ("a due date", due)) if not present]


def check_closing(
    actions: Sequence[Action],
    minimum: int,
    maximum: int,
    required_roles: Sequence[str] = (),
    roles: dict[str, str] | None = None,
) -> ClosingCheck:
    """Open actions of the meeting (done and dropped ones are not commitments) against the
    range; with `required_roles`, at least one owned by someone in each role (`roles`: an
    owner's folded name -> role)."""
    live = [a for a in actions if a.status == ActionStatus.OPEN]
    incomplete = tuple(a for a in live if not a.complete)
    owned = {fold((roles or {}).get(fold(a.owner), "")) for a in live if a.owner}
    without = tuple(role for role in required_roles if fold(role) not in owned)
    return ClosingCheck(len(live), minimum, maximum, incomplete, without)


def owner_counts(actions: Sequence[Action], roles: dict[str, str]) -> dict[str, int]:
    """How many open actions each role owns (e.g. csm vs leader); unknown owners under 'other'."""
    counts: dict[str, int] = {}
    for action in actions:
        if action.status != ActionStatus.OPEN:
            continue
        role = roles.get(fold(action.owner), "other") if action.owner else "nobody"
        counts[role] = counts.get(role, 0) + 1
    return counts


def role_split(counts: dict[str, int], roles: Sequence[str]) -> list[tuple[str, int]]:
    """Open actions per role the template names, in its order, then `others` (every other
    owner, unowned ones included) when there are any; empty when it names no roles."""
    if not roles:
        return []
    split = [(role, counts.get(role, 0)) for role in roles]
    others = sum(n for role, n in counts.items() if role not in roles)
    return [*split, ("others", others)] if others else split
