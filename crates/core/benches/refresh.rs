//! A refresh with next month's export at scale: the sample's planted groups grown to 1,000,000
//! customers (`PERSONA_BENCH_CUSTOMERS` to change it), last month's run kept, this month's
//! compared with it by the centroids (every customer encoded in last month's terms, a block at
//! a time) and by the records (a salted SHA-256 of every id, when the user agreed to keep one).
//! Prints customers per second through criterion's throughput.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use persona_core::features;
use persona_core::ingest::profile_bytes;
use persona_core::refresh::{self, KeptRun, Record};
use persona_core::sample;
use persona_core::segment::{self, SegmentSettings};

fn refreshing(c: &mut Criterion) {
    let customers: usize =
        std::env::var("PERSONA_BENCH_CUSTOMERS").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    let sizes = [customers * 4 / 10, customers * 3 / 10, customers * 2 / 10, customers / 10];
    let month = |seed| {
        let (csv, _) = sample::planted_groups(&sizes, seed);
        let profile = profile_bytes("customers.csv", &csv).expect("profiles").profile;
        let table = features::gather(&[&profile], |_| Ok(&csv[..])).expect("in memory");
        let settings = SegmentSettings { k: Some(4), n_init: 2, ..Default::default() };
        let seg = segment::run(&table, &settings, &mut |_, _, _| {}).expect("segments");
        (table, seg)
    };
    let (t1, s1) = month(1);
    let (t2, s2) = month(1);
    let v2 = s2.view(&t2);
    let kept = KeptRun::new("last month", &s1, &s1.view(&t1), None);
    let mut group = c.benchmark_group("refresh");
    group.sample_size(10);
    group.throughput(Throughput::Elements(customers as u64));
    group.bench_function(format!("compare by centroids, {}k customers", customers / 1000), |b| {
        b.iter(|| refresh::compare(&kept, &t2, &s2, &v2, None, "this month"))
    });
    group.bench_function(format!("record, {}k customers", customers / 1000), |b| {
        b.iter(|| Record::new(9, &t2.ids, &s2.assignment, u64::MAX))
    });
    group.finish();
}

criterion_group!(benches, refreshing);
criterion_main!(benches);
