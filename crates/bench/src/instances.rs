//! Generated matching instances for the benchmarks: requests and offerings drawn from the same
//! attributes the service matches on (category, country and region, language, urgency, response
//! time, feedback), the feasible pairs those attributes allow, and costs from them.
//!
//! Deterministic: the same sizes and seed always give the same instance, so that our solver and
//! OR-Tools (`scripts/match-compare`) can be run on exactly the same problem.

use c4h_domain::Urgency;
use c4h_domain::matching::{Edge, Instance, Offering, Provider, Request};

const CATEGORIES: usize = 16;
const REGIONS: usize = 5;
const COUNTRIES_PER_REGION: usize = 8;
const COUNTRIES: usize = REGIONS * COUNTRIES_PER_REGION;
const LANGUAGES: usize = 8;
const RESPONSE_HOURS: [u32; 7] = [1, 2, 4, 8, 24, 48, 72];

/// SplitMix64: small, fast, and the same everywhere.
#[derive(Debug)]
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// An index below `n`, the small ones more likely (demand and supply are skewed alike).
    fn skewed(&mut self, n: usize) -> usize {
        let a = self.below(n);
        let b = self.below(n);
        a.min(b)
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

struct Need {
    urgency: Urgency,
    category: usize,
    country: usize,
    language: usize,
}

enum Scope {
    World,
    Region(usize),
    Countries(Vec<usize>),
}

struct Service {
    category: usize,
    scope: Scope,
    languages: Vec<usize>,
    response_hours: u32,
    stars: u32,
}

fn urgency(random: &mut Random) -> Urgency {
    match random.below(100) {
        0..10 => Urgency::Critical,
        10..35 => Urgency::High,
        35..75 => Urgency::Medium,
        _ => Urgency::Low,
    }
}

fn need(random: &mut Random) -> Need {
    let country = random.skewed(COUNTRIES);
    // Most write in their country's language; language 0 is the common second one.
    let language = if random.chance(80) { country % LANGUAGES } else { random.below(LANGUAGES) };
    Need { urgency: urgency(random), category: random.skewed(CATEGORIES), country, language }
}

fn service(random: &mut Random) -> Service {
    let scope = match random.below(100) {
        0..45 => Scope::World,
        45..80 => Scope::Region(random.below(REGIONS)),
        _ => Scope::Countries((0..1 + random.below(4)).map(|_| random.skewed(COUNTRIES)).collect()),
    };
    let mut languages = vec![random.below(LANGUAGES)];
    if random.chance(70) {
        languages.push(0);
    }
    if random.chance(30) {
        languages.push(random.below(LANGUAGES));
    }
    Service {
        category: random.skewed(CATEGORIES),
        scope,
        languages,
        response_hours: RESPONSE_HOURS[random.below(RESPONSE_HOURS.len())],
        stars: random.below(5) as u32,
    }
}

/// The cost of `service` for `need`, or `None` when it cannot take it (another category, or
/// not serving the requester's country).
fn cost(need: &Need, service: &Service) -> Option<u32> {
    if need.category != service.category {
        return None;
    }
    let distance = match &service.scope {
        Scope::Countries(list) if list.contains(&need.country) => 0,
        Scope::Region(region) if *region == need.country / COUNTRIES_PER_REGION => 40,
        Scope::World => 100,
        _ => return None,
    };
    let language = if service.languages.contains(&need.language) {
        0
    } else if service.languages.contains(&0) {
        150
    } else {
        300
    };
    let (wanted_hours, per_hour) = match need.urgency {
        Urgency::Critical => (2, 20),
        Urgency::High => (8, 5),
        Urgency::Medium => (24, 1),
        Urgency::Low => (72, 0),
    };
    let late = service.response_hours.saturating_sub(wanted_hours) * per_hour;
    Some(distance + language + late + (4 - service.stars) * 30)
}

/// An instance of `requests` × `offerings` (one provider per ten offerings), with capacities
/// that fall somewhat short of demand.
pub fn generate(requests: usize, offerings: usize, seed: u64) -> Instance {
    generate_with(requests, offerings, seed, false)
}

/// The same, and with `distinct` every pair's cost gets a random 0 to 9 added, so that no two
/// requests are interchangeable: the solver's worst case, with nothing to merge.
pub fn generate_with(requests: usize, offerings: usize, seed: u64, distinct: bool) -> Instance {
    let mut random = Random(seed);
    let needs: Vec<Need> = (0..requests).map(|_| need(&mut random)).collect();
    let services: Vec<Service> = (0..offerings).map(|_| service(&mut random)).collect();
    let provider_count = offerings.div_ceil(10).max(1);
    // About 0.9 places per request in all.
    let mean = (requests * 9 / 10).div_ceil(offerings.max(1)).max(1);
    let offering_list: Vec<Offering> = (0..offerings)
        .map(|o| Offering {
            id: format!("o{o}"),
            provider: random.below(provider_count),
            capacity: (1 + random.below(2 * mean)) as u32,
        })
        .collect();
    let mut offered = vec![0u32; provider_count];
    for o in &offering_list {
        offered[o.provider] += o.capacity;
    }
    let providers: Vec<Provider> = (0..provider_count)
        .map(|p| {
            let step = 5 + random.below(16) as u32;
            Provider {
                id: format!("p{p}"),
                capacity: random
                    .chance(70)
                    .then(|| offered[p] * (60 + random.below(41) as u32) / 100),
                load_costs: vec![0, step, 2 * step, 4 * step, 8 * step],
            }
        })
        .collect();
    let mut by_category: Vec<Vec<usize>> = vec![Vec::new(); CATEGORIES];
    for (o, s) in services.iter().enumerate() {
        by_category[s.category].push(o);
    }
    let mut edges = Vec::new();
    for (r, n) in needs.iter().enumerate() {
        for &o in &by_category[n.category] {
            if let Some(cost) = cost(n, &services[o]) {
                let jitter = if distinct { random.below(10) as u32 } else { 0 };
                edges.push(Edge { request: r as u32, offering: o as u32, cost: cost + jitter });
            }
        }
    }
    let request_list = needs
        .iter()
        .enumerate()
        .map(|(r, n)| Request { id: format!("r{r}"), urgency: n.urgency })
        .collect();
    Instance::new(request_list, offering_list, providers, edges)
        .unwrap_or_else(|error| unreachable!("the generator makes valid instances: {error}"))
}
