"""Words as exports write them: statuses (good, amber, at risk, critical ...), goals and
yes/no flags."""

from __future__ import annotations

from reviewtui.importers.value_core import ValueParseError, _prepare, show

# -- words -------------------------------------------------------------------------------

_STATUS_GROUPS = {
    "green": (
        *("green", "g", "good", "ok", "okay", "healthy", "on track", "stable", "🟢"),
        *("extremely satisfied", "very satisfied", "satisfied", "strong", "excellent"),
    ),
    "yellow": (
        *("yellow", "y", "amber", "orange", "at risk", "risk", "warning", "watch"),
        *("needs attention", "🟡", "🟠", "average", "fair", "neutral", "medium"),
        *("some risk", "moderate risk"),
    ),
    "red": (
        *("red", "r", "bad", "critical", "poor", "unhealthy", "churn risk", "🔴"),
        *("high risk", "severe risk", "at high risk", "weak"),
    ),
}
_STATUS_WORDS = {word: status for status, words in _STATUS_GROUPS.items() for word in words}
_GOALS_GROUPS = {
    "achieved": ("achieved", "met", "yes", "done"),
    "missing": ("missing", "missed", "not met", "no", "none"),
    "on track": ("on track", "in progress"),
}
_GOALS_WORDS = {word: goals for goals, words in _GOALS_GROUPS.items() for word in words}
_TRUE = frozenset({"yes", "y", "true", "t", "1", "x", "✓", "✔", "☑"})
_FALSE = frozenset({"no", "n", "false", "f", "0"})


def _words(text: str) -> str:
    return " ".join(text.casefold().replace("_", " ").replace("-", " ").split())


def parse_status(raw: str | None) -> str | None:
    """green / yellow / red, from the words exports use (good, amber, at risk, critical ...)."""
    text = _prepare(raw)
    if text is None:
        return None
    status = _STATUS_WORDS.get(_words(text))
    if status is None:
        raise ValueParseError(
            f"{show(text)} is not a status (use green, yellow or red, or good, at risk, critical)"
        )
    return status


def parse_goals(raw: str | None) -> str | None:
    """achieved / missing / on track."""
    text = _prepare(raw)
    if text is None:
        return None
    goals = _GOALS_WORDS.get(_words(text))
    if goals is None:
        raise ValueParseError(f"{show(text)} is not a goals state (achieved, missing, on track)")
    return goals


def parse_bool(raw: str | None) -> bool | None:
    """yes/no, true/false, 1/0, x."""
    text = _prepare(raw)
    if text is None:
        return None
    folded = text.casefold()
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    raise ValueParseError(f"{show(text)} is not yes or no")
