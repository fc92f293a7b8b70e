"""Names `vulture` (the dead-code check in .ci/run) cannot see used: called by a framework,
by name, or kept on purpose. Everything else vulture finds in reviewtui/ is dead and goes.

Textual's callbacks (action_*, on_*, watch_*, compose, ...) and pydantic's validators are
ignored by name and decorator in pyproject.toml ([tool.vulture]); this file is for the rest.
"""

# ruff: noqa: B018
# mypy: ignore-errors

from reviewtui.app import _is_a_host
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
