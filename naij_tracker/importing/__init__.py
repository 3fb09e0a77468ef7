"""Importing stewards' grievance spreadsheets.

``sources`` reads a sheet (in a child process with limits — ``safety``/``worker``), ``headers``
maps its columns to fields, ``rows`` validates each row, ``plan`` compares the rows with the
database (a dry run: create / update / unchanged / errors), ``commit`` writes a plan in one
transaction as one import batch, and undoes a batch.
"""
