"""Errors of the AI features, independent of any provider or library."""

from __future__ import annotations

from application.errors import ApplicationError


class LanguageModelError(ApplicationError):
    """The language model could not give a usable answer; the caller may fall back."""

    retryable = False


class LanguageModelTimeout(LanguageModelError):
    retryable = True

    def __init__(self, model: str, seconds: float) -> None:
        self.model = model
        self.seconds = seconds
        super().__init__(f"the language model {model} did not answer within {seconds:g} s")


class LanguageModelRateLimited(LanguageModelError):
    retryable = True

    def __init__(self, model: str, retry_after_seconds: float | None = None) -> None:
        self.model = model
        self.retry_after_seconds = retry_after_seconds
        after = f"; retry after {retry_after_seconds:g} s" if retry_after_seconds else ""
        super().__init__(f"the language model {model} is rate-limiting requests{after}")


class LanguageModelUnavailable(LanguageModelError):
    """Not reachable, refused the credentials or the request, or failed on its side."""

    def __init__(self, model: str, detail: str, *, retryable: bool = True) -> None:
        self.model = model
        self.detail = detail
        self.retryable = retryable
        super().__init__(f"the language model {model} is unavailable: {detail}")


class LanguageModelBadOutput(LanguageModelError):
    """An answer came back but cannot be used (empty, truncated, not the asked JSON)."""

    def __init__(self, model: str, detail: str) -> None:
        self.model = model
        self.detail = detail
        super().__init__(f"the language model {model} gave unusable output: {detail}")


class ClassifierError(ApplicationError):
    """A ticket classifier cannot be trained or used."""


class NotEnoughExamples(ClassifierError):
    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__(f"not enough labelled examples to train: {detail}")


class InvalidClassifierModel(ClassifierError):
    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__(f"the stored classifier model cannot be loaded: {detail}")
