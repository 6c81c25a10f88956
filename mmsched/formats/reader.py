"""Reading regimen and plan files: YAML in, validated models out, every error made readable.

This is the only module that reads files. It finds bundled regimens (installed inside the
package, or the top-level ``regimens/`` folder of a work tree), resolves ``extends:``, and turns
YAML and pydantic errors into :class:`~mmsched.errors.MmschedError` naming the file and field.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import ValidationError

from ..data import HOLIDAYS_DIR, bundled_regimen_ids, bundled_regimens_dir
from ..engine.wardcal import WardCalendar
from ..errors import MmschedError, PlanError, Problem, RegimenError, Said, coded
from . import resolve
from .limits import (
    MAX_NUMBER_CHARS,
    check_text,
    check_values,
    file_key,
    not_a_file,
    quote,
    read_text,
)
from .plan import Plan
from .regimen import Regimen
from .validation import problems_from_validation

if TYPE_CHECKING:
    from .ward import HolidayFile


class DuplicateKeyError(yaml.YAMLError):
    """Mappings that name a key twice: YAML would silently keep the last value."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(map(str, problems)))
        self.problems = problems


def _where(mark: yaml.Mark) -> Said:
    line, column = mark.line + 1, mark.column + 1
    return Said(f"line {line}, column {column}", f"第 {line} 行第 {column} 列")


def _key_spelling(key: Any) -> Any:
    """What a key means once its spelling is set aside: a text key normalised (Unicode NFKC,
    spaces, tabs and no-break spaces around it trimmed), and a number, a boolean or a date as
    the text YAML would print for it, so that ``2`` and ``"2"``, or ``dexamethasone`` and
    ``"dexamethasone "``, are one key (issue 12: the second silently replaced the first).

    >>> _key_spelling(" dexamethasone\u00a0") == _key_spelling("dexamethasone")
    True
    >>> _key_spelling(2) == _key_spelling("2"), _key_spelling(2) == _key_spelling(3)
    (True, False)
    """
    if isinstance(key, bool):
        return str(key).lower()
    if isinstance(key, str | int | float):
        return unicodedata.normalize("NFKC", str(key)).strip()
    return key


def _construct_mapping(
    loader: yaml.constructor.SafeConstructor, node: yaml.MappingNode, deep: bool = False
) -> dict[Any, Any]:
    """A mapping, noting each key given twice (``weight_kg: 52`` then ``weight_kg: 95`` would
    otherwise give the second silently, and a different dose) with both places.

    Two keys are one when they differ only in spaces around them, in Unicode compatibility
    forms (NFKC) or in being a number or text (``2`` and ``"2"``). A merge key (``<<``) may
    appear once in a mapping; a key it brings that the mapping also gives explicitly with
    another value is refused (YAML would keep the explicit one silently: a weight of 52 kg
    from the merge became 95 kg), as is a key two merged mappings give differently.
    """
    seen: dict[Any, yaml.Node] = {}
    duplicates: list[Problem] = loader.__dict__.setdefault("duplicate_keys", [])
    merges = [k for k, _ in node.value if k.tag == "tag:yaml.org,2002:merge"]
    if len(merges) > 1:
        duplicates.append(
            coded(
                "",
                "yaml.merge_twice",
                count=len(merges),
                first=_where(merges[0].start_mark),
                second=_where(merges[1].start_mark),
            )
        )
    explicit: dict[Any, tuple[yaml.Node, yaml.Node]] = {}
    for key_node, value_node in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue
        key = loader.construct_object(key_node, deep=deep)
        try:
            spelling = _key_spelling(key)
            first = seen.get(spelling)
        except TypeError:  # an unhashable key: the base constructor words that error
            break
        if first is not None:
            other = loader.construct_object(first, deep=deep)
            if other == key and type(other) is type(key):
                duplicates.append(
                    coded(
                        "",
                        "yaml.key_twice",
                        key=str(key)[:40],
                        first=_where(first.start_mark),
                        second=_where(key_node.start_mark),
                    )
                )
            else:
                duplicates.append(
                    coded(
                        "",
                        "yaml.keys_alike",
                        key=quote(other),
                        first=_where(first.start_mark),
                        other=quote(key),
                        second=_where(key_node.start_mark),
                    )
                )
        seen[spelling] = key_node
        explicit.setdefault(spelling, (key_node, value_node))
    if merges and len(merges) == 1:
        _check_merge(loader, node, merges[0], explicit, duplicates)
    return yaml.constructor.SafeConstructor.construct_mapping(loader, node, deep)


def _check_merge(
    loader: yaml.constructor.SafeConstructor,
    node: yaml.MappingNode,
    merge_key: yaml.Node,
    explicit: dict[Any, tuple[yaml.Node, yaml.Node]],
    problems: list[Problem],
) -> None:
    """Refuse a key that the merge at ``merge_key`` brings with one value and the mapping (or
    another merged mapping) gives with another."""
    value = next(v for k, v in node.value if k is merge_key)
    sources = value.value if isinstance(value, yaml.SequenceNode) else [value]
    given: dict[Any, Any] = {
        spelling: loader.construct_object(v, deep=True) for spelling, (_, v) in explicit.items()
    }
    where = {spelling: k.start_mark for spelling, (k, _) in explicit.items()}
    for source in sources:
        if not isinstance(source, yaml.MappingNode):
            continue  # the base constructor words that error
        for key_node, value_node in source.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue  # a merge inside the merged mapping is checked where it stands
            try:
                spelling = _key_spelling(loader.construct_object(key_node, deep=True))
                hash(spelling)
            except TypeError:
                continue
            merged = loader.construct_object(value_node, deep=True)
            if spelling in given and given[spelling] != merged:
                problems.append(
                    coded(
                        "",
                        "yaml.merge_overridden",
                        key=str(spelling)[:40],
                        first=_where(merge_key.start_mark),
                        second=_where(where[spelling]),
                    )
                )
            elif spelling not in given:
                given[spelling] = merged
                where[spelling] = key_node.start_mark


class _LimitError(yaml.YAMLError):
    """A value past one of :mod:`.limits`' bounds, found while constructing it."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def _bounded_number(kind: str) -> Any:
    base = getattr(yaml.constructor.SafeConstructor, f"construct_yaml_{kind}")

    def construct(loader: yaml.constructor.SafeConstructor, node: yaml.ScalarNode) -> Any:
        if len(str(node.value)) > MAX_NUMBER_CHARS:
            raise _LimitError(
                coded(
                    "",
                    "yaml.number_too_long",
                    where=_where(node.start_mark),
                    length=len(str(node.value)),
                    value=quote(node.value),
                    most=MAX_NUMBER_CHARS,
                )
            )
        return base(loader, node)

    return construct


class _Loader(yaml.SafeLoader):
    """A safe loader that keeps dates as text, so pydantic reports an impossible date clearly.

    PyYAML's own timestamp conversion raises a bare ValueError deep inside the parser for
    "2026-02-30"; as text, the plan model names the field and the value instead.
    """


_Loader.construct_mapping = _construct_mapping  # type: ignore[method-assign,assignment]
for _kind in ("int", "float"):
    _Loader.add_constructor(f"tag:yaml.org,2002:{_kind}", _bounded_number(_kind))
_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

#: libyaml, PyYAML's C parser, reads a plan file ten times faster than PyYAML's own, but the
#: two disagree on some unusual text (a tab, '?' keys, directives, tags, anchors, block scalars,
#: backslash escapes, a byte-order mark, control characters): libyaml accepts some files PyYAML
#: refuses. So only text made of none of those goes to libyaml, and anything libyaml refuses is
#: read again by PyYAML; what a file means, and every message, stays PyYAML's.
#: The unusual ASCII: controls but the newline, a tab, and YAML's indicator characters.
_UNUSUAL_ASCII = re.compile("[\x00-\x09\x0b-\x1f\x7f?%!&*|>@`\\\\]")


def _unusual(text: str) -> bool:
    """Whether ``text`` holds anything libyaml and PyYAML might read differently."""
    if _UNUSUAL_ASCII.search(text):
        return True
    # Beyond ASCII, only printable characters of the Basic Multilingual Plane are plain: no C1
    # control or no-break space (U+0080-U+00A0), line separators (U+2028/9), surrogates, BOM.
    return not text.isascii() and any(
        not (
            "\u00a1" <= ch <= "\u2027"
            or "\u202a" <= ch <= "\ud7ff"
            or "\ue000" <= ch <= "\ufefe"
            or "\uff00" <= ch <= "\ufffd"
        )
        for ch in text
        if ch > "\x7e"
    )


_FastLoader: type[yaml.CSafeLoader] | None = None
if getattr(yaml, "__with_libyaml__", False):

    class _CLoader(yaml.CSafeLoader):
        """:class:`_Loader` on libyaml: the same resolvers (dates kept as text)."""

    _CLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers
    _CLoader.construct_mapping = _construct_mapping  # type: ignore[method-assign,assignment]
    for _kind in ("int", "float"):
        _CLoader.add_constructor(f"tag:yaml.org,2002:{_kind}", _bounded_number(_kind))
    _FastLoader = _CLoader


def read_yaml(path: Path) -> dict[str, Any]:
    """Read one YAML mapping.

    Raises:
        MmschedError: the file is missing, unreadable, not YAML, or not a mapping.
    """
    text = read_text(path)
    check_text(text, str(path))
    try:
        data = _parse(text)
    except DuplicateKeyError as exc:
        raise MmschedError(exc.problems, file=str(path)) from None
    except _LimitError as exc:
        raise MmschedError(exc.problem, file=str(path)) from None
    except RecursionError:
        raise MmschedError(coded("", "file.nested_too_deeply"), file=str(path)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        if mark is None:
            error = coded("", "file.not_yaml", problem=problem)
        else:
            line, column = mark.line + 1, mark.column + 1
            error = coded("", "file.not_yaml_at", line=line, column=column, problem=problem)
        raise MmschedError(error, file=str(path)) from None
    if data is None:
        raise MmschedError(coded("", "file.empty"), file=str(path))
    check_values(data, str(path))
    if not isinstance(data, dict):
        raise MmschedError(coded("", "file.not_a_mapping"), file=str(path))
    return data


def _parse(text: str) -> Any:
    if _FastLoader is not None and not _unusual(text):
        try:
            return _load(text, _FastLoader)
        except (DuplicateKeyError, _LimitError):
            raise
        except yaml.YAMLError:
            pass  # PyYAML reads it again below and words the error
    return _load(text, _Loader)


def _load(text: str, loader_class: type[yaml.SafeLoader] | type[yaml.CSafeLoader]) -> Any:
    """One YAML document, or :class:`DuplicateKeyError` naming every key given twice."""
    loader = loader_class(text)
    try:
        data = loader.get_single_data()
    finally:
        loader.dispose()
    duplicates = loader.__dict__.get("duplicate_keys")
    if duplicates:
        raise DuplicateKeyError(duplicates)
    return data


def _merge_base(
    data: dict[str, Any], path: Path, seen: list[Path], regimen_dirs: tuple[Path, ...] = ()
) -> dict[str, Any]:
    """Resolve ``extends:``: start from the base regimen and lay this file's fields over it.

    A drug with the same name as one in the base replaces it in place; a drug with
    ``replaces: NAME`` takes that drug's place; any other drug is added at the end; supportive
    items likewise by their ``item`` name. ``seen`` gathers every file of the chain, this one
    first. A base named by id is a bundled regimen, else one of the library ``regimen_dirs``.
    """
    base_ref = data.get("extends")
    if base_ref is None:
        return data
    if not isinstance(base_ref, str):
        raise RegimenError(coded("extends", "regimen.extends.empty"))
    try:
        base_path = file_key(_regimen_path(base_ref, path.parent, regimen_dirs))
        base_data = read_yaml(base_path)
    except MmschedError as exc:
        where = Said(f" ({exc.file})", f"（{exc.file}）") if exc.file else ""
        detail = tuple(Problem("", p.message, p.code, p.params) for p in exc.problems)
        raise RegimenError(
            [coded("extends", "regimen.extends.unusable", ref=base_ref, where=where, detail=detail)]
        ) from None
    if base_path in seen:
        chain = " -> ".join(p.name for p in (*seen, base_path))
        raise RegimenError(coded("extends", "regimen.extends.loop", chain=chain))
    seen.append(base_path)
    base = _merge_base(base_data, base_path, seen, regimen_dirs)
    merged = {k: copy.deepcopy(v) for k, v in base.items() if k not in ("id", "extends")}
    merged.update({k: v for k, v in data.items() if k not in ("drugs", "supportive")})
    merged["supportive"] = _merge_supportive(base.get("supportive"), data.get("supportive"))
    drugs: list[Any] = list(merged.get("drugs") or [])
    extra = data.get("drugs") or []
    if not isinstance(extra, list):
        raise RegimenError(coded("drugs", "regimen.drugs.not_a_list"))
    for i, drug in enumerate(extra):
        if not isinstance(drug, dict):
            raise RegimenError(coded(f"drugs[{i}]", "regimen.drug.not_a_mapping"))
        target = drug.get("replaces", drug.get("drug"))
        names = [d.get("drug") if isinstance(d, dict) else None for d in drugs]
        if target in names:
            drugs[names.index(target)] = drug
        elif "replaces" in drug:
            raise RegimenError(
                [
                    coded(
                        f"drugs[{i}].replaces",
                        "regimen.extends.no_drug_to_replace",
                        base=base_ref,
                        drug=target,
                    )
                ]
            )
        else:
            drugs.append(drug)
    merged["drugs"] = drugs
    return merged


def _merge_supportive(base: Any, extra: Any) -> Any:
    """Supportive items are inherited: an item of the same name replaces the base's in place,
    any other is added at the end (a malformed list is left for validation to report)."""
    if not isinstance(base, list) or not isinstance(extra, list):
        return extra if extra is not None else (base if base is not None else [])
    items: list[Any] = list(base)
    for entry in extra:
        names = [i.get("item") if isinstance(i, dict) else None for i in items]
        name = entry.get("item") if isinstance(entry, dict) else None
        if name is not None and name in names:
            items[names.index(name)] = entry
        else:
            items.append(entry)
    return items


def _regimen_path(ref: str, base_dir: Path | None, regimen_dirs: Sequence[str | Path] = ()) -> Path:
    """Resolve a regimen reference: a bundled id, a file path (relative to ``base_dir``), or
    the id of a regimen in one of the library folders ``regimen_dirs`` (searched after the
    bundled ids: see :mod:`.library`)."""
    if "/" in ref or "\\" in ref or ref.endswith((".yaml", ".yml")):
        path = Path(ref)
        if not path.is_absolute() and base_dir is not None:
            path = base_dir / path
        return path
    path = bundled_regimens_dir() / f"{ref}.yaml"
    if path.is_file():
        return path
    known = list(bundled_regimen_ids())
    if regimen_dirs:
        from .library import scan  # only when there is a library: most runs have none

        local = scan(regimen_dirs, read_yaml)
        found = local.find(ref)
        if found is not None:
            return found
        raise RegimenError(
            coded(
                "regimen",
                "plan.regimen.not_found_in_library",
                ref=ref,
                known=known,
                library=local.not_found(ref),
            )
        )
    raise RegimenError(coded("regimen", "plan.regimen.not_found", ref=ref, known=known))


def _folders(regimen_dirs: Sequence[str | Path]) -> tuple[Path, ...]:
    """The library folders as paths, each once, in the order given."""
    return tuple(dict.fromkeys(Path(entry) for entry in regimen_dirs))


def regimen_file(
    ref: str, base_dir: Path | None = None, *, regimen_dirs: Sequence[str | Path] = ()
) -> Path:
    """The file a regimen reference leads to: a bundled regimen's, the path given (relative to
    ``base_dir``), or the file of a local regimen of ``regimen_dirs`` with that id.

    Raises:
        RegimenError: no regimen has that id, or two local files have it.
    """
    return _regimen_path(ref, base_dir, _folders(regimen_dirs))


def load_regimen(
    id_or_path: str | Path,
    base_dir: Path | None = None,
    *,
    regimen_dirs: Sequence[str | Path] = (),
) -> Regimen:
    """Load a regimen: a bundled id (``"rvd"``), a regimen file's path, or the id of a regimen
    in one of the library folders ``regimen_dirs``.

    Args:
        id_or_path: a bundled id, a path to a YAML regimen file, or a local regimen's id.
        base_dir: the folder a relative path is taken from (the plan file's folder).
        regimen_dirs: folders of local regimens, found by their ``id:`` after the bundled ids
            (bundled ids win; two local files with one id are refused). An ``extends:`` of
            the regimen is looked up the same way.

    Raises:
        MmschedError: naming the file, the field and the fix.
    """
    dirs = _folders(regimen_dirs)
    path = (
        Path(id_or_path)
        if isinstance(id_or_path, Path)
        else _regimen_path(id_or_path, base_dir, dirs)
    )
    path = file_key(path)
    cached = _REGIMENS.get((path, dirs))
    if cached is not None and _stamps(cached[0]) == cached[1]:
        return cached[2]
    chain = [path]
    try:
        regimen = Regimen.model_validate(_merge_base(read_yaml(path), path, chain, dirs))
    except ValidationError as exc:
        raise RegimenError(problems_from_validation(exc), file=str(path)) from None
    except MmschedError as exc:
        raise exc.in_file(str(path)) from None
    _not_a_bundled_id(regimen.id, path)
    regimen._found_in = (path.parent, dirs)
    _REGIMENS[(path, dirs)] = (tuple(chain), _stamps(chain), regimen)
    return regimen


def _not_a_bundled_id(regimen_id: str, path: Path) -> None:
    """Refuse a regimen file (named by path) that carries a bundled regimen's id but is not
    that regimen: every view would label it as the bundled one ("rvd / RVD") whatever doses it
    holds (issue 12). The local library refuses such a file the same way (:mod:`.library`);
    an exact copy of the bundled file is the bundled regimen, and is accepted."""
    bundled = {b.casefold(): b for b in bundled_regimen_ids()}
    bundled_id = bundled.get(regimen_id.casefold())
    if bundled_id is None:
        return
    own = bundled_regimens_dir() / f"{bundled_id}.yaml"
    if file_key(own) == path:
        return
    try:
        if path.read_bytes() == own.read_bytes():
            return
    except OSError:
        pass
    raise RegimenError([coded("", "library.bundled_id", id=bundled_id)], file=str(path))


#: Validated regimens by file (and the library folders an ``extends:`` was looked up in), with
#: every file of their ``extends`` chain and its modification time: regimens are immutable, so
#: one validated copy serves every plan until a file of its chain changes.
_REGIMENS: dict[
    tuple[Path, tuple[Path, ...]], tuple[tuple[Path, ...], tuple[int, ...], Regimen]
] = {}


def _stamps(files: Iterable[Path]) -> tuple[int, ...]:
    """Modification times in nanoseconds (-1 for a file that is gone)."""
    out = []
    for file in files:
        try:
            out.append(file.stat().st_mtime_ns)
        except OSError:
            out.append(-1)
    return tuple(out)


def _validated(model: type[Any], data: dict[str, Any], path: Path) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise MmschedError(problems_from_validation(exc), file=str(path)) from None


def load_holiday_file(path: str | Path) -> HolidayFile:
    """Load one year of official holidays and adjusted working days."""
    path = Path(path)
    from .ward import HolidayFile  # ward and holiday models: only when a ward file is read

    data: HolidayFile = _validated(HolidayFile, read_yaml(path), path)
    return data


def load_ward(path: str | Path) -> WardCalendar:
    """Load a ward file (closed weekdays, holidays, extra closed and open dates).

    ``holidays: cn`` adds every bundled year of China's official holidays; ``holiday_files``
    (paths relative to the ward file) add more years in the same form.

    Raises:
        MmschedError: naming the file, the field and the fix.
    """
    path = Path(path)
    key = file_key(path)
    cached = _WARD_CACHE.get(key)
    if cached is not None and cached[0] == _ward_stamps(cached[1]):
        return cached[2]
    from .ward import WardFile, build_calendar  # only when a ward file is read

    ward: WardFile = _validated(WardFile, read_yaml(path), path)
    sources = [path]
    if ward.holidays == "cn":
        sources.extend(sorted(HOLIDAYS_DIR.glob("cn-*.yaml")))
    sources.extend(path.parent / extra for extra in ward.holiday_files)
    files = []
    for source in sources[1:]:
        try:
            files.append(load_holiday_file(source))
        except MmschedError as exc:
            raise MmschedError(
                coded(
                    "holiday_files",
                    "ward.holiday_file.bad",
                    source=source,
                    problems=tuple(exc.problems),
                ),
                file=str(path),
            ) from None
    resolved = tuple(file_key(p) for p in sources)
    _one_file_per_year(path, sources[1:], resolved[1:], files)
    calendar = build_calendar(ward, files)
    stamps = _ward_stamps(resolved)
    if stamps is not None:
        _WARD_CACHE[key] = (stamps, resolved, calendar)
    return calendar


def _one_file_per_year(
    ward: Path, sources: list[Path], resolved: tuple[Path, ...], files: list[HolidayFile]
) -> None:
    """Refuse a holiday file read twice (under two names, or bundled and listed again) and
    two files for one country's year: which of their days would win depends on the order."""
    first: dict[object, Path] = {}
    for source, real, data in zip(sources, resolved, files, strict=True):
        for key in (real, (data.country.casefold(), data.year)):
            if key in first:
                if key == real:
                    problem = coded(
                        "holiday_files", "ward.holiday_file.same_file", source=source,
                        other=first[key],
                    )  # fmt: skip
                else:
                    problem = coded(
                        "holiday_files", "ward.holiday_file.same_year", source=source,
                        other=first[key], country=data.country, year=data.year,
                    )  # fmt: skip
                raise MmschedError(problem, file=str(ward))
            first[key] = source


#: Loaded ward calendars by the path given, with the files they were read from and the
#: modification times of those files (and of the bundled holiday folder): a ward shared by
#: thousands of plans is read once, and an edited ward or holiday file is read again.
_WARD_CACHE: dict[Path, tuple[tuple[int, ...], tuple[Path, ...], WardCalendar]] = {}


def _ward_stamps(paths: tuple[Path, ...]) -> tuple[int, ...] | None:
    try:
        return (HOLIDAYS_DIR.stat().st_mtime_ns, *(p.stat().st_mtime_ns for p in paths))
    except OSError:
        return None


def load_plan(
    path: str | Path,
    ward: str | Path | WardCalendar | None = None,
    *,
    regimen_dirs: Sequence[str | Path] = (),
) -> Plan:
    """Load a plan file; its regimen is a bundled id, a path relative to the plan file, or the
    id of a regimen in one of the library folders ``regimen_dirs``.

    Args:
        path: the plan file.
        ward: a ward file, or a calendar from :func:`load_ward`, that overrides the plan's own
            ``ward:`` (the CLI's ``--ward``).
        regimen_dirs: folders of local regimens, searched by id after the bundled ids (see
            :func:`load_regimen`).

    Raises:
        MmschedError: naming the file, the field and the fix.
    """
    path = Path(path)
    return plan_from_mapping(read_yaml(path), path, ward, regimen_dirs=regimen_dirs)


def _plan_regimen_path(
    data: dict[str, Any], path: Path, regimen_dirs: tuple[Path, ...] = ()
) -> Path:
    """The regimen file a plan names, or a PlanError on its ``regimen`` field."""
    regimen_ref = data.get("regimen")
    if not isinstance(regimen_ref, str):
        raise PlanError(coded("regimen", "plan.regimen.empty"))
    try:
        regimen_path = _regimen_path(regimen_ref, path.parent, regimen_dirs)
    except RegimenError as exc:
        raise PlanError(exc.problems) from None
    problem = not_a_file(regimen_path)
    if problem is not None and problem.code != "file.not_a_file.missing":
        raise PlanError(
            coded("regimen", "plan.regimen.not_a_file", path=regimen_path, problem=problem)
        )
    if problem is not None:
        raise PlanError(
            [
                coded(
                    "regimen",
                    "plan.regimen.no_file",
                    path=regimen_path,
                    known=list(bundled_regimen_ids()),
                )
            ]
        )
    return regimen_path


def _problems_without_regimen(data: dict[str, Any]) -> list[Problem]:
    """The plan's other problems, found by validating it with its regimen left out."""
    try:
        Plan.model_validate({**data, "regimen": None, "ward": None})
    except MmschedError as exc:
        return [p for p in exc.problems if p.field != "regimen"]
    return []


def plan_from_mapping(
    data: dict[str, Any],
    path: Path,
    ward: str | Path | WardCalendar | None = None,
    *,
    regimen_dirs: Sequence[str | Path] = (),
) -> Plan:
    """A plan from the mapping :func:`read_yaml` read from ``path``: :func:`load_plan` for a
    caller that has read the file already (the ward sheet looks at each file once).

    Raises:
        MmschedError: naming the file, the field and the fix.
    """
    try:
        try:
            dirs = _folders(regimen_dirs)
            regimen = load_regimen(_plan_regimen_path(data, path, dirs), regimen_dirs=dirs)
        except PlanError as exc:
            # The plan names no usable regimen: report that with every other problem of the
            # plan (checked without a regimen), not on its own.
            raise PlanError(exc.problems + _problems_without_regimen(data)) from None
        calendar = None
        if isinstance(ward, WardCalendar):
            calendar = ward
        elif ward is not None:
            calendar = load_ward(ward)
        elif isinstance(data.get("ward"), str) and not data["ward"].strip():
            raise PlanError(coded("ward", "plan.ward.empty"))
        elif isinstance(data.get("ward"), str):
            try:
                calendar = load_ward(path.parent / data["ward"])
            except MmschedError as exc:  # the plan's own field named it: say so
                raise PlanError(coded("ward", "plan.ward.unusable", error=exc)) from None
        elif data.get("ward") is not None:
            raise PlanError(coded("ward", "plan.ward.not_a_path"))
        plan = Plan.model_validate({**data, "regimen": regimen, "ward": calendar})
        plan._source = str(path)  # so that errors found when expanding it name the file
        return plan
    except ValidationError as exc:
        raise PlanError(problems_from_validation(exc), file=str(path)) from None
    except MmschedError as exc:
        raise exc.in_file(str(path)) from None


resolve.register(regimen=load_regimen, ward=load_ward)
