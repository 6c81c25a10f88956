"""How things are shown to people, in Chinese (``zh``) or English (``en``).

One place for drug, route and test names, dates and weekdays, doses written the ISMP way, and
masked patient names. Every renderer (text, CSV, HTML, .ics) goes through here, so the ward sees
the same words everywhere. No locale, no clock: the caller passes the language.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from .drugs import DRUGS, ROUTES
from .units import format_amount, normalize

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

#: Monitoring tests: id used in regimen files -> (English, Chinese).
TESTS: dict[str, tuple[str, str]] = {
    "lymphocyte-subsets": (
        "Lymphocyte subsets (CD3+, CD4+, CD8+, CD4/CD8, NK, B cells)",
        "淋巴细胞亚群(CD3+、CD4+、CD8+、CD4/CD8、NK、B 细胞)",
    ),
    "blood-count": ("Complete blood count", "血常规"),
    "renal-function": ("Renal function (creatinine)", "肾功能(肌酐)"),
    "liver-function": ("Liver function", "肝功能"),
    "neuropathy-assessment": ("Peripheral neuropathy assessment", "周围神经病变评估"),
}

#: Marks a name shown in English because the table has no Chinese name for it.
NO_ZH_MARK = "（无中文名）"


def drug_name(drug: str, lang: Lang, name_zh: str | None = None) -> str:
    """A drug's name for people: the Chinese name in ``zh`` (visibly marked when missing).

    >>> drug_name("bortezomib", "zh"), drug_name("bortezomib", "en")
    ('硼替佐米', 'bortezomib')
    >>> drug_name("elotuzumab", "zh")
    'elotuzumab（无中文名）'
    """
    if lang == "en":
        return drug
    known = name_zh or (DRUGS[drug].zh if drug in DRUGS else None)
    return known if known else f"{drug}{NO_ZH_MARK}"


def drug_code(drug: str) -> str:
    """The short code used in month grids ("V" for bortezomib); unknown drugs get 3 letters."""
    return DRUGS[drug].code if drug in DRUGS else drug[:3].capitalize()


def route_name(route: str, lang: Lang) -> str:
    """A route for people: "皮下注射" or "SC" (the code is what English ward staff write)."""
    if lang == "zh" and route in ROUTES:
        return ROUTES[route][1]
    return route


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


def format_dose(amount: Decimal, unit: str, lang: Lang) -> str:
    """A dose written so that nobody misreads it (ISMP): no trailing zero, a leading zero,
    thousands separators, a space before the unit; in Chinese also in 万 as the seed writes it.

    >>> format_dose(Decimal("2.0"), "mg", "en"), format_dose(Decimal("0.70"), "mg", "en")
    ('2 mg', '0.7 mg')
    >>> format_dose(Decimal(500000), "IU", "en"), format_dose(Decimal(500000), "IU", "zh")
    ('500,000 IU', '500,000 IU(50万 IU)')
    """
    text = f"{format_amount(amount)} {unit}"
    if (
        lang == "zh"
        and amount >= 10000
        and (amount / 10000) == (amount / 10000).to_integral_value()
    ):
        text += f"({format_amount(normalize(amount / 10000), group=False)}万 {unit})"
    return text


def format_prescribed(prescribed: str) -> str:
    """A prescribed dose as printed: "1.3 mg/m2" becomes "1.3 mg/m²"."""
    return prescribed.replace("/m2", "/m²")


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
