"""`flat-desktop schedule`: who is in on a day, a worker's weekdays and days off; and `routes`,
which makes the day's rounds for whoever is in."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from flat_desktop.cli import arguments as arg
from flat_desktop.errors import InvalidInput
from flat_desktop.i18n import _

if TYPE_CHECKING:
    from flat_desktop.cli import Context

WEEKDAY_NAMES = ("月", "火", "水", "木", "金", "土", "日")


def weekdays(raw: str) -> list[int]:
    """'0,2,4' or '月,水,金': the weekdays a worker usually works."""
    out: list[int] = []
    for part in raw.replace("、", ",").split(","):
        word = part.strip()
        if word in WEEKDAY_NAMES:
            out.append(WEEKDAY_NAMES.index(word))
        elif word.isdigit() and 0 <= int(word) <= 6:
            out.append(int(word))
        elif word:
            raise argparse.ArgumentTypeError(
                _("'{value}' is not a weekday: write 0 (Monday) to 6 (Sunday), e.g. 0,2,4.").format(value=word))
    return out


def day_words(days: tuple[int, ...] | list[int]) -> str:
    return "・".join(WEEKDAY_NAMES[d] for d in days) or "-"


def add_parsers(add: Callable[..., argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    """The schedule command and its actions (``add`` is build_parser's helper)."""
    sc = add("schedule", cmd_schedule, _("who is in on a day; a worker's weekdays and days off"))
    sc.add_argument("--date", metavar="YYYY-MM-DD", type=arg.route_day)
    actions = sc.add_subparsers(dest="schedule_command", metavar="ACTION")
    off = actions.add_parser("off", parents=[common], help=_("a day off for a worker"))
    off.add_argument("worker", metavar="WORKER", type=arg.worker_code)
    off.add_argument("--date", metavar="YYYY-MM-DD", type=arg.route_day, required=True)
    off.add_argument("--reason", type=arg.text, default="")
    back = actions.add_parser("in", parents=[common], help=_("the worker comes in on that day after all"))
    back.add_argument("worker", metavar="WORKER", type=arg.worker_code)
    back.add_argument("--date", metavar="YYYY-MM-DD", type=arg.route_day, required=True)
    week = actions.add_parser("weekdays", parents=[common], help=_("the weekdays a worker usually works"))
    week.add_argument("worker", metavar="WORKER", type=arg.worker_code)
    week.add_argument("days", metavar="DAYS", type=weekdays, help=_("e.g. 0,2,4 or 月,水,金"))


def cmd_schedule(ctx: Context) -> None:
    from flat_desktop.services import people, schedule

    a = ctx.args
    db = ctx.database()
    action = a.schedule_command
    if action == "weekdays":
        if not a.days:
            raise InvalidInput(_("Give at least one weekday."), _("e.g. schedule weekdays W004 0,2,4"))
        view = schedule.set_weekdays(db, ctx.actor(), a.worker, a.days)
        print(_("{name} ({code}) works on {days}.").format(name=view.name, code=view.code,
                                                          days=day_words(view.weekdays)))
        return
    if action in ("off", "in"):
        view = schedule.set_day_off(db, ctx.actor(), a.worker, a.date, off=action == "off",
                                    reason=getattr(a, "reason", "") or "")
        said = _("{name} ({code}) is off on {day}.") if action == "off" else _("{name} ({code}) is in on {day}.")
        print(said.format(name=view.name, code=view.code, day=a.date.isoformat()))
        return
    day = a.date or dt.date.today()
    names = {w.code: w.name for w in people.workers(db)}
    codes = schedule.scheduled(db, day)
    print(_("In on {day}: {n} workers.").format(day=day.isoformat(), n=len(codes)))
    for code in codes:
        print(f"  {code} {names.get(code, '')}")


def cmd_routes(ctx: Context) -> None:
    from flat_desktop.services import routes

    day = ctx.args.date or dt.date.today()
    done = routes.make_day(ctx.database(), ctx.actor(), day)
    print(_("{n} route jobs made for {day}.").format(n=len(done.made), day=day.isoformat()))
    given = dict(done.assigned)
    for code in done.made:
        print(f"  {code} → {given.get(code, '-')}")
    for code, who in done.assigned:
        if code not in done.made:
            print(_("  {code} (made before) → {who}").format(code=code, who=who))
    for code, route in done.unstaffed:
        print(_("  {code} ({route}): nobody with the skill is in that day; assign it on the board.").format(
            code=code, route=route))
