"""A minimal FastAPI + pydantic + synchronous SQLAlchemy ticket API: the benchmark's baseline.

The stack of the system AstraTickets replaces, written the way its documentation
teaches: `def` endpoints (FastAPI runs them on its thread pool), a session per
request from a generator dependency, a bearer JWT (HS256, PyJWT) resolved to a
user row on every request, ORM models returned through pydantic response models.
Only what `benchmarks/bench_http.py` drives: open, get, list with filters and a
total, reply. See docs/benchmarks.md, "HTTP API throughput".
"""
