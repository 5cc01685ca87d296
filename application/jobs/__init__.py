"""Background jobs: their recorded state and the runner every queue adapter shares."""
