"""pydantic's validation errors, translated where they enter into mmsched's own problems."""

from __future__ import annotations

from pydantic import ValidationError

from ..errors import Problem


def problems_from_validation(exc: ValidationError) -> list[Problem]:
    """Translate pydantic's errors into problems with dotted field paths and plain advice."""
    problems = []
    for error in exc.errors(include_url=False):
        field = ""
        for part in error["loc"]:
            if isinstance(part, int):
                field += f"[{part}]"
            else:
                field += f".{part}" if field else str(part)
        kind = error["type"]
        value = error.get("input")
        if kind == "missing":
            message = "is required but missing"
        elif kind == "extra_forbidden":
            message = "is not a known field; check its spelling (unknown fields are refused)"
        elif kind.startswith("date"):
            message = f"'{value}' is not a date that exists; write a real date as YYYY-MM-DD"
        elif kind == "union_tag_invalid":
            ctx = error.get("ctx", {})
            message = (
                f"'{ctx.get('tag')}' is not a known {ctx.get('discriminator', 'kind')}; "
                f"use one of {ctx.get('expected_tags')}"
            ).replace("'action'", "action")
        elif kind == "value_error":
            message = str(error.get("ctx", {}).get("error", error["msg"]))
        else:
            message = f"{error['msg']} (got {value!r})"
        problems.append(Problem(field, message))
    return problems
