"""Figures in a sentence: value, unit, what is counted, and how the text hedges them.

Written by hand rather than with quantulum3: news in Spanish, Greek or Russian
writes "110.000", "2,3 millones de dólares" or "περίπου 40 χιλιόμετρα", and the
comparison needs every one of them as a number with a canonical unit. The
words it knows are data in ``_lexicon.py``.

``same_amount`` says whether two figures can describe one amount, allowing for
rounding ("25 miles" and "about 40 km"), hedges ("about 118,000" and "nearly
118,000") and ranges ("70-80 percent" and "more than 70 percent").
"""

from __future__ import annotations

import math
import re

from ..model import Qualifier, Quantity
from . import _lexicon as L

__all__ = ["find_quantities", "is_span_of_time", "parse_number", "same_amount"]

_NUMBER = r"\d{1,3}(?:[.,\u00a0\u202f]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
_WORDS = L.alternation([*L.NUMBER_WORDS, *L.ZERO_WORDS])
_FIGURE = re.compile(
    rf"(?<![\w.,/:-])(?P<before>{L.alternation(L.UNITS_BEFORE)})?\s?(?P<num>{_NUMBER})(?![\w,.]\d|\w)"
    rf"|(?<!\w)(?P<word>{_WORDS})(?!\w)",
    re.I,
)
_AFTER = re.compile(
    rf"\s?(?:(?P<scale>{L.alternation(L.SCALES)})(?!\w)\s?(?:de\s|of\s)?)?"
    rf"(?:-?(?P<unit>{L.alternation(L.UNITS_AFTER)})(?!\w))?",  # "-" for "a four-week course", "a 10-km run"
    re.I,
)
_RANGE = re.compile(rf"\s?(?:{L.alternation(L.RANGE_JOINERS)})\s?(?P<num>{_NUMBER})(?!\w)", re.I)
_QUALIFIER = re.compile(rf"(?:^|(?<=\W))(?P<q>{L.alternation(L.QUALIFIERS)})\s+$", re.I)
_NOUN = re.compile(r"\s(?P<noun>[^\W\d_][\w'-]*)", re.U)
_NOT_NOUNS = {"of", "de", "del", "in", "en", "and", "y", "to", "a", "on", "at", "the", "el", "la", "los", "las",
              "που", "από", "σε", "και", "του", "της", "των", "в", "и", "на", "из", "per", "percent", "which"}
_CHAIN = re.compile(r"(?:\d+(?:[-/]\d+){2,}|\d{1,2}\.\d{1,2}\.\d{2,4})(?!\w)")  # phones, codes, 3.3.2025
_MONTH = re.compile(rf"(?:{'|'.join(L.MONTH_PREFIXES)})\w*", re.I)


def parse_number(text: str, *, comma_decimal: bool = False) -> float:
    """Read a written figure: "4,500", "110.000", "2,3", "1.234,56", "118 000".

    A single separator followed by exactly three digits groups thousands whatever
    the language ("110.000 square kilometers" in a translated English text is
    110,000); otherwise a comma is a decimal comma. ``comma_decimal`` (for
    languages that write "2,500" for two and a half) makes a lone comma always decimal.
    """
    digits = text.replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if "," in digits and "." in digits:
        decimal = "," if digits.rfind(",") > digits.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        return float(digits.replace(thousands, "").replace(decimal, "."))
    for sep in (",", "."):
        if sep in digits:
            parts = digits.split(sep)
            grouped = len(parts) > 2 or (len(parts[1]) == 3 and parts[0] not in ("0", ""))
            if sep == "," and comma_decimal and len(parts) == 2:
                grouped = False
            return float("".join(parts)) if grouped else float(".".join(parts))
    return float(digits)


def _is_date_or_year(sentence: str, start: int, end: int, has_unit: bool) -> bool:
    """A figure that is part of a date ("14 June", "3 de marzo", "June 14") or a bare year."""
    if has_unit:
        return False
    before = sentence[max(0, start - 12):start]
    after = sentence[end:end + 12]
    if _MONTH.match(after.lstrip(" .").removeprefix("de ").lstrip()) or re.search(
            rf"(?:{'|'.join(L.MONTH_PREFIXES)})\w*\.?\s*$", before, re.I):
        return True
    return bool(re.fullmatch(r"(?:1[89]|20)\d\d(?:\s?[-–]\s?(?:1[89]|20)?\d\d)?", sentence[start:end]))


# A time of day, not an amount: "21.50 Uhr", "17 h", "5 p.m.", "21 hs", "a las 17 horas".
_CLOCK_AFTER = re.compile(r"\s*(?:Uhr\b|h\b|hs\b|[ap]\.\s?m\.|[ap]m\b|o'clock\b|ч\.)", re.I)
_CLOCK_HOURS = re.compile(r"\s*(?:horas|heures|Uhr)\b", re.I)
_CLOCK_BEFORE = re.compile(r"\b(?:a las|las|à|alle|um|at)\s+$", re.I)


def _is_clock_time(sentence: str, start: int, end: int, value: float) -> bool:
    if not 0 <= value <= 24:
        return False
    before = sentence[max(0, start - 8):start]
    return bool(_CLOCK_AFTER.match(sentence, end) or re.search(r"\ba las\s+$", before, re.I)) or (
        bool(_CLOCK_HOURS.match(sentence, end)) and bool(_CLOCK_BEFORE.search(before)))


# "24 Independent Street", "the 12500 block of East 223rd Street": an address, not an amount.
_ADDRESS = re.compile(r"\s(?:(?:[A-Z][\w'’-]*\s){1,3}(?:Street|St\.|Avenue|Ave\.|Road|Rd\.|Boulevard|Blvd\.|Lane|"
                      r"Drive|Place|Square)\b|block of\b)")
_WEEKDAY_NAMES = frozenset(w for names in L.WEEKDAYS for w in names.split())
_GERMAN_NOUN = re.compile(r"\s+[A-ZÄÖÜ][a-zäöüß]")


def _is_name_part(sentence: str, start: int, end: int, language: str | None) -> bool:
    """ "Aura 1500", "KA-1500": a figure glued to a capitalised name is a model number; "episode 7",
    "Artikel 5": a figure after a label word is a label.

    A weekday before a figure leaves it a count ("On Sunday 40 people died") unless nothing is
    counted ("Thursday 11.": a day of the month). In German a capitalised word before a figure is
    no name when a noun follows: German capitalises every noun ("im Krankenhaus 3 Verletzte")."""
    before = sentence[:start]
    if re.search(r"[A-Za-z]-$", before) or _ADDRESS.match(sentence, end):
        return True
    word = re.search(r"(?:^|\s)([^\W\d_][\w.]*)\s$", before)
    if word and word.group(1).lower() in L.LABEL_WORDS:
        return True
    m = re.search(r"(?:^|\s)([A-Z][\w]*),?\s$", before)
    if m and m.group(1).lower() in _WEEKDAY_NAMES:
        return not _NOUN.match(sentence, end)
    if not (m and m.start(1) > 0 and not L.QUALIFIERS.get(m.group(1).lower())):
        return False
    return not (language == "de" and _GERMAN_NOUN.match(sentence, end))


# Ages, their own unit: "Orozco, 27," and "the 29-year-old" may contradict each other; neither
# contradicts "27 years in prison" or "27 knockouts".
_YEAR_OLD = re.compile(r"[- ]old\b", re.I)  # "38-year-old", "38 years old"; "a 38-year career" is a span
_AGE_BEFORE = re.compile(r"(?:\baged|\bage|\bat the age of|\bâgée?s? de|\bim Alter von)\s+$", re.I)
_AGE_AFTER = re.compile(r"-?jährige[nrms]?\b|\s+Jahre alt\b|\s+años de edad\b", re.U)
# "Klitschko, 36, stopped ..." / "Katie Jenkin (20)": a name, then an age set apart.
_NAME_THEN = re.compile(r"(?P<name>(?:[A-Z][\w'’.-]+\s){0,2}[A-Z][\w'’-]+)(?:,\s|\s\()$")
_HOLDER_AFTER = re.compile(r"\s+(?P<h>(?:[A-Z][\w'’.-]+\s?){0,3}(?:[a-z]+)?)")  # "Troy resident", "Thompson"
_HYPHENED = re.compile(r"-([^\W\d_]{2,})\b", re.U)


def _age(sentence: str, start: int, end: int, unit: str | None) -> tuple[int, str | None] | None:
    """(end of the age, who is that old, if named) when the figure at ``start:end`` is someone's age."""
    before = sentence[:start]
    if unit == "year":
        if m := _YEAR_OLD.match(sentence, end):
            holder = _HOLDER_AFTER.match(sentence, m.end())
            return m.end(), (holder.group("h").strip(" .,;:") or None) if holder else None
        return (end, None) if _AGE_BEFORE.search(before) else None
    value = sentence[start:end]
    if not value.isdigit() or not 0 < int(value) <= 120:
        return None
    if a := _AGE_AFTER.match(sentence, end):
        return a.end(), None
    if _AGE_BEFORE.search(before):
        return end, None
    name = _NAME_THEN.search(before)
    closer = ")" if before.endswith("(") else ","
    if name is None or sentence[end:end + 1] != closer:
        return None
    last = name.group("name").split()[-1].lower()
    if last in _WEEKDAY_NAMES or _MONTH.fullmatch(last) or last in L.LABEL_WORDS:
        return None  # "Friday, 11," "June 24, 25"
    if closer == ")" and len(name.group("name").split()) < 2:
        return None  # "Katie Jenkin (20)" is an age; "Pomorskie (4)" in a list of regions is a count
    return end, name.group("name")


def find_quantities(sentence: str, *, language: str | None = None) -> list[Quantity]:
    """Every figure the sentence states, left to right."""
    comma_decimal = (language or "en") not in ("en",)
    out: list[Quantity] = []
    pos = 0
    while m := _FIGURE.search(sentence, pos):
        pos = m.end()
        start = m.start()
        high: float | None = None
        unit: str | None = None
        written_unit: str | None = None
        if m.group("word"):
            word = m.group("word").lower()
            value = 0.0 if word in L.ZERO_WORDS else float(L.NUMBER_WORDS[word])
            end = m.end()
        else:
            value = parse_number(m.group("num"), comma_decimal=comma_decimal)
            end = m.end()
            if chain := _CHAIN.match(sentence, start):  # phone numbers, codes: "1-800-555-0147"
                pos = chain.end()
                continue
            if r := _RANGE.match(sentence, end):
                high = parse_number(r.group("num"), comma_decimal=comma_decimal)
                if high > value:
                    end = r.end()
                else:
                    high = None  # "1-800-555-0147", "2308-2412" pieces are not ranges
            if m.group("before"):
                unit = L.UNITS_BEFORE[m.group("before").lower()]
                written_unit = "$" if m.group("before") == "$" else unit  # a bare "$" may be any dollar
        a = _AFTER.match(sentence, end)
        if a and a.group("scale") and not (m.group("word") and a.group("scale").lower() in ("m", "k")):
            factor = L.SCALES[a.group("scale").lower()]
            value *= factor
            high = high * factor if high is not None else None
            end = a.end() if not a.group("unit") else a.start("unit")
            end = len(sentence[:end].rstrip())
        if a and a.group("unit") and unit is None:
            written_unit = a.group("unit")
            unit, factor = L.UNITS_AFTER[written_unit.lower()]
            value *= factor
            high = high * factor if high is not None else None
            end = a.end()
        holder = None
        if unit in (None, "year") and m.group("num") and (age := _age(sentence, start, end, unit)) is not None:
            end, holder = age
            unit, written_unit = "age", None
        if m.group("num") and unit != "age" and (_is_date_or_year(sentence, start, end, unit is not None)
                               or (unit is None and _is_name_part(sentence, start, end, language))
                               or (unit in (None, "hour") and _is_clock_time(sentence, start, m.end(), value))
                               or (high is None and re.match(r"[:/]\d|-\d", sentence[m.end():m.end() + 2]))):
            continue
        qualifier: Qualifier = "exact"
        q = _QUALIFIER.search(sentence[max(0, start - 30):start])
        if q:
            qualifier = L.QUALIFIERS[q.group("q").lower()]
            start -= len(sentence[:start]) - (max(0, start - 30) + q.start("q"))
        noun = holder
        if unit is None and (n := _NOUN.match(sentence, end)) and n.group("noun").lower() not in _NOT_NOUNS:
            noun = n.group("noun")
        elif unit is None and (h := _HYPHENED.match(sentence, end)):
            noun = h.group(1)  # "the three-story building", "the 11-inch model": what the figure describes
        out.append(Quantity(text=sentence[start:end], start=start, value=value, high=high, unit=unit,
                            noun=noun, qualifier=qualifier, written_unit=written_unit))
        pos = max(pos, end)
    return out


def _rounding(value: float) -> float:
    """Half a unit of the last significant digit a writer would round to ("40" -> 5, "4,500" -> 50)."""
    if value == 0:
        return 0.0
    if value != int(value):
        decimals = len(f"{value:.6f}".rstrip("0").split(".")[1])
        return 0.5 * 10.0 ** -decimals
    n = int(abs(value))
    zeros = len(str(n)) - len(str(n).rstrip("0"))
    # A figure with no trailing zero ("14", "three") was not rounded: it is exact.
    return 0.5 * 10.0 ** zeros if zeros else 0.0


def _interval(q: Quantity, written: float | None = None, converted: bool = False) -> tuple[float, float]:
    """The amounts a figure can stand for, given its rounding and its hedge.

    ``converted``: the other figure is written in another unit, so one of the two is a conversion,
    rounded at least to a whole unit ("35 kilometers" / "22 miles", which is 35.4 km)."""
    low, high = q.value, q.high if q.high is not None else q.value
    # A converted figure ("25 miles") was rounded in its own unit: take that precision across.
    factor = q.value / written if written else 1.0
    slack = _rounding(written if written else q.value) * factor
    if converted and (written or q.value) == int(written or q.value):
        slack = max(slack, 0.5 * factor)
    if q.qualifier == "about":
        slack = max(slack, 0.05 * high)
    lo, hi = low - slack, high + slack
    if q.qualifier == "nearly":
        lo = min(lo, 0.9 * low)
    elif q.qualifier in ("over", "at least"):
        hi = math.inf
    elif q.qualifier in ("under", "at most"):
        lo = 0.0
    return lo, hi


def is_span_of_time(q: Quantity) -> bool:
    """True for a duration ("three months", "a 10-year bond"), whose unit is a span of time."""
    return q.unit in L.DURATION_UNITS


def same_amount(a: Quantity, b: Quantity) -> bool:
    """True when two figures can describe one amount (same unit, overlapping ranges)."""
    bare = "$" in (a.written_unit, b.written_unit)
    if a.unit != b.unit and not (bare and {a.unit, b.unit} <= L.DOLLARS):
        return False
    if a.unit in L.CURRENCIES and a.high is None and b.high is None:
        # Writers drop the cents of a price: "$129" is the "$129.99" another outlet prints.
        low, high = sorted((a.value, b.value))
        if low == int(low) and high - low < 1:
            return True
    # One written in miles, the other in km: one of them is the other's conversion.
    converted = a.unit not in L.CURRENCIES and (_written_value(a) is None) != (_written_value(b) is None)
    lo_a, hi_a = _interval(a, _written_value(a), converted)
    lo_b, hi_b = _interval(b, _written_value(b), converted)
    return lo_a <= hi_b and lo_b <= hi_a


def _written_value(q: Quantity) -> float | None:
    """The figure in the unit it was written in, when that unit was converted (miles -> km)."""
    if q.written_unit is None or q.unit is None:
        return None
    factor = L.UNITS_AFTER.get(q.written_unit.lower(), (q.unit, 1.0))[1]
    return q.value / factor if factor != 1 else None
