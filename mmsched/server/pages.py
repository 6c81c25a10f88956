"""The server's pages: the printable ward sheet and calendar of :mod:`mmsched.views`, with a
line of links to move between days, and the list of files that cannot be used.

Server-rendered HTML that works without JavaScript and prints on A4 (the views' stylesheet);
every value from a file is escaped by the views, and by :func:`problems_page` here.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from pathlib import Path

from ..engine.schedule import Schedule
from ..engine.wardsheet import Ward, ward_days
from ..errors import MmschedError
from ..views.calendar_html import page_head, render_html
from ..views.display import Lang, format_date
from ..views.ward_html import WARD_CSS, render_ward_html
from .folder import Snapshot

#: The few words only the server's pages use, in each language.
WORDS: dict[Lang, dict[str, str]] = {
    "zh": {
        "today": "今天",
        "earlier": "前一天",
        "later": "后一天",
        "problems": "无法使用的文件",
        "no_problems": "所有计划文件都可以使用。",
        "problems_note": (
            "以下文件中的患者不在病区用药单上；订阅日历中这些患者的事件保持最后一次读取时的内容，"
            "不会被取消。"
        ),
        "ward": "病区",
        "load": "病区负荷",
    },
    "en": {
        "today": "Today",
        "earlier": "Day before",
        "later": "Day after",
        "problems": "Files that cannot be used",
        "no_problems": "Every plan file can be used.",
        "problems_note": (
            "The patients of these files are not on the ward sheet; their events in the "
            "subscribed calendars stay as last read, never cancelled."
        ),
        "ward": "Ward",
        "load": "Ward load",
    },
}

NAV_CSS = """
nav { margin: 0 0 3mm; font-size: 9pt; }
nav a { margin-right: 4mm; color: #000; }
@media print { nav { display: none; } }
"""


def _nav(day: dt.date | None, lang: Lang) -> str:
    words = WORDS[lang]
    suffix = f"?lang={lang}"
    links = [f'<a href="/{suffix}">{escape(words["today"])}</a>']
    if day is not None:
        for delta, word in ((-1, "earlier"), (1, "later")):
            other = (day + dt.timedelta(days=delta)).isoformat()
            links.append(f'<a href="/day/{other}{suffix}">{escape(words[word])}</a>')
    links.append(f'<a href="/load{suffix}">{escape(words["load"])}</a>')
    links.append(f'<a href="/problems{suffix}">{escape(words["problems"])}</a>')
    return f"<nav>{' '.join(links)}</nav>"


def _with_nav(page: str, nav: str) -> str:
    """A view's page with the links above its heading (and the links' style)."""
    page = page.replace("</style>", f"{NAV_CSS}</style>", 1)
    return page.replace("<body>\n", f"<body>\n{nav}\n", 1)


def ward_page(snapshot: Snapshot, day: dt.date, lang: Lang, *, full_name: bool) -> str:
    """The ward's sheet of ``day``, with what to prepare, and the files that cannot be used."""
    days = ward_days(Ward(snapshot.patients, ()), day, day)
    page = render_ward_html(
        days,
        lang=lang,
        plans=len(snapshot.patients),
        errors=snapshot.errors,
        full_name=full_name,
    )
    return _with_nav(page, _nav(day, lang))


def patient_page(schedule: Schedule, lang: Lang, *, full_name: bool) -> str:
    """A patient's printable calendar (``mmsched calendar -f html``)."""
    return render_html(schedule, lang=lang, full_name=full_name)


#: The days ``/load`` shows without ``from`` and ``to``: today and the next four weeks.
LOAD_DAYS = 28


def load_page(
    folder: Path,
    first: dt.date,
    last: dt.date,
    lang: Lang,
    *,
    ward_file: Path | None,
    regimen_dirs: tuple[Path, ...],
) -> str:
    """The ward's load against its capacity (:func:`mmsched.ward_load`, the page of
    ``mmsched load -f html``), or the reason it cannot be measured (no capacity, a range that
    is too long) in the page's place."""
    from ..batch.capacity import ward_load
    from ..views.load_html import render_load_html

    try:
        load = ward_load([folder], first, last, ward_file, regimen_dirs=regimen_dirs)
    except MmschedError as exc:
        return _message_page(WORDS[lang]["load"], exc.render(lang), lang)
    return _with_nav(render_load_html(load, lang=lang), _nav(None, lang))


def _message_page(title: str, message: str, lang: Lang) -> str:
    return (
        "\n".join(
            [
                *page_head(title, lang, WARD_CSS + NAV_CSS),
                _nav(None, lang),
                f"<h1>{escape(title)}</h1>",
                f'<section class="errors"><p>{escape(message)}</p></section>',
                "</body>",
                "</html>",
            ]
        )
        + "\n"
    )


def problems_page(snapshot: Snapshot, lang: Lang, today: dt.date) -> str:
    """The plan files that cannot be used, each with its message."""
    words = WORDS[lang]
    out = [
        *page_head(words["problems"], lang, WARD_CSS + NAV_CSS),
        _nav(None, lang),
        f"<h1>{escape(words['problems'])}</h1>",
        f"<p>{escape(words['ward'])} · {escape(format_date(today, lang))}</p>",
    ]
    if not snapshot.errors:
        out.append(f"<p>{escape(words['no_problems'])}</p>")
    else:
        out.append('<section class="errors">')
        out.append(f'<p class="warnings">{escape(words["problems_note"])}</p><ul>')
        out.extend(
            f"<li>{escape(error.file)}: {escape(error.message)}</li>" for error in snapshot.errors
        )
        out.append("</ul></section>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"
