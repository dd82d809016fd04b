"""Lighthouse on the public pages, with a blank Reflex page and a static HTML form measured in the
same run as reference points.

.venv/bin/python bench/lighthouse.py                 # every public page, 5 runs each
.venv/bin/python bench/lighthouse.py --runs 3 --pages /s/ /found

Lighthouse 13 (npm, installed into bench/.lighthouse on first use) with Debian's Chromium, mobile
form factor, its default simulated throttling (slow 4G, 4× CPU). Three servers are started here:
- Quanyi as ``make run`` serves it (``python -m quanyi_app.cli run``: production build, Redis,
  workers), on a throw-away database with the demo data and one filed case;
- the blank Reflex 0.10 app (bench/blank: one heading, one text area, one button), served the same way;
- a static copy of the scan landing's HTML, served by Python's http.server.

For each page: the median and range of performance, LCP, TBT, CLS and accessibility over the runs,
the ratio of its LCP to the blank page's, and the JavaScript and CSS it transferred before any
interaction (Lighthouse's network records, compressed sizes).
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import http.server
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import urllib.request
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from phones import Server, _free_port, make_blank_server, make_server  # noqa: E402

LIGHTHOUSE = HERE / ".lighthouse" / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = " ".join(
    [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ]
)
PAGES = [
    "/s/",
    "/t/",
    "/found",
    "/found/item/",
    "/",
    "/umbrella",
    "/meetings/2",
    "/commitments",
    "/events/2",
    "/duty",
    "/q/",
]


def ensure_lighthouse() -> None:
    if not LIGHTHOUSE.exists():
        subprocess.run(
            ["npm", "install", "--prefix", str(HERE / ".lighthouse"), "--no-audit", "--no-fund", "lighthouse@13"],
            check=True,
            stdout=subprocess.DEVNULL,
        )


def lighthouse(url: str, attempts: int = 3) -> dict:
    """One Lighthouse run; a run Lighthouse itself aborts (it sometimes loses the trace:
    NO_NAVSTART) is made again, up to ``attempts`` times."""
    for attempt in range(attempts):
        try:
            return _lighthouse_once(url)
        except subprocess.CalledProcessError:
            if attempt == attempts - 1:
                raise
            print(f"{url}: Lighthouse failed, running it again", file=sys.stderr)
    raise AssertionError("unreachable")


def _lighthouse_once(url: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        subprocess.run(
            [
                str(LIGHTHOUSE),
                url,
                "--only-categories=performance,accessibility",
                "--form-factor=mobile",
                f"--chrome-flags={CHROME_FLAGS}",
                "--output=json",
                f"--output-path={out}",
                "--quiet",
            ],
            check=True,
            env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
            timeout=300,
        )
        report = json.loads(out.read_text())
    audits = report["audits"]
    by_type: dict[str, int] = {}
    for item in audits["network-requests"]["details"]["items"]:
        kind = item.get("resourceType", "Other")
        by_type[kind] = by_type.get(kind, 0) + int(item.get("transferSize") or 0)
    failing = [
        audits[ref["id"]]["title"]
        for ref in report["categories"]["accessibility"]["auditRefs"]
        if ref.get("weight", 0) > 0 and audits[ref["id"]].get("score") is not None and audits[ref["id"]]["score"] < 1
    ]
    return {
        "performance": round(report["categories"]["performance"]["score"] * 100),
        "accessibility": round(report["categories"]["accessibility"]["score"] * 100),
        "fcp_ms": audits["first-contentful-paint"]["numericValue"],
        "lcp_ms": audits["largest-contentful-paint"]["numericValue"],
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "js_kb": by_type.get("Script", 0) / 1024,
        "css_kb": by_type.get("Stylesheet", 0) / 1024,
        "html_kb": by_type.get("Document", 0) / 1024,
        "accessibility_failing": failing,
    }


# ---- the servers --------------------------------------------------------------------------------


def with_pages(server: Server) -> Server:
    """The same server, started with its pages built and served (what make run does)."""
    return dataclasses.replace(server, frontend=True, health="/")


def file_a_case(server: Server) -> str:
    """File one case through the scan landing, as a phone without scripts would; its tracking code."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
    page = opener.open(f"{server.url}/s/{server.scan_code}").read().decode()
    key = re.search(r'name="submit_key" value="([0-9a-f]+)"', page).group(1)
    boundary = uuid.uuid4().hex
    fields = {"submit_key": key, "category": "1", "description": "Lighthouse 基准:宿舍三楼热水器坏了一周。"}
    body = "".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n' for k, v in fields.items()
    )
    body += f"--{boundary}--\r\n"
    request = urllib.request.Request(
        f"{server.url}/s/{server.scan_code}",
        data=body.encode(),
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    done = opener.open(request).read().decode()
    return re.search(r'id="tracking-code">([a-z0-9]+)<', done).group(1)


def open_survey(server: Server) -> str:
    """The answer page of the demo's open survey (食堂满意度, 12 questions), found on /surveys."""
    listing = urllib.request.urlopen(f"{server.url}/surveys").read().decode()
    return re.search(r'href="(/q/[a-z0-9]+)"', listing).group(1)


def static_copy(server: Server) -> tuple[str, http.server.ThreadingHTTPServer]:
    """The scan landing's HTML, saved and served as a static file: the static reference."""
    folder = Path(tempfile.mkdtemp(prefix="quanyi-static-"))
    html = urllib.request.urlopen(f"{server.url}/s/{server.scan_code}").read()
    (folder / "index.html").write_bytes(html.replace(b'<script src="/draft.js" defer></script>', b""))
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", _free_port()), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return f"http://localhost:{httpd.server_address[1]}/index.html", httpd


# ---- the table ----------------------------------------------------------------------------------


def summary(runs: list[dict]) -> dict:
    def med(key):
        values = [r[key] for r in runs]
        return statistics.median(values), min(values), max(values)

    keys = ("performance", "accessibility", "fcp_ms", "lcp_ms", "tbt_ms", "cls", "js_kb", "css_kb", "html_kb")
    return {k: med(k) for k in keys} | {"failing": sorted({f for r in runs for f in r["accessibility_failing"]})}


def row(name: str, s: dict, blank_lcp: float) -> str:
    def fmt(key, digits=0, scale=1.0):
        m, lo, hi = (v / scale for v in s[key])
        return f"{m:.{digits}f} ({lo:.{digits}f}–{hi:.{digits}f})"

    return (
        f"| {name} | {fmt('performance')} | {fmt('lcp_ms', 2, 1000)} s | {fmt('tbt_ms')} ms | {fmt('cls', 3)} | "
        f"{fmt('accessibility')} | {s['lcp_ms'][0] / blank_lcp:.2f} | {s['js_kb'][0]:.0f} | {s['css_kb'][0]:.0f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pages", nargs="*", default=PAGES, help=f"of {PAGES}")
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if not shutil.which("chromium") and not Path("/usr/bin/chromium").exists():
        raise SystemExit("needs Debian's chromium (make browser-deps)")
    ensure_lighthouse()

    quanyi = with_pages(make_server("redis", args.workers, 10))
    blank = with_pages(make_blank_server(2, 10))
    results: dict[str, dict] = {}
    httpd = None
    try:
        quanyi.start()
        blank.start()
        tracking = file_a_case(quanyi)
        static_url, httpd = static_copy(quanyi)
        urls = {"static HTML form (reference)": static_url, "blank Reflex page (reference)": f"{blank.url}/s/blank"}
        for page in args.pages:
            path = {
                "/s/": f"/s/{quanyi.scan_code}",
                "/t/": f"/t/{tracking}",
                "/found/item/": "/found/item/1",
                "/q/": open_survey(quanyi),
            }
            urls[f"Quanyi {path.get(page, page)}"] = quanyi.url + path.get(page, page)
        for name, url in urls.items():
            runs = []
            for _ in range(args.runs):
                runs.append(lighthouse(url))
                print(f"{name}: {runs[-1]['performance']} LCP {runs[-1]['lcp_ms']:.0f} ms", file=sys.stderr)
            results[name] = {"url": url, "runs": runs, "summary": summary(runs)}
    finally:
        quanyi.stop()
        blank.stop()
        if httpd is not None:
            httpd.shutdown()

    blank_lcp = results["blank Reflex page (reference)"]["summary"]["lcp_ms"][0]
    print(
        "| page | performance | LCP | TBT | CLS | accessibility | LCP ÷ blank | JS KB | CSS KB |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    )
    for name, r in results.items():
        print(row(name, r["summary"], blank_lcp))
        if r["summary"]["failing"]:
            print(f"  accessibility failing on {name}: {', '.join(r['summary']['failing'])}")
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
