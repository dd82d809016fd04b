"""Where each person lands after logging in: their own work, not a page of refusals.

Features register ``add(path, permission, order)``; a login without a ``next`` goes to the
lowest-order registered path whose permission the person holds, else the workbench.
(Staff hold case triage and land on the workbench; inspectors, who do not, land on /inspect.)
"""

from __future__ import annotations

from quanyi_app.core import routes
from quanyi_app.core.permissions import Perm, permissions_of

_LANDINGS: list[tuple[int, str, Perm]] = []


def add(path: str, permission: Perm, *, order: int) -> None:
    entry = (order, path, permission)
    if entry not in _LANDINGS:
        _LANDINGS.append(entry)
        _LANDINGS.sort(key=lambda e: e[0])


def landing_for(who) -> str:
    held = permissions_of(who)
    return next((path for _, path, permission in _LANDINGS if permission in held), routes.STAFF)
