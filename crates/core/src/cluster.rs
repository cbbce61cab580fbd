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

/// The numbers a [`Matrix`] holds: `f64`, or `f32` for a large table of encoded customers,
/// which then takes half the memory and half the time to read through. Whatever the rows hold,
/// distances, means and centroids are worked out in `f64` (an `f32` widens exactly).
pub trait Elem: Copy + PartialEq + std::fmt::Debug + 'static {
    fn to_f64(self) -> f64;
    /// Four values widened to f64, two to a SIMD register ([`sq_dist`] in wasm, where the
    /// compiler does not widen `f32` vectors by itself).
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    fn widen4(x: &[Self; 4]) -> (v128, v128);
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
use core::arch::wasm32::{
    f64x2_add, f64x2_extract_lane, f64x2_mul, f64x2_promote_low_f32x4, f64x2_splat, f64x2_sub, i64x2_shuffle, v128,
    v128_load,
};

impl Elem for f64 {
    #[inline(always)]
    fn to_f64(self) -> f64 {
        self
    }
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    #[inline(always)]
    fn widen4(x: &[f64; 4]) -> (v128, v128) {
        // SAFETY: `x` holds 32 bytes, and wasm loads need no alignment
        unsafe { (v128_load(x.as_ptr().cast()), v128_load(x.as_ptr().add(2).cast())) }
    }
}

impl Elem for f32 {
    #[inline(always)]
    fn to_f64(self) -> f64 {
        self as f64
    }
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    #[inline(always)]
    fn widen4(x: &[f32; 4]) -> (v128, v128) {
        // SAFETY: `x` holds 16 bytes, and wasm loads need no alignment
        let v = unsafe { v128_load(x.as_ptr().cast()) };
        (f64x2_promote_low_f32x4(v), f64x2_promote_low_f32x4(i64x2_shuffle::<1, 1>(v, v)))
    }
}

impl Matrix<f64> {
    pub fn zeros(rows: usize, cols: usize) -> Matrix {
        Matrix { rows, cols, data: vec![0.0; rows * cols] }
    }
}

/// A dense row-major matrix, of f64 unless said otherwise.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Matrix<T = f64> {
    rows: usize,
    cols: usize,
    data: Vec<T>,
}

impl<T: Elem> Matrix<T> {
    pub fn new(rows: usize, cols: usize, data: Vec<T>) -> Matrix<T> {
        assert_eq!(data.len(), rows * cols, "matrix data does not match its shape");
        Matrix { rows, cols, data }
    }

    pub fn from_rows<const D: usize>(rows: &[[T; D]]) -> Matrix<T> {
        Matrix { rows: rows.len(), cols: D, data: rows.iter().flatten().copied().collect() }
    }

    /// The values, row by row.
    pub fn into_data(self) -> Vec<T> {
        self.data
    }

    pub fn rows(&self) -> usize {
        self.rows
    }

    pub fn cols(&self) -> usize {
        self.cols
    }

    pub fn row(&self, i: usize) -> &[T] {
        &self.data[i * self.cols..(i + 1) * self.cols]
    }

    pub fn row_mut(&mut self, i: usize) -> &mut [T] {
        &mut self.data[i * self.cols..(i + 1) * self.cols]
    }

    pub fn as_slice(&self) -> &[T] {
        &self.data
    }

    /// The rows at `idx`, in that order.
    pub fn select(&self, idx: &[usize]) -> Matrix<T> {
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
    pub fn predict<T: Elem>(&self, data: &Matrix<T>) -> Vec<u32> {
        predict(data, &self.centroids)
    }
}

impl KMeansValidParams {
    pub fn k(&self) -> usize {
        self.0.k
    }

    /// Fits the model: `n_init` seeded restarts, the lowest inertia kept.
    pub fn fit<T: Elem>(&self, data: &Matrix<T>) -> Result<KMeans, ClusterError> {
        self.fit_with_progress(data, &mut |_| {})
    }

    /// As [`fit`](Self::fit), calling `progress(done_restarts)` after each restart.
    pub fn fit_with_progress<T: Elem>(
        &self,
        data: &Matrix<T>,
        progress: &mut dyn FnMut(usize),
    ) -> Result<KMeans, ClusterError> {
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
    pub fn threshold<T: Elem>(&self, data: &Matrix<T>) -> Result<f64, ClusterError> {
        Ok(self.0.tolerance * validate(data, self.0.k)?)
    }

    /// The convergence threshold of a fit on `rows` rows whose mean variance (over rows and
    /// columns) is `variance`, worked out elsewhere: what [`threshold`](Self::threshold) gives
    /// from the data, with the same checks but for finiteness (`variance` is then not finite).
    pub fn threshold_of(&self, rows: usize, variance: f64) -> Result<f64, ClusterError> {
        Ok(self.0.tolerance * checked(rows, self.0.k, variance)?)
    }

    /// Restart number `run` on `on` (the data, or its [`restart_rows`](Self::restart_rows)):
    /// its own seeded k-means++, Lloyd, and Hartigan when refining. Restarts are independent,
    /// so they can run anywhere; [`fit_after`](Self::fit_after) takes them.
    pub fn restart<T: Elem>(&self, on: &Matrix<T>, run: usize, tol: f64) -> KMeans {
        let p = &self.0;
        let mut rng = Pcg64Mcg::seed_from_u64(p.seed ^ (run as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let init = kmeans_plus_plus(on, p.k, &mut rng);
        if p.refine {
            lloyd_hartigan(on, init, p.max_iterations, tol, 20)
        } else {
            lloyd_hamerly(on, init, p.max_iterations, tol)
        }
    }

    /// [`fit`](Self::fit) on `data` with its [`threshold`](Self::threshold) `tol`, taking the
    /// restarts in `done` (by run number, made by [`restart`](Self::restart) on the same rows)
    /// instead of running them again: the same model as `fit`.
    pub fn fit_after<T: Elem>(
        &self,
        data: &Matrix<T>,
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
        Ok(if p.refine {
            // a few passes: on every row each costs up to a Lloyd iteration without bounds
            lloyd_hartigan(data, best.centroids, p.max_iterations, tol, 3)
        } else {
            lloyd_hamerly(data, best.centroids, p.max_iterations, tol)
        })
    }
}

/// Checks the data for a fit of `k` clusters, and returns its mean variance (each pass over a
/// million rows counts, so it is computed once here).
fn validate<T: Elem>(data: &Matrix<T>, k: usize) -> Result<f64, ClusterError> {
    if data.cols() == 0 {
        return Err(ClusterError::NoFeatures);
    }
    if data.rows() == 0 {
        return Err(ClusterError::NoRows);
    }
    // one pass finds a value that is not finite and sums the columns, a second sums the
    // squared deviations from their means
    let (n, d) = (data.rows(), data.cols());
    let mut mean = vec![0.0; d];
    for i in 0..n {
        let row = data.row(i);
        if !row.iter().all(|x| x.to_f64().is_finite()) {
            return Err(ClusterError::NotFinite { row: i });
        }
        for (m, x) in mean.iter_mut().zip(row) {
            *m += x.to_f64();
        }
    }
    mean.iter_mut().for_each(|m| *m /= n as f64);
    let mut var = 0.0;
    for i in 0..n {
        var += sq_dist(data.row(i), &mean);
    }
    checked(n, k, var / (n * d) as f64)
}

/// The checks of a fit of `k` clusters on `rows` finite rows of mean variance `variance`.
fn checked(rows: usize, k: usize, variance: f64) -> Result<f64, ClusterError> {
    if rows == 0 {
        return Err(ClusterError::NoRows);
    }
    if rows < k {
        return Err(ClusterError::TooFewRows { rows, k });
    }
    if k > 1 && variance == 0.0 {
        return Err(ClusterError::NoVariance);
    }
    Ok(variance)
}

/// Squared Euclidean distance, in f64 whatever the rows hold. Four running sums, not one:
/// each addition to a single sum waits for the one before, while four proceed side by side
/// (two to a SIMD register). The order of the additions is fixed here, and wasm's SIMD lanes
/// make the same additions, so every target gives the same bits.
#[inline(always)]
pub(crate) fn sq_dist<A: Elem, B: Elem>(a: &[A], b: &[B]) -> f64 {
    debug_assert_eq!(a.len(), b.len());
    let ((ca, ra), (cb, rb)) = (a.as_chunks::<4>(), b.as_chunks::<4>());
    let mut tail = 0.0;
    for (x, y) in ra.iter().zip(rb) {
        let d = x.to_f64() - y.to_f64();
        tail += d * d;
    }
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    {
        let (mut s01, mut s23) = (f64x2_splat(0.0), f64x2_splat(0.0));
        for (x, y) in ca.iter().zip(cb) {
            let ((x01, x23), (y01, y23)) = (A::widen4(x), B::widen4(y));
            let (d01, d23) = (f64x2_sub(x01, y01), f64x2_sub(x23, y23));
            s01 = f64x2_add(s01, f64x2_mul(d01, d01));
            s23 = f64x2_add(s23, f64x2_mul(d23, d23));
        }
        (f64x2_extract_lane::<0>(s01) + f64x2_extract_lane::<1>(s01))
            + (f64x2_extract_lane::<0>(s23) + f64x2_extract_lane::<1>(s23))
            + tail
    }
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    {
        let mut s = [0.0f64; 4];
        for (x, y) in ca.iter().zip(cb) {
            for l in 0..4 {
                let d = x[l].to_f64() - y[l].to_f64();
                s[l] += d * d;
            }
        }
        (s[0] + s[1]) + (s[2] + s[3]) + tail
    }
}

/// Nearest of `centroids` to each row of `data` (which must have their columns), as a fit
/// assigns rows: the same distance, ties to the lowest index.
pub fn predict<T: Elem>(data: &Matrix<T>, centroids: &Matrix) -> Vec<u32> {
    assert_eq!(data.cols(), centroids.cols(), "predict needs the training columns");
    (0..data.rows()).map(|i| nearest(data.row(i), centroids).0 as u32).collect()
}

/// Nearest centroid and its squared distance.
#[inline]
fn nearest<T: Elem>(x: &[T], centroids: &Matrix) -> (usize, f64) {
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
fn kmeans_plus_plus<T: Elem>(data: &Matrix<T>, k: usize, rng: &mut Pcg64Mcg) -> Matrix {
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
    widen(centroids.row_mut(0), pts.row(first));
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
        widen(centroids.row_mut(c), pts.row(cand));
        std::mem::swap(&mut closest, &mut best_d);
        total = pot;
    }
    centroids
}

/// Copies a row into a centroid.
fn widen<T: Elem>(to: &mut [f64], from: &[T]) {
    for (c, x) in to.iter_mut().zip(from) {
        *c = x.to_f64();
    }
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
fn lloyd_hamerly<T: Elem>(data: &Matrix<T>, centroids: Matrix, max_iter: usize, tol: f64) -> KMeans {
    let (mut model, _) = lloyd_bounded(data, centroids, max_iter, tol);
    model.inertia = inertia_of(data, &model);
    model
}

/// Lloyd's iterations and then Hartigan's moves (at most `passes` of them), which start from
/// Lloyd's bounds.
fn lloyd_hartigan<T: Elem>(data: &Matrix<T>, centroids: Matrix, max_iter: usize, tol: f64, passes: usize) -> KMeans {
    let (mut model, bounds) = lloyd_bounded(data, centroids, max_iter, tol);
    hartigan_from(data, &mut model, passes, Some(bounds));
    model
}

/// What Lloyd's iterations know of each row when they end, for Hartigan's moves after them:
/// an upper bound on its distance to its centroid, a lower bound on its distance to any other,
/// both valid once the centroids have moved `drift` more (in all).
struct Bounds {
    own: Vec<f64>,
    other: Vec<f64>,
    drift: f64,
}

/// Lloyd's iterations with Hamerly's bounds; the model's inertia is left to work out.
fn lloyd_bounded<T: Elem>(data: &Matrix<T>, mut centroids: Matrix, max_iter: usize, tol: f64) -> (KMeans, Bounds) {
    let (n, d, k) = (data.rows(), data.cols(), centroids.rows());
    let mut labels = vec![0u32; n];
    let mut upper = vec![0.0f64; n];
    let mut lower = vec![0.0f64; n];
    // first assignment, with exact distances to every centroid, and the clusters' sums
    let mut sums = Matrix::zeros(k, d);
    let mut counts = vec![0u64; k];
    for i in 0..n {
        let x = data.row(i);
        let (a, da, second) = two_nearest(x, &centroids);
        labels[i] = a as u32;
        upper[i] = da.sqrt();
        lower[i] = second.sqrt();
        counts[a] += 1;
        for (s, v) in sums.row_mut(a).iter_mut().zip(x) {
            *s += v.to_f64();
        }
    }
    let mut iterations = 0;
    let mut half_gap = vec![0.0; k];
    let mut shift = vec![0.0; k];
    // how far each centroid has moved since the bounds last held
    let mut stale = vec![0.0; k];
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
                    *s -= x.to_f64();
                }
                labels[far] = j as u32;
                counts[j] = 1;
                widen(sums.row_mut(j), data.row(far));
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
            stale.copy_from_slice(&shift);
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
                    *s -= v.to_f64();
                }
                for (s, v) in sums.row_mut(b).iter_mut().zip(x) {
                    *s += v.to_f64();
                }
            }
        }
        if changed == 0 {
            break;
        }
    }
    // centroids as exact means of the final labels (sums drift slightly under updates)
    let last = centroids.clone();
    let mut model = KMeans { centroids, labels, sizes: counts, inertia: f64::NAN, iterations };
    recompute_means(data, &mut model);
    let drift = (0..k).map(|j| stale[j] + sq_dist(last.row(j), model.centroids.row(j)).sqrt()).sum::<f64>();
    (model, Bounds { own: upper, other: lower, drift })
}

/// Nearest centroid, its squared distance and the second-nearest squared distance.
#[inline]
fn two_nearest<T: Elem>(x: &[T], centroids: &Matrix) -> (usize, f64, f64) {
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
fn recompute<T: Elem>(data: &Matrix<T>, model: &mut KMeans) {
    recompute_means(data, model);
    model.inertia = inertia_of(data, model);
}

/// Exact centroids and sizes from the labels.
fn recompute_means<T: Elem>(data: &Matrix<T>, model: &mut KMeans) {
    let (k, d) = (model.centroids.rows(), data.cols());
    let mut sums = Matrix::zeros(k, d);
    let mut counts = vec![0u64; k];
    for (i, &l) in model.labels.iter().enumerate() {
        counts[l as usize] += 1;
        for (s, x) in sums.row_mut(l as usize).iter_mut().zip(data.row(i)) {
            *s += x.to_f64();
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
}

/// The total squared distance of the rows to their centroids.
fn inertia_of<T: Elem>(data: &Matrix<T>, model: &KMeans) -> f64 {
    model.labels.iter().enumerate().map(|(i, &l)| sq_dist(data.row(i), model.centroids.row(l as usize))).sum()
}

/// Swap search (after Kanungo et al.'s local search for k-means): each centroid in turn is
/// taken out and a new one seeded by a greedy k-means++ step against the remaining centroids,
/// then Lloyd and Hartigan run from there; a swap that lowers the inertia is kept and the round
/// starts over. Lloyd's local optima that put two centroids in one natural group and one
/// centroid across two groups are left this way. At most 4k trials in all.
fn swap_search<T: Elem>(
    data: &Matrix<T>,
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
        widen(c.row_mut(k - 1), data.row(pick.0));
        let model = lloyd_hartigan(data, c, max_iter, tol, 20);
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

/// [`hartigan_from`] with no bounds to start from.
#[cfg(test)]
fn hartigan<T: Elem>(data: &Matrix<T>, model: &mut KMeans, max_passes: usize) {
    hartigan_from(data, model, max_passes, None);
}

/// Hartigan's single-row moves until none lowers the inertia, or `max_passes` passes, knowing
/// from the start what `bounds` (from Lloyd's iterations) say of each row.
///
/// A row that cannot move is skipped without computing its distances: each look at a row keeps
/// its distance to its own centroid and to the nearest other one, and the total movement of
/// all centroids so far (`drift`, which only grows, a move shifting two centroids by
/// `d(x,c_a)/(n_a-1)` and `d(x,c_b)/(n_b+1)`). Later, its own centroid is at most the drift
/// since then farther and every other at most that much nearer; when even then no move could
/// pay (with the smallest cluster's factor for the others), the row stays where it is. Rows
/// are skipped only when their distances would not have moved them, so the moves, and the
/// result, are those of looking at every row.
fn hartigan_from<T: Elem>(data: &Matrix<T>, model: &mut KMeans, max_passes: usize, bounds: Option<Bounds>) {
    let (n, k, d) = (data.rows(), model.centroids.rows(), data.cols());
    if k < 2 {
        model.inertia = inertia_of(data, model);
        return;
    }
    let mut sizes: Vec<f64> = model.sizes.iter().map(|&s| s as f64).collect();
    let mut smallest = sizes.iter().copied().fold(f64::INFINITY, f64::min);
    // per row, at its last look: distance to its own centroid, to the nearest other (0: look
    // next time), and the drift then
    let (mut own, mut other, mut drift) = match bounds {
        Some(b) => (b.own, b.other, b.drift * (1.0 + 1e-9)),
        None => (vec![0.0f64; n], vec![0.0f64; n], 0.0),
    };
    let mut then = vec![0.0f64; n];
    // rounding in a centroid's update moves it by up to about this much more, per unit of the
    // largest value involved
    let rounding = 1e-13 * (d as f64).sqrt();
    for _pass in 0..max_passes {
        let mut moves = 0;
        for i in 0..n {
            let a = model.labels[i] as usize;
            if sizes[a] <= 1.0 {
                continue;
            }
            let out = sizes[a] / (sizes[a] - 1.0);
            let since = drift - then[i];
            let near = other[i] - since;
            if near > 0.0 {
                let far = own[i] + since;
                if smallest / (smallest + 1.0) * near * near >= out * far * far * (1.0 + 1e-9) {
                    continue;
                }
            }
            let x = data.row(i);
            let da = sq_dist(x, model.centroids.row(a));
            let cost_out = out * da;
            let (mut best, mut best_cost, mut best_d, mut nearest) = (a, cost_out, da, f64::INFINITY);
            for b in 0..k {
                if b != a {
                    let db = sq_dist(x, model.centroids.row(b));
                    nearest = nearest.min(db);
                    let cost_in = sizes[b] / (sizes[b] + 1.0) * db;
                    if cost_in < best_cost {
                        (best, best_cost, best_d) = (b, cost_in, db);
                    }
                }
            }
            let b = best;
            if b == a || best_cost >= cost_out * (1.0 - 1e-12) {
                (own[i], other[i], then[i]) = (da.sqrt(), nearest.sqrt(), drift);
                continue;
            }
            // move x from a to b, updating both means
            let (na, nb) = (sizes[a], sizes[b]);
            let mut largest = 0.0f64;
            for (c, v) in model.centroids.row_mut(a).iter_mut().zip(x) {
                let v = v.to_f64();
                largest = largest.max(c.abs()).max(v.abs());
                *c = (*c * na - v) / (na - 1.0);
            }
            for (c, v) in model.centroids.row_mut(b).iter_mut().zip(x) {
                largest = largest.max(c.abs());
                *c = (*c * nb + v.to_f64()) / (nb + 1.0);
            }
            drift += (da.sqrt() / (na - 1.0) + best_d.sqrt() / (nb + 1.0)) * (1.0 + 1e-9) + rounding * largest;
            sizes[a] -= 1.0;
            sizes[b] += 1.0;
            smallest = sizes.iter().copied().fold(f64::INFINITY, f64::min);
            model.labels[i] = b as u32;
            other[i] = 0.0;
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
pub fn silhouette<T: Elem>(data: &Matrix<T>, labels: &[u32], k: usize, sample: usize, seed: u64) -> f64 {
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
    pub fn new<T: Elem>(data: &Matrix<T>, sample: usize, seed: u64) -> Self {
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

    /// The sampled rows and their distances, to send elsewhere ([`SilhouetteSample::from_parts`]).
    pub fn parts(&self) -> (&[usize], &[f32]) {
        (&self.idx, &self.dist)
    }

    /// The sample made elsewhere by [`SilhouetteSample::new`] on the same data, from its
    /// [`parts`](SilhouetteSample::parts); `None` when they do not fit together.
    pub fn from_parts(idx: Vec<usize>, dist: Vec<f32>) -> Option<Self> {
        let m = idx.len();
        (dist.len() == m * m.saturating_sub(1) / 2).then_some(SilhouetteSample { idx, dist })
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

/// Reference data for the gap statistic (Tibshirani, Walther & Hastie 2001) with a
/// permutation null: a seeded sample of the rows, and copies of it with each feature shuffled
/// on its own. A feature is a block of columns (a category's indicators, a number and its
/// missing flag) that moves as one, and numbers that are near copies of each other (minutes
/// and the charge for them, |r| >= [`DUPLICATE_R`]) move together too. Shuffling keeps every
/// feature as it is and removes only what different features say together, which is what
/// segments are: on data whose features vary independently, k-means finds groups in the
/// copies as well as in the data, and the gap `mean log W_k(copies) - log W_k(sample)` stays
/// near zero.
pub struct GapReference {
    sample: Matrix<f32>,
    copies: Vec<Matrix<f32>>,
}

/// Features whose values correlate at least this much are shuffled as one.
pub const DUPLICATE_R: f64 = 0.9;

impl GapReference {
    /// `rows` sampled rows (all when there are fewer) and `copies` shuffled copies, seeded.
    /// `blocks[c]` names the feature of column `c` (columns of one feature move together).
    pub fn new<T: Elem>(data: &Matrix<T>, blocks: &[u32], rows: usize, copies: usize, seed: u64) -> GapReference {
        let idx = sample_rows(data.rows(), rows, seed ^ 0x6a09_e667_f3bc_c908);
        let (n, d) = (idx.len(), data.cols());
        let mut flat = Vec::with_capacity(n * d);
        for &i in &idx {
            flat.extend(data.row(i).iter().map(|x| x.to_f64() as f32));
        }
        let sample = Matrix::new(n, d, flat);
        let groups = merge_duplicates(&sample, blocks);
        let copies = (0..copies)
            .map(|b| {
                let mut rng = Pcg64Mcg::seed_from_u64(seed.wrapping_add(0x9e37_79b9 * (b as u64 + 1)));
                let mut out = sample.as_slice().to_vec();
                for cols in &groups {
                    // one permutation of the rows for all the block's columns
                    let mut perm: Vec<usize> = (0..n).collect();
                    for i in (1..n).rev() {
                        let j = rng.random_range(0..=i);
                        perm.swap(i, j);
                    }
                    for &c in cols {
                        for (i, &p) in perm.iter().enumerate() {
                            out[i * d + c] = sample.as_slice()[p * d + c];
                        }
                    }
                }
                Matrix::new(n, d, out)
            })
            .collect();
        GapReference { sample, copies }
    }

    /// Rows of the sample.
    pub fn rows(&self) -> usize {
        self.sample.rows()
    }

    /// The gap of `k` and its standard error `sd_k · sqrt(1 + 1/B)`: the sample fitted by
    /// `own` (the data's local optima matter: more restarts), each copy by `copies`, each fit
    /// with a seed of its own. With one segment the gap is 0: shuffling keeps each column's
    /// spread.
    pub fn gap(&self, own: &KMeansParams, copies: &KMeansParams, seed: u64) -> Result<(f64, f64), ClusterError> {
        let k = own.k;
        if k <= 1 || self.sample.rows() <= k {
            return Ok((0.0, 0.0));
        }
        let fit = |params: &KMeansParams, m: &Matrix<f32>, s: u64| -> Result<f64, ClusterError> {
            Ok(params.clone().seed(s).check()?.fit(m)?.inertia().max(f64::MIN_POSITIVE).ln())
        };
        let own = fit(own, &self.sample, seed)?;
        let refs: Vec<f64> = self
            .copies
            .iter()
            .enumerate()
            .map(|(b, m)| fit(copies, m, seed.wrapping_add(b as u64 + 1)))
            .collect::<Result<_, _>>()?;
        let b = refs.len().max(1) as f64;
        let mean = refs.iter().sum::<f64>() / b;
        let sd = (refs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / b).sqrt() * (1.0 + 1.0 / b).sqrt();
        Ok((mean - own, sd))
    }
}

/// The column groups that are shuffled as one: the columns of each block, with blocks of a
/// single column merged when their values correlate at least [`DUPLICATE_R`].
fn merge_duplicates(sample: &Matrix<f32>, blocks: &[u32]) -> Vec<Vec<usize>> {
    let d = sample.cols();
    let block = |c: usize| blocks.get(c).copied().unwrap_or(u32::MAX - c as u32);
    let mut ids: Vec<u32> = (0..d).map(block).collect();
    let mut order: Vec<u32> = ids.clone();
    order.sort_unstable();
    order.dedup();
    // single-column blocks (numbers without missing values) may be near copies of another
    let singles: Vec<usize> = (0..d).filter(|&c| ids.iter().filter(|&&b| b == ids[c]).count() == 1).collect();
    let n = sample.rows();
    let stats: Vec<(f64, f64)> = singles
        .iter()
        .map(|&c| {
            let mean = (0..n).map(|i| sample.row(i)[c] as f64).sum::<f64>() / n.max(1) as f64;
            let ss = (0..n).map(|i| (sample.row(i)[c] as f64 - mean).powi(2)).sum::<f64>();
            (mean, ss.sqrt())
        })
        .collect();
    for a in 0..singles.len() {
        for b in a + 1..singles.len() {
            let (ca, cb) = (singles[a], singles[b]);
            let (ma, sa) = stats[a];
            let (mb, sb) = stats[b];
            if sa == 0.0 || sb == 0.0 {
                continue;
            }
            let cov: f64 = (0..n).map(|i| (sample.row(i)[ca] as f64 - ma) * (sample.row(i)[cb] as f64 - mb)).sum();
            if (cov / (sa * sb)).abs() >= DUPLICATE_R {
                let (from, to) = (ids[cb], ids[ca]);
                ids.iter_mut().filter(|x| **x == from).for_each(|x| *x = to);
            }
        }
    }
    order.retain(|b| ids.contains(b));
    order.iter().map(|&b| (0..d).filter(|&c| ids[c] == b).collect()).collect()
}

/// One k of an automatic choice: its fit's inertia (for the elbow), silhouette, and gap
/// against shuffled data ([`GapReference`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KChoice {
    pub k: usize,
    pub inertia: f64,
    pub silhouette: f64,
    /// How much more structure k segments find in the data than in shuffled copies of it.
    #[serde(default)]
    pub gap: f64,
    /// The gap's standard error over the copies.
    #[serde(default)]
    pub gap_sd: f64,
    /// The share of the customers tried in the fit's smallest segment (1 where not known).
    #[serde(default = "whole")]
    pub smallest: f64,
}

fn whole() -> f64 {
    1.0
}

/// The first two principal components of `data`, computed on a seeded sample of at most
/// `sample` rows (power iteration with deflation on the covariance), and the projection of
/// those sampled rows: `(row index, pc1, pc2)`. For the segments' 2-D scatter.
pub fn pca_sample<T: Elem>(data: &Matrix<T>, sample: usize, seed: u64) -> Vec<(usize, f64, f64)> {
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
            *a += x.to_f64() / m;
        }
    }
    let mut cov = vec![0.0; d * d];
    for &i in &idx {
        let r = data.row(i);
        for a in 0..d {
            let da = r[a].to_f64() - mean[a];
            for b in a..d {
                cov[a * d + b] += da * (r[b].to_f64() - mean[b]) / m;
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
    let proj = |r: &[T], c: usize| -> f64 {
        components.get(c).map_or(0.0, |v| r.iter().zip(&mean).zip(v).map(|((x, mu), w)| (x.to_f64() - mu) * w).sum())
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

    /// Hartigan's moves looking at every row: what [`hartigan`] must equal.
    fn hartigan_every_row(data: &Matrix, model: &mut KMeans, max_passes: usize) {
        let (n, k) = (data.rows(), model.centroids.rows());
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
                for b in (0..k).filter(|&b| b != a) {
                    let cost_in = sizes[b] / (sizes[b] + 1.0) * sq_dist(x, model.centroids.row(b));
                    if cost_in < best.1 {
                        best = (b, cost_in);
                    }
                }
                let b = best.0;
                if b == a || best.1 >= cost_out * (1.0 - 1e-12) {
                    continue;
                }
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

    #[test]
    fn hartigan_skipping_rows_moves_as_looking_at_every_row() {
        // well separated blobs, overlapping noise (many moves), and a scale far from 1
        let (sep, _) = blobs(400, 11);
        let noise = blobs_matrix(3000, 6, 5, 4, 0.4);
        let big = Matrix::new(noise.rows(), noise.cols(), noise.as_slice().iter().map(|x| x * 1e5 + 3e6).collect());
        for (data, ks) in [(&sep, vec![2, 3, 5]), (&noise, vec![2, 4, 7, 12]), (&big, vec![3, 8])] {
            for k in ks {
                for seed in 0..3 {
                    let mut rng = Pcg64Mcg::seed_from_u64(seed);
                    let init = kmeans_plus_plus(data, k, &mut rng);
                    // from a rough start (a few Lloyd iterations), so that Hartigan has work to do;
                    // with no bounds to start from, and with Lloyd's (stopped by the iteration
                    // cap, or by the tolerance after the centroids moved)
                    for (iters, tol) in [(2, 0.0), (4, 0.0), (300, 1e-3), (300, 0.0)] {
                        let start = lloyd_hamerly(data, init.clone(), iters, tol);
                        let mut plain = start.clone();
                        hartigan_every_row(data, &mut plain, 20);
                        let mut fast = start;
                        hartigan(data, &mut fast, 20);
                        let bounded = lloyd_hartigan(data, init.clone(), iters, tol, 20);
                        let bits = |m: &KMeans| m.centroids.as_slice().iter().map(|c| c.to_bits()).collect::<Vec<_>>();
                        for m in [&fast, &bounded] {
                            assert_eq!(m.labels, plain.labels, "k = {k}, seed = {seed}, {iters} iterations");
                            assert_eq!(bits(m), bits(&plain), "k = {k}, seed = {seed}, {iters} iterations");
                            assert_eq!(m.inertia.to_bits(), plain.inertia.to_bits());
                        }
                    }
                }
            }
        }
    }

    /// `n` rows of `d` numbers around `k` seeded centres `spread` apart (unit noise).
    fn blobs_matrix(n: usize, d: usize, k: usize, seed: u64, spread: f64) -> Matrix {
        let m = super::blobs(n, d, k, seed);
        let centre = super::blobs(k, d, k, seed ^ 1);
        let data = (0..n)
            .flat_map(|i| {
                let (r, c) = (m.row(i).to_vec(), centre.row(i % k).to_vec());
                r.into_iter().zip(c).map(move |(x, c)| x * spread + c * (1.0 - spread))
            })
            .collect();
        Matrix::new(n, d, data)
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
