"""Every help string mmsched writes, with its Chinese: what ``mmsched ... --help`` shows when
the language is zh (:mod:`.zhhelp` puts it in place before the command line is read).

Keyed by the English as the command modules write it (typer's ``help=``, the commands'
docstrings), so an English help that changes has no Chinese until its Chinese is written again:
``tests/test_issue_14_help.py`` fails on any help string without one. The Chinese is written for
the ward's nurses and pharmacists: full-width ，：（）；、, a space between a number and its Latin
unit; option names, allowed values (text, json, today, yes) and file names stay as they are.

Imported only when help is shown in Chinese.
"""

from __future__ import annotations

#: (English, Chinese) of every help string: the app, each command, argument and option.
HELP: tuple[tuple[str, str], ...] = (
    (
        "Chemotherapy cycle scheduling for multiple myeloma regimens.",
        "多发性骨髓瘤化疗方案的周期排程。",
    ),
    (
        "Print the version and exit.",
        "显示版本号后退出。",
    ),
    (
        "Install completion for the current shell.",
        "为当前 shell 安装命令补全。",
    ),
    (
        "Show completion for the current shell, to copy it or customize the installation.",
        "显示当前 shell 的命令补全脚本，可复制或自行安装。",
    ),
    (
        "Print a patient's calendar: every administration with its date, dose and route.",
        "打印患者的治疗日历：每次给药的日期、剂量和给药途径。",
    ),
    (
        "A plan file (YAML).",
        "计划文件（YAML）。",
    ),
    (
        "text: header, month grids and the day-by-day list; json: the mmsched.schedule/1 "
        "contract; csv: one row per administration; html: one printable A4 page.",
        "text：表头、月历和逐日清单；json：mmsched.schedule/1 格式；csv：每次给药一行；html：可打"
        "印的一页 A4。",
    ),
    (
        "Write to this file (atomically: the old file or the whole new one) instead of standard "
        "output.",
        "写入该文件，不输出到标准输出；原子写入：文件要么保持原样，要么是完整的新内容。",
    ),
    (
        "Language of the output: zh (中文) or en. Default: MMSCHED_LANG, else lang in "
        "~/.config/mmsched/config.toml, else en when the locale (LC_ALL, LC_MESSAGES, LANG) "
        "starts with en, else zh.",
        "输出语言：zh（中文）或 en。默认依次取 MMSCHED_LANG、~/.config/mmsched/config.toml 中的 "
        "lang；都没有时，区域设置（LC_ALL、LC_MESSAGES、LANG）以 en 开头用英文，否则用中文。",
    ),
    (
        "First date shown: YYYY-MM-DD, today, tomorrow, yesterday, +N or -N days.",
        "显示的第一天：YYYY-MM-DD，或 today、tomorrow、yesterday，或 +N、-N（今天之后、之前的天数"
        "）。",
    ),
    (
        "Last date shown: YYYY-MM-DD, today, tomorrow, yesterday, +N or -N days.",
        "显示的最后一天：YYYY-MM-DD，或 today、tomorrow、yesterday，或 +N、-N（今天之后、之前的天"
        "数）。",
    ),
    (
        "Plain text without colour (also when not a terminal, or NO_COLOR).",
        "纯文本，不带颜色（输出不是终端或设置了 NO_COLOR 时也不带颜色）。",
    ),
    (
        "Show patients' names in full (masked by default: 廖某妹, L. M.).",
        "显示患者全名（默认隐去部分姓名：廖某妹、L. M.）。",
    ),
    (
        "A ward file (closed days) that overrides the plans' own 'ward:'.",
        "病区文件（病区休息日），取代计划文件中的“ward:”一项。",
    ),
    (
        "Print the ward day sheet: every patient's administrations per day, and what to "
        "prepare.\n\nA plan file that cannot be read is reported by name; the others are still "
        "listed, and the command exits with code 1 at the end. When no plan can be used, no "
        "sheet is printed or written (an earlier -o file stays as it was).",
        "打印病区每日用药单：每天每位患者的给药，以及需要准备的药品。\n\n无法读取的计划文件按文件"
        "名报告；其余计划照常列出，命令最后以退出码 1 结束。没有一个计划可用时，不打印也不写出用"
        "药单（之前用 -o 写出的文件保持不变）。",
    ),
    (
        "Plan files, or folders whose *.yaml and *.yml files are plans.",
        "计划文件，或文件夹（其中的 *.yaml 和 *.yml 文件都是计划）。",
    ),
    (
        "The day of the sheet: YYYY-MM-DD, today, tomorrow, yesterday, +N or -N days. Default: "
        "today (in the --ward file's time zone, else the system's), unless --from/--to.",
        "用药单的日期：YYYY-MM-DD，或 today、tomorrow、yesterday，或 +N、-N（今天之后、之前的天数"
        "）。默认：今天（按 --ward 文件的时区，否则按本机时区）；给了 --from 或 --to 时除外。",
    ),
    (
        "text: the sheet; json: the mmsched.ward/1 contract; csv: one row per administration; "
        "html: a printable A4 page, one page a day.",
        "text：用药单；json：mmsched.ward/1 格式；csv：每次给药一行；html：可打印的 A4 页面，每天"
        "一页。",
    ),
    (
        "Validate regimen and plan files: every problem in every file, not only the first, and "
        "plans of one patient whose courses overlap.",
        "检查方案和计划文件：列出每个文件中的全部问题（不只是第一个），以及同一患者疗程重叠的计划"
        "。",
    ),
    (
        "Regimen and plan files, or folders (every *.yaml and *.yml under them).",
        "方案和计划文件，或文件夹（检查其下所有 *.yaml 和 *.yml 文件）。",
    ),
    (
        "text for people; json: the mmsched.check/1 contract.",
        "text：供人阅读；json：mmsched.check/1 格式。",
    ),
    (
        "Show what moved, what changed dose, and what was added or removed between two plans.",
        "比较同一计划的两个版本：哪些给药改了日期、改了剂量，哪些是新增或删除的。",
    ),
    (
        "The earlier version of the plan.",
        "计划的较早版本。",
    ),
    (
        "The later version of the plan.",
        "计划的较新版本。",
    ),
    (
        "text for people; json: the mmsched.diff/1 contract.",
        "text：供人阅读；json：mmsched.diff/1 格式。",
    ),
    (
        "Exit as diff(1) does: 0 when the plans give the same schedule, 1 when they differ, 2 on "
        "trouble (a plan that cannot be read, a bad option).",
        "与 diff 命令一样返回退出码：两个计划得出相同排程时为 0，不同时为 1，出错（计划无法读取、"
        "选项有误）时为 2。",
    ),
    (
        "Write an iCalendar (.ics) file of every dose, for calendar apps and ward feeds.",
        "写出 iCalendar 文件（.ics），包含每次给药，供日历应用和病区订阅使用。",
    ),
    (
        "Plan files (YAML), or folders whose *.yaml and *.yml files are plans; several plans, or "
        "a folder, make one calendar for the ward.",
        "计划文件（YAML），或文件夹（其中的 *.yaml 和 *.yml 文件都是计划）；多个计划或一个文件夹"
        "合成病区的一份日历。",
    ),
    (
        "The .ics file to write (replaced atomically).",
        "要写出的 .ics 文件（原子替换）。",
    ),
    (
        "day: one event per patient and treatment day; drug: one per dose or test.",
        "day：每位患者每个治疗日一个事件；drug：每次给药或检查一个事件。",
    ),
    (
        "Timed events at HH:MM in --tz (default: all-day events).",
        "在 --tz 时区的 HH:MM 生成定时事件（默认为全天事件）。",
    ),
    (
        "The ward's IANA time zone, for timed events.",
        "病区所在的 IANA 时区，用于定时事件。",
    ),
    (
        "DTSTAMP in UTC (2026-11-01T00:00:00Z) for a byte-identical re-export; default "
        "SOURCE_DATE_EPOCH, else now.",
        "UTC 的 DTSTAMP（2026-11-01T00:00:00Z），用于逐字节相同的重新导出；默认取 "
        "SOURCE_DATE_EPOCH，否则取当前时间。",
    ),
    (
        "The .ics written last time: changed events get SEQUENCE + 1, events no longer planned "
        "come back as STATUS:CANCELLED.",
        "上次写出的 .ics 文件：有改动的事件 SEQUENCE 加 1，已不在计划内的事件以 STATUS:CANCELLED "
        "重新发出。",
    ),
    (
        "An alarm before each event: 1d, 2h, 30m (repeatable).",
        "每个事件前的提醒：1d、2h、30m（可重复）。",
    ),
    (
        "Show patients' names unmasked (default: masked).",
        "显示患者全名（默认隐去部分姓名）。",
    ),
    (
        "standard: doses as prescribed and as given; full: adds height, weight, BSA and the "
        "formula.",
        "standard：处方剂量和实际剂量；full：另加身高、体重、BSA 及计算公式。",
    ),
    (
        "Write the plans as a FHIR R4 transaction Bundle: a PlanDefinition per regimen, height, "
        "weight and BSA Observations, a CarePlan, a RequestGroup, a draft MedicationRequest per "
        "drug and cycle, supportive items and tests. The same plans give the same bytes.",
        "把计划写成 FHIR R4 事务 Bundle：每个方案一个 PlanDefinition，身高、体重和 BSA 的 "
        "Observation，一个 CarePlan，一个 RequestGroup，每种药每个周期一个草稿 "
        "MedicationRequest，以及支持治疗项目和检查。相同的计划总是写出逐字节相同的文件。",
    ),
    (
        "Plan files (YAML).",
        "计划文件（YAML）。",
    ),
    (
        "The JSON file to write (replaced atomically; - for standard output).",
        "要写出的 JSON 文件（原子替换；- 表示标准输出）。",
    ),
    (
        "The file written last time: its medication requests no longer planned are sent again as "
        "cancelled ('removed from the plan').",
        "上次写出的文件：其中已不在计划内的用药申请会以“已取消”重新发送。",
    ),
    (
        "One transaction Bundle per patient, one per line (NDJSON), so that one patient's "
        "refused resources do not roll back the others'.",
        "每位患者一个事务 Bundle，每行一个（NDJSON），这样一位患者被拒收的资源不会连带回滚其他患"
        "者的。",
    ),
    (
        "The base of mmsched's URLs: PlanDefinitions, identifiers, extensions.",
        "mmsched 所用 URL 的基址：PlanDefinition、标识符、扩展。",
    ),
    (
        "The identifier system of the hospital's patient ids (default: {canonical base}/patient).",
        "医院患者编号的标识符系统（默认：--canonical-base 的值加 /patient）。",
    ),
    (
        "Print the day ward's load: per day, the chair-minutes used, the capacity, the "
        "percentage and the patients, and the days over capacity.\n\nThe capacity (chairs × "
        "hours a day) is the --ward file's capacity:, else that of the ward file the plans name. "
        "A plan file that cannot be used is reported by name; the others are counted, and the "
        "command exits with code 1 at the end.",
        "打印日间病房的负荷：每天已用的座椅分钟数、容量、百分比和患者，以及超出容量的日期。\n\n容"
        "量（座椅数 × 每天小时数）取 --ward 文件中的“capacity:”，否则取计划所指病区文件中的。无法"
        "使用的计划文件按文件名报告；其余计划照常计入，命令最后以退出码 1 结束。",
    ),
    (
        "Plan files on the ward, or folders whose *.yaml and *.yml files are plans.",
        "病区的计划文件，或文件夹（其中的 *.yaml 和 *.yml 文件都是计划）。",
    ),
    (
        "First day: YYYY-MM-DD, today, tomorrow, yesterday, +N or -N days.",
        "第一天：YYYY-MM-DD，或 today、tomorrow、yesterday，或 +N、-N（今天之后、之前的天数）。",
    ),
    (
        "Last day (at most 366 days after --from): YYYY-MM-DD, today, tomorrow, yesterday, +N or "
        "-N days.",
        "最后一天（最多在 --from 之后 366 天）：YYYY-MM-DD，或 today、tomorrow、yesterday，或 "
        "+N、-N（今天之后、之前的天数）。",
    ),
    (
        "text: a bar a day; json: the mmsched.load/1 contract; csv: one row per day; html: a "
        "printable A4 page with a chart.",
        "text：每天一条横条；json：mmsched.load/1 格式；csv：每天一行；html：带图表的可打印 A4 页"
        "面。",
    ),
    (
        "Print the JSON Schema (Draft 2020-12) of a regimen, plan or ward file: editors use it "
        'to check and complete the file as it is typed (README, "Editor support").',
        "打印方案、计划或病区文件的 JSON Schema（Draft 2020-12）：编辑器用它在输入时检查和补全文"
        "件（见 README 的“Editor support”一节）。",
    ),
    (
        "The kind of file: regimen, plan or ward.",
        "文件类型：regimen、plan 或 ward。",
    ),
    (
        "The file to write (default: standard output).",
        "要写出的文件（默认：标准输出）。",
    ),
    (
        "Language of the messages: zh (中文) or en (default as for every command). The schema "
        "itself is JSON, the same in both.",
        "提示信息的语言：zh（中文）或 en（默认规则与其他命令相同）。Schema 本身是 JSON，两种语言"
        "相同。",
    ),
    (
        "Serve the ward's pages and subscribed calendar feeds from a plan folder, read live.\n\n"
        "Pages: / (today's ward sheet), /day/YYYY-MM-DD, /patient/ID, /problems. Feeds: "
        "/feeds/ward.ics and /feeds/patient/ID.ics. Every URL needs a token (mmsched token add). "
        "Needs the serve extra: pip install 'mmsched[serve]'. Meant for a hospital's internal "
        "network behind its own TLS.",
        "从计划文件夹实时读取，提供病区网页和日历订阅源。\n\n网页：/（今天的病区每日用药单）、"
        "/day/YYYY-MM-DD、/patient/ID、/problems。订阅源：/feeds/ward.ics 和 "
        "/feeds/patient/ID.ics。每个网址都需要令牌（mmsched token add）。需要安装 serve 附加组件"
        "：pip install 'mmsched[serve]'。仅供医院内网使用，置于医院自己的 TLS 之后。",
    ),
    (
        "The ward's plan folder (its *.yaml and *.yml plan files).",
        "病区的计划文件夹（其中的 *.yaml 和 *.yml 计划文件）。",
    ),
    (
        "The address to listen on: this computer only unless you say so.",
        "监听的地址：默认只有本机可以访问，除非另行指定。",
    ),
    (
        "The TCP port.",
        "TCP 端口。",
    ),
    (
        "Where the server keeps history.sqlite3 and tokens.sqlite3 (default WARD_DIR/.mmsched).",
        "服务器保存 history.sqlite3 和 tokens.sqlite3 的位置（默认 WARD_DIR/.mmsched）。",
    ),
    (
        "Suggest start dates for a new plan that the ward can carry.\n\nEach open day of the "
        "window is tried as the start: the whole plan moves (its dated changes and measurements "
        "too) and is expanded as any plan is. Candidates are ranked, on the new patient's chair "
        "days over the whole course, by the days over capacity, then the days above the ward's "
        "target, then the distance from the preferred date (later first), then the peak load.",
        "为新计划推荐病区能够承接的开始日期。\n\n时间窗内每个开放日都试作开始日：整个计划随之平移"
        "（带日期的改动和测量值也一起平移），并像其他计划一样展开。候选日期按新患者整个疗程的占座"
        "日排序：先比超出容量的天数，再比超过病区目标的天数，然后比与首选日期的距离（距离相同时较"
        "晚者优先），最后比负荷峰值。",
    ),
    (
        "The new patient's plan; its start is the preferred date.",
        "新患者的计划；其开始日期即首选日期。",
    ),
    (
        "Another new plan, placed after the ones before it (repeatable).",
        "另一个新计划，排在它前面的计划之后（可重复）。",
    ),
    (
        "First candidate start: YYYY-MM-DD, today, tomorrow, yesterday, +N or -N days. Default: "
        "3 days before the preferred date, never before today.",
        "最早的候选开始日：YYYY-MM-DD，或 today、tomorrow、yesterday，或 +N、-N（今天之后、之前的"
        "天数）。默认：首选日期前 3 天，但不早于今天。",
    ),
    (
        "Last candidate start: YYYY-MM-DD, today, tomorrow, yesterday, +N or -N days. Default: "
        "14 days after the preferred date.",
        "最晚的候选开始日：YYYY-MM-DD，或 today、tomorrow、yesterday，或 +N、-N（今天之后、之前的"
        "天数）。默认：首选日期后 14 天。",
    ),
    (
        "How many candidates to show per plan.",
        "每个计划显示几个候选日期。",
    ),
    (
        "text: the ranking and why; json: mmsched.suggest/1.",
        "text：排名及理由；json：mmsched.suggest/1 格式。",
    ),
    (
        "Access tokens of the ward server: mmsched token add WARD_DIR NAME [--patient ID] "
        "[--full-name], mmsched token list WARD_DIR, mmsched token revoke WARD_DIR NAME.\n\nA "
        "token is printed once, alone on standard output; only its SHA-256 is kept, in "
        "STATE_DIR/tokens.sqlite3 (default WARD_DIR/.mmsched).",
        "病区服务器的访问令牌：mmsched token add WARD_DIR NAME [--patient ID] [--full-name]；"
        "mmsched token list WARD_DIR；mmsched token revoke WARD_DIR NAME。\n\n令牌只在标准输出上"
        "单独打印一次；只保存其 SHA-256，存于 STATE_DIR/tokens.sqlite3（默认 WARD_DIR/.mmsched）"
        "。",
    ),
    (
        "add: make a token and print it once; list: the tokens (never the secrets); revoke: from "
        "the next request on, the token's URLs answer 404.",
        "add：生成令牌并打印一次；list：列出令牌（不显示密钥）；revoke：从下一次请求起，该令牌的"
        "网址都返回 404。",
    ),
    (
        "The token's name (add, revoke): who or what uses it, e.g. ward-5-station.",
        "令牌名称（add、revoke 时填写）：谁或什么在使用它，例如 ward-5-station。",
    ),
    (
        "add: open only this patient's feed and page (default: the whole ward).",
        "add：只开放这位患者的订阅源和网页（默认：整个病区）。",
    ),
    (
        "add: show patients' names unmasked (default: masked).",
        "add：显示患者全名（默认隐去部分姓名）。",
    ),
    (
        "List regimens, or show one as a cycle-day grid.",
        "列出方案，或以周期日网格显示一个方案。",
    ),
    (
        "A folder of local regimen files whose ids are usable in this command, besides the "
        "regimen library's (MMSCHED_REGIMENS, or regimen_dirs in config.toml); repeatable.",
        "本地方案文件所在的文件夹，其中的方案 id 可在本命令中使用，方案库（MMSCHED_REGIMENS，或 "
        "config.toml 中的 regimen_dirs）中的也可以；可重复。",
    ),
    (
        "text: a table; json: the mmsched.regimens/1 contract.",
        "text：表格；json：mmsched.regimens/1 格式。",
    ),
    (
        "Show a regimen as a grid: days 1..cycle_days across, one row per drug.",
        "以网格显示方案：横向为第 1 天至第 cycle_days 天，每种药一行。",
    ),
    (
        "A regimen id (bundled or local), or a regimen file.",
        "方案 id（内置或本地），或方案文件。",
    ),
    (
        "text: a grid; json: the mmsched.regimen/1 contract.",
        "text：网格；json：mmsched.regimen/1 格式。",
    ),
    (
        "Write a regimen as a FHIR R4 PlanDefinition (JSON), with mmsched's rules in its "
        "extensions: ``regimens from-fhir`` reads it back unchanged.",
        "把方案写成 FHIR R4 PlanDefinition（JSON），mmsched 的规则写在其扩展中：regimens "
        "from-fhir 能原样读回。",
    ),
    (
        "The file to write (- for standard output).",
        "要写出的文件（- 表示标准输出）。",
    ),
    (
        "The base of the PlanDefinition's URL.",
        "PlanDefinition 的 URL 基址。",
    ),
    (
        "Read a FHIR R4 PlanDefinition (mmsched's, or one in the shape of the core example KDN5) "
        "and write it as a regimen file (YAML). Rules a PlanDefinition from elsewhere cannot "
        "carry get mmsched's defaults, with a warning that lists them.",
        "读取 FHIR R4 PlanDefinition（mmsched 写出的，或与核心示例 KDN5 形式相同的），写成方案文"
        "件（YAML）。其他来源的 PlanDefinition 无法携带的规则取 mmsched 的默认值，并给出警告列出"
        "这些规则。",
    ),
    (
        "A FHIR R4 PlanDefinition (JSON).",
        "FHIR R4 PlanDefinition（JSON）。",
    ),
    (
        "Start a new file: a plan with every field it needs, and its regimen's choices.",
        "新建文件：包含所需全部字段的计划，以及其方案可选的项目。",
    ),
    (
        "Write a new plan file: every field a plan needs, the regimen's dose ranges to choose "
        "from, and a # REQUIRED mark on each one still to fill in.",
        "写出新的计划文件：计划所需的每个字段、可供选择的方案剂量范围，尚待填写的每一项都标有 # "
        "REQUIRED。",
    ),
    (
        "A bundled regimen id (rvd-il2), a local one (the regimen library), or a regimen file.",
        "内置方案 id（rvd-il2）、本地方案 id（方案库），或方案文件。",
    ),
    (
        "The plan file to write; an existing file is never replaced. - for standard output.",
        "要写出的计划文件；已存在的文件绝不会被替换。- 表示标准输出。",
    ),
    (
        "First day of cycle 1: YYYY-MM-DD, or today, tomorrow, +N days.",
        "第 1 周期的第一天：YYYY-MM-DD，或 today、tomorrow、+N（今天之后的天数）。",
    ),
    (
        "The patient's id, as the ward writes it.",
        "患者编号，按病区的写法填写。",
    ),
    (
        "The patient's name (optional).",
        "患者姓名（可不填）。",
    ),
    (
        "F or M.",
        "F 或 M。",
    ),
    (
        "Age in whole years.",
        "年龄，整岁。",
    ),
    (
        "Birth date, instead of --age.",
        "出生日期，代替 --age。",
    ),
    (
        "Height in centimetres.",
        "身高，单位 cm。",
    ),
    (
        "Weight in kilograms.",
        "体重，单位 kg。",
    ),
    (
        "Serum creatinine with its unit: '88 umol/L' or '0.99 mg/dL' (optional).",
        "血肌酐值及其单位：“88 umol/L”或“0.99 mg/dL”（可不填）。",
    ),
    (
        "A dose chosen inside the regimen's range, e.g. --dose 'dexamethasone=20 mg' (repeat for "
        "each).",
        "在方案范围内选定的剂量，例如 --dose 'dexamethasone=20 mg'（每种药各写一次）。",
    ),
    (
        "Cycles, when not the regimen's number.",
        "周期数，与方案规定的不同时填写。",
    ),
    (
        "Maintenance cycles to schedule after the induction (regimens that name their "
        "maintenance, such as vrd-21).",
        "诱导治疗后要排的维持治疗周期数（适用于写明维持治疗的方案，如 vrd-21）。",
    ),
    (
        "BSA formula (default mosteller).",
        "BSA 计算公式（默认 mosteller）。",
    ),
    (
        "yes or no: a woman who could become pregnant (pregnancy tests with an IMiD).",
        "yes 或 no：是否为有生育可能的女性（使用 IMiD 时需做妊娠检查）。",
    ),
    (
        "yes or no (pregnancy tests every 2 weeks instead of 4).",
        "yes 或 no（是则每 2 周做一次妊娠检查，而不是每 4 周）。",
    ),
    (
        "standard or high: the VTE risk that chooses thromboprophylaxis with an IMiD.",
        "standard 或 high：VTE 风险，决定使用 IMiD 时的血栓预防方案。",
    ),
    (
        "Ask for what the options do not give. Default: when standard input is a terminal.",
        "询问选项中没有给出的内容。默认：标准输入是终端时询问。",
    ),
)

#: English help → Chinese help.
ZH: dict[str, str] = dict(HELP)
