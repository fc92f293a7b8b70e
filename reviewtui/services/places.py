"""Where things live: the database, the config directory and what is in it, the minutes.

Light on purpose (no database, no Textual): the command line's help reads it."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from reviewtui.services.database_location import DatabaseLocation

APP_NAME = "reviewtui"
DB_ENV = "REVIEWTUI_DB"
CONFIG_ENV = "REVIEWTUI_CONFIG_DIR"
CONFIG_FILE = "config.toml"


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME))


def cache_dir() -> Path:
    """Copies kept to start faster (see `services.user_config`); safe to delete at any time."""
    return Path(platformdirs.user_cache_dir(APP_NAME))


def default_db_path() -> Path:
    return data_dir() / "reviews.db"


def resolve_database(explicit: DatabaseLocation | None) -> DatabaseLocation:
    """`--db` wins (read once, by `cli.main`), then $REVIEWTUI_DB, then the per-user data
    directory."""
    if explicit is not None:
        return explicit
    env = os.environ.get(DB_ENV, "")
    if env.strip():  # set but blank: as if unset
        return DatabaseLocation.parse(env)
    return DatabaseLocation(default_db_path())


def config_dir() -> Path:
    env = os.environ.get(CONFIG_ENV)
    return Path(env).expanduser() if env else Path(platformdirs.user_config_dir(APP_NAME))


def config_file() -> Path:
    return config_dir() / CONFIG_FILE
