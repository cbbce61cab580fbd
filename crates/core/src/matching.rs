//! Which new segment continues which old one: an optimal assignment on a stated similarity,
//! with a threshold under which a pair is no match (a new segment is new, an old one vanished).
//!
//! [`assign`] is the Hungarian method (Kuhn–Munkres with potentials, O(n³)) on a rectangular
//! matrix: it finds the pairing of rows and columns with the largest total similarity, each
//! row and column used at most once, then drops the pairs under the threshold. A greedy pairing
//! (best pair first) can lose: with similarities `[[0.9, 0.8], [0.7, 0.1]]` greedy takes 0.9
//! and is left with 0.1 (total 1.0), the optimum is 0.8 + 0.7 = 1.5.
//!
//! [`overlap`] is the similarity when the customers are the same in both runs: the Jaccard index
//! of the two segments' customers. Another month's export is paired in [`crate::refresh`].

/// For each row, the column it is paired with in the pairing of largest total similarity, or
/// `None` (more rows than columns, or a pair under `threshold`). `similarity[r][c]`; every row
/// as long as the first.
pub fn assign(similarity: &[Vec<f64>], threshold: f64) -> Vec<Option<usize>> {
    let rows = similarity.len();
    let cols = similarity.first().map_or(0, Vec::len);
    if rows == 0 || cols == 0 {
        return vec![None; rows];
    }
    // a square cost matrix (padding costs nothing): minimise -similarity
    let n = rows.max(cols);
    let cost = |r: usize, c: usize| -> f64 {
        if r < rows && c < cols {
            let s = similarity[r][c];
            if s.is_finite() { -s } else { 0.0 }
        } else {
            0.0
        }
    };
    // potentials u (rows) and v (columns), 1-based with a dummy 0, as in the classic method
    let mut u = vec![0.0f64; n + 1];
    let mut v = vec![0.0f64; n + 1];
    let mut row_of = vec![0usize; n + 1]; // row_of[column] = row (1-based), 0: free
    let mut way = vec![0usize; n + 1];
    for r in 1..=n {
        row_of[0] = r;
        let mut c0 = 0usize;
        let mut min = vec![f64::INFINITY; n + 1];
        let mut used = vec![false; n + 1];
        loop {
            used[c0] = true;
            let r0 = row_of[c0];
            let mut delta = f64::INFINITY;
            let mut c1 = 0usize;
            for c in 1..=n {
                if used[c] {
                    continue;
                }
                let reduced = cost(r0 - 1, c - 1) - u[r0] - v[c];
                if reduced < min[c] {
                    min[c] = reduced;
                    way[c] = c0;
                }
                if min[c] < delta {
                    delta = min[c];
                    c1 = c;
                }
            }
            for c in 0..=n {
                if used[c] {
                    u[row_of[c]] += delta;
                    v[c] -= delta;
                } else {
                    min[c] -= delta;
                }
            }
            c0 = c1;
            if row_of[c0] == 0 {
                break;
            }
        }
        // the augmenting path back to the dummy column
        loop {
            let c1 = way[c0];
            row_of[c0] = row_of[c1];
            c0 = c1;
            if c0 == 0 {
                break;
            }
        }
    }
    let mut out = vec![None; rows];
    for c in 1..=n {
        let r = row_of[c];
        if r >= 1 && r <= rows && c <= cols && similarity[r - 1][c - 1] >= threshold {
            out[r - 1] = Some(c - 1);
        }
    }
    out
}

/// The Jaccard index of each new segment's customers with each old segment's:
/// `[new][old]`. Both assignments are over the same customers in the same order; when their
/// lengths differ, every index is 0.
pub fn overlap(old: &[u32], old_k: usize, new: &[u32], new_k: usize) -> Vec<Vec<f64>> {
    let mut out = vec![vec![0.0; old_k]; new_k];
    if old.len() != new.len() {
        return out;
    }
    let mut both = vec![vec![0u64; old_k]; new_k];
    let mut old_size = vec![0u64; old_k];
    let mut new_size = vec![0u64; new_k];
    for (&o, &n) in old.iter().zip(new) {
        let (o, n) = (o as usize, n as usize);
        if o < old_k && n < new_k {
            both[n][o] += 1;
            old_size[o] += 1;
            new_size[n] += 1;
        }
    }
    for n in 0..new_k {
        for o in 0..old_k {
            let b = both[n][o];
            if b > 0 {
                out[n][o] = b as f64 / (old_size[o] + new_size[n] - b) as f64;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};

    /// The best total over every pairing, by trying them all (small matrices only).
    fn best_total(s: &[Vec<f64>]) -> f64 {
        fn go(s: &[Vec<f64>], r: usize, used: &mut Vec<bool>) -> f64 {
            if r == s.len() {
                return 0.0;
            }
            // the row may stay unpaired
            let mut best = go(s, r + 1, used);
            for c in 0..used.len() {
                if !used[c] {
                    used[c] = true;
                    best = best.max(s[r][c] + go(s, r + 1, used));
                    used[c] = false;
                }
            }
            best
        }
        go(s, 0, &mut vec![false; s.first().map_or(0, Vec::len)])
    }

    fn total(s: &[Vec<f64>], a: &[Option<usize>]) -> f64 {
        a.iter().enumerate().filter_map(|(r, c)| c.map(|c| s[r][c])).sum()
    }

    #[test]
    fn the_pairing_has_the_largest_total_where_greedy_loses() {
        let s = vec![vec![0.9, 0.8], vec![0.7, 0.1]];
        assert_eq!(assign(&s, 0.0), [Some(1), Some(0)], "0.8 + 0.7 beats 0.9 + 0.1");
    }

    #[test]
    fn on_random_matrices_no_pairing_does_better() {
        let mut rng = rand_pcg::Pcg64::seed_from_u64(3);
        for _ in 0..300 {
            let rows = rng.random_range(1..6);
            let cols = rng.random_range(1..6);
            let s: Vec<Vec<f64>> = (0..rows).map(|_| (0..cols).map(|_| rng.random::<f64>()).collect()).collect();
            let a = assign(&s, 0.0);
            let mut seen = vec![false; cols];
            for c in a.iter().flatten() {
                assert!(!seen[*c], "a column used twice: {a:?}");
                seen[*c] = true;
            }
            assert_eq!(a.iter().flatten().count(), rows.min(cols), "every row that can be is paired");
            assert!((total(&s, &a) - best_total(&s)).abs() < 1e-9, "{s:?} -> {a:?}");
        }
    }

    #[test]
    fn pairs_under_the_threshold_are_new_and_vanished_segments() {
        // new segment 1 resembles nothing old: it is new; old segment 2 is continued by nothing
        let s = vec![vec![0.8, 0.1, 0.0], vec![0.05, 0.1, 0.2], vec![0.0, 0.7, 0.1]];
        assert_eq!(assign(&s, 0.3), [Some(0), None, Some(1)]);
        assert_eq!(assign(&[], 0.3), Vec::<Option<usize>>::new());
        assert_eq!(assign(&[vec![]], 0.3), [None]);
        // more new segments than old: the weaker stays new
        assert_eq!(assign(&[vec![0.9], vec![0.95]], 0.3), [None, Some(0)]);
    }

    #[test]
    fn overlap_is_the_jaccard_index_of_the_customers() {
        let old = [0, 0, 0, 1, 1, 1];
        let new = [1, 1, 0, 0, 0, 0];
        let j = overlap(&old, 2, &new, 2);
        // new 0 = {2,3,4,5}, old 1 = {3,4,5}: 3 / 4
        assert!((j[0][1] - 0.75).abs() < 1e-12 && (j[1][0] - 2.0 / 3.0).abs() < 1e-12, "{j:?}");
        assert_eq!(overlap(&old, 2, &new[..3], 2), vec![vec![0.0; 2]; 2], "other customers: no overlap");
    }
}
