"""Metadata for Datasette: what each table and column holds, labels, facets and search.

The metadata ships with reviewtui (`reviewtui/datasette/metadata.json`) and is made for one
database: Datasette names a database after its file (`reviews.db` is `reviews`), so the
tables are set under that name. `datasette reviews.db -m metadata.json` then shows it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

METADATA_FILE = Path(__file__).resolve().parent.parent / "datasette" / "metadata.json"


def database_name(db_path: Path) -> str:
    """The name Datasette gives the database in this file (its file name without suffix)."""
    return db_path.stem


def datasette_metadata(db_path: Path) -> dict[str, Any]:
    """Datasette's metadata for the database at `db_path`."""
    shipped = json.loads(METADATA_FILE.read_text(encoding="utf-8"))
    return {
        "title": shipped["title"],
        "description": shipped["description"],
        "databases": {
            database_name(db_path): {
                "tables": shipped["tables"],
                "queries": shipped["queries"],
            }
        },
    }


def metadata_text(db_path: Path) -> str:
    return json.dumps(datasette_metadata(db_path), indent=2, ensure_ascii=False) + "\n"
