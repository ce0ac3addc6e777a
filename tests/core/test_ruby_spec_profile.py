"""Reading markup, standard-spec validation and profile clamping."""

from __future__ import annotations

import pytest

from flat_desktop import ruby, spec
from flat_desktop.errors import InvalidInput
from flat_desktop.profile import MAX_TEXT_PT, MIN_TEXT_PT, Profile, Theme


def test_ruby_markup_gives_plain_text_and_kana() -> None:
    """One markup string serves the screen (plain + furigana) and kana-only speech."""
    m = "{封筒|ふうとう}を200{枚|まい}{用意|ようい}します"
    assert ruby.to_plain(m) == "封筒を200枚用意します"
    assert ruby.to_kana(m) == "ふうとうを200まいよういします"
    assert ruby.parse(m)[0] == ("封筒", "ふうとう")
    assert ruby.build(ruby.parse(m)) == m
    assert ruby.is_valid(m) and not ruby.is_valid("{封筒|ふうとう")


COPY_SPEC = [
    {"key": "originals", "label": "原稿の枚数", "label_en": "Originals", "type": "int", "min": 1, "max": 500},
    {
        "key": "paper",
        "label": "用紙",
        "label_en": "Paper",
        "type": "choice",
        "default": "A4",
        "choices": [{"value": "A4", "label": "A4"}, {"value": "A3", "label": "A3"}],
    },
    {"key": "duplex", "label": "両面", "label_en": "Duplex", "type": "bool", "default": True},
]


def test_spec_validation_cleans_values() -> None:
    """Values are converted to their field types and defaults fill the gaps."""
    assert spec.validate(COPY_SPEC, {"originals": "12"}) == {"originals": 12, "paper": "A4", "duplex": True}


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"originals": ""}, "originals"),
        ({"originals": "abc"}, "originals"),
        ({"originals": 0}, "originals"),
        ({"originals": 501}, "originals"),
        ({"originals": 3, "paper": "B9"}, "paper"),
        ({"originals": 3, "duplex": "maybe"}, "duplex"),
        ({"originals": 3, "colour": "red"}, "colour"),
    ],
)
def test_spec_rejects_bad_fields(values: dict[str, object], field: str) -> None:
    """Each bad field is named, with a message that says what to enter."""
    with pytest.raises(InvalidInput) as err:
        spec.validate(COPY_SPEC, values)
    assert err.value.field == field
    assert err.value.message and err.value.hint


def test_spec_errors_lists_every_bad_field() -> None:
    """A form can mark every bad field at once."""
    assert set(spec.errors(COPY_SPEC, {"originals": "x", "paper": "B9"})) == {"originals", "paper"}


def test_fill_puts_order_values_into_step_text() -> None:
    """Step templates take the order's values; ruby braces are left alone."""
    assert spec.fill("{封筒|ふうとう}を$quantity{枚|まい}", {"quantity": 200}) == "{封筒|ふうとう}を200{枚|まい}"


def test_profile_is_clamped_and_tolerant() -> None:
    """A hand-edited or old profile can never make the station unusable."""
    p = Profile.from_dict({"text_pt": 300, "theme": "pink", "rate": 9, "unknown": 1, "auto_advance_s": 0})
    assert p.text_pt == MAX_TEXT_PT and p.theme is Theme.DARK and p.rate == 2.0 and p.auto_advance_s is None
    assert Profile.from_dict({"text_pt": 8}).text_pt == MIN_TEXT_PT
    assert Profile.from_dict(Profile().to_dict()) == Profile()
