//! The solver against an exhaustive search on thousands of small random instances, worked
//! examples of the lexicographic order, and every input rule of the exchange format.

use super::*;
use crate::Urgency;

/// A small deterministic generator (SplitMix64), so that a failure can be replayed by its seed.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn input(
    requests: &[(&str, &str)],
    offerings: &[(&str, &str, i64)],
    providers: &[(&str, Option<i64>, &[i64])],
    edges: &[(&str, &str, i64)],
) -> InstanceInput {
    InstanceInput {
        requests: requests
            .iter()
            .map(|(id, urgency)| RequestInput { id: (*id).into(), urgency: (*urgency).into() })
            .collect(),
        offerings: offerings
            .iter()
            .map(|(id, provider, capacity)| OfferingInput {
                id: (*id).into(),
                provider: (*provider).into(),
                capacity: *capacity,
            })
            .collect(),
        providers: providers
            .iter()
            .map(|(id, capacity, load)| ProviderInput {
                id: (*id).into(),
                capacity: *capacity,
                load_costs: load.to_vec(),
            })
            .collect(),
        edges: edges
            .iter()
            .map(|(request, offering, cost)| EdgeInput {
                request: (*request).into(),
                offering: (*offering).into(),
                cost: *cost,
            })
            .collect(),
    }
}

fn random_instance(random: &mut Random) -> Instance {
    let urgencies = ["critical", "high", "medium", "low"];
    let requests: Vec<(String, &str)> = (0..random.below(7))
        .map(|r| (format!("r{r}"), urgencies[random.below(4) as usize]))
        .collect();
    let providers: Vec<(String, Option<i64>, Vec<i64>)> = (0..1 + random.below(2))
        .map(|p| {
            let capacity = (random.below(3) > 0).then(|| random.below(4) as i64);
            let mut load = Vec::new();
            let mut level = 0;
            for _ in 0..random.below(4) {
                level += random.below(15) as i64;
                load.push(level);
            }
            (format!("p{p}"), capacity, load)
        })
        .collect();
    let offerings: Vec<(String, String, i64)> = (0..1 + random.below(3))
        .map(|o| {
            let provider = providers[random.below(providers.len() as u64) as usize].0.clone();
            (format!("o{o}"), provider, random.below(3) as i64)
        })
        .collect();
    // Half the requests copy an earlier one (its urgency and its pairs), so that classes of
    // interchangeable requests larger than one are common.
    let mut edges: Vec<(String, String, i64)> = Vec::new();
    let mut requests = requests;
    for index in 0..requests.len() {
        let r = requests[index].0.clone();
        if index > 0 && random.below(2) == 0 {
            let model = random.below(index as u64) as usize;
            requests[index].1 = requests[model].1;
            let copied: Vec<_> = edges
                .iter()
                .filter(|(from, _, _)| *from == requests[model].0)
                .map(|(_, o, c)| (r.clone(), o.clone(), *c))
                .collect();
            edges.extend(copied);
            continue;
        }
        for (o, _, _) in &offerings {
            if random.below(10) < 6 {
                edges.push((r.clone(), o.clone(), random.below(31) as i64));
            }
        }
    }
    let r: Vec<(&str, &str)> = requests.iter().map(|(id, u)| (id.as_str(), *u)).collect();
    let o: Vec<(&str, &str, i64)> =
        offerings.iter().map(|(id, p, c)| (id.as_str(), p.as_str(), *c)).collect();
    let p: Vec<(&str, Option<i64>, &[i64])> =
        providers.iter().map(|(id, c, l)| (id.as_str(), *c, l.as_slice())).collect();
    let e: Vec<(&str, &str, i64)> =
        edges.iter().map(|(r, o, c)| (r.as_str(), o.as_str(), *c)).collect();
    Instance::parse(&input(&r, &o, &p, &e)).unwrap()
}

/// What an assignment reaches: matched counts in `Urgency::ALL` order and its cost, after
/// checking that it respects every capacity. `None` when it does not.
fn evaluate(instance: &Instance, pairs: &[(usize, usize)]) -> Option<([usize; 4], u64)> {
    let mut used = vec![0u32; instance.offerings().len()];
    let mut taken = vec![0usize; instance.providers().len()];
    let mut seen = vec![false; instance.requests().len()];
    let (mut matched, mut cost) = ([0usize; 4], 0u64);
    for &(r, o) in pairs {
        let edge = instance
            .edges()
            .iter()
            .find(|e| e.request as usize == r && e.offering as usize == o)?;
        if std::mem::replace(&mut seen[r], true) {
            return None;
        }
        used[o] += 1;
        let provider = instance.offerings()[o].provider;
        taken[provider] += 1;
        cost += u64::from(edge.cost);
        let u = Urgency::ALL.iter().position(|&u| u == instance.requests()[r].urgency).unwrap();
        matched[u] += 1;
    }
    if used.iter().zip(instance.offerings()).any(|(&n, o)| n > o.capacity) {
        return None;
    }
    for (p, provider) in instance.providers().iter().enumerate() {
        if provider.capacity.is_some_and(|c| taken[p] > c as usize) {
            return None;
        }
        cost += provider.load_total(taken[p]);
    }
    Some((matched, cost))
}

/// Better: more of the most urgent first, then cheaper.
fn better(a: ([usize; 4], u64), b: ([usize; 4], u64)) -> bool {
    a.0 > b.0 || (a.0 == b.0 && a.1 < b.1)
}

/// Every assignment, one request at a time (each takes one of its pairs or none).
fn exhaustive(instance: &Instance) -> ([usize; 4], u64) {
    fn walk(
        instance: &Instance,
        r: usize,
        pairs: &mut Vec<(usize, usize)>,
        best: &mut ([usize; 4], u64),
    ) {
        if r == instance.requests().len() {
            if let Some(found) = evaluate(instance, pairs)
                && better(found, *best)
            {
                *best = found;
            }
            return;
        }
        walk(instance, r + 1, pairs, best);
        for edge in instance.edges().iter().filter(|e| e.request as usize == r) {
            pairs.push((r, edge.offering as usize));
            walk(instance, r + 1, pairs, best);
            pairs.pop();
        }
    }
    let mut best = ([0; 4], 0);
    walk(instance, 0, &mut Vec::new(), &mut best);
    best
}

#[test]
fn the_solver_agrees_with_an_exhaustive_search_on_thousands_of_small_instances() {
    for seed in 0..3000 {
        let instance = random_instance(&mut Random(seed));
        let solved = solve(&instance);
        let reached = evaluate(&instance, &solved.pairs)
            .unwrap_or_else(|| panic!("seed {seed}: infeasible {:?}", solved.pairs));
        assert_eq!(reached, (solved.matched, solved.cost), "seed {seed}: reported as reached");
        assert_eq!(reached, exhaustive(&instance), "seed {seed}: {instance:?}");
    }
}

#[test]
fn urgency_comes_before_numbers_and_numbers_before_cost() {
    // One place; a critical request wins it over two low ones, however dear.
    let one_place = input(
        &[("c", "critical"), ("l1", "low"), ("l2", "low")],
        &[("o", "p", 1)],
        &[("p", None, &[])],
        &[("c", "o", 1_000_000), ("l1", "o", 0), ("l2", "o", 0)],
    );
    let solved = solve(&Instance::parse(&one_place).unwrap());
    assert_eq!(
        (solved.pairs, solved.matched, solved.cost),
        (vec![(0, 0)], [1, 0, 0, 0], 1_000_000)
    );
    // Greedy by urgency gives r1 its cheapest offering and leaves r2 nothing; both fit.
    let greedy_trap = input(
        &[("r1", "high"), ("r2", "high")],
        &[("cheap", "p", 1), ("dear", "p", 1)],
        &[("p", None, &[])],
        &[("r1", "cheap", 1), ("r1", "dear", 5), ("r2", "cheap", 2)],
    );
    let solved = solve(&Instance::parse(&greedy_trap).unwrap());
    assert_eq!(
        (solved.pairs, solved.matched, solved.cost),
        (vec![(0, 1), (1, 0)], [0, 2, 0, 0], 7)
    );
    // Load costs spread work: the second request at p would add 50, more than q's dearer pair.
    let spread = input(
        &[("a", "medium"), ("b", "medium")],
        &[("op", "p", 2), ("oq", "q", 2)],
        &[("p", Some(2), &[0, 50]), ("q", None, &[])],
        &[("a", "op", 0), ("b", "op", 0), ("a", "oq", 10), ("b", "oq", 10)],
    );
    let solved = solve(&Instance::parse(&spread).unwrap());
    assert_eq!((solved.matched, solved.cost), ([0, 0, 2, 0], 10));
}

#[test]
fn an_empty_instance_matches_nothing() {
    let solved = solve(&Instance::parse(&InstanceInput::default()).unwrap());
    assert_eq!(solved, Assignment { pairs: vec![], matched: [0; 4], cost: 0 });
}

#[test]
fn every_input_rule_names_the_offending_item() {
    let good = || {
        input(
            &[("r1", "critical")],
            &[("o1", "p1", 1)],
            &[("p1", Some(3), &[0, 5])],
            &[("r1", "o1", 17)],
        )
    };
    assert!(Instance::parse(&good()).is_ok());
    type Spoil = Box<dyn Fn(&mut InstanceInput)>;
    let cases: Vec<(Spoil, &str)> = vec![
        (
            Box::new(|i| i.edges[0].request = "r9".into()),
            "edges[0]: names the request \"r9\", which is not listed",
        ),
        (
            Box::new(|i| i.edges[0].offering = "o9".into()),
            "edges[0]: names the offering \"o9\", which is not listed",
        ),
        (
            Box::new(|i| i.requests.push(i.requests[0].clone())),
            "requests[1]: the id \"r1\" is used twice",
        ),
        (
            Box::new(|i| i.edges.push(i.edges[0].clone())),
            "edges[1]: the pair r1 → o1 is listed twice",
        ),
        (
            Box::new(|i| i.edges[0].cost = -1),
            "edges[0]: cost must be a whole number from 0 to 1000000, not -1",
        ),
        (
            Box::new(|i| i.offerings[0].capacity = 1_000_001),
            "offerings[0] (o1): capacity must be a whole number from 0 to 1000000, not 1000001",
        ),
        (
            Box::new(|i| i.providers[0].load_costs = vec![5, 0]),
            "providers[0] (p1): load_costs must not decrease, but 5 is followed by 0",
        ),
        (
            Box::new(|i| i.requests[0].urgency = "urgent".into()),
            "requests[0] (r1): urgency \"urgent\" is not critical, high, medium or low",
        ),
        (
            Box::new(|i| i.offerings[0].provider = "p9".into()),
            "offerings[0] (o1): names the provider \"p9\", which is not listed",
        ),
        (
            Box::new(|i| i.providers[0].capacity = Some(-3)),
            "providers[0] (p1): capacity must be a whole number from 0 to 1000000, not -3",
        ),
    ];
    for (spoil, message) in cases {
        let mut bad = good();
        spoil(&mut bad);
        assert_eq!(Instance::parse(&bad).unwrap_err().to_string(), message);
    }
}
