"""Issue 14, item 4: every Chinese name mmsched ships says where it was checked.

The shipped names are gathered here from the tables that print them (drugs, routes, tests,
categories, diluents, BSA formulas), from the supportive items of the bundled regimens, and
from the dose rules named in outputs; each must have an entry in ``NAME_SOURCES`` that names a
Chinese source or says plainly that it was not checked against one.
"""

from __future__ import annotations

import yaml

from mmsched.data import bundled_regimens_dir
from mmsched.data.drugs import DRUGS, NAME_SOURCES, ROUTES
from mmsched.views.display import DILUENTS_ZH, FORMULA_NAMES, LABELS, TESTS

#: Dose rules whose Chinese names appear in outputs and messages (肌酐清除率, 肝功能,
#: 终身最大累积剂量, 剂量水平).
RULES = ("renal", "hepatic", "lifetime_max", "dose_level")


def _supportive_items() -> set[str]:
    items: set[str] = set()
    for path in sorted(bundled_regimens_dir().glob("*.yaml")):
        regimen = yaml.safe_load(path.read_text(encoding="utf-8"))
        for entry in regimen.get("supportive") or []:
            items.add(entry["item"])
    return items


def _shipped_names() -> set[str]:
    return {
        *DRUGS,
        *ROUTES,
        *TESTS,
        *_supportive_items(),
        *(f"category:{key.removeprefix('cat_')}" for key in LABELS if key.startswith("cat_")),
        *(f"diluent:{name}" for name in DILUENTS_ZH),
        *(f"bsa:{name}" for name in FORMULA_NAMES),
        *(f"rule:{name}" for name in RULES),
    }


def test_the_bundled_regimens_ship_the_supportive_items_the_issue_names() -> None:
    # The brief names these; if a regimen drops one, the list above is still gathered, but
    # this keeps the gathering itself honest (it must find the items, not an empty set).
    assert {
        "aciclovir",
        "aspirin",
        "enoxaparin",
        "paracetamol",
        "diphenhydramine",
        "montelukast",
        "methylprednisolone",
        "contraception",
    } <= _supportive_items()


def test_every_shipped_name_has_an_entry_in_name_sources() -> None:
    missing = sorted(name for name in _shipped_names() if not NAME_SOURCES.get(name))
    assert missing == []


def test_name_sources_has_no_entry_for_a_name_that_is_not_shipped() -> None:
    assert sorted(set(NAME_SOURCES) - _shipped_names()) == []


def test_each_entry_names_a_source_or_says_it_was_not_checked() -> None:
    for name, source in NAME_SOURCES.items():
        assert "http" in source or "《" in source or "not checked" in source, name


def test_the_categories_are_the_five_the_views_print() -> None:
    categories = {n for n in _shipped_names() if n.startswith("category:")}
    assert categories == {
        "category:anticancer",
        "category:premedication",
        "category:post-medication",
        "category:prophylaxis",
        "category:hydration",
    }
