"""The one permission point: the role table and how scope binds each role."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from quanyi_app.core import strings
from quanyi_app.core.errors import PermissionDenied
from quanyi_app.core.permissions import ROLE_PERMISSIONS, Perm, can, grants, require, roles_with


@dataclass(frozen=True)
class Who:
    role: str
    user_id: int = 7
    college_id: int | None = None
    office_id: int | None = None


def test_admins_hold_everything_and_each_role_only_its_work():
    assert ROLE_PERMISSIONS["admin"] == frozenset(Perm)
    assert ROLE_PERMISSIONS["office"] == {Perm.WORKBENCH, Perm.COMMITMENT_UPDATE}
    assert Perm.INSPECTION_RUN in ROLE_PERMISSIONS["inspector"]
    assert not ROLE_PERMISSIONS["inspector"] & {Perm.CASE_TRIAGE, Perm.FOUND_DESK, Perm.INSPECTION_PLAN}
    assert not ROLE_PERMISSIONS["staff"] & {Perm.USER_ADMIN, Perm.CHECKLIST_EDIT, Perm.PICKUP_ADMIN}
    assert roles_with(Perm.USER_ADMIN) == ["admin"]
    assert roles_with(Perm.INSPECTION_RUN) == ["admin", "inspector", "staff"]
    assert grants("staff", Perm.CASE_TRIAGE) and not grants("office", Perm.CASE_TRIAGE)
    assert not grants("nobody", Perm.WORKBENCH)


def test_no_caller_and_unknown_roles_are_refused():
    with pytest.raises(PermissionDenied):
        require(None, Perm.WORKBENCH)
    with pytest.raises(PermissionDenied):
        require(Who("visitor"), Perm.WORKBENCH)
    assert require(Who("office"), Perm.WORKBENCH).role == "office"


def test_college_scope_binds_college_staff_only():
    cs = Who("staff", college_id=1)
    assert can(cs, Perm.CASE_TRIAGE, college=1)
    for scope in ({"college": 2}, {"college": None}, {"colleges": {1, 2}}, {"colleges": {1, None}}):
        with pytest.raises(PermissionDenied) as err:
            require(cs, Perm.CASE_TRIAGE, **scope)
        assert err.value.message == strings.CASE_OUT_OF_SCOPE
    assert can(cs, Perm.PROPOSAL_MANAGE, colleges={1})
    assert can(Who("staff"), Perm.CASE_TRIAGE, college=2)  # staff without a college see every college
    assert can(Who("admin", college_id=1), Perm.CASE_TRIAGE, college=2)  # admins are never scoped


def test_point_and_assignment_scopes():
    desk = Who("staff", user_id=5)
    assert can(desk, Perm.FOUND_DESK, point_staff={5, 6})
    with pytest.raises(PermissionDenied) as err:
        require(desk, Perm.FOUND_DESK, point_staff={6})
    assert err.value.message == strings.FOUND_NOT_YOUR_POINT
    assert can(Who("admin", user_id=1), Perm.FOUND_DESK, point_staff=set())
    inspector = Who("inspector", user_id=9)
    assert can(inspector, Perm.INSPECTION_RUN, assignees={9})
    with pytest.raises(PermissionDenied) as err:
        require(inspector, Perm.INSPECTION_RUN, assignees={3})
    assert err.value.message == strings.INS_NOT_YOURS
    assert can(Who("staff", user_id=5), Perm.INSPECTION_RUN, assignees={3})  # staff may open any run


ROLE_COMPARISON = re.compile(
    r"""\.role\s*(==|!=|\bin\b|\bnot in\b)"""  # user.role == …, who.role in …
    r"""|(==|!=)\s*["'](admin|staff|inspector|office)["']"""  # … == "admin"
    r"""|Role\.\w+(\.value)?\s*(==|!=)"""  # Role.admin.value == …
)


def test_no_role_is_compared_outside_the_permission_point():
    root = Path(__file__).resolve().parents[3] / "quanyi_app"
    offenders = [
        f"{path.relative_to(root)}:{n}: {line.strip()}"
        for path in root.rglob("*.py")
        if path.name != "permissions.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if ROLE_COMPARISON.search(line)
    ]
    assert offenders == []
