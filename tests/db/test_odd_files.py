"""The smaller ways a file can be odd: locks that cannot be read or lie about time, a database on
a read-only drive, leftovers of killed backups and upgrades, permissive folders — each met with
a plain message or a quiet clean-up, never a crash."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from naij_tracker.db import lock as lk
from naij_tracker.db import session as sess
from naij_tracker.db.backup import (
    BEFORE_UPGRADE,
    KEEP_BEFORE_UPGRADE,
    backups_dir,
    list_backups,
    make_backup,
)
from naij_tracker.db.opening import open_database
from naij_tracker.services.matters import MatterService


@pytest.fixture
def filed(db_path: Path) -> Path:
    db = open_database(db_path)
    try:
        MatterService(db, "t").create("grievance", {
            "title": "Denied telework", "grievance_number": "G-1", "filed_on": date(2026, 3, 2)})
    finally:
        db.close()
    return db_path


def _cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "naij_tracker.cli", *map(str, args)],
                          capture_output=True, text=True, timeout=60, env=env)


def _one_line(text: str) -> None:
    assert text.count("\n") == 1 and "Traceback" not in text, text


# -- locks that cannot be read ---------------------------------------------------------------------

def _unreadable(lock: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another user's lock: 0600 and not ours. Root reads any file, so there the read is made
    to fail as it fails for anyone else."""
    lock.write_text('{"user": "bob"}')
    os.chmod(lock, 0o600 if os.geteuid() == 0 else 0o000)
    if os.geteuid() == 0:
        real_open = os.open

        def refuse(path: object, flags: int, *args: object, **kw: object) -> int:
            if Path(os.fsdecode(path)) == lock and not flags & os.O_CREAT:  # type: ignore[arg-type]
                raise PermissionError(13, "Permission denied", str(path))
            return real_open(path, flags, *args, **kw)  # type: ignore[arg-type]

        monkeypatch.setattr(os, "open", refuse)


def _directory(lock: Path, _mp: pytest.MonkeyPatch) -> None:
    lock.mkdir()


def _dangling(lock: Path, _mp: pytest.MonkeyPatch) -> None:
    lock.symlink_to(lock.with_name("gone-away"))


@pytest.mark.parametrize(("make", "why"), [(_unreadable, "cannot be read"),
                                           (_directory, "is a folder"),
                                           (_dangling, "is a link")])
def test_an_odd_lock_offers_read_only_instead_of_crashing(
        filed: Path, monkeypatch: pytest.MonkeyPatch, make: object, why: str) -> None:
    lock = lk.lock_path(filed)
    make(lock, monkeypatch)  # type: ignore[operator]
    asked: list[lk.LockInfo] = []
    opened = sess.open_for_writing_or_readonly(filed, ask=lambda h: asked.append(h) or True)
    try:
        assert opened.read_only and opened.lock is None
        assert asked and why in asked[0].user
        assert "1970" not in opened.warnings[0]
    finally:
        opened.close()
    with pytest.raises(lk.DatabaseLocked) as caught:
        sess.open_for_writing_or_readonly(filed, ask=lambda _h: False)
    assert why in str(caught.value) and "\n" not in str(caught.value)
    assert lock.is_symlink() or lock.exists()  # never removed: it is not ours


@pytest.mark.parametrize("make", [_directory, _dangling])
def test_the_command_line_says_so_in_one_line(filed: Path, make: object,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    make(lk.lock_path(filed), monkeypatch)  # type: ignore[operator]
    result = _cli("--db", filed, "demo")
    assert result.returncode == 1
    _one_line(result.stderr)
    assert "read-only" in result.stderr


# -- locks that lie about time, or say nothing --------------------------------------------------

def _write_lock(db_path: Path, **fields: object) -> Path:
    data = {"user": "ana", "host": "LAPTOP-7", "pid": 4242, "app_version": "0.1.0",
            "since": datetime.now().isoformat(timespec="seconds"), "refreshed": None,
            "token": "feedface"}
    data.update(fields)
    path = lk.lock_path(db_path)
    path.write_text(json.dumps(data))
    return path


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_a_future_dated_remote_lock_is_judged_by_the_age_of_its_file(db_path: Path) -> None:
    future = (datetime.now() + timedelta(days=400)).isoformat(timespec="seconds")
    lock = _write_lock(db_path, since=future, refreshed=future)
    with pytest.raises(lk.DatabaseLocked):  # renewed a minute ago: someone is there
        lk.acquire_lock(db_path)
    _age(lock, 2 * lk.REMOTE_STALE_AFTER.total_seconds())
    taken = lk.acquire_lock(db_path)
    try:
        assert taken.taken_over and "in the future" in taken.taken_over
    finally:
        taken.release()


def test_an_empty_lock_is_judged_by_age_and_never_dated_1970(db_path: Path) -> None:
    lock = lk.lock_path(db_path)
    lock.write_bytes(b"")  # what a full disk leaves
    written = datetime.fromtimestamp(lock.stat().st_mtime).replace(microsecond=0)
    with pytest.raises(lk.DatabaseLocked) as caught:
        lk.acquire_lock(db_path)
    assert "1970" not in str(caught.value) and "empty" in str(caught.value)
    assert abs(caught.value.info.since - written) <= timedelta(seconds=1)  # the file's own time
    _age(lock, 2 * lk.UNREADABLE_STALE_AFTER_S)
    taken = lk.acquire_lock(db_path)
    try:
        assert taken.taken_over == "its lock file is empty and old"
    finally:
        taken.release()


# -- a database on read-only media ------------------------------------------------------------------

@contextlib.contextmanager
def read_only_folder(folder: Path) -> Iterator[None]:
    """The folder cannot be written — by permissions, or for root (who ignores them) by the
    immutable attribute, which binds root too, as a read-only drive does."""
    if os.geteuid() != 0:
        os.chmod(folder, 0o555)
        try:
            yield
        finally:
            os.chmod(folder, 0o755)
        return
    if shutil.which("chattr") is None or subprocess.run(
            ["chattr", "+i", str(folder)], capture_output=True).returncode != 0:
        pytest.fail("cannot make a folder read-only for root here (chattr +i)")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_a_wal_database_on_read_only_media_opens_read_only_with_a_plain_message(
        filed: Path) -> None:
    assert filed.read_bytes()[18:20] == b"\x02\x02"  # WAL mode
    assert not filed.with_name(filed.name + "-shm").exists()
    before = filed.read_bytes()
    with read_only_folder(filed.parent):
        opened = sess.open_for_writing_or_readonly(filed, ask=lambda _h: False)
        try:
            assert opened.read_only
            assert "is read-only" in opened.warnings[0]
            assert "damaged" not in " ".join(opened.warnings)
            assert opened.db.read("SELECT title FROM matter") == [("Denied telework",)]
            assert MatterService(opened.db, "t").get(1).title == "Denied telework"
        finally:
            opened.close()
        info = _cli("--db", filed, "info")
        demo = _cli("--db", filed, "demo")
    assert info.returncode == 0 and "grievance" in info.stdout
    assert demo.returncode == 1 and "is read-only" in demo.stderr
    assert "damaged" not in demo.stderr and "restore" not in demo.stderr.lower()
    _one_line(demo.stderr)
    assert filed.read_bytes() == before


# -- leftovers ------------------------------------------------------------------------------------

def test_partial_backups_are_removed_at_the_next_start(filed: Path) -> None:
    folder = backups_dir(filed)
    folder.mkdir()
    old = folder / f"{filed.stem}-20261201-090000-daily.sqlite3.partial"
    old.write_bytes(b"\0" * 4096)
    _age(old, 120)
    live = folder / f"{filed.stem}-20261202-090000-manual.sqlite3.partial"
    live.write_bytes(b"\0" * 4096)  # still being written by a running backup
    opened = sess.open_for_writing_or_readonly(filed, ask=lambda _h: False)
    opened.close()
    assert not old.exists() and live.exists()


def test_before_upgrade_backups_keep_the_last_three(filed: Path) -> None:
    start = datetime(2026, 12, 1, 9, 0)
    made = [make_backup(filed, BEFORE_UPGRADE, start + timedelta(minutes=i)) for i in range(5)]
    manual = make_backup(filed, "manual", start)
    kept = [b.path for b in list_backups(filed) if b.reason == BEFORE_UPGRADE]
    assert KEEP_BEFORE_UPGRADE == 3
    assert kept == made[:-4:-1]  # the three newest, newest first
    assert manual.exists()


def test_new_folders_are_private_whatever_the_umask(tmp_path: Path) -> None:
    existing = stat.S_IMODE(tmp_path.stat().st_mode)
    old = os.umask(0)
    try:
        path = tmp_path / "union" / "data" / "cases.sqlite3"
        db = open_database(path)
        db.close()
        backup = make_backup(path, "manual")
        lock = lk.acquire_lock(tmp_path / "other" / "x.sqlite3")
        lock.release()
    finally:
        os.umask(old)
    for folder in (tmp_path / "union", path.parent, backup.parent, tmp_path / "other"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert stat.S_IMODE(tmp_path.stat().st_mode) == existing  # an existing folder is left
