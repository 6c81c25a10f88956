"""What a patient calendar says, independent of where it is shown.

The terminal calendar (:mod:`mmsched.views.calendar_text`) and the printable page
(:mod:`mmsched.views.calendar_html`) draw the same rows from here, so the page a patient takes
home and the screen the nurse reads can never disagree. Plain strings in the chosen language, no
terminal styles, no HTML.
"""

from __future__ import annotations

import calendar as _calendar
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from ..engine.bsa import FORMULA_TEXT
from ..engine.orderset import InfusionDose
from ..engine.renal import UMOL_PER_MG_DL
from ..engine.rules import CycleDays
from ..engine.schedule import (
    Administration,
    RenalAssessment,
    Schedule,
    SkippedDose,
    SupportiveRecord,
)
from ..engine.units import format_amount
from .display import (
    LABELS,
    Lang,
    bracketed,
    calculation_text,
    day_ranges,
    display_name,
    drug_code,
    drug_name,
    format_date,
    format_dose,
    formula_name,
    join_notes,
    label,
    route_name,
    sex_name,
    test_name,
)
from .order_set import (
    GROUPS,
    has_order_set,
    infusion_text,
    item_name,
    per_day_text,
    record_cells,
    relative_timing,
    role_text,
    split_day,
    timing_text,
)
from .order_set import by_date as supportive_by_date
from .order_set import dose_text as supportive_dose

#: Where a test's short name ends: before its parenthesis (ASCII or full-width).
_SHORT = re.compile(" ?[(\uff08]")
#: Code shown in a month-grid cell for a test or assessment on that day.
TEST_CODE = "Lab"
#: The test code by language: "检" (检查) in Chinese grids, one CJK character (two columns).
TEST_CODES: dict[Lang, str] = {"en": TEST_CODE, "zh": "检"}


@dataclass(frozen=True, slots=True)
class Cell:
    """One day of a month grid. ``codes`` are (code, drug) pairs; drug is "" for a test."""

    date: date
    cycle_days: tuple[str, ...]
    codes: tuple[tuple[str, str], ...]
    moved: bool

    @property
    def is_treatment(self) -> bool:
        return bool(self.codes)


def regimen_title(schedule: Schedule, lang: Lang) -> str:
    """The regimen's name in ``lang`` with its id: "RVD + 白介素-2（rvd-il2）"."""
    name = (
        schedule.regimen_name_zh
        if lang == "zh" and schedule.regimen_name_zh
        else schedule.regimen_name
    )
    return f"{name}{bracketed(schedule.regimen_id, lang)}"


def bsa_text(schedule: Schedule, lang: Lang) -> str:
    """BSA with its formula, and the uncapped value when the plan's cap applied."""
    formula = FORMULA_TEXT.get(schedule.bsa_formula, schedule.bsa_formula)
    # FORMULA_TEXT reads "Mosteller: √(H × W / 3600)"; the name is given in ``lang`` instead.
    expression = formula.split(": ", 1)[-1]
    open_, close, colon = ("（", "）", "：") if lang == "zh" else (" (", ")", ": ")
    text = (
        f"{schedule.bsa_m2:.2f} m²{open_}{formula_name(schedule.bsa_formula, lang)}"
        f"{colon}{expression}{close}"
    )
    if schedule.bsa_m2 != schedule.bsa_uncapped_m2:
        text += f" [{label('bsa_capped', lang)} {schedule.bsa_uncapped_m2:.2f} m²]"
    return text


def cycles_text(schedule: Schedule, lang: Lang) -> str:
    """The cycles in words: "8 × 21-day cycles", or with a maintenance phase each phase's
    cycles, regimen and cycle length (no one cycle length is claimed for the course)."""
    if not schedule.phases:
        return label("cycles_text", lang, cycles=schedule.cycles, days=schedule.cycle_days)
    return ("；" if lang == "zh" else "; ").join(
        label(
            "phase_cycles", lang, first=p.first_cycle, last=p.last_cycle,
            phase=label(p.phase, lang), name=f"{p.name_zh or p.name if lang == 'zh' else p.name}"
            f"{bracketed(p.regimen_id, lang)}", days=p.cycle_days,
        )
        for p in schedule.phases
    )  # fmt: skip


def header_rows(schedule: Schedule, *, lang: Lang, full_name: bool) -> list[tuple[str, str]]:
    """The header as (label, value) pairs: shared by the terminal and the HTML page."""
    sep = "，" if lang == "zh" else ", "
    rows = [(label("patient_id", lang), schedule.patient_id)]
    name = display_name(schedule.patient_name, full=full_name)
    if name:
        rows.append((label("name", lang), name))
    rows += [
        (
            f"{label('sex', lang)}/{label('age', lang)}",
            f"{sex_name(schedule.sex, lang)}{sep}{label('years', lang, age=schedule.age)}",
        ),
        (label("regimen", lang), regimen_title(schedule, lang)),
        (label("cycles", lang), cycles_text(schedule, lang)),
        (label("start", lang), format_date(schedule.start, lang)),
        (
            label("cycle_starts", lang),
            ("；" if lang == "zh" else "; ").join(
                f"C{n} {format_date(day, lang)}" for n, day in enumerate(schedule.cycle_starts, 1)
            ),
        ),
        (label("end", lang), format_date(schedule.end, lang)),
        (label("height", lang), f"{format_amount(schedule.height_cm)} cm"),
        (label("weight", lang), f"{format_amount(schedule.weight_kg)} kg"),
        (label("bsa", lang), bsa_text(schedule, lang)),
    ]
    renal = schedule.renal
    if renal is not None:
        rows.append(
            (
                label("renal", lang),
                label(
                    "renal_text",
                    lang,
                    crcl=format_amount(renal.crcl_ml_min),
                    method=renal.method,
                    scr=format_amount(renal.serum_creatinine_mg_dl),
                    scr_umol=_umol_l(renal),
                    weight=format_amount(renal.weight_kg),
                    age=renal.age,
                    dialysis=label("on_dialysis", lang) if renal.dialysis else "",
                ),
            )
        )
    for total in schedule.cumulative:
        if total.lifetime_max is None:
            continue
        name = drug_name(total.drug, lang, schedule.drug_name_zh(total.drug))
        text = (
            f"{name}: {format_dose(total.dose, total.unit, lang)}; {label('lifetime_max', lang)} "
            f"{format_dose(total.lifetime_max, total.unit, lang)}"
        )
        if total.exceeds:
            text += f"; {label('exceeds', lang)}"
        rows.append((label("course_total", lang), text))
    return rows


@dataclass(frozen=True, slots=True)
class DrugRow:
    """A row of the drug table: a drug (``cycles`` empty), or a run of cycles whose dose or
    calculation differs from the row before it (``cycles`` "C2" or "C2-4"; ``name`` and
    ``route`` then empty, ``days`` too unless the run's days differ from the first run's)."""

    name: str
    route: str
    days: str
    dose: str
    how: str
    drug: str
    cycles: str = ""


def drug_rows(schedule: Schedule, lang: Lang, *, sep: str | None = None) -> list[DrugRow]:
    """Per drug: name, route, days of the cycle, dose given and how it was found; then a row
    for each run of cycles whose dose differs (a dose level from cycle 2, a new weight), with
    that cycle's own calculation: "1 mg/m² × 1.40 m² = 1.4 mg", never just "1.4 mg".

    From the administrations, so the header can never disagree with the list. Days that differ
    between cycles are written per cycle ("C1-2: 1, 8, 15, 22; C3: 1, 15").
    """
    by_drug: dict[str, list[Administration]] = defaultdict(list)
    for adm in schedule.administrations:
        by_drug[adm.drug].append(adm)
    order = [drug for drug, _ in schedule.drugs] or list(by_drug)
    rows = []
    for drug in order:
        adms = by_drug.get(drug)
        if not adms:
            continue
        days_by_cycle: dict[int, list[int]] = defaultdict(list)
        for adm in adms:
            days_by_cycle[adm.cycle].append(adm.day)
        runs = dose_runs(adms)
        low, high, first = runs[0]
        how = how_text(first, lang, sep=sep)
        # Days of each run of a dose, when they differ between runs (a maintenance phase's
        # days): each row then lists only its own, so no day is read with another's dose.
        run_days = [
            days_text({c: days_by_cycle[c] for c in days_by_cycle if a <= c <= b}, schedule.cycles)
            for a, b, _ in runs
        ]
        per_run = len(runs) > 1 and len({_bare_days(text) for text in run_days}) > 1
        if len(runs) > 1:  # say which cycles the first dose is for: "C1-8: flat dose"
            cycles = f"C{low}" if low == high else f"C{low}-{high}"
            how = f"{cycles}{':' if lang == 'zh' else ': '}{how}"
        rows.append(
            DrugRow(
                drug_name(drug, lang, schedule.drug_name_zh(drug)),
                route_name(first.route, lang),
                run_days[0] if per_run else days_text(days_by_cycle, schedule.cycles),
                format_dose(first.dose, first.unit, lang),
                how,
                drug,
            )
        )
        for (low, high, adm), days in zip(runs[1:], run_days[1:], strict=True):
            cycles = f"C{low}" if low == high else f"C{low}-{high}"
            dose = format_dose(adm.dose, adm.unit, lang)
            rows.append(
                DrugRow(
                    "", "", days if per_run else "", dose, how_text(adm, lang, sep=sep), drug,
                    cycles,
                )
            )  # fmt: skip
    return rows


def drug_sections(
    schedule: Schedule, lang: Lang, *, sep: str | None = None
) -> list[tuple[str, list[DrugRow]]]:
    """The drug table in groups, each (heading, rows): premedication, anticancer drugs,
    post-medication, prophylaxis, hydration, tests; empty groups left out. A schedule
    without an order set (no supportive item, no dose in a role) is one group without a
    heading: its table is as it always was.

    The regimen's own drug given as premedication (DRd's dexamethasone) is listed under
    premedication on the days it is one, said to be the regimen's own dose: it is counted
    once, under the anticancer drugs.
    """
    anticancer = drug_rows(schedule, lang, sep=sep)
    if not has_order_set(schedule):
        return [("", anticancer)]
    groups: dict[str, list[DrugRow]] = {group: [] for group in GROUPS}
    groups["anticancer"] = anticancer
    for role, row in _role_rows(schedule, lang):
        groups.setdefault(role, []).append(row)
    for category, row in _supportive_rows(schedule, lang):
        groups.setdefault(category, []).append(row)
    groups["tests"] = _test_rows(schedule, lang)
    return [(label(f"group_{g}", lang), rows) for g, rows in groups.items() if rows]


def _role_rows(schedule: Schedule, lang: Lang) -> list[tuple[str, DrugRow]]:
    """A row per drug, role and timing for the doses given in a role: its timing ("60–180 min
    before daratumumab") where it follows a drug, and on which days; no dose of its own (the
    dose is the one listed under the anticancer drugs, so it never reads as a second dose)."""
    days: dict[tuple[str, str, object], dict[int, list[int]]] = {}
    first: dict[tuple[str, str, object], tuple[Administration, CycleDays]] = {}
    for adm in schedule.administrations:
        row = schedule.role_row(adm)
        if row is None or row.role is None:
            continue
        key: tuple[str, str, object] = (
            row.role,
            adm.drug,
            (row.with_drug, row.minutes_before, row.days_after),
        )
        days.setdefault(key, defaultdict(list))[adm.cycle].append(adm.day)
        first.setdefault(key, (adm, row))
    rows = []
    for key, by_cycle in days.items():
        adm, row = first[key]
        timing = relative_timing(row, schedule, lang)
        rows.append(
            (
                row.role or "",
                DrugRow(
                    drug_name(adm.drug, lang, schedule.drug_name_zh(adm.drug)),
                    route_name(adm.route, lang),
                    timing or days_text(by_cycle),
                    label("role_dose", lang),
                    label("role_row_days", lang, days=days_text(by_cycle))
                    if timing
                    else label("role_row", lang),
                    adm.drug,
                ),
            )
        )
    return rows


def _supportive_rows(schedule: Schedule, lang: Lang) -> list[tuple[str, DrugRow]]:
    """A row per supportive item (by its category, dose and timing), in the order items first
    come: its dose (or, for a prompt, the reminder under "how"), and its days of each cycle
    or its timing relative to its drug."""
    firsts: dict[tuple[object, ...], SupportiveRecord] = {}
    days: dict[tuple[object, ...], dict[int, list[int]]] = {}
    for record in schedule.supportive:
        key: tuple[object, ...] = (
            record.category,
            record.item,
            record.dose_low,
            record.dose_high,
            record.with_drug,
            record.minutes_before,
            record.days_after,
            record.prompt_en,
        )
        firsts.setdefault(key, record)
        days.setdefault(key, defaultdict(list))[record.cycle].append(record.day)
    rows = []
    for found, record in firsts.items():
        timing = timing_text(record, schedule, lang)
        name = item_name(record, lang)
        if record.is_prompt:
            colon = "：" if lang == "zh" else ": "
            how = f"{label('reminder', lang)}{colon}{record_cells(record, schedule, lang)[3]}"
        else:
            extra = [per_day_text(record, lang), record.note_in(lang) or ""]
            if record.optional:
                extra.insert(0, label("optional", lang))
            how = join_notes(extra, lang)
        rows.append(
            (
                record.category,
                DrugRow(
                    name,
                    route_name(record.route, lang) if record.route else "",
                    timing or days_text(days[found], schedule.cycles),
                    supportive_dose(record, lang),
                    how,
                    "",
                ),
            )
        )
    return rows


def _test_rows(schedule: Schedule, lang: Lang) -> list[DrugRow]:
    """A row per test, by its short name, with its days of each cycle (day 0 and negative
    days as they are)."""
    days: dict[str, dict[int, list[int]]] = {}
    for event in schedule.monitoring:
        days.setdefault(event.test, defaultdict(list))[event.cycle].append(event.day)
    # The short name ("Lymphocyte subsets"): the day list gives the whole one.
    return [
        DrugRow(_SHORT.split(test_name(test, lang))[0], "", days_text(by_cycle), "", "", "")
        for test, by_cycle in days.items()
    ]


def how_text(adm: Administration, lang: Lang, *, sep: str | None = None) -> str:
    """How a dose was found and is given: the calculation, the instructions that come with it
    ("at bedtime, ..."), then each rule that set or did not check it (renal band, age rule,
    level), so a changed dose is never shown as just "flat dose"."""
    calculation = calculation_text(
        adm.basis, adm.dose_calculated, adm.unit, adm.rounding, lang, sep=sep
    )
    return join_notes([calculation, *dose_notes(adm, lang)], lang)


def dose_notes(adm: Administration, lang: Lang) -> list[str]:
    """What goes beside a dose: its instructions ("on dialysis days, take it after
    dialysis"), then the notes of the rules that set or did not check it."""
    return [*adm.instructions_in(lang), *adm.notes_in(lang)]


def _dose_key(adm: Administration) -> tuple[object, ...]:
    """What the drug table shows of a dose: two doses with the same key share a row."""
    return (
        adm.dose,
        adm.unit,
        adm.basis,
        adm.dose_calculated,
        adm.rounding,
        adm.notes,
        adm.instructions,
    )


def _bare_days(text: str) -> str:
    """A run's days without its cycles ("C9-10: 1, 8" -> "1, 8"), to compare runs."""
    return text.split(": ", 1)[-1]


def dose_runs(adms: list[Administration]) -> list[tuple[int, int, Administration]]:
    """A drug's administrations (in date order) as runs of the same dose: (first cycle, last
    cycle, the run's first administration). One run when the dose never changes."""
    runs: list[tuple[int, int, Administration]] = []
    for adm in adms:
        if runs and _dose_key(runs[-1][2]) == _dose_key(adm):
            runs[-1] = (runs[-1][0], adm.cycle, runs[-1][2])
        else:
            runs.append((adm.cycle, adm.cycle, adm))
    return runs


def days_text(days_by_cycle: dict[int, list[int]], cycles: int | None = None) -> str:
    """Days of each cycle, cycles that share days together: "1-21" or "C1-2: 1, 8; C3: 1";
    with the course's number of ``cycles``, days that are not in every cycle say which:
    "C1-8: 1-21" (aciclovir in the induction only)."""
    groups: list[tuple[int, int, str]] = []
    for cycle in sorted(days_by_cycle):
        text = day_ranges(days_by_cycle[cycle])
        if groups and groups[-1][2] == text and groups[-1][1] == cycle - 1:
            groups[-1] = (groups[-1][0], cycle, text)
        else:
            groups.append((cycle, cycle, text))
    if len(groups) == 1 and (cycles is None or groups[0][:2] == (1, cycles)):
        return groups[0][2]
    return "; ".join(f"C{a}: {text}" if a == b else f"C{a}-{b}: {text}" for a, b, text in groups)


def moved_text(adm: Administration, lang: Lang) -> str:
    """Where a moved dose was planned and why it moved ("moved from Thu 31 Dec 2026: ward
    closed"); empty for a dose on its planned day."""
    if adm.planned_date is None:
        return ""
    moved = label("moved_from", lang, date=format_date(adm.planned_date, lang))
    reason = adm.shift_reason_in(lang)
    return f"{moved}: {reason}" if reason else moved


def note_text(
    adm: Administration, lang: Lang, *, rules: bool = True, calculation: bool = False
) -> str:
    """Why a dose is not where or what the regimen says (moved, changed) and how to give it.
    Empty when there is nothing to say.

    ``rules`` False leaves out the instructions and the notes of the rules that set the dose
    (a list that gives them once per drug and cycle, see :func:`day_rows`); a move is always
    said. ``calculation`` (for a sheet without a drug table) puts the calculation of a dose
    per m² or per kg before its rule notes, when it has any: "1 mg/m² × 1.50 m² = 1.5 mg,
    rounded to 0.1 mg; dose level -1 from cycle 2: 1 mg/m² (...)".
    """
    notes = [moved_text(adm, lang)] if adm.planned_date is not None else []
    if rules:
        if calculation and adm.notes and adm.basis != "flat dose":
            notes.append(
                calculation_text(adm.basis, adm.dose_calculated, adm.unit, adm.rounding, lang)
            )
        notes.extend(dose_notes(adm, lang))
    return join_notes(notes, lang)


class _OncePerCycle:
    """Says whether a dose's instructions and rule notes are new in the list: a drug's are
    given on its first row of each cycle (and again only if they change), not on every daily
    row."""

    __slots__ = ("_shown",)

    def __init__(self) -> None:
        self._shown: dict[tuple[str, int], tuple[str, ...]] = {}

    def new(self, adm: Administration) -> bool:
        key, notes = (adm.drug, adm.cycle), adm.instructions + adm.notes
        if self._shown.get(key) == notes:
            return False
        self._shown[key] = notes
        return True


#: One line of the day-by-day list: date, cycle/day, drug (or "test"), dose, route, note, drug id.
DayRow = tuple[date, str, str, str, str, str, str]


def day_rows(schedule: Schedule, lang: Lang) -> list[DayRow]:
    """The day-by-day list as rows: date, cycle/day, drug, dose, route, note, drug id.

    A drug's instructions ("at bedtime, ...") and rule notes ("NO RENAL CHECK", a renal band,
    a dose level) are given once per drug and cycle, on its first row of the cycle: repeated on
    each of 28 daily rows they would bury the note that matters. A moved dose says so on its
    own row; a dose given in a role says "premedication"; an infusion gives its details (by
    the drug's first, second or later dose of the course). Each day: the supportive items given
    before a drug ("60–180 min before daratumumab"), the doses, the doses not given, the other
    supportive items (category and timing in the note), the reminders ("Reminder" in the drug
    column, no dose: a reminder is never a dose), then the tests ("test" in the drug column, the
    test's name in the note column, dose and route empty). Shared by the terminal list and the
    HTML page.
    """
    rows: list[DayRow] = []
    tests_by_date: dict[date, list[str]] = defaultdict(list)
    for event in schedule.monitoring:
        name = test_name(event.test, lang)
        if event.window_to is not None:  # "(may be done until Sat 19 Dec 2026)"
            name += label("test_window", lang, date=format_date(event.window_to, lang))
        tests_by_date[event.date].append(name)
    skipped_by_date: dict[date, list[SkippedDose]] = defaultdict(list)
    for skip in schedule.skipped:
        skipped_by_date[skip.date].append(skip)
    items_by_date = supportive_by_date(schedule.supportive)
    dates = sorted(
        {a.date for a in schedule.administrations}
        | set(tests_by_date)
        | set(skipped_by_date)
        | set(items_by_date)
    )
    by_date: dict[date, list[tuple[Administration, InfusionDose | None]]] = defaultdict(list)
    for adm, infusion in zip(schedule.administrations, schedule.infusions(), strict=True):
        by_date[adm.date].append((adm, infusion))
    cycle_day_of = {m.date: m.cycle_day for m in schedule.monitoring}
    once = _OncePerCycle()
    for day in dates:
        before, after, prompts = split_day(items_by_date.get(day, []))
        rows.extend(_item_row(record, schedule, lang) for record in before)
        # The regimen's own drug given as premedication comes first, with the other items
        # given before the infusion (a stable sort keeps the regimen's order otherwise).
        doses = sorted(by_date.get(day, []), key=lambda pair: _role(schedule, pair[0]) != "pre")
        for adm, infusion in doses:
            note = join_notes(
                [
                    role_text(schedule, adm, lang),
                    note_text(adm, lang, rules=once.new(adm)),
                    infusion_text(infusion, lang),
                ],
                lang,
            )
            rows.append(
                (
                    day,
                    adm.cycle_day,
                    drug_name(adm.drug, lang, schedule.drug_name_zh(adm.drug)),
                    format_dose(adm.dose, adm.unit, lang),
                    route_name(adm.route, lang),
                    note,
                    adm.drug,
                )
            )
        for skip in skipped_by_date.get(day, []):
            kind = f"skip_{skip.kind}"
            why = label(kind, lang) if kind in LABELS else skip.kind
            rows.append(
                (
                    day,
                    skip.cycle_day,
                    drug_name(skip.drug, lang, schedule.drug_name_zh(skip.drug)),
                    label("not_given", lang),
                    "",
                    f"{why}: {skip.reason}" if skip.reason else why,
                    skip.drug,
                )
            )
        rows.extend(_item_row(record, schedule, lang) for record in after + prompts)
        for test in tests_by_date.get(day, []):
            rows.append((day, cycle_day_of.get(day, ""), label("test", lang), "", "", test, ""))
    return rows


def _role(schedule: Schedule, adm: Administration) -> str:
    row = schedule.role_row(adm)
    return "pre" if row is not None and row.role == "premedication" else ""


def _item_row(record: SupportiveRecord, schedule: Schedule, lang: Lang) -> DayRow:
    name, dose, route, note = record_cells(record, schedule, lang)
    return (record.date, record.cycle_day, name, dose, route, note, "")


def cycle_day_of(schedule: Schedule, day: date) -> str | None:
    """The cycle and day a date falls on ("C1D7"), whatever was moved onto it; None when the
    date is outside every cycle (a dose moved past the course's end)."""
    for number, start in reversed(list(enumerate(schedule.cycle_starts, start=1))):
        offset = (day - start).days
        if 0 <= offset < schedule.cycle_days_of(number):
            return f"C{number}D{offset + 1}"
    return None


def month_weeks(
    schedule: Schedule, year: int, month: int, lang: Lang = "en"
) -> list[list[Cell | None]]:
    """The month as weeks, Monday first; None pads the days of other months.

    A day shows its own cycle/day (a dose moved onto it is marked "*" and explained in the
    list) and the codes of the drugs given; a dose not given shows as "-R".
    """
    by_date: dict[date, list[Administration]] = defaultdict(list)
    for adm in schedule.administrations:
        by_date[adm.date].append(adm)
    tests: dict[date, list[str]] = defaultdict(list)
    for event in schedule.monitoring:
        tests[event.date].append(event.cycle_day)
    skipped: dict[date, list[SkippedDose]] = defaultdict(list)
    for skip in schedule.skipped:
        skipped[skip.date].append(skip)
    weeks: list[list[Cell | None]] = []
    for week in _calendar.Calendar(firstweekday=0).monthdayscalendar(year, month):
        row: list[Cell | None] = []
        for number in week:
            if number == 0:
                row.append(None)
                continue
            day = date(year, month, number)
            adms = by_date.get(day, [])
            natural = cycle_day_of(schedule, day)
            if natural is not None:
                labels = [natural]
            else:
                labels = sorted({a.cycle_day for a in adms} | set(tests.get(day, [])))
            codes: list[tuple[str, str]] = []
            for adm in adms:
                if (drug_code(adm.drug), adm.drug) not in codes:
                    codes.append((drug_code(adm.drug), adm.drug))
            for skip in skipped.get(day, []):
                code = (f"-{drug_code(skip.drug)}", skip.drug)
                if code not in codes and (drug_code(skip.drug), skip.drug) not in codes:
                    codes.append(code)
            if day in tests:
                codes.append((TEST_CODES[lang], ""))
            moved = any(a.planned_date is not None for a in adms)
            row.append(Cell(day, tuple(labels) if codes else (), tuple(codes), moved))
        weeks.append(row)
    return weeks


def assumption_rows(schedule: Schedule, lang: Lang) -> list[str]:
    """The regimen's assumptions (where it reads its source one way of several), each with its
    source: "Lenalidomide is taken on every day ... (Source: Wu, Liu, Huang 2024 ...)"."""
    source = label("source", lang)
    rows = []
    for en, zh, where in schedule.assumptions:
        if lang == "zh":
            rows.append(f"{zh or en}（{source}：{where}）" if where else zh or en)
        else:
            rows.append(f"{en} ({source}: {where})" if where else en)
    return rows


def legend_rows(schedule: Schedule, lang: Lang) -> list[tuple[str, str, str]]:
    """(code, name, drug) for each drug in the shown administrations, in regimen order.

    In Chinese the international name follows, so the pharmacy can check it.
    """
    used = {a.drug for a in schedule.administrations}
    drugs = [d for d, _ in schedule.drugs if d in used] or sorted(used)
    rows = []
    for drug in drugs:
        name = drug_name(drug, lang, schedule.drug_name_zh(drug))
        shown = f"{name}{bracketed(drug, lang)}" if lang == "zh" and name != drug else name
        rows.append((drug_code(drug), shown, drug))
    return rows


def _umol_l(renal: RenalAssessment) -> str:
    """The creatinine in µmol/L, whole, for the Chinese header (a schedule made before the field
    was added is converted from mg/dL)."""
    umol = renal.serum_creatinine_umol_l
    if umol is None:
        umol = (renal.serum_creatinine_mg_dl * UMOL_PER_MG_DL).quantize(Decimal(1), ROUND_HALF_UP)
    return format_amount(umol)
