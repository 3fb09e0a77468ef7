"""Importing stewards' grievance spreadsheets, as a pipeline of stages (``pipeline``).

read (``sources``, in a child process with limits — ``safety``/``worker``) → headers
(``headers``; footer rows left out by ``footers``) → values (``values``: what each choice value
means) → members (``members``: who each name is) → rows (``rows``, cells read by ``cells``) →
plan (``plan``: create / update / unchanged / errors, writing nothing) → commit (``commit``: one
transaction, one import batch; undo). The officer's answers are kept per spreadsheet layout as
an import profile (``profiles``).
"""
