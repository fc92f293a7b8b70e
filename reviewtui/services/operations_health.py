"""Operations for what a series keeps between meetings (see `services.changes`)."""

from __future__ import annotations

from reviewtui.services.changes import operation
from reviewtui.services.workspace import Workspace
from reviewtui.store import series_plan as series_store


@operation("series.queues")
def series_queues(ws: Workspace, *, series_id: int, segments: list[str]) -> None:
    """The queues chosen in a meeting become the series' queues for its next meetings."""
    series_store.set_series_queues(ws.db, series_id, [str(s) for s in segments])


@operation("series.follows")
def series_follows(ws: Workspace, *, series_id: int, follows_id: int | None) -> None:
    series_store.set_follows(ws.db, series_id, follows_id)


@operation("series.cadence")
def series_cadence(ws: Workspace, *, series_id: int, cadence: str | None) -> None:
    series_store.set_cadence(ws.db, series_id, cadence)
