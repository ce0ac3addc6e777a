"""Count targets in the machine's own unit, and the station's file of counts in progress."""

from __future__ import annotations

from flat_desktop import spec
from flat_desktop.station.tally import Tally


def test_count_target_is_a_value_or_a_product_of_values() -> None:
    values = {"quantity": 70, "originals": 10, "duplex": True, "name": "x"}
    assert spec.count_target("quantity", values) == 70
    assert spec.count_target("quantity*originals", values) == 700
    assert spec.count_target("quantity * 2", values) == 140
    assert spec.count_target(None, values) is None
    assert spec.count_target("", values) is None
    assert spec.count_target("quantity*missing", values) is None
    assert spec.count_target("quantity*duplex", values) is None  # a yes/no is not a number
    assert spec.count_target("name", values) is None


def test_tally_keeps_counts_across_a_restart_and_forgets_recorded_ones(tmp_path) -> None:
    path = tmp_path / "station" / "counts.json"
    tally = Tally(path)
    tally.set("J-260101-001", 1, 400)
    tally.set("J-260101-001", 3, 12)
    tally.set("J-260101-002", 1, 5)
    again = Tally(path)
    assert again.get("J-260101-001", 1) == 400 and again.get("J-260101-001", 2) == 0
    again.forget("J-260101-001", 1)
    assert Tally(path).get("J-260101-001", 1) == 0 and Tally(path).get("J-260101-001", 3) == 12
    again.forget("J-260101-001")
    assert Tally(path).get("J-260101-001", 3) == 0 and Tally(path).get("J-260101-002", 1) == 5
    again.set("J-260101-002", 1, 0)
    assert path.read_text() == "{}"


def test_a_damaged_count_file_starts_again_at_zero(tmp_path) -> None:
    path = tmp_path / "counts.json"
    path.write_text("{not json")
    assert Tally(path).get("J-260101-001", 1) == 0
    path.write_text('{"J-260101-001/1": "400", "J-260101-001/2": 7, "J-260101-001/3": true}')
    tally = Tally(path)
    assert tally.get("J-260101-001", 1) == 0 and tally.get("J-260101-001", 2) == 7
    assert tally.get("J-260101-001", 3) == 0
    assert Tally(None).get("J", 1) == 0
