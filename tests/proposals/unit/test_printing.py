"""The A4 print sheet: rasterised with poppler, decoded with a real QR decoder."""

from __future__ import annotations

import pytest
import zxingcpp

from quanyi_app.core.errors import UserError
from quanyi_app.core.printing import font
from quanyi_app.proposals.services import qr
from quanyi_app.proposals.services import qrsheets as printing
from tests.support.pdf import rasterise

PUBLIC = "https://quanyi.example-university.edu.cn"


@pytest.fixture
def points(session, campus, people):
    made = [
        qr.create_point(session=session, actor=people["staff"], building_id=campus["dorm"].id, label="一楼提案本"),
        qr.create_point(session=session, actor=people["staff"], building_id=campus["dorm"].id, label="三楼提案本"),
        qr.create_point(session=session, actor=people["staff"], building_id=campus["dorm2"].id, label="值班室"),
    ]
    return qr.list_points(session=session, point_ids=[p.id for p in made])


def test_inserts_one_per_page_decode_to_the_exact_urls(points, tmp_path):
    pdf = printing.qr_sheet_pdf(points, PUBLIC, layout="insert")
    pages = rasterise(pdf, tmp_path)
    assert len(pages) == 3
    for page, point in zip(pages, points, strict=False):
        assert page.size[0] < page.size[1]  # A4 portrait
        found = [r.text for r in zxingcpp.read_barcodes(page)]
        assert found == [qr.scan_url(PUBLIC, point.code)]


def test_label_sheet_holds_eight_per_page(session, campus, people, points, tmp_path):
    many = points + [
        qr.create_point(session=session, actor=people["staff"], building_id=campus["dorm"].id, label=f"{i}楼提案本")
        for i in range(4, 10)
    ]
    pdf = printing.qr_sheet_pdf(many, PUBLIC, layout="labels")
    pages = rasterise(pdf, tmp_path, dpi=200)
    assert len(pages) == 2
    decoded = {r.text for page in pages for r in zxingcpp.read_barcodes(page)}
    assert decoded == {qr.scan_url(PUBLIC, p.code) for p in many}


def test_chinese_is_drawn_with_a_real_font_not_boxes(points):
    """The CJK font must have real glyphs: '权' and '益' render differently (tofu is identical)."""
    fnt = font(80, bold=True)
    glyphs = [fnt.getmask(ch) for ch in "权益"]
    assert glyphs[0].size != (0, 0) and bytes(glyphs[0]) != bytes(glyphs[1])
    missing = fnt.getmask("\U0010fffd")  # a code point no font has: what tofu looks like
    assert bytes(glyphs[0]) != bytes(missing)


def test_empty_selection_is_refused():
    with pytest.raises(UserError):
        printing.qr_sheet_pdf([], PUBLIC)
