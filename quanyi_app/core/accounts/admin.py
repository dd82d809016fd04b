"""Admin: staff accounts (create, disable/enable, reset password)."""

from __future__ import annotations

import dataclasses

import reflex as rx

from quanyi_app.core import strings
from quanyi_app.core.accounts import services as accounts
from quanyi_app.core.accounts.models import Role
from quanyi_app.core.accounts.session import SessionState, form_input
from quanyi_app.core.campus import services as campus
from quanyi_app.core.db import session_scope
from quanyi_app.core.errors import UserError
from quanyi_app.core.permissions import ROLE_SCOPES, Perm
from quanyi_app.core.ui.staff_page import StaffListPage

NEW_PASSWORD_FIELD = "new-user-password"
ROLE_OPTIONS = [{"value": r.value, "label": strings.ROLE_LABELS[r.value]} for r in Role]


@dataclasses.dataclass
class UserRowView:
    id: str = ""
    username: str = ""
    display_name: str = ""
    role: str = ""
    status: str = ""
    active: bool = False


class AdminUsersState(StaffListPage, SessionState):
    def _permission(self) -> Perm:
        return Perm.USER_ADMIN

    users: list[UserRowView] = []
    new_username: str = ""
    new_display_name: str = ""
    new_role: str = Role.staff.value
    new_college: str = ""
    new_office: str = ""
    colleges: list[dict[str, str]] = []
    offices: list[dict[str, str]] = []

    def _reload(self) -> None:
        actor = self._require(self._permission())
        with session_scope() as session:
            rows = accounts.list_users(session=session, actor=actor)
            ref = campus.reference_lists(session=session)
        self.colleges, self.offices = campus.options(ref.colleges), campus.options(ref.offices)
        self.users = [
            UserRowView(
                id=str(r.id),
                username=r.username,
                display_name=r.display_name,
                role=strings.ROLE_LABELS.get(r.role, r.role),
                status=strings.USERS_STATUS_ACTIVE
                if r.active and not r.locked
                else strings.USERS_STATUS_LOCKED
                if r.active
                else strings.USERS_STATUS_DISABLED,
                active=bool(r.active),
            )
            for r in rows
        ]

    @rx.event
    def open_page(self):
        return self._open()

    @rx.event
    @form_input
    def set_new_username(self, value: str):
        self.new_username = value[:64]

    @rx.event
    @form_input
    def set_new_display_name(self, value: str):
        self.new_display_name = value[:64]

    @rx.event
    @form_input
    def set_new_role(self, value: str):
        self.new_role = value

    @rx.event
    @form_input
    def set_new_college(self, value: str):
        self.new_college = value

    @rx.event
    @form_input
    def set_new_office(self, value: str):
        self.new_office = value

    @staticmethod
    def _user_id(raw: str) -> int:
        try:
            return int(raw)
        except (TypeError, ValueError):
            raise UserError(strings.USERS_NOT_FOUND) from None

    @rx.event
    def create_user(self, form_data: dict | None = None):
        form_data = form_data or {}
        username = str(form_data.get("username", self.new_username) or "")
        display_name = str(form_data.get("display_name", self.new_display_name) or "")
        role = str(form_data.get("role", self.new_role) or "")
        password = str(form_data.get("password", "") or "")[:256]  # read on submit, never kept in state
        college = self.new_college if "college" in ROLE_SCOPES.get(role, ()) else ""
        office = self.new_office if "office" in ROLE_SCOPES.get(role, ()) else ""
        created = self._edit(
            lambda session, who: accounts.create_user(
                session=session,
                actor=who,
                username=username,
                display_name=display_name,
                role=role,
                password=password,
                college_id=int(college) if college.isdigit() else None,
                office_id=int(office) if office.isdigit() else None,
            ),
            lambda user: strings.USERS_CREATED.format(username=user.username),
        )
        if created:
            self.new_username = self.new_display_name = ""
            self.new_role = Role.staff.value
            self.new_college = self.new_office = ""
            return rx.set_value(NEW_PASSWORD_FIELD, "")

    @rx.event
    def set_active(self, user_id: str, active: bool):
        done = strings.USERS_ENABLED_DONE if active else strings.USERS_DISABLED_DONE
        self._edit(
            lambda session, who: accounts.set_user_active(
                session=session, actor=who, user_id=self._user_id(user_id), active=active
            ),
            lambda user: done.format(username=user.username),
        )

    @rx.event
    def reset_password(self, user_id: str):
        """The new password goes to the admin's screen once, in a notice they close themselves:
        it is sent as an event, never set on a state var (so never in the state store)."""
        result = self._act(
            lambda session, who, _url: accounts.reset_password(
                session=session, actor=who, user_id=self._user_id(user_id)
            ),
            lambda done: strings.USERS_RESET_DONE_SHORT.format(username=done[0].username),
        )
        if result is None:
            return None
        user, password = result
        return rx.toast.success(
            strings.USERS_RESET_DONE.format(username=user.username, password=password),
            duration=10 * 60 * 1000,
            close_button=True,
            id="password-reset",
        )
