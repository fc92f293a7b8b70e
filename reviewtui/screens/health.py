"""Data and health metrics: anomalies in the accounts in scope, explained in words."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reviewtui.domain.text import one_line
from reviewtui.screens.section import SectionScreen, prompts_content
from reviewtui.services.accounts import account_view
from reviewtui.services.health import AccountFlag, HealthScan, health_scan
from reviewtui.services.segments import SegmentError
from reviewtui.widgets.account_panel import AccountPanel
from reviewtui.widgets.note_input import NoteInput
from reviewtui.widgets.note_list import NoteList

SEVERITY_STYLES = {3: "bold red", 2: "bold yellow", 1: "dim"}


class HealthScreen(SectionScreen):
    """The section's flags list sits above its notes; Up/Down pick the account notes attach to."""

    BINDINGS = [
        Binding(
            "up", "move(-1)", "Up", id="health_up", show=False, tooltip="previous flagged account"
        ),
        Binding(
            "down",
            "move(1)",
            "Down",
            id="health_down",
            show=False,
            tooltip="next flagged account (notes attach to it)",
        ),
        Binding(
            "ctrl+o",
            "clear_account",
            "No account",
            id="clear_account",
            tooltip="notes attach to no account",
        ),
    ]

    def compose(self) -> ComposeResult:
        yield from self.compose_timer()
        with Vertical(id="section-body"):
            yield Static(prompts_content(self.item.prompts), id="prompts")
            yield Static(Content.styled("Checking the metrics…", "dim"), id="flags-title")
            yield OptionList(id="flags")
            yield AccountPanel(id="account-panel")
            yield NoteList(id="notes")
        yield Static("", id="preview")
        yield NoteInput(self.session.people(), on_enter=self.submit_note, id="note-input")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#prompts").display = self.size.height >= 36
        self.query_one(AccountPanel).display = False
        self.load_flags()

    @work(thread=True, exclusive=True)
    def load_flags(self) -> None:
        try:
            # On a connection of its own: the scan of a big book takes seconds, and the
            # account panel reads from the app's connection meanwhile.
            with self.session.ws.own_connection() as ws:
                scan = health_scan(ws, self.session.meeting.scope)
        except SegmentError as error:
            self.app.call_from_thread(self._show_problem, str(error))
            return
        self.app.call_from_thread(self._show_flags, scan)

    def _show_problem(self, message: str) -> None:
        self.query_one("#flags-title", Static).update(Content(message))

    def _show_flags(self, scan: HealthScan) -> None:
        flags = self._flags = scan.flags
        title = self.query_one("#flags-title", Static)
        if not flags:
            title.update(Content("No anomalies in the accounts in scope."))
        else:
            counted = f"{scan.total:,} flags on {scan.accounts:,} accounts"
            if scan.truncated:
                counted += f" · the {len(flags):,} most severe listed"
            title.update(
                Content.assemble(
                    (counted, "bold"),
                    ("  Up/Down picks the account your notes attach to", "dim"),
                )
            )
        options = self.query_one("#flags", OptionList)
        options.clear_options()
        options.add_options(
            [
                Option(
                    Content.assemble(
                        (f"{f.flag.severity_label.upper():<6} ", SEVERITY_STYLES[f.flag.severity]),
                        (one_line(f.account_name, 30), "bold"),
                        ": ",
                        one_line(f.message, 200),
                    ),
                    id=f"flag-{index}",
                )
                for index, f in enumerate(flags)
            ]
        )

    def action_move(self, delta: int) -> None:
        options = self.query_one("#flags", OptionList)
        if not options.option_count:
            return
        current = options.highlighted
        if current is None:
            options.highlighted = 0
        else:
            options.highlighted = max(0, min(options.option_count - 1, current + delta))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id != "flags" or event.option_index >= len(self._flags):
            return
        account_id = self._flags[event.option_index].account_id
        self.set_focus_account(account_id)
        panel = self.query_one(AccountPanel)
        panel.display = True
        panel.show_view(account_view(self.session.ws, account_id, self.session.id))
        if self.query_one(NoteInput).value:
            self.update_preview()

    def action_clear_account(self) -> None:
        self.set_focus_account(None)
        self.query_one(AccountPanel).display = False
        self.query_one("#flags", OptionList).highlighted = None
        self.update_preview()

    _flags: list[AccountFlag] = []
