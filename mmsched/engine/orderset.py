"""A regimen's order set as the engine works from it: supportive items, the conditions that
decide whether an item or a test applies on a date, and infusion details.

:mod:`mmsched.formats.regimen` validates the ``supportive:`` entries of a regimen file (and the
``conditions:`` of its tests, the infusion details of its drugs) and compiles them into these
plain frozen values; the expander's supportive step (:mod:`.expand.supportive`) dates them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from .units import Dose

if TYPE_CHECKING:
    from .course import PatientFacts

Category = Literal["premedication", "prophylaxis", "post-medication", "hydration"]
VteRisk = Literal["standard", "high", "unknown"]
#: The corticosteroids (lowercase international names): no day should carry two of them.
CORTICOSTEROIDS = frozenset(
    {"dexamethasone", "methylprednisolone", "prednisone", "prednisolone", "hydrocortisone"}
)


@dataclass(frozen=True)
class Conditions:
    """What must all hold on an item's (or a test's) date for it to apply.

    ``None`` leaves a condition out. ``age_over`` / ``age_under`` compare the age on the
    course's start date (strictly greater / strictly less). ``childbearing_potential: True``
    holds for a woman whose plan says so **or does not say** (the schedule then warns: the
    item is kept rather than silently dropped); ``vte_risk: "unknown"`` holds when the plan
    gives no VTE risk; ``irregular_menses: False`` holds when the plan does not say.
    ``given`` / ``not_given``: that drug is (is not) given on the item's date.
    """

    sex: Literal["F", "M"] | None = None
    age_over: int | None = None
    age_under: int | None = None
    childbearing_potential: bool | None = None
    vte_risk: VteRisk | None = None
    dialysis: bool | None = None
    given: str | None = None
    not_given: str | None = None
    irregular_menses: bool | None = None

    def holds_for(self, patient: PatientFacts) -> bool:
        """Whether the conditions on the patient alone hold (``given`` / ``not_given`` aside):
        an item or test whose patient conditions fail is never dated at all."""
        known = patient.childbearing_potential
        # Unknown counts as potential: a pregnancy test is never dropped for want of a field.
        potential = True if known is None else known
        return (
            (self.sex is None or patient.sex == self.sex)
            and (self.age_over is None or patient.age > self.age_over)
            and (self.age_under is None or patient.age < self.age_under)
            and (self.childbearing_potential is None or potential == self.childbearing_potential)
            and (self.vte_risk is None or (patient.vte_risk or "unknown") == self.vte_risk)
            and (self.dialysis is None or patient.dialysis == self.dialysis)
            and (
                self.irregular_menses is None
                or bool(patient.irregular_menses) == self.irregular_menses
            )
        )

    @property
    def on_dates(self) -> bool:
        """Whether a condition depends on the date (``given`` / ``not_given``)."""
        return self.given is not None or self.not_given is not None

    def holds_on(self, on: date, given: frozenset[tuple[str, date]]) -> bool:
        """Whether ``given`` / ``not_given`` hold on ``on``; ``given`` holds each (drug, date)
        an anticancer drug is actually given on."""
        return (self.given is None or (self.given, on) in given) and (
            self.not_given is None or (self.not_given, on) not in given
        )

    def holds(self, patient: PatientFacts, on: date, given: frozenset[tuple[str, date]]) -> bool:
        """Whether every condition holds for ``patient`` on ``on``."""
        return self.holds_for(patient) and self.holds_on(on, given)


@dataclass(frozen=True)
class Prompt:
    """A reminder without a dose, in English and Chinese: printed and exported, never a dose."""

    en: str
    zh: str | None = None

    def get(self, lang: str) -> str:
        return (self.zh or self.en) if lang == "zh" else self.en


@dataclass(frozen=True)
class SupportiveRule:
    """One ``supportive:`` entry of a regimen, parsed.

    Exactly one of ``dose`` (with ``route``) and ``prompt``; either ``days`` (days of each
    covered cycle, day 0 and negative days allowed) or ``with_drug`` with ``minutes_before``
    (a window ``(low, high)``; one number is ``(n, n)``) or ``days_after``.
    """

    item: str
    category: Category
    source: str
    name_zh: str | None = None
    note: str | None = None
    dose: Dose | None = None
    route: str | None = None
    per_day: int | None = None
    prompt: Prompt | None = None
    days: tuple[int, ...] = ()
    first_cycle: int = 1
    last_cycle: int | None = None
    with_drug: str | None = None
    minutes_before: tuple[int, int] | None = None
    days_after: int | None = None
    first_only: bool = False
    #: Only with the drug's last dose of the course (``occurrence: last``): an end-of-treatment
    #: reminder.
    last_only: bool = False
    on_closed_day: str = "keep"
    optional: bool = False
    conditions: Conditions | None = None

    def covers(self, cycle: int) -> bool:
        return self.first_cycle <= cycle and (self.last_cycle is None or cycle <= self.last_cycle)


@dataclass(frozen=True)
class InfusionDose:
    """The infusion details of one dose (its occurrence already chosen)."""

    diluent: str | None
    volume_ml: Decimal | None
    duration_minutes: int | None
    rate: str | None


@dataclass(frozen=True)
class Infusion:
    """How an IV drug is infused: diluent, volume, duration and rate, each of which may differ
    for the first, the second and later doses of the course (daratumumab: 1,000 mL then 500 mL,
    7 h then 4.3 h then 3.5 h). Each tuple is (first, second, later)."""

    diluent: str | None = None
    volume_ml: tuple[Decimal | None, Decimal | None, Decimal | None] = (None, None, None)
    duration_minutes: tuple[int | None, int | None, int | None] = (None, None, None)
    rate: tuple[str | None, str | None, str | None] = (None, None, None)

    def for_occurrence(self, n: int) -> InfusionDose:
        """The details of the drug's ``n``-th dose given in the course (from 1)."""
        i = min(max(n, 1), 3) - 1
        return InfusionDose(self.diluent, self.volume_ml[i], self.duration_minutes[i], self.rate[i])
