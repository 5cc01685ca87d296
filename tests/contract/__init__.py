"""One contract for the repositories and the unit of work, run against every backend.

Every test takes `uow_factory` (tests/databases.py) and runs once per backend: memory,
SQLite, PostgreSQL and MariaDB. The few checks that only a database can make (its own
foreign keys, rows in the tag table) skip the memory backend and say why.
"""
