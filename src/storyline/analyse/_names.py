"""Words the name reader knows, kept as data: aliases, titles, organisation words, stop words.

All keys are lower-case ASCII (``anyascii`` transliteration), so one table serves
Latin, Greek and Cyrillic spellings.
"""

from __future__ import annotations

# Spellings of one place or body that news writes differently (transliteration
# conventions, old and new official names). Values are the canonical key.
ALIASES: dict[str, str] = {
    "kiev": "kyiv", "kyiv": "kyiv", "kiew": "kyiv", "kijev": "kyiv", "kiiev": "kyiv", "kyiiv": "kyiv",
    "zaporozhye": "zaporizhzhia", "zaporizhia": "zaporizhzhia", "zaporizhzhia": "zaporizhzhia",
    "zaporozhie": "zaporizhzhia", "zaporoshje": "zaporizhzhia", "zaporizhzhya": "zaporizhzhia",
    "donbass": "donbas", "donbas": "donbas",
    "kharkov": "kharkiv", "kharkiv": "kharkiv", "charkiw": "kharkiv",
    "nikolaev": "mykolaiv", "mykolaiv": "mykolaiv", "mykolayiv": "mykolaiv",
    "lugansk": "luhansk", "luhansk": "luhansk", "odessa": "odesa", "odesa": "odesa",
    "dnepr": "dnipro", "dnipro": "dnipro", "lvov": "lviv", "lviv": "lviv",
    "usa": "united states", "us": "united states", "u s": "united states", "united states": "united states",
    "the united states": "united states", "america": "united states", "estados unidos": "united states",
    "eeuu": "united states", "ee uu": "united states", "ipa": "united states", "ssha": "united states",
    "uk": "united kingdom", "britain": "united kingdom", "great britain": "united kingdom",
    "russia": "russia", "rossiia": "russia", "rusia": "russia", "russland": "russia", "rosiia": "russia",
    "ukraine": "ukraine", "ucrania": "ukraine", "oukrania": "ukraine", "ukraina": "ukraine",
    "nato": "nato", "otan": "nato", "nato's": "nato",
}

# Words that end an organisation's name: "Kestrel Home Comfort Inc.", "Northshore Technical College".
ORG_WORDS = frozenset({
    "inc", "corp", "corporation", "company", "co", "ltd", "llc", "plc", "gmbh", "ag", "sa", "group", "holdings",
    "commission", "council", "agency", "press", "ministry", "department", "kremlin", "college", "university",
    "institute", "office", "service", "services", "bank", "court", "parliament", "police", "army", "forces",
    "committee", "union", "association", "foundation", "party", "news", "daily", "gazette", "times", "post",
    "herald", "tribune", "journal", "reuters", "bloomberg", "nato", "un", "eu", "comision", "comisión",
    "ministerio", "empresa", "gobierno", "epitrope", "epitropi", "kommission", "ministerium", "regierung",
    "hardware", "house", "hospital", "school", "station", "network", "radio", "tv", "television",
    # The last word of many a company's name ("Home Depot", "General Motors", "Kansai Electric"),
    # which otherwise reads as a first and last name. Not "Power": Samantha Power is a person.
    "depot", "motors", "airlines", "airways", "energy", "partners", "capital", "technologies", "technology",
    "systems", "pharmaceuticals", "pharma", "media", "electric", "foods", "stores", "industries", "labs",
    "software", "networks", "entertainment", "studios", "ventures", "resources", "petroleum", "mining",
    "insurance", "securities", "investments", "solutions", "communications", "telecom", "airport",
    # Places and bodies named after what they are ("Promises Treatment Center", "US Geological Survey").
    "center", "centre", "clinic", "church", "cathedral", "museum", "theatre", "theater", "stadium", "arena",
    "prison", "academy", "club", "league", "federation", "organization", "organisation", "survey", "nations",
    "magazine", "act", "navy", "naval", "guard",
})

# English month names: no name starts with one ("In March Putin said"), but one may end a name
# ("Theresa May"; see entities._spans).
MONTHS = frozenset("january february march april may june july august september october november december".split())

# Capitalised words that open sentences or headings but are not names. ("Jan" is left out: it is
# a first name far more often than a month written without its full stop.)
STOP = frozenset({
    "a", "an", "the", "in", "on", "at", "of", "for", "and", "but", "or", "if", "when", "while", "after", "before",
    "however", "although", "according", "as", "it", "its", "this", "that", "these", "those", "there", "they",
    "he", "she", "we", "i", "you", "his", "her", "their", "our", "my", "what", "who", "why", "how", "where",
    "yesterday", "today", "tomorrow", "also", "meanwhile", "still", "since", "until", "some", "all", "any",
    "no", "not", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "other",
    "about", "nearly", "more", "most", "many", "both", "each", "every", "last", "next", "first", "with",
    "from", "by", "to", "so", "yet", "then", "than", "because", "though", "even", "only", "just", "mr", "mrs",
    "ms", "dr", "el", "la", "los", "las", "un", "una", "unos", "unas", "en", "de", "del", "y", "o", "pero",
    "segun", "según", "der", "die", "das", "ein", "eine", "und", "aber", "im", "am", "oi",
    "ta", "tis", "tou", "tin", "tous", "kai", "alla", "kata", "me", "se", "apo", "gia", "v", "na",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "photo", "video", "read", "related", "updated", "source", "sources", "reuters'", "breaking",
}) | MONTHS

# Nouns that make a title when written beside a name: "Kremlin spokesman Dmitry Peskov",
# "Dana Whitcombe, the company's chief executive". Multi-word titles are listed whole.
ROLE_WORDS: tuple[str, ...] = (
    # en
    "spokesman", "spokeswoman", "spokesperson", "press secretary", "chief executive", "chief executive officer",
    "ceo", "founder", "co-founder", "president-elect", "president", "vice president", "prime minister",
    "minister", "secretary", "director", "communications director", "adviser", "advisor", "aide", "chairman",
    "chairwoman", "chair", "head", "chief", "fire chief", "police chief", "mayor", "governor", "senator",
    "engineer", "professor", "official", "officer", "commander", "general", "leader", "owner", "manager",
    "analyst", "lawyer", "attorney", "ambassador", "envoy", "resident", "witness", "economist", "researcher",
    "chancellor", "king", "queen", "pope", "speaker", "representative", "inspector", "captain",
    # es
    "portavoz", "presidenta", "presidente", "directora", "director ejecutivo", "directora ejecutiva",
    "consejero delegado", "consejera delegada", "fundador", "fundadora", "alcalde", "alcaldesa", "ministro",
    "ministra", "jefe", "jefa", "ingeniero", "ingeniera", "vecina", "vecino", "residente", "asesor", "asesora",
    # de
    "sprecher", "sprecherin", "geschäftsführer", "geschäftsführerin", "gründer", "gründerin", "präsident",
    "präsidentin", "bürgermeister", "bürgermeisterin", "minister", "ministerin", "chef", "chefin", "vorstand",
    "vorstandschef", "vorstandschefin", "ingenieur", "ingenieurin", "berater", "beraterin", "leiter", "leiterin",
    "feuerwehrchef", "polizeisprecher", "anwohner", "anwohnerin",
    # el
    "εκπρόσωπος", "διευθύνουσα σύμβουλος", "διευθύνων σύμβουλος", "πρόεδρος", "ιδρυτής", "ιδρύτρια",
    "υπουργός", "δήμαρχος", "μηχανικός", "σύμβουλος", "αρχηγός", "διευθυντής", "διευθύντρια",
    # ru / uk / sr
    "пресс-секретарь", "представитель", "президент", "министр", "глава", "директор", "основатель", "советник",
    "речник", "predsednik", "ministar", "direktor", "osnivač", "savetnik", "portparol",
)
