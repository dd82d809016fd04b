"""The formal PDF letter for a proposal (提案函) to a university office.

A4 pages drawn with the CJK font: the department's header, the office addressed, the
proposal's title and text, how many students raised it, up to six of their photos (already
cleaned of metadata), and the date. Proposers are never named.
"""

from __future__ import annotations

import io
from datetime import datetime

from PIL import Image, ImageDraw
from sqlmodel import Session, col, select

from quanyi_app import strings
from quanyi_app.models import Case, CaseEvent, Office, Photo, Proposal
from quanyi_app.services.accounts import Principal
from quanyi_app.services.campustime import CAMPUS_TZ
from quanyi_app.services.casework import require_staff
from quanyi_app.services.errors import UserError
from quanyi_app.services.photos import photo_path
from quanyi_app.services.printing import font

DPI = 200
A4 = (1654, 2339)
MARGIN = 150
MAX_PHOTOS = 6


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


class _Pages:
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


def proposal_letter_pdf(*, session: Session, actor: Principal, proposal_id: int, upload_dir) -> bytes:
    require_staff(actor)
    p = session.get(Proposal, proposal_id)
    if p is None:
        raise UserError(strings.PROPOSAL_NOT_FOUND)
    office = session.get(Office, p.office_id) if p.office_id else None
    cases = session.exec(select(Case).where(Case.proposal_id == p.id)).all()
    case_ids = [c.id for c in cases]
    events = session.exec(select(CaseEvent).where(col(CaseEvent.case_id).in_(case_ids), CaseEvent.kind == "submitted")).all() if case_ids else []
    photo_ids = [pid for e in events for pid in (e.photo_ids or [])][:MAX_PHOTOS]
    images = []
    for pid in photo_ids:
        photo = session.get(Photo, pid)
        path = photo_path(upload_dir, photo.sha256) if photo else None
        if path is not None and path.exists():
            images.append(Image.open(path).convert("RGB"))

    doc = _Pages()
    doc.text(strings.LETTER_HEADER, 44, bold=True, center=True)
    doc.space(20)
    doc.text(p.title, 56, bold=True, center=True)
    doc.space(40)
    doc.text(strings.LETTER_TO.format(office=office.name if office else strings.LETTER_TO_UNSET), 36, bold=True)
    doc.space(10)
    doc.text(p.summary, 34)
    doc.space(20)
    doc.text(strings.LETTER_COUNT.format(n=len(cases)), 34, bold=True)
    if images:
        doc.space(20)
        doc.text(strings.LETTER_PHOTOS, 30, bold=True)
        doc.photos(images)
    doc.space(60)
    doc.text(strings.DEPARTMENT, 34, bold=True)
    today = datetime.now(CAMPUS_TZ)
    doc.text(strings.LETTER_DATE.format(y=today.year, m=today.month, d=today.day), 34)
    buf = io.BytesIO()
    doc.pages[0].save(buf, format="PDF", save_all=True, append_images=doc.pages[1:], resolution=DPI,
                      title=p.title, author=strings.DEPARTMENT)
    return buf.getvalue()
