//! Times the solver once on a generated instance: `c4h-match-time REQUESTS OFFERINGS [SEED]`.
//! Prints the size, the counts per urgency, the cost, the solve time and the peak memory.

use std::time::Instant;

fn main() {
    let args: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let (requests, offerings) =
        (args.first().copied().unwrap_or(10_000), args.get(1).copied().unwrap_or(1_000));
    let seed = args.get(2).copied().unwrap_or(1) as u64;
    let started = Instant::now();
    let instance = c4h_bench::instances::generate(requests, offerings, seed);
    println!(
        "{requests} x {offerings}: {} pairs, generated in {:.2?}",
        instance.edges().len(),
        started.elapsed()
    );
    let started = Instant::now();
    let solved = c4h_domain::matching::solve(&instance);
    let took = started.elapsed();
    let peak = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM")).map(str::to_owned))
        .unwrap_or_default();
    println!("matched {:?}, cost {}, solved in {took:.3?}; {peak}", solved.matched, solved.cost);
}
