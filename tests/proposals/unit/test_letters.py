"""The proposal's formal PDF letter: renders with photos, refuses non-staff."""

from __future__ import annotations

import pytest
from PIL import ImageStat

from quanyi_app.core import printing
from quanyi_app.core.errors import PermissionDenied
from quanyi_app.core.photos import services as photos
from quanyi_app.proposals.services import letters, proposals
from tests.conftest import photo_fixture
from tests.support.pdf import rasterise


def test_letter_has_the_text_count_and_photos(session, campus, people, submit, upload_dir, tmp_path):
    ph = photos.store_photo(photo_fixture("gps_DSCN0021.jpg"), session=session)
    a = submit(photo_ids=[ph.id])
    b = submit(description="三楼的热水器坏了好几天,晚上洗澡没有热水。")
    p = proposals.create(
        session=session,
        actor=people["staff"],
        title="西区24栋热水供应问题",
        summary="多名同学反映三楼热水器长期故障。" * 30,
        case_ids=[a.id, b.id],
        office_id=campus["logistics"].id,
    )
    pdf = letters.proposal_letter_pdf(session=session, actor=people["staff"], proposal_id=p.id)
    pages = rasterise(pdf, tmp_path, dpi=60)
    assert len(pages) >= 1
    first = pages[0].convert("L")
    # Text is drawn (dark pixels in the header band) and the photo is in (a colourful block).
    assert ImageStat.Stat(first.crop((0, 0, first.width, first.height // 6))).mean[0] < 250
    colours = [ImageStat.Stat(pg.convert("RGB")).stddev for pg in pages]
    assert any(max(c) > 20 for c in colours)
    pages[0].save(tmp_path / "letter.png")


def test_letter_only_for_staff(session, campus, people, submit, upload_dir):
    p = proposals.create(
        session=session,
        actor=people["staff"],
        title="一个提案标题",
        summary="提案内容至少十个字以上。",
        case_ids=[submit().id],
    )
    for who in ("inspector", "office"):
        with pytest.raises(PermissionDenied):
            letters.proposal_letter_pdf(session=session, actor=people[who], proposal_id=p.id)


def test_wrap_keeps_closing_punctuation_off_line_starts():
    from PIL import Image, ImageDraw

    from quanyi_app.core.printing import font

    draw = ImageDraw.Draw(Image.new("L", (10, 10)))
    fnt = font(30)
    text = "多名同学反映三楼热水器长期故障。" * 12
    lines = printing.wrap(draw, text, fnt, 400)
    assert "".join(lines) == text and len(lines) > 3
    assert not any(line[:1] in printing.NO_LINE_START for line in lines)
