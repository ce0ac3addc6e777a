"""`flat-desktop report hours|throughput|machines|help`: the station's reports for a date range,
as a table, JSON (``--json``), a CSV file (``--csv FILE``) or a PDF with its chart (``--pdf FILE``)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from flat_desktop.cli import arguments as arg
from flat_desktop.cli.files import check_output, write_file
from flat_desktop.errors import quoted
from flat_desktop.i18n import _

if TYPE_CHECKING:
    from flat_desktop.cli import Context

FIRST_YEAR, LAST_YEAR = 2000, 2100  # no station history lies outside these


def report_date(raw: str) -> dt.date:
    """A day in ISO form (YYYY-MM-DD)."""
    try:
        day = dt.date.fromisoformat(raw.strip())
    except ValueError:
        day = None
    if day is None or not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise argparse.ArgumentTypeError(_("'{value}' is not a date: write YYYY-MM-DD, e.g. {today}.").format(
            value=quoted(raw), today=dt.date.today().isoformat()))
    return day


def add_parsers(add: Callable[..., argparse.ArgumentParser], json_opt: argparse.ArgumentParser) -> None:
    """The report command (``add`` is build_parser's helper)."""
    from flat_desktop.services.reports import Period, ReportKind

    rp = add("report", cmd_report, _("reports: hours given back, throughput, machines, help calls"), json_opt)
    rp.add_argument("kind", choices=[k.value for k in ReportKind])
    rp.add_argument("--from", dest="start", metavar="YYYY-MM-DD", type=report_date,
                    help=_("first day (default: 90 days before --to)"))
    rp.add_argument("--to", dest="end", metavar="YYYY-MM-DD", type=report_date,
                    help=_("the day after the last (default: tomorrow)"))
    rp.add_argument("--by", choices=[p.value for p in Period],
                    help=_("grouping: day, week or month (default: month for hours, week for throughput, "
                           "day for help calls)"))
    out = rp.add_mutually_exclusive_group()
    out.add_argument("--csv", metavar="FILE.csv", type=arg.output_file, help=_("write the rows to a CSV file"))
    out.add_argument("--pdf", metavar="FILE.pdf", type=arg.output_file,
                     help=_("write the report with its chart to a PDF file"))


def cmd_report(ctx: Context) -> None:
    from flat_desktop.cli.table import render
    from flat_desktop.services import reports

    a = ctx.args
    rng = reports.Range.of(a.start, a.end)  # an end not after the start is refused here
    output = Path(a.csv or a.pdf) if a.csv or a.pdf else None
    if output is not None:
        check_output(output)
    rep = reports.report(ctx.database(), reports.ReportKind(a.kind), rng, reports.Period(a.by) if a.by else None)
    if output is not None:
        if a.pdf:
            from flat_desktop.printing.report import render_report

            write_file(output, render_report(rep))
        else:
            write_file(output, rep.as_csv().encode("utf-8-sig"))  # with a BOM: Excel reads it as UTF-8
        print(_("{n} rows written to {path}.").format(n=len(rep.lines), path=quoted(str(output))))
        return
    if a.json:
        print(json.dumps(rep.as_json(), ensure_ascii=False, indent=2, default=str))
        return
    titles = reports.column_titles()
    tables = [reports.shown_rows(rep)]
    if isinstance(rep, reports.HelpReport):
        tables.append(rep.step_rows())
    print("\n\n".join(render([titles.get(str(h), str(h)) for h in rows[0]], rows[1:]) for rows in tables))
