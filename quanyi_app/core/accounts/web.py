"""``POST /api/login`` and ``POST /api/logout``: the only places the session cookie is set.

The login page is a plain HTML form that posts here (it works without page scripts too). The
answer is a 303 redirect: on success with ``Set-Cookie`` (cookies.py) to where the person was
going, or to their role's own work; on failure back to the login page with a short reason code
(never free text in the address, so nobody can make our page say their words).
"""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.routing import Route

from quanyi_app.core import routes, strings
from quanyi_app.core.accounts import cookies, landing
from quanyi_app.core.accounts import services as accounts
from quanyi_app.core.api import text_response
from quanyi_app.core.db import session_scope
from quanyi_app.core.errors import LoginFailed
from quanyi_app.core.web import same_site

MAX_FORM_BYTES = 4096


def safe_next(target: str) -> str:
    """Only local paths: never redirect a login to another site."""
    target = str(target or "")
    if target.startswith("/") and not target.startswith("//") and "\\" not in target and not target.startswith("/api/"):
        return target
    return ""


def _login(username: str, password: str, device: str):
    # A refused login is an outcome to keep: its count towards the lockout is committed.
    with session_scope(commit_on=(LoginFailed,)) as session:
        return accounts.login(session=session, username=username, password=password, device=device)


def _back_to_login(next_path: str, **query) -> RedirectResponse:
    params = {k: v for k, v in {"next": next_path, **query}.items() if v not in ("", None)}
    return RedirectResponse(routes.LOGIN + ("?" + urlencode(params) if params else ""), status_code=303)


async def _form(request: Request) -> dict[str, str] | None:
    length = request.headers.get("content-length") or "0"
    if not length.isdigit() or int(length) > MAX_FORM_BYTES:
        return None
    try:
        form = await request.form(max_files=0, max_fields=8)
    except Exception:
        return None
    return {k: v for k, v in form.items() if isinstance(v, str)}


async def login(request: Request):
    if not same_site(request):
        return text_response(strings.LOGIN_CROSS_SITE, 403)
    form = await _form(request)
    if form is None:
        return text_response(strings.LOGIN_FORM_INVALID, 400)
    next_path = safe_next(form.get("next", ""))
    username = form.get("username", "")[:64]
    device = cookies.request_device(request)
    try:
        token, who = await run_in_threadpool(_login, username, form.get("password", "")[:256], device)
    except LoginFailed as err:
        return _back_to_login(next_path, e=err.reason, left=err.left or "", u=username.strip())
    response = RedirectResponse(next_path or landing.landing_for(who), status_code=303)
    max_age = int(accounts.SESSION_LIFETIME.total_seconds())
    response.headers.append("set-cookie", cookies.set_cookie_header(cookies.SESSION_COOKIE, token, max_age=max_age))
    response.headers["cache-control"] = "no-store"
    return response


async def logout(request: Request):
    if not same_site(request):
        return text_response(strings.LOGIN_CROSS_SITE, 403)
    token = request.cookies.get(cookies.SESSION_COOKIE, "")

    def revoke():
        with session_scope() as session:
            accounts.logout(session=session, token=token)

    if token:
        await run_in_threadpool(revoke)
    response = RedirectResponse(routes.LOGIN + "?" + urlencode({"e": "out"}), status_code=303)
    response.headers.append("set-cookie", cookies.set_cookie_header(cookies.SESSION_COOKIE, "", max_age=0))
    response.headers["cache-control"] = "no-store"
    return response


ROUTES = [
    Route(routes.API_LOGIN, login, methods=["POST"]),
    Route(routes.API_LOGOUT, logout, methods=["POST"]),
]


def message_for(reason: str, left: str = "") -> str:
    """What the login page says after a redirect back from :func:`login`."""
    if reason == "bad" and str(left).isdigit() and 0 < int(left) < accounts.MAX_FAILED_LOGINS:
        return strings.LOGIN_BAD_CREDENTIALS_LEFT.format(left=int(left))
    return {
        "bad": strings.LOGIN_BAD_CREDENTIALS,
        "empty": strings.LOGIN_EMPTY,
        "locked": strings.LOGIN_LOCKED_SHORT,
        "disabled": strings.LOGIN_DISABLED,
        "out": strings.LOGOUT_DONE,
    }.get(reason, "")
