"""Every sentence Mayak says to a person: the catalogue and its strict formatting.

The sentences themselves live in one module per language (``_ru``, ``_en``). The language
comes from the caller, or from ``MAYAK_LANG`` (``ru`` by default: the people who read these
messages are methodologists at Russian regional institutes).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Literal

from msgspec import Struct

from mayak.messages import _en, _ru

Lang = Literal["ru", "en"]
LANGUAGES: tuple[Lang, ...] = ("ru", "en")
_BY_LANGUAGE: Mapping[Lang, Mapping[str, str]] = {"ru": _ru.MESSAGES, "en": _en.MESSAGES}

CATALOGUE: Mapping[str, Mapping[Lang, str]] = MappingProxyType(
    {key: MappingProxyType({lang: _BY_LANGUAGE[lang][key] for lang in LANGUAGES})
     for key in _ru.MESSAGES})


class Number(Struct, frozen=True):
    """A number in a message, written with the reader's decimal mark."""

    value: float
    digits: int | None = None

    def render(self, lang: Lang) -> str:
        """The number with a decimal comma in Russian, a point in English."""
        shown = f"{self.value:.{self.digits}f}" if self.digits is not None else f"{self.value:g}"
        return shown.replace(".", ",") if lang == "ru" else shown


def language(value: str | None) -> Lang:
    """'en', 'EN', 'en_US.UTF-8' → en; anything else → ru."""
    return "en" if (value or "").strip().lower()[:2] == "en" else "ru"


def default_language() -> Lang:
    """The language ``MAYAK_LANG`` asks for; Russian when it is not set."""
    return language(os.environ.get("MAYAK_LANG", "ru"))


def chosen_language(lang: object) -> Lang:
    """``lang`` as a caller gives it: 'ru' or 'en', or None for ``MAYAK_LANG``'s; a
    ValueError naming the two for anything else."""
    if lang is None:
        return default_language()
    if lang not in LANGUAGES:
        raise ValueError(text("api.lang", None, value=repr(lang)))
    return lang


def text(key: str, lang: Lang | None = None, /, **params: Any) -> str:
    """The message ``key`` in ``lang``, with placeholders filled.

    Strict: an unknown key or a missing parameter is a bug and raises KeyError. Only
    parameters marked as ``Key``, ``Number`` or ``Hint`` are translated; any other value is shown
    exactly as given, even when it happens to spell a catalogue key.
    """
    entry = CATALOGUE[key]
    lang = lang or default_language()
    return entry[lang].format(**_localise(params, lang))


@dataclass(frozen=True)
class Key:
    """A parameter that is itself a message: shown in the reader's language. Several keys
    are joined with " / " (e.g. the types a field may take)."""

    keys: tuple[str, ...]

    def __init__(self, *keys: str) -> None:
        missing = [k for k in keys if k not in CATALOGUE]
        if missing or not keys:
            raise KeyError(missing or "Key()")
        object.__setattr__(self, "keys", keys)

    def render(self, lang: Lang) -> str:
        """The marked messages in ``lang``."""
        return " / ".join(CATALOGUE[k][lang] for k in self.keys)


class Localised(Struct, frozen=True):
    """A value written one way in Russian and another in English (a period: «III квартал
    2024 г.» / "Q3 2024")."""

    ru: str
    en: str

    def render(self, lang: Lang) -> str:
        """The value as the reader's language writes it."""
        return self.ru if lang == "ru" else self.en


class Hint(str):
    """A "did you mean" word: shown as a sentence in the reader's language ("(возможно,
    имелось в виду «…»?)"), or as nothing when no word is close. Compares as the word."""

    __slots__ = ()

    def render(self, lang: Lang) -> str:
        """The suggestion as a sentence in ``lang``; "" when there is none."""
        return text("hint", lang, word=str(self)) if self else ""


def kind_key(kind: str) -> Key:
    """The translatable name of an expression kind (number, boolean, ...)."""
    return Key(*(f"kind.{k}" for k in kind.split(" / ")))


def _localise(params: Mapping[str, Any], lang: Lang) -> dict[str, Any]:
    """Render the marked parameters (numbers, keys, suggestions) in the reader's language;
    any other value is shown as given."""
    return {k: v.render(lang) if isinstance(v, Number | Key | Hint | Localised) else v
            for k, v in params.items()}
