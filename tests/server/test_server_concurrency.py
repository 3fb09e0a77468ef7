"""Officers working at once on one PostgreSQL server: imports of case-variant numbers, edits of
one member or metric, a connection killed mid-import — one wins or a conflict is named, nothing
is duplicated or lost, and no message carries a row's values.

Needs ``NAIJ_TEST_POSTGRES_URL`` (``.ci/run`` starts a server and sets it); see
``test_postgres.py``.
"""

from __future__ import annotations

import csv
import os
import threading
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from naij_tracker.cli import main
from naij_tracker.db.errors import ConflictError, StorageError
from naij_tracker.db.opening import Database, open_database
from naij_tracker.importing import commit as commit_module
from naij_tracker.importing.commit import StalePlan, commit_plan
from naij_tracker.importing.pipeline import build_plan
from naij_tracker.services.matters import MatterService
from naij_tracker.services.people import PeopleService

ADMIN_URL = os.environ.get("NAIJ_TEST_POSTGRES_URL", "")
ROWS = 3000


def _admin(statement: str, params: tuple[object, ...] = ()) -> None:
    import psycopg

    plain = ADMIN_URL.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(statement, params)  # type: ignore[arg-type]


@pytest.fixture
def url() -> Iterator[str]:
    if not ADMIN_URL:
        if os.environ.get("NAIJ_REQUIRE_POSTGRES"):
            pytest.fail("NAIJ_REQUIRE_POSTGRES is set but NAIJ_TEST_POSTGRES_URL is not")
        pytest.skip("no PostgreSQL server: set NAIJ_TEST_POSTGRES_URL (.ci/run does)")
    name = f"naij_test_{uuid.uuid4().hex[:12]}"
    _admin(f'CREATE DATABASE "{name}"')
    try:
        yield ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def two(url: str) -> Iterator[tuple[Database, Database]]:
    """Two officers' connections to one server database."""
    ana, ben = open_database(url), open_database(url)
    yield ana, ben
    ana.close()
    ben.close()


def _sheet(path: Path, numbers: list[str]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Grievance #", "Grievant", "Immigration Court", "Date filed"])
        for i, number in enumerate(numbers):
            writer.writerow([number, f"Grievant Zephyrine {i % 50}", "Omaha", "2026-01-02"])
    return path


def test_two_imports_of_case_variant_numbers_at_once_one_wins_no_duplicates(
        two: tuple[Database, Database], tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    ana, ben = two
    upper = _sheet(tmp_path / "upper.csv", [f"G-{i:05d}" for i in range(ROWS)])
    lower = _sheet(tmp_path / "lower.csv", [f"g-{i:05d}" for i in range(ROWS)])
    # Both previews are made before either commits: each believes every row is new.
    plans = [build_plan(ana, upper), build_plan(ben, lower)]
    assert all(p.created == ROWS for p in plans)
    start = threading.Barrier(2)
    outcomes: list[object] = [None, None]

    def run(i: int, db: Database) -> None:
        start.wait()
        try:
            outcomes[i] = commit_plan(db, plans[i], "officer")
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test looks at
            outcomes[i] = exc

    threads = [threading.Thread(target=run, args=(i, db)) for i, db in enumerate((ana, ben))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    won = [o for o in outcomes if not isinstance(o, BaseException)]
    lost = [o for o in outcomes if isinstance(o, BaseException)]
    assert len(won) == 1 and len(lost) == 1, outcomes
    assert isinstance(lost[0], StalePlan | StorageError), lost[0]
    assert "Zephyrine" not in str(lost[0])
    assert ana.read("SELECT count(*), count(DISTINCT lower(grievance_number)) "
                    "FROM grievance") == [(ROWS, ROWS)]
    assert ana.read("SELECT count(*) FROM member") == [(50,)]
    # The second waited for the first's advisory lock, and said so.
    assert any("Another import is being committed" in r.getMessage() for r in caplog.records)


def test_the_database_refuses_a_case_variant_number_whoever_writes_it(
        two: tuple[Database, Database]) -> None:
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    from naij_tracker.db.errors import describe_sqlite_error

    ana, _ben = two
    MatterService(ana, "Ana").create("grievance", {"title": "First", "grievance_number": "G-7",
                                                   "filed_on": date(2026, 1, 2)})
    with ana.engine.connect() as conn, pytest.raises(IntegrityError) as caught:
        mid = conn.execute(text(
            "INSERT INTO matter (kind, title, status, priority, opened_on, search_text, "
            "created_at, updated_at, version) VALUES ('grievance', 't', 'open', 'normal', "
            "'2026-01-01', '', now(), now(), 1) RETURNING id")).scalar()
        conn.execute(text("INSERT INTO grievance (id, grievance_number, step) "
                          "VALUES (:id, 'g-7', 'step1')"), {"id": mid})
    assert caught.value.orig.diag.constraint_name == "uq_grievance_number_nocase"  # type: ignore[union-attr]
    message = str(describe_sqlite_error(caught.value))
    assert "already holds a record" in message and "g-7" not in message.lower()


def test_two_officers_editing_one_member_get_a_conflict_and_nothing_is_lost(
        two: tuple[Database, Database]) -> None:
    ana, ben = PeopleService(two[0], "Ana"), PeopleService(two[1], "Ben")
    mid = ana.create_member({"name": "Maria Alvarez", "court": "Omaha"})
    seen_by_ana = ana.member(mid)
    seen_by_ben = ben.member(mid)
    ana.update_member(mid, {"phone": "402-555-0100"}, expected_version=seen_by_ana.version)
    with pytest.raises(ConflictError, match="changed by someone else") as caught:
        ben.update_member(mid, {"email": "maria@example.org"},
                          expected_version=seen_by_ben.version)
    assert "Maria" not in str(caught.value) and "402" not in str(caught.value)
    now = ana.member(mid)
    assert now.phone == "402-555-0100" and now.email is None
    # Reloaded, Ben's change goes through and keeps Ana's.
    ben.update_member(mid, {"email": "maria@example.org"}, expected_version=now.version)
    final = ana.member(mid)
    assert (final.phone, final.email) == ("402-555-0100", "maria@example.org")


def test_two_officers_editing_one_metric_get_a_conflict(two: tuple[Database, Database]) -> None:
    ana, ben = PeopleService(two[0], "Ana"), PeopleService(two[1], "Ben")
    mid = ana.create_metric({"name": "Completions", "target": 700})
    version = next(m for m in ana.metrics() if m.id == mid).version
    ana.update_metric(mid, {"target": 650}, expected_version=version)
    with pytest.raises(ConflictError):
        ben.update_metric(mid, {"unit": "cases"}, expected_version=version)
    metric = next(m for m in ana.metrics() if m.id == mid)
    assert (metric.target, metric.unit) == (650, None)


def test_a_connection_killed_mid_import_is_one_line_without_row_values(
        url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    open_database(url).close()
    sheet = _sheet(tmp_path / "log.csv", [f"K-{i:05d}" for i in range(ROWS)])
    original = commit_module.insert_many
    calls: list[int] = []

    def insert_then_kill(*args: object, **kwargs: object) -> None:
        original(*args, **kwargs)  # type: ignore[arg-type]
        calls.append(1)
        if len(calls) == 2:  # members and their history written: now the server goes away
            _admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                   "WHERE datname = %s AND pid <> pg_backend_pid()", (url.rsplit("/", 1)[1],))

    monkeypatch.setattr(commit_module, "insert_many", insert_then_kill)
    assert main(["--db", url, "import", str(sheet)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert "connection to the database server was lost" in err
    for value in ("Zephyrine", "Omaha", "K-0", "2026-01-02"):
        assert value not in err
    db = open_database(url)
    try:
        assert db.read("SELECT count(*) FROM grievance") == [(0,)]
        assert db.read("SELECT count(*) FROM member") == [(0,)]
    finally:
        db.close()


def test_the_engine_never_puts_row_values_into_its_errors(two: tuple[Database, Database]) -> None:
    assert two[0].engine.hide_parameters
