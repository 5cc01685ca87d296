"""Adapters: the technologies behind the ports (SQL, memory, clocks, ...)."""
