"""pydantic's validation errors, translated where they enter into mmsched's own problems."""

from __future__ import annotations

from pydantic import ValidationError

from ..errors import Problem
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
        kind = error["type"]
        value = error.get("input")
        if kind == "missing":
            message = "is required but missing"
        elif kind == "extra_forbidden":
            message = "is not a known field; check its spelling (unknown fields are refused)"
        elif kind.startswith("date"):
            message = f"{quote(value)} is not a date that exists; write a real date as YYYY-MM-DD"
        elif kind == "union_tag_invalid":
            ctx = error.get("ctx", {})
            message = (
                f"'{ctx.get('tag')}' is not a known {ctx.get('discriminator', 'kind')}; "
                f"use one of {ctx.get('expected_tags')}"
            ).replace("'action'", "action")
        elif kind == "value_error":
            message = str(error.get("ctx", {}).get("error", error["msg"]))
        elif value is None and "input" in error:
            # A field written with no value (``height_cm:``), as ``mmsched new plan`` leaves
            # the ones marked # REQUIRED that it was not given.
            message = "is empty; write its value after the colon"
        else:
            message = f"{error['msg']} (got {quote(value)})"
        problems.append(Problem(field, message))
    return _unknown_fields_summed_up(problems)


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
    unknown = [p for p in problems if p.message.startswith("is not a known field")]
    if len(unknown) <= MAX_UNKNOWN_LISTED:
        return problems
    rest = [p for p in problems if p not in unknown]
    return [
        *rest,
        Problem(
            "",
            f"{len(unknown)} fields are not known (unknown fields are refused): is this the "
            "right kind of file?",
        ),
    ]
