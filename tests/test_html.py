"""The printable calendar (``mmsched calendar --format html``): one self-contained A4 page.

The page is checked twice: as text here (self-contained, escaped, the same figures as the
terminal), and in headless Chromium (``interop`` tests): its rendered text, that nothing is
wider than A4's printable width, and that it prints on A4 pages. A PNG screenshot is saved
under the test's temporary folder for a person to look at. The Chromium checks run on the
printable ward sheet too (``mmsched ward --format html``, issue 12; its text checks are in
``test_issue_12_ward_html.py``).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import EXAMPLES, Golden
from typer.testing import CliRunner

from mmsched.cli.app import app
from mmsched.engine.expand import expand
from mmsched.formats.reader import load_plan
from mmsched.views.calendar_html import render_html

CASE1 = EXAMPLES / "case1-rvd-il2.yaml"
ENV = {"MMSCHED_LANG": None, "LC_ALL": None, "LANG": "C.UTF-8", "NO_COLOR": "1"}
#: A4 is 210 mm × 297 mm = 595.28 pt × 841.89 pt; the page margin is 12 mm on each side.
A4_PT = (595.28, 841.89)
#: The printable width in CSS pixels (96 per inch): (210 − 2 × 12) mm / 25.4 × 96.
PRINTABLE_PX = round((210 - 24) / 25.4 * 96)


def page(lang: str = "zh", *args: str) -> str:
    result = CliRunner().invoke(
        app, ["calendar", str(CASE1), "-f", "html", "--lang", lang, *args], env=ENV
    )
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_golden_html(golden: Golden, lang: str) -> None:
    golden.check(f"calendar/case1-{lang}.html", page(lang))


def test_self_contained() -> None:
    html = page("zh")
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="zh-CN">' in html
    assert '<meta charset="utf-8">' in html
    # Nothing to fetch: no script, no link, no image, no url(); a policy that forbids fetching.
    for needle in ("<script", "<link", "<img", "url(", "http://", "https://", "@import"):
        assert needle not in html.lower(), needle
    assert "default-src 'none'" in html
    assert "@page { size: A4 portrait; margin: 12mm; }" in html


def test_page_figures_match_the_seed_and_the_plan() -> None:
    html = page("zh")
    assert "<title>化疗日历 GZ-0001 廖某妹</title>" in html
    assert "<dt>体表面积</dt><dd>1.50 m²（Mosteller 公式：√(H × W / 3600)）</dd>" in html
    assert (
        '<td class="dose">2&nbsp;mg</td><td>1.3 mg/m² × 1.50 m² = 1.95 mg，按 0.1 mg 取整；'
        "未核对肝功能剂量：计划中没有总胆红素</td>" in html
    )
    # The IL-2 label's form, kept whole except before "（IU）".
    assert '<span class="nb">50万国际单位</span><wbr><span class="nb">（IU）</span>' in html
    assert '<span class="dn">1</span><span class="cd">C1D1</span>' in html
    assert '<span class="dn">1</span><span class="cd">C2D4</span>' in html  # 2027-01-01
    assert "<caption>2026年12月</caption>" in html and "<caption>2027年1月</caption>" in html


def test_text_is_escaped(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        CASE1.read_text(encoding="utf-8").replace("name: 廖某妹", 'name: "<b>Liao</b> & Co"'),
        encoding="utf-8",
    )
    schedule = expand(load_plan(plan))
    html = render_html(schedule, lang="en", full_name=True)
    assert "<b>Liao</b>" not in html
    assert "&lt;b&gt;Liao&lt;/b&gt; &amp; Co" in html


def test_from_to_limits_the_page() -> None:
    html = page("en", "--from", "2026-12-29", "--to", "2027-01-01")
    dates = re.findall(r"<tbody>\n<tr><td>([^<]+)</td>", html)
    assert dates == ["Tue 29 Dec 2026", "Wed 30 Dec 2026", "Thu 31 Dec 2026", "Fri 1 Jan 2027"]


# --- in headless Chromium -------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (Debian: apt-get install chromium)"
)

#: Run in the page by the test only (the page itself has no script): every element must end
#: inside the viewport, and no cell's content may be wider than its cell.
PROBE = """
<script>
(function () {
  var width = document.documentElement.clientWidth;
  var bad = [];
  document.querySelectorAll('body *').forEach(function (el) {
    var box = el.getBoundingClientRect();
    if (box.right > width + 0.5 || box.left < -0.5) {
      bad.push('outside: ' + el.tagName + ' ' + el.textContent.slice(0, 40));
    }
    if ((el.tagName === 'TD' || el.tagName === 'TH' || el.tagName === 'DD')
        && el.scrollWidth > el.clientWidth + 1) {
      bad.push('overflow: ' + el.tagName + ' ' + el.textContent.slice(0, 40));
    }
  });
  var out = document.createElement('pre');
  out.id = 'probe';
  out.textContent = JSON.stringify({
    width: width,
    scrollWidth: document.documentElement.scrollWidth,
    bad: bad
  });
  document.body.appendChild(out);
})();
</script>
"""


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            f"--user-data-dir={tmp_path / 'profile'}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


#: The pages checked in Chromium: case 1's calendar, and the ward sheet (issue 12) of the
#: example ward and case 1 over three days (one page a day).
PAGES = {
    "calendar": ["calendar", str(CASE1)],
    "ward": [
        "ward",
        str(EXAMPLES / "ward"),
        str(CASE1),
        "--from",
        "2026-12-10",
        "--to",
        "2026-12-12",
    ],
}


@pytest.fixture(params=[(p, lang) for p in PAGES for lang in ("zh", "en")], ids="-".join)
def written(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, Path]:
    kind, lang = request.param
    target = tmp_path / f"{kind}-{lang}.html"
    result = CliRunner().invoke(
        app, [*PAGES[kind], "-f", "html", "--lang", lang, "-o", str(target)], env=ENV
    )
    assert result.exit_code == 0, result.stderr
    return lang, target


@pytest.mark.interop
@needs_chromium
def test_chromium_page_text(written: tuple[str, Path], tmp_path: Path) -> None:
    lang, target = written
    result = chromium(tmp_path, "--dump-dom", target.as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    dom = result.stdout
    if target.name.startswith("ward"):
        expected = (
            ("病区每日用药单", "廖某妹", "2026年12月11日 星期五", "需准备", "6.9")
            if lang == "zh"
            else ("Ward day sheet", "廖某妹", "Fri 11 Dec 2026", "To prepare", "6.9")
        )
        for text in expected:
            assert text in dom, text
    elif lang == "zh":
        for text in (
            "化疗日历",
            "廖某妹",
            "硼替佐米",
            "2026年12月1日 星期二",
            "50万国际单位",
            "皮下注射",
        ):
            assert text in dom, text
    else:
        # The dose's space is a no-break space in the page: "500,000" and "units" apart.
        for text in ("Treatment calendar", "bortezomib", "Tue 1 Dec 2026", "500,000", "subcut"):
            assert text in dom, text


@pytest.mark.interop
@needs_chromium
def test_chromium_nothing_wider_than_a4(written: tuple[str, Path], tmp_path: Path) -> None:
    _, target = written
    probed = tmp_path / f"probed-{target.name}"
    html = target.read_text(encoding="utf-8")
    # The page forbids scripts (CSP); the test copy drops the policy to run its probe.
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    probed.write_text(html.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    result = chromium(tmp_path, f"--window-size={PRINTABLE_PX},1200", "--dump-dom", probed.as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    match = re.search(r'<pre id="probe">(.*?)</pre>', result.stdout, re.S)
    assert match, "the probe did not run"
    report = json.loads(match.group(1).replace("&quot;", '"').replace("&amp;", "&"))
    assert report["width"] == PRINTABLE_PX
    assert report["scrollWidth"] <= report["width"]
    assert report["bad"] == []


@pytest.mark.interop
@needs_chromium
def test_chromium_prints_on_a4_and_screenshot(written: tuple[str, Path], tmp_path: Path) -> None:
    _, target = written
    pdf = tmp_path / f"{target.stem}.pdf"
    result = chromium(tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", target.as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", data)
    pages = len(re.findall(rb"/Type /Page\b", data))
    assert boxes and len(boxes) == pages
    for width, height in boxes:
        assert abs(float(width) - A4_PT[0]) < 1.5 and abs(float(height) - A4_PT[1]) < 1.5
    if target.name.startswith("ward"):
        # Each of the three days of the sheet starts a page; with the order set's rows (issue
        # 13) a day may take a second one.
        assert 3 <= pages <= 6, pages
    else:
        # Header, two month grids and 56 days of the list (with the order set's two daily
        # items, issue 13): a handful of pages, not one shrunk page and not one page per day.
        assert 3 <= pages <= 12, pages

    png = tmp_path / f"{target.stem}.png"
    result = chromium(
        tmp_path, f"--screenshot={png}", f"--window-size={PRINTABLE_PX},1400", target.as_uri()
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert png.stat().st_size > 20_000  # a page with text on it, not a blank
