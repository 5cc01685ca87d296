"""The triage classifier: training runs, status, classification, category descriptions."""
