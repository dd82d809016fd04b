"""The weekly lost-and-found list (失物招领 第N期): numbered, as an A4 PDF to print and post,
and as one long PNG to share in class chats. Only public fields appear (masked numbers,
no hidden details, no photos of ID documents or campus cards)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime, timedelta

from PIL import Image, ImageDraw
from sqlmodel import Session, col, func, select

from quanyi_app.core import audit
from quanyi_app.core import strings as shared
from quanyi_app.core.accounts.services import Principal
from quanyi_app.core.campustime import local_str
from quanyi_app.core.errors import UserError
from quanyi_app.core.modelbase import utcnow
from quanyi_app.core.permissions import Perm, require
from quanyi_app.core.photos.services import read_photo
from quanyi_app.core.printing import DPI, Pages, font, qr_image
from quanyi_app.lostfound import strings
from quanyi_app.lostfound.models import FoundItem, FoundStatus, PickupPoint, Publication
from quanyi_app.lostfound.services.found import PublicCard, public_cards

MAX_ITEMS = 200
MAX_DAYS = 62
IMAGE_WIDTH = 1080


@dataclass
class PublicationView:
    number: int
    start: datetime
    end: datetime  # exclusive
    created_at: datetime
    items: list[PublicCard]
    points: list[PickupPoint]

    @property
    def period(self) -> str:
        return strings.PUB_PERIOD.format(
            start=local_str(self.start, "%Y-%m-%d"), end=local_str(self.end - timedelta(seconds=1), "%Y-%m-%d")
        )


def create_publication(
    *, session: Session, actor: Principal, start: datetime | None, end: datetime | None
) -> Publication:
    """Number and freeze the list of items found in [start, end) that are still waiting."""
    require(actor, Perm.FOUND_DESK)
    if start is None or end is None or end <= start:
        raise UserError(strings.PUB_PERIOD_INVALID)
    if end - start > timedelta(days=MAX_DAYS):
        raise UserError(strings.PUB_PERIOD_LONG.format(n=MAX_DAYS))
    ids = list(
        session.exec(
            select(FoundItem.id)
            .where(FoundItem.status == FoundStatus.held.value, FoundItem.found_at >= start, FoundItem.found_at < end)
            .order_by(col(FoundItem.found_at))
            .limit(MAX_ITEMS)
        ).all()
    )
    if not ids:
        raise UserError(strings.PUB_EMPTY)
    number = (session.exec(select(func.max(Publication.number))).one() or 0) + 1
    pub = Publication(number=number, period_start=start, period_end=end, item_ids=ids, created_by_id=actor.user_id)
    session.add(pub)
    session.flush()
    audit.record(
        session=session,
        action="found.publish",
        actor_id=actor.user_id,
        target_type="found_publication",
        target_id=pub.number,
        items=len(ids),
    )
    return pub


def list_publications(*, session: Session) -> list[Publication]:
    return list(session.exec(select(Publication).order_by(col(Publication.number).desc()).limit(100)).all())


def publication_view(*, session: Session, number: int | None) -> PublicationView:
    pub = session.exec(select(Publication).where(Publication.number == number)).first() if number else None
    if pub is None:
        raise UserError(strings.PUB_NOT_FOUND)
    rows = {i.id: i for i in session.exec(select(FoundItem).where(col(FoundItem.id).in_(pub.item_ids))).all()}
    items = [rows[i] for i in pub.item_ids if i in rows and rows[i].status != FoundStatus.disposed.value]
    point_ids = {i.pickup_point_id for i in items}
    points = [p for p in session.exec(select(PickupPoint).order_by(col(PickupPoint.id))).all() if p.id in point_ids]
    return PublicationView(
        number=pub.number,
        start=pub.period_start,
        end=pub.period_end,
        created_at=pub.created_at,
        items=public_cards(session, items),
        points=points,
    )


def _row_text(i: int, card: PublicCard) -> tuple[str, str]:
    title = f"{i}. 【{card.category}】{card.title}" + (f"  {card.card_masked}" if card.card_masked else "")
    detail = strings.PUB_ROW.format(
        when=local_str(card.found_at, "%m-%d"), place=card.place_found, point=card.point_name
    )
    return title, detail


def publication_pdf(*, session: Session, number: int | None, public_url: str) -> bytes:
    view = publication_view(session=session, number=number)
    doc = Pages()
    doc.text(strings.PUB_TITLE.format(n=view.number), 60, bold=True, center=True)
    doc.text(view.period, 34, center=True)
    doc.space(30)
    for i, card in enumerate(view.items, 1):
        title, detail = _row_text(i, card)
        doc.need(110)
        doc.text(title, 34, bold=True, gap=1.4)
        doc.text(detail, 28, gap=1.5)
        doc.space(8)
    doc.space(30)
    doc.text(strings.PUB_POINTS, 34, bold=True)
    for p in view.points:
        doc.text(f"{p.name}:{p.place},{p.opening_hours}", 28)
    doc.space(20)
    doc.need(420)
    qr = qr_image(f"{public_url.rstrip('/')}/found", 360).convert("RGB")
    doc.page.paste(qr, (doc.page.width - qr.width - 150, doc.y))
    doc.text(strings.PUB_HOW, 30, bold=True)
    doc.text(strings.PUB_HOW_DETAIL, 28)
    buf = io.BytesIO()
    doc.pages[0].save(
        buf,
        format="PDF",
        save_all=True,
        append_images=doc.pages[1:],
        resolution=DPI,
        title=strings.PUB_TITLE.format(n=view.number),
        author=shared.DEPARTMENT,
    )
    return buf.getvalue()


def _thumb(sha: str, size: int) -> Image.Image | None:
    data = read_photo(sha, thumb=True) if sha else None
    if data is None:
        return None
    im = Image.open(io.BytesIO(data)).convert("RGB")
    im.thumbnail((size, size))
    return im


def publication_png(*, session: Session, number: int | None, public_url: str) -> bytes:
    """One long image for class chats: header, one row per item with its thumbnail, the
    pickup points and a QR code to the /found page."""
    view = publication_view(session=session, number=number)
    pad, thumb, row_h = 48, 150, 190
    height = 300 + row_h * len(view.items) + 60 * len(view.points) + 560
    img = Image.new("RGB", (IMAGE_WIDTH, height), "white")
    d = ImageDraw.Draw(img)
    d.rectangle((0, 0, IMAGE_WIDTH, 230), fill="#0f766e")
    d.text(
        (IMAGE_WIDTH // 2, 50),
        strings.PUB_TITLE.format(n=view.number),
        font=font(64, bold=True),
        fill="white",
        anchor="ma",
    )
    d.text((IMAGE_WIDTH // 2, 150), view.period, font=font(36), fill="white", anchor="ma")
    y = 270
    title_font, detail_font = font(38, bold=True), font(30)
    for i, card in enumerate(view.items, 1):
        im = _thumb(card.thumb_sha, thumb)
        if im is not None:
            img.paste(im, (pad + (thumb - im.width) // 2, y + (thumb - im.height) // 2))
        else:
            d.rounded_rectangle((pad, y, pad + thumb, y + thumb), radius=16, fill="#e7f3f1")
            d.text(
                (pad + thumb // 2, y + thumb // 2),
                card.category[:2],
                font=font(40, bold=True),
                fill="#0f766e",
                anchor="mm",
            )
        x = pad + thumb + 30
        title, detail = _row_text(i, card)
        d.text((x, y + 18), _fit(d, title, title_font, IMAGE_WIDTH - x - pad), font=title_font, fill="black")
        d.text((x, y + 85), _fit(d, detail, detail_font, IMAGE_WIDTH - x - pad), font=detail_font, fill="#444444")
        y += row_h
    y += 20
    d.text((pad, y), strings.PUB_POINTS, font=font(36, bold=True), fill="black")
    y += 64
    for p in view.points:
        d.text(
            (pad, y),
            _fit(d, f"{p.name}:{p.opening_hours}", detail_font, IMAGE_WIDTH - 2 * pad),
            font=detail_font,
            fill="#333333",
        )
        y += 60
    y += 30
    qr = qr_image(f"{public_url.rstrip('/')}/found", 300).convert("RGB")
    img.paste(qr, ((IMAGE_WIDTH - qr.width) // 2, y))
    y += qr.height + 16
    d.text((IMAGE_WIDTH // 2, y), strings.PUB_SCAN, font=font(32), fill="black", anchor="ma")
    img = img.crop((0, 0, IMAGE_WIDTH, min(height, y + 80)))
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def _fit(d: ImageDraw.ImageDraw, text: str, fnt, width: int) -> str:
    if d.textlength(text, font=fnt) <= width:
        return text
    while text and d.textlength(text + "…", font=fnt) > width:
        text = text[:-1]
    return text + "…"


def default_period(now: datetime | None = None) -> tuple[str, str]:
    """The last seven days (campus dates), as form defaults."""
    now = now or utcnow()
    return local_str(now - timedelta(days=7), "%Y-%m-%d"), local_str(now, "%Y-%m-%d")
