"""Words the quantity reader knows, per language, kept as data (en, es, de, el, ru, uk, sr/hr).

Each table maps a lower-cased written form to its meaning. Longer forms must win
over their prefixes, so the regular expressions built from these tables sort
their alternatives by length.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..model import Qualifier

# Figures written as words. "one"/"un"/"ένα"/"ein" are left out: they double as
# articles ("one of the", "un informe"), and a 1 read from them would be noise.
NUMBER_WORDS: dict[str, float] = {
    # en
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100, "a dozen": 12, "dozen": 12,
    "a thousand": 1000,
    # es
    "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8, "nueve": 9, "diez": 10,
    "once": 11, "doce": 12, "trece": 13, "catorce": 14, "quince": 15, "veinte": 20, "treinta": 30,
    "cuarenta": 40, "cincuenta": 50, "cien": 100, "cientos": 100,
    # de
    "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10,
    "zwölf": 12, "zwanzig": 20, "hundert": 100,
    # el
    "δύο": 2, "τρία": 3, "τρεις": 3, "τέσσερα": 4, "τέσσερις": 4, "πέντε": 5, "έξι": 6, "επτά": 7, "εφτά": 7,
    "οκτώ": 8, "οχτώ": 8, "εννέα": 9, "εννιά": 9, "δέκα": 10, "έντεκα": 11, "δώδεκα": 12, "δεκατέσσερις": 14,
    "δεκατέσσερα": 14, "είκοσι": 20, "τριάντα": 30, "εκατό": 100,
    # ru / uk / sr
    "два": 2, "две": 2, "три": 3, "четыре": 4, "пять": 5, "шесть": 6, "семь": 7, "восемь": 8, "девять": 9,
    "десять": 10, "двадцать": 20, "сто": 100, "дві": 2, "чотири": 4, "п'ять": 5, "dva": 2, "dve": 2, "tri": 3,
    "četiri": 4, "pet": 5, "deset": 10,
}

# Words that state a count of zero: "none of which caused injuries", "nadie resultó herido".
ZERO_WORDS: tuple[str, ...] = (
    "none", "no one", "nobody", "ninguno", "ninguna", "nadie", "niemand", "keiner", "keine einzige",
    "κανένας", "κανείς", "κανένα", "καμία", "никто", "ни один", "ни одна", "ніхто", "жоден", "nijedan", "niko",
    "nitko",
)

# Multipliers written after a figure: "2.3 million", "2,3 millones", "1,2 δισ.", "5 млрд".
SCALES: dict[str, float] = {
    "thousand": 1e3, "million": 1e6, "millions": 1e6, "billion": 1e9, "billions": 1e9, "trillion": 1e12,
    "mn": 1e6, "m": 1e6, "bn": 1e9, "k": 1e3,
    "mil": 1e3, "millón": 1e6, "millon": 1e6, "millones": 1e6, "mil millones": 1e9, "billón": 1e12,
    "billones": 1e12,
    "tausend": 1e3, "tsd.": 1e3, "mio.": 1e6, "million.": 1e6, "millionen": 1e6, "mrd.": 1e9, "milliarde": 1e9,
    "milliarden": 1e9,
    "χιλιάδες": 1e3, "χιλ.": 1e3, "εκατομμύρια": 1e6, "εκατομμύριο": 1e6, "εκατ.": 1e6,
    "δισεκατομμύρια": 1e9, "δισεκατομμύριο": 1e9, "δισ.": 1e9,
    "тыс.": 1e3, "тысяч": 1e3, "тысячи": 1e3, "тысяча": 1e3, "тис.": 1e3, "тисяч": 1e3, "млн": 1e6, "млн.": 1e6,
    "миллион": 1e6, "миллиона": 1e6, "миллионов": 1e6, "мільйонів": 1e6, "млрд": 1e9, "млрд.": 1e9,
    "миллиард": 1e9, "миллиарда": 1e9, "миллиардов": 1e9, "hiljada": 1e3, "miliona": 1e6, "milijuna": 1e6,
    "milijardi": 1e9,
}

# Units written after a figure -> (canonical unit, factor to the canonical unit).
UNITS_AFTER: dict[str, tuple[str, float]] = {
    "%": ("percent", 1), "percent": ("percent", 1), "per cent": ("percent", 1), "pct": ("percent", 1),
    "por ciento": ("percent", 1), "prozent": ("percent", 1), "τοις εκατό": ("percent", 1),
    "процентов": ("percent", 1), "процента": ("percent", 1), "процент": ("percent", 1),
    "відсотків": ("percent", 1), "відсотки": ("percent", 1), "posto": ("percent", 1), "odsto": ("percent", 1),
    "km": ("km", 1), "kilometers": ("km", 1), "kilometres": ("km", 1), "kilometer": ("km", 1),
    "kilometre": ("km", 1), "kilómetros": ("km", 1), "kilometros": ("km", 1), "kilometern": ("km", 1),
    "χιλιόμετρα": ("km", 1), "χλμ.": ("km", 1), "χλμ": ("km", 1), "км": ("km", 1), "километров": ("km", 1),
    "километра": ("km", 1), "kilometara": ("km", 1),
    "miles": ("km", 1.609344), "mile": ("km", 1.609344), "mi": ("km", 1.609344), "millas": ("km", 1.609344),
    "μίλια": ("km", 1.609344), "миль": ("km", 1.609344),
    "square kilometers": ("km2", 1), "square kilometres": ("km2", 1), "sq km": ("km2", 1), "km²": ("km2", 1),
    "km2": ("km2", 1), "sq. km": ("km2", 1), "kilómetros cuadrados": ("km2", 1),
    "quadratkilometer": ("km2", 1), "τετραγωνικά χιλιόμετρα": ("km2", 1), "τ.χλμ.": ("km2", 1),
    "кв. км": ("km2", 1), "квадратных километров": ("km2", 1), "квадратних кілометрів": ("km2", 1),
    "square miles": ("km2", 2.589988), "sq miles": ("km2", 2.589988), "millas cuadradas": ("km2", 2.589988),
    "kg": ("kg", 1), "kilograms": ("kg", 1), "kilogrammes": ("kg", 1), "kilos": ("kg", 1),
    "tonnes": ("t", 1), "tons": ("t", 1), "tonnen": ("t", 1), "toneladas": ("t", 1),
    "τόνους": ("t", 1), "тонн": ("t", 1),
    "dollars": ("USD", 1), "dólares": ("USD", 1), "dolares": ("USD", 1), "dollar": ("USD", 1),
    "δολάρια": ("USD", 1), "δολαρίων": ("USD", 1), "долларов": ("USD", 1), "доллара": ("USD", 1),
    "доларів": ("USD", 1), "dolara": ("USD", 1), "usd": ("USD", 1),
    "euros": ("EUR", 1), "euro": ("EUR", 1), "ευρώ": ("EUR", 1), "евро": ("EUR", 1), "євро": ("EUR", 1),
    "eur": ("EUR", 1), "eura": ("EUR", 1),
    "pounds sterling": ("GBP", 1), "libras esterlinas": ("GBP", 1), "λίρες": ("GBP", 1), "фунтов": ("GBP", 1),
    "rubles": ("RUB", 1), "roubles": ("RUB", 1), "рублей": ("RUB", 1), "рубля": ("RUB", 1),
    "hryvnias": ("UAH", 1), "гривень": ("UAH", 1),
}
# Spans of time, each its own unit and never converted ("three months" and "90 days" are not
# compared): a duration is then never set against a count of things ("drei Monate" / "dos formaciones").
_DURATIONS = {
    "year": "years year años año jahre jahren jahr ans années χρόνια χρόνο ετών лет года год godina",
    "month": "months month meses mes monate monaten monat mois μήνες μήνα μηνών месяцев месяца месяц mjeseci",
    "week": "weeks week semanas semana wochen woche semaines semaine εβδομάδες εβδομάδα недель недели неделю",
    "day": "days day días día dias dia tage tagen tag jours jour ημέρες ημέρα μέρες μέρα дней дня день dana",
    "hour": "hours hour horas hora stunden stunde heures heure ώρες ώρα часов часа час sati",
    "minute": "minutes minute minutos minuto minuten λεπτά минут минуты",
}
UNITS_AFTER.update({word: (unit, 1) for unit, words in _DURATIONS.items() for word in words.split()})
DURATION_UNITS = frozenset(_DURATIONS)
CURRENCIES = frozenset({"USD", "EUR", "GBP", "RUB", "UAH", "CAD", "AUD", "NZD", "HKD", "SGD"})

# Currencies whose writers also use a bare "$": "$60 million" in an Australian paper is AUD 60 million.
DOLLARS = frozenset({"USD", "AUD", "CAD", "NZD", "HKD", "SGD"})

# Currency signs written before a figure.
UNITS_BEFORE: dict[str, str] = {
    "us$": "USD", "$us": "USD", "$": "USD", "usd": "USD", "€": "EUR", "eur": "EUR", "£": "GBP", "gbp": "GBP",
    "c$": "CAD",
    "ca$": "CAD", "cad": "CAD", "a$": "AUD", "aud": "AUD", "nz$": "NZD", "nzd": "NZD", "hk$": "HKD", "hkd": "HKD",
    "s$": "SGD", "sgd": "SGD", "₽": "RUB", "₴": "UAH",
}

# Hedges written before a figure. Longest forms first when compiled.
QUALIFIERS: dict[str, Qualifier] = {
    "about": "about", "around": "about", "approximately": "about", "roughly": "about", "some": "about",
    "an estimated": "about", "estimated": "about", "circa": "about", "ca.": "about",
    "nearly": "nearly", "almost": "nearly", "close to": "nearly", "just under": "nearly",
    "more than": "over", "over": "over", "above": "over", "in excess of": "over", "upwards of": "over",
    "less than": "under", "fewer than": "under", "under": "under", "below": "under",
    "at least": "at least", "no fewer than": "at least", "no less than": "at least",
    "up to": "at most", "as many as": "at most", "at most": "at most", "no more than": "at most",
    # es
    "unos": "about", "unas": "about", "alrededor de": "about", "aproximadamente": "about", "cerca de": "nearly",
    "casi": "nearly", "más de": "over", "mas de": "over", "menos de": "under", "al menos": "at least",
    "por lo menos": "at least", "hasta": "at most",
    # de
    "etwa": "about", "rund": "about", "ungefähr": "about", "fast": "nearly", "knapp": "nearly",
    "mehr als": "over", "über": "over", "weniger als": "under", "mindestens": "at least", "bis zu": "at most",
    # el
    "περίπου": "about", "γύρω στα": "about", "γύρω στις": "about", "σχεδόν": "nearly", "πάνω από": "over",
    "περισσότερα από": "over", "περισσότερους από": "over", "περισσότερες από": "over", "άνω των": "over",
    "λιγότερα από": "under", "λιγότερο από": "under", "κάτω από": "under", "τουλάχιστον": "at least",
    "έως": "at most", "μέχρι": "at most",
    # ru / uk / sr / hr
    "около": "about", "примерно": "about", "приблизительно": "about", "порядка": "about", "почти": "nearly",
    "более": "over", "свыше": "over", "больше": "over", "более чем": "over", "менее": "under",
    "меньше": "under", "не менее": "at least", "по меньшей мере": "at least", "до": "at most",
    "близько": "about", "приблизно": "about", "майже": "nearly", "понад": "over", "більше": "over",
    "щонайменше": "at least", "oko": "about", "otprilike": "about", "gotovo": "nearly", "skoro": "nearly",
    "više od": "over", "preko": "over", "manje od": "under", "najmanje": "at least",
}

# Weekday names per language, Monday first, in the forms news writes after a preposition.
WEEKDAYS: tuple[str, ...] = (
    "monday tuesday wednesday thursday friday saturday sunday",
    "lunes martes miércoles jueves viernes sábado domingo",
    "montag dienstag mittwoch donnerstag freitag samstag sonntag",
    "δευτέρα τρίτη τετάρτη πέμπτη παρασκευή σάββατο κυριακή",
    "понедельник вторник среду четверг пятницу субботу воскресенье",
    "понеділок вівторок середу четвер п'ятницю суботу неділю",
    "ponedeljak utorak sredu četvrtak petak subotu nedelju",
    "ponedjeljak utorak srijedu četvrtak petak subotu nedjelju",
    "понедељак уторак среду четвртак петак суботу недељу",
)

# Words that make the figure after them a label, not an amount ("episode 7", "Artikel 5", "línea 2").
LABEL_WORDS: frozenset[str] = frozenset("""
    episode episodes season chapter part article section page number no no. line room gate platform flight route
    round stage version versions highway interstate freeway motorway exit apartment suite channel pier terminal precinct
    episodio temporada capítulo parte artículo sección página número núm. línea sala puerta vuelo ruta jornada
    folge staffel kapitel teil artikel abschnitt seite nummer nr. linie raum gleis flug runde spieltag
    épisode saison chapitre partie article section page numéro ligne salle porte vol
    επεισόδιο κεφάλαιο άρθρο σελίδα αριθμός γραμμή πτήση
    серия сезон глава статья страница номер линия рейс
""".split())

# Written between the two ends of a range: "70-80", "70 to 80", "de 70 a 80", "от 70 до 80".
RANGE_JOINERS: tuple[str, ...] = ("-", "–", "—", "to", "a", "bis", "έως", "ως", "με", "до", "do")

# Month names that make a neighbouring figure part of a date ("14 June", "3 de marzo").
MONTH_PREFIXES: tuple[str, ...] = (
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    "ene", "abr", "ago", "dic", "mär", "mai", "okt", "dez",
    "ιαν", "φεβ", "μαρ", "απρ", "μα", "ιουν", "ιουλ", "αυγ", "σεπ", "οκτ", "νοε", "δεκ",
    "янв", "фев", "мар", "апр", "мая", "июн", "июл", "авг", "сен", "окт", "ноя", "дек",
    "січ", "лют", "бер", "кві", "тра", "чер", "лип", "сер", "вер", "жов", "лис", "гру",
)


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first, each escaped."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
