"""Staff pages of surveys (phone or laptop): the list, the builder, the results."""

from __future__ import annotations

import reflex as rx

from quanyi_app.core.ui.forms import disclosure, field, native_select
from quanyi_app.core.ui.shell import layout, notice
from quanyi_app.surveys import routes, strings
from quanyi_app.surveys.state import SurveyEditState as E
from quanyi_app.surveys.state import SurveyListState as L
from quanyi_app.surveys.state import SurveyResultsState as R


def _btn(label, class_name: str = "qy-btn", **props) -> rx.Component:
    return rx.button(label, size="3", class_name=class_name, **props)


def _small_btn(label, **props) -> rx.Component:
    return rx.button(label, size="2", variant="soft", class_name="qy-btn qy-btn-sm", **props)


def _select(options, name: str, field_id: str = "", placeholder: str = "") -> rx.Component:
    return rx.el.select(
        rx.el.option(placeholder, value="") if placeholder else rx.fragment(),
        rx.foreach(options, lambda o: rx.el.option(o["name"], value=o["id"])),
        name=name,
        id=field_id or None,
        class_name="qy-select",
    )


# ---- the list ------------------------------------------------------------------------------------


def survey_list() -> rx.Component:
    return layout(
        notice(L.error),
        notice(L.message, kind="ok"),
        rx.card(
            rx.form(
                rx.vstack(
                    field(
                        strings.NEW_TITLE,
                        rx.input(name="title", id="f-new-title", size="3", width="100%", max_length=80),
                    ),
                    field(
                        strings.NEW_TEMPLATE,
                        rx.el.select(
                            rx.el.option(strings.NEW_BLANK, value=""),
                            *[rx.el.option(label, value=key) for key, label in strings.TEMPLATE_LABELS.items()],
                            name="template",
                            id="f-new-template",
                            class_name="qy-select",
                        ),
                    ),
                    _btn(strings.CREATE, type="submit", width="100%"),
                    width="100%",
                ),
                on_submit=L.create,
            ),
            width="100%",
        ),
        _btn(strings.SAT_MONTH, variant="soft", on_click=L.satisfaction_month, width="100%"),
        rx.card(
            rx.heading(strings.SAT_BY_MONTH, as_="h2", size="3", margin_bottom="6px"),
            rx.el.table(
                rx.el.thead(rx.el.tr(*[rx.el.th(h, scope="col") for h in strings.SAT_HEAD])),
                rx.el.tbody(rx.foreach(L.satisfaction, lambda row: rx.el.tr(rx.foreach(row, lambda c: rx.el.td(c))))),
                class_name="qy-table",
                id="satisfaction-months",
            ),
            width="100%",
        ),
        rx.cond(
            L.rows.length() > 0,
            rx.vstack(
                rx.foreach(
                    L.rows,
                    lambda r: rx.link(
                        rx.text(r["title"], weight="bold", size="3"),
                        rx.text(r["meta"], size="2", color_scheme="gray"),
                        href=r["href"],
                        class_name="qy-case-row",
                        aria_label=r["open_label"],
                    ),
                ),
                width="100%",
                spacing="2",
                id="survey-list",
            ),
            rx.text(strings.NONE, size="2", color_scheme="gray"),
        ),
        active=routes.STAFF_SURVEYS,
        title=strings.STAFF_TITLE,
    )


# ---- the builder ---------------------------------------------------------------------------------


def _question_row(q) -> rx.Component:
    return rx.card(
        rx.hstack(
            rx.text(q["number"], " ", q["title"], weight="bold", size="3"),
            rx.spacer(),
            rx.badge(q["kind_label"], variant="soft"),
            align="start",
            width="100%",
        ),
        rx.cond(q["detail"] != "", rx.text(q["detail"], size="1", color_scheme="gray")),
        rx.cond(q["rule"] != "", rx.text(q["rule"], size="1", color_scheme="blue")),
        rx.cond(q["required"], rx.text(strings.F_REQUIRED, size="1", color_scheme="red")),
        rx.cond(
            ~E.frozen,
            rx.flex(
                _small_btn(strings.EDIT, on_click=E.edit(q["id"]), aria_label=q["edit_label"]),
                _small_btn(strings.UP, on_click=E.move(q["id"], True), aria_label=q["up_label"]),
                _small_btn(strings.DOWN, on_click=E.move(q["id"], False), aria_label=q["down_label"]),
                _small_btn(strings.DUPLICATE, on_click=E.duplicate(q["id"]), aria_label=q["copy_label"]),
                _small_btn(
                    strings.REMOVE, color_scheme="red", on_click=E.remove(q["id"]), aria_label=q["remove_label"]
                ),
                wrap="wrap",
                gap="6px",
                margin_top="6px",
            ),
        ),
        width="100%",
        class_name="qy-survey-question",
        custom_attrs={"data-kind": q["kind"]},
    )


def _question_form() -> rx.Component:
    choice = (E.f_kind == "single") | (E.f_kind == "multi") | (E.f_kind == "matrix")
    return rx.card(
        rx.heading(rx.cond(E.editing != "", strings.EDIT_QUESTION, strings.ADD_QUESTION), as_="h2", size="4"),
        rx.form(
            rx.vstack(
                field(
                    strings.F_KIND,
                    native_select(
                        [(k, v) for k, v in strings.KIND_LABELS.items()],
                        E.f_kind,
                        E.set_kind,
                        name="kind",
                        id="f-q-kind",
                    ),
                ),
                field(
                    strings.F_TITLE,
                    rx.input(name="title", id="f-q-title", default_value=E.f_title, size="3", width="100%"),
                ),
                field(
                    strings.F_HELP, rx.input(name="help", id="f-q-help", default_value=E.f_help, size="3", width="100%")
                ),
                rx.el.label(
                    rx.checkbox(name="required", default_checked=E.f_required, size="3", id="f-q-required"),
                    rx.text(strings.F_REQUIRED, size="3"),
                    class_name="qy-check-row",
                ),
                rx.cond(
                    choice,
                    field(
                        strings.F_OPTIONS,
                        rx.text_area(
                            name="options", id="f-q-options", default_value=E.f_options, rows="4", width="100%"
                        ),
                    ),
                ),
                rx.cond(
                    E.f_kind == "matrix",
                    field(
                        strings.F_ROWS,
                        rx.text_area(name="rows", id="f-q-rows", default_value=E.f_rows, rows="3", width="100%"),
                    ),
                ),
                rx.cond(
                    E.f_kind == "single",
                    rx.el.label(
                        rx.checkbox(name="allow_other", default_checked=E.f_other, size="3", id="f-q-other"),
                        rx.text(strings.F_OTHER, size="3"),
                        class_name="qy-check-row",
                    ),
                ),
                rx.cond(
                    E.f_kind == "multi",
                    rx.hstack(
                        field(
                            strings.F_MIN_CHOICES,
                            rx.input(name="min_choices", type="number", min=0, size="3", id="f-q-min-choices"),
                        ),
                        field(
                            strings.F_MAX_CHOICES,
                            rx.input(name="max_choices", type="number", min=0, size="3", id="f-q-max-choices"),
                        ),
                        width="100%",
                    ),
                ),
                rx.cond(
                    E.f_kind == "number",
                    rx.hstack(
                        field(strings.F_MIN, rx.input(name="min_value", default_value=E.f_min, size="3", id="f-q-min")),
                        field(strings.F_MAX, rx.input(name="max_value", default_value=E.f_max, size="3", id="f-q-max")),
                        width="100%",
                    ),
                ),
                field(
                    strings.F_RULE,
                    native_select(
                        E.choice_questions,
                        E.f_rule_q,
                        E.set_rule_question,
                        placeholder=strings.F_RULE_NONE,
                        id="f-q-rule",
                    ),
                ),
                rx.cond(
                    E.f_rule_q != "",
                    field(
                        strings.F_RULE_OPTION,
                        rx.el.select(
                            rx.foreach(E.rule_options, lambda o: rx.el.option(o["name"], value=o["id"])),
                            name="rule_option",
                            id="f-q-rule-option",
                            default_value=E.f_rule_o,
                            class_name="qy-select",
                        ),
                    ),
                ),
                _btn(strings.F_SAVE, type="submit", width="100%", id="save-question"),
                rx.cond(
                    E.editing != "",
                    _btn(strings.F_CANCEL, type="button", variant="soft", width="100%", on_click=E.cancel_edit),
                ),
                width="100%",
            ),
            on_submit=E.save_question,
            key=E.form_key,
        ),
        width="100%",
    )


def _settings() -> rx.Component:
    return rx.card(
        disclosure(
            strings.SETTINGS,
            rx.form(
                rx.vstack(
                    field(
                        strings.S_TITLE,
                        rx.input(name="title", default_value=E.s_title, size="3", width="100%", id="f-s-title"),
                    ),
                    field(strings.S_INTRO, rx.text_area(name="intro", default_value=E.s_intro, rows="3", width="100%")),
                    field(strings.S_THANKS, rx.input(name="thanks", default_value=E.s_thanks, size="3", width="100%")),
                    field(
                        strings.S_OPENS,
                        rx.input(name="opens", type="datetime-local", default_value=E.s_opens, size="3"),
                    ),
                    field(
                        strings.S_CLOSES,
                        rx.input(name="closes", type="datetime-local", default_value=E.s_closes, size="3"),
                    ),
                    field(
                        strings.S_TARGET,
                        rx.input(name="target", type="number", min=0, default_value=E.s_target, size="3"),
                    ),
                    rx.el.label(
                        rx.checkbox(name="ask_student_no", default_checked=E.s_student, size="3"),
                        rx.text(strings.S_STUDENT, size="2"),
                        class_name="qy-check-row",
                    ),
                    rx.el.label(
                        rx.checkbox(name="public_results", default_checked=E.s_public, size="3", id="f-s-public"),
                        rx.text(strings.S_PUBLIC, size="2"),
                        class_name="qy-check-row",
                    ),
                    _btn(strings.SAVE, type="submit", width="100%", variant="soft"),
                    width="100%",
                ),
                on_submit=E.save_settings,
                key=E.survey_id,
            ),
        ),
        width="100%",
    )


def _links() -> rx.Component:
    return rx.card(
        disclosure(
            strings.LINKS,
            rx.vstack(
                rx.foreach(
                    E.links,
                    lambda x: rx.box(
                        rx.text(x["label"], ":", x["url"], size="2", class_name="qy-url"),
                        rx.link(strings.POSTER, href=x["poster"], is_external=True, size="2"),
                    ),
                ),
                rx.form(
                    rx.vstack(
                        field(
                            strings.LINK_LABEL_FIELD, rx.input(name="label", size="3", width="100%", id="f-link-label")
                        ),
                        field(strings.LINK_BUILDING, _select(E.buildings, "building", "f-link-building", strings.PICK)),
                        field(strings.LINK_COLLEGE, _select(E.colleges, "college", "f-link-college", strings.PICK)),
                        _btn(strings.LINK_ADD, type="submit", width="100%", variant="soft"),
                        width="100%",
                    ),
                    on_submit=E.add_link,
                    reset_on_submit=True,
                ),
                width="100%",
            ),
        ),
        width="100%",
    )


def survey_builder() -> rx.Component:
    return layout(
        notice(E.error),
        notice(E.message, kind="ok"),
        rx.cond(
            E.found,
            rx.vstack(
                rx.heading(E.title, as_="h2", size="5"),
                rx.text(E.state_label, " · ", strings.ANSWERS_N.format(n=E.answers), size="2", color_scheme="gray"),
                rx.text(E.public_url, size="2", class_name="qy-url", id="survey-url"),
                rx.flex(
                    rx.link(strings.PREVIEW, href=E.preview_href, is_external=True, class_name="qy-chip-link"),
                    rx.link(strings.RESULTS_LINK, href=E.results_href, class_name="qy-chip-link"),
                    rx.link(strings.POSTER, href=E.poster_href, is_external=True, class_name="qy-chip-link"),
                    wrap="wrap",
                    gap="8px",
                ),
                rx.flex(
                    rx.cond(E.status != "open", _btn(strings.PUBLISH, on_click=E.publish, id="publish-survey")),
                    rx.cond(E.status == "open", _btn(strings.CLOSE, variant="soft", on_click=E.close)),
                    _btn(strings.COPY, variant="soft", on_click=E.copy),
                    wrap="wrap",
                    gap="8px",
                ),
                _settings(),
                rx.heading(strings.QUESTIONS, as_="h2", size="4"),
                rx.cond(E.frozen, rx.callout(strings.FROZEN_NOTE, icon="lock", color_scheme="amber", size="1")),
                rx.vstack(rx.foreach(E.questions, _question_row), width="100%", spacing="2", id="survey-questions"),
                rx.cond(~E.frozen, _question_form()),
                _links(),
                width="100%",
                spacing="3",
            ),
        ),
        active=routes.STAFF_SURVEYS,
        title=strings.STAFF_TITLE,
    )


# ---- the results ---------------------------------------------------------------------------------


def _bar(b) -> rx.Component:
    return rx.hstack(
        rx.text(b["label"], size="1", width="8em", white_space="nowrap", overflow="hidden", text_overflow="ellipsis"),
        rx.box(rx.box(width=b["width"], height="10px", background="var(--red-9)", border_radius="4px"), flex="1"),
        rx.text(b["count"], size="1", weight="bold", min_width="2.5em", text_align="right"),
        align="center",
        width="100%",
    )


def _result(q) -> rx.Component:
    return rx.card(
        rx.text(q["title"], weight="bold", size="3"),
        rx.text(q["answered"], " ", q["line"], size="1", color_scheme="gray"),
        rx.vstack(rx.foreach(q["bars"], _bar), width="100%", spacing="1", margin_top="6px"),
        rx.foreach(q["matrix"], lambda line: rx.text(line, size="2")),
        rx.cond(
            q["texts"].length() > 0,
            disclosure(
                strings.TEXTS,
                rx.vstack(
                    rx.foreach(
                        q["texts"],
                        lambda t: rx.hstack(
                            rx.text("“", t["text"], "”", size="2", flex="1"),
                            rx.button(
                                rx.cond(t["picked"] != "", strings.QUOTE_UNPICK, strings.QUOTE_PICK),
                                size="1",
                                variant=rx.cond(t["picked"] != "", "solid", "soft"),
                                on_click=R.pick_quote(t["response"], q["id"]),
                                aria_label=t["label"],
                                class_name="qy-btn qy-btn-sm",
                            ),
                            align="center",
                            width="100%",
                        ),
                    ),
                    width="100%",
                ),
            ),
        ),
        width="100%",
        custom_attrs={"data-result": q["id"]},
    )


def survey_results() -> rx.Component:
    return layout(
        notice(R.error),
        notice(R.message, kind="ok"),
        rx.cond(
            R.found,
            rx.vstack(
                rx.heading(R.title, as_="h2", size="5"),
                rx.hstack(
                    rx.text(R.summary, size="3", weight="medium", id="results-summary"),
                    rx.spacer(),
                    _small_btn(strings.REFRESH, on_click=R.refresh),
                    align="center",
                    width="100%",
                ),
                rx.flex(
                    rx.link(strings.EXPORT_CSV, href=R.export_csv, is_external=True, class_name="qy-chip-link"),
                    rx.link(
                        strings.EXPORT_XLSX,
                        href=R.export_xlsx,
                        is_external=True,
                        class_name="qy-chip-link",
                        id="export-xlsx",
                    ),
                    rx.link(
                        strings.REPORT, href=R.report_href, is_external=True, class_name="qy-chip-link", id="report-pdf"
                    ),
                    wrap="wrap",
                    gap="8px",
                ),
                rx.card(
                    disclosure(
                        strings.FILTER,
                        rx.form(
                            rx.vstack(
                                field(strings.FILTER_SINCE, rx.input(name="since", type="date", size="3")),
                                field(strings.FILTER_UNTIL, rx.input(name="until", type="date", size="3")),
                                field(strings.FILTER_LINK, _select(R.link_options, "link", "", strings.FILTER_ALL)),
                                _btn(strings.FILTER, type="submit", variant="soft", width="100%"),
                                width="100%",
                            ),
                            on_submit=R.apply_filter,
                        ),
                    ),
                    width="100%",
                ),
                rx.vstack(rx.foreach(R.results, _result), width="100%", spacing="2", id="survey-results"),
                rx.card(
                    disclosure(
                        strings.CROSS,
                        rx.form(
                            rx.vstack(
                                field(strings.CROSS_QUESTION, _select(R.chartable, "question", "f-cross-q")),
                                field(strings.CROSS_BY, _select(R.splits, "by", "f-cross-by")),
                                _btn(strings.CROSS_RUN, type="submit", variant="soft", width="100%"),
                                width="100%",
                            ),
                            on_submit=R.cross,
                        ),
                        rx.cond(
                            R.cross_head.length() > 0,
                            rx.box(
                                rx.el.table(
                                    rx.el.thead(rx.el.tr(rx.foreach(R.cross_head, lambda h: rx.el.th(h, scope="col")))),
                                    rx.el.tbody(
                                        rx.foreach(
                                            R.cross_rows, lambda row: rx.el.tr(rx.foreach(row, lambda c: rx.el.td(c)))
                                        )
                                    ),
                                    class_name="qy-table",
                                    id="crosstab",
                                ),
                                overflow_x="auto",
                                width="100%",
                            ),
                        ),
                    ),
                    width="100%",
                ),
                rx.card(
                    rx.heading(strings.FINDING, as_="h2", size="4"),
                    rx.form(
                        rx.vstack(
                            field(
                                strings.FINDING_QUESTION, _select(R.chartable, "question", "f-finding-q", strings.PICK)
                            ),
                            field(
                                strings.FINDING_TITLE,
                                rx.input(name="title", id="f-finding-title", size="3", width="100%"),
                            ),
                            field(
                                strings.FINDING_SUMMARY,
                                rx.text_area(name="summary", id="f-finding-summary", rows="4", width="100%"),
                            ),
                            field(
                                strings.FINDING_OFFICE, _select(R.offices, "office", "f-finding-office", strings.PICK)
                            ),
                            _btn(strings.FINDING_SEND, type="submit", width="100%"),
                            width="100%",
                        ),
                        on_submit=R.make_proposal,
                    ),
                    rx.cond(
                        R.findings.length() > 0,
                        rx.vstack(
                            rx.text(strings.FINDINGS, size="2", weight="medium"),
                            rx.foreach(R.findings, lambda f: rx.link(f["title"], href=f["href"])),
                            margin_top="8px",
                        ),
                    ),
                    width="100%",
                ),
                width="100%",
                spacing="3",
            ),
        ),
        active=routes.STAFF_SURVEYS,
        title=strings.STAFF_TITLE,
    )
