"""Print sheets: a QR label for each umbrella's handle, and the return QR for a point's rack."""

from __future__ import annotations

from sqlmodel import Session, col, select

from quanyi_app.core import strings as shared
from quanyi_app.core.accounts.services import Principal
from quanyi_app.core.errors import UserError
from quanyi_app.core.printing import Label, label_pages, pdf
from quanyi_app.core.routes import absolute
from quanyi_app.lending import routes, strings
from quanyi_app.lending.models import Umbrella, UmbrellaStatus
from quanyi_app.lending.services.umbrellas import desk_point


def umbrella_labels_pdf(*, session: Session, actor: Principal, point_id: int | None, public_url: str) -> bytes:
    """Labels for the umbrellas at a point (retired ones left out), eight to an A4 sheet."""
    point = desk_point(session, actor, point_id, active=False)
    rows = session.exec(
        select(Umbrella)
        .where(Umbrella.point_id == point.id, Umbrella.status != UmbrellaStatus.retired.value)
        .order_by(col(Umbrella.number))
    ).all()
    if not rows:
        raise UserError(strings.LABELS_NONE)
    labels = [
        Label(
            url=absolute(public_url, routes.borrow_url(u.code)),
            lines=(
                (strings.LABEL_TITLE, 56, True),
                (strings.LABEL_NUMBER.format(number=u.number), 96, True),
                (strings.LABEL_HINT, 36, False),
                (point.name, 32, False),
            ),
        )
        for u in rows
    ]
    return pdf(label_pages(labels), title=strings.LABELS_PDF_TITLE, author=shared.DEPARTMENT)


def return_qr_pdf(*, session: Session, actor: Principal, point_id: int | None, public_url: str) -> bytes:
    """The sign for a point's umbrella rack: scan here to return (one large label)."""
    point = desk_point(session, actor, point_id, active=False)
    label = Label(
        url=absolute(public_url, routes.return_point_url(point.code)),
        lines=((strings.RETURN_SIGN_TITLE, 96, True), (point.name, 56, True), (strings.RETURN_SIGN_HINT, 44, False)),
    )
    return pdf(
        label_pages([label], cols=1, rows=2, qr_mm=80), title=strings.RETURN_SIGN_TITLE, author=shared.DEPARTMENT
    )
