"""The photo pipeline shared by every feature.

An upload becomes two clean JPEGs — a display copy (≤1600 px on the long side) and a
thumbnail (≤400 px) — with the EXIF orientation applied, colours converted to sRGB and no
metadata at all (no EXIF, GPS, XMP, ICC profile or comment). Files are named by the SHA-256
of the clean display copy, so the same photo uploaded twice is stored once, and every file
is written atomically (temp file, fsync, rename) before the database row that refers to it.

Formats are recognised by content: JPEG, PNG, WebP and HEIC/HEIF. Everything else — SVG,
PDF, text, GIF, truncated or undecodable files, decompression bombs — is refused with a
Chinese message (:class:`PhotoRejected`) before any pixel is decoded where possible.

All of this is CPU-bound: callers on an event loop use :func:`store_photo_async`.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import logging
import os
import threading
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError
from pillow_heif import register_heif_opener
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from quanyi_app.core import strings
from quanyi_app.core.errors import PhotoRejected
from quanyi_app.core.modelbase import utcnow
from quanyi_app.core.photos.limits import MAX_BYTES, MAX_FILES_PER_UPLOAD
from quanyi_app.core.photos.models import Photo
from quanyi_app.core.photos.storage import LocalStore, current_store, photo_key

log = logging.getLogger("quanyi.photos")

register_heif_opener()

MAX_PIXELS = 50_000_000
DISPLAY_EDGE = 1600
THUMB_EDGE = 400
JPEG_QUALITY = 82
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", "HEIF")

# Pillow's own bomb guard as a second line: anything over our limit fails inside Pillow too.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

_SRGB = ImageCms.createProfile("sRGB")

# Decoding a 12 MP HEIC costs ~150 MiB and half a second: at most one photo per core is
# cleaned at a time, so a burst of uploads queues instead of exhausting memory.
_CPU_SLOTS = threading.BoundedSemaphore(max(1, os.cpu_count() or 1))


@dataclass(frozen=True)
class CleanPhoto:
    sha256: str
    display: bytes
    thumb: bytes
    width: int
    height: int
    thumb_width: int
    thumb_height: int


def check_size(size: int) -> None:
    """Refuse an upload by its byte count (the handler checks this before decoding)."""
    if size <= 0:
        raise PhotoRejected(strings.PHOTO_EMPTY)
    if size > MAX_BYTES:
        raise PhotoRejected(strings.PHOTO_TOO_LARGE.format(mb=MAX_BYTES // (1024 * 1024)))


def check_count(count: int) -> None:
    if count > MAX_FILES_PER_UPLOAD:
        raise PhotoRejected(strings.PHOTO_TOO_MANY_FILES.format(n=MAX_FILES_PER_UPLOAD))


def _open(data: bytes) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            im = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoRejected(strings.PHOTO_TOO_MANY_PIXELS.format(mp=MAX_PIXELS // 1_000_000)) from None
    except UnidentifiedImageError:
        raise PhotoRejected(strings.PHOTO_NOT_IMAGE) from None
    except (OSError, ValueError, SyntaxError):
        raise PhotoRejected(strings.PHOTO_BROKEN) from None
    width, height = im.size
    if width <= 0 or height <= 0:
        raise PhotoRejected(strings.PHOTO_BROKEN)
    if width * height > MAX_PIXELS:  # the header says so: refuse before decoding a pixel
        raise PhotoRejected(strings.PHOTO_TOO_MANY_PIXELS.format(mp=MAX_PIXELS // 1_000_000))
    return im


def _fit(size: tuple[int, int], edge: int) -> tuple[int, int]:
    w, h = size
    scale = min(1.0, edge / max(w, h))
    return max(1, round(w * scale)), max(1, round(h * scale))


def _to_srgb(im: Image.Image) -> Image.Image:
    icc = im.info.get("icc_profile")
    if not icc:
        return im
    try:
        src = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        return ImageCms.profileToProfile(im, src, _SRGB, outputMode=im.mode) or im
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return im  # an unreadable profile: keep the pixels as they are


def _flatten(im: Image.Image) -> Image.Image:
    """RGB on white, whatever the source mode (palette, alpha, CMYK, 16-bit, greyscale)."""
    if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
        rgba = im.convert("RGBA")
        canvas = Image.new("RGB", rgba.size, (255, 255, 255))
        canvas.paste(rgba, mask=rgba.getchannel("A"))
        return canvas
    if im.mode.startswith("I;16") or im.mode == "I":
        im = im.point(lambda v: v / 256).convert("L")
    return im.convert("RGB") if im.mode != "RGB" else im


def _encode(im: Image.Image) -> bytes:
    out = io.BytesIO()
    # A fresh image carries no .info, so nothing but pixels can reach the file.
    clean = Image.new("RGB", im.size)
    clean.paste(im)
    clean.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return out.getvalue()


def clean_photo(data: bytes) -> CleanPhoto:
    """Validate and re-encode ``data``. Pure and CPU-bound; raises :class:`PhotoRejected`."""
    check_size(len(data))
    im = _open(data)
    try:
        if im.format == "JPEG":
            # Decode at a reduced scale when the result is downscaled anyway (much faster).
            im.draft("RGB", _fit(im.size, DISPLAY_EDGE))
        im.load()
        try:
            upright = ImageOps.exif_transpose(im)
        except Exception:  # damaged EXIF must not cost the photo: keep it as decoded
            upright = im
        upright = _flatten(_to_srgb(upright))
    except PhotoRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoRejected(strings.PHOTO_TOO_MANY_PIXELS.format(mp=MAX_PIXELS // 1_000_000)) from None
    except (OSError, ValueError, SyntaxError, EOFError, MemoryError):
        raise PhotoRejected(strings.PHOTO_BROKEN) from None
    display = (
        upright.resize(_fit(upright.size, DISPLAY_EDGE), Image.Resampling.LANCZOS)
        if max(upright.size) > DISPLAY_EDGE
        else upright
    )
    thumb = (
        display.resize(_fit(display.size, THUMB_EDGE), Image.Resampling.LANCZOS)
        if max(display.size) > THUMB_EDGE
        else display
    )
    display_bytes = _encode(display)
    thumb_bytes = _encode(thumb)
    return CleanPhoto(
        sha256=hashlib.sha256(display_bytes).hexdigest(),
        display=display_bytes,
        thumb=thumb_bytes,
        width=display.width,
        height=display.height,
        thumb_width=thumb.width,
        thumb_height=thumb.height,
    )


# ---- storage ----------------------------------------------------------------------------


def photo_path(upload_dir: Path, sha256: str, *, thumb: bool = False) -> Path:
    """Where a local folder keeps a photo (the default store; tests read files through it)."""
    return LocalStore(Path(upload_dir)).path(photo_key(sha256, thumb=thumb))


def read_photo(sha256: str, *, thumb: bool = False) -> bytes | None:
    """A stored photo's bytes from the configured store (None: not there)."""
    return current_store().get(photo_key(sha256, thumb=thumb))


def store_photo(data: bytes, *, session: Session, uploaded_by_id: int | None = None) -> Photo:
    """Clean ``data``, write both files to the store, then add (or reuse) the ``Photo`` row."""
    clean = clean_photo(data)
    existing = session.exec(select(Photo).where(Photo.sha256 == clean.sha256)).first()
    if existing is not None:
        return existing
    store = current_store()
    try:
        store.put(photo_key(clean.sha256), clean.display)
        store.put(photo_key(clean.sha256, thumb=True), clean.thumb)
    except Exception as err:  # the bucket or the disk refused: no row points at a missing file
        log.warning("photo store failed: %s", err)
        raise PhotoRejected(strings.PHOTO_STORE_DOWN) from None
    photo = Photo(
        sha256=clean.sha256,
        width=clean.width,
        height=clean.height,
        thumb_width=clean.thumb_width,
        thumb_height=clean.thumb_height,
        size_bytes=len(clean.display),
        uploaded_by_id=uploaded_by_id,
    )
    try:
        with session.begin_nested():  # a savepoint: losing the race undoes this insert only
            session.add(photo)
            session.flush()
    except IntegrityError:  # the same photo stored by a concurrent upload
        return session.exec(select(Photo).where(Photo.sha256 == clean.sha256)).one()
    return photo


async def store_photo_async(data: bytes, *, uploaded_by_id: int | None = None) -> Photo:
    """:func:`store_photo` in a worker thread with its own session (keeps the event loop free)."""
    from quanyi_app.core.db import session_scope

    def work() -> Photo:
        with _CPU_SLOTS, session_scope() as session:
            return store_photo(data, session=session, uploaded_by_id=uploaded_by_id)

    return await asyncio.to_thread(work)


# ---- signed references ----------------------------------------------------------------------
# A student without an account uploads photos before submitting, and later sees them on the
# tracking page. Both go through short signed tokens rather than bare ids or public files.


def _mac(secret: str, message: str) -> str:
    import hmac

    return hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()[:32]


def photo_ref(photo_id: int, secret: str) -> str:
    """A reference to an uploaded photo that a draft may keep and submit back."""
    return f"{photo_id}.{_mac(secret, f'ref:{photo_id}')}"


def parse_photo_refs(refs: list[str], secret: str) -> list[int]:
    """The photo ids behind refs; forged or malformed refs are dropped."""
    import hmac

    ids: list[int] = []
    for ref in refs:
        pid, _, sig = str(ref).partition(".")
        if pid.isdigit() and hmac.compare_digest(sig, _mac(secret, f"ref:{pid}")) and int(pid) not in ids:
            ids.append(int(pid))
    return ids


ANONYMOUS = 0  # the viewer id of a signed link for a student without an account (tracking page)
STAFF_LINK_TTL = 12 * 3600


def view_token(
    sha256: str, secret: str, *, viewer_id: int = ANONYMOUS, ttl_seconds: int = 3600, now: float | None = None
) -> str:
    """A token that lets one viewer see one private photo for a while: the proposer holding a
    tracking link (``ANONYMOUS``), or one logged-in user whose scope was checked when the link
    was made. A link copied to anybody else opens nothing."""
    import time

    expires = int((now or time.time()) + ttl_seconds)
    return f"{expires}.{_mac(secret, f'view:{sha256}:{viewer_id}:{expires}')}"


def check_view_token(
    sha256: str, token: str, secret: str, *, viewer_id: int = ANONYMOUS, now: float | None = None
) -> bool:
    import hmac
    import time

    expires, _, sig = (token or "").partition(".")
    if not expires.isdigit() or int(expires) < (now or time.time()):
        return False
    return hmac.compare_digest(sig, _mac(secret, f"view:{sha256}:{viewer_id}:{expires}"))


def view_url(
    sha256: str, *, viewer_id: int | None, public: bool = False, thumb: bool = False, ttl_seconds: int = STAFF_LINK_TTL
) -> str:
    """The one way a photo becomes a URL. Public photos (and ``viewer_id=None``: pages anyone
    may open) get the plain URL; everything else a link signed for ``viewer_id``."""
    from quanyi_app.core import routes
    from quanyi_app.core.settings import get_settings

    if public or viewer_id is None:
        return routes.photo_url(sha256, thumb=thumb)
    token = view_token(sha256, get_settings().secret_key, viewer_id=viewer_id, ttl_seconds=ttl_seconds)
    return routes.photo_url(sha256, thumb=thumb, token=token)


def view_urls(
    session: Session,
    photo_ids: list[int],
    *,
    viewer_id: int | None,
    thumb: bool = True,
    ttl_seconds: int = STAFF_LINK_TTL,
) -> list[str]:
    """:func:`view_url` for stored photo ids, in order (unknown ids are skipped)."""
    if not photo_ids:
        return []
    rows = {p.id: p for p in session.exec(select(Photo).where(col(Photo.id).in_(photo_ids))).all()}
    return [
        view_url(rows[i].sha256, viewer_id=viewer_id, public=rows[i].is_public, thumb=thumb, ttl_seconds=ttl_seconds)
        for i in photo_ids
        if i in rows
    ]


def may_view(photo: Photo, *, token: str, viewer_id: int | None, secret: str) -> bool:
    """Who may open a stored photo: anyone when it is published; the proposer or a user with a
    link signed for them; the user who uploaded it. Everyone else gets a 404."""
    if photo.is_public:
        return True
    if check_view_token(photo.sha256, token, secret, viewer_id=ANONYMOUS):
        return True
    if viewer_id is None:
        return False
    return photo.uploaded_by_id == viewer_id or check_view_token(photo.sha256, token, secret, viewer_id=viewer_id)


def library(*, session: Session, uploader_id: int, also: list[int], limit: int = 24) -> list[Photo]:
    """The workbench photo library: what this member of staff uploaded, and ``also`` the photos
    they uploaded this session that were already stored under someone else (same content)."""
    from sqlalchemy import or_

    return list(
        session.exec(
            select(Photo)
            .where(or_(Photo.uploaded_by_id == uploader_id, col(Photo.id).in_(also)))
            .order_by(col(Photo.id).desc())
            .limit(limit)
        ).all()
    )


def publish_photos(session: Session, photo_ids: list[int]) -> None:
    """Photos staff attach to a public event are published with it."""
    for pid in photo_ids:
        photo = session.get(Photo, pid)
        if photo is not None and not photo.is_public:
            photo.is_public = True
            session.add(photo)


# ---- drafts: anonymous uploads never attached to anything ---------------------------------------

DRAFT_LIFETIME = timedelta(hours=24)
# Features say which photos their records hold: fn(session, since) -> ids, where ``since`` is the
# upload time of the oldest candidate (a record cannot hold a photo uploaded after it was written).
_USAGES: list[Callable[[Session, datetime], set[int]]] = []


def add_usage(fn: Callable[[Session, datetime], set[int]]) -> None:
    if fn not in _USAGES:
        _USAGES.append(fn)


def ids_in_lists(rows) -> set[int]:
    """The photo ids in a column of JSON id lists (for ``add_usage`` functions)."""
    return {int(pid) for ids in rows for pid in (ids or []) if str(pid).isdigit()}


def purge_drafts(*, session: Session, now: datetime | None = None) -> list[str]:
    """Delete the rows of anonymous uploads older than 24 h that no record holds (a student
    picked a photo, then never sent the form). Returns their hashes, for :func:`remove_files`
    once the deletion is committed (a rolled-back purge must not lose files)."""
    cutoff = (now or utcnow()) - DRAFT_LIFETIME
    drafts = session.exec(
        select(Photo).where(
            col(Photo.uploaded_by_id).is_(None), Photo.created_at < cutoff, col(Photo.is_public).is_(False)
        )
    ).all()
    if not drafts:
        return []
    since = min(p.created_at for p in drafts)
    held: set[int] = set()
    for usage in _USAGES:
        held |= usage(session, since)
    gone = [p for p in drafts if p.id not in held]
    for photo in gone:
        session.delete(photo)
    session.flush()
    return [p.sha256 for p in gone]


def remove_files(hashes: list[str]) -> None:
    store = current_store()
    for sha in hashes:
        for thumb in (False, True):
            store.delete(photo_key(sha, thumb=thumb))
