"""The sweep: every event handler of every state, and every /api route, called by strangers.

Student handlers and public routes are listed once below. Every other handler is called with
no login, with a forged token and with each role that lacks the page's permission (its
``_permission()``, core/permissions.py); every other route likewise. Each call must be refused
— a refusal message or a redirect to the login — and leave the database exactly as it was and
no records loaded into the state. A handler or route added tomorrow is swept the day it is
written: if it neither is listed as public nor refuses, this test fails.
"""

from __future__ import annotations

import inspect
import io
import typing
import uuid
from pathlib import Path

import pytest
import reflex as rx
from sqlalchemy import select as sa_select
from sqlmodel import SQLModel
from starlette.routing import Route
from starlette.testclient import TestClient

import quanyi_app.quanyi_app  # noqa: F401  (wires every feature: states, pages, routes)
from quanyi_app import demo
from quanyi_app.core import strings
from quanyi_app.core.accounts.session import SESSION_COOKIE
from quanyi_app.core.api import api
from quanyi_app.core.db import session_scope
from quanyi_app.core.permissions import Perm, roles_with
from quanyi_app.core.settings import get_settings
from quanyi_app.inspections import strings as inspections_strings
from quanyi_app.proposals.services import cases
from tests.conftest import photo_fixture
from tests.support.handlers import make_state, run, sign_in

# ---- what anybody may call ------------------------------------------------------------------

PUBLIC_HANDLERS: dict[str, set[str]] = {
    "SessionState": {"load_identity"},
    "LoginState": {"open_page"},
    "MeState": {"open_page"},
    "BorrowState": {"load", "submit"},  # anyone with the umbrella's QR borrows it (no account)
    "LoanState": {"load"},  # the loan's own link is the key
    "ReturnPointState": {
        "load",
        "return_here",
    },  # this phone's own loans (device cookie + loan code)  # this phone's own records, by its signed device cookie
    "FiguresState": {"load"},  # aggregates only
    "SubmitState": {  # typed text arrives once, with the submitted form
        "load_form",
        "new_submission",
        "remove_photo",
        "upload_photos",
        "submit",
        "set_building",
        "set_category",
        "set_college",
        "set_named",
    },
    "StoriesState": {"load_list", "load_detail"},
    "ClaimStatusState": {"load"},
    "CardLookupState": {"lookup"},
    "LostReportState": {"open_form", "open_report", "set_category", "submit", "close_report"},
    "PublicationState": {"load"},
    "InspectHomeState": {"open_page"},  # /inspect: the public per-building summary, and a login prompt
}

PUBLIC_ROUTES = {
    "/api/health",
    "/api/photos/{name}",  # checks each photo itself (tests/unit/test_api.py)
    "/api/qr/{name}",  # QR images are printed publicly anyway
    "/api/found/pub/{number}.{kind}",  # published lists
    "/api/found/pickup-code/{code}",  # the claim's own link is the key (tests/lostfound/state)
    "/api/login",  # checks the password itself (tests/core/unit/test_login_http.py)
    "/api/logout",  # revokes only the cookie it was sent
    "/s/{code}",  # the scan landing: anyone files a case (tests/proposals/unit/test_scan_page.py)
    "/t",  # the tracking-code lookup: a redirect
    "/t/{code}",  # the tracking page: the code is the key (tests/proposals/unit/test_tracking_page.py)
    "/found",  # the public list of found items (tests/lostfound/unit/test_found_pages.py)
    "/found/item/{item_id}",  # an item's public page and its claim form
    "/umbrella",  # availability per point (tests/lending/unit/test_umbrella_page.py)
    "/",  # the home page: aggregates only (tests/home/unit/test_home_page.py)
    "/meetings",  # announced meetings (tests/events/unit/test_meeting_pages.py)
    "/meetings/{meeting_id:int}",  # a meeting: anyone asks and says 我也关心, once per phone
    "/commitments",  # the public commitment board
    "/events",  # events with places (tests/events/unit/test_event_pages.py)
    "/events/{event_id:int}",  # an event: anyone registers, once per student number
    "/events/r/{code}",  # a registration: its code is the key (result, ticket, cancel, rating)
    "/duty",  # the duty room's hours (tests/events/unit/test_duty.py)
    "/surveys",  # open surveys and published results (tests/surveys/unit/test_pages.py)
    "/q/{code}",  # answer a survey: anyone, once per phone
    "/surveys/{survey_id:int}/results",  # public results, only when staff published them
    "/api/meetings/{mid:int}/minutes.pdf",  # published minutes only (tests/events/unit/test_documents.py)
}
ROUTE_PERMISSIONS = {
    "/api/umbrellas/labels.pdf": Perm.LENDING_DESK,
    "/api/umbrellas/return-sign.pdf": Perm.LENDING_DESK,
    "/api/qr/sheet.pdf": Perm.QR_MANAGE,
    "/api/proposals/{pid}/letter.pdf": Perm.PROPOSAL_MANAGE,
    "/api/inspections/export.{kind}": Perm.INSPECTION_PLAN,
    "/api/inspections/{iid}/ticks": Perm.INSPECTION_RUN,
    "/api/inspections/{iid}/photos": Perm.INSPECTION_RUN,
    "/api/inspections/{iid}/photos/remove": Perm.INSPECTION_RUN,
    "/api/inspections/{iid}/submit": Perm.INSPECTION_RUN,
    "/api/inspections/{iid}/record.pdf": Perm.INSPECTION_RUN,
    "/api/meetings/{mid:int}/poster.pdf": Perm.MEETING_MANAGE,
    "/api/meetings/{mid:int}/share.png": Perm.MEETING_MANAGE,
    "/api/duty/slip/{code}.pdf": Perm.DUTY_DESK,
    "/api/surveys/{sid:int}/export.{kind}": Perm.SURVEY_MANAGE,
    "/api/surveys/{sid:int}/report.pdf": Perm.SURVEY_MANAGE,
    "/api/surveys/{sid:int}/poster.pdf": Perm.SURVEY_MANAGE,
}

REFUSALS = {
    strings.LOGIN_REQUIRED,
    strings.SESSION_EXPIRED,
    strings.PERMISSION_DENIED,
    strings.CASE_OUT_OF_SCOPE,
    strings.FOUND_NOT_YOUR_POINT,
    strings.INS_NOT_YOURS,
    inspections_strings.INS_TEMPLATE_ADMIN_ONLY,
}
FORGED = "f" * 43

# ---- finding them ---------------------------------------------------------------------------


def _states() -> list[type[rx.State]]:
    found, todo = [], [rx.State]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("quanyi_app.") and not getattr(sub, "_mixin", False):
                found.append(sub)
    return sorted(set(found), key=lambda c: c.__name__)


def _handlers(cls) -> list[str]:
    """The state's own event handlers (Reflex's built-ins are not ours to sweep)."""
    return sorted(
        name
        for name, handler in cls.event_handlers.items()
        if getattr(handler.fn, "__module__", "").startswith("quanyi_app.")
    )


def _protected() -> list[tuple[type[rx.State], str]]:
    return [(cls, h) for cls in _states() for h in _handlers(cls) if h not in PUBLIC_HANDLERS.get(cls.__name__, set())]


def _routes() -> list[Route]:
    return [r for r in api.router.routes if isinstance(r, Route)]


# ---- calling them -----------------------------------------------------------------------------


def _jpeg_upload() -> rx.UploadFile:
    data = photo_fixture("gps_DSCN0021.jpg")
    return rx.UploadFile(file=io.BytesIO(data), path=Path("photo.jpg"), size=len(data))


def _args(fn) -> list:
    """Plausible arguments for a handler, from its signature (ids point at real records)."""
    hints = typing.get_type_hints(fn)
    out = []
    for name, param in list(inspect.signature(fn).parameters.items())[1:]:
        if param.default is not inspect.Parameter.empty and name not in ("form", "form_data"):
            continue
        kind = hints.get(name, str)
        if name in ("form", "form_data") or kind is dict or typing.get_origin(kind) is dict:
            out.append({})
        elif name == "files" or typing.get_origin(kind) is list:
            out.append([_jpeg_upload()])
        elif kind is bool:
            out.append(True)
        elif kind is int:
            out.append(1)
        else:
            out.append("1")
    return out


def _database() -> dict[str, list]:
    """Every row of every table: the sweep's proof that nothing changed."""
    with session_scope() as session:
        return {
            name: sorted(repr(tuple(row)) for row in session.execute(sa_select(table)).all())
            for name, table in SQLModel.metadata.tables.items()
        }


def _records(state) -> dict:
    """The state's list and dict vars (where records are shown), without the caller's own identity."""
    return {
        name: repr(getattr(state, name))
        for name, var in state.base_vars.items()
        if name != "granted" and isinstance(getattr(state, name), (list, dict))
    }


def _messages(state) -> set[str]:
    out, node = set(), state
    while node is not None:
        out |= {v for name in node.base_vars if isinstance(v := getattr(node, name), str)}
        node = node.parent_state
    return out


def _refused(state, events) -> bool:
    if _messages(state) & REFUSALS:
        return True
    return any("/login" in str(e) or "redirect" in str(e).lower() and "/staff" in str(e) for e in events if e)


def _callers(permission: Perm, users: dict[str, str]) -> list[tuple[str, str]]:
    weaker = [role for role in ("admin", "staff", "inspector", "office") if role not in roles_with(permission)]
    return [("no login", ""), ("forged token", FORGED)] + [(role, users[role]) for role in weaker]


@pytest.fixture
def world(users):
    """Demo data plus one of everything, so that id 1 of each kind exists."""
    with session_scope() as s:
        demo.load_demo_data(session=s)
    with session_scope() as s:
        demo.load_demo_found(session=s)
        demo.load_demo_inspections(session=s)
        demo.load_demo_events(session=s)
        sub = cases.Submission(
            category_id=1,
            description="三楼热水器坏了一周,没有热水。",
            idempotency_key=uuid.uuid4().hex,
            device_id="phone-0",
            building_id=1,
            anonymous=False,
            contact_phone="13812345678",
        )
        cases.submit_case(sub, session=s, secret=get_settings().secret_key)
    return users


# ---- the sweep ----------------------------------------------------------------------------------


def test_every_handler_and_route_is_public_or_swept(capsys):
    states = {cls.__name__: cls for cls in _states()}
    for state, names in PUBLIC_HANDLERS.items():  # the public list names real handlers only
        assert state in states, f"PUBLIC_HANDLERS names a state that does not exist: {state}"
        assert names <= set(_handlers(states[state])), f"{state}: {names - set(_handlers(states[state]))}"
    protected = _protected()
    for cls, _name in protected:
        make_state(cls)._permission()  # a protected state names its permission (raises otherwise)
    paths = {r.path for r in _routes()}
    undeclared = paths - PUBLIC_ROUTES - set(ROUTE_PERMISSIONS)
    assert not undeclared, f"routes neither public nor given a permission: {undeclared}"
    assert not (set(ROUTE_PERMISSIONS) - paths), "ROUTE_PERMISSIONS names routes that do not exist"
    total = sum(len(_handlers(c)) for c in states.values())
    with capsys.disabled():
        print(
            f"\n[sweep] {total} event handlers in {len(states)} states: {total - len(protected)} public, "
            f"{len(protected)} swept; {len(paths)} /api routes: {len(paths & PUBLIC_ROUTES)} public, "
            f"{len(ROUTE_PERMISSIONS)} swept"
        )
    assert len(protected) > 100 and len(ROUTE_PERMISSIONS) >= 8


@pytest.mark.parametrize(
    "cls", sorted({c for c, _ in _protected()}, key=lambda c: c.__name__), ids=lambda c: c.__name__
)
async def test_protected_handlers_refuse_strangers(world, cls):
    permission = make_state(cls)._permission()
    before = _database()
    for handler in [h for c, h in _protected() if c is cls]:
        for who, token in _callers(permission, world):
            state = make_state(cls)
            sign_in(state, token)
            records = _records(state)
            fn = cls.event_handlers[handler].fn
            events = await run(getattr(state, handler), *_args(fn))
            assert _refused(state, events), f"{cls.__name__}.{handler} did not refuse {who}"
            assert _records(state) == records, f"{cls.__name__}.{handler} loaded records for {who}"
    assert _database() == before, f"{cls.__name__}: a refused call changed the database"


def test_protected_routes_refuse_strangers(world):
    client = TestClient(api)
    before = _database()
    for route in _routes():
        if route.path in PUBLIC_ROUTES:
            continue
        url = route.path.replace("{kind}", "csv").replace("{", "").replace("}", "")
        url = url.replace("iid", "1").replace("pid", "1").replace("mid:int", "1").replace("sid:int", "1")
        method = "POST" if "POST" in route.methods else "GET"
        for who, token in _callers(ROUTE_PERMISSIONS[route.path], world):
            client.cookies.clear()
            if token:
                client.cookies.set(SESSION_COOKIE, token)
            r = client.request(method, url, headers={"X-Quanyi": "1"}, json={"ticks": []})
            assert r.status_code in (401, 403, 404), f"{method} {url} answered {r.status_code} to {who}"
            assert "Traceback" not in r.text
    assert _database() == before
