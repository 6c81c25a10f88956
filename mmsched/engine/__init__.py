"""The engine: pure computation on plain types, no I/O, no clock, no pydantic.

Day rules, units and doses, BSA, renal rules, the compiled regimen and course
(:mod:`.course`), the ward calendar's day logic, placing doses on open days, the expander as a
pipeline of named steps (:mod:`.expand`), the :class:`~.schedule.Schedule` it produces, the ward
sheet's and the diff's computations. May import only ``errors`` and ``data``; every other stage
imports it.
"""
