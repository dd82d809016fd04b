"""Every page of the app builds: a component that cannot be made (a bad prop, a var used wrongly)
fails here in a second, not in the production build of the browser tests."""

from __future__ import annotations

import pytest

import quanyi_app.quanyi_app as wiring

PAGES = sorted(wiring.app._unevaluated_pages.items())


@pytest.mark.parametrize(("route", "page"), PAGES, ids=[route for route, _ in PAGES])
def test_the_page_builds(route, page):
    component = page.component() if callable(page.component) else page.component
    assert component.render()  # the tree Reflex compiles to JavaScript
