"""One writer at a time: a lock file beside the database naming who has it open.

SQLite's own locks protect single transactions, not a working session: two copies of the app
(or two officers' laptops on one synced folder) could each load a matter, and the second save
would quietly win. Worse, over a network or sync folder SQLite's locks do not work at all. So the
application takes a *session* lock when it opens a file for writing: ``cases.sqlite3.lock``, a
small JSON file naming the user, host, process id, start time and app version, created
atomically with ``O_CREAT | O_EXCL`` (exactly one process can create it) and removed on close.
A second instance finds it, tells the officer "… is open by Ana on LAPTOP-7 since 09:14", and
opens the file read-only or quits (``open_for_writing_or_readonly``).

A lock left behind by a crash must not lock the officer out forever:

* **Same host**: the lock is stale when its process is gone (or a zombie), or when it was taken
  before this computer last started (the pid may since have been reused).
* **Another host**: we cannot see its processes, so the lock is respected — unless its
  heartbeat is older than ``REMOTE_STALE_AFTER`` (24 hours). The holder refreshes the lock every
  few minutes while it runs (``DatabaseLock.refresh``, called by the GUI on a timer), so a
  day-old heartbeat means that the app on that computer crashed or the computer has been off or
  asleep for a day. Waiting longer would leave an officer locked out of their case file over a
  weekend because a colleague's laptop died; a shorter limit would risk a laptop that was merely
  asleep over lunch. If that laptop wakes up after its lock was taken over, its next
  ``refresh`` finds the lock no longer its own and raises ``LockLost``, and the GUI switches it to
  read-only — it never writes concurrently.
* A lock file that cannot be parsed is stale once it is a minute old (its writer died between
  creating and filling it).

Taking over a stale lock happens under a short-lived guard file (``….lock.takeover``, again
``O_EXCL``) and only after re-reading that the lock is still the stale one, so two instances
racing for a stale lock cannot both win.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import stat
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

from naij_tracker import __version__
from naij_tracker.db.errors import StorageError

LOCK_SUFFIX = ".lock"
TAKEOVER_SUFFIX = ".takeover"
REMOTE_STALE_AFTER = timedelta(hours=24)
#: How often the GUI should call ``DatabaseLock.refresh``.
HEARTBEAT_INTERVAL = timedelta(minutes=5)
UNREADABLE_STALE_AFTER_S = 60.0
#: How far another computer's clock may run ahead before its lock's times are not believed.
CLOCK_SKEW = timedelta(minutes=10)
TAKEOVER_GUARD_STALE_S = 30.0


def this_host() -> str:
    if hasattr(os, "uname"):
        return os.uname().nodename or "unknown host"
    import platform  # Windows (a few milliseconds: not on the POSIX start-up path)

    return platform.node() or "unknown host"


def _os_user() -> str:
    from naij_tracker.os_user import os_user

    return os_user()


class LockInfo(NamedTuple):
    """What a lock file says about who holds the database (a named tuple: this module is on the
    start-up path, and a named tuple class is made in a third of a dataclass's time)."""

    user: str
    host: str
    pid: int
    since: datetime
    app_version: str = ""
    refreshed: datetime | None = None
    token: str = ""

    @property
    def heartbeat(self) -> datetime:
        return self.refreshed or self.since

    def describe(self, db_path: Path | str | None = None) -> str:
        what = str(db_path) if db_path else "The database"
        return (f"{what} is open by {self.user} on {self.host} since "
                f"{self.since:%Y-%m-%d %H:%M}")

    def to_json(self) -> str:
        data = self._asdict()
        data["since"] = self.since.isoformat(timespec="seconds")
        data["refreshed"] = self.refreshed.isoformat(timespec="seconds") if self.refreshed \
            else None
        return json.dumps(data, ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str) -> LockInfo:
        data: dict[str, Any] = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("lock file is not a JSON object")
        refreshed = data.get("refreshed")
        return cls(
            user=str(data.get("user") or "someone"), host=str(data.get("host") or "?"),
            pid=int(data.get("pid") or 0), since=datetime.fromisoformat(str(data["since"])),
            app_version=str(data.get("app_version") or ""),
            refreshed=datetime.fromisoformat(refreshed) if refreshed else None,
            token=str(data.get("token") or ""),
        )

    @classmethod
    def for_this_process(cls) -> LockInfo:
        now = datetime.now().replace(microsecond=0)
        return cls(user=_os_user(), host=this_host(), pid=os.getpid(), since=now,
                   app_version=__version__, refreshed=now, token=os.urandom(8).hex())


UNKNOWN_HOLDER = LockInfo(user="another program", host="an unknown computer", pid=0,
                          since=datetime.fromtimestamp(0))


class DatabaseLocked(StorageError):
    """Another instance (here or on another computer) has the database open for writing."""

    def __init__(self, info: LockInfo, db_path: Path, message: str | None = None) -> None:
        self.info = info
        self.db_path = db_path
        super().__init__(message or (
            f"{info.describe(db_path)}. It can be opened read-only, or after it is closed there."))


class LockLost(StorageError):
    """Our lock was taken over (we were presumed dead); stop writing."""


def lock_path(db_path: Path | str) -> Path:
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + LOCK_SUFFIX)


def read_lock(db_path: Path | str) -> LockInfo | None:
    """The holder named in the lock file; None if there is no lock. Raises ValueError if garbled."""
    try:
        text = lock_path(db_path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    return LockInfo.from_json(text)


# -- is the holder alive? ----------------------------------------------------------------------

def pid_alive(pid: int) -> bool:
    """Whether process ``pid`` is running on this computer (zombies count as dead)."""
    if pid <= 0:
        return False
    if os.name == "nt":  # pragma: no cover - Windows only
        return _pid_alive_windows(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, under another user
    except OSError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    with contextlib.suppress(OSError, IndexError):
        state = stat.read_text().rsplit(")", 1)[1].split()[0]
        if state in ("Z", "X"):
            return False
    return True


def _pid_alive_windows(pid: int) -> bool:  # pragma: no cover - Windows only
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return bool(kernel32.GetLastError() == 5)  # ERROR_ACCESS_DENIED: exists
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


def boot_time() -> datetime | None:
    """When this computer last started (Linux), to recognise pids from before a reboot."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/stat").read_text().splitlines():
            if line.startswith("btime "):
                return datetime.fromtimestamp(int(line.split()[1]))
    return None


def stale_reason(info: LockInfo, *, now: datetime | None = None,
                 file_age_s: float | None = None) -> str | None:
    """Why the lock ``info`` is stale (safe to take over), or None if it must be respected.

    A heartbeat in the future (the other computer's clock is wrong, or the file was forged)
    proves nothing; the lock file's own age — renewed with every heartbeat — is used instead.
    """
    now = now or datetime.now()
    if info.heartbeat > now + CLOCK_SKEW and file_age_s is not None:
        if file_age_s > REMOTE_STALE_AFTER.total_seconds():
            return (f"its time is in the future ({info.heartbeat:%Y-%m-%d %H:%M}) and the "
                    f"file was not renewed for {file_age_s / 3600:.0f} hours")
        if info.host != this_host():
            return None
    if info.host == this_host():
        if info.pid == os.getpid():
            return None if _held_here(info) else "it was left by this process"
        if not pid_alive(info.pid):
            return f"process {info.pid} that held it has ended"
        booted = boot_time()
        if booted is not None and info.since < booted - timedelta(minutes=1):
            return "it was taken before this computer last started"
        return None
    if now - info.heartbeat > REMOTE_STALE_AFTER:
        return (f"{info.host} has not confirmed it since {info.heartbeat:%Y-%m-%d %H:%M} "
                f"(more than {REMOTE_STALE_AFTER.total_seconds() / 3600:.0f} hours)")
    return None


# -- the lock ----------------------------------------------------------------------------------

_HELD: dict[str, DatabaseLock] = {}
_HELD_GUARD = threading.Lock()


def _held_here(info: LockInfo) -> bool:
    with _HELD_GUARD:
        return any(lock.info.token == info.token for lock in _HELD.values())


@dataclass
class DatabaseLock:
    """A held session lock; release it (or use ``with``) when the database is closed."""

    db_path: Path
    info: LockInfo
    taken_over: str | None = None
    _released: bool = field(default=False, repr=False)

    @property
    def path(self) -> Path:
        return lock_path(self.db_path)

    def owns(self) -> bool:
        """Whether the lock file on disk is still ours."""
        try:
            current = read_lock(self.db_path)
        except (OSError, ValueError):
            return False
        return current is not None and current.token == self.info.token

    def refresh(self) -> None:
        """Renew the heartbeat; raise ``LockLost`` if another instance has taken the lock."""
        if self._released:
            raise LockLost(f"The lock on {self.db_path} was already released.")
        if not self.owns():
            raise LockLost(
                f"Another instance took over {self.db_path} while this one was not responding "
                "(perhaps the computer was asleep). Nothing more will be saved from here; "
                "reopen the file to continue.")
        self.info = self.info._replace(refreshed=datetime.now().replace(microsecond=0))
        tmp = self.path.with_name(self.path.name + f".{self.info.token}.tmp")
        try:
            _write_new(tmp, self.info)
            os.replace(tmp, self.path)
        except OSError as exc:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise StorageError(f"Cannot renew the lock {self.path}: {exc.strerror or exc}") \
                from exc

    def release(self) -> None:
        """Remove the lock file if it is still ours (never someone else's)."""
        if self._released:
            return
        self._released = True
        with _HELD_GUARD:
            _HELD.pop(str(self.db_path), None)
        if self.owns():
            with contextlib.suppress(OSError):
                self.path.unlink()

    def __enter__(self) -> DatabaseLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def _write_new(path: Path, info: LockInfo) -> None:
    """Create ``path`` exclusively (``FileExistsError`` if it exists) and write ``info``."""
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    try:
        os.write(fd, info.to_json().encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)


def _odd_holder(path: Path, why: str) -> LockInfo:
    """Whoever holds a lock file we cannot read: unknown, since the file's own time."""
    try:
        since = datetime.fromtimestamp(os.lstat(path).st_mtime).replace(microsecond=0)
    except OSError:
        since = datetime.now().replace(microsecond=0)
    return LockInfo(user=f"another program or user ({why})", host="an unknown computer",
                    pid=0, since=since)


def _current_holder(path: Path) -> tuple[LockInfo | None, str | None, bytes | None]:
    """(holder, stale reason, raw bytes) of an existing lock file; (None, None, None) if gone.

    A lock file we cannot read at all — another user's (0600), a folder, a link to nowhere —
    is held by someone we cannot name and is never taken over: the officer is offered
    read-only. A file we can read but not understand (empty after a full disk, garbled) is
    judged by its age, as is a lock whose heartbeat lies in the future (a wrong clock).
    """
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None, None, None
    except OSError as exc:
        return _odd_holder(path, f"its lock file cannot be read: {exc.strerror}"), None, None
    if stat.S_ISLNK(st.st_mode):
        return _odd_holder(path, "its lock file is a link"), None, None
    if stat.S_ISDIR(st.st_mode):
        return _odd_holder(path, "its lock file is a folder"), None, None
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as fh:
            raw = fh.read(65_536)
    except FileNotFoundError:
        return None, None, None
    except OSError as exc:
        return _odd_holder(path, f"its lock file cannot be read: {exc.strerror}"), None, None
    age = time.time() - st.st_mtime
    try:
        info = LockInfo.from_json(raw.decode("utf-8"))
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        what = "empty" if not raw else "unreadable"
        holder = _odd_holder(path, f"its lock file is {what}")
        if age > UNREADABLE_STALE_AFTER_S:
            return holder, f"its lock file is {what} and old", raw
        return holder, None, raw
    return info, stale_reason(info, file_age_s=age), raw


@contextlib.contextmanager
def _takeover_guard(path: Path, db_path: Path) -> Any:
    guard = path.with_name(path.name + TAKEOVER_SUFFIX)
    for _attempt in range(2):
        try:
            fd = os.open(guard, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            os.close(fd)
            break
        except FileExistsError:
            try:
                age = time.time() - guard.stat().st_mtime
            except FileNotFoundError:
                continue
            if age > TAKEOVER_GUARD_STALE_S:
                with contextlib.suppress(FileNotFoundError):
                    guard.unlink()
                continue
            raise DatabaseLocked(UNKNOWN_HOLDER, db_path,
                                 f"{db_path} is being opened by another program right now; "
                                 "try again in a moment.") from None
    else:
        raise DatabaseLocked(UNKNOWN_HOLDER, db_path,
                             f"{db_path} is being opened by another program; try again.")
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            guard.unlink()


def acquire_lock(db_path: Path | str, *, force: bool = False) -> DatabaseLock:
    """Take the session lock on ``db_path`` or raise ``DatabaseLocked`` naming the holder.

    ``force=True`` breaks a live lock — only for an explicit "the other computer is not using
    it, open anyway" from the officer.
    """
    db_path = Path(os.path.abspath(os.fspath(db_path)))
    path = lock_path(db_path)
    try:
        from naij_tracker.db.filesystem import make_private_folder

        make_private_folder(path.parent)
    except OSError as exc:
        raise StorageError(f"Cannot create the folder {path.parent}: {exc.strerror or exc}") \
            from exc
    taken_over: str | None = None
    for _attempt in range(5):
        info = LockInfo.for_this_process()
        try:
            _write_new(path, info)
        except FileExistsError:
            pass
        except OSError as exc:
            raise StorageError(f"Cannot create the lock file {path}: {exc.strerror or exc}. "
                               "Is the folder read-only?") from exc
        else:
            lock = DatabaseLock(db_path, info, taken_over)
            with _HELD_GUARD:
                _HELD[str(db_path)] = lock
            return lock
        holder, reason, raw = _current_holder(path)
        if holder is None:
            continue  # released between our attempt and our look: try again
        if reason is None and not force:
            if holder.pid == os.getpid() and holder.host == this_host():
                raise DatabaseLocked(holder, db_path,
                                     f"{db_path} is already open in this program.")
            raise DatabaseLocked(holder, db_path)
        with _takeover_guard(path, db_path):
            try:
                still = path.read_bytes()
            except FileNotFoundError:
                continue
            except OSError:  # a folder, or a file we may not read: never ours to remove
                raise DatabaseLocked(holder, db_path) from None
            if still == raw:
                path.unlink()
                taken_over = reason or "forced by the user"
    raise DatabaseLocked(UNKNOWN_HOLDER, db_path,
                         f"{db_path} is being opened by another program; try again.")


def _release_all() -> None:
    with _HELD_GUARD:
        held = list(_HELD.values())
    for lock in held:
        lock.release()


atexit.register(_release_all)
