"""Quotes: the words inside quote marks, who the article says spoke them, and their title.

Rules rather than a model: a quote is a span between paired quote marks (“ ”, " ",
« », „ “), and its speaker is the name the sentence ties to it with a speech verb,
after the quote ("…," Peskov said / dijo a Meridian Press el portavoz, Stephen
Chang) or before it (Stephen Chang, who said that … “…”). A bare "he said" takes
the speaker of the previous quote in the article. Needs the sentences' mentions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..model import Article, Mention, Quote, Sentence

__all__ = ["find_quotes"]

_PAIRS = re.compile(r"“(?P<a>[^“”]{2,}?)”|\"(?P<b>[^\"]{2,}?)\"|«(?P<c>[^«»]{2,}?)»|„(?P<d>[^„“”]{2,}?)[“”]", re.U)
_SPEECH = re.compile(
    r"\b(?:said|says|say|told|tells|added|adding|stated|states|noted|explained|warned|wrote|asked|replied|insisted|"
    r"stressed|declared|according to|dijo|dice|afirmó|declaró|señaló|añadió|agregó|explicó|contó|aseguró|"
    r"sagte|sagt|erklärte|betonte|fügte|so|δήλωσε|είπε|ανέφερε|πρόσθεσε|τόνισε|σημείωσε|δηλώνει|λέει|"
    r"сказал|сказала|заявил|заявила|отметил|добавил|сказав|заявив|rekao|rekla|izjavio|izjavila|рекао|изјавио)\b",
    re.I | re.U)
_PRONOUN = re.compile(r"^\W{0,3}(?:he|she|they|él|ella|er|sie|αυτός|αυτή|он|она)\s+(?:said|says|added|dijo|"
                      r"sagte|δήλωσε|είπε|сказал|сказала)\b", re.I)


_NEXT_TO_VERB = re.compile(r"[\s,]*(?:\d{1,3}[\s,]*)?")  # "Peskov said", "Felt, 92, told", "Nields, wrote"
_TITLE_GAP = re.compile(r"\s+(?:[a-z][\w-]*\s+){1,5}")


def _speaker_after(window: str, mentions: Sequence[Mention], offset: int) -> Mention | None:
    """The first person or body named after a speech verb (or before one) in ``window``."""
    verb = _SPEECH.search(window)
    if verb is None or verb.start() > 80:
        return None
    # "…," Felt told attorney John O'Connor: the name right before the verb speaks, the one after listens.
    subject = [m for m in mentions if m.kind != "place" and offset <= m.start < offset + verb.start()
               and _NEXT_TO_VERB.fullmatch(window[m.start - offset + len(m.text):verb.start()])]
    if subject:
        return subject[0]
    inside = [m for m in mentions if m.kind in ("person", "organisation") and offset <= m.start < offset + len(window)
              and not _OWNER.match(window, m.start - offset + len(m.text))]
    if verb.group(0).lower() in ("told", "tells") and window[:verb.start()].strip(" ,"):
        # "Stephen Chang, a Kestrel spokesman, told Meridian Press": whoever comes after "told" listens
        # ("Reid's rep told Us Weekly" names no speaker).
        inside = [m for m in inside if m.start - offset < verb.start()]
    # "told Meridian Press the spokesman, Stephen Chang": the person speaks, the body listens.
    people = [m for m in inside if m.kind == "person"]
    if len(people) >= 2 and _TITLE_GAP.fullmatch(window[people[0].start - offset + len(people[0].text):
                                                         people[1].start - offset]):
        people = people[1:]  # "said Trend Micro advanced threat researcher Paul Ferguson": the employer first
    chosen = people or inside
    return chosen[0] if chosen else None


# "Reid's rep told Us": the one whose rep, lawyer or spokesman speaks is not the speaker.
_OWNER = re.compile(r"['’]s\s")


def _can_speak(m: Mention, text: str) -> bool:
    """A person or body named outside any quote and not as the owner of something ("Reid's rep")."""
    if m.kind not in ("person", "organisation") or _OWNER.match(text, m.start + len(m.text)):
        return False
    return not any(q.start() < m.start < q.end() for q in _PAIRS.finditer(text))


_ASIDE = re.compile(r",\s+(?:a|an|the|who|one|un|una|el|la|ein|eine|der|die)\s[^,]{2,100},\s*$", re.I)


def _speaker_before(before: str, mentions: Sequence[Mention]) -> Mention | None:
    """The last person named before a speech verb that leads into the quote."""
    verbs = list(_SPEECH.finditer(before))
    if not verbs:
        return None
    verb = verbs[-1]
    candidates = [m for m in mentions if _can_speak(m, before) and m.start < verb.start()]
    # "Richard Ben-Veniste, a key lawyer in the Watergate prosecution team, said": not "Watergate".
    aside = _ASIDE.search(before[:verb.start()])
    if aside and any(m.start < aside.start() for m in candidates):
        candidates = [m for m in candidates if m.start < aside.start()]
    people = [m for m in candidates if m.kind == "person"]
    chosen = (people or candidates)[-1:] if candidates else []
    return chosen[0] if chosen and verb.start() - (chosen[0].start + len(chosen[0].text)) < 60 else None


# A described speaker: "One of the Russian officials stated", "the company said".
_DESCRIBED = re.compile(
    r"(?P<who>\b(?:(?:one|two|three|some|several) of )?(?:the |a |an |la |el |los |η |ο |οι )?(?:[\w-]+ ){0,4}?"
    r"(?:officials?|sources?|spokes(?:man|woman|person)|company|ministry|government|police|CEO|chief executive|"
    r"chair(?:man|woman)?|minister|mayor|director|empresa|compañía|"
    r"εταιρεία|κυβέρνηση|Unternehmen|Firma|Regierung|компания|правительство))\s+" + _SPEECH.pattern[2:-2]
    + r"\b", re.I | re.U)


def _last_person(article: Article, sentence: Sentence, before: int) -> Mention | None:
    """The person named last before ``before`` in ``sentence``, or in the sentences before it."""
    for s in reversed(article.sentences[:sentence.index + 1]):
        people = [m for m in s.mentions if m.kind == "person" and _can_speak(m, s.text)
                  and (s is not sentence or m.start < before)]
        if people:
            return people[-1]
    return None


def find_quotes(article: Article) -> None:
    """Fill ``quotes`` on the article's sentences (mentions must be there already), in place."""
    for p_index, paragraph in enumerate(article.body):
        sentences = [s for s in article.sentences if s.paragraph == p_index]
        if not sentences:
            continue
        text = paragraph.text
        for m in _PAIRS.finditer(text):
            words = next(g for g in m.groups() if g is not None).strip()
            opening = _sentence_at(sentences, m.start())
            closing = _sentence_at(sentences, m.end() - 1)
            if opening is None or closing is None:
                continue
            # The words after the closing mark, up to the next quote.
            after_start = m.end() - closing.start
            after = closing.text[after_start:]
            nxt = _PAIRS.search(after)
            after = after[:nxt.start()] if nxt else after
            speaker = _speaker_after(after, closing.mentions, after_start)
            cue = after.strip(" ,.")[:80] if speaker else None
            if speaker is None:
                before = opening.text[:m.start() - opening.start]
                speaker = _speaker_before(before, opening.mentions)
                cue = before[speaker.start:].strip(" ,:")[:120] if speaker else None
            if speaker is None and _PRONOUN.search(after):
                speaker = _last_person(article, opening, m.start() - opening.start)
                cue = after.strip(" ,.")[:40] if speaker else None
            said_after = None  # "..., the CEO said.": a described speaker right after the quote
            if speaker is None:
                following = _DESCRIBED.search(after)
                said_after = following if following is not None and following.start() < 30 else None
            if speaker is None and said_after is None and opening.index > 0 and m.start() - opening.start < 3:
                # A quote that opens its sentence continues what the previous sentence introduced
                # ("X told Diario del Puerto that ... :" / «…»).
                previous = article.sentences[opening.index - 1]
                speaker = _speaker_before(previous.text, previous.mentions)
                cue = previous.text[speaker.start:].strip(" ,:")[:120] if speaker else None
            described = None
            if speaker is None:
                found = list(_DESCRIBED.finditer(opening.text[:m.start() - opening.start]))
                described = found[-1] if found else said_after
            opening.quotes.append(Quote(
                text=words, start=m.start() - opening.start,
                speaker=speaker.text if speaker else described.group("who").strip() if described else None,
                speaker_key=speaker.key if speaker else None,
                role=speaker.role if speaker else None,
                cue=cue if speaker else described.group(0).strip() if described else None,
            ))


def _sentence_at(sentences: Sequence[Sentence], offset: int) -> Sentence | None:
    for s in sentences:
        if s.start <= offset < s.start + len(s.text):
            return s
    return None
