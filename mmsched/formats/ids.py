"""Patient ids: one spelling per patient, nothing invisible in it, safe in every output.

The id ties a plan to its patient on the ward sheet, in the ``.ics`` UIDs and in the CSV files
other programs read. A zero-width space pasted with an id (issue 12) made one patient two: the
sheet listed her twice and doubled the drug totals. So an id is normalised (Unicode NFKC, so a
full-width ``ＧＺ-0001`` is ``GZ-0001``; spaces around it trimmed), control and format characters
(Unicode categories Cc and Cf: tabs, line breaks, zero-width spaces, byte-order marks, direction
marks) are refused wherever they are, and it starts with a letter or a digit, so that no
spreadsheet reads an id column as a formula. Ids are compared case-insensitively
(:func:`mmsched.engine.courses.patient_key`): ``gz-0001`` is ``GZ-0001``.
"""

from __future__ import annotations

import unicodedata

#: The Unicode categories refused anywhere in an id: control (Cc) and format (Cf) characters.
INVISIBLE = frozenset({"Cc", "Cf"})


def normal_id(text: str) -> str:
    """``text`` as a patient id: NFKC, trimmed, checked.

    Raises:
        ValueError: the id is empty, holds a control or format character, or does not start
            with a letter or a digit; the message says which character and the fix.

    >>> normal_id(" ＧＺ-0001 ")
    'GZ-0001'
    >>> normal_id("GZ-0001\\u200b")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: contains U+200B ZERO WIDTH SPACE at character 8 (a control or format ...
    """
    value = unicodedata.normalize("NFKC", text).strip()
    if not value:
        raise ValueError("is empty; give the patient's id as the ward writes it, e.g. GZ-0001")
    hidden = [(i, ch) for i, ch in enumerate(value, 1) if unicodedata.category(ch) in INVISIBLE]
    if hidden:
        where = "; ".join(f"{_char_name(ch)} at character {i}" for i, ch in hidden[:3])
        more = f" and {len(hidden) - 3} more" if len(hidden) > 3 else ""
        raise ValueError(
            f"contains {where}{more} (a control or format character: invisible, and often "
            "pasted along with copied text); type the id again by hand, without it"
        )
    if not value[0].isalnum():
        rest = next((value[i:] for i, ch in enumerate(value) if ch.isalnum()), "GZ-0001")
        raise ValueError(
            f"starts with {value[0]!r}; an id starts with a letter or a digit (so that no "
            f"spreadsheet reads it as a formula): write it as the ward's records do, e.g. {rest}"
        )
    return value


def _char_name(ch: str) -> str:
    """``U+200B ZERO WIDTH SPACE``; a control character has no name, so only its code point.

    >>> _char_name("\\t"), _char_name("\\ufeff")
    ('U+0009', 'U+FEFF ZERO WIDTH NO-BREAK SPACE')
    """
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X} {name}".rstrip()
