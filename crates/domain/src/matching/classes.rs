//! Interchangeable requests: the same urgency and exactly the same pairs (offering and cost).
//! Costs come from a handful of attributes (category, country, languages, urgency), so many
//! waiting requests coincide; the solver places a class as one node whose supply is its size,
//! which is exact (any assignment of the class's flow to its members costs the same and counts
//! the same) and makes the network smaller.
//!
//! Guarantees: every request is in exactly one class; a class's pairs are sorted by offering
//! and name each offering once; classes are numbered in order of their first member.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use super::instance::Instance;
use crate::Urgency;

#[derive(Debug)]
pub(crate) struct Classes {
    /// Each class's members, by request index, in request order.
    pub members: Vec<Vec<u32>>,
    pub urgency: Vec<Urgency>,
    /// Each class's pairs `(offering, cost)`: `pairs[first[c]..first[c + 1]]`.
    pub first: Vec<usize>,
    pub pairs: Vec<(u32, u32)>,
}

impl Classes {
    pub fn pairs_of(&self, class: usize) -> &[(u32, u32)] {
        &self.pairs[self.first[class]..self.first[class + 1]]
    }
}

/// Each request's pairs, sorted by offering (a counting sort by request, then a sort of each).
fn pairs_by_request(instance: &Instance) -> (Vec<usize>, Vec<(u32, u32)>) {
    let n = instance.requests().len();
    let mut first = vec![0usize; n + 1];
    for edge in instance.edges() {
        first[edge.request as usize + 1] += 1;
    }
    for r in 0..n {
        first[r + 1] += first[r];
    }
    let mut next = first.clone();
    let mut pairs = vec![(0u32, 0u32); instance.edges().len()];
    for edge in instance.edges() {
        let slot = &mut next[edge.request as usize];
        pairs[*slot] = (edge.offering, edge.cost);
        *slot += 1;
    }
    for r in 0..n {
        pairs[first[r]..first[r + 1]].sort_unstable();
    }
    (first, pairs)
}

pub(crate) fn classes_of(instance: &Instance) -> Classes {
    let (first, pairs) = pairs_by_request(instance);
    let of = |r: usize| &pairs[first[r]..first[r + 1]];
    let mut classes =
        Classes { members: Vec::new(), urgency: Vec::new(), first: vec![0], pairs: Vec::new() };
    // Hash of (urgency, pairs) → classes with that hash, compared in full on a hit.
    let mut by_hash: HashMap<u64, Vec<u32>> = HashMap::new();
    for (r, request) in instance.requests().iter().enumerate() {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        (request.urgency, of(r)).hash(&mut hasher);
        let candidates = by_hash.entry(hasher.finish()).or_default();
        let found = candidates.iter().copied().find(|&c| {
            let c = c as usize;
            classes.urgency[c] == request.urgency && classes.pairs_of(c) == of(r)
        });
        match found {
            Some(c) => classes.members[c as usize].push(r as u32),
            None => {
                candidates.push(classes.members.len() as u32);
                classes.members.push(vec![r as u32]);
                classes.urgency.push(request.urgency);
                classes.pairs.extend_from_slice(of(r));
                classes.first.push(classes.pairs.len());
            }
        }
    }
    classes
}
