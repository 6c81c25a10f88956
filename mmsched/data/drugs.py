"""The one table of drug and route names that regimen files and every output share.

Regimen files name drugs by their lowercase international nonproprietary name (``bortezomib``,
``interleukin-2``); this table gives the Chinese name shown to ward staff and a short code for
calendar grids. A drug missing from the table may still be used: a regimen file can give its
Chinese name with ``name_zh``, and without one the international name is shown, marked as such.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DrugName:
    """How a drug is shown: its Chinese name and a short code for grids."""

    zh: str
    code: str


DRUGS: dict[str, DrugName] = {
    "bortezomib": DrugName("硼替佐米", "V"),
    "lenalidomide": DrugName("来那度胺", "R"),
    "thalidomide": DrugName("沙利度胺", "T"),
    "pomalidomide": DrugName("泊马度胺", "P"),
    "dexamethasone": DrugName("地塞米松", "D"),
    "prednisone": DrugName("泼尼松", "Pr"),
    "interleukin-2": DrugName("重组人白介素-2", "IL2"),
    "cyclophosphamide": DrugName("环磷酰胺", "C"),
    "daratumumab": DrugName("达雷妥尤单抗", "Dara"),
    "carfilzomib": DrugName("卡非佐米", "K"),
    "ixazomib": DrugName("伊沙佐米", "I"),
    "melphalan": DrugName("美法仑", "M"),
}

#: Routes of administration: the code written in regimen files, and its names for people.
#: ``IV`` is an infusion, as the seed writes dexamethasone (静脉滴注); ``IV push`` is a bolus
#: injection, as the bortezomib label gives it IV ("3 to 5 second bolus"), 静脉推注.
ROUTES: dict[str, tuple[str, str]] = {
    "PO": ("by mouth", "口服"),
    "SC": ("subcutaneous injection", "皮下注射"),
    "IV": ("intravenous infusion", "静脉滴注"),
    "IV push": ("intravenous push (bolus)", "静脉推注"),
    "IM": ("intramuscular injection", "肌内注射"),
    "IT": ("intrathecal injection", "鞘内注射"),
    "SL": ("under the tongue", "舌下含服"),
}


#: Marks a name shown in English because the table has no Chinese name for it.
NO_ZH_MARK = "（无中文名）"


def chinese_name(drug: str, name_zh: str | None = None) -> str:
    """A drug's Chinese name: the regimen's own ``name_zh``, else this table's, else the
    international name visibly marked as having none.

    >>> chinese_name("bortezomib"), chinese_name("elotuzumab")
    ('硼替佐米', 'elotuzumab（无中文名）')
    """
    known = name_zh or (DRUGS[drug].zh if drug in DRUGS else None)
    return known if known else f"{drug}{NO_ZH_MARK}"
