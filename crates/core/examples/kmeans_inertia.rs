//! For `scripts/compare_sklearn.py`: fits k-means with the default settings (10 seeded
//! restarts) on a numeric CSV (no header) and prints the inertia, or writes the encoded
//! feature matrix of the sample generator's customers as such a CSV.
//!
//!   cargo run --release -p persona-core --example kmeans_inertia -- data.csv 6
//!   cargo run --release -p persona-core --example kmeans_inertia -- --export-sample 5000 out.csv

use std::io::Write;

use persona_core::cluster::{KMeans, Matrix};
use persona_core::features;
use persona_core::ingest::{FileProfile, profile_bytes};
use persona_core::sample::{self, SampleConfig};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--export-sample") {
        let n: usize = args[1].parse().expect("customers");
        let (files, _) = sample::generate(&SampleConfig { customers: n, seed: 42 });
        let profiles: Vec<FileProfile> = files.iter().map(|(f, b)| profile_bytes(f, b).unwrap().profile).collect();
        let refs: Vec<&FileProfile> = profiles.iter().collect();
        let table = features::gather(&refs, |i| Ok(&files[i].1[..])).unwrap();
        let enc = features::encode(&table, &table.default_selection()).unwrap();
        let mut out = std::io::BufWriter::new(std::fs::File::create(&args[2]).unwrap());
        for i in 0..enc.matrix.rows() {
            let row: Vec<String> = enc.matrix.row(i).iter().map(|x| format!("{x:.17e}")).collect();
            writeln!(out, "{}", row.join(",")).unwrap();
        }
        return;
    }
    let text = std::fs::read_to_string(&args[0]).expect("matrix csv");
    let k: usize = args[1].parse().expect("k");
    let rows: Vec<Vec<f64>> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split(',').map(|x| x.trim().parse().expect("number")).collect())
        .collect();
    let d = rows[0].len();
    let data = Matrix::new(rows.len(), d, rows.into_iter().flatten().collect());
    let n_init: usize = std::env::var("N_INIT").ok().and_then(|v| v.parse().ok()).unwrap_or(20);
    let model = KMeans::params(k).n_init(n_init).seed(42).check().unwrap().fit(&data).unwrap();
    println!("{:.10}", model.inertia());
}
