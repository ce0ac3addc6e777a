"""Readings of the names and titles a worker sees and hears (machines, routes, orders and jobs).

A reading is ruby markup (see :mod:`flat_desktop.ruby`) made when the text is entered: the one
the supervisor wrote, or else one proposed by the Japanese analyser. It gives the station its
furigana and a kana-only voice the sound of the name.
"""

from __future__ import annotations

from flat_desktop import japanese, ruby
from flat_desktop.db.models import Department
from flat_desktop.errors import InvalidInput
from flat_desktop.i18n import _


def reading_of(text: str, given: str = "", *, field: str = "reading") -> str:
    """The reading to store with ``text``: ``given`` (checked) or, when empty, a proposal.

    A reading written for another text (a title edited after its reading) is refused, so the
    screen and the voice never say something else than the ticket.
    """
    given = given.strip()
    if not given:
        return japanese.ruby_markup(text)
    if not ruby.is_valid(given):
        raise InvalidInput(_("The reading is not written correctly."),
                           _("Write each reading as {word|よみ}, or leave it empty to have it proposed."),
                           field=field, reason="bad_reading")
    if ruby.to_plain(given) != text:
        raise InvalidInput(_("The reading is of another text."),
                           _("Write the reading again, or leave it empty to have it proposed."),
                           field=field, reason="reading_mismatch")
    return given


def department_reading(d: Department) -> str:
    """A department's name as markup: from its stored kana, else proposed."""
    return ruby.from_kana(d.name, d.kana) if d.kana.strip() else japanese.ruby_markup(d.name)
