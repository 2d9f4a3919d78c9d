//! Minimum-cost circulation by cost scaling (Goldberg and Tarjan's push-relabel method): from a
//! feasible flow, every arc with room and a negative reduced cost is saturated, and the excess
//! this creates is pushed along admissible arcs, relabelling nodes that have none, for a
//! precision `eps` divided by `ALPHA` each round until it reaches 1.
//!
//! Guarantees: the flow stays feasible between rounds (every node balanced, every arc within its
//! capacity), so the amounts leaving the source, which no arc with room touches, never change;
//! costs are multiplied by the node count plus one, so a flow that is 1-optimal for them is
//! optimal for the original costs. Prices only fall, by at most a few times `n · eps` a round,
//! and fit in `i64` for the instance bounds (costs up to 10^6, a few million nodes).

use std::collections::VecDeque;

use super::network::Network;

/// How much finer each round's precision is than the last.
const ALPHA: i64 = 8;

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

    /// Pushes `v`'s excess along admissible arcs, relabelling it whenever it has none left.
    fn discharge(&mut self, network: &mut Network, v: usize, eps: i64) {
        let end = network.first[v + 1] as usize;
        while self.excess[v] > 0 {
            let mut a = self.current[v];
            while a < end && self.excess[v] > 0 {
                let room = network.residual[a];
                if room > 0 && self.reduced(network, v, a) < 0 {
                    let w = network.head[a] as usize;
                    let amount = self.excess[v].min(i64::from(room));
                    network.push(a, amount as i32);
                    self.excess[v] -= amount;
                    let was = self.excess[w];
                    self.excess[w] += amount;
                    if was <= 0 && self.excess[w] > 0 {
                        self.active.push_back(w as u32);
                    }
                    if network.residual[a] > 0 {
                        // Room left means the excess is gone; keep this arc current.
                        break;
                    }
                }
                a += 1;
            }
            self.current[v] = a;
            if self.excess[v] > 0 && !self.relabel(network, v, eps) {
                // No arc with room: impossible in a circulation, where excess arrived over an
                // arc whose partner now has room. Stop rather than loop.
                return;
            }
        }
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
