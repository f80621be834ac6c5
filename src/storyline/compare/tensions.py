"""Tensions inside one source: two of its statements that pull against each other.

- ``negation``: two statements on the same matter (similar, sharing a content word
  stem such as "freez-") where one denies what the other asserts ("the Kremlin could
  agree to freeze the conflict" / "freezing the conflict will not work").
- ``dispute``: a statement the article itself marks as contested by someone else
  ("… said that framing understates the problem").
"""

from __future__ import annotations

import re

import numpy as np

from ..model import Article, Sentence
from .result import Tension, TensionPosition

__all__ = ["find_tensions"]

_NEGATION = re.compile(r"\b(?:not|no|never|won't|cannot|can't|nothing|none|no longer|in no way|no|nunca|nadie|"
                       r"nicht|kein|keine|nie|δεν|μην|ποτέ|не|ни|нет|ne|nije)\b|n't\b", re.I)
_DISPUTE = re.compile(r"\b(?:understates?|overstates?|disputes?|disputed|contradicts?|rejects?|rejected|denies|"
                      r"denied|disagrees?|disagreed|contests?|contested|challenges?|challenged|questioned|questions|"
                      r"niega|negó|rechaza|rechazó|bestreitet|widerspricht|αρνείται|διαψεύδει|отрицает|опроверг|"
                      # "told him a different story", "gave a different account", "schilderte eine andere Version"
                      r"(?:told|tells?|gave|gives?|painted|paints?)\s+(?:\w+\s+){0,2}?a\s+(?:very\s+)?different\s+"
                      r"(?:story|account|version|picture)|(?:dio|da|ofreció|ofrece)\s+otra\s+versión|"
                      r"(?:schilderte|schildert|erzählte|erzählt)\s+(?:\w+\s+){0,2}?(?:eine\s+)?andere\s+"
                      r"(?:Version|Geschichte|Darstellung))\b", re.I)
# These also name acts or things that contest no statement ("the minister rejected the plan", "the
# industry faces challenges", "police questioned the suspect", "a land dispute", "the seats are
# contested"): they count only
# when what they reject is a statement, named within the next few words.
_ACTS_TOO = frozenset("reject rejects rejected challenge challenges challenged questioned questions denies denied "
                      "dispute disputes disputed contest contests contested rechaza rechazó".split())
_STATEMENT_OBJECT = re.compile(
    r"\W*(?:(?:that|que|dass)\b|(?:\S+\s+){0,5}?(?:claims?|allegations?|accusations?|reports?|figures?|findings?|"
    r"assessments?|characteri[sz]ations?|framing|suggestions?|assertions?|charges?|statements?|notion|idea|account|"
    r"version|estimates?|numbers?|data|criticism|conclusions?|acusaciones|afirmaciones|versión|cifras|"
    r"Vorwürfe|Darstellung|Angaben|Zahlen)\b)", re.I)
_STOPWORDS = frozenset("the a an and or of to in on at for with that this is are was were be been will would could "
                       "can may might has have had it its their his her they he she said says not no any all from by "
                       "as but than also into over about after stated noted told reported according officials "
                       "sources source statement adding added".split())
_SIMILAR = 0.80
# What a dispute contests, when it says: "(denied) that he was ...", "(contest police) allegations that ...".
_CONTESTED_CLAUSE = re.compile(r"\W*(?:(?:\S+\s+){0,4}?(?:claims?|allegations?|accusations?|reports?|suggestions?|"
                               r"charges?)\s+(?:that|of)\s+|that\s+)(?P<clause>[^.;]{8,})", re.I)
_CONDITION = frozenset({"if", "unless", "whether", "si", "wenn", "falls", "αν", "εάν", "если", "ako"})
# A dispute word right after these contests nothing yet: an infinitive or a noun after "to" ("one thing
# to disagree with", "in response to questions"), a modal ("some lawyers would disagree"), a determiner
# or a hyphened modifier ("a still-disputed number").
_NO_CONTEST_BEFORE = re.compile(r"(?:\b(?:to|would|could|might|may|should|can|a|an|the|its|his|her|their|this|"
                                r"these|those|some|any)\s+|-)$", re.I)
# Words that deny without a negation word: "going to stop making payments" says what "no further payment"
# says, so the two do not pull against each other.
_DENYING_VERBS = frozenset("stop stops stopped stopping halt halts halted cease ceases ceased refuse refuses refused "
                           "without lack lacks lacked fail fails failed unable".split())
# A negation speaks within its clause: words past a semicolon, a bracket or a ", and" belong to
# another ("zero tolerance towards forced labor, and does not directly sell"). A bare comma does not
# end the clause ("the road, which will not reopen soon, ..."), nor does a quote mark (the subject of
# 'announcements "cannot be transmitted"' stands outside it).
_CLAUSE_BREAK = re.compile(r"[;:()—]|,\s+(?:and|but|while|whereas|y|pero|und|aber|και|αλλά)\b", re.I)


def _stems(text: str) -> set[str]:
    return {w[:5] for w in re.findall(r"[^\W\d_]{4,}", text.lower()) if w not in _STOPWORDS}


def find_tensions(source_id: str, article: Article, vectors: np.ndarray | None) -> list[Tension]:
    """Tensions inside one article. ``vectors`` are its sentence embeddings (row per sentence) or None."""
    out: list[Tension] = []
    sentences = article.sentences
    if vectors is not None and len(sentences) > 1:
        sim = vectors @ vectors.T
        for i, a in enumerate(sentences):
            for j in range(i + 1, len(sentences)):
                b = sentences[j]
                if sim[i, j] < _SIMILAR:
                    continue
                pa, pb = _position(a), _position(b)
                if not pa.value or not pb.value or pa.value == pb.value:
                    continue  # a tension sets one voice against another
                shared = _negated_matter(a, b) or _negated_matter(b, a)
                if shared:
                    out.append(Tension(source=source_id, kind="negation", subject=shared, positions=[pa, pb],
                                       note="one voice asserts what the other denies, in the same article"))
    for k, s in enumerate(sentences):
        dispute = _DISPUTE.search(s.text)
        if not k or dispute is None or _NEGATION.search(s.text[:dispute.start()]):
            continue
        if _NO_CONTEST_BEFORE.search(s.text, 0, dispute.start()):
            continue
        if dispute.group(0).lower() in _ACTS_TOO and not _STATEMENT_OBJECT.match(s.text, dispute.end()):
            continue
        # The contested statement: of the three before, the one closest to the dispute and what follows it.
        candidates = list(range(max(0, k - 3), k))
        # When the dispute spells out what it contests ("denied that he was Deep Throat", "contest police
        # allegations that Gray pointed a gun"), the contested sentence must speak of it.
        spelled = _CONTESTED_CLAUSE.match(s.text, dispute.end())
        if spelled:
            # A word of what is denied, or two of the denying sentence ("their agencies denied reports
            # that they were dating" contests "the agencies confirm reports that the two are an item").
            wanted, around = _stems(spelled.group("clause")), _stems(s.text) - _stems(dispute.group(0))
            candidates = [c for c in candidates if _stems(sentences[c].text) & wanted
                          or len(_stems(sentences[c].text) & around) >= 2]
            if not candidates:
                continue  # none of the sentences before says what is denied
        # A statement ("the company said in a statement") is what gets contested, before a quote.
        stated = [c for c in candidates if any(a.kind == "statement" for a in sentences[c].attributions)]
        if stated:
            contested = stated[-1]
        elif vectors is not None:
            target = vectors[k] + (vectors[k + 1] if k + 1 < len(sentences) else 0)
            contested = max(candidates, key=lambda c: float(vectors[c] @ target))
        else:
            contested = k - 1
        positions = [_position(sentences[contested]), _position(s)]
        if k + 1 < len(sentences) and sentences[k + 1].quotes:
            positions.append(_position(sentences[k + 1]))
        out.append(Tension(source=source_id, kind="dispute", subject=dispute.group(0), positions=positions,
                           note="the article reports a claim and, next to it, someone contesting it"))
    # A page that prints a passage twice (a digest, a live blog) would report its tension twice.
    unique: dict[tuple[str, ...], Tension] = {}
    for t in out:
        unique.setdefault((t.kind, t.subject, *(p.sentence for p in t.positions)), t)
    return list(unique.values())


def _negated_matter(plain: Sentence, negated: Sentence) -> str | None:
    """A content word of ``plain`` that ``negated`` denies: the word sits within a few words of a negation."""
    if _NEGATION.search(plain.text):
        return None
    names = {w[:5] for m in [*plain.mentions, *negated.mentions] for w in re.findall(r"\w+", m.text.lower())}
    wanted = _stems(plain.text) - names
    for clause in _CLAUSE_BREAK.split(negated.text):
        words = re.findall(r"[^\W\d_]+|n't", clause.lower())
        for k, w in enumerate(words):
            if _NEGATION.fullmatch(w) or w == "n't":
                if _CONDITION & set(words[max(0, k - 6):k]):
                    continue  # "if a ceasefire is not agreed" states a condition, not a denial
                window = words[max(0, k - 4):k + 3]
                hits = {x[:5] for x in window if len(x) >= 4 and x[:5] in wanted and x not in _STOPWORDS}
                if len(hits) >= 2 and not _denied_too(plain.text, hits):  # the same matter, not one shared word
                    return " ".join(window)
    return None


def _denied_too(text: str, stems: set[str]) -> bool:
    """Whether ``text`` denies the matter itself, with a verb: "going to stop making payments"."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    return any(w[:5] in stems and _DENYING_VERBS & set(words[max(0, k - 3):k]) for k, w in enumerate(words))


def _position(s: Sentence) -> TensionPosition:
    """The voice a sentence speaks with (its quote's speaker, or whom it credits) and the sentence."""
    speaker = next((q.speaker for q in s.quotes if q.speaker), None)
    credited = next((a.source for a in s.attributions), None)
    return TensionPosition(value=speaker or credited or "", sentence=s.text, index=s.index)
