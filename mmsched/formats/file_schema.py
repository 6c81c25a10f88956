"""JSON Schema (Draft 2020-12) of the files people write: regimen, plan and ward files.

Made from the models, then changed to the forms the files take (not the models' insides): a
plan's ``regimen`` is an id or a path (or the regimen written inline), its ``ward`` a path; a
name is a string or ``{en, zh}``; ``sex`` takes its aliases; numbers may be written as numeric
strings; a regimen with ``extends`` needs only its id (the base gives the rest). What the
schema cannot say (ranges that depend on other fields, the 72-hour rule, days inside the
cycle, plausibility) only ``mmsched check`` finds: README, "Editor support".
"""

from __future__ import annotations

import copy
import json
from typing import Any, Literal

from ..data.drugs import ROUTES
from ..engine.bsa import FORMULAS
from ..engine.wardcal import WEEKDAY_NAMES
from .field_docs import document

Kind = Literal["regimen", "plan", "ward"]
KINDS: tuple[Kind, ...] = ("regimen", "plan", "ward")
DRAFT = "https://json-schema.org/draft/2020-12/schema"
#: A number written as text ("52.5"): what the models accept besides a number.
NUMERIC_TEXT = r"^\s*[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?\s*$"
INTEGER_TEXT = r"^\s*[+-]?[0-9]+\s*$"
SEX = r"^\s*([FfMm]|[Ff][Ee][Mm][Aa][Ll][Ee]|[Mm][Aa][Ll][Ee]|女|男)\s*$"
NAME = {
    "description": "A name: one string, or its English and Chinese forms.",
    "examples": ["RVd", {"en": "RVd", "zh": "RVd 方案"}],
    "anyOf": [
        {"type": "string", "minLength": 1},
        {
            "type": "object",
            "properties": {"en": {"type": "string", "minLength": 1}, "zh": {"type": "string"}},
            "required": ["en"],
            "additionalProperties": False,
        },
    ],
}


def file_schema(kind: Kind) -> dict[str, Any]:
    """The JSON Schema of a ``kind`` file, as a mapping (keys in a fixed order)."""
    from .plan import Plan
    from .regimen import Regimen
    from .ward import WardFile

    model = {"regimen": Regimen, "plan": Plan, "ward": WardFile}[kind]
    schema = copy.deepcopy(model.model_json_schema(by_alias=True, mode="validation"))
    defs = schema.setdefault("$defs", {})
    if "Name" in defs:
        defs["Name"] = NAME
    _regimen_defs(defs, schema if kind == "regimen" else defs.get("Regimen"))
    if kind == "plan":
        _plan(schema, defs)
    if kind == "ward":
        days = "|".join("".join(f"[{c.upper()}{c}]" for c in d) for d in WEEKDAY_NAMES)
        schema["properties"]["closed_weekdays"]["items"] = {
            "type": "string",
            "pattern": f"^\\s*({days})[A-Za-z]*\\s*$",
        }
    _prune(schema)
    document(model.__name__, schema)
    for name, definition in schema.get("$defs", {}).items():
        document(name, definition)
    _walk(schema)
    return {
        "$schema": DRAFT,
        "$id": f"https://mmsched.invalid/schemas/{kind}.schema.json",
        "title": f"mmsched {kind} file",
        **{k: v for k, v in schema.items() if k != "title"},
    }


def _regimen_defs(defs: dict[str, Any], regimen: dict[str, Any] | None) -> None:
    """Routes from their table; ``extends`` makes every other required field optional."""
    drug = defs.get("DrugSpec")
    if drug is not None:
        drug["properties"]["route"] = {**drug["properties"]["route"], "enum": list(ROUTES)}
    if regimen is not None and "required" in regimen:
        required = regimen.pop("required")
        regimen["if"] = {"required": ["extends"]}
        regimen["then"] = {"required": ["id", "extends"]}
        regimen["else"] = {"required": required}


def _plan(schema: dict[str, Any], defs: dict[str, Any]) -> None:
    props = schema["properties"]
    props["regimen"] = {
        "description": "The regimen: a bundled or local regimen id, a path to a regimen file "
        "(relative to the plan file), or the regimen written here.",
        "examples": ["rvd-il2", "regimens/rvd-4.yaml"],
        "anyOf": [{"type": "string", "minLength": 1}, {"$ref": "#/$defs/Regimen"}],
    }
    props["ward"] = {
        "description": "A ward file (closed days and formulary), relative to the plan file.",
        "examples": ["ward.yaml"],
        "type": "string",
        "minLength": 1,
    }
    defs.pop("WardCalendar", None)
    doses = props.pop("maintenance_doses")
    props["doses"]["properties"] = {
        "maintenance": {**doses, "description": "The doses of the maintenance phase."}
    }
    props["doses"]["additionalProperties"] = {"type": "string"}
    props["bsa_formula"] = {**props["bsa_formula"], "enum": list(FORMULAS)}
    patient = defs["Patient"]
    patient["properties"]["sex"] = {
        "description": "F or M (also female, male, 女, 男, in any case).",
        "examples": ["F"],
        "type": "string",
        "pattern": SEX,
    }
    patient["anyOf"] = [{"required": ["age"]}, {"required": ["birth_date"]}]


def _prune(schema: dict[str, Any]) -> None:
    """Drop the definitions nothing refers to any more (the ward calendar's insides)."""
    defs = schema.get("$defs", {})
    while True:
        text = json.dumps({k: v for k, v in schema.items() if k != "$defs"}) + json.dumps(defs)
        unused = [name for name in defs if f'"#/$defs/{name}"' not in text]
        if not unused:
            return
        for name in unused:
            del defs[name]


def _walk(node: Any) -> None:
    """Numbers may be written as numeric strings; integers as digits in a string."""
    if isinstance(node, list):
        for value in node:
            _walk(value)
        return
    if not isinstance(node, dict):
        return
    for value in list(node.values()):
        _walk(value)
    if node.get("type") == "integer":
        kept = ("title", "description", "default", "examples")
        integer = {k: node.pop(k) for k in list(node) if k not in kept}
        node["anyOf"] = [integer, {"type": "string", "pattern": INTEGER_TEXT}]
    options = node.get("anyOf")
    if isinstance(options, list) and any(
        isinstance(o, dict) and o.get("type") == "number" for o in options
    ):
        for option in options:
            if option == {"type": "string"}:
                option["pattern"] = NUMERIC_TEXT


def schema_json(kind: Kind) -> str:
    """The schema as the text ``mmsched schema`` prints and ``schemas/`` keeps."""
    return json.dumps(file_schema(kind), indent=2, ensure_ascii=False) + "\n"
