"""The photo drafts purge, run by the core's periodic jobs."""

from __future__ import annotations

from quanyi_app.core.db import session_scope
from quanyi_app.core.photos import services as photos

PURGE_EVERY_SECONDS = 3600


def purge_drafts_once() -> int:
    with session_scope() as session:
        hashes = photos.purge_drafts(session=session)
    photos.remove_files(hashes)  # only after the rows are gone for good
    return len(hashes)
