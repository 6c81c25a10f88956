"""Issue 14: the calendar CSV keeps ``basis`` as a machine column and adds ``basis_text`` in the
chosen language.

Case 1 (examples/case1-rvd-il2.yaml): 156 cm, 52 kg; Mosteller BSA = sqrt(156 x 52 / 3600)
= sqrt(2.2533) = 1.5011 -> 1.50 m2; bortezomib 1.3 mg/m2 x 1.50 m2 (the seed's regimen);
lenalidomide 25 mg and IL-2 500,000 IU are flat doses.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from typer.testing import CliRunner

from mmsched.cli.app import app

CASE1 = Path(__file__).resolve().parents[1] / "examples" / "case1-rvd-il2.yaml"


def _rows(lang: str) -> list[dict[str, str]]:
    result = CliRunner().invoke(app, ["calendar", str(CASE1), "-f", "csv", "--lang", lang])
    assert result.exit_code == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


def _first(rows: list[dict[str, str]], drug: str) -> dict[str, str]:
    return next(r for r in rows if r["drug"] == drug)


def test_basis_text_is_the_last_column_and_basis_is_unchanged() -> None:
    for lang in ("zh", "en"):
        rows = _rows(lang)
        assert list(rows[0])[-2:] == ["category", "basis_text"]
        assert _first(rows, "bortezomib")["basis"] == "1.3 mg/m² × 1.50 m²"
        assert _first(rows, "lenalidomide")["basis"] == "flat dose"


def test_basis_text_in_chinese_and_english() -> None:
    zh, en = _rows("zh"), _rows("en")
    assert _first(zh, "lenalidomide")["basis_text"] == "固定剂量"
    assert _first(en, "lenalidomide")["basis_text"] == "flat dose"
    assert _first(zh, "bortezomib")["basis_text"] == "1.3 mg/m² × 1.50 m²"
    assert _first(zh, "interleukin-2")["basis_text"] == "固定剂量"
    assert _first(en, "interleukin-2")["basis_text"] == "flat dose"


def test_an_order_set_item_has_no_basis_text() -> None:
    rows = _rows("zh")
    items = [r for r in rows if r["category"] != "anticancer"]
    assert items, "case 1's order set gives supportive rows"
    assert {r["basis_text"] for r in items} == {""}
