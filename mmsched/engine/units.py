"""Doses as text and as numbers: parsing "1.3 mg/m2", rounding half-up, writing doses per ISMP.

All arithmetic is in :class:`decimal.Decimal`. Float ``round()`` rounds half to even and works on
binary approximations (``round(2.675, 2) == 2.67``); a dose must round the way a pharmacist does it
on paper, half-up on the decimal value (1.65 -> 1.7, 3.25 -> 3.3).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation

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


def parse_number(text: str) -> Decimal:
    """Parse a positive decimal number, allowing thousands separators ("500,000").

    >>> parse_number("500,000")
    Decimal('500000')

    Raises:
        ValueError: the text is not a number, or its commas are not thousands separators.
    """
    text = text.strip()
    if "," in text:
        if not _GROUPED.match(text):
            raise ValueError(f"'{text}' has commas that are not thousands separators")
        text = text.replace(",", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"'{text}' is not a number") from None
    if not value.is_finite():
        raise ValueError(f"'{text}' is not a number")
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
            raise ValueError(f"a dose is written as text such as {DOSE_FORMS}, not {text!r}")
        match = _DOSE_RE.match(text)
        if not match:
            raise ValueError(f"'{text}' is not a dose; write it as {DOSE_FORMS}")
        unit = UNIT_ALIASES.get(match["unit"].lower())
        if unit is None:
            raise ValueError(
                f"'{match['unit']}' in '{text}' is not a known unit; use one of mg, mcg, g, IU"
            )
        per = None
        if match["per"] is not None:
            per = PER_ALIASES.get(match["per"].lower())
            if per is None:
                raise ValueError(
                    f"'/{match['per']}' in '{text}' is not known; a dose may be per m2 or per kg"
                )
        low = parse_number(match["low"])
        high = parse_number(match["high"]) if match["high"] else low
        if low <= 0:
            raise ValueError(f"'{text}': a dose must be more than zero")
        if high < low:
            raise ValueError(f"'{text}': a range is written low-high, the low amount first")
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
