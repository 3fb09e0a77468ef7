"""The same application on a PostgreSQL server: migrations, lists, search, the dashboard, edits by
two officers, imports (ids from the server's sequences), packets and the command line.

Each test gets a database of its own on the server named by ``NAIJ_TEST_POSTGRES_URL`` (a role
that may create databases, e.g. ``postgresql+psycopg://naij_ci:…@localhost/postgres``); ``.ci/run``
starts a local server and sets it. Without it these tests are skipped, unless
``NAIJ_REQUIRE_POSTGRES`` is set (CI), which turns the skip into a failure.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from naij_tracker.db.errors import ConflictError, StorageError
from naij_tracker.db.ids import reserve_ids
from naij_tracker.db.opening import Database, open_database, server_name
from naij_tracker.db.schema_version import HEAD
from naij_tracker.domain.kinds import MatterKind
from naij_tracker.importing.commit import commit_plan
from naij_tracker.importing.pipeline import build_plan
from naij_tracker.importing.undo import undo_batch
from naij_tracker.reports.packet import build_packet
from naij_tracker.services import overview, queries
from naij_tracker.services.matters import MatterService
from naij_tracker.services.packet_source import PacketSelection, collect_packet
from naij_tracker.services.sample_data import load_sample_data
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.main_window import MainWindow
from naij_tracker.ui.matter_list import MatterListView
from naij_tracker.ui.tasks import TaskRunner

ADMIN_URL = os.environ.get("NAIJ_TEST_POSTGRES_URL", "")


def _with_database(url: str, name: str) -> str:
    return url.rsplit("/", 1)[0] + "/" + name


def _admin(statement: str) -> None:
    import psycopg

    plain = ADMIN_URL.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(statement)


@pytest.fixture
def server_url() -> Iterator[str]:
    """The URL of a new, empty database on the test server (dropped afterwards)."""
    if not ADMIN_URL:
        if os.environ.get("NAIJ_REQUIRE_POSTGRES"):
            pytest.fail("NAIJ_REQUIRE_POSTGRES is set but NAIJ_TEST_POSTGRES_URL is not")
        pytest.skip("no PostgreSQL server: set NAIJ_TEST_POSTGRES_URL (.ci/run does)")
    name = f"naij_test_{uuid.uuid4().hex[:12]}"
    _admin(f'CREATE DATABASE "{name}"')
    try:
        yield _with_database(ADMIN_URL, name)
    finally:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def pg(server_url: str) -> Iterator[Database]:
    db = open_database(server_url)
    yield db
    db.close()


@pytest.fixture
def sample_pg(pg: Database) -> Database:
    load_sample_data(pg, today=date(2026, 3, 2))
    return pg


def test_a_new_server_database_is_migrated_and_reopened_as_is(server_url: str) -> None:
    first = open_database(server_url)
    try:
        assert first.path is None and first.read("SELECT version_num FROM alembic_version") == [
            (HEAD,)]
        assert "@" not in first.label and first.label.endswith("/" + server_url.rsplit("/")[-1])
    finally:
        first.close()
    again = open_database(server_url)
    try:
        assert again.read("SELECT count(*) FROM matter") == [(0,)]
    finally:
        again.close()


def test_lists_search_and_dashboard_answer_as_on_a_file(sample_pg: Database) -> None:
    grievances = queries.list_matters(sample_pg, MatterKind.GRIEVANCE, include_closed=True)
    assert len(grievances.rows) == 300
    by_number = queries.list_matters(sample_pg, MatterKind.GRIEVANCE, include_closed=True,
                                     sort_key="number")
    numbers = [r[1] for r in by_number.rows]
    assert numbers == sorted(numbers)
    # A long word goes through the search text on the server, a short one too.
    boston = queries.list_matters(sample_pg, MatterKind.GRIEVANCE, text_filter="boston",
                                  include_closed=True)
    assert boston.rows and all(r[3] == "Boston" for r in boston.rows)
    listing = queries.list_matter_pages(sample_pg, MatterKind.GRIEVANCE, include_closed=True)
    assert len(listing.rows) == 300
    first = grievances.rows[0]
    hits = queries.search(sample_pg, first[1], limit=5)
    assert first[0] in [h.matter_id for h in hits]

    data = overview.load_dashboard(sample_pg, date(2026, 3, 2))
    totals = data.board.totals
    assert totals["grievance"] == 300 and totals["members"] == 120
    assert data.board.overdue or data.board.upcoming
    assert all(isinstance(row.due_on, date) for row in data.board.overdue + data.board.upcoming)


def test_two_officers_editing_one_matter_get_a_conflict_not_an_overwrite(
        sample_pg: Database, server_url: str) -> None:
    ana = MatterService(sample_pg, "Ana")
    other = open_database(server_url)
    try:
        ben = MatterService(other, "Ben")
        mid = queries.list_matters(sample_pg, MatterKind.GRIEVANCE).rows[0][0]
        seen = ana.get(mid)
        ben.update(mid, {"title": "Ben's title"})
        with pytest.raises(ConflictError, match="Someone else saved this matter"):
            ana.update(mid, {"title": "Ana's title"}, expected_version=seen.version)
        assert ana.get(mid).values["title"] == "Ben's title"
    finally:
        other.close()


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Grievance #", "Grievant", "Immigration Court", "Date filed"])
        writer.writerows(rows)
    return path


def test_an_import_takes_its_ids_from_the_server_so_later_saves_still_work(
        sample_pg: Database, tmp_path: Path) -> None:
    rows = [[f"PG-{i:03d}", f"New Member {i % 3}", "Boston", "2026-01-02"] for i in range(40)]
    plan = build_plan(sample_pg, write_csv(tmp_path / "log.csv", rows))
    result = commit_plan(sample_pg, plan, "Ana")
    assert (result.created, result.new_members) == (40, 3)
    # Matters and members saved one at a time afterwards get fresh ids from the same
    # sequences: nothing collides with what the import wrote.
    service = MatterService(sample_pg, "Ana")
    mid = service.create(MatterKind.GRIEVANCE, {"title": "After the import",
                                                "grievance_number": "PG-after",
                                                "filed_on": date(2026, 1, 5)})
    imported = {r[0] for r in queries.list_matters(sample_pg, MatterKind.GRIEVANCE,
                                                   text_filter="PG-").rows}
    assert len(imported) == 41 and mid in imported
    undone = undo_batch(sample_pg, result.batch_id, "Ana")
    assert (undone.removed, undone.members_removed) == (40, 3)
    assert {r[0] for r in queries.list_matters(sample_pg, MatterKind.GRIEVANCE,
                                               text_filter="PG-").rows} == {mid}


def test_ids_reserved_by_two_sessions_never_overlap(sample_pg: Database, server_url: str) -> None:
    other = open_database(server_url)
    try:
        with sample_pg.engine.connect() as a, a.begin(), other.engine.connect() as b, b.begin():
            mine, theirs = reserve_ids(a, "matter", 50), reserve_ids(b, "matter", 50)
            stored = a.exec_driver_sql("SELECT max(id) FROM matter").scalar()
        assert len(set(mine) | set(theirs)) == 100
        assert min(*mine, *theirs) > stored
    finally:
        other.close()


def test_a_packet_is_built_from_the_server(sample_pg: Database, tmp_path: Path) -> None:
    mid, _number, *_rest = queries.list_matters(sample_pg, MatterKind.GRIEVANCE).rows[0]
    title = MatterService(sample_pg, "Ana").get(mid).title
    data = collect_packet(sample_pg, PacketSelection(matter_ids=(mid,), as_of=date(2026, 3, 2)))
    result = build_packet(data, tmp_path / "packet.pdf")
    pages = PdfReader(tmp_path / "packet.pdf").pages
    text = " ".join(" ".join(page.extract_text() or "" for page in pages).split())
    assert result.pages == len(pages) and 1 <= len(pages) <= 3  # a short one-matter brief
    assert title[:25] in text


def test_the_command_line_names_the_server_without_its_password(sample_pg: Database,
                                                                 server_url: str) -> None:
    done = subprocess.run([sys.executable, "-m", "naij_tracker.cli", "--db", server_url,
                           "info", "--json"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert server_name(server_url) in done.stdout
    password = server_url.split("://", 1)[1].split("@", 1)[0].partition(":")[2]
    assert f":{password}@" not in done.stdout
    wrong = server_url.replace("://", "://nobody_here:wrong@", 1) if "@" not in server_url \
        else server_url.split("://", 1)[0] + "://nobody_here:wrong@" + server_url.split("@", 1)[1]
    refused = subprocess.run([sys.executable, "-m", "naij_tracker.cli", "--db", wrong, "info"],
                             capture_output=True, text=True, timeout=120)
    assert refused.returncode == 1
    assert "Traceback" not in refused.stderr and "wrong" not in refused.stderr
    assert refused.stderr.startswith("naij-tracker: Cannot use the database at ")


def test_without_the_driver_the_message_says_what_to_install(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if it were not installed
    with pytest.raises(StorageError, match=r"pip install 'naij-tracker\[server\]'") as info:
        open_database("postgresql+psycopg://ana:s3cret@db.example.org/naij")
    assert "s3cret" not in str(info.value)


@pytest.mark.parametrize("url", ["mysql://ana:s3cret@localhost/naij",
                                 "postgresql+psycopg2://ana:s3cret@localhost/naij",
                                 "sqlserver://ana:s3cret@localhost/naij"])
def test_other_servers_and_drivers_are_refused_plainly(url: str) -> None:
    with pytest.raises(StorageError, match="does not use") as info:
        open_database(url)
    assert "s3cret" not in str(info.value)


@pytest.mark.parametrize("scheme", ["postgresql", "postgres"])
def test_the_usual_spellings_of_a_postgresql_address_are_understood(server_url: str,
                                                                   scheme: str) -> None:
    db = open_database(server_url.replace("postgresql+psycopg", scheme, 1))
    try:
        assert db.url.startswith("postgresql+psycopg://")
        assert db.read("SELECT version_num FROM alembic_version") == [(HEAD,)]
    finally:
        db.close()


def test_the_window_works_on_the_server_and_leaves_backups_to_its_administrator(
        qtbot: QtBot, sample_pg: Database) -> None:
    window = MainWindow(AppContext.for_database(sample_pg), runner=TaskRunner(synchronous=True))
    qtbot.addWidget(window)
    window.show()
    assert window.db_label.text() == f"Database: {sample_pg.label}"
    assert "@" not in window.windowTitle()
    assert "300 grievances" in window.counts_label.text()
    view = window.show_view(MatterKind.GRIEVANCE.value)
    assert isinstance(view, MatterListView)
    assert view.model.rowCount() == 157
    view.table.selectRow(0)
    number = view.editor.form.field("grievance_number").value()
    assert number == view.model.index(0, 0).data()
    assert not window.act_backup.isEnabled() and not window.act_restore.isEnabled()
    assert not window.act_check.isEnabled()
    assert "administrator" in window.act_backup.statusTip()


def test_an_officer_connects_from_the_menu(qtbot: QtBot, sample_pg: Database, server_url: str,
                                           tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                           ) -> None:
    from urllib.parse import unquote, urlsplit

    from PySide6.QtCore import QSettings

    from naij_tracker.ui.server_dialog import ServerDialog

    store = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    start = open_database(tmp_path / "own.sqlite3")
    window = MainWindow(AppContext.for_database(start), runner=TaskRunner(synchronous=True),
                        store=store)
    qtbot.addWidget(window)
    parts = urlsplit(server_url)

    def answer(dialog: ServerDialog) -> int:
        qtbot.keyClicks(dialog.host, parts.hostname or "")
        dialog.port.setValue(parts.port or 5432)
        qtbot.keyClicks(dialog.database, parts.path.lstrip("/"))
        qtbot.keyClicks(dialog.user, unquote(parts.username or ""))
        qtbot.keyClicks(dialog.password, unquote(parts.password or ""))
        qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(ServerDialog, "exec", answer)
    window.act_server.trigger()
    assert window.ctx.db.path is None
    assert window.db_label.text() == f"Database: {server_name(server_url)}"
    assert "300 grievances" in window.counts_label.text()
    from naij_tracker.ui import ui_settings as us

    assert us.read(store, us.LAST_SERVER) is True  # the next start offers to reconnect
    window.ctx.db.close()


def test_a_server_upgraded_to_the_closed_and_informal_revision_takes_both(
        server_url: str) -> None:
    """0004 replaces the named CHECKs on a server: "closed" and the informal step are allowed,
    other values still refused."""
    from naij_tracker.db import migrate
    from naij_tracker.services.matters import MatterService

    migrate.upgrade(server_url, "0003_deadline_rulesets")
    db = open_database(server_url)  # upgrades to the head revision
    try:
        service = MatterService(db, "t")
        gid = service.create("grievance", {"title": "Closed in the sheet", "grievance_number": "S-1",
                                           "status": "closed", "step": "informal",
                                           "filed_on": date(2026, 1, 5)})
        assert service.get(gid).values["status"] == "closed"
        with pytest.raises(Exception, match="ck_matter_status"), db.engine.begin() as conn:
            conn.exec_driver_sql(f"UPDATE matter SET status = 'bogus' WHERE id = {gid}")
    finally:
        db.close()
