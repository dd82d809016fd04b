"""Staff record a case from the paper proposal book (提案本), with a photo of the page."""

from __future__ import annotations

import uuid

import reflex as rx

from quanyi_app.core.accounts.session import SessionState, as_int, form_input
from quanyi_app.core.permissions import Perm
from quanyi_app.core.photos.state import PhotoDraft
from quanyi_app.core.settings import get_settings
from quanyi_app.core.ui.staff_page import StaffListPage
from quanyi_app.proposals import routes, strings
from quanyi_app.proposals.services import cases
from quanyi_app.proposals.state.casework import StaffLists


class BookEntryState(StaffLists, PhotoDraft, StaffListPage, SessionState):
    def _permission(self) -> Perm:
        return Perm.CASE_TRIAGE

    building_id: str = ""
    category_id: str = ""
    description: str = ""
    book_page: str = ""
    book_date: str = ""
    entry_key: str = ""

    def _reload(self) -> None:
        """Nothing to show but the form."""

    def _on_open(self, who) -> None:
        self.photo_error = ""
        self.entry_key = self.entry_key or uuid.uuid4().hex

    @rx.event
    def open_page(self):
        return self._open()

    @rx.event
    @form_input
    def set_input(self, name: str, value: str):
        if name in ("building_id", "category_id", "description", "book_page", "book_date"):
            setattr(self, name, str(value)[:2100])

    def _photo_uploader(self) -> int | None:
        return self._require(self._permission()).user_id

    @rx.event
    def save(self):
        secret = get_settings().secret_key
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
        case = self._act(
            lambda session, who, url: cases.submit_case(sub, session=session, secret=secret, actor=who, public_url=url),
            strings.BOOK_SAVED,
            ("description", "book_page"),
        )
        if case is None:
            return None
        self._clear_photos()
        self.entry_key = uuid.uuid4().hex
        return [rx.toast.success(strings.BOOK_SAVED), rx.redirect(routes.case_url(case.id))]
