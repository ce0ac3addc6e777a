"""Shared fixtures: an isolated FLAT_HOME, Japanese by default, offscreen Qt, and databases.

Tests never read or write the developer's real settings or data.
"""

from __future__ import annotations

import gc
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_HOME = tempfile.mkdtemp(prefix="flat-test-home-")
os.environ["FLAT_HOME"] = _HOME
os.environ["FLAT_LANG"] = "ja"
os.environ.pop("FLAT_DB", None)
# No test plays into, or sets the volume of, the PC's own sound server: the sound tests start
# their own (tests/helpers/sound.py) and point PULSE_SERVER at it.
os.environ["PULSE_SERVER"] = "unix:/nonexistent/flat-tests-have-no-sound-server"
# Nor prints on the PC's own printers: lp and Qt reach the scheduler the print tests start here
# (tests/helpers/cups.py), or none. Set before anything loads the CUPS library (it keeps the first).
os.environ["CUPS_SERVER"] = str(Path(tempfile.mkdtemp(prefix="flat-cups-")) / "cups.sock")

from flat_desktop.db import Database, migrate  # noqa: E402
from flat_desktop.i18n import set_language  # noqa: E402

set_language("ja")

DEMO_HISTORY_DAYS = 3


# As in the programs (flat_desktop/gui/collector.py), cycles are collected on the GUI thread only:
# a collection that happens to run on a worker thread would destroy a test's widgets there.
gc.disable()


@pytest.fixture(autouse=True)
def _delete_closed_widgets() -> Iterator[None]:
    """qtbot closes a test's windows with deleteLater, which only an event loop carries out;
    without this every later window (and every restyle) walks thousands of dead widgets. Then
    the cycles due are collected here, on the GUI thread."""
    yield
    from PySide6.QtCore import QCoreApplication, QEvent

    from flat_desktop.gui import collector

    app = QCoreApplication.instance()
    if app is not None:
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        collector.take_over(app)
    collector.collect_due()


# Every test in these folders is marked by its folder (a ``pytestmark`` in a conftest.py is ignored).
_FOLDER_MARKS = {
    "gui": ("gui",),
    "station": ("gui",),
    "console": ("gui",),
    "e2e": ("gui",),
}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    tests = Path(__file__).parent
    # Soak runs take minutes: only when the mark expression names them or FLAT_SOAK is set.
    if "soak" not in (config.getoption("markexpr", "") or "") and not os.environ.get("FLAT_SOAK"):
        soak = [item for item in items if item.get_closest_marker("soak")]
        if soak:
            config.hook.pytest_deselected(items=soak)
            items[:] = [item for item in items if not item.get_closest_marker("soak")]
    for item in items:
        try:
            folder = item.path.relative_to(tests).parts[0]
        except ValueError:
            continue
        for name in _FOLDER_MARKS.get(folder, ()):
            item.add_marker(getattr(pytest.mark, name))


def pytest_collection_finish(session: pytest.Session) -> None:
    """What is alive once every test module is imported (Qt, SQLAlchemy, the services, the tests
    themselves) stays alive to the end: set it aside from the garbage collector, whose full passes
    (each widget test's leftover check makes one) would otherwise walk it every time. Nothing a
    test makes is frozen: it is all made later."""
    gc.collect()
    gc.freeze()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    shutil.rmtree(_HOME, ignore_errors=True)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo station database built once per test run (three days of history)."""
    from flat_desktop.demo.build import create_demo

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    db = Database(f"sqlite:///{path}")
    create_demo(db, history_days=DEMO_HISTORY_DAYS)
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.dispose()
    return path


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Iterator[Database]:
    """A private copy of the demo station for one test."""
    path = tmp_path / "demo.sqlite3"
    shutil.copy(demo_template, path)
    db = Database(f"sqlite:///{path}")
    yield db
    db.dispose()


@pytest.fixture(scope="session")
def pg_demo_template() -> Iterator[str]:
    """The name of a PostgreSQL database holding the demo station (one day of history), built
    once per test run; skips the test when the server is not running."""
    from flat_desktop.demo.build import create_demo
    from tests.helpers import postgres

    with postgres.temp_database() as url:
        db = Database(url)
        create_demo(db, history_days=1)
        db.dispose()
        yield url.rsplit("/", 1)[1]


@pytest.fixture
def pg_demo_url(pg_demo_template: str) -> Iterator[str]:
    """A private copy of the demo station on PostgreSQL for one test."""
    from tests.helpers import postgres

    with postgres.copy_of(f"{postgres.SERVER}/{pg_demo_template}") as url:
        yield url


@pytest.fixture
def empty_db(tmp_path: Path) -> Iterator[Database]:
    """An empty database at the newest schema."""
    db = Database(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    migrate.upgrade(db)
    yield db
    db.dispose()


@pytest.fixture
def lang_en() -> Iterator[None]:
    set_language("en")
    yield
    set_language("ja")


@pytest.fixture(scope="session")
def cups_scheduler() -> Iterator[Any]:
    """The run's own CUPS scheduler with a cups-pdf queue (tests/helpers/cups.py), started once."""
    from tests.helpers import cups

    why = cups.missing()
    if why:
        pytest.skip(why)
    with cups.print_queue() as queue:
        yield queue


@pytest.fixture
def printer(cups_scheduler: Any) -> Any:
    """The cups-pdf queue, on, empty, with no paper out yet."""
    cups_scheduler.clear()
    return cups_scheduler
