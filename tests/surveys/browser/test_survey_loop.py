"""A survey end to end at 390×844, against the production build: staff build one with every
kind of question (and a display rule), add a college-tagged link and publish; two phones answer,
one through the tagged link, and a second answer from the same phone is refused; the results
show the counts and a chart; the XLSX export read back matches; the report PDF's text holds the
title; a finding becomes a proposal that links back."""

from __future__ import annotations

import io
import re
import subprocess

import pytest
from openpyxl import load_workbook

from quanyi_app.surveys import strings
from tests.support.browser import ADMIN_PASSWORD, login, phone, shot, wait_hydrated

pytestmark = pytest.mark.browser

TITLE = "浏览器测试:宿舍网络问卷"
QUESTIONS = [  # (kind label, title, options, rows, required)
    ("分节标题", "关于你", "", "", False),
    ("楼栋", "你住在哪栋楼?", "", "", True),
    ("学院", "你的学院", "", "", False),
    ("年级", "你的年级", "", "", False),
    ("单选", "晚上网速怎么样?", "很快\n能用\n很卡", "", True),
    ("多选", "哪些时候卡?", "早上\n下午\n晚上", "", False),
    ("评分 1–5", "总体满意度", "", "", True),
    ("推荐度 0–10", "推荐校园网的意愿", "", "", False),
    ("填空", "你用哪家运营商?", "", "", False),
    ("多行文字", "其他建议", "", "", False),
    ("数字", "每天上网几小时?", "", "", False),
    ("矩阵", "打分", "好\n一般\n差", "速度\n稳定", False),
]


def _add(staff, kind: str, title: str, options: str, rows: str, required: bool) -> None:
    staff.locator("#f-q-kind").select_option(label=kind)
    staff.locator("#f-q-title").fill(title)
    if options:
        staff.locator("#f-q-options").fill(options)
    if rows:
        staff.locator("#f-q-rows").fill(rows)
    if required:
        staff.locator("#f-q-required").click()
    staff.locator("#save-question").click()
    staff.locator(".qy-survey-question", has_text=title).wait_for()


def _answer(page, *, slow: str = "很卡") -> None:
    page.get_by_label("你住在哪栋楼?").select_option(label="西区24栋")
    page.get_by_label("你的学院").select_option(label="计算机学院")
    page.locator("fieldset", has_text="晚上网速怎么样?").get_by_text(slow, exact=True).click()
    page.locator("fieldset", has_text="总体满意度").locator("label", has_text="2").first.click()
    page.get_by_role("button", name=strings.SEND).click()


def test_build_answer_results_export_report_finding(browser, server_info, tmp_path):
    server = server_info.url
    sctx, staff, se = phone(browser, server)
    login(staff, "admin", ADMIN_PASSWORD)
    staff.wait_for_url(re.compile(r"/staff/?$"))
    staff.goto("/staff/surveys")
    wait_hydrated(staff)
    staff.get_by_label(strings.NEW_TITLE).fill(TITLE)
    staff.get_by_role("button", name=strings.CREATE).click()
    staff.wait_for_url(re.compile(r"/staff/surveys/\d+$"))
    wait_hydrated(staff)
    for spec in QUESTIONS:
        _add(staff, *spec)
    # A display rule: "为什么卡" only when the answer is 很卡.
    staff.locator("#f-q-kind").select_option(label="填空")
    staff.locator("#f-q-title").fill("卡的时候在做什么?")
    staff.locator("#f-q-rule").select_option(label="晚上网速怎么样?")
    staff.locator("#f-q-rule-option").select_option(label="很卡")
    staff.locator("#save-question").click()
    staff.locator(".qy-survey-question", has_text="当「晚上网速怎么样?」选「很卡」时显示").wait_for()
    assert staff.locator(".qy-survey-question").count() == len(QUESTIONS) + 1
    # A link tagged with 法学院.
    staff.get_by_text(strings.LINKS).click()
    staff.locator("#f-link-label").fill("法学院群")
    staff.locator("#f-link-college").select_option(label="法学院")
    staff.get_by_role("button", name=strings.LINK_ADD).click()
    staff.get_by_text(strings.LINK_ADDED).wait_for()
    tagged = staff.locator(".qy-url", has_text="法学院群").inner_text().split(":", 1)[1].strip()
    staff.locator("#publish-survey").click()
    staff.get_by_text(strings.PUBLISHED).wait_for()
    url = staff.locator("#survey-url").inner_text().strip()
    shot(staff, "survey-1-built")

    # Two phones answer; the first through its own link, the second through the tagged one.
    ctx1, first, e1 = phone(browser, server)
    first.goto(url.replace(server, ""))
    assert (
        first.locator("#q" + "", has_text="卡的时候在做什么?").count() == 0
        or not first.get_by_text("卡的时候在做什么?").is_visible()
    )
    first.locator("fieldset", has_text="晚上网速怎么样?").get_by_text("很卡", exact=True).click()
    first.get_by_text("卡的时候在做什么?").wait_for()  # the rule shows it
    first.locator("fieldset", has_text="卡的时候在做什么?").locator("input").fill("打游戏")
    shot(first, "survey-2-answering")
    _answer(first)
    first.get_by_text(strings.THANKS_TITLE).wait_for()
    first.goto(url.replace(server, ""))
    first.get_by_text(strings.ALREADY_ANSWERED).first.wait_for()  # the same phone: said before any typing
    assert first.locator("form[data-survey]").count() == 0
    ctx2, second, e2 = phone(browser, server)
    second.goto(tagged.replace(server, ""))
    assert "法学院群" in second.locator("main").inner_text()
    _answer(second, slow="能用")
    second.get_by_text(strings.THANKS_TITLE).wait_for()

    # Results: counts and a chart.
    staff.get_by_role("link", name=strings.RESULTS_LINK).click()
    staff.wait_for_url(re.compile(r"/results$"))
    wait_hydrated(staff)
    staff.locator("#results-summary").get_by_text(re.compile("^2 份答卷")).wait_for()
    chart = staff.locator("[data-result]", has_text="晚上网速怎么样?")
    assert "2 人作答" in chart.inner_text() and chart.get_by_text("很卡").count() >= 1
    shot(staff, "survey-3-results")

    # The XLSX export matches; the report's text holds the title.
    xlsx = staff.request.get(staff.locator("#export-xlsx").get_attribute("href"))
    rows = list(load_workbook(io.BytesIO(xlsx.body())).active.iter_rows(values_only=True))
    head, data = rows[0], rows[1:]
    assert len(data) == 2
    col_slow, col_college = head.index("晚上网速怎么样?"), head.index("学院")
    assert sorted(r[col_slow] for r in data) == ["很卡", "能用"]
    assert sorted(r[col_college] for r in data) == ["法学院", "计算机学院"]  # the tagged link's college
    report = staff.request.get(staff.locator("#report-pdf").get_attribute("href"))
    (tmp_path / "report.pdf").write_bytes(report.body())
    text = subprocess.run(["pdftotext", str(tmp_path / "report.pdf"), "-"], capture_output=True, text=True).stdout
    assert TITLE in text

    # A finding becomes a proposal, linked back to the results.
    staff.locator("#f-finding-q").select_option(label="晚上网速怎么样?")
    staff.locator("#f-finding-title").fill("宿舍晚间网络拥堵")
    staff.locator("#f-finding-summary").fill("问卷显示晚上网络很卡,建议网络中心扩容宿舍区出口带宽。")
    staff.locator("#f-finding-office").select_option(label="后勤保障处")
    staff.get_by_role("button", name=strings.FINDING_SEND).click()
    staff.get_by_text(strings.PROPOSAL_MADE).wait_for()
    staff.get_by_role("link", name="宿舍晚间网络拥堵").click()
    staff.wait_for_url(re.compile(r"/staff/proposals/\d+$"))
    origin = staff.locator("#proposal-origin")
    origin.wait_for()
    assert origin.inner_text() == f"来自问卷《{TITLE}》,2 份答卷"
    origin.click()
    staff.wait_for_url(re.compile(r"/staff/surveys/\d+/results$"))
    assert se + e1 + e2 == []
    for ctx in (sctx, ctx1, ctx2):
        ctx.close()
