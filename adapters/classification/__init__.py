"""Ticket classification with scikit-learn over TF-IDF and sentence embeddings."""
