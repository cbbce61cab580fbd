//! k-means on 1,000,000 x 8 with k = 8: k-means++ seeding and 20 Lloyd iterations, one run
//! (the benchmark). The data are eight seeded Gaussian blobs with overlap.

use criterion::{Criterion, criterion_group, criterion_main};
use persona_core::cluster::{KMeans, Matrix};
use rand::{Rng, SeedableRng};
use rand_distr::{Distribution, StandardNormal};

fn blobs(n: usize, d: usize, k: usize, seed: u64) -> Matrix {
    let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(seed);
    let centres: Vec<Vec<f64>> = (0..k).map(|_| (0..d).map(|_| rng.random_range(-3.0..3.0)).collect()).collect();
    let mut data = Vec::with_capacity(n * d);
    for i in 0..n {
        let c = &centres[i % k];
        for x in c {
            let noise: f64 = StandardNormal.sample(&mut rng);
            data.push(x + noise);
        }
    }
    Matrix::new(n, d, data)
}

fn kmeans(c: &mut Criterion) {
    let n: usize = std::env::var("PERSONA_BENCH_ROWS").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    let data = blobs(n, 8, 8, 1);
    let params = KMeans::params(8).n_init(1).max_iterations(20).tolerance(0.0).refine(false).seed(3).check().unwrap();
    let mut group = c.benchmark_group("kmeans");
    group.sample_size(10);
    group.bench_function(format!("{n}x8 k=8 kmeans++ 20 iterations"), |b| b.iter(|| params.fit(&data).unwrap()));
    group.finish();
}

criterion_group!(benches, kmeans);
criterion_main!(benches);
