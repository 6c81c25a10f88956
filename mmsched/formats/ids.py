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
    _only_id_characters(value)
    return value


#: Besides letters and digits of any script, an id may hold these.
ID_PUNCTUATION = frozenset("-_./")
#: Letters (by Unicode's count) that show nothing: Hangul fillers; the braille blank shows
#: nothing either (it is a symbol, refused as one anyway, but named here for the message).
FILLERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
#: Dashes that look like the hyphen-minus: U+2010-2015 and the minus sign U+2212.
DASHES = frozenset("\u2010\u2011\u2012\u2013\u2014\u2015\u2212")
#: Scripts whose letters look like Latin ones: an id mixing them with Latin is two ids that
#: read as one (a Cyrillic 'Г' or 'А' beside 'Z').
LOOK_ALIKE_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK")


def _only_id_characters(value: str) -> None:
    """Refuse, in an id already normalised, whatever could make one patient two that read
    the same (issue 12): a character that is not a letter or digit of some script nor one of
    ``- _ . /``; combining marks, fillers and variation selectors (they show nothing, or sit
    on the character before); look-alike dashes; a space; Latin letters mixed with Cyrillic
    or Greek ones.

    >>> _only_id_characters("GZ-0001/b_2.x")
    >>> _only_id_characters("GZ\u22120001")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: contains U+2212 MINUS SIGN at character 3, a dash that looks like '-'; ...
    """
    for i, ch in enumerate(value, 1):
        category = unicodedata.category(ch)
        if (ch in ID_PUNCTUATION or category in ("Nd", *LETTERS)) and ch not in FILLERS:
            continue
        if ch in DASHES:
            raise ValueError(
                f"contains {_char_name(ch)} at character {i}, a dash that looks like '-'; "
                "write the id with the hyphen-minus '-', as the ward's records do"
            )
        if ch.isspace():
            raise ValueError(
                f"contains a space at character {i}; an id is one word (letters, digits and "
                "- _ . /): write it as the ward's records do, e.g. GZ-0001"
            )
        if ch in FILLERS or category in ("Mn", "Me", "Mc"):
            what = (
                "a filler that shows nothing" if ch in FILLERS else "a mark on the character before"
            )
            raise ValueError(
                f"contains {_char_name(ch)} at character {i} ({what}, often pasted along with "
                "copied text); type the id again by hand, without it"
            )
        raise ValueError(
            f"contains {_char_name(ch)} at character {i}; an id holds only letters, digits "
            "and - _ . /: write it as the ward's records do, e.g. GZ-0001"
        )
    scripts = {
        script
        for ch in value
        if unicodedata.category(ch) in LETTERS
        for script in LOOK_ALIKE_SCRIPTS
        if unicodedata.name(ch, "").startswith(script + " ")
    }
    if "LATIN" in scripts and len(scripts) > 1:
        other = sorted(scripts - {"LATIN"})[0]
        first = next(
            (i, ch) for i, ch in enumerate(value, 1) if unicodedata.name(ch, "").startswith(other)
        )
        raise ValueError(
            f"mixes Latin letters with {other.title()} ones ({_char_name(first[1])} at "
            f"character {first[0]}), which look alike: type the id again by hand, in one "
            "script"
        )


#: The Unicode categories of letters.
LETTERS = ("Lu", "Ll", "Lt", "Lm", "Lo")


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
    if len(text) > MAX_NAME_CHARS:
        raise ValueError(
            f"is {len(text)} characters long; a name is at most {MAX_NAME_CHARS} characters: "
            "write it as the ward's records do"
        )
    hidden = [
        (i, ch)
        for i, ch in enumerate(text, 1)
        if unicodedata.category(ch) == "Cf" and ch not in JOINERS
    ]
    if hidden:
        i, ch = hidden[0]
        raise ValueError(
            f"contains {_char_name(ch)} at character {i} (an invisible character: a zero-width "
            "space, byte-order mark, soft hyphen or tag, often pasted along with copied text); "
            "type the name again by hand, without it"
        )
    stacked = 0
    for i, ch in enumerate(text, 1):
        stacked = stacked + 1 if unicodedata.category(ch) in ("Mn", "Me") else 0
        if stacked > MAX_STACKED_MARKS:
            raise ValueError(
                f"has more than {MAX_STACKED_MARKS} accents or marks stacked on one letter "
                f"(at character {i}): they spill over the lines around it; write the name as "
                "the ward's records do"
            )
    return text


#: A name is at most this many characters (a real one is a few dozen; 3.9 MB of name made a
#: 459 MB calendar, issue 12).
MAX_NAME_CHARS = 100
#: Combining marks stacked on one letter: Vietnamese uses two (ệ written as e + two marks).
MAX_STACKED_MARKS = 3
#: The only format characters a name keeps: the zero-width non-joiner and joiner, which some
#: scripts (Persian, the Indic scripts) need to spell a name.
JOINERS = frozenset("\u200c\u200d")


def _char_name(ch: str) -> str:
    """``U+200B ZERO WIDTH SPACE``; a control character has no name, so only its code point.

    >>> _char_name("\\t"), _char_name("\\ufeff")
    ('U+0009', 'U+FEFF ZERO WIDTH NO-BREAK SPACE')
    """
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X} {name}".rstrip()
