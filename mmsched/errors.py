"""The errors mmsched raises: one root, a few kinds, each naming where and how to fix.

Every message is written for the person who edits the file: it says which file, which field
(as a dotted path such as ``drugs[1].days``), what is wrong, and what is allowed instead.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input: where it is and what to do about it."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


class MmschedError(Exception):
    """Root of every error mmsched raises on purpose.

    Args:
        problems: what is wrong, one entry per problem (all of them, not just the first).
        file: the file the problems are in, if they come from a file.
    """

    def __init__(self, problems: list[Problem] | str, file: str | None = None) -> None:
        if isinstance(problems, str):
            problems = [Problem("", problems)]
        self.problems: list[Problem] = list(problems)
        self.file = file
        super().__init__(self.render())

    def render(self) -> str:
        """The message as shown to a person: one paragraph, or one line per problem."""
        where = f"{self.file}: " if self.file else ""
        if len(self.problems) == 1:
            return f"{where}{self.problems[0]}"
        lines = [f"{where}{len(self.problems)} problems:"]
        lines.extend(f"  - {p}" for p in self.problems)
        return "\n".join(lines)

    def in_file(self, file: str) -> MmschedError:
        """The same error, attributed to ``file`` (kept if one is set already)."""
        if self.file is None:
            self.file = file
            self.args = (self.render(),)
        return self


class RegimenError(MmschedError):
    """A regimen file (or a regimen built in code) is not valid."""


class PlanError(MmschedError):
    """A plan file (or a plan built in code) is not valid."""


class ScheduleError(MmschedError):
    """The plan is valid, but the schedule it asks for would break a regimen's safety rule."""
