"""NAIJ Case Tracker: a desktop case tracker for a federal-sector union.

Layers (each imports only those listed before it):

``domain``     pure Python, no Qt and no SQL: kinds, statuses, fields, deadline rules, the calendar.
``db``         SQLAlchemy models, opening/migrating/backing up a database file.
``services``   use-cases over a session, shared by the GUI and the command line.
``importing``  spreadsheet readers, header mapping, the dry-run plan and its commit.
``reports``    briefing packets (PDF), list exports (CSV/XLSX), calendar export (.ics).
``ui``         the PySide6 application.
``cli``        the command line; the GUI by default.

See ``docs/ARCHITECTURE.md`` for the start-up order and where long work runs.
"""

__version__ = "0.1.0"
