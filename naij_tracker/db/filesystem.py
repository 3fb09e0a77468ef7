"""Is the database on this computer's own disk, a network share, or a cloud-synced folder?

SQLite's WAL mode relies on shared memory (the ``-shm`` file mapped by every process) and on
POSIX/Windows byte-range locks that network filesystems implement badly or not at all; two
computers using one WAL database over SMB or NFS can corrupt it. Sync clients (Dropbox,
OneDrive, Google Drive, iCloud, Nextcloud, Box) are worse: they copy the main file and its
``-wal`` at different moments, so the copy on the other computer can be a torn mix. The SQLite
documentation's advice is: do not share a database over the network; if you must, use the
rollback journal. So when the file sits in such a place the app falls back to
``journal_mode=DELETE`` (one self-contained file after every commit) and warns the officer.

Detection is deliberately conservative — a false "network" only costs some speed:

* Linux: the filesystem type of the mount holding the file, from ``/proc/mounts``
  (nfs, cifs/smb3, sshfs, 9p, davfs, rclone and other FUSE network filesystems);
* Windows: a UNC path (``\\\\server\\share``) or a drive letter whose type is ``DRIVE_REMOTE``;
* macOS: ``/Volumes`` mounts reported as network by ``statfs`` are not portable to query from
  the standard library, so macOS relies on the folder-name check below (which covers iCloud
  Drive's ``Mobile Documents`` and ``Library/CloudStorage``);
* everywhere: a folder in the path named after a sync client ("Dropbox", "OneDrive - Agency",
  "Google Drive", "iCloud Drive", "Nextcloud", "Box", …).
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path, PurePath
from typing import NamedTuple

#: Filesystem types (as in /proc/mounts) that are network filesystems.
NETWORK_FS_TYPES = frozenset({
    "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "ncpfs", "9p", "afs", "coda",
    "davfs", "ceph", "glusterfs", "lustre", "gfs2", "ocfs2", "beegfs", "gpfs", "sshfs",
    "fuse.sshfs", "fuse.rclone", "fuse.davfs2", "fuse.gvfsd-fuse", "fuse.glusterfs",
    "fuse.s3fs", "fuse.gcsfuse", "fuse.goofys", "fuse.cephfs", "fuse.ceph-fuse", "fuse.smbnetfs",
    "fuse.curlftpfs", "fuse.onedriver", "fuse.google-drive-ocamlfuse", "fuse.dropbox",
    "fuse.mega", "fuse.juicefs", "fuse.seaweedfs", "fuse.nextcloud", "fuse.owncloud",
})
#: Words in FUSE type names that mean "network" (e.g. fuse.rclone-mount).
_NETWORK_FUSE_WORDS = ("rclone", "sshfs", "smb", "cifs", "nfs", "dav", "s3", "drive", "cloud",
                       "ftp", "gvfs")

#: Folder names used by sync clients (matched at the start of a path component, any case).
SYNC_FOLDER_MARKERS: tuple[str, ...] = (
    "Dropbox", "OneDrive", "Google Drive", "GoogleDrive", "My Drive", "iCloud Drive",
    "iCloudDrive", "Mobile Documents", "CloudStorage", "Nextcloud", "ownCloud", "Box",
    "Box Sync", "pCloud Drive", "MEGAsync", "SynologyDrive", "Seafile", "Tresorit",
)
#: One pattern for all markers, tried in the order above (so "Box Sync" reads as "Box").
_MARKER_RE = re.compile(
    "^(" + "|".join(re.escape(m) for m in SYNC_FOLDER_MARKERS) + r")(?:$|[\s\-_(.])",
    re.IGNORECASE)
_MARKER_BY_LOWER = {m.lower(): m for m in SYNC_FOLDER_MARKERS}

LOCAL, NETWORK, SYNCED = "local", "network", "synced"


class Location(NamedTuple):
    """Where a file is: ``kind`` is local, network or synced; ``detail`` says how we know."""

    kind: str
    detail: str = ""

    @property
    def shared(self) -> bool:
        return self.kind != LOCAL


def _unescape_mount(field: str) -> str:
    """/proc/mounts escapes space, tab, newline and backslash as octal (\\040 …)."""
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), field)


def parse_mounts(text: str) -> list[tuple[str, str]]:
    """(mount point, filesystem type) pairs from the text of /proc/mounts."""
    out = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 3:
            out.append((_unescape_mount(parts[1]), parts[2]))
    return out


def mount_of(path: Path, mounts: list[tuple[str, str]]) -> tuple[str, str] | None:
    """The mount holding ``path``: the longest mount point that is a prefix of it (last wins)."""
    best: tuple[str, str] | None = None
    target = PurePath(path)
    for point, fstype in mounts:
        mp = PurePath(point)
        inside = target == mp or mp in target.parents
        if inside and (best is None or len(point) >= len(best[0])):
            best = (point, fstype)
    return best


def is_network_fs_type(fstype: str) -> bool:
    fstype = fstype.lower()
    if fstype in NETWORK_FS_TYPES:
        return True
    if fstype.startswith("fuse.") or fstype.startswith("fuse:"):
        return any(word in fstype[5:] for word in _NETWORK_FUSE_WORDS)
    return False


def sync_marker(path: Path) -> str | None:
    """The sync client a path component names, e.g. 'Dropbox' for ~/Dropbox (Personal)/x."""
    for part in PurePath(path).parts:
        found = _MARKER_RE.match(part)
        if found:
            return _MARKER_BY_LOWER[found.group(1).lower()]
    return None


def _resolved(path: Path) -> Path:
    """``path`` with symlinks resolved as far as it exists (a new file's folder may not yet)."""
    path = Path(os.path.abspath(path))
    for candidate in (path, *path.parents):
        if candidate.exists():
            try:
                return candidate.resolve() / path.relative_to(candidate)
            except OSError:
                return path
    return path


def _linux_fs_type(path: Path, mounts_file: Path = Path("/proc/mounts")) -> str | None:
    try:
        text = mounts_file.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    found = mount_of(path, parse_mounts(text))
    return found[1] if found else None


def _windows_remote(path: Path) -> bool:  # pragma: no cover - exercised on Windows only
    text = str(path)
    if text.startswith("\\\\") and not text.startswith("\\\\?\\"):
        return True
    drive = os.path.splitdrive(text)[0]
    if not drive:
        return False
    import ctypes

    DRIVE_REMOTE = 4
    return bool(ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == DRIVE_REMOTE)  # type: ignore[attr-defined]


def classify(path: str | os.PathLike[str], *, mounts_file: Path | None = None) -> Location:
    """Where the (possibly not yet existing) file ``path`` lives."""
    raw = Path(os.path.abspath(os.fspath(path)))
    real = _resolved(raw)
    if sys.platform.startswith("linux") or mounts_file is not None:
        fstype = _linux_fs_type(real, mounts_file or Path("/proc/mounts"))
        if fstype and is_network_fs_type(fstype):
            return Location(NETWORK, f"a network drive ({fstype})")
    elif os.name == "nt":  # pragma: no cover - Windows only
        try:
            if _windows_remote(raw):
                return Location(NETWORK, "a network drive")
        except OSError:
            pass
    for candidate in (raw, real):
        marker = sync_marker(candidate)
        if marker:
            return Location(SYNCED, f"a folder synced by {marker}")
    return Location(LOCAL)


def shared_folder_warning(path: str | os.PathLike[str], location: Location) -> str:
    return (
        f"{os.fspath(path)} is on {location.detail}. SQLite databases must not be shared over "
        "network drives or sync services: two computers writing at once, or a sync client "
        "copying a half-written file, can damage it. The app uses the slower rollback journal "
        "there to reduce the risk, and never lets two copies of itself write at once. Keep the "
        "database on this computer's own disk and share exported copies or backups instead."
    )


def choose_journal_mode(path: str | os.PathLike[str], *,
                        mounts_file: Path | None = None) -> tuple[str, str | None]:
    """("wal", None) on a local disk; ("delete", warning) on a network or synced folder."""
    location = classify(path, mounts_file=mounts_file)
    if not location.shared:
        return "wal", None
    return "delete", shared_folder_warning(path, location)


def make_private_folder(folder: Path) -> Path:
    """Create ``folder`` and any missing parents readable by the user only (0700, whatever the
    umask); folders that already exist (the officer's Documents) are left as they are."""
    folder = Path(folder)
    missing = []
    for candidate in (folder, *folder.parents):
        if candidate.exists():
            break
        missing.append(candidate)
    for made in reversed(missing):
        try:
            made.mkdir(mode=0o700)
        except FileExistsError:
            continue
        os.chmod(made, 0o700)  # mkdir's mode is filtered by the umask
    return folder
