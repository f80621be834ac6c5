"""Time expressions in a sentence, resolved against the article's publication date.

Absolute dates come from the extract stage's date reader (it already knows month
names in our languages and keeps track of a missing year). Relative ones ("on
Monday", "yesterday", "this month", "τη Δευτέρα", "в понедельник", "hace dos
días") are read here. Each resolves to a span of days, so that "a few days ago"
and "this month" can be checked for overlap instead of compared as strings.
dateparser was not used: it resolves a bare weekday forward or backward
depending on settings rather than on the sentence's tense, and it has no span.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from ..extract.dates import find_dates
from ..model import PublishedDate, TimeExpression, TimePrecision
from . import _lexicon as L

__all__ = ["find_times"]
_Resolver = Callable[[date], tuple[date, date]]

# Weekday names as news writes them after a preposition, per language (0 = Monday).
_WEEKDAYS: dict[str, int] = {}
for _names in L.WEEKDAYS:
    for _i, _name in enumerate(_names.split()):
        _WEEKDAYS.setdefault(_name, _i)

_BEFORE_WEEKDAY = r"(?:on|last|this|past|el|este|el pasado|am|letzten|την|τη|το|την περασμένη|в|во|у|u|прошлый|прошлую)"
_WEEKDAY = re.compile(
    rf"\b(?P<pre>{_BEFORE_WEEKDAY})\s+(?P<day>{'|'.join(sorted(_WEEKDAYS, key=len, reverse=True))})\b", re.I)

# Fixed offsets in days from the publication date, and spans: (words, first, last, precision).
_RELATIVE: list[tuple[str, int, int, TimePrecision]] = [
    (r"the day before yesterday|anteayer|vorgestern|προχθές|позавчера|позавчора|prekjuče", -2, -2, "day"),
    (r"yesterday|ayer|gestern|χθες|χτες|вчера|вчора|juče|jučer|јуче", -1, -1, "day"),
    (r"today|this morning|tonight|earlier today|hoy|esta mañana|heute|σήμερα|сегодня|сьогодні|danas|данас",
     0, 0, "day"),
    # "por la mañana" and "am Morgen" are "in the morning", not "tomorrow".
    (r"tomorrow|(?<!la )mañana|(?<!am )(?<!heute )(?<!jeden )morgen|αύριο|завтра|sutra|сутра", 1, 1, "day"),
    (r"a few days ago|several days ago|days ago|hace unos días|hace días|vor einigen tagen|πριν από λίγες ημέρες|"
     r"πριν από λίγες μέρες|несколько дней назад|кілька днів тому|pre nekoliko dana", -7, -2, "vague"),
    (r"last week|la semana pasada|letzte woche|vergangene woche|την περασμένη εβδομάδα|на прошлой неделе|"
     r"минулого тижня|prošle nedelje|prošlog tjedna", -13, -1, "week"),
    (r"this week|esta semana|diese woche|αυτή την εβδομάδα|на этой неделе|цього тижня|ove nedelje|ovog tjedna",
     -6, 0, "week"),
    (r"recently|recientemente|kürzlich|πρόσφατα|недавно|нещодавно|nedavno", -60, 0, "vague"),
]
_MONTH_SPANS: list[tuple[str, int]] = [
    (r"earlier this month|this month|este mes|a principios de este mes|diesen monat|in diesem monat|"
     r"αυτόν τον μήνα|τον τρέχοντα μήνα|в этом месяце|цього місяця|ovog meseca|ovog mjeseca", 0),
    (r"last month|el mes pasado|letzten monat|vergangenen monat|τον περασμένο μήνα|в прошлом месяце|"
     r"минулого місяця|prošlog meseca|prošlog mjeseca", -1),
]
_YEAR_SPANS: list[tuple[str, int]] = [
    (r"this year|este año|dieses jahr|φέτος|в этом году|цього року|ove godine", 0),
    (r"last year|el año pasado|letztes jahr|vergangenes jahr|πέρσι|πέρυσι|в прошлом году|минулого року|"
     r"prošle godine", -1),
]
# A bare year after a preposition: "in 2014", "since 2021", "desde 2021", "το 2014", "в 2014 году".
_YEAR = re.compile(r"\b(?:in|since|by|until|en|desde|hasta|im|seit|bis|το|στο|από το|έως το|в|с|до|у|od|do)\s+"
                   r"(?P<year>(?:19|20)\d\d)\b(?![-–/.,]\d)", re.I)
# "next" only with a span of time: "the next Doctor ... suspended on Friday" is past.
_FUTURE = re.compile(r"\b(will|would|is to|are to|plans? to|scheduled|expected to|next (?:week|weekend|month)|"
                     r"va a|van a|próxim[ao] (?:semana|mes)|semana que viene|nächste woche|wird|werden|θα|будет|"
                     r"буде|будут|će)\b", re.I)

_NEXT_WEEK = re.compile(r"\bnext week|\bla (?:próxima semana|semana que viene)|\bnächste woche", re.I)


def _iso(d: date) -> str:
    return d.isoformat()


def _anchor(published: PublishedDate | None) -> date | None:
    if published is None or published.year is None or published.month is None or published.day is None:
        return None
    try:
        return date(published.year, published.month, published.day)
    except ValueError:
        return None


def _month_span(year: int, month: int) -> tuple[date, date]:
    first = date(year, month, 1)
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return first, nxt - timedelta(days=1)


def _days(first: int, last: int) -> _Resolver:
    return lambda anchor: (anchor + timedelta(days=first), anchor + timedelta(days=last))


def _months_back(n: int) -> _Resolver:
    def resolve(anchor: date) -> tuple[date, date]:
        y, mo = divmod(anchor.year * 12 + anchor.month - 1 + n, 12)
        first, last = _month_span(y, mo + 1)
        return first, min(last, anchor)
    return resolve


def _years_back(n: int) -> _Resolver:
    return lambda anchor: (date(anchor.year + n, 1, 1), min(date(anchor.year + n, 12, 31), anchor))


# Every relative phrase compiled once, in the order the tables give (an earlier phrase
# claims its words first), with how it resolves against the publication day.
_SPANS: list[tuple[re.Pattern[str], _Resolver, TimePrecision]] = [
    *((re.compile(rf"\b(?:{p})\b"), _days(first, last), precision) for p, first, last, precision in _RELATIVE),
    *((re.compile(rf"\b(?:{p})\b"), _months_back(n), "month") for p, n in _MONTH_SPANS),
    *((re.compile(rf"\b(?:{p})\b"), _years_back(n), "year") for p, n in _YEAR_SPANS),
]


# "12 days ago", "hace dos semanas", "vor drei Tagen": a count of units back from the publication day
# (before the vague "days ago" of ``_RELATIVE`` can claim the words).
_COUNT = rf"(?P<n>\d{{1,3}}|{L.alternation(L.NUMBER_WORDS)}|one|a|an|un|una|einem|einer)"
_WEEKS = frozenset({"week", "weeks", "semana", "semanas", "woche", "wochen"})  # the other units are days
_AGO = re.compile(rf"\b{_COUNT}\s+(?P<unit>days?|weeks?)\s+ago\b|\bhace\s+{_COUNT.replace('?P<n>', '?P<n2>')}"
                  rf"\s+(?P<unit2>días?|semanas?)\b|\bvor\s+{_COUNT.replace('?P<n>', '?P<n3>')}\s+"
                  rf"(?P<unit3>tag(?:en)?|wochen?)\b", re.I)


def _count(word: str) -> int:
    word = word.lower()
    return int(word) if word.isdigit() else int(L.NUMBER_WORDS.get(word, 1))


def find_times(sentence: str, published: PublishedDate | None = None) -> list[TimeExpression]:
    """The time expressions of ``sentence``, left to right, resolved where the publication date allows."""
    anchor = _anchor(published)
    out: list[TimeExpression] = []
    taken: list[tuple[int, int]] = []

    def add(text: str, start: int, first: date | None, last: date | None, precision: TimePrecision,
            relative: bool) -> None:
        """Keep an expression unless an earlier one already claimed its words."""
        end = start + len(text)
        if any(start < e and s < end for s, e in taken):
            return
        taken.append((start, end))
        out.append(TimeExpression(
            text=text, start=start, first_day=_iso(first) if first else None, last_day=_iso(last) if last else None,
            precision=precision, relative=relative, anchor=_iso(anchor) if anchor else None))

    for found in find_dates(sentence):
        d = found.date
        text = sentence[found.start:found.end].strip().rstrip(".,")  # "on June 14." ends the sentence
        if d.month is None:
            continue
        year = d.year
        if year is None and anchor is not None and d.day is not None:
            # The year that puts the date nearest the publication ("June 14" in a November article).
            year = min((anchor.year - 1, anchor.year, anchor.year + 1),
                       key=lambda y: abs((_safe_date(y, d.month or 1, d.day or 1) - anchor).days))
        if year is None:
            add(text, found.start, None, None, "day" if d.day else "month", False)
        elif d.day is not None:
            day = _safe_date(year, d.month, d.day)
            add(text, found.start, day, day, "day", False)
        else:
            add(text, found.start, *_month_span(year, d.month), "month", False)

    for m in _YEAR.finditer(sentence):
        year = int(m.group("year"))
        add(m.group("year"), m.start("year"), date(year, 1, 1), date(year, 12, 31), "year", False)

    lowered = sentence.lower()
    for m in _WEEKDAY.finditer(sentence):
        weekday = _WEEKDAYS[m.group("day").lower()]
        resolved = None
        if anchor is not None:
            future = bool(_FUTURE.search(lowered[:m.start()])) and not m.group("pre").lower().startswith(
                ("last", "past", "el pasado", "letzten", "την περασμένη", "прошл"))
            if future and _NEXT_WEEK.search(lowered):  # "next week, on Friday": that week's, not the first ahead
                resolved = anchor + timedelta(days=7 - anchor.weekday() + weekday)
            else:
                resolved = (anchor + timedelta(days=(weekday - anchor.weekday()) % 7) if future
                            else anchor - timedelta(days=(anchor.weekday() - weekday) % 7))
        add(m.group(0), m.start(), resolved, resolved, "day", True)

    for m in _AGO.finditer(sentence):
        n = _count(m.group("n") or m.group("n2") or m.group("n3"))
        unit = (m.group("unit") or m.group("unit2") or m.group("unit3")).lower()
        weeks = unit in _WEEKS
        back_to: date | None = anchor - timedelta(days=n * (7 if weeks else 1)) if anchor else None
        # "two weeks ago" is written rounded: any day of that week.
        spread = timedelta(days=3 if weeks else 0)
        add(m.group(0), m.start(), back_to - spread if back_to else None, back_to + spread if back_to else None,
            "week" if weeks else "day", True)

    for pattern, resolve, precision in _SPANS:
        for m in pattern.finditer(lowered):
            first, last = resolve(anchor) if anchor else (None, None)
            add(sentence[m.start():m.end()], m.start(), first, last, precision, True)
    return sorted(out, key=lambda t: t.start)


def _safe_date(year: int, month: int, day: int) -> date:
    """``date(year, month, day)``, with 29 February moved to the 28th in a common year."""
    try:
        return date(year, month, day)
    except ValueError:
        return date(year, month, 28)
