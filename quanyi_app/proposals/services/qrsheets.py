"""Printable A4 sheets of QR codes: one insert per page for the proposal book, or labels.

Pages are drawn with Pillow at 300 dpi in black and white, with the real CJK font
(Noto Sans CJK from Debian's fonts-noto-cjk), and bundled as a PDF whose pages are
CCITT-compressed bitmaps: crisp on any printer, no font embedding, no empty boxes.
"""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

from quanyi_app.core import strings as shared
from quanyi_app.core.errors import UserError
from quanyi_app.core.printing import Label, font, label_pages, qr_image
from quanyi_app.proposals import strings
from quanyi_app.proposals.services.qr import PointView, scan_url

DPI = 300
A4 = (2480, 3508)  # 210 × 297 mm at 300 dpi
MM = DPI / 25.4


def _centered(draw: ImageDraw.ImageDraw, cx: int, y: int, text: str, fnt, max_width: int) -> int:
    """Draw ``text`` centred at ``cx``, shrinking the font until it fits; returns next y."""
    size = fnt.size
    while draw.textlength(text, font=fnt) > max_width and size > 20:
        size = int(size * 0.9)
        fnt = fnt.font_variant(size=size)
    draw.text((cx, y), text, font=fnt, fill=0, anchor="ma")
    return y + int(size * 1.45)


def _insert_page(point: PointView, public_url: str) -> Image.Image:
    page = Image.new("1", A4, 1)
    d = ImageDraw.Draw(page)
    w, h = A4
    cx, margin = w // 2, int(18 * MM)
    inner = w - 2 * margin
    d.rectangle((margin // 2, margin // 2, w - margin // 2, h - margin // 2), outline=0, width=6)
    y = int(30 * MM)
    y = _centered(d, cx, y, strings.PRINT_HEADER, font(110, bold=True), inner)
    y = _centered(d, cx, y + 10, shared.DEPARTMENT, font(64), inner)
    y += int(10 * MM)
    y = _centered(d, cx, y, point.building_name, font(150, bold=True), inner)
    y = _centered(d, cx, y, point.label, font(90), inner)
    url = scan_url(public_url, point.code)
    qr = qr_image(url, int(110 * MM))
    page.paste(qr, (cx - qr.width // 2, y + int(6 * MM)))
    y += qr.height + int(12 * MM)
    y = _centered(d, cx, y, strings.PRINT_INSTRUCTION, font(72, bold=True), inner)
    y = _centered(d, cx, y, strings.PRINT_ANONYMOUS, font(56), inner)
    y += int(6 * MM)
    y = _centered(d, cx, y, strings.PRINT_URL_HINT, font(52), inner)
    _centered(d, cx, y, url, font(64, bold=True), inner)
    return page


def _label_pages(points: list[PointView], public_url: str) -> list[Image.Image]:
    return label_pages(
        [
            Label(
                url=scan_url(public_url, p.code),
                lines=(
                    (p.building_name, 64, True),
                    (p.label, 46, False),
                    (strings.PRINT_INSTRUCTION_SHORT, 40, True),
                    (strings.PRINT_URL_HINT, 34, False),
                    (scan_url(public_url, p.code).split("://", 1)[-1], 36, True),
                ),
            )
            for p in points
        ]
    )


def qr_sheet_pdf(points: list[PointView], public_url: str, *, layout: str = "insert") -> bytes:
    if not points:
        raise UserError(strings.PRINT_NO_POINTS)
    if layout == "labels":
        pages = _label_pages(points, public_url)
    else:
        pages = [_insert_page(p, public_url) for p in points]
    buf = io.BytesIO()
    pages[0].save(
        buf,
        format="PDF",
        save_all=True,
        append_images=pages[1:],
        resolution=DPI,
        title=strings.PRINT_TITLE,
        author=shared.DEPARTMENT,
    )
    return buf.getvalue()
