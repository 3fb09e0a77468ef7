"""With no command the CLI opens the GUI without building the sub-commands' parsers."""

from __future__ import annotations

import pytest

from naij_tracker import cli


@pytest.mark.parametrize(("argv", "gui"), [
    ([], True),
    (["--db", "cases.sqlite3"], True),
    (["--db=cases.sqlite3", "--read-only"], True),
    (["--read-only", "--db", "info"], True),  # a file named "info" is still a file
    (["info"], False),
    (["--db", "x.sqlite3", "deadlines", "--within", "7"], False),
    (["--help"], False),
    (["--version"], False),
    (["-h"], False),
])
def test_which_arguments_open_the_gui(argv: list[str], gui: bool) -> None:
    assert cli.opens_the_gui(argv) is gui


def test_the_gui_gets_the_database_and_read_only(monkeypatch: pytest.MonkeyPatch) -> None:
    import naij_tracker.ui.app as app

    seen: list[tuple[str | None, bool]] = []
    monkeypatch.setattr(app, "run_gui", lambda db, *, read_only=False: seen.append((db, read_only)) or 0)
    assert cli.main(["--db", "cases.sqlite3", "--read-only"]) == 0
    assert cli.main([]) == 0
    assert seen == [("cases.sqlite3", True), (None, False)]


def test_a_missing_database_path_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--db"])
    assert exit_.value.code == 2
    assert "--db" in capsys.readouterr().err


def test_help_still_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    out = capsys.readouterr().out
    for command in ("info", "demo", "import", "deadlines", "brief", "backup"):
        assert command in out
