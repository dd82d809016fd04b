"""Staff record a case from the paper proposal book (提案本), with a photo of the page."""

from __future__ import annotations

import uuid

import reflex as rx

from quanyi_app.core.accounts.session import SessionState, as_int, form_input, guard
from quanyi_app.core.db import session_scope
from quanyi_app.core.errors import UserError
from quanyi_app.core.permissions import Perm
from quanyi_app.core.photos.state import PhotoDraft
from quanyi_app.core.settings import get_settings
from quanyi_app.proposals import routes, strings
from quanyi_app.proposals.services import cases
from quanyi_app.proposals.state.casework import StaffLists


class BookEntryState(StaffLists, PhotoDraft, SessionState):
    def _permission(self) -> Perm:
        return Perm.CASE_TRIAGE

    building_id: str = ""
    category_id: str = ""
    description: str = ""
    book_page: str = ""
    book_date: str = ""
    entry_key: str = ""
    error: str = ""

    @rx.event
    def open_page(self):
        who, redirect = guard(self, Perm.CASE_TRIAGE)
        if redirect is not None:
            return redirect
        self._fill_lists(who)
        self.error = self.photo_error = ""
        self.entry_key = self.entry_key or uuid.uuid4().hex

    @rx.event
    @form_input
    def set_input(self, name: str, value: str):
        if name in ("building_id", "category_id", "description", "book_page", "book_date"):
            setattr(self, name, str(value)[:2100])

    def _photo_uploader(self) -> int | None:
        return self._require(Perm.CASE_TRIAGE).user_id

    @rx.event
    def save(self):
        self.error = ""
        settings = get_settings()
        try:
            who = self._require(Perm.CASE_TRIAGE)
            sub = cases.Submission(
                category_id=as_int(self.category_id),
                description=self.description,
                idempotency_key=self.entry_key or uuid.uuid4().hex,
                building_id=as_int(self.building_id),
                photo_ids=self._draft_photo_ids(),
                source="book",
                book_page=self.book_page.strip(),
                book_date=self.book_date.strip(),
            )
            with session_scope() as session:
                case = cases.submit_case(
                    sub, session=session, secret=settings.secret_key, actor=who, public_url=settings.public_url
                )
                case_id = case.id
        except UserError as err:
            self.error = err.message
            return
        self.description = self.book_page = ""
        self._clear_photos()
        self.entry_key = uuid.uuid4().hex
        return [rx.toast.success(strings.BOOK_SAVED), rx.redirect(routes.case_url(case_id))]
