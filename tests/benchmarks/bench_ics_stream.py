"""Write the .ics of N generated plans as a stream, in a process of its own, and report its
peak memory (``ru_maxrss``) and time as one JSON line.

Usage: ``python bench_ics_stream.py N OUT.ics``. Plans are generated, validated, expanded and
written one at a time (``mmsched.expand_many`` into ``write_ics`` on an open file), as a nightly
export of a province's plans would run; nothing holds more than one plan's events.

The peak is the process's own high-water mark (``VmHWM`` in ``/proc/self/status``):
``ru_maxrss`` would report the parent's size, since Linux carries it across ``exec``, and this
script is started from a pytest process that holds ten thousand plans.
"""

from __future__ import annotations

import datetime as dt
import json
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import bench_plans

from mmsched import Plan, expand_many
from mmsched.exports.ics import IcsOptions, write_ics

STAMP = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)


def peak_kb() -> int:
    """The peak resident memory of this process, in KiB."""
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(line.split()[1])


def main(count: int, out: Path) -> None:
    started = time.perf_counter()
    imports_kb = peak_kb()
    with tempfile.TemporaryDirectory() as folder:
        calendars = bench_plans.write_wards(Path(folder))

        def plans() -> Iterator[Plan]:
            for generated in bench_plans.iterate(count):
                yield bench_plans.build_one(generated, calendars)

        options = IcsOptions(stamp=STAMP, lang="zh", calendar_name="Province")
        with out.open("wb") as stream:
            stats = write_ics(expand_many(plans()), stream, options)
    peak = peak_kb()
    print(
        json.dumps(
            {
                "plans": stats.schedules,
                "events": stats.events,
                "bytes": out.stat().st_size,
                "seconds": time.perf_counter() - started,
                "peak_mb": peak / 1024,
                "imports_mb": imports_kb / 1024,
            }
        )
    )


if __name__ == "__main__":
    main(int(sys.argv[1]), Path(sys.argv[2]))
