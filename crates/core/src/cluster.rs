//! k-means clustering: k-means++ seeding, several seeded restarts, exact Lloyd iterations
//! accelerated with Hamerly's bounds, and a Hartigan refinement; silhouette and elbow for
//! choosing k.
//!
//! The API has linfa's shape: [`KMeans::params`] gives a builder, [`KMeansParams::check`]
//! validates it, [`KMeansValidParams::fit`] returns a [`KMeans`] model or a [`ClusterError`],
//! and [`KMeans::predict`] assigns new rows to the nearest centroid.
//!
//! - **Seeding** is greedy k-means++ (Arthur & Vassilvitskii 2007, with `2 + ln k` candidate
//!   centres per step as in scikit-learn): each new centre is drawn with probability
//!   proportional to the squared distance to the nearest chosen one, and of the candidates the
//!   one that lowers the total most is kept. On very large inputs the seeding runs on a seeded
//!   uniform sample of [`SEEDING_SAMPLE`] rows.
//! - **Scalable variant**: with more than twice [`RESTART_SAMPLE`] rows, the restarts (seeding,
//!   Lloyd, Hartigan) run on a seeded sample of that many rows, and only the best of them is
//!   iterated to convergence on every row, so a million customers cost about one full fit.
//! - **Iterations** are Lloyd's (assign to the nearest centroid, move each centroid to its
//!   mean), made cheap with Hamerly's bounds (2010): each row keeps an upper bound on the
//!   distance to its centroid and a lower bound on the distance to the second nearest; a row
//!   whose bounds prove its assignment cannot change is skipped. The result equals plain Lloyd.
//!   Iterations stop when no row changes cluster or the centroids move less than `tolerance`
//!   times the mean feature variance, or after `max_iterations`.
//! - **Hartigan refinement** then moves single rows while a move lowers the total squared
//!   distance (`n_b/(n_b+1)·d²(x,c_b) < n_a/(n_a-1)·d²(x,c_a)`), which Lloyd's fixed points do
//!   not always satisfy. It only ever lowers the inertia.
//! - **Restarts**: `n_init` runs with seeds derived from the one seed (and, while the best was
//!   reached by only one of them, more, up to three times as many); the lowest inertia wins,
//!   so a given seed always gives the same model, on every platform (PCG generator, no OS
//!   entropy). An empty cluster takes the row farthest from its centroid.
//!
//! ```
//! use persona_core::cluster::{KMeans, Matrix};
//! let data = Matrix::from_rows(&[[0.0, 0.1], [0.1, 0.0], [5.0, 5.1], [5.1, 5.0]]);
//! let model = KMeans::params(2).seed(7).check().unwrap().fit(&data).unwrap();
//! let labels = model.predict(&data);
//! assert_eq!(labels[0], labels[1]);
//! assert_ne!(labels[0], labels[2]);
//! ```

// Rows, centroids, bounds and counts are parallel arrays indexed together.
#![allow(clippy::needless_range_loop)]

use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64Mcg;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Rows the k-means++ seeding looks at, at most (a uniform sample beyond this).
pub const SEEDING_SAMPLE: usize = 100_000;
/// Rows the restarts run on when the data has more than twice as many (see
/// [`KMeansParams::restart_sample`]).
pub const RESTART_SAMPLE: usize = 20_000;

/// A dense row-major matrix of f64.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Matrix {
    rows: usize,
    cols: usize,
    data: Vec<f64>,
}

impl Matrix {
    pub fn new(rows: usize, cols: usize, data: Vec<f64>) -> Matrix {
        assert_eq!(data.len(), rows * cols, "matrix data does not match its shape");
        Matrix { rows, cols, data }
    }

    pub fn zeros(rows: usize, cols: usize) -> Matrix {
        Matrix { rows, cols, data: vec![0.0; rows * cols] }
    }

    pub fn from_rows<const D: usize>(rows: &[[f64; D]]) -> Matrix {
        Matrix { rows: rows.len(), cols: D, data: rows.iter().flatten().copied().collect() }
    }

    /// The values, row by row.
    pub fn into_data(self) -> Vec<f64> {
        self.data
    }

    pub fn rows(&self) -> usize {
        self.rows
    }

    pub fn cols(&self) -> usize {
        self.cols
    }

    pub fn row(&self, i: usize) -> &[f64] {
        &self.data[i * self.cols..(i + 1) * self.cols]
    }

    pub fn row_mut(&mut self, i: usize) -> &mut [f64] {
        &mut self.data[i * self.cols..(i + 1) * self.cols]
    }

    pub fn as_slice(&self) -> &[f64] {
        &self.data
    }

    /// The rows at `idx`, in that order.
    pub fn select(&self, idx: &[usize]) -> Matrix {
        let mut data = Vec::with_capacity(idx.len() * self.cols);
        for &i in idx {
            data.extend_from_slice(self.row(i));
        }
        Matrix { rows: idx.len(), cols: self.cols, data }
    }
}

/// Why clustering could not run.
#[derive(Clone, Debug, PartialEq, Eq, Error, Serialize, Deserialize)]
pub enum ClusterError {
    #[error("the number of segments must be at least 1")]
    ZeroClusters,
    #[error("there are {rows} customers, fewer than the {k} segments asked for")]
    TooFewRows { rows: usize, k: usize },
    #[error("no features are selected")]
    NoFeatures,
    #[error("there are no customers to cluster")]
    NoRows,
    #[error("the data contains a value that is not a finite number (row {row})")]
    NotFinite { row: usize },
    #[error("all customers are identical on the selected features, so there is nothing to separate")]
    NoVariance,
    #[error("n_init and max_iterations must be at least 1, and the tolerance not negative")]
    BadSettings,
}

/// Settings of a k-means fit (linfa's `KMeansParams`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KMeansParams {
    k: usize,
    n_init: usize,
    max_iterations: usize,
    tolerance: f64,
    seed: u64,
    refine: bool,
    restart_sample: usize,
    adaptive: bool,
}

/// Checked settings: only these can fit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KMeansValidParams(KMeansParams);

impl KMeansParams {
    /// Restarts (default 20: twice scikit-learn's, as restarts are cheap with Hamerly's bounds
    /// and, on large inputs, run on a sample).
    pub fn n_init(mut self, n: usize) -> Self {
        self.n_init = n;
        self
    }

    /// Lloyd iterations per restart at most (default 300).
    pub fn max_iterations(mut self, n: usize) -> Self {
        self.max_iterations = n;
        self
    }

    /// Convergence threshold, relative to the mean feature variance (default 1e-4).
    pub fn tolerance(mut self, t: f64) -> Self {
        self.tolerance = t;
        self
    }

    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Hartigan refinement after Lloyd (default on).
    pub fn refine(mut self, on: bool) -> Self {
        self.refine = on;
        self
    }

    /// Extra restarts (up to 3 x `n_init`) while the best inertia was reached by only one
    /// restart (default on).
    pub fn adaptive(mut self, on: bool) -> Self {
        self.adaptive = on;
        self
    }

    /// With more than twice this many rows, the restarts run on a seeded sample of this many
    /// and only the best is iterated on every row (default [`RESTART_SAMPLE`]; `usize::MAX`
    /// turns it off).
    pub fn restart_sample(mut self, rows: usize) -> Self {
        self.restart_sample = rows;
        self
    }

    pub fn check(self) -> Result<KMeansValidParams, ClusterError> {
        if self.k == 0 {
            return Err(ClusterError::ZeroClusters);
        }
        if self.n_init == 0 || self.max_iterations == 0 || self.tolerance.is_nan() || self.tolerance < 0.0 {
            return Err(ClusterError::BadSettings);
        }
        Ok(KMeansValidParams(self))
    }
}

/// A fitted model (linfa's `KMeans`): centroids and the fit's statistics.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KMeans {
    centroids: Matrix,
    labels: Vec<u32>,
    sizes: Vec<u64>,
    inertia: f64,
    iterations: usize,
}

impl KMeans {
    /// Starts the builder for `k` clusters.
    pub fn params(k: usize) -> KMeansParams {
        KMeansParams {
            k,
            n_init: 20,
            max_iterations: 300,
            tolerance: 1e-4,
            seed: 0x5eed,
            refine: true,
            restart_sample: RESTART_SAMPLE,
            adaptive: true,
        }
    }

    pub fn centroids(&self) -> &Matrix {
        &self.centroids
    }

    /// Cluster of each training row.
    pub fn labels(&self) -> &[u32] {
        &self.labels
    }

    pub fn sizes(&self) -> &[u64] {
        &self.sizes
    }

    /// Sum of squared distances of the training rows to their centroids.
    pub fn inertia(&self) -> f64 {
        self.inertia
    }

    /// Lloyd iterations of the winning restart.
    pub fn iterations(&self) -> usize {
        self.iterations
    }

    /// Nearest centroid of each row of `data` (which must have the training columns).
    pub fn predict(&self, data: &Matrix) -> Vec<u32> {
        assert_eq!(data.cols(), self.centroids.cols(), "predict needs the training columns");
        (0..data.rows()).map(|i| nearest(data.row(i), &self.centroids).0 as u32).collect()
    }
}

impl KMeansValidParams {
    pub fn k(&self) -> usize {
        self.0.k
    }

    /// Fits the model: `n_init` seeded restarts, the lowest inertia kept.
    pub fn fit(&self, data: &Matrix) -> Result<KMeans, ClusterError> {
        self.fit_with_progress(data, &mut |_| {})
    }

    /// As [`fit`](Self::fit), calling `progress(done_restarts)` after each restart.
    pub fn fit_with_progress(&self, data: &Matrix, progress: &mut dyn FnMut(usize)) -> Result<KMeans, ClusterError> {
        let tol = self.threshold(data)?;
        self.fit_after(data, tol, Vec::new(), progress)
    }

    /// Restarts run, at least (more while the best is unconfirmed, see [`KMeansParams::adaptive`]).
    pub fn n_init(&self) -> usize {
        self.0.n_init
    }

    /// The rows the restarts run on for `n` rows: a seeded sample (sorted) when there are
    /// more than twice [`KMeansParams::restart_sample`]; `None` when they run on every row.
    pub fn restart_rows(&self, n: usize) -> Option<Vec<usize>> {
        let p = &self.0;
        (n > p.restart_sample.saturating_mul(2)).then(|| {
            let mut idx = sample_rows(n, p.restart_sample, p.seed ^ 0x5a5a);
            idx.sort_unstable();
            idx
        })
    }

    /// Checks `data` and gives the convergence threshold of a fit on it (the tolerance times
    /// the mean variance).
    pub fn threshold(&self, data: &Matrix) -> Result<f64, ClusterError> {
        Ok(self.0.tolerance * validate(data, self.0.k)?)
    }

    /// Restart number `run` on `on` (the data, or its [`restart_rows`](Self::restart_rows)):
    /// its own seeded k-means++, Lloyd, and Hartigan when refining. Restarts are independent,
    /// so they can run anywhere; [`fit_after`](Self::fit_after) takes them.
    pub fn restart(&self, on: &Matrix, run: usize, tol: f64) -> KMeans {
        let p = &self.0;
        let mut rng = Pcg64Mcg::seed_from_u64(p.seed ^ (run as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let init = kmeans_plus_plus(on, p.k, &mut rng);
        let mut model = lloyd_hamerly(on, init, p.max_iterations, tol);
        if p.refine {
            hartigan(on, &mut model, 20);
        }
        model
    }

    /// [`fit`](Self::fit) on `data` with its [`threshold`](Self::threshold) `tol`, taking the
    /// restarts in `done` (by run number, made by [`restart`](Self::restart) on the same rows)
    /// instead of running them again: the same model as `fit`.
    pub fn fit_after(
        &self,
        data: &Matrix,
        tol: f64,
        mut done: Vec<(usize, KMeans)>,
        progress: &mut dyn FnMut(usize),
    ) -> Result<KMeans, ClusterError> {
        let p = &self.0;
        // the scalable variant: restarts on a sample, then the winner on every row
        let rows = self.restart_rows(data.rows());
        let large = rows.is_some();
        let sample;
        let restarts_on = match rows {
            Some(idx) => {
                sample = data.select(&idx);
                &sample
            }
            None => data,
        };
        let mut best: Option<KMeans> = None;
        // restarts that reached the best inertia so far; while the best was found only once it
        // may be a lucky draw with better optima around, so up to 3 x n_init restarts are run
        // until a second one confirms it
        let mut hits = 0;
        let mut run = 0;
        while run < p.n_init || (p.adaptive && hits < 2 && run < 3 * p.n_init) {
            let model = match done.iter().position(|(r, _)| *r == run) {
                Some(i) => done.swap_remove(i).1,
                None => self.restart(restarts_on, run, tol),
            };
            match &best {
                Some(b) if model.inertia > b.inertia * (1.0 + 1e-9) => {}
                Some(b) if model.inertia >= b.inertia * (1.0 - 1e-9) => hits += 1,
                _ => {
                    best = Some(model);
                    hits = 1;
                }
            }
            run += 1;
            progress(run);
        }
        let mut best = best.expect("n_init >= 1");
        if p.refine {
            let mut rng = Pcg64Mcg::seed_from_u64(p.seed ^ 0x5317_c4a2);
            best = swap_search(restarts_on, best, &mut rng, p.max_iterations, tol, progress, run);
        }
        if !large {
            return Ok(best);
        }
        let mut model = lloyd_hamerly(data, best.centroids, p.max_iterations, tol);
        if p.refine {
            // a few passes: on every row each costs as much as a Lloyd iteration without bounds
            hartigan(data, &mut model, 3);
        }
        Ok(model)
    }
}

/// Checks the data for a fit of `k` clusters, and returns its mean variance (each pass over a
/// million rows counts, so it is computed once here).
fn validate(data: &Matrix, k: usize) -> Result<f64, ClusterError> {
    if data.cols() == 0 {
        return Err(ClusterError::NoFeatures);
    }
    if data.rows() == 0 {
        return Err(ClusterError::NoRows);
    }
    if let Some(pos) = data.as_slice().iter().position(|x| !x.is_finite()) {
        return Err(ClusterError::NotFinite { row: pos / data.cols() });
    }
    if data.rows() < k {
        return Err(ClusterError::TooFewRows { rows: data.rows(), k });
    }
    let variance = mean_variance(data);
    if k > 1 && variance == 0.0 {
        return Err(ClusterError::NoVariance);
    }
    Ok(variance)
}

fn mean_variance(data: &Matrix) -> f64 {
    let (n, d) = (data.rows(), data.cols());
    let mut mean = vec![0.0; d];
    for i in 0..n {
        for (m, x) in mean.iter_mut().zip(data.row(i)) {
            *m += x;
        }
    }
    mean.iter_mut().for_each(|m| *m /= n as f64);
    let mut var = 0.0;
    for i in 0..n {
        var += sq_dist(data.row(i), &mean);
    }
    var / (n * d) as f64
}

/// Squared Euclidean distance. Four running sums, not one: each addition to a single sum
/// waits for the one before, while four proceed side by side (two to a SIMD register). The
/// order of the additions is fixed here, so every target gives the same bits.
#[inline]
pub(crate) fn sq_dist(a: &[f64], b: &[f64]) -> f64 {
    let (ca, cb) = (a.chunks_exact(4), b.chunks_exact(4));
    let mut tail = 0.0;
    for (x, y) in ca.remainder().iter().zip(cb.remainder()) {
        let d = x - y;
        tail += d * d;
    }
    let mut s = [0.0f64; 4];
    for (x, y) in ca.zip(cb) {
        for l in 0..4 {
            let d = x[l] - y[l];
            s[l] += d * d;
        }
    }
    (s[0] + s[1]) + (s[2] + s[3]) + tail
}

/// Nearest centroid and its squared distance.
#[inline]
fn nearest(x: &[f64], centroids: &Matrix) -> (usize, f64) {
    let mut best = (0, f64::INFINITY);
    for j in 0..centroids.rows() {
        let d = sq_dist(x, centroids.row(j));
        if d < best.1 {
            best = (j, d);
        }
    }
    best
}

/// Greedy k-means++ seeding (on a sample of large inputs).
fn kmeans_plus_plus(data: &Matrix, k: usize, rng: &mut Pcg64Mcg) -> Matrix {
    let sample;
    let pts = if data.rows() > SEEDING_SAMPLE {
        let idx: Vec<usize> = (0..SEEDING_SAMPLE).map(|_| rng.random_range(0..data.rows())).collect();
        sample = data.select(&idx);
        &sample
    } else {
        data
    };
    let n = pts.rows();
    let trials = 2 + (k as f64).ln().floor() as usize;
    let mut centroids = Matrix::zeros(k, pts.cols());
    let first = rng.random_range(0..n);
    centroids.row_mut(0).copy_from_slice(pts.row(first));
    let mut closest: Vec<f64> = (0..n).map(|i| sq_dist(pts.row(i), pts.row(first))).collect();
    let mut total: f64 = closest.iter().sum();
    let mut candidate_d = vec![0.0; n];
    let mut best_d = vec![0.0; n];
    for c in 1..k {
        let mut best: Option<(usize, f64)> = None;
        for _ in 0..trials {
            let cand = if total > 0.0 { draw(&closest, total, rng) } else { rng.random_range(0..n) };
            let mut pot = 0.0;
            for i in 0..n {
                let d = sq_dist(pts.row(i), pts.row(cand)).min(closest[i]);
                candidate_d[i] = d;
                pot += d;
            }
            if best.is_none_or(|(_, p)| pot < p) {
                best = Some((cand, pot));
                std::mem::swap(&mut best_d, &mut candidate_d);
            }
        }
        let (cand, pot) = best.expect("at least two trials");
        centroids.row_mut(c).copy_from_slice(pts.row(cand));
        std::mem::swap(&mut closest, &mut best_d);
        total = pot;
    }
    centroids
}

/// Index drawn with probability proportional to `weights`.
fn draw(weights: &[f64], total: f64, rng: &mut Pcg64Mcg) -> usize {
    let mut target = rng.random::<f64>() * total;
    for (i, w) in weights.iter().enumerate() {
        target -= w;
        if target < 0.0 {
            return i;
        }
    }
    weights.iter().rposition(|w| *w > 0.0).unwrap_or(0)
}

/// Lloyd's algorithm with Hamerly's bounds (exact: the same fixed point as plain Lloyd).
fn lloyd_hamerly(data: &Matrix, mut centroids: Matrix, max_iter: usize, tol: f64) -> KMeans {
    let (n, d, k) = (data.rows(), data.cols(), centroids.rows());
    let mut labels = vec![0u32; n];
    let mut upper = vec![0.0f64; n];
    let mut lower = vec![0.0f64; n];
    // first assignment: exact distances to every centroid
    for i in 0..n {
        let (a, da, second) = two_nearest(data.row(i), &centroids);
        labels[i] = a as u32;
        upper[i] = da.sqrt();
        lower[i] = second.sqrt();
    }
    let mut sums = Matrix::zeros(k, d);
    let mut counts = vec![0u64; k];
    for i in 0..n {
        let a = labels[i] as usize;
        counts[a] += 1;
        for (s, x) in sums.row_mut(a).iter_mut().zip(data.row(i)) {
            *s += x;
        }
    }
    let mut iterations = 0;
    let mut half_gap = vec![0.0; k];
    let mut shift = vec![0.0; k];
    for _ in 0..max_iter {
        iterations += 1;
        // move centroids to their means; an empty cluster takes the row farthest from its centroid
        let mut moved = 0.0;
        for j in 0..k {
            if counts[j] == 0 {
                let Some(far) =
                    (0..n).filter(|&i| counts[labels[i] as usize] > 1).max_by(|&a, &b| upper[a].total_cmp(&upper[b]))
                else {
                    continue;
                };
                let old = labels[far] as usize;
                counts[old] -= 1;
                for (s, x) in sums.row_mut(old).iter_mut().zip(data.row(far)) {
                    *s -= x;
                }
                labels[far] = j as u32;
                counts[j] = 1;
                sums.row_mut(j).copy_from_slice(data.row(far));
                upper[far] = 0.0;
                lower[far] = 0.0;
            }
        }
        for j in 0..k {
            let inv = 1.0 / counts[j].max(1) as f64;
            let mut s2 = 0.0;
            for (c, s) in centroids.row_mut(j).iter_mut().zip(sums.row(j)) {
                let new = s * inv;
                s2 += (new - *c) * (new - *c);
                *c = new;
            }
            shift[j] = s2.sqrt();
            moved += s2;
        }
        if moved <= tol && iterations > 1 {
            break;
        }
        // half the distance from each centroid to its nearest other centroid
        for j in 0..k {
            let mut m = f64::INFINITY;
            for o in 0..k {
                if o != j {
                    m = m.min(sq_dist(centroids.row(j), centroids.row(o)));
                }
            }
            half_gap[j] = if k > 1 { m.sqrt() / 2.0 } else { f64::INFINITY };
        }
        let (max_shift, second_shift) = top_two(&shift);
        let mut changed = 0usize;
        for i in 0..n {
            let a = labels[i] as usize;
            upper[i] += shift[a];
            lower[i] -= if shift[a] == max_shift { second_shift } else { max_shift };
            let bound = half_gap[a].max(lower[i]);
            if upper[i] <= bound {
                continue;
            }
            upper[i] = sq_dist(data.row(i), centroids.row(a)).sqrt();
            if upper[i] <= bound {
                continue;
            }
            let (b, db, second) = two_nearest(data.row(i), &centroids);
            upper[i] = db.sqrt();
            lower[i] = second.sqrt();
            if b != a {
                changed += 1;
                labels[i] = b as u32;
                counts[a] -= 1;
                counts[b] += 1;
                let x = data.row(i);
                for (s, v) in sums.row_mut(a).iter_mut().zip(x) {
                    *s -= v;
                }
                for (s, v) in sums.row_mut(b).iter_mut().zip(x) {
                    *s += v;
                }
            }
        }
        if changed == 0 {
            break;
        }
    }
    // centroids as exact means of the final labels (sums drift slightly under updates)
    let mut model = KMeans { centroids, labels, sizes: counts, inertia: 0.0, iterations };
    recompute(data, &mut model);
    model
}

/// Nearest centroid, its squared distance and the second-nearest squared distance.
#[inline]
fn two_nearest(x: &[f64], centroids: &Matrix) -> (usize, f64, f64) {
    let (mut a, mut da, mut db) = (0, f64::INFINITY, f64::INFINITY);
    for j in 0..centroids.rows() {
        let d = sq_dist(x, centroids.row(j));
        if d < da {
            db = da;
            da = d;
            a = j;
        } else if d < db {
            db = d;
        }
    }
    (a, da, db)
}

fn top_two(v: &[f64]) -> (f64, f64) {
    let (mut a, mut b) = (0.0f64, 0.0f64);
    for &x in v {
        if x > a {
            b = a;
            a = x;
        } else if x > b {
            b = x;
        }
    }
    (a, b)
}

/// Exact centroids, sizes and inertia from the labels.
fn recompute(data: &Matrix, model: &mut KMeans) {
    let (k, d) = (model.centroids.rows(), data.cols());
    let mut sums = Matrix::zeros(k, d);
    let mut counts = vec![0u64; k];
    for (i, &l) in model.labels.iter().enumerate() {
        counts[l as usize] += 1;
        for (s, x) in sums.row_mut(l as usize).iter_mut().zip(data.row(i)) {
            *s += x;
        }
    }
    for j in 0..k {
        if counts[j] > 0 {
            let inv = 1.0 / counts[j] as f64;
            for (c, s) in model.centroids.row_mut(j).iter_mut().zip(sums.row(j)) {
                *c = s * inv;
            }
        }
    }
    model.sizes = counts;
    model.inertia =
        model.labels.iter().enumerate().map(|(i, &l)| sq_dist(data.row(i), model.centroids.row(l as usize))).sum();
}

/// Swap search (after Kanungo et al.'s local search for k-means): each centroid in turn is
/// taken out and a new one seeded by a greedy k-means++ step against the remaining centroids,
/// then Lloyd and Hartigan run from there; a swap that lowers the inertia is kept and the round
/// starts over. Lloyd's local optima that put two centroids in one natural group and one
/// centroid across two groups are left this way. At most 4k trials in all.
fn swap_search(
    data: &Matrix,
    mut best: KMeans,
    rng: &mut Pcg64Mcg,
    max_iter: usize,
    tol: f64,
    progress: &mut dyn FnMut(usize),
    mut done: usize,
) -> KMeans {
    let k = best.centroids.rows();
    if k < 2 || data.rows() <= k {
        return best;
    }
    let mut trials = 0;
    let mut j = 0;
    while j < k && trials < 4 * k {
        trials += 1;
        let others: Vec<usize> = (0..k).filter(|&o| o != j).collect();
        let rest = best.centroids.select(&others);
        // the new centre: a greedy k-means++ step against the remaining ones
        let d2: Vec<f64> = (0..data.rows()).map(|i| nearest(data.row(i), &rest).1).collect();
        let total: f64 = d2.iter().sum();
        let mut pick = (0usize, f64::INFINITY);
        for _ in 0..2 + (k as f64).ln().floor() as usize {
            let cand = if total > 0.0 { draw(&d2, total, rng) } else { rng.random_range(0..data.rows()) };
            let pot: f64 = (0..data.rows()).map(|i| sq_dist(data.row(i), data.row(cand)).min(d2[i])).sum();
            if pot < pick.1 {
                pick = (cand, pot);
            }
        }
        let mut c = Matrix::zeros(k, data.cols());
        c.data[..(k - 1) * data.cols()].copy_from_slice(rest.as_slice());
        c.row_mut(k - 1).copy_from_slice(data.row(pick.0));
        let mut model = lloyd_hamerly(data, c, max_iter, tol);
        hartigan(data, &mut model, 20);
        done += 1;
        progress(done);
        if model.inertia < best.inertia * (1.0 - 1e-9) {
            best = model;
            j = 0;
        } else {
            j += 1;
        }
    }
    best
}

/// Hartigan's single-row moves until none lowers the inertia, or `max_passes` passes.
fn hartigan(data: &Matrix, model: &mut KMeans, max_passes: usize) {
    let (n, k) = (data.rows(), model.centroids.rows());
    if k < 2 {
        return;
    }
    let mut sizes: Vec<f64> = model.sizes.iter().map(|&s| s as f64).collect();
    for _pass in 0..max_passes {
        let mut moves = 0;
        for i in 0..n {
            let a = model.labels[i] as usize;
            if sizes[a] <= 1.0 {
                continue;
            }
            let x = data.row(i);
            let cost_out = sizes[a] / (sizes[a] - 1.0) * sq_dist(x, model.centroids.row(a));
            let mut best = (a, cost_out);
            for b in 0..k {
                if b != a {
                    let cost_in = sizes[b] / (sizes[b] + 1.0) * sq_dist(x, model.centroids.row(b));
                    if cost_in < best.1 {
                        best = (b, cost_in);
                    }
                }
            }
            let b = best.0;
            if b == a || best.1 >= cost_out * (1.0 - 1e-12) {
                continue;
            }
            // move x from a to b, updating both means
            let (na, nb) = (sizes[a], sizes[b]);
            for (c, v) in model.centroids.row_mut(a).iter_mut().zip(x) {
                *c = (*c * na - v) / (na - 1.0);
            }
            for (c, v) in model.centroids.row_mut(b).iter_mut().zip(x) {
                *c = (*c * nb + v) / (nb + 1.0);
            }
            sizes[a] -= 1.0;
            sizes[b] += 1.0;
            model.labels[i] = b as u32;
            moves += 1;
        }
        if moves == 0 {
            break;
        }
    }
    recompute(data, model);
}

/// A seeded uniform sample of `m` distinct row indices out of `n` (all of them when `n <= m`),
/// in sampled order.
pub fn sample_rows(n: usize, m: usize, seed: u64) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..n).collect();
    if n > m {
        let mut rng = Pcg64Mcg::seed_from_u64(seed);
        for i in 0..m {
            let j = rng.random_range(i..n);
            idx.swap(i, j);
        }
        idx.truncate(m);
    }
    idx
}

/// Mean silhouette of `labels` over a seeded sample of at most `sample` rows (exact when the
/// data is smaller). Rows in singleton clusters count 0, as usual.
pub fn silhouette(data: &Matrix, labels: &[u32], k: usize, sample: usize, seed: u64) -> f64 {
    SilhouetteSample::new(data, sample, seed).score(labels, k)
}

/// The pairwise distances of a seeded sample of rows, computed once and reused to score
/// several labelings of the same data (one per k tried).
pub struct SilhouetteSample {
    idx: Vec<usize>,
    /// Upper triangle, row-major: distance of sample i and j (i < j).
    dist: Vec<f32>,
}

impl SilhouetteSample {
    pub fn new(data: &Matrix, sample: usize, seed: u64) -> Self {
        let idx = sample_rows(data.rows(), sample, seed);
        let m = idx.len();
        let mut dist = Vec::with_capacity(m * m.saturating_sub(1) / 2);
        for a in 0..m {
            for b in a + 1..m {
                dist.push(sq_dist(data.row(idx[a]), data.row(idx[b])).sqrt() as f32);
            }
        }
        SilhouetteSample { idx, dist }
    }

    /// Mean silhouette of `labels` (over all rows of the data) on the sample.
    pub fn score(&self, labels: &[u32], k: usize) -> f64 {
        let m = self.idx.len();
        if m == 0 {
            return 0.0;
        }
        let lab: Vec<usize> = self.idx.iter().map(|&i| labels[i] as usize).collect();
        let mut size = vec![0usize; k];
        for &l in &lab {
            size[l] += 1;
        }
        // sums[i * k + c]: distance from sample i to all of cluster c
        let mut sums = vec![0.0f64; m * k];
        let mut p = 0;
        for a in 0..m {
            for b in a + 1..m {
                let d = self.dist[p] as f64;
                p += 1;
                sums[a * k + lab[b]] += d;
                sums[b * k + lab[a]] += d;
            }
        }
        let mut total = 0.0;
        for a in 0..m {
            let own = lab[a];
            if size[own] <= 1 {
                continue;
            }
            let row = &sums[a * k..(a + 1) * k];
            let in_own = row[own] / (size[own] - 1) as f64;
            let other = (0..k)
                .filter(|&c| c != own && size[c] > 0)
                .map(|c| row[c] / size[c] as f64)
                .fold(f64::INFINITY, f64::min);
            if other.is_finite() {
                let mx = in_own.max(other);
                if mx > 0.0 {
                    total += (other - in_own) / mx;
                }
            }
        }
        total / m as f64
    }
}

/// Adjusted Rand index of two labelings (1 = identical partitions, about 0 = chance).
pub fn adjusted_rand_index(a: &[u32], b: &[u32]) -> f64 {
    assert_eq!(a.len(), b.len());
    let n = a.len();
    let ka = a.iter().max().map_or(0, |m| *m as usize + 1);
    let kb = b.iter().max().map_or(0, |m| *m as usize + 1);
    let mut table = vec![0u64; ka * kb];
    for (&x, &y) in a.iter().zip(b) {
        table[x as usize * kb + y as usize] += 1;
    }
    let c2 = |x: u64| (x * x.saturating_sub(1)) as f64 / 2.0;
    let index: f64 = table.iter().map(|&x| c2(x)).sum();
    let rows: f64 = (0..ka).map(|i| c2(table[i * kb..(i + 1) * kb].iter().sum())).sum();
    let cols: f64 = (0..kb).map(|j| c2((0..ka).map(|i| table[i * kb + j]).sum())).sum();
    let expected = rows * cols / c2(n as u64);
    let max = (rows + cols) / 2.0;
    if max == expected { 1.0 } else { (index - expected) / (max - expected) }
}

/// `n` rows of `d` numbers around `k` seeded centres (uniform in [-3, 3]) with unit Gaussian
/// noise, row i from centre i mod k: the benchmarks' data, the same natively and in wasm.
pub fn blobs(n: usize, d: usize, k: usize, seed: u64) -> Matrix {
    use rand_distr::{Distribution, StandardNormal};
    let mut rng = Pcg64Mcg::seed_from_u64(seed);
    let centres: Vec<Vec<f64>> = (0..k).map(|_| (0..d).map(|_| rng.random_range(-3.0..3.0)).collect()).collect();
    let mut data = Vec::with_capacity(n * d);
    for i in 0..n {
        for x in &centres[i % k.max(1)] {
            let noise: f64 = StandardNormal.sample(&mut rng);
            data.push(x + noise);
        }
    }
    Matrix::new(n, d, data)
}

/// The benchmark fit: k-means++ seeding and at most 20 Lloyd iterations, one run, no
/// refinement (the issue's "k-means++ + 20 iterations").
pub fn benchmark_params(k: usize) -> Result<KMeansValidParams, ClusterError> {
    KMeans::params(k)
        .n_init(1)
        .max_iterations(20)
        .tolerance(0.0)
        .refine(false)
        .restart_sample(usize::MAX)
        .adaptive(false)
        .seed(3)
        .check()
}

/// One k of an automatic choice: its fit's inertia (for the elbow) and silhouette.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KChoice {
    pub k: usize,
    pub inertia: f64,
    pub silhouette: f64,
}

/// The first two principal components of `data`, computed on a seeded sample of at most
/// `sample` rows (power iteration with deflation on the covariance), and the projection of
/// those sampled rows: `(row index, pc1, pc2)`. For the segments' 2-D scatter.
pub fn pca_sample(data: &Matrix, sample: usize, seed: u64) -> Vec<(usize, f64, f64)> {
    let (n, d) = (data.rows(), data.cols());
    if n == 0 || d == 0 {
        return Vec::new();
    }
    let mut idx = sample_rows(n, sample, seed);
    idx.sort_unstable();
    let m = idx.len() as f64;
    let mut mean = vec![0.0; d];
    for &i in &idx {
        for (a, x) in mean.iter_mut().zip(data.row(i)) {
            *a += x / m;
        }
    }
    let mut cov = vec![0.0; d * d];
    for &i in &idx {
        let r = data.row(i);
        for a in 0..d {
            let da = r[a] - mean[a];
            for b in a..d {
                cov[a * d + b] += da * (r[b] - mean[b]) / m;
            }
        }
    }
    for a in 0..d {
        for b in 0..a {
            cov[a * d + b] = cov[b * d + a];
        }
    }
    let mut components: Vec<Vec<f64>> = Vec::new();
    for c in 0..2.min(d) {
        // a deterministic start that is not orthogonal to the leading direction in practice
        let mut v: Vec<f64> = (0..d).map(|i| 1.0 + ((i * 7 + c * 3) % 11) as f64 / 11.0).collect();
        for _ in 0..200 {
            let mut w = vec![0.0; d];
            for a in 0..d {
                w[a] = (0..d).map(|b| cov[a * d + b] * v[b]).sum();
            }
            for p in &components {
                let dot: f64 = w.iter().zip(p).map(|(x, y)| x * y).sum();
                for (x, y) in w.iter_mut().zip(p) {
                    *x -= dot * y;
                }
            }
            let norm = w.iter().map(|x| x * x).sum::<f64>().sqrt();
            if norm == 0.0 {
                break;
            }
            w.iter_mut().for_each(|x| *x /= norm);
            let delta: f64 = w.iter().zip(&v).map(|(a, b)| (a - b).abs()).sum();
            v = w;
            if delta < 1e-10 {
                break;
            }
        }
        // sign convention: the largest loading is positive, so the picture does not flip
        let big = v.iter().copied().fold(0.0f64, |a, x| if x.abs() > a.abs() { x } else { a });
        if big < 0.0 {
            v.iter_mut().for_each(|x| *x = -*x);
        }
        components.push(v);
    }
    let proj = |r: &[f64], c: usize| -> f64 {
        components.get(c).map_or(0.0, |v| r.iter().zip(&mean).zip(v).map(|((x, mu), w)| (x - mu) * w).sum())
    };
    idx.iter().map(|&i| (i, proj(data.row(i), 0), proj(data.row(i), 1))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Three well separated blobs with known labels.
    fn blobs(n_per: usize, seed: u64) -> (Matrix, Vec<u32>) {
        let mut rng = Pcg64Mcg::seed_from_u64(seed);
        let centres = [[0.0, 0.0, 0.0], [6.0, 0.0, 1.0], [0.0, 6.0, -1.0]];
        let mut data = Vec::new();
        let mut truth = Vec::new();
        for (c, centre) in centres.iter().enumerate() {
            for _ in 0..n_per {
                for x in centre {
                    data.push(x + rng.random::<f64>() * 2.0 - 1.0);
                }
                truth.push(c as u32);
            }
        }
        (Matrix::new(3 * n_per, 3, data), truth)
    }

    #[test]
    fn recovers_blobs() {
        let (data, truth) = blobs(200, 1);
        let model = KMeans::params(3).seed(3).check().unwrap().fit(&data).unwrap();
        assert_eq!(adjusted_rand_index(model.labels(), &truth), 1.0);
        assert_eq!(model.predict(&data), model.labels());
        assert_eq!(model.sizes(), &[200, 200, 200][..]);
    }

    #[test]
    fn large_inputs_restart_on_a_sample_and_finish_on_every_row() {
        let (data, truth) = blobs(700, 8);
        let small = KMeans::params(3).seed(3).restart_sample(300).check().unwrap().fit(&data).unwrap();
        assert_eq!(small.labels().len(), 2100);
        assert_eq!(adjusted_rand_index(small.labels(), &truth), 1.0);
        let full = KMeans::params(3).seed(3).restart_sample(usize::MAX).check().unwrap().fit(&data).unwrap();
        assert!((small.inertia() - full.inertia()).abs() <= 1e-9 * full.inertia());
    }

    #[test]
    fn the_same_seed_gives_the_same_model() {
        let (data, _) = blobs(100, 2);
        let fit = |seed| KMeans::params(4).seed(seed).check().unwrap().fit(&data).unwrap();
        assert_eq!(fit(9), fit(9));
    }

    #[test]
    fn hamerly_equals_plain_lloyd() {
        let (data, _) = blobs(150, 4);
        let mut rng = Pcg64Mcg::seed_from_u64(5);
        let init = kmeans_plus_plus(&data, 5, &mut rng);
        let fast = lloyd_hamerly(&data, init.clone(), 300, 0.0);
        // plain Lloyd
        let mut c = init;
        let mut labels = vec![0u32; data.rows()];
        for _ in 0..300 {
            let new: Vec<u32> = (0..data.rows()).map(|i| nearest(data.row(i), &c).0 as u32).collect();
            let done = new == labels;
            labels = new;
            let mut m =
                KMeans { centroids: c.clone(), labels: labels.clone(), sizes: vec![], inertia: 0.0, iterations: 0 };
            recompute(&data, &mut m);
            c = m.centroids;
            if done {
                break;
            }
        }
        assert_eq!(fast.labels, labels);
    }

    #[test]
    fn degenerate_inputs_are_errors() {
        let one = Matrix::from_rows(&[[1.0, 2.0]]);
        assert_eq!(KMeans::params(0).check().unwrap_err(), ClusterError::ZeroClusters);
        assert_eq!(KMeans::params(2).n_init(0).check().unwrap_err(), ClusterError::BadSettings);
        let p = KMeans::params(3).check().unwrap();
        assert_eq!(p.fit(&one).unwrap_err(), ClusterError::TooFewRows { rows: 1, k: 3 });
        assert_eq!(p.fit(&Matrix::zeros(0, 2)).unwrap_err(), ClusterError::NoRows);
        assert_eq!(p.fit(&Matrix::zeros(5, 0)).unwrap_err(), ClusterError::NoFeatures);
        assert_eq!(p.fit(&Matrix::zeros(5, 2)).unwrap_err(), ClusterError::NoVariance);
        let nan = Matrix::from_rows(&[[1.0], [f64::NAN], [2.0], [3.0]]);
        assert_eq!(p.fit(&nan).unwrap_err(), ClusterError::NotFinite { row: 1 });
        // one customer, one segment is fine
        let m = KMeans::params(1).check().unwrap().fit(&one).unwrap();
        assert_eq!(m.labels(), &[0]);
    }

    #[test]
    fn empty_clusters_are_refilled() {
        // many duplicates: k-means++ can only find 2 distinct points for 3 clusters
        let data = Matrix::from_rows(&[[0.0], [0.0], [0.0], [0.0], [10.0], [10.0], [10.0], [10.5]]);
        let m = KMeans::params(3).seed(1).check().unwrap().fit(&data).unwrap();
        assert!(m.sizes().iter().all(|&s| s > 0), "{:?}", m.sizes());
    }

    #[test]
    fn pca_finds_the_direction_of_spread() {
        // points along (1, 1, 0) with small noise: pc1 separates the ends, pc2 is small
        let rows: Vec<[f64; 3]> =
            (0..50).map(|i| [i as f64, i as f64 + (i % 3) as f64 * 0.1, (i % 2) as f64 * 0.1]).collect();
        let data = Matrix::from_rows(&rows);
        let p = pca_sample(&data, 1000, 1);
        assert_eq!(p.len(), 50);
        assert!(p[49].1 - p[0].1 > 60.0, "{:?} {:?}", p[0], p[49]);
        assert!(p.iter().all(|q| q.2.abs() < 1.0));
        assert_eq!(pca_sample(&data, 10, 1).len(), 10);
    }

    #[test]
    fn distances_of_every_length_match_the_plain_sum() {
        for n in 0..=19 {
            let a: Vec<f64> = (0..n).map(|i| (i as f64 * 0.37).sin() * 3.0).collect();
            let b: Vec<f64> = (0..n).map(|i| (i as f64 * 1.1).cos() - 0.5).collect();
            let plain: f64 = a.iter().zip(&b).map(|(x, y)| (x - y) * (x - y)).sum();
            let d = sq_dist(&a, &b);
            assert!((d - plain).abs() <= 1e-12 * plain.max(1.0), "length {n}: {d} vs {plain}");
            assert_eq!(sq_dist(&a, &a), 0.0);
        }
        assert_eq!(sq_dist(&[1.0, 2.0, 3.0, 4.0, 5.0], &[0.0, 0.0, 0.0, 0.0, 0.0]), 55.0);
    }

    #[test]
    fn ari_and_silhouette_known_values() {
        assert_eq!(adjusted_rand_index(&[0, 0, 1, 1], &[1, 1, 0, 0]), 1.0);
        // sklearn: adjusted_rand_score([0,0,1,1],[0,0,1,2]) = 0.5714285714285715
        assert!((adjusted_rand_index(&[0, 0, 1, 1], &[0, 0, 1, 2]) - 0.571_428_571_428_571_5).abs() < 1e-12);
        let (data, truth) = blobs(50, 7);
        let s = silhouette(&data, &truth, 3, 10_000, 1);
        assert!(s > 0.6, "{s}");
        let mixed: Vec<u32> = (0..150).map(|i| i % 3).collect();
        assert!(silhouette(&data, &mixed, 3, 10_000, 1) < 0.05);
    }
}
