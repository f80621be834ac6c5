"""People across sources: spelling variants of one name, different titles, and who said a quote.

- Name variants: two full names in the same script with the same first name and
  surnames a letter or two apart ("Stephen Chang" / "Stephen Chung") are one
  referent spelled two ways. They are linked and reported, never merged silently.
  Names in different scripts (a Greek transliteration) are not compared: a
  transliteration is not a discrepancy.
- Titles: each title is read into concepts (spokesman, chief executive, founder,
  president ...) in every language; one person with disjoint concepts in two
  sources is a ``role`` discrepancy. Same concept in other words is not.
- Quotes: the same words (fuzzy, same language) credited to different speakers are
  a ``quote`` discrepancy.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from anyascii import anyascii
from rapidfuzz import fuzz
from rapidfuzz.distance import JaroWinkler

from ..model import Article, Mention, Quote, Sentence
from .slots import Finding

__all__ = ["descriptor_conflicts", "name_variants", "quote_conflicts", "role_concepts", "role_conflicts"]

# Title concepts by the words that express them (lower case; matched as words).
ROLE_CONCEPTS: dict[str, tuple[str, ...]] = {
    "spokesperson": ("spokesman", "spokeswoman", "spokesperson", "press secretary", "portavoz", "sprecher",
                     "sprecherin", "εκπρόσωπος", "пресс-секретарь", "представитель", "portparol", "речник"),
    "chief executive": ("chief executive", "ceo", "διευθύνουσα σύμβουλος", "διευθύνων σύμβουλος",
                        "consejero delegado", "consejera delegada", "director ejecutivo", "directora ejecutiva",
                        "geschäftsführer", "geschäftsführerin", "vorstandschef", "vorstandschefin"),
    "founder": ("founder", "co-founder", "fundador", "fundadora", "gründer", "gründerin", "ιδρυτής", "ιδρύτρια",
                "основатель", "osnivač"),
    "president-elect": ("president-elect", "presidente electo", "gewählter präsident", "εκλεγμένος πρόεδρος"),
    "president": ("president", "presidenta", "presidente", "präsident", "präsidentin", "πρόεδρος", "президент",
                  "predsednik"),
    "communications director": ("communications director", "director of communications"),
    "adviser": ("adviser", "advisor", "aide", "asesor", "asesora", "berater", "beraterin", "σύμβουλος", "советник",
                "savetnik"),
    "engineer": ("engineer", "ingeniero", "ingeniera", "ingenieur", "ingenieurin", "μηχανικός"),
    "fire chief": ("fire chief", "feuerwehrchef", "jefe de bomberos", "kreisbrandmeister", "kreisbrandmeisterin"),
    "chair": ("chairman", "chairwoman", "chair", "vorsitzender", "vorsitzende", "aufsichtsratschef",
              "aufsichtsratsvorsitzender", "presidente del consejo"),
    "mayor": ("mayor", "alcalde", "alcaldesa", "bürgermeister", "bürgermeisterin", "δήμαρχος", "мэр"),
}


def role_concepts(role: str) -> set[str]:
    """The concepts a written title expresses: "Trump's communications director" -> {"communications director"}."""
    text = role.lower()
    found: set[str] = set()
    # Matched words are blanked, longest first, so "communications director" is not also "director".
    for concept, words in sorted(ROLE_CONCEPTS.items(), key=lambda kv: -max(len(w) for w in kv[1])):
        for w in sorted(words, key=len, reverse=True):
            if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text):
                found.add(concept)
                text = text.replace(w, " ")
    return found


@dataclass
class _Named:
    source: int
    sentence: Sentence
    mention: Mention


def _script_latin(text: str) -> bool:
    return anyascii(text) == text or all(ord(c) < 0x370 for c in text)


def _people(articles: Sequence[Article]) -> list[_Named]:
    return [_Named(i, s, m) for i, a in enumerate(articles) for s in a.sentences for m in s.mentions
            if m.kind == "person"]


# A verb inside a capitalised run makes it a slogan or a title, not a name ("Gary Ross Is Boss").
_NOT_IN_NAMES = frozenset("is are was were has have will can".split())


def _first_last(text: str) -> tuple[str, str] | None:
    words = anyascii(text).lower().replace(".", "").split()
    if _NOT_IN_NAMES & set(words):
        return None
    return (words[0], words[-1]) if len(words) >= 2 else None


# Languages that decline names: "Sankt Petersburgu" (pl), "Kurumuna" (tr), "Merkels" (de).
_DECLINING = frozenset({"pl", "tr", "ru", "uk", "sr", "hr", "bs", "cs", "sk", "sl", "fi", "hu", "de", "el", "lt",
                        "lv", "et"})


def _declined(a: str, b: str, lang_a: str | None, lang_b: str | None) -> bool:
    """One surname is the other with an ending added, in a language that declines names."""
    short, long = sorted((a, b), key=len)
    return long.startswith(short) and bool({lang_a, lang_b} & _DECLINING)


def name_variants(articles: Sequence[Article]) -> tuple[list[Finding], dict[str, str]]:
    """Spelling variants across sources, and a map joining each variant key to one key."""
    full: dict[tuple[int, str], _Named] = {}
    for n in _people(articles):
        if _first_last(n.mention.text) and _script_latin(n.mention.text):
            full.setdefault((n.source, n.mention.key), n)
    findings: list[Finding] = []
    joined: dict[str, str] = {}
    items = sorted(full.values(), key=lambda n: (n.source, n.sentence.index))
    for i, x in enumerate(items):
        for y in items[i + 1:]:
            if x.source == y.source or x.mention.key == y.mention.key:
                continue
            fx, fy = _first_last(x.mention.text), _first_last(y.mention.text)
            assert fx and fy
            if fx[0] != fy[0] or JaroWinkler.similarity(fx[1], fy[1]) < 0.8 or abs(len(fx[1]) - len(fy[1])) > 2:
                continue
            if fx[1].rstrip("s") == fy[1].rstrip("s"):
                continue  # a plural, not a spelling: "Withhold Release Order(s)"
            if _declined(fx[1], fy[1], articles[x.source].language, articles[y.source].language):
                continue
            root = joined.get(x.mention.key, x.mention.key)
            joined[y.mention.key] = root
            joined.setdefault(x.mention.key, root)
            findings.append(Finding(
                "name", f"{x.mention.text} / {y.mention.text}",
                (x.source, x.sentence, x.mention.text), (y.source, y.sentence, y.mention.text),
                "the same first name, a surname a letter or two apart, in the same role: one person spelled two ways",
                f"name:{root}"))
    return findings, joined


def role_conflicts(articles: Sequence[Article], joined: dict[str, str]) -> list[Finding]:
    """One person (after joining variants) given titles with no concept in common."""
    titled: dict[str, list[tuple[_Named, set[str]]]] = {}
    for n in _people(articles):
        if n.mention.role:
            concepts = role_concepts(n.mention.role)
            if concepts:
                titled.setdefault(joined.get(n.mention.key, n.mention.key), []).append((n, concepts))
    findings: list[Finding] = []
    for key, entries in titled.items():
        # Each source's first title, read with every title it gives the person ("president" in one
        # sentence, "chief executive" in another): two sources clash only if no title is shared.
        firsts: dict[int, tuple[_Named, set[str]]] = {}
        for n, concepts in entries:
            first = firsts.setdefault(n.source, (n, set()))
            first[1].update(concepts)
        ordered = sorted(firsts.values(), key=lambda e: e[0].source)
        for i, (x, cx) in enumerate(ordered):
            for y, cy in ordered[i + 1:]:
                if cx & cy:
                    continue
                assert x.mention.role and y.mention.role
                findings.append(Finding(
                    "role", x.mention.text, (x.source, x.sentence, x.mention.role),
                    (y.source, y.sentence, y.mention.role),
                    f"{', '.join(sorted(cx))} in one, {', '.join(sorted(cy))} in the other", f"role:{key}"))
    return findings


def descriptor_conflicts(articles: Sequence[Article], claims_pairs: list[tuple[tuple[int, Sentence],
                         tuple[int, Sentence]]], joined: dict[str, str]) -> list[Finding]:
    """A title used instead of a name ("the new U.S. president") against the title another
    source gives the person it stands for ("US President-elect Trump"), in aligned statements."""
    titles: dict[tuple[int, str], tuple[Sentence, str, set[str]]] = {}
    for i, a in enumerate(articles):
        for s in a.sentences:
            for m in s.mentions:
                slot = (i, joined.get(m.key, m.key))
                if m.kind == "person" and m.role and slot not in titles:  # the first title a source gives
                    titles[slot] = (s, m.role, role_concepts(m.role))
    findings: list[Finding] = []
    for (sa, sent_a), (sb, sent_b) in claims_pairs:
        for (src, sent), (other, other_sent) in (((sa, sent_a), (sb, sent_b)), ((sb, sent_b), (sa, sent_a))):
            for d in _DESCRIPTOR.finditer(sent.text):
                concepts = role_concepts(d.group(0))
                if not concepts:
                    continue
                for m in other_sent.mentions:
                    key = joined.get(m.key, m.key)
                    entry = titles.get((other, key))
                    if m.kind != "person" or entry is None or not entry[2] or entry[2] & concepts:
                        continue
                    if not _related(concepts, entry[2]):
                        continue
                    findings.append(Finding(
                        "role", m.text, (src, sent, d.group(0)), (other, entry[0], entry[1]),
                        f"{m.text} is called {d.group(0)!r} in one and {entry[1]!r} in the other", f"role:{key}"))
    return findings


_DESCRIPTOR = re.compile(r"\bthe (?:new |incoming |outgoing |former )?(?:U\.?S\.? |American |Russian |Ukrainian )?"
                         r"(?:president|prime minister|chancellor)(?:-elect)?\b", re.I)


def _related(a: set[str], b: set[str]) -> bool:
    """Titles of one family: president and president-elect."""
    return bool({c.split("-")[0] for c in a} & {c.split("-")[0] for c in b})


def quote_conflicts(articles: Sequence[Article], joined: dict[str, str]) -> list[Finding]:
    """The same quoted words (same language) credited to speakers who are not one person."""
    # A speaker found through "he said" (the last person named before) is a guess, too weak to accuse
    # a source of crediting someone else: only speakers the attribution itself names count.
    quotes: list[tuple[int, Sentence, Quote]] = [
        (i, s, q) for i, a in enumerate(articles) for s in a.sentences for q in s.quotes
        if q.speaker and len(q.text.split()) >= 5 and q.cue and q.speaker in q.cue and not _title_like(q.text)
        and q.speaker.split()[-1].rstrip(".").lower() not in _RANKS]
    findings: list[Finding] = []
    for n, (sa, senta, qa) in enumerate(quotes):
        for sb, sentb, qb in quotes[n + 1:]:
            if sa == sb or articles[sa].language != articles[sb].language:
                continue
            if fuzz.ratio(_words(qa.text), _words(qb.text)) < 85:
                continue
            ka = joined.get(qa.speaker_key or "", qa.speaker_key)
            kb = joined.get(qb.speaker_key or "", qb.speaker_key)
            # Only two people named apart contradict each other: a body or a bare title ("Kestrel said",
            # "the CEO said") may speak through the very person the other source names.
            if ka is None or kb is None or ka == kb or not (ka.startswith("p:") and kb.startswith("p:")):
                continue
            assert qa.speaker and qb.speaker
            findings.append(Finding(
                "quote", shorten(qa.text), (sa, senta, qa.speaker), (sb, sentb, qb.speaker),
                f"the same words, credited to {qa.speaker} in one and to {qb.speaker} in the other",
                f"quote:{_words(qa.text)[:40]}"))
    return findings


# Ranks written before a name; a "speaker" ending in one was cut off at its full stop ("Police Lt.").
_RANKS = frozenset("lt sgt capt gen col det insp supt cmdr maj rep sen gov dr prof".split())


def _title_like(text: str) -> bool:
    """ "The Secret Man: The Story of Watergate's Deep Throat": a title in quote marks, not speech."""
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", text) if len(w) > 3]
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


def _words(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def shorten(text: str, limit: int = 70) -> str:
    """``text`` cut at a word before ``limit`` characters, with " …" when cut."""
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"
