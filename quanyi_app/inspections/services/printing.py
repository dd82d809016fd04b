"""Inspection records on paper and in spreadsheets.

The PDF follows the department's paper 记录表: title, a header block (target, date, inspectors),
one table row per item (序号 / 检查内容 / 结果 / 备注) under its section, the score and verdict,
the photos of failed items, and signature lines — drawn on A4 at 200 dpi with the CJK font.
"""

from __future__ import annotations

import csv
import io
from datetime import date

from PIL import Image
from sqlmodel import Session, col, select

from quanyi_app.core import strings as shared
from quanyi_app.core.accounts.services import Principal
from quanyi_app.core.campus.models import Building
from quanyi_app.core.campustime import local_str
from quanyi_app.core.photos.services import read_photo
from quanyi_app.core.printing import A4, DPI, MARGIN, Pages, font, wrap
from quanyi_app.inspections import strings
from quanyi_app.inspections.models import ChecklistTemplate, Inspection, InspectionStatus, Rectification
from quanyi_app.inspections.services.rectifications import report, responsible_label
from quanyi_app.inspections.services.runs import names_by_id, require_planner

MAX_SHEET_PHOTOS = 12
# Column widths of the item table (px at 200 dpi), summing to the printable width.
COLS = (100, 720, 150, 384)
CELL_PAD = 14
BODY = 28
LINE = int(BODY * 1.45)


class _Sheet(Pages):
    """A page drawer with the grid rows of a record sheet."""

    def __init__(self):
        super().__init__()
        self.body = font(BODY)
        self.bold = font(BODY, bold=True)
        self.header: list[str] | None = None

    def row(self, cells: list[str], *, bold: bool = False, shade: bool = False, span: bool = False) -> None:
        fnt = self.bold if bold else self.body
        widths = [sum(COLS)] if span else list(COLS)
        wrapped = [wrap(self.draw, text, fnt, w - 2 * CELL_PAD) for text, w in zip(cells, widths, strict=False)]
        height = max(len(lines) for lines in wrapped) * LINE + 2 * CELL_PAD
        if self.header and self.y + height > A4[1] - MARGIN:  # a new page repeats the column heads
            self._new()
            self.row(self.header, bold=True, shade=True)
        self.need(height)
        x = MARGIN
        if shade:
            self.draw.rectangle((MARGIN, self.y, MARGIN + sum(COLS), self.y + height), fill=(236, 236, 240))
        for lines, w in zip(wrapped, widths, strict=False):
            self.draw.rectangle((x, self.y, x + w, self.y + height), outline="black", width=2)
            for n, line in enumerate(lines):
                self.draw.text((x + CELL_PAD, self.y + CELL_PAD + n * LINE), line, font=fnt, fill="black")
            x += w
        self.y += height

    def photo_grid(self, captioned: list[tuple[str, Image.Image]]) -> None:
        cell = (A4[0] - 2 * MARGIN - 40) // 3
        for i in range(0, len(captioned), 3):
            self.need(cell + LINE + 30)
            for j, (caption, im) in enumerate(captioned[i : i + 3]):
                x = MARGIN + j * (cell + 20)
                im.thumbnail((cell, cell))
                self.page.paste(im, (x, self.y))
                self.draw.text((x, self.y + im.height + 6), caption, font=self.body, fill="black")
            self.y += cell + LINE + 30


def _load(sha: str, edge: int) -> Image.Image | None:
    data = read_photo(sha)
    if data is None:
        return None
    im = Image.open(io.BytesIO(data))
    im.draft("RGB", (edge, edge))  # JPEG: decode at a reduced scale, much faster than full size
    return im.convert("RGB")


def record_sheet_pdf(*, session: Session, actor: Principal | None, inspection_id: int) -> bytes:
    rep = report(session=session, actor=actor, inspection_id=inspection_id)
    insp = rep.inspection
    doc = _Sheet()
    doc.text(shared.DEPARTMENT, 30, center=True)
    doc.text(rep.template.name, 48, bold=True, center=True)
    doc.space(16)
    head = font(30)
    for label, value in (
        (strings.INS_SHEET_TARGET, rep.building.name),
        (strings.INS_SHEET_DATE, insp.planned_on.isoformat()),
        (strings.INS_SHEET_INSPECTORS, insp.inspector_names),
        (strings.INS_SHEET_SUBMITTED, local_str(insp.submitted_at)),
    ):
        doc.need(48)
        doc.draw.text((MARGIN, doc.y), f"{label}:{value}", font=head, fill="black")
        doc.y += 48
    doc.space(12)
    doc.row(
        [strings.INS_SHEET_NO, strings.INS_SHEET_ITEM, strings.INS_SHEET_RESULT, strings.INS_SHEET_NOTE],
        bold=True,
        shade=True,
    )
    doc.header = [strings.INS_SHEET_NO, strings.INS_SHEET_ITEM, strings.INS_SHEET_RESULT, strings.INS_SHEET_NOTE]
    section = None
    captioned: list[tuple[str, Image.Image]] = []
    cell = (A4[0] - 2 * MARGIN - 40) // 3
    for ri in rep.items:
        if ri.item.section != section:
            section = ri.item.section
            doc.row([section], bold=True, span=True)
        mark = "★" if ri.item.critical else ""
        doc.row(
            [
                str(ri.item.position),
                mark + ri.item.text + strings.INS_SHEET_WEIGHT.format(n=ri.item.weight),
                strings.INS_RESULT_LABELS.get(ri.result, "—"),
                ri.note,
            ],
            bold=ri.result == "fail",
        )
        if ri.result == "fail":
            for p in ri.photos:
                if len(captioned) >= MAX_SHEET_PHOTOS:
                    break
                im = _load(p.sha256, cell)
                if im is not None:
                    captioned.append((strings.INS_SHEET_PHOTO_CAPTION.format(n=ri.item.position), im))
    doc.space(24)
    score = "—" if insp.score is None else f"{insp.score:g}"
    verdict = strings.INS_VERDICT_PASS if insp.passed else strings.INS_VERDICT_FAIL
    doc.text(
        strings.INS_SHEET_SCORE.format(
            score=score, mark=rep.template.pass_mark, verdict=verdict, failed=insp.failed_count
        ),
        32,
        bold=True,
    )
    if insp.critical_failed:
        doc.text(strings.INS_SHEET_CRITICAL.format(n=insp.critical_failed), 28)
    doc.text(strings.INS_SHEET_LEGEND, 24)
    doc.header = None
    if rep.rectifications:
        doc.space(12)
        doc.text(strings.INS_SHEET_RECTS, 30, bold=True)
        for r in rep.rectifications:
            doc.text(
                strings.INS_SHEET_RECT_LINE.format(
                    title=r.title, owner=responsible_label(r, rep.offices), due=r.due_on.isoformat()
                ),
                26,
            )
    if captioned:
        doc.space(16)
        doc.text(strings.INS_SHEET_PHOTOS, 30, bold=True)
        doc.photo_grid(captioned)
    doc.space(50)
    doc.need(140)
    doc.text(strings.INS_SHEET_SIGN_INSPECTORS, 30)
    doc.space(30)
    doc.text(strings.INS_SHEET_SIGN_TARGET, 30)
    buf = io.BytesIO()
    doc.pages[0].save(
        buf,
        format="PDF",
        save_all=True,
        append_images=doc.pages[1:],
        resolution=DPI,
        title=f"{rep.template.name} {rep.building.name} {insp.planned_on}",
        author=shared.DEPARTMENT,
    )
    return buf.getvalue()


# ---- export -----------------------------------------------------------------------------------

EXPORT_HEADER = strings.INS_EXPORT_HEADER


def export_rows(*, session: Session, actor: Principal | None, start: date, end: date) -> list[list]:
    """One row per inspection submitted for a day in [start, end] (staff)."""
    require_planner(actor)
    rows = session.exec(
        select(Inspection)
        .where(
            Inspection.status == InspectionStatus.submitted.value,
            Inspection.planned_on >= start,
            Inspection.planned_on <= end,
        )
        .order_by(Inspection.planned_on, Inspection.id)
    ).all()
    templates = names_by_id(session, ChecklistTemplate)
    buildings = names_by_id(session, Building)
    rects: dict[int, list[Rectification]] = {}
    if rows:
        for r in session.exec(
            select(Rectification).where(col(Rectification.inspection_id).in_([i.id for i in rows]))
        ).all():
            rects.setdefault(r.inspection_id, []).append(r)
    out = [EXPORT_HEADER]
    for i in rows:
        mine = rects.get(i.id, [])
        out.append(
            [
                i.id,
                templates.get(i.template_id, ""),
                buildings.get(i.building_id, ""),
                i.planned_on.isoformat(),
                local_str(i.submitted_at),
                i.inspector_names,
                i.score if i.score is not None else "",
                strings.INS_VERDICT_PASS if i.passed else strings.INS_VERDICT_FAIL,
                i.failed_count,
                i.critical_failed,
                ";".join(r.title for r in mine),
                sum(1 for r in mine if r.status == "open"),
            ]
        )
    return out


def _safe(value):
    """Spreadsheet formula injection: text starting with = + - @ is prefixed with an apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def rows_csv(rows: list[list]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf)
    for row in rows:
        writer.writerow([_safe(v) for v in row])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")  # BOM: Excel opens UTF-8 Chinese correctly


def rows_xlsx(rows: list[list]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = strings.INS_EXPORT_SHEET
    for row in rows:
        ws.append([_safe(v) for v in row])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDEFGHIJKL", (8, 22, 18, 12, 17, 20, 8, 8, 10, 12, 50, 12), strict=False):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
