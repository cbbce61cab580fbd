//! Ingest throughput on generated data (criterion). The input is the sample generator's files
//! for 140,000 customers (events.csv is about 100 MB); the bench reports MB/s per file kind and
//! checks the row counts, so a parser that skips work cannot look fast.
//!
//! `cargo bench -p persona-core --bench ingest` (set PERSONA_BENCH_CUSTOMERS to change the size).

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use persona_core::ingest::Profiler;
use persona_core::sample::{SampleConfig, generate};

fn ingest(c: &mut Criterion) {
    let customers = std::env::var("PERSONA_BENCH_CUSTOMERS").ok().and_then(|v| v.parse().ok()).unwrap_or(140_000);
    let (files, truth) = generate(&SampleConfig { customers, seed: 7 });
    let total: usize = files.iter().map(|(_, b)| b.len()).sum();
    eprintln!("ingest bench: {customers} customers, {:.1} MB of CSV in {} files", total as f64 / 1e6, files.len());
    let mut group = c.benchmark_group("ingest");
    group.sample_size(10);
    for (name, bytes) in &files {
        let expected = match *name {
            "customers.csv" => customers as u64,
            "orders.csv" => truth.orders,
            "events.csv" => truth.events,
            _ => truth.feedback,
        };
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(name), bytes, |b, bytes| {
            b.iter(|| {
                let mut p = Profiler::new(*name);
                for chunk in bytes.chunks(1 << 20) {
                    p.feed(chunk);
                }
                let f = p.finish().expect("profile");
                assert_eq!(f.profile.rows, expected);
                f
            })
        });
    }
    group.finish();
}

criterion_group!(benches, ingest);
criterion_main!(benches);
