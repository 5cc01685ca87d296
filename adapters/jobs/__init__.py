"""JobQueue adapters: in-process asyncio (the default) and SAQ on Redis."""
