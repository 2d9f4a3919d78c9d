//! Maximum flow by Dinic's method, run again after each change of the source's arcs, so that
//! earlier flow is kept and extended (the staged search for the most requests of each urgency).
//!
//! Guarantees: a path found here never passes through the source again, so the flow on an arc
//! leaving the source never decreases; each call ends with no augmenting path left.

use super::network::Network;

const UNREACHED: u32 = u32::MAX;

/// Augments the flow from `source` to `sink` until none more fits; returns what was added.
pub(crate) fn augment(network: &mut Network, source: usize, sink: usize) -> i64 {
    let nodes = network.nodes();
    let mut level = vec![UNREACHED; nodes];
    let mut current = vec![0usize; nodes];
    let mut queue = Vec::with_capacity(nodes);
    let mut added = 0i64;
    while levels(network, source, sink, &mut level, &mut queue) {
        for (v, arc) in current.iter_mut().enumerate() {
            *arc = network.first[v] as usize;
        }
        added += blocking_flow(network, source, sink, &mut level, &mut current);
    }
    added
}

/// Breadth-first levels from `source` over arcs with room; whether `sink` was reached.
fn levels(
    network: &Network,
    source: usize,
    sink: usize,
    level: &mut [u32],
    queue: &mut Vec<u32>,
) -> bool {
    level.fill(UNREACHED);
    queue.clear();
    level[source] = 0;
    queue.push(source as u32);
    let mut read = 0;
    while read < queue.len() {
        let v = queue[read] as usize;
        read += 1;
        if v == sink {
            continue;
        }
        for a in network.arcs(v) {
            let w = network.head[a] as usize;
            if network.residual[a] > 0 && level[w] == UNREACHED {
                level[w] = level[v] + 1;
                queue.push(w as u32);
            }
        }
    }
    level[sink] != UNREACHED
}

/// Saturates every shortest augmenting path of the level graph, depth first without recursion
/// (paths can be as long as the network is wide).
fn blocking_flow(
    network: &mut Network,
    source: usize,
    sink: usize,
    level: &mut [u32],
    current: &mut [usize],
) -> i64 {
    let mut added = 0i64;
    // The arcs of the path being explored, from the source.
    let mut path: Vec<usize> = Vec::new();
    loop {
        let v = path.last().map_or(source, |&a| network.head[a] as usize);
        if v == sink {
            let amount = path.iter().map(|&a| network.residual[a]).min().unwrap_or(0);
            for &a in &path {
                network.push(a, amount);
            }
            added += i64::from(amount);
            // Back up to the tail of the first arc that is now full.
            let full = path.iter().position(|&a| network.residual[a] == 0).unwrap_or(0);
            path.truncate(full);
            continue;
        }
        let end = network.first[v + 1] as usize;
        let mut a = current[v];
        while a < end {
            let w = network.head[a] as usize;
            if network.residual[a] > 0 && level[w] == level[v] + 1 {
                break;
            }
            a += 1;
        }
        current[v] = a;
        if a < end {
            path.push(a);
        } else {
            // A dead end: no path to the sink goes through `v` in this level graph.
            level[v] = UNREACHED;
            match path.pop() {
                Some(arc) => {
                    let tail = network.head[network.partner[arc] as usize] as usize;
                    current[tail] += 1;
                }
                None => return added,
            }
        }
    }
}
