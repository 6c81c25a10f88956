"""The expander: a compiled course in, every dated and dosed administration out.

Pure: no files, no clock, no locale. The pipeline (:func:`.pipeline.run`), one module a step:

1. :mod:`.cycles` — cycle starts: ``start + (cycle - 1) × cycle_days`` plus every delay so far.
2. :mod:`.body` — per cycle, the latest height and weight on or before its start, the BSA
   rounded half-up to 0.01 m², then the plan's cap.
3. :mod:`.doses` — per cycle and drug, the dose: the regimen's dose or the plan's choice, the
   renal band, the age rule, the dose level or percentage, times BSA or weight, rounded to the
   regimen's step; each rule that changes a dose leaves a note on it.
4. :mod:`.placing` — dates (:mod:`mmsched.engine.placement`): the day rules, the ward's closed
   days by each drug's policy, then the plan's moves, holds, omissions and stops in order,
   keeping every interval.
5. :mod:`.collect` — the administrations and skipped doses in date order, each drug's total.
6. :mod:`.checks` — every interval and lifetime maximum checked; years without holiday data.
7. :mod:`.monitoring` — the tests, on their days or with a drug's actual doses.
8. :mod:`.weight` — cycles whose weight moved past the plan's threshold.

Warnings are collected in English and Chinese by :mod:`.notes`, each once.
"""

from __future__ import annotations

from .pipeline import HasCourse, expand, expand_many

__all__ = ["HasCourse", "expand", "expand_many"]
