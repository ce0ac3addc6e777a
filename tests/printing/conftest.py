"""Fixtures for the printing tests: Japanese as the current language, a barcode checker."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

# Until pytest is configured with pythonpath = ["."] (or the package is installed),
from flat_desktop import i18n

from .pdfcheck import DPIS, decode, rasterise


@pytest.fixture(autouse=True)
def japanese() -> Iterator[None]:
    """Documents print in the current language; the tests expect the default, Japanese."""
    before = i18n.language()
    i18n.set_language("ja")
    yield
    i18n.set_language(before)


@pytest.fixture
def assert_barcodes() -> Callable[[bytes, list[list[str]]], None]:
    """Check that every page, at 300 and at 150 dpi, decodes to exactly its expected payloads."""

    def check(pdf: bytes, expected: list[list[str]]) -> None:
        for dpi in DPIS:
            pages = rasterise(pdf, dpi)
            assert len(pages) == len(expected)
            for number, (image, payloads) in enumerate(zip(pages, expected, strict=True), start=1):
                assert decode(image) == sorted(payloads), f"page {number} at {dpi} dpi"

    return check
