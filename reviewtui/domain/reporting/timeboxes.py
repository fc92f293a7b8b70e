"""Timebox adherence: planned minutes against minutes spent, per section title and template."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class AgendaFact:
    meeting_id: int
    template: str
    title: str
    planned_seconds: int
    actual_seconds: int


@dataclass(frozen=True)
class Timebox:
    label: str  # a section title or a template id
    count: int  # sections (or meetings) measured
    planned_minutes: float
    actual_minutes: float

    @property
    def average_overrun_minutes(self) -> float:
        return (self.actual_minutes - self.planned_minutes) / self.count if self.count else 0.0


@dataclass(frozen=True)
class TimeboxReport:
    by_section: list[Timebox]
    by_template: list[Timebox]
    meetings: int
    average_overrun_minutes: float  # per meeting


def timebox(items: Iterable[AgendaFact]) -> TimeboxReport:
    sections: dict[str, list[AgendaFact]] = defaultdict(list)
    meetings: dict[int, list[AgendaFact]] = defaultdict(list)
    for item in items:
        sections[item.title].append(item)
        meetings[item.meeting_id].append(item)

    def summary(label: str, group: Sequence[AgendaFact], count: int) -> Timebox:
        return Timebox(
            label=label,
            count=count,
            planned_minutes=sum(i.planned_seconds for i in group) / 60,
            actual_minutes=sum(i.actual_seconds for i in group) / 60,
        )

    by_section = [summary(title, group, len(group)) for title, group in sections.items()]
    templates: dict[str, list[AgendaFact]] = defaultdict(list)
    template_meetings: dict[str, int] = defaultdict(int)
    for group in meetings.values():
        templates[group[0].template].extend(group)
        template_meetings[group[0].template] += 1
    by_template = [
        summary(template, group, template_meetings[template])
        for template, group in templates.items()
    ]
    by_section.sort(key=lambda t: -t.average_overrun_minutes)
    by_template.sort(key=lambda t: t.label)
    overrun = sum(t.actual_minutes - t.planned_minutes for t in by_template)
    return TimeboxReport(
        by_section=by_section,
        by_template=by_template,
        meetings=len(meetings),
        average_overrun_minutes=overrun / len(meetings) if meetings else 0.0,
    )
