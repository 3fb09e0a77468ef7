"""The two kinds of import problem: a whole file that cannot be read, and one bad row.

``ImportFileError`` stops an import before any row is looked at (not a spreadsheet, encrypted,
damaged, too large, no header). ``RowError`` is data, not an exception: a dry run collects every
bad row so the officer can fix the spreadsheet in one pass instead of one error at a time.
"""

from __future__ import annotations

from dataclasses import dataclass


class ImportFileError(Exception):
    """A whole file was refused. ``str(error)`` is one plain sentence naming the file."""

    def __init__(self, message: str, *, file: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.file = file

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem in one cell (or one row when ``column`` is None).

    ``message`` is the complete sentence for people and names the row as the spreadsheet program
    shows it and the column header as written in the file; ``problem`` is the same sentence
    without the location, for tables that already show row and column in their own columns.
    """

    file: str
    sheet: str
    row: int
    column: str | None
    field: str | None
    message: str
    problem: str

    @classmethod
    def at(
        cls,
        file: str,
        sheet: str,
        row: int,
        column: str | None,
        field: str | None,
        problem: str,
    ) -> RowError:
        where = f"Row {row}" if column is None else f"Row {row}, column '{column}'"
        return cls(file, sheet, row, column, field, f"{where}: {problem}", problem)

    def __str__(self) -> str:
        return f"{self.file}, sheet '{self.sheet}': {self.message}"
