"""Dialog buttons in the console's language: Qt's standard buttons say "OK", "Cancel", "Yes"
and "No" in English unless Qt's own catalogues are installed, so every button box is named here."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QWidget

from flat_desktop.i18n import N_, _

Std = QDialogButtonBox.StandardButton
# "OK" reads the same in Japanese, so it is not a message to translate.
_TEXTS: dict[Std, str] = {
    Std.Ok: "OK", Std.Cancel: N_("Cancel"), Std.Yes: N_("Yes"), Std.No: N_("No"), Std.Close: N_("Close"),
    Std.Save: N_("Save"), Std.Apply: N_("Apply"),
}


def name_buttons(box: QDialogButtonBox, **verbs: str) -> QDialogButtonBox:
    """Give every standard button of ``box`` its text in the current language; ``verbs`` name a
    button by what it does instead (``ok=_("Deliver")``), which says more than "OK"."""
    for std, text in _TEXTS.items():
        button = box.button(std)
        if button is not None:
            button.setText(_(text) if text != "OK" else text)
    for name, text in verbs.items():
        button = box.button(getattr(Std, name.capitalize()))
        if button is not None:
            button.setText(text)
    return box


def button_box(buttons: Std = Std.Ok | Std.Cancel, parent: QWidget | None = None, **verbs: str) -> QDialogButtonBox:
    """A button box whose buttons are already named (see name_buttons)."""
    return name_buttons(QDialogButtonBox(buttons, parent), **verbs)
