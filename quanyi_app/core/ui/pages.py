"""What every page registration shares: titles and the description meta tag."""

from __future__ import annotations

from quanyi_app.core import strings

META = [{"name": "description", "content": strings.APP_DESCRIPTION}]


def page_title(name: str) -> str:
    return f"{name} · {strings.APP_NAME}"


STAFF_TITLE = page_title(strings.STAFF_TITLE)
