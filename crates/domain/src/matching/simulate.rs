//! A surge on a virtual clock: the real solver ([`solve`]) and the real offer lifecycle
//! ([`OfferStep::apply`] with [`OfferDeadlines`]) against providers that answer late or not at
//! all, for the optimal policy and for greedy first-come-first-served, on the same draws.
//!
//! Deterministic: the same [`Surge`] (its seed included) always gives the same figures. Each
//! provider's answers are drawn once per (request, offering) pair, so both policies meet the
//! same behaviour whenever they make the same offer.

use std::collections::{BTreeMap, HashSet};

use time::{Duration, OffsetDateTime};

use super::{Edge, Instance, Offering, Provider, Request, solve};
use crate::Urgency;
use crate::lifecycle::OfferState;
use crate::offer_flow::{DeclineReason, OfferDeadlines, OfferStep};
use crate::request_flow::Role;

/// What to simulate. Ranges are drawn uniformly per provider.
#[derive(Debug, Clone, PartialEq)]
pub struct Surge {
    pub requests: usize,
    pub hours: u32,
    pub countries: usize,
    pub providers: usize,
    /// Minutes a provider takes to answer, on average (exponential delays), from … to ….
    pub mean_response_minutes: (f64, f64),
    /// The share of offers a provider accepts, from … to ….
    pub acceptance: (f64, f64),
    /// Hours an engagement holds its capacity, from … to ….
    pub engagement_hours: (u32, u32),
    pub seed: u64,
}

impl Default for Surge {
    /// 600 organisations in 24 hours across 40 countries, 40 providers.
    fn default() -> Self {
        Self {
            requests: 600,
            hours: 24,
            countries: 40,
            providers: 40,
            mean_response_minutes: (20.0, 240.0),
            acceptance: (0.5, 0.95),
            engagement_hours: (24, 96),
            seed: 1,
        }
    }
}

/// How offers are chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    /// The exact lexicographic optimum over every waiting request, at every event.
    Optimal,
    /// In order of arrival, each waiting request takes its cheapest offering with room.
    GreedyFirstComeFirstServed,
}

/// Time to engagement for one urgency, in minutes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UrgencyFigures {
    pub requests: usize,
    pub engaged: usize,
    pub p50: Option<i64>,
    pub p90: Option<i64>,
    pub max: Option<i64>,
}

/// A policy's outcome, by urgency in `Urgency::ALL` order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outcome {
    pub by_urgency: [UrgencyFigures; 4],
    pub offers: usize,
    pub declined: usize,
    pub expired: usize,
}

/// SplitMix64, as the benchmark generator uses.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn between(&mut self, (low, high): (f64, f64)) -> f64 {
        low + (high - low) * self.unit()
    }
}

struct SimRequest {
    arrival: OffsetDateTime,
    urgency: Urgency,
    category: usize,
    country: usize,
    language: usize,
}

struct SimOffering {
    provider: usize,
    category: usize,
    /// Countries served (a region's worth, or one country).
    countries: HashSet<usize>,
    language: usize,
    response_hours: u32,
    capacity: u32,
}

struct SimProvider {
    mean_response_minutes: f64,
    acceptance: f64,
    engagement_hours: (u32, u32),
}

/// The drawn world both policies run in.
struct World {
    requests: Vec<SimRequest>,
    offerings: Vec<SimOffering>,
    providers: Vec<SimProvider>,
    seed: u64,
}

const CATEGORIES: usize = 4;
const LANGUAGES: usize = 6;

fn world(surge: &Surge) -> World {
    let mut random = Random(surge.seed);
    let start = OffsetDateTime::UNIX_EPOCH + Duration::days(20_000);
    let regions = surge.countries.div_ceil(8).max(1);
    let region_of = |country: usize| country % regions;
    let mut requests: Vec<SimRequest> = (0..surge.requests)
        .map(|_| {
            let urgency = match random.below(20) {
                0..=1 => Urgency::Critical,
                2..=6 => Urgency::High,
                7..=14 => Urgency::Medium,
                _ => Urgency::Low,
            };
            let country = random.below(surge.countries);
            let minutes = random.unit() * f64::from(surge.hours) * 60.0;
            SimRequest {
                arrival: start + Duration::seconds((minutes * 60.0) as i64),
                urgency,
                category: random.below(CATEGORIES),
                country,
                language: country % LANGUAGES,
            }
        })
        .collect();
    requests.sort_by_key(|r| r.arrival);
    let providers: Vec<SimProvider> = (0..surge.providers)
        .map(|_| SimProvider {
            mean_response_minutes: random.between(surge.mean_response_minutes),
            acceptance: random.between(surge.acceptance),
            engagement_hours: surge.engagement_hours,
        })
        .collect();
    let mut offerings = Vec::new();
    for provider in 0..surge.providers {
        for _ in 0..=random.below(2) {
            let home = random.below(surge.countries);
            let countries: HashSet<usize> = if random.below(3) == 0 {
                [home].into()
            } else {
                (0..surge.countries).filter(|&c| region_of(c) == region_of(home)).collect()
            };
            offerings.push(SimOffering {
                provider,
                category: random.below(CATEGORIES),
                countries,
                language: if random.below(2) == 0 { home % LANGUAGES } else { 0 },
                response_hours: [1, 2, 4, 8, 24][random.below(5)],
                capacity: 1 + random.below(3) as u32,
            });
        }
    }
    World { requests, offerings, providers, seed: surge.seed }
}

/// The cost of a pair, or `None` when the offering cannot take the request (the same kinds of
/// terms as scoring: language, place, response time against urgency).
fn cost(request: &SimRequest, offering: &SimOffering) -> Option<u32> {
    if request.category != offering.category || !offering.countries.contains(&request.country) {
        return None;
    }
    let language = if request.language == offering.language { 0 } else { 300 };
    let place = if offering.countries.len() == 1 { 0 } else { 40 };
    let wanted = crate::matching::scoring::wanted_hours(request.urgency);
    let per_hour =
        [20, 5, 1, 0][Urgency::ALL.iter().position(|&u| u == request.urgency).unwrap_or(3)];
    Some(language + place + offering.response_hours.saturating_sub(wanted) * per_hour)
}

/// A provider's answer to an offer, drawn once per pair: after how long, and whether it accepts.
fn answer(world: &World, request: usize, offering: usize) -> (Duration, bool) {
    let provider = &world.providers[world.offerings[offering].provider];
    let mut random = Random(world.seed ^ ((request as u64) << 20) ^ offering as u64 ^ 0xA5A5);
    let minutes = -provider.mean_response_minutes * (1.0 - random.unit()).ln();
    (Duration::seconds((minutes * 60.0) as i64), random.unit() < provider.acceptance)
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Event {
    Arrival(usize),
    /// The offer `offer` of a request reaches its answer or deadline.
    OfferDue(usize),
    /// An engagement of `offering` ends and frees its capacity.
    Freed(usize),
}

struct LiveOffer {
    request: usize,
    offering: usize,
    sent: OffsetDateTime,
    deadline: OffsetDateTime,
    state: OfferState,
}

/// Runs `policy` on the world of `surge` until nothing is left to happen.
pub fn run(surge: &Surge, policy: Policy) -> Outcome {
    let world = world(surge);
    let deadlines = OfferDeadlines::default();
    let mut events: BTreeMap<(OffsetDateTime, u64), Event> = BTreeMap::new();
    let mut order = 0u64;
    let mut push = |events: &mut BTreeMap<(OffsetDateTime, u64), Event>, at, event| {
        order += 1;
        events.insert((at, order), event);
    };
    for (index, request) in world.requests.iter().enumerate() {
        push(&mut events, request.arrival, Event::Arrival(index));
    }
    let mut waiting: Vec<usize> = Vec::new();
    let mut offered_before: Vec<HashSet<usize>> = vec![HashSet::new(); world.requests.len()];
    let mut engaged_at: Vec<Option<OffsetDateTime>> = vec![None; world.requests.len()];
    let mut used: Vec<u32> = vec![0; world.offerings.len()];
    let mut offers: Vec<LiveOffer> = Vec::new();
    let mut outcome = Outcome::default();
    while let Some(((now, _), event)) = events.pop_first() {
        match event {
            Event::Arrival(request) => waiting.push(request),
            Event::Freed(offering) => used[offering] -= 1,
            Event::OfferDue(index) => {
                let (request, offering) = (offers[index].request, offers[index].offering);
                let (delay, accepts) = answer(&world, request, offering);
                let answered = offers[index].sent + delay < offers[index].deadline;
                let (step, role) = match (answered, accepts) {
                    (true, true) => (OfferStep::Accept, Role::Provider),
                    (true, false) => {
                        (OfferStep::Decline(DeclineReason::NoCapacityNow), Role::Provider)
                    }
                    (false, _) => (OfferStep::Expire, Role::System),
                };
                let to = step
                    .apply(offers[index].state, offers[index].deadline, role, now)
                    .expect("the simulation takes each offer's one step at its time");
                offers[index].state = to;
                if to == OfferState::Accepted {
                    engaged_at[request] = Some(now);
                    let hours =
                        world.providers[world.offerings[offering].provider].engagement_hours;
                    let mut random = Random(world.seed ^ request as u64);
                    let span = u64::from(hours.1.saturating_sub(hours.0)) + 1;
                    let held = Duration::hours(i64::from(hours.0) + (random.next() % span) as i64);
                    push(&mut events, now + held, Event::Freed(offering));
                } else {
                    used[offering] -= 1;
                    waiting.push(request);
                    if to == OfferState::Declined {
                        outcome.declined += 1
                    } else {
                        outcome.expired += 1
                    }
                }
            }
        }
        // Act on the state now: the same moment may hold several events; acting after each is
        // what the service does (each event is its own transaction).
        waiting.sort_by_key(|&r| (world.requests[r].arrival, r));
        let chosen = match policy {
            Policy::Optimal => optimal(&world, &waiting, &offered_before, &used),
            Policy::GreedyFirstComeFirstServed => greedy(&world, &waiting, &offered_before, &used),
        };
        for (request, offering) in chosen {
            let urgency = world.requests[request].urgency;
            let deadline = deadlines.deadline(urgency, now);
            let (delay, _) = answer(&world, request, offering);
            let due = (now + delay).min(deadline);
            offers.push(LiveOffer {
                request,
                offering,
                sent: now,
                deadline,
                state: OfferState::Pending,
            });
            outcome.offers += 1;
            used[offering] += 1;
            offered_before[request].insert(offering);
            waiting.retain(|&r| r != request);
            push(&mut events, due, Event::OfferDue(offers.len() - 1));
        }
    }
    for (rank, urgency) in Urgency::ALL.iter().enumerate() {
        let mut times: Vec<i64> = Vec::new();
        let mut count = 0;
        for (index, request) in world.requests.iter().enumerate() {
            if request.urgency != *urgency {
                continue;
            }
            count += 1;
            if let Some(at) = engaged_at[index] {
                times.push((at - request.arrival).whole_minutes());
            }
        }
        times.sort_unstable();
        let at = |share: f64| {
            (!times.is_empty()).then(|| {
                times[((times.len() as f64 * share).ceil() as usize).clamp(1, times.len()) - 1]
            })
        };
        outcome.by_urgency[rank] = UrgencyFigures {
            requests: count,
            engaged: times.len(),
            p50: at(0.5),
            p90: at(0.9),
            max: times.last().copied(),
        };
    }
    outcome
}

fn feasible(
    world: &World,
    request: usize,
    offering: usize,
    before: &[HashSet<usize>],
    used: &[u32],
) -> Option<u32> {
    let offer = &world.offerings[offering];
    if used[offering] >= offer.capacity || before[request].contains(&offering) {
        return None;
    }
    cost(&world.requests[request], offer)
}

fn optimal(
    world: &World,
    waiting: &[usize],
    before: &[HashSet<usize>],
    used: &[u32],
) -> Vec<(usize, usize)> {
    let requests = waiting
        .iter()
        .map(|&r| Request { id: r.to_string(), urgency: world.requests[r].urgency })
        .collect();
    let offerings = world
        .offerings
        .iter()
        .enumerate()
        .map(|(o, offering)| Offering {
            id: o.to_string(),
            provider: offering.provider,
            capacity: offering.capacity.saturating_sub(used[o]),
        })
        .collect();
    let providers = (0..world.providers.len())
        .map(|p| Provider { id: p.to_string(), capacity: None, load_costs: vec![0] })
        .collect();
    let mut edges = Vec::new();
    for (position, &request) in waiting.iter().enumerate() {
        for offering in 0..world.offerings.len() {
            if let Some(cost) = feasible(world, request, offering, before, used) {
                edges.push(Edge { request: position as u32, offering: offering as u32, cost });
            }
        }
    }
    let instance = Instance::new(requests, offerings, providers, edges)
        .expect("the simulation builds valid instances");
    solve(&instance).pairs.into_iter().map(|(r, o)| (waiting[r], o)).collect()
}

fn greedy(
    world: &World,
    waiting: &[usize],
    before: &[HashSet<usize>],
    used: &[u32],
) -> Vec<(usize, usize)> {
    let mut used = used.to_vec();
    let mut chosen = Vec::new();
    for &request in waiting {
        let best = (0..world.offerings.len())
            .filter_map(|o| feasible(world, request, o, before, &used).map(|cost| (cost, o)))
            .min();
        if let Some((_, offering)) = best {
            used[offering] += 1;
            chosen.push((request, offering));
        }
    }
    chosen
}

/// The side-by-side table of both policies, in Markdown.
pub fn table(surge: &Surge) -> String {
    let optimal = run(surge, Policy::Optimal);
    let greedy = run(surge, Policy::GreedyFirstComeFirstServed);
    let minutes =
        |m: Option<i64>| m.map_or("-".to_owned(), |m| format!("{:.1} h", m as f64 / 60.0));
    let mut out = String::from(
        "| urgency | requests | engaged (optimal / greedy) | p50 | p90 | max | never engaged |\n|---|---|---|---|---|---|---|\n",
    );
    for (rank, urgency) in Urgency::ALL.iter().enumerate() {
        let (o, g) = (optimal.by_urgency[rank], greedy.by_urgency[rank]);
        out.push_str(&format!(
            "| {urgency} | {} | {} / {} | {} / {} | {} / {} | {} / {} | {} / {} |\n",
            o.requests,
            o.engaged,
            g.engaged,
            minutes(o.p50),
            minutes(g.p50),
            minutes(o.p90),
            minutes(g.p90),
            minutes(o.max),
            minutes(g.max),
            o.requests - o.engaged,
            g.requests - g.engaged,
        ));
    }
    out.push_str(&format!(
        "\nOffers sent (optimal / greedy): {} / {}; declined {} / {}; expired {} / {}.\n",
        optimal.offers,
        greedy.offers,
        optimal.declined,
        greedy.declined,
        optimal.expired,
        greedy.expired
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> Surge {
        Surge { requests: 120, hours: 6, countries: 8, providers: 6, ..Surge::default() }
    }

    #[test]
    fn the_same_surge_gives_the_same_figures_and_every_request_is_counted() {
        let first = run(&small(), Policy::Optimal);
        assert_eq!(first, run(&small(), Policy::Optimal));
        let total: usize = first.by_urgency.iter().map(|u| u.requests).sum();
        assert_eq!(total, 120);
        assert!(first.by_urgency.iter().all(|u| u.engaged <= u.requests));
    }

    #[test]
    fn under_scarce_capacity_the_optimum_engages_at_least_as_many_critical_requests_as_greedy() {
        let surge = small();
        let (optimal, greedy) =
            (run(&surge, Policy::Optimal), run(&surge, Policy::GreedyFirstComeFirstServed));
        let critical = |o: &Outcome| o.by_urgency[0];
        assert!(critical(&optimal).engaged >= critical(&greedy).engaged, "{optimal:?} {greedy:?}");
    }
}
