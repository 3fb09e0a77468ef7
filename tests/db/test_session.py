"""The working session, without Qt: open under the lock, heartbeat, a lost lock, switch, close."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from naij_tracker.db import lock as lk
from naij_tracker.db.session import READ_ONLY_AS_ASKED, Session
from naij_tracker.services.matters import MatterService


def _never(_holder: lk.LockInfo) -> bool:
    pytest.fail("asked about a lock nobody else holds")


def _create(session: Session, number: str) -> int:
    return MatterService(session.db, "t").create("grievance", {
        "title": "x", "grievance_number": number, "filed_on": date(2026, 1, 2)})


def _take_over(db_path: Path) -> None:
    """Another computer takes the lock over, as if this one had been asleep for a day."""
    lk.lock_path(db_path).write_text(json.dumps({
        "user": "ana", "host": "LAPTOP-7", "pid": 4242, "app_version": "0.1.0",
        "since": datetime.now().isoformat(timespec="seconds"), "token": "theirs"}))


def test_a_session_holds_the_lock_renews_it_and_close_releases_it(db_path: Path) -> None:
    session = Session.open(db_path, _never)
    assert session.lock is not None and not session.read_only
    assert lk.read_lock(db_path) == session.lock.info
    assert session.heartbeat().lost == "" and session.lock.owns()
    assert lk.read_lock(db_path).refreshed is not None  # type: ignore[union-attr]
    _create(session, "G-1")
    session.close()
    assert not lk.lock_path(db_path).exists()
    assert session.lock is None
    again = Session.open(db_path, _never)  # nothing left behind: no question asked
    again.close()


def test_a_lost_lock_makes_the_session_read_only(db_path: Path) -> None:
    session = Session.open(db_path, _never)
    _create(session, "G-1")
    _take_over(db_path)
    beat = session.heartbeat()
    assert "Another instance took over" in beat.lost and not beat.trouble
    assert session.read_only and session.lock is None and session.lost_reason == beat.lost
    with pytest.raises(Exception, match="readonly"):
        _create(session, "G-2")  # nothing more is written from here
    assert session.heartbeat().lost == ""  # no lock: nothing more to renew
    session.close()
    assert json.loads(lk.lock_path(db_path).read_text())["token"] == "theirs"  # theirs stays


def test_a_lock_file_that_cannot_be_renewed_is_trouble_not_a_loss(
        db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    session = Session.open(db_path, _never)

    def disk_full(_path: Path, _info: lk.LockInfo) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(lk, "_write_new", disk_full)
    beat = session.heartbeat()
    assert "No space left" in beat.trouble and not beat.lost
    assert session.lock is not None and not session.read_only
    monkeypatch.undo()
    session.close()
    assert not lk.lock_path(db_path).exists()


def test_switch_takes_the_new_lock_and_releases_the_old(tmp_path: Path) -> None:
    first, second = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    session = Session.open(first, _never)
    old_db = session.db
    session.switch(Session.open(second, _never))
    assert session.db is not old_db and session.db.path == second
    assert not lk.lock_path(first).exists()
    assert session.lock is not None and lk.read_lock(second) == session.lock.info
    _create(session, "G-1")
    session.close()
    assert not lk.lock_path(second).exists()


def test_switch_after_a_lost_lock_writes_again(tmp_path: Path) -> None:
    first, second = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    session = Session.open(first, _never)
    _take_over(first)
    assert session.heartbeat().lost
    session.switch(Session.open(second, _never))
    assert not session.read_only and session.lost_reason is None
    _create(session, "G-1")
    session.close()


def test_a_file_held_elsewhere_is_refused_or_opened_read_only(db_path: Path) -> None:
    Session.open(db_path, _never).close()  # the file exists
    _take_over(db_path)
    with pytest.raises(lk.DatabaseLocked):
        Session.open(db_path, lambda _holder: False)
    session = Session.open(db_path, lambda _holder: True)
    assert session.read_only and session.lock is None
    assert "opened read-only" in session.warnings[0]
    session.close()
    assert json.loads(lk.lock_path(db_path).read_text())["token"] == "theirs"


def test_read_only_as_asked_takes_no_lock(db_path: Path) -> None:
    Session.open(db_path, _never).close()
    session = Session.open(db_path, _never, read_only=True)
    assert session.read_only and session.lock is None
    assert session.warnings[0] == READ_ONLY_AS_ASKED
    assert not lk.lock_path(db_path).exists()
    session.close()
