"""The photo pipeline on real camera photos: clean, upright, deduplicated, atomic, safe."""

from __future__ import annotations

import io
import os
import struct
import zlib

import pytest
from PIL import Image, ImageChops, ImageStat
from sqlmodel import select

from quanyi_app.core import strings
from quanyi_app.core.errors import PhotoRejected
from quanyi_app.core.photos import services as photos
from quanyi_app.core.photos.models import Photo
from tests.conftest import photo_fixture

GPS_PHOTOS = [
    "gps_DSCN0010.jpg",
    "gps_DSCN0021.jpg",
    "gps_DSCN0042.jpg",
    "Canon_40D.jpg",
    "tests_45-gps_ifd.jpg",
    "mobile_HMD_Nokia_8.3_5G.jpg",
]


def jpeg_markers(data: bytes) -> list[int]:
    """The segment markers of a JPEG up to the start of scan (an independent parser)."""
    assert data[:2] == b"\xff\xd8", "not a JPEG"
    i, markers = 2, []
    while i < len(data):
        assert data[i] == 0xFF
        marker = data[i + 1]
        markers.append(marker)
        if marker == 0xDA:  # start of scan: metadata segments all come before it
            break
        (length,) = struct.unpack(">H", data[i + 2 : i + 4])
        i += 2 + length
    return markers


def assert_no_metadata(data: bytes) -> None:
    markers = jpeg_markers(data)
    forbidden = {0xE1: "APP1 (EXIF/XMP)", 0xE2: "APP2 (ICC)", 0xED: "APP13 (IPTC)", 0xFE: "COM (comment)"}
    for m in markers:
        assert m not in forbidden, f"{forbidden[m]} survived"
        assert not (0xE3 <= m <= 0xEF), f"APP{m - 0xE0} survived"
    im = Image.open(io.BytesIO(data))
    assert len(im.getexif()) == 0
    assert "icc_profile" not in im.info and "exif" not in im.info and "comment" not in im.info
    assert b"GPS" not in data and b"Exif" not in data and b"http://ns.adobe.com/xap" not in data


@pytest.mark.parametrize("name", GPS_PHOTOS)
def test_stored_bytes_carry_no_gps_or_other_metadata(name, session, upload_dir):
    original = photo_fixture(name)
    if name != "tests_45-gps_ifd.jpg":  # the fixture really has a GPS position to lose
        assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)
    photo = photos.store_photo(original, session=session)
    for thumb in (False, True):
        stored = photos.photo_path(upload_dir, photo.sha256, thumb=thumb).read_bytes()
        assert_no_metadata(stored)


T = Image.Transpose
# Every way a camera can store a picture (EXIF orientations 1-8), by hand from the EXIF spec.
ALL_TRANSFORMS = {
    1: [],
    2: [T.FLIP_LEFT_RIGHT],
    3: [T.ROTATE_180],
    4: [T.FLIP_TOP_BOTTOM],
    5: [T.TRANSPOSE],
    6: [T.ROTATE_270],
    7: [T.TRANSVERSE],
    8: [T.ROTATE_90],
}


def _mean_diff(a: Image.Image, b: Image.Image) -> float:
    return ImageStat.Stat(ImageChops.difference(a, b)).mean[0]


@pytest.mark.parametrize(
    "name,orientation,upright_portrait",
    [
        ("orientation_landscape_3.jpg", 3, False),
        ("orientation_landscape_6.jpg", 6, False),
        ("orientation_landscape_8.jpg", 8, False),
        ("orientation_portrait_5.jpg", 5, True),
        ("orientation_portrait_6.jpg", 6, True),
    ],
)
def test_stored_picture_is_upright(name, orientation, upright_portrait, session, upload_dir):
    original = photo_fixture(name)
    raw = Image.open(io.BytesIO(original))
    assert raw.getexif().get(274) == orientation
    grey = raw.convert("L")

    photo = photos.store_photo(original, session=session)
    stored_file = Image.open(photos.photo_path(upload_dir, photo.sha256))
    assert stored_file.getexif().get(274) is None  # upright pixels, no tag left to apply
    stored = stored_file.convert("L")
    assert (stored.height > stored.width) is upright_portrait

    # Compare the stored pixels with every possible orientation of the raw pixels: the one the
    # EXIF tag prescribes must match, clearly better than any other (colours shift a little
    # through the sRGB conversion and re-encoding, so this is a ranking, not an equality).
    diffs = {}
    for tag, ops in ALL_TRANSFORMS.items():
        candidate = grey
        for op in ops:
            candidate = candidate.transpose(op)
        if candidate.size == stored.size:
            diffs[tag] = _mean_diff(stored, candidate)
    best = min(diffs, key=diffs.get)
    assert best == orientation, diffs
    runner_up = min(v for k, v in diffs.items() if k != orientation)
    assert diffs[orientation] < runner_up / 2, diffs


def test_large_phone_photo_is_downscaled_with_thumbnail(session, upload_dir):
    photo = photos.store_photo(photo_fixture("mobile_HMD_Nokia_8.3_5G.jpg"), session=session)
    assert (photo.width, photo.height) == (1600, 686)
    assert max(photo.thumb_width, photo.thumb_height) == 400
    display = Image.open(photos.photo_path(upload_dir, photo.sha256))
    thumb = Image.open(photos.photo_path(upload_dir, photo.sha256, thumb=True))
    assert display.size == (1600, 686) and thumb.size == (photo.thumb_width, photo.thumb_height)
    assert display.format == thumb.format == "JPEG"


def test_iphone_heic_is_accepted_upright_and_clean(session, upload_dir):
    photo = photos.store_photo(photo_fixture("mobile_iphone_13_pro_max.HEIC"), session=session)
    assert photo.height > photo.width  # a portrait iPhone shot stays portrait
    assert max(photo.width, photo.height) == 1600
    assert_no_metadata(photos.photo_path(upload_dir, photo.sha256).read_bytes())


@pytest.mark.parametrize(
    "name", ["corrupted.jpg", "invalid_image01088.jpg", "invalid_image02206.jpg", "mobile_jolla.jpg"]
)
def test_damaged_exif_does_not_cost_the_photo(name, session, upload_dir):
    photo = photos.store_photo(photo_fixture(name), session=session)
    assert photo.id is not None
    assert_no_metadata(photos.photo_path(upload_dir, photo.sha256).read_bytes())


def test_same_photo_twice_is_stored_once(session, upload_dir):
    data = photo_fixture("gps_DSCN0010.jpg")
    first = photos.store_photo(data, session=session)
    second = photos.store_photo(data, session=session)
    assert first.id == second.id
    assert len(session.exec(select(Photo)).all()) == 1
    files = sorted(p.name for p in (upload_dir / "photos").rglob("*") if p.is_file())
    assert files == [f"{first.sha256}.jpg", f"{first.sha256}_t.jpg"]


def test_png_with_transparency_and_webp_are_accepted(session, upload_dir):
    rgba = Image.new("RGBA", (300, 200), (255, 0, 0, 0))
    buf = io.BytesIO()
    rgba.save(buf, format="PNG")
    png = photos.store_photo(buf.getvalue(), session=session)
    px = Image.open(photos.photo_path(upload_dir, png.sha256)).convert("RGB").getpixel((10, 10))
    assert min(px) > 240  # transparent became white, not black
    buf = io.BytesIO()
    Image.new("RGB", (320, 240), (0, 128, 0)).save(buf, format="WEBP")
    webp = photos.store_photo(buf.getvalue(), session=session)
    assert (webp.width, webp.height) == (320, 240)


def _png_header_only(width: int, height: int) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")
    )


def _truncated_jpeg() -> bytes:
    data = photo_fixture("gps_DSCN0010.jpg")
    return data[: len(data) // 2]


@pytest.mark.parametrize(
    "data,message",
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>', strings.PHOTO_NOT_IMAGE),
        (b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", strings.PHOTO_NOT_IMAGE),
        ("这不是照片".encode() * 20, strings.PHOTO_NOT_IMAGE),
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", strings.PHOTO_NOT_IMAGE),
        (b"", strings.PHOTO_EMPTY),
        (_png_header_only(20000, 20000), strings.PHOTO_TOO_MANY_PIXELS.format(mp=50)),
        (_png_header_only(8000, 6400), strings.PHOTO_TOO_MANY_PIXELS.format(mp=50)),
    ],
    ids=["svg", "pdf", "text", "gif", "empty", "bomb-400MP", "51MP"],
)
def test_non_photos_and_bombs_are_refused_in_chinese(data, message, session, upload_dir):
    with pytest.raises(PhotoRejected) as err:
        photos.store_photo(data, session=session)
    assert err.value.message == message
    assert session.exec(select(Photo)).first() is None
    assert not (upload_dir / "photos").exists() or not any((upload_dir / "photos").rglob("*.jpg"))


def test_truncated_photo_is_refused(session, upload_dir):
    with pytest.raises(PhotoRejected) as err:
        photos.store_photo(_truncated_jpeg(), session=session)
    assert err.value.message == strings.PHOTO_BROKEN


def test_oversized_file_is_refused_before_decoding(monkeypatch):
    def boom(_data):  # decoding must never be reached
        raise AssertionError("decoded an oversized file")

    monkeypatch.setattr(photos, "_open", boom)
    with pytest.raises(PhotoRejected) as err:
        photos.clean_photo(b"\xff\xd8" + b"\x00" * (photos.MAX_BYTES + 1))
    assert err.value.message == strings.PHOTO_TOO_LARGE.format(mb=15)


def test_a_crash_while_writing_leaves_no_partial_file(session, upload_dir, monkeypatch):
    real_replace = os.replace

    def crash(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(PhotoRejected):
        photos.store_photo(photo_fixture("gps_DSCN0021.jpg"), session=session)
    monkeypatch.setattr(os, "replace", real_replace)
    leftovers = [p for p in upload_dir.rglob("*") if p.is_file()]
    assert leftovers == []  # no temp file, no half-written photo
    assert session.exec(select(Photo)).first() is None  # and no row pointing at nothing


def test_photo_path_refuses_anything_but_a_digest(upload_dir):
    with pytest.raises(ValueError):
        photos.photo_path(upload_dir, "../../etc/passwd")


async def test_async_store_runs_off_the_event_loop(migrated, upload_dir, monkeypatch):
    import threading

    seen = {}
    real = photos.clean_photo

    def spy(data):
        seen["thread"] = threading.current_thread()
        return real(data)

    monkeypatch.setattr(photos, "clean_photo", spy)
    photo = await photos.store_photo_async(photo_fixture("gps_DSCN0042.jpg"))
    assert photo.id is not None
    assert seen["thread"] is not threading.main_thread()


def test_drafts_nobody_sent_are_purged_after_24_hours(session, submit, people, upload_dir):
    """A student picks a photo and never sends the form: after 24 h its row and files go.
    Photos a case holds, fresh drafts and staff uploads stay."""
    from datetime import timedelta

    from quanyi_app.core.modelbase import utcnow
    from tests.conftest import wired_api

    wired_api()  # the features register which photos their records hold

    def stored(name: str, *, hours_ago: float, staff: int | None = None):
        photo = photos.store_photo(photo_fixture(name), session=session, uploaded_by_id=staff)
        photo.created_at = utcnow() - timedelta(hours=hours_ago)
        session.add(photo)
        session.flush()
        return photo

    abandoned = stored("gps_DSCN0010.jpg", hours_ago=25)
    sent = stored("gps_DSCN0021.jpg", hours_ago=30)
    fresh = stored("gps_DSCN0042.jpg", hours_ago=2)
    staff_upload = stored("Canon_40D.jpg", hours_ago=100, staff=people["staff"].user_id)
    submit(photo_ids=[sent.id])
    session.commit()
    gone = photos.purge_drafts(session=session)
    session.commit()
    photos.remove_files(gone)
    assert gone == [abandoned.sha256]
    assert session.get(photos.Photo, abandoned.id) is None
    assert not photos.photo_path(upload_dir, abandoned.sha256).exists()
    assert not photos.photo_path(upload_dir, abandoned.sha256, thumb=True).exists()
    for kept in (sent, fresh, staff_upload):
        assert session.get(photos.Photo, kept.id) is not None and photos.photo_path(upload_dir, kept.sha256).exists()
