"""pydantic's validation errors, translated where they enter into mmsched's own problems."""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError

from ..errors import CodedError, Problem, coded
from .limits import quote


def problems_from_validation(exc: ValidationError) -> list[Problem]:
    """Translate pydantic's errors into problems with dotted field paths and plain advice."""
    problems = []
    for error in exc.errors(include_url=False):
        field = ""
        for part in error["loc"]:
            if isinstance(part, int):
                field += f"[{part}]"
            else:
                name = _field_name(str(part))
                field += f".{name}" if field else name
        problems.append(_problem(field, error))
    return _unknown_fields_summed_up(problems)


def _problem(field: str, error: Any) -> Problem:  # noqa: PLR0911 (one return per kind)
    """One of pydantic's errors as a problem with its message code."""
    kind = error["type"]
    value = error.get("input")
    if kind == "missing":
        return coded(field, "field.missing")
    if kind == "extra_forbidden":
        return coded(field, "field.unknown")
    if kind.startswith("date"):
        return coded(field, "field.not_a_date", value=quote(value))
    if kind == "union_tag_invalid":
        ctx = error.get("ctx", {})
        discriminator = ctx.get("discriminator", "kind")
        return coded(
            field,
            "field.unknown_kind",
            tag=ctx.get("tag"),
            kind="action" if discriminator == "'action'" else discriminator,
            allowed=ctx.get("expected_tags"),
        )
    if kind in NUMBER_ERRORS and (advice := _number_with_unit(value, field)) is not None:
        return advice
    if kind == "value_error":
        exc = error.get("ctx", {}).get("error")
        if isinstance(exc, CodedError):
            return Problem(field, str(exc), exc.code, exc.params)
        return Problem(field, str(exc if exc is not None else error["msg"]))
    if value is None and "input" in error:
        # A field written with no value (``height_cm:``), as ``mmsched new plan`` leaves
        # the ones marked # REQUIRED that it was not given.
        return coded(field, "field.empty")
    return coded(field, "field.invalid", pydantic=error["msg"], value=quote(value), kind=kind)


#: pydantic's error types for a value that is not a number.
NUMBER_ERRORS = frozenset({"decimal_parsing", "int_parsing", "float_parsing", "decimal_type"})

#: The unit a field's name ends in, as people write it.
FIELD_UNITS = {
    "_kg": "kg",
    "_cm": "cm",
    "_umol_l": "µmol/L",
    "_mg_dl": "mg/dL",
    "_ml_min": "mL/min",
    "_years": "years",
}

#: A number, then a unit: text that starts with a letter ("52kg", "115 lb", "1.2 mg/dL"), never
#: an exponent ("1e6" is a number written another way, not 1 with a unit "e6").
_NUMBER_AND_UNIT = re.compile(
    r"\s*([+-]?[0-9]+(?:[.,][0-9]+)?)\s*(?![eE][+-]?[0-9]+\s*$)([^\W\d_].{0,19})\s*"
)


def _number_with_unit(value: object, field: str) -> Problem | None:
    """Advice for a number written with its unit ("52kg"): the number alone when the unit is
    the field's own; the conversion first when it is another unit (never just drop "lb").

    >>> _number_with_unit("52kg", "patient.weight_kg").message
    "'52kg' has a unit in it; write the number alone, in kg as the field's name says: weight_kg: 52"
    >>> _number_with_unit("115 lb", "patient.weight_kg").message
    "'115 lb' is not in kg; convert it to kg and write the number alone (weight_kg is in kg)"
    >>> _number_with_unit("tall", "patient.height_cm") is None
    True
    """
    if not isinstance(value, str):
        return None
    match = _NUMBER_AND_UNIT.fullmatch(value)
    if match is None:
        return None
    name = field.rsplit(".", 1)[-1]
    unit = next((u for end, u in FIELD_UNITS.items() if name.endswith(end)), None)
    number, written = match.group(1).replace(",", "."), match.group(2).strip()
    params = {"value": quote(value), "name": name, "number": number, "unit": unit}
    if unit is None:
        return coded(field, "field.number_with_unit", **params)
    if _same_unit(written, unit):
        return coded(field, "field.number_with_own_unit", **params)
    return coded(field, "field.number_in_other_unit", **params)


def _same_unit(written: str, unit: str) -> bool:
    def key(text: str) -> str:
        return text.casefold().replace(" ", "").replace("μ", "µ").replace("u", "µ")

    aliases = {"years": ("y", "yr", "yrs", "year", "岁")}
    return key(written) == key(unit) or key(written) in aliases.get(unit, ())


#: More unknown fields than this in one file are summed up, not listed: a file of another kind
#: (or a private file named by mistake) is described, never quoted line by line.
MAX_UNKNOWN_LISTED = 5


def _field_name(name: str) -> str:
    """A field name as written in a message: short and printable (a key of a file that is not
    mmsched's may be anything)."""
    if len(name) <= 30 and name.isprintable() and all(c not in name for c in ":$'\"<>"):
        return name
    return "(a key that is not a field name)"


def _unknown_fields_summed_up(problems: list[Problem]) -> list[Problem]:
    unknown = [p for p in problems if p.code == "field.unknown"]
    if len(unknown) <= MAX_UNKNOWN_LISTED:
        return problems
    rest = [p for p in problems if p not in unknown]
    return [
        *rest,
        coded("", "file.many_unknown_fields", count=len(unknown)),
    ]
