"""Reading a plain page's posted form: its text fields (each cut to its limit) and its photos.

Photos go through the one pipeline (``core.photos``: metadata stripped, re-encoded). Photos
already received for a form that was refused travel back with the re-rendered page as signed
references (``photo_ref``), so the student does not choose them again and a forged one attaches
nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import select
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request

from quanyi_app.core.db import session_scope
from quanyi_app.core.photos import services as photos
from quanyi_app.core.photos.limits import MAX_FILES_PER_UPLOAD
from quanyi_app.core.photos.models import Photo
from quanyi_app.core.settings import get_settings

PHOTO_FIELD = "photos"
REF_FIELD = "photo_ref"
THUMB_TTL = 24 * 3600


@dataclass
class Kept:
    """A photo already received for this form: its signed reference and a preview link."""

    ref: str
    thumb: str


async def read_form(request: Request, *, fields: int) -> FormData | None:
    """The posted form, or None when it is not one or could not be read whole (a cut-off body,
    too many parts)."""
    kind = request.headers.get("content-type", "")
    if not kind.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
        return None
    try:
        return await request.form(max_files=MAX_FILES_PER_UPLOAD + 1, max_fields=fields + MAX_FILES_PER_UPLOAD + 4)
    except Exception:
        return None


def texts(data: FormData, limits: dict[str, int]) -> dict[str, str]:
    """The named text fields, each cut to its limit; absent ones are left out."""
    return {name: str(value)[:limit] for name, limit in limits.items() if isinstance(value := data.get(name), str)}


def _held(refs: list[str]) -> list[Photo]:
    ids = photos.parse_photo_refs(refs, get_settings().secret_key)[:MAX_FILES_PER_UPLOAD]
    if not ids:
        return []
    with session_scope() as session:
        rows = {p.id: p for p in session.exec(select(Photo).where(Photo.id.in_(ids))).all()}
    return [rows[i] for i in ids if i in rows]


async def form_photos(data: FormData, into: list[Photo], *, uploader_id: int | None = None) -> None:
    """Put into ``into`` the photos this send carries: those received before (signed references),
    then the new files, each stored through the pipeline as it is read. Raises UserError (too
    many, too large, not a photo); what was stored before that stays in ``into``."""
    into.extend(await run_in_threadpool(_held, [r for r in data.getlist(REF_FIELD) if isinstance(r, str)]))
    files = [f for f in data.getlist(PHOTO_FIELD) if isinstance(f, UploadFile) and (f.filename or f.size)]
    photos.check_count(len(into) + len(files))
    for f in files:
        blob = await f.read(photos.MAX_BYTES + 1)
        photos.check_size(len(blob))
        into.append(await photos.store_photo_async(blob, uploaded_by_id=uploader_id))


def kept(rows: list[Photo]) -> list[Kept]:
    """What a re-rendered form carries for photos already received (previews signed for the
    anonymous holder of the page)."""
    secret = get_settings().secret_key
    return [
        Kept(
            ref=photos.photo_ref(p.id, secret),
            thumb=photos.view_url(p.sha256, viewer_id=photos.ANONYMOUS, thumb=True, ttl_seconds=THUMB_TTL),
        )
        for p in rows
    ]
