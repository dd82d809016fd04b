"""QR points: real decoding of the PNG, rotation, scan counting, bad codes."""

from __future__ import annotations

import io

import pytest
import zxingcpp
from PIL import Image

from quanyi_app.core import strings as shared
from quanyi_app.core.errors import PermissionDenied, UserError
from quanyi_app.proposals import strings
from quanyi_app.proposals.models import QrPoint
from quanyi_app.proposals.services import qr


def decode(png: bytes) -> list:
    return zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))


def test_png_decodes_to_the_exact_scan_url_at_low_density(session, campus, people):
    point = qr.create_point(
        session=session, actor=people["staff"], building_id=campus["dorm"].id, label="西区24栋 一楼提案本"
    )
    assert len(point.code) >= 8
    for base in ("http://localhost:3000", "https://quanyi.example-university.edu.cn"):
        url = qr.scan_url(base, point.code)
        results = decode(qr.qr_png(url))
        assert [r.text for r in results] == [url]
        assert results[0].format == zxingcpp.BarcodeFormat.QRCode
        assert qr.qr_matrix(url).version <= 4
        assert results[0].ec_level == "M"


def test_too_long_public_url_is_refused(session):
    with pytest.raises(UserError) as err:
        qr.qr_png("https://" + "x" * 120 + ".example.edu.cn/s/abcdefgh")
    assert err.value.message == shared.QR_URL_TOO_LONG


def test_scan_counts_and_prefills(session, campus, people):
    point = qr.create_point(session=session, actor=people["staff"], building_id=campus["dorm"].id, label="一楼提案本")
    for _ in range(3):
        result = qr.resolve_scan(session=session, code=point.code.upper())
    assert result.message == "" and result.building_id == campus["dorm"].id and result.label == "一楼提案本"
    session.expire_all()
    assert session.get(QrPoint, point.id).scan_count == 3


def test_rotation_retires_the_old_code_with_a_helpful_message(session, campus, people):
    point = qr.create_point(session=session, actor=people["staff"], building_id=campus["dorm"].id, label="一楼提案本")
    rotated = qr.rotate_code(session=session, actor=people["staff"], point_id=point.id)
    assert rotated.code != point.code
    old = qr.resolve_scan(session=session, code=point.code)
    assert old.message == strings.QR_RETIRED and old.point_id is None
    assert old.building_id == campus["dorm"].id  # the student only confirms the building
    assert qr.resolve_scan(session=session, code=rotated.code).point_id == point.id
    assert [p.code for p in qr.list_points(session=session, point_ids=[point.id])] == [rotated.code]


@pytest.mark.parametrize("code", ["", "nope", "../../etc", "abcdefgh", "ABCD-EFGH-1234-5678-9"])
def test_unknown_codes_explain(session, code):
    result = qr.resolve_scan(session=session, code=code)
    assert result.message == strings.QR_UNKNOWN and result.point_id is None


def test_retired_point(session, campus, people):
    point = qr.create_point(session=session, actor=people["staff"], building_id=campus["dorm"].id, label="一楼提案本")
    qr.set_point_active(session=session, actor=people["staff"], point_id=point.id, active=False)
    assert qr.resolve_scan(session=session, code=point.code).message == strings.QR_RETIRED


@pytest.mark.parametrize("who", ["inspector", "office"])
def test_only_staff_manage_points(session, campus, people, who):
    with pytest.raises(PermissionDenied):
        qr.create_point(session=session, actor=people[who], building_id=campus["dorm"].id, label="一楼提案本")
