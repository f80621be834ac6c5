"""Page text (what "select all, copy" gives) to an ``Article``.

No existing extractor reads copied page text: there are no tags, links or
classes, only lines. We work in four passes over the lines:

1. *classify* each line (prose, short, bullet, date, marker, junk, ...) with the
   patterns in ``patterns.py``;
2. *locate* the article body as the run of lines with the highest score, where
   prose scores by its length and furniture scores negative (a maximum-sum
   segment), so a "Related articles" block inside the body is bridged while a
   comment section or a "Latest stories" list after it is not;
3. *split off the header*: title, standfirst, byline and date line sit just before
   the first body paragraph, often mixed with counters, captions and disclaimers;
4. *clean the body*: drop inserted blocks and furniture, mark subheadings, and
   record everything removed with its reason.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from ..model import Article, ArticleFlags, Paragraph, PublishedDate, Removed
from . import patterns as P
from .dates import FoundDate, find_dates, infer_year

_WORD = re.compile(r"\w+", re.UNICODE)
_DIGIT = re.compile(r"\d")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_DOMAIN = re.compile(
    r"\b((?:[a-z0-9-]+\.)+(?:com|gr|org|net|co\.uk|news|info|eu|de|es|it|fr|ru|ua|rs|hr|us|ca|au|in|io))\b", re.I
)


@dataclass
class Line:
    index: int
    text: str
    words: int
    kind: str = "short"
    reason: str = ""
    score: float = 0.0
    dates: list[FoundDate] = field(default_factory=list)


def _count_words(text: str) -> int:
    cjk = len(_CJK.findall(text))
    if cjk:
        return cjk // 2 + len(_WORD.findall(_CJK.sub(" ", text)))
    return len(_WORD.findall(text))


def _is_date_line(text: str, found: list[FoundDate]) -> bool:
    if not found:
        return False
    covered = sum(f.end - f.start for f in found)
    rest = re.sub(r"[\W_]+", "", text)
    return covered >= 0.6 * len(text.strip()) or len(rest) <= 12 + sum(
        len(re.sub(r"[\W_]+", "", f.date.raw or "")) for f in found)


def _is_list_header(text: str) -> bool:
    # Menus write the heading as an item too: "• More Washington Examiner".
    return bool(P.LIST_HEADER.match(text) or P.MORE_SECTION.match(text))


# (kind, test, most words a line of that kind may have, words one of which every match
# contains), in order of precedence.
# Tests run lazily and only on lines short enough for them: most lines are prose
# that no pattern matches, and running every pattern on every line dominated the cost.
_FURNITURE: tuple[tuple[str, Callable[[str], object], int, tuple[str, ...]], ...] = (
    ("counter", P.COUNTER_LINE.match, 30, ()),
    ("share", P.SHARE_LINE.match, 30, ()),
    ("cookies", P.COOKIE_NOTICE.search, 10**6, P.COOKIE_STEMS),
    ("credit", P.CREDIT_LINE.search, 16, ()),
    ("comment", P.COMMENT_META.search, 12, ()),
    ("translation", P.MACHINE_TRANSLATION.search, 59, P.TRANSLATION_STEMS),
    ("paywall", P.PAYWALL.search, 39, P.PAYWALL_STEMS),
    ("newsletter", P.NEWSLETTER_PROMPT.search, 30, P.NEWSLETTER_STEMS),
    ("related", P.RELATED_MARKER.match, 60, ()),
    ("end", P.END_MARKER.match, 14, ()),
    ("next", P.READ_NEXT.match, 14, ()),
    ("list", lambda t: _is_list_header(P.BULLET.sub("", t)), 14, ()),
    ("tags", lambda t: P.HASHTAG_LINE.match(t) or P.TAGS_PREFIX.match(t), 10**6, ()),
    ("junk", P.is_junk_line, 25, ()),
    ("caption", P.CAPTION_LINE.search, 40, P.CAPTION_STEMS),
    ("disclaimer", P.DISCLAIMER_LINE.match, 10**6, ()),
    ("breadcrumb", P.BREADCRUMB.match, 8, ()),
    ("bullet", P.BULLET.match, 11, ()),
    ("truncated", P.TRUNCATED_TEASER.search, 40, ()),
)


def _furniture_kind(stripped: str, line: Line) -> str | None:
    # The unanchored multilingual patterns cost the most, and their words say when they
    # cannot match: in plain text a line with none of the words is spared the pattern
    # (other text always runs it).
    lower = P.plain_lower(stripped)
    for kind, test, max_words, stems in _FURNITURE:
        if line.words > max_words or (stems and lower is not None and not any(s in lower for s in stems)):
            continue
        if test(stripped):
            return kind
    if line.words <= 8 and _is_date_line(stripped, line.dates):
        return "date"
    return None


_TEASER_MAX_WORDS = 60  # a card's headline and summary; a whole article on one line can glue too


_ROW_CELLS = 3


def _table_cells(text: str) -> list[str]:
    return [cell.strip() for cell in text.split("\t") if cell.strip()] if "\t" in text else []


def _is_glued_teaser(text: str) -> bool:
    """A teaser card: a Title Case headline run into its summary ("...SteakhouseA party of six left ...").

    Copying a card drops the break between its headline and summary. Camel-case names
    ("UltraTax", "LinkedIn") glue too, so the part before the join must read as a
    headline: five or more words, every one capitalised but the small ones.
    """
    if "\t" in text or P.BULLET.match(text):
        return False  # a table row or a list item ("• OXO Brew French Press: ...")
    for m in P.GLUED_HEADLINE_END.finditer(text):
        headline, summary = text[: m.start()].split(), text[m.start() :].split()
        if not 5 <= len(headline) <= 20 or len(summary) < 6:
            continue
        words = [w for w in headline if w.lower() not in P.TITLE_SMALL_WORDS]
        if len(words) >= 5 and all(not w[0].isalpha() or w[0].isupper() for w in words):
            return True
    return False


def classify(text: str, index: int) -> Line:
    """Classify one non-empty line of page text."""
    stripped = text.strip()
    line = Line(index, stripped, _count_words(stripped))
    # Date lines, bylines and list dates are short, and every date pattern needs a
    # digit: the big date regexes run only there.
    line.dates = find_dates(stripped) if line.words <= 25 and _DIGIT.search(stripped) else []
    # A copied table keeps its cells apart with tabs; a row of three or more cells
    # is data the article shows (standings, specs, schedules), not a menu.
    kind = "row" if len(_table_cells(stripped)) >= _ROW_CELLS else _furniture_kind(stripped, line)
    if kind is not None:
        line.kind = kind
    else:
        terminal = bool(P.TERMINAL.search(stripped))
        if 10 <= line.words <= _TEASER_MAX_WORDS and _is_glued_teaser(stripped):
            line.kind = "teaser"
        elif line.words >= 10 and (terminal or line.words >= 20):
            line.kind = "prose"
        elif terminal and line.words >= 4 and not stripped.endswith(":"):
            line.kind = "sentence"
        else:
            line.kind = "short"
    line.score = _SCORES.get(line.kind, -2.0)
    if line.kind == "prose":
        line.score = min(float(line.words), 80.0)
    elif line.kind == "sentence":
        line.score = line.words - 3.0
    return line


_ROW_SCORE = 1.0  # a table row weighs a little for the article: a page can be a table with one intro line

# Weights of the maximum-sum segment; prose and sentences score by their length.
# End-of-article furniture is a wall: the body never runs across it into comments.
_WALL = -1000.0
_SCORES = {
    "row": _ROW_SCORE, "short": -2.0, "truncated": -2.0, "teaser": -4.0, "bullet": -4.0, "date": -3.0,
    "breadcrumb": -4.0, "junk": -5.0, "share": -5.0, "counter": -5.0, "caption": -4.0, "disclaimer": -6.0,
    "translation": -6.0, "credit": -3.0, "comment": -6.0, "related": -12.0, "newsletter": -12.0, "cookies": -40.0,
    "list": -30.0, "next": -30.0, "paywall": -25.0, "tags": _WALL, "end": _WALL,
}
_META = {"date", "counter", "caption", "disclaimer", "translation", "junk", "share", "credit", "byline"}


def _best_segment(lines: list[Line]) -> tuple[int, int]:
    """The article's run of lines: (first, last) positions.

    Walls (comments, "most read", tags, copyright) split the page into zones.
    In each zone the candidate is the maximum-sum segment of line scores
    (Kadane). The article is the *first* zone's candidate that is substantial,
    because what follows the article (comments, teaser lists) can hold more
    text than the article itself. A "More stories" heading inside that run
    ends it unless paragraphs follow (see ``_cut_teaser_tail``).
    """
    candidates: list[tuple[float, int, int]] = []
    best, current, start = float("-inf"), 0.0, 0
    best_range = (0, -1)
    for pos, line in enumerate(lines):
        if line.score <= _WALL:
            if best > 0:
                candidates.append((best, *best_range))
            best, current, start, best_range = float("-inf"), 0.0, pos + 1, (0, -1)
            continue
        if current <= 0:
            current, start = line.score, pos
        else:
            current += line.score
        if current > best:
            best, best_range = current, (start, pos)
    if best > 0:
        candidates.append((best, *best_range))
    if not candidates:
        return 0, -1
    top = max(score for score, _, _ in candidates)
    for score, first, last in candidates:
        if score >= _SUBSTANTIAL or score == top:
            return first, _cut_teaser_tail(lines, first, last)
    return 0, -1


def _cut_teaser_tail(lines: list[Line], first: int, last: int) -> int:
    """End the run at a "More stories" heading when no article text follows it.

    A list heading inside the run is either an inline block the article resumes
    after (with a run of paragraphs), or the start of a teaser list whose
    one-paragraph summaries, each between headline lines, outweighed it.
    """
    seen = Counter(line.text for line in lines if line.kind in _SOFT_WALLS)
    for pos in range(first + 1, last + 1):
        line = lines[pos]
        # One word ("Recommended", "Homepage") is as often a badge as a heading, and a
        # heading printed on every card of a list ("More Details") is a button.
        if (line.kind in _SOFT_WALLS and line.words >= 2 and seen[line.text] < _BUTTON_REPEATS
                and not _paragraph_run_follows(lines, pos, last)
                and not (line.kind == "newsletter" and _more_text_follows(lines, first, pos, last))):
            return _trim_end(lines, first, pos - 1)
    return last


def _more_text_follows(lines: list[Line], first: int, pos: int, last: int) -> bool:
    """Does more of the run's text lie after ``pos`` than before it?

    A sign-up form after the article is followed by furniture and teasers; one
    inserted in a long guide has most of the guide still to come.
    """
    def words(a: int, b: int) -> int:
        return sum(line.words for line in lines[a:b] if line.kind in ("prose", "sentence"))

    return words(pos + 1, last + 1) > words(first, pos)


def _paragraph_run_follows(lines: list[Line], pos: int, last: int) -> bool:
    """Does a run of paragraphs start soon after ``pos``, past an inline block of links?"""
    run = 0
    for line in lines[pos + 1 : min(last, pos + _RESUME_WITHIN) + 1]:
        # Long list items ("• Apple's best Black Friday deals ...") are prose too, but not paragraphs.
        run = run + 1 if line.kind in ("prose", "sentence") and not P.BULLET.match(line.text) else 0
        if run >= _ARTICLE_RUN:
            return True
    return False


def _trim_end(lines: list[Line], first: int, last: int) -> int:
    while last > first and lines[last].score <= 0:
        last -= 1
    return last


_SOFT_WALLS = {"list", "next", "newsletter"}
_BUTTON_REPEATS = 3  # times a list heading recurs on the page when it is a card's button
_ARTICLE_RUN = 3  # consecutive paragraphs that show the article goes on
_RESUME_WITHIN = 20  # lines after the heading where that run must end: an inline block is short


_SUBSTANTIAL = 50.0  # words of prose that make a zone's run an article rather than a teaser


def _byline(line: Line) -> tuple[list[str], FoundDate | None]:
    """Authors and date from a line such as 'Newsroom November 20 09:28' or 'By A and B'."""
    text = line.text
    found = line.dates[0] if line.dates else None
    authors: list[str] = []
    m = P.BYLINE.match(text)
    if m:
        authors = _split_names(m.group("names"))
    elif found is not None and found.start > 0:
        before = P.BYLINE_PREFIX.sub("", text[: found.start].strip(" ,|•-–—·"))
        if 0 < _count_words(before) <= 6 and not P.TERMINAL.search(before):
            authors = _split_names(before)
    return authors, found


def _split_names(names: str) -> list[str]:
    parts = re.split(r"\s*(?:,| and | & | y | und | et | και | и )\s*", names.strip())
    return [p.strip() for p in parts if p.strip() and _count_words(p) <= 5]


def _is_byline(line: Line) -> bool:
    if P.BYLINE.match(line.text) and line.words <= 16:
        return True
    return bool(line.dates) and line.words <= 12 and not P.TERMINAL.search(line.text.rstrip("0123456789: "))


def extract_text(text: str, *, source: str = "", captured: date | None = None) -> Article:
    """Extract the article from copied page text.

    ``captured`` is when the page was captured, if known (evidence for a date
    written without a year).
    """
    raw_lines = _join_split_breadcrumbs(
        [t for t in text.replace("\r\n", "\n").replace("\r", "\n").split("\n") if t.strip()]
    )
    lines = [classify(t, i) for i, t in enumerate(raw_lines)]
    article = Article(source=source, input_format="text")
    if not lines:
        return article
    first, last = _best_segment(lines)
    if last < first:
        return article

    # -- header: meta lines (date line, counters, captions) among the first
    # paragraphs mean the real body starts after them.
    prose_seen, body_start = 0, first
    for pos in range(first, last + 1):
        line = lines[pos]
        if line.kind in ("prose", "sentence"):
            if _is_byline(line):
                line.kind = "byline"
                body_start = pos + 1
                continue
            prose_seen += 1
            if prose_seen > 2:
                break
        elif line.kind in _META or _is_byline(line):
            if _is_byline(line):
                line.kind = "byline"
            body_start = pos + 1
    header: list[Line] = []
    pos = body_start - 1
    while pos >= 0 and len(header) < 12:
        line = lines[pos]
        # A headline may itself end in an ellipsis, so a "truncated" line can be the title.
        if line.kind in ("prose", "sentence", "short", "truncated"):
            if _is_byline(line):
                line.kind = "byline"
            else:
                header.append(line)
        elif line.kind not in _META | {"byline"}:
            break
        pos -= 1
    header.reverse()
    header_stop = pos  # last line before the article header
    removed: list[Removed] = []
    flags = ArticleFlags()
    authors: list[str] = []
    credits: list[str] = []
    published: FoundDate | None = None

    # Title: the first header line that reads like a headline; the rest is standfirst.
    title_line = next((h for h in header if 3 <= h.words <= 40), None)
    if title_line is not None:
        article.title = title_line.text
        rest = [h.text for h in header if h.index > title_line.index and h.words >= 6]
        if rest:
            article.standfirst = " ".join(rest)
    header_lines = lines[header_stop + 1 : body_start]
    for line in header_lines:
        if line.kind == "byline":
            names, when = _byline(line)
            authors = authors or names
            published = published or when
        elif line.kind == "translation":
            removed.append(Removed(text=line.text, reason="machine-translation disclaimer"))
        elif line.kind == "credit":
            credits.append(line.text)
            removed.append(Removed(text=line.text, reason="credit line (kept in credits)"))
        elif line not in header:
            removed.append(Removed(text=line.text, reason=line.kind))

    # -- body
    body: list[Paragraph] = []
    skipping_related = False
    related_bullets = False
    for pos in range(body_start, last + 1):
        line = lines[pos]
        kind = line.kind
        if kind in ("related", "newsletter"):
            skipping_related, related_bullets = True, False
            removed.append(Removed(text=line.text, reason="related-links block inside the body"))
            continue
        if skipping_related:
            # A block of bullets ends at the first line that is not a bullet; a block of
            # bare headlines can only be told from the text by the next real paragraph.
            related_bullets = related_bullets or kind == "bullet"
            if kind == "prose" or (related_bullets and kind != "bullet"):
                skipping_related = False
            else:
                removed.append(Removed(text=line.text, reason="related-links block inside the body"))
                continue
        if kind == "translation":
            removed.append(Removed(text=line.text, reason="machine-translation disclaimer"))
            continue
        if kind == "paywall":
            flags.paywall_teaser = True
            removed.append(Removed(text=line.text, reason="paywall"))
            continue
        if kind == "credit":
            credits.append(line.text)
            removed.append(Removed(text=line.text, reason="credit line (kept in credits)"))
            continue
        if kind in ("prose", "sentence"):
            if body and body[-1].text == line.text:
                removed.append(Removed(text=line.text, reason="repeated line"))
                continue
            body.append(Paragraph(text=line.text))
            continue
        if kind == "short" and line.words <= 20 and _next_is_prose(lines, pos, last):
            body.append(Paragraph(text=line.text, kind="heading"))
            continue
        if kind == "row":
            body.append(Paragraph(text=" | ".join(_table_cells(line.text)), kind="table"))
            continue
        # A list inside an article has items that read as text, not as menu entries.
        if kind == "bullet" and line.words >= 6:
            body.append(Paragraph(text=P.BULLET.sub("", line.text), kind="list"))
            continue
        removed.append(Removed(text=line.text, reason=kind))
    while body and body[-1].kind == "heading":
        body.pop()

    # -- after the body: tags, credits, paywall notices
    top, bottom = lines[: header_stop + 1], lines[last + 1 :]
    tags: list[str] = []
    after = bottom[:39]
    for offset, line in enumerate(after):
        if line.kind == "tags" and not tags:
            tags = _parse_tags(line.text) or _tag_block(after[offset + 1 :])
        elif line.kind == "credit":
            credits.append(line.text)
        elif line.kind == "paywall":
            flags.paywall_teaser = True
    # A translation disclaimer anywhere on the page flags the article.
    flags.machine_translated = any(line.kind == "translation" for line in lines)
    removed.extend(Removed(text=ln.text, reason=f"page furniture ({ln.kind})") for ln in top + bottom)

    # -- section from the breadcrumb just above the header
    for line in reversed(top[-4:]):
        if line.kind == "breadcrumb":
            article.section = re.split(r"\s+[>›»/]\s+|^>\s*", line.text.strip())[-1].strip() or None
            break

    # -- date: written date line, with the year inferred only from evidence
    if published is None:
        published = next((line.dates[0] for line in header_lines if line.dates), None)
    if published is not None:
        article.published = _date_with_evidence(published, top, bottom, captured)
    article.body = body
    article.credits = list(dict.fromkeys(credits))
    article.authors = authors
    article.tags = tags
    article.flags = flags
    article.removed = removed
    article.outlet = _outlet_from_furniture(top, bottom)
    return article


def _join_split_breadcrumbs(raw: list[str]) -> list[str]:
    """'News' / '/' / 'Consumer' on three lines is one breadcrumb 'News / Consumer'."""
    out: list[str] = []
    i = 0
    while i < len(raw):
        if raw[i].strip() in ("/", "›", "»", ">") and out and i + 1 < len(raw):
            out[-1] = f"{out[-1].strip()} {raw[i].strip()} {raw[i + 1].strip()}"
            i += 2
            continue
        out.append(raw[i])
        i += 1
    return out


def _next_is_prose(lines: list[Line], pos: int, last: int) -> bool:
    """Is the next text after ``pos`` a paragraph (past an inserted related block)?"""
    in_related = False
    for nxt in lines[pos + 1 : last + 1]:
        if nxt.kind == "related":
            in_related = True
        elif nxt.kind in ("prose", "sentence"):
            return True
        elif not in_related:
            return False
    return False


def _parse_tags(text: str) -> list[str]:
    m = P.TAGS_PREFIX.match(text)
    if m:
        items = re.split(r"\s*[,;|·•]\s*", m.group("tags") or "")
    else:
        items = text.split("#")
    return [t.strip() for t in items if t.strip()]


def _tag_block(lines: list[Line]) -> list[str]:
    """Tags written one per line (bullets) under a bare 'Tags' heading."""
    tags: list[str] = []
    for line in lines:
        if line.kind != "bullet":
            break
        tags.append(P.BULLET.sub("", line.text).strip())
    return tags


def _date_with_evidence(found: FoundDate, top: list[Line], bottom: list[Line],
                        captured: date | None) -> PublishedDate:
    """The date line's date; a missing year is inferred only from evidence on the page."""
    written = found.date.model_copy(update={"source": "dateline"})
    if written.year is not None:
        return written
    captured_from, evidence = _capture_date(top, captured)
    later = [d.date for ln in bottom for d in ln.dates]
    page_dates = [date(d.year, d.month, d.day) for d in later if d.year and d.month and d.day]
    copyright_year = next((int(m.group(1)) for ln in reversed(bottom)
                           if (m := P.COPYRIGHT_YEAR.search(ln.text))), None)
    inferred = infer_year(written, captured=captured_from, page_dates=page_dates, captured_evidence=evidence,
                          weekday=found.weekday, page_year=copyright_year)
    if page_dates and captured_from is not None:
        inferred.evidence.append(f"dates in the lists after the article run up to {max(page_dates).isoformat()}")
    return inferred




def _capture_date(top: list[Line], captured: date | None) -> tuple[date | None, str]:
    if captured is not None:
        return captured, f"page captured on {captured.isoformat()}"
    # A header date is often split over lines ("Sunday / 18 / Jan 2026"); join the top lines.
    joined = " ".join(ln.text for ln in top[:40])
    for found in find_dates(joined):
        d = found.date
        if d.year and d.month and d.day:
            return date(d.year, d.month, d.day), (
                f"page header shows {found.date.raw!r}, the day the page was captured"
            )
    return None, ""


def _outlet_from_furniture(top: list[Line], bottom: list[Line]) -> str | None:
    """The outlet's name from the page furniture.

    Preference: a masthead line at the top that the copyright line also names
    ("The Harbor Gazette" / "© 2025 Harbor Gazette Media Co."); then a domain the
    furniture repeats ("Follow en.protothema.gr ..."); then the copyright holder.
    """
    holder = None
    for line in reversed(bottom):
        m = _COPYRIGHT.search(line.text)
        if m:
            holder = re.split(r"[.,|]|\s+[-–]\s+", m.group("name"))[0].strip()
            break
    if holder:
        words = set(_WORD.findall(holder.lower())) - _NAME_STOPWORDS
        for line in top[:25]:
            if line.kind in ("short", "junk") and 1 <= line.words <= 6:
                line_words = set(_WORD.findall(line.text.lower())) - _NAME_STOPWORDS
                if line_words and line_words <= words | {"the"}:
                    return line.text.strip()
    counts: dict[str, int] = {}
    for line in top + bottom:
        for m in _DOMAIN.finditer(line.text):
            counts[m.group(1).lower()] = counts.get(m.group(1).lower(), 0) + 1
    if counts and max(counts.values()) >= 2:
        return max(counts.items(), key=lambda kv: kv[1])[0]
    return holder or None


# The holder starts with neither a digit nor a space: "© 2020" alone names no one.
_COPYRIGHT = re.compile(r"(?:copyright|©)\s*(?:©\s*)?(?:\d{4}\s*(?:[-–]\s*\d{4})?\s*)?(?P<name>[^|\d\s][^|]{1,79})",
                        re.I)
_NAME_STOPWORDS = {"the", "media", "co", "inc", "ltd", "llc", "group", "news", "a", "of", "ο", "η", "το", "el", "la"}
