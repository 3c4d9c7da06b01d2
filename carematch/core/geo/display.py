"""Distances as people read them, with the error the places behind them imply ("2.3 km ± 1 km")."""

from __future__ import annotations

from carematch.core.errors import Lang


def _amount(metres: int) -> str:
    """850 m, 2.3 km, 12 km, 140 km: the precision a clerk needs, no more."""
    if metres < 1000:
        return f"{metres} m"
    km = metres / 1000
    if km < 10:
        text = f"{km:.1f}"
        return (text[:-2] if text.endswith(".0") else text) + " km"
    return f"{round(km)} km"


def format_distance(distance_m: int | None, error_m: int | None, lang: Lang = "zh") -> str:
    """A distance with its uncertainty: "2.3 km ± 1 km", "850 m ± 20 m", "2.3 km" (error unknown).

    Units are the international symbols in both languages, as Chinese map apps show them too.
    A distance that cannot be known (a place without coordinates) reads 未知 / unknown.
    """
    if distance_m is None:
        return "未知" if lang == "zh" else "unknown"
    shown = _amount(max(0, int(distance_m)))
    if error_m is None or error_m <= 0:
        return shown
    return f"{shown} ± {_amount(int(error_m))}"


def combined_error_m(*errors_m: int | None) -> int | None:
    """The error of a distance between places each known to within its own error (their sum, worst case).

    None when any place's error is unknown.
    """
    if any(error is None for error in errors_m):
        return None
    return sum(int(error) for error in errors_m if error is not None)
