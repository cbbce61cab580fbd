//! Funnels over 10,000,000 events (1,000,000 customers, ten events each, seeded): the issue's
//! goal is at least 10M events/s per core natively. Prints events per second through
//! criterion's throughput.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use persona_core::journey::{FunnelSettings, OrderMode, funnel};
use rand::{Rng, SeedableRng};

fn events(customers: usize, per: usize) -> Vec<Vec<(i64, usize)>> {
    let mut rng = rand_pcg::Pcg64::seed_from_u64(7);
    (0..customers)
        .map(|_| {
            let mut t = 0i64;
            (0..per)
                .map(|_| {
                    t += rng.random_range(60..86_400 * 3);
                    (t, rng.random_range(0..5usize))
                })
                .collect()
        })
        .collect()
}

fn funnels(c: &mut Criterion) {
    let customers: usize =
        std::env::var("PERSONA_BENCH_CUSTOMERS").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    let data = events(customers, 10);
    let mut group = c.benchmark_group("journey");
    group.sample_size(10);
    group.throughput(Throughput::Elements((customers * 10) as u64));
    for mode in [OrderMode::InOrder, OrderMode::Strict, OrderMode::AnyOrder] {
        let settings = FunnelSettings { mode, ..Default::default() };
        group.bench_function(format!("funnel {mode:?} {}M events", customers * 10 / 1_000_000), |b| {
            b.iter(|| funnel(data.iter().map(Vec::as_slice), 5, &settings))
        });
    }
    group.finish();
}

criterion_group!(benches, funnels);
criterion_main!(benches);
