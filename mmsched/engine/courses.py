"""A patient's courses across plan files: who a plan is for, and when its course runs.

One patient may have several plans (a finished course and the next one). Two plans are the same
patient's when their ids are equal regardless of case (:func:`patient_key`).
"""

from __future__ import annotations

import unicodedata


def patient_key(patient_id: str) -> str:
    """The id as ids are compared: without regard to case (``gz-0001`` is ``GZ-0001``).

    >>> patient_key("gz-0001") == patient_key("GZ-0001")
    True
    >>> patient_key("Straße") == patient_key("STRASSE")
    True
    """
    return unicodedata.normalize("NFKC", patient_id.casefold())
