"""Who is acting, from where, and the checks every service shares."""

from __future__ import annotations

from dataclasses import dataclass

from flat_desktop.config import fit_station_name
from flat_desktop.db.models import Role
from flat_desktop.errors import NotAllowed
from flat_desktop.i18n import _

ADMIN = "admin"
# Staff of an ordering department at the web ordering desk (flat_desktop.web): not a station worker.
REQUESTER = "requester"


@dataclass(frozen=True)
class Actor:
    """The person (or the administrator's CLI) on whose behalf a service acts.

    ``worker`` is the worker code (None for the administrator and for a requester); ``station``
    names the PC (``web`` for the ordering desk); ``requester`` is a requester's id at the desk.
    """

    worker: str | None
    role: str
    station: str
    name: str = ""
    requester: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "station", fit_station_name(self.station))  # e.g. console@<long host name>

    @classmethod
    def admin(cls, station: str = "cli") -> Actor:
        return cls(None, ADMIN, station, "admin")

    @classmethod
    def web(cls, requester: int, name: str, station: str = "web") -> Actor:
        """A department's requester signed in at the web ordering desk."""
        return cls(None, REQUESTER, station, name, requester)

    @property
    def is_supervisor(self) -> bool:
        return self.role in (Role.SUPERVISOR, ADMIN)

    @property
    def is_requester(self) -> bool:
        return self.role == REQUESTER and self.requester is not None


def require_supervisor(actor: Actor) -> None:
    if not actor.is_supervisor:
        raise NotAllowed(_("Only a supervisor can do this."), _("Ask a supervisor."), reason="supervisor_only")


def require_requester(actor: Actor) -> int:
    """The acting requester's id: only a department's signed-in requester acts at the ordering desk."""
    if not actor.is_requester or actor.requester is None:
        raise NotAllowed(_("Sign in to the ordering desk first."), _("Sign in with your staff number."),
                         reason="not_signed_in")
    return actor.requester


def require_worker(actor: Actor) -> str:
    """The acting worker's code; the administrator cannot do a worker's steps."""
    if actor.worker is None:
        raise NotAllowed(_("Sign in with your badge first."), _("Scan your badge."), reason="not_signed_in")
    return actor.worker
