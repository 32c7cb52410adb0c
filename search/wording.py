"""Word lists of query understanding: words without a need, flags and languages."""

from __future__ import annotations

# Words that carry no need of their own ("wer hilft", "Unterstützung"): never required.
GENERIC_WORDS = frozenset(
    """
    hilfe hilft helfen unterstuetzung unterstuetzen unterstuetzt brauche braucht brauchen
    benoetige benoetigt finde finden moeglichkeit moeglichkeiten info infos information
    informationen kontakt adresse stelle stellen ansprechpartner ansprechpartnerin jemanden
    etwas thema frage fragen gibts welche wen was wo wer mal denn eigentlich hallo guten tag
    danke leute menschen person personen klient klientin klienten klientinnen kunde kundin
    nicht nichts nie niemand niemanden kein keine keinen keiner mehr weniger sehr ganz gar
    kaum schon noch immer oft oefter wieder jetzt heute gerade seit seitdem bald lange lang
    dann denn doch eben halt ja nein aber also auch sonst zudem dafuer dagegen darueber
    darunter damit dabei dort hier da hin her weg raus rein ueber unter ohne gegen durch
    er ihm ihn ihr ihre ihrem ihren ihrer sein seine seinem seinen seiner mein meine meinem
    meinen meiner unser unsere euer dein deine wir uns man jemand alle alles jeder jede jeden
    ist sind war waren wird werden wurde wurden hat hatte haben hab habe kann koennen konnte
    muss muessen musste soll sollen sollte will wollen wollte moechte moechten darf duerfen
    geht gehen ging kommt kommen kam macht machen gemacht bekommt bekommen kriegt kriegen
    weiss wissen sagt sagen gibt geben nimmt nehmen sitzt sitzen steht stehen lebt leben
    wohnt denkt suchen sucht schaut ende anfang zeit mal tage wochen monate monaten jahr
    jahre jahren jaehrig jaehrige jaehriger jaehrigen dringend schnell bitte vielleicht
    irgendwie irgendwo wirklich ziemlich total einfach richtig gut besser neu neue neuen
    nen nem ner ne nix sowas echt grad eh spricht sprechen spreche reden redet weil
    ueberhaupt zwei drei vier fuenf sechs beide
    """.split()
)
FLAG_WORDS: dict[str, tuple[str, ...]] = {
    "kostenlos": ("kostenlos", "kostenfrei", "gratis", "umsonst", "gebuehrenfrei", "unentgeltlich"),
    "anonym": ("anonym",),
    "barrierefrei": ("barrierefrei", "rollstuhl", "stufenlos", "rollator"),
}
FLAG_PHRASES: dict[str, tuple[tuple[str, ...], ...]] = {
    # "kein Geld" alone describes poverty (a situation), not a wish for a free offer.
    "kostenlos": (("ohne", "kosten"), ("nichts", "kostet"), ("kostet", "nichts"),
                  ("kein", "geld", "kostet")),
    "ohne_termin": (("ohne", "termin"), ("ohne", "anmeldung"), ("offene", "sprechstunde"),
                    ("einfach", "vorbeikommen"), ("ohne", "voranmeldung")),
}
LANGUAGES: dict[str, str] = {
    "tuerkisch": "tr", "arabisch": "ar", "russisch": "ru", "ukrainisch": "uk",
    "englisch": "en", "polnisch": "pl", "rumaenisch": "ro", "bulgarisch": "bg",
    "persisch": "fa", "farsi": "fa", "kurdisch": "ku", "franzoesisch": "fr", "spanisch": "es",
    "italienisch": "it", "albanisch": "sq", "serbisch": "sr", "kroatisch": "hr",
    "griechisch": "el", "gebaerdensprache": "dgs",
}
