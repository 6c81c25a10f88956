"""The ward server under uvicorn with a clock the test sets: for the tests only.

    python clocked_server.py FOLDER CLOCK_FILE PORT

``CLOCK_FILE`` holds an ISO 8601 time with its zone; the server reads it on every request, so a
test moves time (fourteen days, say) by writing the file, without restarting the server.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import uvicorn

from mmsched.server import create_app


def main() -> None:
    folder, clock_file, port = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])

    def clock() -> dt.datetime:
        return dt.datetime.fromisoformat(clock_file.read_text(encoding="utf-8").strip())

    app = create_app(folder, clock=clock, lang="zh", tz="Asia/Shanghai")
    uvicorn.run(app, host="127.0.0.1", port=port, access_log=False, log_level="warning")


if __name__ == "__main__":
    main()
