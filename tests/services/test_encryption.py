"""Encrypted databases through the services: create, convert, open, refuse, back up, search."""

from __future__ import annotations

import hashlib
import sqlite3
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from naij_tracker.db import cipher, cipher_files, keywrap
from naij_tracker.db.backup import list_backups
from naij_tracker.db.cipher import PassphraseNeeded
from naij_tracker.db.errors import StorageError
from naij_tracker.db.keywrap import WrongSecret
from naij_tracker.db.opening import Database, open_database
from naij_tracker.domain.kinds import MatterKind
from naij_tracker.services import encryption as enc
from naij_tracker.services.bulk_sample import Scale, build_large_database
from naij_tracker.services.maintenance import backup_now, restore
from naij_tracker.services.matters import MatterService
from naij_tracker.services.people import PeopleService
from naij_tracker.services.queries import counts, list_matters, search

PASS = "correct horse battery"
MEMBER = "Zebulon Quartermaine"


@pytest.fixture(autouse=True)
def _fast_keys(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Cheap scrypt and no delay, so the suite stays fast; every key forgotten afterwards."""
    monkeypatch.setattr(keywrap, "SCRYPT_N", 2**10)
    monkeypatch.setattr(enc, "WRONG_SECRET_DELAY", 0.0)
    yield
    cipher.lock()


def _add_grievance(db: Database, number: str = "G-0001", member: str = MEMBER) -> int:
    member_id = PeopleService(db, "Officer Test").create_member({"name": member,
                                                                "court": "Boston"})
    return MatterService(db, "Officer Test").create(MatterKind.GRIEVANCE, {
        "title": "Leave denied after surgery", "grievance_number": number,
        "member_id": member_id, "filed_on": date(2026, 3, 2)})


def _files_of(path: Path) -> list[Path]:
    return [p for p in (path, *(path.with_name(path.name + s) for s in ("-wal", "-journal")))
            if p.exists()]


def _no_name_in(path: Path, *names: str) -> None:
    for p in _files_of(path):
        raw = p.read_bytes()
        for name in names:
            assert name.encode("utf-8") not in raw, f"{name} readable in {p}"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_create_then_open_with_passphrase_and_with_recovery_key(db_path: Path) -> None:
    recovery = enc.create_encrypted(db_path, PASS)
    assert len(recovery) == 35 and recovery.count("-") == 5
    assert set(recovery.replace("-", "")) <= set(keywrap.RECOVERY_ALPHABET)
    db = open_database(db_path)
    _add_grievance(db)
    db.close()
    assert cipher.has_plain_header(db_path) is False
    assert enc.is_encrypted(db_path)
    _no_name_in(db_path, MEMBER, "Leave denied")

    cipher.lock()
    with pytest.raises(PassphraseNeeded):
        open_database(db_path)
    assert enc.unlock(db_path, PASS) == "passphrase"
    db = open_database(db_path)
    assert [h.title for h in search(db, "Quartermaine")] == ["Leave denied after surgery"]
    db.close()

    cipher.lock()
    # typed in lower case with spaces instead of dashes: still the recovery key
    assert enc.unlock(db_path, recovery.lower().replace("-", " ")) == "recovery key"
    db = open_database(db_path)
    assert counts(db)["grievance"] == 1
    db.close()


def test_wrong_passphrase_is_refused_and_nothing_is_written(db_path: Path) -> None:
    enc.create_encrypted(db_path, PASS)
    db = open_database(db_path)
    _add_grievance(db)
    db.close()
    cipher.lock()
    keys = keywrap.keys_path(db_path)
    before = {p: (_digest(p), p.stat().st_mtime_ns) for p in (db_path, keys)}
    listing = sorted(p.name for p in db_path.parent.iterdir())

    started = time.monotonic()
    with pytest.raises(WrongSecret) as info:
        enc.unlock(db_path, "correct horse battery!", delay=0.3)
    assert time.monotonic() - started >= 0.3  # a short delay before the answer
    assert "\n" not in str(info.value) and "does not open cases.sqlite3" in str(info.value)
    # a wrong recovery key (well-formed) is refused the same way
    with pytest.raises(WrongSecret):
        enc.unlock(db_path, keywrap.new_recovery_key())
    assert not enc.is_unlocked(db_path)
    with pytest.raises(PassphraseNeeded):
        open_database(db_path)
    assert {p: (_digest(p), p.stat().st_mtime_ns) for p in (db_path, keys)} == before
    assert sorted(p.name for p in db_path.parent.iterdir()) == listing


def test_a_10000_grievance_database_is_encrypted_and_verified_row_for_row(tmp_path: Path) -> None:
    path = tmp_path / "large.sqlite3"
    build_large_database(path, scale=Scale(grievances=10_000, other_matters=200,
                                           deadlines=5_000, history=5_000))
    plain = open_database(path)
    names = [r[0] for r in plain.read("SELECT name FROM member ORDER BY id LIMIT 20")]
    before_counts = counts(plain)
    fragment = names[0].split()[-1]
    plain_hits = [h.matter_id for h in search(plain, fragment)]
    plain.close()
    digests = cipher_files.table_digests(path, None)
    assert digests["matter"][0] >= 10_000

    result = enc.encrypt_in_place(path, PASS)

    assert result.rows == {t: n for t, (n, _) in digests.items()}
    # independently: the encrypted file holds exactly the rows of the original, in order
    assert cipher_files.table_digests(path, cipher.key_of(path)) == digests
    assert cipher_files.check_copy(path, cipher.key_of(path)) == []
    # the plain original is kept as the before-encryption backup, and said to be plain
    assert result.before_encryption is not None
    assert cipher_files.table_digests(result.before_encryption, None) == digests
    assert result.before_encryption in result.plain_backups
    assert "before-encryption" in result.before_encryption.name
    _no_name_in(path, *names)

    cipher.lock()
    enc.unlock(path, PASS)
    db = open_database(path)
    assert counts(db) == before_counts
    assert [h.matter_id for h in search(db, fragment)] == plain_hits
    db.close()


def test_encrypting_an_encrypted_file_is_refused(db_path: Path) -> None:
    enc.create_encrypted(db_path, PASS)
    with pytest.raises(StorageError, match="not a plain database"):
        enc.encrypt_in_place(db_path, PASS)


def test_change_passphrase_rewraps_the_key_without_touching_the_file(db_path: Path) -> None:
    recovery = enc.create_encrypted(db_path, PASS)
    db = open_database(db_path)
    _add_grievance(db)
    db.close()
    file_digest = _digest(db_path)

    enc.change_passphrase(db_path, "a much better passphrase")
    assert _digest(db_path) == file_digest  # not re-encrypted
    cipher.lock()
    with pytest.raises(WrongSecret):
        enc.unlock(db_path, PASS)
    enc.unlock(db_path, "a much better passphrase")
    cipher.lock()
    enc.unlock(db_path, recovery)  # the recovery key still opens it
    assert enc.verify_recovery_key(db_path, recovery)
    assert not enc.verify_recovery_key(db_path, keywrap.new_recovery_key())
    with pytest.raises(StorageError, match="at least"):
        enc.change_passphrase(db_path, "short")


def test_new_recovery_key_replaces_the_old_one(db_path: Path) -> None:
    old = enc.create_encrypted(db_path, PASS)
    new = enc.new_recovery_key(db_path)
    assert not enc.verify_recovery_key(db_path, old)
    assert enc.verify_recovery_key(db_path, new)


def test_backup_and_restore_of_an_encrypted_file(db_path: Path, tmp_path: Path) -> None:
    recovery = enc.create_encrypted(db_path, PASS)
    db = open_database(db_path)
    _add_grievance(db, "G-0001")
    backup = backup_now(db)
    _add_grievance(db, "G-0002", member="Philippa Underhill")
    db.close()

    # the backup is encrypted with the same key and carries its own key file
    assert cipher.has_plain_header(backup) is False
    assert keywrap.keys_path(backup).is_file()
    _no_name_in(backup, MEMBER)
    assert [b.path for b in list_backups(db_path)] == [backup]

    safety = restore(db_path, backup)
    assert safety is not None and cipher.has_plain_header(safety) is False
    db = open_database(db_path)
    assert counts(db)["grievance"] == 1
    assert search(db, "Underhill") == [] and len(search(db, "Quartermaine")) == 1
    db.close()

    # the backup opens on its own, in a later session, with the recovery key
    cipher.lock()
    with pytest.raises(PassphraseNeeded):
        open_database(backup, read_only=True)
    enc.unlock(backup, recovery)
    copy = open_database(backup, read_only=True)
    assert counts(copy)["grievance"] == 1
    copy.close()


def test_full_text_search_works_on_an_encrypted_file(db_path: Path) -> None:
    enc.create_encrypted(db_path, PASS)
    db = open_database(db_path)
    gid = _add_grievance(db)
    _add_grievance(db, "G-0002", member="Philippa Underhill")
    assert [h.matter_id for h in search(db, "termai")] == [gid]  # trigram: inside a word
    assert [r[0] for r in list_matters(db, MatterKind.GRIEVANCE,
                                       text_filter="Quarterm").rows] == [gid]
    db.close()


def test_the_wal_of_an_encrypted_file_holds_no_member_name(db_path: Path, tmp_path: Path) -> None:
    def wal_after_write(path: Path, key: bytes | None, name: str) -> bytes:
        db = open_database(path)
        # A reader kept open stops the last writer from folding the WAL back in on close.
        reader = (cipher.keyed_connect(str(path), key) if key else sqlite3.connect(path))
        reader.execute("SELECT count(*) FROM matter").fetchone()
        try:
            _add_grievance(db, "G-0100", member=name)
            wal = path.with_name(path.name + "-wal")
            assert wal.stat().st_size > 0
            return wal.read_bytes()
        finally:
            reader.close()
            db.close()

    # the control: a plain file's WAL does show the name, so the check below means something
    plain = tmp_path / "plain.sqlite3"
    open_database(plain).close()
    assert b"Ophelia Brightwater" in wal_after_write(plain, None, "Ophelia Brightwater")

    enc.create_encrypted(db_path, PASS)
    raw = wal_after_write(db_path, cipher.key_of(db_path), "Ophelia Brightwater")
    assert b"Ophelia" not in raw and b"Brightwater" not in raw


def test_decrypt_writes_a_plain_file_and_keeps_the_encrypted_copy(db_path: Path) -> None:
    enc.create_encrypted(db_path, PASS)
    db = open_database(db_path)
    _add_grievance(db)
    db.close()
    before = enc.decrypt_in_place(db_path)
    assert cipher.has_plain_header(db_path) is True
    assert not keywrap.keys_path(db_path).exists()
    assert not enc.is_encrypted(db_path)
    assert cipher.has_plain_header(before) is False and keywrap.keys_path(before).exists()
    db = open_database(db_path)
    assert [h.title for h in search(db, "Quartermaine")] == ["Leave denied after surgery"]
    db.close()


def test_missing_or_damaged_key_file_is_one_line(db_path: Path) -> None:
    enc.create_encrypted(db_path, PASS)
    cipher.lock()
    keys = keywrap.keys_path(db_path)
    keys.write_text("{not json", encoding="utf-8")
    with pytest.raises(StorageError, match="damaged") as info:
        enc.unlock(db_path, PASS)
    assert "\n" not in str(info.value)
    keys.unlink()
    assert not enc.is_encrypted(db_path)  # no key file: not one of our encrypted files
    with pytest.raises(StorageError, match="not a NAIJ Case Tracker database"):
        open_database(db_path)


def test_delete_securely_overwrites_then_removes(tmp_path: Path) -> None:
    doomed = tmp_path / "old.sqlite3"
    doomed.write_bytes(b"Zebulon " * 1000)
    keywrap.keys_path(doomed).write_text("{}", encoding="utf-8")
    enc.delete_securely(doomed)
    assert not doomed.exists() and not keywrap.keys_path(doomed).exists()


def test_files_written_while_an_encrypted_database_is_open_are_private(db_path: Path,
                                                                       tmp_path: Path) -> None:
    import os

    from naij_tracker.services.export_tables import export

    enc.create_encrypted(db_path, PASS)
    db = open_database(db_path)
    _add_grievance(db)
    out = tmp_path / "grievances.csv"
    assert export(db, "grievances", out) == 1
    loose = tmp_path / "notes.txt"
    loose.write_text("anything the process writes")
    db.close()
    assert out.stat().st_mode & 0o777 == 0o600
    assert loose.stat().st_mode & 0o777 == 0o600
    cipher.lock()  # the last key forgotten: the usual umask is back
    after = tmp_path / "after.txt"
    after.write_text("x")
    current = os.umask(0)
    os.umask(current)
    assert after.stat().st_mode & 0o777 == 0o666 & ~current


def test_a_plain_backup_restored_into_an_encrypted_database_stays_encrypted(
        db_path: Path) -> None:
    db = open_database(db_path)
    _add_grievance(db, "G-0001")
    db.close()
    result = enc.encrypt_in_place(db_path, PASS)
    assert result.before_encryption is not None
    db = open_database(db_path)
    _add_grievance(db, "G-0002", member="Philippa Underhill")
    db.close()

    restore(db_path, result.before_encryption)

    assert enc.is_encrypted(db_path) and cipher.has_plain_header(db_path) is False
    _no_name_in(db_path, MEMBER)
    assert not db_path.with_name(db_path.name + ".restoring").exists()
    db = open_database(db_path)
    assert counts(db)["grievance"] == 1 and search(db, "Underhill") == []
    db.close()


def test_an_encrypted_file_from_an_older_version_is_backed_up_encrypted_and_upgraded(
        db_path: Path) -> None:
    from naij_tracker.db import migrate
    from naij_tracker.db.connect_options import sqlite_url
    from naij_tracker.db.schema_version import HEAD, REVISIONS

    enc.create_encrypted(db_path, PASS)
    db = open_database(db_path)
    _add_grievance(db)
    db.close()
    migrate.downgrade(sqlite_url(str(db_path)), REVISIONS[0])  # as an older version left it
    assert cipher.has_plain_header(db_path) is False

    db = open_database(db_path)
    try:
        assert db.read("SELECT version_num FROM alembic_version") == [(HEAD,)]
        assert [h.title for h in search(db, "Quartermaine")] == ["Leave denied after surgery"]
        (before,) = db.backups_made
    finally:
        db.close()
    assert "before-upgrade" in before.name and cipher.has_plain_header(before) is False
    _no_name_in(before, MEMBER)
