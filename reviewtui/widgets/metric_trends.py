"""One account's metrics as lines: status since, each metric with its trend, pacing, benchmarks."""

from __future__ import annotations

import datetime as dt

from textual.content import Content
from textual.widgets import Static

from reviewtui.domain.text import one_line
from reviewtui.services.health_data import AccountHealth

MARK_STYLES = {"+": "green", "-": "red", "=": "dim", "~": "dim", "✓": "green", "✗": "red"}
STATUS_STYLES = {"red": "bold red", "yellow": "bold yellow"}


def _trend_only(words: str) -> str:
    """'down 9 over 3 months' from 'health 62, down 9 over 3 months': the line already
    shows the label and the value."""
    _head, sep, rest = words.partition(", ")
    if sep:
        return rest
    return "one reading" if words.endswith("(one reading)") else words


def trend_lines(health: AccountHealth, today: dt.date | None = None) -> list[Content]:
    lines: list[Content] = []
    if health.since is not None:
        lines.append(
            Content.assemble(
                (one_line(health.name, 60), "bold"),
                ": ",
                (health.since.words(today), STATUS_STYLES.get(health.since.status, "")),
            )
        )
    label_width = max((len(line.spec.label) for line in health.lines), default=0)
    for line in health.lines:
        lines.append(
            Content.assemble(
                (line.mark, MARK_STYLES.get(line.mark, "")),
                " ",
                (f"{line.spec.label:<{label_width}} ", "bold"),
                f"{line.value:>9} ",
                (f"{line.spark:<13}", "bold"),
                " ",
                _trend_only(line.words),
            )
        )
    for paced in health.pacing:
        mark = "=" if paced.state == "on pace" and paced.reported else "~"
        lines.append(Content.assemble((mark, "dim"), " ", ("Pacing ", "bold"), paced.words()))
    for bench in health.benchmarks:
        lines.append(
            Content.assemble(
                (bench.mark, MARK_STYLES.get(bench.mark, "")), " ", ("vs ", "bold"), bench.words()
            )
        )
    if not health.lines:
        lines.append(Content.styled("No metric history for this account yet.", "dim"))
    return lines


class MetricTrends(Static):
    """The lines of one account; empty until `show_health` is called. It sits in a scrolling
    container (PageUp/PageDown) for the lines an 80x24 terminal cannot hold."""

    DEFAULT_CSS = """
    MetricTrends {
        height: auto;
        padding: 0 1;
    }
    """

    def show_health(self, health: AccountHealth | None, today: dt.date | None = None) -> None:
        if health is None:
            self.update(Content.styled("No account selected.", "dim"))
            return
        self.update(Content("\n").join(trend_lines(health, today)))
