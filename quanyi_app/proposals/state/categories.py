"""Staff: the category list students choose from."""

from __future__ import annotations

import dataclasses

import reflex as rx

from quanyi_app.core.accounts.session import SessionState, as_int, form_input
from quanyi_app.core.db import session_scope
from quanyi_app.core.permissions import Perm
from quanyi_app.core.ui.staff_page import StaffListPage
from quanyi_app.proposals import strings
from quanyi_app.proposals.services import catalog


@dataclasses.dataclass
class CategoryRowView:
    id: str = ""
    name: str = ""
    active: bool = False


class CategoriesState(StaffListPage, SessionState):
    def _permission(self) -> Perm:
        return Perm.CATEGORY_EDIT

    rows: list[CategoryRowView] = []
    names: dict[str, str] = {}
    new_name: str = ""

    def _reload(self) -> None:
        with session_scope() as session:
            cats = catalog.list_categories(session=session)
        self.rows = [CategoryRowView(id=str(c.id), name=c.name, active=bool(c.active)) for c in cats]
        self.names = {str(c.id): c.name for c in cats}

    @rx.event
    def open_page(self):
        return self._open()

    @rx.event
    @form_input
    def set_new_name(self, value: str):
        self.new_name = value[:32]

    @rx.event
    @form_input
    def set_name(self, category_id: str, value: str):
        self.names = {**self.names, category_id: value[:32]}

    @rx.event
    def add(self):
        name = self.new_name
        if self._edit(lambda s, who: catalog.add_category(session=s, actor=who, name=name), strings.CATEGORY_ADDED):
            self.new_name = ""

    @rx.event
    def rename(self, category_id: str):
        cid, name = as_int(category_id) or 0, self.names.get(category_id, "")
        self._edit(
            lambda s, who: catalog.rename_category(session=s, actor=who, category_id=cid, name=name),
            strings.CATEGORY_SAVED,
        )

    @rx.event
    def set_active(self, category_id: str, active: bool):
        cid = as_int(category_id) or 0
        self._edit(
            lambda s, who: catalog.set_category_active(session=s, actor=who, category_id=cid, active=active),
            strings.CATEGORY_SAVED,
        )

    @rx.event
    def move(self, category_id: str, up: bool):
        cid = as_int(category_id) or 0
        self._edit(
            lambda s, who: catalog.move_category(session=s, actor=who, category_id=cid, up=up), strings.CATEGORY_SAVED
        )
