"""SQLite persistence through sqlite-utils: schema, migrations and queries. The only SQL."""

from reviewtui.store.db import Database, StoreError, open_database

__all__ = ["Database", "StoreError", "open_database"]
