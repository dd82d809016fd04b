"""The one permission point: named permissions, the role → permissions table, and ``require``.

Every service that reads or changes protected data calls :func:`require` (or :func:`can` to
decide what to show). No role string is compared anywhere else.

Scope is decided here too. The caller passes the facts of the record it is about to touch
(its college, the staff of its pickup point, its assigned inspectors, its office); this module
decides whether they bind the caller:

- ``college``: staff with a college (三级联动) act only on cases of that college. A record that
  spans colleges (a proposal merging cases) is in scope only when every one of its colleges is.
- ``point``: staff act only at the pickup points they are rostered at.
- ``assignment``: inspectors act only on the inspections they are assigned to.
- ``office``: office users see only what was sent to their office.

Admins are never scoped.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from enum import StrEnum
from typing import Protocol

from quanyi_app.core import strings
from quanyi_app.core.accounts.models import Role
from quanyi_app.core.errors import PermissionDenied


class Actor(Protocol):
    """Who is calling (core.accounts.services.Principal)."""

    user_id: int
    role: str
    college_id: int | None
    office_id: int | None


class Perm(StrEnum):
    """Named permissions. The value is what the sweep test and the docs print."""

    WORKBENCH = "workbench.view"
    PHOTO_LIBRARY = "photo.library"  # upload photos to the shared library on the workbench
    USER_ADMIN = "user.admin"
    OUTBOX_MANAGE = "outbox.manage"  # see notifications that failed and send them again
    CASE_TRIAGE = "case.triage"  # inbox, case actions, book entry, duplicates
    PROPOSAL_MANAGE = "proposal.manage"  # merge, forward, progress, office reply, resolve, letter
    QR_MANAGE = "qr.manage"
    CATEGORY_EDIT = "category.edit"
    STORY_PUBLISH = "story.publish"
    FOUND_DESK = "found.desk"  # register, claims, handover, lost reports, publications
    PICKUP_ADMIN = "pickup.admin"  # pickup points, rosters, retention
    LENDING_DESK = "lending.desk"  # umbrellas at one's points: add, move, count, lend, take back, overdue
    INSPECTION_PLAN = "inspection.plan"  # plan, cancel, history, export, any run's report
    INSPECTION_RUN = "inspection.run"  # tick, photo, submit an inspection one is assigned to
    CHECKLIST_EDIT = "checklist.edit"
    RECTIFICATION_CLOSE = "rectification.close"  # close with a follow-up photo
    RECTIFICATION_MANAGE = "rectification.manage"  # change owner and due date, publish as a case
    MEETING_MANAGE = "meeting.manage"  # meetings, questions, agenda, minutes, commitments; publish updates
    DUTY_DESK = "duty.desk"  # the duty room: log walk-ins (a case or a consultation), the roster, its figures
    SURVEY_MANAGE = "survey.manage"  # build, publish and close surveys; results, exports, reports, findings
    COMMITMENT_UPDATE = "commitment.update"  # post progress on a commitment (offices: their own, for staff to publish)


ROLE_PERMISSIONS: dict[str, frozenset[Perm]] = {
    Role.admin: frozenset(Perm),
    Role.staff: frozenset(
        {
            Perm.WORKBENCH,
            Perm.PHOTO_LIBRARY,
            Perm.OUTBOX_MANAGE,
            Perm.CASE_TRIAGE,
            Perm.PROPOSAL_MANAGE,
            Perm.QR_MANAGE,
            Perm.CATEGORY_EDIT,
            Perm.STORY_PUBLISH,
            Perm.FOUND_DESK,
            Perm.LENDING_DESK,
            Perm.INSPECTION_PLAN,
            Perm.INSPECTION_RUN,
            Perm.RECTIFICATION_CLOSE,
            Perm.RECTIFICATION_MANAGE,
            Perm.MEETING_MANAGE,
            Perm.COMMITMENT_UPDATE,
            Perm.DUTY_DESK,
            Perm.SURVEY_MANAGE,
        }
    ),
    Role.inspector: frozenset(
        {
            Perm.WORKBENCH,
            Perm.PHOTO_LIBRARY,
            Perm.INSPECTION_RUN,
            Perm.RECTIFICATION_CLOSE,
        }
    ),
    Role.office: frozenset({Perm.WORKBENCH, Perm.COMMITMENT_UPDATE}),
}

# Which scopes bind which role (admins: none).
ROLE_SCOPES: dict[str, frozenset[str]] = {
    Role.admin: frozenset(),
    Role.staff: frozenset({"college", "point"}),
    Role.inspector: frozenset({"assignment"}),
    Role.office: frozenset({"office"}),
}


_UNSET = object()


def grants(role: str, permission: Perm) -> bool:
    """Whether accounts of ``role`` hold ``permission`` (for rows that are not the caller)."""
    return permission in ROLE_PERMISSIONS.get(role, frozenset())


def roles_with(permission: Perm) -> list[str]:
    """The roles that hold ``permission``, for queries such as "who may be assigned"."""
    return sorted(Role(role).value for role, perms in ROLE_PERMISSIONS.items() if permission in perms)


def permissions_of(actor: Actor | None) -> frozenset[Perm]:
    return ROLE_PERMISSIONS.get(actor.role, frozenset()) if actor is not None else frozenset()


def college_scope(actor: Actor) -> int | None:
    """The college the actor is limited to, or None when the actor sees every college."""
    return actor.college_id if "college" in ROLE_SCOPES.get(actor.role, frozenset()) else None


def office_scope(actor: Actor) -> int | None:
    return actor.office_id if "office" in ROLE_SCOPES.get(actor.role, frozenset()) else None


def is_office_bound(actor: Actor) -> bool:
    """True when the actor acts only for their own office (an office account without an office
    acts for none)."""
    return "office" in ROLE_SCOPES.get(actor.role, frozenset())


def is_assignment_bound(actor: Actor) -> bool:
    """True when the actor may act only on records assigned to them (inspectors)."""
    return "assignment" in ROLE_SCOPES.get(actor.role, frozenset())


def is_point_bound(actor: Actor) -> bool:
    return "point" in ROLE_SCOPES.get(actor.role, frozenset())


def _refusal(
    actor: Actor | None,
    permission: Perm,
    *,
    college=_UNSET,
    colleges: Iterable[int | None] | None = None,
    point_staff: Collection[int] | None = None,
    assignees: Collection[int] | None = None,
    office_id=_UNSET,
) -> str | None:
    """Why ``actor`` may not use ``permission`` on a record with this scope (None: allowed)."""
    if actor is None:
        return strings.PERMISSION_DENIED
    if permission not in permissions_of(actor):
        return strings.PERMISSION_DENIED
    mine = college_scope(actor)
    if mine is not None:
        wanted = set(colleges or ()) | ({college} if college is not _UNSET else set())
        if wanted and wanted != {mine}:
            return strings.CASE_OUT_OF_SCOPE
    if point_staff is not None and is_point_bound(actor) and actor.user_id not in point_staff:
        return strings.FOUND_NOT_YOUR_POINT
    if assignees is not None and is_assignment_bound(actor) and actor.user_id not in assignees:
        return strings.INS_NOT_YOURS
    if office_id is not _UNSET and is_office_bound(actor) and office_id != actor.office_id:
        return strings.PERMISSION_DENIED
    return None


def require(actor: Actor | None, permission: Perm, **scope) -> Actor:
    """The actor, when allowed to use ``permission`` on a record with ``scope``; otherwise raise
    PermissionDenied with a Chinese message. (A missing login is found earlier, when the token
    is checked: that is NotAuthenticated.)

    Scope keywords: ``college`` (one college id, None for a case without one), ``colleges`` (all
    the colleges a record spans), ``point_staff`` (user ids rostered at the record's pickup
    point), ``assignees`` (user ids assigned to the record), ``office_id``.
    """
    reason = _refusal(actor, permission, **scope)
    if reason is None:
        return actor
    raise PermissionDenied(reason)


def can(actor: Actor | None, permission: Perm, **scope) -> bool:
    """Whether :func:`require` would allow it: for deciding what to show."""
    return _refusal(actor, permission, **scope) is None
