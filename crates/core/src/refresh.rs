//! Refreshing a workspace with next month's export: what is kept of a run so that the next one
//! can be compared with it (also after a reload), and the comparison itself.
//!
//! **What is kept** ([`KeptRun`]): the fitted model (each encoded column's centre, scale and
//! weight, and the centroids: [`FittedModel`]), the segments' profiles, and only when the user
//! agreed a compact hashed record of which segment some customers were in ([`Record`]). Never
//! a customer row, never an id in clear.
//!
//! **Pairing.** This month's customers are encoded with *last month's* encoding
//! ([`FittedModel::encode`]), so both runs' centres are in the same units: a distance of 1 is
//! one of last month's standard deviations on one feature. Segments pair by an optimal
//! assignment ([`crate::matching::assign`]) on one stated similarity:
//! - when both runs kept a record and enough customers are in both ([`MIN_SHARED`]), the Jaccard
//!   index of the two segments' customers in the records ([`crate::deck::MIN_JACCARD`]);
//! - otherwise 1 / (1 + d), d the distance between the two centres in last month's encoding
//!   ([`MIN_CENTROID_SIMILARITY`]), or, where it says more, how many of the new segment's
//!   customers are nearest the old centre (a Jaccard index of them and all of this month's
//!   customers nearest it, at least [`crate::deck::MIN_JACCARD`]): a segment whose customers
//!   all moved alike (everyone's last order months older) is still the segment it was.
//!
//! **Flows.** With records, the customers of each old segment in each new one, estimated from
//! the records (the same customers are sampled every month: see [`Record`]), with those who
//! joined and those who left. Without, where each of this month's customers would have been
//! last month: the nearest of last month's centroids.
//!
//! **Splits.** An old segment split when two or more new segments each take at least
//! [`SPLIT_SHARE`] of its customers (those who left included) and draw most of theirs from it
//! (those who joined included). When none of its parts
//! was paired with it, it continues as its largest part.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::cluster::Matrix;
use crate::drift::{self, Change, SegmentDrift};
use crate::features::{CustomerTable, EncodedColumn, FeatureData, MISSING, smoothed_share};
use crate::format::{percent, thousands};
use crate::rfm::{self, Cuts, RfmSettings};
use crate::segment::{Segmentation, SegmentationView};

/// Customers kept in a record at most: enough for flows to within about a percentage point.
pub const MAX_RECORD: usize = 8_000;
/// Centres further apart than 1.5 of last month's standard deviations are no match.
pub const MIN_CENTROID_SIMILARITY: f64 = 0.4;
/// Ids persist when at least this share of this month's recorded customers were recorded last
/// month (and at least [`MIN_SHARED_COUNT`] of them).
pub const MIN_SHARED: f64 = 0.1;
pub const MIN_SHARED_COUNT: u64 = 30;
/// A new segment takes part of an old one when it gets at least this share of its flow.
pub const SPLIT_SHARE: f64 = 0.2;
/// An RFM segment's share must move by at least this much to be told.
pub const RFM_MOVE: f64 = 0.02;
/// The hashes kept: 40 bits.
const HASH_BITS: u32 = 40;

/// A segmentation's encoding and centroids: what places other customers in its terms.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FittedModel {
    pub columns: Vec<EncodedColumn>,
    /// One row per segment, one value per column.
    pub centroids: Vec<Vec<f64>>,
}

impl FittedModel {
    pub fn new(columns: Vec<EncodedColumn>, centroids: &Matrix) -> FittedModel {
        FittedModel { columns, centroids: (0..centroids.rows()).map(|r| centroids.row(r).to_vec()).collect() }
    }

    /// The customers `rows` of `table` in this encoding: each column's value is
    /// `((transform(x) - centre) / scale)` clipped to ±4, times its weight, with this model's
    /// centres and scales. A level or item is found by its name; a level this model had folded
    /// into "other" counts as other. A missing number is taken as the run's fill (its median;
    /// workspaces saved before it was kept use 0), and so is the number the model's column
    /// wrote for "none" ([`crate::features::NumberCode`]), whether or not the new table reads it
    /// so; a feature the table lacks puts everyone at the centre (0), as if average.
    pub fn encode(&self, table: &CustomerTable, rows: std::ops::Range<usize>) -> Matrix<f32> {
        let rows = rows.start.min(table.len())..rows.end.min(table.len());
        let n = rows.len();
        let d = self.columns.len();
        let mut data = vec![0.0f32; n * d];
        for (j, col) in self.columns.iter().enumerate() {
            let Some(f) = table.feature(&col.feature) else { continue };
            let put = |raw: f64| (((raw - col.center) / col.scale).clamp(-4.0, 4.0) * col.weight) as f32;
            let slots = data.iter_mut().skip(j).step_by(d.max(1));
            let level = col.level.as_deref();
            let at = |name: &str| f.info.levels.iter().position(|l| l == name);
            match (&f.data, level) {
                (FeatureData::Numeric(values), None) => {
                    for (x, &v) in slots.zip(&values[rows.clone()]) {
                        let v = if v.is_nan() || col.code == Some(v) { col.fill } else { v };
                        *x = put(if col.log { v.max(0.0).ln_1p() } else { v });
                    }
                }
                (FeatureData::Numeric(values), Some(_)) => {
                    for (x, &v) in slots.zip(&values[rows.clone()]) {
                        *x = put(if v.is_nan() || col.code == Some(v) { 1.0 } else { 0.0 });
                    }
                }
                (FeatureData::Category(codes), Some(name)) => {
                    // the levels this model encoded on their own: any other level is "other"
                    let own: Vec<&str> = self
                        .columns
                        .iter()
                        .filter(|c| c.feature == col.feature)
                        .filter_map(|c| c.level.as_deref())
                        .collect();
                    let hit: Box<dyn Fn(u32) -> bool> = match (at(name), name) {
                        (Some(l), _) => Box::new(move |c| c == l as u32),
                        (None, "missing") => Box::new(|c| c == MISSING),
                        (None, "other") => Box::new(|c| {
                            c != MISSING && f.info.levels.get(c as usize).is_none_or(|l| !own.contains(&l.as_str()))
                        }),
                        (None, _) => Box::new(|_| false),
                    };
                    for (x, &c) in slots.zip(&codes[rows.clone()]) {
                        *x = put(if hit(c) { 1.0 } else { 0.0 });
                    }
                }
                (FeatureData::Multi(sets), Some(name)) => {
                    let bit = at(name);
                    for (x, &s) in slots.zip(&sets[rows.clone()]) {
                        *x = put(bit.map_or(0.0, |b| (s >> b & 1) as f64));
                    }
                }
                (FeatureData::Shares(counts), Some(name)) => {
                    let l = f.info.levels.len().max(1);
                    let j = at(name);
                    // the shares are smoothed toward the level's share of all counts, as the run
                    // smoothed its own (this table's share: the same for the same customers)
                    let all: u64 = counts.iter().map(|&c| c as u64).sum();
                    let level: u64 = j.map_or(0, |j| counts.iter().skip(j).step_by(l).map(|&c| c as u64).sum());
                    let p0 = level as f64 / all.max(1) as f64;
                    for (x, row) in slots.zip(counts.chunks_exact(l).skip(rows.start)) {
                        let total = row.iter().sum();
                        *x = put(smoothed_share(j.map_or(0, |j| row[j]), total, p0));
                    }
                }
                // the feature changed kind: everyone at the centre
                _ => {}
            }
        }
        Matrix::new(n, d, data)
    }

    /// The centroids as a matrix, when every one has a value per column (a damaged workspace
    /// could hold others).
    fn centroid_matrix(&self) -> Option<Matrix> {
        let d = self.columns.len();
        self.centroids
            .iter()
            .all(|c| c.len() == d)
            .then(|| Matrix::new(self.centroids.len(), d, self.centroids.iter().flatten().copied().collect()))
    }

    /// How alike each of `k` new segments (`labels` of the customers of `table`) is to each of
    /// this model's segments, `[new][old]`: 1 / (1 + the distance of their centres in this
    /// encoding); and how many customers of each new segment are nearest each of this model's
    /// centroids, `[old][new]`. The customers are encoded a block at a time: a million of them
    /// never take more than a block's rows.
    pub fn place(&self, table: &CustomerTable, labels: &[u32], k: usize) -> (Vec<Vec<f64>>, Vec<Vec<u64>>) {
        const BLOCK: usize = 8_192;
        let d = self.columns.len();
        let mut sums = vec![vec![0.0f64; d]; k];
        let mut counts = vec![0u64; k];
        let mut nearest = vec![vec![0u64; k]; self.centroids.len()];
        let Some(mut centroids) = self.centroid_matrix() else {
            return (vec![vec![0.0; self.centroids.len()]; k], nearest);
        };
        // a feature the table lacks (a column gone from the new export) puts everyone at 0:
        // the centres too, so that it moves no one, to the segment nearest 0 on it or in the
        // distances between centres below
        let absent: Vec<usize> =
            (0..self.columns.len()).filter(|&j| table.feature(&self.columns[j].feature).is_none()).collect();
        for r in 0..centroids.rows() {
            for &j in &absent {
                centroids.row_mut(r)[j] = 0.0;
            }
        }
        for start in (0..table.len()).step_by(BLOCK) {
            let rows = self.encode(table, start..start + BLOCK);
            for (r, o) in crate::cluster::predict(&rows, &centroids).into_iter().enumerate() {
                let Some(&l) = labels.get(start + r) else { continue };
                let Some(s) = sums.get_mut(l as usize) else { continue };
                counts[l as usize] += 1;
                nearest[o as usize][l as usize] += 1;
                for (s, &x) in s.iter_mut().zip(rows.row(r)) {
                    *s += x as f64;
                }
            }
        }
        let similarity = sums
            .iter()
            .zip(&counts)
            .map(|(s, &c)| {
                (0..centroids.rows())
                    .map(|o| {
                        if c == 0 {
                            return 0.0;
                        }
                        let d2: f64 = s.iter().zip(centroids.row(o)).map(|(x, y)| (x / c as f64 - y).powi(2)).sum();
                        1.0 / (1.0 + d2.sqrt())
                    })
                    .collect()
            })
            .collect();
        (similarity, nearest)
    }
}

/// How alike each new segment is to each old one without records, `[new][old]`, on the scale
/// of [`crate::deck::MIN_JACCARD`]: their centres' closeness (`similarity`, scaled so that
/// [`MIN_CENTROID_SIMILARITY`] is the threshold), or, when it says more, the Jaccard index of
/// the new segment's customers with those of this month nearest the old centre (`flows`,
/// `[old][new]`). A segment whose every customer moved the same way (a later export of the same
/// log: everyone's last order is months older) has its centre far from last month's, yet its
/// customers are still nearest that centre and no other segment's are.
fn near_or_placed(similarity: &[Vec<f64>], flows: &[Vec<u64>]) -> Vec<Vec<f64>> {
    let new_size = |n: usize| flows.iter().map(|r| r.get(n).copied().unwrap_or(0)).sum::<u64>();
    let near_old = |o: usize| flows.get(o).map_or(0, |r| r.iter().sum::<u64>());
    similarity
        .iter()
        .enumerate()
        .map(|(n, row)| {
            row.iter()
                .enumerate()
                .map(|(o, &sim)| {
                    let both = flows.get(o).and_then(|r| r.get(n)).copied().unwrap_or(0);
                    let either = (new_size(n) + near_old(o)).saturating_sub(both);
                    let placed = if either == 0 { 0.0 } else { both as f64 / either as f64 };
                    (sim * crate::deck::MIN_JACCARD / MIN_CENTROID_SIMILARITY).max(placed)
                })
                .collect()
        })
        .collect()
}

/// Which segment some customers were in, by a salted hash of their id: kept only with the
/// user's consent. Customers are chosen by their hash (those whose hash is at most
/// `threshold`), so another month's record with the same salt holds the same customers, as
/// far as they are still there; at most [`MAX_RECORD`] are kept. The hash is the first 40 bits
/// of SHA-256 of the salt and the id: the ids cannot be read back, though an id one already
/// knows can be looked for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub salt: u64,
    pub threshold: u64,
    /// Customers in the run (recorded or not).
    pub customers: u64,
    /// (hash, segment), by hash.
    #[serde(with = "packed")]
    pub entries: Vec<(u64, u8)>,
}

impl Record {
    /// The record of a run's `assignment` of `ids`, keeping at most [`MAX_RECORD`] customers
    /// among those whose hash is at most `at_most` (pass the last record's threshold, or
    /// `u64::MAX` for a first record).
    pub fn new(salt: u64, ids: &[Box<str>], assignment: &[u32], at_most: u64) -> Record {
        let mut entries: Vec<(u64, u8)> = ids
            .iter()
            .zip(assignment)
            .map(|(id, &s)| (hash(salt, id), s.min(u8::MAX as u32) as u8))
            .filter(|&(h, _)| h <= at_most)
            .collect();
        let mut threshold = at_most.min((1u64 << HASH_BITS) - 1);
        if entries.len() > MAX_RECORD {
            entries.select_nth_unstable_by_key(MAX_RECORD - 1, |e| e.0);
            entries.truncate(MAX_RECORD);
            threshold = entries.iter().map(|e| e.0).max().unwrap_or(0);
        }
        entries.sort_unstable();
        Record { salt, threshold, customers: ids.len() as u64, entries }
    }
}

fn hash(salt: u64, id: &str) -> u64 {
    let mut h = Sha256::new();
    h.update(salt.to_le_bytes());
    h.update(id.as_bytes());
    let d = h.finalize();
    u64::from_be_bytes([0, 0, 0, d[0], d[1], d[2], d[3], d[4]])
}

/// Entries stored as base64url of six bytes each (five of hash, one of segment): a tenth of
/// their size as JSON numbers.
mod packed {
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(entries: &[(u64, u8)], s: S) -> Result<S::Ok, S::Error> {
        let mut bytes = Vec::with_capacity(entries.len() * 6);
        for &(h, seg) in entries {
            bytes.extend_from_slice(&h.to_be_bytes()[3..]);
            bytes.push(seg);
        }
        s.serialize_str(&URL_SAFE_NO_PAD.encode(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<(u64, u8)>, D::Error> {
        let text = String::deserialize(d)?;
        let bytes = URL_SAFE_NO_PAD.decode(text).map_err(serde::de::Error::custom)?;
        if bytes.len() % 6 != 0 {
            return Err(serde::de::Error::custom("a record's entries are six bytes each"));
        }
        Ok(bytes.chunks_exact(6).map(|c| (u64::from_be_bytes([0, 0, 0, c[0], c[1], c[2], c[3], c[4]]), c[5])).collect())
    }
}

/// A run as kept for the next refresh: what it is called, its model, its segments' profiles
/// (without the scatter plot's points) and, with consent, its record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KeptRun {
    pub label: String,
    pub model: FittedModel,
    pub view: SegmentationView,
    pub record: Option<Record>,
}

impl KeptRun {
    pub fn new(label: &str, seg: &Segmentation, view: &SegmentationView, record: Option<Record>) -> KeptRun {
        // (kept in the workspace: without a level few customers hold, by name or in a profile;
        // a new export's customers of that level count as of none)
        let mut model = seg.model.clone();
        for c in &mut model.columns {
            if let Some(level) = &mut c.level
                && view.is_few(&c.feature, level)
            {
                *level = crate::workspace::FEW.to_owned();
            }
        }
        let view = crate::workspace::without_few(view);
        KeptRun {
            label: label.to_owned(),
            model,
            view: SegmentationView { scatter: Vec::new(), available: Vec::new(), ..view },
            record,
        }
    }
}

/// What the segments were paired by.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The customers both records hold (about `shared` customers in both exports).
    Customers { shared: u64 },
    /// The centres in last month's encoding.
    Centroids,
}

/// A named RFM segment's share of customers, before and after.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RfmMove {
    pub name: String,
    pub old: f64,
    pub new: f64,
}

/// What changed between a kept run and a new one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DriftReport {
    pub before: String,
    pub after: String,
    pub basis: Basis,
    /// For each new segment, the old one it continues.
    pub matches: Vec<Option<usize>>,
    pub segments: Vec<SegmentDrift>,
    pub old_labels: Vec<String>,
    pub new_labels: Vec<String>,
    /// Customers (estimated) of each old segment in each new one, `[old][new]`; with records a
    /// last row of those who joined and a last column of those who left.
    pub flows: Vec<Vec<u64>>,
    /// Of the customers in both exports, the share now in a segment that does not continue
    /// their old one (with records only).
    pub moved: Option<f64>,
    pub rfm: Vec<RfmMove>,
    /// Whether this run's RFM shares are scored on the last run's cut points and rules.
    #[serde(default)]
    pub rfm_on_last_cuts: bool,
    pub customers: (u64, u64),
    /// What the new run read of the last run's files, when not all of them came anew (an
    /// earlier file kept as it was, or left out).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<String>,
    /// The features one run's segments used and the other's did not (a column missing from
    /// the new export, one unticked or ticked): part of what changed comes from that.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub features: Vec<String>,
}

impl DriftReport {
    /// Takes the new run's segment names, given once the comparison had paired the segments
    /// ([`crate::segment::keep_names`]).
    pub fn relabel(&mut self, view: &SegmentationView) {
        self.new_labels = view.segments.iter().map(|s| s.label.clone()).collect();
        for s in &mut self.segments {
            if let Some(label) = s.new.and_then(|n| self.new_labels.get(n)) {
                s.label = label.clone();
            }
        }
    }
}

/// Compares a new run (`seg`, its `view`, and its `record` if kept) of the customers of
/// `table` with the kept run `before`.
pub fn compare(
    before: &KeptRun,
    table: &CustomerTable,
    seg: &Segmentation,
    view: &SegmentationView,
    record: Option<&Record>,
    after: &str,
) -> DriftReport {
    let (old_k, new_k) = (before.view.segments.len(), view.segments.len());
    let by_ids = match (&before.record, record) {
        (Some(old), Some(new)) if old.salt == new.salt => {
            let f = id_flows(old, new, old_k, new_k);
            let enough = f.shared >= MIN_SHARED_COUNT && f.shared as f64 >= MIN_SHARED * f.new_in as f64;
            enough.then_some(f)
        }
        _ => None,
    };
    let (basis, matches, flows) = match &by_ids {
        Some(f) => {
            let matches = crate::matching::assign(&f.jaccard(old_k, new_k), crate::deck::MIN_JACCARD);
            // (an estimate scaled up from the records: never more than either export holds)
            let shared = f.scaled[..old_k].iter().map(|r| r[..new_k].iter().sum::<u64>()).sum::<u64>();
            let shared = shared.min(before.view.customers).min(view.customers);
            (Basis::Customers { shared }, matches, f.scaled.clone())
        }
        // a model and profiles that disagree on k can only come from a damaged workspace:
        // nothing is paired
        None if before.model.centroids.len() != old_k || before.model.centroid_matrix().is_none() => {
            (Basis::Centroids, vec![None; new_k], vec![vec![0; new_k]; old_k])
        }
        None => {
            let (sim, flows) = before.model.place(table, &seg.assignment, new_k);
            let matches = crate::matching::assign(&near_or_placed(&sim, &flows), crate::deck::MIN_JACCARD);
            (Basis::Centroids, matches, flows)
        }
    };
    let mut matches = matches;
    let mut segments = drift::drift(&before.view, view, &matches);
    mark_splits(&mut segments, &flows, &matches, old_k, new_k);
    // a split segment paired with none of its parts continues as its largest part (its
    // persona follows it there)
    let mut paired = false;
    for s in &segments {
        if let (Change::Split, Some(o), None) = (s.change, s.old, s.new)
            && let Some(&n) = s.into.iter().filter(|&&n| matches[n].is_none()).max_by_key(|&&n| flows[o][n])
        {
            matches[n] = Some(o);
            paired = true;
        }
    }
    if paired {
        segments = drift::drift(&before.view, view, &matches);
        mark_splits(&mut segments, &flows, &matches, old_k, new_k);
    }
    // what moved in a split segment is what moved in its parts as one: its largest part is a
    // piece of it, and a piece's figures are not the segment's (the newer half of a group that
    // did not change is "younger")
    for s in segments.iter_mut().filter(|s| s.change == Change::Split) {
        let parts: Vec<&crate::segment::Segment> = s.into.iter().filter_map(|&n| view.segments.get(n)).collect();
        s.moved = match (s.old.and_then(|o| before.view.segments.get(o)), drift::whole(&parts)) {
            (Some(o), Some(w)) => drift::moves(o, &w),
            _ => Vec::new(),
        };
    }
    let moved = by_ids.map(|f| f.moved(&matches));
    let (rfm, rfm_on_last_cuts) = rfm_moves(&before.view, view, table);
    DriftReport {
        before: before.label.clone(),
        after: after.to_owned(),
        basis,
        matches,
        segments,
        old_labels: before.view.segments.iter().map(|s| s.label.clone()).collect(),
        new_labels: view.segments.iter().map(|s| s.label.clone()).collect(),
        flows,
        moved,
        rfm,
        rfm_on_last_cuts,
        customers: (before.view.customers, view.customers),
        files: Vec::new(),
        features: features_changed(&before.view, view, table),
    }
}

/// The features of one run and not the other, in words.
fn features_changed(before: &SegmentationView, after: &SegmentationView, table: &CustomerTable) -> Vec<String> {
    const WHY: &str = "so part of what changed below comes from that, not from the customers";
    // (a kept run keeps its segments' profiles, not the list of features it offered)
    let label = |v: &SegmentationView, key: &str| {
        let profiled = v.segments.iter().find_map(|s| {
            let number = s.numbers.iter().find(|p| p.feature == key).map(|p| &p.label);
            number.or_else(|| s.levels.iter().find(|p| p.feature == key).map(|p| &p.label))
        });
        v.available
            .iter()
            .find(|f| f.key == key)
            .map(|f| &f.label)
            .or(profiled)
            .map_or_else(|| key.to_owned(), Clone::clone)
    };
    let mut out = Vec::new();
    for key in before.features.iter().filter(|k| !after.features.contains(k)) {
        let label = label(before, key);
        out.push(if table.feature(key).is_none() {
            format!("\u{201c}{label}\u{201d} is not in this export: the last run's segments used it, these could not, {WHY}.")
        } else {
            format!("\u{201c}{label}\u{201d} was used by the last run's segments, not by these: {WHY}.")
        });
    }
    for key in after.features.iter().filter(|k| !before.features.contains(k)) {
        out.push(format!(
            "\u{201c}{}\u{201d} is used by these segments, not by the last run's: {WHY}.",
            label(after, key)
        ));
    }
    out
}

/// Customers of both records, by segment: `sampled[old][new]` over the customers both could
/// hold (hash at most the lower threshold), with a row for those only in the new record and a
/// column for those only in the old one; `scaled` the same in customers.
struct IdFlows {
    sampled: Vec<Vec<u64>>,
    scaled: Vec<Vec<u64>>,
    shared: u64,
    new_in: u64,
}

fn id_flows(old: &Record, new: &Record, old_k: usize, new_k: usize) -> IdFlows {
    let t = old.threshold.min(new.threshold);
    let a: Vec<(u64, u8)> = old.entries.iter().copied().filter(|e| e.0 <= t).collect();
    let b: Vec<(u64, u8)> = new.entries.iter().copied().filter(|e| e.0 <= t).collect();
    let mut sampled = vec![vec![0u64; new_k + 1]; old_k + 1];
    let (mut i, mut j, mut shared) = (0, 0, 0);
    let cell = |s: u8, k: usize| (s as usize).min(k);
    while i < a.len() || j < b.len() {
        match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) if x.0 == y.0 => {
                sampled[cell(x.1, old_k)][cell(y.1, new_k)] += 1;
                shared += 1;
                i += 1;
                j += 1;
            }
            (Some(x), Some(y)) if x.0 < y.0 => {
                sampled[cell(x.1, old_k)][new_k] += 1;
                i += 1;
            }
            (Some(x), None) => {
                sampled[cell(x.1, old_k)][new_k] += 1;
                i += 1;
            }
            (_, Some(y)) => {
                sampled[old_k][cell(y.1, new_k)] += 1;
                j += 1;
            }
            (None, None) => break,
        }
    }
    // each side's customers per recorded one
    let per = |customers: u64, recorded: usize| customers as f64 / recorded.max(1) as f64;
    let (old_per, new_per) = (per(old.customers, a.len()), per(new.customers, b.len()));
    let scaled = sampled
        .iter()
        .map(|row| {
            row.iter()
                .enumerate()
                .map(|(n, &c)| (c as f64 * if n == new_k { old_per } else { new_per }).round() as u64)
                .collect()
        })
        .collect();
    IdFlows { sampled, scaled, shared, new_in: b.len() as u64 }
}

impl IdFlows {
    /// The Jaccard index of each new segment's recorded customers with each old one's, among
    /// the customers in both records: those who left or joined say nothing of which segment
    /// continues which (an export of the new period's buyers alone leaves out most of the old
    /// ones, and every segment would look new).
    fn jaccard(&self, old_k: usize, new_k: usize) -> Vec<Vec<f64>> {
        let old_size: Vec<u64> = (0..old_k).map(|o| self.sampled[o][..new_k].iter().sum()).collect();
        let new_size: Vec<u64> = (0..new_k).map(|n| self.sampled[..old_k].iter().map(|r| r[n]).sum()).collect();
        (0..new_k)
            .map(|n| {
                (0..old_k)
                    .map(|o| {
                        let both = self.sampled[o][n];
                        if both == 0 { 0.0 } else { both as f64 / (old_size[o] + new_size[n] - both) as f64 }
                    })
                    .collect()
            })
            .collect()
    }

    /// Of the customers in both, the share in a new segment that does not continue their old one.
    fn moved(&self, matches: &[Option<usize>]) -> f64 {
        let old_k = self.sampled.len() - 1;
        let mut moved = 0;
        for (o, row) in self.sampled[..old_k].iter().enumerate() {
            for (n, &c) in row[..row.len() - 1].iter().enumerate() {
                if matches.get(n).copied().flatten() != Some(o) {
                    moved += c;
                }
            }
        }
        moved as f64 / self.shared.max(1) as f64
    }
}

/// Names the old segments that split: two or more new segments, each continuing it or new,
/// each taking at least [`SPLIT_SHARE`] of its flow and most of their own flow from it.
fn mark_splits(
    segments: &mut [SegmentDrift],
    flows: &[Vec<u64>],
    matches: &[Option<usize>],
    old_k: usize,
    new_k: usize,
) {
    for o in 0..old_k {
        let row = &flows[o][..new_k];
        // with records, those who left count in the old segment's customers, and those who
        // joined in the new segment's
        let out: u64 = flows[o].iter().sum();
        let parts: Vec<usize> = (0..new_k)
            .filter(|&n| {
                let into: u64 = flows.iter().map(|r| r[n]).sum();
                let free = matches[n].is_none_or(|m| m == o);
                free && row[n] as f64 >= SPLIT_SHARE * out as f64 && row[n] * 2 > into
            })
            .collect();
        if parts.len() < 2 {
            continue;
        }
        for s in segments.iter_mut() {
            if s.old == Some(o) {
                s.change = Change::Split;
                s.into = parts.clone();
            } else if s.old.is_none() && s.new.is_some_and(|n| parts.contains(&n)) {
                s.from = Some(o);
            }
        }
    }
}

/// The named RFM segments' shares of the last run and of this one, this run's customers scored
/// on the last run's cut points and rules (each run's own quintiles would put a fifth of the
/// customers in each recency score however long ago they last ordered); and whether they were.
fn rfm_moves(old: &SegmentationView, new: &SegmentationView, table: &CustomerTable) -> (Vec<RfmMove>, bool) {
    let (Some(a), Some(b)) = (&old.rfm, &new.rfm) else { return (Vec::new(), false) };
    let rescored = rfm::compute(
        &table.orders,
        &RfmSettings {
            analysis_day: Some(b.analysis_day),
            cuts: cuts_of(&a.bounds),
            rules: Some(a.rules.rules.clone()),
        },
    )
    .ok();
    let summaries = rescored.as_ref().map_or(&b.segments, |r| &r.segments);
    let share = |v: &[rfm::SegmentSummary], name: &str| v.iter().find(|s| s.name == name).map_or(0.0, |s| s.share);
    let mut names: Vec<&str> = a.segments.iter().map(|s| s.name.as_str()).collect();
    for s in summaries {
        if !names.contains(&s.name.as_str()) {
            names.push(&s.name);
        }
    }
    let moves = names
        .into_iter()
        .map(|n| RfmMove { name: n.to_owned(), old: share(&a.segments, n), new: share(summaries, n) })
        .collect();
    (moves, rescored.is_some())
}

/// A run's cut points from the largest value of each score ([`rfm::RfmResult::bounds`]): a
/// score no one had takes the cut below it, so no one gets it again.
fn cuts_of(bounds: &[[Option<f64>; 4]; 3]) -> Cuts {
    let cuts = |b: &[Option<f64>; 4]| {
        let mut out = [-1e300; 4];
        let mut last = -1e300;
        for (o, v) in out.iter_mut().zip(b) {
            last = v.unwrap_or(last);
            *o = last;
        }
        out
    };
    Cuts::Custom { recency: cuts(&bounds[0]), frequency: cuts(&bounds[1]), monetary: cuts(&bounds[2]) }
}

/// Whether two runs' labels say the same, whatever shares they give: "Art (17%), Office
/// Supplies" is "Art (18%), Office Supplies" a run later.
fn same_label(a: &str, b: &str) -> bool {
    crate::segment::without_shares(a) == crate::segment::without_shares(b)
}

impl DriftReport {
    /// The vanished segment of the last run that bore the label of `new`, a new segment of
    /// this run: both are listed, and "Recent buyers vanished" beside "Recent buyers is new"
    /// reads as a contradiction.
    fn vanished_alike(&self, new: &SegmentDrift) -> Option<&SegmentDrift> {
        if new.change != Change::New || new.from.is_some() {
            return None;
        }
        self.segments.iter().find(|v| v.change == Change::Vanished && same_label(&v.label, &new.label))
    }

    /// A segment whose label outlived it: how little the last run's and this run's have in
    /// common.
    fn not_the_same(&self, old: &SegmentDrift, new: &SegmentDrift) -> String {
        let head = format!(
            "{} is not the segment it was: the last run's had {} customers ({}), this run's has {} ({})",
            new.label,
            thousands(old.size.0),
            percent(old.share.0),
            thousands(new.size.1),
            percent(new.share.1)
        );
        let shared = match (old.old, new.new) {
            (Some(o), Some(n)) => self.flows.get(o).and_then(|row| row.get(n)).copied(),
            _ => None,
        };
        match (&self.basis, shared) {
            (Basis::Customers { .. }, Some(k)) => format!(
                "{head}, and only {} of the last run's are in it: too few to follow it as one segment",
                percent(k as f64 / old.size.0.max(1) as f64)
            ),
            _ => format!(
                "{head}, and its customers are not like the last run's: too far apart to follow it as one segment"
            ),
        }
    }

    /// What changed, in sentences: splits, growth and shrinking, new and vanished segments, the
    /// features that moved most, the customers who changed segment and the RFM segments that
    /// moved.
    pub fn headlines(&self) -> Vec<String> {
        let mut out = Vec::new();
        let (was, now) = (self.old_labels.len(), self.new_labels.len());
        if was != now && was > 0 && now > 0 {
            out.push(format!(
                "{now} segments now against {was} in the last run: some of what changed comes from that (choose {was} on the Segments page to compare like with like)"
            ));
        }
        let label = |n: usize| self.new_labels.get(n).cloned().unwrap_or_default();
        for s in &self.segments {
            let sizes = format!(
                "{} → {} customers ({} → {})",
                thousands(s.size.0),
                thousands(s.size.1),
                percent(s.share.0),
                percent(s.share.1)
            );
            let old_label = s.old.and_then(|o| self.old_labels.get(o)).cloned().unwrap_or_else(|| s.label.clone());
            match s.change {
                Change::Split => {
                    let parts: Vec<String> = s.into.iter().map(|&n| label(n)).collect();
                    out.push(format!("{old_label} split into {}", parts.join(" and ")));
                }
                // (by its share of the customers: when the count went the other way, say so)
                Change::Grew | Change::Shrank => {
                    let (word, counts_agree) = match s.change {
                        Change::Grew => ("grew", s.size.1 >= s.size.0),
                        _ => ("shrank", s.size.1 <= s.size.0),
                    };
                    out.push(if counts_agree {
                        format!("{} {word}: {sizes}", s.label)
                    } else {
                        format!(
                            "{} {word} as a share of the customers ({} → {}), though it has {} customers where it had {}",
                            s.label,
                            percent(s.share.0),
                            percent(s.share.1),
                            thousands(s.size.1),
                            thousands(s.size.0)
                        )
                    })
                }
                // (one that vanished under the same label: said once, as one that changed)
                Change::New if s.from.is_none() => match self.vanished_alike(s) {
                    Some(v) => out.push(self.not_the_same(v, s)),
                    None => out.push(format!(
                        "{} is new: {} customers ({})",
                        s.label,
                        thousands(s.size.1),
                        percent(s.share.1)
                    )),
                },
                Change::Vanished => {
                    // the segment of this run under its label (labels differ within a run): a
                    // new one said both already; any other continues another segment
                    let heir = self.segments.iter().find(|n| n.new.is_some() && same_label(&n.label, &s.label));
                    if heir.is_none_or(|n| self.vanished_alike(n).is_none()) {
                        let taken = heir.is_some();
                        out.push(format!(
                            "{}{} vanished: no segment now is like its {} customers ({}){}",
                            if taken { "The last run's " } else { "" },
                            s.label,
                            thousands(s.size.0),
                            percent(s.share.0),
                            if taken { format!("; this run's {} is another segment", s.label) } else { String::new() }
                        ))
                    }
                }
                _ => {}
            }
            if !s.moved.is_empty() {
                let moves: Vec<String> = s.moved.iter().map(drift::Moved::describe).collect();
                out.push(format!("{}: {}", s.label, moves.join("; ")));
            }
        }
        if let Some(m) = self.moved {
            out.push(format!("{} of the customers in both exports are now in another segment", percent(m)));
        }
        for r in &self.rfm {
            if (r.new - r.old).abs() >= RFM_MOVE {
                out.push(format!("RFM {}: {} → {} of customers", r.name, percent(r.old), percent(r.new)));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_the_same_whatever_shares_they_give() {
        assert!(same_label("Art (17%), Office Supplies", "art (18%), Office supplies"));
        assert!(same_label("Recent buyers (more orders)", "Recent buyers (more orders)"));
        assert!(!same_label("Recent buyers (more orders)", "Recent buyers (fewer orders)"));
        assert!(!same_label("Art (17%)", "Storage (17%)"));
        assert!(same_label("Inss: yes (0.4%)", "Inss: yes (32%)"));
    }

    /// A feature the new export lacks tells no segment from another: a customer near the first
    /// centre on what is known is placed there, not at the centre nearest 0 on the missing one.
    #[test]
    fn a_feature_the_table_lacks_places_no_one() {
        let csv = b"customer_id,spend\nC1,0\nC2,0\nC3,0\nC4,0\n";
        let profile = crate::ingest::profile_bytes("customers.csv", csv).expect("profiles").profile;
        let table = crate::features::gather(&[&profile], |_| Ok(&csv[..])).expect("in memory");
        let column = |feature: &str| EncodedColumn {
            feature: feature.into(),
            level: None,
            log: false,
            center: 0.0,
            scale: 1.0,
            weight: 1.0,
            fill: 0.0,
            code: None,
        };
        assert!(table.feature("attr_spend").is_some() && table.feature("attr_visits").is_none());
        // on spend the customers (all 0) are the first centre's; the second's visits are 0
        let model = FittedModel {
            columns: vec![column("attr_spend"), column("attr_visits")],
            centroids: vec![vec![0.0, 2.0], vec![0.5, 0.0]],
        };
        let (similarity, nearest) = model.place(&table, &[0, 0, 0, 0], 1);
        assert_eq!(nearest, [[4], [0]]);
        assert!(similarity[0][0] > similarity[0][1], "{similarity:?}");
    }

    /// An export of the new period's buyers: most of the last run's customers are not in it,
    /// but those who are stayed in their segments. The segments are paired by them (each pair's
    /// Jaccard index near 1), not taken for new ones because most of the old ones left.
    #[test]
    fn segments_are_paired_by_the_customers_in_both_records() {
        let ids = |r: std::ops::Range<usize>| r.map(|i| format!("C{i:05}").into()).collect::<Vec<Box<str>>>();
        let old_ids = ids(0..2000);
        let old = Record::new(9, &old_ids, &(0..2000).map(|i| (i % 2) as u32).collect::<Vec<_>>(), u64::MAX);
        // 150 of the old customers again, in the same segments, and 200 new ones
        let new_ids = ids(1850..2200);
        let new = Record::new(9, &new_ids, &(1850..2200).map(|i| (i % 2) as u32).collect::<Vec<_>>(), u64::MAX);
        let f = id_flows(&old, &new, 2, 2);
        let j = f.jaccard(2, 2);
        assert!(j[0][0] > 0.9 && j[1][1] > 0.9 && j[0][1] < 0.1, "{j:?}");
    }

    /// Review 50: a later export of the same order log (everyone's last order months older)
    /// moved every centre more than 1.5 standard deviations, and stable segments were called
    /// vanished and new while the flows put 7,716 of a new segment's 7,770 customers nearest
    /// its old namesake. Segments pair by where their customers are nearest too.
    #[test]
    fn segments_whose_customers_all_moved_alike_still_pair() {
        // every centre far from every other (1 / (1 + 4)); customers nearest their namesake
        let far = vec![vec![0.2; 3]; 3];
        let flows = vec![vec![7716, 10, 96], vec![54, 5394, 144], vec![0, 200, 300]];
        let score = near_or_placed(&far, &flows);
        let matches = crate::matching::assign(&score, crate::deck::MIN_JACCARD);
        assert_eq!(matches[..2], [Some(0), Some(1)]);
        // the third new segment's 540 customers: 300 nearest the third old centre, whose 500
        // nearest are 300 of them and 200 of the second's: 300 / 740, a pair
        assert!((score[2][2] - 300.0 / 740.0).abs() < 1e-9);
        assert_eq!(matches[2], Some(2));
        // centres close enough pair as before, whatever the flows
        let near = vec![vec![0.5, 0.1], vec![0.1, 0.45]];
        let none = vec![vec![0, 0], vec![0, 0]];
        assert_eq!(
            crate::matching::assign(&near_or_placed(&near, &none), crate::deck::MIN_JACCARD),
            [Some(0), Some(1)]
        );
        // and a segment whose customers are spread over several old ones is new
        let spread = vec![vec![100, 400], vec![100, 400], vec![100, 400]];
        let score = near_or_placed(&vec![vec![0.2; 3]; 2], &spread);
        assert!(score[0].iter().all(|&s| s < crate::deck::MIN_JACCARD), "{score:?}");
    }

    /// A segment's line of a report, for tests of what the report says.
    fn changed(
        old: Option<usize>,
        new: Option<usize>,
        label: &str,
        size: (u64, u64),
        share: (f64, f64),
        change: Change,
    ) -> drift::SegmentDrift {
        drift::SegmentDrift {
            old,
            new,
            label: label.into(),
            change,
            size,
            share,
            moved: Vec::new(),
            into: Vec::new(),
            from: None,
        }
    }

    /// A report from May to June of `segments`, between runs of segments called `old` and
    /// `new`, paired by their centres.
    fn report_of(segments: Vec<drift::SegmentDrift>, old: &[&str], new: &[&str]) -> DriftReport {
        DriftReport {
            before: "May".into(),
            after: "June".into(),
            basis: Basis::Centroids,
            matches: Vec::new(),
            segments,
            old_labels: old.iter().map(|l| l.to_string()).collect(),
            new_labels: new.iter().map(|l| l.to_string()).collect(),
            flows: Vec::new(),
            moved: None,
            rfm: Vec::new(),
            rfm_on_last_cuts: false,
            customers: (1000, 1000),
            files: Vec::new(),
            features: Vec::new(),
        }
    }

    /// A run with another number of segments says so first: some of what changed is that.
    #[test]
    fn another_number_of_segments_is_said_first() {
        let mut report = report_of(Vec::new(), &["Loyal"], &["Loyal", "Young"]);
        assert_eq!(
            report.headlines(),
            [
                "2 segments now against 1 in the last run: some of what changed comes from that (choose 1 on the Segments page to compare like with like)"
            ]
        );
        report.new_labels.pop();
        assert!(report.headlines().is_empty());
    }

    /// The names this run's segments took after the pairing are the ones the report says.
    #[test]
    fn a_report_says_the_names_the_segments_kept() {
        let seg = |old, new, label: &str, change| changed(old, new, label, (100, 100), (0.5, 0.5), change);
        let segments = vec![
            seg(Some(0), Some(0), "Older", Change::Continued),
            seg(None, Some(1), "Younger", Change::New),
            seg(Some(1), None, "Bargain hunters", Change::Vanished),
        ];
        let mut report = report_of(segments, &["Loyal fans", "Bargain hunters"], &["Older", "Younger"]);
        let mut view = crate::segment::view_of(vec![]);
        let mut older = crate::segment::segment_called(0, "Older");
        crate::segment::name_segment(std::slice::from_mut(&mut older), 0, "Loyal fans");
        view.segments = vec![older, crate::segment::segment_called(1, "Younger")];
        report.relabel(&view);
        assert_eq!(report.new_labels, ["Loyal fans", "Younger"]);
        let labels: Vec<&str> = report.segments.iter().map(|s| s.label.as_str()).collect();
        assert_eq!(labels, ["Loyal fans", "Younger", "Bargain hunters"]);
    }

    /// A segment whose share grew while it lost customers (a smaller export) says both, not
    /// "grew: 451 → 47 customers".
    #[test]
    fn growth_by_share_with_fewer_customers_says_both() {
        let seg = |size, share, change| changed(Some(0), Some(0), "Loyal", size, share, change);
        let report = |s| DriftReport { customers: (2000, 150), ..report_of(vec![s], &["Loyal"], &["Loyal"]) };
        let fewer = report(seg((451, 47), (0.2255, 0.3133), Change::Grew)).headlines();
        assert_eq!(
            fewer,
            ["Loyal grew as a share of the customers (22.6% → 31.3%), though it has 47 customers where it had 451"]
        );
        let more = report(seg((451, 600), (0.2255, 0.3), Change::Grew)).headlines();
        assert_eq!(more, ["Loyal grew: 451 → 600 customers (22.6% → 30.0%)"]);
    }

    /// A segment that vanished while a new one took its label is said once, as a segment that
    /// is not what it was, not as "Recent buyers vanished" beside "Recent buyers is new".
    #[test]
    fn a_label_that_outlived_its_segment_is_said_once() {
        let seg = changed;
        let segments = vec![
            seg(Some(0), Some(0), "Loyal", (500, 520), (0.5, 0.52), Change::Continued),
            seg(None, Some(1), "Recent buyers", (0, 480), (0.0, 0.48), Change::New),
            seg(Some(1), None, "Recent buyers", (500, 0), (0.5, 0.0), Change::Vanished),
            seg(Some(2), None, "Big spenders", (40, 0), (0.04, 0.0), Change::Vanished),
        ];
        let mut report = DriftReport {
            basis: Basis::Customers { shared: 900 },
            flows: vec![vec![450, 50], vec![300, 100], vec![20, 20]],
            customers: (1040, 1000),
            ..report_of(segments, &["Loyal", "Recent buyers", "Big spenders"], &["Loyal", "Recent buyers"])
        };
        assert_eq!(
            report.headlines()[1..],
            [
                "Recent buyers is not the segment it was: the last run's had 500 customers (50.0%), this run's has 480 (48.0%), and only 20.0% of the last run's are in it: too few to follow it as one segment",
                "Big spenders vanished: no segment now is like its 40 customers (4.0%)",
            ]
        );
        report.basis = Basis::Centroids;
        assert!(
            report.headlines()[1]
                .ends_with("its customers are not like the last run's: too far apart to follow it as one segment")
        );
        // a segment that continues another one took the vanished one's label
        report.segments[1] = seg(Some(0), Some(1), "Recent buyers", (60, 480), (0.06, 0.48), Change::Grew);
        assert_eq!(
            report.headlines()[2],
            "The last run's Recent buyers vanished: no segment now is like its 500 customers (50.0%); this run's Recent buyers is another segment"
        );
    }

    #[test]
    fn the_same_customers_encode_as_the_run_encoded_them() {
        use crate::features;
        use crate::ingest::{FileProfile, profile_bytes};
        use crate::sample::{self, SampleConfig};
        let (files, _) = sample::generate(&SampleConfig { customers: 600, seed: 5 });
        let profiles: Vec<FileProfile> = files.iter().map(|(n, b)| profile_bytes(n, b).unwrap().profile).collect();
        let refs: Vec<&FileProfile> = profiles.iter().collect();
        let table = features::gather(&refs, |i| Ok(&files[i].1[..])).unwrap();
        let keys = table.default_selection();
        let own = features::encode(&table, &keys).unwrap();
        let model = FittedModel { columns: own.columns.clone(), centroids: vec![vec![0.0; own.columns.len()]] };
        let ours = model.encode(&table, 0..table.len());
        assert_eq!((ours.rows(), ours.cols()), (own.matrix.rows(), own.matrix.cols()));
        for (j, col) in own.columns.iter().enumerate() {
            let same = (0..table.len()).filter(|&i| (ours.row(i)[j] - own.matrix.row(i)[j]).abs() < 1e-4).count();
            assert_eq!(same, table.len(), "{} {:?}", col.feature, col.level);
        }
        // in blocks, the same
        let block = model.encode(&table, 100..300);
        assert_eq!(block.row(0), ours.row(100));
        assert_eq!(model.encode(&table, 590..700).rows(), 10);
    }

    #[test]
    fn a_record_keeps_the_same_customers_every_month_and_no_id() {
        let ids: Vec<Box<str>> = (0..30_000).map(|i| format!("C{i:06}").into()).collect();
        let labels: Vec<u32> = (0..30_000).map(|i| (i % 3) as u32).collect();
        let first = Record::new(9, &ids, &labels, u64::MAX);
        assert_eq!(first.entries.len(), MAX_RECORD);
        // next month: the first 10,000 customers left, 10,000 joined
        let next: Vec<Box<str>> = (10_000..40_000).map(|i| format!("C{i:06}").into()).collect();
        let second = Record::new(9, &next, &labels, first.threshold);
        let old: std::collections::HashSet<u64> = first.entries.iter().map(|e| e.0).collect();
        let shared = second.entries.iter().filter(|e| old.contains(&e.0)).count();
        // two thirds of either month's recorded customers are the same customers
        assert!((shared as f64 / first.entries.len() as f64 - 2.0 / 3.0).abs() < 0.03, "{shared}");
        let text = serde_json::to_string(&first).unwrap();
        assert!(!text.contains("C0000"), "no id in clear");
        assert!(text.len() < MAX_RECORD * 9, "{} bytes", text.len());
        assert_eq!(serde_json::from_str::<Record>(&text).unwrap(), first);
        // another salt: other hashes
        assert_ne!(Record::new(10, &ids, &labels, u64::MAX).entries, first.entries);
    }

    fn entry(old: Option<usize>, new: Option<usize>, change: Change) -> SegmentDrift {
        SegmentDrift {
            old,
            new,
            label: String::new(),
            change,
            size: (0, 0),
            share: (0.0, 0.0),
            moved: Vec::new(),
            into: Vec::new(),
            from: None,
        }
    }

    #[test]
    fn a_split_counts_those_who_joined_and_left() {
        // old 0 → new 0 (continued) and new 1; new 1 is mostly newcomers: not split off
        let flows = vec![vec![500, 150, 0], vec![0, 0, 300], vec![0, 900, 0]];
        let matches = [Some(0), None];
        let mut segs = vec![
            entry(Some(0), Some(0), Change::Continued),
            entry(None, Some(1), Change::New),
            entry(Some(1), None, Change::Vanished),
        ];
        mark_splits(&mut segs, &flows, &matches, 2, 2);
        assert_eq!(segs[0].change, Change::Continued);
        assert_eq!(segs[1].from, None);
        // without the newcomers it is a split
        let flows = vec![vec![500, 300, 0], vec![0, 0, 300], vec![0, 20, 0]];
        let mut segs = vec![
            entry(Some(0), Some(0), Change::Continued),
            entry(None, Some(1), Change::New),
            entry(Some(1), None, Change::Vanished),
        ];
        mark_splits(&mut segs, &flows, &matches, 2, 2);
        assert_eq!((segs[0].change, segs[0].into.clone(), segs[1].from), (Change::Split, vec![0, 1], Some(0)));
        // most of old 0 left: what stayed went two ways, but it did not split
        let flows = vec![vec![100, 100, 800], vec![0, 0, 0], vec![0, 0, 0]];
        let mut segs = vec![entry(Some(0), Some(0), Change::Shrank), entry(None, Some(1), Change::New)];
        mark_splits(&mut segs, &flows, &matches, 2, 2);
        assert_eq!(segs[0].change, Change::Shrank);
    }
}
