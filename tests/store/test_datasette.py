"""A database reviewtui wrote, served by a real Datasette with the shipped metadata: the
tables are there, described and labelled, search finds what was said, facets name people."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from meeting_notes import add_note

from reviewtui.cli import main
from reviewtui.domain.clock import ManualClock
from reviewtui.services.datasette import METADATA_FILE, datasette_metadata
from reviewtui.services.meeting import start_meeting
from reviewtui.services.workspace import Workspace, open_workspace
from reviewtui.store import accounts as account_store

datasette_app = pytest.importorskip("datasette.app")


def _book(path: Path) -> None:
    clock = ManualClock("2026-11-26T14:00:00Z")
    ws = open_workspace(path, clock=clock, config=path.parent / "config")
    try:
        _meetings(ws)
    finally:
        ws.close()


def _meetings(ws: Workspace) -> None:
    account_store.upsert_account(ws.db, {"name": "Acme Corp", "owner": "Ana Lima"}, ws.clock.now())
    session = start_meeting(ws, "scrum", series="Weekly", attendees=["Ana Lima:csm"])
    add_note(session, "d: budget approved for [bold]Q2[/bold]")
    gone = add_note(session, "n: budget rumour, deleted")
    session.apply(session.notebook.delete(gone.note))
    session.apply(session.closing.add_action("send the budget memo", "Ana Lima", "fri"))
    session.apply(session.closing.add_action("call legal", "sam okafor", ""))
    session.apply(session.closing.add_action("SAM OKAFOR chases the PO", "Sam Okafor", ""))


@pytest.fixture
async def datasette(tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "reviews.db"
    _book(path)
    ds = datasette_app.Datasette([str(path)], metadata=datasette_metadata(path))
    await ds.invoke_startup()
    return ds


async def _json(ds, path: str) -> dict | list:  # type: ignore[no-untyped-def]
    response = await ds.client.get(path)
    assert response.status_code == 200, (path, response.text[:500])
    return response.json()


async def test_tables_are_listed_and_described(datasette) -> None:  # type: ignore[no-untyped-def]
    database = await _json(datasette, "/reviews.json")
    assert isinstance(database, dict)
    tables = {t["name"]: t for t in database["tables"]}
    for name in ("accounts", "people", "meetings", "agenda_items", "notes", "actions"):
        assert name in tables and not tables[name]["hidden"], name
    assert tables["applied_changes"]["hidden"] and tables["notes_fts"]["hidden"]
    assert tables["notes"]["fts_table"] == "notes_fts"
    assert tables["actions"]["fts_table"] == "actions_fts"
    page = await datasette.client.get("/reviews/notes")
    assert "What was said: notes, decisions" in page.text
    served = await _json(datasette, "/-/metadata.json")
    assert isinstance(served, dict)
    shipped = datasette_metadata(Path("reviews.db"))
    assert served["title"] == shipped["title"]
    for key in ("tables", "queries"):
        for name, config in shipped["databases"]["reviews"][key].items():
            got = served["databases"]["reviews"][key][name]
            assert {k: got[k] for k in config} == config, name


async def test_search_finds_what_was_said(datasette) -> None:  # type: ignore[no-untyped-def]
    rows = await _json(datasette, "/reviews/notes.json?_search=budget&_shape=array")
    assert isinstance(rows, list)
    assert {r["text"] for r in rows} >= {"budget approved for [bold]Q2[/bold]"}
    actions = await _json(datasette, "/reviews/actions.json?_search=memo&_shape=array")
    assert [r["title"] for r in actions] == ["send the budget memo"]
    # Search syntax typed by a user is escaped: found as words, or (a lone quote, which
    # Datasette's escaping leaves empty) a 400 with a message, never a server error.
    for hostile in ['"', "NEAR(", "budget OR", "*", "[bold]", "budget\x1b[2J"]:
        response = await datasette.client.get(
            "/reviews/notes.json", params={"_search": hostile, "_shape": "array"}
        )
        assert response.status_code in (200, 400), (hostile, response.text[:300])
    words = await _json(datasette, "/reviews/notes.json?_search=approved+OR&_shape=array")
    assert words == []  # "OR" is a word here, not an operator
    # The canned search leaves deleted notes out, and finds an action once.
    said = await _json(datasette, "/reviews/what_was_said.json?words=budget&_shape=array")
    assert isinstance(said, list)
    assert sorted((r["what"], r["text"]) for r in said) == [
        ("action", "send the budget memo"),
        ("note", "budget approved for [bold]Q2[/bold]"),
    ]


async def test_people_and_notes_are_labels_and_facets(datasette) -> None:  # type: ignore[no-untyped-def]
    data = await _json(datasette, "/reviews/actions.json?_labels=on&_shape=objects")
    assert isinstance(data, dict)
    by_title = {r["title"]: r for r in data["rows"]}
    memo = by_title["send the budget memo"]
    assert memo["owner_id"]["label"] == "Ana Lima"
    assert memo["note_id"]["label"] == "Action: send the budget memo"
    # Spelled two ways, one person.
    assert by_title["call legal"]["owner_id"] == by_title["SAM OKAFOR chases the PO"]["owner_id"]
    facets = data["facet_results"]
    owner_facet = {f["label"]: f["count"] for f in facets["owner_id"]["results"]}
    assert owner_facet == {"Ana Lima": 1, "sam okafor": 2}
    assert {f["value"] for f in facets["status"]["results"]} == {"open"}
    meetings = await _json(datasette, "/reviews/meetings.json?_labels=on&_shape=array")
    assert isinstance(meetings, list)
    assert meetings[0]["current_item_id"]["label"]  # the section's title


def test_the_metadata_names_only_what_the_schema_has(ws: Workspace) -> None:
    shipped = json.loads(METADATA_FILE.read_text(encoding="utf-8"))
    tables = {r["name"] for r in ws.db.query("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for table, config in shipped["tables"].items():
        assert table in tables, table
        columns = {r["name"] for r in ws.db.query(f"PRAGMA table_xinfo({table})")}
        named = set(config.get("columns", {})) | set(config.get("facets", []))
        for key in ("label_column", "sort", "sort_desc", "fts_pk"):
            if key in config:
                named.add(config[key])
        assert named <= columns, (table, named - columns)
        if "fts_table" in config:
            assert config["fts_table"] in tables
    described = {t for t, c in shipped["tables"].items() if c.get("description")}
    assert described >= {t for t in tables if "fts" not in t and not t.startswith("sqlite_")}


def test_the_command_prints_or_writes_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "team-reviews.db"
    assert main(["datasette-metadata", "--db", str(db)]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert list(printed["databases"]) == ["team-reviews"]
    assert not db.exists()  # only named, never opened or made
    target = tmp_path / "metadata.json"
    assert main(["datasette-metadata", "--db", str(db), "-o", str(target)]) == 0
    assert json.loads(target.read_text(encoding="utf-8")) == printed
    capsys.readouterr()
    with pytest.raises(SystemExit) as exit_info:
        main(["datasette-metadata", "-o", str(tmp_path / "missing" / "m.json")])
    assert exit_info.value.code == 1
    assert capsys.readouterr().err.count("\n") == 1
