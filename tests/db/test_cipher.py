"""The SQLCipher layer and the key file: wrapping, recovery keys, connections, exceptions."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from naij_tracker.db import cipher, keywrap
from naij_tracker.db.keywrap import KeyFile, WrongSecret


@pytest.fixture(autouse=True)
def _fast_keys(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(keywrap, "SCRYPT_N", 2**10)
    yield
    cipher.lock()


def test_sqlcipher_4_with_fts5_trigram_is_installed() -> None:
    assert cipher.available()
    assert cipher.cipher_version().startswith("4.")
    conn = cipher.keyed_connect(":memory:", keywrap.new_database_key())
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(body, tokenize='trigram')")
    conn.execute("INSERT INTO t VALUES ('grievance of Ana Petrova')")
    assert conn.execute("SELECT body FROM t WHERE t MATCH 'etro'").fetchall() == [
        ("grievance of Ana Petrova",)]
    conn.close()


@settings(max_examples=25, deadline=None)
@given(st.text(alphabet=keywrap.RECOVERY_ALPHABET, min_size=30, max_size=30),
       st.sampled_from(["-", " ", ""]), st.booleans())
def test_a_recovery_key_reads_back_however_it_is_typed(chars: str, sep: str, lower: bool) -> None:
    shown = keywrap.format_recovery_key(chars)
    typed = shown.replace("-", sep)
    assert keywrap.normalise_recovery_key(typed.lower() if lower else typed) == chars


@pytest.mark.parametrize(("typed", "message"), [
    ("0BCDE-FGHJK-MNPQR-STVWX-YZ234-56789", "'0' is not in a recovery key"),
    ("ABCDE-FGHJK", "has 10"),
    ("IBCDE-FGHJK-MNPQR-STVWX-YZ234-56789", "'I' is not"),
])
def test_a_mistyped_recovery_key_is_named(typed: str, message: str) -> None:
    with pytest.raises(WrongSecret, match=message):
        keywrap.normalise_recovery_key(typed)


def test_new_recovery_keys_are_six_groups_of_five_and_differ() -> None:
    keys = {keywrap.new_recovery_key() for _ in range(50)}
    assert len(keys) == 50
    for key in keys:
        groups = key.split("-")
        assert len(groups) == 6 and all(len(g) == 5 for g in groups)


def test_key_file_wraps_the_key_twice_and_tells_wrong_from_right(tmp_path: Path) -> None:
    key = keywrap.new_database_key()
    recovery = keywrap.new_recovery_key()
    kf = KeyFile.create(tmp_path / "x-keys", key, "Ünïcode passphrase", recovery)
    kf.write()
    back = KeyFile.read(tmp_path / "x-keys")
    assert (tmp_path / "x-keys").stat().st_mode & 0o777 == 0o600
    # NFC: the same passphrase typed as decomposed characters opens it too
    import unicodedata

    assert back.open_with_passphrase(unicodedata.normalize("NFD", "Ünïcode passphrase")) == key
    assert back.open_with_recovery_key(recovery) == key
    assert back.open_with_passphrase("Unicode passphrase") is None
    text = (tmp_path / "x-keys").read_text()
    assert key.hex() not in text and "passphrase\"" in text
    data = json.loads(text)
    assert data["passphrase"]["salt"] != data["recovery"]["salt"]
    # rewrapping: a new salt, the same key
    again = back.with_passphrase(key, "another one entirely")
    assert again.passphrase["salt"] != back.passphrase["salt"]
    assert again.open_with_passphrase("another one entirely") == key
    assert again.open_with_passphrase("Ünïcode passphrase") is None


def test_a_tampered_wrapping_is_refused_not_misread(tmp_path: Path) -> None:
    key = keywrap.new_database_key()
    kf = KeyFile.create(tmp_path / "x-keys", key, "passphrase one", keywrap.new_recovery_key())
    wrapped = bytearray(keywrap._unb64(kf.passphrase["wrapped"]))
    wrapped[0] ^= 1
    kf.passphrase["wrapped"] = keywrap._b64(bytes(wrapped))
    assert kf.open_with_passphrase("passphrase one") is None


def test_encrypted_connections_raise_sqlite3_exceptions(tmp_path: Path) -> None:
    path = tmp_path / "e.sqlite3"
    key = keywrap.new_database_key()
    cipher.unlock(path, key)
    conn = cipher.connect(str(path))
    assert isinstance(conn, cipher.CipherConnection)
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE)")
    conn.execute("INSERT INTO t (name) VALUES ('a')")
    conn.commit()
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO t (name) VALUES ('a')")
    with pytest.raises(sqlite3.OperationalError):
        conn.execute("SELECT nope FROM t")
    conn.close()
    # the wrong key: SQLite's own "not a database", as an sqlite3 exception
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        cipher.keyed_connect(str(path), keywrap.new_database_key()).execute(
            "SELECT count(*) FROM sqlite_master").fetchone()
    # plain sqlite3 cannot read it either
    plain = sqlite3.connect(path)
    with pytest.raises(sqlite3.DatabaseError):
        plain.execute("SELECT count(*) FROM sqlite_master").fetchone()
    plain.close()


def test_plain_files_still_go_through_sqlite3(tmp_path: Path) -> None:
    cipher.unlock(tmp_path / "other.sqlite3", keywrap.new_database_key())
    conn = cipher.connect(str(tmp_path / "plain.sqlite3"))
    assert isinstance(conn, sqlite3.Connection)
    conn.close()
    assert cipher.has_plain_header(tmp_path / "plain.sqlite3") is None  # empty file


def test_lock_forgets_the_key_and_its_copies(tmp_path: Path) -> None:
    key = keywrap.new_database_key()
    cipher.unlock(tmp_path / "a", key)
    cipher.unlock(tmp_path / "b", key)
    assert cipher.is_unlocked(tmp_path / "b")
    cipher.lock(tmp_path / "a")
    assert not cipher.is_unlocked(tmp_path / "a") and not cipher.is_unlocked(tmp_path / "b")


@pytest.mark.parametrize(("url", "expected"), [
    ("postgresql+psycopg://ana@db.union.example/naij",
     "postgresql+psycopg://ana@db.union.example/naij?sslmode=require"),
    ("postgresql+psycopg://ana:p%40ss@10.0.0.5:5433/naij?connect_timeout=5",
     "postgresql+psycopg://ana:p%40ss@10.0.0.5:5433/naij?connect_timeout=5&sslmode=require"),
    ("postgresql+psycopg://ana@db.union.example/naij?sslmode=verify-full",
     "postgresql+psycopg://ana@db.union.example/naij?sslmode=verify-full"),
    ("postgresql+psycopg://ana@localhost/naij", "postgresql+psycopg://ana@localhost/naij"),
    ("postgresql+psycopg://ana@127.0.0.1:5432/naij",
     "postgresql+psycopg://ana@127.0.0.1:5432/naij"),
    ("postgresql+psycopg://ana@[::1]/naij", "postgresql+psycopg://ana@[::1]/naij"),
    ("postgresql+psycopg://ana@/naij?host=/var/run/postgresql",
     "postgresql+psycopg://ana@/naij?host=/var/run/postgresql"),
])
def test_server_addresses_require_tls_unless_the_server_is_this_machine(url: str,
                                                                        expected: str) -> None:
    from naij_tracker.db.server_tls import require_tls_off_this_machine

    assert require_tls_off_this_machine(url) == expected


def test_closed_encrypted_connections_are_kept_idle_for_reuse_and_dropped_on_lock(
        tmp_path: Path) -> None:
    path = tmp_path / "e.sqlite3"
    cipher.unlock(path, keywrap.new_database_key())
    first = cipher.connect(str(path), isolation_level=None, check_same_thread=False)
    first.execute("CREATE TABLE t (x)")
    first.execute("PRAGMA query_only = ON")
    raw = first.raw
    first.close()
    with pytest.raises(sqlite3.ProgrammingError):
        first.execute("SELECT 1")  # the closed wrapper cannot reach the kept connection
    again = cipher.connect(str(path), isolation_level=None, check_same_thread=False)
    assert again.raw is raw  # the same connection, its decrypted pages still cached
    again.execute("INSERT INTO t VALUES (1)")  # a reader's query_only did not follow it
    other_way = cipher.connect(str(path))  # opened differently: a connection of its own
    assert other_way.raw is not raw
    other_way.close()
    assert cipher.connect(str(path)).raw is not other_way.raw  # one-off: not kept
    again.close()
    cipher.lock(path)
    import sqlcipher3

    with pytest.raises(sqlcipher3.ProgrammingError, match="closed"):
        raw.execute("SELECT 1")  # really closed once the key is forgotten


def test_a_locked_file_says_it_needs_its_passphrase_not_that_it_is_damaged(
        tmp_path: Path) -> None:
    path = tmp_path / "e.sqlite3"
    key = keywrap.new_database_key()
    KeyFile.create(keywrap.keys_path(path), key, "passphrase one", keywrap.new_recovery_key()).write()
    cipher.unlock(path, key)
    conn = cipher.connect(str(path))
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    cipher.lock(path)
    with pytest.raises(cipher.PassphraseNeeded, match="is encrypted"):
        cipher.connect(str(path))
    cipher.unlock(path, key)
    cipher.connect(str(path)).close()
