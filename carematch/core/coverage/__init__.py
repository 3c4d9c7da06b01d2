"""The bureau's figures (DESIGN §7) and facility planning.

`figures(session, as_of=None)` — per township and for the whole registry, each figure beside its
target and last month's value; `suggest_sites(session, kind, k_max=5)` — the villages whose open
needs no provider reaches and the best sites for k new meal points or care places.
Definitions: `carematch.core.coverage.definitions` (and /work/team/README-coverage.md).
"""

from carematch.core.coverage.definitions import DEFINITIONS, FigureDefinition
from carematch.core.coverage.figures import (
    WHOLE_REGISTRY,
    AreaFigures,
    Figure,
    Figures,
    NeedCounts,
    figures,
    save_snapshot,
)
from carematch.core.coverage.planning import (
    CoverInstance,
    CoverSolution,
    FigureEffect,
    Site,
    SiteChoice,
    SitePlan,
    SiteRadii,
    UnreachedVillage,
    cover_instance,
    solve_max_cover,
    suggest_sites,
)

__all__ = [
    "DEFINITIONS",
    "WHOLE_REGISTRY",
    "AreaFigures",
    "CoverInstance",
    "CoverSolution",
    "Figure",
    "FigureDefinition",
    "FigureEffect",
    "Figures",
    "NeedCounts",
    "Site",
    "SiteChoice",
    "SitePlan",
    "SiteRadii",
    "UnreachedVillage",
    "cover_instance",
    "figures",
    "save_snapshot",
    "solve_max_cover",
    "suggest_sites",
]
