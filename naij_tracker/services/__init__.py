"""Use-cases over a database, shared by the GUI and the command line.

Each service takes a ``Database`` (and the name of the person acting) and returns plain data —
dicts, tuples and dataclasses — never live ORM objects, so callers on any thread can hold on to
results. Every change writes its history entry in the same transaction.
"""
