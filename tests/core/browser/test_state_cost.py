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

from tests.support.browser import phone, scan_code, wait_hydrated
from tests.support.statestore import stored_states

pytestmark = pytest.mark.browser


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


def _open_survey(db_url: str) -> str:
    """The code of the demo's open survey (食堂满意度)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(db_url)
    with engine.connect() as conn:
        code = conn.execute(text("SELECT code FROM survey WHERE status = 'open' ORDER BY id LIMIT 1")).scalar_one()
    engine.dispose()
    return code


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/s/{code}",
        "/found",
        "/found/item/1",
        "/umbrella",
        "/meetings/2",
        "/commitments",
        "/events/2",
        "/duty",
        "/surveys",
        "/q/{survey}",
    ],
)
def test_plain_public_pages_cost_no_state_at_all(browser, server_info, path):
    """The home page, the scan landing, lost and found's list and item pages, 爱心伞's list, a
    meeting, the commitment board, an open day and the duty room are plain pages (home/web.py,
    proposals/web.py, lostfound/web.py, lending/web.py, events/web/): no websocket, nothing stored,
    even once the student has typed."""
    ctx, page, errors = phone(browser, server_info.url)
    sockets: list[str] = []
    page.on("websocket", lambda ws: sockets.append(ws.url))
    page.goto(path.format(code=scan_code(server_info.db_url), survey=_open_survey(server_info.db_url)))
    page.wait_for_load_state("networkidle")
    if path.startswith("/s/"):
        page.get_by_label("问题描述").fill("走廊的灯坏了三天,晚上很黑。")
    page.wait_for_timeout(1000)
    assert sockets == [] and errors == [], (sockets, errors)
    assert page.evaluate("() => window.sessionStorage.getItem('token')") is None  # Reflex never started
    ctx.close()


@pytest.mark.parametrize("path", ["/proposals", "/me"])
def test_app_public_pages_write_at_most_three_states_and_no_staff_state(browser, server_info, path):
    from quanyi_app.core.accounts.session import SessionState
    from quanyi_app.home.state import MeState

    written = _visit(browser, server_info, path)
    assert rx.State.get_full_name() in written and len(written) <= 3, written
    staff = {
        s.get_full_name() for s in SessionState.get_substates() if s is not MeState
    }  # every state of a logged-in page
    assert not written & staff, written & staff
