"""Figures, dates and counts that aligned statements give differently.

No contradiction model ships on PyPI, and embeddings score contradicting pairs as
similar, so conflicts come from slots: two statements that say the same thing
(aligned into one claim, or similar well beyond the story's background) and fill
a slot differently. Figures are compared by amount, with rounding, hedges and unit
conversion (``same_amount``), so "about 118,000" and "nearly 118.000" agree; dates
by the span of days they resolve to, so "on Monday" and "el 3 de marzo" agree.

Similar statements are not always about one thing (ECB+'s events, read finding by finding,
docs/benchmarks.md): in one language two figures or dates must share a word around them
(``_frame``); ages clash only for one named person; statements about two differently
described things ("the 11-inch model" / "the 15-inch model") or two years do not clash.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..analyse import is_span_of_time, same_amount
from ..model import Quantity, Sentence, TimeExpression

__all__ = ["Finding", "count_conflicts", "date_conflicts", "figure_conflicts", "scope_conflicts"]


@dataclass
class Finding:
    """A raw discrepancy between two sources, before positions are merged."""

    kind: str
    subject: str
    a: tuple[int, Sentence, str]  # source, sentence, value as written
    b: tuple[int, Sentence, str]
    note: str
    group: str  # findings with the same group become one discrepancy


def _countable(q: Quantity) -> bool:
    """False for a bare four-digit year ("2021"); "2.100 Tonnen", written with a separator, is a figure."""
    year_like = q.unit is None and 1900 <= q.value <= 2100 and q.value == int(q.value)
    return not (year_like and re.search(r"\b\d{4}\b", q.text) is not None)


def _in(text: str, q: Quantity) -> bool:
    return q.text in text


# Nouns that count anything ("5,400 units" can answer "4,500 heaters"); any other two nouns in one
# language must share their stem before their figures are compared.
_COUNTERS = frozenset("units unit items pieces people persons unidades personas piezas stück einheiten menschen "
                      "personen exemplare unités personnes pièces μονάδες άτομα τεμάχια".split())


def _count_the_same(x: Quantity, y: Quantity) -> bool:
    """False when both figures name what they count, in words that are plainly different things
    ("2 Bildern" / "drei Monate"): comparing them would report a contradiction nobody made."""
    if x.noun is None or y.noun is None:
        return True
    nx, ny = x.noun.lower(), y.noun.lower()
    if nx in _COUNTERS or ny in _COUNTERS:
        return True
    stem = min(4, len(nx), len(ny))
    return nx[:stem] == ny[:stem]


# Words that say nothing about what a figure counts, left out of its frame.
_FRAME_STOP = frozenset("""the and for with from that this than have has had were was been will would their there
which when after before about some nearly more least over under into while also only just said says its his her
they them other another each every all new last first per
del los las una uno unos unas con por para que como más sus este esta
der die das den dem des und ein eine einen einem mit von für auf sich ist sind wurde nach bei
les une pour avec dans sur qui est ont aux""".split())


def _frame(text: str, written: str, noun: str | None = None) -> set[str]:
    """Stems of the words around a figure or date: four before it, two after it (and its noun)."""
    at = text.find(written)
    before = re.findall(r"[^\W\d_]{3,}", text[:at])[-4:]
    after = re.findall(r"[^\W\d_]{3,}", text[at + len(written):])[:3]
    if noun and after and after[0] == noun:
        after = after[1:]  # the noun is compared on its own (``_count_the_same``)
    return {w.lower()[:5] for w in before + after[:2] if w.lower() not in _FRAME_STOP}


def _same_frame(x: Quantity, text_x: str, y: Quantity, text_y: str) -> bool:
    """Two figures in one language answer the same question only when some word around them is shared:
    "served four months in prison" / "served five months"; not "loaded with four bullets" / "hit by
    seven bullets", nor "$999 for the 11-inch" / "the basic model starts at $2,199"."""
    return bool(_frame(text_x, x.text, x.noun) & _frame(text_y, y.text, y.noun))


def _same_holder(x: Quantity, y: Quantity) -> bool:
    """Two ages contradict each other only when both name the person who is that old ("Orozco, 27" /
    "Orozco, 29"); "the 16-year-old daughter" and "the 15-year-old's child" may be two girls."""
    def names(q: Quantity) -> set[str]:
        return {w.lower() for w in re.findall(r"[A-Z][\w'’-]{2,}", q.noun or "")}
    return bool(names(x) & names(y))


# Words a figure is hyphened to that measure the thing itself: "a 5.6-magnitude quake" and "a
# 5.2-magnitude quake" are one quake told two ways. Any other hyphened figure names which thing it
# is: "the 11-inch model" and "the 15-inch model" are two models, so their prices do not clash.
_MEASURED = frozenset({"magnitude"})


def _hyphened(sentence: Sentence, q: Quantity) -> bool:
    """ "the three-story building": the figure describes its word rather than counting anything."""
    end = q.start + len(q.text)
    return sentence.text[end:end + 1] == "-"


def _which_thing(sentence: Sentence, text: str) -> dict[str, float]:
    """The figures that describe what the statement is about ("the 11-inch model": inch -> 11)."""
    return {q.noun.lower(): q.value for q in sentence.quantities
            if q.unit is None and q.noun and q.text in text and _hyphened(sentence, q)}


def _counted_back(sentence: Sentence, q: Quantity) -> bool:
    """ "12 days ago": a date counted back from the page's own day, compared as a date (two pages a day
    apart write "12 days ago" and "11 days ago" of one day), not as a span."""
    return is_span_of_time(q) and any(t.relative and q.text in t.text for t in sentence.times)


def _conversion(sentence: Sentence, q: Quantity) -> bool:
    """ "75 kilometres (50 miles)", "$US1 million ($1.52 million)": the figure in brackets restates the one
    before it in another unit. ("0,8934 (0,8902) Euro" gives the day before, not a conversion.)"""
    before = sentence.text[:q.start].rstrip()
    return before.endswith("(") and q.unit is not None and any(
        p.start + len(p.text) >= len(before) - 2 and p.unit is not None and p.written_unit != q.written_unit
        for p in sentence.quantities if p is not q and p.start < q.start)


_YEAR = re.compile(r"(?<![\d.,:/-])((?:19|20)\d\d)(?![\d.,:/]\d|-\d)")


def different_times(sent_a: Sentence, text_a: str, sent_b: Sentence, text_b: str) -> bool:
    """Both statements are dated, and to times that do not meet: their figures are of two moments."""
    def spans(sentence: Sentence, text: str) -> list[tuple[str, str]]:
        found = [(t.first_day, t.last_day) for t in sentence.times if t.text in text and t.first_day and t.last_day]
        # A year written alone ("the 2004 tsunami", "42 in 1995") dates the statement too.
        found += [(f"{y}-01-01", f"{y}-12-31") for y in _YEAR.findall(text)]
        return found

    ta, tb = spans(sent_a, text_a), spans(sent_b, text_b)
    if not ta or not tb:
        return False
    return not any(fa <= lb and fb <= la for fa, la in ta for fb, lb in tb)


def figure_conflicts(a: tuple[int, Sentence, str], b: tuple[int, Sentence, str],
                     other_a: list[Quantity], other_b: list[Quantity], *, same_language: bool = False) -> list[Finding]:
    """Figures of one kind that two similar statements give as different amounts.

    ``other_a``/``other_b``: every figure each source states anywhere; a figure the
    other source also states (in any sentence) is not a conflict, only an omission here.
    ``same_language``: the two statements are in one language, so the nouns after their
    figures can be compared (across languages they cannot, and are not).
    """
    (sa, sent_a, text_a), (sb, sent_b, text_b) = a, b
    thing_a, thing_b = _which_thing(sent_a, text_a), _which_thing(sent_b, text_b)
    if any(thing_b.get(word, value) != value for word, value in thing_a.items() if word not in _MEASURED):
        return []  # two different things ("the 11-inch model starts at $999" / "the 15-inch at $1,799")
    if different_times(sent_a, text_a, sent_b, text_b):
        return []  # "Dilger had 42 in 1995" / a count from another season
    qa = [q for q in sent_a.quantities if _in(text_a, q) and _countable(q) and q.value != 0
          and not _conversion(sent_a, q)]
    qb = [q for q in sent_b.quantities if _in(text_b, q) and _countable(q) and q.value != 0
          and not _conversion(sent_b, q)]
    left_a = [q for q in qa if not any(same_amount(q, r) for r in qb)]
    left_b = [q for q in qb if not any(same_amount(q, r) for r in qa)]
    out: list[Finding] = []
    for x in left_a:
        if any(same_amount(x, r) for r in other_b):
            continue
        # Spans of time must be near each other: similar sentences give many spans of different
        # things ("first time in nearly 25 years" / "50 years since the band's formation").
        near = (0.67, 1.5) if is_span_of_time(x) else (0.33, 3.0)
        rivals = [y for y in left_b if y.unit == x.unit and not any(same_amount(y, r) for r in other_a)
                  and near[0] <= (y.value or 1) / (x.value or 1) <= near[1]
                  and (not same_language or _count_the_same(x, y))
                  and (x.unit != "age" or _same_holder(x, y))
                  and not (_counted_back(sent_a, x) and _counted_back(sent_b, y))
                  and (not same_language or x.unit == "age" or _same_frame(x, text_a, y, text_b))]
        if len(rivals) != 1:  # none, or no way to tell which figure answers which
            continue
        y = rivals[0]
        left_b.remove(y)
        subject = _subject(x, y, text_a, text_b)
        out.append(Finding("number", subject, (sa, sent_a, x.text), (sb, sent_b, y.text),
                           f"{x.text!r} and {y.text!r} cannot be one amount, even allowing for rounding and hedges",
                           f"number:{subject}:{min(x.value, y.value):g}"))
    return out


_DENIES = re.compile(r"\b(?:no|not|never|without|n't|sin|ningún|ninguna|nunca|nicht|kein|keine|keinen|ohne|nie|"
                     r"δεν|χωρίς|pas|aucun|aucune|sans|не|без)\b", re.I)


# "Nobody has the right to violence", "none has been more pertinent", "no one could say": a zero that
# counts nothing (here and in ``casualties``).
GENERIC_ZERO = re.compile(r"\s+(?:(?:has|have|had)\s+(?:the right|ever)\b|(?:has|is|was|had)\s+(?:been\s+)?"
                          r"(?:more|less|better|worse)\b|(?:can|could|should|would|will|must|may|might|knows?|"
                          r"wants?|believes?|doubts?|cares?)\b)", re.I)


def count_conflicts(a: tuple[int, Sentence, str], b: tuple[int, Sentence, str], *,
                    same_language: bool = False) -> list[Finding]:
    """A count of zero ("none of which caused injuries") against a count above zero in the same statement
    (in one language, with a word around them shared, as for figures)."""
    out: list[Finding] = []
    for zero_side, other_side in ((a, b), (b, a)):
        zq = [q for q in zero_side[1].quantities if q.text in zero_side[2]]
        oq = [q for q in other_side[1].quantities if q.text in other_side[2]]
        zeros = [q for q in zq if q.value == 0 and q.high is None and q.unit is None
                 and not _quoted(zero_side[1], q.start)
                 and not GENERIC_ZERO.match(zero_side[1].text, q.start + len(q.text))]
        # The other side's counts that answer nothing on this side.
        unmatched = [q for q in oq if q.value > 0 and q.unit is None and _countable(q)
                     and not _hyphened(other_side[1], q)
                     and not any(same_amount(q, r) for r in zq)]
        if not zeros or not unmatched or any(q.value == 0 for q in oq):
            continue
        if _DENIES.search(other_side[2]):
            continue  # "the other 28 people showed no signs": the count is of those who did not
        z, n = zeros[0], unmatched[-1]
        if same_language and not _frame(zero_side[1].text, z.text) & _frame(other_side[1].text, n.text):
            continue  # "none of those offers" / "a deal between six and eight years"
        subject = n.noun or z.noun or "count"
        out.append(Finding("claim", subject, (zero_side[0], zero_side[1], z.text),
                           (other_side[0], other_side[1], n.text),
                           f"one says {z.text!r}, the other {n.text!r}: both cannot be true", f"claim:{subject}"))
    return out


_FUNCTION = frozenset("of its the a an in on at to for and or from by with de del la el los las του της των και "
                      "σε από aus dem den der die das des im am zu zum zur von vom mit für auf bei nach".split())


def _subject(x: Quantity, y: Quantity, text_x: str = "", text_y: str = "") -> str:
    """What the figures count: the words after the figure ("ceramic tower heaters"), else its unit."""
    for q, text in ((x, text_x), (y, text_y)):
        after = text[text.find(q.text) + len(q.text):].split() if q.text in text else []
        words: list[str] = []
        for w in after[:3]:
            w = w.strip(",.;:()")
            if not w or w.lower() in _FUNCTION or not w.isalpha():
                break
            words.append(w)
        if words:
            return " ".join(words)
    return x.noun or y.noun or x.written_unit or x.unit or "figure"


def _day(t: TimeExpression) -> bool:
    return t.precision == "day" and t.first_day is not None and t.last_day is not None


def _quoted(sentence: Sentence, start: int) -> bool:
    """True when offset ``start`` lies inside a quote: "today" in a quote is the speaker's day, not the story's."""
    return any(q.start <= start <= q.start + len(q.text) + 2 for q in sentence.quotes)


def date_conflicts(a: tuple[int, Sentence, str], b: tuple[int, Sentence, str], group: str = "date",
                   *, same_language: bool = False) -> list[Finding]:
    """Days that two aligned statements name differently, after resolving "on Monday" against the publication date.

    In one language the words around the two dates must meet, as for figures: "the DA announced today
    that charges were filed" and "a jury today convicted" are two events of one story, not one event
    dated twice."""
    (sa, sent_a, text_a), (sb, sent_b, text_b) = a, b
    ta = [t for t in sent_a.times if _day(t) and t.text in text_a and not _quoted(sent_a, t.start)]
    tb = [t for t in sent_b.times if _day(t) and t.text in text_b and not _quoted(sent_b, t.start)]
    if len(ta) != 1 or len(tb) != 1:  # with several dates there is no telling which answers which
        return []
    x, y = ta[0], tb[0]
    assert x.first_day and x.last_day and y.first_day and y.last_day
    if x.first_day <= y.last_day and y.first_day <= x.last_day:
        return []
    if x.relative and y.relative and x.text.lower() == y.text.lower():
        return []  # both wrote "on Saturday": the words agree, only the pages' own dates differ
    if same_language and not _frame(text_a, x.text) & _frame(text_b, y.text):
        return []
    value_x, value_y = f"{x.text} (= {x.first_day})", f"{y.text} (= {y.first_day})"
    return [Finding("date", "date", (sa, sent_a, value_x), (sb, sent_b, value_y),
                    f"{x.text!r} is {x.first_day} and {y.text!r} is {y.first_day}", group)]


# "rules out any compromise regarding territorial matters" against "rules out any major
# territorial concessions": the same refusal, one without limits and one limited.
_REFUSAL = re.compile(r"\b(?:rules? out|ruled out|ruling out|rejects?|rejected|excludes?|excluded|descarta|"
                      r"descartó|rechaza|schließt|αποκλείει|απορρίπτει|исключает|отвергает)\s+(?P<object>[^,.;]{3,80})",
                      re.I | re.U)
_LIMITING = re.compile(r"\b(?:major|significant|large|big|serious|substantial|sweeping|important|grandes?|"
                       r"importantes?|größere[nr]?|wesentliche[nr]?|σημαντικές|μεγάλες|крупные|существенные)\b",
                       re.I | re.U)
_ABSOLUTE = re.compile(r"\b(?:any|all|every|ningún|ninguna|cualquier|jede[nr]?|καμία|κανένα|любые|никаких)\b",
                       re.I | re.U)


def scope_conflicts(a: tuple[int, Sentence, str], b: tuple[int, Sentence, str]) -> list[Finding]:
    """One source refuses something without limits, the other only its larger part."""
    ra, rb = _REFUSAL.search(a[2]), _REFUSAL.search(b[2])
    if ra is None or rb is None:
        return []
    oa, ob = ra.group("object").split(" and ")[0].strip(), rb.group("object").split(" and ")[0].strip()
    for (x, ox), (y, oy) in (((a, oa), (b, ob)), ((b, ob), (a, oa))):
        if _ABSOLUTE.search(ox) and not _LIMITING.search(ox) and _LIMITING.search(oy):
            return [Finding("claim", "what is ruled out", (x[0], x[1], ox), (y[0], y[1], oy),
                            f"one rules out {ox!r} without limits, the other only {oy!r}",
                            f"scope:{x[1].index}")]
    return []
