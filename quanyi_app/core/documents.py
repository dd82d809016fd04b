"""PDFs people read (minutes, reports): A4, Noto Sans CJK SC embedded as a subset, so the text is
real text — selectable, searchable, read aloud — and prints the same everywhere. Built with fpdf2.

Print sheets made of pictures (QR labels, stickers) stay in ``core.printing``.
"""

from __future__ import annotations

import io

from fpdf import FPDF
from PIL import Image

from quanyi_app.core import strings
from quanyi_app.core.printing import SC_INDEX, font_file, qr_image

FAMILY = "noto"
BODY_PT = 11
INK = (26, 26, 31)
MUTED = (96, 96, 108)
ACCENT = (200, 16, 46)


class Document:
    """A document written top to bottom: headings, paragraphs that wrap, small print, images,
    QR codes. ``bytes()`` is the finished PDF."""

    def __init__(self, title: str, *, author: str = strings.DEPARTMENT, page: str | tuple[float, float] = "A4"):
        """``page``: "A4", or (width, height) in mm for a slip; small pages get small margins."""
        pdf = FPDF(format=page, unit="mm")
        margin = 20 if page == "A4" else 6
        pdf.set_margins(margin, margin, margin)
        pdf.set_auto_page_break(True, margin=margin)
        pdf.add_font(FAMILY, "", str(font_file(False)), collection_font_number=SC_INDEX)
        pdf.add_font(FAMILY, "B", str(font_file(True)), collection_font_number=SC_INDEX)
        pdf.set_title(title)
        pdf.set_author(author)
        pdf.set_creator(strings.APP_NAME)
        pdf.set_lang("zh-CN")
        pdf.add_page()
        self.pdf = pdf

    def _write(self, text: str, size: float, *, bold: bool = False, color=INK, align: str = "L", gap: float = 1.5):
        pdf = self.pdf
        pdf.set_font(FAMILY, "B" if bold else "", size)
        pdf.set_text_color(*color)
        pdf.multi_cell(0, size * 0.353 * gap, text, align=align, new_x="LMARGIN", new_y="NEXT")

    def heading(self, text: str, size: float = 20, *, center: bool = False) -> None:
        self._write(text, size, bold=True, align="C" if center else "L", gap=1.4)
        self.space(2)

    def subheading(self, text: str, size: float = 13) -> None:
        self.space(2)
        self._write(text, size, bold=True)
        self.space(1)

    def text(self, text: str, size: float = BODY_PT, *, bold: bool = False, center: bool = False) -> None:
        self._write(text, size, bold=bold, align="C" if center else "L")

    def small(self, text: str, *, center: bool = False) -> None:
        self._write(text, 9, color=MUTED, align="C" if center else "L")

    def label(self, text: str) -> None:
        """A short red line above what it names (a section's kicker)."""
        self._write(text, 10, bold=True, color=ACCENT)

    def space(self, mm: float) -> None:
        self.pdf.ln(mm)

    def rule(self) -> None:
        pdf = self.pdf
        pdf.set_draw_color(220, 220, 226)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
        pdf.ln(3)

    def bars(self, rows: list[tuple[str, int, float]], *, label_mm: float = 45, size: float = 9) -> None:
        """A horizontal bar chart drawn as vectors: (label, count, share 0–1) per row."""
        pdf = self.pdf
        pdf.set_font(FAMILY, "", size)
        track = pdf.w - pdf.l_margin - pdf.r_margin - label_mm - 14
        for label, count, share in rows:
            if pdf.get_y() + 6 > pdf.h - pdf.b_margin:
                pdf.add_page()
            y = pdf.get_y()
            pdf.set_text_color(*INK)
            pdf.set_xy(pdf.l_margin, y)
            pdf.cell(label_mm, 5.5, label[:18])
            pdf.set_fill_color(240, 240, 243)
            pdf.rect(pdf.l_margin + label_mm, y + 1, track, 3.5, style="F")
            if share > 0:
                pdf.set_fill_color(*ACCENT)
                pdf.rect(pdf.l_margin + label_mm, y + 1, max(0.6, track * share), 3.5, style="F")
            pdf.set_xy(pdf.l_margin + label_mm + track + 1, y)
            pdf.cell(13, 5.5, str(count), align="R")
            pdf.set_xy(pdf.l_margin, y + 6)
        pdf.ln(1)

    def image(self, im: Image.Image, width_mm: float, *, center: bool = True) -> None:
        height = width_mm * im.height / im.width
        if self.pdf.get_y() + height > self.pdf.h - self.pdf.b_margin:
            self.pdf.add_page()
        x = (self.pdf.w - width_mm) / 2 if center else self.pdf.l_margin
        self.pdf.image(im, x=x, y=self.pdf.get_y(), w=width_mm)
        self.pdf.ln(height + 2)

    def qr(self, url: str, width_mm: float) -> None:
        self.image(qr_image(url, 600).convert("L"), width_mm)

    def __bytes__(self) -> bytes:
        out = io.BytesIO()
        self.pdf.output(out)
        return out.getvalue()
