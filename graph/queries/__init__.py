"""All Cypher of Lotse, as named constants: this package and nothing else holds Cypher.

This module has the schema, the seed, the directory and the search; its submodules
one feature each (`editing`, `manage`, `users`, `map`, `planning`, `recommendations`,
`bench`), so that no file grows past a screenful of topics. Every value goes in as a
`$parameter`. Labels, relationship types and property names are never taken from
input: where a statement is built from pieces, the pieces are constants of this package.
"""

from __future__ import annotations

from graph.collation import german_order

# --- schema -----------------------------------------------------------------

# Labels whose `id` property is unique. Also the allow-list of node labels.
ID_LABELS = (
    "Bezirk",
    "Sozialraum",
    "Stadtteil",
    "Institution",
    "Offer",
    "TargetGroup",
    "Topic",
    "Department",
    "Gremium",
    "Recommendation",
    "User",
    "Change",
    "Event",
    "DialogCard",
    "DuplicateDecision",
    "LotseMeta",
    "OfferView",
)

UNIQUE_ID_CONSTRAINTS = tuple(
    f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS "
    f"FOR (n:{label}) REQUIRE n.id IS UNIQUE"
    for label in ID_LABELS
)

# Which of $ids name no node of the label: input checks before a write.
MISSING_IDS = {
    label: f"UNWIND $ids AS id OPTIONAL MATCH (n:{label} {{id: id}}) "
    "WITH id, n WHERE n IS NULL RETURN collect(id) AS missing"
    for label in ID_LABELS
}

OFFER_FULLTEXT_INDEX = "offer_fulltext"
INSTITUTION_FULLTEXT_INDEX = "institution_fulltext"
OFFER_VECTOR_INDEX = "offer_embedding"
# One node per embedded view of an offer (its whole text, title and keywords, description,
# each Beispielfrage): the search scores an offer by its best view.
OFFER_VIEW_INDEX = "offer_view_embedding"

CREATE_OFFER_FULLTEXT = (
    f"CREATE FULLTEXT INDEX {OFFER_FULLTEXT_INDEX} IF NOT EXISTS "
    "FOR (o:Offer) ON EACH [o.title, o.description, o.keywords] "
    "OPTIONS {indexConfig: {`fulltext.analyzer`: 'german'}}"
)
CREATE_INSTITUTION_FULLTEXT = (
    f"CREATE FULLTEXT INDEX {INSTITUTION_FULLTEXT_INDEX} IF NOT EXISTS "
    "FOR (i:Institution) ON EACH [i.name, i.provider, i.street] "
    "OPTIONS {indexConfig: {`fulltext.analyzer`: 'german'}}"
)
# The dimension is an int validated in Python; index options accept no parameters.
CREATE_OFFER_VECTOR_TEMPLATE = (
    f"CREATE VECTOR INDEX {OFFER_VECTOR_INDEX} IF NOT EXISTS "
    "FOR (o:Offer) ON o.embedding "
    "OPTIONS {{indexConfig: {{`vector.dimensions`: {dimension:d}, "
    "`vector.similarity_function`: 'cosine'}}}}"
)
CREATE_OFFER_VIEW_VECTOR_TEMPLATE = (
    f"CREATE VECTOR INDEX {OFFER_VIEW_INDEX} IF NOT EXISTS "
    "FOR (v:OfferView) ON v.embedding "
    "OPTIONS {{indexConfig: {{`vector.dimensions`: {dimension:d}, "
    "`vector.similarity_function`: 'cosine'}}}}"
)
VECTOR_INDEXES = {OFFER_VECTOR_INDEX: CREATE_OFFER_VECTOR_TEMPLATE,
                  OFFER_VIEW_INDEX: CREATE_OFFER_VIEW_VECTOR_TEMPLATE}
DROP_INDEX = {name: f"DROP INDEX {name} IF EXISTS" for name in VECTOR_INDEXES}
SHOW_INDEX = (
    "SHOW INDEXES YIELD name, type, state, options "
    "WHERE name = $name RETURN name, type, state, options"
)
SHOW_NON_ONLINE_INDEXES = (
    "SHOW INDEXES YIELD name, state, populationPercent "
    "WHERE state <> 'ONLINE' RETURN name, state, populationPercent"
)
AWAIT_INDEXES = "CALL db.awaitIndexes($timeout)"

GET_META = "MATCH (m:LotseMeta {id: $id}) RETURN properties(m) AS meta"
SET_META = "MERGE (m:LotseMeta {id: $id}) SET m += $props"

# --- health and counts --------------------------------------------------------

DBMS_COMPONENTS = (
    "CALL dbms.components() YIELD name, versions, edition "
    "RETURN name, versions[0] AS version, edition"
)
COUNT_NODES = "MATCH (n) RETURN count(n) AS count"
COUNT_RELATIONSHIPS = "MATCH ()-[r]->() RETURN count(r) AS count"
COUNT_OFFERS_ALL = "MATCH (o:Offer) RETURN count(o) AS count"

# --- seed: batched idempotent writes -----------------------------------------

MERGE_BEZIRKE = """
UNWIND $rows AS row
MERGE (b:Bezirk {id: row.id})
SET b += row.props
"""

MERGE_SOZIALRAEUME = """
UNWIND $rows AS row
MERGE (s:Sozialraum {id: row.id})
SET s += row.props
WITH s, row
MATCH (b:Bezirk {id: row.bezirk})
OPTIONAL MATCH (s)-[old:IN]->(:Bezirk)
DELETE old
MERGE (s)-[:IN]->(b)
"""

MERGE_STADTTEILE = """
UNWIND $rows AS row
MERGE (t:Stadtteil {id: row.id})
SET t += row.props
WITH t, row
MATCH (s:Sozialraum {id: row.sozialraum})
OPTIONAL MATCH (t)-[old:IN]->(:Sozialraum)
DELETE old
MERGE (t)-[:IN]->(s)
"""

MERGE_DEPARTMENTS = """
UNWIND $rows AS row
MERGE (d:Department {id: row.id})
SET d += row.props
"""

MERGE_TARGET_GROUPS = """
UNWIND $rows AS row
MERGE (t:TargetGroup {id: row.id})
SET t += row.props
"""

LINK_TARGET_GROUP_BROADER = """
UNWIND $rows AS row
MATCH (t:TargetGroup {id: row.id})
OPTIONAL MATCH (t)-[old:BROADER]->()
DELETE old
WITH DISTINCT t, row
WHERE row.broader IS NOT NULL
MATCH (b:TargetGroup {id: row.broader})
MERGE (t)-[:BROADER]->(b)
"""

MERGE_TOPICS = """
UNWIND $rows AS row
MERGE (t:Topic {id: row.id})
SET t += row.props
"""

MERGE_INSTITUTIONS = """
UNWIND $rows AS row
MERGE (i:Institution {id: row.id})
ON CREATE SET i.version = 1
SET i += row.props
WITH i, row
OPTIONAL MATCH (i)-[old:LOCATED_IN]->()
DELETE old
WITH DISTINCT i, row
WHERE row.stadtteil IS NOT NULL
MATCH (t:Stadtteil {id: row.stadtteil})
MERGE (i)-[:LOCATED_IN]->(t)
"""

MERGE_OFFERS = """
UNWIND $rows AS row
MERGE (o:Offer {id: row.id})
ON CREATE SET o.version = 1
SET o += row.props
WITH o, row
OPTIONAL MATCH (o)-[old:OFFERED_BY|FOR|ABOUT|RESPONSIBLE|AVAILABLE_IN|LOCATED_IN]->()
DELETE old
WITH DISTINCT o, row
MATCH (i:Institution {id: row.institution})
MERGE (o)-[:OFFERED_BY]->(i)
"""

# One statement per relationship type keeps each UNWIND flat and index-backed.
LINK_OFFER_TARGET_GROUPS = """
UNWIND $rows AS row
UNWIND row.target_groups AS tg
MATCH (o:Offer {id: row.id}), (t:TargetGroup {id: tg})
MERGE (o)-[:FOR]->(t)
"""

LINK_OFFER_TOPICS = """
UNWIND $rows AS row
UNWIND row.topics AS topic
MATCH (o:Offer {id: row.id}), (t:Topic {id: topic})
MERGE (o)-[:ABOUT]->(t)
"""

LINK_OFFER_SOZIALRAEUME = """
UNWIND $rows AS row
UNWIND row.sozialraeume AS sr
MATCH (o:Offer {id: row.id}), (s:Sozialraum {id: sr})
MERGE (o)-[:AVAILABLE_IN]->(s)
"""

LINK_OFFER_DEPARTMENT = """
UNWIND $rows AS row
WITH row WHERE row.department IS NOT NULL
MATCH (o:Offer {id: row.id}), (d:Department {id: row.department})
MERGE (o)-[:RESPONSIBLE]->(d)
"""

LINK_OFFER_STADTTEIL = """
UNWIND $rows AS row
WITH row WHERE row.stadtteil IS NOT NULL
MATCH (o:Offer {id: row.id}), (t:Stadtteil {id: row.stadtteil})
MERGE (o)-[:LOCATED_IN]->(t)
"""

MERGE_GREMIEN = """
UNWIND $rows AS row
MERGE (g:Gremium {id: row.id})
ON CREATE SET g.version = 1
SET g += row.props
WITH g
OPTIONAL MATCH (g)-[covers:COVERS]->()
DELETE covers
WITH DISTINCT g
OPTIONAL MATCH ()-[membership:MEMBER_OF]->(g)
DELETE membership
"""

LINK_GREMIUM_SOZIALRAEUME = """
UNWIND $rows AS row
UNWIND row.sozialraeume AS sr
MATCH (g:Gremium {id: row.id}), (s:Sozialraum {id: sr})
MERGE (g)-[:COVERS]->(s)
"""

LINK_GREMIUM_MEMBERS = """
UNWIND $rows AS row
UNWIND row.members AS member
MATCH (g:Gremium {id: row.id}), (i:Institution {id: member.institution})
MERGE (i)-[m:MEMBER_OF]->(g)
SET m.role = member.role, m.since = member.since
"""

# --- embeddings ----------------------------------------------------------------

OFFER_EMBEDDING_SOURCES = """
MATCH (o:Offer)
RETURN o.id AS id, o.title AS title, o.description AS description,
       o.keywords AS keywords, coalesce(o.example_questions, []) AS example_questions,
       o.embedding_hash AS embedding_hash,
       [(o)-[:FOR]->(t) | t.name] AS target_groups,
       [(o)-[:ABOUT]->(t) | t.name] AS topics,
       head([(o)-[:OFFERED_BY]->(i) | i.name]) AS provider
ORDER BY o.id
"""

SET_OFFER_EMBEDDINGS = """
UNWIND $rows AS row
MATCH (o:Offer {id: row.id})
CALL db.create.setNodeVectorProperty(o, 'embedding', row.embedding)
SET o.embedding_hash = row.hash
"""

# The offer's views are replaced whole: the view texts changed together with the hash.
SET_OFFER_VIEWS = """
UNWIND $rows AS row
MATCH (o:Offer {id: row.id})
CALL (o) {
  MATCH (old:OfferView)-[:VIEW_OF]->(o)
  DETACH DELETE old
}
WITH o, row
UNWIND range(0, size(row.views) - 1) AS n
WITH o, row.views[n] AS view, n
CREATE (v:OfferView {id: o.id + '#' + n, kind: view.kind, text: view.text,
                     embedding2: view.embedding2})-[:VIEW_OF]->(o)
WITH v, view
CALL db.create.setNodeVectorProperty(v, 'embedding', view.embedding)
"""

# --- directory reads -------------------------------------------------------------

# An offer is public while it has not ended and was not soft-deleted.
OFFER_IS_PUBLIC = "o.status <> 'beendet' AND coalesce(o.deleted, false) = false"

# Optional filters; a null parameter switches its filter off. A Sozialraum filter
# keeps city-wide offers (they are available there too). A target group filter follows
# the hierarchy as the search does (`search.evidence.covers_group`): it matches offers
# for narrower groups (Kleinkinder are Kinder) and for the groups it belongs to (an
# offer for Eltern suits Alleinerziehende).
OFFER_FILTERS = (
    OFFER_IS_PUBLIC
    + """
  AND ($sozialraum IS NULL OR o.citywide
       OR EXISTS { (o)-[:AVAILABLE_IN]->(:Sozialraum {id: $sozialraum}) })
  AND ($target_group IS NULL
       OR EXISTS { (o)-[:FOR]->(:TargetGroup)-[:BROADER*0..3]->(:TargetGroup {id: $target_group}) }
       OR EXISTS { (:TargetGroup {id: $target_group})-[:BROADER*1..3]->(:TargetGroup)<-[:FOR]-(o) })
  AND ($topic IS NULL OR EXISTS { (o)-[:ABOUT]->(:Topic {id: $topic}) })
"""
)

OFFER_SUMMARY_FIELDS = """
  .id, .title, .citywide, .status, .free, .hours, .cost, .phone, .email, .url,
  .street, .postal_code,
  provider: head([(o)-[:OFFERED_BY]->(i) | i.name]),
  provider_id: head([(o)-[:OFFERED_BY]->(i) | i.id]),
  provider_contact: head([(o)-[:OFFERED_BY]->(i)
                          | i {.phone, .email, .website, .street, .postal_code, .city}]),
  sozialraeume: [(o)-[:AVAILABLE_IN]->(s) | s.id],
  target_groups: [(o)-[:FOR]->(t) | t.name],
  topics: [(o)-[:ABOUT]->(t) | t.name]"""
OFFER_SUMMARY = "o {" + OFFER_SUMMARY_FIELDS + "\n}"

COUNT_OFFERS = f"MATCH (o:Offer) WHERE {OFFER_FILTERS} RETURN count(o) AS total"

LIST_OFFERS = f"""
MATCH (o:Offer) WHERE {OFFER_FILTERS}
WITH o ORDER BY {german_order('o.title')}, o.id SKIP $offset LIMIT $limit
RETURN {OFFER_SUMMARY} AS offer
"""

GET_OFFER = """
MATCH (o:Offer {id: $id})
OPTIONAL MATCH (o)-[:OFFERED_BY]->(i:Institution)
RETURN o {.*, embedding: null} AS offer,
       i {.id, .name, .category, .provider, .street, .postal_code, .city, .phone,
          .email, .website} AS institution,
       [(o)-[:AVAILABLE_IN]->(s:Sozialraum) | s {.id, .name}] AS sozialraeume,
       head([(o)-[:LOCATED_IN]->(t:Stadtteil) | t {.id, .name}]) AS stadtteil,
       head([(o)-[:RESPONSIBLE]->(d:Department) | d {.id, .name, .short}]) AS department,
       [(o)-[:FOR]->(t:TargetGroup) | t {.id, .name}] AS target_groups,
       [(o)-[:ABOUT]->(t:Topic) | t {.id, .name}] AS topics,
       [(o)-[:OFFERED_BY]->(:Institution)-[m:MEMBER_OF]->(g:Gremium)
          | g {.id, .name, role: m.role}] AS gremien
"""

LIST_INSTITUTIONS = """
MATCH (i:Institution)
WHERE $sozialraum IS NULL
   OR EXISTS { (i)-[:LOCATED_IN]->(:Stadtteil)-[:IN]->(:Sozialraum {id: $sozialraum}) }
OPTIONAL MATCH (i)-[:LOCATED_IN]->(t:Stadtteil)-[:IN]->(s:Sozialraum)
RETURN i {.id, .name, .category, .provider,
          stadtteil: t.name, sozialraum: s.name,
          offers: COUNT { (:Offer)-[:OFFERED_BY]->(i) }} AS institution
ORDER BY """ + german_order("i.name")

GET_INSTITUTION = """
MATCH (i:Institution {id: $id})
OPTIONAL MATCH (i)-[:LOCATED_IN]->(t:Stadtteil)-[:IN]->(s:Sozialraum)
RETURN i {.*} AS institution,
       t {.id, .name} AS stadtteil,
       s {.id, .name} AS sozialraum,
       [(o:Offer)-[:OFFERED_BY]->(i) WHERE o.status <> 'beendet'
          AND coalesce(o.deleted, false) = false | o {.id, .title, .citywide}] AS offers,
       [(i)-[m:MEMBER_OF]->(g:Gremium) | g {.id, .name, role: m.role, since: m.since}] AS gremien
"""

LIST_GREMIEN = """
MATCH (g:Gremium)
RETURN g {.id, .name, .kind, .example, .meeting_rhythm,
          sozialraeume: [(g)-[:COVERS]->(s) | s.name],
          members: COUNT { (:Institution)-[:MEMBER_OF]->(g) }} AS gremium
ORDER BY g.kind DESC, """ + german_order("g.name")

GET_GREMIUM = """
MATCH (g:Gremium {id: $id})
RETURN g {.*} AS gremium,
       [(g)-[:COVERS]->(s:Sozialraum) | s {.id, .name}] AS sozialraeume,
       [(i:Institution)-[m:MEMBER_OF]->(g)
          | i {.id, .name, .category, role: m.role, since: m.since}] AS members
"""

LIST_SOZIALRAEUME = """
MATCH (s:Sozialraum)-[:IN]->(b:Bezirk)
CALL (s) {
  MATCH (o:Offer)-[:AVAILABLE_IN]->(s)
  WHERE o.status <> 'beendet' AND coalesce(o.deleted, false) = false
  RETURN count(o) AS local_offers
}
RETURN s {.id, .name, .sozialindex_class, bezirk: b.name, bezirk_id: b.id,
          offers_local: local_offers,
          stadtteile: [(t:Stadtteil)-[:IN]->(s) | t.name]} AS sozialraum
ORDER BY """ + german_order("s.name")

COUNT_CITYWIDE_OFFERS = f"""
MATCH (o:Offer) WHERE o.citywide AND {OFFER_IS_PUBLIC}
RETURN count(o) AS count
"""

GET_SOZIALRAUM = f"""
MATCH (s:Sozialraum {{id: $id}})-[:IN]->(b:Bezirk)
RETURN s {{.*}} AS sozialraum, b {{.id, .name}} AS bezirk,
       [(t:Stadtteil)-[:IN]->(s) | t {{.id, .name, .plz}}] AS stadtteile,
       [(o:Offer)-[:AVAILABLE_IN]->(s) WHERE {OFFER_IS_PUBLIC}
          | o {{.id, .title, provider: head([(o)-[:OFFERED_BY]->(i) | i.name])}}] AS offers,
       [(g:Gremium)-[:COVERS]->(s) | g {{.id, .name, .example}}] AS gremien,
       COLLECT {{
         MATCH (i:Institution)
         WHERE EXISTS {{ (i)-[:LOCATED_IN]->(:Stadtteil)-[:IN]->(s) }}
            OR EXISTS {{ MATCH (o:Offer)-[:OFFERED_BY]->(i)
                        WHERE (o)-[:AVAILABLE_IN]->(s) AND {OFFER_IS_PUBLIC} }}
         RETURN i {{.id, .name, .category}}
       }} AS institutions
"""

LIST_TARGET_GROUPS = ("MATCH (t:TargetGroup) RETURN t {.id, .name} AS item ORDER BY "
                      + german_order("t.name"))
LIST_TOPICS = "MATCH (t:Topic) RETURN t {.id, .name} AS item ORDER BY " + german_order("t.name")
LIST_SOZIALRAUM_CHOICES = ("MATCH (s:Sozialraum) RETURN s {.id, .name} AS item ORDER BY "
                           + german_order("s.name"))

# --- lexicon for query understanding -----------------------------------------------

LEXICON_PLACES = """
CALL () {
  MATCH (b:Bezirk)
  RETURN 'bezirk' AS type, b.id AS id, b.name AS name, coalesce(b.aliases, []) AS aliases,
         [] AS plz, [(s:Sozialraum)-[:IN]->(b) | s.id] AS sozialraeume
  UNION ALL
  MATCH (s:Sozialraum)
  RETURN 'sozialraum' AS type, s.id AS id, s.name AS name, coalesce(s.aliases, []) AS aliases,
         [] AS plz, [s.id] AS sozialraeume
  UNION ALL
  MATCH (t:Stadtteil)-[:IN]->(s:Sozialraum)
  RETURN 'stadtteil' AS type, t.id AS id, t.name AS name, coalesce(t.aliases, []) AS aliases,
         coalesce(t.plz, []) AS plz, [s.id] AS sozialraeume
}
RETURN type, id, name, aliases, plz, sozialraeume
"""

LEXICON_VOCABULARY = """
CALL () {
  MATCH (t:TargetGroup)
  RETURN 'target_group' AS kind, t.id AS id, t.name AS name,
         coalesce(t.synonyms, []) AS synonyms, t.age_min AS age_min, t.age_max AS age_max,
         head([(t)-[:BROADER]->(b) | b.id]) AS broader,
         COUNT { (:Offer)-[:FOR]->(:TargetGroup)-[:BROADER*0..3]->(t) } AS offers
  UNION ALL
  MATCH (t:Topic)
  RETURN 'topic' AS kind, t.id AS id, t.name AS name, coalesce(t.synonyms, []) AS synonyms,
         null AS age_min, null AS age_max, null AS broader,
         COUNT { (:Offer)-[:ABOUT]->(t) } AS offers
}
RETURN kind, id, name, synonyms, age_min, age_max, broader, offers
"""

# --- hybrid retrieval -----------------------------------------------------------------

RETRIEVE_FULLTEXT = f"""
CALL db.index.fulltext.queryNodes('{OFFER_FULLTEXT_INDEX}', $query, {{limit: $limit}})
YIELD node AS o, score
WHERE {OFFER_IS_PUBLIC}
RETURN o.id AS id, score
"""

# The views nearest to each question vector (the whole question and its parts), per offer.
RETRIEVE_VIEWS = f"""
UNWIND $vectors AS vector
CALL db.index.vector.queryNodes('{OFFER_VIEW_INDEX}', $limit, vector) YIELD node, score
MATCH (node)-[:VIEW_OF]->(o:Offer) WHERE {OFFER_IS_PUBLIC}
RETURN o.id AS id, max(score) AS score
ORDER BY score DESC
"""

# Exact similarities of given offers' views: to the whole question ($vectors[0]), to its
# best-fitting part, of the offer's Beispielfragen and of its whole text (the plain
# embedding of the dense baseline) to the whole question; and by the second embedder
# ($vectors2: [the question], empty without one).
DENSE_SCORES = """
UNWIND $ids AS oid
MATCH (v:OfferView)-[:VIEW_OF]->(o:Offer {id: oid})
WITH o, v, [vec IN $vectors | vector.similarity.cosine(v.embedding, vec)] AS sims,
     CASE WHEN v.embedding2 IS NULL THEN [0.0]
          ELSE [vec IN $vectors2 | vector.similarity.cosine(v.embedding2, vec)] + [0.0]
     END AS seconds
RETURN o.id AS id, max(sims[0]) AS whole, max(seconds[0]) AS second,
       max(reduce(best = 0.0, s IN sims | CASE WHEN s > best THEN s ELSE best END)) AS part,
       coalesce(max(CASE v.kind WHEN 'example' THEN sims[0] END), 0.0) AS example,
       coalesce(max(CASE v.kind WHEN 'text' THEN sims[0] END), 0.0) AS text
"""

# A new token whenever views were written: each process's copy of the view vectors
# (search.vectors) reloads when it changes.
BUMP_VIEWS_VERSION = (
    "MERGE (m:LotseMeta {id: 'embedding'}) SET m.views_version = randomUUID()"
)
VIEWS_VERSION = (
    "OPTIONAL MATCH (m:LotseMeta {id: 'embedding'}) "
    "RETURN m.views_version AS version, COUNT { (:OfferView) } AS views"
)
ALL_VIEW_VECTORS = """
MATCH (v:OfferView)-[:VIEW_OF]->(o:Offer)
RETURN o.id AS id, v.kind AS kind, v.embedding AS embedding, v.embedding2 AS embedding2
ORDER BY o.id, v.id
"""

# The search's scope references (search.scope), embedded by both embedders at
# init-db time so that a worker reads them instead of embedding them. $digest_key and
# $vector_key name the properties of one embedder ("digest"/"embedding" or
# "digest2"/"embedding2"); a stored row counts only under the digest of today's texts.
SCOPE_REFERENCE_STATE = """
MATCH (r:ScopeReference)
RETURN count(r) AS count, collect(DISTINCT r.digest) AS digests,
       collect(DISTINCT r.digest2) AS digests2
"""
DELETE_SCOPE_REFERENCES = "MATCH (r:ScopeReference) DETACH DELETE r"
CREATE_SCOPE_REFERENCES = """
UNWIND $rows AS row
CREATE (r:ScopeReference {n: row.n, side: row.side, source: row.source, text: row.text,
                          embedding: row.embedding, embedding2: row.embedding2,
                          digest: $digest, digest2: $digest2})
"""
SCOPE_REFERENCE_VECTORS = """
MATCH (r:ScopeReference) WHERE r[$digest_key] = $digest
RETURN r[$vector_key] AS embedding ORDER BY r.n
"""

# In the asked Sozialräume or city-wide ($sozialraeume null: anywhere).
_IN_PLACE = """($sozialraeume IS NULL OR o.citywide
       OR EXISTS { (o)-[:AVAILABLE_IN]->(s:Sozialraum) WHERE s.id IN $sozialraeume })"""

# Offers linked to an asked target group (or a narrower one) or topic, in the place.
RETRIEVE_BY_CONCEPTS = f"""
CALL (){{
  MATCH (t:TargetGroup) WHERE t.id IN $target_groups
  MATCH (o:Offer)-[:FOR]->(:TargetGroup)-[:BROADER*0..3]->(t)
  RETURN o, 1 AS weight
  UNION ALL
  MATCH (t:Topic) WHERE t.id IN $topics
  MATCH (o:Offer)-[:ABOUT]->(t)
  RETURN o, 2 AS weight
}}
WITH o, sum(weight) AS weight
WHERE {OFFER_IS_PUBLIC} AND {_IN_PLACE}
RETURN o.id AS id, weight
ORDER BY weight DESC, o.citywide ASC, o.title
LIMIT $limit
"""

# Candidates in the place that do not contradict an asked constraint, with what ranking
# needs. Most records leave kostenlos, anonym, ohne Termin and barrierefrei open: only an
# offer whose record says "no" is left out and the ranking prefers those that say "yes";
# a required constraint (a form's filter, a chat's "nur kostenlose") must be a "yes".
# $asked and $required map offer fields (free, anonymous, walk_in, barrier_free) to booleans.
_MEETS_CONSTRAINTS = """all(flag IN keys($asked)
      WHERE NOT ($asked[flag] AND coalesce(o[flag], true) = false))
  AND all(flag IN keys($required) WHERE NOT $required[flag] OR o[flag] = true)"""
_CANDIDATE = f"""o {{{OFFER_SUMMARY_FIELDS},
  keywords: coalesce(o.keywords, []),
  languages: coalesce(o.languages, []), anonymous: o.anonymous, walk_in: o.walk_in,
  barrier_free: o.barrier_free,
  stadtteil: head([(o)-[:LOCATED_IN]->(t:Stadtteil) | t.name]),
  target_group_ids: [(o)-[:FOR]->(t:TargetGroup) | t.id],
  target_group_names: [(o)-[:FOR]->(t:TargetGroup) | [t.id, t.name]],
  target_group_lineage: [(o)-[:FOR]->(:TargetGroup)-[:BROADER*0..3]->(a:TargetGroup) | a.id],
  topic_ids: [(o)-[:ABOUT]->(t:Topic) | t.id]
}}"""
CANDIDATE_DETAILS = f"""
UNWIND $ids AS candidate
MATCH (o:Offer {{id: candidate}})
WHERE {OFFER_IS_PUBLIC} AND {_IN_PLACE}
  AND {_MEETS_CONSTRAINTS}
RETURN {_CANDIDATE} AS offer
"""
# Every public offer in the place as a candidate, in one round trip; none (but their
# number) when there are more than $at_most (null: no limit).
PLACE_CANDIDATES = f"""
OPTIONAL MATCH (o:Offer) WHERE {OFFER_IS_PUBLIC} AND {_IN_PLACE}
WITH collect(o) AS inside
RETURN size(inside) AS total,
       CASE WHEN $at_most IS NOT NULL AND size(inside) > $at_most THEN []
            ELSE [o IN inside WHERE {_MEETS_CONSTRAINTS} | {_CANDIDATE}] END AS offers
"""

OFFER_TEXTS = f"""
MATCH (o:Offer) WHERE {OFFER_IS_PUBLIC}
RETURN o.id AS id, o.title AS title, o.description AS description,
       coalesce(o.keywords, []) AS keywords, coalesce(o.example_questions, []) AS example_questions,
       [(o)-[:FOR]->(t) | t.name] AS target_groups, [(o)-[:ABOUT]->(t) | t.name] AS topics
"""

LOG_SEARCH = """
CREATE (e:SearchEvent {
  id: randomUUID(), day: date(), channel: $channel,
  sozialraeume: $sozialraeume, target_groups: $target_groups, topics: $topics, flags: $flags,
  results: $results, good_match: $good_match
})
"""
