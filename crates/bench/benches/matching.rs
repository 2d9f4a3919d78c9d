//! The matching solver on generated instances (`c4h_bench::instances`), release build:
//! `cargo bench -p c4h-bench --bench matching`. Sizes 1,000 × 100 and 10,000 × 1,000 (about
//! 440,000 pairs) always; 100,000 × 5,000 (about 22 million pairs, some 35 s and 1.4 GB a
//! solve) when `C4H_BENCH_LARGE=1`. The comparison with OR-Tools on the same instances is
//! `scripts/match-compare`.

use std::time::Duration;

use c4h_bench::instances::generate;
use c4h_domain::matching::solve;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

fn matching(c: &mut Criterion) {
    let mut sizes = vec![(1_000, 100), (10_000, 1_000)];
    if std::env::var("C4H_BENCH_LARGE").is_ok_and(|v| v == "1") {
        sizes.push((100_000, 5_000));
    }
    let mut group = c.benchmark_group("solve");
    group.sample_size(10).measurement_time(Duration::from_secs(10));
    for (requests, offerings) in sizes {
        let instance = generate(requests, offerings, 1);
        let name = format!("{requests}x{offerings} ({} pairs)", instance.edges().len());
        group.bench_with_input(BenchmarkId::from_parameter(name), &instance, |b, instance| {
            b.iter(|| solve(instance));
        });
    }
    group.finish();
}

criterion_group!(benches, matching);
criterion_main!(benches);
