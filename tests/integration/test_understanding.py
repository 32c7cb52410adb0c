"""Query understanding against the lexicon read from the real seeded graph."""

from __future__ import annotations

import pytest

from search.lexicon import load_lexicon
from search.understanding import Understander

pytestmark = pytest.mark.integration

ALT_OBERHAUSEN = ["alstaden-lirich", "mitte-styrum", "oberhausen-ost"]


@pytest.fixture(scope="module")
def understander(reader_graph):
    return Understander(load_lexicon(reader_graph))


def test_every_stadtteil_name_and_alias_resolves_to_its_sozialraum(understander, seeded_state):
    dataset = seeded_state.dataset
    bezirk_of = {s["id"]: s["bezirk"] for s in dataset.sozialraeume}
    for stadtteil in dataset.stadtteile:
        for name in (stadtteil["name"], *stadtteil.get("aliases", [])):
            found = understander.understand(f"Welche Angebote gibt es in {name}?").sozialraeume
            assert stadtteil["sozialraum"] in found, (name, found)
            # A shared or broader name may widen the place, never beyond the Bezirk.
            assert {bezirk_of[s] for s in found} == {stadtteil["bezirk"]}, (name, found)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Streetwork im Knappenviertel", ["oberhausen-ost"]),
        ("Sterkrader Familienzentren", ["sterkrade-mitte", "sterkrade-nord"]),
        ("Osterfelder Tafel", ["osterfeld"]),
        ("Beratung in Osterfled", ["osterfeld"]),
        ("Seniorentreff in Lirich", ["alstaden-lirich"]),
        ("Familienzentrum in Alt-Oberhausen", ALT_OBERHAUSEN),
        ("Hilfe im Stadtbezirk Sterkrade", ["sterkrade-mitte", "sterkrade-nord"]),
        ("Schuldnerberatung Mitte/Styrum", ["mitte-styrum"]),
        # A place's centre in English is its Zentrum, no misspelt "CentrO".
        ("family counselling near Sterkrade centre", ["sterkrade-mitte"]),
        ("youth club in Osterfeld center", ["osterfeld"]),
        # The first of two words as an adjective: the Stadtteil, not the whole Bezirk.
        ("Kita im Sterkrader Zentrum", ["sterkrade-mitte"]),
        ("Seniorentreff in der Sterkrader Mitte", ["sterkrade-mitte"]),
        # A name of two words written as one, or misspelt across both.
        ("Familienberatung in Sterkrademitte", ["sterkrade-mitte"]),
        ("Sozialraum SterkradeNord", ["sterkrade-nord"]),
        ("Beratung für Familien in Strekrade-Mitte", ["sterkrade-mitte"]),
        ("Jugendtreff in Tackeberg-Ost", ["osterfeld"]),
        # Two neighbouring letters swapped in a short name.
        ("Kita in Styrmu", ["mitte-styrum"]),
        ("Seniorentreff in Hotlen", ["sterkrade-nord"]),
    ],
)
def test_places_in_their_inflected_and_misspelt_forms(understander, question, expected):
    assert understander.understand(question).sozialraeume == expected


def test_a_word_one_letter_from_a_place_is_no_place(understander):
    # "halten" is one letter from Holten; only swapped neighbours count as a slip.
    assert understander.understand("Ich kann das nicht mehr halten").sozialraeume == []
    assert understander.understand("Beratung im Sozialraum 73").sozialraeume == [
        "alstaden-lirich"]


def test_plz_means_the_sozialraeume_of_its_stadtteile(understander, seeded_state):
    found = understander.understand("Kita in 46117").sozialraeume
    expected = {t["sozialraum"] for t in seeded_state.dataset.stadtteile if "46117" in t["plz"]}
    assert set(found) == expected and "osterfeld" in found


def test_the_city_itself_is_no_place_filter(understander):
    assert understander.understand("Frauenhaus in Oberhausen").places == []
    assert understander.understand("Mitte des Monats kein Geld mehr").places == []


@pytest.mark.parametrize(
    ("question", "target_group"),
    [
        ("Angebote für Alleinerziehende", "alleinerziehende"),
        ("alleinerziehende Mutter sucht Unterstützung", "alleinerziehende"),
        ("Beratung für Alleinerzihende", "alleinerziehende"),
        ("Was gibt es für einen 15-Jährigen?", "jugendliche"),
        ("Spielgruppe für Kinder unter 3", "kleinkinder"),
        ("Treffpunkt für Menschen ab 65", "seniorinnen-senioren"),
        ("Hilfe für Geflüchtete", "gefluechtete"),
    ],
)
def test_target_groups_from_synonyms_inflections_typos_and_ages(understander, question,
                                                                  target_group):
    ids = [c.id for c in understander.understand(question).target_groups]
    assert target_group in ids, ids


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("Wo gibt es Hilfe bei Drogenproblemen?", "sucht"),
        ("Schuldnerberatung", "schulden"),
        ("Deutschkurs für Erwachsene", "sprachfoerderung"),
        ("Friezeit für Kinder", "freizeit"),
    ],
)
def test_topics(understander, question, topic):
    ids = [c.id for c in understander.understand(question).topics]
    assert topic in ids, ids


def test_flags_and_languages(understander):
    u = understander.understand("kostenlose und anonyme Beratung ohne Termin auf Türkisch")
    assert {"kostenlos", "anonym", "ohne_termin"} <= set(u.flags)
    assert u.languages == ["tr"]
    assert "sprache:tr" in u.as_json()["flags"]
    assert understander.understand("barrierefreie Beratung").flags == ["barrierefrei"]


def test_understanding_is_reported_as_json(understander):
    data = understander.understand("Angebote für Alleinerziehende in Osterfeld").as_json()
    assert data["places"][0]["id"] == "osterfeld"
    assert data["target_groups"][0]["id"] == "alleinerziehende"
    assert set(data) == {"places", "sozialraeume", "target_groups", "topics", "flags",
                         "elsewhere"}


@pytest.mark.parametrize(
    ("question", "concept"),
    [
        ("Bei der Familie ist der Kühlschrank leer", "lebensmittel"),
        ("Klientin wird von ihrem Mann geschlagen", "gewaltschutz"),
        ("Sohn kommt seit Wochen nicht mehr aus seinem Zimmer", "psychische-gesundheit"),
        ("die kohle reicht hinten und vorne nicht", "finanzielle-hilfen"),
        ("Haushalt hat eine hohe Gasnachzahlung bekommen", "energie"),
    ],
)
def test_narrative_situations_and_compound_heads_resolve_to_needs(understander, question,
                                                                 concept):
    u = understander.understand(question)
    ids = [c.id for c in (*u.topics, *u.target_groups)]
    assert concept in ids, ids
    # The words that described the situation are understood, not left over.
    assert not {"kuehlschrank", "geschlagen", "zimmer", "kohle", "gasnachzahlung"} & set(
        u.residual)


def test_each_need_keeps_the_words_that_said_it(understander):
    u = understander.understand("Seniorin in Holten ist sehr einsam")
    needs = {need.words: {c.id for c in need.concepts} for need in u.needs}
    # One word naming a target group and a topic is one need, not two.
    assert {"seniorinnen-senioren", "leben-im-alter"} <= needs[("seniorin",)]
    assert "einsamkeit-begegnung" in needs[("einsam",)]


def test_verb_homonyms_and_poverty_are_no_need_or_flag(understander):
    assert "sucht" not in [c.id for c in understander.understand("Vater sucht einen Job").topics]
    assert "sucht" in [c.id for c in understander.understand("Hilfe bei Sucht").topics]
    assert "kostenlos" not in understander.understand("Die Familie hat kein Geld").flags
    assert "kostenlos" in understander.understand("Beratung, die nichts kostet").flags


def test_application_questions_and_lower_case_words_are_told_apart(understander):
    assert understander.understand("Wo beantragen Eltern das Kindergeld?").procedure
    assert not understander.understand("Schuldnerberatung in Osterfeld").procedure
    u = understander.understand("Grundschüler stolpert ständig über seine Füße")
    assert "staendig" in u.minor and "fuesse" not in u.minor


@pytest.mark.parametrize(
    ("question", "absent", "present"),
    [
        ("Meine Mutter ist dement, wohin?", "eltern", "pflegebeduerftige-angehoerige"),
        ("meine 80-jährige Mutter braucht Hilfe im Haushalt", "eltern", "seniorinnen-senioren"),
        ("my dad drinks too much, who can help me", "eltern", None),
        ("Ich bin alleinerziehende Mutter und brauche Hilfe", None, "alleinerziehende"),
        ("Mutter mit Baby sucht Beratung", None, "eltern"),
    ],
)
def test_the_askers_own_parents_are_no_target_group_parents(understander, question, absent,
                                                            present):
    groups = [c.id for c in understander.understand(question).target_groups]
    assert absent is None or absent not in groups, groups
    assert present is None or present in groups, groups


@pytest.mark.parametrize(
    ("question", "concept"),
    [
        ("is there a food bank in Sterkrade?", "lebensmittel"),
        ("my landlord kicked me out and I'm sleeping in my car", "wohnungslosigkeit"),
        ("single mother with debts, who can help?", "alleinerziehende"),
        ("my son is addicted to gambling", "sucht"),
    ],
)
def test_english_need_words_are_understood(understander, question, concept):
    u = understander.understand(question)
    assert concept in [c.id for c in (*u.target_groups, *u.topics)], u.as_json()


@pytest.mark.parametrize("question", [
    "Ich wohne in Holten – bin ich da auch richtig?",
    "meine oma lebt in sterkrade",
    "my grandma lives in Sterkrade",
    "Wir wohnen in Lirich",
    "für meine Schwester, die in Alstaden wohnt",
    "Wir haben ein Neugeborenes und wohnen in Schmachtendorf.",
    "Wir wohnen im Moment noch in Osterfeld.",
])
def test_where_someone_lives_names_a_place_not_a_need(understander, question):
    understood = understander.understand(question)
    assert understood.sozialraeume
    assert "wohnen" not in {c.id for c in understood.topics}


def test_housing_next_to_a_place_is_still_a_need(understander):
    understood = understander.understand("Betreutes Wohnen in Osterfeld")
    assert understood.sozialraeume == ["osterfeld"]
    assert "wohnen" in {c.id for c in understood.topics}


@pytest.mark.parametrize(("question", "elsewhere"), [
    ("Wann hat die Tafel in Bottrop Ausgabe?", ["Bottrop"]),
    ("Kita-Platz in Duisburg-Meiderich gesucht", ["Duisburg"]),
    ("debt advice near Essen", ["Essen"]),
    # Oberhausen named as well, a city of origin, or food: no other city asked for.
    ("Ich wohne in Essen, suche aber eine Kita in Oberhausen", []),
    ("Wir ziehen aus Essen her, wo gibt es eine Kita?", []),
    ("Wir wohnen in Sterkrade, die Oma lebt in Bottrop", []),
    # A journey's goal: the help is asked for here.
    ("Wer zahlt die Klassenfahrt nach Berlin, wir leben vom Bürgergeld?", []),
])
def test_another_city_asked_for(understander, question, elsewhere):
    assert understander.understand(question).elsewhere == elsewhere


def test_essen_is_food_unless_it_is_the_city(understander):
    city = understander.understand("Wir ziehen aus Essen her, wo gibt es eine Kita?")
    assert "lebensmittel" not in [c.id for c in city.topics]
    food = understander.understand("Zu viel Zucker im Essen meiner Kinder, wer berät?")
    assert food.elsewhere == [] and "lebensmittel" in [c.id for c in food.topics]


@pytest.mark.parametrize("question", [
    "We just moved to Oberhausen from Poland with our son.",
    "Sind gerade nach Oberhausen gezogen, wo gibt es Deutschkurse?",
])
def test_the_city_s_own_name_is_no_place_in_it(understander, question):
    # Read as one misspelt word, "to Oberhausen" came close to "Alt-Oberhausen".
    assert understander.understand(question).places == []
