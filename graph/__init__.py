"""The graph layer: the only package that talks Cypher to Neo4j."""
