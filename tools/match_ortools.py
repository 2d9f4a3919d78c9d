"""Solves a matching instance written by `c4h-match-time --write FOLDER` with Google OR-Tools,
the same lexicographic way as our solver, and prints one JSON line with the result and the time.

Lexicographic optimum (MATCHING.md): the most critical requests matched, then high, medium, low,
then the least cost. Since matchable sets form a matroid, the count for urgency u is
maxflow(urgencies up to u) - maxflow(urgencies before u) (OR-Tools' SimpleMaxFlow, four runs);
then one SimpleMinCostFlow with exactly those supplies per urgency finds the least cost.
"solve_seconds" is the time inside OR-Tools' Solve calls; building the graphs is reported apart.
"""

import json
import sys
import time
from pathlib import Path

import numpy as np
from ortools.graph.python import max_flow, min_cost_flow


def load(folder: Path):
    read = lambda name: np.fromfile(folder / name, dtype="<i8")
    return {name: read(name) for name in [
        "request_urgency", "offering_provider", "offering_capacity", "provider_capacity",
        "provider_load_offsets", "provider_load_costs", "edge_request", "edge_offering", "edge_cost",
    ]}


def network(a):
    """Nodes: 0 sink, 1..4 urgency sources, then requests, offerings, providers.
    Arcs (tails, heads, capacities, costs): urgency -> request, request -> offering,
    offering -> provider, provider -> sink (load costs as steps)."""
    n_r, n_o, n_p = len(a["request_urgency"]), len(a["offering_provider"]), len(a["provider_capacity"])
    first_r, first_o = 5, 5 + n_r
    first_p = first_o + n_o
    tails = [1 + a["request_urgency"], a["edge_request"] + first_r, np.arange(n_o) + first_o]
    heads = [np.arange(n_r) + first_r, a["edge_offering"] + first_o, a["offering_provider"] + first_p]
    caps = [np.ones(n_r, dtype=np.int64), np.ones(len(a["edge_cost"]), dtype=np.int64),
            np.minimum(a["offering_capacity"], n_r)]
    costs = [np.zeros(n_r, dtype=np.int64), a["edge_cost"], np.zeros(n_o, dtype=np.int64)]
    offered = np.bincount(a["offering_provider"], weights=a["offering_capacity"], minlength=n_p).astype(np.int64)
    pt, pc, pk = [], [], []
    offsets, load = a["provider_load_offsets"], a["provider_load_costs"]
    for p in range(n_p):
        limit = offered[p] if a["provider_capacity"][p] < 0 else min(offered[p], a["provider_capacity"][p])
        left = int(min(limit, n_r))
        steps = load[offsets[p]:offsets[p + 1]]
        if len(steps) == 0 and left > 0:
            pt.append(p); pc.append(left); pk.append(0)
        for k, cost in enumerate(steps):
            if left == 0:
                break
            amount = left if k == len(steps) - 1 else 1
            pt.append(p); pc.append(amount); pk.append(int(cost))
            left -= amount
    tails.append(np.array(pt, dtype=np.int64) + first_p)
    heads.append(np.zeros(len(pt), dtype=np.int64))
    caps.append(np.array(pc, dtype=np.int64))
    costs.append(np.array(pk, dtype=np.int64))
    return [np.concatenate(x) for x in (tails, heads, caps, costs)], first_p + n_p


def main():
    folder = Path(sys.argv[1])
    a = load(folder)
    started = time.perf_counter()
    (tails, heads, caps, costs), nodes = network(a)
    built = time.perf_counter() - started
    solve_seconds = 0.0
    # Phase 1: a super source (node `nodes`) opens urgencies 1..u; four max flows.
    flows = []
    for u in range(4):
        graph = max_flow.SimpleMaxFlow()
        graph.add_arcs_with_capacity(tails, heads, caps)
        for level in range(u + 1):
            graph.add_arc_with_capacity(nodes, 1 + level, len(a["request_urgency"]))
        t = time.perf_counter()
        status = graph.solve(nodes, 0)
        solve_seconds += time.perf_counter() - t
        assert status == graph.OPTIMAL, status
        flows.append(graph.optimal_flow())
    matched = [flows[0]] + [flows[u] - flows[u - 1] for u in range(1, 4)]
    # Phase 2: exactly those counts, least cost.
    graph = min_cost_flow.SimpleMinCostFlow()
    graph.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    for u in range(4):
        graph.set_node_supply(1 + u, matched[u])
    graph.set_node_supply(0, -sum(matched))
    t = time.perf_counter()
    status = graph.solve()
    solve_seconds += time.perf_counter() - t
    assert status == graph.OPTIMAL, status
    print(json.dumps({"matched": matched, "cost": graph.optimal_cost(),
                      "solve_seconds": round(solve_seconds, 3), "build_seconds": round(built, 3)}))


if __name__ == "__main__":
    main()
