"""A blank Reflex 0.10 app: the reference bench/phones.py measures Quanyi against (--blank)."""

import reflex as rx
from reflex.plugins.sitemap import SitemapPlugin

config = rx.Config(
    app_name="blank", telemetry_enabled=False, show_built_with_reflex=False, disable_plugins=[SitemapPlugin]
)
