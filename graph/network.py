"""The network of gremien: who meets where, who connects, who is left out.

The picture has three kinds of nodes (Sozialräume, gremien, institutions). To stay
readable, the overview shows only the Sozialräume and the gremien that cover them (the
institutions that bridge gremien are listed beside it); a focus on one Sozialraum shows
its gremien with all their members. The figures planners ask for come with it:
institutions in no gremium, bridges, membership overlap between gremien (shared
members and Jaccard index) and the departments responsible for offers per Sozialraum.
"""

from __future__ import annotations

from typing import Any

from graph.collation import german_key
from graph.driver import Graph
from graph.queries import planning as q

MAX_INSTITUTIONS = 400  # nodes in one picture; the lists below it are complete
CITYWIDE = "stadtweit"  # the overview's node for gremien that cover no Sozialraum


def network_elements(graph: Graph, sozialraum: str | None = None,
                     limit: int = MAX_INSTITUTIONS) -> dict[str, Any]:
    """Nodes and edges for the picture (Cytoscape's element format): members only with a
    focus on one Sozialraum; in the overview, gremien that cover no Sozialraum hang on a
    node "Stadtweit"."""
    gremien = [r["gremium"] for r in graph.read(q.NETWORK_GREMIEN, sozialraum=sozialraum)]
    members = [] if sozialraum is None else [r["institution"] for r in graph.read(
        q.NETWORK_MEMBERS, gremien=[g["id"] for g in gremien], limit=limit)]
    sozialraeume = [r["sozialraum"] for r in graph.read(q.NETWORK_SOZIALRAEUME)]
    shown = {s for g in gremien for s in g["sozialraeume"]} | ({sozialraum} - {None})
    if sozialraum is None and any(not g["sozialraeume"] for g in gremien):
        sozialraeume.append({"id": CITYWIDE, "name": "Stadtweit"})
        gremien = [{**g, "sozialraeume": g["sozialraeume"] or [CITYWIDE]} for g in gremien]
    nodes = [{"data": {"id": f"s:{s['id']}", "label": s["name"], "kind": "sozialraum"}}
             for s in sozialraeume if sozialraum is None or s["id"] in shown]
    nodes += [{"data": {"id": f"g:{g['id']}", "label": g["name"], "kind": "gremium",
                        "members": g["members"]}} for g in gremien]
    nodes += [{"data": {"id": f"i:{i['id']}", "label": i["name"], "kind": "institution",
                        "bridge": i["memberships"] >= 2}} for i in members]
    node_ids = {n["data"]["id"] for n in nodes}
    edges = [{"data": {"source": f"g:{g['id']}", "target": f"s:{s}", "kind": "covers"}}
             for g in gremien for s in g["sozialraeume"] if f"s:{s}" in node_ids]
    edges += [{"data": {"source": f"i:{i['id']}", "target": f"g:{g}", "kind": "member"}}
              for i in members for g in i["gremien"]]
    return {"nodes": nodes, "edges": edges, "truncated": len(members) >= limit}


def network_overview(graph: Graph, sozialraum: str | None = None) -> list[dict[str, Any]]:
    """Sozialräume (city-wide last) with their gremien and each gremium's members, members
    in German order."""
    places = []
    for record in graph.read(q.NETWORK_OVERVIEW, sozialraum=sozialraum):
        gremien = [{**g, "members": sorted(g["members"], key=lambda m: german_key(m["name"]))}
                   for g in record["gremien"]]
        places.append({"id": record["place_id"], "name": record["place"] or "stadtweit",
                       "gremien": gremien})
    return places


def network_figures(graph: Graph, sozialraum: str | None = None) -> dict[str, Any]:
    """The lists beside the picture; complete, also where the picture is cut."""
    overlap = []
    for r in graph.read(q.NETWORK_OVERLAP, sozialraum=sozialraum):
        union = r["a_members"] + r["b_members"] - r["shared"]
        overlap.append({**r.data(), "jaccard": round(r["shared"] / union, 3) if union else 0})
    return {
        "isolated": [r["institution"] for r in graph.read(q.NETWORK_ISOLATED,
                                                          sozialraum=sozialraum)],
        "bridges": [r["institution"] for r in graph.read(q.NETWORK_BRIDGES,
                                                         sozialraum=sozialraum)],
        "overlap": overlap,
        "departments": [r.data() for r in graph.read(q.DEPARTMENTS_BY_SOZIALRAUM,
                                                     sozialraum=sozialraum)],
    }
