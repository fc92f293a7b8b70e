"""Choosing the field each column fills: the header proposes, the values confirm.

A column's header proposes a field: named in a mapping file, a known column of the export
profile the headers look like, a header synonym, or a rule over the header's words ("...
score" is a health score). The first rows of the file (read once, then imported with the
rest: no extra pass) confirm it: when most of the column's non-empty values do not parse
for the proposed field, the column goes to a field whose parser takes them (a status column
holding "45 DAYS" says when the status was set; a usage column holding "↑ 15%" is a trend),
or is ignored with the reason. A column named in a mapping file is taken as named.
Rows are then rejected only for values that are wrong in a confirmed column.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from reviewtui.domain.text import one_line
from reviewtui.importers import values
from reviewtui.importers.accounts import CHECKS, PARSERS, ParseOptions, scaled
from reviewtui.importers.columns import (
    FIELDS,
    IGNORE,
    SYNONYMS,
    Column,
    ColumnMap,
    header_words,
    label,
    normalise_header,
)
from reviewtui.importers.profiles import Detected, detect
from reviewtui.importers.trends import looks_like_trend

SAMPLE_ROWS = 1000  # rows whose values confirm the columns (then imported like the rest)
SAMPLE_SHOWN = 3
CONFIRM_SHARE = 0.5  # at least this share of a column's values must parse for its field
_IDENTITY = ("name", "external_id")

# Where a column goes when its values do not fit the field its header proposed.
ALTERNATIVES: dict[str, tuple[str, ...]] = {
    "status": ("status_changed_on",),  # "45 DAYS": how long ago the status was set
    "health": ("health_change",),
    "usage": ("usage_change",),
    "lifecycle": (),
}
_CHANGE_OF = {"usage": "usage_change", "health": "health_change"}
# Levels whose trends have nowhere to go: a trend column of these is left out, not read as
# the level.
_LEVELS = frozenset({"arr", "tcv", "nps", "spend", "cost_per_lead", "leads"})

_TREND_WORDS = re.compile(r"\b(?:trend|change|changes|delta|δ|diff|wow|mom|qoq|growth)\b")
# Rules over a header's words, tried in order after the synonyms: (pattern, field, why).
_RULES: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (re.compile(pattern), target, why)
    for pattern, target, why in (
        (r"\b(?:health|score)\b.*\b(?:trend|change|delta|δ)\b", "health_change", "a score trend"),
        (
            r"\b(?:usage|adoption|engagement)\b.*\b(?:trend|change|delta|δ)\b",
            "usage_change",
            "a usage trend",
        ),
        (
            r"\b(?:status|pulse)\b.*\b(?:set|changed|since|updated|date)\b",
            "status_changed_on",
            "when the status was set",
        ),
        (
            r"\bdays? since (?:the )?last (?:touch|contact|touchpoint)\b",
            "last_touch",
            "days since the last touch",
        ),
        (r"^(?!.*\b(?:nps|csat|ces|lead|usage)\b).*\bscores?\b", "health", "a score"),
        (r"\b(?:client|customer)\b.*\b(?:since|start|from)\b", "client_since", "client since"),
        (r"\brenewal\b.*\b(?:date|due|on)\b", "renewal_date", "a renewal date"),
        (r"\bexec(?:utive)? sponsor\b", "sponsor", "an executive sponsor"),
        (
            r"\b(?:second|secondary|backup|co) (?:csm|owner|assignee)\b",
            "co_owner",
            "a second assignee",
        ),
        (r"^(?!.*\b(?:email|e mail|id|phone)\b).*\b(?:csm|owner)\b", "owner", "an owner"),
        (r"\bnps\b", "nps", "an NPS"),
        (r"\blast\b.*\b(?:touch|contact|contacted|meeting|call)\b", "last_touch", "a last touch"),
        (
            r"\blast\b.*\b(?:activity|login|seen|active|engaged)\b",
            "last_engaged",
            "a last activity",
        ),
    )
)


@dataclass
class _Proposal:
    index: int
    field: str
    rank: int  # 0 mapping file, 1 profile, 2 header synonym, 3 header rule
    source: str
    why: str
    scale: float | None = None


def _synonym(norm: str) -> str | None:
    found = SYNONYMS.get(norm) if norm else None
    if found is None and norm and all(len(part) == 1 for part in norm.split()):
        found = SYNONYMS.get(norm.replace(" ", ""))  # "N.P.S." -> "nps"
    return found


def _rule(words: str) -> tuple[str, str] | None:
    for pattern, target, why in _RULES:
        if pattern.search(words):
            return target, why
    return None


def _parses(target: str, raw: str, options: ParseOptions, scale: float | None = None) -> str | None:
    """None when the cell is a value of `target`, else why not."""
    try:
        value = scaled(PARSERS[target], scale)(raw, options)
    except values.ValueParseError as error:
        return str(error)
    if not CHECKS[target](value):
        return f"{values.show(raw)} is not {FIELDS[target]}"
    return None


def _sample(column: Sequence[str]) -> tuple[str, ...]:
    shown: list[str] = []
    for raw in column:
        text = one_line(raw, 30)
        if text and text not in shown:
            shown.append(text)
            if len(shown) == SAMPLE_SHOWN:
                break
    return tuple(shown)


def _confirm(
    proposal: _Proposal, cells: Sequence[str], options: ParseOptions
) -> tuple[str | None, str, str]:
    """The field the values confirm (None: ignore), its source and why."""
    target, why = proposal.field, proposal.why
    if not cells:
        return target, proposal.source, f"{why}; no values in the first rows to check"
    count = len(cells)
    needed = count * CONFIRM_SHARE
    change = _CHANGE_OF.get(target)
    if change is not None and sum(map(looks_like_trend, cells)) >= needed:
        failures = sum(1 for raw in cells if _parses(change, raw, options) is not None)
        if count - failures >= needed:
            return change, "values", f"{why}, but its values are changes, not levels"
    failures = 0
    first_error = ""
    for raw in cells:
        error = _parses(target, raw, options, proposal.scale)
        if error is not None:
            failures += 1
            first_error = first_error or error
    if count - failures >= needed:
        checked = f"{count - failures} of {count} values fit" if failures else "values fit"
        return target, proposal.source, f"{why}; {checked}"
    for other_options, option, on in (
        (
            replace(options, decimal_comma=not options.decimal_comma),
            "--decimal-comma",
            options.decimal_comma,
        ),
        (replace(options, day_first=not options.day_first), "--day-first", options.day_first),
    ):
        fitting = sum(
            1 for raw in cells if _parses(target, raw, other_options, proposal.scale) is None
        )
        if fitting >= needed:
            # The header is right and the values are numbers or dates written the other
            # way: the column stays, and its rows say which option reads them.
            state = "without" if on else "with"
            return target, proposal.source, f"{why}; its values read {state} {option}"
    for other in ALTERNATIVES.get(target, ()):
        if sum(1 for raw in cells if _parses(other, raw, options) is None) >= needed:
            return other, "values", f"{why}, but its values fit {other} ({FIELDS[other]})"
    return (
        None,
        proposal.source,
        f"{why}, but {failures} of {count} values are not {target}: {first_error}",
    )


def choose_columns(
    headers: Sequence[str],
    sample_rows: Sequence[Sequence[str]],
    options: ParseOptions,
    mapping: Mapping[str, str] | None = None,
) -> ColumnMap:
    """Decide which column fills which field. `problem` is set on the result when the file
    cannot be imported as it is (no account name, or two columns that both look like it)."""
    explicit = {normalise_header(k): v for k, v in (mapping or {}).items()}
    normalised = [normalise_header(h) for h in headers]
    found: Detected | None = detect(normalised)
    profile = found.profile if found is not None else None
    labels = [label(h, i) for i, h in enumerate(headers)]
    width = len(headers)
    by_column: list[list[str]] = [[] for _ in range(width)]
    for cells in sample_rows:
        for index, raw in enumerate(cells[:width]):
            if raw.strip():
                by_column[index].append(raw)
    decided: dict[int, Column] = {}
    proposals: list[_Proposal] = []
    for index, norm in enumerate(normalised):
        sample = _sample(by_column[index])
        if norm in explicit:
            target = explicit[norm]
            if target == IGNORE:
                decided[index] = Column(
                    index,
                    labels[index],
                    None,
                    "mapping file",
                    "the mapping file ignores it",
                    sample,
                )
            else:
                # The profile's scale still holds for its own column (a 0-10 score).
                factor = None
                if profile is not None and profile.columns.get(norm) == target:
                    factor = profile.scale.get(norm)
                why = "mapping file" if factor is None else f"mapping file, values times {factor:g}"
                proposals.append(_Proposal(index, target, 0, "mapping file", why, factor))
            continue
        if profile is not None and norm in profile.ignore:
            decided[index] = Column(
                index, labels[index], None, "profile", profile.ignore[norm], sample
            )
            continue
        if profile is not None and norm in profile.columns:
            why = f"a {profile.label.removeprefix('a ').split(' ')[0]} column"
            factor = profile.scale.get(norm)
            if factor is not None:
                why += f", its values times {factor:g}"
            proposals.append(_Proposal(index, profile.columns[norm], 1, "profile", why, factor))
            continue
        synonym = _synonym(norm)
        if synonym is not None:
            proposal = _Proposal(index, synonym, 2, "header", "header synonym")
        elif (rule := _rule(header_words(headers[index]))) is not None:
            proposal = _Proposal(index, rule[0], 3, "header", f"the header names {rule[1]}")
        else:
            why = "no field matches this header" if norm else "no header"
            decided[index] = Column(index, labels[index], None, "", why, sample)
            continue
        if _TREND_WORDS.search(header_words(headers[index])):
            change = _CHANGE_OF.get(proposal.field)
            if change is None and proposal.field in _LEVELS:
                why = f"a change in {proposal.field}, not its level (changes are kept for usage"
                decided[index] = Column(
                    index, labels[index], None, "header", f"{why} and health only)", sample
                )
                continue
            if change is not None:
                proposal.field, proposal.why = change, f"{proposal.why}, a trend"
        proposals.append(proposal)

    confirmed: list[_Proposal] = []
    for proposal in proposals:
        index = proposal.index
        sample = _sample(by_column[index])
        if proposal.rank == 0:
            confirmed.append(proposal)
            continue
        chosen, source, why = _confirm(proposal, by_column[index], options)
        if chosen is None:
            decided[index] = Column(index, labels[index], None, source, why, sample)
        else:
            scale = proposal.scale if chosen == proposal.field else None
            confirmed.append(_Proposal(index, chosen, proposal.rank, source, why, scale))

    fields: dict[int, str] = {}
    claimed: dict[str, _Proposal] = {}
    problem: str | None = None
    for proposal in sorted(confirmed, key=lambda p: (p.rank, p.index)):
        index, target = proposal.index, proposal.field
        sample = _sample(by_column[index])
        other = claimed.get(target)
        if other is not None:
            first, this = labels[other.index], labels[index]
            if proposal.rank == 0:
                problem = problem or f"the mapping sends both {first!r} and {this!r} to {target!r}"
            elif target in _IDENTITY and other.rank == proposal.rank:
                problem = problem or (
                    f"both {first!r} and {this!r} look like {target!r}; say which to use in a"
                    f' --mapping file ([columns] "{this}" = "ignore")'
                )
            decided[index] = Column(
                index,
                labels[index],
                None,
                proposal.source,
                f"{first!r} already fills {target}",
                sample,
            )
            continue
        claimed[target] = proposal
        fields[index] = target
        decided[index] = Column(
            index, labels[index], target, proposal.source, proposal.why, sample, proposal.scale
        )

    warnings = [
        f"the mapping names a column the file does not have: {header!r}"
        for header in mapping or {}
        if normalise_header(header) not in set(normalised)
    ]
    if problem is None and "name" not in claimed:
        shown = ", ".join(repr(text) for text in labels[:20])
        problem = (
            f"no column holds the account name (found {shown}); name it Client, Account,"
            ' Customer, Company or Name, or map it: [columns] "Your Header" = "name"'
        )
    described = None
    if found is not None:
        described = f"{found.profile.label} ({found.matched} of its columns)"
    return ColumnMap(
        headers=tuple(headers),
        fields=dict(sorted(fields.items())),
        columns=[decided[i] for i in range(width)],
        warnings=warnings,
        profile=described,
        problem=problem,
    )
