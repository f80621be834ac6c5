"""Who a sentence says its information comes from: "according to Reuters", "told
The Associated Press", "(AP) —", "a copy of which Reuters has seen", "five current and
former Russian officials said", "the company said in a statement", and the same
cues in es, de, el and ru.

Patterns rather than a parser: the cues are a closed set of phrases, and each
hit keeps the words it matched so a finding can cite them.
"""

from __future__ import annotations

import re

from ..model import Attribution, AttributionKind

__all__ = ["KNOWN_AGENCIES", "find_attributions"]

# Wire agencies by the names news writes them with (lower-cased). An unknown
# "X Press" / "X News Agency" / "πρακτορείο X" is read as an agency too.
KNOWN_AGENCIES = frozenset({
    "reuters", "ap", "associated press", "the associated press", "afp", "agence france-presse", "bloomberg",
    "dpa", "efe", "ansa", "tass", "ria novosti", "interfax", "ukrinform", "xinhua", "anadolu", "kyodo",
    "pa media", "the canadian press", "canadian press", "europa press", "ana-mpa", "upi", "unian", "beta", "tanjug",
    "hina", "fena",
})

# A named source: capitalised words, with "of"/"de"/"the" inside ("The Associated Press",
# "Agence France-Presse", "Diario del Puerto"), in Latin, Greek or Cyrillic script.
_NAME = r"(?:[A-ZΑ-ΩΆ-ΏА-ЯЁЇІЄ][\w'’.-]*(?:\s+(?:of|de|del|la|der|für|the|&)?\s*[A-ZΑ-ΩΆ-ΏА-ЯЁЇІЄ][\w'’.-]*){0,5})"
# A described source: "five current and former Russian officials", "two sources familiar with ...".
_GROUP = (r"(?:(?:\w+\s+){0,6}?(?:officials|sources|people|diplomats|officers|analysts|residents|witnesses|"
          r"funcionarios|fuentes|αξιωματούχοι|πηγές|источники|чиновники|джерела|Beamte|Quellen)"
          r"(?:\s+(?:familiar with|close to|with knowledge of)\s+[\w\s]{0,40}?)?)")
_ORG = r"(?:the\s+(?:company|ministry|government|kremlin|white house|agency|department|police|army|commission)|" \
       r"la\s+(?:empresa|compañía)|η\s+εταιρεία)"

_RULES: list[tuple[re.Pattern[str], AttributionKind | None]] = [
    (re.compile(rf"\baccording to (?P<src>{_NAME}|{_GROUP})", re.U), None),
    # Cue words case-blind with (?i:...), the name itself must be capitalised.
    (re.compile(rf"\b(?i:según|de acuerdo con|laut|nach angaben (?:von|der|des)|по данным|по словам|"
                rf"σύμφωνα με (?:το |την |τον |τους |τις )?(?:πρακτορείο |ειδησεογραφικό πρακτορείο )?)"
                rf"(?P<src>{_NAME}|{_GROUP})", re.U), None),
    (re.compile(rf"\ba copy of which (?P<src>{_NAME}) (?:has|had) seen", re.U), "document"),
    # "told Meridian Press", "told the BBC", "told the Echo"
    (re.compile(rf"\b(?:told|said to|speaking to|in an interview with|dijo a|contó a|declaró a|sagte (?:der|dem)|"
                rf"δήλωσε στο|δήλωσε στην|είπε στο|είπε στην|сказал|заявил)\s+(?:the\s+)?(?P<src>{_NAME})", re.U),
     None),
    # "sagte Bürgermeisterin Ulrike Fassbender dem Anzeiger"
    (re.compile(rf"\b(?:sagte|erklärte|betonte)\s+(?:[\w-]+\s+){{1,4}}?(?:dem|der)\s+(?P<src>{_NAME})", re.U), None),
    (re.compile(rf"(?P<src>{_NAME}) (?:reported|reports|has reported|said it had learned|informó|informa|"
                rf"berichtete|berichtet|μεταδίδει|ανέφερε|сообщает|сообщило|сообщил)\b", re.U), None),
    (re.compile(rf"\b(?:reports|reported|informa|μεταδίδει|сообщает) (?P<src>{_NAME})", re.U), None),
    (re.compile(rf"(?P<src>{_NAME}|(?i:{_ORG})) said in a statement|(?P<src2>(?i:{_ORG})) "
                rf"(?:said|dijo|dijo en un comunicado)", re.U), "statement"),
    (re.compile(rf"\b(?P<src>{_GROUP}) (?:said|told|say|stated|believe|dijeron|afirmaron|δήλωσαν|ανέφεραν|"
                r"сказали|заявили)\b", re.U),
     "officials"),
    (re.compile(r"^[^—–]{0,80}\((?P<src>[A-Z][A-Za-z]{1,10})\)\s*[—–-]", re.U), "agency"),  # "MOSCOW (Reuters) —"
    (re.compile(rf"^(?i:source|sources|fuente|πηγή|источник|quelle|with files from|con información de)\s*:?\s*"
                rf"(?P<src>{_NAME})", re.U), None),
]
_AGENCY_WORDS = re.compile(r"\b(?:press|news agency|agency|wire|agencia|agentur|πρακτορείο|агентство)\b", re.I)


def _kind(name: str, given: AttributionKind | None, text: str) -> AttributionKind:
    if given is not None and given != "statement":
        return given
    key = name.lower().strip()
    if key in KNOWN_AGENCIES or _AGENCY_WORDS.search(name) or "πρακτορείο" in text.lower():
        return "agency"
    if given == "statement":
        return "statement"
    if re.search(r"\b(officials|sources|people|diplomats)\b", key):
        return "officials"
    return "source"


def find_attributions(sentence: str) -> list[Attribution]:
    """Every attribution cue in ``sentence``, left to right, with the source it names."""
    out: list[Attribution] = []
    taken: list[tuple[int, int]] = []
    for pattern, kind in _RULES:
        for m in pattern.finditer(sentence):
            group = "src" if m.group("src") else "src2" if "src2" in pattern.groupindex else "src"
            name = (m.group(group) or "").strip(" ,.;:")
            if not name:
                continue
            start, end = m.start(group), m.start(group) + len(name)
            if any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            out.append(Attribution(source=name, kind=_kind(name, kind, m.group(0)), cue=m.group(0).strip(" .,;:"),
                                   start=m.start()))
    return sorted(out, key=lambda a: a.start)
