"""Shared test fixtures: paths, golden files, and the clean-environment CLI runner."""

from __future__ import annotations

import os
from collections.abc import Generator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
REGIMENS = ROOT / "regimens"
GOLDEN = Path(__file__).resolve().parent / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite golden files from the current output (review the diff before committing)",
    )


class Golden:
    """Compare text with a golden file under tests/golden/, or rewrite it with --update-golden."""

    def __init__(self, update: bool) -> None:
        self.update = update

    def check(self, name: str, actual: str | bytes) -> None:
        path = GOLDEN / name
        data = actual.encode("utf-8") if isinstance(actual, str) else actual
        if self.update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            return
        assert path.is_file(), f"no golden file {path}; run pytest --update-golden and review it"
        expected = path.read_bytes()
        if isinstance(actual, str):
            assert actual == expected.decode("utf-8")
        else:
            assert data == expected


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Golden:
    return Golden(bool(request.config.getoption("--update-golden")))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, None]:
    """With MMSCHED_REQUIRE_INTEROP=1 (set by .ci/run), an interop test that would be skipped
    because its outside tool is missing fails instead, so CI cannot pass without running it."""
    outcome = yield
    report = outcome.get_result()
    if (
        report.skipped
        and os.environ.get("MMSCHED_REQUIRE_INTEROP") == "1"
        and item.get_closest_marker("interop") is not None
        and not hasattr(report, "wasxfail")
    ):
        report.outcome = "failed"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.longrepr = f"MMSCHED_REQUIRE_INTEROP=1 but the test was skipped: {reason}"


@pytest.fixture(autouse=True)
def _english_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests pin their language (issue 14): English unless a test asks for another. A test of
    the default rule itself sets or removes ``MMSCHED_LANG`` in the environment it runs with."""
    monkeypatch.setenv("MMSCHED_LANG", "en")
