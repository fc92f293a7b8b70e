"""The README's key table and the bindings say the same, both ways; every binding has an id.

The table is the user's reference, the bindings are what the app does; the help (F1) shows
each binding's text, so the help and the README use the same words. A binding added, removed,
re-keyed or reworded without the README (or the other way round) fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reviewtui.app import ReviewApp
from reviewtui.screens.help import help_text
from reviewtui.screens.keys import binding_classes
from reviewtui.widgets.key_hints import declared_bindings, keys_text

README = Path(__file__).resolve().parents[2] / "README.md"

# Where each class's keys work, as the README's table says it.
WHERE = {
    "ReviewApp": "everywhere",
    "StartScreen": "start screen",
    "SearchScreen": "search",
    "MeetingScreen": "any meeting screen",
    "NoteScreen": "section",
    "NoteInput": "note input",
    "NoteList": "notes list",
    "CarryoverScreen": "last actions",
    "QueuesScreen": "segment queues",
    "QueueColumn": "segment queues",
    "ChooseQueuesScreen": "choosing queues",
    "HealthScreen": "data & health",
    "WrapupScreen": "wrap-up",
    "ActionsScreen": "all actions",
    "ReportScreen": "follow-up report",
    "MinutesScreen": "minutes",
    "HelpScreen": "help",
    "AskText": "a question",
    "Confirm": "a yes/no question",
    "OrderedForm": "a form",
}

Row = tuple[str, str, str, str]  # where, keys, does, id


def classes() -> list[type]:
    return [ReviewApp, *(c for c in binding_classes() if c is not ReviewApp)]


def _inherited(cls: type, binding_id: str, key: str, text: str) -> bool:
    """The same binding (id, keys, words) already declared by a base class."""
    return any(
        b.id == binding_id and b.key == key and help_text(b) == text
        for base in cls.__mro__[1:]
        for b in declared_bindings(base)
    )


def binding_rows() -> set[Row]:
    rows: set[Row] = set()
    for cls in classes():
        for binding in declared_bindings(cls):
            text = help_text(binding)
            if binding.id and not _inherited(cls, binding.id, binding.key, text):
                rows.add((WHERE[cls.__name__], keys_text(binding.key), text, binding.id))
    return rows


def readme_rows() -> set[Row]:
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Keys\n", 1)[1].split("\n## ", 1)[0]
    rows: set[Row] = set()
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 4 or cells[0] in ("where", "") or set(cells[0]) <= {"-"}:
            continue
        where, keys, does, ident = cells
        rows.add((where, keys, does, ident.strip("`")))
    return rows


def test_every_binding_has_an_id_and_words() -> None:
    missing = [
        f"{cls.__module__}.{cls.__qualname__}: {b.key} -> {b.action}"
        for cls in classes()
        for b in declared_bindings(cls)
        if not b.id or not help_text(b)
    ]
    assert not missing, "bindings without an id or a description:\n" + "\n".join(missing)


def test_every_class_with_keys_has_a_place_in_the_readme() -> None:
    unnamed = sorted({c.__name__ for c in classes()} - set(WHERE))
    assert not unnamed, f"name these in WHERE (and the README's key table): {unnamed}"


def test_the_readme_lists_every_binding() -> None:
    missing = sorted(binding_rows() - readme_rows())
    assert not missing, "README key table lacks (where | key | does | id):\n" + "\n".join(
        f"| {w} | {k} | {d} | `{i}` |" for w, k, d, i in missing
    )


def test_every_readme_key_row_is_a_binding() -> None:
    extra = sorted(readme_rows() - binding_rows())
    assert not extra, "README key table rows with no such binding:\n" + "\n".join(
        " | ".join(row) for row in extra
    )


@pytest.mark.parametrize("table", ["readme", "bindings"])
def test_the_table_is_not_empty(table: str) -> None:
    rows = readme_rows() if table == "readme" else binding_rows()
    assert len(rows) > 40
    assert any(re.fullmatch(r"F\d+( or .+)?", keys) for _, keys, _, _ in rows)
