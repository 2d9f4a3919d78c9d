//! Times the solver once on a generated instance:
//! `c4h-match-time REQUESTS OFFERINGS [SEED] [--distinct] [--write FOLDER]` (`--distinct`: no
//! two requests interchangeable, see `instances::generate_with`).
//!
//! Prints one JSON line: the size, the counts per urgency, the cost, the solve time and the
//! peak memory of the process. `--write` also saves the instance as flat little-endian arrays
//! (see `write_arrays`) for `scripts/match-compare`, which gives the same instance to OR-Tools.

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use c4h_domain::Urgency;
use c4h_domain::matching::Instance;

fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            let line = s.lines().find(|l| l.starts_with("VmHWM:"))?.to_owned();
            line.split_whitespace().nth(1)?.parse().ok()
        })
        .unwrap_or(0)
}

fn write_file(folder: &Path, name: &str, values: impl Iterator<Item = i64>) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::new(std::fs::File::create(folder.join(name))?);
    for value in values {
        out.write_all(&value.to_le_bytes())?;
    }
    out.flush()
}

/// One file of `i64` per column: requests' urgency (0 critical … 3 low); offerings' provider and
/// capacity; providers' capacity (-1: none) and their load costs as offsets into one list;
/// edges' request, offering and cost.
fn write_arrays(instance: &Instance, folder: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(folder)?;
    let rank = |u: Urgency| Urgency::ALL.iter().position(|&x| x == u).unwrap_or(3) as i64;
    write_file(folder, "request_urgency", instance.requests().iter().map(|r| rank(r.urgency)))?;
    write_file(
        folder,
        "offering_provider",
        instance.offerings().iter().map(|o| o.provider as i64),
    )?;
    write_file(
        folder,
        "offering_capacity",
        instance.offerings().iter().map(|o| i64::from(o.capacity)),
    )?;
    let providers = instance.providers();
    write_file(
        folder,
        "provider_capacity",
        providers.iter().map(|p| p.capacity.map_or(-1, i64::from)),
    )?;
    let mut offsets = vec![0i64];
    for p in providers {
        offsets.push(offsets.last().copied().unwrap_or(0) + p.load_costs.len() as i64);
    }
    write_file(folder, "provider_load_offsets", offsets.into_iter())?;
    write_file(
        folder,
        "provider_load_costs",
        providers.iter().flat_map(|p| p.load_costs.iter().map(|&c| i64::from(c))),
    )?;
    let edges = instance.edges();
    write_file(folder, "edge_request", edges.iter().map(|e| i64::from(e.request)))?;
    write_file(folder, "edge_offering", edges.iter().map(|e| i64::from(e.offering)))?;
    write_file(folder, "edge_cost", edges.iter().map(|e| i64::from(e.cost)))
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let write = args.iter().position(|a| a == "--write").and_then(|i| args.get(i + 1)).cloned();
    let numbers: Vec<usize> = args.iter().filter_map(|a| a.parse().ok()).collect();
    let requests = numbers.first().copied().unwrap_or(10_000);
    let offerings = numbers.get(1).copied().unwrap_or(1_000);
    let seed = numbers.get(2).copied().unwrap_or(1) as u64;
    let distinct = args.iter().any(|a| a == "--distinct");
    let instance = c4h_bench::instances::generate_with(requests, offerings, seed, distinct);
    if let Some(folder) = &write {
        write_arrays(&instance, Path::new(folder))?;
    }
    let started = Instant::now();
    let solved = c4h_domain::matching::solve(&instance);
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{{\"requests\": {requests}, \"offerings\": {offerings}, \"seed\": {seed}, \
         \"distinct\": {distinct}, \"pairs\": {}, \
         \"matched\": {:?}, \"cost\": {}, \"seconds\": {seconds:.3}, \"peak_kib\": {}}}",
        instance.edges().len(),
        solved.matched,
        solved.cost,
        peak_kib()
    );
    Ok(())
}
