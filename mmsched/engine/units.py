"""Doses as text and as numbers: parsing "1.3 mg/m2", rounding half-up, writing doses per ISMP.

All arithmetic is in :class:`decimal.Decimal`. Float ``round()`` rounds half to even and works on
binary approximations (``round(2.675, 2) == 2.67``); a dose must round the way a pharmacist does it
on paper, half-up on the decimal value (1.65 -> 1.7, 3.25 -> 3.3).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation

from ..errors import CodedError, Said

#: Units a dose may be written in, with the spellings accepted for each. The canonical spelling
#: follows ISMP: "mcg" (never µg, which is misread as mg), "IU" written out in full, never "U".
UNIT_ALIASES: dict[str, str] = {
    "mg": "mg",
    "mcg": "mcg",
    "µg": "mcg",
    "μg": "mcg",
    "ug": "mcg",
    "g": "g",
    "iu": "IU",
}
#: What a dose may be per: body-surface area or body weight.
PER_ALIASES: dict[str, str] = {"m2": "m2", "m²": "m2", "kg": "kg"}

_NUMBER = r"\d[\d,]*(?:\.\d+)?|\.\d+"
_DOSE_RE = re.compile(
    rf"^\s*(?P<low>{_NUMBER})\s*(?:-\s*(?P<high>{_NUMBER})\s*)?"
    r"(?P<unit>[^\s/\d.,-]+)\s*(?:/\s*(?P<per>\S+))?\s*$"
)
_GROUPED = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")

DOSE_FORMS = "'1.3 mg/m2', '16 mg/kg', '25 mg', '500,000 IU' or a range such as '10-40 mg'"
#: The same examples in each language, for a message (the notation is the same in both).
_FORMS = Said(DOSE_FORMS, "“1.3 mg/m2”、“16 mg/kg”、“25 mg”、“500,000 IU”，或“10-40 mg”这样的范围")


def ascii_digits_only(text: str) -> None:
    """Refuse a digit that is not one of 0-9 (Arabic-Indic ``٥``, full-width, mathematical
    ``𝟐``...): Python reads "2٥ mg" as 25 mg, but a nurse or another program may not read it
    at all, or read it otherwise (issue 12).

    >>> ascii_digits_only("1.3 mg/m²")
    >>> ascii_digits_only("2\u0665 mg")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mmsched.errors.CodedError: '2٥ mg' has the digit '٥' (U+0665 ARABIC-INDIC DIGIT FIVE), ...; ...
    """
    for ch in text:
        if ch > "\x7f" and unicodedata.category(ch) == "Nd":
            name = unicodedata.name(ch, "")
            raise CodedError(
                "number.not_ascii_digit",
                text=repr(text[:40]),
                digit=repr(ch),
                code=f"U+{ord(ch):04X} {name}",
            )


def parse_number(text: str) -> Decimal:
    """Parse a positive decimal number, allowing thousands separators ("500,000").

    >>> parse_number("500,000")
    Decimal('500000')

    Raises:
        ValueError: the text is not a number, or its commas are not thousands separators.
    """
    text = text.strip()
    ascii_digits_only(text)
    if "," in text:
        if not _GROUPED.match(text):
            raise CodedError("number.bad_commas", text=text)
        text = text.replace(",", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise CodedError("number.not_a_number", text=text) from None
    if not value.is_finite():
        raise CodedError("number.not_a_number", text=text)
    return value


@dataclass(frozen=True, slots=True)
class Dose:
    """A prescribed dose: an amount (or a range of amounts), a unit, and what it is per.

    ``per`` is ``"m2"`` for body-surface-area doses, ``"kg"`` for weight-based doses and ``None``
    for a flat dose. For a single value ``low == high``.
    """

    low: Decimal
    high: Decimal
    unit: str
    per: str | None = None

    @property
    def is_range(self) -> bool:
        """True for a range such as "10-40 mg" that the plan must resolve."""
        return self.low != self.high

    @property
    def unit_text(self) -> str:
        """The unit with what it is per, as written in files: "mg/m2", "mg", "IU"."""
        return f"{self.unit}/{self.per}" if self.per else self.unit

    def __str__(self) -> str:
        amount = format_amount(self.low)
        if self.is_range:
            amount = f"{amount}-{format_amount(self.high)}"
        return f"{amount} {self.unit_text}"

    @classmethod
    def parse(cls, text: str) -> Dose:
        """Parse a dose as written in regimen and plan files.

        >>> Dose.parse("1.3 mg/m2")
        Dose(low=Decimal('1.3'), high=Decimal('1.3'), unit='mg', per='m2')
        >>> str(Dose.parse("10 - 40 mg"))
        '10-40 mg'

        Raises:
            ValueError: with a message that names the accepted forms.
        """
        if not isinstance(text, str):
            raise CodedError("dose.not_text", forms=_FORMS, value=repr(text))
        ascii_digits_only(text)
        match = _DOSE_RE.match(text)
        if not match:
            raise CodedError("dose.not_a_dose", text=text, forms=_FORMS)
        unit = UNIT_ALIASES.get(match["unit"].lower())
        if unit is None:
            raise CodedError("dose.unknown_unit", unit=match["unit"], text=text)
        per = None
        if match["per"] is not None:
            per = PER_ALIASES.get(match["per"].lower())
            if per is None:
                raise CodedError("dose.unknown_per", per=match["per"], text=text)
        low = parse_number(match["low"])
        high = parse_number(match["high"]) if match["high"] else low
        if low <= 0:
            raise CodedError("dose.not_above_zero", text=text)
        if high < low:
            raise CodedError("dose.range_reversed", text=text)
        return cls(low, high, unit, per)


def round_half_up(value: Decimal, step: Decimal, *, down: bool = False) -> Decimal:
    """Round ``value`` half-up to a multiple of ``step`` (0.1, 0.01, 2.5, ...); with ``down``,
    to the multiple at or below it (a dose reduced for organ dysfunction is never rounded up).

    >>> round_half_up(Decimal("1.65"), Decimal("0.1"))
    Decimal('1.7')
    >>> round_half_up(Decimal("3.25"), Decimal("0.1"))
    Decimal('3.3')
    >>> round_half_up(Decimal("16.25"), Decimal("2.5"))
    Decimal('17.5')
    >>> round_half_up(Decimal("1.05"), Decimal("0.1"), down=True)
    Decimal('1.0')
    """
    mode = ROUND_FLOOR if down else ROUND_HALF_UP
    multiples = (value / step).quantize(Decimal(1), rounding=mode)
    result = multiples * step
    # Keep the step's number of decimals, so 1.7 stays "1.7" and not "1.70".
    exponent = step.as_tuple().exponent
    if isinstance(exponent, int) and exponent < 0:
        result = result.quantize(Decimal(1).scaleb(exponent))
    return result


def normalize(value: Decimal) -> Decimal:
    """The same value without trailing zeros and never in exponent form (2.00 -> 2, 100 -> 100)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def format_amount(value: Decimal, *, group: bool = True) -> str:
    """Write an amount the ISMP way: no trailing zero, a leading zero, commas from 1,000 up.

    >>> format_amount(Decimal("2.00")), format_amount(Decimal(".7")), format_amount(Decimal(500000))
    ('2', '0.7', '500,000')
    """
    value = normalize(value)
    return f"{value:,f}" if group else f"{value:f}"


def json_number(value: Decimal) -> int | float:
    """A Decimal as a JSON number: an int when whole, else the shortest float that reads back."""
    value = normalize(value)
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def format_prescribed(prescribed: str) -> str:
    """A prescribed dose as printed: "1.3 mg/m2" becomes "1.3 mg/m²"."""
    return prescribed.replace("/m2", "/m²")


# -- doses for people -------------------------------------------------------------------------
#
# Machine fields (``unit``, ``prescribed``, ``basis``, ``rounding``, JSON and CSV codes) keep the
# codes "IU" and "SC". Text that people read writes the unit out: ISMP's list of error-prone
# abbreviations (2021) forbids "IU" and "U" ("IU" is misread as "IV" or "10") and writes
# "units" (the Joint Commission's list writes "International Unit"; the lists disagree, and
# mmsched writes ISMP's word everywhere). Chinese follows the Chinese
# product labels of recombinant human interleukin-2 injection, which write doses as
# 万国际单位(IU): "50万国际单位（IU）".

#: How a unit code is written for people, where it differs from the code: (English, Chinese).
UNIT_WORDS: dict[str, tuple[str, str]] = {"IU": ("units", "国际单位（IU）")}

_IU_IN_TEXT = re.compile(rf"(?P<amount>{_NUMBER})(?:-(?P<high>{_NUMBER}))? IU\b")


def unit_words(unit: str, lang: str = "en") -> str:
    """A unit as people read it: "units" for IU in English (ISMP), "国际单位（IU）" in Chinese
    (the IL-2 product labels); every other unit as written.

    >>> unit_words("IU"), unit_words("IU", "zh"), unit_words("mg", "zh")
    ('units', '国际单位（IU）', 'mg')
    """
    words = UNIT_WORDS.get(unit)
    if words is None:
        return unit
    return words[1] if lang == "zh" else words[0]


def _amount_zh(value: Decimal) -> str:
    """An amount in 万 when it is a whole number of 万 ("50万"), else as written ("5,000")."""
    if value >= 10000 and value % 10000 == 0:
        return f"{format_amount(value / 10000, group=False)}万"
    return format_amount(value)


def amount_words(
    amount: Decimal, unit: str, lang: str = "en", *, high: Decimal | None = None
) -> str:
    """An amount (or the range ``amount``-``high``) and its unit as people read them: ISMP
    in English, the IL-2 label's form in Chinese. Other units: "2.4 mg" in either language.

    >>> amount_words(Decimal(500000), "IU"), amount_words(Decimal(500000), "IU", "zh")
    ('500,000 units', '50万国际单位（IU）')
    >>> amount_words(Decimal(5000), "IU", "zh"), amount_words(Decimal("2.40"), "mg", "zh")
    ('5,000 国际单位（IU）', '2.4 mg')
    >>> amount_words(Decimal(10), "mg", high=Decimal(40))
    '10-40 mg'
    """
    zh_iu = lang == "zh" and unit in UNIT_WORDS
    write = _amount_zh if zh_iu else format_amount
    text = write(amount) if high is None or high == amount else f"{write(amount)}-{write(high)}"
    # "50万国际单位": 万 is a Chinese numeral and takes no space; "5,000 国际单位", like "75 岁".
    space = "" if zh_iu and text.endswith("万") else " "
    return f"{text}{space}{unit_words(unit, lang)}"


def dose_words(dose: Dose, lang: str = "en") -> str:
    """A prescribed dose as people read it: "1.3 mg/m²", "500,000 units", "10-40 mg";
    in Chinese "50万国际单位（IU）". ``str(dose)`` stays the file form for machine fields.

    >>> dose_words(Dose.parse("1.3 mg/m2")), dose_words(Dose.parse("200,000 IU/m2"))
    ('1.3 mg/m²', '200,000 units/m²')
    >>> dose_words(Dose.parse("500,000 IU"), "zh")
    '50万国际单位（IU）'
    """
    text = amount_words(dose.low, dose.unit, lang, high=dose.high)
    return format_prescribed(f"{text}/{dose.per}") if dose.per else text


def units_in_text(text: str, lang: str = "en") -> str:
    """Text the engine wrote for machine fields ("200,000 IU/m² × 1.50 m²", a ``rounding`` of
    "50,000 IU", a ``prescribed`` of "500,000 IU") with every "IU" dose written for people.

    >>> units_in_text("200,000 IU/m² × 1.50 m²"), units_in_text("500,000 IU", "zh")
    ('200,000 units/m² × 1.50 m²', '50万国际单位（IU）')
    >>> units_in_text("1.3 mg/m² × 1.50 m²")
    '1.3 mg/m² × 1.50 m²'
    """
    if "IU" not in text:
        return text

    def words(match: re.Match[str]) -> str:
        high = match["high"]
        return amount_words(
            parse_number(match["amount"]),
            "IU",
            lang,
            high=parse_number(high) if high else None,
        )

    return _IU_IN_TEXT.sub(words, text)


def shown_beside(exact: Decimal, bounds: Iterable[Decimal], places: int = 1) -> Decimal:
    """A value to show beside limits (a CrCl, a BMI, a bilirubin ratio): to ``places``
    decimals, or with as many more as it takes for the shown value to fall on the same side of
    every bound as the exact one (a CrCl of 59.952 shows as 59.95, never as 60.0 beside the band
    "30 ≤ CrCl < 60").

    >>> shown_beside(Decimal("59.952"), [Decimal(60), Decimal(30)])
    Decimal('59.95')
    >>> shown_beside(Decimal("47.222"), [Decimal(60), Decimal(30)])
    Decimal('47.2')
    """
    limits = list(bounds)
    for more in range(places, 11):
        shown = exact.quantize(Decimal(1).scaleb(-more), rounding=ROUND_HALF_UP)
        if all((shown >= b) == (exact >= b) for b in limits):
            return shown
    # Cut (never rounded up) to 10 decimals: a value below a bound stays below it.
    return exact.quantize(Decimal(1).scaleb(-10), rounding=ROUND_DOWN)
