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


#: Where each Chinese name mmsched ships was checked (issue 14): a Chinese product label
#: (药品说明书) or 《中国多发性骨髓瘤诊治指南》, else another Chinese source named as such, else
#: "not checked against a source". Keys: drug, route, test and supportive-item ids as written in
#: regimen files; ``category:``, ``diluent:``, ``bsa:`` and ``rule:`` for the other names.
#: A regimen's own ``name_zh`` still wins over any table.
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
BORTEZOMIB_LABEL_HANSOH = (
    "注射用硼替佐米说明书，国药准字H20173307，江苏豪森 "
    "(https://mzyp.yilianmeiti.com/notice/54139.html)"
)
LENALIDOMIDE_LABEL = (
    "来那度胺胶囊（瑞复美）说明书, as quoted by a seller's page "
    "(http://www.dauif.com/yindulainaduan/)"
)
VTE_CONSENSUS = (
    "多发性骨髓瘤相关静脉血栓栓塞症防治中国专家共识（2022年版），中华血液学杂志 "
    "2022;43(9):726-731 (http://rs.yiigle.com/CN121090202209/1430722.htm)"
)
ACICLOVIR_SOURCES = (
    "阿昔洛韦片说明书, a summary page, not the label itself "
    "(http://m.reuw.cn/drug_information/206685.html); 天津药学 2019(4), 抗病毒药物预防多发性骨髓瘤"
    "患者使用硼替佐米致带状疱疹 (http://www.jizihe.com/page/2019/0910/14842002.shtml)"
)
DILUENT_LABEL = (
    "a Chinese label's 配制 section: 0.9%氯化钠注射液或5%葡萄糖注射液 "
    "(https://zyp.yilianmeiti.com/guide/168800.html)"
)
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
    # monitoring tests (TESTS)
    "blood-count": GUIDELINE_2020 + " (表1: 血常规、肝肾功能)",
    "renal-function": GUIDELINE_2020 + " (表1: 肝肾功能)",
    "liver-function": GUIDELINE_2020 + " (表1: 肝肾功能)",
    "lymphocyte-subsets": "not a label or the guideline: a Chinese journal abstract on myeloma "
    "writes 外周血淋巴细胞亚群 (CD4+、CD8+、CD4+/CD8+) "
    "(https://www.ppdoc.com/periodical/f37c6e46d3df3cd1fe6f52f1bc4a32b6.html)",
    "neuropathy-assessment": BORTEZOMIB_LABEL_HANSOH + " (周围神经病变; 评估 is plain wording)",
    "pregnancy-test": "not checked against a source (the 来那度胺 label's 妊娠 section was not "
    "found in the pages searched; 妊娠试验 and 50 mIU/mL follow the US label)",
    "type-and-screen": "红细胞血型意外抗体筛查专家共识，中国输血杂志 2024 "
    "(https://fx361.cc/page/2024/0426/24132355.shtml) writes 意外抗体筛查; "
    "不规则抗体筛查 (shown) is the older synonym, not checked against a source",
    "hbv-serology": "《慢性乙型肝炎防治指南（2019年版）》 as quoted in "
    "http://m.jizihe.com/page/2022/0728/11469057.shtml writes HBV血清标志物 and HBV再激活; "
    "the words 乙肝病毒血清学检查 themselves not checked against a source",
    # supportive items of the bundled regimens (their name_zh)
    "aciclovir": ACICLOVIR_SOURCES,
    "aciclovir-stop": ACICLOVIR_SOURCES + " (停药提示 is plain wording)",
    "aciclovir-review": ACICLOVIR_SOURCES + " (复核提示 is plain wording)",
    "aciclovir-after-daratumumab": ACICLOVIR_SOURCES + " (续用提示 is plain wording)",
    "aspirin": VTE_CONSENSUS + "; not checked: the stored excerpt does not show 阿司匹林",
    "enoxaparin": VTE_CONSENSUS + "; not checked: the stored excerpt does not show 依诺肝素",
    "vte-risk-assessment": VTE_CONSENSUS + " (静脉血栓栓塞症, VTE风险)",
    "contraception": "去氧孕烯炔雌醇片说明书 (适应症: 避孕) "
    "(http://www.thebeyondbooks.com/drug/A0108333)",
    "condom-use": "not checked: the 去氧孕烯炔雌醇片 label "
    "(http://www.thebeyondbooks.com/drug/A0108333) writes 屏障避孕法（如安全套）; "
    "避孕套 (shown) is the name of GB 7544 (not checked here)",
    "paracetamol": "not checked against a source (中国药典 name 对乙酰氨基酚; the Chinese "
    "daratumumab label's 输注前用药 section was not found in the pages searched)",
    "diphenhydramine": "not checked against a source (the Chinese daratumumab label's "
    "输注前用药 section was not found in the pages searched)",
    "montelukast": "not checked against a source (the Chinese daratumumab label's "
    "输注前用药 section was not found in the pages searched)",
    "methylprednisolone": "not checked against a source (the Chinese daratumumab label's "
    "输注后用药 section was not found in the pages searched)",
    "antifungal-prophylaxis": "not checked against a source",
    "quinolone-prophylaxis": "not checked against a source",
    # categories of supportive items and regimen rows (mmsched.views.display, cat_*)
    "category:anticancer": "新型抗肿瘤药物临床应用指导原则（2024年版），国家卫生健康委员会 "
    "(https://www.sgpjbg.com/baogao/188306.html) (抗肿瘤药物)",
    "category:premedication": "not checked against a source (输注前用药 as the Chinese "
    "daratumumab label is remembered to write it; 预处理 is also found in Chinese pharmacy "
    "writing, http://www.jintiankansha.me/t/5VgLxt0yug, but means conditioning on a "
    "haematology ward)",
    "category:post-medication": "not checked against a source (输注后用药, as for premedication)",
    "category:prophylaxis": "2022 IMWG 多发性骨髓瘤感染的预防共识, Chinese summary "
    "(http://www-search.liangyihui.net/doc/86582) (抗菌药物预防, 预防性抗感染)",
    "category:hydration": "not checked against a source (the cyclophosphamide pages found "
    "write 多饮水或者静脉补液, not 水化)",
    # diluents (mmsched.views.display.DILUENTS_ZH)
    "diluent:0.9% sodium chloride": DILUENT_LABEL,
    "diluent:5% glucose": DILUENT_LABEL,
    "diluent:5% dextrose": DILUENT_LABEL,
    # BSA formulas (mmsched.views.display.FORMULA_NAMES)
    "bsa:mosteller": "not a label or the guideline: a calculator page in traditional "
    "Chinese writes Mosteller 公式 (https://calculatorlib.com/tw/painted-cube-surface-area-calculator)",
    "bsa:dubois": "not checked against a source",
    "bsa:haycock": "not checked against a source",
    "bsa:gehan-george": "not checked against a source",
    "bsa:boyd": "not checked against a source",
    "bsa:stevenson": "not checked against a source (许文生公式)",
    # dose rules named in outputs and messages
    "rule:renal": LENALIDOMIDE_LABEL + " (肌酐清除率, 根据Cockcroft-Gault公式计算)",
    "rule:hepatic": GUIDELINE_2020 + " (表1: 肝肾功能)",
    "rule:lifetime_max": "not checked against a source (终身最大累积剂量)",
    "rule:dose_level": "not checked against a source (剂量水平)",
}

#: Monitoring tests: id used in regimen files -> (English, Chinese).
TESTS: dict[str, tuple[str, str]] = {
    "lymphocyte-subsets": (
        "Lymphocyte subsets (CD3+, CD4+, CD8+, CD4/CD8, NK, B cells)",
        "淋巴细胞亚群（CD3+、CD4+、CD8+、CD4/CD8、NK、B 细胞）",
    ),
    "blood-count": ("Complete blood count", "血常规"),
    "renal-function": ("Renal function (creatinine)", "肾功能（肌酐）"),
    "liver-function": ("Liver function", "肝功能"),
    "neuropathy-assessment": ("Peripheral neuropathy assessment", "周围神经病变评估"),
    "pregnancy-test": (
        "Pregnancy test (serum or urine, at least 50 mIU/mL)",
        "妊娠试验（血或尿，灵敏度至少 50 mIU/mL）",
    ),
    "type-and-screen": ("Blood type and antibody screen", "血型鉴定及不规则抗体筛查"),
    "hbv-serology": ("Hepatitis B serology", "乙肝病毒血清学检查"),
}


def test_name_zh(test: str) -> str:
    """A monitoring test's Chinese name; an unknown test id is shown as written.

    >>> test_name_zh("pregnancy-test")
    '妊娠试验（血或尿，灵敏度至少 50 mIU/mL）'
    """
    names = TESTS.get(test)
    return test if names is None else names[1]


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
