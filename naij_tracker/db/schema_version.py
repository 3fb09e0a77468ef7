"""The schema revisions this version of the application knows, without importing Alembic.

Opening a database compares its stored revision with ``HEAD`` first; Alembic (≈0.3 s to import)
is only loaded when the file is behind. A test checks these constants against the migration
scripts so they cannot drift.
"""

REVISIONS: tuple[str, ...] = ("0001_initial", "0002_search_index", "0003_deadline_rulesets",
                             "0004_trashed_matter", "0005_closed_informal",
                             "0006_number_case_and_versions", "0007_import_after_commit")
HEAD: str = REVISIONS[-1]
