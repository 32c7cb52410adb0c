"""Cypher of the planner views: duplicate structures and records, gaps, awareness, network.

Every value goes in as a `$parameter`; labels and relationship types come only
from the constants of this module.
"""

from __future__ import annotations

from graph.collation import german_order
from graph.queries import OFFER_IS_PUBLIC, OFFER_VECTOR_INDEX

OTHER_IS_PUBLIC = OFFER_IS_PUBLIC.replace("o.", "other.")

# --- duplicate structures (Doppelstrukturen) -------------------------------------------

# Offers to scan for neighbours (those of one Sozialraum, or all), in a stable order.
OFFERS_TO_SCAN = f"""
MATCH (o:Offer) WHERE {OFFER_IS_PUBLIC} AND o.embedding IS NOT NULL
  AND ($sozialraum IS NULL OR EXISTS {{ (o)-[:AVAILABLE_IN]->(:Sozialraum {{id: $sozialraum}}) }})
RETURN o.id AS id ORDER BY id
"""

# The k nearest neighbours of each offer of a batch from the vector index, kept when they
# are similar enough, come from another provider and share a target group and a place
# (a Sozialraum, or both city-wide). Each pair is returned once (smaller id first).
NEIGHBOUR_PAIRS = f"""
UNWIND $ids AS offer_id
MATCH (o:Offer {{id: offer_id}})
CALL db.index.vector.queryNodes('{OFFER_VECTOR_INDEX}', $k, o.embedding)
YIELD node AS other, score
WITH o, other, score
WHERE score >= $threshold AND o.id < other.id AND {OTHER_IS_PUBLIC}
MATCH (o)-[:OFFERED_BY]->(p1:Institution), (other)-[:OFFERED_BY]->(p2:Institution)
WHERE p1 <> p2
WITH o, other, score,
     [(o)-[:AVAILABLE_IN]->(s)<-[:AVAILABLE_IN]-(other) | s.id] AS places,
     [(o)-[:FOR]->(t)<-[:FOR]-(other) | t.id] AS target_groups
WHERE size(target_groups) > 0
  AND (size(places) > 0 OR (coalesce(o.citywide, false) AND coalesce(other.citywide, false)))
RETURN o.id AS a, other.id AS b, score, places, target_groups
"""

# What a cluster's page shows of each offer, and what may differ between them.
CLUSTER_OFFERS = """
UNWIND $ids AS offer_id
MATCH (o:Offer {id: offer_id})
RETURN o {.id, .title, .hours, .cost, .free, .languages, .citywide,
          provider: head([(o)-[:OFFERED_BY]->(i) | i.name]),
          provider_id: head([(o)-[:OFFERED_BY]->(i) | i.id]),
          carrier: head([(o)-[:OFFERED_BY]->(i) | coalesce(i.provider, i.name)]),
          stadtteil: coalesce(head([(o)-[:LOCATED_IN]->(t:Stadtteil) | t.name]),
                              head([(o)-[:OFFERED_BY]->(:Institution)-[:LOCATED_IN]->(t)
                                    | t.name])),
          sozialraeume: [(o)-[:AVAILABLE_IN]->(s) | s.id],
          target_groups: [(o)-[:FOR]->(t) | t.id]} AS offer
"""

INTENDED_CLUSTERS = "MATCH (d:DuplicateDecision) RETURN d.id AS id"
MARK_CLUSTER_INTENDED = """
MERGE (d:DuplicateDecision {id: $id})
SET d.offers = $offers, d.note = $note, d.decided_by = $actor_email, d.decided_at = datetime()
WITH d
UNWIND $offers AS offer_id
MATCH (o:Offer {id: offer_id})
MERGE (d)-[:CONCERNS]->(o)
"""

# --- duplicate records and their merge ---------------------------------------------------

INSTITUTIONS_FOR_MATCHING = """
MATCH (i:Institution)
RETURN i.id AS id, i.name AS name, i.street AS street, i.postal_code AS postal_code,
       head([(i)-[:LOCATED_IN]->(t:Stadtteil) | t.id]) AS stadtteil,
       COUNT { (i)<-[:OFFERED_BY]-(:Offer) } AS offers
"""
OFFERS_FOR_MATCHING = f"""
MATCH (o:Offer)-[:OFFERED_BY]->(i:Institution) WHERE {OFFER_IS_PUBLIC}
RETURN o.id AS id, o.title AS name, i.id AS provider, o.street AS street,
       o.postal_code AS postal_code
"""

# The relationships a merge moves from the record that goes to the one that stays, per
# label, as (type, direction). A relationship of any other type makes the merge refuse.
MERGEABLE_RELATIONSHIPS: dict[str, tuple[tuple[str, str], ...]] = {
    "Institution": (("LOCATED_IN", "out"), ("MEMBER_OF", "out"), ("OFFERED_BY", "in"),
                    ("EDITS", "in"), ("ON", "in")),
    "Offer": (("OFFERED_BY", "out"), ("FOR", "out"), ("ABOUT", "out"), ("AVAILABLE_IN", "out"),
              ("RESPONSIBLE", "out"), ("LOCATED_IN", "out"), ("IMPLEMENTS", "out"),
              ("PRESENTED", "in"), ("ABOUT", "in"), ("CONCERNS", "in"), ("ON", "in")),
}
_MOVE = {
    "out": """
MATCH (keep:{label} {{id: $keep}}), (gone:{label} {{id: $gone}})-[rel:{type}]->(t)
WHERE t <> keep
MERGE (keep)-[new:{type}]->(t) ON CREATE SET new = properties(rel)
DELETE rel
RETURN count(*) AS moved
""",
    "in": """
MATCH (keep:{label} {{id: $keep}}), (gone:{label} {{id: $gone}})<-[rel:{type}]-(t)
WHERE t <> keep
MERGE (keep)<-[new:{type}]-(t) ON CREATE SET new = properties(rel)
DELETE rel
RETURN count(*) AS moved
""",
}
MOVE_RELATIONSHIPS = {
    label: [_MOVE[direction].format(label=label, type=rel_type)
            for rel_type, direction in rels]
    for label, rels in MERGEABLE_RELATIONSHIPS.items()
}
MERGE_PAIR = {label: f"""
MATCH (keep:{label} {{id: $keep}}), (gone:{label} {{id: $gone}})
SET keep._lock = true, gone._lock = true
RETURN properties(keep) AS keep, properties(gone) AS gone
""" for label in MERGEABLE_RELATIONSHIPS}
UNLINK_PAIR = {label: f"""
MATCH (:{label} {{id: $keep}})-[rel]-(:{label} {{id: $gone}}) DELETE rel
""" for label in MERGEABLE_RELATIONSHIPS}
REMAINING_RELATIONSHIPS = {label: f"""
MATCH (:{label} {{id: $gone}})-[rel]-() RETURN collect(DISTINCT type(rel)) AS types
""" for label in MERGEABLE_RELATIONSHIPS}
FILL_AND_DELETE = {label: f"""
MATCH (keep:{label} {{id: $keep}}), (gone:{label} {{id: $gone}})
SET keep += $filled, keep.version = keep.version + 1, keep.updated_at = datetime()
REMOVE keep._lock
DELETE gone
RETURN keep.version AS version
""" for label in MERGEABLE_RELATIONSHIPS}

# --- gaps (Versorgungslücken) ------------------------------------------------------------

GAP_ROWS = """
MATCH (s:Sozialraum) RETURN s.id AS id, s.name AS name, s.sozialindex_class AS sozialindex
ORDER BY """ + german_order("s.name")
GAP_COLUMNS = {
    "target_groups": "MATCH (t:TargetGroup) RETURN t.id AS id, t.name AS name ORDER BY "
                     + german_order("t.name"),
    "topics": "MATCH (t:Topic) RETURN t.id AS id, t.name AS name ORDER BY "
              + german_order("t.name"),
}
# How an offer reaches a column `c`; a target group also counts the offers of its narrower
# groups (an offer for Kleinkinder serves Kinder).
_REACHES = {
    "target_groups": "(o)-[:FOR]->(:TargetGroup)-[:BROADER*0..3]->(c:TargetGroup)",
    "topics": "(o)-[:ABOUT]->(c:Topic)",
}
GAP_LOCAL_COUNTS = {dimension: f"""
MATCH (o:Offer)-[:AVAILABLE_IN]->(s:Sozialraum) WHERE {OFFER_IS_PUBLIC}
MATCH {reaches}
RETURN s.id AS row, c.id AS col, count(DISTINCT o) AS n
""" for dimension, reaches in _REACHES.items()}
GAP_CITYWIDE_COUNTS = {dimension: f"""
MATCH (o:Offer) WHERE {OFFER_IS_PUBLIC} AND o.citywide = true
MATCH {reaches}
RETURN c.id AS col, count(DISTINCT o) AS n
""" for dimension, reaches in _REACHES.items()}
# Questions of the search log that found no good answer, per asked place × concept.
# (the dimension names are the SearchEvent's property names)
GAP_UNANSWERED = {dimension: f"""
MATCH (e:SearchEvent) WHERE e.good_match = false
UNWIND e.sozialraeume AS row UNWIND e.{dimension} AS col
RETURN row, col, count(*) AS n
""" for dimension in _REACHES}
GAP_CELL_OFFERS = {dimension: f"""
MATCH {reaches} WHERE c.id = $col AND {OFFER_IS_PUBLIC}
  AND (o.citywide = true OR EXISTS {{ (o)-[:AVAILABLE_IN]->(:Sozialraum {{id: $row}}) }})
RETURN DISTINCT o {{.id, .title, .citywide,
                    provider: head([(o)-[:OFFERED_BY]->(i) | i.name])}} AS offer
ORDER BY offer.citywide, {german_order("offer.title")}
""" for dimension, reaches in _REACHES.items()}

# --- awareness (Bekanntheit) and the cards of the Expert*innendialoge ------------------

CREATE_EVENT = """
MATCH (s:Sozialraum {id: $sozialraum})
CREATE (e:Event {id: $id, kind: $kind, title: $title, date: $date, source: $source,
                 recorded_by: $actor_email, recorded_at: datetime()})-[:IN]->(s)
WITH e
UNWIND $votes AS vote
MATCH (o:Offer {id: vote.offer})
CREATE (e)-[:PRESENTED {known_yes: vote.yes, known_no: vote.no}]->(o)
RETURN count(*) AS presented
"""
OFFER_OPTIONS = f"""
MATCH (o:Offer) WHERE {OFFER_IS_PUBLIC}
RETURN o {{.id, .title, provider: head([(o)-[:OFFERED_BY]->(i) | i.name])}} AS offer
ORDER BY {german_order("offer.title")}
"""
SOZIALRAUM_IDS = "MATCH (s:Sozialraum) RETURN collect(s.id) AS ids"
SOZIALRAUM_EXISTS = "MATCH (s:Sozialraum {id: $id}) RETURN count(s) > 0 AS found"
LIST_EVENTS = """
MATCH (e:Event)-[:IN]->(s:Sozialraum)
WHERE $sozialraum IS NULL OR s.id = $sozialraum
RETURN e {.id, .title, .date, .kind, sozialraum: s.name, sozialraum_id: s.id,
          offers: COUNT { (e)-[:PRESENTED]->() },
          cards: COUNT { (:DialogCard)-[:AT]->(e) }} AS event
ORDER BY event.date DESC
"""
GET_EVENT = """
MATCH (e:Event {id: $id})-[:IN]->(s:Sozialraum)
RETURN e {.*, sozialraum: s.name, sozialraum_id: s.id,
          offers: [(e)-[p:PRESENTED]->(o:Offer) | o {.id, .title, yes: p.known_yes,
                                                     no: p.known_no}]} AS event
"""
AWARENESS_BY_OFFER = """
MATCH (e:Event)-[p:PRESENTED]->(o:Offer)
MATCH (e)-[:IN]->(s:Sozialraum)
WHERE $sozialraum IS NULL OR s.id = $sozialraum
WITH o, sum(p.known_yes) AS yes, sum(p.known_no) AS no, count(DISTINCT e) AS events
WITH o, yes, no, events, [(o)-[:FOR]->(t:TargetGroup) | t.id] AS groups
WITH o, yes, no, events,
     COUNT { MATCH (q:SearchEvent) WHERE any(t IN q.target_groups WHERE t IN groups) } AS demand
RETURN o {.id, .title, provider: head([(o)-[:OFFERED_BY]->(i) | i.name])} AS offer,
       yes, no, events, demand
"""
AWARENESS_BY_SOZIALRAUM = """
MATCH (s:Sozialraum)
OPTIONAL MATCH (s)<-[:IN]-(e:Event)-[p:PRESENTED]->(:Offer)
RETURN s.id AS id, s.name AS name, count(DISTINCT e) AS events,
       coalesce(sum(p.known_yes), 0) AS yes, coalesce(sum(p.known_no), 0) AS no
ORDER BY """ + german_order("name")
CREATE_CARD = """
MATCH (e:Event {id: $event}), (o:Offer {id: $offer})
CREATE (c:DialogCard {id: randomUUID(), question: $question, text: $text, channel: $channel,
                      recorded_by: $actor_email, recorded_at: datetime()})
CREATE (c)-[:AT]->(e), (c)-[:ABOUT]->(o)
RETURN c.id AS id
"""
CARDS_BY_OFFER = """
MATCH (c:DialogCard)-[:ABOUT]->(o:Offer), (c)-[:AT]->(e:Event)-[:IN]->(s:Sozialraum)
WHERE ($sozialraum IS NULL OR s.id = $sozialraum) AND ($offer IS NULL OR o.id = $offer)
  AND ($event IS NULL OR e.id = $event)
RETURN o {.id, .title} AS offer,
       collect(c {.question, .text, .channel, event: e.title, date: e.date}) AS cards
ORDER BY """ + german_order("offer.title")

# --- the network of gremien ----------------------------------------------------------

# An institution belongs to a Sozialraum when it is located there or offers something there.
_IN_SOZIALRAUM = """(
  EXISTS { (i)-[:LOCATED_IN]->(:Stadtteil)-[:IN]->(:Sozialraum {id: $sozialraum}) }
  OR EXISTS { (i)<-[:OFFERED_BY]-(:Offer)-[:AVAILABLE_IN]->(:Sozialraum {id: $sozialraum}) })"""

NETWORK_GREMIEN = """
MATCH (g:Gremium)
WHERE $sozialraum IS NULL OR EXISTS { (g)-[:COVERS]->(:Sozialraum {id: $sozialraum}) }
RETURN g {.id, .name, .kind, sozialraeume: [(g)-[:COVERS]->(s) | s.id],
          members: COUNT { (:Institution)-[:MEMBER_OF]->(g) }} AS gremium
ORDER BY """ + german_order("gremium.name")
NETWORK_SOZIALRAEUME = ("MATCH (s:Sozialraum) RETURN s {.id, .name} AS sozialraum ORDER BY "
                        + german_order("s.name"))
# Members of the shown gremien (the picture of one Sozialraum).
NETWORK_MEMBERS = """
MATCH (i:Institution)-[m:MEMBER_OF]->(g:Gremium) WHERE g.id IN $gremien
WITH i, collect(g.id) AS gremien
RETURN i {.id, .name, .category, gremien: gremien,
          memberships: COUNT { (i)-[:MEMBER_OF]->(:Gremium) }} AS institution
ORDER BY institution.memberships DESC, """ + german_order("institution.name") + """
LIMIT $limit
"""
NETWORK_ISOLATED = f"""
MATCH (i:Institution) WHERE NOT (i)-[:MEMBER_OF]->(:Gremium)
  AND ($sozialraum IS NULL OR {_IN_SOZIALRAUM})
RETURN i {{.id, .name, .category}} AS institution ORDER BY {german_order("institution.name")}
"""
NETWORK_BRIDGES = f"""
MATCH (i:Institution)-[:MEMBER_OF]->(g:Gremium)
WHERE $sozialraum IS NULL OR {_IN_SOZIALRAUM}
WITH i, g ORDER BY {german_order("g.name")}
WITH i, collect(g {{.id, .name}}) AS gremien WHERE size(gremien) >= 2
RETURN i {{.id, .name, gremien: gremien}} AS institution
ORDER BY size(gremien) DESC, {german_order("institution.name")}
"""
NETWORK_OVERLAP = """
MATCH (g1:Gremium)<-[:MEMBER_OF]-(i:Institution)-[:MEMBER_OF]->(g2:Gremium)
WHERE g1.id < g2.id
  AND ($sozialraum IS NULL OR EXISTS { (g1)-[:COVERS]->(:Sozialraum {id: $sozialraum}) }
       OR EXISTS { (g2)-[:COVERS]->(:Sozialraum {id: $sozialraum}) })
WITH g1, g2, count(DISTINCT i) AS shared
RETURN g1.id AS a, g1.name AS a_name, g2.id AS b, g2.name AS b_name, shared,
       COUNT { (:Institution)-[:MEMBER_OF]->(g1) } AS a_members,
       COUNT { (:Institution)-[:MEMBER_OF]->(g2) } AS b_members
ORDER BY shared DESC, """ + german_order("a_name") + ", " + german_order("b_name")
DEPARTMENTS_BY_SOZIALRAUM = f"""
MATCH (o:Offer)-[:RESPONSIBLE]->(d:Department) WHERE {OFFER_IS_PUBLIC}
MATCH (o)-[:AVAILABLE_IN]->(s:Sozialraum)
WHERE $sozialraum IS NULL OR s.id = $sozialraum
RETURN s.id AS sozialraum, s.name AS sozialraum_name, d.id AS department,
       coalesce(d.short, d.name) AS department_name, count(o) AS offers
ORDER BY {german_order("sozialraum_name")}, offers DESC, {german_order("department_name")}
"""

# The readable overview of the network: each Sozialraum (or the one in focus) with the
# gremien that cover it and their members; gremien that cover none are city-wide.
NETWORK_OVERVIEW = f"""
MATCH (g:Gremium)
OPTIONAL MATCH (g)-[:COVERS]->(s:Sozialraum)
WITH g, s WHERE $sozialraum IS NULL OR s.id = $sozialraum
WITH coalesce(s.name, '') AS place, s.id AS place_id,
     g {{.id, .name, .kind,
        members: [(i:Institution)-[m:MEMBER_OF]->(g) | i {{.id, .name, role: m.role}}]}}
       AS gremium
ORDER BY {german_order("gremium.name")}
RETURN place, place_id, collect(gremium) AS gremien
ORDER BY place_id IS NULL, {german_order("place")}
"""
