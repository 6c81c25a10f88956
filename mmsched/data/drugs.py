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


#: Where each Chinese name above was checked (issue 14): a Chinese product label (药品说明书)
#: or 《中国多发性骨髓瘤诊治指南》. A regimen's own ``name_zh`` still wins over this table.
GUIDELINE_2020 = (
    "《中国多发性骨髓瘤诊治指南（2020年修订）》，中华内科杂志 2020;59(5):341-346 "
    "(https://seleguide.yiigle.com, 中国多发性骨髓瘤诊治指南（2020年修订）)"
)
GUIDELINE_2022 = (
    "《中国多发性骨髓瘤诊治指南（2022年修订）》，中华内科杂志 2022;61(5):480-487 "
    "(summary of the changes: http://m.ahfyzs.com/content/23/0627/00/5514788_1086378328.shtml)"
)
DARZALEX_LABEL = (
    "达雷妥尤单抗注射液（皮下注射）说明书，适应症 (https://www.315jiage.cn/mn422106.aspx)"
)
BORTEZOMIB_LABEL = (
    "注射用硼替佐米说明书，国药准字H20204018 "
    "(http://shuju.qgyyzs.net/yppwcx/details47614A3R3e2Hnu390249.html)"
)
IL2_LABEL = "注射用重组人白介素-2说明书 (http://www.zhaohua.com/drug/10042.html)"
NAME_SOURCES: dict[str, str] = {
    # drugs
    "bortezomib": BORTEZOMIB_LABEL,
    "lenalidomide": DARZALEX_LABEL + " (与来那度胺和地塞米松联合用药)",
    "thalidomide": "沙利度胺片说明书，国药准字H32026129 "
    "(https://m.dazhong.com/drug/22910/compare/155062)",
    "pomalidomide": DARZALEX_LABEL + " (与泊马度胺和地塞米松联合用药); " + GUIDELINE_2022,
    "dexamethasone": DARZALEX_LABEL,
    "prednisone": BORTEZOMIB_LABEL + " (联合美法仑和泼尼松, MP方案)",
    "interleukin-2": IL2_LABEL,
    "cyclophosphamide": BORTEZOMIB_LABEL + " (利妥昔单抗、环磷酰胺、多柔比星和泼尼松)",
    "daratumumab": DARZALEX_LABEL,
    "carfilzomib": GUIDELINE_2022 + " (增加了包含卡非佐米、泊马度胺、塞利尼索方案的推荐)",
    "ixazomib": "枸橼酸伊沙佐米胶囊 (a page quoting the label, not the label itself: "
    "http://zlymm.com/a/zixun/yiyao/220652.html)",
    "melphalan": BORTEZOMIB_LABEL + " (联合美法仑和泼尼松, MP方案)",
    # routes
    "PO": BORTEZOMIB_LABEL + " (口服美法仑和口服泼尼松)",
    "SC": BORTEZOMIB_LABEL + " (皮下); " + DARZALEX_LABEL + " (皮下注射给药)",
    "IV": IL2_LABEL + " (静脉滴注)",
    "IV push": BORTEZOMIB_LABEL + " (3-5秒静脉推注)",
    "IM": "注射用重组人白介素-2说明书 writes 肌肉注射 "
    "(http://drugs.meditool.cn/Drugtype/druginfo?datatype=0&druginfoid=12438&msgtype=1); "
    "肌内注射 is kept as the standard term (not checked against a source here)",
    "IT": BORTEZOMIB_LABEL + " (鞘内注射会导致死亡)",
    "SL": "not checked against a source (no bundled regimen uses SL)",
    # monitoring tests (mmsched.views.display.TESTS)
    "blood-count": GUIDELINE_2020 + " (表1: 血常规、肝肾功能)",
    "renal-function": GUIDELINE_2020 + " (表1: 肝肾功能)",
    "liver-function": GUIDELINE_2020 + " (表1: 肝肾功能)",
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
