"""How things are shown to people, in Chinese (``zh``) or English (``en``).

One place for drug, route and test names, dates and weekdays, doses written the ISMP way, and
masked patient names. Every renderer (text, CSV, HTML, .ics) goes through here, so the ward sees
the same words everywhere. No locale, no clock: the caller passes the language.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Literal

from ..data.drugs import DRUGS, ROUTES, TESTS, chinese_name
from ..engine.units import (
    UNIT_WORDS,
    amount_words,
    format_amount,
    format_prescribed,
    normalize,
    units_in_text,
)

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")

WEEKDAYS: dict[Lang, tuple[str, ...]] = {
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "zh": ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"),
}
#: Short weekday heads for month grids; "一".."日" are each one CJK character (two columns).
WEEKDAYS_SHORT: dict[Lang, tuple[str, ...]] = {
    "en": ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"),
    "zh": ("一", "二", "三", "四", "五", "六", "日"),
}
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def drug_name(drug: str, lang: Lang, name_zh: str | None = None) -> str:
    """A drug's name for people: the Chinese name in ``zh`` (visibly marked when missing).

    >>> drug_name("bortezomib", "zh"), drug_name("bortezomib", "en")
    ('硼替佐米', 'bortezomib')
    >>> drug_name("elotuzumab", "zh")
    'elotuzumab（无中文名）'
    """
    return drug if lang == "en" else chinese_name(drug, name_zh)


def drug_code(drug: str) -> str:
    """The short code used in month grids ("V" for bortezomib); unknown drugs get 3 letters."""
    return DRUGS[drug].code if drug in DRUGS else drug[:3].capitalize()


#: Route codes English readers never see, with the word ISMP's list of error-prone abbreviations
#: gives instead: "SC" is misread as "SL" (sublingual); write "subcut".
ROUTE_WORDS_EN: dict[str, str] = {"SC": "subcut"}


def route_name(route: str, lang: Lang) -> str:
    """A route for people: "皮下注射" in Chinese; in English the code English ward staff
    write ("PO", "IV"), except "subcut" for SC (ISMP). Machine fields keep the code.

    >>> route_name("SC", "zh"), route_name("SC", "en"), route_name("IV push", "en")
    ('皮下注射', 'subcut', 'IV push')
    """
    if lang == "zh" and route in ROUTES:
        return ROUTES[route][1]
    return ROUTE_WORDS_EN.get(route, route) if lang == "en" else route


def test_name(test: str, lang: Lang) -> str:
    """A monitoring test's name; an unknown test id is shown as written."""
    names = TESTS.get(test)
    if names is None:
        return test
    return names[1] if lang == "zh" else names[0]


def format_date(day: date, lang: Lang) -> str:
    """A date with its weekday, never ambiguous about day and month.

    >>> format_date(date(2026, 12, 1), "zh"), format_date(date(2026, 12, 1), "en")
    ('2026年12月1日 星期二', 'Tue 1 Dec 2026')
    """
    weekday = WEEKDAYS[lang][day.weekday()]
    if lang == "zh":
        return f"{day.year}年{day.month}月{day.day}日 {weekday}"
    return f"{weekday} {day.day} {MONTHS_EN[day.month - 1]} {day.year}"


def format_month(year: int, month: int, lang: Lang) -> str:
    """A month heading: "2026年12月" or "December 2026"."""
    if lang == "zh":
        return f"{year}年{month}月"
    return f"{date(year, month, 1):%B} {year}"


def format_dose(amount: Decimal, unit: str, lang: Lang, *, override: bool = False) -> str:
    """A dose written so that nobody misreads it (ISMP): no trailing zero, a leading zero,
    thousands separators, a space before the unit, "units" for IU in English. In Chinese a dose
    in IU follows the Chinese product labels of recombinant human interleukin-2 injection
    (万国际单位(IU)); another unit in whole 万 adds the 万 form, as the seed writes it.
    ``override`` (a dose above the regimen's, by an explicit plan override) is marked after it.

    >>> format_dose(Decimal("2.0"), "mg", "en"), format_dose(Decimal("0.70"), "mg", "en")
    ('2 mg', '0.7 mg')
    >>> format_dose(Decimal(500000), "IU", "en"), format_dose(Decimal(500000), "IU", "zh")
    ('500,000 units', '50万国际单位（IU）')
    >>> format_dose(Decimal("37.5"), "mg", "en", override=True)
    '37.5 mg OVERRIDE'
    """
    text = amount_words(amount, unit, lang)
    if (
        lang == "zh"
        and unit not in UNIT_WORDS
        and amount >= 10000
        and (amount / 10000) == (amount / 10000).to_integral_value()
    ):
        text += f"（{format_amount(normalize(amount / 10000), group=False)}万 {unit}）"
    if override:
        text += f" {label('override', lang)}"
    return text


#: Two-character surnames common in China; the rest are taken as one character.
COMPOUND_SURNAMES = frozenset(
    {
        "欧阳",
        "司马",
        "上官",
        "诸葛",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "长孙",
        "宇文",
        "司徒",
        "夏侯",
        "轩辕",
        "令狐",
        "钟离",
        "端木",
        "独孤",
        "南宫",
        "西门",
    }
)


def _is_cjk(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in text)


def mask_name(name: str) -> str:
    """Mask a patient's name the way the seed report does: surname, 某, last character.

    Latin names become initials.

    >>> mask_name("廖秀妹"), mask_name("王芳"), mask_name("欧阳娜娜"), mask_name("Liao Xiumei")
    ('廖某妹', '王某', '欧阳某娜', 'L. X.')
    """
    name = name.strip()
    if not name:
        return name
    if _is_cjk(name):
        surname = name[:2] if name[:2] in COMPOUND_SURNAMES else name[:1]
        given = name[len(surname) :]
        return f"{surname}某{given[-1]}" if len(given) >= 2 else f"{surname}某"
    parts = name.replace("-", " ").split()
    return " ".join(f"{part[0].upper()}." for part in parts)


def display_name(name: str | None, *, full: bool = False) -> str:
    """The name to show: masked unless ``full``; empty when the plan gives none."""
    if not name:
        return ""
    return name if full else mask_name(name)


#: Every label printed by the renderers: key -> (English, Chinese). One table, so a word is
#: translated once and every output (terminal, CSV, HTML) uses the same one.
LABELS: dict[str, tuple[str, str]] = {
    # patient and regimen header
    "calendar": ("Treatment calendar", "化疗日历"),
    "patient": ("Patient", "患者"),
    "patient_id": ("Patient ID", "患者编号"),
    "name": ("Name", "姓名"),
    "sex": ("Sex", "性别"),
    "age": ("Age", "年龄"),
    "regimen": ("Regimen", "方案"),
    "cycles": ("Cycles", "周期"),
    "start": ("Start", "开始日期"),
    "end": ("Last day", "结束日期"),
    "cycle_starts": ("Cycle starts", "各周期开始"),
    "height": ("Height", "身高"),
    "weight": ("Weight", "体重"),
    "bsa": ("BSA", "体表面积"),
    "bsa_capped": ("capped by the plan; calculated", "已按计划设定的上限取值；计算值"),
    "doses": ("Doses", "剂量"),
    # columns
    "date": ("Date", "日期"),
    "weekday": ("Weekday", "星期"),
    "cycle_day": ("Cycle/day", "周期/天"),
    "drug": ("Drug", "药物"),
    "dose": ("Dose", "剂量"),
    "route": ("Route", "途径"),
    "days": ("Days of cycle", "周期内给药日"),
    "how": ("How the dose was found", "剂量计算"),
    "note": ("Note", "备注"),
    "code": ("Code", "代码"),
    "total": ("Total", "合计"),
    "patients": ("Patients", "患者数"),
    "cycle_length": ("Cycle length", "周期长度"),
    "drugs": ("Drugs", "药物"),
    "source": ("Source", "来源"),
    "id": ("ID", "编号"),
    "where": ("From", "位置"),
    "bundled": ("bundled", "内置"),
    # words inside cells
    "flat_dose": ("flat dose", "固定剂量"),
    "rounded_to": ("rounded to {step}", "按 {step} 取整"),
    "moved_from": ("moved from {date}", "原定 {date}"),
    "test": ("test", "检查"),
    "legend": ("Legend", "图例"),
    "legend_moved": ("* a dose was moved, see the list", "* 有剂量改期，见每日列表"),
    "legend_test": ("Lab = test or assessment, see the list", "检 = 检查或评估，见每日列表"),
    "day_list": ("Day by day", "每日用药"),
    "warnings": ("Warnings", "警告"),
    "warning": ("WARNING", "警告"),
    "shown_from_to": ("Dates shown: {start} to {end}", "显示日期：{start} 至 {end}"),
    "nothing_in_range": (
        "No administrations between {start} and {end}.",
        "{start} 至 {end} 之间没有给药。",
    ),
    "cycles_text": ("{cycles} × {days}-day cycles", "{cycles} 个周期，每周期 {days} 天"),
    "phase_cycles": (
        "C{first}–C{last} {phase}: {name}, {days}-day cycles",
        "C{first}–C{last} {phase}：{name}，每周期 {days} 天",
    ),
    "induction": ("induction", "诱导治疗"),
    "maintenance": ("maintenance", "维持治疗"),
    "days_text": ("{days} days", "{days} 天"),
    "day_n": ("day {day}", "第 {day} 天"),
    "years": ("{age} years", "{age} 岁"),
    "printed_note": (
        "Printed by mmsched. Check every dose against the signed order.",
        "由 mmsched 生成。请以签字医嘱核对每一剂量。",
    ),
    # ward sheet
    "ward": ("Ward day sheet", "病区每日用药单"),
    "to_prepare": ("To prepare", "需准备"),
    "no_administrations": ("No administrations.", "无给药。"),
    "plans_read": ("plans read: {count}", "已读取计划 {count} 份"),
    "errors": ("Errors", "错误"),
    "not_on_sheet": (
        "{count} plan files could not be used: those patients are NOT on this sheet",
        "{count} 份计划文件无法使用：这些患者不在本表中",
    ),
    "read_once": (
        "{count} plan files were given twice: each is read once, its patient listed once",
        "{count} 份计划文件重复给出：每份只读取一次，患者只列一次",
    ),
    "override": ("OVERRIDE", "超方案剂量"),
    "monitoring": ("Tests", "检查"),
    "not_given": ("NOT GIVEN", "不给药"),
    "skip_omitted": ("omitted", "取消"),
    "skip_held": ("held", "暂停"),
    "skip_stopped": ("stopped", "停药"),
    "skip_closed": ("ward closed", "病区停诊"),
    "legend_skipped": ("-X = dose not given, see the list", "-X = 该剂不给药，见每日列表"),
    "renal": ("CrCl", "肌酐清除率"),
    "renal_text": (
        "{crcl} mL/min ({method}; creatinine {scr} mg/dL, {weight} kg, {age} years{dialysis})",
        "{crcl} mL/min（{method}；血肌酐 {scr_umol} µmol/L（{scr} mg/dL），"
        "{weight} kg，{age} 岁{dialysis}）",
    ),
    "on_dialysis": ("; on dialysis", "；透析患者"),
    "course_total": ("Course total", "疗程总量"),
    "lifetime_max": ("Lifetime maximum", "终身最大累积剂量"),
    "exceeds": ("EXCEEDS THE MAXIMUM", "超过终身最大累积剂量"),
    "assumptions": ("Regimen assumptions", "方案说明（假设与依据）"),
    "instructions": ("Instructions", "用法"),
    # order sets (issue 13): the drug table's groups, categories, timing, infusion details
    "group_premedication": ("Premedication", "输注前用药"),
    "group_anticancer": ("Anticancer drugs", "抗肿瘤药物"),
    "group_post-medication": ("Post-medication", "输注后用药"),
    "group_prophylaxis": ("Prophylaxis", "预防用药"),
    "group_hydration": ("Hydration", "水化"),
    "group_tests": ("Tests", "检查"),
    "supportive_items": ("Order set: supportive items", "成套医嘱：支持治疗用药"),
    "when": ("When", "时间"),
    "conditions": ("Only if", "适用条件"),
    "first_dose_only": ("{timing}, first dose only", "{timing}，仅首剂"),
    "last_dose_only": ("{timing}, last dose of the plan only", "{timing}，仅本计划最后一剂"),
    "maintenance_named": (
        "Maintenance: {regimen}, {cycles}; a plan schedules it with maintenance_cycles: N",
        "维持治疗：{regimen}，{cycles}；维持周期数在计划中设定",
    ),
    "until_progression": ("until progression", "直至疾病进展"),
    "at_most_cycles": ("at most {count} cycles", "最多 {count} 个周期"),
    "cat_anticancer": ("anticancer", "抗肿瘤"),
    "cat_premedication": ("premedication", "输注前用药"),
    "cat_post-medication": ("post-medication", "输注后用药"),
    "cat_prophylaxis": ("prophylaxis", "预防用药"),
    "cat_hydration": ("hydration", "水化"),
    "category": ("Category", "类别"),
    "item": ("Item", "项目"),
    "optional": ("optional", "可选"),
    "reminder": ("Reminder", "提醒"),
    "minutes_before": ("{low}–{high} min before {drug}", "{drug}前 {low}–{high} 分钟"),
    "minutes_before_one": ("{low} min before {drug}", "{drug}前 {low} 分钟"),
    "day_after": ("the day after {drug}", "{drug}次日"),
    "days_after": ("{days} days after {drug}", "{drug}后第 {days} 天"),
    "with_drug": ("with {drug}", "与{drug}同日"),
    "test_window": (" (may be done until {date})", "（可延至 {date}）"),
    "per_day": ("{count} times a day", "每日 {count} 次"),
    "infusion": ("infusion", "输注"),
    "infusion_over": ("over {minutes} min", "{minutes} 分钟"),
    "infusion_rate": ("rate: {rate}", "输注速度：{rate}"),
    "infusion_nth": ("{nth} infusion", "{nth}输注"),
    "nth_first": ("1st", "第 1 次"),
    "nth_second": ("2nd", "第 2 次"),
    "nth_later": ("later", "之后各次"),
    "role_row": (
        "the regimen's own dose (under anticancer drugs), not an extra dose",
        "即方案本身的剂量（见抗肿瘤药物），不另加",
    ),
    "role_row_days": (
        "on {days}: the dose listed under anticancer drugs, given at this time; not an extra dose",
        "{days}：即抗肿瘤药物中所列剂量，于此时给予，不另加",
    ),
    "role_dose": ("(see below)", "（见下）"),
    "if_ordered": (" (optional: if ordered)", "（可选：如已开具）"),
    # the conditions a supportive item applies under (regimens show; the English is the file's)
    "if_sex_F": ("sex: F", "女性"),
    "if_sex_M": ("sex: M", "男性"),
    "if_age_over": ("age_over: {age}", "年龄大于 {age} 岁"),
    "if_age_under": ("age_under: {age}", "年龄小于 {age} 岁"),
    "if_childbearing_potential_true": ("childbearing_potential: true", "有生育可能"),
    "if_childbearing_potential_false": ("childbearing_potential: false", "无生育可能"),
    "if_vte_risk_standard": ("vte_risk: standard", "静脉血栓风险为标准"),
    "if_vte_risk_high": ("vte_risk: high", "静脉血栓风险为高危"),
    "if_vte_risk_unknown": ("vte_risk: unknown", "计划未记录静脉血栓风险"),
    "if_dialysis_true": ("dialysis: true", "透析"),
    "if_dialysis_false": ("dialysis: false", "未透析"),
    "if_given": ("given: {drug}", "当日使用{drug}"),
    "if_not_given": ("not_given: {drug}", "当日未用{drug}"),
    "if_irregular_menses_true": ("irregular_menses: true", "月经不规律"),
    "if_irregular_menses_false": ("irregular_menses: false", "月经规律或计划未记录"),
    "to_prepare_supportive": (
        "To prepare: supportive drugs (not in the anticancer totals)",
        "需准备：支持治疗用药（不计入上表）",
    ),
}

#: Diluents in Chinese, as the products are named on Chinese wards; others are shown as written.
DILUENTS_ZH: dict[str, str] = {
    "0.9% sodium chloride": "0.9% 氯化钠注射液",
    "5% glucose": "5% 葡萄糖注射液",
    "5% dextrose": "5% 葡萄糖注射液",
}

SEXES: dict[str, tuple[str, str]] = {"F": ("female", "女"), "M": ("male", "男")}

#: BSA formulas for people; the formula text itself is the same in both languages.
FORMULA_NAMES: dict[str, tuple[str, str]] = {
    "mosteller": ("Mosteller", "Mosteller 公式"),
    "dubois": ("DuBois & DuBois", "DuBois 公式"),
    "haycock": ("Haycock", "Haycock 公式"),
    "gehan-george": ("Gehan & George", "Gehan-George 公式"),
    "boyd": ("Boyd", "Boyd 公式"),
    "stevenson": ("Stevenson", "许文生（Stevenson）公式"),
}


#: English labels that count something, written for a count of one: key -> (the placeholder
#: holding the count, the text used when it is 1). Chinese needs no singular.
LABELS_ONE: dict[str, tuple[str, str]] = {
    "cycles_text": ("cycles", "{cycles} × {days}-day cycle"),
    "days_text": ("days", "{days} day"),
    "years": ("age", "{age} year"),
    "not_on_sheet": (
        "count",
        "{count} plan file could not be used: that patient is NOT on this sheet",
    ),
    "read_once": (
        "count",
        "{count} plan file was given twice: it is read once, its patient listed once",
    ),
}


def label(key: str, lang: Lang, **values: object) -> str:
    """A label in ``lang``, with ``{placeholders}`` filled from ``values``; in English, a
    label that counts is singular for a count of one.

    >>> label("drug", "zh"), label("cycles_text", "en", cycles=2, days=28)
    ('药物', '2 × 28-day cycles')
    >>> label("cycles_text", "en", cycles=1, days=21)
    '1 × 21-day cycle'
    """
    en, zh = LABELS[key]
    if key in LABELS_ONE and values.get(LABELS_ONE[key][0]) == 1:
        en = LABELS_ONE[key][1]
    text = zh if lang == "zh" else en
    return text.format(**values) if values else text


def colon(lang: Lang) -> str:
    """The colon after a label: full-width "：" in Chinese (GB/T 15834-2011), ": " in English.

    >>> label("note", "zh") + colon("zh"), label("note", "en") + colon("en")
    ('备注：', 'Note: ')
    """
    return "：" if lang == "zh" else ": "


def bracketed(text: str, lang: Lang) -> str:
    """``text`` in brackets after what it explains: "（PO）" in Chinese, " (PO)" in English.

    >>> "口服" + bracketed("PO", "zh"), "Treatment" + bracketed("rvd", "en")
    ('口服（PO）', 'Treatment (rvd)')
    """
    return f"（{text}）" if lang == "zh" else f" ({text})"


def sex_name(sex: str, lang: Lang) -> str:
    """ "女" or "female"; an unknown code is shown as written."""
    names = SEXES.get(sex)
    if names is None:
        return sex
    return names[1] if lang == "zh" else names[0]


def formula_name(formula: str, lang: Lang) -> str:
    """The BSA formula's name for people: "Mosteller 公式" or "Mosteller"."""
    names = FORMULA_NAMES.get(formula)
    if names is None:
        return formula
    return names[1] if lang == "zh" else names[0]


def day_ranges(days: list[int] | tuple[int, ...]) -> str:
    """Days of a cycle written as ranges, the way the regimen files write them.

    >>> day_ranges([1, 2, 3, 4, 9, 10, 11, 12]), day_ranges([1, 4, 8, 11]), day_ranges([1, 2])
    ('1-4, 9-12', '1, 4, 8, 11', '1, 2')
    """
    parts: list[str] = []
    ordered = sorted(set(days))
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] == ordered[j] + 1:
            j += 1
        # Two neighbours read better as "1, 2" than as "1-2".
        if j - i >= 2:
            parts.append(f"{ordered[i]}-{ordered[j]}")
            i = j + 1
        else:
            parts.append(str(ordered[i]))
            i += 1
    return ", ".join(parts)


def join_notes(parts: Iterable[str], lang: Lang) -> str:
    """Notes one after another, empty ones left out: "; " between English notes, "；" between
    Chinese ones (as the engine writes its Chinese notes).

    >>> join_notes(["flat dose", "", "NO RENAL CHECK"], "en")
    'flat dose; NO RENAL CHECK'
    >>> join_notes(["固定剂量", "未透析"], "zh")
    '固定剂量；未透析'
    """
    return ("；" if lang == "zh" else "; ").join(part for part in parts if part)


def calculation_text(
    basis: str,
    calculated: Decimal,
    unit: str,
    rounding: str | None,
    lang: Lang,
    *,
    sep: str | None = None,
) -> str:
    """How a dose was found, for the header: "1.3 mg/m² × 1.50 m² = 1.95 mg, rounded to 0.1 mg".
    The engine's ``basis`` and ``rounding`` keep the code IU; people read "units" (English) or
    国际单位（IU） (Chinese).

    >>> calculation_text("1.3 mg/m² × 1.50 m²", Decimal("1.95"), "mg", "0.1 mg", "zh")
    '1.3 mg/m² × 1.50 m² = 1.95 mg，按 0.1 mg 取整'
    >>> calculation_text("flat dose", Decimal(500000), "IU", None, "en")
    'flat dose'
    >>> calculation_text("200,000 IU/m² × 1.50 m²", Decimal(300000), "IU", "10,000 IU", "en")
    '200,000 units/m² × 1.50 m² = 300,000 units, rounded to 10,000 units'
    """
    if basis == "flat dose":
        return label("flat_dose", lang)
    text = f"{units_in_text(basis, lang)} = {amount_words(calculated, unit, lang)}"
    if rounding:
        if sep is None:
            sep = "，" if lang == "zh" else ", "
        text += sep + label("rounded_to", lang, step=units_in_text(rounding, lang))
    return text


def prescribed_text(prescribed: str, lang: Lang) -> str:
    """A dose as prescribed (the engine's ``prescribed``, "1.3 mg/m2", "500,000 IU") for people:
    IU written out as in :func:`format_dose`, "/m2" as "/m²".

    >>> prescribed_text("500,000 IU", "en"), prescribed_text("1.3 mg/m2", "zh")
    ('500,000 units', '1.3 mg/m²')
    """
    return units_in_text(format_prescribed(prescribed), lang)


#: Colours by drug: a terminal colour name (one of the 16 standard ANSI colours, readable on
#: dark and light backgrounds) and a print-safe HTML colour. Colour only helps: every cell also
#: carries the drug's code or name, so a black-and-white print loses nothing.
DRUG_COLOURS: dict[str, tuple[str, str]] = {
    "bortezomib": ("magenta", "#a0196b"),
    "lenalidomide": ("green", "#1b6e20"),
    "thalidomide": ("blue", "#0d47a1"),
    "pomalidomide": ("cyan", "#00616b"),
    "dexamethasone": ("yellow", "#a84300"),
    "prednisone": ("yellow", "#a84300"),
    "interleukin-2": ("bright_blue", "#4a148c"),
    "cyclophosphamide": ("cyan", "#00616b"),
    "daratumumab": ("bright_red", "#b71c1c"),
    "carfilzomib": ("magenta", "#a0196b"),
    "ixazomib": ("magenta", "#a0196b"),
    "melphalan": ("red", "#8e0000"),
}
_DEFAULT_COLOUR = ("white", "#37474f")


def drug_colour(drug: str, *, html: bool = False) -> str:
    """The colour of ``drug`` in terminals (an ANSI colour name, see :mod:`mmsched.views.terminal`)
    or in HTML (``#rrggbb``)."""
    terminal, page = DRUG_COLOURS.get(drug, _DEFAULT_COLOUR)
    return page if html else terminal


def pad(text: str, columns: int) -> str:
    """``text`` padded with spaces to ``columns`` terminal columns (CJK counted as two)."""
    from .terminal import cell_width

    return text + " " * max(0, columns - cell_width(text))
