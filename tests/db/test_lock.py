"""One writer at a time: the lock file, a real second process, stale locks, shared folders."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from naij_tracker.db import filesystem as fs
from naij_tracker.db import lock as lk
from naij_tracker.db import session as sess
from naij_tracker.db.errors import StorageError
from naij_tracker.db.opening import open_database
from naij_tracker.services.matters import MatterService

HOLDER = """
import sys
from naij_tracker.db.lock import acquire_lock, DatabaseLocked
try:
    lock = acquire_lock(sys.argv[1])
except DatabaseLocked:
    print("lost", flush=True)
    sys.stdin.read()
    sys.exit(0)
print("won", flush=True)
sys.stdin.read()          # hold the lock until the test closes our stdin
lock.release()
"""


def _holder(db_path: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", HOLDER, str(db_path)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)


def _finish(proc: subprocess.Popen[str]) -> None:
    if proc.poll() is None:
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait(timeout=10)


def _write_lock(db_path: Path, **fields: object) -> None:
    data = {"user": "ana", "host": "LAPTOP-7", "pid": 4242, "app_version": "0.1.0",
            "since": datetime.now().isoformat(timespec="seconds"), "refreshed": None,
            "token": "feedface"}
    data.update(fields)
    lk.lock_path(db_path).write_text(json.dumps(data))


def test_lock_file_names_the_holder_and_goes_away_on_release(db_path: Path) -> None:
    lock = lk.acquire_lock(db_path)
    try:
        data = json.loads(lk.lock_path(db_path).read_text())
        assert lk.lock_path(db_path).name == "cases.sqlite3.lock"
        assert data["pid"] == os.getpid() and data["host"] == lk.this_host()
        assert data["user"] and data["app_version"] and data["since"]
        assert lk.lock_path(db_path).stat().st_mode & 0o077 == 0
        with pytest.raises(lk.DatabaseLocked, match="already open in this program"):
            lk.acquire_lock(db_path)
    finally:
        lock.release()
    assert not lk.lock_path(db_path).exists()
    with lk.acquire_lock(db_path):
        assert lk.lock_path(db_path).exists()
    assert not lk.lock_path(db_path).exists()


def test_a_second_process_is_refused_then_the_lock_of_a_killed_one_is_taken_over(
        db_path: Path) -> None:
    open_database(db_path).close()
    proc = _holder(db_path)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "won"
        with pytest.raises(lk.DatabaseLocked) as caught:
            lk.acquire_lock(db_path)
        info = caught.value.info
        assert info.pid == proc.pid
        message = str(caught.value)
        assert f"is open by {info.user} on {lk.this_host()} since " in message
        assert info.since.strftime("%Y-%m-%d %H:%M") in message

        # The second instance may open read-only: it reads, it never writes.
        asked: list[lk.LockInfo] = []
        opened = sess.open_for_writing_or_readonly(db_path, ask=lambda i: asked.append(i) or True)
        try:
            assert opened.read_only and opened.lock is None and asked[0].pid == proc.pid
            assert "read-only" in opened.warnings[0]
            with pytest.raises(Exception, match="readonly"):
                MatterService(opened.db, "t").create("grievance", {
                    "title": "x", "grievance_number": "G-1", "filed_on": datetime(2026, 1, 2)
                    .date()})
        finally:
            opened.close()
        with pytest.raises(lk.DatabaseLocked):
            sess.open_for_writing_or_readonly(db_path, ask=lambda i: False)

        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        opened = sess.open_for_writing_or_readonly(db_path, ask=lambda i: pytest.fail("asked"))
        try:
            assert not opened.read_only and opened.lock is not None
            assert opened.lock.taken_over and "has ended" in opened.lock.taken_over
            assert any("cleared" in w for w in opened.warnings)
        finally:
            opened.close()
        assert not lk.lock_path(db_path).exists()
    finally:
        _finish(proc)


def test_only_one_of_several_racing_processes_takes_over_a_stale_lock(db_path: Path) -> None:
    _write_lock(db_path, host=lk.this_host(), pid=2**22 + 12345)  # no such process
    procs = [_holder(db_path) for _ in range(4)]
    try:
        results = sorted(p.stdout.readline().strip() for p in procs if p.stdout)
        assert results == ["lost", "lost", "lost", "won"]
    finally:
        for p in procs:
            _finish(p)


def test_lock_from_another_host_is_respected_until_its_heartbeat_is_a_day_old(
        db_path: Path) -> None:
    _write_lock(db_path, host="LAPTOP-7", refreshed=datetime.now().isoformat())
    with pytest.raises(lk.DatabaseLocked, match="open by ana on LAPTOP-7 since"):
        lk.acquire_lock(db_path)
    old = datetime.now() - lk.REMOTE_STALE_AFTER - timedelta(minutes=5)
    _write_lock(db_path, host="LAPTOP-7", since=old.isoformat(), refreshed=old.isoformat())
    with lk.acquire_lock(db_path) as lock:
        assert lock.taken_over and "LAPTOP-7" in lock.taken_over


def test_force_breaks_a_live_lock(db_path: Path) -> None:
    _write_lock(db_path, host="LAPTOP-7")
    with lk.acquire_lock(db_path, force=True) as lock:
        assert lock.taken_over == "forced by the user"


@pytest.mark.skipif(lk.boot_time() is None, reason="boot time is known on Linux only")
def test_lock_from_before_the_last_reboot_is_stale_even_if_its_pid_is_alive(
        db_path: Path) -> None:
    boot = lk.boot_time()
    assert boot is not None
    # pid 1 always runs, but this lock predates the reboot: the pid was reused.
    _write_lock(db_path, host=lk.this_host(), pid=1,
                since=(boot - timedelta(hours=1)).isoformat(timespec="seconds"))
    with lk.acquire_lock(db_path) as lock:
        assert lock.taken_over and "last started" in lock.taken_over


def test_garbled_lock_is_respected_while_fresh_and_taken_over_when_old(db_path: Path) -> None:
    lk.lock_path(db_path).write_text("{half written")
    with pytest.raises(lk.DatabaseLocked):
        lk.acquire_lock(db_path)
    past = time.time() - 3600
    os.utime(lk.lock_path(db_path), (past, past))
    with lk.acquire_lock(db_path) as lock:
        assert lock.taken_over and "unreadable" in lock.taken_over


def test_refresh_detects_that_the_lock_was_taken_over(db_path: Path) -> None:
    lock = lk.acquire_lock(db_path)
    before = lock.info.heartbeat
    lock.refresh()
    assert lock.owns() and lock.info.heartbeat >= before
    assert lk.read_lock(db_path) == lock.info
    _write_lock(db_path, host="OTHER-PC")  # taken over while we were asleep
    with pytest.raises(lk.LockLost):
        lock.refresh()
    lock.release()
    assert lk.read_lock(db_path) is not None and lk.read_lock(db_path).host == "OTHER-PC"  # type: ignore[union-attr]


def test_a_read_only_folder_gives_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    # Root writes through permissions, but not into an immutable folder (as on read-only media).
    root = os.geteuid() == 0
    if root:
        subprocess.run(["chattr", "+i", str(folder)], check=True)
    else:
        folder.chmod(0o500)
    try:
        with pytest.raises(StorageError, match="lock file"):
            lk.acquire_lock(folder / "cases.sqlite3")
    finally:
        if root:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        else:
            folder.chmod(0o700)


# -- network and cloud-synced folders ----------------------------------------------------------

MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
server:/export /mnt/nfs nfs4 rw 0 0
//nas/union /mnt/union\\040share cifs rw 0 0
remote: /home/ana/gdrive fuse.rclone rw 0 0
ana@host:/srv /home/ana/ssh fuse.sshfs rw 0 0
/dev/sdb1 /mnt/nfs/local ext4 rw 0 0
"""


@pytest.mark.parametrize(("path", "mode", "kind"), [
    ("/home/ana/cases.sqlite3", "wal", fs.LOCAL),
    ("/mnt/nfs/cases.sqlite3", "delete", fs.NETWORK),
    ("/mnt/union share/NAIJ/cases.sqlite3", "delete", fs.NETWORK),
    ("/home/ana/gdrive/cases.sqlite3", "delete", fs.NETWORK),
    ("/home/ana/ssh/cases.sqlite3", "delete", fs.NETWORK),
    ("/mnt/nfs/local/cases.sqlite3", "wal", fs.LOCAL),  # a local disk mounted inside
    ("/home/ana/Dropbox (Personal)/cases.sqlite3", "delete", fs.SYNCED),
    ("/home/ana/OneDrive - Department of Justice/cases.sqlite3", "delete", fs.SYNCED),
    ("/Users/ana/Library/Mobile Documents/com~apple~CloudDocs/c.sqlite3", "delete", fs.SYNCED),
    ("/home/ana/Google Drive/My Drive/cases.sqlite3", "delete", fs.SYNCED),
    ("/home/ana/Nextcloud/cases.sqlite3", "delete", fs.SYNCED),
    ("/home/ana/Box/cases.sqlite3", "delete", fs.SYNCED),
    ("/home/ana/Inbox/cases.sqlite3", "wal", fs.LOCAL),
    ("/home/ana/Boxes/cases.sqlite3", "wal", fs.LOCAL),
])
def test_network_and_synced_folders_fall_back_to_the_rollback_journal(
        tmp_path: Path, path: str, mode: str, kind: str) -> None:
    mounts = tmp_path / "mounts"
    mounts.write_text(MOUNTS)
    assert fs.classify(path, mounts_file=mounts).kind == kind
    chosen, warning = fs.choose_journal_mode(path, mounts_file=mounts)
    assert chosen == mode
    assert (warning is None) == (mode == "wal")
    if warning:
        assert "network drives" in warning and "own disk" in warning


def test_fuse_types_are_judged_by_name() -> None:
    assert fs.is_network_fs_type("fuse.rclone")
    assert fs.is_network_fs_type("fuse.my-s3-mount")
    assert not fs.is_network_fs_type("fuse.encfs")
    assert not fs.is_network_fs_type("ext4") and not fs.is_network_fs_type("tmpfs")


def test_a_database_in_a_synced_folder_is_opened_with_the_rollback_journal(
        tmp_path: Path) -> None:
    path = tmp_path / "Dropbox" / "cases.sqlite3"
    opened = sess.open_for_writing_or_readonly(path, ask=lambda i: False)
    try:
        assert opened.journal_mode == "delete"
        assert any("Dropbox" in w for w in opened.warnings)
        MatterService(opened.db, "t").create("grievance", {
            "title": "x", "grievance_number": "G-1", "filed_on": datetime(2026, 1, 2).date()})
        with opened.db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "delete"
    finally:
        opened.close()
    assert not path.with_name("cases.sqlite3-wal").exists()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()
    assert path.stat().st_mode & 0o077 == 0


def test_a_local_database_stays_in_wal_mode(tmp_path: Path) -> None:
    opened = sess.open_for_writing_or_readonly(tmp_path / "cases.sqlite3", ask=lambda i: False)
    try:
        assert opened.journal_mode == "wal" and opened.warnings == []
    finally:
        opened.close()
