"""The HTTP API (Litestar): thin controllers over the use cases."""
