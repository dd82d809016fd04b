"""Photos attached to something not yet saved (a case, a reply, a story): one mixin for all.

Each upload goes through the shared pipeline; the draft keeps signed references
(``photos.photo_ref``), so the ids it submits back cannot be forged. Size and count are
checked here, in the handler, because Reflex enforces ``max_size`` only in the browser.
"""

from __future__ import annotations

import reflex as rx

from quanyi_app.core.errors import UserError
from quanyi_app.core.photos import services as photos
from quanyi_app.core.settings import get_settings


def read_uploads(files: list[rx.UploadFile], already: int) -> list[bytes]:
    """The bytes of each upload, refusing too many files or any file over the size limit."""
    photos.check_count(already + len(files))
    blobs = []
    for f in files:
        data = f.file.read(photos.MAX_BYTES + 1)
        photos.check_size(len(data))
        blobs.append(data)
    return blobs


class PhotoDraft(rx.State, mixin=True):
    # [{ref, thumb}]. A plain var, no computed ones: Reflex evaluates every computed var of every
    # state on each page's hydrate, and a cached one marks its state for writing to the store.
    photo_list: list[dict[str, str]] = []
    photo_error: str = ""
    uploading: bool = False

    # ---- for subclasses -----------------------------------------------------------------

    def _photo_uploader(self) -> int | None:
        """Check the caller may upload here; return their user id (None: anonymous student)."""
        return None

    def _photo_thumb(self, sha256: str, secret: str) -> str:
        """A staff member's own upload: they may open it as its uploader."""
        return photos.view_url(sha256, viewer_id=None, thumb=True)

    def _draft_photo_ids(self) -> list[int]:
        return photos.parse_photo_refs([p["ref"] for p in self.photo_list], get_settings().secret_key)

    def _clear_photos(self) -> None:
        if self.photo_list:
            self.photo_list = []

    # ---- events -------------------------------------------------------------------------

    @rx.event
    def remove_photo(self, ref: str):
        try:
            self._photo_uploader()  # the same check as adding one
        except UserError as err:
            self.photo_error = err.message
            return
        self.photo_list = [p for p in self.photo_list if p["ref"] != ref]

    @rx.event
    async def upload_photos(self, files: list[rx.UploadFile]):
        self.photo_error = ""
        settings = get_settings()
        current = list(self.photo_list)
        try:
            uploader = self._photo_uploader()
            blobs = read_uploads(files, len(current))
        except UserError as err:
            self.photo_error = err.message
            return
        self.uploading = True
        yield
        try:
            for data in blobs:
                stored = await photos.store_photo_async(data, uploaded_by_id=uploader)
                current.append(
                    {
                        "ref": photos.photo_ref(stored.id, settings.secret_key),
                        "thumb": self._photo_thumb(stored.sha256, settings.secret_key),
                    }
                )
                self.photo_list = list(current)
        except UserError as err:
            self.photo_error = err.message
        finally:
            self.uploading = False
