"""Coverage of the accounts in scope: insights recorded in the window, and reviews in the
last 30, 60 and 90 days."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pendulum

INSIGHT_TARGET = 2
REVIEW_WINDOWS = (30, 60, 90)


@dataclass(frozen=True)
class AccountFact:
    id: int
    name: str
    owner: str | None
    churned_on: pendulum.Date | None
    last_reviewed_on: pendulum.Date | None
    insights: int


@dataclass(frozen=True)
class InsightCoverage:
    in_scope: int
    covered: int
    target_per_account: int
    short: list[tuple[str, int]]  # (account, insights) below the target

    @property
    def share(self) -> float | None:
        return self.covered / self.in_scope if self.in_scope else None


@dataclass(frozen=True)
class ReviewGap:
    days: int
    count: int  # accounts not reviewed in the last `days` days (never reviewed included)


@dataclass(frozen=True)
class ReviewCoverage:
    in_scope: int
    never_reviewed: int
    gaps: list[ReviewGap]
    # Accounts not reviewed in the shortest window, never-reviewed first, then longest ago:
    # (account, days since its last review, or None for never).
    not_reviewed: list[tuple[str, int | None]]


def _in_scope(account: AccountFact, as_of: pendulum.Date) -> bool:
    return account.churned_on is None or account.churned_on > as_of


def insight_coverage(
    accounts: Iterable[AccountFact], as_of: pendulum.Date, target: int = INSIGHT_TARGET
) -> InsightCoverage:
    scope = [a for a in accounts if _in_scope(a, as_of)]
    short = sorted(
        ((a.name, a.insights) for a in scope if a.insights < target),
        key=lambda s: (s[1], s[0].casefold()),
    )
    return InsightCoverage(
        in_scope=len(scope),
        covered=len(scope) - len(short),
        target_per_account=target,
        short=short,
    )


def review_coverage(
    accounts: Iterable[AccountFact],
    as_of: pendulum.Date,
    windows: Sequence[int] = REVIEW_WINDOWS,
) -> ReviewCoverage:
    scope = [a for a in accounts if _in_scope(a, as_of)]
    ages: list[tuple[str, int | None]] = [
        (a.name, (as_of - a.last_reviewed_on).days if a.last_reviewed_on else None) for a in scope
    ]
    gaps = [
        ReviewGap(days, sum(1 for _, age in ages if age is None or age > days)) for days in windows
    ]
    shortest = min(windows) if windows else 0
    not_reviewed = sorted(
        (entry for entry in ages if entry[1] is None or entry[1] > shortest),
        key=lambda e: (e[1] is not None, -(e[1] or 0), e[0].casefold()),
    )
    return ReviewCoverage(
        in_scope=len(scope),
        never_reviewed=sum(1 for _, age in ages if age is None),
        gaps=gaps,
        not_reviewed=not_reviewed,
    )
