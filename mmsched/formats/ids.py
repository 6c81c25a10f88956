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

from ..errors import CodedError, Said

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
    mmsched.errors.CodedError: contains U+200B ZERO WIDTH SPACE at character 8 ...
    """
    value = unicodedata.normalize("NFKC", text).strip()
    if not value:
        raise CodedError("id.empty")
    hidden = [(i, ch) for i, ch in enumerate(value, 1) if unicodedata.category(ch) in INVISIBLE]
    if hidden:
        raise CodedError("id.invisible", where=_places(hidden))
    if not value[0].isalnum():
        rest = next((value[i:] for i, ch in enumerate(value) if ch.isalnum()), "GZ-0001")
        raise CodedError("id.first_character", first=repr(value[0]), rest=rest)
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
    mmsched.errors.CodedError: contains U+2212 MINUS SIGN at character 3, a dash ...; ...
    """
    for i, ch in enumerate(value, 1):
        category = unicodedata.category(ch)
        if (ch in ID_PUNCTUATION or category in ("Nd", *LETTERS)) and ch not in FILLERS:
            continue
        if ch in DASHES:
            raise CodedError("id.dash", char=_char_name(ch), at=i)
        if ch.isspace():
            raise CodedError("id.space", at=i)
        if ch in FILLERS or category in ("Mn", "Me", "Mc"):
            code = "id.filler" if ch in FILLERS else "id.mark"
            raise CodedError(code, char=_char_name(ch), at=i)
        raise CodedError("id.character", char=_char_name(ch), at=i)
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
        script = Said(other.title(), {"CYRILLIC": "西里尔", "GREEK": "希腊"}.get(other, other))
        raise CodedError("id.scripts", script=script, char=_char_name(first[1]), at=first[0])


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
    mmsched.errors.CodedError: contains U+0009 at character 9 (a line break, tab, escape code or ...
    >>> plain_name("Ana María Núñez")
    'Ana María Núñez'
    """
    refused = [
        (i, ch)
        for i, ch in enumerate(text, 1)
        if unicodedata.category(ch) in NAME_BREAKING or ch in BIDI_CONTROLS
    ]
    if refused:
        raise CodedError("name.line_breaking", where=_places(refused))
    if len(text) > MAX_NAME_CHARS:
        raise CodedError("name.too_long", length=len(text), most=MAX_NAME_CHARS)
    hidden = [
        (i, ch)
        for i, ch in enumerate(text, 1)
        if unicodedata.category(ch) == "Cf" and ch not in JOINERS
    ]
    if hidden:
        i, ch = hidden[0]
        raise CodedError("name.invisible", char=_char_name(ch), at=i)
    stacked = 0
    for i, ch in enumerate(text, 1):
        stacked = stacked + 1 if unicodedata.category(ch) in ("Mn", "Me") else 0
        if stacked > MAX_STACKED_MARKS:
            raise CodedError("name.stacked_marks", most=MAX_STACKED_MARKS, at=i)
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


def _places(found: list[tuple[int, str]]) -> Said:
    """The first three characters found, with where they are, in each language."""
    en = "; ".join(f"{_char_name(ch)} at character {i}" for i, ch in found[:3])
    zh = "；".join(f"第 {i} 个字符 {_char_name(ch)}" for i, ch in found[:3])
    if len(found) > 3:
        en += f" and {len(found) - 3} more"
        zh += f"，另有 {len(found) - 3} 个"
    return Said(en, zh)
