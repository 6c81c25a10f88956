"""The base of every file model: unknown fields refused, values frozen, text stripped, and no
text that a terminal or a reader would take for something else."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..engine.units import ascii_digits_only
from ..errors import NOT_IN_TEXT, CodedError, coded

#: Refused in any text of any file: control characters other than tab and line feed (ESC starts
#: the ANSI sequences that recolour or clear a terminal; CR overwrites a printed line; neither
#: belongs in a name, a note or a reason) and the bidirectional overrides and isolates that show
#: text in another order than it is stored ("Trojan Source", CVE-2021-42574). Ids are stricter
#: still (:mod:`.ids`). Every view also escapes them on output (:func:`mmsched.errors.printable`).
_REFUSED = re.compile(f"[{NOT_IN_TEXT}]")


def check_text(value: str) -> str:
    """``value`` if it holds no refused character, else a ``ValueError`` naming the first.

    >>> check_text("张伟 Zhang Wei")
    '张伟 Zhang Wei'
    >>> check_text("Zhang\\x1b[2JWei")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mmsched.errors.CodedError: contains U+001B (a control character) at character 6; type ...
    """
    found = _REFUSED.search(value)
    if found is None:
        return value
    char = found.group()
    kind = "text.kind.control" if ord(char) < 0x100 else "text.kind.direction"
    raise CodedError(
        "text.refused_char",
        char=f"U+{ord(char):04X}",
        kind=coded("", kind),
        at=found.start() + 1,
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

    @model_validator(mode="before")
    @classmethod
    def _number_digits(cls, data: Any) -> Any:
        """A number written as text uses the digits 0-9: ``٥٢`` or ``𝟓𝟐`` would be read as 52
        by Python, and by few other programs (issue 12)."""
        if isinstance(data, dict):
            for name, value in data.items():
                if isinstance(value, str) and not value.isascii():
                    field = cls.model_fields.get(name) if isinstance(name, str) else None
                    if field is not None and _numeric(field.annotation):
                        ascii_digits_only(value)
        return data

    @field_validator("*", mode="after")
    @classmethod
    def _printable_text(cls, value: Any) -> Any:
        """Every text value of every field (nested models check their own); every decimal
        number finite and of a size a file means (no ``1e-30``, whose arithmetic fails)."""
        if isinstance(value, Decimal):
            return sane_decimal(value)
        _check_all(value)
        return value


#: A decimal number of a file is finite, at most 10^9 and, unless zero, at least 10^-9, with
#: at most 20 significant digits: every real value fits, and no arithmetic on one overflows or
#: runs out of precision (``1e-30`` mg/dL of creatinine raised decimal.InvalidOperation).
DECIMAL_EXPONENTS = (-9, 9)
DECIMAL_DIGITS = 20


def sane_decimal(value: Decimal) -> Decimal:
    """``value`` if it is finite and of a plausible size, else a ``ValueError``.

    >>> sane_decimal(Decimal("52.5"))
    Decimal('52.5')
    >>> sane_decimal(Decimal("1e-30"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mmsched.errors.CodedError: 1E-30 is too small a number for this field (...
    """
    if not value.is_finite():
        raise CodedError("number.not_finite", value=value)
    if value and value.adjusted() > DECIMAL_EXPONENTS[1]:
        raise CodedError("number.too_large", value=value)
    if value and value.adjusted() < DECIMAL_EXPONENTS[0]:
        raise CodedError("number.too_small", value=value)
    if len(value.as_tuple().digits) > DECIMAL_DIGITS:
        raise CodedError("number.too_many_digits", value=value, digits=DECIMAL_DIGITS)
    return value


def _numeric(annotation: Any) -> bool:
    """Whether a field's type is a number, or a number or None."""
    if annotation in (Decimal, int, float):
        return True
    return any(_numeric(arg) for arg in get_args(annotation))


class Name(FileModel):
    """A display name in English and Chinese. A plain string in a file sets both."""

    en: str = Field(min_length=1)
    zh: str | None = None

    def get(self, lang: str) -> str:
        """The name in ``lang`` ("en" or "zh"), falling back to English."""
        return (self.zh or self.en) if lang == "zh" else self.en
