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
from datetime import date, timedelta

from ..extract.dates import find_dates
from ..model import PublishedDate, TimeExpression

__all__ = ["find_times"]

# Weekday names as news writes them after a preposition, per language (0 = Monday).
_WEEKDAYS: dict[str, int] = {}
for _names in (
    "monday tuesday wednesday thursday friday saturday sunday",
    "lunes martes miércoles jueves viernes sábado domingo",
    "montag dienstag mittwoch donnerstag freitag samstag sonntag",
    "δευτέρα τρίτη τετάρτη πέμπτη παρασκευή σάββατο κυριακή",
    "понедельник вторник среду четверг пятницу субботу воскресенье",
    "понеділок вівторок середу четвер п'ятницю суботу неділю",
    "ponedeljak utorak sredu četvrtak petak subotu nedelju",
    "ponedjeljak utorak srijedu četvrtak petak subotu nedjelju",
    "понедељак уторак среду четвртак петак суботу недељу",
):
    for _i, _name in enumerate(_names.split()):
        _WEEKDAYS.setdefault(_name, _i)

_BEFORE_WEEKDAY = r"(?:on|last|this|past|el|este|el pasado|am|letzten|την|τη|το|την περασμένη|в|во|у|u|прошлый|прошлую)"
_WEEKDAY = re.compile(
    rf"\b(?P<pre>{_BEFORE_WEEKDAY})\s+(?P<day>{'|'.join(sorted(_WEEKDAYS, key=len, reverse=True))})\b", re.I)

# Fixed offsets in days from the publication date, and spans: (words, first, last, precision).
_RELATIVE: list[tuple[str, int, int, str]] = [
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
_FUTURE = re.compile(r"\b(will|would|is to|are to|plans? to|scheduled|expected to|next|va a|van a|próximo|"
                     r"wird|werden|θα|будет|буде|будут|će)\b", re.I)


def _iso(d: date) -> str:
    return d.isoformat()


def _anchor(published: PublishedDate | None) -> date | None:
    if published is None or published.year is None or published.month is None or published.day is None:
        return None
    try:
        return date(published.year, published.month, published.day)
    except ValueError:
        return None


def _span(text: str, start: int, first: date | None, last: date | None, precision: str, relative: bool,
          anchor: date | None) -> TimeExpression:
    return TimeExpression(
        text=text, start=start, first_day=_iso(first) if first else None, last_day=_iso(last) if last else None,
        precision=precision,  # type: ignore[arg-type]  # one of the Literal's values, from the tables
        relative=relative, anchor=_iso(anchor) if anchor else None,
    )


def _month_span(year: int, month: int) -> tuple[date, date]:
    first = date(year, month, 1)
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return first, nxt - timedelta(days=1)


def find_times(sentence: str, published: PublishedDate | None = None) -> list[TimeExpression]:
    """The time expressions of ``sentence``, left to right, resolved where the publication date allows."""
    anchor = _anchor(published)
    first: date | None
    last: date | None
    day: date | None
    out: list[TimeExpression] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return not any(start < e and s < end for s, e in taken)

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
            out.append(_span(text, found.start, None, None, "day" if d.day else "month", False, anchor))
        elif d.day is not None:
            day = _safe_date(year, d.month, d.day)
            out.append(_span(text, found.start, day, day, "day", False, anchor))
        else:
            first, last = _month_span(year, d.month)
            out.append(_span(text, found.start, first, last, "month", False, anchor))
        taken.append((found.start, found.end))

    for m in _YEAR.finditer(sentence):
        if free(m.start("year"), m.end("year")):
            year = int(m.group("year"))
            out.append(_span(m.group("year"), m.start("year"), date(year, 1, 1), date(year, 12, 31), "year", False,
                             anchor))
            taken.append((m.start("year"), m.end("year")))

    lowered = sentence.lower()
    for m in _WEEKDAY.finditer(sentence):
        if not free(m.start(), m.end()):
            continue
        weekday = _WEEKDAYS[m.group("day").lower()]
        day = None
        if anchor is not None:
            back = (anchor.weekday() - weekday) % 7
            future = bool(_FUTURE.search(lowered[:m.start()])) and not m.group("pre").lower().startswith(
                ("last", "past", "el pasado", "letzten", "την περασμένη", "прошл"))
            day = anchor + timedelta(days=(weekday - anchor.weekday()) % 7) if future else anchor - timedelta(
                days=back)
        out.append(_span(m.group(0), m.start(), day, day, "day", True, anchor))
        taken.append((m.start(), m.end()))

    for pattern, first_off, last_off, precision in _RELATIVE:
        for m in re.finditer(rf"\b(?:{pattern})\b", lowered):
            if free(m.start(), m.end()):
                first = anchor + timedelta(days=first_off) if anchor else None
                last = anchor + timedelta(days=last_off) if anchor else None
                out.append(_span(sentence[m.start():m.end()], m.start(), first, last, precision, True, anchor))
                taken.append((m.start(), m.end()))
    for pattern, months_back in _MONTH_SPANS:
        for m in re.finditer(rf"\b(?:{pattern})\b", lowered):
            if free(m.start(), m.end()):
                first = last = None
                if anchor:
                    y, mo = divmod(anchor.year * 12 + anchor.month - 1 + months_back, 12)
                    first, last = _month_span(y, mo + 1)
                    last = min(last, anchor)
                out.append(_span(sentence[m.start():m.end()], m.start(), first, last, "month", True, anchor))
                taken.append((m.start(), m.end()))
    for pattern, years_back in _YEAR_SPANS:
        for m in re.finditer(rf"\b(?:{pattern})\b", lowered):
            if free(m.start(), m.end()):
                first = date(anchor.year + years_back, 1, 1) if anchor else None
                last = min(date(anchor.year + years_back, 12, 31), anchor) if anchor else None
                out.append(_span(sentence[m.start():m.end()], m.start(), first, last, "year", True, anchor))
                taken.append((m.start(), m.end()))
    return sorted(out, key=lambda t: t.start)


def _safe_date(year: int, month: int, day: int) -> date:
    """``date(year, month, day)``, with 29 February moved to the 28th in a common year."""
    try:
        return date(year, month, day)
    except ValueError:
        return date(year, month, 28)
