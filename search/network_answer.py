"""German answers about gremien, institutions, departments and places, from records only.

Each answer leads with what the question asks (when a gremium meets, who coordinates it,
how to reach an institution …) and says plainly what the record does not hold ("Der
nächste Termin ist nicht eingetragen"); nothing is invented.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from graph import directory
from graph.collation import german_key
from graph.driver import Graph
from graph.meetings import meeting_de
from search.network import (
    DEPARTMENT,
    GREMIUM,
    INSTITUTION,
    OFFER,
    SOZIALRAUM,
    Entity,
    NetworkIndex,
    NetworkQuestion,
    question_words,
)
from search.places import PlaceMatch
from search.text import STOPWORDS, stem, tokens
from search.understanding import Understanding
from search.wording import GENERIC_WORDS, NETWORK_CUES

MAX_LISTED = 8
MAX_ASKED_LISTED = 40  # when the question asks for the offers themselves
FULL_NAME = 0.99  # share of an entity name's telling words
FULL_NAME_WEIGHT = 3.0  # their summed idf: one word used by a handful of names at most
# A follow-up about the last answer's entity is short ("Wann ist das nächste Treffen?").
MAX_FOLLOW_UP_WORDS = 7
# A question longer than this describes a case: it asks for offers, even where it names
# an institution or a cue word in passing ("den Termin beim Jobcenter verpasst"), unless
# it asks about a gremium.
CASE_WORDS = 25
COORDINATION = "koordin"
MIN_OWN_NAME_WORD = 6  # shorter words name no gremium of their own
# Nouns that introduce a gremium's own name ("Arbeitskreis Weltraumfahrt").
GREMIUM_NOUNS = ("gremium", "arbeitskreis", "netzwerk", "runde", "konferenz", "beirat",
                 "buendnis", "steuerungsgruppe", "arbeitsgemeinschaft")
NAME_STOP = STOPWORDS | GENERIC_WORDS
# What an answer about an institution tells, in the order of the cues that ask for it.
INSTITUTION_PARTS = ("provider", "contact", "hours", "offers_of", "membership")
INSTITUTION_CUES = frozenset(INSTITUTION_PARTS)
# The words of every cue phrase: a need read from them alone is no need of its own.
CUE_WORDS = frozenset(word.rstrip("*") for phrases in NETWORK_CUES.values()
                      for phrase in phrases for word in phrase.split())


@dataclass
class EntityResult:
    """One record an answer is about, for cards and the API."""

    type: str
    id: str
    title: str
    lines: list[str] = field(default_factory=list)


@dataclass
class NetworkReply:
    answer: str
    results: list[EntityResult]
    entity: tuple[str, str] | None  # what a follow-up ("Und wer ist da Mitglied?") means
    follow_up: list[str] = field(default_factory=list)


def answer_network(graph: Graph, index: NetworkIndex, question: str, nq: NetworkQuestion,
                   u: Understanding, kept: tuple[str, str] | None,
                   place_words: frozenset[str]) -> NetworkReply | None:
    """The network answer to a question, or None when it is a question about offers."""
    gremien = nq.named(GREMIUM, u.sozialraeume)
    institutions = nq.named(INSTITUTION, u.sozialraeume)
    departments = nq.named(DEPARTMENT)
    offers = nq.named(OFFER)
    kept_gremium = next((e for e in index.entities if kept and (e.type, e.id) == kept
                         and e.type == GREMIUM), None)
    if institutions and "membership" in nq.cues and kept_gremium and not gremien \
            and not nq.cues & {"contact", "hours"}:
        return membership(graph, institutions[0], kept_gremium)  # "Ist die Lebenshilfe dabei?"
    if kept and kept[0] == SOZIALRAUM and not u.sozialraeume:
        u = replace(u, places=[PlaceMatch(SOZIALRAUM, kept[1], kept[1], (kept[1],))])
    asks_membership = "membership" in nq.cues and not nq.cues & {"contact", "hours"}
    if institutions and asks_membership and (gremien or u.sozialraeume):
        gremium = gremien[0] if gremien else _covering(index, u.sozialraeume)
        if gremium is not None:
            return membership(graph, institutions[0], gremium)
    if institutions and not gremien and "gremium" in nq.cues:
        # "In welchen Gremien ist das Familienzentrum Löwenzahn?"
        return institution_answer(graph, institutions[0], nq.cues | {"membership"})
    if "place" in nq.cues and u.sozialraeume and not _needs_besides_cues(u):
        return place_profile(graph, u.sozialraeume[0])
    # "Welcher Bereich ist für Frühe Hilfen zuständig?" asks for a department, not the
    # Netzwerk Frühe Hilfen; "Angebote für Kinder" asks for offers, whatever gremium's
    # name shares a word with it.
    # A gremium named in full ("Präventionskette kinderstark") is meant even where its
    # name also reads as a topic.
    named_only = gremien and "department" not in nq.cues and (
        not (u.target_groups or u.topics)
        or (not institutions and _named_in_full(nq, gremien[0])))
    if "gremium" in nq.cues or named_only:
        if not gremien and unknown_name(question, place_words):
            return unknown_gremium(index, u)
        if gremien and _names_another(question, nq, gremien[0], place_words):
            return unknown_gremium(index, u)  # "Runder Tisch Kinderarmut" is not "… für
            # Alleinerziehende", though both are round tables
        loose = [m.entity for m in nq.loose if m.entity.type == GREMIUM]
        chosen = (gremien[0] if gremien else _covering(index, u.sozialraeume)
                  or (loose[0] if loose else None))
        if chosen is not None:
            return gremium_answer(graph, chosen, nq.cues)
        if kept is None or kept[0] != GREMIUM:
            return unknown_gremium(index, u)
    named = bool(gremien or institutions or departments)
    if kept is not None and not u.needs and _follows_up(question, nq, u, named):
        return about(graph, index, kept, nq.cues)  # "Was bietet der Bereich sonst noch an?"
    unknown_codes = index.unknown_codes(question) if "department" in nq.cues else []
    if unknown_codes and not departments:
        return unknown_department(index, unknown_codes[0])
    if institutions and departments and nq.cues & {"contact", "hours"}:
        return institution_answer(graph, institutions[0], nq.cues)  # the Jobcenter's office
    if departments and nq.cues & {"department", "contact", "offers_of"}:
        return department_answer(graph, departments[0].id, cues=nq.cues)
    if "department" in nq.cues and offers and not institutions:
        reply = offers_department(graph, [offers[0].id])
        if reply is not None:
            return reply
    if "department" in nq.cues and not institutions:
        return None  # the service answers with the department of the best offers
    if "department" in nq.cues and not nq.cues & {"contact", "hours", "provider"}:
        # "Welches Amt ist für die Seniorenberatung zuständig?": its offers' department.
        reply = offers_department(graph, [o["id"] for o in directory.get_institution(
            graph, institutions[0].id)["offers"]])
        if reply is not None:
            return reply
    # A question that names a need as well ("eine Beratungsstelle für Frauen, die ich ohne
    # Stufen erreiche") asks about an institution only when it names it in full.
    # When it asks for an address, a Träger or hours, needs read from the institution's
    # own name ("Wer ist Träger des FZ Schatzkiste?": Familienzentren) are no needs besides
    # it; without such a cue "Tafel Osterfeld" asks for the offer.
    full_name = any(m.share >= FULL_NAME for m in nq.matches if m.entity in institutions[:1])
    other_need = bool(institutions) and any(
        not institutions[0].names_all(need.words) for need in u.needs)
    if institutions and (
            (nq.cues & INSTITUTION_CUES and (full_name or not other_need))
            or not (u.target_groups or u.topics)):
        return institution_answer(graph, institutions[0], nq.cues)
    if kept is not None and _follows_up(question, nq, u, named):
        return about(graph, index, kept, nq.cues)  # a follow-up that names a need's word
    return None


def describes_case(question: str, nq: NetworkQuestion) -> bool:
    """Whether a long question tells a case rather than asks about the network."""
    return len(tokens(question)) > CASE_WORDS and "gremium" not in nq.cues


def _follows_up(question: str, nq: NetworkQuestion, u: Understanding, named: bool) -> bool:
    """A short network question that names no entity and no place: about the last answer's
    entity ("Und wer ist da Mitglied?")."""
    return (bool(nq.cues) and not named and not u.places
            and len(tokens(question)) <= MAX_FOLLOW_UP_WORDS)


def offers_department(graph: Graph, offer_ids: list[str]) -> NetworkReply | None:
    """The answer naming the department responsible for the first of these offers that has
    one, or None."""
    found = directory.offer_departments(graph, offer_ids)
    return department_answer(graph, found[0][1], because=found[0][0]) if found else None


def _names_another(question: str, nq: NetworkQuestion, entity: Entity,
                   place_words: frozenset[str]) -> bool:
    """Whether a gremium matched only in part is asked for by a telling word its name lacks
    (a name of its own, not a place, a cue or a filler)."""
    if any(m.entity == entity and m.share >= FULL_NAME for m in nq.matches):
        return False
    return unknown_name(question, place_words) and any(
        len(word) >= MIN_OWN_NAME_WORD and word not in NAME_STOP | place_words | CUE_WORDS
        and stem(word) not in entity.words
        for word in question_words(question))


def _needs_besides_cues(u: Understanding) -> bool:
    """Whether the question names a need in other words than its network cues ("Wie steht
    der Norden beim Sozialindex da?" asks for the place, not for offers about statistics)."""
    return any(not set(question_words(" ".join(need.words))) <= CUE_WORDS for need in u.needs)


def _named_in_full(nq: NetworkQuestion, entity: Entity) -> bool:
    """Every telling word of one of the entity's name forms is in the question, and they
    are rare enough to name it ("BSGO", "Präventionskette kinderstark", not "Netzwerk")."""
    return any(m.entity == entity and m.share >= FULL_NAME and m.weight >= FULL_NAME_WEIGHT
               for m in nq.matches)


def about(graph: Graph, index: NetworkIndex, kept: tuple[str, str],
          cues: frozenset[str]) -> NetworkReply | None:
    """A follow-up about the entity of the last answer."""
    entity = next((e for e in index.entities if (e.type, e.id) == kept), None)
    if kept[0] == SOZIALRAUM:
        return place_profile(graph, kept[1])
    if entity is None:
        return None
    if entity.type == GREMIUM:
        return gremium_answer(graph, entity, cues)
    if entity.type == INSTITUTION:
        return institution_answer(graph, entity, cues)
    return department_answer(graph, entity.id, cues=cues)


def unknown_name(question: str, place_words: frozenset[str]) -> bool:
    """Whether the question names a gremium of its own ("Arbeitskreis Weltraumfahrt")
    rather than one by its place ("das Gremium in Osterfeld")."""
    words = tokens(question)
    for i, word in enumerate(words):
        if word.startswith(GREMIUM_NOUNS) and i + 1 < len(words):
            following = words[i + 1]
            if following not in NAME_STOP and following not in place_words \
                    and not following.isdigit():
                return True
    return False


def _covering(index: NetworkIndex, sozialraeume: list[str]) -> Entity | None:
    """The gremium of the asked Sozialraum: its Sozialraumgremium first."""
    if not sozialraeume:
        return None
    covering = [e for e in index.entities if e.type == GREMIUM
                and set(e.sozialraeume) & set(sozialraeume) and len(e.sozialraeume) < 6]
    covering.sort(key=lambda e: (not e.name.startswith("Sozialraumgremium"),
                                 len(e.sozialraeume), german_key(e.name)))
    return covering[0] if covering else None


def unknown_gremium(index: NetworkIndex, u: Understanding) -> NetworkReply:
    known = [e for e in index.entities if e.type == GREMIUM
             and (not u.sozialraeume or set(e.sozialraeume) & set(u.sozialraeume))]
    names = ", ".join(e.name for e in known[:MAX_LISTED])
    answer = ("Ein Gremium mit diesem Namen ist im Verzeichnis nicht eingetragen."
              + (f" Eingetragen sind zum Beispiel: {names}." if names else ""))
    return NetworkReply(answer, [], None, [f"Wann tagt das {e.name}?" for e in known[:2]])


def unknown_department(index: NetworkIndex, code: str) -> NetworkReply:
    known = sorted((e for e in index.entities if e.type == DEPARTMENT),
                   key=lambda e: german_key(e.name))
    names = ", ".join(e.name for e in known[:MAX_LISTED])
    answer = (f"Einen Bereich {code} gibt es im Verzeichnis nicht."
              + (f" Eingetragen sind zum Beispiel: {names}." if names else ""))
    return NetworkReply(answer, [], None, [f"Wofür ist der {e.name} zuständig?"
                                           for e in known[:2]])


def gremium_answer(graph: Graph, entity: Entity, cues: frozenset[str]) -> NetworkReply:
    record = directory.get_gremium(graph, entity.id)
    gremium, members = record["gremium"], record["members"]
    name = gremium["name"]
    places = [s["name"] for s in record["sozialraeume"]]
    kind = gremium.get("kind") or "Gremium"
    covers = (f"„{name}“ ({kind}) arbeitet für {_join(places)}." if places
              else f"„{name}“ ({kind}) arbeitet stadtweit.")
    rhythm = gremium.get("meeting_rhythm")
    meetings = gremium.get("next_meetings") or ([gremium["next_meeting"]]
                                                 if gremium.get("next_meeting") else [])
    meeting = (f"Es tagt {rhythm}." if rhythm else "Ein Sitzungsrhythmus ist nicht eingetragen.")
    dates = [meeting_de(m) if isinstance(m, str) else _german_date(m) for m in meetings]
    meeting += (f" Nächste Sitzung: {_join(dates)}." if meetings
                else " Der nächste Termin ist nicht eingetragen.")
    coordinators = [m for m in members if COORDINATION in (m.get("role") or "").lower()]
    coordination = _coordination(graph, coordinators, gremium.get("contact"))
    listed = [f"{m['name']} ({m['role']})" if m.get("role") else m["name"]
              for m in sorted(members, key=lambda m: german_key(m["name"]))[:MAX_LISTED]]
    more = len(members) - len(listed)
    membership = (f"Mitglieder ({len(members)}): {', '.join(listed)}"
                  + (f" und {more} weitere." if more > 0 else ".")
                  if members else "Mitglieder sind nicht eingetragen.")
    parts = {"covers": covers, "meeting": meeting, "coordination": coordination,
             "members": membership}
    order = [k for k in ("meeting", "coordination", "members", "covers")
             if k in cues or (k == "coordination" and "contact" in cues)]
    sentences = [covers] + [parts[k] for k in order if k != "covers"]
    sentences += [parts[k] for k in ("meeting", "coordination", "members") if k not in order]
    if gremium.get("example"):
        sentences.append("(Beispieldatensatz: Name und Mitglieder sind angenommen.)")
    result = EntityResult(GREMIUM, entity.id, name, [meeting, coordination])
    return NetworkReply(" ".join(sentences), [result], (GREMIUM, entity.id),
                        ["Und wer ist da Mitglied?", "Wer koordiniert es?"])


def _coordination(graph: Graph, coordinators: list[dict[str, Any]],
                  contact: str | None) -> str:
    if not coordinators:
        return (f"Kontakt: {contact}." if contact
                else "Eine Koordination ist nicht eingetragen.")
    lines = []
    for member in coordinators:
        institution = directory.get_institution(graph, member["id"])["institution"]
        reach = _reach(institution)
        lines.append(f"{institution['name']}" + (f" ({reach})" if reach else
                                                 " (Kontaktdaten nicht eingetragen)"))
    sentence = f"Die Koordination hat {_join(lines)}."
    return sentence + (f" Kontakt: {contact}." if contact else "")


def _reach(record: dict[str, Any]) -> str:
    parts = [f"Telefon {record['phone']}" if record.get("phone") else "",
             f"E-Mail {record['email']}" if record.get("email") else ""]
    return ", ".join(p for p in parts if p)


def institution_answer(graph: Graph, entity: Entity, cues: frozenset[str]) -> NetworkReply:
    record = directory.get_institution(graph, entity.id)
    institution = record["institution"]
    name = institution["name"]
    street = ", ".join(p for p in (institution.get("street"), " ".join(
        p for p in (institution.get("postal_code"), institution.get("city")) if p)) if p)
    where = (record.get("stadtteil") or {}).get("name")
    address = (f"Adresse: {street}" + (f" ({where})." if where else ".") if street
               else "Eine Adresse ist nicht eingetragen.")
    reach = _reach(institution)
    contact = (f"Erreichbar: {reach}." if reach else "Telefon und E-Mail sind nicht eingetragen.")
    if institution.get("website"):
        contact += f" Internet: {institution['website']}"
    offers = record["offers"]
    hours = [f"„{o['title']}“: {o['hours']}" for o in _offer_hours(graph, offers)]
    opening = ("Zeiten laut Angebot " + "; ".join(hours) + "." if hours
               else "Öffnungszeiten sind nicht eingetragen.")
    offer_line = ("Angebote: " + ", ".join(o["title"] for o in offers[:MAX_LISTED]) + "."
                  if offers else "Angebote sind nicht eingetragen.")
    gremien = record["gremien"]
    gremium_line = ("Mitglied in: " + ", ".join(
        f"{g['name']} ({g['role']})" if g.get("role") else g["name"] for g in gremien) + "."
        if gremien else "In keinem eingetragenen Gremium Mitglied.")
    provider = (_sentence(f"Träger: {institution['provider']}") if institution.get("provider")
                else "Ein Träger ist nicht eingetragen.")
    parts = {"provider": provider, "contact": f"{address} {contact}", "hours": opening,
             "offers_of": offer_line, "membership": gremium_line}
    first = [parts[k] for k in INSTITUTION_PARTS if k in cues]
    rest = [parts[k] for k in INSTITUTION_PARTS if k not in cues
            and (k != "provider" or institution.get("provider"))]
    # What was asked first, then the record's own description, then the rest.
    sentences = [*first, institution.get("description") or "", *rest]
    answer = _sentence(name) + " " + " ".join(s for s in sentences if s)
    results = [EntityResult(INSTITUTION, entity.id, name, [address, contact]),
               *_offer_cards(offers, name)]
    return NetworkReply(answer, results, (INSTITUTION, entity.id),
                        ["Wie erreiche ich die?", "Welche Angebote?"])


def _offer_cards(offers: list[dict[str, Any]], owner: str) -> list[EntityResult]:
    """The first offers of an institution or department as cards after it."""
    return [EntityResult(OFFER, o["id"], o["title"], [f"Angebot von {owner}"])
            for o in offers[:MAX_LISTED]]


def _sentence(text: str) -> str:
    """The text with one full stop at its end ("… e.V." keeps its own)."""
    return text if text.endswith(".") else text + "."


def _offer_hours(graph: Graph, offers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found = []
    for offer in offers[:3]:
        hours = directory.get_offer(graph, offer["id"])["offer"].get("hours")
        if hours:
            found.append({"title": offer["title"], "hours": hours})
    return found


def membership(graph: Graph, institution: Entity, gremium: Entity) -> NetworkReply:
    members = directory.get_gremium(graph, gremium.id)["members"]
    member = next((m for m in members if m["id"] == institution.id), None)
    if member is not None:
        role = f" (Rolle: {member['role']})" if member.get("role") else ""
        answer = f"Ja, {institution.name} ist Mitglied in „{gremium.name}“{role}."
    else:
        answer = (f"Nein, {institution.name} ist in „{gremium.name}“ nicht als Mitglied "
                  "eingetragen.")
    return NetworkReply(answer, [EntityResult(GREMIUM, gremium.id, gremium.name),
                                 EntityResult(INSTITUTION, institution.id, institution.name)],
                        (GREMIUM, gremium.id), ["Und wer ist da Mitglied?"])


def department_answer(graph: Graph, department_id: str, because: str | None = None,
                      cues: frozenset[str] = frozenset()) -> NetworkReply:
    record = directory.get_department(graph, department_id)
    department, offers = record["department"], record["offers"]
    name = department["name"]
    sentences = [f"Zuständig ist: {name}" + (f" ({department['short']})."
                                             if department.get("short") else ".")]
    if because:
        sentences.append(f"So steht es beim Angebot „{because}“.")
    if department.get("description"):
        sentences.append(department["description"])
    listed = offers[:MAX_ASKED_LISTED if "offers_of" in cues else MAX_LISTED]
    sentences.append(
        f"Im Verzeichnis verantwortet der Bereich {len(offers)} Angebote"
        + (": " + ", ".join(o["title"] for o in listed) + "." if offers else ".")
    )
    results = [EntityResult(DEPARTMENT, department_id, name), *_offer_cards(offers, name)]
    return NetworkReply(" ".join(sentences), results, (DEPARTMENT, department_id),
                        ["Welche Angebote gehören dazu?"])


def place_profile(graph: Graph, sozialraum_id: str) -> NetworkReply:
    record = directory.get_sozialraum(graph, sozialraum_id)
    sozialraum = record["sozialraum"]
    name = sozialraum["name"]
    stadtteile = sorted((t["name"] for t in record["stadtteile"]), key=german_key)
    gremien = [g["name"] for g in record["gremien"]]
    quartier = sorted({i["name"] for i in record["institutions"] if "Quartier" in i["name"]},
                      key=german_key)
    topics = directory.sozialraum_topics(graph, sozialraum_id)
    sentences = [f"Der Sozialraum {name} (Stadtbezirk {record['bezirk']['name']}) umfasst "
                 f"{_join(stadtteile)}."]
    if sozialraum.get("description"):
        sentences.append(sozialraum["description"])
    if sozialraum.get("sozialindex_class"):
        sentences.append(f"Sozialindex: {sozialraum['sozialindex_class']}.")
    sentences.append(f"Gremien: {_join(gremien)}." if gremien
                     else "Ein Gremium ist nicht eingetragen.")
    if quartier:
        sentences.append(f"Quartiersbüro: {_join(quartier)}.")
    sentences.append(
        f"Vor Ort gibt es {len(record['offers'])} Angebote"
        + (", die meisten zu " + ", ".join(f"{t} ({n})" for t, n in topics) + "."
           if topics else ".")
        + " Dazu kommen die stadtweiten Angebote.")
    return NetworkReply(" ".join(sentences), [EntityResult(SOZIALRAUM, sozialraum_id, name)],
                        (SOZIALRAUM, sozialraum_id))


def _german_date(value: Any) -> str:
    native = value.to_native() if hasattr(value, "to_native") else value
    return native.strftime("%d.%m.%Y") if hasattr(native, "strftime") else str(native)


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " und " + items[-1]
