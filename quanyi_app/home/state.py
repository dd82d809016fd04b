"""Staff workbench: who is logged in, and the photo library that exercises the pipeline."""

from __future__ import annotations

import dataclasses

import reflex as rx

from quanyi_app.core import mine
from quanyi_app.core.accounts.session import SessionState, guard
from quanyi_app.core.campustime import local_str
from quanyi_app.core.db import session_scope
from quanyi_app.core.errors import UserError
from quanyi_app.core.permissions import Perm
from quanyi_app.core.photos import services as photos
from quanyi_app.core.photos.state import read_uploads
from quanyi_app.home import strings


@dataclasses.dataclass
class LibraryPhoto:
    thumb: str = ""
    full: str = ""
    size: str = ""


class WorkbenchState(SessionState):
    def _permission(self) -> Perm:
        return Perm.WORKBENCH

    photos: list[LibraryPhoto] = []
    upload_error: str = ""
    upload_message: str = ""
    uploading: bool = False
    # Photos stored in this session: the same picture uploaded earlier by someone else is
    # stored once (content hash), so ownership alone would hide it from this library.
    _recent_ids: list[int] = []

    def _load_photos(self, who) -> None:
        with session_scope() as session:
            rows = photos.library(session=session, uploader_id=who.user_id, also=self._recent_ids)
        self.photos = [
            LibraryPhoto(
                thumb=photos.view_url(p.sha256, viewer_id=who.user_id, thumb=True),
                full=photos.view_url(p.sha256, viewer_id=who.user_id),
                size=f"{p.width}×{p.height}",
            )
            for p in rows
        ]

    @rx.event
    def open_page(self):
        who, redirect = guard(self, Perm.WORKBENCH)
        if redirect is not None:
            return redirect
        self.upload_error = self.upload_message = ""
        self._load_photos(who)

    @rx.event
    async def upload_photos(self, files: list[rx.UploadFile]):
        """Store photos through the pipeline. Size and count are checked here, not only in the browser."""
        self.upload_error = self.upload_message = ""
        try:
            who = self._require(Perm.PHOTO_LIBRARY)
            blobs = read_uploads(files, 0)
        except UserError as err:
            self.upload_error = err.message
            return
        self.uploading = True
        yield
        stored = 0
        try:
            for data in blobs:
                photo = await photos.store_photo_async(data, uploaded_by_id=who.user_id)
                self._recent_ids = [photo.id] + [i for i in self._recent_ids if i != photo.id][:23]
                stored += 1
        except UserError as err:
            self.upload_error = err.message
        finally:
            self.uploading = False
        if stored:
            self.upload_message = strings.PHOTO_STORED.format(n=stored)
        self._load_photos(who)


@dataclasses.dataclass
class MineView:
    kind: str = ""
    title: str = ""
    status: str = ""
    href: str = ""
    at: str = ""
    open: bool = False


class MeState(SessionState):
    """我的: this phone's cases, claims and lost reports (core/mine.py), and the staff login."""

    mine: list[MineView] = []
    loaded: bool = False

    @rx.event
    def open_page(self):
        self.load_identity()
        with session_scope() as session:
            found = mine.items(session=session, device=self._device())
        self.mine = [
            MineView(kind=i.kind, title=i.title, status=i.status, href=i.href, at=local_str(i.at), open=i.open)
            for i in found
        ]
        self.loaded = True
