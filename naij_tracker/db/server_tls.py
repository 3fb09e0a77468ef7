"""Server databases are encrypted in transit: ``sslmode=require`` unless the server is local.

A file on the laptop is protected by the application (``naij_tracker.db.cipher``); a shared
PostgreSQL database is the administrator's to protect — disk encryption on the server, TLS on
the wire. What the application does is refuse to talk to a server elsewhere in the clear: an
address without ``sslmode`` gets ``sslmode=require`` unless its host is this machine (or a Unix
socket). An administrator who wants ``verify-full`` (or, on a trusted network, ``disable``)
writes it in the address, and that choice is kept.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

LOCAL_HOSTS = frozenset({"", "localhost", "127.0.0.1", "::1", "[::1]"})


def is_local(host: str | None) -> bool:
    return (host or "").lower() in LOCAL_HOSTS or (host or "").startswith("/")


def require_tls_off_this_machine(url: str) -> str:
    """``url`` with ``sslmode=require`` added when it names another machine and no sslmode."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    if any(k == "sslmode" for k, _ in query):
        return url
    if any(k == "host" for k, _ in query):  # host given as a parameter (a socket folder, say)
        host = next(v for k, v in query if k == "host")
    else:
        host = parts.hostname or ""
    if is_local(host):
        return url
    return urlunsplit(parts._replace(query=urlencode([*query, ("sslmode", "require")])))
