"""What each field of a regimen, plan and ward file means, with an example: the descriptions
and examples of the JSON Schemas (:mod:`.file_schema`), which editors show as a pharmacist
types. One table beside the models, by model and field; a test checks that every field of
every schema has both."""

from __future__ import annotations

from typing import Any

_INFUSION: dict[str, tuple[str, Any]] = {
    "diluent": ("The infusion's diluent.", "0.9% sodium chloride"),
    "volume_ml": (
        "The infusion volume in mL: one number, or {first, second, later} for the course's "
        "first, second and later doses.",
        {"first": 1000, "second": 500, "later": 500},
    ),
    "duration_minutes": (
        "The infusion's duration in minutes: one number, or {first, second, later}.",
        90,
    ),
    "rate": ("The infusion rate as text, or {first, second, later}.", "100 mL/h"),
    "rate_zh": ("The infusion rate in Chinese, in the same form as rate.", "第 1 小时 50 mL/h"),
}
_INSTRUCTION = {
    "instruction": ("How to give the dose, in English.", "take it after dialysis"),
    "instruction_zh": ("The instruction in Chinese.", "透析结束后服用"),
}
_CHANGE = {
    "reason": ("Why the change was made (shown with every dose it changes).", "neutropenia"),
    "action": ("The kind of change.", "hold"),
    "drug": ("The drug the change applies to (its international name).", "lenalidomide"),
}

DOCS: dict[str, dict[str, tuple[str, Any]]] = {
    "Regimen": {
        "id": ("The regimen's id: lowercase letters, digits, '.', '_' and '-'.", "rvd-il2"),
        "name": ("The regimen's name: a string, or {en, zh}.", {"en": "RVd", "zh": "RVd 方案"}),
        "cycle_days": ("Days in one cycle.", 28),
        "cycles": ("The default number of cycles (a plan may set its own).", 8),
        "source": (
            "The publication or label every number comes from.",
            "Richardson PG et al., Blood 2010;116:679-686",
        ),
        "extends": ("A base regimen (id or path) whose fields this file lays its own over.", "rvd"),
        "drugs": (
            "The drugs, each with its dose, route and days.",
            [{"drug": "bortezomib", "dose": "1.3 mg/m2", "route": "SC", "days": "1, 4, 8, 11"}],
        ),
        "monitoring": (
            "Tests to be done, on days or with a drug's doses.",
            [{"test": "blood-count", "with": "bortezomib"}],
        ),
        "assumptions": (
            "How this file reads its source where the source allows several readings.",
            [{"en": "…", "zh": "…", "source": "…"}],
        ),
        "supportive": (
            "The order set: premedications, prophylaxis, post-medications, hydration and prompts.",
            [
                {
                    "item": "aciclovir",
                    "category": "prophylaxis",
                    "dose": "400 mg",
                    "route": "PO",
                    "days": "daily",
                    "source": "…",
                }
            ],
        ),
        "maintenance": (
            "The regimen that follows this one, and at most how many cycles of it.",
            {"regimen": "rd-maintenance-s0777", "cycles": "until-progression"},
        ),
    },
    "DrugSpec": {
        **_INFUSION,
        **_INSTRUCTION,
        "drug": ("The drug's international nonproprietary name, lowercase.", "bortezomib"),
        "name_zh": ("The drug's Chinese name, when the built-in table has none.", "硼替佐米"),
        "dose": (
            "The dose: an amount (or a range the plan chooses in), a unit, per m2, per kg or flat.",
            "1.3 mg/m2",
        ),
        "route": ("The route: PO, SC, IV (infusion), IV push, IM, IT or SL.", "SC"),
        "days": (
            "The days of each cycle: N, N-M, N-M/K (every K days), lists, or daily.",
            "1, 4, 8, 11",
        ),
        "schedule": (
            "Days that differ between cycles: rows of {cycles, days}.",
            [{"cycles": "1-2", "days": "1, 8, 15, 22"}],
        ),
        "min_interval_hours": ("The least time between two doses, in hours.", 72),
        "rounding": ("The step a computed dose is rounded to.", "0.1 mg"),
        "replaces": ("A drug of the base regimen this one takes the place of.", "lenalidomide"),
        "note": ("A note shown with the drug.", "give at the same time each day"),
        "on_closed_day": (
            "A dose on a closed ward day: shift-later, shift-earlier, keep or omit.",
            "shift-later",
        ),
        "levels": (
            "The dose levels for reductions, from the starting dose down.",
            ["25 mg", "20 mg", "15 mg"],
        ),
        "renal": (
            "Renal dose bands: the first whose CrCl bound holds wins.",
            [{"crcl_min": 60, "dose": "25 mg"}],
        ),
        "renal_missing": ("Without a creatinine: warn, or refuse the plan (error).", "warn"),
        "renal_source": ("The source of the renal bands.", "US label (Revlimid)"),
        "age_rule": (
            "Over an age, a dose above a maximum is warned about or reduced.",
            {"over": 75, "max_dose": "20 mg", "action": "reduce"},
        ),
        "lifetime_max": ("The most of this drug over a lifetime.", "1,000 mg/m2"),
        "strengths": ("The unit strengths a dose is made of.", ["5 mg", "10 mg", "25 mg"]),
        "combine": ("Whether a dose may be made of several units of different strengths.", True),
        "max_units": ("The most units one dose may be made of.", 10),
        "hepatic": (
            "Starting doses by total bilirubin above a multiple of the upper limit of normal.",
            [{"bilirubin_uln_above": 1.5, "dose": "0.7 mg/m2"}],
        ),
        "hepatic_source": ("The source of the hepatic bands.", "VELCADE US label 2.8"),
        "bmi_rule": (
            "Below a BMI, a dose above a maximum is warned about or reduced.",
            {"under": 18.5, "max_dose": "20 mg", "action": "reduce"},
        ),
        "chair_minutes": (
            "Minutes in the ward's chair for each dose: one number, or {first, second, later}.",
            {"first": 420, "second": 258, "later": 210},
        ),
        "observation_minutes": ("Minutes of observation on the ward after each dose.", 30),
    },
    "ScheduleEntry": {
        **_INFUSION,
        "cycles": ("The cycles of this row: N, N-M, or N- (from N on).", "3-6"),
        "days": ("The days of each of these cycles.", "1, 15"),
        "dose": ("This row's own dose (step-up or split dosing).", "8 mg/kg"),
        "role": (
            "The drug given as a premedication or post-medication on these days.",
            "premedication",
        ),
        "chair_minutes": ("Minutes in the infusion chair for these doses.", 240),
        "with": (
            "The drug this row's doses go with (a premedication or post-medication row).",
            "daratumumab",
        ),
        "minutes_before": ("Minutes before the drug: a number or a window.", "60-180"),
        "days_after": ("Days after the drug's dose (a post-medication row).", 1),
    },
    "ByOccurrence": {
        "first": ("The value for the course's first dose.", 1000),
        "second": ("The value for the second dose (default: later).", 500),
        "later": ("The value for the third and later doses.", 500),
    },
    "RateByOccurrence": {
        "first": ("The rate of the first infusion.", "50 mL/h, +50 mL/h every hour"),
        "second": ("The rate of the second infusion (default: later).", "50 mL/h"),
        "later": ("The rate of later infusions.", "100 mL/h"),
    },
    "RenalBand": {
        **_INSTRUCTION,
        "crcl_min": ("The band holds when CrCl (mL/min) is at least this.", 30),
        "dialysis": ("The band is for patients on dialysis (true) or not (false).", True),
        "dose": ("The dose in this band.", "10 mg"),
        "days": ("The band's own days, if they differ.", "1-21/2"),
        "studied_min": ("The lowest CrCl the label studied (below it: a warning).", 11),
    },
    "AgeRule": {
        "over": ("The age in years above which the rule applies.", 75),
        "max_dose": ("The highest dose at that age.", "20 mg"),
        "action": ("warn, or reduce the dose to max_dose.", "reduce"),
        "source": ("The rule's source.", "MAIA (Facon 2019)"),
    },
    "BmiRule": {
        "under": ("The BMI in kg/m2 below which the rule applies.", 18.5),
        "max_dose": ("The highest dose below that BMI.", "20 mg"),
        "action": ("warn, or reduce the dose to max_dose.", "reduce"),
        "source": ("The rule's source.", "MAIA (Facon 2019)"),
    },
    "HepaticBand": {
        **_INSTRUCTION,
        "bilirubin_uln_above": (
            "The band holds when total bilirubin is above this multiple of its upper limit.",
            1.5,
        ),
        "dose": ("The starting dose in this band.", "0.7 mg/m2"),
    },
    "Assumption": {
        "en": ("The interpretation, in English.", "Twelve cycles is this file's default."),
        "zh": ("The interpretation, in Chinese.", "本文件默认 12 个周期。"),
        "source": ("Where it comes from.", "Facon T et al., N Engl J Med 2019"),
    },
    "ConditionsSpec": {
        "sex": ("Only for this sex: F or M.", "F"),
        "age_over": ("Only above this age in years.", 65),
        "age_under": ("Only below this age in years.", 18),
        "childbearing_potential": ("Only when the plan records this childbearing potential.", True),
        "vte_risk": (
            "Only for this VTE risk: standard, high, or unknown (not recorded).",
            "standard",
        ),
        "dialysis": ("Only for patients on dialysis (true) or not (false).", False),
        "given": ("Only on days this drug is given.", "daratumumab"),
        "not_given": ("Only on days this drug is not given.", "dexamethasone"),
        "irregular_menses": (
            "Only when the plan records irregular menses (true) or regular (false).",
            False,
        ),
    },
    "SupportiveSpec": {
        "item": ("The item's international name, lowercase (or a prompt's id).", "aciclovir"),
        "name_zh": ("The item's Chinese name.", "阿昔洛韦"),
        "category": ("premedication, prophylaxis, post-medication or hydration.", "prophylaxis"),
        "source": ("The item's source.", "DARZALEX US label 2.3"),
        "note": ("A note shown with the item.", "continue for 3 months after the last dose"),
        "note_zh": ("The note in Chinese.", "末次给药后继续服用 3 个月"),
        "dose": ("The dose, or a range the plan chooses in.", "400 mg"),
        "route": ("The route: PO, SC, IV, IV push, IM, IT or SL.", "PO"),
        "per_day": ("Doses a day.", 2),
        "prompt": (
            "A reminder without a dose: {en, zh}.",
            {"en": "Assess VTE risk", "zh": "评估血栓风险"},
        ),
        "days": ("The days of each cycle (or daily).", "daily"),
        "cycles": ("The cycles it is given in.", "1"),
        "with": ("The anticancer drug it follows.", "daratumumab"),
        "minutes_before": (
            "How long before that drug, in minutes: a number or a window.",
            "60-180",
        ),
        "days_after": ("How many days after that drug.", 1),
        "occurrence": ("Only with the drug's first dose (first).", "first"),
        "on_closed_day": (
            "On a closed ward day: shift-later, shift-earlier, keep or omit.",
            "keep",
        ),
        "optional": ("A prescriber may leave it out.", True),
        "conditions": ("Conditions that must all hold on its date.", {"vte_risk": "standard"}),
    },
    "MonitoringSpec": {
        "test": ("The test's name.", "blood-count"),
        "days": ("Days of each cycle (0 and negative days are before day 1).", "1"),
        "cycles": ("The cycles it is done in.", "1"),
        "with_drug": ("The older spelling of with.", "bortezomib"),
        "with": ("Done on the days this drug is given.", "bortezomib"),
        "on_closed_day": (
            "On a closed ward day: shift-later, shift-earlier, keep or omit.",
            "shift-later",
        ),
        "conditions": ("Conditions that must all hold on its date.", {"sex": "F"}),
        "source": ("The test's source.", "Revlimid US label 5.1"),
        "note": ("A note shown with the test.", "before the first dose"),
        "course_days": (
            "Days counted from C1D1 (day 1) in calendar days; N-/K repeats every K days.",
            "57-/28",
        ),
        "window_days": ("The test may be done up to this many days after its date.", 3),
    },
    "MaintenanceSpec": {
        "regimen": ("The maintenance regimen's id or path.", "rd-maintenance-s0777"),
        "cycles": ("At most this many cycles of it, or until-progression.", "until-progression"),
    },
    "Plan": {
        "patient": (
            "The patient the plan is for.",
            {"id": "GZ-0001", "sex": "F", "age": 48, "height_cm": 156, "weight_kg": 52},
        ),
        "start": ("The first day of cycle 1 (YYYY-MM-DD).", "2026-12-01"),
        "cycles": ("The number of cycles (default: the regimen's).", 2),
        "bsa_formula": (
            "The BSA formula: mosteller, dubois, haycock, gehan-george, boyd or stevenson.",
            "mosteller",
        ),
        "bsa_cap_m2": ("The largest BSA used for doses, in m2 (to 0.01).", 2.0),
        "doses": (
            "The plan's choice in each range dose, by drug; doses.maintenance: the maintenance's.",
            {"dexamethasone": "20 mg"},
        ),
        "maintenance_cycles": ("Cycles of the regimen's maintenance after the induction.", 0),
        "delays": ("Days each cycle starts late, by cycle number.", {"2": 7}),
        "measurements": (
            "Later heights and weights, each with its date.",
            [{"date": "2027-01-05", "weight_kg": 50}],
        ),
        "changes": (
            "Changes to the course, in order: move, hold, resume, omit, dose-level, stop, delay.",
            [
                {
                    "action": "hold",
                    "drug": "lenalidomide",
                    "from": "2026-12-10",
                    "reason": "neutropenia",
                }
            ],
        ),
        "weight_change_flag_percent": (
            "Flag a cycle whose weight differs from baseline by this percentage or more.",
            10,
        ),
        "crcl_weight": ("The weight Cockcroft-Gault uses: actual, ideal or adjusted.", "actual"),
    },
    "Patient": {
        "id": (
            "The patient's id as the ward writes it (in quotes if it has leading zeros).",
            "GZ-0001",
        ),
        "name": ("The patient's name (masked in outputs unless asked).", "廖某妹"),
        "birth_date": ("Date of birth (instead of age).", "1978-05-02"),
        "age": ("Age in years (or give birth_date).", 48),
        "height_cm": ("Height in centimetres.", 156),
        "weight_kg": ("Weight in kilograms.", 52),
        "serum_creatinine_umol_l": ("Serum creatinine in µmol/L.", 80),
        "serum_creatinine_mg_dl": ("Serum creatinine in mg/dL.", 0.9),
        "dialysis": ("The patient is on dialysis.", False),
        "total_bilirubin_umol_l": (
            "Total bilirubin in µmol/L (with its upper limit of normal).",
            40,
        ),
        "total_bilirubin_mg_dl": ("Total bilirubin in mg/dL.", 2.3),
        "bilirubin_uln_umol_l": (
            "The laboratory's upper limit of normal for bilirubin, µmol/L.",
            21,
        ),
        "bilirubin_uln_mg_dl": ("The upper limit of normal for bilirubin, mg/dL.", 1.2),
        "childbearing_potential": ("A woman of childbearing potential (pregnancy tests).", False),
        "vte_risk": ("The assessed VTE risk: standard or high.", "standard"),
        "irregular_menses": ("Irregular menses (pregnancy tests every 2 weeks).", False),
    },
    "Measurement": {
        "date": ("The date measured.", "2027-01-05"),
        "weight_kg": ("Weight in kilograms.", 50),
        "height_cm": ("Height in centimetres.", 156),
    },
    "Move": {
        **_CHANGE,
        "date": ("The dose's date as it stands.", "2026-12-04"),
        "to": ("The new date.", "2026-12-05"),
        "scope": (
            "Move this dose (this), the cycle's later doses too (cycle), or all later (all).",
            "this",
        ),
    },
    "Hold": {
        **_CHANGE,
        "from": ("The first date held.", "2026-12-10"),
        "until": ("The last date held (inclusive; none: until a resume).", "2026-12-17"),
    },
    "Resume": {**_CHANGE, "date": ("The date the drug is given again.", "2026-12-18")},
    "Omit": {**_CHANGE, "date": ("The date of the dose left out.", "2026-12-08")},
    "Stop": {**_CHANGE, "from": ("The first date no longer given.", "2027-01-01")},
    "DoseLevel": {
        **_CHANGE,
        "from_cycle": ("The first cycle at the new level.", 2),
        "level": ("The dose level, counted down the regimen's levels (0 is the full dose).", 1),
        "percent": ("Instead of a level: a percentage of the dose.", 75),
        "override": ("Allow a dose above the regimen's.", False),
    },
    "Delay": {
        **_CHANGE,
        "cycle": ("The cycle that starts late.", 2),
        "days": ("How many days late.", 7),
    },
    "WardFile": {
        "name": ("The ward's name.", "Haematology ward 3"),
        "closed_weekdays": ("Weekdays the ward gives no treatment.", ["sat", "sun"]),
        "holidays": ("Official holidays closed: cn (China) or none.", "cn"),
        "holiday_files": ("Files of holiday years of the ward's own.", ["holidays-2027.yaml"]),
        "closed": ("Other closed dates.", ["2026-12-24"]),
        "open": ("Dates open although a rule above closes them.", ["2027-02-14"]),
        "formulary": (
            "The strengths the ward's pharmacy holds, by drug.",
            {"dexamethasone": {"strengths": ["0.75 mg"]}},
        ),
        "timezone": ("The ward's IANA time zone.", "Asia/Shanghai"),
        "capacity": (
            "Chairs (or beds) and nursing hours a day, with weekday and dated overrides.",
            {"chairs": 8, "hours": 8, "target_percent": 85},
        ),
    },
    "Capacity": {
        "chairs": ("Chairs (or beds) for treatment.", 8),
        "hours": ("Nursing hours a day.", 8),
        "target_percent": ("The load the ward wants to stay under, in percent.", 85),
        "by_weekday": ("Chairs or hours of a weekday.", {"sat": {"chairs": 4, "hours": 4}}),
        "by_date": (
            "Chairs or hours of a date (wins over its weekday).",
            {"2026-12-24": {"chairs": 2}},
        ),
    },
    "CapacityChange": {
        "chairs": ("Chairs (or beds) that day.", 4),
        "hours": ("Nursing hours that day.", 4),
    },
    "FormularyEntry": {
        "strengths": ("The unit strengths held.", ["0.75 mg"]),
        "combine": ("Whether a dose may combine strengths.", True),
        "max_units": ("The most units one dose may be made of.", 10),
    },
}


def document(name: str, definition: dict[str, Any]) -> None:
    """Give each property of the schema ``definition`` of model ``name`` its description and
    example from :data:`DOCS`, keeping any it has; a fixed value (a change's ``action``) is
    its own example."""
    table = DOCS.get(name, {})
    for field, schema in (definition.get("properties") or {}).items():
        description, example = table.get(field, (None, None))
        if "description" not in schema and description:
            schema["description"] = description
        if "examples" not in schema:
            fixed = schema.get(
                "const",
                (schema.get("enum") or [None, None])[0]
                if len(schema.get("enum") or []) == 1
                else None,
            )
            if fixed is not None:
                schema["examples"] = [fixed]
            elif example is not None:
                schema["examples"] = [example]
