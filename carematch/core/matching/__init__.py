"""Matching needs to providers (DESIGN §4): eligibility, the optimal batch, one resident's ranking."""

from __future__ import annotations

from carematch.core.matching.batch import (
    ConfirmOutcome,
    MatchResult,
    OpenNeed,
    ProposedMatch,
    WriteSummary,
    confirm_proposals,
    current_proposals,
    match_batch,
    open_needs,
    solve_assignment,
    write_proposals,
)
from carematch.core.matching.candidates import REASON_CODES
from carematch.core.matching.priority import UNMATCHED_COST, priority_weight
from carematch.core.matching.ranking import ProviderOption, rank_providers

__all__ = [
    "REASON_CODES",
    "UNMATCHED_COST",
    "ConfirmOutcome",
    "MatchResult",
    "OpenNeed",
    "ProposedMatch",
    "ProviderOption",
    "WriteSummary",
    "confirm_proposals",
    "current_proposals",
    "match_batch",
    "open_needs",
    "priority_weight",
    "rank_providers",
    "solve_assignment",
    "write_proposals",
]
