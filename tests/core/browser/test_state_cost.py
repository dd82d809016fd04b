"""What one phone costs the state store (issue: a lean state tree).

A public page's visit, made by a real browser against the production build, writes only Reflex's
root state and the page's own state: public states hang directly under the root (not under the
staff session state), hold no computed vars (Reflex evaluates every computed var of every state on
each hydrate, and a cached one marks its state for writing) and no rx.LocalStorage vars (each
hydrate resets those in every state). A structural check on what is stored, not a timing.
"""

from __future__ import annotations

import time

import pytest
import reflex as rx

from tests.support.browser import phone, wait_hydrated
from tests.support.statestore import stored_states

pytestmark = pytest.mark.browser


def _first_scan_code(db_url: str) -> str:
    from sqlalchemy import create_engine, text

    engine = create_engine(db_url)
    with engine.connect() as conn:
        code = conn.execute(text("SELECT code FROM qr_code WHERE active ORDER BY code LIMIT 1")).scalar_one()
    engine.dispose()
    return code


def _visit(browser, server_info, path: str) -> set[str]:
    """The names of the states a fresh phone's visit to ``path`` left in the store."""
    ctx, page, errors = phone(browser, server_info.url)
    page.goto(path)
    wait_hydrated(page)
    token = page.evaluate("() => window.sessionStorage.getItem('token')")
    deadline, found, stable = time.monotonic() + 30, set(), 0
    while time.monotonic() < deadline and stable < 3:  # written in one pass after a short debounce
        time.sleep(0.5)
        now = stored_states(server_info, token)
        stable = stable + 1 if now and now == found else 0
        found = now
    ctx.close()
    assert errors == [], errors
    return found


def test_a_scan_visit_writes_only_the_root_and_the_form(browser, server_info):
    from quanyi_app.proposals.state.submit import SubmitState

    code = _first_scan_code(server_info.db_url)
    written = _visit(browser, server_info, f"/s/{code}")
    assert written == {rx.State.get_full_name(), SubmitState.get_full_name()}


@pytest.mark.parametrize("path", ["/", "/found", "/found/item/1", "/umbrella", "/proposals", "/me"])
def test_public_pages_write_at_most_three_states_and_no_staff_state(browser, server_info, path):
    from quanyi_app.core.accounts.session import SessionState
    from quanyi_app.home.state import MeState

    written = _visit(browser, server_info, path)
    assert rx.State.get_full_name() in written and len(written) <= 3, written
    staff = {
        s.get_full_name() for s in SessionState.get_substates() if s is not MeState
    }  # every state of a logged-in page
    assert not written & staff, written & staff
