"""The follow-up report as text: used by `reviewtui report` and by the report screen."""

from __future__ import annotations

from reviewtui.domain.text import one_line
from reviewtui.services.reporting import Report

SHOWN = 20


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.0f}%"


def report_lines(report: Report, shown: int = SHOWN) -> list[str]:
    """The follow-up report as plain lines, for the terminal and for the report screen."""
    out: list[str] = []
    window = f"{report.since.isoformat()} to " if report.since else "up to "
    out.append(f"Review follow-up report, {window}{report.as_of.isoformat()}")
    ft = report.follow_through
    out.append("\nFollow-through (actions due in the window, done by their due date)")
    out.append(f"  everyone: {_share(ft.overall.share)} ({ft.overall.on_time} of {ft.overall.due})")
    for rate in ft.by_owner:
        out.append(
            f"  {one_line(rate.who, 24):<24} {_share(rate.share):>5}"
            f"  {rate.on_time} of {rate.due} on time, {rate.late} late, {rate.overdue} overdue"
        )
    out.append("\nOpen actions by age")
    out.append("  " + "  ".join(f"{b.label}: {b.count}" for b in report.open_by_age))
    out.append("\nCarried twice or more")
    if not report.carried:
        out.append("  none")
    for a in report.carried[:shown]:
        due = a.due.isoformat() if a.due else "no date"
        out.append(
            f"  {a.times_carried}x  {one_line(a.owner or '(no owner)', 16):<16} {due:<10}"
            f" {a.status:<7} {one_line(a.title, 40)}"
        )
    tb = report.timebox
    out.append(
        f"\nTimeboxes ({tb.meetings} closed meetings, {tb.average_overrun_minutes:+.1f} min"
        " per meeting on average)"
    )
    for t in tb.by_template:
        out.append(
            f"  {one_line(t.label, 28):<28} {t.planned_minutes:6.1f} planned"
            f" {t.actual_minutes:6.1f} spent  {t.average_overrun_minutes:+.1f} per meeting"
        )
    for t in tb.by_section[:shown]:
        out.append(
            f"  - {one_line(t.label, 26):<26} {t.planned_minutes:6.1f} planned"
            f" {t.actual_minutes:6.1f} spent  {t.average_overrun_minutes:+.1f} per section"
        )
    att = report.attendance
    out.append("\nAttendance (meetings attended per month)")
    for m in att.monthly[-shown * 2 :]:
        role = f" ({one_line(m.role, 20)})" if m.role else ""
        out.append(f"  {m.month}  {one_line(m.person, 24)}{role}: {m.attended}")
    for rule in att.rules:
        out.append(
            f"  rule: {one_line(rule.role, 24)} at least {rule.at_least_per_month} a month"
            f" in {rule.template}"
        )
    for b in att.breaches:
        pending = "" if b.month_complete else " (month not over)"
        out.append(
            f"  ! {one_line(b.person, 24)} ({one_line(b.role, 20)}) attended {b.attended} of"
            f" {b.required} {b.template} meetings in {b.month}{pending}"
        )
    for template, expected in att.expected:
        wanted = ", ".join(one_line(r, 30) for r in expected)
        out.append(f"  expected at every {one_line(template, 24)} meeting: {wanted}")
    for gap in att.missing_roles:
        out.append(
            f"  ! meeting {gap.meeting_id} ({one_line(gap.template, 24)},"
            f" {gap.held_on.isoformat()}): nobody present as"
            f" {', '.join(one_line(r, 30) for r in gap.roles)}"
        )
    ins = report.insights
    out.append(
        f"\nInsight coverage: {_share(ins.share)} of {ins.in_scope} accounts have"
        f" {ins.target_per_account}+ insights (target 100%)"
    )
    out += _first([f"  {one_line(name, 40)}: {count}" for name, count in ins.short], shown)
    rev = report.reviews
    gaps = ", ".join(f"{g.count} in {g.days} days" for g in rev.gaps)
    out.append(
        f"\nReview coverage: of {rev.in_scope} accounts, not reviewed: {gaps}"
        f" ({rev.never_reviewed} never)"
    )
    out += _first(
        [
            f"  {one_line(name, 40)}: {'never' if days is None else f'{days} days ago'}"
            for name, days in rev.not_reviewed
        ],
        shown,
    )
    out.append("\nCadence: did each series meet as often as it should?")
    kept = [s for s in report.cadence if s.adherence is not None]
    if not kept:
        out.append("  no series with a cadence yet")
    for s in kept[:shown]:
        assert s.adherence is not None
        due = f", next due {s.next_due.isoformat()}" if s.next_due else ""
        state = f" · {s.state.upper() if s.state == 'overdue' else s.state}" if s.state else ""
        out.append(f"  {one_line(s.name, 36):<36} {s.cadence:<9} {s.adherence.words()}{due}{state}")
    return out


def _first(lines: list[str], shown: int) -> list[str]:
    """The first `shown` lines, then how many more there are."""
    if len(lines) <= shown:
        return lines
    return [*lines[:shown], f"  ... and {len(lines) - shown} more"]
