"""Names of people, organisations and places, with keys that join their spellings.

Why hand-written rules and not an NER model: PyPI ships NER for English and Russian
only, and the compare stage needs the same behaviour in every language it reads.
What it needs is modest: capitalised name spans, the title written beside a person,
and a key under which "Kiev"/"Kyiv", "Putin"/"Vladimir Putin" and "CPSC"/"U.S.
Consumer Product Safety Commission" meet. Capitalised spans are found in any
script; ``anyascii`` turns Greek and Cyrillic into the Latin keys the alias table
uses. German capitalises every noun, so there a lone capitalised word is only a
name when the article uses it as one elsewhere (beside a title, or inside a longer name).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from anyascii import anyascii

from ..model import Mention, MentionKind, Sentence
from ._names import ALIASES, MONTHS, ORG_WORDS, ROLE_WORDS, STOP

__all__ = ["canonical_key", "find_mentions", "link_mentions"]

_CAP = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽΑ-ΩΆΈΉΊΌΎΏА-ЯЁЇІЄЂЈЉЊЋЏ"
_WORD = rf"[{_CAP}][\w'’.\-]*"
_PARTICLE = (r"(?:de la|de los|de las|para la|para el|de|del|van|von|der|für|bin|al|da|di|du|le|of|of the|"
             r"των|της|του)")
_SPAN = re.compile(rf"{_WORD}(?:\s+(?:{_PARTICLE}\s+)?{_WORD})*", re.U)
_ROLE = "|".join(sorted((re.escape(w) for w in ROLE_WORDS), key=len, reverse=True))
_ROLE_SET = frozenset(ROLE_WORDS)
# A title just before a name: "Kremlin spokesman", "Trump's communications director,",
# "La presidenta de la compañía,", "SeaMicro CEO and co-founder".
_ROLE_BEFORE = re.compile(
    rf"(?P<role>(?:(?i:the|a|an|la|el|una|un|der|die|η|ο)\s+)?(?:(?:[\w\-]+['’]s|[{_CAP}][\w.\-]*|new|former|"
    rf"outgoing|acting|deputy|senior|chief|electrical)\s+){{0,3}}(?:(?i:{_ROLE})\s+(?i:and|&|y|und|et)\s+)?(?i:{_ROLE})"
    rf"(?:\s+(?:de la|del|de|of the|of|der|des|της|του)\s+[\w\-]+){{0,1}})\s*,?\s*$", re.U)
# A title just after a name: "Dana Whitcombe, the company's chief executive, said".
_ROLE_AFTER = re.compile(
    rf"^\s*,\s*(?P<role>(?:the |a |an |la |el |η |ο |der |die )?(?:[\w\-]+['’]s\s+)?(?:[\w\-]+\s+){{0,2}}?"
    rf"(?i:{_ROLE})(?:\s+(?:of|at|for|de|del|en|bei|von)\s+[^,.;]{{1,50}}?)?)\s*(?=[,.;]|$)", re.U)
# The repeat is possessive (*+): the gaps may also match capitalised words, and with
# backtracking a long all-capitals sentence took minutes (ECB+ 36_7ecb: 125 s). Matches are
# unchanged on 2,300 real sentences with "(" (ECB+, SemEval texts, examples/).
_ACRONYM_DEF = re.compile(rf"(?P<long>{_WORD}(?:\s+(?:{_PARTICLE}\s+|[\w.]+\s+){{0,8}}?{_WORD})*+)\s*\((?P<acr>[{_CAP}]"
                          rf"[{_CAP}.]{{1,9}})[,)]", re.U)
# Words before a name that make it a place: "in Greaves Landing", "north of Port Anselm".
_PLACE_BEFORE = re.compile(r"\b(?:in|at|near|from|to|of|north|south|east|west|en|a|desde|cerca de|στο|στην|στη|στον|"
                           r"από|im|aus|nach|bei|в|во|из|у|u|iz)\s+$", re.I)
_PLACE_WORDS = frozenset({"street", "st", "avenue", "road", "landing", "port", "saint", "san", "santa", "north",
                          "south", "east", "west", "new", "lake", "mount", "bay", "island", "city", "county",
                          "oblast", "region", "province", "america", "europe", "asia", "africa",
                          # "Western Australia(n)", "Northern Ireland", "Greater Jakarta": a region, not a first name
                          "western", "eastern", "northern", "southern", "central", "greater", "upper", "lower"})
_BODY_WORDS = frozenset({"commission", "comision", "epitrope", "kommission", "committee", "ministry"})
_ORG_SUFFIX = re.compile(r"\s+(?:inc|corp|co|ltd|llc|plc|gmbh|ag|sa)\.?$", re.I)


def _norm(text: str) -> str:
    text = anyascii(text).lower()
    text = re.sub(r"['’`]s\b|['’`]$", "", text)
    text = re.sub(r"[.\u2019']", "", text)
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def canonical_key(name: str, kind: MentionKind = "other") -> str:
    """The key spellings of one referent share: ``p:putin`` for "Vladimir Putin", ``kyiv`` for "Kiev"."""
    if kind == "person":
        tokens = _norm(name).split()
        return "p:" + (tokens[-1] if tokens else "")
    text = _norm(_ORG_SUFFIX.sub("", name.strip()))
    text = re.sub(r"^(?:the|la|el|los|las|der|die|das|to|i|o|oi) ", "", text)
    return ALIASES.get(text, text)


def _kind(tokens: list[str], has_role: bool, language: str | None, before: str = "") -> MentionKind:
    last = _norm(tokens[-1])
    joined = _norm(" ".join(tokens))
    if ALIASES.get(joined) == "nato" or last in ORG_WORDS or any(_norm(t) in _BODY_WORDS for t in tokens):
        return "organisation"
    if len(tokens) == 1 and tokens[0].replace(".", "").isupper() and len(tokens[0].replace(".", "")) >= 2:
        return "place" if joined in ALIASES else "organisation"
    if joined in ALIASES:
        return "place"
    if not has_role and (_PLACE_BEFORE.search(before) or _norm(tokens[0]) in _PLACE_WORDS or last in _PLACE_WORDS):
        return "place"
    if has_role:
        return "person"
    if 2 <= len(tokens) <= 4 and all(t[:1].isupper() and not t.isupper() for t in tokens if len(t) > 2):
        return "person" if language != "de" or has_role else "other"
    return "other"


def _role_before(sentence: str, start: int) -> str | None:
    m = _ROLE_BEFORE.search(sentence[max(0, start - 80):start])
    if not m:
        return None
    return m.group("role").strip(" ,") or None


def _role_after(sentence: str, end: int) -> str | None:
    m = _ROLE_AFTER.match(sentence[end:end + 90])
    return m.group("role").strip() if m else None


_TURKISH_ENDING = re.compile(r"['’][a-zçğıöşüâîû]{1,6}$")


def _spans(sentence: str) -> list[tuple[int, str]]:
    """Capitalised spans, cut after a possessive ("Russia's Kursk Oblast" is two names)
    and without a sentence's closing full stop ("Reuters." but "U.S.")."""
    out: list[tuple[int, str]] = []
    for m in _SPAN.finditer(sentence):
        start = m.start()
        for part in re.split(r"(?<=['’]s)\s+|(?<=[’'])\s+", m.group(0)):
            offset = sentence.index(part, start)
            start = offset + len(part)
            if part.endswith(".") and "." not in part[:-1]:
                part = part[:-1]
            out.append((offset, re.sub(r"['’]s?$", "", part)))
    return out


def find_mentions(sentence: str, language: str | None = None) -> list[Mention]:
    """The names in one sentence, each with a kind, a key and the title written beside it."""
    out: list[Mention] = []
    for offset, span in _spans(sentence):
        if language == "tr":  # Turkish writes case endings after an apostrophe: "Hasan Aydın'ı", "Ankara'da"
            span = _TURKISH_ENDING.sub("", span)
        tokens = span.split()
        # Drop sentence-opening and other non-name words at either end.
        while tokens and _norm(tokens[0]) in STOP | {""}:
            offset = sentence.index(tokens[1], offset + len(tokens[0])) if len(tokens) > 1 else -1
            tokens = tokens[1:]
        # A month closes no name that runs up to it ("Theresa May", "Julia June"), though one opens
        # many a span that is no name ("In March Putin said").
        while tokens and _norm(tokens[-1]) in STOP and not (len(tokens) > 1 and _norm(tokens[-1]) in MONTHS):
            tokens = tokens[:-1]
        if not tokens or offset < 0:
            continue
        # A capitalised title inside the span ("US President-elect Trump", "Fire Chief
        # Eleanor Brisco") is the role, not the name.
        role: str | None = None
        if " ".join(tokens).lower().rstrip(".") in _ROLE_SET:
            continue  # a title with no name after it ("the Council's Chief Executive, Kane Thornton")
        for i in range(len(tokens) - 2, -1, -1):
            if _norm(tokens[-1]) in ORG_WORDS:
                break  # "General Motors", "Chief Executives Council": a body's name, not a title and a name
            if tokens[i].lower().rstrip(".") in _ROLE_SET or " ".join(tokens[max(0, i - 1):i + 1]).lower() in _ROLE_SET:
                role = " ".join(tokens[:i + 1])
                offset = sentence.index(tokens[i + 1], offset + len(role) - 1)
                tokens = tokens[i + 1:]
                break
        text = " ".join(tokens)
        if sentence[offset:offset + len(text)] != text:  # joined over odd spacing: keep the first word only
            tokens = tokens[:1]
            text = tokens[0]
        if len(_norm(text)) < 2:
            continue
        role = role or _role_before(sentence, offset) or _role_after(sentence, offset + len(text))
        kind = _kind(tokens, role is not None, language, sentence[max(0, offset - 20):offset])
        if kind != "person":
            role = None
        out.append(Mention(text=text, start=offset, kind=kind, key=canonical_key(text, kind), role=role))
    return out


def link_mentions(sentences: Sequence[Sentence]) -> None:
    """Make the keys of one article agree with each other, in place.

    - an acronym the article defines ("... Commission (CPSC)") and the full name share the acronym's key;
    - a lone word that is the surname of a person named in full becomes that person;
    - a lone word that opens an organisation's name ("Kestrel") takes that organisation's key.
    """
    acronyms: dict[str, str] = {}
    for s in sentences:
        for m in _ACRONYM_DEF.finditer(s.text):
            # "Name (ACR)" defines ACR even when the initials are another language's
            # ("Comisión ... de Estados Unidos (CPSC, por sus siglas en inglés)").
            if " " in m.group("long").strip():
                acronyms[canonical_key(m.group("long"))] = canonical_key(m.group("acr"))
    # An acronym used beside a name whose initials it is ("CPSC" and "U.S. Consumer Product
    # Safety Commission") joins that name even when the article never writes "(CPSC)".
    initials = {"".join(w[0] for w in m.key.split() if w not in {"of", "the", "for", "and", "us"}): m.key
                for s in sentences for m in s.mentions if m.kind == "organisation" and len(m.key.split()) >= 3}
    for s in sentences:
        for named in s.mentions:
            long_key = initials.get(named.key)
            if long_key and " " not in named.key and named.text.replace(".", "").isupper():
                acronyms.setdefault(long_key, named.key)
    # A multi-word "person" whose first word the article also uses alone is a company
    # ("Kestrel Home Comfort" ... "Kestrel"): people are called by their surname.
    lone = {m.key for s in sentences for m in s.mentions if " " not in m.key and m.kind != "person"}
    for s in sentences:
        for mention in s.mentions:
            words = _norm(mention.text).split()
            if mention.kind == "person" and len(words) > 1 and words[0] in lone and mention.role is None:
                mention.kind = "organisation"
                mention.key = canonical_key(mention.text, "organisation")
    people = {m.key for s in sentences for m in s.mentions if m.kind == "person"}
    orgs = {m.key: m for s in sentences for m in s.mentions if m.kind == "organisation" and " " in m.key}
    for s in sentences:
        for mention in s.mentions:
            key = mention.key
            for long_key, acr in acronyms.items():
                if key == long_key or key.endswith(" " + long_key) or long_key.endswith(" " + key):
                    mention.key = acr
                    mention.kind = "organisation"
            if mention.kind != "person" and "p:" + key in people and " " not in key:
                mention.kind = "person"
                mention.key = "p:" + key
            elif mention.kind in ("other", "organisation") and " " not in key:
                for org_key, org in orgs.items():
                    if org_key.split()[0] == key and org.key != key:
                        mention.kind = "organisation"
                        mention.key = org.key
                        break
