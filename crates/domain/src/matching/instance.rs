//! A matching problem as the solver takes it: requests with their urgency, offerings with their
//! provider and capacity, providers with their capacity and load costs, and the feasible pairs
//! with their costs (MATCHING.md).
//!
//! Guarantees: an [`Instance`] exists only through [`Instance::parse`] (ids, as read) or
//! [`Instance::new`] (indices, as generated), which check every rule of the exchange format and
//! name the offending item; so every index in it is in range, every number is within its bounds,
//! no pair appears twice and every `load_costs` list is non-decreasing. The solver relies on
//! that and checks nothing again.

use std::collections::HashMap;

use crate::Urgency;

/// The largest cost of a pair or of a load step.
pub const MAX_COST: i64 = 1_000_000;
/// The largest capacity of an offering or a provider.
pub const MAX_CAPACITY: i64 = 1_000_000;

/// One request as read: its id and urgency code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestInput {
    pub id: String,
    pub urgency: String,
}

/// One offering as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferingInput {
    pub id: String,
    pub provider: String,
    pub capacity: i64,
}

/// One provider as read; `None` and an empty list mean "no limit" and "no load cost".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderInput {
    pub id: String,
    pub capacity: Option<i64>,
    pub load_costs: Vec<i64>,
}

/// One feasible pair as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EdgeInput {
    pub request: String,
    pub offering: String,
    pub cost: i64,
}

/// A problem as read, before any check.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InstanceInput {
    pub requests: Vec<RequestInput>,
    pub offerings: Vec<OfferingInput>,
    pub providers: Vec<ProviderInput>,
    pub edges: Vec<EdgeInput>,
}

/// What is wrong with one item of the input; its `Display` names the item.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    #[error("{list}[{index}]: the id {id:?} is used twice")]
    DuplicateId { list: &'static str, index: usize, id: String },
    #[error("requests[{index}] ({id}): urgency {urgency:?} is not critical, high, medium or low")]
    UnknownUrgency { index: usize, id: String, urgency: String },
    #[error("offerings[{index}] ({id}): names the provider {provider:?}, which is not listed")]
    UnknownProvider { index: usize, id: String, provider: String },
    #[error("edges[{index}]: names the {kind} {id:?}, which is not listed")]
    UnknownEnd { index: usize, kind: &'static str, id: String },
    #[error("edges[{index}]: the pair {request} → {offering} is listed twice")]
    DuplicateEdge { index: usize, request: String, offering: String },
    #[error("{item}: {field} must be a whole number from 0 to {max}, not {value}")]
    OutOfRange { item: String, field: &'static str, value: i64, max: i64 },
    #[error(
        "providers[{index}] ({id}): load_costs must not decrease, but {before} is followed by {after}"
    )]
    DecreasingLoadCosts { index: usize, id: String, before: i64, after: i64 },
}

/// A request to place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub id: String,
    pub urgency: Urgency,
}

/// An offering, with the index of its provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offering {
    pub id: String,
    pub provider: usize,
    pub capacity: u32,
}

/// A provider: `None` is no limit beyond its offerings'; `load_costs` is non-decreasing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provider {
    pub id: String,
    pub capacity: Option<u32>,
    pub load_costs: Vec<u32>,
}

impl Provider {
    /// What the `k`-th request it takes (from 1) adds: `load_costs[k-1]`, the last value beyond
    /// the list, nothing without a list.
    pub fn load_cost(&self, k: usize) -> u64 {
        let step = k.saturating_sub(1).min(self.load_costs.len().saturating_sub(1));
        self.load_costs.get(step).map_or(0, |&cost| u64::from(cost))
    }

    /// The load costs of taking `count` requests in all.
    pub fn load_total(&self, count: usize) -> u64 {
        (1..=count).map(|k| self.load_cost(k)).sum()
    }
}

/// A feasible pair, by indices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edge {
    pub request: u32,
    pub offering: u32,
    pub cost: u32,
}

/// A checked problem (see the module's guarantees).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instance {
    requests: Vec<Request>,
    offerings: Vec<Offering>,
    providers: Vec<Provider>,
    edges: Vec<Edge>,
}

fn bounded(
    item: impl FnOnce() -> String,
    field: &'static str,
    value: i64,
    max: i64,
) -> Result<u32, InputError> {
    match u32::try_from(value) {
        Ok(checked) if value <= max => Ok(checked),
        _ => Err(InputError::OutOfRange { item: item(), field, value, max }),
    }
}

/// Indexes `ids`, refusing the second use of any.
fn index_ids<'a>(
    list: &'static str,
    ids: impl Iterator<Item = &'a str>,
) -> Result<HashMap<&'a str, u32>, InputError> {
    let mut index = HashMap::new();
    for (position, id) in ids.enumerate() {
        let slot = u32::try_from(position).unwrap_or(u32::MAX);
        if index.insert(id, slot).is_some() {
            return Err(InputError::DuplicateId { list, index: position, id: id.to_owned() });
        }
    }
    Ok(index)
}

impl Instance {
    /// Checks `input` against every rule of the exchange format; the first problem found is
    /// returned, naming its item.
    pub fn parse(input: &InstanceInput) -> Result<Self, InputError> {
        let request_index = index_ids("requests", input.requests.iter().map(|r| r.id.as_str()))?;
        let offering_index = index_ids("offerings", input.offerings.iter().map(|o| o.id.as_str()))?;
        let provider_index = index_ids("providers", input.providers.iter().map(|p| p.id.as_str()))?;
        let requests = input
            .requests
            .iter()
            .enumerate()
            .map(|(index, r)| {
                let urgency =
                    Urgency::parse(&r.urgency).map_err(|_| InputError::UnknownUrgency {
                        index,
                        id: r.id.clone(),
                        urgency: r.urgency.clone(),
                    })?;
                Ok(Request { id: r.id.clone(), urgency })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let providers = input
            .providers
            .iter()
            .enumerate()
            .map(|(index, p)| parse_provider(index, p))
            .collect::<Result<Vec<_>, _>>()?;
        let offerings = input
            .offerings
            .iter()
            .enumerate()
            .map(|(index, o)| {
                let provider = *provider_index.get(o.provider.as_str()).ok_or_else(|| {
                    InputError::UnknownProvider {
                        index,
                        id: o.id.clone(),
                        provider: o.provider.clone(),
                    }
                })?;
                let item = || format!("offerings[{index}] ({})", o.id);
                let capacity = bounded(item, "capacity", o.capacity, MAX_CAPACITY)?;
                Ok(Offering { id: o.id.clone(), provider: provider as usize, capacity })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let mut edges = Vec::with_capacity(input.edges.len());
        for (index, e) in input.edges.iter().enumerate() {
            let end = |kind: &'static str, id: &str| InputError::UnknownEnd {
                index,
                kind,
                id: id.to_owned(),
            };
            let request =
                *request_index.get(e.request.as_str()).ok_or_else(|| end("request", &e.request))?;
            let offering = *offering_index
                .get(e.offering.as_str())
                .ok_or_else(|| end("offering", &e.offering))?;
            let cost = bounded(|| format!("edges[{index}]"), "cost", e.cost, MAX_COST)?;
            edges.push(Edge { request, offering, cost });
        }
        Self::new(requests, offerings, providers, edges)
    }

    /// Checks a problem given by indices (as a generator makes it): every index in range, every
    /// number within bounds, no pair twice, load costs non-decreasing.
    pub fn new(
        requests: Vec<Request>,
        offerings: Vec<Offering>,
        providers: Vec<Provider>,
        edges: Vec<Edge>,
    ) -> Result<Self, InputError> {
        let capacity = |item: String, value: u32| {
            bounded(|| item, "capacity", i64::from(value), MAX_CAPACITY).map(|_| ())
        };
        for (index, o) in offerings.iter().enumerate() {
            if o.provider >= providers.len() {
                let provider = o.provider.to_string();
                return Err(InputError::UnknownProvider { index, id: o.id.clone(), provider });
            }
            capacity(format!("offerings[{index}] ({})", o.id), o.capacity)?;
        }
        for (index, p) in providers.iter().enumerate() {
            if let Some(value) = p.capacity {
                capacity(format!("providers[{index}] ({})", p.id), value)?;
            }
            let input = ProviderInput {
                id: p.id.clone(),
                capacity: None,
                load_costs: p.load_costs.iter().map(|&c| i64::from(c)).collect(),
            };
            parse_provider(index, &input)?;
        }
        for (index, e) in edges.iter().enumerate() {
            let end = |kind: &'static str, at: u32| InputError::UnknownEnd {
                index,
                kind,
                id: at.to_string(),
            };
            if e.request as usize >= requests.len() {
                return Err(end("request", e.request));
            }
            if e.offering as usize >= offerings.len() {
                return Err(end("offering", e.offering));
            }
            bounded(|| format!("edges[{index}]"), "cost", i64::from(e.cost), MAX_COST)?;
        }
        refuse_duplicate_edges(&edges, &requests, &offerings)?;
        Ok(Self { requests, offerings, providers, edges })
    }

    pub fn requests(&self) -> &[Request] {
        &self.requests
    }

    pub fn offerings(&self) -> &[Offering] {
        &self.offerings
    }

    pub fn providers(&self) -> &[Provider] {
        &self.providers
    }

    pub fn edges(&self) -> &[Edge] {
        &self.edges
    }
}

fn parse_provider(index: usize, p: &ProviderInput) -> Result<Provider, InputError> {
    let item = || format!("providers[{index}] ({})", p.id);
    let capacity = p.capacity.map(|c| bounded(item, "capacity", c, MAX_CAPACITY)).transpose()?;
    let mut load_costs = Vec::with_capacity(p.load_costs.len());
    for (step, &cost) in p.load_costs.iter().enumerate() {
        if step > 0 && cost < p.load_costs[step - 1] {
            return Err(InputError::DecreasingLoadCosts {
                index,
                id: p.id.clone(),
                before: p.load_costs[step - 1],
                after: cost,
            });
        }
        load_costs.push(bounded(item, "a load cost", cost, MAX_COST)?);
    }
    Ok(Provider { id: p.id.clone(), capacity, load_costs })
}

/// Sorting the pairs finds a repeated one without a set of millions of entries.
fn refuse_duplicate_edges(
    edges: &[Edge],
    requests: &[Request],
    offerings: &[Offering],
) -> Result<(), InputError> {
    let mut keys: Vec<(u64, usize)> = edges
        .iter()
        .enumerate()
        .map(|(index, e)| ((u64::from(e.request) << 32) | u64::from(e.offering), index))
        .collect();
    keys.sort_unstable();
    let repeated =
        keys.windows(2).filter(|pair| pair[0].0 == pair[1].0).map(|pair| pair[1].1).min();
    match repeated {
        Some(index) => Err(InputError::DuplicateEdge {
            index,
            request: requests[edges[index].request as usize].id.clone(),
            offering: offerings[edges[index].offering as usize].id.clone(),
        }),
        None => Ok(()),
    }
}
