//! k-means on 1,000,000 x 8 with k = 8: k-means++ seeding and at most 20 Lloyd iterations,
//! one run (the benchmark), on eight seeded Gaussian blobs (`cluster::blobs`). The
//! browser benchmark (`make bench-browser`) runs the same fit in the worker.

use criterion::{Criterion, criterion_group, criterion_main};
use persona_core::cluster::{benchmark_params, blobs};

fn kmeans(c: &mut Criterion) {
    let n: usize = std::env::var("PERSONA_BENCH_ROWS").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    let data = blobs(n, 8, 8, 1);
    let params = benchmark_params(8).unwrap();
    let mut group = c.benchmark_group("kmeans");
    group.sample_size(10);
    group.bench_function(format!("{n}x8 k=8"), |b| b.iter(|| params.fit(&data).unwrap()));
    group.finish();
}

criterion_group!(benches, kmeans);
criterion_main!(benches);
