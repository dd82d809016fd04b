"""A meeting's documents: the minutes as a PDF anyone may download once they are published, and
for staff to spread the word, an A4 poster (PDF) and an image for class chats, both with the QR
code of the meeting's page."""

from __future__ import annotations

import io
from functools import lru_cache

from PIL import Image, ImageDraw
from sqlmodel import Session, col, func, select

from quanyi_app.core.accounts.services import Principal
from quanyi_app.core.campustime import local_str
from quanyi_app.core.db import session_scope
from quanyi_app.core.documents import Document
from quanyi_app.core.errors import UserError
from quanyi_app.core.permissions import Perm, require
from quanyi_app.core.printing import font, qr_image, wrap
from quanyi_app.core.routes import absolute
from quanyi_app.events import routes, strings
from quanyi_app.events.models import Commitment, CommitmentUpdate, Meeting, MeetingStatus
from quanyi_app.events.services import commitments, meetings
from quanyi_app.proposals import public as proposals


def _published(session: Session, meeting_id: int | None) -> Meeting:
    meeting = meetings.public_meeting(session, meeting_id)
    if meeting.status != MeetingStatus.minutes.value:
        raise UserError(strings.MEETING_NOT_FOUND)
    return meeting


def minutes_version(*, session: Session, meeting_id: int | None) -> tuple[int, str]:
    """What the minutes PDF depends on: a new version whenever one of its commitments moves."""
    meeting = _published(session, meeting_id)
    moved = session.exec(
        select(func.max(CommitmentUpdate.published_at))
        .join(Commitment, col(Commitment.id) == CommitmentUpdate.commitment_id)
        .where(Commitment.meeting_id == meeting.id)
    ).one()
    return meeting.id, f"{meeting.minutes_published_at}|{moved}"


@lru_cache(maxsize=16)
def minutes_pdf(meeting_id: int, version: str, public_url: str) -> bytes:
    """The minutes (built once per version: a public download must not cost a build each time)."""
    with session_scope() as session:
        m = _published(session, meeting_id)
        name = meetings.meeting_name(session, m)
        doc = Document(strings.DOC_MINUTES_TITLE.format(name=name))
        doc.label(strings.DOC_DEPARTMENT)
        doc.heading(strings.DOC_MINUTES_TITLE.format(name=name))
        doc.text(strings.DOC_FACTS.format(when=meetings.meeting_when(m), place=m.place))
        if m.attending:
            doc.text(strings.DOC_ATTENDING.format(who=m.attending))
        if m.summary:
            doc.space(2)
            doc.text(m.summary)
        doc.space(2)
        doc.rule()
        categories = dict(proposals.categories(session=session))
        promised: dict[int | None, list[commitments.CommitmentRow]] = {}
        for row in commitments.public_of_meeting(session, m):
            promised.setdefault(row.question_id, []).append(row)
        agenda = [q for q in meetings.questions(session, m.id) if q.on_agenda]
        for n, q in enumerate(agenda, start=1):
            doc.subheading(strings.DOC_QUESTION.format(n=n, body=q.body))
            doc.small(strings.DOC_QUESTION_META.format(category=categories.get(q.category_id, ""), n=q.supporters))
            doc.text(strings.DOC_ANSWER.format(answer=q.answer))
            for c in promised.get(q.id, []):
                doc.text(
                    strings.DOC_COMMITMENT.format(what=c.what, office=c.office, due=c.due, status=c.status_label),
                    bold=True,
                )
        doc.space(4)
        doc.rule()
        doc.small(strings.DOC_BOARD)
        board = absolute(public_url, routes.board_url(meeting_id=m.id))
        doc.qr(board, 30)
        doc.small(board, center=True)
        doc.small(strings.DOC_PUBLISHED.format(day=local_str(m.minutes_published_at, "%Y-%m-%d")), center=True)
        return bytes(doc)


def _announced(session: Session, actor: Principal, meeting_id: int | None) -> Meeting:
    require(actor, Perm.MEETING_MANAGE)
    meeting = meetings.get_meeting(session, meeting_id)
    if not meetings.is_public(meeting):
        raise UserError(strings.MEETING_NOT_ANNOUNCED)
    return meeting


def poster_pdf(*, session: Session, actor: Principal, meeting_id: int | None, public_url: str) -> bytes:
    """An A4 poster: the meeting, where and when, who attends, and the QR code to ask before it."""
    m = _announced(session, actor, meeting_id)
    name = meetings.meeting_name(session, m)
    doc = Document(name)
    doc.space(6)
    doc.text(strings.DOC_DEPARTMENT + " · " + strings.POSTER_KICKER, 14, center=True)
    doc.space(4)
    doc.heading(name, 34, center=True)
    doc.text(meetings.meeting_when(m), 18, bold=True, center=True)
    doc.text(m.place, 18, center=True)
    if m.attending:
        doc.space(3)
        doc.text(strings.DOC_ATTENDING.format(who=m.attending), 13, center=True)
    if m.topics:
        doc.text(m.topics, 13, center=True)
    doc.space(8)
    doc.qr(absolute(public_url, routes.meeting_url(m.id)), 80)
    doc.text(strings.POSTER_ASK, 16, bold=True, center=True)
    doc.small(strings.POSTER_NO_LOGIN, center=True)
    doc.small(absolute(public_url, routes.meeting_url(m.id)), center=True)
    return bytes(doc)


SHARE_SIZE = (1080, 1440)


def share_png(*, session: Session, actor: Principal, meeting_id: int | None, public_url: str) -> bytes:
    """A portrait image for class chats and moments: the meeting and its QR code."""
    m = _announced(session, actor, meeting_id)
    name = meetings.meeting_name(session, m)
    w, h = SHARE_SIZE
    im = Image.new("RGB", SHARE_SIZE, (250, 248, 245))
    d = ImageDraw.Draw(im)
    d.rectangle((0, 0, w, 300), fill=(200, 16, 46))
    d.text((w // 2, 90), strings.DOC_DEPARTMENT, font=font(44), fill="white", anchor="ma")
    y = 160
    for line in wrap(d, name, font(72, bold=True), w - 120):
        d.text((w // 2, y), line, font=font(72, bold=True), fill="white", anchor="ma")
        y += 90
    y = max(y, 300) + 50
    for text, size, bold in ((meetings.meeting_when(m), 46, True), (m.place, 42, False)):
        for line in wrap(d, text, font(size, bold=bold), w - 120):
            d.text((w // 2, y), line, font=font(size, bold=bold), fill=(26, 26, 31), anchor="ma")
            y += int(size * 1.5)
    qr = qr_image(absolute(public_url, routes.meeting_url(m.id)), 560).convert("RGB")
    im.paste(qr, ((w - qr.width) // 2, y + 30))
    y += 30 + qr.height + 30
    d.text((w // 2, y), strings.POSTER_ASK_SHORT, font=font(48, bold=True), fill=(200, 16, 46), anchor="ma")
    d.text((w // 2, y + 80), strings.POSTER_NO_LOGIN, font=font(34), fill=(96, 96, 108), anchor="ma")
    out = io.BytesIO()
    im.save(out, "PNG", optimize=True)
    return out.getvalue()
