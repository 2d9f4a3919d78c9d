//! A residual network in compressed form: each node's arcs are contiguous (`first[v]` to
//! `first[v + 1]`), and each arc knows its partner in the opposite direction (`partner`).
//! Arrays rather than structs of arcs, so that a scan over a node's arcs reads only what it
//! needs (the big instances have tens of millions of arcs).
//!
//! Guarantees: `residual[a] + residual[partner[a]]` is the arc pair's capacity throughout, and
//! `cost[partner[a]] == -cost[a]`.

/// An arc as it is added: from, to, capacity, cost.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ArcSpec {
    pub from: u32,
    pub to: u32,
    pub capacity: i32,
    pub cost: i32,
}

#[derive(Debug)]
pub(crate) struct Network {
    pub first: Vec<u32>,
    pub head: Vec<u32>,
    pub partner: Vec<u32>,
    pub residual: Vec<i32>,
    pub cost: Vec<i32>,
}

impl Network {
    /// Lays out `arcs` (and their reverse arcs, with no residual capacity) over `nodes` nodes.
    /// Returns the network and, for each spec in order, the position of its forward arc.
    pub fn build(nodes: usize, arcs: &[ArcSpec]) -> (Self, Vec<u32>) {
        let mut degree = vec![0u32; nodes + 1];
        for arc in arcs {
            degree[arc.from as usize] += 1;
            degree[arc.to as usize] += 1;
        }
        let mut first = vec![0u32; nodes + 1];
        for v in 0..nodes {
            first[v + 1] = first[v] + degree[v];
        }
        let total = first[nodes] as usize;
        let mut next = first.clone();
        let mut network = Self {
            first,
            head: vec![0; total],
            partner: vec![0; total],
            residual: vec![0; total],
            cost: vec![0; total],
        };
        let mut forward_at = Vec::with_capacity(arcs.len());
        for arc in arcs {
            let forward = next[arc.from as usize];
            next[arc.from as usize] += 1;
            let backward = next[arc.to as usize];
            next[arc.to as usize] += 1;
            let (f, b) = (forward as usize, backward as usize);
            network.head[f] = arc.to;
            network.head[b] = arc.from;
            network.partner[f] = backward;
            network.partner[b] = forward;
            network.residual[f] = arc.capacity;
            network.cost[f] = arc.cost;
            network.cost[b] = -arc.cost;
            forward_at.push(forward);
        }
        (network, forward_at)
    }

    pub fn nodes(&self) -> usize {
        self.first.len() - 1
    }

    /// The arcs leaving `v`.
    pub fn arcs(&self, v: usize) -> std::ops::Range<usize> {
        self.first[v] as usize..self.first[v + 1] as usize
    }

    /// Sends `amount` along arc `a`.
    pub fn push(&mut self, a: usize, amount: i32) {
        self.residual[a] -= amount;
        self.residual[self.partner[a] as usize] += amount;
        debug_assert!(self.residual[a] >= 0, "arc {a} pushed beyond its room");
    }

    /// The flow on forward arc `a` (what its partner could send back).
    pub fn flow(&self, a: usize) -> i32 {
        self.residual[self.partner[a] as usize]
    }
}
