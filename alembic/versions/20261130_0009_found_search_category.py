"""found search: index each item's category name too ("雨伞" finds items filed under 雨伞)

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 02:10:00

Data only: rebuilds found_item.search_text and its found_gram rows with the rule in
quanyi_app/lostfound/services/found.py:search_text (public text + category name). The
downgrade leaves the richer index in place (it finds a superset, and nothing depends on less).
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    from quanyi_app.core import textsearch
    from quanyi_app.lostfound.services.found import search_text

    conn = op.get_bind()
    rows = conn.execute(
        sa.text(
            "SELECT i.id, i.title, i.description, i.place_found, c.name FROM found_item i "
            "JOIN found_category c ON c.code = i.category"
        )
    ).all()
    for item_id, title, description, place, category_name in rows:
        text = search_text(title, description or "", place or "", category_name)
        conn.execute(sa.text("UPDATE found_item SET search_text = :t WHERE id = :i"), {"t": text, "i": item_id})
        conn.execute(sa.text("DELETE FROM found_gram WHERE item_id = :i"), {"i": item_id})
        grams = sorted(textsearch.grams(text))
        if grams:
            conn.execute(
                sa.text("INSERT INTO found_gram (gram, item_id) VALUES (:g, :i)"),
                [{"g": g, "i": item_id} for g in grams],
            )


def downgrade() -> None:
    pass
