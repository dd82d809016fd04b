"""Browser tests: the real production build, started once per test session.

The server runs as ``make run`` does (``python -m quanyi_app.cli run``: the production build,
its private Redis state store and worker processes) on a free port with a temporary database and
upload folder; Chromium (Debian's /usr/bin/chromium) is driven by Playwright
at a 390×844 phone viewport. Screenshots land in tests/screenshots/ (git-ignored).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.smtp_sink import SmtpSink

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SHOTS = PROJECT_ROOT / "tests" / "screenshots"
ADMIN_PASSWORD = "browser-test-admin-pw"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
START_TIMEOUT = 900  # a cold build installs the frontend packages first


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _server_env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUANYI_") or k == "QUANYI_TEST_POSTGRES_URL"}
    env.update(
        QUANYI_DATA_DIR=str(tmp / "data"),
        QUANYI_DATABASE_URL=f"sqlite:///{tmp / 'data' / 'quanyi.db'}",
        QUANYI_UPLOAD_DIR=str(tmp / "uploads"),
        QUANYI_ADMIN_PASSWORD=ADMIN_PASSWORD,
        REFLEX_USE_SYSTEM_BUN="1",
        REFLEX_TELEMETRY_ENABLED="false",
        REFLEX_STATES_WORKDIR=str(tmp / "states"),
    )
    env.pop("PYTEST_CURRENT_TEST", None)
    local_bun = PROJECT_ROOT / ".bun" / "node_modules" / ".bin"
    if local_bun.exists():
        env["PATH"] = f"{local_bun}:{env.get('PATH', '')}"
    return env


def _wait_until_up(url: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the server exited ({proc.returncode}):\n{log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(url + "/", timeout=5) as r:
                if r.status == 200:
                    with urllib.request.urlopen(url + "/api/health", timeout=5) as h:
                        if h.status == 200:
                            return
        except OSError:
            pass
        time.sleep(1)
    pytest.fail(f"the server did not come up in {START_TIMEOUT}s:\n{log.read_text()[-4000:]}")


@dataclass
class Server:
    url: str
    db_url: str
    smtp: SmtpSink
    states: Path  # Reflex's on-disk state store (used when QUANYI_STATE_STORE=disk)
    redis_socket: Path  # the private Redis state store make run starts (QUANYI_STATE_STORE=redis)


@pytest.fixture(scope="session")
def smtp_sink():
    with SmtpSink() as sink:
        yield sink


@pytest.fixture(scope="session")
def server(server_info) -> str:
    """Base URL of the running production build."""
    return server_info.url


@pytest.fixture(scope="session")
def server_info(tmp_path_factory, smtp_sink):
    """The running production build, its database URL and the SMTP sink it mails to."""
    tmp = tmp_path_factory.mktemp("server")
    env = _server_env(tmp)
    env.update(QUANYI_SMTP_HOST="127.0.0.1", QUANYI_SMTP_PORT=str(smtp_sink.port), QUANYI_SMTP_FROM="quanyi@example.cn")
    port = free_port()
    env["QUANYI_PUBLIC_URL"] = f"http://localhost:{port}"
    setup = subprocess.run(
        [sys.executable, "-m", "quanyi_app.cli", "setup"], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True
    )
    assert setup.returncode == 0, setup.stderr
    log = tmp / "server.log"
    with open(log, "w") as fh:
        proc = subprocess.Popen(
            [sys.executable, "-m", "quanyi_app.cli", "run", "--port", str(port), "--loglevel", "warning"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=fh,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://localhost:{port}"
    try:
        _wait_until_up(url, proc, log)
        yield Server(
            url=url,
            db_url=env["QUANYI_DATABASE_URL"],
            smtp=smtp_sink,
            states=Path(env["REFLEX_STATES_WORKDIR"]),
            redis_socket=Path(env["QUANYI_DATA_DIR"]) / "run" / "redis.sock",
        )
    finally:
        _stop(proc)


def _stop(proc: subprocess.Popen) -> None:
    """Stop the server and everything it started (its own process group)."""
    for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, 5)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


@pytest.fixture(scope="module")
def playwright():
    """Per test module: sync Playwright keeps an event loop running while it is open, and the
    async state tests that follow in the same session need the thread's loop free again."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: run `make test`, which installs it")
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="module")
def browser(playwright):
    b = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield b
    b.close()


@pytest.fixture
def profile_context(playwright, server, tmp_path):
    """A non-incognito browser profile (Chromium refuses to install apps from incognito)."""
    ctx = playwright.chromium.launch_persistent_context(
        str(tmp_path / "profile"),
        executable_path=CHROMIUM,
        args=CHROMIUM_ARGS,
        viewport=PHONE,
        locale="zh-CN",
        base_url=server,
        is_mobile=True,
        has_touch=True,
    )
    ctx.set_default_timeout(20_000)
    yield ctx
    ctx.close()


@pytest.fixture
def context(browser, server):
    ctx = browser.new_context(
        viewport=PHONE, locale="zh-CN", base_url=server, device_scale_factor=2, has_touch=True, is_mobile=True
    )
    ctx.set_default_timeout(20_000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    assert errors == [], f"JavaScript errors on the page: {errors}"


def phone(browser, server: str, **context_options):
    """A phone (390×844, touch, zh-CN) as a student would hold it: ``(context, page, errors)``,
    where ``errors`` collects every JavaScript error the page throws. ``context_options`` go to
    Playwright's ``new_context`` (``java_script_enabled=False``, ``service_workers="block"``, …)."""
    ctx = browser.new_context(
        viewport=PHONE,
        locale="zh-CN",
        base_url=server,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        **context_options,
    )
    ctx.set_default_timeout(20_000)
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    return ctx, page, errors


def wait_for_mail(sink, recipient: str, count: int = 1, timeout: float = 20) -> list[dict]:
    """The messages the SMTP sink received for ``recipient``, once there are ``count`` of them
    (the sender job delivers them shortly after the action); what arrived when time is up."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        mine = [m for m in sink.messages if recipient in m["to"]]
        if len(mine) >= count:
            return mine
        time.sleep(0.3)
    return [m for m in sink.messages if recipient in m["to"]]


def shot(page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def wait_hydrated(page) -> None:
    """Wait until the websocket is up and on_load events have run."""
    page.wait_for_function("() => document.querySelector('#main') !== null")
    page.wait_for_load_state("networkidle")


def login(page, username: str, password: str) -> None:
    page.goto("/login")
    wait_hydrated(page)
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def scan_code(db_url: str, building_code: str = "") -> str:
    """An active QR code of the demo data (of one building, when given)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(db_url)
    with engine.connect() as conn:
        code = conn.execute(
            text(
                "SELECT c.code FROM qr_code c JOIN qr_point p ON p.id = c.point_id "
                "JOIN building b ON b.id = p.building_id "
                "WHERE c.active AND (:b = '' OR b.code = :b) ORDER BY c.code LIMIT 1"
            ),
            {"b": building_code},
        ).scalar_one()
    engine.dispose()
    return code
