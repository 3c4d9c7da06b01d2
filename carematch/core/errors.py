"""Errors a clerk can read, in Chinese with an English translation.

Messages carry both languages so the presentation layer chooses; the core keeps no
global language setting.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Lang = Literal["zh", "en"]


@dataclass(frozen=True)
class Message:
    zh: str
    en: str
    params: dict[str, Any] = field(default_factory=dict)

    def text(self, lang: Lang = "zh") -> str:
        return pick(lang, self.zh, self.en).format(**self.params)

    def __str__(self) -> str:
        return self.text("zh")


class CareMatchError(Exception):
    """Base of every error the program reports to a person without a traceback."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.text("zh"))
        self.message = message

    def text(self, lang: Lang = "zh") -> str:
        return self.message.text(lang)


class UserInputError(CareMatchError):
    """The input given (a file, a value, an argument) cannot be used."""


class ConflictError(CareMatchError):
    """Someone else saved the same record since it was read; nothing was overwritten."""


class NotFoundError(CareMatchError):
    """A record asked for does not exist (or was deleted)."""


def msg(zh: str, en: str, **params: Any) -> Message:
    return Message(zh, en, params)


def pick(lang: Lang, zh: str, en: str) -> str:
    """The one of a pair of texts written in `lang`."""
    return zh if lang == "zh" else en
