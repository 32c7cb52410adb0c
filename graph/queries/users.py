"""Cypher of user accounts: (:User)-[:COORDINATES]->(:Gremium), (:User)-[:EDITS]->(:Institution).

Every value goes in as a `$parameter`. The password hash is written by
CREATE_USER and STORE_NEW_HASH and read only by LOGIN_BY_EMAIL; no other
statement returns it.
"""

from __future__ import annotations

# The `user_id` constraint is one of graph.queries.UNIQUE_ID_CONSTRAINTS.
USER_EMAIL_CONSTRAINT = (
    "CREATE CONSTRAINT user_email IF NOT EXISTS FOR (u:User) REQUIRE u.email IS UNIQUE"
)

# The projection every account read shares (never the hash).
ACCOUNT_FIELDS = """
u.id AS id, u.email AS email, u.role AS role, coalesce(u.active, false) AS active,
u.last_login AS last_login, coalesce(u.session_generation, 0) AS generation,
COLLECT { MATCH (u)-[:COORDINATES]->(g:Gremium) RETURN g.id ORDER BY g.id } AS gremien,
COLLECT { MATCH (u)-[:EDITS]->(i:Institution) RETURN i.id ORDER BY i.id } AS institutions
"""

GET_ACCOUNT = f"MATCH (u:User {{id: $id}}) RETURN {ACCOUNT_FIELDS}"
FIND_BY_EMAIL = f"MATCH (u:User {{email: $email}}) RETURN {ACCOUNT_FIELDS}"
LIST_ACCOUNTS = f"MATCH (u:User) RETURN {ACCOUNT_FIELDS} ORDER BY u.email"
LOGIN_BY_EMAIL = (
    f"MATCH (u:User {{email: $email}}) RETURN {ACCOUNT_FIELDS}, u.password_hash AS password_hash"
)

EMAIL_TAKEN = "MATCH (u:User {email: $email}) RETURN count(u) > 0 AS taken"
CREATE_USER = """
CREATE (u:User {id: $id, email: $email, password_hash: $password_hash, role: $role,
                active: true, created_at: datetime()})
"""
LINK_GREMIEN = """
MATCH (u:User {id: $id})
UNWIND $ids AS gremium_id
MATCH (g:Gremium {id: gremium_id})
MERGE (u)-[:COORDINATES]->(g)
"""
LINK_INSTITUTIONS = """
MATCH (u:User {id: $id})
UNWIND $ids AS institution_id
MATCH (i:Institution {id: institution_id})
MERGE (u)-[:EDITS]->(i)
"""

RECORD_LOGIN = "MATCH (u:User {id: $id}) SET u.last_login = datetime()"
# A session is valid only while its generation is the account's: raising it (logout,
# new password, disabling) ends every session of the account, on every worker.
STORE_NEW_HASH = (
    "MATCH (u:User {email: $email}) SET u.password_hash = $password_hash, "
    "u.session_generation = coalesce(u.session_generation, 0) + 1 "
    "RETURN count(u) AS updated"
)
SET_ACTIVE = (
    "MATCH (u:User {email: $email}) SET u.active = $active, "
    "u.session_generation = coalesce(u.session_generation, 0) + 1 "
    "RETURN count(u) AS updated"
)
END_SESSIONS = (
    "MATCH (u:User {id: $id}) SET u.session_generation = coalesce(u.session_generation, 0) + 1"
)
