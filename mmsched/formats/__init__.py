"""The file contract: regimen, plan, ward and holiday files as pydantic models, and reading them.

The models validate a file field by field, report every problem at once, and compile into the
engine's plain types (:class:`mmsched.engine.course.Course`), so nothing after this stage sees
pydantic. May import ``engine``, ``errors`` and ``data``; never a view, an export or the CLI.

Importing this package registers the file reader as the resolver of regimens and wards named
by text (``Plan(regimen="rvd-il2")``), so the models never import the reader themselves.
"""

from __future__ import annotations

from . import reader as reader
