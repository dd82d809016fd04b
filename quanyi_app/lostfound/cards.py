"""A found item as a card in a list: the plain list /found (lostfound/web.py) and the app's lost
report matches and publications (state/found.py) show the same card."""

from __future__ import annotations

import dataclasses

from quanyi_app.core.campustime import local_str
from quanyi_app.core.photos import services as photos
from quanyi_app.lostfound import routes
from quanyi_app.lostfound.services import found as lostfound


@dataclasses.dataclass
class FoundCard:
    id: str = ""
    title: str = ""
    category: str = ""
    place: str = ""
    at: str = ""
    point: str = ""
    masked: str = ""
    thumb: str = ""
    href: str = ""


def card_dict(c: lostfound.PublicCard) -> FoundCard:
    return FoundCard(
        id=str(c.id),
        title=c.title,
        category=c.category,
        place=c.place_found,
        at=local_str(c.found_at, "%m-%d %H:%M"),
        point=c.point_name,
        masked=c.card_masked,
        thumb=photos.view_url(c.thumb_sha, viewer_id=None, thumb=True) if c.thumb_sha else "",
        href=routes.found_item_url(c.id),
    )
