"""Language-model adapters: litellm for real providers, a scripted fake for tests and demos."""
