//! Ingest throughput on generated data (criterion). The input is the sample generator's files
//! for 140,000 customers (events.csv is about 100 MB); the bench reports MB/s per file kind and
//! checks the row counts, so a parser that skips work cannot look fast.
//!
//! `gather/log.csv` is the app's whole import on one thread (profile and customer table in one
//! reading, as `persona profile --gather` does it) of a transaction log shaped like an RFM
//! user's export: 1,610,000 order lines in date order, a unique order id each, about 125,000
//! customers (about 110 MB).
//!
//! `cargo bench -p persona-core --bench ingest` (set PERSONA_BENCH_CUSTOMERS to change the
//! size of the sample, PERSONA_BENCH_LOG_ROWS that of the log).

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use persona_core::features::OnePass;
use persona_core::ingest::Profiler;
use persona_core::sample::{LogConfig, SampleConfig, generate, write_log};

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

fn gather(c: &mut Criterion) {
    let rows = std::env::var("PERSONA_BENCH_LOG_ROWS").ok().and_then(|v| v.parse().ok()).unwrap_or(1_610_000);
    let mut log = Vec::new();
    let customers = write_log(&LogConfig { rows, customers: rows * 10 / 124, seed: 42 }, &mut log).expect("in memory");
    eprintln!("gather bench: a log of {rows} order lines by {customers} customers, {:.1} MB", log.len() as f64 / 1e6);
    let mut group = c.benchmark_group("gather");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(log.len() as u64));
    group.bench_with_input(BenchmarkId::from_parameter("log.csv"), &log, |b, log| {
        b.iter(|| {
            let mut pass = OnePass::new("log.csv");
            for chunk in log.chunks(1 << 20) {
                pass.feed(chunk);
            }
            let (file, part) = pass.finish().expect("profile");
            assert_eq!(file.profile.rows, rows as u64);
            assert!(part.is_some(), "the customer table is gathered in the same reading");
            (file, part)
        })
    });
    group.finish();
}

criterion_group!(benches, ingest, gather);
criterion_main!(benches);
