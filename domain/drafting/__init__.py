"""Reply drafts: the passages they rest on, their citations and the built-in drafter."""

from domain.drafting.citations import cited_numbers, filter_citations
from domain.drafting.extractive import ExtractivePolicy, compose_extractive_reply
from domain.drafting.passages import Citation, Draft, Passage, PassageSource

__all__ = [
    "Citation",
    "Draft",
    "ExtractivePolicy",
    "Passage",
    "PassageSource",
    "cited_numbers",
    "compose_extractive_reply",
    "filter_citations",
]
