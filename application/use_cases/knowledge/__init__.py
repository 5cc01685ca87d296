"""Knowledge-base use cases: ingest, search, suggest, delete, reindex, similar tickets."""
