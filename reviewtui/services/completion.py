"""What the shell offers on Tab: template, segment and meeting ids, series, people and scopes,
each with a short description. Read from the user's files and database as they are now; a
file or database that cannot be read offers nothing rather than failing."""

from __future__ import annotations

from pathlib import Path

from reviewtui.domain.scope import SCOPE_KINDS
from reviewtui.domain.text import one_line
from reviewtui.services.places import config_dir
from reviewtui.store import lookups

Choices = dict[str, str]


def _candidate(text: str) -> str:
    """A value as the shell may insert it: one clean line (no control characters, which would
    also split the list the shell reads)."""
    return one_line(text)


def template_ids() -> Choices:
    from reviewtui.domain.templates import load_templates

    templates, _ = load_templates([config_dir() / "templates"])
    return {
        _candidate(t.id): one_line(f"{t.name} ({t.total_minutes:.0f} min)", 60)
        for t in sorted(templates.values(), key=lambda t: t.id)
    }


def segment_ids() -> Choices:
    from reviewtui.services.segments import load_segments

    segments, _ = load_segments()
    return {_candidate(s.id): one_line(s.name, 60) for s in sorted(segments.values(), key=_id)}


def _id(segment: object) -> str:
    return str(getattr(segment, "id", ""))


def meeting_ids(db: Path, live_only: bool = False) -> Choices:
    return {
        str(meeting_id): one_line(f"{status} {started[:10]} {title}", 60)
        for meeting_id, status, started, title in lookups.meeting_choices(db, live_only)
    }


def series_names(db: Path) -> Choices:
    return {
        _candidate(name): one_line(f"series ({template})", 60)
        for name, template in lookups.series_names(db)
    }


def people_names(db: Path) -> Choices:
    return {_candidate(name): "" for name in lookups.people_names(db)}


def account_names(db: Path) -> Choices:
    return {_candidate(name): "" for name in lookups.scope_names(db, "account")}


def scopes(db: Path, prefix: str) -> Choices:
    """`csm:`, `team:` and `account:` until one is typed, then the names of that kind."""
    kind, sep, _ = prefix.partition(":")
    if not sep or kind not in SCOPE_KINDS:
        return {
            f"{k}:": f"a {k}'s accounts" if k != "account" else "one account" for k in SCOPE_KINDS
        }
    return {f"{kind}:{_candidate(name)}": "" for name in lookups.scope_names(db, kind)}
