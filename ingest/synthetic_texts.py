"""German building blocks for the synthetic benchmark city (see `ingest.synthetic_city`).

Offer texts are assembled from many independent choices (offer type, target
group, topic and its synonyms, place, weekday, hours, cost, languages, access,
closing), so that two random offers rarely share more than a phrase. A planted
near-duplicate is the same `Service` worded again with `vary`: a few synonym
swaps and a reordered sentence, as when two providers describe the same thing.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, replace
from typing import Any

CITY = "Ruhrstadt"


@dataclass(frozen=True)
class OfferType:
    """A kind of offer: its title nouns, what happens there, where it fits."""

    nouns: tuple[str, ...]
    sentences: tuple[str, ...]
    topics: tuple[str, ...] = ()  # plausible topic ids; empty = any
    groups: tuple[str, ...] = ()  # plausible target group ids; empty = any


OFFER_TYPES: tuple[OfferType, ...] = (
    OfferType(("Beratung", "Beratungsangebot", "Beratungsstelle"), (
        "Fachkräfte beraten vertraulich und helfen bei Anträgen, Briefen und nächsten Schritten.",
        "Gemeinsam suchen wir nach Lösungen und vermitteln bei Bedarf an weitere Stellen.",
        "Die Beratung ist persönlich, auf Wunsch auch telefonisch oder per Video.")),
    OfferType(("Sprechstunde", "offene Sprechstunde", "Sprechzeit"), (
        "In der Sprechstunde klären wir Fragen ohne langes Warten.",
        "Sie können mit Unterlagen vorbeikommen; wir schauen sie gemeinsam an.",
        "Kurze Anliegen werden sofort geklärt, längere bekommen einen eigenen Termin.")),
    OfferType(("Treff", "Offener Treff", "Treffpunkt"), (
        "Bei Kaffee und Tee lernen sich Menschen aus der Nachbarschaft kennen.",
        "Es gibt Spiele, Gespräche und Zeit für die eigenen Ideen.",
        "Der Treff wird von Ehrenamtlichen mitgestaltet."),
        ("einsamkeit-begegnung", "freizeit", "quartiersarbeit", "leben-im-alter", "integration",
         "jugendarbeit")),
    OfferType(("Kurs", "Kursreihe", "Kursangebot"), (
        "Der Kurs umfasst mehrere Termine, die aufeinander aufbauen.",
        "Erfahrene Kursleitungen vermitteln Wissen mit vielen praktischen Übungen.",
        "Am Ende gibt es eine Teilnahmebescheinigung."),
        ("familienbildung", "sprachfoerderung", "weiterbildung", "gesundheit", "sport-bewegung",
         "digitalisierung", "medienkompetenz", "pflege", "praevention")),
    OfferType(("Gruppe", "Gesprächsgruppe", "Selbsthilfegruppe"), (
        "In der Gruppe tauschen sich Betroffene in geschütztem Rahmen aus.",
        "Eine Fachkraft begleitet die Treffen und gibt Anregungen.",
        "Was in der Gruppe besprochen wird, bleibt in der Gruppe."),
        ("psychische-gesundheit", "sucht", "einsamkeit-begegnung", "schwangerschaft",
         "familienbildung", "pflege", "gewaltschutz", "inklusion")),
    OfferType(("Café", "Begegnungscafé", "Nachbarschaftscafé"), (
        "Im Café gibt es Zeit für Gespräche, Kuchen und gute Ideen.",
        "Wer mag, bringt eigene Themen mit oder hört einfach zu.",
        "Oft ist eine Fachkraft als Ansprechperson vor Ort."),
        ("einsamkeit-begegnung", "integration", "familienbildung", "leben-im-alter",
         "quartiersarbeit", "sprachfoerderung")),
    OfferType(("Hausaufgabenhilfe", "Lernförderung", "Hausaufgabenbetreuung"), (
        "Ehrenamtliche und Honorarkräfte helfen bei Hausaufgaben und beim Lernen für Tests.",
        "In kleinen Gruppen wird in Ruhe geübt, gelesen und gerechnet.",
        "Zwischendurch gibt es einen kleinen Imbiss."),
        ("schule-bildung", "sprachfoerderung", "bildung-teilhabe"),
        ("grundschulkinder", "schuelerinnen-schueler", "seiteneinsteiger", "kinder",
         "jugendliche")),
    OfferType(("Workshop", "Werkstatt", "Workshopreihe"), (
        "Im Workshop wird ausprobiert, gebaut und gestaltet.",
        "Die Teilnehmenden bringen eigene Fragen ein und arbeiten an kleinen Projekten.",
        "Material wird gestellt.")),
    OfferType(("Infoabend", "Informationsveranstaltung", "Infonachmittag"), (
        "Fachleute geben einen Überblick und beantworten Fragen aus dem Publikum.",
        "Im Anschluss ist Zeit für persönliche Gespräche.",
        "Die Folien gibt es danach zum Mitnehmen.")),
    OfferType(("Begleitung", "Lotsendienst", "Patenschaft"), (
        "Geschulte Ehrenamtliche begleiten zu Ämtern, Ärzten und Terminen.",
        "Die Begleitung ist auf einige Monate angelegt und richtet sich nach Ihrem Bedarf.",
        "Bei Bedarf übersetzen Sprachmittlerinnen und Sprachmittler.")),
    OfferType(("Ferienprogramm", "Ferienspiele", "Ferienfreizeit"), (
        "In den Ferien warten Ausflüge, Spiele und kreative Aktionen.",
        "Ein Mittagessen ist inklusive.",
        "Die Plätze sind begrenzt, eine frühe Anmeldung lohnt sich."),
        ("freizeit", "jugendarbeit", "kultur-bibliothek", "sport-bewegung"),
        ("kinder", "grundschulkinder", "jugendliche", "maedchen", "familien")),
    OfferType(("Sportgruppe", "Bewegungsangebot", "Sporttreff"), (
        "Gemeinsam bewegen wir uns, ohne Leistungsdruck und mit viel Spaß.",
        "Die Übungen werden an die Möglichkeiten aller angepasst.",
        "Bitte bequeme Kleidung und etwas zu trinken mitbringen."),
        ("sport-bewegung", "gesundheit", "praevention", "inklusion")),
    OfferType(("Frühstück", "Frühstückstreff", "Mittagstisch"), (
        "Es gibt ein einfaches, gesundes Essen zu kleinen Preisen.",
        "Beim gemeinsamen Essen entstehen Kontakte und Gespräche.",
        "Reste werden an Gäste verteilt."),
        ("lebensmittel", "einsamkeit-begegnung", "leben-im-alter")),
    OfferType(("Lebensmittelausgabe", "Kleiderkammer", "Tauschbörse"), (
        "Die Ausgabe versorgt Menschen mit wenig Geld mit Lebensmitteln und Dingen des Alltags.",
        "Bitte einen Nachweis über das Einkommen mitbringen.",
        "Helferinnen und Helfer sortieren die Spenden vorher."),
        ("lebensmittel", "finanzielle-hilfen"), ("geringes-einkommen", "familien", "alle")),
    OfferType(("Hausbesuche", "aufsuchende Beratung", "Besuchsdienst"), (
        "Wir kommen nach Hause, wenn der Weg zu uns zu schwer ist.",
        "Bei den Besuchen klären wir, welche Hilfen passen, und organisieren sie.",
        "Angehörige können beim Gespräch dabei sein."),
        ("pflege", "leben-im-alter", "fruehe-hilfen", "streetwork", "wohnen")),
    OfferType(("Onlineberatung", "Telefonberatung", "Chatberatung"), (
        "Sie erreichen uns ohne Weg und auf Wunsch anonym.",
        "Antworten kommen in der Regel innerhalb von zwei Werktagen.",
        "Bei Bedarf folgt ein persönliches Gespräch.")),
)

TITLE_PATTERNS = (
    "{noun} rund um {topic} für {group}", "{noun} zum Thema {topic}", "{noun} für {group}",
    "{noun} „{motto}“", "{motto} – {noun} für {group}", "{topic}: {noun} für {group}",
    "{noun} für {group} in {stadtteil}", "{noun} „{motto}“ für {group}",
)
MOTTOS = (
    "Gemeinsam stark", "Mittendrin", "Hand in Hand", "Neue Wege", "Kopf hoch", "Zusammen",
    "Miteinander", "Offene Tür", "Starke Eltern", "Guter Start", "Brücken bauen", "Aufwind",
    "Rückenwind", "Nicht allein", "Lichtblick", "Schritt für Schritt", "Zeit für mich",
    "Nachbarschaft lebt", "Rat und Tat", "Mutmacher", "Weitblick", "Anker", "Kompass",
    "Wegbegleiter", "Ankommen", "Bunt gemischt", "Leben im Quartier", "Starke Kinder",
)
OPENERS = (
    "Das Angebot richtet sich an {group} und bietet Unterstützung rund um {topic}.",
    "Hier finden {group} Rat und Hilfe zum Thema {topic}.",
    "Wir laden {group} ein, sich über {topic} auszutauschen und Fragen zu klären.",
    "Im Mittelpunkt stehen {topic} und die Anliegen von {group}.",
    "{Group} erhalten hier verlässliche Informationen und praktische Hilfe zu {topic}.",
    "Für {group} ist dies eine feste Anlaufstelle, wenn es um {topic} geht.",
    "Rund um {topic} begleiten wir {group} mit Zeit und Erfahrung.",
    "Ob erste Frage oder schwierige Lage: {group} sind mit allen Anliegen zu {topic} willkommen.",
)
SYNONYM_SENTENCES = (
    "Typische Themen sind {s1}, {s2} und {s3}.", "Es geht zum Beispiel um {s1}, {s2} oder {s3}.",
    "Häufige Anliegen: {s1}, {s2}, {s3}.", "Auch Fragen zu {s1} und {s2} haben hier Platz.",
)
PLACES = (
    "im Gemeindehaus", "im Familienzentrum", "im Stadtteilbüro", "in der Stadtteilbibliothek",
    "im Jugendzentrum", "in der Grundschule", "im Bürgerzentrum", "im Nachbarschaftshaus",
    "im Seniorentreff", "in den Räumen des Trägers", "im Quartiersbüro", "in der Begegnungsstätte",
    "im Gesundheitshaus", "in der Turnhalle", "im Café des Hauses", "im Pfarrheim",
)
PLACE_SENTENCES = (
    "Das Angebot findet {place} in {stadtteil} statt.",
    "Treffpunkt ist {place} im Stadtteil {stadtteil}.",
    "Sie finden uns {place} ({stadtteil}).", "Wir sind {place} in {stadtteil} zu Hause.",
)
# (phrase in a sentence, abbreviation in the hours field)
DAYS = (
    ("montags", "Mo"), ("dienstags", "Di"), ("mittwochs", "Mi"), ("donnerstags", "Do"),
    ("freitags", "Fr"), ("samstags", "Sa"), ("montags und mittwochs", "Mo und Mi"),
    ("dienstags und donnerstags", "Di und Do"),
    ("jeden ersten Mittwoch im Monat", "1. Mi im Monat"),
    ("an jedem zweiten Donnerstag", "14-täglich Do"), ("werktags", "Mo–Fr"),
)
TIME_SENTENCES = ("Termine: {when}.", "Wir sind {when} für Sie da.", "Das Angebot läuft {when}.",
                  "Geöffnet ist {when}.")
# (sentence, cost field, free)
COSTS = (
    ("Die Teilnahme ist kostenlos.", "kostenlos", True),
    ("Das Angebot ist kostenfrei.", "kostenfrei", True),
    ("Es fällt ein kleiner Beitrag von 2 Euro an.", "2 Euro pro Termin", False),
    ("Die Kursgebühr beträgt 30 Euro; mit Sozialpass ermäßigt.", "30 Euro, ermäßigt mit Sozialpass",
     False),
    ("Für Material wird ein Euro erbeten.", "1 Euro Materialbeitrag", False),
    ("Spenden sind willkommen, aber keine Bedingung.", "kostenlos, Spenden erbeten", True),
)
LANGUAGES = {"de": "Deutsch", "tr": "Türkisch", "ar": "Arabisch", "ru": "Russisch",
             "pl": "Polnisch", "en": "Englisch", "uk": "Ukrainisch", "ro": "Rumänisch",
             "bg": "Bulgarisch", "fa": "Persisch", "ku": "Kurdisch"}
OTHER_LANGUAGES = tuple(code for code in LANGUAGES if code != "de")
ACCESS = (  # (sentence, walk_in, anonymous, barrier_free)
    ("Eine Anmeldung ist nicht erforderlich.", True, None, None),
    ("Bitte melden Sie sich vorher telefonisch an.", False, None, None),
    ("Die Räume sind barrierefrei erreichbar.", None, None, True),
    ("Auf Wunsch bleiben Sie anonym.", None, True, None),
    ("Kommen Sie einfach ohne Termin vorbei.", True, None, None),
    ("Ein Aufzug ist vorhanden, die Toilette ist rollstuhlgerecht.", None, None, True),
)
CLOSINGS = (
    "Neue Teilnehmende sind jederzeit willkommen.", "Kommen Sie einfach vorbei!",
    "Wir freuen uns auf Sie.", "Geschwisterkinder können mitgebracht werden.",
    "Während des Angebots ist eine Kinderbetreuung möglich.", "Rufen Sie uns gern an.", "",
)
# Swaps a second provider makes when it words the same service.
WORDING_SWAPS = (
    ("kostenlos", "kostenfrei"), ("Anmeldung", "Voranmeldung"), ("Fachkräfte", "Mitarbeitende"),
    ("Fragen", "Anliegen"), ("Unterstützung", "Hilfe"), ("vorbei", "gern vorbei"),
    ("willkommen", "herzlich willkommen"), ("Termine", "Zeiten"), ("Gespräche", "Unterhaltungen"),
    ("praktische", "konkrete"), ("Beratung", "Begleitung"), ("gern", "gerne"),
)


@dataclass(frozen=True)
class Service:
    """An offer before it is worded for one provider: the parts near-duplicates share."""

    kind: OfferType
    noun: str
    topic: dict[str, Any]
    group: dict[str, Any]
    title_pattern: str
    motto: str
    sentences: tuple[str, ...]  # templates in order; placeholders filled by `render`
    day: tuple[str, str]
    hours: tuple[int, int]
    cost: tuple[str, str, bool]
    access: tuple[str, bool | None, bool | None, bool | None]
    languages: tuple[str, ...]


def service(rng: random.Random, kind: OfferType, topic: dict[str, Any],
            group: dict[str, Any]) -> Service:
    """Draw every wording choice of one offer."""
    synonyms = rng.sample([*topic["synonyms"], topic["name"], "Beratung"], 3)
    start = rng.choice((8, 9, 10, 11, 13, 14, 15, 16, 17, 18))
    languages = ("de", *sorted(rng.sample(OTHER_LANGUAGES, rng.choice((0, 0, 1, 2)))))
    access = rng.choice(ACCESS)
    cost = rng.choice(COSTS)
    body = [rng.choice(OPENERS), *rng.sample(kind.sentences, rng.choice((1, 2))),
            rng.choice(SYNONYM_SENTENCES).format(s1=synonyms[0], s2=synonyms[1], s3=synonyms[2]),
            rng.choice(PLACE_SENTENCES), rng.choice(TIME_SENTENCES), cost[0], access[0]]
    if len(languages) > 1:
        names = " und ".join(LANGUAGES[code] for code in languages[1:])
        body.append(f"Gespräche sind auch auf {names} möglich.")
    body.append(rng.choice(CLOSINGS))
    return Service(kind, rng.choice(kind.nouns), topic, group, rng.choice(TITLE_PATTERNS),
                   rng.choice(MOTTOS), tuple(s for s in body if s), rng.choice(DAYS),
                   (start, start + rng.choice((1, 2, 2, 3))), cost, access, languages)


def vary(rng: random.Random, base: Service) -> Service:
    """The same service as another provider would word it: another noun, swapped words."""
    sentences = list(base.sentences)
    if len(sentences) > 4:  # swap two sentences of the middle part
        i = rng.randrange(1, len(sentences) - 2)
        sentences[i], sentences[i + 1] = sentences[i + 1], sentences[i]
    swaps = rng.sample(WORDING_SWAPS, 3)
    sentences = [_swap_words(s, swaps) for s in sentences]
    return replace(base, noun=rng.choice(base.kind.nouns), sentences=tuple(sentences))


def _swap_words(text: str, swaps: list[tuple[str, str]]) -> str:
    for old, new in swaps:
        text = re.sub(rf"\b{re.escape(old)}\b", new, text)
    return text


def render(svc: Service, place: str, stadtteil: str) -> tuple[str, str, str]:
    """Title, description and hours of a service at one place."""
    day_phrase, day_short = svc.day
    start, end = svc.hours
    when = f"{day_phrase} von {start} bis {end} Uhr"
    slots = {"noun": svc.noun, "topic": svc.topic["name"], "group": svc.group["name"],
             "Group": _capitalise(svc.group["name"]), "motto": svc.motto, "place": place,
             "stadtteil": stadtteil, "when": when}
    title = _capitalise(svc.title_pattern.format(**slots))
    description = " ".join(sentence.format(**slots) for sentence in svc.sentences)
    return title, description, f"{day_short} {start}–{end} Uhr"


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def slug(text: str) -> str:
    """A lowercase ASCII id as in the seed data (ä→ae, ö→oe, ü→ue, ß→ss)."""
    text = text.lower()
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, plain)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


# --- places and institutions -------------------------------------------------------------

PLACE_PREFIXES = (
    "Eichen", "Birken", "Linden", "Buchen", "Ahorn", "Tannen", "Erlen", "Eschen", "Ulmen",
    "Weiden", "Rosen", "Lerchen", "Falken", "Raben", "Kranich", "Hirsch", "Fuchs", "Biber",
    "Mühlen", "Brunnen", "Stein", "Kohlen", "Hütten", "Schacht", "Zechen", "Kanal", "Ruhr",
    "Emscher", "Wiesen", "Auen", "Sonnen", "Kirch", "Holz", "Brücken", "Hammer", "Lehm",
    "Sand", "Kloster", "Burg", "Schloss",
)
PLACE_SUFFIXES = ("feld", "dorf", "heide", "hausen", "hof", "bruch", "kamp", "winkel", "berg",
                  "beck", "horst", "rath", "busch", "wald", "siepen")
BEZIRK_NAMES = ("Nord", "Süd", "Ost", "West", "Mitte", "Nordost", "Südwest", "Nordwest",
                "Südost", "Zentrum")
STREET_STEMS = (
    "Linden", "Birken", "Schul", "Kirch", "Bahnhof", "Markt", "Garten", "Berg", "Wiesen",
    "Mühlen", "Goethe", "Schiller", "Lessing", "Heine", "Kant", "Hegel", "Beethoven", "Mozart",
    "Bismarck", "Friedrich", "Wilhelm", "Luisen", "Marien", "Zechen", "Hütten", "Kanal",
    "Ruhr", "Holz", "Stein", "Park", "Feld", "Sonnen", "Rosen", "Tulpen", "Dahlien",
)
# category -> kinds of institution that belong to it
INSTITUTION_KINDS: dict[str, tuple[str, ...]] = {
    "Anlauf- und Beratungsstellen": ("Beratungsstelle", "Beratungszentrum", "Fachberatungsstelle"),
    "Kindertageseinrichtungen": ("Kita", "Familienzentrum", "Kindertagesstätte"),
    "Jugendeinrichtungen": ("Jugendzentrum", "Jugendtreff", "Kinder- und Jugendhaus"),
    "Schulen": ("Grundschule", "Gesamtschule", "Förderschule"),
    "Stadtteil- und Quartiersbüros": ("Quartiersbüro", "Stadtteilbüro", "Nachbarschaftsbüro"),
    "stationäre Alten- und Pflegeeinrichtungen": ("Seniorenzentrum", "Pflegeheim", "Altenheim"),
    "Religionsgemeinschaften": ("Gemeindezentrum", "Pfarrgemeinde", "Begegnungszentrum"),
    "Sportvereine": ("Sportverein", "Turnverein", "Sportgemeinschaft"),
    "Träger sozialer Dienstleistungen": ("Sozialdienst", "Familienhilfe", "Betreuungsverein"),
    "sonstige Einrichtungen": ("Bürgerhaus", "Stadtteilbibliothek", "Begegnungsstätte"),
}
# (how the provider names its sites, full provider name)
PROVIDERS = (
    ("Caritas-{kind} {place}", f"Caritasverband {CITY} e.V."),
    ("Diakonie-{kind} {place}", f"Diakonisches Werk {CITY}"),
    ("AWO-{kind} {place}", f"AWO Kreisverband {CITY}"),
    ("DRK-{kind} {place}", f"DRK-Kreisverband {CITY} e.V."),
    ("Lebenshilfe-{kind} {place}", f"Lebenshilfe {CITY} e.V."),
    ("Johanniter-{kind} {place}", f"Johanniter-Unfall-Hilfe, Regionalverband {CITY}"),
    ("Malteser-{kind} {place}", f"Malteser Hilfsdienst {CITY}"),
    ("SkF-{kind} {place}", f"Sozialdienst katholischer Frauen {CITY}"),
    ("IN VIA-{kind} {place}", f"IN VIA {CITY} e.V."),
    ("Ev. {kind} {place}", f"Evangelischer Kirchenkreis {CITY}"),
    ("Kath. {kind} {place}", f"Katholische Stadtkirche {CITY}"),
    ("{kind} {place}", f"Stadt {CITY}"),
    ("{kind} {place}", f"Stadt {CITY}"),
    ("{kind} {place} e.V.", f"Förderverein {CITY} e.V."),
)
# How the same name is typed a second time; the first rule that changes the name wins.
INSTITUTION_NAME_VARIANTS = (
    (r"^([A-Z][a-zäöü]+)-([A-ZÄÖÜ])", lambda m: m[1] + m[2].lower()),  # Caritasberatungsstelle
    (r"^(.+?)-(?=[A-ZÄÖÜ])", lambda m: m[1] + " "),  # AWO-Familienzentrum -> AWO Familienzentrum
    (r"^Ev\. ", lambda m: "Evang. "),
    (r"^Kath\. ", lambda m: "Kath "),
    (r" e\.V\.$", lambda m: " eV"),
    (r"Familienzentrum", lambda m: "Fam.-Zentrum"),
    (r"Kindertagesstätte|Kita", lambda m: "KiTa"),
    (r"Beratungs(stelle|zentrum)", lambda m: f"Beratungs-{m[1]}"),
    (r"^Kinder- und ", lambda m: "Kinder und "),
)


def institution_name_variant(name: str) -> str:
    """The name as a second data entry would write it (never the same string)."""
    for pattern, repl in INSTITUTION_NAME_VARIANTS:
        changed = re.sub(pattern, repl, name, count=1)
        if changed != name:
            return changed
    return f"{name} ({CITY})"


def street_variant(street: str) -> str:
    """`Lindenstraße 12` -> `Lindenstr. 12` and back."""
    if "straße" in street:
        return street.replace("straße", "str.", 1)
    return street.replace("str.", "straße", 1)


# --- gremien --------------------------------------------------------------------------------

GREMIUM_PREFIXES = {"Netzwerk": "Netzwerk", "Arbeitskreis": "Arbeitskreis",
                    "Konferenz": "Fachkonferenz"}
GREMIUM_DESCRIPTIONS = (
    "{kind}: Fachkräfte aus Einrichtungen und Verwaltung stimmen sich hier zu {topic} ab.",
    "{kind}: Träger, Schulen und Verwaltung tauschen sich über {topic} aus und planen "
    "gemeinsame Aktionen.",
    "{kind}: Das Gremium bündelt Wissen zu {topic}, vermeidet Doppelstrukturen und benennt "
    "Lücken.",
)

# topic -> responsible department (the rest: Bereich Soziales)
TOPIC_DEPARTMENTS = {
    "gesundheit": "bereich-3-4", "kinder-jugendgesundheit": "bereich-3-4",
    "psychische-gesundheit": "bereich-3-4", "krisenhilfe": "bereich-3-4", "sucht": "bereich-3-4",
    "sexuelle-gesundheit": "bereich-3-4", "erziehungsberatung": "bereich-3-1",
    "fruehe-hilfen": "bereich-3-1", "familienzentrum": "bereich-3-1", "kita": "bereich-3-1",
    "jugendarbeit": "bereich-3-1", "streetwork": "bereich-3-1", "schule-bildung": "bereich-3-3",
    "bildung-teilhabe": "bereich-3-3", "weiterbildung": "bereich-0-3",
    "kultur-bibliothek": "bereich-0-3", "sprachfoerderung": "bereich-0-3",
    "integration": "bereich-2-6", "sport-bewegung": "bereich-2-5", "arbeit-beruf": "jobcenter",
    "buergergeld-grundsicherung": "jobcenter", "gleichstellung": "bereich-0-4",
    "gewaltschutz": "bereich-0-4", "ehrenamt": "bereich-0-4",
    "uebergang-schule-beruf": "koordinierungsstelle-uebergang-schule-beruf",
    "stadtteilentwicklung": "bereich-4-5", "statistik-daten": "fachbereich-3-2-10",
    "digitalisierung": "smart-city",
}
SOZIALINDEX_CLASSES = ("sehr niedrig", "niedrig", "mittel", "hoch", "sehr hoch")
MEETING_RHYTHMS = ("zweimal im Jahr", "vierteljährlich", "monatlich", "drei- bis viermal im Jahr",
                   "nach Bedarf")
MEMBER_ROLES = ("Mitglied", "Mitglied", "Mitglied", "beratendes Mitglied", "Gast")
