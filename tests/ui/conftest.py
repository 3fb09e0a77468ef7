"""Fixtures for the GUI tests: an AppContext on an empty or a sample-data database.

* ``ctx`` — an ``AppContext`` on a fresh, empty temporary database.
* ``sample_ctx`` — an ``AppContext`` on a copy of a database holding the sample data. The sample
  database is built once per test session (it takes about a second) and copied per test, so each
  test may change its copy freely.
* ``QSettings`` are redirected to a temporary directory for the whole session, so tests never
  read or write the user's real window state; ``ui_settings_store`` gives each test a fresh one.
* Every test under ``tests/ui`` fails on Qt warnings (pytest-qt's ``qt_log_level_fail``).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings

from naij_tracker.db.opening import open_database
from naij_tracker.services.sample_data import load_sample_data
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.pyside_workarounds import guard_emit_refcount

# PySide6 6.12.0 drops a reference to True on every signal emit (see the module); without the
# guard a long GUI test session aborts at exit with "bool_dealloc".
guard_emit_refcount()

_UI_DIR = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Qt warnings (e.g. a model returning bad indexes) fail GUI tests."""
    for item in items:
        if _UI_DIR in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.qt_log_level_fail("WARNING"))
            # Limitations of the offscreen platform plugin, not of our code.
            item.add_marker(pytest.mark.qt_log_ignore("This plugin does not support"))


@pytest.fixture(scope="session", autouse=True)
def _isolated_qsettings(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Keep QSettings (window geometry, recent files…) of tests away from the real user's."""
    folder = tmp_path_factory.mktemp("qsettings")
    QCoreApplication.setOrganizationName("NAIJ-tests")
    QCoreApplication.setApplicationName("NAIJ Case Tracker tests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.IniFormat, scope, str(folder))


@pytest.fixture
def ui_settings_store() -> Iterator[QSettings]:
    """A cleared QSettings store for one test (cleared again afterwards)."""
    store = QSettings()
    store.clear()
    yield store
    store.clear()
    store.sync()


@pytest.fixture
def ctx(tmp_path: Path, ui_settings_store: QSettings) -> Iterator[AppContext]:
    database = open_database(tmp_path / "empty.sqlite3")
    yield AppContext.for_database(database, who="Test Officer")
    database.close()


@pytest.fixture(scope="session")
def _sample_db_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sample") / "sample.sqlite3"
    database = open_database(path)
    try:
        load_sample_data(database)
    finally:
        database.close()  # NullPool: closing checkpoints the WAL into the main file.
    return path


@pytest.fixture
def sample_db_path(_sample_db_file: Path, tmp_path: Path) -> Path:
    """A private copy of the sample database for this test."""
    target = tmp_path / "sample.sqlite3"
    shutil.copy2(_sample_db_file, target)
    return target


@pytest.fixture
def sample_ctx(sample_db_path: Path, ui_settings_store: QSettings) -> Iterator[AppContext]:
    database = open_database(sample_db_path)
    yield AppContext.for_database(database, who="Test Officer")
    database.close()


@pytest.fixture(autouse=True)
def _deadline_review_answers_not_now(monkeypatch: pytest.MonkeyPatch) -> None:
    """Saving a matter that starts deadlines opens a modal review; unless a test answers it
    itself (tests/ui/test_step_deadlines.py), it is answered "Not now" so no test waits on it."""
    from PySide6.QtWidgets import QDialog

    from naij_tracker.ui.proposed_deadlines import ProposedDeadlinesDialog

    monkeypatch.setattr(ProposedDeadlinesDialog, "exec",
                        lambda _self: QDialog.DialogCode.Rejected)
