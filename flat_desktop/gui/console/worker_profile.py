"""The worker editor's accessibility profile: every setting the station applies at sign-in,
a live picture of the station in that profile and a button to hear the voice."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from flat_desktop import ruby
from flat_desktop.gui.console.profile_preview import ProfilePreview, sample_step, theme_name
from flat_desktop.gui.widgets.field_row import FieldRow
from flat_desktop.i18n import _
from flat_desktop.profile import MAX_TEXT_PT, MIN_TEXT_PT, Profile
from flat_desktop.services import people
from flat_desktop.services.people import PROFILE_LABELS
from flat_desktop.station import voice


class ProfileBox(QGroupBox):
    """Signals: ``changed`` when any setting is edited (the preview follows by itself)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Accessibility profile (the station applies it at sign-in)"), parent)
        self._speaker: Any = None
        self.theme = QComboBox()
        for key in ("dark", "light", "yellow_on_black"):
            self.theme.addItem(theme_name(key), key)
        self.text_pt = QSpinBox()
        self.text_pt.setRange(MIN_TEXT_PT, MAX_TEXT_PT)
        self.text_pt.setSingleStep(4)
        self.text_pt.setSuffix(" pt")
        self.furigana = QCheckBox(_("Show"))
        self.pictures = QCheckBox(_("Show"))
        self.speech = QCheckBox(_("On"))
        self.read_steps = QCheckBox(_("On"))
        self.voice = QComboBox()
        self.voice.addItem(_("Default voice"), "")
        self.rate = _decimal(people.RATE_RANGE, 0.05, 2, " ×")
        self.volume = _decimal(people.VOLUME_RANGE, 0.1, 2)
        self.min_dwell_s = _decimal(people.DWELL_RANGE, 0.5, 1)
        self.confirm_done = QCheckBox(_("On"))
        self.auto_advance_s = QSpinBox()
        # 1 and 2 are offered (and refused at the field) so a typed value is shown, not silently changed.
        self.auto_advance_s.setRange(0, people.AUTO_RANGE[1])
        self.auto_advance_s.setSpecialValueText(_("never"))
        for spin in (self.text_pt, self.auto_advance_s):
            spin.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToNearestValue)
        self.language = QComboBox()
        self.language.addItem("日本語", "ja")
        self.language.addItem("English", "en")
        self.note = QLineEdit()
        self.note.setPlaceholderText(_("What helps this person (shown in the console only)"))
        self.hear = QPushButton(_("Hear the voice"))
        self.hear.setAccessibleName(_("Hear the voice"))
        widgets: dict[str, QWidget] = {
            "theme": self.theme, "text_pt": self.text_pt, "furigana": self.furigana, "pictures": self.pictures,
            "speech": self.speech, "read_steps": self.read_steps, "voice": self.voice, "rate": self.rate,
            "volume": self.volume, "min_dwell_s": self.min_dwell_s, "confirm_done": self.confirm_done,
            "auto_advance_s": self.auto_advance_s, "language": self.language, "note": self.note,
        }
        missing = {f for f in Profile.__dataclass_fields__} - set(widgets)
        assert not missing, f"profile fields without a widget: {missing}"
        self.fields = {key: FieldRow(w, label=PROFILE_LABELS[key]()) for key, w in widgets.items()}
        form = QFormLayout()
        for f in self.fields.values():
            f.add_to(form)
        form.addRow("", self.hear)
        self.preview = ProfilePreview()
        lay = QHBoxLayout(self)
        lay.addLayout(form, 1)
        side = QVBoxLayout()
        side.addWidget(self.preview)
        side.addStretch(1)
        lay.addLayout(side)

        self.note.textChanged.connect(self._changed)
        for combo in (self.theme, self.voice, self.language):
            combo.currentIndexChanged.connect(self._changed)
        for check in (self.furigana, self.pictures, self.speech, self.read_steps, self.confirm_done):
            check.toggled.connect(self._changed)
        for spin in (self.text_pt, self.auto_advance_s):
            spin.valueChanged.connect(self._changed)
        for dspin in (self.rate, self.volume, self.min_dwell_s):
            dspin.valueChanged.connect(self._changed)

    def _changed(self, *_args: object) -> None:
        if not people.profile_problems(self.values()):
            self.preview.show_profile(Profile.from_dict(self.values()))
        self.changed.emit()

    def fill(self, profile: Profile) -> None:
        self.theme.setCurrentIndex(max(0, self.theme.findData(str(profile.theme))))
        self.text_pt.setValue(profile.text_pt)
        self.furigana.setChecked(profile.furigana)
        self.pictures.setChecked(profile.pictures)
        self.speech.setChecked(profile.speech)
        self.read_steps.setChecked(profile.read_steps)
        if profile.voice and self.voice.findData(profile.voice) < 0:
            self.voice.addItem(profile.voice, profile.voice)
        self.voice.setCurrentIndex(max(0, self.voice.findData(profile.voice or "")))
        self.rate.setValue(profile.rate)
        self.volume.setValue(profile.volume)
        self.min_dwell_s.setValue(profile.min_dwell_s)
        self.confirm_done.setChecked(profile.confirm_done)
        self.auto_advance_s.setValue(profile.auto_advance_s or 0)
        self.language.setCurrentIndex(max(0, self.language.findData(profile.language)))
        self.note.setText(profile.note)
        self.preview.show_profile(profile, now=True)

    def values(self) -> dict[str, Any]:
        auto = self.auto_advance_s.value()
        return {
            "theme": str(self.theme.currentData()),
            "text_pt": self.text_pt.value(),
            "pictures": self.pictures.isChecked(),
            "furigana": self.furigana.isChecked(),
            "speech": self.speech.isChecked(),
            "voice": str(self.voice.currentData()) or None,
            "rate": round(self.rate.value(), 2),
            "volume": round(self.volume.value(), 2),
            "read_steps": self.read_steps.isChecked(),
            "min_dwell_s": round(self.min_dwell_s.value(), 1),
            "confirm_done": self.confirm_done.isChecked(),
            "auto_advance_s": auto or None,
            "language": str(self.language.currentData()),
            "note": self.note.text().strip(),
        }

    def set_editable(self, editable: bool) -> None:
        for f in self.fields.values():
            f.editor.setEnabled(editable)
        self.hear.setEnabled(editable)

    def hear_voice(self) -> str:
        """Say the sample step in this profile's voice; returns a word for the status line."""
        from flat_desktop.speech import create_speaker

        values = self.values()
        if not values["speech"]:
            return _("Speech is off for this person: the station stays silent.")
        if self._speaker is None:
            self._speaker = create_speaker(None, values["language"])
            for v in self._speaker.voices():
                if self.voice.findData(v.id) < 0:
                    self.voice.addItem(f"{v.name} ({v.language})" if v.language else v.name, v.id)
        profile = Profile.from_dict(values)
        self._speaker.settings = voice.speech_settings(profile)
        self._speaker.language = profile.language
        markup = sample_step().step.text
        self._speaker.say(ruby.to_kana(markup) if self._speaker.kana_only else ruby.to_plain(markup))
        return ""


def _decimal(bounds: tuple[float, float], step: float, decimals: int, suffix: str = "") -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(*bounds)
    box.setSingleStep(step)
    box.setDecimals(decimals)
    box.setSuffix(suffix)
    box.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToNearestValue)
    return box
