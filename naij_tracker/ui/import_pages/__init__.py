"""The pages of the grievance import wizard, and the plain logic behind them.

The wizard (``import_wizard.ImportWizard``) walks the officer through up to seven pages that share one
``ImportState`` (in ``base``, with the page base class and the small widgets every page uses):

1. ``file_page.FilePage`` — choose the spreadsheet (path field, file dialog, or drop the file on
   the page);
2. ``sheet_page.SheetPage`` — choose the sheet and the header row; the file is read off the GUI
   thread;
3. ``mapping_page.MappingPage`` — say which field each column fills, with a preview of the first
   rows; the plain logic of the column choices is in ``column_choices``;
   then, only when there is something to ask (``base.next_question_page``):
   ``values_page.ValuesPage`` — what each value the application does not know means, and
   ``members_page.MembersPage`` — who each name that only nearly matches a member is;
4. ``check_page.CheckPage`` — the dry run: new / changed / unchanged / error rows, filterable, the
   rows in error editable in place (``row_fixes``), and the error report; this is the wizard's
   commit page. The dry run itself and the results table are in ``outcomes``;
5. ``commit_page.CommitPage`` — the one-transaction commit with progress and a Cancel that really
   cancels, then the summary with "Undo this import".

Everything slow (reading the file, the dry run, the commit, undo) runs through ``TaskRunner``;
the functions given to it take plain data and return plain data, never touching widgets.
"""
