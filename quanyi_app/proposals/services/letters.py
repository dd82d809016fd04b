"""The formal PDF letter for a proposal (提案函) to a university office.

A4 pages drawn with the CJK font: the department's header, the office addressed, the
proposal's title and text, how many students raised it, up to six of their photos (already
cleaned of metadata), and the date. Proposers are never named.
"""

from __future__ import annotations

import io
from datetime import datetime

from PIL import Image
from sqlmodel import Session, col, select

from quanyi_app.core import strings as shared
from quanyi_app.core.accounts.services import Principal
from quanyi_app.core.campus.models import Office
from quanyi_app.core.campustime import CAMPUS_TZ
from quanyi_app.core.photos.models import Photo
from quanyi_app.core.photos.services import read_photo
from quanyi_app.core.printing import DPI, Pages
from quanyi_app.proposals import strings
from quanyi_app.proposals.models import CaseEvent
from quanyi_app.proposals.services.proposals import get_proposal, linked_cases

MAX_PHOTOS = 6


def proposal_letter_pdf(*, session: Session, actor: Principal, proposal_id: int) -> bytes:
    p = get_proposal(session=session, actor=actor, proposal_id=proposal_id)  # scope: every case's college
    office = session.get(Office, p.office_id) if p.office_id else None
    cases = linked_cases(session=session, actor=actor, proposal_id=p.id)
    case_ids = [c.id for c in cases]
    events = (
        session.exec(select(CaseEvent).where(col(CaseEvent.case_id).in_(case_ids), CaseEvent.kind == "submitted")).all()
        if case_ids
        else []
    )
    photo_ids = [pid for e in events for pid in (e.photo_ids or [])][:MAX_PHOTOS]
    images = []
    for pid in photo_ids:
        photo = session.get(Photo, pid)
        data = read_photo(photo.sha256) if photo else None
        if data is not None:
            images.append(Image.open(io.BytesIO(data)).convert("RGB"))

    doc = Pages()
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
    doc.text(shared.DEPARTMENT, 34, bold=True)
    today = datetime.now(CAMPUS_TZ)
    doc.text(strings.LETTER_DATE.format(y=today.year, m=today.month, d=today.day), 34)
    buf = io.BytesIO()
    doc.pages[0].save(
        buf,
        format="PDF",
        save_all=True,
        append_images=doc.pages[1:],
        resolution=DPI,
        title=p.title,
        author=shared.DEPARTMENT,
    )
    return buf.getvalue()
