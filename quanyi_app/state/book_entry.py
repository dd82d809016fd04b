"""Staff record a case from the paper proposal book (提案本), with a photo of the page."""

from __future__ import annotations

import json
import uuid

import reflex as rx

from quanyi_app import routes, strings
from quanyi_app.db import session_scope
from quanyi_app.models import Role
from quanyi_app.services import cases, photos
from quanyi_app.services.errors import UserError
from quanyi_app.settings import get_settings
from quanyi_app.state.casework import StaffLists, _as_int
from quanyi_app.state.session import guard

STAFF = (Role.staff.value,)


class BookEntryState(StaffLists):
    building_id: str = ""
    category_id: str = ""
    description: str = ""
    book_page: str = ""
    book_date: str = ""
    draft_photos: str = "[]"
    entry_key: str = ""
    error: str = ""
    photo_error: str = ""
    uploading: bool = False

    @rx.var
    def photo_list(self) -> list[dict[str, str]]:
        try:
            return [p for p in json.loads(self.draft_photos or "[]") if isinstance(p, dict)]
        except ValueError:
            return []

    @rx.var
    def photo_count(self) -> int:
        return len(self.photo_list)

    @rx.var
    def can_add_photos(self) -> bool:
        return len(self.photo_list) < cases.MAX_PHOTOS

    @rx.event
    def open_page(self):
        who, redirect = guard(self, *STAFF)
        if redirect is not None:
            return redirect
        self._fill_lists(who)
        self.error = self.photo_error = ""
        self.entry_key = self.entry_key or uuid.uuid4().hex

    @rx.event
    def set_input(self, name: str, value: str):
        if name in ("building_id", "category_id", "description", "book_page", "book_date"):
            setattr(self, name, str(value)[:2100])

    @rx.event
    def remove_photo(self, ref: str):
        self.draft_photos = json.dumps([p for p in self.photo_list if p["ref"] != ref])

    @rx.event
    async def upload_photos(self, files: list[rx.UploadFile]):
        self.photo_error = ""
        settings = get_settings()
        current = self.photo_list
        try:
            who = self._require(*STAFF)
            photos.check_count(len(current) + len(files))
            blobs = []
            for f in files:
                data = f.file.read(photos.MAX_BYTES + 1)
                photos.check_size(len(data))
                blobs.append(data)
        except UserError as err:
            self.photo_error = err.message
            return
        self.uploading = True
        yield
        try:
            for data in blobs:
                stored = await photos.store_photo_async(data, upload_dir=settings.upload_dir, uploaded_by_id=who.user_id)
                current.append({"ref": photos.photo_ref(stored.id, settings.secret_key),
                                "thumb": routes.photo_url(stored.sha256, thumb=True)})
                self.draft_photos = json.dumps(current)
        except UserError as err:
            self.photo_error = err.message
        finally:
            self.uploading = False

    @rx.event
    def save(self):
        self.error = ""
        settings = get_settings()
        try:
            who = self._require(*STAFF)
            sub = cases.Submission(
                category_id=_as_int(self.category_id), description=self.description,
                idempotency_key=self.entry_key or uuid.uuid4().hex, building_id=_as_int(self.building_id),
                photo_ids=photos.parse_photo_refs([p["ref"] for p in self.photo_list], settings.secret_key),
                source="book", book_page=self.book_page.strip(), book_date=self.book_date.strip(),
            )
            with session_scope() as session:
                case = cases.submit_case(sub, session=session, secret=settings.secret_key, actor=who,
                                         public_url=settings.public_url)
                case_id = case.id
        except UserError as err:
            self.error = err.message
            return
        self.description = self.book_page = ""
        self.draft_photos = "[]"
        self.entry_key = uuid.uuid4().hex
        return [rx.toast.success(strings.BOOK_SAVED), rx.redirect(f"{routes.STAFF_CASES}/{case_id}")]
