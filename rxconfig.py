"""Reflex configuration. Quanyi's own settings come from QUANYI_* variables (settings.py).

No ``db_url`` here on purpose: Quanyi manages its engine and Alembic migrations itself,
so Reflex never touches the database.
"""

import reflex as rx
from reflex.plugins.sitemap import SitemapPlugin

from quanyi_app.core.settings import allowed_origins

config = rx.Config(
    app_name="quanyi_app",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    disable_plugins=[SitemapPlugin],
    # CORS (the HTTP routes and the event socket's handshake): only QUANYI_PUBLIC_URL's own origin,
    # never "any origin, with credentials".
    cors_allowed_origins=allowed_origins(),
    plugins=[
        rx.plugins.RadixThemesPlugin(
            theme=rx.theme(accent_color="red", gray_color="slate", radius="large", scaling="100%")
        )
    ],
)
