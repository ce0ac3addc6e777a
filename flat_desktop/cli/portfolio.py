"""``flat-desktop print portfolio WORKER [--from DATE] [--to DATE] [--furigana] -o FILE.pdf``: a worker's
experience portfolio (就労経験証明) for the days asked, as the PDF the console prints."""

from __future__ import annotations

import argparse
import datetime as dt

from flat_desktop.errors import InvalidInput, quoted
from flat_desktop.i18n import _


def day(raw: str) -> dt.date:
    """A day written YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(raw.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(_("'{value}' is not a date: write YYYY-MM-DD, e.g. {today}.").format(
            value=quoted(raw), today=dt.date.today().isoformat())) from None


def add_options(pr: argparse.ArgumentParser) -> None:
    pr.add_argument("--from", dest="first", metavar="YYYY-MM-DD", type=day,
                    help=_("portfolio: the first day (default: from the beginning)"))
    pr.add_argument("--to", dest="last", metavar="YYYY-MM-DD", type=day,
                    help=_("portfolio: the last day (default: today)"))
    pr.add_argument("--furigana", action="store_true", help=_("portfolio: kana over the kanji"))


def refuse_others(args: argparse.Namespace, kind: str) -> None:
    """--from, --to and --furigana belong to the portfolio; one worker is named."""
    if kind != "portfolio":
        if args.first or args.last or args.furigana:
            raise InvalidInput(_("--from, --to and --furigana are for the portfolio only."),
                               _("Leave them out, or print portfolio WORKER."))
        return
    if len(args.items) != 1:
        raise InvalidInput(_("Name one worker."), _("e.g. print portfolio W001 -o portfolio.pdf"))
    if args.first and args.last and args.first > args.last:
        raise InvalidInput(
            _("The first day {first} is after the last day {last}.").format(first=args.first, last=args.last),
            _("Choose a first day before the last day."))
