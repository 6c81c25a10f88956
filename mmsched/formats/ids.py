"""Patient ids and names: one spelling per patient, nothing invisible in it, safe in every output.

The id ties a plan to its patient on the ward sheet, in the ``.ics`` UIDs and in the CSV files
other programs read. A zero-width space pasted with an id (issue 12) made one patient two: the
sheet listed her twice and doubled the drug totals. So an id is normalised (Unicode NFKC, so a
full-width ``ＧＺ-0001`` is ``GZ-0001``; spaces around it trimmed), control and format characters
(Unicode categories Cc and Cf: tabs, line breaks, zero-width spaces, byte-order marks, direction
marks) are refused wherever they are, and it starts with a letter or a digit, so that no
spreadsheet reads an id column as a formula. Ids are compared case-insensitively
(:func:`mmsched.engine.courses.patient_key`): ``gz-0001`` is ``GZ-0001``.

A name is shown, never compared, so it is kept as written; but it is printed on one line in a
calendar's title, a terminal and a sheet, so :func:`plain_name` refuses what would break the
line or change what a nurse reads (issue 12): control characters (Unicode Cc: a line break
ended the ``.ics`` export with a traceback, an escape code recolours a terminal), line and
paragraph separators, and the bidirectional controls that reorder the text around them.
"""

from __future__ import annotations

import unicodedata

#: The Unicode categories refused anywhere in an id: control (Cc) and format (Cf) characters.
INVISIBLE = frozenset({"Cc", "Cf"})

#: Refused in a name: control characters, line and paragraph separators (categories)...
NAME_BREAKING = frozenset({"Cc", "Zl", "Zp"})
#: ...and the bidirectional controls (Unicode UAX 9: ALM, LRM, RLM, the embeddings, overrides
#: and isolates), which show the text after them in another order ("Trojan Source").
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


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


def plain_name(text: str) -> str:
    """``text`` as a patient's name: unchanged, once checked to be one line of plain text.

    Raises:
        ValueError: the name holds a control character, a line or paragraph separator or a
            bidirectional control; the message says which and where, and the fix.

    >>> plain_name("廖秀妹 Liao\\tXiumei")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: contains U+0009 at character 9 (a line break, tab, escape code or ...
    >>> plain_name("Ana María Núñez")
    'Ana María Núñez'
    """
    refused = [
        (i, ch)
        for i, ch in enumerate(text, 1)
        if unicodedata.category(ch) in NAME_BREAKING or ch in BIDI_CONTROLS
    ]
    if refused:
        where = "; ".join(f"{_char_name(ch)} at character {i}" for i, ch in refused[:3])
        more = f" and {len(refused) - 3} more" if len(refused) > 3 else ""
        raise ValueError(
            f"contains {where}{more} (a line break, tab, escape code or direction mark: it "
            "would break the line the name is printed on, or change what is read); write the "
            "name on one line, as the ward's records do, without it"
        )
    return text


def _char_name(ch: str) -> str:
    """``U+200B ZERO WIDTH SPACE``; a control character has no name, so only its code point.

    >>> _char_name("\\t"), _char_name("\\ufeff")
    ('U+0009', 'U+FEFF ZERO WIDTH NO-BREAK SPACE')
    """
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X} {name}".rstrip()
