"""AI assistance: language models, classification, triage suggestions and reply drafts."""
