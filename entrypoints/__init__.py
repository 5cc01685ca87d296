"""Entrypoints: HTTP, CLI, settings and the container that wires adapters to use cases."""
