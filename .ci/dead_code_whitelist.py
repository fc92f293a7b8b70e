"""Names `vulture` (the dead-code check in .ci/run) cannot see used: called by a framework,
by name, or kept on purpose. Everything else vulture finds in reviewtui/ is dead and goes.

Textual's callbacks (action_*, on_*, watch_*, compose, ...) and pydantic's validators are
ignored by name and decorator in pyproject.toml ([tool.vulture]); this file is for the rest.
"""

# ruff: noqa: B018
# mypy: ignore-errors

from reviewtui.app.review_app import _is_a_host
from reviewtui.domain.clock import ManualClock
from reviewtui.domain.models import Account
from reviewtui.store.accounts import Snapshot
from reviewtui.store.history import histories
from reviewtui.store.meetings import Draft
from reviewtui.terminal_input import COPIED_RUN_INPUT_THREAD, ReviewLinuxDriver

# Overrides whose signatures are Textual's.
ReviewLinuxDriver.run_input_thread  # called by Textual's driver
COPIED_RUN_INPUT_THREAD  # checked against the installed Textual by the tests
_is_a_host  # a type check, read by mypy only

# A kind of note found by iterating over the kinds (the schema, the CLI, the F2 cycle).
from reviewtui.domain.entries import NoteKind  # noqa: E402

NoteKind.BLOCKER

# The injected clock the tests (and anyone embedding the app) drive by hand.
ManualClock
ManualClock.advance

# Columns kept in the record for sqlite3 and Datasette readers, read by no screen yet.
Account.tcv_cents
Snapshot.spend_cents
Snapshot.cost_per_lead_cents
Draft.updated_at

# The snapshot history the data-health tests compare the scan with (the scan itself is SQL).
histories

# Called by the libraries they override or configure.
import sqlite_utils  # noqa: E402
from textual.message import Message  # noqa: E402
from textual.screen import Screen  # noqa: E402
from textual.widget import Widget  # noqa: E402
from textual_serve.server import Server  # noqa: E402

from reviewtui.widgets.account_panel import AccountPanel  # noqa: E402

AccountPanel.render  # Textual's Widget.render
Widget.border_title  # drawn by Textual in the widget's border
Message.control  # read by Textual's `@on(..., selector)`
Screen.HORIZONTAL_BREAKPOINTS  # read by Textual on each resize: the screen's classes
Screen.VERTICAL_BREAKPOINTS
Server.initialize_logging  # textual-serve's, overridden in commands/serve.py
sqlite_utils.Database._supports_on_conflict  # read by sqlite-utils (see store/db.py)

# Migration steps, run by name from store/schema.py's MIGRATIONS.
from reviewtui.store import schema_steps  # noqa: E402

schema_steps.initial_schema
schema_steps.queue_indexes
schema_steps.leases_minutes_replays
schema_steps.full_text_search
schema_steps.ordered_queue_indexes
schema_steps.draft_kinds

# Imported for their side effect: their operations register themselves.
from reviewtui.services.operations import _action_ops, _record_ops  # noqa: E402

_action_ops, _record_ops

# Columns kept in the record and read by column name (the book table's sort and cells).
from reviewtui.store.book_metrics import BookRow  # noqa: E402

Snapshot.usage_change
Snapshot.health_change
BookRow.health_change
BookRow.usage_change
BookRow.nps_change

# Set for the data-and-health benchmark (tests/benchmarks), which measures from them.
from reviewtui.screens.health import HealthScreen  # noqa: E402

HealthScreen._mounted_at
HealthScreen._flags_loaded

# The model's own question (whether an action is late), part of Action's reading API: the
# screens ask how many days late (`days_late`); the store's tests ask this.
from reviewtui.domain.models import Action  # noqa: E402

Action.is_overdue
