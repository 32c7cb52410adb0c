"""German answer text, composed only from the understanding and graph records.

No language model: every sentence is built from what the question was
understood to ask and from the offers the graph returned.
"""

from __future__ import annotations

from search.evidence import FLAG_LABELS as FLAGS
from search.lexicon import Lexicon
from search.ranking import MAYBE, SURE
from search.retrieval import Hit
from search.understanding import Understanding

# Constraint flag -> its German label ("ohne_termin" -> "ohne Termin").
FLAG_LABELS = {flag: label for flag, _, label in FLAGS}
LANGUAGE_LABELS = {
    "tr": "auf Türkisch", "ar": "auf Arabisch", "ru": "auf Russisch", "uk": "auf Ukrainisch",
    "en": "auf Englisch", "pl": "auf Polnisch", "ro": "auf Rumänisch", "bg": "auf Bulgarisch",
    "fa": "auf Persisch", "ku": "auf Kurdisch", "fr": "auf Französisch", "es": "auf Spanisch",
    "it": "auf Italienisch", "sq": "auf Albanisch", "sr": "auf Serbisch", "hr": "auf Kroatisch",
    "el": "auf Griechisch", "dgs": "in Gebärdensprache", "ls": "in Leichter Sprache",
}
# Offered when a question names no target group or topic.
FOLLOW_UP_GROUPS = (
    "Familien mit kleinen Kindern", "Kinder", "Jugendliche", "Alleinerziehende",
    "Seniorinnen und Senioren", "Menschen mit Behinderung", "Zugewanderte",
    "Menschen in einer Krise",
)


def _join(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " und " + words[-1]


def place_phrase(u: Understanding) -> str:
    if not u.places:
        return ""
    return "in " + _join([p.name for p in u.places])


def understood_sentence(u: Understanding) -> str:
    """One short sentence of what was understood, e.g. 'Gesucht: … für Alleinerziehende in …'."""
    parts = ["Gesucht: Angebote"]
    if u.target_groups:
        parts.append("für " + _join([c.name for c in u.target_groups]))
    if u.topics:
        parts.append("zum Thema " + _join([c.name for c in u.topics]))
    if u.residual and not (u.target_groups or u.topics):
        parts.append("zu „" + " ".join(u.residual) + "“")
    if u.places:
        parts.append(place_phrase(u))
    elif u.elsewhere:
        parts.append("in " + _join(u.elsewhere))
    else:
        parts.append("in ganz Oberhausen")
    extras = [FLAG_LABELS[f] for f in u.flags if f in FLAG_LABELS]
    extras += [LANGUAGE_LABELS.get(code, code) for code in u.languages]
    sentence = " ".join(parts)
    if extras:
        sentence += " (" + ", ".join(extras) + ")"
    return sentence + "."


def results_sentence(hits: list[Hit], u: Understanding, confidence: str | None = SURE) -> str:
    count = len(hits)
    if confidence == MAYBE:
        return ("Etwas sicher Passendes habe ich nicht gefunden. Das passt vielleicht "
                f"({count} {'Vorschlag' if count == 1 else 'Vorschläge'}):")
    citywide = sum(1 for h in hits if h.offer["citywide"])
    noun = "passendes Angebot" if count == 1 else "passende Angebote"
    sentence = f"Ich habe {count} {noun} gefunden"
    if u.places and citywide:
        sentence += (f", davon {citywide} stadtweit" if citywide < count
                     else " (stadtweit)" if count == 1 else ", alle stadtweit")
    return sentence + "."


def unconfirmed_sentence(hits: list[Hit], flags: list[str]) -> str:
    """What the answer could not hold to: required flags ("nur kostenlose") that the
    fitting offers' records leave open."""
    if not flags or not hits:
        return ""
    labels = _join([FLAG_LABELS.get(f, f) for f in flags])
    return (f"Als {labels} eingetragen ist keines der passenden Angebote. Bei diesen "
            "fehlt die Angabe – bitte beim Angebot nachfragen.")


def no_match_sentence(u: Understanding, alternatives: list[Hit], lexicon: Lexicon) -> str:
    if u.elsewhere:
        return (f"Lotse verzeichnet nur Angebote in Oberhausen, keine in {_join(u.elsewhere)}."
                " Bitte fragen Sie dort bei der Stadtverwaltung nach – oder fragen Sie hier "
                "nach einem Angebot in Oberhausen.")
    where = " " + place_phrase(u) if u.places else ""
    sentence = f"Dazu habe ich{where} leider kein passendes Angebot gefunden."
    if alternatives:
        places = sorted({lexicon.sozialraum_names.get(s, s)
                         for h in alternatives for s in h.offer["sozialraeume"]})
        sentence += " In anderen Sozialräumen gibt es etwas (" + _join(places) + "):"
    else:
        sentence += (" Im Verzeichnis finde ich dazu nichts, das sicher passt – vielleicht "
                     "gehört die Frage zu einer anderen Stelle. Sie können sie anders "
                     "formulieren oder sich an eine allgemeine Sozialberatung wenden. Die "
                     "Sozialplanung wertet solche unbeantworteten Fragen aus.")
    return sentence


def vague_sentence(u: Understanding) -> str:
    where = " " + place_phrase(u) if u.places else ""
    return f"Für welche Zielgruppe oder zu welchem Thema suchen Sie ein Angebot{where}?"


GENERAL_COUNSELLING = "Allgemeine Sozialberatung"


def alternative_follow_ups(alternatives: list[Hit], lexicon: Lexicon) -> list[str]:
    """Next questions after a refusal: the same need elsewhere, or general counselling."""
    if not alternatives:
        return [GENERAL_COUNSELLING]
    names: list[str] = []
    for hit in alternatives:
        for sid in hit.offer["sozialraeume"]:
            name = lexicon.sozialraum_names.get(sid, sid)
            if name not in names:
                names.append(name)
    return [f"Und in {name}?" for name in names[:3]]
