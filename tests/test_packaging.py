"""The wheel carries the bundled regimens and py.typed, and an installed copy finds its regimens
from any folder, without the work tree."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REGIMEN_IDS = sorted(p.stem for p in (ROOT / "regimens").glob("*.yaml"))


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    command = [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--quiet"]
    if importlib.util.find_spec("hatchling") is not None:
        # hatchling is here already: build without fetching it (works offline).
        command.append("--no-build-isolation")
    result = subprocess.run(
        [*command, "-w", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    wheels = list(out.glob("mmsched-*.whl"))
    assert len(wheels) == 1
    return wheels[0]


def test_wheel_contains_regimens_and_py_typed(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "mmsched/py.typed" in names
    assert "mmsched/__init__.py" in names
    for regimen_id in REGIMEN_IDS:
        assert f"mmsched/regimens/{regimen_id}.yaml" in names
    assert not any(name.startswith("tests/") for name in names)


CHECK = r"""
import json, sys
from pathlib import Path
import mmsched
from mmsched.data import bundled_regimens_dir

rvd = mmsched.load_regimen("rvd")
schedule = mmsched.expand(mmsched.load_plan("case1.yaml"))
bortezomib = next(a for a in schedule.administrations if a.drug == "bortezomib")
print(json.dumps({
    "module": mmsched.__file__,
    "regimens_dir": str(bundled_regimens_dir()),
    "ids": mmsched.bundled_regimen_ids(),
    "rvd_drugs": [r.drug for r in rvd.rules],
    "count": len(schedule.administrations),
    "bortezomib": [str(bortezomib.date), str(bortezomib.dose)],
}))
"""


def test_installed_copy_finds_its_regimens_from_another_folder(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    elsewhere = tmp_path / "ward"
    elsewhere.mkdir()
    shutil.copy(ROOT / "examples" / "case1-rvd-il2.yaml", elsewhere / "case1.yaml")
    env = {**os.environ, "PYTHONPATH": str(site)}
    result = subprocess.run(
        [sys.executable, "-c", CHECK],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    # The unpacked wheel is what ran, not the work tree.
    assert Path(data["module"]).resolve().is_relative_to(site.resolve())
    assert Path(data["regimens_dir"]).resolve() == (site / "mmsched" / "regimens").resolve()
    assert data["ids"] == REGIMEN_IDS
    assert data["rvd_drugs"] == ["lenalidomide", "bortezomib", "dexamethasone"]
    assert data["count"] == 94  # 56 + 8 + 16 + 14, as in test_expander
    assert data["bortezomib"] == ["2026-12-01", "2.0"]
