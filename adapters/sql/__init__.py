"""SQLAlchemy 2 (async, Core) adapters for SQLite, PostgreSQL and MySQL/MariaDB."""
