"""What features put on the site's shared pages (the home page and the staff workbench).

A feature adds its buttons and cards in its own ``register(app)``; the home feature renders
whatever was registered, in order, each shown only to callers holding its permission. So the
home package needs no feature, and a new feature touches only its own folder.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import reflex as rx

from quanyi_app.core.accounts.session import allowed
from quanyi_app.core.permissions import Perm
from quanyi_app.core.web import is_plain

HOME = "home"  # cards on the home page
HERO = "hero"  # the home page's call-to-action buttons
HOME_LINKS = "home_links"  # text links under the home page's cards
WORKBENCH = "workbench"


@dataclass(frozen=True)
class Link:
    order: int
    icon: str
    label: str
    href: str
    permission: Perm | None


@dataclass(frozen=True)
class Card:
    order: int
    render: Callable[[], rx.Component]
    permission: Perm | None
    on_load: tuple = field(default=())


_LINKS: dict[str, list[Link]] = {}
_CARDS: dict[str, list[Card]] = {}


def add_link(slot: str, *, order: int, icon: str, label: str, href: str, permission: Perm | None = None) -> None:
    _LINKS.setdefault(slot, []).append(Link(order, icon, label, href, permission))


def add_card(
    slot: str, render: Callable[[], rx.Component], *, order: int, permission: Perm | None = None, on_load=()
) -> None:
    """``on_load``: events the page runs when it opens (after the caller is known)."""
    _CARDS.setdefault(slot, []).append(Card(order, render, permission, tuple(on_load)))


def on_load(slot: str) -> list:
    return [ev for card in sorted(_CARDS.get(slot, []), key=lambda c: c.order) for ev in card.on_load]


def _shown(permission: Perm | None, component: rx.Component) -> rx.Component:
    return component if permission is None else rx.cond(allowed(permission), component)


def links_of(slot: str) -> list[Link]:
    """The links registered for ``slot``, in order (for pages that draw them their own way)."""
    return sorted(_LINKS.get(slot, []), key=lambda x: x.order)


def links(slot: str, *, first_solid: bool = True) -> list[rx.Component]:
    out = []
    for n, link in enumerate(links_of(slot)):
        button = rx.button(
            rx.icon(link.icon, aria_hidden="true"),
            link.label,
            size="3",
            variant="solid" if first_solid and n == 0 else "soft",
            class_name="qy-btn",
        )
        out.append(_shown(link.permission, rx.link(button, href=link.href, reload_document=is_plain(link.href))))
    return out


def cards(slot: str) -> list[rx.Component]:
    return [_shown(c.permission, c.render()) for c in sorted(_CARDS.get(slot, []), key=lambda c: c.order)]
