"""The reference the app is measured against: the least a Textual app of this kind can be.

A header, a footer, a 50-row DataTable and an Input that has the focus, nothing else: no
database, no stylesheet file, no screens. `run_all.py` starts it in the same terminal and the
same run as reviewtui, so start-up and typing figures are compared on equal footing:

    python tests/benchmarks/minimal_app.py

The header shows `MARKER` once the first frame is up. Ctrl+Q quits.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header, Input

MARKER = "minimal reference app"


class MinimalApp(App[None]):
    TITLE = MARKER

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="table")
        yield Input(placeholder="Type here", id="input")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Account", "Owner", "ARR", "Health")
        for n in range(50):
            table.add_row(f"Account {n:06d}", f"CSM {n % 40:02d}", f"${n * 1000:,}", str(n % 100))
        self.query_one(Input).focus()


if __name__ == "__main__":
    MinimalApp().run()
