"""The cluster as ``make cluster`` starts it (deploy/cluster.py): PostgreSQL, Redis, two app nodes
with two workers each, nginx in front, and photos in an S3 bucket (moto's S3 server).

A student files a case with a photo through nginx; a staff member working on the *other* node
(their browser pinned to it) sees the photo and triages the case; the node that took the student's
case is killed with -9; the staff member's reply, made on the surviving node, still reaches the
student's tracking page through nginx.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.conftest import PHOTOS
from tests.support.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    PHONE,
    PROJECT_ROOT,
    free_port,
    scan_code,
    shot,
    wait_for_mail,
    wait_hydrated,
)

pytestmark = [pytest.mark.browser, pytest.mark.cluster]
ADMIN_PASSWORD = "cluster-test-admin-pw"
EMAIL = "cluster-student@example.cn"
START_TIMEOUT = 600


@pytest.fixture(scope="module")
def bucket():
    import boto3
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    creds = {"AWS_ACCESS_KEY_ID": "cluster-key", "AWS_SECRET_ACCESS_KEY": "cluster-secret"}
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id=creds["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=creds["AWS_SECRET_ACCESS_KEY"],
    )
    client.create_bucket(Bucket="quanyi-cluster")
    yield {"QUANYI_STORAGE_URL": f"s3://quanyi-cluster/photos?endpoint={endpoint}", **creds}, client
    server.stop()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, bucket, smtp_sink):
    for program in ("nginx", "redis-server"):
        if not (shutil.which(program) or Path(f"/usr/sbin/{program}").exists()):
            pytest.fail(f"{program} is missing: run `make test`, which installs it")
    if not list(Path("/usr/lib/postgresql").glob("*/bin/postgres")):
        pytest.fail("PostgreSQL is missing: run `make test`, which installs it")
    data = tmp_path_factory.mktemp("cluster")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QUANYI_", "REFLEX_"))}
    env.update(bucket[0], QUANYI_ADMIN_PASSWORD=ADMIN_PASSWORD, REFLEX_USE_SYSTEM_BUN="1")
    # Both nodes run an outbox sender against the same outbox: each message must go out once.
    env.update(QUANYI_SMTP_HOST="127.0.0.1", QUANYI_SMTP_PORT=str(smtp_sink.port), QUANYI_SMTP_FROM="quanyi@example.cn")
    env["QUANYI_SECRET_KEY"] = uuid.uuid4().hex * 2
    local_bun = PROJECT_ROOT / ".bun" / "node_modules" / ".bin"
    if local_bun.exists():
        env["PATH"] = f"{local_bun}:{env.get('PATH', '')}"
    port = free_port()
    log = data / "cluster.out"
    with open(log, "w") as fh:
        proc = subprocess.Popen(
            [sys.executable, "deploy/cluster.py", "--data", str(data), "--port", str(port), "--workers", "2"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=fh,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    status_file = data / "cluster.json"
    deadline = time.monotonic() + START_TIMEOUT
    while not status_file.exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            _stop(proc)
            pytest.fail(f"the cluster did not start:\n{log.read_text()[-4000:]}")
        time.sleep(1)
    status = json.loads(status_file.read_text())
    try:
        yield status
    finally:
        _stop(proc)
        for outside in (status["pg_dir"], status["nginx_tmp"]):
            shutil.rmtree(outside, ignore_errors=True)


def _stop(proc: subprocess.Popen) -> None:
    """deploy/cluster.py stops what it started on SIGTERM (nginx, nodes, Redis, PostgreSQL)."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=90)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def _upstream_of(access_log: str, request: str) -> int:
    """The node port nginx sent ``request`` (e.g. ``POST /s/abc``) to, from its access log."""
    for line in reversed(Path(access_log).read_text().splitlines()):
        if f'"{request}' in line:
            return int(re.search(r"upstream=[\d.]+:(\d+)", line).group(1))
    raise AssertionError(f"{request} is not in nginx's log")


def _keys(client) -> set[str]:
    return {o["Key"] for o in client.list_objects_v2(Bucket="quanyi-cluster").get("Contents", [])}


def _phone(browser):
    ctx = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True, device_scale_factor=2)
    ctx.set_default_timeout(30_000)
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    return ctx, page, errors


def test_login_sessions_lockout_and_submission_keys_hold_across_nodes(cluster):
    """What one node records, the other honours: a session made on one node opens a staff
    document on the other; wrong passwords tried on both nodes add up to one lockout; the same
    form sent again to the other node (a retry after a lost answer) files no second case."""
    import httpx
    from sqlalchemy import create_engine, text
    from sqlmodel import Session

    from quanyi_app.core.accounts import services as accounts

    a, b = (f"http://127.0.0.1:{n['port']}" for n in cluster["nodes"])
    origin = {"Origin": cluster["url"]}
    engine = create_engine(cluster["database_url"])
    with Session(engine) as s:
        accounts.create_user(
            session=s, actor=None, username="lockme", display_name="锁定测试", role="staff", password="right-password-1"
        )
        s.commit()

    with httpx.Client(follow_redirects=False, timeout=30) as http:
        login = http.post(f"{a}/api/login", data={"username": "admin", "password": ADMIN_PASSWORD}, headers=origin)
        assert login.status_code == 303 and "quanyi_session" in login.headers["set-cookie"]
        sheet = http.get(f"{b}/api/qr/sheet.pdf")  # the cookie from node A, on node B
        assert sheet.status_code == 200 and sheet.content.startswith(b"%PDF")
        assert httpx.get(f"{b}/api/qr/sheet.pdf").status_code in (401, 403, 404)  # and not without it

    with httpx.Client(follow_redirects=False, timeout=30) as http:
        for n in range(5):  # alternating nodes
            wrong = http.post(
                f"{(a, b)[n % 2]}/api/login", data={"username": "lockme", "password": "wrong"}, headers=origin
            )
            assert wrong.status_code == 303 and "set-cookie" not in wrong.headers
        right = http.post(f"{a}/api/login", data={"username": "lockme", "password": "right-password-1"}, headers=origin)
        assert "e=locked" in right.headers["location"] and "set-cookie" not in right.headers

    code = scan_code(cluster["database_url"], "W24")
    with httpx.Client(follow_redirects=True, timeout=30) as phone:
        page = phone.get(f"{a}/s/{code}").text
        key = re.search(r'name="submit_key" value="([0-9a-f]{32})"', page).group(1)
        building = re.search(r'<select name="building".*?<option value="(\d+)" selected>', page, re.S).group(1)
        form = {
            "submit_key": key,
            "category": "1",
            "building": building,
            "description": "集群测试:重发同一张表不应生成第二条反馈。",
        }
        first = phone.post(f"{a}/s/{code}", data=form, headers=origin)
        again = phone.post(f"{b}/s/{code}", data=form, headers=origin)
    track = [re.search(r'id="tracking-code">([a-z0-9]+)<', r.text).group(1) for r in (first, again)]
    assert track[0] == track[1]
    with engine.connect() as conn:
        count = conn.execute(text("SELECT count(*) FROM case_report WHERE description LIKE '集群测试:重发%'")).scalar()
    engine.dispose()
    assert count == 1


def test_a_case_filed_through_nginx_is_triaged_on_the_other_node_and_survives_a_node_killed(
    playwright, cluster, bucket, smtp_sink
):
    url, nodes = cluster["url"], {n["port"]: n for n in cluster["nodes"]}
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

    # 1. A student scans the dorm's code and files a case with a photo, through nginx.
    ctx, student, errors = _phone(browser)
    before_keys = _keys(bucket[1])
    code = scan_code(cluster["database_url"], "W24")
    student.goto(f"{url}/s/{code}")
    student.get_by_label("问题类别").select_option(label="宿舍")
    student.get_by_label("问题描述").fill("集群测试:西区24栋三楼走廊灯坏了两天,晚上很黑。")
    student.get_by_text("留下联系方式").click()
    student.get_by_label("邮箱").fill(EMAIL)
    student.locator("input[type=file]").set_input_files(str(PHOTOS / "gps_DSCN0010.jpg"))
    student.get_by_role("button", name="提交").click()
    tracking = student.locator("#tracking-code").inner_text().strip()
    assert re.fullmatch(r"[a-z0-9]{10}", tracking)
    took_it = _upstream_of(cluster["access_log"], f"POST /s/{code}")
    other = next(p for p in nodes if p != took_it)
    new = _keys(bucket[1]) - before_keys
    assert len(new) == 2 and all(k.startswith("photos/photos/") for k in new)  # the photo and its thumbnail

    # 2. Staff work on the other node: their browser reaches it directly (the same address and
    #    cookies as through nginx; Chromium maps nginx's port to that node's).
    port = cluster["port"]
    pinned = playwright.chromium.launch(
        executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, f"--host-resolver-rules=MAP localhost:{port} 127.0.0.1:{other}"]
    )
    before = len(Path(cluster["access_log"]).read_text().splitlines())
    sctx, staff, staff_errors = _phone(pinned)
    staff.goto(f"{url}/login")
    wait_hydrated(staff)
    staff.get_by_label("用户名").fill("admin")
    staff.get_by_label("密码").fill(ADMIN_PASSWORD)
    staff.get_by_role("button", name="登录").click()
    staff.wait_for_url(re.compile(r"/staff/?$"))
    staff.goto(f"{url}/staff/cases")
    wait_hydrated(staff)
    staff.locator("a.qy-case-row", has_text=tracking).click()
    staff.get_by_role("button", name="受理").click()
    staff.get_by_text("已受理。").wait_for()
    # The student's photo, written to the bucket by the other node, is shown here.
    thumb = staff.locator("img[src*='/api/photos/']").first
    thumb.wait_for()
    staff.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=thumb.element_handle())
    shot(staff, "cluster-staff-on-the-other-node")
    since = Path(cluster["access_log"]).read_text().splitlines()[before:]
    assert not [line for line in since if re.search(r'"\w+ /(staff|login|api/login|_event)', line)]  # not via nginx

    # 3. The student's tracking page (through nginx) shows the triage.
    student.goto(f"{url}/t/{tracking}")
    student.locator("#timeline").get_by_text("权益部已受理").wait_for()

    # 4. The node that took the student's case dies.
    os.killpg(nodes[took_it]["pid"], signal.SIGKILL)

    # 5. Staff reply on the surviving node; the tracking page, through nginx, still updates —
    #    every time, whichever node nginx tries first.
    staff.locator("summary", has_text="公开回复").click()
    staff.get_by_label("回复内容(同学可见)").fill("已报后勤维修,今晚更换灯管。")
    staff.get_by_role("button", name="公开回复").click()
    staff.get_by_text("已公开回复。").wait_for()
    for _ in range(4):
        response = student.goto(f"{url}/t/{tracking}")
        assert response.status == 200
        assert "今晚更换灯管" in student.inner_text("#timeline")
    shot(student, "cluster-tracking-after-a-node-died")
    assert _upstream_of(cluster["access_log"], f"GET /t/{tracking}") == other
    # Each step reached the student's inbox once, though two nodes' senders share the outbox
    # (and one of them died on the way).
    mails = wait_for_mail(smtp_sink, EMAIL, 3)
    time.sleep(3)  # long enough for a second sender to have sent anything twice
    subjects = sorted(m["subject"] for m in smtp_sink.messages if EMAIL in m["to"])
    assert len(subjects) == 3 and len(set(subjects)) == 3, subjects
    assert any("已受理" in s for s in subjects) and all(f"/t/{tracking}" in m["body"] for m in mails)
    assert errors == [] and staff_errors == [], (errors, staff_errors)
    sctx.close()
    ctx.close()
    pinned.close()
    browser.close()
