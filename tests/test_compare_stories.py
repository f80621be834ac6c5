"""The project's own stories: planted discrepancies found, look-alikes left alone; the JSON contract;
the ``storyline compare`` command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline import compare, extract
from storyline.analyse import analyse
from storyline.bench.compare import score_story
from storyline.cli import cli
from storyline.compare import Comparison
from storyline.compare.schema import comparison_schema
from storyline.compare.slots import figure_conflicts
from storyline.extract import extract_text
from storyline.model import Sentence

REPO = Path(__file__).resolve().parent.parent
HARBOR = REPO / "examples" / "harbor-recall"
FIRE = REPO / "examples" / "wendelsaue-fire"


def _run(folder: Path) -> tuple[dict[str, object], Comparison]:
    key = json.loads((folder / "COMPARE.json").read_text(encoding="utf-8"))
    return key, compare([extract(folder / f) for f in key["files"]])  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def harbor() -> tuple[dict[str, object], Comparison]:
    return _run(HARBOR)


@pytest.fixture(scope="module")
def fire() -> tuple[dict[str, object], Comparison]:
    return _run(FIRE)


def test_harbor_every_planted_discrepancy_and_nothing_else(harbor: tuple[dict[str, object], Comparison]) -> None:
    key, result = harbor
    score = score_story(key, result, key["files"])  # type: ignore[arg-type]
    assert score.missed == []
    assert score.false == []
    assert score.look_alikes_flagged == []
    assert score.tensions_found == score.tensions_planted == 1


def test_harbor_units_recalled_three_against_one(harbor: tuple[dict[str, object], Comparison]) -> None:
    _, result = harbor
    numbers = [d for d in result.discrepancies if d.kind == "number"]
    assert len(numbers) == 1
    sides = {p.value: p.sources for p in numbers[0].positions}
    assert sides == {"about 4,500": ["s1", "s3", "s4"], "some 5,400": ["s2"]}


def test_harbor_relative_and_absolute_dates_agree_except_coastline(harbor: tuple[dict[str, object],
                                                                                  Comparison]) -> None:
    _, result = harbor
    dates = [d for d in result.discrepancies if d.kind == "date"]
    assert len(dates) == 1
    by_day = {p.value.split("(= ")[1].rstrip(")"): sorted(p.sources) for p in dates[0].positions}
    assert by_day == {"2025-03-03": ["s1", "s3", "s4"], "2025-03-04": ["s2"]}


def test_harbor_provenance(harbor: tuple[dict[str, object], Comparison]) -> None:
    _, result = harbor
    agency = result.provenance.origins[0]
    assert (agency.name, agency.kind, agency.sources) == ("Meridian Press", "agency", ["s1", "s2", "s3", "s4"])
    assert result.provenance.summary.startswith("4 pages, 1 independent report: Meridian Press")
    assert "own reporting added by Coastline Daily, Diario del Puerto" in result.provenance.summary


def test_fire_every_planted_discrepancy_and_tension_and_nothing_else(fire: tuple[dict[str, object],
                                                                                    Comparison]) -> None:
    """The union's "told him a different story" contests Brightwell's statement on the sprinklers."""
    key, result = fire
    score = score_story(key, result, key["files"])  # type: ignore[arg-type]
    assert score.missed == []
    assert score.false == []
    assert score.look_alikes_flagged == []
    assert score.tensions_found == score.tensions_planted == 1


def test_json_contract_and_schema_file(harbor: tuple[dict[str, object], Comparison]) -> None:
    _, result = harbor
    data = json.loads(result.model_dump_json())
    assert data["schema"] == "storyline.comparison/1"
    assert set(data) >= {"sources", "claims", "discrepancies", "tensions", "provenance"}
    assert set(data["claims"][0]) >= {"id", "status", "text", "support"}
    assert set(data["discrepancies"][0]["positions"][0]) >= {"value", "sources", "sentence"}
    assert set(data["provenance"]) >= {"origins", "reuse"}
    assert Comparison.model_validate(data) == result
    on_disk = json.loads((REPO / "schema" / "comparison.schema.json").read_text(encoding="utf-8"))
    assert on_disk == comparison_schema(), "regenerate it: python -m storyline.compare.schema > schema/..."


def test_cli_compare_markdown_json_and_html(tmp_path: Path) -> None:
    runner = CliRunner()
    pages = [str(HARBOR / "harbor-gazette.html"), str(HARBOR / "coastline-daily.txt")]
    shown = runner.invoke(cli, ["compare", *pages])
    assert shown.exit_code == 0, shown.output
    assert shown.output.startswith("**Provenance:** 2 pages, 1 independent report: Meridian Press")
    assert "some 5,400" in shown.output
    out = tmp_path / "page.html"
    as_json = runner.invoke(cli, ["compare", *pages, "--json", "--html", str(out)])
    assert as_json.exit_code == 0
    assert json.loads(as_json.output)["schema"] == "storyline.comparison/1"
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "some 5,400" in page


def test_cli_compare_needs_two_readable_inputs(tmp_path: Path) -> None:
    runner = CliRunner()
    one = runner.invoke(cli, ["compare", str(HARBOR / "harbor-gazette.html"), str(tmp_path / "missing.html")])
    assert one.exit_code == 2
    assert "Traceback" not in one.output
    assert one.output.strip().splitlines()[-1] == "Error: need at least two readable articles to compare, got 1 of 2"
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    bad = runner.invoke(cli, ["compare", str(HARBOR / "harbor-gazette.html"), str(HARBOR / "coastline-daily.txt"),
                              str(empty)])
    assert bad.exit_code == 2  # the good pair is still compared and shown
    assert "some 5,400" in bad.output



def _lead(text: str) -> Sentence:
    return analyse(extract_text(f"Tierheim brennt\n\n{text}\n\nDie Polizei ermittelt zur Ursache.")).sentences[0]


def _clashing_figures(first: str, second: str, *, same_language: bool = True) -> list[tuple[str, str]]:
    """The figures ``figure_conflicts`` sets against each other in two lead sentences."""
    a, b = _lead(first), _lead(second)
    return [(f.a[2], f.b[2]) for f in figure_conflicts((0, a, a.text), (1, b, b.text), [], [],
                                                         same_language=same_language)]


@pytest.mark.parametrize(("first", "second", "language", "found"), [
    ("Die Feuerwehr rettete 12 Katzen aus dem Tierheim.", "Die Feuerwehr rettete 18 Katzen aus dem Tierheim.", "de",
     [("12", "18")]),
    # Dogs are not cats: one language, plainly different nouns, two facts that can both be true.
    ("Die Feuerwehr rettete 12 Katzen aus dem Tierheim.", "Die Feuerwehr rettete 20 Hunde aus dem Tierheim.", "de", []),
    # "Units" counts anything, so it can answer "heaters".
    ("Kestrel recalled 5,400 units on Monday.", "Kestrel recalled 4,500 heaters on Monday.", "en",
     [("5,400", "4,500")]),
    # Across languages the nouns cannot be compared, so they are not.
    ("Die Feuerwehr rettete 12 Katzen aus dem Tierheim.", "Los bomberos rescataron 18 gatos del refugio.", "de-es",
     [("12", "18")]),
])
def test_figures_conflict_only_when_they_count_the_same_thing(first: str, second: str, language: str,
                                                              found: list[tuple[str, str]]) -> None:
    assert _clashing_figures(first, second, same_language="-" not in language) == found


def _contests_the_consortium(act: str) -> bool:
    """Whether ``act``, after the consortium's statement, makes a tension in one article."""
    from storyline.compare.tensions import find_tensions

    text = ("Hub plan in trouble\n\nThe consortium said on Friday that the hub would meet every environmental "
            f"rule.\n\n{act}\n\nWork on the site is due to resume in the spring.")
    return bool(find_tensions("s1", analyse(extract_text(text)), None))


@pytest.mark.parametrize(("act", "tension"), [
    ("The environment minister rejected the revised plan for the hub on Monday.", False),
    ("The industry faces challenges in the months ahead, the council said.", False),
    ("The gunman had been in a land dispute with his commander, officials said.", False),
    ("The union disputes the company's figures on the cost of the repairs.", True),
    ("The company rejected the allegations, calling them baseless.", True),
    ("An engineer at the college said that framing understates the problem.", True),
])
def test_a_dispute_is_a_statement_contested_not_an_act_of_rejecting(act: str, tension: bool) -> None:
    """"Rejected the plan" is the news itself; "rejected the allegations" contests what came before."""
    assert _contests_the_consortium(act) == tension


@pytest.mark.parametrize(("act", "tension"), [
    ("It is one thing to disagree with the consortium's claims, the council said.", False),
    ("Some engineers would disagree with that claim, the council said.", False),
    ("The mayor spoke in response to questions about the consortium's claims.", False),
    ("The works would cover a still-disputed number of nesting sites, the council said.", False),
    ("The council disagreed with that claim on Saturday.", True),
])
def test_a_dispute_word_that_contests_nothing_yet(act: str, tension: bool) -> None:
    """An infinitive, a modal, a noun after "to" or a hyphened modifier reports no one contesting anything."""
    assert _contests_the_consortium(act) == tension


@pytest.mark.parametrize(("act", "tension"), [
    ("But a council engineer said colleagues had told him a different story.", True),
    ("Die Gewerkschaft schilderte dagegen eine andere Version.", True),
    ("The council's history of the site is a different story.", False),
])
def test_a_different_account_contests_the_statement(act: str, tension: bool) -> None:
    """ "Told him a different story" contests what came before; "is a different story" tells no one's account."""
    assert _contests_the_consortium(act) == tension


def _negated(plain: str, negated: str) -> str | None:
    from storyline.compare.tensions import _negated_matter

    first, second = analyse(extract_text(f"Dairy loans\n\n{plain}\n\n{negated}")).sentences[:2]
    return _negated_matter(first, second)


@pytest.mark.parametrize(("plain", "negated", "found"), [
    # "Stop making payments" and "no further payment" say one thing.
    ("The dairy told the board it was going to stop making payments on its loans.",
     '"We will be making no further payment on our loans until we move," the owner said.', False),
    ("The dairy told the board it was going to keep making payments on its loans.",
     '"We will be making no further payment on our loans until we move," the owner said.', True),
    # After ", and" a new clause starts: this one denies selling panels, not forced labour.
    ("Officials vowed to root out forced labor wherever it exists.",
     "The company said it had zero tolerance towards forced labor, and does not sell panels abroad.", False),
    # A bare comma does not end the clause: the road is what will not reopen.
    ("The ministry said the road will reopen to traffic in May.",
     "Residents said the road, which will not reopen soon, is closed to traffic.", True),
])
def test_a_negation_denies_only_what_its_own_clause_says(plain: str, negated: str, found: bool) -> None:
    assert (_negated(plain, negated) is not None) == found


def test_an_agency_named_by_its_initials_and_an_outlet_by_its_short_name() -> None:
    """ "Quelle: NWA", "(NWA) —" and "Additional reporting by North Wire Agency" credit one agency, which a
    page spells out as "North Wire Agency (NWA)"; "told the Echo" is The Carrowby Echo's own reporting."""
    fire = REPO / "examples" / "wendelsaue-fire"
    result = compare([analyse(extract(fire / name)) for name in (
        "carrowby-echo.txt", "marlenburger-anzeiger.txt", "tagesblick.txt", "world-desk.txt")])
    origins = {(o.name, o.kind): o.sources for o in result.provenance.origins}
    assert origins[("North Wire Agency", "agency")] == ["s1", "s3", "s4"]
    assert origins[("The Carrowby Echo", "outlet")] == ["s1"]
    assert origins[("Marlenburger Anzeiger", "outlet")] == ["s2"]
    assert result.provenance.summary.startswith("4 pages, 2 independent reports: North Wire Agency, Marlenburger")


@pytest.mark.parametrize(("before", "tension"), [
    ("He was one of many Nixon-era figures rumoured over the years to be Deep Throat.", True),
    ("The other hearing was very similar, as the committee moved quickly through its agenda.", False),
])
def test_a_denial_that_says_what_it_denies_needs_a_sentence_that_says_it(before: str, tension: bool) -> None:
    """ "LaRue denied that he was Deep Throat" contests a sentence about Deep Throat, not whatever came before."""
    from storyline.compare.tensions import find_tensions

    text = (f"Watergate figure dies\n\nFred LaRue, a former aide to Richard Nixon, died on Sunday.\n\n{before}"
            "\n\nLaRue denied that he was Deep Throat, the secret source of the Washington Post.")
    kinds = [t.kind for t in find_tensions("s1", analyse(extract_text(text)), None)]
    assert ("dispute" in kinds) is tension


def test_a_denial_in_other_words_still_finds_what_it_denies() -> None:
    """No word of "that they were dating" is in "the two are an item", but the two sentences share the
    agencies and the reports."""
    from storyline.compare.tensions import find_tensions

    text = ("Stars confirm romance\n\nThe agencies of the two singers confirm reports that the two are an item."
            "\n\nThe stars have been the subject of rumours, though their agencies denied reports that they were "
            "dating back in August.\n\nThe agencies released a statement on Wednesday.")
    assert [t.kind for t in find_tensions("s1", analyse(extract_text(text)), None)] == ["dispute"]


def test_pages_that_repeat_one_text_count_as_one_report() -> None:
    story = ["The port authority closed the north quay on Tuesday after divers found cracks in two of its piles.",
             "Ships due this week will berth at the ferry terminal instead, the authority said in a statement.",
             "Repairs are expected to take at least six weeks and cost about 2 million dollars.",
             "The quay was last rebuilt in 1998 after a storm damaged its southern end."]
    wire = extract_text("Quay closed\n\n" + "\n\n".join(story), source="wire.txt")
    reprint = extract_text("Port shuts quay\n\n" + "\n\n".join(story[:3]) + "\n\nThe mayor called for calm.",
                           source="reprint.txt")
    other = extract_text("Divers find cracks\n\nA diving team hired by the harbour found the damage during a "
                         "routine inspection on Monday, its owner told this newspaper.\n\nThe team had not "
                         "expected cracks that deep, he said, and reported them to the authority at once.",
                         source="other.txt")
    result = compare([wire, reprint, other])
    assert result.provenance.independent_reports == 2
    assert result.provenance.summary.startswith("3 pages, 2 independent reports")


def test_a_plural_or_a_bare_title_is_no_rival_name_or_speaker() -> None:
    lead = "Imports of the solar material from the company will be held at the border from Thursday."
    one = extract_text(f"Imports blocked\n\n{lead}\n\nThe agency issued five Withhold Release Orders last "
                       "September.\n\n“We will keep every forced-labour product out of this market,” the CEO "
                       "of the agency said.", source="one.txt")
    two = extract_text(f"Ban on imports\n\n{lead}\n\nThe Withhold Release Order covers only that material."
                       "\n\n“We will keep every forced-labour product out of this market,” said "
                       "Commissioner Troy Miller.", source="two.txt")
    result = compare([one, two])
    assert [d.kind for d in result.discrepancies if d.kind in ("name", "quote")] == []


@pytest.mark.parametrize(("other", "variants"), [
    ("Według ekspertów serwery znajdowały się w Sankt Petersburgu, w Rosji.", 0),  # the locative
    ("Według ekspertów serwery znajdowały się w Sankt Petersbergu, w Rosji.", 1),  # a different name
])
def test_a_declined_name_is_no_second_spelling(other: str, variants: int) -> None:
    """Polish, Turkish, German ... add endings to names: "Sankt Petersburgu" is Sankt Petersburg."""
    one = extract_text("Fałszywe alarmy\n\nFałszywe alarmy bombowe wysłano z serwerów w Sankt Petersburg."
                       "\n\nPolicja sprawdziła wszystkie szkoły.", source="one.txt")
    two = extract_text(f"Alarmy w szkołach\n\n{other}\n\nPolicja sprawdziła wszystkie szkoły.", source="two.txt")
    result = compare([one, two])
    assert len([d for d in result.discrepancies if d.kind == "name"]) == variants


def test_a_short_copy_of_an_agency_story_aligns_and_re_tells_it() -> None:
    """A 3-sentence page and its copy: every sentence alike, so no z-score stood out and nothing aligned;
    and the copy, which names no agency, counted as a second independent report."""
    body = ["U.S.-based EIG Global Energy Partners said on Friday a consortium it led has closed a deal to buy 49% "
            "of Saudi oil producer Aramco's pipelines business for $12.4 billion.",
            "EIG said the co-investment process for the deal attracted a global group of investors from China, "
            "Saudi Arabia, Korea, the United Arab Emirates and the United States.",
            "It included Abu Dhabi's Mubadala Investment Company, Silk Road Fund, Hassana and Samsung Asset "
            "Management, the company said."]
    wire = extract_text("EIG closes Aramco pipelines deal\n\n(Reuters) - " + "\n\n".join(body)
                        + "\n\n(Reporting by Rania El Gamal; Editing by Jan Harvey)", source="reuters.txt")
    copy = extract_text("EIG-led consortium closes Aramco deal\n\n" + "\n\n".join(body), source="copy.txt")
    result = compare([wire, copy])
    assert [c.status for c in result.claims] == ["shared"] * 3
    assert result.provenance.independent_reports == 1 and result.provenance.summary.endswith(": Reuters")


@pytest.mark.parametrize(("first", "second", "found"), [
    ("They will tour together for the first time in nearly 25 years.",
     "They will tour to celebrate 50 years since the band's formation.", []),
    ("The court jailed him for 5 years on Monday.", "The court jailed him for 7 years on Monday.",
     [("5 years", "7 years")]),
])
def test_spans_of_time_conflict_only_when_near_each_other(first: str, second: str,
                                                          found: list[tuple[str, str]]) -> None:
    assert _clashing_figures(first, second) == found


@pytest.mark.parametrize(("first", "second", "found"), [
    # One man, two ages: a real discrepancy between outlets.
    ("Police arrested Orozco, 27, near the house on Friday.", "Police arrested Orozco, 29, near the house on Friday.",
     [("27", "29")]),
    # Two people of two ages: both can be true.
    ("The jury convicted 27-year-old Christopher Simpson in the death of Ka'loni Flynn.",
     "The jury convicted Christopher Simpson in the death of 20-year-old Ka'loni Flynn.", []),
    ("Klitschko, 36, retained his titles with his 51st knockout.",
     "Klitschko retained his titles with his 36th knockout.", []),
])
def test_ages_conflict_only_for_one_named_person(first: str, second: str, found: list[tuple[str, str]]) -> None:
    assert _clashing_figures(first, second) == found


@pytest.mark.parametrize(("first", "second", "found"), [
    ("He served four months in federal prison for obstruction.", "He served five months in federal prison.",
     [("four months", "five months")]),
    # Same noun, different acts: a gun loaded with four bullets, a body hit by seven.
    ("Police say the gun was loaded with four bullets but have not said whether he fired it.",
     "An autopsy report revealed the teenager was hit by seven bullets, three to the back.", []),
    # Two models of one laptop, two prices.
    ("The 11-inch model will start at $999 in the United States.",
     "The 15-inch model will start at $1,799 in the United States.", []),
])
def test_figures_in_one_language_need_a_shared_frame(first: str, second: str,
                                                    found: list[tuple[str, str]]) -> None:
    assert _clashing_figures(first, second) == found


@pytest.mark.parametrize("zero", [
    '"Nobody has the right to violence," the prime minister told parliament.',
    "None has been more pertinent to the village than the clinic.",
    "No one was injured, but smoke poured from the three-story building.",
])
def test_a_zero_that_counts_nothing_is_no_rival(zero: str) -> None:
    from storyline.compare.slots import count_conflicts

    a = _lead(zero)
    b = _lead("Three people were killed in the attack on the bank, the prime minister told parliament.")
    assert count_conflicts((0, a, a.text), (1, b, b.text)) == []


def test_only_speakers_the_attribution_names_can_contradict() -> None:
    """ "he said" resolved to the last name before it is a guess; a title in quote marks is no speech."""
    lead = "The actress checked into a treatment center in Malibu on Tuesday, her representative said."
    one = extract_text(f"Actress in rehab\n\n{lead}\n\nShe went to the Promises Treatment Center, a friend "
                       "said.\n\n“We appreciate your respect for her privacy at this time,” he said.", source="a.txt")
    two = extract_text(f"Actress enters rehab\n\n{lead}\n\n“We appreciate your respect for her privacy at this "
                       "time,” her rep Jack Ketsoyan told the magazine.", source="b.txt")
    result = compare([one, two])
    assert [d for d in result.discrepancies if d.kind == "quote"] == []


@pytest.mark.parametrize(("sentence", "speaker"), [
    ("“I'm the guy they used to call Deep Throat,” Felt told attorney John O'Connor.", "Felt"),
    ("“When the patch is released, people should run,” said Trend Micro researcher Paul Ferguson.",
     "Paul Ferguson"),
    ("But Richard Ben-Veniste, a key lawyer in the Watergate prosecution team, said that “the importance of "
     "whistle-blowers shouldn't be underestimated.”", "Richard Ben-Veniste"),
    ("“We appreciate your respect for her privacy,” Reid's rep told Us Weekly.", None),
])
def test_the_speaker_is_the_one_who_speaks(sentence: str, speaker: str | None) -> None:
    article = analyse(extract_text(f"Story\n\n{sentence}\n\nMore follows later today."))
    [quote] = [q for s in article.sentences for q in s.quotes]
    assert quote.speaker == speaker


@pytest.mark.parametrize(("second", "clash"), [
    ("An Indian warship foiled a pirate attack in the Gulf of Aden on November 11, 2011, capturing 26 pirates.",
     True),
    ("A jury in Mombasa on November 11, 2011 convicted the men who hijacked the tanker last year.", False),
])
def test_dates_in_one_language_need_a_shared_frame(second: str, clash: bool) -> None:
    from storyline.compare.slots import date_conflicts

    def dated(text: str) -> Sentence:
        body = f"Pirates\n\n{text}\n\nThe navy said more patrols would follow."
        return analyse(extract_text(body)).sentences[0]

    a = dated("The Indian Navy patrolling the Gulf of Aden on November 10, 2011 thwarted a pirate attack.")
    b = dated(second)
    assert bool(date_conflicts((0, a, a.text), (1, b, b.text), same_language=True)) is clash


@pytest.mark.parametrize(("later", "clash"), [
    ("Police found the bodies of the two women in Millom on Saturday morning.", False),  # the same words
    ("Police found the bodies of the two women in Millom on Friday morning.", True),
])
def test_the_same_relative_date_written_by_both_is_no_clash(later: str, clash: bool) -> None:
    """Both pages wrote "on Saturday", a week apart: the words agree, only the publication dates differ."""
    from storyline.compare.slots import date_conflicts

    def sentence(dateline: str, text: str) -> Sentence:
        return analyse(extract_text(f"Bodies found\n\n{dateline}\n\n{text}\n\nA man was arrested.")).sentences[0]

    a = sentence("Monday, June 10, 2013", "Police found the bodies of the two women in Millom on Saturday morning.")
    b = sentence("Monday, June 17, 2013", later)
    assert bool(date_conflicts((0, a, a.text), (1, b, b.text), same_language=True)) is clash


def test_a_slogan_or_a_navy_is_no_second_spelling_of_a_name() -> None:
    lead = "The studio confirmed on Tuesday that the director will not return for the sequel."
    one = extract_text(f"Director out\n\n{lead}\n\nDirector Gary Ross has not signed a new deal, the studio said."
                       "\n\nThe Indian Navy said its ship thwarted an attack.", source="one.txt")
    two = extract_text(f"Fans rally\n\n{lead}\n\nFans launched the \"Gary Ross Is Boss\" campaign to support him."
                       "\n\nAn Indian Naval ship thwarted an attack, officials said.", source="two.txt")
    result = compare([one, two])
    assert [d.subject for d in result.discrepancies if d.kind == "name"] == []


@pytest.mark.parametrize(("later", "clash"), [
    ("Monday, January 5, 2009", False),  # a day later, the same day counted back
    ("Sunday, January 4, 2009", True),   # the same day: 12 and 11 days ago are two days
])
def test_days_ago_are_dates_counted_from_the_page(later: str, clash: bool) -> None:
    from storyline.compare.slots import date_conflicts

    def sentence(dateline: str, text: str) -> Sentence:
        return analyse(extract_text(f"Gaza toll\n\n{dateline}\n\n{text}\n\nTalks go on.")).sentences[0]

    a = sentence("Sunday, January 4, 2009", "More than 600 people were killed since the assault began 11 days ago.")
    b = sentence(later, "More than 640 people were killed since the assault began 12 days ago.")
    assert figure_conflicts((0, a, a.text), (1, b, b.text), [], [], same_language=True) == []
    assert bool(date_conflicts((0, a, a.text), (1, b, b.text), same_language=True)) is clash


def test_a_count_of_those_who_did_not_is_no_rival_to_none() -> None:
    from storyline.compare.slots import count_conflicts

    a = _lead("No one has shown symptoms such as fever so far, the commission said.")
    b = _lead("However, the other 28 people have shown no signs or symptoms of the plague.")
    c = _lead("However, 28 people have shown symptoms such as fever so far, the commission said.")
    assert count_conflicts((0, a, a.text), (1, b, b.text)) == []
    assert len(count_conflicts((0, a, a.text), (1, c, c.text))) == 1


def test_a_passage_printed_twice_gives_its_tension_once() -> None:
    from storyline.compare.tensions import find_tensions

    passage = ("The company said the heaters are safe when used as directed.\n\n"
               "An engineer at the college said that framing understates the problem.")
    article = analyse(extract_text(f"Heaters\n\n{passage}\n\nMore news today.\n\n{passage}"))
    assert len(find_tensions("s1", article, None)) == 1


@pytest.mark.parametrize(("zero", "count", "found"), [
    ("Nobody was injured, police said.", "Three people were taken to hospital with breathing difficulties.", True),
    ("Verletzt wurde nach Angaben der Polizei niemand.", "Three people were taken to hospital on Wednesday.", True),
    ("No one was killed in the blaze, the fire brigade said.", "Three people were taken to hospital.", False),
    ('"Nobody has the right to violence," the prime minister said.', "Three bank workers were killed.", False),
    ("Nobody was injured in the fire, police said.", "In 2019 three people were injured in a fire at the plant.",
     False),  # a statement about 2019 is about another fire
])
def test_one_source_says_nobody_was_hurt_another_counts_the_hurt(zero: str, count: str, found: bool) -> None:
    """Sentences too different to align still clash when one says none and another gives a count."""
    from storyline.compare.casualties import casualty_conflicts

    lead = "A fire destroyed a warehouse at the paint plant on Wednesday, forcing residents from their homes."
    one = analyse(extract_text(f"Fire at plant\n\n{lead}\n\n{zero}\n\nThe cause is not yet known."))
    two = analyse(extract_text(f"Plant fire\n\n{lead}\n\n{count}\n\nThe company set up a fund."))
    assert bool(casualty_conflicts([one, two])) is found
