"""A survey's documents: the report for an office (its charts drawn as vectors, the figures, and
the free-text answers staff picked as quotes; real text, the CJK font embedded) and the A4 poster with the
QR code of its link (or of a tagged link)."""

from __future__ import annotations

from sqlmodel import Session

from quanyi_app.core.accounts.services import Principal
from quanyi_app.core.campustime import campus_today, local_str
from quanyi_app.core.documents import Document
from quanyi_app.core.errors import UserError
from quanyi_app.core.permissions import Perm, require
from quanyi_app.core.routes import absolute
from quanyi_app.surveys import routes, strings
from quanyi_app.surveys.services import build, results


def report_pdf(*, session: Session, actor: Principal, survey_id: int | None, public_url: str = "") -> bytes:
    r = results.results(session=session, actor=actor, survey_id=survey_id)
    s = r.survey
    doc = Document(strings.REPORT_TITLE.format(title=s.title))
    doc.label(strings.REPORT_DEPARTMENT)
    doc.heading(strings.REPORT_TITLE.format(title=s.title))
    doc.text(
        strings.SUMMARY.format(
            n=r.responses,
            completion=f"{r.completion * 100:.0f}%" if r.completion is not None else "—",
            target=r.target or "—",
        )
    )
    span = " – ".join(x for x in (local_str(s.opens_at, "%Y-%m-%d"), local_str(s.closes_at, "%Y-%m-%d")) if x)
    if span:
        doc.small(strings.REPORT_PERIOD.format(span=span))
    doc.small(strings.REPORT_MADE.format(day=campus_today().isoformat()))
    doc.rule()
    for n, q in enumerate(r.questions, start=1):
        doc.subheading(f"{n}. {q.title}", 12)
        doc.small(strings.ANSWERED_N.format(n=q.answered))
        if q.bars:
            doc.bars([(b.label, b.count, b.share) for b in q.bars])
        for label, bars, mean in q.rows:
            doc.text(label + (f"({strings.RESULTS_MEAN.format(mean=mean)})" if mean is not None else ""), 10, bold=True)
            doc.bars([(b.label, b.count, b.share) for b in bars])
        figures = [
            strings.RESULTS_MEAN.format(mean=q.mean) if q.mean is not None else "",
            strings.RESULTS_NPS.format(nps=q.nps) if q.nps is not None else "",
        ]
        if any(figures):
            doc.text(" · ".join(x for x in figures if x), 10)
        for quote in q.quotes:  # the texts staff picked
            doc.text(f"“{quote}”", 10)
    return bytes(doc)


def poster_pdf(
    *, session: Session, actor: Principal, survey_id: int | None, public_url: str, link_id: int | None = None
) -> bytes:
    require(actor, Perm.SURVEY_MANAGE)
    s = build.get_survey(session, survey_id)
    code, label = s.code, ""
    if link_id:
        link = next((x for x in build.links(session, s.id) if x.id == link_id), None)
        if link is None:
            raise UserError(strings.SURVEY_NOT_FOUND)
        code, label = link.code, link.label
    url = absolute(public_url, routes.answer_url(code))
    doc = Document(s.title)
    doc.space(8)
    doc.text(strings.REPORT_DEPARTMENT, 14, center=True)
    doc.space(4)
    doc.heading(s.title, 30, center=True)
    if s.intro:
        doc.text(s.intro, 13, center=True)
    if s.closes_at:
        doc.text(build.when_label(s), 14, bold=True, center=True)
    if label:
        doc.small(label, center=True)
    doc.space(8)
    doc.qr(url, 80)
    doc.text(strings.POSTER_ASK, 16, bold=True, center=True)
    doc.small(strings.ANONYMOUS_NOTE, center=True)
    doc.small(url, center=True)
    return bytes(doc)
