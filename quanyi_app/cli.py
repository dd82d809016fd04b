"""Command line: ``python -m quanyi_app.cli setup`` prepares the database before serving;
``python -m quanyi_app.cli run`` serves (quanyi_app/launcher.py).

Used by ``make run``: applies migrations, loads demo data on first start, creates the
first admin (password from QUANYI_ADMIN_PASSWORD, or generated and printed once).
Errors in settings or the database connection end with a clear Chinese line, not a trace.
"""

from __future__ import annotations

import argparse
import sys

from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from quanyi_app.core import strings
from quanyi_app.core.settings import SettingsError, load_settings


def setup(demo: bool) -> int:
    try:
        settings = load_settings()
    except SettingsError as err:
        print(strings.BOOT_SETTINGS_ERROR.format(message=err), file=sys.stderr)
        return 2
    from quanyi_app import demo as demo_data
    from quanyi_app.core import bootstrap
    from quanyi_app.core.accounts import services as accounts
    from quanyi_app.core.db import make_engine
    from quanyi_app.proposals.services import qr

    try:
        bootstrap.upgrade(settings.database_url)
    except OperationalError as err:
        print(strings.BOOT_DB_ERROR.format(message=err.orig), file=sys.stderr)
        return 3
    bootstrap.ensure_dirs(settings.upload_dir)
    print(strings.BOOT_MIGRATED)
    engine = make_engine(settings.database_url)
    with Session(engine) as session:
        if demo:
            summary = demo_data.load_demo_data(session=session)
            if summary is not None:
                print(strings.BOOT_DEMO_LOADED.format(**summary.__dict__))
        created = accounts.ensure_first_admin(session=session, password=settings.admin_password)
        if demo:
            demo_data.load_demo_cases(session=session)
            demo_data.load_demo_found(session=session)
            demo_data.load_demo_inspections(session=session)
            demo_data.load_demo_lending(session=session)
            demo_data.load_demo_events(session=session)
            demo_data.load_demo_open_day(session=session)
            demo_data.load_demo_duty(session=session)
            demo_data.load_demo_surveys(session=session)
        points = qr.list_points(session=session)
        sample = [p for p in points if p.kind == "book"][:1] or points[:1]  # a dorm's proposal book
        session.commit()  # set-up is one unit of work: services only flush
    engine.dispose()
    if sample:
        print(
            strings.BOOT_SAMPLE_SCAN.format(label=sample[0].label, url=qr.scan_url(settings.public_url, sample[0].code))
        )
    if created is not None:
        username, generated = created
        print(strings.BOOT_ADMIN_CREATED.format(username=username))
        print(strings.BOOT_ADMIN_PASSWORD.format(password=generated) if generated else strings.BOOT_ADMIN_FROM_ENV)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="quanyi")
    sub = parser.add_subparsers(dest="command", required=True)
    p_setup = sub.add_parser("setup", help="migrate, load demo data, create the first admin")
    p_setup.add_argument("--no-demo", action="store_true", help="do not load demo data")
    sub.add_parser("purge", help="blank personal data older than 90 days (the app also does this every 6 h)")
    p_run = sub.add_parser("run", help="serve the production build (state store: see quanyi_app/launcher.py)")
    p_run.add_argument("--port", type=int, default=3000)
    p_run.add_argument("--backend-only", action="store_true", help="no frontend build (the load benchmark)")
    sub.add_parser("build", help="build the frontend once, for QUANYI_PUBLIC_URL (the nodes of a cluster serve it)")
    p_node = sub.add_parser("node", help="one node of a cluster: serve what `build` made, without rebuilding")
    p_node.add_argument("--port", type=int, required=True)
    p_node.add_argument("--host", default="127.0.0.1", help="the address nginx reaches this node on")
    args, extra = parser.parse_known_args(argv)
    if args.command == "run":
        from quanyi_app.launcher import run

        return run(args.port, backend_only=args.backend_only, extra_args=extra)
    if args.command == "node":
        from quanyi_app.launcher import run

        return run(args.port, prebuilt=True, host=args.host)
    if args.command == "build":
        from quanyi_app.core.settings import get_settings
        from quanyi_app.launcher import build

        return build(get_settings().public_url)
    if extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    if args.command == "setup":
        return setup(demo=not args.no_demo)
    if args.command == "purge":
        from quanyi_app.events.jobs import purge_once as purge_registrations
        from quanyi_app.lostfound.jobs import purge_once

        print(strings.BOOT_PURGED.format(**purge_once(), registrations=purge_registrations()))
        return 0
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
