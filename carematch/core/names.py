"""Pinyin search keys for Chinese names (kept in step with Resident.name by models.py)."""

from __future__ import annotations


def pinyin_keys(name: str) -> tuple[str, str]:
    """(full pinyin, initials), e.g. 王秀英 → ("wangxiuying", "wxy"); other characters kept."""
    # Imported here: loading pypinyin's dictionaries takes a quarter of a second, and the window
    # should not wait for them before a name is actually written.
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(name, style=Style.NORMAL, errors=lambda chars: chars.lower())
    full = "".join(syllables).replace(" ", "")
    initials = "".join(s[0] for s in syllables if s and s[0].isalnum())
    return full.lower(), initials.lower()
