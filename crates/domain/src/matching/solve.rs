//! The exact lexicographic assignment of MATCHING.md: as many critical requests as possible,
//! then as many high, medium and low, and among the assignments reaching those four counts the
//! least total cost (pair costs plus providers' load costs).
//!
//! How: one network, source → urgency node → class of interchangeable requests (`classes`) →
//! offering → provider → sink, with the
//! load costs as parallel provider → sink arcs of rising cost (they are non-decreasing, so a
//! cheapest flow always uses them in order). Phase 1 opens the source's arc to each urgency in
//! turn and augments the flow to the maximum (`max_flow`); since augmenting never lowers the flow
//! out of the source, each urgency keeps the count reached for it, which by the matroid property
//! of matchable sets is the lexicographic maximum. Phase 2 freezes the source's arcs at those
//! counts and turns the flow into a cheapest circulation (`cost_scaling`), which may trade one
//! request for another of the same urgency but never changes the counts.

use super::classes::{Classes, classes_of};
use super::cost_scaling;
use super::instance::Instance;
use super::max_flow;
use super::network::{ArcSpec, Network};
use crate::Urgency;

/// The result: which request goes to which offering (by index, in request order), how many
/// of each urgency were matched (in `Urgency::ALL` order), and the total cost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub pairs: Vec<(usize, usize)>,
    pub matched: [usize; 4],
    pub cost: u64,
}

const SOURCE: u32 = 0;
const SINK: u32 = 1;
/// The first urgency node; the four follow in `Urgency::ALL` order.
const URGENCY_NODES: u32 = 2;
const FIRST_CLASS: u32 = 6;

fn urgency_index(urgency: Urgency) -> usize {
    Urgency::ALL.iter().position(|&u| u == urgency).unwrap_or(3)
}

/// Node numbers of an instance's network.
struct Layout {
    offerings: u32,
    providers: u32,
    nodes: usize,
}

impl Layout {
    fn of(instance: &Instance, classes: &Classes) -> Self {
        let offerings = FIRST_CLASS + classes.members.len() as u32;
        let providers = offerings + instance.offerings().len() as u32;
        Self { offerings, providers, nodes: (providers as usize) + instance.providers().len() }
    }
}

/// Solves `instance` exactly (see the module's documentation).
pub fn solve(instance: &Instance) -> Assignment {
    let classes = classes_of(instance);
    let layout = Layout::of(instance, &classes);
    let arcs = arcs_of(instance, &classes, &layout);
    let (mut network, forward) = Network::build(layout.nodes, &arcs);
    // The first four specs are the source's arcs, one per urgency, closed until their turn.
    let demand = instance.requests().len() as i32;
    for &arc in &forward[..4] {
        network.residual[arc as usize] = demand;
        max_flow::augment(&mut network, SOURCE as usize, SINK as usize);
    }
    for &arc in &forward[..4] {
        // Frozen: neither more nor less for any urgency from here on.
        let (a, back) = (arc as usize, network.partner[arc as usize] as usize);
        network.residual[a] = 0;
        network.residual[back] = 0;
    }
    cost_scaling::minimise(&mut network);
    read_assignment(instance, &classes, &network, &layout)
}

fn arcs_of(instance: &Instance, classes: &Classes, layout: &Layout) -> Vec<ArcSpec> {
    // No arc can carry more than every request together.
    let most = i32::try_from(instance.requests().len()).unwrap_or(i32::MAX);
    let clamp = |capacity: u64| i32::try_from(capacity.min(most as u64)).unwrap_or(most);
    let mut arcs = Vec::with_capacity(4 + 2 * classes.members.len() + classes.pairs.len());
    for u in 0..4 {
        arcs.push(ArcSpec { from: SOURCE, to: URGENCY_NODES + u, capacity: 0, cost: 0 });
    }
    for (c, members) in classes.members.iter().enumerate() {
        let from = URGENCY_NODES + urgency_index(classes.urgency[c]) as u32;
        let size = clamp(members.len() as u64);
        arcs.push(ArcSpec { from, to: FIRST_CLASS + c as u32, capacity: size, cost: 0 });
    }
    for (c, members) in classes.members.iter().enumerate() {
        // Each member takes at most one place, so the class at most one per member.
        let size = clamp(members.len() as u64);
        for &(offering, cost) in classes.pairs_of(c) {
            let capacity =
                size.min(clamp(u64::from(instance.offerings()[offering as usize].capacity)));
            arcs.push(ArcSpec {
                from: FIRST_CLASS + c as u32,
                to: layout.offerings + offering,
                capacity,
                cost: cost as i32,
            });
        }
    }
    let mut offered = vec![0u64; instance.providers().len()];
    for (o, offering) in instance.offerings().iter().enumerate() {
        offered[offering.provider] += u64::from(offering.capacity);
        arcs.push(ArcSpec {
            from: layout.offerings + o as u32,
            to: layout.providers + offering.provider as u32,
            capacity: clamp(u64::from(offering.capacity)),
            cost: 0,
        });
    }
    for (p, provider) in instance.providers().iter().enumerate() {
        let from = layout.providers + p as u32;
        let capacity = clamp(provider.capacity.map_or(offered[p], u64::from).min(offered[p]));
        for (cost, amount) in load_steps(&provider.load_costs, capacity) {
            arcs.push(ArcSpec { from, to: SINK, capacity: amount, cost: cost as i32 });
        }
    }
    arcs
}

/// A provider's load costs as (cost, how many requests) steps up to `capacity`: one step per
/// run of equal costs, the last value repeated beyond the list.
fn load_steps(load_costs: &[u32], capacity: i32) -> Vec<(u32, i32)> {
    let mut steps: Vec<(u32, i32)> = Vec::new();
    let mut left = capacity;
    for (k, &cost) in load_costs.iter().enumerate() {
        if left == 0 {
            break;
        }
        let amount = if k + 1 == load_costs.len() { left } else { 1 };
        match steps.last_mut() {
            Some((last, taken)) if *last == cost => *taken += amount,
            _ => steps.push((cost, amount)),
        }
        left -= amount;
    }
    if load_costs.is_empty() && capacity > 0 {
        steps.push((0, capacity));
    }
    steps
}

/// Hands each class's flow to its members in order: the first ones to the first offering its
/// flow goes to, and so on.
fn read_assignment(
    instance: &Instance,
    classes: &Classes,
    network: &Network,
    layout: &Layout,
) -> Assignment {
    let mut pairs = Vec::new();
    let mut matched = [0usize; 4];
    let mut taken = vec![0usize; instance.providers().len()];
    let mut cost = 0u64;
    for (c, members) in classes.members.iter().enumerate() {
        let mut waiting = members.iter();
        let v = (FIRST_CLASS as usize) + c;
        for a in network.arcs(v) {
            let w = network.head[a];
            // Arcs from a class to offerings are all forward arcs.
            if w < layout.offerings || w >= layout.providers {
                continue;
            }
            let o = (w - layout.offerings) as usize;
            for _ in 0..network.flow(a) {
                let Some(&r) = waiting.next() else { break };
                pairs.push((r as usize, o));
                matched[urgency_index(classes.urgency[c])] += 1;
                taken[instance.offerings()[o].provider] += 1;
                cost += network.cost[a] as u64;
            }
        }
    }
    pairs.sort_unstable();
    for (p, provider) in instance.providers().iter().enumerate() {
        cost += provider.load_total(taken[p]);
    }
    Assignment { pairs, matched, cost }
}
