"""Staff pages of surveys: the list (new from a template or blank, copies), the builder (settings,
questions with display rules, order, tagged links, publish), and the results (charts, texts,
cross-tab, filters, exports, a finding turned into a proposal)."""

from __future__ import annotations

import dataclasses

import reflex as rx

from quanyi_app.core.accounts.session import SessionState, as_int, form_input, form_text
from quanyi_app.core.campus import services as campus
from quanyi_app.core.campustime import local_str, parse_day
from quanyi_app.core.db import session_scope
from quanyi_app.core.errors import UserError
from quanyi_app.core.permissions import Perm
from quanyi_app.core.routes import absolute
from quanyi_app.core.settings import get_settings
from quanyi_app.core.ui.staff_page import StaffListPage, StaffRecord
from quanyi_app.surveys import routes, strings
from quanyi_app.surveys.services import build, findings, results

CHOICE = ("single", "multi")


@dataclasses.dataclass
class SurveyRow:
    id: str = ""
    title: str = ""
    meta: str = ""
    href: str = ""
    open_label: str = ""


class SurveyListState(StaffListPage, SessionState):
    def _permission(self) -> Perm:
        return Perm.SURVEY_MANAGE

    rows: list[SurveyRow] = []
    satisfaction: list[list[str]] = []  # month, check answers, check mean, rated cases, their mean

    def _reload(self) -> None:
        who = self._require(self._permission())
        with session_scope() as session:
            self.satisfaction = [
                [
                    m.month,
                    str(m.surveys),
                    f"{m.survey_mean:.2f}" if m.survey_mean is not None else "—",
                    str(m.cases),
                    f"{m.case_mean:.2f}" if m.case_mean is not None else "—",
                ]
                for m in findings.satisfaction_by_month(session=session, actor=who)
            ]
            self.rows = [
                SurveyRow(
                    id=str(s.id),
                    title=s.title,
                    meta=" · ".join(
                        (
                            strings.STATUS_LABELS[build.state_of(s)],
                            strings.ANSWERS_N.format(n=build.answer_count(session, s.id)),
                        )
                    ),
                    href=routes.staff_survey_url(s.id),
                    open_label=strings.OPEN_NAMED.format(title=s.title),
                )
                for s in build.staff_surveys(session=session, actor=who)
            ]

    @rx.event
    def open_page(self):
        return self._open()

    @rx.event
    def create(self, form: dict | None = None):
        title, template = form_text(form, "title", 90), str((form or {}).get("template", "") or "")
        made = self._act(
            lambda s, who, url: (
                build.from_template(session=s, actor=who, key=template)
                if template
                else build.create_survey(session=s, actor=who, form=build.SurveyForm(title=title))
            ),
            strings.CREATED,
        )
        if made is not None:
            return rx.redirect(routes.staff_survey_url(made.id))

    @rx.event
    def satisfaction_month(self):
        made = self._act(lambda s, who, url: findings.satisfaction_month(session=s, actor=who), strings.SAT_STARTED)
        if made is not None:
            return rx.redirect(routes.staff_survey_url(made.id))


@dataclasses.dataclass
class QuestionView:
    id: str = ""
    number: str = ""
    kind: str = ""
    kind_label: str = ""
    title: str = ""
    detail: str = ""
    rule: str = ""
    required: bool = False
    edit_label: str = ""
    up_label: str = ""
    down_label: str = ""
    copy_label: str = ""
    remove_label: str = ""


@dataclasses.dataclass
class LinkView:
    label: str = ""
    url: str = ""
    poster: str = ""


class SurveyEditState(StaffRecord, SessionState):
    def _permission(self) -> Perm:
        return Perm.SURVEY_MANAGE

    survey_id: int = 0
    title: str = ""
    status: str = ""
    state_label: str = ""
    answers: int = 0
    frozen: bool = False
    public_url: str = ""
    preview_href: str = ""
    results_href: str = ""
    poster_href: str = ""
    # settings, shown in an uncontrolled form (keyed by the survey)
    s_title: str = ""
    s_intro: str = ""
    s_thanks: str = ""
    s_opens: str = ""
    s_closes: str = ""
    s_target: str = ""
    s_student: bool = False
    s_public: bool = False
    questions: list[QuestionView] = []
    choice_questions: list[dict[str, str]] = []  # for display rules
    rule_options: list[dict[str, str]] = []
    links: list[LinkView] = []
    buildings: list[dict[str, str]] = []
    colleges: list[dict[str, str]] = []
    # the question form: add, or edit ``editing``
    editing: str = ""
    f_kind: str = "single"
    f_title: str = ""
    f_help: str = ""
    f_required: bool = False
    f_options: str = ""
    f_rows: str = ""
    f_other: bool = False
    f_min: str = ""
    f_max: str = ""
    f_rule_q: str = ""
    f_rule_o: str = ""
    form_key: str = "new"

    def _fill_lists(self, who) -> None:
        with session_scope() as session:
            ref = campus.reference_lists(session=session, active_buildings_only=True)
            self.buildings, self.colleges = campus.options(ref.buildings), campus.options(ref.colleges)

    def _load(self) -> None:
        self._require(self._permission())
        url = get_settings().public_url
        with session_scope() as session:
            s = build.get_survey(session, self.survey_id)
            qs = build.questions(session, s.id)
            titles = {q.id: q.title for q in qs}
            labels = {q.id: {o["id"]: o["label"] for o in q.options} for q in qs}
            n = 0
            views = []
            for q in qs:
                n += q.kind != "section"
                views.append(
                    QuestionView(
                        id=str(q.id),
                        number="" if q.kind == "section" else f"{n}.",
                        kind=q.kind,
                        kind_label=strings.KIND_LABELS[q.kind],
                        title=q.title,
                        detail=" / ".join(o["label"] for o in q.options)
                        + (f" · {strings.ROWS}:{'/'.join(r['label'] for r in q.rows)}" if q.rows else ""),
                        rule=strings.RULE_LINE.format(
                            question=titles.get(q.show_if_question_id, ""),
                            option=labels.get(q.show_if_question_id, {}).get(q.show_if_option_id, ""),
                        )
                        if q.show_if_question_id
                        else "",
                        required=q.required,
                        edit_label=f"{strings.EDIT}:{q.title[:30]}",
                        up_label=f"{strings.UP}:{q.title[:30]}",
                        down_label=f"{strings.DOWN}:{q.title[:30]}",
                        copy_label=f"{strings.DUPLICATE}:{q.title[:30]}",
                        remove_label=f"{strings.REMOVE}:{q.title[:30]}",
                    )
                )
            self.questions = views
            self.choice_questions = [{"id": str(q.id), "name": q.title} for q in qs if q.kind in CHOICE]
            self.links = [
                LinkView(label=x.label, url=absolute(url, routes.answer_url(x.code)))
                for x in build.links(session, s.id)
            ]
            self.answers = build.answer_count(session, s.id)
            self.title, self.status = s.title, s.status
            self.state_label = strings.STATUS_LABELS[build.state_of(s)]
            self.s_title, self.s_intro, self.s_thanks = s.title, s.intro, s.thanks
            self.s_opens = local_str(s.opens_at, "%Y-%m-%dT%H:%M")
            self.s_closes = local_str(s.closes_at, "%Y-%m-%dT%H:%M")
            self.s_target, self.s_student, self.s_public = str(s.target), s.ask_student_no, s.public_results
            self.public_url = absolute(url, routes.answer_url(s.code))
            self.preview_href = routes.answer_url(s.code) + "?preview=1"
        self.frozen = self.answers > 0
        self.results_href = routes.staff_results_url(self.survey_id)
        self.poster_href = routes.poster_url(self.survey_id)
        self.found = True
        self._rule_options()

    def _rule_options(self) -> None:
        with session_scope() as session:
            q = next((x for x in build.questions(session, self.survey_id) if str(x.id) == self.f_rule_q), None)
            self.rule_options = [{"id": str(o["id"]), "name": o["label"]} for o in q.options] if q else []

    def _clear_form(self) -> None:
        self.editing, self.f_kind, self.f_title, self.f_help = "", "single", "", ""
        self.f_required, self.f_options, self.f_rows, self.f_other = False, "", "", False
        self.f_min = self.f_max = self.f_rule_q = self.f_rule_o = ""
        self.form_key = f"new-{len(self.questions)}"

    @rx.event
    def open_page(self):
        self._clear_form()
        return self._open("survey_id")

    @rx.event
    @form_input
    def set_kind(self, value: str):
        self.f_kind = str(value)

    @rx.event
    @form_input
    def set_rule_question(self, value: str):
        self.f_rule_q, self.f_rule_o = str(value), ""
        self._rule_options()

    @rx.event
    def save_settings(self, form: dict | None = None):
        form = form or {}
        entry = build.SurveyForm(
            title=form_text(form, "title", 90),
            intro=form_text(form, "intro", 2100),
            thanks=form_text(form, "thanks", 550),
            opens=form_text(form, "opens", 20),
            closes=form_text(form, "closes", 20),
            target=as_int(form.get("target") or "0"),
            ask_student_no=bool(form.get("ask_student_no")),
            public_results=bool(form.get("public_results")),
        )
        sid = self.survey_id
        self._act(
            lambda s, who, url: build.edit_settings(session=s, actor=who, survey_id=sid, form=entry), strings.SAVED
        )

    def _question_form(self, form: dict) -> build.QuestionForm:
        def number(name):
            raw = str(form.get(name, "") or "").strip()
            try:
                return float(raw) if raw else None
            except ValueError:
                raise UserError(strings.NUMBER_RANGE) from None

        lines = lambda name: [x for x in str(form.get(name, "") or "").splitlines() if x.strip()]  # noqa: E731
        return build.QuestionForm(
            kind=self.f_kind,
            title=form_text(form, "title", 210),
            help=form_text(form, "help", 510),
            required=bool(form.get("required")),
            options=lines("options")[:40],
            rows=lines("rows")[:40],
            allow_other=bool(form.get("allow_other")),
            min_choices=as_int(form.get("min_choices") or "0"),
            max_choices=as_int(form.get("max_choices") or "0"),
            min_value=number("min_value"),
            max_value=number("max_value"),
            show_if_question_id=as_int(self.f_rule_q),
            show_if_option_id=as_int(form.get("rule_option")),
        )

    @rx.event
    def save_question(self, form: dict | None = None):
        form = form or {}
        try:
            entry = self._question_form(form)
        except UserError as err:
            self.error = err.message
            return
        sid, qid = self.survey_id, as_int(self.editing)
        done = self._act(
            lambda s, who, url: (
                build.edit_question(session=s, actor=who, question_id=qid, form=entry)
                if qid
                else build.add_question(session=s, actor=who, survey_id=sid, form=entry)
            ),
            strings.Q_SAVED,
        )
        if done is not None:
            self._clear_form()

    @rx.event
    def edit(self, question_id: str):
        try:
            self._require(self._permission())
        except UserError as err:
            self._refused(err.message)
            return
        with session_scope() as session:
            q = next((x for x in build.questions(session, self.survey_id) if str(x.id) == str(question_id)), None)
            if q is None:
                self.error = strings.QUESTION_NOT_FOUND
                return
            self.editing, self.f_kind, self.f_title, self.f_help = str(q.id), q.kind, q.title, q.help
            self.f_required, self.f_other = q.required, q.allow_other
            self.f_options = "\n".join(o["label"] for o in q.options)
            self.f_rows = "\n".join(r["label"] for r in q.rows)
            self.f_min = "" if q.min_value is None else f"{q.min_value:g}"
            self.f_max = "" if q.max_value is None else f"{q.max_value:g}"
            self.f_rule_q = str(q.show_if_question_id or "")
            self.f_rule_o = str(q.show_if_option_id or "")
        self.form_key = f"edit-{question_id}"
        self._rule_options()

    @rx.event
    @form_input
    def cancel_edit(self):
        self._clear_form()

    @rx.event
    def remove(self, question_id: str):
        qid = as_int(question_id)
        self._act(lambda s, who, url: build.remove_question(session=s, actor=who, question_id=qid), strings.Q_REMOVED)

    @rx.event
    def duplicate(self, question_id: str):
        qid = as_int(question_id)
        self._act(lambda s, who, url: build.duplicate_question(session=s, actor=who, question_id=qid), strings.Q_SAVED)

    @rx.event
    def move(self, question_id: str, up: bool):
        qid = as_int(question_id)
        self._act(
            lambda s, who, url: build.move_question(session=s, actor=who, question_id=qid, up=bool(up)), strings.Q_MOVED
        )

    @rx.event
    def publish(self):
        sid = self.survey_id
        self._act(lambda s, who, url: build.publish(session=s, actor=who, survey_id=sid), strings.PUBLISHED)

    @rx.event
    def close(self):
        sid = self.survey_id
        self._act(lambda s, who, url: build.close(session=s, actor=who, survey_id=sid), strings.CLOSED_DONE)

    @rx.event
    def copy(self):
        sid = self.survey_id
        made = self._act(lambda s, who, url: build.copy_survey(session=s, actor=who, survey_id=sid), strings.COPIED)
        if made is not None:
            return rx.redirect(routes.staff_survey_url(made.id))

    @rx.event
    def add_link(self, form: dict | None = None):
        form = form or {}
        sid, label = self.survey_id, form_text(form, "label", 70)
        building, college = as_int(form.get("building")), as_int(form.get("college"))
        self._act(
            lambda s, who, url: build.add_link(
                session=s, actor=who, survey_id=sid, label=label, building_id=building, college_id=college
            ),
            strings.LINK_ADDED,
        )


@dataclasses.dataclass
class BarView:
    label: str = ""
    count: str = ""
    width: str = "0%"


@dataclasses.dataclass
class ResultView:
    id: str = ""
    title: str = ""
    kind: str = ""
    answered: str = ""
    line: str = ""
    bars: list[BarView] = dataclasses.field(default_factory=list)
    matrix: list[str] = dataclasses.field(default_factory=list)
    texts: list[dict[str, str]] = dataclasses.field(default_factory=list)  # {response, text, picked, label}


def _bar_views(bars) -> list[BarView]:
    return [BarView(b.label, str(b.count), f"{round(b.share * 100)}%") for b in bars]


class SurveyResultsState(StaffRecord, SessionState):
    def _permission(self) -> Perm:
        return Perm.SURVEY_MANAGE

    survey_id: int = 0
    title: str = ""
    summary: str = ""
    results: list[ResultView] = []
    chartable: list[dict[str, str]] = []
    splits: list[dict[str, str]] = []
    link_options: list[dict[str, str]] = []
    offices: list[dict[str, str]] = []
    since: str = ""
    until: str = ""
    link_id: str = ""
    cross_q: str = ""
    cross_by: str = "college"
    cross_head: list[str] = []
    cross_rows: list[list[str]] = []
    export_csv: str = ""
    export_xlsx: str = ""
    report_href: str = ""
    findings: list[dict[str, str]] = []

    def _filter(self) -> results.Filter:
        since, until = parse_day(self.since), parse_day(self.until)
        return results.Filter(
            since=since,
            until=until.replace(hour=23, minute=59, second=59) if until else None,
            link_id=as_int(self.link_id),
        )

    def _fill_lists(self, who) -> None:
        with session_scope() as session:
            self.offices = campus.options(campus.reference_lists(session=session).offices)

    def _load(self) -> None:
        who = self._require(self._permission())
        flt = self._filter()
        with session_scope() as session:
            r = results.results(session=session, actor=who, survey_id=self.survey_id, flt=flt)
            qs = build.questions(session, self.survey_id)
            self.link_options = [{"id": str(x.id), "name": x.label} for x in build.links(session, self.survey_id)]
            self.findings = [
                {"title": f.title, "href": f.href}
                for f in findings.of_survey(session=session, survey_id=self.survey_id)
            ]
            if self.cross_q:
                t = results.crosstab(
                    session=session,
                    actor=who,
                    survey_id=self.survey_id,
                    question_id=as_int(self.cross_q),
                    by=self.cross_by,
                    flt=flt,
                )
                self.cross_head = ["", *t.columns]
                self.cross_rows = [[g, *map(str, row)] for g, row in zip(t.groups, t.cells, strict=True)]
            else:
                self.cross_head, self.cross_rows = [], []
        picked = {(x.get("r"), x.get("q")) for x in r.survey.quotes or []}
        self.title = r.survey.title
        self.summary = strings.SUMMARY.format(
            n=r.responses,
            completion=f"{r.completion * 100:.0f}%" if r.completion is not None else "—",
            target=r.target or "—",
        )
        self.results = [
            ResultView(
                id=str(q.id),
                title=q.title,
                kind=q.kind,
                answered=strings.ANSWERED_N.format(n=q.answered),
                line=" · ".join(
                    x
                    for x in (
                        strings.RESULTS_MEAN.format(mean=q.mean) if q.mean is not None else "",
                        strings.RESULTS_NPS.format(nps=q.nps) if q.nps is not None else "",
                        f"{strings.OTHER}:{'、'.join(q.other[:20])}" if q.other else "",
                    )
                    if x
                ),
                bars=_bar_views(q.bars),
                matrix=[
                    f"{label}:{' / '.join(f'{b.label} {b.count}' for b in bars)}"
                    + (f"({strings.RESULTS_MEAN.format(mean=mean)})" if mean is not None else "")
                    for label, bars, mean in q.rows
                ],
                texts=[
                    {
                        "response": str(rid),
                        "text": text,
                        "picked": "1" if (rid, q.id) in picked else "",
                        "label": f"{strings.QUOTE_PICK}:{text[:20]}",
                    }
                    for rid, text in list(zip(q.text_ids, q.texts, strict=True))[:200]
                ],
            )
            for q in r.questions
        ]
        self.chartable = [
            {"id": str(q.id), "name": q.title} for q in qs if q.kind in (*results.CHART_KINDS, "rating", "nps")
        ]
        self.splits = [
            {"id": "building", "name": strings.COL_BUILDING},
            {"id": "college", "name": strings.COL_COLLEGE},
            {"id": "grade", "name": strings.COL_GRADE},
        ] + [{"id": f"q{q.id}", "name": q.title} for q in qs if q.kind == "single"]
        query = f"?since={self.since}&until={self.until}&link={self.link_id}"
        self.export_csv = routes.export_url(self.survey_id, "csv") + query
        self.export_xlsx = routes.export_url(self.survey_id, "xlsx") + query
        self.report_href = routes.report_url(self.survey_id)
        self.found = True

    @rx.event
    def open_page(self):
        self.since = self.until = self.link_id = self.cross_q = ""
        parts = [p for p in self.router.url.path.split("/") if p]  # /staff/surveys/<id>/results
        self.survey_id = as_int(parts[-2]) if len(parts) >= 2 else 0
        return self._open()

    @rx.event
    def refresh(self):
        self._refresh()

    @rx.event
    def apply_filter(self, form: dict | None = None):
        form = form or {}
        self.since, self.until = form_text(form, "since", 12), form_text(form, "until", 12)
        self.link_id = str(form.get("link", "") or "")
        self._refresh()

    @rx.event
    def cross(self, form: dict | None = None):
        form = form or {}
        self.cross_q, self.cross_by = str(form.get("question", "") or ""), str(form.get("by", "") or "college")
        self._refresh()

    @rx.event
    def pick_quote(self, response_id: str, question_id: str):
        sid, rid, qid = self.survey_id, as_int(response_id) or 0, as_int(question_id) or 0
        self._act(
            lambda s, who, url: results.pick_quote(
                session=s, actor=who, survey_id=sid, response_id=rid, question_id=qid
            ),
            strings.QUOTE_PICKED,
        )

    @rx.event
    def make_proposal(self, form: dict | None = None):
        form = form or {}
        sid, qid, office = self.survey_id, as_int(form.get("question")), as_int(form.get("office"))
        title, summary = form_text(form, "title", 90), form_text(form, "summary", 5100)
        made = self._act(
            lambda s, who, url: findings.to_proposal(
                session=s, actor=who, survey_id=sid, question_id=qid, title=title, summary=summary, office_id=office
            ),
            strings.PROPOSAL_MADE,
        )
        if made is not None:
            return rx.set_value("f-finding-title", "")
