"""The one data model that travels through every stage.

``Article`` is produced by ``extract`` and later stages add to it (sentences,
mentions, quotes ...) rather than defining types of their own. Every model
round-trips through JSON: ``Article.model_validate_json(a.model_dump_json())``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "Article",
    "ArticleFlags",
    "Attribution",
    "AttributionKind",
    "DatePrecision",
    "Mention",
    "MentionKind",
    "Paragraph",
    "PublishedDate",
    "Qualifier",
    "Quantity",
    "Quote",
    "Removed",
    "Sentence",
    "TimeExpression",
    "TimePrecision",
]

DatePrecision = Literal["minute", "day", "month", "year", "unknown"]
"""How much of a date is known. ``minute`` means day plus a clock time."""

ParagraphKind = Literal["paragraph", "heading", "quote", "list", "table"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Paragraph(_Model):
    """One block of the article body, in reading order."""

    text: str
    kind: ParagraphKind = "paragraph"


class PublishedDate(_Model):
    """A publication date that never claims more precision than its evidence.

    ``year``/``month``/``day``/``time`` hold only what is known. When the page
    gives no year (``"November 20 09:28"``) and a year is inferred from other
    clues, ``year_inferred`` is true, ``confidence`` says how sure the inference is
    and ``evidence`` lists the clues; with no clue the year stays ``None`` and the
    date is partial.
    """

    year: int | None = None
    month: int | None = None
    day: int | None = None
    time: str | None = Field(default=None, description="HH:MM, local to the page")
    precision: DatePrecision = "unknown"
    raw: str | None = Field(default=None, description="the text the date was read from")
    source: str | None = Field(
        default=None, description="where it came from: json-ld, meta, time-element, dateline, url ..."
    )
    year_inferred: bool = False
    latest_year: int | None = Field(
        default=None, description="when the year is unknown: the latest year the evidence allows"
    )
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)
    evidence: list[str] = Field(default_factory=list)

    @property
    def partial(self) -> bool:
        """True when a month or day is known but the year is not."""
        return self.year is None and self.month is not None

    @property
    def iso(self) -> str | None:
        """ISO 8601 text for the known part: ``2024-11-20``, ``2024-11``, ``--11-20``."""
        if self.year is None and self.month is None:
            return None
        if self.year is None:
            if self.day is None:
                return f"--{self.month:02d}"
            return f"--{self.month:02d}-{self.day:02d}"
        parts = [f"{self.year:04d}"]
        if self.month is not None:
            parts.append(f"{self.month:02d}")
            if self.day is not None:
                parts.append(f"{self.day:02d}")
        text = "-".join(parts)
        if self.time and self.day is not None:
            text += f"T{self.time}"
        return text


class Removed(_Model):
    """A piece of the page dropped as boilerplate, and why (for debugging)."""

    text: str
    reason: str


class ArticleFlags(_Model):
    machine_translated: bool = False
    paywall_teaser: bool = False


Qualifier = Literal["exact", "about", "nearly", "over", "under", "at least", "at most"]
"""How a figure is hedged: "about 4,500" is ``about``, "more than 70 percent" ``over``."""


class Quantity(_Model):
    """A figure as one sentence states it, with its value normalised.

    "110.000 square kilometers" is ``value=110000, unit="km2"``; "2,3 millones de
    dólares" is ``value=2300000, unit="USD"``; "none" is ``value=0`` with no unit.
    """

    text: str = Field(description="the words that state it, as written")
    start: int = Field(description="offset of ``text`` in the sentence")
    value: float = Field(description="the figure, or the low end of a range")
    high: float | None = Field(default=None, description="the high end of a range ('70-80 percent')")
    unit: str | None = Field(
        default=None, description="canonical unit: percent, km, km2, kg, USD, EUR, GBP, ... (miles become km); "
        "year, month, week, day, hour, minute for spans of time; age for someone's age"
    )
    noun: str | None = Field(default=None, description="what is counted, as written: 'heaters', 'unidades'; the "
                             "word a figure is hyphened to ('story' in 'three-story'); whose age it is ('Orozco')")
    qualifier: Qualifier = "exact"
    written_unit: str | None = Field(default=None, description="the unit as written before conversion")


TimePrecision = Literal["day", "week", "month", "year", "vague"]
"""How wide a time expression is: "on Monday" is a ``day``, "recently" is ``vague``."""


class TimeExpression(_Model):
    """A time the sentence refers to, resolved to a span of days where it can be.

    "on Monday" in an article published on Tuesday 2025-03-04 is ``first_day =
    last_day = 2025-03-03``; "this month" spans the month up to publication; "June
    14" without a year takes the year that puts it nearest the publication. Two
    expressions can agree only if their spans overlap.
    """

    text: str = Field(description="the words, as written")
    start: int = Field(description="offset of ``text`` in the sentence")
    first_day: str | None = Field(default=None, description="ISO date; None when it cannot be resolved")
    last_day: str | None = None
    precision: TimePrecision = "day"
    relative: bool = Field(default=False, description="true for 'on Monday', 'yesterday', 'this month' ...")
    anchor: str | None = Field(default=None, description="the publication date it was resolved against")


AttributionKind = Literal["agency", "source", "officials", "statement", "document"]
"""What a sentence credits: a wire agency, a named source, unnamed officials, a statement, a document."""


class Attribution(_Model):
    """Where a sentence says its information comes from ("according to Reuters")."""

    source: str = Field(description="the source as written: 'Reuters', 'five current and former Russian officials'")
    kind: AttributionKind
    cue: str = Field(description="the words that attribute: 'according to Reuters', 'told Meridian Press'")
    start: int = Field(description="offset of ``cue`` in the sentence")


MentionKind = Literal["person", "organisation", "place", "other"]


class Mention(_Model):
    """A name in a sentence: a person, organisation or place, with a key that joins spellings.

    ``key`` is the same for "Kiev" and "Kyiv", "Zaporozhye" and "Zaporizhia",
    "Putin" and "Vladimir Putin" (people are keyed by surname), and for an
    acronym and the full name the article defines it with ("U.S. Consumer Product
    Safety Commission (CPSC)"). Near-spellings ("Chang" / "Chung") keep their own
    keys: the compare stage links them as variants and says so.
    """

    text: str = Field(description="the name as written")
    start: int = Field(description="offset of ``text`` in the sentence")
    kind: MentionKind = "other"
    key: str = Field(description="canonical key: 'p:putin', 'kyiv', 'cpsc'")
    role: str | None = Field(default=None, description="the title written beside a person: 'Kremlin spokesman'")


class Quote(_Model):
    """Words a source puts in someone's mouth, with the speaker as the article names them."""

    text: str = Field(description="the quoted words, without the quote marks")
    start: int = Field(description="offset of the opening quote mark in the sentence")
    speaker: str | None = Field(default=None, description="the speaker as written: 'Dmitry Peskov', 'Chung'")
    speaker_key: str | None = Field(default=None, description="the speaker's mention key, when it is a name")
    role: str | None = Field(default=None, description="the speaker's title as written with the quote")
    cue: str | None = Field(default=None, description="the words that attribute it: 'Peskov said'")


class Sentence(_Model):
    """One sentence of the body, with what the analyse stage found in it."""

    index: int = Field(description="position among the article's sentences")
    paragraph: int = Field(description="index of its paragraph in ``Article.body``")
    start: int = Field(description="offset in the paragraph's text")
    text: str
    quantities: list[Quantity] = Field(default_factory=list)
    times: list[TimeExpression] = Field(default_factory=list)
    attributions: list[Attribution] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list, description="quotes that open in this sentence")


class Article(_Model):
    """A news article as extracted from one page."""

    source: str = Field(description="path, URL or '-' for stdin")
    input_format: Literal["html", "text"] = "html"
    url: str | None = Field(default=None, description="canonical URL when the page gives one")
    outlet: str | None = None
    title: str | None = None
    standfirst: str | None = None
    body: list[Paragraph] = Field(default_factory=list)
    published: PublishedDate = Field(default_factory=PublishedDate)
    updated: PublishedDate | None = Field(
        default=None, description="the last update the page declares or shows, when it gives one"
    )
    authors: list[str] = Field(default_factory=list)
    language: str | None = None
    language_source: Literal["page", "detected"] | None = None
    section: str | None = None
    tags: list[str] = Field(default_factory=list)
    flags: ArticleFlags = Field(default_factory=ArticleFlags)
    credits: list[str] = Field(
        default_factory=list, description="credit lines: 'With files from Reuters', 'Source: AP'"
    )
    removed: list[Removed] = Field(default_factory=list)
    sentences: list[Sentence] = Field(
        default_factory=list, description="filled by the analyse stage; empty straight after extraction"
    )
    notes: list[str] = Field(default_factory=list, description="extraction remarks")

    @property
    def text(self) -> str:
        """The body as plain text, one paragraph per line."""
        return "\n".join(p.text for p in self.body)

    @property
    def paragraphs(self) -> list[str]:
        return [p.text for p in self.body]

    @property
    def label(self) -> str:
        """The title or, for an article without one, its first twelve words: what a listing shows."""
        if self.title:
            return self.title
        words = self.text.split()
        return " ".join(words[:12]) + (" …" if len(words) > 12 else "")
