"""What ``mmsched check`` found, as the ``mmsched.check/1`` JSON contract.

JSON contract (fields may be added, none renamed)::

    {"schema": "mmsched.check/1",
     "files": [{"file", "kind", "ok", "summary", "warnings": [...], "warning_codes": [...],
                "warnings_text": [...],
                "course": null | {"patient_id", "regimen", "start", "first", "last"},
                "error": null | {"file", "message", "text",
                                 "problems": [{"field", "message", "code", "message_zh",
                                               "text"}, ...]}},
               ...],
     "checked": 3, "with_problems": 1, "lang": "zh"}

One entry per file checked, in the order checked (a folder stands for its YAML files, sorted).
``kind`` is ``plan``, ``regimen``, ``ward``, ``holidays`` or ``unknown``; ``ok`` is true when
the file has no problem. ``summary`` says what a valid file is (null for one with problems);
``warnings`` are a valid plan's schedule warnings, in English; ``warning_codes`` gives each one's
stable message code, one for one (``""`` for one without), and ``warnings_text`` each one in the
chosen ``lang``. ``course`` is a valid plan's:
its patient, regimen, ``start`` and its first and last dated event (null when it has none).
``error`` gives the file the problems are in (the file checked, or a regimen or ward file it
names), the message as ``check`` prints it, and each problem with its field path (``""`` for a
problem of the whole file, such as a plan whose course overlaps another plan of its patient).

``message`` stays English. Each problem adds its stable message ``code`` (``""`` for one that
has none yet), ``message_zh`` (its sentence in Chinese; the English one when it has no code)
and ``text``: the problem as a person reads it in the chosen ``lang`` (the top-level ``lang``),
with the field path once, after the sentence, in Chinese. ``error.text`` is the whole message
in that language.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any, Protocol

from ..engine.courses import CourseSpan
from ..errors import MessageLang, MmschedError

SCHEMA = "mmsched.check/1"


class CheckedFile(Protocol):
    """One file's result, as :class:`mmsched.batch.check.CheckResult` gives it."""

    @property
    def file(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def summary(self) -> str: ...
    @property
    def error(self) -> MmschedError | None: ...
    @property
    def warnings(self) -> tuple[str, ...]: ...
    def warnings_in(self, lang: str) -> tuple[str, ...]: ...
    def codes(self) -> tuple[str, ...]: ...
    @property
    def course(self) -> CourseSpan | None: ...


def check_to_dict(results: Sequence[CheckedFile], lang: MessageLang = "en") -> dict[str, Any]:
    """The results as the contract's mapping, people's texts in ``lang``."""
    return {
        "schema": SCHEMA,
        "files": [_file(result, lang) for result in results],
        "checked": len(results),
        "with_problems": sum(result.error is not None for result in results),
        "lang": lang,
    }


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _file(result: CheckedFile, lang: MessageLang) -> dict[str, Any]:
    error = result.error
    course = result.course
    return {
        "file": result.file,
        "kind": result.kind,
        "ok": error is None,
        "summary": result.summary if error is None else None,
        "warnings": list(result.warnings),
        "warning_codes": list(result.codes()),
        "warnings_text": list(result.warnings_in(lang)),
        "course": None
        if course is None or error is not None
        else {
            "patient_id": course.patient_id,
            "regimen": course.regimen_id,
            "start": course.start.isoformat(),
            "first": _iso(course.first),
            "last": _iso(course.last),
        },
        "error": None
        if error is None
        else {
            "file": error.file or result.file,
            "message": str(error) if error.file else f"{result.file}: {error}",
            "text": error.render(lang)
            if error.file
            else f"{result.file}{'：' if lang == 'zh' else ': '}{error.render(lang)}",
            "problems": [
                {
                    "field": p.field,
                    "message": p.message,
                    "code": p.code,
                    "message_zh": p.sentence("zh"),
                    "text": p.text(lang),
                }
                for p in error.problems
            ],
        },
    }


def check_to_json(results: Sequence[CheckedFile], lang: MessageLang = "en") -> str:
    """The results as JSON text: UTF-8 kept, two-space indent, a newline at the end."""
    return json.dumps(check_to_dict(results, lang), ensure_ascii=False, indent=2) + "\n"
