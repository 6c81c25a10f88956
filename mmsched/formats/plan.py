"""Plan files as validated models: a patient, a regimen, a start date and the plan's choices.

Field names are a contract that users' files depend on: extend them, never rename them. Shape
is checked by pydantic; meaning (the age against the birth date, dose choices inside their
range, delays and changes naming real cycles and drugs) by the model validators, which collect
every problem in one :class:`~mmsched.errors.PlanError`. A valid plan is compiled once, at
validation, into the engine's :class:`~mmsched.engine.course.Course` (:attr:`Plan.course`).
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    Field,
    InstanceOf,
    ModelWrapValidatorHandler,
    PrivateAttr,
    ValidationError,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from ..engine.course import Course, Maintenance, Measure, PatientFacts
from ..engine.units import Dose
from ..engine.wardcal import OPEN_EVERY_DAY, WardCalendar
from ..errors import CodedError, PlanError, Problem
from . import resolve
from .base import FileModel
from .changes import Change, compile_change
from .ids import normal_id, plain_name
from .plan_checks import plan_problems, well_formed_fields
from .regimen import Regimen
from .validation import problems_from_validation

_Model = FileModel


def plausible_height(h: Decimal) -> Decimal:
    """A height in centimetres, or a ValueError that catches the usual unit mistakes."""
    if 0 < h < 3:
        raise CodedError("plan.height_cm.looks_like_metres", height=h, write=f"{h * 100:.0f}")
    if not 50 <= h <= 250:
        raise CodedError("plan.height_cm.out_of_range", height=h)
    return h


def plausible_weight(w: Decimal) -> Decimal:
    """A weight in kilograms, or a ValueError that catches the usual unit mistakes."""
    if w > 1000:
        raise CodedError("plan.weight_kg.looks_like_grams", weight=w, write=f"{w / 1000:g}")
    if not 10 <= w <= 350:
        raise CodedError("plan.weight_kg.out_of_range", weight=w)
    return w


def plausible_creatinine_umol_l(umol: Decimal) -> Decimal:
    """A serum creatinine in µmol/L, or a ValueError when it looks like mg/dL."""
    if umol < 15:
        raise CodedError("plan.creatinine_umol_l.looks_like_mg_dl", value=umol)
    if umol > 2652:
        raise CodedError("plan.creatinine_umol_l.too_high", value=umol)
    return umol


def plausible_creatinine_mg_dl(mg_dl: Decimal) -> Decimal:
    """A serum creatinine in mg/dL, or a ValueError when it looks like µmol/L."""
    if mg_dl > 30:
        raise CodedError("plan.creatinine_mg_dl.looks_like_umol_l", value=mg_dl)
    if mg_dl < Decimal("0.17"):
        raise CodedError("plan.creatinine_mg_dl.too_low", value=mg_dl)
    return mg_dl


#: True while a Plan validates its fields, so a nested Patient leaves its errors to the Plan.
_IN_PLAN: ContextVar[bool] = ContextVar("_IN_PLAN", default=False)

#: Bilirubin: 1 mg/dL is 17.1 µmol/L (molar mass 584.7 g/mol; the SI conversion factor used by
#: laboratories and the AMA Manual of Style's SI table).
UMOL_PER_MG_DL = Decimal("17.1")

SEX_ALIASES = {"f": "F", "female": "F", "女": "F", "m": "M", "male": "M", "男": "M"}


class Patient(_Model):
    """The patient a plan is for. Units are in the field names."""

    id: str = Field(min_length=1)
    name: str | None = None
    sex: Literal["F", "M"]
    birth_date: date | None = None
    age: int | None = Field(default=None, ge=0, le=120, validate_default=True)
    height_cm: Decimal
    weight_kg: Decimal
    serum_creatinine_umol_l: Decimal | None = Field(default=None, gt=0)
    serum_creatinine_mg_dl: Decimal | None = Field(default=None, gt=0)
    dialysis: bool = False
    total_bilirubin_umol_l: Decimal | None = Field(default=None, gt=0)
    total_bilirubin_mg_dl: Decimal | None = Field(default=None, gt=0)
    bilirubin_uln_umol_l: Decimal | None = Field(default=None, gt=0)
    bilirubin_uln_mg_dl: Decimal | None = Field(default=None, gt=0)
    childbearing_potential: bool | None = None
    vte_risk: Literal["standard", "high"] | None = None
    irregular_menses: bool | None = None

    @field_validator("id", mode="before")
    @classmethod
    def _id_text(cls, value: object) -> object:
        if isinstance(value, int | float) and not isinstance(value, bool):
            # YAML reads a bare 0101 as the octal number 65 and 1e3 as 1000.0: an id that
            # changes silently would mix two patients up.
            raise CodedError("plan.patient.id_is_number", value=value)
        # NFKC, trimmed, nothing invisible, a letter or digit first (see formats/ids.py).
        return normal_id(value) if isinstance(value, str) else value

    @field_validator("name", mode="before")
    @classmethod
    def _name_text(cls, value: object) -> object:
        # One line of plain text: no line break, tab, escape code or direction mark (ids.py).
        return plain_name(value) if isinstance(value, str) else value

    @field_validator("sex", mode="before")
    @classmethod
    def _sex(cls, value: object) -> object:
        if isinstance(value, str):
            return SEX_ALIASES.get(value.strip().lower(), value)
        return value

    @model_validator(mode="after")
    def _bilirubin_pair(self) -> Patient:
        has_value = (
            self.total_bilirubin_umol_l is not None or self.total_bilirubin_mg_dl is not None
        )
        has_uln = self.bilirubin_uln_umol_l is not None or self.bilirubin_uln_mg_dl is not None
        if has_value and not has_uln:
            raise CodedError("plan.bilirubin.needs_uln")
        if has_uln and not has_value:
            raise CodedError("plan.bilirubin.uln_without_value")
        return self

    @model_validator(mode="after")
    def _women_only(self) -> Patient:
        for name in ("childbearing_potential", "irregular_menses"):
            if self.sex == "M" and getattr(self, name):
                raise CodedError("plan.patient.women_only", name=name)
        return self

    @model_validator(mode="wrap")
    @classmethod
    def _as_plan_error(cls, data: Any, handler: ModelWrapValidatorHandler[Patient]) -> Patient:
        """A patient built on its own reports ``patient.``-prefixed fields as a PlanError."""
        try:
            return handler(data)
        except ValidationError as exc:
            if _IN_PLAN.get():
                raise  # the plan reports it with its other problems
            raise PlanError(
                [
                    replace(p, field=f"patient.{p.field}" if p.field else "patient")
                    for p in problems_from_validation(exc)
                ]
            ) from None

    @field_validator("height_cm")
    @classmethod
    def _height(cls, h: Decimal) -> Decimal:
        return plausible_height(h)

    @field_validator("weight_kg")
    @classmethod
    def _weight(cls, w: Decimal) -> Decimal:
        return plausible_weight(w)

    @field_validator("serum_creatinine_umol_l")
    @classmethod
    def _umol(cls, umol: Decimal | None) -> Decimal | None:
        return None if umol is None else plausible_creatinine_umol_l(umol)

    @field_validator("serum_creatinine_mg_dl")
    @classmethod
    def _mg_dl(cls, mg_dl: Decimal | None, info: ValidationInfo) -> Decimal | None:
        if mg_dl is not None and info.data.get("serum_creatinine_umol_l") is not None:
            raise CodedError("plan.creatinine.twice")
        return None if mg_dl is None else plausible_creatinine_mg_dl(mg_dl)

    @field_validator("total_bilirubin_umol_l", "bilirubin_uln_umol_l")
    @classmethod
    def _bilirubin_umol(cls, umol: Decimal | None, info: ValidationInfo) -> Decimal | None:
        if umol is not None and umol < 2:
            other = str(info.field_name).replace("_umol_l", "_mg_dl")
            raise CodedError("plan.bilirubin_umol_l.looks_like_mg_dl", value=umol, other=other)
        if umol is not None and umol > 855:
            raise CodedError("plan.bilirubin_umol_l.too_high", value=umol)
        return umol

    @field_validator("total_bilirubin_mg_dl", "bilirubin_uln_mg_dl")
    @classmethod
    def _bilirubin_mg_dl(cls, mg_dl: Decimal | None, info: ValidationInfo) -> Decimal | None:
        name = str(info.field_name)
        other = name.replace("_mg_dl", "_umol_l")
        if mg_dl is not None and info.data.get(other) is not None:
            raise CodedError("plan.bilirubin.twice", other=other, name=name)
        if mg_dl is not None and mg_dl > 50:
            raise CodedError("plan.bilirubin_mg_dl.looks_like_umol_l", value=mg_dl, other=other)
        if mg_dl is not None and mg_dl < Decimal("0.1"):
            raise CodedError("plan.bilirubin_mg_dl.too_low", value=mg_dl)
        return mg_dl

    def bilirubin(self) -> tuple[Decimal, Decimal, str] | None:
        """Total bilirubin, the upper limit of normal and their unit (the bilirubin's: the limit
        is converted when given in the other unit, 17.1 µmol/L per mg/dL), or None."""
        value_umol, value_mg = self.total_bilirubin_umol_l, self.total_bilirubin_mg_dl
        uln_umol, uln_mg = self.bilirubin_uln_umol_l, self.bilirubin_uln_mg_dl
        if value_umol is not None:
            uln = uln_umol if uln_umol is not None else (uln_mg or Decimal(0)) * UMOL_PER_MG_DL
            return value_umol, uln, "µmol/L"
        if value_mg is not None:
            uln = uln_mg if uln_mg is not None else (uln_umol or Decimal(0)) / UMOL_PER_MG_DL
            return value_mg, uln, "mg/dL"
        return None

    @field_validator("age")
    @classmethod
    def _age_or_birth_date(cls, age: int | None, info: ValidationInfo) -> int | None:
        if age is None and info.data.get("birth_date") is None and "birth_date" in info.data:
            raise CodedError("plan.patient.age_or_birth_date")
        return age

    def age_on(self, day: date) -> int:
        """The age in whole years on ``day`` (from birth_date when given, else ``age``)."""
        if self.birth_date is None:
            assert self.age is not None
            return self.age
        from dateutil.relativedelta import relativedelta

        return relativedelta(day, self.birth_date).years


class Measurement(_Model):
    """A dated weight and/or height; each cycle uses the latest one on or before its start."""

    date: date
    weight_kg: Decimal | None = None
    height_cm: Decimal | None = None

    @field_validator("weight_kg")
    @classmethod
    def _weight(cls, w: Decimal | None) -> Decimal | None:
        return None if w is None else plausible_weight(w)

    @field_validator("height_cm")
    @classmethod
    def _height(cls, h: Decimal | None) -> Decimal | None:
        return None if h is None else plausible_height(h)

    @model_validator(mode="after")
    def _some(self) -> Measurement:
        if self.weight_kg is None and self.height_cm is None:
            raise CodedError("plan.measurement.empty")
        return self


class Plan(_Model):
    """One patient's course: a regimen, a start date, and the plan's choices."""

    patient: Patient
    regimen: Regimen
    start: date
    cycles: int | None = Field(default=None, ge=1, le=100)
    bsa_formula: str = "mosteller"
    bsa_cap_m2: Decimal | None = Field(default=None, gt=0, le=5)
    doses: dict[str, str] = Field(default_factory=dict)
    #: The file's ``doses: {maintenance: {...}}``: the doses of the maintenance phase (taken
    #: out of ``doses`` before validation; its problems are named ``doses.maintenance.*``).
    maintenance_doses: dict[str, str] = Field(default_factory=dict)

    @field_validator("doses", "maintenance_doses", mode="before")
    @classmethod
    def _dose_text(cls, value: object) -> object:
        if isinstance(value, dict):
            for drug, dose in value.items():
                if isinstance(dose, int | float) and not isinstance(dose, bool):
                    raise CodedError("plan.doses.number_without_unit", drug=drug, dose=dose)
        return value

    maintenance_cycles: int = Field(default=0, ge=0, le=100)

    delays: dict[int, int] = Field(default_factory=dict)
    # In a file, a ward file's path (the reader loads it); the schema says so (file_schema).
    ward: Annotated[InstanceOf[WardCalendar] | None, WithJsonSchema({"type": "string"})] = None
    measurements: list[Measurement] = Field(default_factory=list)
    changes: list[Change] = Field(default_factory=list)
    weight_change_flag_percent: Decimal = Field(default=Decimal(10), gt=0, le=100)
    crcl_weight: Literal["actual", "ideal", "adjusted"] = "actual"

    _choices: dict[str, Dose] = PrivateAttr(default_factory=dict)
    _maintenance: Maintenance | None = PrivateAttr(default=None)
    _source: str | None = PrivateAttr(default=None)
    _course: Course | None = PrivateAttr(default=None)
    #: The field values the course was compiled from (compared by identity).
    _compiled_from: tuple[object, ...] = PrivateAttr(default=())

    @field_validator("regimen", mode="before")
    @classmethod
    def _load_regimen(cls, value: object) -> object:
        if isinstance(value, str):
            return resolve.regimen(value)
        return value

    @field_validator("bsa_cap_m2")
    @classmethod
    def _cap_hundredths(cls, cap: Decimal | None) -> Decimal | None:
        if cap is not None and cap < 1:
            raise CodedError("plan.bsa_cap_m2.too_small", cap=cap)
        if cap is not None and cap != cap.quantize(Decimal("0.01")):
            raise CodedError("plan.bsa_cap_m2.hundredths", cap=cap)
        return cap

    @field_validator("ward", mode="before")
    @classmethod
    def _load_ward(cls, value: object) -> object:
        if isinstance(value, str):
            return resolve.ward(value)
        return value

    @model_validator(mode="wrap")
    @classmethod
    def _every_problem(cls, data: Any, handler: ModelWrapValidatorHandler[Plan]) -> Plan:
        """Report shape errors and meaning errors together, not shape first and meaning later.

        When pydantic finds a field of the wrong shape, the meaning checks still run on the
        fields that are well formed, so a plan file's problems all show up at once.
        """
        token = _IN_PLAN.set(True)
        data = _maintenance_doses_apart(data)
        try:
            return handler(data)
        except ValidationError as exc:
            problems = [_as_written(p) for p in problems_from_validation(exc)]
            if isinstance(data, dict):
                problems += plan_problems(well_formed_fields(cls, data, problems))[0]
            raise PlanError(problems) from None
        finally:
            _IN_PLAN.reset(token)

    @model_validator(mode="after")
    def _check(self) -> Plan:
        self._compile()
        return self

    def _compile(self) -> None:
        problems, self._choices, self._maintenance = plan_problems(dict(self))
        if problems:
            raise PlanError(problems)
        self._course = compile_course(self)
        self._compiled_from = tuple(getattr(self, name) for name in type(self).model_fields)

    @property
    def source(self) -> str | None:
        """The file the plan was loaded from (None for a plan built in code)."""
        return self._source

    @property
    def total_cycles(self) -> int:
        """The number of induction cycles: the plan's own, else the regimen's default (the
        maintenance phase's follow them: ``maintenance_cycles``)."""
        return self.cycles if self.cycles is not None else self.regimen.cycles

    @property
    def course(self) -> Course:
        """The plan compiled for the engine (at validation): what :func:`mmsched.expand` uses.

        A copy made with other field values (``model_copy(update=...)``, which pydantic does not
        validate) is checked and compiled again here, so its course is never the original's.
        """
        fields = type(self).model_fields
        if len(self._compiled_from) != len(fields) or any(
            getattr(self, name) is not value
            for name, value in zip(fields, self._compiled_from, strict=True)
        ):
            self._compile()
        course = self._course
        assert course is not None, "a validated plan always has its course"
        if course.source != self._source:  # the reader names the file after validation
            course = self._course = replace(course, source=self._source)
        return course

    def chosen_dose(self, drug: str) -> Dose | None:
        """The dose the plan chose inside a regimen's range for ``drug``, if any."""
        return self._choices.get(drug)


def _maintenance_doses_apart(data: Any) -> Any:
    """A plan's mapping with ``doses.maintenance`` (a mapping) moved to ``maintenance_doses``
    (a plan validated again has it there already)."""
    if not isinstance(data, dict):
        return data
    doses = data.get("doses")
    if not isinstance(doses, dict) or not isinstance(doses.get("maintenance"), dict):
        return data
    rest = {k: v for k, v in doses.items() if k != "maintenance"}
    return {**data, "doses": rest, "maintenance_doses": doses["maintenance"]}


def _as_written(problem: Problem) -> Problem:
    """A problem of ``maintenance_doses`` named as the file writes it."""
    if problem.field.startswith("maintenance_doses"):
        return replace(problem, field="doses.maintenance" + problem.field[17:])
    return problem


def compile_course(plan: Plan) -> Course:
    """The engine's course of a validated plan: plain values, every choice resolved."""
    patient = plan.patient
    facts = PatientFacts(
        id=patient.id,
        name=patient.name,
        sex=patient.sex,
        age=patient.age_on(plan.start),
        height_cm=patient.height_cm,
        weight_kg=patient.weight_kg,
        serum_creatinine_umol_l=patient.serum_creatinine_umol_l,
        serum_creatinine_mg_dl=patient.serum_creatinine_mg_dl,
        dialysis=patient.dialysis,
        childbearing_potential=patient.childbearing_potential,
        vte_risk=patient.vte_risk,
        irregular_menses=patient.irregular_menses,
        **_bilirubin_facts(patient),
    )
    measurements = sorted(plan.measurements, key=lambda m: m.date)
    return Course(
        patient=facts,
        regimen=plan.regimen.compiled,
        start=plan.start,
        cycles=plan.total_cycles,
        bsa_formula=plan.bsa_formula,
        bsa_cap_m2=plan.bsa_cap_m2,
        chosen=dict(plan._choices),
        delays=dict(plan.delays),
        calendar=plan.ward or OPEN_EVERY_DAY,
        measurements=tuple(Measure(m.date, m.weight_kg, m.height_cm) for m in measurements),
        changes=tuple(compile_change(change) for change in plan.changes),
        weight_change_flag_percent=plan.weight_change_flag_percent,
        source=plan._source,
        crcl_weight=plan.crcl_weight,
        maintenance=plan._maintenance,
    )


def _bilirubin_facts(patient: Patient) -> dict[str, Any]:
    found = patient.bilirubin()
    if found is None:
        return {}
    value, uln, unit = found
    return {"total_bilirubin": value, "bilirubin_uln": uln, "bilirubin_unit": unit}
