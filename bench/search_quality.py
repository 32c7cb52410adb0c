"""Search quality and latency: the product against two honest baselines, in one run.

    make bench-search        (or: .venv/bin/python -m bench.search_quality)
    .venv/bin/python -m bench.search_quality --sets devset,own   (only these sets)

Variants, each with the place and the flags of the query understanding and no gate:
`vector` (dense only: cosine of the question against each offer's embedded text, every
offer of the place scored), `fulltext` (Lucene only), and `hybrid` (the product: learned
ranking over dense views, full-text and graph signals, then its no-match decision).

Two kinds of figures per set and variant:
- ranking, over the answerable questions and before any refusal: recall@1, recall@5,
  MRR@10 of the ranked list; a result is a hit when its title contains one of
  `expect_any` (folded);
- decision: recall@5 and MRR@10 of what is shown (`seen@5`, `seenMRR`: what a user or
  an API client meets, refusals and the five results of a guess included), share of
  answerable questions answered (results shown), wrong refusals,
  share of out-of-scope questions refused, out-of-scope questions answered as "sicher",
  and place precision of what is shown. A question the product takes for one about the
  network is judged by what `/api/v1/search` then shows: the entities of the network
  answer (an institution, then its offers), in their order.
Held-out sets (`bench.questions.HELD_OUT`) are scored but their misses are never printed.
Chats are sent turn by turn to `POST /api/v1/chat` of a gunicorn with 2 workers (so a
follow-up may reach the other worker); every turn must be answered and the last answer
is scored. Latency: p50/p95 of `/api/v1/search` over real HTTP against the same
gunicorn, for the offer questions and apart for the network questions of the chosen
sets, with `/healthz` as the in-run baseline.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from bench.harness import gunicorn, seeded_lotse
from bench.questions import HELD_OUT, NETWORK_SETS, QUESTION_SETS, is_hit, load_sets
from search.ranking import SURE

VARIANTS = ("vector", "fulltext", "hybrid")
LATENCY_REQUESTS = 300


@dataclass
class Scores:
    ranks: list[int | None] = field(default_factory=list)  # first hit in the ranking
    seen: list[int | None] = field(default_factory=list)  # first hit among what is shown
    answered: list[bool] = field(default_factory=list)  # answerable: results shown
    place_checks: list[float] = field(default_factory=list)
    refused: list[bool] = field(default_factory=list)  # out of scope: nothing shown
    sure_out_of_scope: int = 0

    def add(self, question: dict[str, Any], ranked: list[dict[str, Any]],
            shown: list[dict[str, Any]], confidence: str | None) -> None:
        if question.get("kind") == "none":
            self.refused.append(not shown)
            self.sure_out_of_scope += bool(shown) and confidence == SURE
            return
        self.ranks.append(_first_hit(question, ranked))
        self.seen.append(_first_hit(question, shown))
        self.answered.append(bool(shown))
        places = set(question.get("places") or [])
        offers = [r for r in shown if "sozialraeume" in r]  # not a network answer's entities
        if places and offers:
            inside = [r["citywide"] or bool(places & set(r["sozialraeume"])) for r in offers]
            self.place_checks.append(sum(inside) / len(inside))

    def figures(self) -> dict[str, float]:
        n, m = len(self.ranks) or 1, len(self.refused) or 1
        return {
            "recall@1": sum(r == 1 for r in self.ranks) / n,
            "recall@5": sum(bool(r and r <= 5) for r in self.ranks) / n,
            "mrr@10": sum(1 / r for r in self.ranks if r) / n,
            "seen@5": sum(bool(r and r <= 5) for r in self.seen) / n,
            "seen_mrr@10": sum(1 / r for r in self.seen if r) / n,
            "answered": sum(self.answered) / n,
            "wrong_refusals": sum(not a for a in self.answered) / n,
            "oos_refused": sum(self.refused) / m if self.refused else float("nan"),
            "oos_sure": self.sure_out_of_scope,
            "place": statistics.mean(self.place_checks) if self.place_checks else float("nan"),
            "answerable": len(self.ranks), "out_of_scope": len(self.refused),
        }


def _first_hit(question: dict[str, Any], results: list[dict[str, Any]]) -> int | None:
    return next((i for i, r in enumerate(results[:10], start=1)
                 if is_hit(question, r["title"])), None)


HEADER = (f"{'set':9} {'variant':9} {'r@1':>6} {'r@5':>6} {'MRR@10':>7} │ {'seen@5':>6} "
          f"{'seenMRR':>7} {'answered':>8} "
          f"{'wrong-ref':>9} {'oos-ref':>7} {'oos-sure':>8} {'place':>6}   questions")


def row(set_name: str, variant: str, f: dict[str, float]) -> str:
    return (f"{set_name:9} {variant:9} {f['recall@1']:6.3f} {f['recall@5']:6.3f} "
            f"{f['mrr@10']:7.3f} │ {f['seen@5']:6.3f} {f['seen_mrr@10']:7.3f} "
            f"{f['answered']:8.3f} {f['wrong_refusals']:9.3f} "
            f"{f['oos_refused']:7.3f} {f['oos_sure']:8d} {f['place']:6.3f}   "
            f"{f['answerable']} + {f['out_of_scope']} out of scope")


def offer_json(hit: Any) -> dict[str, Any]:
    return {"title": hit.offer["title"], "citywide": bool(hit.offer["citywide"]),
            "sozialraeume": hit.offer["sozialraeume"]}


def quality(service: Any, sets: dict[str, dict[str, Any]]) -> tuple[list[str], dict]:
    lines = ["", "Search quality (ranking: before any refusal; decision: what is shown)",
             HEADER]
    figures: dict[str, dict[str, Any]] = {}
    misses: list[str] = []
    for set_name, data in sets.items():
        for variant in VARIANTS:
            scores = Scores()
            for question in data["questions"]:
                reply = (service.network(question["q"], service.understand(question["q"]))
                         if variant == "hybrid" else None)
                if reply is not None:
                    # Taken for a question about the network: what the API shows are its
                    # entities (an institution, then its offers), judged by their titles.
                    shown = [{"title": e.title, "type": e.type} for e in reply.results]
                    scores.add(question, shown, shown, SURE if shown else None)
                    if set_name not in HELD_OUT:
                        misses += [f"  [read as a network question] {line.strip()}"
                                   for line in _miss_line(question, shown, shown)]
                    continue
                result = service.search(question["q"], mode=variant, limit=10)
                outcome = result.outcome
                ranked = [offer_json(h) for h in outcome.ranked]
                shown = [offer_json(h) for h in outcome.hits]
                scores.add(question, ranked, shown, outcome.confidence)
                if variant == "hybrid" and set_name not in HELD_OUT:
                    misses += _miss_line(question, ranked, shown)
            figures[f"{set_name}/{variant}"] = scores.figures()
            lines.append(row(set_name, variant, figures[f"{set_name}/{variant}"]))
    if misses:
        lines += ["", "Product misses on the training sets (question -> top titles):", *misses]
    return lines, figures


def _miss_line(question: dict[str, Any], ranked: list[dict], shown: list[dict]) -> list[str]:
    if question.get("kind") == "none":
        return [f"  [out of scope, answered] {question['q']} -> "
                f"{[r['title'][:40] for r in shown[:3]]}"] if shown else []
    if not shown:
        return [f"  [refused] {question['q']}"]
    if not any(is_hit(question, r["title"]) for r in ranked[:5]):
        return [f"  {question['q']} -> {[r['title'][:40] for r in ranked[:3]]}"]
    return []


ENTITY_TYPES = {"gremium", "institution", "department"}


def network(client: Any, name: str, data: dict[str, Any]) -> list[str]:
    """Network questions through the chat: the right entity first, its fact in the answer,
    honesty about entities that do not exist."""
    by_intent: dict[str, list[bool]] = {}
    facts: list[bool] = []
    honest: list[bool] = []
    for question in data["questions"]:
        body = client.post("/api/v1/chat", json={"message": question["q"]}).get_json()
        if question.get("kind") == "none":
            # Without an intent, no gremium, institution or department may be presented.
            kinds = {question["intent"]} if question.get("intent") else ENTITY_TYPES
            honest.append(not any(r["type"] in kinds for r in body["results"]))
            continue
        right = _right_entity(body, question.get("expect_type"), question.get("expect_ids"),
                              question.get("also_accept"))
        by_intent.setdefault(question["intent"], []).append(right)
        if right:
            facts.append(_fact_told(body, question.get("fact"), question.get("missing")))
    chats = []
    for chat in data.get("chat", []):
        token, body = None, {}
        for turn in chat["turns"]:
            body = client.post("/api/v1/chat",
                               json={"message": turn, "conversation": token}).get_json()
            token = body.get("conversation")
        chats.append(_right_entity(body, chat.get("last_expect_type"),
                                   chat.get("last_expect_ids"), None)
                     and _fact_told(body, chat.get("last_fact"), None))
    lines = ["", f"Network questions ({name}) through the chat (right entity first; "
             "its fact told)"]
    for intent, rights in sorted(by_intent.items()):
        lines.append(f"  {intent:12} {sum(rights):3d}/{len(rights):3d} right entity first")
    total = [r for rights in by_intent.values() for r in rights]
    lines.append(f"  {'all':12} {sum(total):3d}/{len(total):3d} right entity first, "
                 f"fact told in {sum(facts)}/{len(facts)} of those")
    lines.append(f"  non-existent entities answered honestly: {sum(honest)}/{len(honest)}")
    lines.append(f"  chats (last turn right with its fact): {sum(chats)}/{len(chats)}")
    return lines


def _right_entity(body: dict[str, Any], kind: str | None, ids: list[str] | None,
                  also: list[str] | None) -> bool:
    if not body.get("results"):
        return False
    first = body["results"][0]
    accepted = {(kind, i) for i in ids or []}
    accepted |= {tuple(a.split(":", 1)) for a in also or [] if ":" in a}
    return (first["type"], first["id"]) in accepted


def _fact_told(body: dict[str, Any], fact: str | None, missing: str | None) -> bool:
    answer = body.get("answer", "").lower()
    if fact:
        return fact.lower() in answer
    return "nicht eingetragen" in answer if missing else True


def chats(base: str, sets: dict[str, dict[str, Any]]) -> list[str]:
    lines = ["", "Chats against gunicorn (2 workers): turns answered, last answer hit@5"]
    for set_name, data in sets.items():
        sequences = data.get("chat") or []
        if not sequences:
            continue
        turns = answered = hits = 0
        for sequence in sequences:
            token, body = None, {}
            for turn in sequence["turns"]:
                status, body = _post(base + "/api/v1/chat",
                                     {"message": turn, "conversation": token})
                turns += 1
                answered += status == 200
                token = body.get("conversation") if status == 200 else None
            wanted = {"expect_any": sequence["last_expect_any"]}
            hits += any(is_hit(wanted, r["title"]) for r in body.get("results", [])[:5])
        lines.append(f"  {set_name:9} {answered}/{turns} turns answered, "
                     f"last answer hit@5 {hits}/{len(sequences)}")
    return lines


def latency(base: str, questions: list[str], network_questions: list[str]) -> list[str]:
    health = [_timed(base + "/healthz") for _ in range(LATENCY_REQUESTS)]
    h50, h95 = _percentiles(health)
    lines = ["", f"Latency over HTTP, warm, {LATENCY_REQUESTS} sequential requests each "
                 "(gunicorn 2 workers x 2 threads)"]
    for label, asked in (("/api/v1/search", questions),
                         ("  network", network_questions)):
        if not asked:
            continue
        urls = [base + "/api/v1/search?" + urllib.parse.urlencode({"q": q}) for q in asked]
        for url in urls[:20]:  # warm both workers: lexicon, embedder, network index
            _get(url)
        s50, s95 = _percentiles([_timed(urls[i % len(urls)])
                                 for i in range(LATENCY_REQUESTS)])
        lines += [f"  {label:14} p50 {s50:6.1f} ms   p95 {s95:6.1f} ms"
                  f"   (ratio to /healthz at p95: {s95 / h95:.1f})"]
    return [*lines, f"  /healthz        p50 {h50:6.1f} ms   p95 {h95:6.1f} ms   (baseline)"]


def _post(url: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(url, data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, {}


def _get(url: str) -> None:
    with urllib.request.urlopen(url, timeout=30) as response:
        response.read()


def _timed(url: str) -> float:
    started = time.perf_counter()
    _get(url)
    return (time.perf_counter() - started) * 1000


def _percentiles(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join([*QUESTION_SETS, *NETWORK_SETS]),
                        help="comma-separated question sets (default: all)")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--no-latency", action="store_true", help="skip chats and latency")
    args = parser.parse_args()
    chosen = load_sets(args.sets.split(","))
    sets = {name: data for name, data in chosen.items() if name not in NETWORK_SETS}
    from webapp.search_views import get_service

    with seeded_lotse() as lotse:
        with lotse.app.app_context():
            report, figures = quality(get_service(), sets)
        for name in [n for n in NETWORK_SETS if n in chosen]:
            report += network(lotse.app.test_client(), name, chosen[name])
        if not args.no_latency:
            with gunicorn(lotse.env) as base:
                report += chats(base, sets)
                report += latency(
                    base, [q["q"] for s in sets.values() for q in s["questions"]],
                    [q["q"] for name in NETWORK_SETS if name in chosen
                     for q in chosen[name]["questions"]])
    print("\n".join(report))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(figures, out, indent=1)


if __name__ == "__main__":
    main()
