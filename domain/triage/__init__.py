"""Triage rules that need no learning: urgency words in several languages."""

from domain.triage.urgency import RULES, UrgencyRule, UrgencySignal, rule_priority, urgency_signals

__all__ = ["RULES", "UrgencyRule", "UrgencySignal", "rule_priority", "urgency_signals"]
