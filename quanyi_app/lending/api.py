"""Lending's routes under /api: the print sheets (desk staff of the point)."""

from __future__ import annotations

from starlette.routing import Route

from quanyi_app.core.accounts.session import as_int
from quanyi_app.core.api import File, staff_file
from quanyi_app.core.settings import get_settings
from quanyi_app.lending import routes
from quanyi_app.lending.services import labels


def _sheet(render):
    return staff_file(
        lambda session, who, request: File(
            render(
                session=session,
                actor=who,
                point_id=as_int(request.query_params.get("point")),
                public_url=get_settings().public_url,
            )
        )
    )


ROUTES = [
    Route(routes.API_LABELS, _sheet(labels.umbrella_labels_pdf), methods=["GET"]),
    Route(routes.API_RETURN_SIGN, _sheet(labels.return_qr_pdf), methods=["GET"]),
]
