"""Station operations as plain functions, shared by the GUI, the CLI and the tests.

Each takes the Database and an Actor, checks its input and the actor's role, raises a
FlatError that says what to do (changing nothing), or records events through the ledger.

Modules: ``people`` (badges, PINs), ``work`` (a worker's job), ``machines``, ``help``,
``orders``, ``board`` (assignment and delivery), ``routes``, ``scans``, ``stations``.
"""
