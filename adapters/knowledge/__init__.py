"""Knowledge-base adapters: embedders, vector indexes (memory, Chroma) and the BM25 ranker."""
