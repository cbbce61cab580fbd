//! Funnels over 10,000,000 events (1,000,000 customers, ten events each, seeded), and the
//! Journeys page's whole report over the same number of events (funnels, paths, drop-offs,
//! actions and channels per stage, and odds ratios, for six groups and everyone): the issue's
//! goal is at least 10M events/s per core natively. Prints events per second through
//! criterion's throughput. And the report on a clickstream whose event names carry their
//! product (`product_view_5123`): 15,000 event types over 100,000 events, which took minutes
//! while each name was tried against each rule.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use persona_core::journey::{EventLog, FunnelSettings, OrderMode, funnel};
use persona_core::journey_plan::{JourneyPlan, report};
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
    // the whole report, on an event log of nine event types over the five default stages
    let types: Vec<String> = [
        "ad_view",
        "site_visit",
        "product_view",
        "review_read",
        "compare",
        "add_to_cart",
        "purchase",
        "review_written",
        "referral",
    ]
    .map(String::from)
    .to_vec();
    let channels: Vec<String> = ["search", "social", "email", "direct"].map(String::from).to_vec();
    let mut rng = rand_pcg::Pcg64::seed_from_u64(11);
    let log = EventLog {
        types,
        channels,
        customers: data
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let events =
                    e.iter().map(|&(t, _)| (t, rng.random_range(0..9u32), rng.random_range(0..4u32))).collect();
                (format!("C{i}"), events)
            })
            .collect(),
        skipped: 0,
        ..Default::default()
    };
    let group_of: Vec<Option<usize>> = (0..customers).map(|i| Some(i % 6)).collect();
    let labels: Vec<String> = (1..=6).map(|g| format!("Segment {g}")).collect();
    let scores = vec![None; customers];
    let plan = JourneyPlan::default();
    group.bench_function(format!("report 6 groups {}M events", customers * 10 / 1_000_000), |b| {
        b.iter(|| report(&log, &plan, &group_of, &labels, &scores))
    });
    group.finish();
}

fn many_types(c: &mut Criterion) {
    let mut rng = rand_pcg::Pcg64::seed_from_u64(13);
    let kinds = ["product_view", "search_results", "add_to_cart", "catalog", "purchase"];
    let types: Vec<String> = (0..15_000).map(|i| format!("{}_{i}", kinds[i % kinds.len()])).collect();
    let log = EventLog {
        types,
        channels: vec!["desktop".into(), "mobile".into()],
        customers: (0..10_000)
            .map(|i| {
                let mut t = 0i64;
                let events = (0..10)
                    .map(|_| {
                        t += rng.random_range(60..86_400);
                        (t, rng.random_range(0..15_000u32), rng.random_range(0..2u32))
                    })
                    .collect();
                (format!("U{i}"), events)
            })
            .collect(),
        skipped: 0,
        ..Default::default()
    };
    let mut group = c.benchmark_group("journey");
    group.sample_size(10);
    group.throughput(Throughput::Elements(100_000));
    group.bench_function("report 15k event types 100k events", |b| {
        b.iter(|| report(&log, &JourneyPlan::default(), &[], &[], &[]))
    });
    group.finish();
}

criterion_group!(benches, funnels, many_types);
criterion_main!(benches);
