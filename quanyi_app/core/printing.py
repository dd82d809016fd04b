"""A4 print primitives every document shares: the CJK font, QR images, and pages that wrap text.

Pages are drawn with Pillow and Debian's Noto Sans CJK, so Chinese never falls back to empty boxes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import qrcode
from PIL import Image, ImageDraw, ImageFont
from qrcode.constants import ERROR_CORRECT_M

from quanyi_app.core import strings
from quanyi_app.core.errors import UserError

MAX_QR_VERSION = 4  # 33 x 33 modules: still scans from a worn, photocopied insert
FONT_DIRS = [Path("/usr/share/fonts/opentype/noto"), Path("/usr/share/fonts/truetype/noto"), Path("/usr/share/fonts")]
SC_INDEX = 2  # Simplified Chinese face inside the Noto Sans CJK collection


@lru_cache(maxsize=4)
def font_file(bold: bool) -> Path:
    name = "NotoSansCJK-Bold.ttc" if bold else "NotoSansCJK-Regular.ttc"
    for folder in FONT_DIRS:
        hits = list(folder.rglob(name)) if folder.exists() else []
        if hits:
            return hits[0]
    raise UserError(strings.PRINT_FONT_MISSING)


def font(size_px: int, *, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_file(bold)), size_px, index=SC_INDEX)


def qr_matrix(url: str) -> qrcode.QRCode:
    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=4, box_size=10)
    qr.add_data(url)
    qr.make(fit=True)
    if qr.version > MAX_QR_VERSION:
        raise UserError(strings.QR_URL_TOO_LONG)
    return qr


def qr_image(url: str, width_px: int) -> Image.Image:
    """A black-and-white QR code about ``width_px`` wide (whole modules, so it stays sharp)."""
    qr = qr_matrix(url)
    modules = qr.modules_count + 2 * qr.border
    qr.box_size = max(1, width_px // modules)
    return qr.make_image(fill_color="black", back_color="white").get_image().convert("1")


# ---- documents people read: A4 at 200 dpi ------------------------------------------------

DPI = 200
A4 = (1654, 2339)
MARGIN = 150


NO_LINE_START = set("，。、；：？！）》」』”’,.;:?!)%")


def wrap(draw: ImageDraw.ImageDraw, text: str, fnt, width: int) -> list[str]:
    """Break Chinese (and mixed) text into lines that fit ``width`` pixels."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for ch in paragraph:
            # 避头: closing punctuation never starts a line; it may hang past the margin.
            if draw.textlength(line + ch, font=fnt) > width and line and ch not in NO_LINE_START:
                lines.append(line)
                line = ch
            else:
                line += ch
        lines.append(line)
    return lines


class Pages:
    """A4 pages at 200 dpi drawn top to bottom: text that wraps and breaks pages, photo rows."""

    def __init__(self):
        self.pages: list[Image.Image] = []
        self._new()

    def _new(self) -> None:
        self.page = Image.new("RGB", A4, "white")
        self.draw = ImageDraw.Draw(self.page)
        self.y = MARGIN
        self.pages.append(self.page)

    def need(self, height: int) -> None:
        if self.y + height > A4[1] - MARGIN:
            self._new()

    def text(self, text: str, size: int, *, bold: bool = False, center: bool = False, gap: float = 1.6) -> None:
        fnt = font(size, bold=bold)
        for line in wrap(self.draw, text, fnt, A4[0] - 2 * MARGIN):
            self.need(int(size * gap))
            if center:
                self.draw.text((A4[0] // 2, self.y), line, font=fnt, fill="black", anchor="ma")
            else:
                self.draw.text((MARGIN, self.y), line, font=fnt, fill="black")
            self.y += int(size * gap)

    def space(self, px: int) -> None:
        self.y += px

    def photos(self, images: list[Image.Image]) -> None:
        cell = (A4[0] - 2 * MARGIN - 40) // 3
        for i in range(0, len(images), 3):
            self.need(cell + 20)
            for j, im in enumerate(images[i : i + 3]):
                im = im.copy()
                im.thumbnail((cell, cell))
                self.page.paste(im, (MARGIN + j * (cell + 20), self.y))
            self.y += cell + 20


# ---- label sheets (stickers: a QR code with a few lines beside it) ------------------------------

LABEL_DPI = 300
LABEL_A4 = (2480, 3508)  # 210 × 297 mm at 300 dpi, black and white
LABEL_MM = LABEL_DPI / 25.4


@dataclass(frozen=True)
class Label:
    """One sticker: the URL its QR code opens, and lines of (text, pixel size, bold) beside it."""

    url: str
    lines: tuple[tuple[str, int, bool], ...]


def label_pages(labels: list[Label], *, cols: int = 2, rows: int = 4, qr_mm: float = 44) -> list[Image.Image]:
    """A4 sheets of ``cols × rows`` framed labels; text shrinks until it fits its cell."""
    pages = []
    w, h = LABEL_A4
    margin = int(8 * LABEL_MM)
    cell_w, cell_h = (w - 2 * margin) // cols, (h - 2 * margin) // rows
    per_page = cols * rows
    for start in range(0, len(labels), per_page):
        page = Image.new("1", LABEL_A4, 1)
        d = ImageDraw.Draw(page)
        for i, label in enumerate(labels[start : start + per_page]):
            col, row = i % cols, i // cols
            x0, y0 = margin + col * cell_w, margin + row * cell_h
            d.rectangle((x0 + 8, y0 + 8, x0 + cell_w - 8, y0 + cell_h - 8), outline=0, width=3)
            qr = qr_image(label.url, int(qr_mm * LABEL_MM))
            page.paste(qr, (x0 + 30, y0 + (cell_h - qr.height) // 2))
            tx = x0 + 30 + qr.width + 20
            text_w = x0 + cell_w - 30 - tx
            y = y0 + int(12 * LABEL_MM)
            for text, size, bold in label.lines:
                fnt = font(size, bold=bold)
                while d.textlength(text, font=fnt) > text_w and size > 16:
                    size = int(size * 0.9)
                    fnt = fnt.font_variant(size=size)
                d.text((tx, y), text, font=fnt, fill=0)
                y += int(size * 1.5)
        pages.append(page)
    return pages


def pdf(pages: list[Image.Image], *, title: str, author: str, dpi: int = LABEL_DPI) -> bytes:
    """Bitmap pages bundled as one PDF (crisp on any printer, no font embedding)."""
    import io

    buf = io.BytesIO()
    pages[0].save(buf, format="PDF", save_all=True, append_images=pages[1:], resolution=dpi, title=title, author=author)
    return buf.getvalue()
