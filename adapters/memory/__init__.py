"""In-memory adapters: the fast, faithful stand-ins used by use-case tests."""

from adapters.memory.unit_of_work import MemoryStore, MemoryUnitOfWork, MemoryUnitOfWorkFactory

__all__ = ["MemoryStore", "MemoryUnitOfWork", "MemoryUnitOfWorkFactory"]
