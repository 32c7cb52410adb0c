"""Narrative situations: how practitioners describe a need without naming it.

"Nichts mehr im Kühlschrank", "wird geschlagen", "hört Stimmen" name no topic of the
controlled vocabulary, yet each points to one. The situation lexicon maps such need
phrases to topic and target-group ids; the understanding matches them on stems with
small gaps ("kommt seit Wochen nicht mehr aus seinem Zimmer") before the vocabulary,
so their words count as one understood need instead of a dozen unexplained words.
Filler phrases ("kann nicht mehr", "wer kann da ran") carry no need and are only
taken out of the question's telling words.
"""

from __future__ import annotations

from search.text import STOPWORDS, stem, tokens

# Need phrase -> concept ids (topics and target groups). Keep phrases short: every word
# but the stop words must occur, in this order, with at most MAX_GAP other words between
# two of them.
SITUATIONS: dict[str, tuple[str, ...]] = {
    # money and food
    "Kühlschrank": ("lebensmittel", "geringes-einkommen"),
    "nichts zu essen": ("lebensmittel", "geringes-einkommen"),
    "kein Geld": ("geringes-einkommen", "finanzielle-hilfen"),
    "keine Kohle": ("geringes-einkommen", "finanzielle-hilfen"),
    "Kohle reicht nicht": ("geringes-einkommen", "finanzielle-hilfen", "sozialberatung"),
    "Geld reicht nicht": ("geringes-einkommen", "finanzielle-hilfen", "sozialberatung"),
    "Monatsende": ("geringes-einkommen",),
    "pleite": ("geringes-einkommen", "schulden"),
    "zahlt das Amt": ("finanzielle-hilfen",),
    "Kosten übernehmen": ("finanzielle-hilfen",),
    "Stress mit dem Amt": ("sozialberatung",),
    "Ärger mit dem Amt": ("sozialberatung",),
    "gepfändet": ("schulden", "ueberschuldete"),
    "Gläubiger": ("schulden", "ueberschuldete"),
    "Rechnungen nicht bezahlen": ("schulden", "ueberschuldete"),
    # violence and threat
    "schlägt": ("gewaltschutz",),
    "geschlagen": ("gewaltschutz", "gewaltbetroffene-frauen"),
    "verprügelt": ("gewaltschutz",),
    "prügelt": ("gewaltschutz",),
    "misshandelt": ("gewaltschutz",),
    "bedroht": ("gewaltschutz",),
    "verfolgt": ("gewaltschutz",),
    "gewalttätig": ("gewaltschutz",),
    "Stress zu Hause": ("paar-familienberatung", "erziehungsberatung", "gewaltschutz"),
    "Streit zu Hause": ("paar-familienberatung", "erziehungsberatung"),
    "Streit in der Familie": ("paar-familienberatung", "erziehungsberatung"),
    "streiten sich": ("paar-familienberatung",),
    "streitet nur noch": ("paar-familienberatung",),
    # mental health
    "hört Stimmen": ("psychische-gesundheit", "psychisch-erkrankte"),
    "nicht mehr aus der Wohnung": ("psychische-gesundheit", "psychisch-erkrankte"),
    "nicht mehr aus dem Zimmer": ("psychische-gesundheit", "psychisch-erkrankte"),
    "zieht sich zurück": ("psychische-gesundheit", "einsamkeit-begegnung"),
    "lebensmüde": ("krisenhilfe", "psychisch-erkrankte"),
    "nicht mehr leben": ("krisenhilfe", "psychisch-erkrankte"),
    "ritzt sich": ("krisenhilfe", "psychische-gesundheit"),
    "Panikattacken": ("psychische-gesundheit", "psychisch-erkrankte"),
    # addiction and media
    "kifft": ("sucht", "suchtkranke"),
    "säuft": ("sucht", "suchtkranke"),
    "trinkt zu viel": ("sucht", "suchtkranke"),
    "zockt": ("medienkompetenz", "sucht"),
    "zocken": ("medienkompetenz", "sucht"),
    "am Handy": ("medienkompetenz",),
    # housing
    "schläft draußen": ("wohnungslosigkeit", "wohnungslose"),
    "pennt": ("wohnungslosigkeit", "wohnungslose"),
    "fliegt raus": ("wohnungslosigkeit", "wohnungslose"),
    "rausgeflogen": ("wohnungslosigkeit", "wohnungslose"),
    "rauswerfen": ("wohnungslosigkeit", "wohnen"),
    "rausgeworfen": ("wohnungslosigkeit", "wohnungslose"),
    "saubere Wäsche": ("wohnungslosigkeit",),
    "Treppe nicht": ("wohnen", "barrierefreiheit", "pflege"),
    "zu Hause wohnen bleiben": ("wohnen", "leben-im-alter"),
    "zuhause wohnen bleiben": ("wohnen", "leben-im-alter"),
    # body, development, age
    "hört schlecht": ("menschen-mit-behinderung",),
    "sieht schlecht": ("menschen-mit-behinderung",),
    "motorisch": ("kinder-jugendgesundheit",),
    "stolpert": ("kinder-jugendgesundheit",),
    "Stift halten": ("kinder-jugendgesundheit",),
    "redet kaum": ("sprachfoerderung",),
    "spricht kaum": ("sprachfoerderung",),
    "stottert": ("sprachfoerderung",),
    "nicht mehr zur Schule": ("schule-bildung", "erziehungsberatung"),
    "schwänzt": ("schule-bildung", "erziehungsberatung"),
    # arriving, work, engagement
    "hergezogen": ("zugewanderte", "integration"),
    "zugezogen": ("zugewanderte", "integration"),
    "neu in Deutschland": ("zugewanderte", "integration"),
    "kaum Deutsch": ("sprachfoerderung", "zugewanderte"),
    "kein Deutsch": ("sprachfoerderung", "zugewanderte"),
    "Behörden": ("sozialberatung",),
    "ohne Arbeit": ("arbeitsuchende", "arbeit-beruf"),
    "Vorstellungsgespräch": ("arbeit-beruf", "arbeitsuchende"),
    "Bewerber": ("arbeit-beruf", "arbeitsuchende"),
    "anderen helfen": ("ehrenamt", "ehrenamtliche"),
    "nützlich machen": ("ehrenamt", "ehrenamtliche"),
    "sich engagieren": ("ehrenamt", "ehrenamtliche"),
}
# Narrative filler: no need of its own, so not a telling word either.
FILLER = (
    "kann nicht mehr", "am Ende", "wer kann da ran", "was gibts da", "wo fange ich an",
    "hinten und vorne", "vor Ort", "mal hier mal da", "weiß nicht weiter",
)
MAX_GAP = 2

# A question that asks how to apply for or register something (a document, a benefit)
# needs the office that issues it: the offer must name the thing itself.
PROCEDURE_STEMS = ("beantrag", "antrag", "antraeg", "anmeld", "ummeld", "abmeld",
                   "ausstell", "verlaeng", "zulass", "meldet")


def phrase_stems(phrase: str, *, fixed: bool = False) -> tuple[str, ...]:
    """The phrase's stems without stop words, which a question may word differently
    ("aus dem Zimmer", "aus seinem Zimmer"): they only fill the gaps. A fixed expression
    ("kann nicht mehr") keeps all its words."""
    words = tokens(phrase)
    if not fixed:
        words = [t for t in words if t not in STOPWORDS] or words
    return tuple(stem(t) for t in words)


# Filler first, then the longest situations.
SITUATION_STEMS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = tuple(
    sorted(((phrase_stems(p, fixed=True), ()) for p in FILLER), key=lambda item: -len(item[0]))
) + tuple(sorted(((phrase_stems(p), ids) for p, ids in SITUATIONS.items()),
                 key=lambda item: -len(item[0])))


def find_phrase(word_stems: list[str], used: list[bool],
                phrase: tuple[str, ...]) -> list[int] | None:
    """Positions of the phrase's words among the still unused words: in order, with at
    most MAX_GAP unused words between two of them (words already understood are skipped,
    so "reicht hinten und vorne nicht" is "reicht nicht" once the filler is out)."""
    free = [i for i, is_used in enumerate(used) if not is_used]
    for k, start in enumerate(free):
        if word_stems[start] != phrase[0]:
            continue
        positions, at = [start], k
        for part in phrase[1:]:
            window = free[at + 1 : at + 2 + MAX_GAP]
            nxt = next((j for j, i in enumerate(window, start=at + 1)
                        if word_stems[i] == part), None)
            if nxt is None:
                break
            positions.append(free[nxt])
            at = nxt
        if len(positions) == len(phrase):
            return positions
    return None


def is_procedure(words: list[str]) -> bool:
    """Whether the question asks how to apply for or register something."""
    return any(w.startswith(PROCEDURE_STEMS) or "antrag" in w for w in words)
