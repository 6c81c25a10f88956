"""The ``mmsched new plan`` command: start a plan file with every field it needs.

The options give what is known; on a terminal, mmsched asks for the rest (each answer checked
as the plan file would check it, and asked again until it is right). Whatever is still unknown
is written empty and marked ``# REQUIRED`` (see :mod:`mmsched.formats.plan_text`), so that
``mmsched check`` lists it. An existing file is never replaced.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from ..errors import MmschedError, Problem, coded, from_exception
from .common import cannot_write, date_arg, fail, library_dirs, resolve_lang, today_in
from .options import LangOption

if TYPE_CHECKING:
    from ..formats.plan_text import PlanDraft
    from ..formats.regimen import Regimen
    from ..views.display import Lang

#: The help of the group, in ``mmsched --help``.
HELP = "Start a new file: a plan with every field it needs, and its regimen's choices."

T = TypeVar("T")


def new_plan(  # noqa: PLR0917 - typer maps each option to a parameter
    ctx: typer.Context,
    regimen: Annotated[
        str,
        typer.Option(
            "--regimen",
            help="A bundled regimen id (rvd-il2), a local one (the regimen library), or a "
            "regimen file.",
            show_default=False,
            metavar="ID_OR_FILE",
        ),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="The plan file to write; an existing file is never replaced. - for standard "
            "output.",
            dir_okay=False,
            show_default=False,
            metavar="FILE",
        ),
    ],
    start: Annotated[
        str | None,
        typer.Option(
            help="First day of cycle 1: YYYY-MM-DD, or today, tomorrow, +N days.",
            show_default=False,
            metavar="DATE",
        ),
    ] = None,
    patient_id: Annotated[
        str | None,
        typer.Option("--id", help="The patient's id, as the ward writes it.", show_default=False),
    ] = None,
    name: Annotated[
        str | None, typer.Option(help="The patient's name (optional).", show_default=False)
    ] = None,
    sex: Annotated[str | None, typer.Option(help="F or M.", show_default=False)] = None,
    age: Annotated[
        str | None, typer.Option(help="Age in whole years.", show_default=False, metavar="YEARS")
    ] = None,
    birth_date: Annotated[
        str | None,
        typer.Option(
            help="Birth date, instead of --age.", show_default=False, metavar="YYYY-MM-DD"
        ),
    ] = None,
    height: Annotated[
        str | None, typer.Option(help="Height in centimetres.", show_default=False, metavar="CM")
    ] = None,
    weight: Annotated[
        str | None, typer.Option(help="Weight in kilograms.", show_default=False, metavar="KG")
    ] = None,
    creatinine: Annotated[
        str | None,
        typer.Option(
            help="Serum creatinine with its unit: '88 umol/L' or '0.99 mg/dL' (optional).",
            show_default=False,
            metavar="VALUE UNIT",
        ),
    ] = None,
    doses: Annotated[
        list[str] | None,
        typer.Option(
            "--dose",
            help="A dose chosen inside the regimen's range, e.g. --dose 'dexamethasone=20 mg' "
            "(repeat for each).",
            show_default=False,
            metavar="DRUG=DOSE",
        ),
    ] = None,
    cycles: Annotated[
        str | None,
        typer.Option(
            help="Cycles, when not the regimen's number.", show_default=False, metavar="N"
        ),
    ] = None,
    maintenance_cycles: Annotated[
        str | None,
        typer.Option(
            "--maintenance-cycles",
            help="Maintenance cycles to schedule after the induction (regimens that name "
            "their maintenance, such as vrd-21).",
            show_default=False,
            metavar="N",
        ),
    ] = None,
    bsa_formula: Annotated[
        str | None,
        typer.Option(help="BSA formula (default mosteller).", show_default=False, metavar="NAME"),
    ] = None,
    childbearing_potential: Annotated[
        str | None,
        typer.Option(
            "--childbearing-potential",
            help="yes or no: a woman who could become pregnant (pregnancy tests with an IMiD).",
            show_default=False,
            metavar="YES|NO",
        ),
    ] = None,
    irregular_menses: Annotated[
        str | None,
        typer.Option(
            help="yes or no (pregnancy tests every 2 weeks instead of 4).",
            show_default=False,
            metavar="YES|NO",
        ),
    ] = None,
    vte_risk: Annotated[
        str | None,
        typer.Option(
            help="standard or high: the VTE risk that chooses thromboprophylaxis with an IMiD.",
            show_default=False,
            metavar="standard|high",
        ),
    ] = None,
    prompt: Annotated[
        bool | None,
        typer.Option(
            "--prompt/--no-prompt",
            help="Ask for what the options do not give. Default: when standard input is a "
            "terminal.",
            show_default=False,
        ),
    ] = None,
    lang: LangOption = None,
) -> None:
    """Write a new plan file: every field a plan needs, the regimen's dose ranges to choose
    from, and a # REQUIRED mark on each one still to fill in."""
    from ..formats import plan_answers as answers

    if lang is not None:  # else the default rule, when a message is written
        resolve_lang(lang, ctx)
    if start is not None:  # a date option: not a date is a usage error (exit 2), as everywhere
        date_arg(start, "--start")
    to_stdout = str(output) == "-"
    if not to_stdout and os.path.lexists(output):
        raise _exists(output)
    dirs = library_dirs(ctx)
    loaded = _regimen(regimen, dirs)
    problems: list[Problem] = []

    def first_day(text: str) -> date:
        """A start as the other date options take it (a date word is today's, locally)."""
        try:
            word = date_arg(text, "--start")
        except typer.BadParameter:
            word = None  # not a date at all: answers.start says why, with the others
        if word is not None and word.relative:
            return answers.start(word.on(today_in(ctx, None)).isoformat())
        return answers.start(text)

    def given(option: str, text: str | None, read: Callable[[str], T]) -> T | None:
        if text is None:
            return None
        try:
            return read(text)
        except ValueError as exc:
            problems.append(from_exception(option, exc))
            return None

    if age is not None and birth_date is not None:
        problems.append(coded("--age", "usage.new.age_and_birth_date"))
    values: dict[str, Any] = {
        "start": given("--start", start, first_day),
        "patient_id": given("--id", patient_id, answers.patient_id),
        "name": (name or "").strip() or None,
        "sex": given("--sex", sex, answers.sex),
        "age": given("--age", age, answers.age_or_birth_date),
        "birth_date": given("--birth-date", birth_date, answers.a_date),
        "height_cm": given("--height", height, answers.height_cm),
        "weight_kg": given("--weight", weight, answers.weight_kg),
        "creatinine": given("--creatinine", creatinine, answers.creatinine),
        "cycles": given("--cycles", cycles, answers.cycles),
        "maintenance_cycles": given(
            "--maintenance-cycles", maintenance_cycles, answers.maintenance_cycles
        ),
        "bsa_formula": given("--bsa-formula", bsa_formula, answers.bsa_formula),
        "childbearing_potential": given(
            "--childbearing-potential", childbearing_potential, answers.yes_no
        ),
        "irregular_menses": given("--irregular-menses", irregular_menses, answers.yes_no),
        "vte_risk": given("--vte-risk", vte_risk, answers.vte_risk),
        "doses": _doses(loaded, doses or [], problems),
    }
    _check_maintenance(loaded, values["maintenance_cycles"], problems)
    if isinstance(values["age"], date):  # --age 1978-03-02: a birth date after all
        values["birth_date"], values["age"] = values["age"], None
    if problems:
        raise fail(MmschedError(problems))
    on_terminal = sys.stdin.isatty() if prompt is None else prompt
    if on_terminal:
        _ask(loaded, values, first_day)
    draft = _draft(loaded, regimen, output, values, dirs)
    _write(draft, output, resolve_lang(lang, ctx))


def _exists(output: Path) -> typer.Exit:
    return fail(MmschedError(coded("", "usage.new.exists"), file=str(output)))


def _regimen(ref: str, dirs: tuple[Path, ...]) -> Regimen:
    from ..formats.reader import load_regimen

    try:
        return load_regimen(ref, regimen_dirs=dirs)
    except MmschedError as exc:
        raise fail(exc) from None


def _doses(regimen: Regimen, given: list[str], problems: list[Problem]) -> dict[str, str]:
    """The ``--dose DRUG=DOSE`` choices, each checked against the regimen's range."""
    from ..formats import plan_answers as answers

    chosen: dict[str, str] = {}
    for item in given:
        drug, sep, text = item.partition("=")
        drug = drug.strip()
        if not sep or not drug:
            problems.append(coded("--dose", "usage.new.dose_form", item=repr(item)))
            continue
        if drug in chosen:
            problems.append(coded(f"--dose {drug}", "usage.new.dose_twice"))
            continue
        try:
            chosen[drug] = answers.dose(regimen, drug, text)
        except ValueError as exc:
            problems.append(from_exception(f"--dose {drug}", exc))
    return chosen


def _ask(regimen: Regimen, values: dict[str, Any], first_day: Callable[[str], date]) -> None:
    """Ask on standard error for each value still missing; each answer is checked as the plan
    file checks it, and asked again until it is right. Optional ones may be left empty."""
    from ..formats import plan_answers as answers
    from ..formats.plan_text import PlanDraft, asks_for, choice_text, item_choices

    def ask(key: str, text: str, read: Callable[[str], Any], *, optional: bool = False) -> None:
        if values.get(key) is None:
            values[key] = _prompt(text, read, optional=optional)

    ask("patient_id", "Patient id, as the ward writes it (e.g. GZ-0001)", answers.patient_id)
    ask("name", "Name (optional; shown masked unless --full-name)", str.strip, optional=True)
    values["name"] = values["name"] or None
    ask("sex", "Sex (F or M)", answers.sex)
    if values["age"] is None and values["birth_date"] is None:
        found = _prompt("Age in years, or birth date (YYYY-MM-DD)", answers.age_or_birth_date)
        values["birth_date" if isinstance(found, date) else "age"] = found
    ask("height_cm", "Height in cm", answers.height_cm)
    ask("weight_kg", "Weight in kg", answers.weight_kg)
    ask(
        "creatinine",
        "Serum creatinine with its unit, e.g. 88 umol/L or 0.99 mg/dL (empty: not measured)",
        answers.creatinine,
        optional=True,
    )
    if values["sex"] == "F" and asks_for(regimen, "childbearing_potential"):
        ask(
            "childbearing_potential",
            "Could she become pregnant? yes or no (empty: not recorded; tests are scheduled)",
            _or_none(answers.yes_no),
            optional=True,
        )
        if values.get("childbearing_potential"):
            ask(
                "irregular_menses",
                "Irregular menses? yes or no",
                _or_none(answers.yes_no),
                optional=True,
            )
    if asks_for(regimen, "vte_risk"):
        ask(
            "vte_risk",
            "VTE risk: standard or high (empty: not recorded; a prompt to assess it)",
            _or_none(answers.vte_risk),
            optional=True,
        )
    for rule in regimen.rules:
        if rule.dose.is_range and rule.drug not in values["doses"]:
            values["doses"][rule.drug] = _prompt(
                f"{rule.drug} dose: {choice_text(rule)}", partial(answers.dose, regimen, rule.drug)
            )
    draft_so_far = PlanDraft(regimen=regimen, regimen_ref=regimen.id, vte_risk=values["vte_risk"])
    for item in item_choices(draft_so_far):
        if item.item not in values["doses"]:
            item_dose = _prompt(
                f"{item.item} dose: one dose in {item.dose} (empty: shown as the range)",
                _or_none(partial(answers.dose, regimen, item.item)),
                optional=True,
            )
            if item_dose:
                values["doses"][item.item] = item_dose
    ask("start", "Start of cycle 1 (YYYY-MM-DD, or today, tomorrow, +N days)", first_day)
    if regimen.maintenance is not None:
        ask(
            "maintenance_cycles",
            f"Cycles of {regimen.maintenance.regimen} after the induction (empty: none)",
            _or_none(answers.maintenance_cycles),
            optional=True,
        )


def _or_none(read: Callable[[str], T]) -> Callable[[str], T | None]:
    """``read``, with an empty answer read as "not recorded" (None)."""
    return lambda text: read(text) if text.strip() else None


def _prompt(text: str, read: Callable[[str], T], *, optional: bool = False) -> T:
    """Ask ``text`` on standard error (standard output may be the plan itself, ``-o -``) and
    read the answer from standard input, until :func:`read` accepts it; an empty answer is
    accepted only when the value is optional."""
    while True:
        sys.stderr.write(f"{text}: ")
        sys.stderr.flush()
        line = sys.stdin.readline()
        if not line:
            sys.stderr.write("\n")
            asked = text.split(" (", maxsplit=1)[0]
            raise fail(MmschedError(coded("", "usage.new.input_ended", asked=repr(asked))))
        answer = line.rstrip("\r\n")
        if not answer.strip() and not optional:
            sys.stderr.write("  an answer is needed here\n")
            continue
        try:
            return read(answer)
        except ValueError as exc:
            sys.stderr.write(f"  {exc}\n")


def _check_maintenance(regimen: Regimen, cycles: int | None, problems: list[Problem]) -> None:
    """--maintenance-cycles only for a regimen that names its maintenance, within its cap."""
    if cycles is None:
        return
    named = regimen.maintenance
    if named is None:
        problems.append(
            coded("--maintenance-cycles", "usage.new.no_maintenance", regimen=regimen.id)
        )  # fmt: skip
    elif named.cap is not None and cycles > named.cap:
        problems.append(
            coded("--maintenance-cycles", "usage.new.too_many_maintenance_cycles",
                  cycles=cycles, regimen=regimen.id, cap=named.cap)
        )  # fmt: skip


def _draft(
    regimen: Regimen, ref: str, output: Path, values: dict[str, Any], dirs: tuple[Path, ...]
) -> PlanDraft:
    """The plan to write; a complete one is checked whole first (a birth date after the
    start, say), so that a plan the options fully give is never written invalid."""
    from ..formats.plan_text import PlanDraft
    from ..formats.reader import plan_from_mapping

    where = Path("plan.yaml") if str(output) == "-" else output
    draft = PlanDraft(regimen=regimen, regimen_ref=_as_written(ref, where), **values)
    if not draft.missing():
        try:
            plan_from_mapping(draft.mapping(), where, regimen_dirs=dirs)
        except MmschedError as exc:
            raise fail(exc) from None
    return draft


def _as_written(ref: str, plan: Path) -> str:
    """The regimen as the plan names it: a bundled id as it is, a file relative to the plan's
    folder (as the plan file reads it)."""
    if not ("/" in ref or "\\" in ref or ref.endswith((".yaml", ".yml"))):
        return ref
    try:
        return os.path.relpath(Path(ref).resolve(), plan.parent.resolve())
    except ValueError:  # another drive
        return str(Path(ref).resolve())


def _write(draft: PlanDraft, output: Path, lang: Lang) -> None:
    """Write the plan (standard output for ``-``) and say, in ``lang``, what is still to be
    filled in."""
    from ..formats.plan_text import plan_text
    from .fileio import write_new

    text = plan_text(draft)
    missing = draft.missing()
    if str(output) == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        try:
            write_new(output, text)
        except FileExistsError:
            raise _exists(output) from None
        except OSError as exc:
            raise cannot_write(output, exc) from None
    typer.echo(_written(str(output), missing, lang), err=str(output) == "-")


def _written(output: str, missing: list[str], lang: Lang) -> str:
    """The line that says where the plan went and what it still needs.

    >>> print(_written("p.yaml", ["patient.id", "patient.sex"], "zh"))
    已写入 p.yaml。仍有必填项未填写（mmsched check 会逐项列出）。位置：patient.id、patient.sex
    >>> print(_written("p.yaml", [], "en"))
    wrote p.yaml: a complete plan; mmsched calendar p.yaml shows it
    >>> print(_written("-", [], "zh"))
    已写到标准输出：计划已完整。
    """
    stdout = output == "-"
    if lang == "zh":
        where = "已写到标准输出" if stdout else f"已写入 {output}"
        if missing:
            return (
                f"{where}。仍有必填项未填写（mmsched check 会逐项列出）。位置：{'、'.join(missing)}"
            )
        return (
            f"{where}：计划已完整。"
            if stdout
            else f"{where}：计划已完整，可用 mmsched calendar {output} 查看。"
        )
    where = "standard output" if stdout else output
    if missing:
        return f"wrote {where}: still REQUIRED: {', '.join(missing)} (mmsched check lists them)"
    shows = "" if stdout else f"; mmsched calendar {where} shows it"
    return f"wrote {where}: a complete plan{shows}"
