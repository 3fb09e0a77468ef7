"""Failures the services report that are not storage problems (those are ``db.errors``)."""

from __future__ import annotations


class NotFound(LookupError):
    """The record asked for no longer exists (deleted here or by another window)."""
