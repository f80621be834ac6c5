"""Names with keys that join spellings, and quotes with speaker and role (the analyse stage)."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline import analyse, extract
from storyline.analyse import canonical_key, find_mentions
from storyline.extract import extract_text
from storyline.model import Article

HARBOR = Path(__file__).resolve().parent.parent / "examples" / "harbor-recall"


def _keys(article: Article, text: str) -> set[str]:
    return {m.key for s in article.sentences for m in s.mentions if m.text == text}


@pytest.mark.parametrize(("a", "b", "kind"), [
    ("Kiev", "Kyiv", "place"), ("Zaporozhye", "Zaporizhia", "place"), ("Donbass", "Donbas", "place"),
    ("Putin", "Vladimir Putin", "person"), ("Trump", "Donald Trump", "person"),
])
def test_spellings_share_a_key(a: str, b: str, kind: str) -> None:
    assert canonical_key(a, kind) == canonical_key(b, kind)  # type: ignore[arg-type]


def test_near_spellings_keep_their_own_keys() -> None:
    assert canonical_key("Stephen Chang", "person") != canonical_key("Stephen Chung", "person")


@pytest.mark.parametrize("page", ["harbor-gazette.html", "diario-del-puerto.html", "faros-limaniou.txt"])
def test_cpsc_and_its_full_name_meet(page: str) -> None:
    article = analyse(extract(HARBOR / page))
    full = {m.key for s in article.sentences for m in s.mentions
            if any(w in m.text for w in ("Commission", "Comisión", "Επιτροπή"))}
    assert full == {"cpsc"}
    assert _keys(article, "CPSC") == {"cpsc"}


def test_company_short_name_joins_full_name() -> None:
    article = analyse(extract(HARBOR / "coastline-daily.txt"))
    assert _keys(article, "Kestrel") == _keys(article, "Kestrel Home Comfort") == {"kestrel home comfort"}


def test_titles_beside_names() -> None:
    roles = {m.text: m.role for m in find_mentions("Kremlin spokesman Dmitry Peskov said it, as did "
                                                   "Dana Whitcombe, the company's chief executive, on Monday.")}
    assert roles["Dmitry Peskov"] == "Kremlin spokesman"
    assert roles["Dana Whitcombe"] == "the company's chief executive"
    spanish = find_mentions("La presidenta de la compañía, Dana Whitcombe, aseguró que no.", "es")
    assert [(m.text, m.role) for m in spanish if m.kind == "person"] == [("Dana Whitcombe",
                                                                         "La presidenta de la compañía")]


def _quotes(page: str) -> list[tuple[str, str | None, str | None]]:
    article = analyse(extract(HARBOR / page))
    return [(q.text[:30], q.speaker, q.role) for s in article.sentences for q in s.quotes]


def test_quotes_with_speaker_and_role() -> None:
    gazette = _quotes("harbor-gazette.html")
    assert ("We are asking every owner of a", "Stephen Chang", "a Kestrel spokesman") in gazette
    assert ("No heater that leaves our fact", "Dana Whitcombe", "chief executive") in gazette
    coastline = _quotes("coastline-daily.txt")
    assert ("No heater that leaves our fact", "Chung", None) in coastline
    assert ("The fault can occur in normal ", "Varga", None) in coastline
    # After the quote, the person named beats the agency told ("dijo a Meridian Press ... Stephen Chang").
    assert ("Pedimos a todos los dueños de ", "Stephen Chang", "el portavoz de la empresa") in _quotes(
        "diario-del-puerto.html")


def test_he_said_takes_the_person_named_last(putin_dir: Path) -> None:
    gazette = _quotes("harbor-gazette.html")
    assert ("Any heater showing scorch mark", "Marcus Delbridge", "a CPSC spokesman") in gazette
    translated = analyse(extract(putin_dir / "translated-outlet.txt"))
    spoken = {q.speaker for s in translated.sentences for q in s.quotes}
    assert {"Putin", "Dmitry Peskov"} <= spoken


def test_turkish_case_endings_after_an_apostrophe_are_not_part_of_the_name() -> None:
    """"Hasan Aydın'ı" (accusative) and "Hasan Aydın" are one person, not two spellings of a name."""
    accusative = find_mentions("Kamera kayıtlarının ardından Hasan Aydın'ı öldüren parça bulundu.", "tr")
    plain = find_mentions("Edinilen bilgiye göre, Hasan Aydın, durağa gitmek için yürüdü.", "tr")
    located = find_mentions("Aliye Baydar dün Ankara'dan geldi.", "tr")
    assert [m.text for m in accusative if m.kind == "person"] == [m.text for m in plain if m.kind == "person"] == [
        "Hasan Aydın"]
    assert "Ankara" in [m.text for m in located]


@pytest.mark.parametrize("sentence", ["The plan was approved by the Western Australian government.",
                                      "The Western Australia government raised concerns.",
                                      "The talks in Northern Ireland resumed on Monday."])
def test_a_region_named_by_a_compass_word_is_no_person(sentence: str) -> None:
    """Two capitalised words read as a first and last name: "Western Australia" / "Western Australian"
    then looked like one person spelled two ways."""
    [mention] = find_mentions(sentence, "en")
    assert mention.kind == "place"


def test_a_title_alone_is_no_name_and_the_named_person_speaks() -> None:
    text = ("Council warns\n\nThe council spoke on Monday about the coal plans in the state.\n\n"
            "“There is no such thing as clean coal,” the Council’s Chief Executive, Kane Thornton, said.\n\n"
            "“We will appeal the ruling,” the CEO said on Friday.")
    article = analyse(extract_text(text))
    quotes = [q for s in article.sentences for q in s.quotes]
    assert [(q.speaker, q.speaker_key) for q in quotes] == [("Kane Thornton", "p:thornton"), ("the CEO", None)]
    assert "Executive" not in [m.text for s in article.sentences for m in s.mentions]


@pytest.mark.parametrize(("sentence", "language", "person"), [
    ("Prime Minister Theresa May said on Monday that talks would go on.", "en", "Theresa May"),
    ("The minister, Jan Nowak, said so on Tuesday.", "en", "Jan Nowak"),
])
def test_a_month_or_its_short_form_can_be_part_of_a_name(sentence: str, language: str, person: str) -> None:
    assert person in [m.text for m in find_mentions(sentence, language) if m.kind == "person"]


@pytest.mark.parametrize(("sentence", "name", "kind"), [
    ("“We are on track,” Home Depot said in a statement.", "Home Depot", "organisation"),
    ("On Monday the shares of General Motors rose.", "General Motors", "organisation"),
    ("The ambassador, Samantha Power, said it.", "Samantha Power", "person"),
])
def test_a_companys_last_word_makes_it_no_person(sentence: str, name: str, kind: str) -> None:
    assert [m.kind for m in find_mentions(sentence, "en") if m.text == name] == [kind]
