"""The inspections feature's routes and URL builders. Site-wide routes are in core/routes.py."""

from __future__ import annotations

from quanyi_app.core.routes import join

INSPECT = "/inspect"
INSPECT_RUN = "/inspect/run"
INSPECT_REPORT = "/inspect/report"
INSPECT_FIX = "/inspect/fix"
STAFF_INSPECTIONS = "/staff/inspections"
STAFF_CHECKLISTS = "/staff/checklists"
STAFF_RECTIFICATIONS = "/staff/rectifications"
STAFF_TARGET_HISTORY = "/staff/inspections/target"
API_INSPECTIONS = "/api/inspections"


def record_sheet_url(inspection_id: int | str) -> str:
    return f"{API_INSPECTIONS}/{inspection_id}/record.pdf"


def run_url(inspection_id) -> str:
    return join(INSPECT_RUN, inspection_id)


def report_url(inspection_id) -> str:
    return join(INSPECT_REPORT, inspection_id)


def fix_url(rect_id) -> str:
    return join(INSPECT_FIX, rect_id)


def target_history_url(building_id) -> str:
    return join(STAFF_TARGET_HISTORY, building_id)


def export_url(kind: str, start: str, end: str) -> str:
    return f"{API_INSPECTIONS}/export.{kind}?from={start}&to={end}"
