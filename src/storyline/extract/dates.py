"""Publication dates that never claim more precision than their evidence.

Two entry points:

- ``parse_machine_date`` reads the ISO-like strings of metadata (JSON-LD,
  ``article:published_time``, ``<time datetime>``).
- ``find_dates`` finds human-written dates in text lines ("November 20 09:28",
  "4 March 2025, 10:12", "2024-11-20", "20/11/2024") and reports which parts the
  text really wrote. We parse these ourselves rather than with dateparser
  because dateparser fills a missing year with the current one, and knowing
  that the year was *not written* is the whole point here.

``infer_year`` then fills a missing year only when the evidence pins it down,
and says how sure it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..model import DatePrecision, PublishedDate
from .patterns import plain_lower

# Month names by language, January first; genitive forms where dates use them
# ("4 Μαρτίου", "3 января", "4. siječnja").
_MONTH_NAMES = {
    "en": "january february march april may june july august september october november december",
    "en-short": "jan feb mar apr may jun jul aug sep oct nov dec",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "de": "januar februar märz april mai juni juli august september oktober november dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    "el": "ιανουαρίου φεβρουαρίου μαρτίου απριλίου μαΐου ιουνίου ιουλίου αυγούστου σεπτεμβρίου "
          "οκτωβρίου νοεμβρίου δεκεμβρίου",
    "el-nom": "ιανουάριος φεβρουάριος μάρτιος απρίλιος μάιος ιούνιος ιούλιος αύγουστος σεπτέμβριος "
              "οκτώβριος νοέμβριος δεκέμβριος",
    "ru": "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
    "uk": "січня лютого березня квітня травня червня липня серпня вересня жовтня листопада грудня",
    "sr": "januar februar mart april maj jun jul avgust septembar oktobar novembar decembar",
    "sr-cyr": "јануар фебруар март април мај јун јул август септембар октобар новембар децембар",
    "hr": "siječnja veljače ožujka travnja svibnja lipnja srpnja kolovoza rujna listopada studenoga prosinca",
}
_MONTHS: dict[str, int] = {"sept": 9}
for _names in _MONTH_NAMES.values():
    for _number, _name in enumerate(_names.split(), start=1):
        _MONTHS.setdefault(_name, _number)
_WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
    "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4, "sat": 5, "sun": 6,
    "lunes": 0, "martes": 1, "miércoles": 2, "jueves": 3, "viernes": 4, "sábado": 5, "domingo": 6,
    "montag": 0, "dienstag": 1, "mittwoch": 2, "donnerstag": 3, "freitag": 4, "samstag": 5, "sonntag": 6,
    "δευτέρα": 0, "τρίτη": 1, "τετάρτη": 2, "πέμπτη": 3, "παρασκευή": 4, "σάββατο": 5, "κυριακή": 6,
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = (r"(?:(?P<weekday>" + "|".join(sorted(_WEEKDAYS, key=len, reverse=True)) + r")\.?,?\s+)?")
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th|η|º|\.)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_TIME = (r"(?:\s*(?:,|at|a las|um|à|στις|в|-|–|\|)?\s*(?P<hour>[0-2]?\d)[:.h](?P<minute>[0-5]\d)"
         r"(?:\s*(?P<ampm>[ap]\.?m\.?))?)?")

_TEXT_PATTERNS = [
    # November 20, 2024 09:28 / Nov 20 09:28 / Tuesday, November 20
    re.compile(rf"\b{_WEEKDAY}{_MONTH}\s+{_DAY}(?!\d)(?:,?\s+{_YEAR}\b)?{_TIME}", re.I),
    # 20 November 2024, 10:12 / Sunday 18 Jan 2026 / 4 March
    re.compile(rf"\b{_WEEKDAY}{_DAY}\s+(?:of\s+|de\s+)?{_MONTH}(?!\w)(?:,?\s+(?:de\s+)?{_YEAR}\b)?{_TIME}", re.I),
    # 2024-11-20 / 2024-11-20T09:28 / 2024/11/20
    re.compile(r"\b(?P<year>(?:19|20)\d\d)[-/.](?P<month>[01]?\d)[-/.](?P<day>[0-3]?\d)\b"
               r"(?:[T\s,]+(?P<hour>[0-2]?\d):(?P<minute>[0-5]\d))?"),
    # 20.11.2024 / 20/11/2024 (day first: the common reading outside the U.S.)
    re.compile(r"\b(?P<day>[0-3]?\d)[./](?P<month>[01]?\d)[./](?P<year>(?:19|20)\d\d)\b"
               r"(?:[\s,]+(?P<hour>[0-2]?\d)[:.](?P<minute>[0-5]\d))?"),
    # November 2024 (month precision)
    re.compile(rf"\b{_MONTH}\s+(?:de\s+)?{_YEAR}\b", re.I),
]


@dataclass(frozen=True)
class FoundDate:
    """A date written in text, with the span it came from and its weekday if written."""

    date: PublishedDate
    start: int
    end: int
    weekday: int | None = None


def _to_int_month(value: str) -> int | None:
    if value.isdigit():
        month = int(value)
        return month if 1 <= month <= 12 else None
    return _MONTHS.get(value.lower().rstrip("."))


def _build(m: re.Match[str], source: str) -> PublishedDate | None:
    groups = m.groupdict()
    month = _to_int_month(groups["month"])
    if month is None:
        return None
    day = int(groups["day"]) if groups.get("day") else None
    year = int(groups["year"]) if groups.get("year") else None
    if day is not None:
        try:
            date(year or 2000, month, day)  # 2000 is a leap year: accepts 29 Feb without a year
        except ValueError:
            return None
    time = None
    if groups.get("hour") and groups.get("minute"):
        hour = int(groups["hour"])
        ampm = (groups.get("ampm") or "").lower().replace(".", "")
        if ampm == "pm" and hour < 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
        if hour < 24:
            time = f"{hour:02d}:{groups['minute']}"
    precision: DatePrecision
    if day is None:
        precision = "month"
    else:
        precision = "minute" if time else "day"
    return PublishedDate(year=year, month=month, day=day, time=time if day else None,
                         precision=precision, raw=m.group(0).strip(), source=source)


# The patterns that need a month name, which they match only as a whole word
# (a boundary or a space before it; a full stop, a space or a non-word after it).
_NAMED_MONTH_PATTERNS = frozenset(i for i, p in enumerate(_TEXT_PATTERNS) if _MONTH in p.pattern)
_WORD = re.compile(r"\w+")


def find_dates(text: str, *, source: str = "text") -> list[FoundDate]:
    """All dates written in ``text``, in order, without overlaps."""
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []
    # The month-name patterns cost the most (a 150-name alternation, case-insensitive).
    # In plain text they cannot match when no word is a month name, and are skipped;
    # other text always runs them.
    lower = plain_lower(text)
    named = lower is None or any(word in _MONTHS for word in _WORD.findall(lower))
    for index, pattern in enumerate(_TEXT_PATTERNS):
        if not named and index in _NAMED_MONTH_PATTERNS:
            continue
        for m in pattern.finditer(text):
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue
            built = _build(m, source)
            if built is not None:
                weekday = (m.groupdict().get("weekday") or "").lower().rstrip(".")
                found.append(FoundDate(built, m.start(), m.end(), _WEEKDAYS.get(weekday)))
                taken.append((m.start(), m.end()))
    return sorted(found, key=lambda f: f.start)


_ISO = re.compile(r"^\s*(?P<year>\d{4})(?:-(?P<month>\d\d)(?:-(?P<day>\d\d)"
                  r"(?:[T ](?P<hour>\d\d):(?P<minute>\d\d))?)?)?")


def parse_machine_date(value: str | None, *, source: str) -> PublishedDate | None:
    """Parse a metadata date (ISO 8601 or, failing that, a written date)."""
    if not value:
        return None
    value = value.strip()
    m = _ISO.match(value)
    if m and 1900 <= int(m.group("year")) <= 2100:
        year = int(m.group("year"))
        month = int(m.group("month")) if m.group("month") else None
        day = int(m.group("day")) if m.group("day") else None
        try:
            date(year, month or 1, day or 1)
        except ValueError:
            return None
        time = f"{m.group('hour')}:{m.group('minute')}" if m.group("hour") else None
        if time == "00:00" and "T00:00:00" not in value:
            time = None  # "2024-11-20 00:00" is usually a date stored as a timestamp
        precision: DatePrecision = "minute" if time else "day" if day else "month" if month else "year"
        return PublishedDate(year=year, month=month, day=day, time=time, precision=precision,
                             raw=value, source=source)
    found = find_dates(value, source=source)
    return found[0].date if found else None


def infer_year(partial: PublishedDate, *, captured: date | None, page_dates: list[date],
               captured_evidence: str = "", weekday: int | None = None,
               page_year: int | None = None) -> PublishedDate:
    """Fill in the year of a date written without one, only when evidence pins it.

    - ``captured``: when the page was captured (HTTP fetch time, or a date in the
      page header). The article cannot be later than that.
    - ``page_dates``: full dates elsewhere on the page (e.g. a "Latest stories"
      list), which show when the page was rendered.

    A year is inferred when the date falls within 30 days before the capture:
    news pages are captured soon after publication, and then only one year fits.
    Otherwise the date stays partial, with the possible range as evidence.

    - ``weekday`` (0 = Monday) written beside the date and ``page_year`` (the
      year of the page's copyright line) together fix the year when that day
      fell on that weekday in that year (or the year before, for pages read in
      January); a weekday repeats on the same date only every 5, 6 or 11 years.
    """
    if partial.year is not None or partial.month is None:
        return partial
    evidence = list(partial.evidence)
    if weekday is not None and page_year is not None and partial.day is not None:
        names = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
        for year, confidence in ((page_year, 0.8), (page_year - 1, 0.7)):
            try:
                fits = date(year, partial.month, partial.day).weekday() == weekday
            except ValueError:
                fits = False
            if fits:
                day_name = date(year, partial.month, partial.day).strftime("%-d %B")
                evidence += [f"the page's copyright line names {page_year}",
                             f"{partial.raw!r}: {day_name} was a {names[weekday]} in {year}, so the year is {year}"]
                return partial.model_copy(update={"year": year, "year_inferred": True,
                                                  "confidence": confidence, "evidence": evidence})
    anchor = captured
    if anchor is None and page_dates:
        anchor = max(page_dates)
        captured_evidence = f"latest full date elsewhere on the page: {anchor.isoformat()}"
    if anchor is None:
        evidence.append("no year written and no capture date or other dated clue on the page")
        return partial.model_copy(update={"evidence": evidence})
    day = partial.day or 1
    candidate_year = anchor.year
    try:
        candidate = date(candidate_year, partial.month, day)
    except ValueError:
        return partial
    if candidate > anchor:
        candidate_year -= 1
        try:
            candidate = date(candidate_year, partial.month, day)
        except ValueError:
            return partial
    gap = (anchor - candidate).days
    evidence.append(captured_evidence)
    if gap <= 30:
        evidence.append(f"{partial.raw!r} is {gap} days before it, so the year is {candidate_year}")
        confidence = 0.9 if gap <= 7 else 0.75
        return partial.model_copy(update={"year": candidate_year, "year_inferred": True,
                                          "confidence": confidence, "evidence": evidence})
    evidence.append(
        f"published on or before {candidate.isoformat()} ({gap} days before the capture), "
        "too far back to fix the year; the date is left partial"
    )
    return partial.model_copy(update={"latest_year": candidate_year, "evidence": evidence})
