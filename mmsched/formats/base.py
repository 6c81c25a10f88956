"""The base of every file model: unknown fields refused, values frozen, text stripped, and no
text that a terminal or a reader would take for something else."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

#: Refused in any text of any file: control characters other than tab and line feed (ESC starts
#: the ANSI sequences that recolour or clear a terminal; CR overwrites a printed line; neither
#: belongs in a name, a note or a reason) and the bidirectional overrides and isolates that show
#: text in another order than it is stored ("Trojan Source", CVE-2021-42574). Ids are stricter
#: still (:mod:`.ids`). Every view also escapes them on output (:func:`mmsched.errors.printable`).
_REFUSED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def check_text(value: str) -> str:
    """``value`` if it holds no refused character, else a ``ValueError`` naming the first.

    >>> check_text("张伟 Zhang Wei")
    '张伟 Zhang Wei'
    >>> check_text("Zhang\\x1b[2JWei")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: contains U+001B (a control character) at character 6; type the text again ...
    """
    found = _REFUSED.search(value)
    if found is None:
        return value
    char = found.group()
    kind = "a control character" if ord(char) < 0x100 else "a text-direction character"
    raise ValueError(
        f"contains U+{ord(char):04X} ({kind}) at character {found.start() + 1}; type the text "
        "again without it (it can come with text pasted from another program)"
    )


def _check_all(value: Any) -> None:
    if isinstance(value, str):
        check_text(value)
    elif isinstance(value, (list, tuple, frozenset, set)):
        for item in value:
            _check_all(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_all(key)
            _check_all(item)


class FileModel(BaseModel):
    """A model read from a file: a misspelt field is an error, not silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    @field_validator("*", mode="after")
    @classmethod
    def _printable_text(cls, value: Any) -> Any:
        """Every text value of every field (nested models check their own)."""
        _check_all(value)
        return value


class Name(FileModel):
    """A display name in English and Chinese. A plain string in a file sets both."""

    en: str = Field(min_length=1)
    zh: str | None = None

    def get(self, lang: str) -> str:
        """The name in ``lang`` ("en" or "zh"), falling back to English."""
        return (self.zh or self.en) if lang == "zh" else self.en
