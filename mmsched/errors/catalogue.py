# ruff: noqa: E501  (a table of sentences: one template a line reads best)
"""The message catalogue: each problem code with its English and its Chinese template.

A template is filled with the problem's parameters (``str.format``). The English text is the
one mmsched has always written; the Chinese one is written for a nurse or pharmacist in the
ward's own words, with full-width punctuation (，：；（）), and without the field path: the
path is added once, after the sentence, as the place to fix (``……。位置：patient.height_cm``).

Imported only when a message is made (a problem, a schedule's warning or dose note), not when
mmsched is imported: ``mmsched --help`` and a command whose input makes no message never load it.
"""

from __future__ import annotations

from collections.abc import Mapping
from string import Formatter

#: code -> (English template, Chinese template).
MESSAGES: dict[str, tuple[str, str]] = {
    # --- any file: pydantic's checks, translated (formats/validation.py) ---------------------
    "field.missing": ("is required but missing", "此项为必填项，尚未填写。"),
    "field.unknown": (
        "is not a known field; check its spelling (unknown fields are refused)",
        "无法识别此字段，请检查拼写（无法识别的字段一律不予接受）。",
    ),
    "field.not_a_date": (
        "{value} is not a date that exists; write a real date as YYYY-MM-DD",
        "{value} 不是实际存在的日期，请按 YYYY-MM-DD 格式填写正确的日期。",
    ),
    "field.unknown_kind": (
        "'{tag}' is not a known {kind}; use one of {allowed}",
        "“{tag}”无法识别，“{kind}”可选：{allowed}。",
    ),
    "field.number_with_unit": (
        "{value} has a unit in it; write the number alone: {name}: {number}",
        "{value} 中带有单位，请只填数字：“{name}: {number}”。",
    ),
    "field.number_with_own_unit": (
        "{value} has a unit in it; write the number alone, in {unit} as the "
        "field's name says: {name}: {number}",
        "{value} 中带有单位；字段名已表明单位为 {unit}，请只填数字：“{name}: {number}”。",
    ),
    "field.number_in_other_unit": (
        "{value} is not in {unit}; convert it to {unit} and write the number alone "
        "({name} is in {unit})",
        "{value} 的单位不是 {unit}；请换算为 {unit} 后只填数字（“{name}”以 {unit} 为单位）。",
    ),
    "field.empty": (
        "is empty; write its value after the colon",
        "此项为空，请在冒号后填写数值。",
    ),
    "field.invalid": (
        "{pydantic} (got {value})",
        "填写的值不符合要求（读到的是 {value}；校验信息：“{pydantic}”）。",
    ),
    "file.many_unknown_fields": (
        "{count} fields are not known (unknown fields are refused): is this the "
        "right kind of file?",
        "有 {count} 个字段无法识别（无法识别的字段一律不予接受），请确认文件类型是否正确。",
    ),
    # --- plan files: the patient -------------------------------------------------------------
    "plan.height_cm.looks_like_metres": (
        "{height} looks like metres; height is in centimetres (write {write})",
        "身高 {height} 似乎是以米为单位；身高以厘米填写，请写为 {write}。",
    ),
    "plan.height_cm.out_of_range": (
        "{height} cm is outside 50-250 cm; check the height",
        "身高 {height} cm 不在 50-250 cm 之间，请核对身高。",
    ),
    "plan.weight_kg.looks_like_grams": (
        "{weight} looks like grams; weight is in kilograms (write {write})",
        "体重 {weight} 似乎是以克为单位；体重以千克填写，请写为 {write}。",
    ),
    "plan.weight_kg.out_of_range": (
        "{weight} kg is outside 10-350 kg; check the weight",
        "体重 {weight} kg 不在 10-350 kg 之间，请核对体重。",
    ),
    "plan.creatinine_umol_l.looks_like_mg_dl": (
        "{value} µmol/L looks like mg/dL; write it as serum_creatinine_mg_dl: {value}",
        "血肌酐 {value} µmol/L 似乎是以 mg/dL 为单位的数值；"
        "请改写为“serum_creatinine_mg_dl: {value}”。",
    ),
    "plan.creatinine_umol_l.too_high": (
        "{value} µmol/L is above 2652 µmol/L (30 mg/dL), higher than a serum creatinine "
        "is measured; check the value",
        "血肌酐 {value} µmol/L 高于 2652 µmol/L（30 mg/dL），超出血肌酐的实际测定范围，请核对数值。",
    ),
    "plan.creatinine_mg_dl.looks_like_umol_l": (
        "{value} mg/dL looks like µmol/L; write it as serum_creatinine_umol_l: {value}",
        "血肌酐 {value} mg/dL 似乎是以 µmol/L 为单位的数值；"
        "请改写为“serum_creatinine_umol_l: {value}”。",
    ),
    "plan.creatinine_mg_dl.too_low": (
        "{value} mg/dL is below 0.17 mg/dL (15 µmol/L), lower than a serum creatinine is "
        "measured (it would give a creatinine clearance far above any real one); check "
        "the value",
        "血肌酐 {value} mg/dL 低于 0.17 mg/dL（15 µmol/L），"
        "低于血肌酐的实际测定范围（据此算出的肌酐清除率会远高于真实值），请核对数值。",
    ),
    "plan.creatinine.twice": (
        "give the creatinine once, in µmol/L or in mg/dL, not both",
        "血肌酐只需填写一次：以 µmol/L 或 mg/dL 填写其一，不要同时填写。",
    ),
    "plan.patient.id_is_number": (
        'write the patient id in quotes, exactly as the ward writes it (id: "0101"): '
        "YAML read this one as the number {value}, and a bare 0101 becomes 65",
        '患者编号请加引号，按病区的写法原样填写（写成“id: "0101"”）：'
        "YAML 把此处读成了数字 {value}，不加引号的 0101 会被读成 65。",
    ),
    "plan.bilirubin.needs_uln": (
        "a total bilirubin needs the laboratory's upper limit of normal too "
        "(bilirubin_uln_umol_l or bilirubin_uln_mg_dl): hepatic rules use their ratio",
        "填写总胆红素时，"
        "还需填写本实验室的正常值上限（“bilirubin_uln_umol_l”或“bilirubin_uln_mg_dl”）："
        "肝功能调整规则按两者的比值判断。",
    ),
    "plan.bilirubin.uln_without_value": (
        "bilirubin_uln is given without a total bilirubin "
        "(total_bilirubin_umol_l or total_bilirubin_mg_dl)",
        "填写了总胆红素正常值上限，"
        "但没有填写总胆红素（“total_bilirubin_umol_l”或“total_bilirubin_mg_dl”）。",
    ),
    "plan.patient.women_only": (
        "{name}: true is given for a man (sex: M); correct the sex or leave the "
        "field out (the pregnancy-test programme is for women)",
        "男性患者（“sex: M”）填写了“{name}: true”；请更正性别，或删去此项（妊娠检测只适用于女性患者）。",
    ),
    "plan.bilirubin_umol_l.looks_like_mg_dl": (
        "{value} µmol/L looks like mg/dL; write it as {other}: {value}",
        "总胆红素 {value} µmol/L 似乎是以 mg/dL 为单位的数值；请改写为“{other}: {value}”。",
    ),
    "plan.bilirubin_umol_l.too_high": (
        "{value} µmol/L is above 855 µmol/L (50 mg/dL); check the value",
        "总胆红素 {value} µmol/L 高于 855 µmol/L（50 mg/dL），请核对数值。",
    ),
    "plan.bilirubin.twice": (
        "give it once, as {other} or as {name}, not both",
        "只需填写一次：填写“{other}”或“{name}”其一，不要同时填写。",
    ),
    "plan.bilirubin_mg_dl.looks_like_umol_l": (
        "{value} mg/dL looks like µmol/L; write it as {other}: {value}",
        "总胆红素 {value} mg/dL 似乎是以 µmol/L 为单位的数值；请改写为“{other}: {value}”。",
    ),
    "plan.bilirubin_mg_dl.too_low": (
        "{value} mg/dL is below 0.1 mg/dL (1.7 µmol/L); check the value",
        "总胆红素 {value} mg/dL 低于 0.1 mg/dL（1.7 µmol/L），请核对数值。",
    ),
    "plan.patient.age_or_birth_date": (
        "give the patient's age or birth_date",
        "请填写患者年龄（“age”）或出生日期（“birth_date”）。",
    ),
    "plan.measurement.empty": (
        "give weight_kg, height_cm or both",
        "请填写体重（“weight_kg”）、身高（“height_cm”），或两者都填。",
    ),
    "plan.doses.number_without_unit": (
        "{drug}: write the dose with its unit, e.g. {drug}: {dose} mg",
        "{drug} 的剂量请带单位填写，例如“{drug}: {dose} mg”。",
    ),
    "plan.bsa_cap_m2.too_small": (
        "{cap} m² is below 1.00 m², smaller than an adult's body surface: a cap caps a "
        "large BSA (commonly at 2.00 or 2.20 m²); check the value",
        "体表面积上限 {cap} m² 低于 1.00 m²，比成人的体表面积还小；"
        "上限用于限制过大的体表面积（常用 2.00 或 2.20 m²），请核对数值。",
    ),
    "plan.bsa_cap_m2.hundredths": (
        "{cap}: a BSA is used to 0.01 m², so give the cap in hundredths, e.g. 2.00",
        "体表面积上限 {cap}：体表面积精确到 0.01 m²，上限请写到小数点后两位，例如 2.00。",
    ),
    # --- plan files: meaning checks (formats/plan_checks.py) --------------------------
    "plan.start.implausible": (
        "{start} is not a plausible start date (2000 to 2100)",
        "开始日期 {start} 不合理（应在 2000 年至 2100 年之间）。",
    ),
    "plan.bsa_formula.unknown": (
        "'{formula}' is not a known formula; use one of {allowed}",
        "“{formula}”不是可识别的体表面积公式，可选：{allowed}。",
    ),
    "plan.birth_date.after_start": (
        "is on or after the start date",
        "出生日期不能等于或晚于开始日期。",
    ),
    "plan.birth_date.implausible_age": (
        "{birth_date} makes the patient {age} on the start date {start}; an age is 0 to 120: check the year",
        "按出生日期 {birth_date}，患者在开始日期 {start} 时为 {age} 岁；年龄应在 0 至 120 岁之间，请核对出生年份。",
    ),
    "plan.age.mismatch": (
        "age {age} does not match birth_date {birth_date} ({age_on_start} on the start date {start}); correct one of them or give only one",
        "年龄 {age} 岁与出生日期 {birth_date} 不符（开始日期 {start} 时应为 {age_on_start} 岁）；请更正其中一项，或只填一项。",
    ),
    "plan.maintenance_doses.not_a_mapping": (
        "give the maintenance phase's doses as a mapping, e.g. maintenance: {{dexamethasone: 40 mg}}",
        "维持治疗剂量请按“药名: 剂量”逐项填写，例如“maintenance: {{dexamethasone: 40 mg}}”。",
    ),
    "plan.cycle.no_such": (
        "there is no cycle {cycle}; cycles run 1 to {total}",
        "没有第 {cycle} 周期；周期编号为 1 至 {total}。",
    ),
    "plan.delays.out_of_range": (
        "{days} days: a delay is 0 to 365 days later",
        "推迟 {days} 天不合理：推迟天数应为 0 至 365 天。",
    ),
    "plan.changes.delay_twice": (
        "cycle {cycle} is delayed here and in 'delays' too, and the two would add up; keep one of them",
        "第 {cycle} 周期在此处和“delays”中都写了推迟，两者会叠加；请只保留一处。",
    ),
    "plan.maintenance_doses.no_maintenance": (
        "regimen '{regimen}' names no maintenance regimen; leave doses.maintenance out",
        "方案“{regimen}”没有维持治疗方案，请删去此项。",
    ),
    "plan.measurements.same_date": (
        "{day} is the date of measurements[{other}] too; give one measurement per date (weight and height together in it)",
        "{day} 与“measurements[{other}]”日期相同；每个日期只写一条测量记录（体重和身高写在同一条里）。",
    ),
    "plan.ward.formulary_unit": (
        "the ward's formulary gives {drug} in {unit}, but regimen '{regimen}' doses it in {dose_unit}; write the strengths in {dose_unit} in the ward file",
        "病区药品目录中 {drug} 的规格单位是 {unit}，"
        "而方案“{regimen}”的剂量单位是 {dose_unit}；"
        "请在病区文件中把规格改为以 {dose_unit} 为单位。",
    ),
    "plan.doses.no_such_drug": (
        "regimen '{regimen}' has no drug '{drug}'; its drugs are {drugs}",
        "方案“{regimen}”中没有药物“{drug}”；该方案的药物为 {drugs}。",
    ),
    "plan.doses.fixed_dose": (
        "{drug} has a fixed dose of {dose} in regimen '{regimen}'; only a dose range is chosen in the plan (to give less, write a dose_level change; to confirm the dose, write exactly {dose})",
        "方案“{regimen}”中 {drug} 为固定剂量 {dose}；"
        "计划中只为剂量是范围的药物选定剂量（如需减量，请写“dose_level”调整；如要确认剂量，"
        "请原样写 {dose}）。",
    ),
    "plan.doses.range_not_chosen": (
        "{drug} is prescribed as a range ({dose}) in regimen '{regimen}'; choose the dose in the plan, e.g. doses: {example}",
        "方案“{regimen}”中 {drug} 的剂量是一个范围（{dose}），请在计划中选定剂量，例如“doses: {example}”。",
    ),
    "plan.doses.item_prompt": (
        "{item} has a prompt; only a dose range is chosen in the plan",
        "{item} 是提醒项，没有剂量；计划中只为剂量是范围的药物选定剂量。",
    ),
    "plan.doses.item_fixed": (
        "{item} has a fixed dose of {dose}; only a dose range is chosen in the plan",
        "{item} 为固定剂量 {dose}；计划中只为剂量是范围的药物选定剂量。",
    ),
    "plan.doses.choose_one": (
        "choose one dose in {unit} inside {dose}, e.g. '{example}'",
        "请在 {dose} 范围内选定一个以 {unit} 为单位的剂量，例如 {example}。",
    ),
    "plan.doses.outside_range": (
        "{choice} is outside the regimen's range for {drug} ({dose}); choose a dose inside it",
        "{choice} 超出方案中 {drug} 的剂量范围（{dose}），请在范围内选定剂量。",
    ),
    "plan.doses.undispensable": (
        "{choice} cannot be made from the strengths {strengths} ({source}); choose {options}",
        "现有规格 {strengths}（{source}）无法配出 {choice}；请选择 {options}。",
    ),
    "plan.doses.undispensable_in_range": (
        "{choice} cannot be made from the strengths {strengths} ({source}) inside the regimen's range {dose}; check the strengths",
        "在方案剂量范围 {dose} 内，现有规格 {strengths}（{source}）无法配出 {choice}；请核对规格。",
    ),
    "plan.changes.no_such_drug": (
        "regimen {regimen} has no drug '{drug}'; its drugs are {drugs}",
        "方案“{regimen}”中没有药物“{drug}”；可选：{drugs}。",
    ),
    "plan.changes.no_levels": (
        "regimen '{regimen}' defines no dose levels for {drug}; use 'percent' instead",
        "方案“{regimen}”没有为 {drug} 规定剂量水平（减量档次），请改用“percent”按百分比调整。",
    ),
    "plan.changes.level_out_of_range": (
        "{drug} has levels 0 to {top} ({levels})",
        "{drug} 的剂量水平为 0 至 {top}（{levels}）。",
    ),
    # --- any file: reading it (formats/reader.py) -------------------------------------
    "file.nested_too_deeply": (
        "is nested too deeply to read; plan, regimen and ward files are a few levels deep",
        "嵌套层级过深，无法读取；计划、方案和病区文件通常只有几层。",
    ),
    "file.not_yaml": (
        "not valid YAML ({problem}); check indentation and quoting",
        "不是有效的 YAML 格式（解析器提示：“{problem}”），请检查缩进和引号。",
    ),
    "file.not_yaml_at": (
        "line {line}, column {column}: not valid YAML ({problem}); check indentation and quoting",
        "第 {line} 行第 {column} 列不是有效的 YAML 格式（解析器提示：“{problem}”），请检查缩进和引号。",
    ),
    "file.empty": (
        "is empty; write the file's fields (key: value)",
        "文件为空，请按“字段: 值”的形式填写内容。",
    ),
    "file.not_a_mapping": (
        "must be a YAML mapping of fields (key: value), not a list or a single value",
        "文件内容应是按“字段: 值”逐项填写的 YAML 映射，而不是列表或单个值。",
    ),
    "plan.regimen.not_found_in_library": (
        "'{ref}' is not a bundled regimen ({known}) {library}; give one of those ids or the path of a regimen file",
        "“{ref}”既不是内置方案（{known}），本地方案库中也没有（{library}）；"
        "请填写其中一个方案编号，或方案文件的路径。",
    ),
    "plan.regimen.not_found": (
        "'{ref}' is not a bundled regimen ({known}); give one of those ids or the path of a regimen file (a regimen of your own is found by its id once its folder is in the regimen library: MMSCHED_REGIMENS, or regimen_dirs in config.toml)",
        "“{ref}”不是内置方案（{known}）；请填写其中一个方案编号，"
        "或方案文件的路径（自备方案所在文件夹加入方案库后即可按编号查找，"
        "方案库由“MMSCHED_REGIMENS”或 config.toml 中的“regimen_dirs”指定）。",
    ),
    "ward.holiday_file.bad": (
        "{source}: {problems}",
        "节假日文件 {source} 有误：{problems}",
    ),
    "ward.holiday_file.same_file": (
        "{source} is the same file as {other}; give each year of holidays once (with holidays: cn, the bundled years are read already)",
        "{source} 与 {other} 是同一个文件；每年的节假日只列一次（写了“holidays: cn”时，内置年份已自动读入）。",
    ),
    "ward.holiday_file.same_year": (
        "{source} gives {country} {year}, as does {other}; give each year of holidays once (with holidays: cn, the bundled years are read already)",
        "{source} 与 {other} 都给出了“{country}”{year} 年的节假日；每年的节假日只列一次（写了“holidays: cn”时，内置年份已自动读入）。",
    ),
    "plan.regimen.empty": (
        "give a bundled regimen id or a regimen file path",
        "请填写内置方案编号或方案文件路径。",
    ),
    "plan.regimen.not_a_file": (
        "{path} {problem}",
        "方案文件 {path} 无法读取（{problem}）。",
    ),
    "plan.regimen.no_file": (
        "no regimen file at {path}; give a bundled regimen id ({known}) or a path relative to the plan file",
        "找不到方案文件 {path}；请填写内置方案编号（{known}），或相对于计划文件的方案文件路径。",
    ),
    "plan.ward.empty": (
        "is empty; give the path of a ward file, or remove the line",
        "此项为空；请填写病区文件路径，或删去这一行。",
    ),
    "plan.ward.unusable": (
        "{error}",
        "病区文件无法使用：{error}",
    ),
    "plan.ward.not_a_path": (
        "give the path of a ward file, e.g. ward.yaml",
        "请填写病区文件的路径，例如 ward.yaml。",
    ),
    "regimen.extends.empty": (
        "give the id or path of the base regimen",
        "请填写所继承的基础方案的编号或路径。",
    ),
    "regimen.extends.loop": (
        "regimens extend each other in a loop: {chain}",
        "方案之间循环继承：“{chain}”。",
    ),
    "regimen.drugs.not_a_list": (
        "must be a list of drugs",
        "此项应为药物列表。",
    ),
    "regimen.drug.not_a_mapping": (
        "must be a mapping with drug, dose, ...",
        "每种药物应按“drug”“dose”等字段逐项填写。",
    ),
    "regimen.extends.no_drug_to_replace": (
        "the base regimen '{base}' has no drug '{drug}' to replace",
        "基础方案“{base}”中没有可替换的药物“{drug}”。",
    ),
    # --- plan files: changes (formats/changes.py) -------------------------------------
    "plan.changes.until_before_from": (
        "'until' ({until}) is before 'from' ({start})",
        "结束日期“until”（{until}）早于开始日期“from”（{start}）。",
    ),
    "plan.changes.level_or_percent": (
        "give either 'level' or 'percent', not both",
        "“level”和“percent”只填其一。",
    ),
    "plan.changes.percent_above": (
        "{percent} % is above the regimen's dose; add 'override: true' if that is really meant (it is then shown wherever the dose is shown)",
        "{percent}% 高于方案剂量；如确属有意，请加上“override: true”（凡显示该剂量处都会注明）。",
    ),
    # --- ward and holiday files (formats/ward.py) -------------------------------------
    "holidays.to_before_from": (
        "'to' ({to}) is before 'from' ({start})",
        "结束日期“to”（{to}）早于开始日期“from”（{start}）。",
    ),
    "holidays.date_not_in_year": (
        "{dates} is not in {year}, the file's year; a holiday file gives one year's dates: correct the date or the year",
        "{dates} 不在本文件的年份 {year} 年内；一个节假日文件只写一年的日期，请更正日期或年份。",
    ),
    "holidays.dates_not_in_year": (
        "{dates} are not in {year}, the file's year; a holiday file gives one year's dates: correct the date or the year",
        "{dates} 不在本文件的年份 {year} 年内；一个节假日文件只写一年的日期，请更正日期或年份。",
    ),
    "ward.formulary.bad_strength": (
        "strengths[{index}]: {error}",
        "“strengths[{index}]”的规格无法识别：{error}",
    ),
    "ward.formulary.not_a_unit_strength": (
        "strengths[{index}]: '{text}' is not a unit strength, e.g. 5 mg",
        "“strengths[{index}]”中的“{text}”不是每粒（片）的规格，应写成如 5 mg 的形式。",
    ),
    "ward.formulary.two_units": (
        "the strengths are in {units}; use one unit",
        "规格使用了不同单位（{units}），请统一为一种单位。",
    ),
    "ward.capacity.hours_not_minutes": (
        "{hours} hours is not a whole number of minutes; write e.g. 7.5",
        "{hours} 小时换算后不是整分钟数，请写成如 7.5 这样的数。",
    ),
    "ward.capacity.empty_change": (
        "give chairs, hours or both (a closed day goes under closed:)",
        "请填写输液椅数（“chairs”）、开放时长（“hours”），或两者都填（停诊日请写在“closed”下）。",
    ),
    "ward.weekday.unknown": (
        "'{day}' is not a weekday; use {allowed}",
        "“{day}”不是星期的写法，可选：{allowed}。",
    ),
    "ward.holiday_files.twice": (
        "{name} is listed twice (holiday_files[{first}] and holiday_files[{index}]); list each file once",
        "{name} 列了两次（“holiday_files[{first}]”和“holiday_files[{index}]”），每个文件只列一次。",
    ),
    "ward.timezone.unknown": (
        "{value} is not an IANA time zone; write one such as Asia/Shanghai or Europe/London",
        "{value} 不是 IANA 时区名称，请填写如 Asia/Shanghai 或 Europe/London 的时区。",
    ),
    # --- regimen files (engine/dayrules.py, engine/units.py, formats/regimen*.py) -----
    "regimen.days.outside_cycle": (
        "day {days} is outside the cycle; days run from {earliest} to cycle_days ({cycle_days})",
        "第 {days} 天超出周期；给药日应在第 {earliest} 天至第 {cycle_days} 天（“cycle_days”）之间。",
    ),
    "regimen.days.twice": (
        "day {days} is named more than once",
        "第 {days} 天重复列出。",
    ),
    "dose.not_a_dose": (
        "'{text}' is not a dose; write it as {forms}",
        "“{text}”不是剂量的写法，请写成 {forms}。",
    ),
    "dose.unknown_unit": (
        "'{unit}' in '{text}' is not a known unit; use one of mg, mcg, g, IU",
        "“{text}”中的单位“{unit}”无法识别，可用单位：mg、mcg、g、IU。",
    ),
    "regimen.min_interval.clash": (
        "{drug} on cycle {cycle1} day {day1} and cycle {cycle2} day {day2} are {gap} hours apart, less than the {hours} hours the regimen requires; space the days out",
        "{drug} 在第 {cycle1} 周期第 {day1} 天与第 {cycle2} 周期第 {day2} 天之间只相隔 {gap} 小时，"
        "少于方案要求的 {hours} 小时，请拉开两次给药的间隔。",
    ),
    "regimen.route.unknown": (
        "'{route}' is not a known route; use one of {allowed}",
        "给药途径“{route}”无法识别，可选：{allowed}。",
    ),
    "regimen.rounding.unit": (
        "the step is in {step} but the dose is in {dose}; use the dose's unit",
        "取整步长的单位是 {step}，而剂量单位是 {dose}，请改用剂量的单位。",
    ),
    "regimen.drug.days_or_schedule": (
        "'{drug}' needs either 'days' (the same days every cycle) or 'schedule' (days that depend on the cycle), and not both",
        "{drug} 需要填写“days”（每个周期给药日相同）或“schedule”（给药日随周期而变）二者之一，不能两个都填。",
    ),
    "regimen.schedule.overlap": (
        "cycle {cycle} day {day} is covered by schedule[{other}] too; rows may share a cycle only on different days (a step-up dose on days 1-2, the full dose from day 8)",
        "第 {cycle} 周期第 {day} 天同时被“schedule[{other}]”覆盖；几行可以共用同一周期，但给药日不能重叠（例如第 1-2 天递增剂量，第 8 天起足量）。",
    ),
    "regimen.drug.twice": (
        "'{drug}' is listed twice; give one entry, with a schedule if its days differ between cycles",
        "药物“{drug}”列了两次；请只写一条，各周期给药日不同时用“schedule”。",
    ),
    # --- command-line usage (cli/ics.py, exports/ics/options.py) ----------------------
    "usage.alarm.not_an_alarm": (
        "{text}: write a number and d, h or m (1d, 2h, 30m)",
        "{text} 无法识别：请写数字加 d、h 或 m（如 1d、2h、30m）。",
    ),
    "usage.alarm.out_of_range": (
        "{text} is not between 1 minute and 28 days before",
        "提醒提前量 {text} 不在 1 分钟至 28 天之间。",
    ),
    "usage.alarm.twice": (
        "the same alarm is given twice",
        "同一提醒时间重复给出。",
    ),
    "usage.time.not_a_time": (
        "{text}: write HH:MM on a 24-hour clock, 09:00",
        "{text} 无法识别：请按 24 小时制写成 HH:MM，例如 09:00。",
    ),
    "usage.dtstamp.invalid": (
        "{text}: write an ISO 8601 time in UTC from {first} to {last}, e.g. 2026-11-01T00:00:00Z",
        "{text} 无法识别：请写 {first} 年至 {last} 年之间的 ISO 8601 协调世界时，例如 2026-11-01T00:00:00Z。",
    ),
    "usage.source_date_epoch.invalid": (
        "'{epoch}' is not a number of seconds since 1970",
        "“{epoch}”不是自 1970 年起的秒数。",
    ),
    "usage.tz.unknown": (
        "{tz} is not a time zone of the IANA database (e.g. Asia/Shanghai)",
        "{tz} 不是 IANA 时区库中的时区（例如 Asia/Shanghai）。",
    ),
    # --- mmsched check (batch/check.py) -----------------------------------------------
    "check.folder.no_yaml": (
        "this folder has no *.yaml or *.yml files",
        "此文件夹中没有 *.yaml 或 *.yml 文件。",
    ),
    "check.file.unknown_kind": (
        "is neither a plan (it would have 'patient:'), a regimen ('drugs:' and 'cycle_days:'), a ward file ('closed_weekdays:', 'holidays:', 'closed:') nor a holiday file ('country:' and 'year:')",
        "无法判断文件类型：既不是计划文件（应有“patient:”），"
        "也不是方案文件（“drugs:”和“cycle_days:”）、"
        "病区文件（“closed_weekdays:”“holidays:”“closed:”）"
        "或节假日文件（“country:”和“year:”）。",
    ),
    # --- regimen files: drugs, doses, strengths, levels, monitoring (formats/regimen_rules.py) ---
    "regimen.drug.not_a_name": (
        "'{drug}' is not a drug name; use the lowercase international name, such as 'bortezomib' or 'interleukin-2'",
        "“{drug}”不是药物名称；请用小写的英文国际非专利名（INN），例如 bortezomib 或 interleukin-2。",
    ),
    "regimen.rounding.not_an_amount": (
        "write the rounding step as an amount, e.g. '0.1 mg'",
        "取整步长请写成带单位的量，例如 0.1 mg。",
    ),
    "regimen.strengths.oral_only": (
        "strengths are for oral drugs (route PO) only",
        "只有口服药（给药途径 PO）才填写规格。",
    ),
    "regimen.strengths.unit": (
        "'{text}': give a unit strength in {unit}",
        "“{text}”：请写以 {unit} 为单位的每粒（片）规格。",
    ),
    "regimen.strengths.not_a_strength": (
        "'{text}' is not a strength",
        "“{text}”不是有效的规格写法。",
    ),
    "regimen.strengths.empty": (
        "is empty; list the unit strengths",
        "规格列表为空，请列出每粒（片）的规格。",
    ),
    "regimen.hepatic.same_threshold": (
        "two bands have the same threshold",
        "肝功能分档中有两档的阈值相同。",
    ),
    "regimen.lifetime_max.unit": (
        "give it in {unit}, the dose's unit",
        "请以该药剂量的单位 {unit} 填写。",
    ),
    "regimen.dose.not_a_range_here": (
        "'{text}': give one dose here, not a range",
        "“{text}”：此处请写一个剂量，不要写范围。",
    ),
    "regimen.dose.other_unit": (
        "'{text}' is in {unit}; write it in {like}",
        "“{text}”的单位是 {unit}，请改用 {like}。",
    ),
    "regimen.levels.first_full": (
        "level 0 must be the full dose ({dose}); list it first",
        "第 0 级必须是足量（{dose}），请列在最前面。",
    ),
    "regimen.levels.go_down": (
        "levels must go down, from the full dose",
        "剂量水平应从足量起逐级递减。",
    ),
    "regimen.renal.start_at_zero": (
        "a band that is not for dialysis must start at crcl_min: 0, so every CrCl has one",
        "非透析的分档须从“crcl_min: 0”开始，使每个肌酐清除率都有对应的一档。",
    ),
    "regimen.monitoring.not_a_test_id": (
        "'{test}' is not a test id; use lowercase and '-'",
        "“{test}”不是有效的检查项目编号，请只用小写字母和“-”。",
    ),
    "regimen.monitoring.with_twice": (
        "give 'with' or its older spelling 'with_drug', not both",
        "“with”和旧写法“with_drug”只填其一。",
    ),
    "regimen.monitoring.one_timing": (
        "give one of 'days' (days of each cycle), 'course_days' (days counted from C1D1) and 'with' (the days that drug is given)",
        "请在“days”（每个周期的第几天）、“course_days”（从 C1D1 起计的天数）和“with”（随该药给药日）中只填一项。",
    ),
    "regimen.with.no_such_drug": (
        "the regimen has no drug '{drug}'",
        "方案中没有药物“{drug}”。",
    ),
    "regimen.schedule.empty": (
        "is empty; list at least one {{cycles, days}}",
        "此项为空，请至少列出一行“{{cycles, days}}”。",
    ),
    "regimen.minutes.whole": (
        "{amount}: give whole minutes",
        "{amount}：请写整分钟数。",
    ),
    "regimen.minutes.range": (
        "{amount}: give 0 to {most} minutes (a day)",
        "{amount}：请写 0 至 {most} 分钟（一天之内）。",
    ),
    "regimen.row.dose_unit": (
        "'{dose}' is in {unit}; write it in {drug_unit}, the drug's unit",
        "“{dose}”的单位是 {unit}，请改用该药的单位 {drug_unit}。",
    ),
    "regimen.row.range": (
        "{drug}'s dose is a range ({dose}); give rows their own doses only when the drug's dose is one dose",
        "{drug} 的剂量是一个范围（{dose}）；只有该药为单一剂量时，各行才能分别写剂量。",
    ),
    # --- regimen files: supportive items, conditions, infusions (formats/supportive_rules.py) ---
    "regimen.supportive.no_such_drug": (
        "regimen '{regimen}' has no drug '{drug}' (its drugs are {drugs}); name one of them",
        "方案“{regimen}”没有药物“{drug}”（方案的药物为：{drugs}），请填写其中之一。",
    ),
    "regimen.conditions.no_age_between": (
        "age_over and age_under leave no age between them",
        "“age_over”与“age_under”之间没有可取的年龄，请核对这两个年龄。",
    ),
    "regimen.supportive.not_an_item_name": (
        "'{item}' is not an item name; use the lowercase international name, such as "
        "'aciclovir' (or a lowercase id with '-' for a prompt)",
        "“{item}”不是有效的项目名称；请用小写的英文国际非专利名（INN），如“aciclovir”（提醒项可用带“-”的小写编号）。",
    ),
    "regimen.supportive.anticancer_drug": (
        "'{item}' is one of the regimen's anticancer drugs; give it (as premedication, say) "
        "with a schedule: row and role: premedication, never as a supportive item on top",
        "“{item}”是本方案的抗肿瘤药物；如需作为输注前用药等给予，"
        "请在“schedule:”中加一行并写“role: premedication”，"
        "不要另列为支持治疗用药。",
    ),
    "regimen.supportive.days_after_prompt_only": (
        "{days} days after a dose is for a reminder (prompt:) only; a dosed item is given at "
        "most 28 days after its drug",
        "给药后 {days} 天只能用于提醒（“prompt:”）；有剂量的项目最晚在相应药物给药后 28 天给予。",
    ),
    "regimen.supportive.dose_or_prompt": (
        "give either a dose (with a route) or a prompt: {{en, zh}} (a reminder without a "
        "dose), not both",
        "请在剂量（连同给药途径）和提醒“prompt: {{en, zh}}”（不含剂量的提醒）中只填一项。",
    ),
    "regimen.supportive.prompt_with_route": (
        "a prompt has no route or per_day; give a dose",
        "提醒项不填给药途径（“route”）或每日次数（“per_day”）；需要这些时请改为填写剂量。",
    ),
    "regimen.supportive.dose_per_body": (
        "'{dose}': a supportive item's dose is a flat dose or a range (mg, mL, units); a "
        "dose per m² or per kg is not worked out for supportive items",
        "“{dose}”：支持治疗用药的剂量应为固定剂量或剂量范围（mg、mL、单位）；支持治疗用药不按每 m² 或每 kg 计算剂量。",
    ),
    "regimen.supportive.route_missing": (
        "a dose needs its route (PO, IV, SC, ...)",
        "填写剂量时须同时填写给药途径（如“PO”“IV”“SC”）。",
    ),
    "regimen.supportive.days_or_with": (
        "give either 'days' (days of each cycle; day 0 is the day before day 1) or "
        "'with: DRUG' with minutes_before or days_after",
        "请在“days”（每个周期的第几天；第 0 天为第 1 天的前一天）和“with: 药物”"
        "（同时填写“minutes_before”或“days_after”）中只填一项。",
    ),
    "regimen.supportive.with_only": (
        "minutes_before, days_after and occurrence go with 'with: DRUG'",
        "“minutes_before”“days_after”和“occurrence”只能与“with: 药物”一起使用。",
    ),
    "regimen.supportive.with_timing": (
        "with 'with: DRUG' give one of minutes_before (60, or a window \"60-180\") and "
        "days_after (1: the day after the dose)",
        "使用“with: 药物”时，请在“minutes_before”（如 60，或时间窗“60-180”）和“days_after”"
        "（1 表示给药次日）中填写一项。",
    ),
    "regimen.minutes.not_a_window": (
        "'{value}': write minutes as 60 or a window such as \"60-180\"",
        "“{value}”：分钟数请写成 60，或写成时间窗，如“60-180”。",
    ),
    "regimen.minutes.window_range": (
        "'{value}': minutes run from 0 to 1440, the lower first",
        "“{value}”：分钟数须在 0 至 1440 之间，较小的数在前。",
    ),
    "regimen.course_days.every_item": (
        "'{item}': one 'N-/K' item, K at least 1",
        "“{item}”：只能有一个“N-/K”项，且间隔天数“K”至少为 1。",
    ),
    "regimen.infusion.duration_minutes": (
        "{value}: give whole minutes, above 0",
        "{value}：请写大于 0 的整分钟数。",
    ),
    # --- maintenance (formats/maintenance.py, engine/phases.py) -------------------------------
    "regimen.maintenance.unusable": (
        "cannot use '{regimen}' as the maintenance regimen: {detail}",
        "无法使用“{regimen}”作为维持治疗方案：{detail}",
    ),
    "regimen.maintenance.unusable_in_file": (
        "cannot use '{regimen}' as the maintenance regimen ({file}): {detail}",
        "无法使用“{regimen}”作为维持治疗方案（{file}）：{detail}",
    ),
    "regimen.maintenance.names_its_own": (
        "'{found}' names a maintenance of its own ('{own}'); a maintenance is the last "
        "phase: name a regimen without 'maintenance:'",
        "“{found}”自己也指定了维持治疗方案（“{own}”）；维持治疗是最后一个阶段，请指定一个没有"
        "“maintenance:”的方案。",
    ),
    "regimen.maintenance.route_differs": (
        "{drug} is given {first} in the induction and {later} in the maintenance; a drug "
        "keeps one route across the phases",
        "{drug} 在诱导治疗中经“{first}”给药，在维持治疗中经“{later}”给药；同一药物在各阶段须使用同一给药途径。",
    ),
    "regimen.maintenance.closed_day_differs": (
        "{drug} has on_closed_day {first} in the induction and {later} in the maintenance; "
        "give it one policy in both regimens",
        "{drug} 的停诊日处理方式（“on_closed_day”）在诱导治疗中为“{first}”，"
        "在维持治疗中为“{later}”；请在两个方案中使用同一处理方式。",
    ),
    "plan.maintenance_cycles.no_maintenance": (
        "regimen '{regimen}' names no maintenance regimen; leave maintenance_cycles out "
        "(or 0), or use a regimen with 'maintenance:'",
        "方案“{regimen}”没有指定维持治疗方案；请删去“maintenance_cycles”（或写 0），"
        "或改用带“maintenance:”的方案。",
    ),
    "plan.maintenance_cycles.regimen_problem": (
        "regimen '{regimen}', {where}: {problem}",
        "方案“{regimen}”中的“{where}”有误：{problem}",
    ),
    "plan.maintenance_cycles.too_many": (
        "{cycles} cycles: regimen '{regimen}' gives at most {cap} cycles of its maintenance "
        "'{maintenance}'; schedule {cap} or fewer",
        "{cycles} 个周期：方案“{regimen}”的维持治疗“{maintenance}”最多 {cap} 个周期，"
        "请安排不超过 {cap} 个周期。",
    ),
    # --- regimen files: strengths, renal bands, rows with a drug, home drugs (regimen_rules.py)
    "regimen.strengths.cannot_make": (
        "{amount} {unit} cannot be made from the strengths {strengths}{one_unit}{nearest}",
        "{amount} {unit} 无法用规格 {strengths} 配出{one_unit}{nearest}。",
    ),
    "regimen.strengths.part_one_unit": (
        " (one unit a dose: combine is false)",
        "（“combine: false”：每剂只用一粒或一支）",
    ),
    "regimen.strengths.part_nearest": (
        "; the nearest below is {amount} {unit}",
        "；低于该剂量的最接近剂量为 {amount} {unit}",
    ),
    "regimen.renal.same_start": (
        "renal[{first}] starts at crcl_min: {crcl} too; two bands with one bound leave the "
        "dose to the order they are written in: give each band its own crcl_min, or keep one",
        "“renal[{first}]”也从“crcl_min: {crcl}”开始；两个分档下限相同，剂量就取决于书写顺序："
        "请给每个分档各自的“crcl_min”，或只保留一个。",
    ),
    "regimen.renal.same_start_dialysis": (
        "renal[{first}] starts at crcl_min: {crcl} too (both for dialysis); two bands with one "
        "bound leave the dose to the order they are written in: give each band its own "
        "crcl_min, or keep one",
        "“renal[{first}]”也从“crcl_min: {crcl}”开始（两者都用于透析）；两个分档下限相同，"
        "剂量就取决于书写顺序：请给每个分档各自的“crcl_min”，或只保留一个。",
    ),
    "regimen.row.timing_without_with": (
        "minutes_before and days_after go with 'with: DRUG' (the drug this row's doses are "
        "given before or after)",
        "“minutes_before”和“days_after”须与“with: 药物”一起使用（本行剂量在该药物之前或之后给予）。",
    ),
    "regimen.row.premedication_timing": (
        "a premedication row 'with:' a drug gives minutes_before (60, or a window "
        '"60-180"), on the drug\'s day; not days_after',
        "随药物（“with:”）给予的输注前用药行应填写“minutes_before”（如 60，"
        "或时间窗“60-180”），在该药物给药当天给予；不填“days_after”。",
    ),
    "regimen.row.post_medication_timing": (
        "a post-medication row 'with:' a drug gives days_after (1: the day after the drug's "
        "dose); not minutes_before",
        "随药物（“with:”）给予的输注后用药行应填写“days_after”（1 表示该药物给药次日）；"
        "不填“minutes_before”。",
    ),
    "regimen.row.with_needs_role": (
        "a row 'with:' a drug is the regimen's own drug given as premedication or "
        "post-medication: add role: premedication (with minutes_before) or role: "
        "post-medication (with days_after)",
        "带“with:”的行是把本方案的药物作为输注前用药或输注后用药给予："
        "请加上“role: premedication”（同时填写“minutes_before”）"
        "或“role: post-medication”（同时填写“days_after”）。",
    ),
    "regimen.row.follows_itself": (
        "a drug's row cannot follow the drug itself ('{drug}')",
        "药物的给药行不能跟随该药物本身（“{drug}”）。",
    ),
    "regimen.row.not_on_drug_day": (
        "cycle {cycle} day {day}: {drug} is not given on it; a row 'with:' {drug} lists only "
        "days it follows ({drug} in cycle {cycle}: days {days})",
        "第 {cycle} 周期第 {day} 天：当天不给 {drug}；跟随 {drug} 的行（“with:”）只能列出跟随它的日子"
        "（{drug} 在第 {cycle} 周期的给药日：{days}）。",
    ),
    "regimen.row.not_after_drug_day": (
        "cycle {cycle} day {day}: {drug} is not given {offset} day(s) after it; a row "
        "'with:' {drug} lists only days it follows ({drug} in cycle {cycle}: days {days})",
        "第 {cycle} 周期第 {day} 天：{offset} 天前没有给 {drug}；跟随 {drug} 的行（“with:”）只能列出"
        "跟随它的日子（{drug} 在第 {cycle} 周期的给药日：{days}）。",
    ),
    "regimen.row.no_days": ("none", "无"),
    "regimen.home.no_chair": (
        "{drug} is given {route}, at home: an oral dose uses no chair; remove chair_minutes "
        "(or write 0)",
        "{drug} 经“{route}”途径在家中服用：口服给药不占用输液椅；请删去“chair_minutes”（或写 0）。",
    ),
    "regimen.home.no_observation": (
        "{drug} is given {route}, at home: there is no observation on the ward; remove "
        "observation_minutes",
        "{drug} 经“{route}”途径在家中服用：无需在病区留观；请删去“observation_minutes”。",
    ),
    # --- schedule warnings (engine/expand: notes.py and the steps that warn) -----------------
    # A warning's Chinese is a whole sentence; where the plan or ward file is to be changed,
    # the field follows once, after 位置：.
    "warning.dose.long_shift": (
        "{drug} C{cycle}D{day} is given {days} days after its planned date ({planned} → "
        "{given}) because the ward is closed; the other drugs of the cycle keep their days: "
        "consider delaying the cycle instead",
        "{drug} C{cycle}D{day} 因病区休息推迟 {days} 天给药（{planned} → {given}），"
        "本周期其他药物日期不变：请考虑改为推迟整个周期。",
    ),
    "warning.dose.rounding_over_10_percent": (
        "{drug}: rounding to {step} moves the dose from {calculated} to {final} {unit}, more "
        "than 10 % (HOPA 2018); check the rounding step",
        "{drug}：按 {step} 取整使剂量由 {calculated} 变为 {final} {unit}，变化超过 10%"
        "（HOPA 2018）；请核对取整步长。",
    ),
    "warning.dose.over_age_limit": (
        "{drug}: {dose} for a patient aged {age}, over {over}; the regimen advises at most "
        "{limit} (a lower dose over {over}: check the order)",
        "{drug}：{dose} 用于 {age} 岁患者（超过 {over} 岁）；方案建议不超过 {limit}"
        "（{over} 岁以上宜减量）：请核对医嘱。",
    ),
    "warning.dose.over_bmi_limit": (
        "{drug}: {dose} for a BMI of {bmi} kg/m², under {under}; the regimen advises at most "
        "{limit}: check the order",
        "{drug}：{dose} 用于体重指数 {bmi} kg/m² 的患者（低于 {under}）；方案建议不超过 "
        "{limit}：请核对医嘱。",
    ),
    "warning.bsa.capped": (
        "BSA capped at {bsa} m² by the plan (calculated {uncapped} m²); every BSA-based dose "
        "uses the capped value",
        "体表面积按计划封顶为 {bsa} m²（计算值 {uncapped} m²）；所有按体表面积计算的剂量均使用封顶值。",
    ),
    "warning.renal.no_creatinine": (
        "{drug} is dosed by renal function, but the plan gives no serum creatinine "
        "(patient.serum_creatinine_umol_l or serum_creatinine_mg_dl): the full dose {dose} is "
        "used WITHOUT the renal check",
        "{drug}需按肾功能给药，但计划中没有血肌酐：未经肾功能核对，按全量 {dose} 给药；"
        "请在计划中填写血肌酐（µmol/L 或 mg/dL）。位置：patient.serum_creatinine_umol_l",
    ),
    "warning.renal.crcl_weight_higher": (
        "crcl_weight: {basis} would give a higher CrCl than actual weight for a patient under "
        "ideal body weight; Cockcroft-Gault uses actual weight",
        "患者体重低于理想体重，按{basis}计算的肌酐清除率会高于按实际体重计算的值；"
        "Cockcroft-Gault 公式改按实际体重计算。位置：crcl_weight",
    ),
    "warning.renal.obese_by_weight": (
        "{weight} weight {kg} kg: CrCl {crcl} mL/min → {doses}",
        "按{weight} {kg} kg，肌酐清除率 {crcl} mL/min → {doses}",
    ),
    "warning.renal.obese": (
        "actual weight is over 120 % of ideal body weight ({ideal} kg, Devine): Cockcroft-Gault "
        "by {by_weight}. The plan uses {basis} weight (crcl_weight); set crcl_weight: ideal or "
        "adjusted in the plan if that is the ward's policy",
        "实际体重超过理想体重（{ideal} kg，Devine 公式）的 120%。Cockcroft-Gault 公式{by_weight}。"
        "计划采用{basis}计算；如病区规定按理想体重或校正体重计算，请在计划中写"
        "“crcl_weight: ideal”或“crcl_weight: adjusted”。位置：crcl_weight",
    ),
    "warning.renal.dialysis_without_band": (
        "{drug}: the patient is on dialysis, but the regimen gives no dialysis band; the band is "
        "chosen by Cockcroft-Gault, which is not valid on dialysis: check the dose",
        "{drug}：患者正在透析，但方案没有透析分档；已按 Cockcroft-Gault 公式选档，"
        "而该公式不适用于透析患者：请核对剂量。",
    ),
    "warning.renal.below_studied": (
        "{drug}: CrCl {crcl} mL/min is below {limit} mL/min, the lowest the label "
        "studied{source}; the {dose} band is used without data: check the dose",
        "{drug}：肌酐清除率 {crcl} mL/min，低于说明书研究过的最低值 {limit} mL/min{source}；"
        "{dose} 一档缺乏数据：请核对剂量。",
    ),
    "warning.plan.childbearing_potential_missing": (
        "patient.childbearing_potential is not recorded: the pregnancy tests are scheduled as "
        "for a patient who can become pregnant; record childbearing_potential: true or false "
        "in the plan",
        "计划未记录患者是否有生育可能：已按有生育可能安排妊娠试验；请在计划中填写"
        "“true”（有）或“false”（无）。位置：patient.childbearing_potential",
    ),
    "warning.plan.irregular_menses_missing": (
        "patient.irregular_menses is not recorded: pregnancy tests are every 4 weeks, as for "
        "regular cycles (every 2 weeks if cycles are irregular); record irregular_menses: true "
        "or false in the plan",
        "计划未记录月经是否规律：妊娠试验按月经规律者每 4 周一次安排（月经不规律者每 2 周一次）；"
        "请在计划中填写“true”（不规律）或“false”（规律）。位置：patient.irregular_menses",
    ),
    "warning.plan.vte_risk_missing": (
        "patient.vte_risk is not recorded: no thromboprophylaxis is scheduled (aspirin for "
        "standard risk, enoxaparin for high risk; a reminder on day 1 of each cycle asks to "
        "assess it); record vte_risk: standard or high in the plan",
        "计划未记录静脉血栓栓塞风险：未安排血栓预防用药（标准风险用阿司匹林，高风险用依诺肝素；"
        "每周期第 1 天提醒评估）；请在计划中填写“standard”（标准风险）或“high”（高风险）。"
        "位置：patient.vte_risk",
    ),
    "warning.supportive.two_corticosteroids": (
        "{date} ({cycle_day}) would carry two corticosteroids: {steroids} and {item}; leave one "
        "out",
        "{date}（{cycle_day}）将同时使用两种糖皮质激素：{steroids}与{item}；请只保留一种。",
    ),
    "warning.weight.changed": (
        "cycle {cycle}: weight {weight} kg is {pct} % from baseline {base} kg (threshold "
        "{threshold} %); BSA {bsa} m²: {changes}",
        "第 {cycle} 周期：体重 {weight} kg，较基线 {base} kg 变化 {pct}%（阈值 {threshold}%）；"
        "体表面积 {bsa} m²：{changes}。",
    ),
    "warning.dispense.many_units": (
        "{drug}: {amount} takes {count} units ({made}), more than {most}; check the strengths "
        "held ({source})",
        "{drug}：{amount} 需 {count} 粒（片）配出（{made}），超过 {most} 粒（片）；"
        "请核对{source}中的规格。",
    ),
    "warning.dispense.cannot_make": (
        "{drug}: the calculated dose {wanted} cannot be made from the strengths {strengths} "
        "({source}, {how}); {given} is given instead ({change} %)",
        "{drug}：计算剂量为 {wanted}，无法用{source}中的规格 {strengths} 配出（{how}）；"
        "改为给予 {given}（{change}%）。",
    ),
    "warning.test.closed_before_start": (
        "{test} on {date} ({cycle_day}), before the first dose, falls on a closed ward day "
        "({why}): arrange it elsewhere or on the start day before the first dose",
        "{date}（{cycle_day}）的{test}在首剂之前，但当天病区休息（{why}）：请另行安排，"
        "或于开始日首剂前完成。",
    ),
    "warning.calendar.no_holiday_data": (
        "the ward calendar has no official holiday data for {year}: public holidays in {year} "
        "are NOT treated as closed days; add that year's file under holiday_files in the ward "
        "file",
        "病区日历没有 {year} 年的法定节假日数据：{year} 年的节假日不会按休息日处理；"
        "请在病区文件中加入该年的节假日文件。位置：holiday_files",
    ),
    # --- dose notes (engine/expand: doses.py, renal.py, dispense.py) -------------------------
    "note.dose.rounded_down": (
        "rounded down to {step}: a dose reduced for organ function is never rounded up (HOPA 2018)",
        "按 {step} 向下取整：因器官功能减量的剂量不向上取整（HOPA 2018）",
    ),
    "note.renal.band_above_plan": (
        "the band's dose is above the plan's {kept}: {kept} is kept",
        "分档剂量高于计划的 {kept}：维持计划剂量",
    ),
    "note.renal.not_checked": (
        "NO RENAL CHECK: the plan gives no serum creatinine; full dose {dose}",
        "未做肾功能核对：计划中没有血肌酐，按全量 {dose}",
    ),
    "note.renal.dialysis_band": (
        "renal band on dialysis: {dose} (dialysis decides the band: Cockcroft-Gault is not "
        "valid on dialysis{source})",
        "肾功能分档 透析：{dose}（透析患者按透析分档，不用 Cockcroft-Gault 公式{source}）",
    ),
    "note.renal.band": (
        "renal band {band}: {dose} (CrCl {crcl} mL/min, Cockcroft-Gault{weight}{source})",
        "肾功能分档 {band}：{dose}（CrCl {crcl} mL/min，Cockcroft-Gault 公式{weight}{source}）",
    ),
    "note.renal.band_on_days": (
        "renal band {band}: {dose} on days {days} (CrCl {crcl} mL/min, "
        "Cockcroft-Gault{weight}{source})",
        "肾功能分档 {band}：{dose}，第 {days} 天（CrCl {crcl} mL/min，Cockcroft-Gault 公式{weight}{source}）",
    ),
    "note.hepatic.not_checked": (
        "hepatic dose not checked: the plan gives no total bilirubin",
        "未核对肝功能剂量：计划中没有总胆红素",
    ),
    "note.hepatic.band": (
        "hepatic impairment: total bilirubin {value} {unit} is {times} × ULN ({uln} {unit}), "
        "above {limit} × ULN: starting dose {dose}{source}",
        "肝功能损害：总胆红素 {value} {unit}，为正常上限（{uln} {unit}）的 {times} 倍，"
        "超过 {limit} 倍：起始剂量 {dose}{source}",
    ),
    "note.age.reduced": (
        "age {age} > {over}: reduced to {limit} by the regimen's age rule{source}",
        "年龄 {age} 岁，超过 {over} 岁：按方案的年龄规则减为 {limit}{source}",
    ),
    "note.bmi.reduced": (
        "BMI {bmi} < {under} kg/m²: reduced to {limit} by the regimen's BMI rule{source}",
        "体重指数 {bmi} kg/m²，低于 {under}：按方案的体重指数规则减为 {limit}{source}",
    ),
    "note.level.percent": (
        "{override}{percent} % from cycle {from_cycle}: {dose} ({reason})",
        "{override}自第 {from_cycle} 周期起按 {percent}%：{dose}（{reason}）",
    ),
    "note.level.down": (
        "dose level -{level} from cycle {from_cycle}: {dose} ({reason})",
        "自第 {from_cycle} 周期起剂量下调 {level} 级：{dose}（{reason}）",
    ),
    "note.dispense.cannot_make": (
        "{wanted} cannot be made from {strengths} ({how}): {given} is given ({change} %)",
        "{wanted}，无法由 {strengths} 配出（{how}）：给予 {given}（{change}%）",
    ),
    # --- placing doses (engine/placement.py) -----------------------------------------------
    "schedule.dose.past_next_cycle": (
        "cycle {cycle}: {day} (planned {planned}) would fall on {target}, on or after the next "
        "cycle's start ({next_start}){interval}; delay the next cycle or change the plan",
        "第 {cycle} 周期：{day}（原定 {planned}）将落在 {target}，即下一周期开始日（{next_start}）"
        "当天或之后{interval}；请推迟下一周期或修改计划。",
    ),
    "schedule.dose.closed_until_next_cycle": (
        "cycle {cycle}: {day} (planned {planned}) cannot be placed: the ward is closed from "
        "{target} ({why}) until the next cycle starts on {next_start}{interval}; delay the "
        "cycle, open a day in the ward file, or change the drug's on_closed_day",
        "第 {cycle} 周期：{day}（原定 {planned}）无法安排："
        "病区自 {target}（{why}）起停诊，"
        "直到下一周期于 {next_start} 开始{interval}；"
        "请推迟该周期、在病区文件中开放一天，或修改该药的“on_closed_day”。",
    ),
    "schedule.part.interval": (
        ", keeping at least {hours} hours between doses",
        "（两次给药至少间隔 {hours} 小时）",
    ),
    "schedule.change.no_dose": (
        "there is no {drug} dose on {day} to change{near} (dates are after closed-day shifts "
        "and earlier changes)",
        "{day} 没有可修改的 {drug} 剂量{near}（日期已计入停诊日顺延和之前的修改）。",
    ),
    "schedule.part.near": (
        "; {drug} is given on {near} within a week of it",
        "；该日前后一周内 {drug} 的给药日为 {near}",
    ),
    "schedule.move.outside_cycle": (
        "{drug} {day} can move within cycle {cycle} only ({start} to {end}); delay the cycle "
        "instead",
        "{drug} {day} 只能在第 {cycle} 周期内移动（{start} 至 {end}）；如需移出本周期，请改为推迟该周期。",
    ),
    "schedule.move.too_close": (
        "moving {drug} {day} from {date} to {to} would put it {hours} hours after {previous} "
        "({previous_date}); {drug} needs at least {min_hours} hours between doses: choose "
        "{earliest} or later",
        "把 {drug} {day} 从 {date} 移到 {to}，与 {previous}（{previous_date}）只相隔 {hours} 小时；"
        "{drug} 两次给药至少间隔 {min_hours} 小时：请选 {earliest} 或之后的日期。",
    ),
    "schedule.move.twice_a_day": (
        "moving {drug} {day} from {date} to {to} would put it {hours} hours after {previous} "
        "({previous_date}); {drug} is given at most once a day: choose {earliest} or later",
        "把 {drug} {day} 从 {date} 移到 {to}，与 {previous}（{previous_date}）只相隔 {hours} 小时；"
        "{drug} 每天最多给药一次：请选 {earliest} 或之后的日期。",
    ),
    "schedule.resume.no_hold": (
        "there is no hold of {drug} before it to resume",
        "此前没有 {drug} 的暂停（“hold”），无法恢复。",
    ),
    # --- working out and dispensing doses (engine/expand, engine/dispensing.py) ---------------
    "schedule.dose.zero_rounding": (
        "the cycle {cycle} dose comes to 0 {unit} ({basis} = {calculated} {unit}, which rounds "
        "to 0 at {rounding}); give the regimen a rounding step smaller than the dose",
        "第 {cycle} 周期的剂量算得为 0 {unit}（{basis} = {calculated} {unit}，按 {rounding} 取整后为 0）；"
        "请给方案设定小于该剂量的取整步长。",
    ),
    "schedule.dose.zero": (
        "the cycle {cycle} dose comes to 0 {unit} ({basis} = {calculated} {unit}); check the "
        "BSA cap, weight and dose",
        "第 {cycle} 周期的剂量算得为 0 {unit}（{basis} = {calculated} {unit}）；请核对体表面积上限、体重和剂量。",
    ),
    "schedule.level.past_lowest": (
        "dose level -{level} from cycle {from_cycle} counts down from {current} past the "
        "lowest level ({lowest}); hold or stop the drug instead",
        "自第 {from_cycle} 周期起下调 {level} 级：从 {current} 往下数已超出最低剂量水平（{lowest}）；"
        "请改为暂停或停用该药。",
    ),
    "schedule.strengths.other_unit": (
        "the {source} gives its strengths in {strengths_unit}, but the dose is in {unit}; give "
        "the strengths in {unit}",
        "{source}中的规格以 {strengths_unit} 为单位，而剂量以 {unit} 为单位；请改用 {unit} 填写规格。",
    ),
    "schedule.override.cannot_make": (
        "the override dose {dose} cannot be made from the strengths {strengths} ({source}); "
        "the nearest doses that can be given are {options}",
        "超方案剂量 {dose} 无法用规格 {strengths}（{source}）配出；可给予的最接近剂量为 {options}。",
    ),
    "schedule.strengths.below_smallest": (
        "{dose} is below the smallest strength held ({strengths}, {source}); it cannot be "
        "given: hold or stop the drug, or give the ward's strengths in its formulary",
        "{dose} 低于现有的最小规格（{strengths}，{source}），无法给药："
        "请暂停或停用该药，或在病区药品目录中填写病区备有的规格。",
    ),
    "dispense.too_many_units": (
        "{amount} would take more than {most} units of the strengths {strengths} ({source}); "
        "check the strengths' unit (mg, not g) and give the strengths the ward holds",
        "{amount} 需要超过 {most} 粒（片）"
        "规格为 {strengths} 的药（{source}）；请核对规格的单位（应为 mg 而非 g），"
        "并填写病区实际备有的规格。",
    ),
    "dispense.step_too_fine": (
        "{amount} cannot be combined from the strengths {strengths} ({source}): their common "
        "step ({step} {unit}) is too fine for a dose this size; give the strengths the ward "
        "holds",
        "{amount} 无法用规格 {strengths}（{source}）组合出来："
        "这些规格的公共步长（{step} {unit}）对这么大的剂量来说过细；请填写病区实际备有的规格。",
    ),
    # --- checks over the whole course (engine/expand/checks.py, doses.py) ---------------------
    "schedule.interval.too_close": (
        "{before} ({before_date}) and {day} ({date}) are {hours} hours apart; regimen "
        "'{regimen}' requires at least {needed} hours",
        "{before}（{before_date}）与 {day}（{date}）只相隔 {hours} 小时；方案“{regimen}”要求至少间隔 {needed} 小时。",
    ),
    "schedule.lifetime_max.exceeded": (
        "the course totals {total}, above the regimen's lifetime maximum of {limit}; give "
        "fewer cycles, stop the drug or lower its dose",
        "整个疗程合计 {total}，超过方案规定的终身最大累积剂量 {limit}；请减少周期数、停用该药或降低剂量。",
    ),
    "plan.creatinine.missing_for_renal": (
        "{drug} is dosed by renal function, but the plan gives no serum creatinine "
        "(patient.serum_creatinine_umol_l or serum_creatinine_mg_dl): the full dose {dose} is "
        "used WITHOUT the renal check",
        "{drug} 需按肾功能给药，但计划中没有血肌酐（“serum_creatinine_umol_l”或"
        "“serum_creatinine_mg_dl”）：未经肾功能核对，将按全量 {dose} 给药。",
    ),
    # --- mmsched new plan (cli/new.py) -------------------------------------------------------
    "usage.new.age_and_birth_date": (
        "give --age or --birth-date, not both",
        "“--age”和“--birth-date”只能给其一，不要同时给出。",
    ),
    "usage.new.dose_form": (
        "{item}: write it as DRUG=DOSE, e.g. 'dexamethasone=20 mg'",
        "{item}：请写成“药物=剂量”，例如“dexamethasone=20 mg”。",
    ),
    "usage.new.dose_twice": (
        "is given twice; give it once",
        "重复给出，请只给一次。",
    ),
    "usage.new.no_maintenance": (
        "regimen '{regimen}' names no maintenance regimen; leave the option out (vrd-21 names one)",
        "方案“{regimen}”没有指定维持治疗方案，请去掉此选项（“vrd-21”指定了维持治疗方案）。",
    ),
    "usage.new.too_many_maintenance_cycles": (
        "{cycles}: regimen '{regimen}' allows at most {cap} maintenance cycles",
        "{cycles}：方案“{regimen}”最多允许 {cap} 个维持治疗周期。",
    ),
    "usage.new.exists": (
        "exists already; mmsched new plan never replaces a file: give another name, or move "
        "that file away first",
        "文件已存在；“mmsched new plan”从不覆盖已有文件：请换一个文件名，或先把该文件移走。",
    ),
    # --- calendar options (exports/ics/options.py) --------------------------------------------
    "ics.stamp.no_zone": (
        "give a time zone (UTC), e.g. 2026-11-01T00:00:00Z",
        "请带上时区（“UTC”），例如“2026-11-01T00:00:00Z”。",
    ),
    "ics.lang.unknown": (
        "'{lang}' is not zh or en",
        "“{lang}”不是可用的语言，可选：zh、en。",
    ),
    "ics.option.not_one_of": (
        "'{value}' is not one of {allowed}",
        "“{value}”不是可用的值，可选：{allowed}。",
    ),
    "ics.time.has_zone": (
        "give a wall-clock time; the zone goes in tz",
        "请填写当地时间（不带时区）；时区填在“tz”中。",
    ),
    "ics.window.reversed": (
        "the last date is before the first",
        "结束日期早于开始日期。",
    ),
    # --- day and cycle rules (engine/dayrules.py) ---------------------------------------------
    "regimen.days.forms": (
        "days: write them as {forms}",
        "请按以下写法填写给药日：{forms}。",
    ),
    "regimen.days.list_of_whole_numbers": (
        "a list of days holds whole numbers only, as in [1, 8, 15]; got {rule}",
        "给药日列表只能写整数，如 [1, 8, 15]；读到的是 {rule}。",
    ),
    "regimen.days.none": (
        "no days given; write them as {forms}",
        "没有填写给药日；请按以下写法填写：{forms}。",
    ),
    "regimen.days.not_a_rule": (
        "'{item}' is not a day rule; write days as {forms}",
        "“{item}”不是给药日的写法；请按以下写法填写：{forms}。",
    ),
    "regimen.days.range_reversed": (
        "'{item}': a range runs from the lower day to the higher one",
        "“{item}”：范围应从较小的天数写到较大的天数。",
    ),
    "regimen.days.step": (
        "'{item}': the step after '/' must be 1 or more",
        "“{item}”：“/”后的间隔天数至少为 1。",
    ),
    "regimen.days.too_early": (
        "'{item}' starts at day {start}, more than a year before the cycle",
        "“{item}”从第 {start} 天开始，比周期开始早一年以上。",
    ),
    "regimen.days.past_cycle": (
        "'{item}' runs to day {end}, outside the cycle; days run from 1 to cycle_days "
        "({cycle_days})",
        "“{item}”延续到第 {end} 天，超出了周期；给药日为第 1 天至“cycle_days”（{cycle_days}）。",
    ),
    "regimen.days.before_day_one": (
        "day {days}: day 0 and negative days (before the cycle's day 1) are for supportive "
        "items and tests only (supportive:, monitoring:), never for an anticancer drug; its "
        "days run from 1 to cycle_days ({cycle_days})",
        "第 {days} 天：第 0 天和负数日（周期第 1 天之前）"
        "只用于支持治疗用药和检查（“supportive:”“monitoring:”），"
        "不能用于抗肿瘤药物；"
        "抗肿瘤药物的给药日为第 1 天至“cycle_days”（{cycle_days}）。",
    ),
    "regimen.cycles.not_a_range": (
        "'{rule}' is not a cycle range; write '3', '1-2' or '7-' (7 onwards)",
        "“{rule}”不是周期范围的写法；请写“3”、“1-2”或“7-”（第 7 周期起）。",
    ),
    "regimen.cycles.from_one": (
        "'{rule}': cycles are counted from 1",
        "“{rule}”：周期从 1 开始计数。",
    ),
    "regimen.cycles.range_reversed": (
        "'{rule}': a cycle range runs from the lower cycle to the higher one",
        "“{rule}”：周期范围应从较小的周期写到较大的周期。",
    ),
    # --- numbers and doses (engine/units.py) -------------------------------------------------
    "number.bad_commas": (
        "'{text}' has commas that are not thousands separators",
        "“{text}”中的逗号不是千位分隔符。",
    ),
    "number.not_a_number": (
        "'{text}' is not a number",
        "“{text}”不是数字。",
    ),
    "dose.not_text": (
        "a dose is written as text such as {forms}, not {value}",
        "剂量应写成文字，如 {forms}，而不是 {value}。",
    ),
    "dose.unknown_per": (
        "'/{per}' in '{text}' is not known; a dose may be per m2 or per kg",
        "“{text}”中的“/{per}”无法识别；剂量只能按每 m2 或每 kg 计。",
    ),
    "dose.not_above_zero": (
        "'{text}': a dose must be more than zero",
        "“{text}”：剂量必须大于 0。",
    ),
    "dose.range_reversed": (
        "'{text}': a range is written low-high, the low amount first",
        "“{text}”：范围应写成“低-高”，较小的剂量在前。",
    ),
    # --- any file: finding and opening it (formats/limits.py) ---------------------------------
    "file.missing": ("no such file; check the path", "没有这个文件，请核对路径。"),
    "file.not_a_file.missing": (
        "no such file or folder; check the path",
        "没有这个文件或文件夹，请核对路径。",
    ),
    "file.not_a_file.link_loop": (
        "is a loop of symbolic links; point the link at a real file",
        "是循环的符号链接；请让链接指向实际存在的文件。",
    ),
    "file.not_a_file.unreadable": ("cannot be read ({reason})", "无法读取（系统提示：{reason}）。"),
    "file.not_a_file.folder": (
        "is a folder, not a file; give a YAML file",
        "是文件夹，不是文件；请给出 YAML 文件。",
    ),
    "file.not_a_file.fifo": (
        "is a FIFO (named pipe), not a regular file; give a YAML file",
        "是命名管道（FIFO），不是普通文件；请给出 YAML 文件。",
    ),
    "file.not_a_file.char_device": (
        "is a character device, not a regular file; give a YAML file",
        "是字符设备，不是普通文件；请给出 YAML 文件。",
    ),
    "file.not_a_file.block_device": (
        "is a block device, not a regular file; give a YAML file",
        "是块设备，不是普通文件；请给出 YAML 文件。",
    ),
    "file.not_a_file.socket": (
        "is a socket, not a regular file; give a YAML file",
        "是套接字，不是普通文件；请给出 YAML 文件。",
    ),
    # the first half alone, for a caller that gives its own fix (--previous)
    "file.kind.missing": ("no such file or folder", "没有这个文件或文件夹"),
    "file.kind.link_loop": ("is a loop of symbolic links", "是循环的符号链接"),
    "file.kind.folder": ("is a folder, not a file", "是文件夹，不是文件"),
    "file.kind.fifo": (
        "is a FIFO (named pipe), not a regular file",
        "是命名管道（FIFO），不是普通文件",
    ),
    "file.kind.char_device": (
        "is a character device, not a regular file",
        "是字符设备，不是普通文件",
    ),
    "file.kind.block_device": ("is a block device, not a regular file", "是块设备，不是普通文件"),
    "file.kind.socket": ("is a socket, not a regular file", "是套接字，不是普通文件"),
    "file.kind.unreadable": ("cannot be read ({reason})", "无法读取（系统提示：{reason}）"),
    "file.cannot_be_read": ("cannot be read ({reason})", "无法读取（系统提示：{reason}）。"),
    "file.too_big": (
        "is {size} MiB; a plan, regimen, ward or holiday file is at most 4 MiB (a real one is a few kB): is this the right file?",
        "文件大小为 {size} MiB；计划、方案、病区或节假日文件最大 4 MiB（实际文件只有几 kB），请确认是否选对了文件。",
    ),
    "file.grew": ("grew past 4 MiB while being read", "读取过程中文件增大到 4 MiB 以上。"),
    "file.not_utf8": (
        "line {line} is not UTF-8 text (a file saved as GBK or another code page?); save it as UTF-8",
        "第 {line} 行不是 UTF-8 文本（文件可能以 GBK 等其他编码保存）；请另存为 UTF-8 编码。",
    ),
    "file.too_deep": (
        "line {line}: nested more than {depth} levels deep; plan, regimen and ward files are a few levels deep: is this the right file?",
        "第 {line} 行：嵌套超过 {depth} 层；计划、方案和病区文件只有几层嵌套，请确认是否选对了文件。",
    ),
    "file.too_many_aliases": (
        "has more than {count} YAML aliases (*name); write the values out",
        "YAML 别名（*name）超过 {count} 个；请把数值直接写出来。",
    ),
    # --- plans of one patient whose courses overlap (batch/courses.py) ------------------------
    "course.overlaps.one": (
        "patient {patient}: this plan's course ({range}) overlaps the plan in {others}: {consequence}; a nurse must decide which plan is right, then correct its dates or remove the other",
        "患者 {patient}：本计划的疗程（{range}）与 {others}中的计划重叠；{consequence}。请护士确认哪一份计划正确，再修改其日期或删除另一份。",
    ),
    "course.overlaps.many": (
        "patient {patient}: this plan's course ({range}) overlaps the plans in {others}: {consequence}; a nurse must decide which plan is right, then correct its dates or remove the other",
        "患者 {patient}：本计划的疗程（{range}）与 {others}中的计划重叠；{consequence}。请护士确认哪一份计划正确，再修改其日期或删除另一份。",
    ),
    "course.overlaps.none": (
        "patient {patient}: this plan's course ({range}) overlaps no other, but the plans in {clashing} overlap: {consequence}; a nurse must decide which plan is right, then correct its dates or remove the other",
        "患者 {patient}：本计划的疗程（{range}）与其他计划不重叠，但 {clashing} 中的计划相互重叠；{consequence}。请护士确认哪一份计划正确，再修改其日期或删除另一份。",
    ),
    "course.consequence.sheet": (
        "every plan of this patient is left off this sheet, since half a patient is worse than none",
        "该患者的所有计划都不列入本表，因为只列出患者的一部分比不列更危险",
    ),
    "course.consequence.check": (
        "the ward sheet leaves every plan of this patient off and mmsched ics refuses them, since half a patient is worse than none",
        "病区表不列入该患者的任何计划，mmsched ics 也拒绝导出，因为只列出患者的一部分比不列更危险",
    ),
    "course.consequence.calendar": (
        "nothing is written: the calendar would hold both courses at once",
        "未写出任何内容：日历中会同时出现两个疗程",
    ),
    # --- output files (cli/common.py, cli/fileio.py) ------------------------------------------
    "output.cannot_write": (
        "cannot write the file ({reason}); check the folder exists and is writable",
        "无法写入文件（{reason}）；请确认文件夹存在且可以写入。",
    ),
    "output.target.folder": (
        "{target} is a folder; give a file to write, or - for the screen",
        "{target} 是文件夹；请给出要写入的文件，或用 - 输出到屏幕",
    ),
    "output.target.fifo": (
        "{target} is a FIFO (named pipe); give a file to write, or - for the screen",
        "{target} 是命名管道（FIFO）；请给出要写入的文件，或用 - 输出到屏幕",
    ),
    "output.target.other": (
        "{target} is not a regular file; give a file to write, or - for the screen",
        "{target} 不是普通文件；请给出要写入的文件，或用 - 输出到屏幕",
    ),
    "output.is_an_input": (
        "is also read by this command (as {candidate}); writing there would replace it: give another output file",
        "本命令也要读取这个文件（即 {candidate}），写到这里会把它覆盖；请另给一个输出文件。",
    ),
    "output.cannot_write_it": ("cannot write it ({reason})", "无法写入（{reason}）。"),
    # --- command-line dates and options (cli/) ------------------------------------------------
    "usage.date.not_a_date": (
        "{value} is not a date; write YYYY-MM-DD, today, tomorrow, yesterday, or +N/-N days from today",
        "{value} 不是日期；请写 YYYY-MM-DD 格式的日期，或“today”“tomorrow”“yesterday”，或“+N”“-N”（从今天起往后或往前的天数）。",
    ),
    "usage.dates.before_from": (
        "--to {end} is before --from {start}; give the earlier date first",
        "--to {end} 早于 --from {start}；请先写较早的日期。",
    ),
    "usage.dates.reversed": (
        "{end} is before {start}; give the earlier date first",
        "{end} 早于 {start}；请先写较早的日期。",
    ),
    "usage.dates.too_long": (
        "{start} to {end} is {days} days; give at most 366",
        "{start} 至 {end} 共 {days} 天；最多 366 天。",
    ),
    "usage.dates.after_course": (
        "--from {start} is after the course's last day (the course runs {first} to {last}); give dates within it, or leave them out",
        "--from {start} 晚于疗程的最后一天（疗程为 {first} 至 {last}）；请给出疗程内的日期，或不写日期。",
    ),
    "usage.dates.before_course": (
        "--to {end} is before the course's first day (the course runs {first} to {last}); give dates within it, or leave them out",
        "--to {end} 早于疗程的第一天（疗程为 {first} 至 {last}）；请给出疗程内的日期，或不写日期。",
    ),
    "usage.ward.date_and_range": (
        "give either --date or --from/--to, not both",
        "--date 与 --from/--to 只能二选一。",
    ),
    "usage.ward.too_long": (
        "{start} to {end} is {days} days; a sheet covers at most {most} days",
        "{start} 至 {end} 共 {days} 天；一张病区表最多 {most} 天。",
    ),
    "usage.token.add_only": ("only token add takes them", "只有“token add”可以使用这两个选项。"),
    "usage.token.list_no_name": (
        "token list takes no NAME",
        "“token list”后面不能写令牌名称（“NAME”）。",
    ),
    "usage.token.needs_name": (
        "token {action} needs the token's NAME",
        "“token {action}”需要写令牌名称（“NAME”）。",
    ),
    "usage.token.patient_empty": (
        "give the patient's id, e.g. GZ-0101",
        "请填写患者编号，例如“GZ-0101”。",
    ),
    # --- --previous of mmsched ics and mmsched fhir (cli/ics.py, cli/fhir.py) -----------------
    "ics.given_twice": (
        "this file is given twice; give each plan once",
        "这个文件给了两次；每份计划只给一次。",
    ),
    "ics.given_twice.also": (
        "this file is given twice (also as {first}); give each plan once",
        "这个文件给了两次（另一次为 {first}）；每份计划只给一次。",
    ),
    "ics.previous.not_a_file": (
        "{kind}; --previous takes the .ics file written last time, or leave out --previous for a first export",
        "{kind}；--previous 应给出上次写出的 .ics 文件；首次导出时请不写 --previous。",
    ),
    "ics.previous.not_regular": ("is not a regular file", "不是普通文件。"),
    "ics.previous.cannot_read": (
        "cannot read it ({reason}); leave out --previous for a first export",
        "无法读取（系统提示：{reason}）；首次导出时请不写 --previous。",
    ),
    "ics.previous.too_big": (
        "is bigger than {size} MiB, the most --previous reads (an export of 2,000 plans is about 90 MB): is this the right file?",
        "文件超过 {size} MiB，超出 --previous 可读取的上限（2,000 份计划的导出约 90 MB），请确认是否选对了文件。",
    ),
    "fhir.previous.not_a_file": (
        "{kind}; --previous takes the file mmsched fhir wrote last time, or leave it out for a first export",
        "{kind}；--previous 应给出 mmsched fhir 上次写出的文件；首次导出时请不写此选项。",
    ),
    "fhir.previous.cannot_read": ("cannot read it ({reason})", "无法读取（系统提示：{reason}）。"),
    "fhir.previous.not_regular": ("is not a regular file", "不是普通文件。"),
    "fhir.previous.too_big": (
        "is too big to be a previous export: is it the right file?",
        "文件太大，不像是上次的导出文件，请确认是否选对了文件。",
    ),
    "fhir.previous.not_json": (
        "is not JSON ({detail}); --previous takes the file mmsched fhir wrote last time",
        "不是 JSON 文件（解析提示：{detail}）；--previous 应给出 mmsched fhir 上次写出的文件。",
    ),
    "usage.fhir.not_a_uri": (
        "{name} '{value}' is not an absolute URI; give one such as https://hospital.example/fhir or urn:mmsched",
        "{name} “{value}”不是完整的地址；请写带协议名的绝对地址，如“https://hospital.example/fhir”或“urn:mmsched”。",
    ),
    # --- the .ics export and its --previous calendar (exports/ics/previous.py, writer.py) -----
    "ics.previous.event_unreadable": (
        "cannot be read ({detail})",
        "无法读取（解析提示：{detail}）。",
    ),
    "ics.previous.not_icalendar": (
        "is not an iCalendar file (it does not start with BEGIN:VCALENDAR); --previous takes the .ics file that mmsched wrote last time",
        "不是日历文件（.ics 文件应以“BEGIN:VCALENDAR”开头）；--previous 应给出 mmsched 上次写出的 .ics 文件。",
    ),
    "ics.previous.not_mmsched": (
        "was not written by mmsched (PRODID {prodid}); --previous takes the .ics file that mmsched wrote last time for these plans",
        "不是 mmsched 写出的文件（其“PRODID”为 {prodid}）；--previous 应给出 mmsched 上次为这些计划写出的 .ics 文件。",
    ),
    "ics.previous.uid_twice": ("appears twice", "出现了两次。"),
    "ics.previous.sequence_not_number": (
        "SEQUENCE {sequence} is not a number",
        "“SEQUENCE”的值 {sequence} 不是数字。",
    ),
    "ics.previous.end_unopened": (
        "line {line}: {text} ends no open component",
        "第 {line} 行：{text} 前面没有对应的“BEGIN”。",
    ),
    "ics.previous.cut_short": (
        "ends inside {inside}: the file is cut short",
        "文件在 {inside} 内部就结束了：文件不完整。",
    ),
    "ics.sequence_not_one": (
        "an event does not have exactly one SEQUENCE:0",
        "有一个事件的“SEQUENCE:0”不是恰好一行。",
    ),
    "ics.same_uid": (
        "two events of regimen '{regimen}' get the same UID ({summary}): the same patient, regimen, cycle and day are exported twice; export each plan once (two courses of one regimen get their own UIDs when IcsOptions.several_courses names the patient, as mmsched ics does)",
        "方案“{regimen}”的两个事件得到了相同的“UID”（{summary}）：同一患者、方案、周期和日期被导出了两次；每份计划只导出一次（在“IcsOptions.several_courses”中列出该患者时，同一方案的两个疗程各有自己的“UID”，mmsched ics 就是这样做的）。",
    ),
    # --- regimens read from a FHIR PlanDefinition (formats/fhir_regimen.py) -------------------
    "fhir.regimen.not_plan_definition": (
        "is not PlanDefinition; give a FHIR PlanDefinition (JSON)",
        "不是“PlanDefinition”；请给出 JSON 格式的 FHIR“PlanDefinition”。",
    ),
    "fhir.regimen.no_cycle_actions": (
        "has no cycle actions; give one per range of cycles",
        "没有周期动作（“action”）；每个周期范围写一个。",
    ),
    "fhir.regimen.not_our_json": (
        "is not the JSON mmsched writes",
        "不是 mmsched 写出的 JSON 内容。",
    ),
    "fhir.regimen.relationship": (
        "'{relationship}' is not read: mmsched's cycles follow one another (after-end)",
        "“{relationship}”无法读取：mmsched 的周期一个接一个（“after-end”）。",
    ),
    "fhir.regimen.cycle_lengths": (
        "cycles of {days} days, others of {other}: one cycle length a regimen",
        "有的周期为 {days} 天，有的为 {other} 天；一个方案只能有一种周期长度。",
    ),
    "fhir.regimen.count": (
        "give the number of cycles of every range but the last",
        "除最后一个范围外，每个周期范围都要写周期数。",
    ),
    "fhir.regimen.no_period": ("give the cycle length in days", "请填写周期长度（天数）。"),
    "fhir.regimen.period_unit": ("give d or wk", "单位请写“d”（天）或“wk”（周）。"),
    "fhir.regimen.no_days": (
        "has no {url} days; give the days of the cycle",
        "没有 {url} 给药日；请填写周期内的给药日。",
    ),
    "fhir.regimen.reference": (
        "'{ref}' is not a contained ActivityDefinition ('#id')",
        "“{ref}”不是文件内所含的“ActivityDefinition”（应写成“#id”）。",
    ),
    "fhir.regimen.no_drug": ("give the drug's name", "请填写药物名称。"),
    "fhir.regimen.no_dosage": ("give the dose and route", "请填写剂量和给药途径。"),
    "fhir.regimen.duration_unit": ("give min or h", "单位请写 min 或 h。"),
    "fhir.regimen.no_dose": (
        "give doseQuantity or doseRange",
        "请填写“doseQuantity”或“doseRange”。",
    ),
    "fhir.regimen.auc": (
        "'{code}' is AUC dosing, which mmsched does not compute (Calvert formula): give the dose in mg",
        "“{code}”是按曲线下面积（AUC）给药，mmsched 不做此计算（Calvert 公式）；请以 mg 为单位填写剂量。",
    ),
    "fhir.regimen.unit": (
        "'{code}' is not a unit mmsched reads; use UCUM mg, ug, g or [iU], alone or per m2 or kg",
        "“{code}”不是 mmsched 可读取的单位；请用“UCUM”单位编码“mg”“ug”“g”或“[iU]”，可按每 m2 或每 kg 计。",
    ),
    "fhir.regimen.value": ("give a number", "请填写数字。"),
    "fhir.regimen.route": (
        "'{text}' is not a route mmsched knows; use {routes} or a SNOMED CT route",
        "“{text}”不是 mmsched 可识别的给药途径；请用 {routes}，或“SNOMED CT”给药途径编码。",
    ),
    # --- ward capacity (batch/capacity.py) ----------------------------------------------------
    "capacity.ward_file_without": (
        "the ward file gives no capacity: add capacity: {{chairs: 8, hours: 8}} (the ward's chairs or beds and nursing hours a day; README, 'Ward capacity and chair time')",
        "病区文件没有写接诊能力：请加上“capacity: {{chairs: 8, hours: 8}}”（病区的输液椅或床位数，以及每天的护理工时；见说明文件“README.md”的“Ward capacity and chair time”一节）。",
    ),
    "capacity.two_wards": (
        "{first} and {other} name different ward files; the ward's capacity must come from one: give --ward FILE",
        "{first} 与 {other} 指定了不同的病区文件；病区接诊能力只能来自一个文件：请用 --ward 指定一个病区文件。",
    ),
    "capacity.none": (
        "no ward capacity: no plan names a ward file with capacity: (chairs and hours a day); give --ward FILE with capacity: {{chairs: 8, hours: 8}}",
        "没有病区接诊能力：没有哪份计划指定了写有“capacity:”（输液椅数和每天工时）的病区文件；请用 --ward 指定写有“capacity: {{chairs: 8, hours: 8}}”的病区文件。",
    ),
    "capacity.too_long": (
        "{start} to {end} is {days} days; {what} at most {most} days",
        "{start} 至 {end} 共 {days} 天；{what}最多 {most} 天。",
    ),
    "capacity.report.load": ("a load report covers", "一份负荷报告"),
    "capacity.report.window": ("a window of starts covers", "开始日期的可选范围"),
    # --- the ICS feeds and tokens of mmsched serve (server/) ----------------------------------
    "feed.group": ("write day or drug", "请写“day”或“drug”。"),
    "feed.lang": ("write zh or en", "请写“zh”或“en”。"),
    "feed.alarms": ("give up to {most} different alarms", "最多给出 {most} 个不同的提醒。"),
    "feed.days": ("write a number of days from 0 to {most}", "请写 0 至 {most} 之间的天数。"),
    "token.name_taken": (
        "a token named '{name}' exists already (revoked tokens keep their names): choose another name",
        "名为“{name}”的令牌已经存在（已撤销的令牌仍保留其名称）：请另选一个名称。",
    ),
    "token.no_such_name": (
        "no token is named '{name}'; mmsched token list shows them",
        "没有名为“{name}”的令牌；mmsched token list 可列出所有令牌。",
    ),
    "token.name": (
        "give a name of 1 to {most} printable characters for the token (the ward, a nurse's phone: 'ward-5', 'nurse-li-phone')",
        "请给令牌起一个 1 至 {most} 个可显示字符的名称（病区或护士手机，如“ward-5”、“nurse-li-phone”）。",
    ),
    "server.clock_naive": (
        "the clock must give an aware date-time",
        "时钟必须给出带时区的日期时间。",
    ),
    "server.no_clock": (
        "give the server its clock: a function returning the time as an aware date-time, e.g. clock=lambda: datetime.now(UTC) (the library reads no clock of its own)",
        "请为服务器提供时钟：一个返回带时区日期时间的函数，如“clock=lambda: datetime.now(UTC)”（库本身不读取时钟）。",
    ),
    # --- the ward sheet: plan files it cannot use (batch/ward.py, cli/ward.py) ----------------
    "ward.folder_without_plans": (
        "this folder has no plan files (*.yaml, *.yml)",
        "这个文件夹里没有计划文件（*.yaml、*.yml）。",
    ),
    "ward.given_twice": (
        "this file is given twice; it is read once",
        "这个文件给了两次；只读取一次。",
    ),
    "ward.given_twice.also": (
        "this file is given twice (also as {first}); it is read once",
        "这个文件给了两次（另一次为 {first}）；只读取一次。",
    ),
    "ward.given_twice.listed": (
        "this file is given twice; it is read once and its patient listed once",
        "这个文件给了两次；只读取一次，患者只列一次。",
    ),
    "ward.given_twice.listed.also": (
        "this file is given twice (also as {first}); it is read once and its patient listed once",
        "这个文件给了两次（另一次为 {first}）；只读取一次，患者只列一次。",
    ),
    "ward.nothing_used": (
        "no plan could be used, so {outcome}: {named}{more}. Check the folder and file names; mmsched check shows every problem of a plan file.",
        "没有可用的计划，因此{outcome}：{named}{more}。请核对文件夹和文件名；mmsched check 会列出计划文件的所有问题。",
    ),
    "ward.nothing_used.kept": (
        "no sheet is written and {output} is left as it was",
        "不写病区表，{output} 保持原样",
    ),
    "ward.nothing_used.printed": ("no sheet is printed", "不输出病区表"),
    # --- the local regimen library (formats/library.py) ---------------------------------------
    "library.not_found": (
        "nor a regimen of the local library ({folders}; its ids: {ids})",
        "方案库：{folders}；其中的编号：{ids}",
    ),
    "library.not_found.unusable": (
        "nor a regimen of the local library ({folders}; its ids: {ids}); the library also has what it could not use: {named}{more}",
        "方案库：{folders}；其中的编号：{ids}；方案库中还有无法使用的内容：{named}{more}",
    ),
    "library.id_twice": (
        "'{id}' is the id of {others}: a plan cannot tell which it means, so neither is used; give each file an id of its own",
        "“{id}”是 {others} 共同的编号：计划无法分辨指的是哪一个，所以都不使用；请给每个文件一个独有的编号。",
    ),
    "library.id_twice.this": (
        "has the id '{id}', as {others} has; a plan's 'regimen: {id}' cannot tell them apart, so neither is used; give each file an id of its own",
        "编号为“{id}”，与 {others} 相同；计划中的“regimen: {id}”无法区分它们，所以都不使用；请给每个文件一个独有的编号。",
    ),
    "library.no_folder": ("no such folder; check the path", "没有这个文件夹，请核对路径。"),
    "library.not_a_folder": (
        "is a file, not a folder of regimens",
        "是文件，不是存放方案的文件夹。",
    ),
    "library.a_plan": (
        "is a plan, not a regimen; keep plans outside the regimen library folders",
        "这是计划文件，不是方案文件；请不要把计划文件放在方案库文件夹中。",
    ),
    "library.no_id": (
        "is missing; a regimen in a library folder is found by its id: add one, e.g. id: my-rvd",
        "缺少编号；方案库中的方案按编号查找：请加上编号，例如“id: my-rvd”。",
    ),
    # --- YAML keys and numbers (formats/reader.py) --------------------------------------------
    "yaml.merge_twice": (
        "the merge key '<<' is given {count} times in one mapping ({first} and {second}); write the values out, or merge once",
        "同一映射中合并键“<<”出现了 {count} 次（{first}和{second}）；请把数值直接写出来，或只合并一次。",
    ),
    "yaml.key_twice": (
        "the key '{key}' is given twice ({first} and {second}); keep one of them",
        "键“{key}”出现了两次（{first}和{second}）；请只保留一个。",
    ),
    "yaml.keys_alike": (
        "the keys {key} ({first}) and {other} ({second}) are one key once spaces, quotes and Unicode forms are set aside: one would silently replace the other; keep one of them",
        "键 {key}（{first}）和 {other}（{second}）去掉空格和引号、不计全角半角等字符写法差异后是同一个键：一个会悄悄覆盖另一个；请只保留一个。",
    ),
    "yaml.merge_overridden": (
        "the key '{key}' is given by the merge '<<' at {first} and again, with another value, at {second}; write it once (a merge must not be overridden: it hides which value is meant)",
        "键“{key}”在{first}由合并键“<<”给出，又在{second}给出了另一个值；请只写一次（合并的值不能被覆盖：那样看不出哪个值才是本意）。",
    ),
    "yaml.number_too_long": (
        "{where}: a number of {length} characters ({value}); numbers are at most {most} characters",
        "{where}：数字长达 {length} 个字符（{value}）；数字最多 {most} 个字符。",
    ),
    "regimen.extends.unusable": (
        "cannot use '{ref}' as the base regimen{where}: {detail}",
        "无法以“{ref}”作为基础方案{where}：{detail}",
    ),
    "library.bundled_id": (
        "has the id of the bundled regimen '{id}', and every calendar, sheet and export would label this file as that regimen whatever it holds; give it an id of its own (e.g. {id}-local) and name that id, or this file, in plans",
        "编号与内置方案“{id}”相同，无论文件内容如何，所有日历、病区表和导出都会把它当作该内置方案；请给它一个独有的编号（如“{id}-local”），并在计划中写这个编号或这个文件。",
    ),
    # --- settings, serve, regimens, new plan, resolve (cli/, formats/regimen.py, resolve.py) --
    "config.not_used": (
        "the config file is not used ({reason})",
        "配置文件未被使用（{reason}）。",
    ),
    "config.not_a_language": (
        "{value} is not a language; use zh or en",
        "{value} 不是可用的语言；请写“zh”（中文）或“en”（英文）。",
    ),
    "usage.serve.not_a_folder": (
        "is not a folder; give the ward's plan folder (the one mmsched ward reads)",
        "不是文件夹；请给出病区的计划文件夹（即 mmsched ward 读取的文件夹）。",
    ),
    "usage.serve.extra": (
        "mmsched serve needs the serve extra ({missing} is missing): pip install 'mmsched[serve]'",
        "mmsched serve 需要安装“serve”附加组件（缺少 {missing}）：请运行“pip install 'mmsched[serve]'”。",
    ),
    "usage.new.input_ended": (
        "the input ended before an answer to {asked}; nothing was written",
        "在回答 {asked} 之前输入就结束了；没有写出任何文件。",
    ),
    "fhir.regimen.not_json": (
        "is not JSON ({detail}); give a FHIR PlanDefinition",
        "不是 JSON 文件（解析提示：{detail}）；请给出 FHIR“PlanDefinition”。",
    ),
    "fhir.previous.not_a_bundle": (
        "is not a FHIR Bundle written by mmsched fhir; give the file written last time",
        "不是 mmsched fhir 写出的 FHIR 资源包（“Bundle”）；请给出上次写出的文件。",
    ),
    "regimen.cycles.out_of_range": (
        "{value}: give 1 to 100 cycles, or until-progression",
        "{value}：周期数应为 1 至 100，或写“until-progression”（用至疾病进展）。",
    ),
    "regimen.id.not_an_id": (
        "'{id}' is not an id; use lowercase letters, digits and '-'",
        "“{id}”不是有效的编号；请只用小写字母、数字和“-”。",
    ),
    "library.no_reader": (
        "no {kind} reader is registered; import mmsched.formats first",
        "没有注册{kind}读取器；请先导入“mmsched.formats”。",
    ),
    # --- text and numbers of any file (formats/base.py, engine/units.py) ----------------------
    "text.refused_char": (
        "contains {char} ({kind}) at character {at}; type the text again without it (it can come with text pasted from another program)",
        "第 {at} 个字符是 {char}（{kind}）；请不带这个字符重新输入（从其他程序粘贴文字时可能带进来）。",
    ),
    "text.kind.control": ("a control character", "控制字符"),
    "text.kind.direction": ("a text-direction character", "文字方向控制字符"),
    "number.not_finite": (
        "{value} is not a number; write a number such as 52.5",
        "{value} 不是数字；请写数字，如 52.5。",
    ),
    "number.too_large": (
        "{value} is too large a number for this field; check the value",
        "{value} 对此项来说太大，请核对数值。",
    ),
    "number.too_small": (
        "{value} is too small a number for this field (under 10^-9); check the value",
        "{value} 对此项来说太小（小于 10^-9），请核对数值。",
    ),
    "number.too_many_digits": (
        "{value} has more than {digits} digits; write it as measured, e.g. 52.5",
        "{value} 超过 {digits} 位数字；请按实测值填写，如 52.5。",
    ),
    "number.not_ascii_digit": (
        "{text} has the digit {digit} ({code}), not one of 0-9; write the number with the digits 0-9",
        "{text} 中的数字 {digit}（{code}）不是 0-9；请用 0-9 这几个数字书写。",
    ),
    # --- patient ids and names (formats/ids.py) -----------------------------------------------
    "id.empty": (
        "is empty; give the patient's id as the ward writes it, e.g. GZ-0001",
        "患者编号为空；请按病区的写法填写，如“GZ-0001”。",
    ),
    "id.invisible": (
        "contains {where} (a control or format character: invisible, and often pasted along with copied text); type the id again by hand, without it",
        "编号中含有 {where}（控制字符或格式字符：看不见，常随复制的文字一起粘贴进来）；请手工重新输入编号，不要带这个字符。",
    ),
    "id.first_character": (
        "starts with {first}; an id starts with a letter or a digit (so that no spreadsheet reads it as a formula): write it as the ward's records do, e.g. {rest}",
        "编号以 {first} 开头；编号须以字母或数字开头（以免电子表格把它当作公式）：请按病区记录的写法填写，如 {rest}。",
    ),
    "id.dash": (
        "contains {char} at character {at}, a dash that looks like '-'; write the id with the hyphen-minus '-', as the ward's records do",
        "第 {at} 个字符 {char} 是看起来像“-”的横线；请按病区记录的写法，用连字符“-”书写编号。",
    ),
    "id.space": (
        "contains a space at character {at}; an id is one word (letters, digits and - _ . /): write it as the ward's records do, e.g. GZ-0001",
        "第 {at} 个字符是空格；编号是一个整体（字母、数字和 - _ . /）：请按病区记录的写法填写，如“GZ-0001”。",
    ),
    "id.filler": (
        "contains {char} at character {at} (a filler that shows nothing, often pasted along with copied text); type the id again by hand, without it",
        "第 {at} 个字符 {char} 是不显示任何内容的填充字符（常随复制的文字一起粘贴进来）；请手工重新输入编号，不要带这个字符。",
    ),
    "id.mark": (
        "contains {char} at character {at} (a mark on the character before, often pasted along with copied text); type the id again by hand, without it",
        "第 {at} 个字符 {char} 是附加在前一个字符上的符号（常随复制的文字一起粘贴进来）；请手工重新输入编号，不要带这个字符。",
    ),
    "id.character": (
        "contains {char} at character {at}; an id holds only letters, digits and - _ . /: write it as the ward's records do, e.g. GZ-0001",
        "第 {at} 个字符是 {char}；编号只能包含字母、数字和 - _ . /：请按病区记录的写法填写，如“GZ-0001”。",
    ),
    "id.scripts": (
        "mixes Latin letters with {script} ones ({char} at character {at}), which look alike: type the id again by hand, in one script",
        "编号中拉丁字母与{script}字母混用（第 {at} 个字符 {char}），两者外形相似：请只用一种文字手工重新输入。",
    ),
    "name.line_breaking": (
        "contains {where} (a line break, tab, escape code or direction mark: it would break the line the name is printed on, or change what is read); write the name on one line, as the ward's records do, without it",
        "姓名中含有 {where}（换行、制表符、转义码或方向控制符：会打断姓名所在的行，或改变显示的内容）；请按病区记录的写法把姓名写在一行内，不要带这些字符。",
    ),
    "name.too_long": (
        "is {length} characters long; a name is at most {most} characters: write it as the ward's records do",
        "姓名长达 {length} 个字符；姓名最多 {most} 个字符：请按病区记录的写法填写。",
    ),
    "name.invisible": (
        "contains {char} at character {at} (an invisible character: a zero-width space, byte-order mark, soft hyphen or tag, often pasted along with copied text); type the name again by hand, without it",
        "第 {at} 个字符 {char} 是看不见的字符（零宽空格、字节顺序标记、软连字符或标签字符，常随复制的文字一起粘贴进来）；请手工重新输入姓名，不要带这个字符。",
    ),
    "name.stacked_marks": (
        "has more than {most} accents or marks stacked on one letter (at character {at}): they spill over the lines around it; write the name as the ward's records do",
        "一个字母上叠加了超过 {most} 个重音或符号（第 {at} 个字符）：会溢出到上下行；请按病区记录的写法填写姓名。",
    ),
    # --- answers to mmsched new plan (formats/plan_answers.py) --------------------------------
    "answer.sex": (
        "{text} is not a sex; write F or M",
        "{text} 不是性别；请写“F”（女）或“M”（男）。",
    ),
    "answer.birth_date": ("{text} is not a plausible birth date", "{text} 不像是真实的出生日期。"),
    "answer.age": (
        "{text} is neither an age in whole years nor a date; write 48 or 1978-03-02",
        "{text} 既不是整岁年龄，也不是日期；请写 48 或 1978-03-02。",
    ),
    "answer.age_too_high": (
        "{years} years is more than 120; check the age",
        "{years} 岁超过 120 岁，请核对年龄。",
    ),
    "answer.date": (
        "{text} is not a date that exists; write it as YYYY-MM-DD",
        "{text} 不是真实存在的日期；请按 YYYY-MM-DD 格式填写。",
    ),
    "answer.start": (
        "{day} is not a plausible start date (2000 to 2100)",
        "{day} 不像是真实的开始日期（应在 2000 年至 2100 年之间）。",
    ),
    "answer.number": ("{text} is not a number of {unit}", "{text} 不是以 {unit} 为单位的数字。"),
    "answer.creatinine_unit": (
        "{text}: write the creatinine with its unit, e.g. 88 umol/L or 0.99 mg/dL",
        "{text}：血肌酐请带单位填写，如“88 umol/L”或“0.99 mg/dL”。",
    ),
    "answer.creatinine_zero": (
        "{text}: a creatinine is more than zero",
        "{text}：血肌酐必须大于 0。",
    ),
    "answer.yes_no": (
        "{text}: answer yes or no",
        "{text}：请回答“是”或“否”（也可写“yes”或“no”）。",
    ),
    "answer.vte_risk": (
        "{text}: give standard or high (IMWG 2008 risk groups)",
        "{text}：请按 IMWG 2008 风险分组写“standard”（标危）或“high”（高危）。",
    ),
    "answer.cycles": (
        "{text}: give the number of cycles, 1 to 100",
        "{text}：请写周期数，1 至 100。",
    ),
    "answer.maintenance_cycles": (
        "{text}: give the number of maintenance cycles, 0 to 100",
        "{text}：请写维持治疗周期数，0 至 100。",
    ),
    "answer.formula": (
        "{text} is not a known formula; use one of {formulas}",
        "{text} 不是可识别的公式；可选：{formulas}。",
    ),
    "file.too_many_values": (
        "holds more than {count} values; a plan, regimen, ward or holiday file holds a few hundred: is this the right file? (split a long list of changes into plans of their own)",
        "包含超过 {count} 个值；计划、方案、病区或节假日文件只有几百个值，请确认是否选对了文件（较长的变更列表请拆分成各自的计划）。",
    ),
    "file.too_many_values.aliases": (
        "expands to more than {count} values through YAML aliases (*name); write the values out",
        "通过 YAML 别名（*name）展开后超过 {count} 个值；请把数值直接写出来。",
    ),
    "library.bundled_copy": (
        "is a copy of the bundled regimen '{id}' (the same text); a plan's 'regimen: {id}' uses the bundled one, so this file is not needed",
        "是内置方案“{id}”的副本（内容相同）；计划中的“regimen: {id}”使用的是内置方案，因此不需要这个文件。",
    ),
    "library.shadows_bundled": (
        "has the id of the bundled regimen '{id}', and a plan's 'regimen: {id}' always means the bundled one, so this file is not used; give it an id of its own and name that id in plans",
        "编号与内置方案“{id}”相同，计划中的“regimen: {id}”总是指内置方案，因此不使用这个文件；请给它一个独有的编号，并在计划中写这个编号。",
    ),
    "usage.ward.after_plans": (
        "--from {start} is after the last day of every plan (the plans run {first} to {last}); give --date, or --from and --to",
        "--from {start} 晚于所有计划的最后一天（这些计划为 {first} 至 {last}）；请写 --date，或同时写 --from 和 --to。",
    ),
    "usage.ward.before_plans": (
        "--to {end} is before the first day of every plan (the plans run {first} to {last}); give --date, or --from and --to",
        "--to {end} 早于所有计划的第一天（这些计划为 {first} 至 {last}）；请写 --date，或同时写 --from 和 --to。",
    ),
    "config.regimen_dirs_source": ("regimen_dirs in {path}", "{path} 中的“regimen_dirs”"),
    "config.regimen_dir_missing": (
        "the regimen folder {folder} ({source}) is not a folder; not searched",
        "方案文件夹 {folder}（{source}）不是文件夹；不在其中查找。",
    ),
    "config.regimen_dirs_not_list": (
        'regimen_dirs in {path} is not used (write a list of folders, e.g. regimen_dirs = ["~/regimens"])',
        '{path} 中的“regimen_dirs”未被使用（请写成文件夹列表，如“regimen_dirs = ["~/regimens"]”）。',
    ),
}


def _value(value: object, lang: str) -> object:
    """A parameter as written in ``lang``: an error or problem given as a parameter (the ward
    file a plan names could not be read) is written in the same language as the sentence, and
    a list is joined with ", " in English and 、 in Chinese."""
    if hasattr(value, "en") and hasattr(value, "zh"):  # words in both languages (Said)
        return value.zh if lang == "zh" else value.en
    render = getattr(value, "render", None)
    if render is not None and hasattr(value, "problems"):
        return render(lang)
    text = getattr(value, "text", None)
    if text is not None and hasattr(value, "code"):
        return text(lang)
    if isinstance(value, list):  # a list of names or values: 、 between them in Chinese
        return ("、" if lang == "zh" else ", ").join(map(str, value))
    if isinstance(value, tuple) and value and all(hasattr(v, "code") for v in value):
        return ("；" if lang == "zh" else "; ").join(str(_value(v, lang)) for v in value)
    return value


_FORMATTER = Formatter()


def _fill(template: str, params: Mapping[str, object], lang: str) -> str:
    """``template`` with its parameters written in ``lang``. In Chinese, the space a template
    keeps around a parameter (for an id such as ``dexamethasone`` or a number) is dropped
    where the value itself begins or ends with a Chinese character or full-width mark and the
    template's neighbour is one too: "超出方案中 {drug} 的" gives "超出方案中地塞米松的", as
    Chinese is written, and "超出方案中 elotuzumab（无中文名）的" keeps the space before the
    Latin name.

    >>> _fill("超出方案中 {drug} 的剂量范围", {"drug": "地塞米松"}, "zh")
    '超出方案中地塞米松的剂量范围'
    >>> _fill("超出方案中 {drug} 的剂量范围", {"drug": "bortezomib"}, "zh")
    '超出方案中 bortezomib 的剂量范围'
    """
    values = {k: _value(v, lang) for k, v in params.items()}
    if lang != "zh":
        return template.format_map(values)
    pieces = [  # literal, value, literal, value, ..., literal
        piece if i % 2 == 0 else piece.format_map(values)
        for i, piece in enumerate(_split(template))
    ]
    for i in range(1, len(pieces), 2):
        value, before, after = pieces[i], pieces[i - 1], pieces[i + 1]
        if value and _wide(value[0]) and before.endswith(" ") and _wide(before[-2:-1]):
            pieces[i - 1] = before[:-1]
        if value and _wide(value[-1]) and after.startswith(" ") and _wide(after[1:2]):
            pieces[i + 1] = after[1:]
    return "".join(pieces)


#: Each Chinese template cut into literal text and fields, once.
_SPLIT: dict[str, list[str]] = {}


def _split(template: str) -> list[str]:
    """``template`` as literal, field, literal, field, ..., literal (a field as ``{name}``).

    >>> _split("{a} 与 {b:>3}。")
    ['', '{a}', ' 与 ', '{b:>3}', '。']
    >>> _split("写“capacity: {{chairs: 8}}”，{n} 个")
    ['写“capacity: {chairs: 8}”，', '{n}', ' 个']
    """
    found = _SPLIT.get(template)
    if found is None:
        found, text = [], ""
        for literal, name, spec, conversion in _FORMATTER.parse(template):
            text += literal  # "{{" comes as a literal of its own: joined to its neighbours
            if name is not None:
                conv = f"!{conversion}" if conversion else ""
                found += [text, "{" + name + conv + (f":{spec}" if spec else "") + "}"]
                text = ""
        found.append(text)
        _SPLIT[template] = found
    return found


def _wide(ch: str) -> bool:
    """A Chinese character or a full-width mark (not a Latin letter, digit or space)."""
    return bool(ch) and (ch >= "\u2e80" or ch in "“”")


def render_en(code: str, params: Mapping[str, object]) -> str:
    """The English text of ``code`` (KeyError for a code not in the catalogue)."""
    return _fill(MESSAGES[code][0], params, "en")


def render_zh(code: str, params: Mapping[str, object]) -> str | None:
    """The Chinese text of ``code``, or None when the catalogue has none."""
    entry = MESSAGES.get(code)
    return None if entry is None else _fill(entry[1], params, "zh")
