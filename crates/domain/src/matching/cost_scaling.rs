//! Minimum-cost circulation by cost scaling (Goldberg and Tarjan's push-relabel method): from a
//! feasible flow, every arc with room and a negative reduced cost is saturated, and the excess
//! this creates is moved along admissible arcs to deficits, for a precision `eps` divided by
//! `ALPHA` each round until it reaches 1. Excess moves by partial augment-relabel (as LEMON's
//! default method does): along a path of up to `PATH` admissible arcs, or to the first deficit
//! on the way, relabelling where the path cannot go on; in these bipartite networks that keeps
//! units from bouncing between a request and a busy offering.
//!
//! Guarantees: the flow stays feasible between rounds (every node balanced, every arc within its
//! capacity), so the amounts leaving the source, which no arc with room touches, never change;
//! costs are multiplied by the node count plus one, so a flow that is 1-optimal for them is
//! optimal for the original costs. Prices only fall, by at most a few times `n · eps` a round,
//! and fit in `i64` for the instance bounds (costs up to 10^6, a few million nodes).

use std::collections::VecDeque;

use super::network::Network;

/// How much finer each round's precision is than the last.
const ALPHA: i64 = 4;

/// Makes the flow in `network` a minimum-cost circulation, without changing its amount on arcs
/// that have no room in either direction.
pub(crate) fn minimise(network: &mut Network) {
    let nodes = network.nodes();
    let scale = nodes as i64 + 1;
    let largest = network.cost.iter().map(|&c| i64::from(c).abs()).max().unwrap_or(0);
    let mut state = State {
        price: vec![0; nodes],
        excess: vec![0; nodes],
        current: network.first[..nodes].iter().map(|&a| a as usize).collect(),
        active: VecDeque::new(),
        scale,
    };
    let mut eps = largest * scale;
    while eps > 1 {
        eps = (eps / ALPHA).max(1);
        state.refine(network, eps);
    }
}

#[derive(Debug)]
struct State {
    price: Vec<i64>,
    excess: Vec<i64>,
    current: Vec<usize>,
    active: VecDeque<u32>,
    scale: i64,
}

impl State {
    fn reduced(&self, network: &Network, v: usize, a: usize) -> i64 {
        i64::from(network.cost[a]) * self.scale + self.price[v]
            - self.price[network.head[a] as usize]
    }

    /// Turns an `eps * ALPHA`-optimal circulation into an `eps`-optimal one.
    fn refine(&mut self, network: &mut Network, eps: i64) {
        for v in 0..network.nodes() {
            for a in network.arcs(v) {
                let room = network.residual[a];
                if room > 0 && self.reduced(network, v, a) < 0 {
                    network.push(a, room);
                    self.excess[v] -= i64::from(room);
                    self.excess[network.head[a] as usize] += i64::from(room);
                }
            }
        }
        self.active.clear();
        for v in 0..network.nodes() {
            self.current[v] = network.first[v] as usize;
            if self.excess[v] > 0 {
                self.active.push_back(v as u32);
            }
        }
        while let Some(v) = self.active.pop_front() {
            self.discharge(network, v as usize, eps);
        }
    }

    /// Moves `start`'s excess along paths of admissible arcs, each at most `PATH` arcs long and
    /// ending early at a node with a deficit (partial augment-relabel): excess then travels to
    /// where it is wanted instead of bouncing between neighbours. A node with no admissible arc
    /// is relabelled; if it is on the path, the path retreats past it.
    fn discharge(&mut self, network: &mut Network, start: usize, eps: i64) {
        const PATH: usize = 4;
        let mut path: Vec<usize> = Vec::with_capacity(PATH);
        while self.excess[start] > 0 {
            path.clear();
            let mut u = start;
            loop {
                let end = network.first[u + 1] as usize;
                let mut a = self.current[u];
                while a < end && !(network.residual[a] > 0 && self.reduced(network, u, a) < 0) {
                    a += 1;
                }
                self.current[u] = a;
                if a < end {
                    path.push(a);
                    let v = network.head[a] as usize;
                    if self.excess[v] < 0 || path.len() == PATH {
                        break;
                    }
                    u = v;
                } else {
                    if !self.relabel(network, u, eps) {
                        if u == start {
                            // Excess with no arc with room: impossible in a circulation.
                            return;
                        }
                        self.close_dead_end(network, u);
                    }
                    if let Some(back) = path.pop() {
                        u = network.head[network.partner[back] as usize] as usize;
                    }
                }
            }
            let mut amount = self.excess[start];
            for &a in &path {
                amount = amount.min(i64::from(network.residual[a]));
            }
            for &a in &path {
                network.push(a, amount as i32);
            }
            self.excess[start] -= amount;
            let last = network.head[path[path.len() - 1]] as usize;
            let was = self.excess[last];
            self.excess[last] += amount;
            if was <= 0 && self.excess[last] > 0 {
                self.active.push_back(last as u32);
            }
        }
    }

    /// A node on a path with no arc with room leads nowhere: lowers its price until no arc into
    /// it is admissible. Nothing leaves it, so no reduced cost can fall below `-eps` by that.
    fn close_dead_end(&mut self, network: &Network, v: usize) {
        for a in network.arcs(v) {
            let into = network.partner[a] as usize;
            if network.residual[into] > 0 {
                let u = network.head[a] as usize;
                let level = i64::from(network.cost[into]) * self.scale + self.price[u];
                self.price[v] = self.price[v].min(level);
            }
        }
        self.current[v] = network.first[v] as usize;
    }

    /// Lowers `v`'s price just enough for its best arc with room to become admissible; `false`
    /// when it has no arc with room.
    fn relabel(&mut self, network: &Network, v: usize, eps: i64) -> bool {
        let mut best = i64::MIN;
        for a in network.arcs(v) {
            if network.residual[a] > 0 {
                let candidate =
                    self.price[network.head[a] as usize] - i64::from(network.cost[a]) * self.scale;
                best = best.max(candidate);
            }
        }
        if best == i64::MIN {
            return false;
        }
        self.price[v] = best - eps;
        self.current[v] = network.first[v] as usize;
        true
    }
}
