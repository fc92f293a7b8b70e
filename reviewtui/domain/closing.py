"""The rule a meeting closes by: a bounded number of actions, each with an owner and a due date."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reviewtui.domain.models import Action


@dataclass(frozen=True)
class ClosingCheck:
    count: int
    minimum: int
    maximum: int
    incomplete: tuple[Action, ...]

    @property
    def in_range(self) -> bool:
        return self.minimum <= self.count <= self.maximum

    @property
    def ok(self) -> bool:
        return self.in_range and not self.incomplete

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
            missing = [
                part
                for part, present in (("an owner", action.owner), ("a due date", action.due))
                if not present
            ]
            found.append(f"'{action.title[:40]}' needs {' and '.join(missing)}")
        return found


def check_closing(actions: Sequence[Action], minimum: int, maximum: int) -> ClosingCheck:
    """Open actions of the meeting (done and dropped ones are not commitments) against the range."""
    live = [a for a in actions if a.status == "open"]
    incomplete = tuple(a for a in live if not a.complete)
    return ClosingCheck(len(live), minimum, maximum, incomplete)


def owner_counts(actions: Sequence[Action], roles: dict[str, str]) -> dict[str, int]:
    """How many open actions each role owns (e.g. csm vs leader); unknown owners under 'other'."""
    counts: dict[str, int] = {}
    for action in actions:
        if action.status != "open":
            continue
        role = roles.get((action.owner or "").casefold(), "other") if action.owner else "nobody"
        counts[role] = counts.get(role, 0) + 1
    return counts
