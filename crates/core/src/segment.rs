//! Segmentation: features -> encoding -> k-means (k chosen by the gap statistic and the
//! silhouette, or given) -> segment profiles with what sets each segment apart, an automatic
//! label and the small-segment guard.
//!
//! **Choosing k.** Every k from 2 to [`SegmentSettings::max_k`] (but no more segments than the
//! customers can fill at the small-segment guard's size: 4 for 120 customers) is fitted (fewer restarts than
//! the final fit, on a seeded sample of at most [`CHOICE_SAMPLE`] customers) and scored two
//! ways:
//! - the **gap** against shuffled data ([`crate::cluster::GapReference`], on at most
//!   [`GAP_SAMPLE`] customers and [`GAP_COPIES`] copies whose columns are each shuffled): how
//!   much tighter k segments fit the data than the same columns with no relation between them.
//!   It grows while k finds real groups and levels off once segments only split groups;
//! - the mean **silhouette** on a seeded sample of at most [`SILHOUETTE_SAMPLE`] customers: how
//!   well apart the segments are.
//!
//! The rule ([`choose_k`]): when no k's gap rises clearly above the noise of the copies, the
//! data has no segments and one segment describes everyone (k = 1, and the page says so).
//! Otherwise the candidates are the k whose gap reaches [`GAP_PLATEAU`] of the largest (they
//! find nearly all the structure there is), and of those whose silhouette is within
//! [`SILHOUETTE_SLACK`] of the candidates' best, the largest k wins: as many segments as are
//! real and still well apart, and, where one of them can, with no segment under the size a
//! persona needs. Silhouette alone favours k = 2 on customer data, whose groups
//! overlap; the gap alone keeps rising slowly past the real number. The inertia of each k is
//! kept for the elbow chart. The final model is then fitted with the full restarts.
//!
//! **Profiles.** For each segment: its size and share; for every number of the table (clustered
//! on or not), the mean in original
//! units and its z-score against everyone (segment mean minus overall mean, over the overall
//! standard deviation); for every category, list item or mix level, the segment's share and its
//! lift (segment share over overall share). The features that set the segment apart are the
//! clustered-on numbers with |z| >= 0.5 and the levels with lift >= 1.3 held by at least 10% of the segment,
//! strongest first. The label is made of the two or three strongest of them ("High money
//! spent, gaming, student"); a category's value fewer than a third of the segment have names
//! it only when nothing else does ([`LABEL_MIN_SHARE`]), and one fewer than half have names it
//! with its share ("Personal Loan: yes (36%)").
//!
//! **Small-segment guard.** A segment smaller than `min_size` (default: the larger of 1% of the
//! customers and 30) is flagged `small`; it is shown but does not become a persona.

use serde::{Deserialize, Serialize};

use crate::refresh::FittedModel;
use thiserror::Error;

use crate::cluster::{
    ClusterError, GapReference, KChoice, KMeans, KMeansValidParams, Matrix, adjusted_rand_index, silhouette,
};
use crate::features::{CustomerTable, EncodeError, Encoder, FeatureData};
use crate::rfm::{self, RfmResult, RfmSettings};

/// Customers the silhouette of a k is computed on, at most.
pub const SILHOUETTE_SAMPLE: usize = 2_000;
/// Customers the candidate k are fitted on when k is chosen automatically, at most (a seeded
/// sample of larger inputs; the chosen k is then fitted on everyone).
pub const CHOICE_SAMPLE: usize = 20_000;
/// Customers shown in the 2-D projection, at most.
pub const SCATTER_SAMPLE: usize = 1_000;
/// Customers the gap statistic of a k is computed on, at most.
pub const GAP_SAMPLE: usize = 2_000;
/// Shuffled copies the gap of a k is measured against.
pub const GAP_COPIES: usize = 2;
/// Customers placed at a time when the fit ran on a sample (their rows encoded, then freed).
const SCORE_BLOCK: usize = 8_192;
/// Mixed into the seed of the fit's sample, so it is not the trial's sample.
const FIT_SAMPLE_SALT: u64 = 0xf17_5a3b1e;

/// Restarts of each candidate k's fit, run on a sample of [`TRIAL_RESTART_SAMPLE`] rows when
/// the trial has more than twice as many.
pub const TRIAL_RESTARTS: usize = 10;
pub const TRIAL_RESTART_SAMPLE: usize = 3_000;
/// A k is a candidate when its gap reaches this share of the largest gap.
pub const GAP_PLATEAU: f64 = 0.8;
/// Of the candidates, those whose silhouette is at least this share of the best may win.
pub const SILHOUETTE_SLACK: f64 = 0.9;
/// Segments whose mean silhouette is under this overlap: their members are on average little
/// nearer one another than the next segment's (Kaufman & Rousseeuw read 0.25 or less as no
/// substantial structure); the reason for k says so.
pub const OVERLAP_SILHOUETTE: f64 = 0.25;
/// The largest gap must exceed this (and four standard errors) for the data to have segments.
pub const MIN_GAP: f64 = 0.02;

/// The k an automatic choice gives, and why, in words.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KDecision {
    pub k: usize,
    /// False when the data shows no segments (then k is 1).
    pub structure: bool,
    pub reason: String,
}

/// Chooses k from the scores of the candidate k (see the module's doc); `min_share`: the
/// share of the customers under which a segment is too small for a persona.
pub fn choose_k(choices: &[KChoice], min_share: f64) -> KDecision {
    let Some(best) = choices.iter().max_by(|a, b| a.gap.total_cmp(&b.gap).then(b.k.cmp(&a.k))) else {
        return KDecision { k: 1, structure: false, reason: "no k could be tried".to_owned() };
    };
    // the copies' noise pooled over every k tried: each k's own comes from two copies, and
    // swung from 0.000 to 0.024 between the k of one file (bank-full), which made "no distinct
    // segments" a matter of which k the largest gap fell on
    let noise = (choices.iter().map(|c| c.gap_sd * c.gap_sd).sum::<f64>() / choices.len() as f64).sqrt();
    if !(best.gap >= MIN_GAP && best.gap >= 4.0 * noise) {
        return KDecision {
            k: 1,
            structure: false,
            reason: format!(
                "No distinct segments: the customers' columns vary together hardly more than in shuffled copies of the data (largest gap {:.3} at k = {}, noise {:.3}), so any split would be invented. One segment describes everyone; pick a number of segments to split them anyway.",
                best.gap, best.k, noise
            ),
        };
    }
    let candidates: Vec<&KChoice> = choices.iter().filter(|c| c.gap >= GAP_PLATEAU * best.gap).collect();
    let best_sil = candidates.iter().map(|c| c.silhouette).fold(f64::MIN, f64::max);
    let apart: Vec<&KChoice> =
        candidates.iter().copied().filter(|c| c.silhouette >= SILHOUETTE_SLACK * best_sil).collect();
    let most = apart.iter().copied().max_by_key(|c| c.k).unwrap_or(best);
    // fewer segments, where more would leave one too small to become a persona (a small
    // customer base is not described by one persona of two fifths of it and three segments
    // flagged small): the most of those that leave none, or failing them the most of the
    // fewer k that still find structure
    let fits = |c: &&KChoice| c.smallest >= min_share;
    let structured = |c: &&KChoice| c.k < most.k && c.gap >= MIN_GAP && c.gap >= 4.0 * noise;
    let chosen = (apart.iter().copied().filter(fits).max_by_key(|c| c.k))
        .or_else(|| choices.iter().filter(fits).filter(structured).max_by_key(|c| c.k))
        .unwrap_or(most);
    if chosen.k < most.k {
        return KDecision {
            k: chosen.k,
            structure: true,
            reason: format!(
                "{} segments: the most that leave none too small to become a persona ({:.0}% of the customers in the smallest; silhouette {:.2}, gap against shuffled copies of the data {:.3}). {} segments find more of the structure in the data (gap {:.3}, the largest {:.3} at {} segments), but would leave a segment of {:.0}% of the customers.",
                chosen.k,
                100.0 * chosen.smallest,
                chosen.silhouette,
                chosen.gap,
                most.k,
                most.gap,
                best.gap,
                best.k,
                100.0 * most.smallest
            ),
        };
    }
    let structure = format!(
        "among the numbers of segments that find most of the structure in the data (gap against shuffled copies of the data {:.3}, the largest {:.3} at {} segments)",
        chosen.gap, best.gap, best.k
    );
    // (below a silhouette of 0.25 segments are not apart: say so rather than "well apart")
    let mut reason = if chosen.silhouette.is_nan() || chosen.silhouette < OVERLAP_SILHOUETTE {
        format!(
            "{} segments, which overlap (silhouette {:.2}, the best {:.2}): a customer is on average {} nearer the others of their segment than those of the next, so the borders between segments are not sharp. They are the most that stay nearly as far apart as any, {structure}.",
            chosen.k,
            chosen.silhouette,
            best_sil,
            if chosen.silhouette > 0.0 { "little" } else { "no" }
        )
    } else {
        format!(
            "{} segments: the most that stay well apart (silhouette {:.2}, the best {:.2}) {structure}.",
            chosen.k, chosen.silhouette, best_sil
        )
    };
    let fewer: Vec<String> = choices
        .iter()
        .filter(|c| c.k < chosen.k && c.gap < GAP_PLATEAU * best.gap)
        .map(|c| format!("{} (gap {:.3})", c.k, c.gap))
        .collect();
    if !fewer.is_empty() {
        reason.push_str(&format!(" Fewer segments find much less: {}.", fewer.join(", ")));
    }
    if let Some(next) = choices.iter().filter(|c| c.k > chosen.k).min_by_key(|c| c.k) {
        if next.gap < GAP_PLATEAU * best.gap {
            reason.push_str(&format!(" {} segments find less (gap {:.3}).", next.k, next.gap));
        } else {
            reason.push_str(&format!(
                " {} segments would split segments that are not apart (silhouette {:.2}).",
                next.k, next.silhouette
            ));
        }
    }
    KDecision { k: chosen.k, structure: true, reason }
}

/// The size under which a segment is small and becomes no persona: the setting, or the larger
/// of 1% of the `n` customers and 30.
fn min_size(n: usize, settings: &SegmentSettings) -> u64 {
    settings.min_size.unwrap_or_else(|| ((n as f64 * 0.01).ceil() as u64).max(30))
}

/// The largest k tried when k is chosen automatically: [`SegmentSettings::max_k`], but no more
/// segments than `n` customers can fill at the [`min_size`] a persona needs (at least 2), so
/// that a small customer base is not cut into segments too small to describe.
fn auto_max_k(n: usize, settings: &SegmentSettings) -> usize {
    let fill = (n as u64 / min_size(n, settings).max(1)) as usize;
    settings.max_k.min(fill).max(2).min(n.max(2))
}

/// Settings of a segmentation run: the same settings and seed give the same segments.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SegmentSettings {
    /// Feature keys; `None`: the table's defaults.
    pub features: Option<Vec<String>>,
    /// `None`: chosen automatically ([`choose_k`]).
    pub k: Option<usize>,
    pub max_k: usize,
    pub seed: u64,
    pub n_init: usize,
    /// `None`: max(1% of customers, 30).
    pub min_size: Option<u64>,
    pub rfm: RfmSettings,
    /// With more customers than this, the segments are fitted on a seeded sample of this many
    /// and every customer is then placed in the segment whose centre is nearest; `None`: fitted
    /// on everyone.
    #[serde(default)]
    pub fit_limit: Option<usize>,
}

impl Default for SegmentSettings {
    fn default() -> Self {
        SegmentSettings {
            features: None,
            k: None,
            max_k: 8,
            seed: 42,
            n_init: 20,
            min_size: None,
            rfm: RfmSettings::default(),
            fit_limit: None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Error, Serialize, Deserialize)]
pub enum SegmentError {
    #[error("{0}")]
    Encode(#[from] EncodeError),
    #[error("{0}")]
    Cluster(#[from] ClusterError),
    #[error("there are no customers: no file has a customer id column")]
    NoCustomers,
    #[error("only one customer was read (from {0}): segments need at least two customers to tell apart")]
    OneCustomer(String),
}

/// A number's place in a segment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NumberProfile {
    pub feature: String,
    pub label: String,
    pub mean: f64,
    pub overall_mean: f64,
    pub z: f64,
    /// How many of the segment's customers have the number, when some do not (the means are
    /// theirs: pdays' days are those of the customers called before).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub present: Option<u64>,
}

impl NumberProfile {
    /// Whether the number speaks for the segment: at least half of its `size` customers have
    /// it. ("Low pdays" is no name for a segment of whom 2% were ever called.)
    pub fn speaks_for(&self, size: u64) -> bool {
        self.present.is_none_or(|k| k * 2 >= size)
    }

    /// Whether the number sets the segment apart: half a standard deviation from everyone's
    /// mean, or, for the orders' and events' counts and money (skewed: a few big customers
    /// make the deviation large), a quarter of one where the mean is at most half or at least
    /// twice everyone's. lifetimes' segment of 79% one-time buyers, 1.21 orders against 3.05
    /// (z -0.36), has few orders; it is not "near the average".
    pub fn sets_apart(&self) -> bool {
        let z = self.z.abs();
        if z >= 0.5 {
            return true;
        }
        let skewed = matches!(self.feature.as_str(), "frequency" | "monetary" | "order_value" | "events" | "tenure");
        let r = self.mean / self.overall_mean;
        skewed && z >= 0.25 && self.overall_mean > 0.0 && self.mean >= 0.0 && !(0.5..2.0).contains(&r)
    }
}

/// A level's (category, item, mix part) place in a segment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LevelProfile {
    pub feature: String,
    pub label: String,
    pub level: String,
    /// Share of the segment with this level (for mixes: the mean share of the segment's mix).
    pub share: f64,
    pub overall_share: f64,
    pub lift: f64,
}

/// What sets a segment apart, strongest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Distinction {
    Number(NumberProfile),
    Level(LevelProfile),
}

impl Distinction {
    /// The label of its column.
    pub fn label(&self) -> &str {
        match self {
            Distinction::Number(p) => &p.label,
            Distinction::Level(p) => &p.label,
        }
    }
}

/// One segment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Segment {
    pub index: usize,
    /// What the segment is called: the user's name for it when they gave one, else the label
    /// the data gives it (what sets it apart).
    pub label: String,
    /// The data's label, when the user named the segment ([`name_segment`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_label: Option<String>,
    pub size: u64,
    pub share: f64,
    pub small: bool,
    pub numbers: Vec<NumberProfile>,
    pub levels: Vec<LevelProfile>,
    pub distinctions: Vec<Distinction>,
    /// Share of the segment's customers in each named RFM segment (RFM order), when there is RFM.
    pub rfm_mix: Vec<(String, f64)>,
}

/// The result of a run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Segmentation {
    pub customers: u64,
    pub features: Vec<String>,
    pub k: usize,
    pub k_chosen_automatically: bool,
    /// Silhouette and inertia per k tried (empty when k was given).
    pub choices: Vec<KChoice>,
    /// Why this k, in words (empty when k was given).
    #[serde(default)]
    pub k_reason: String,
    /// False when an automatic choice found no segments in the data (k is then 1).
    #[serde(default = "yes")]
    pub structure: bool,
    pub silhouette: f64,
    pub inertia: f64,
    pub min_size: u64,
    /// The size of the seeded sample the segments were fitted on, when there were more
    /// customers than [`SegmentSettings::fit_limit`] (everyone is then in the segment whose
    /// centre is nearest); `None`: fitted on everyone.
    #[serde(default)]
    pub fitted_on: Option<u64>,
    pub segments: Vec<Segment>,
    /// Segment of each customer, in table order.
    pub assignment: Vec<u32>,
    /// The encoding and the centroids: what places another month's customers in these
    /// segments' terms ([`crate::refresh`]).
    pub model: FittedModel,
    /// A sample of customers on the first two principal components of the encoded features:
    /// (pc1, pc2, segment).
    pub scatter: Vec<(f32, f32, u32)>,
    pub rfm: Option<RfmResult>,
    /// Why RFM is absent, when it is.
    pub rfm_note: Option<String>,
}

/// Runs RFM (when there are transactions) and the clustering. `progress(done, total, what)`
/// is called between fits.
///
/// The same as [`Prepared`]'s steps one after the other: [`prepare`], [`Trying::run`],
/// [`Prepared::encode_all`] and [`Prepared::finish`] (the worker runs the trial in a second
/// worker while it encodes everyone).
pub fn run(
    table: &CustomerTable,
    settings: &SegmentSettings,
    progress: &mut dyn FnMut(usize, usize, &str),
) -> Result<Segmentation, SegmentError> {
    let prepared = prepare(table, settings)?;
    let trying = prepared.trial().map(Trial::start);
    let choices = match &trying {
        Some(t) => t.run(progress)?,
        None => Vec::new(),
    };
    let encoding = prepared.encode_all();
    prepared.finish(&encoding, choices, Vec::new(), trying.as_ref(), progress)
}

/// Every customer's encoded row ([`Prepared::encode_all`]), with the mean variance that the
/// final fit's convergence threshold is scaled by when it was worked out while encoding
/// (`None`: the fit works it out from the rows).
pub struct Encoding {
    pub data: Matrix<f32>,
    variance: Option<f64>,
}

/// A run with its RFM done and its encoding worked out, waiting for the choice of k.
pub struct Prepared<'a> {
    table: &'a CustomerTable,
    settings: SegmentSettings,
    rfm: Option<RfmResult>,
    rfm_note: Option<String>,
    features: Vec<String>,
    encoder: Encoder<'a>,
    /// The customers the final fit runs on, when they are a sample (sorted).
    fit_rows: Option<Vec<usize>>,
}

/// Steps of a run: one per k tried, and the final fit.
fn steps(settings: &SegmentSettings, ks: usize) -> usize {
    if settings.k.is_some() { 1 } else { ks + 1 }
}

/// RFM and the encoding's columns: the first step of [`run`].
pub fn prepare<'a>(table: &'a CustomerTable, settings: &SegmentSettings) -> Result<Prepared<'a>, SegmentError> {
    if table.is_empty() {
        return Err(SegmentError::NoCustomers);
    }
    if table.len() == 1 {
        let source = table.features.iter().map(|f| f.info.source.as_str()).find(|s| !s.is_empty());
        let file = source.and_then(|s| s.split(" \u{203a} ").next()).unwrap_or("your files");
        return Err(SegmentError::OneCustomer(file.to_owned()));
    }
    let (rfm, rfm_note) = if table.has_transactions {
        match rfm::compute(&table.orders, &settings.rfm) {
            Ok(mut r) => {
                // no order value read (none was found, or it was set to ignored): everyone's
                // money is 0, which says nothing of what they spent
                if table.feature("monetary").is_none() {
                    r.collapsed.retain(|c| !c.starts_with("M:"));
                    r.collapsed.push(
                        "M: no column gives the orders' money (no order value, or it is set to ignored), so everyone scores the same M and the segments rest on recency and frequency."
                            .to_owned(),
                    );
                }
                (Some(r), None)
            }
            Err(e) => (None, Some(e.to_string())),
        }
    } else {
        (
            None,
            Some(
                "no transactions file with order dates was imported, nor a customers file with each customer's last order date and number of orders"
                    .to_owned(),
            ),
        )
    };
    let features = settings.features.clone().unwrap_or_else(|| table.default_selection());
    let encoder = Encoder::new(table, &features)?;
    let fit_rows = settings.fit_limit.filter(|&limit| table.len() > limit).map(|limit| {
        let mut idx = crate::cluster::sample_rows(table.len(), limit.max(1), settings.seed ^ FIT_SAMPLE_SALT);
        idx.sort_unstable();
        idx
    });
    Ok(Prepared { table, settings: settings.clone(), rfm, rfm_note, features, encoder, fit_rows })
}

/// The candidate k to try, on the customers (or a seeded sample of them) they are tried on.
/// It can be sent to another worker: it holds its data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Trial {
    pub ks: Vec<usize>,
    /// The customers' encoded rows, `rows` x `cols`, row by row.
    pub rows: usize,
    pub cols: usize,
    pub data: Vec<f32>,
    /// Everyone over the sample: inertia is scaled to all customers.
    pub scale: f64,
    pub seed: u64,
    /// The feature of each column (columns of one feature are shuffled together for the gap).
    #[serde(default)]
    pub blocks: Vec<u32>,
    /// Steps of the whole run, and the step of this trial's first k, for progress.
    pub steps: usize,
    pub first: usize,
    /// The customer (row of the table) of each of the trial's rows, for the final fit's
    /// silhouette ([`Trying::silhouette_of`]); not sent to another worker.
    #[serde(skip)]
    pub customers: Vec<usize>,
}

impl Prepared<'_> {
    /// The trial of k, when k is to be chosen.
    pub fn trial(&self) -> Option<Trial> {
        if self.settings.k.is_some() {
            return None;
        }
        let n = self.table.len();
        let ks: Vec<usize> = (2..=auto_max_k(n, &self.settings)).collect();
        let (sample, scale, customers) = if n > CHOICE_SAMPLE {
            let mut idx = crate::cluster::sample_rows(n, CHOICE_SAMPLE, self.settings.seed);
            idx.sort_unstable();
            (self.encoder.rows(&idx), n as f64 / CHOICE_SAMPLE as f64, idx)
        } else {
            (self.encoder.all(), 1.0, (0..n).collect())
        };
        let (rows, cols) = (sample.rows(), sample.cols());
        let steps = steps(&self.settings, ks.len());
        let seed = self.settings.seed;
        let columns = self.encoder.columns();
        let mut names: Vec<&str> = Vec::new();
        let blocks = columns
            .iter()
            .map(|c| match names.iter().position(|n| *n == c.feature) {
                Some(i) => i as u32,
                None => {
                    names.push(&c.feature);
                    (names.len() - 1) as u32
                }
            })
            .collect();
        Some(Trial { ks, rows, cols, data: sample.into_data(), scale, seed, blocks, steps, first: 0, customers })
    }

    /// Every customer's encoded row (only the sample's, when the fit runs on a sample).
    pub fn encode_all(&self) -> Encoding {
        match &self.fit_rows {
            None => {
                let (data, variance) = self.encoder.all_with_variance();
                Encoding { data, variance: Some(variance) }
            }
            Some(idx) => Encoding { data: self.encoder.rows(idx), variance: None },
        }
    }

    /// Every customer's nearest centre, encoded a block at a time (the sample's rows are all
    /// that was encoded at once).
    fn nearest_all(&self, centroids: &Matrix) -> Vec<u32> {
        let n = self.table.len();
        let mut labels = Vec::with_capacity(n);
        for start in (0..n).step_by(SCORE_BLOCK) {
            let idx: Vec<usize> = (start..(start + SCORE_BLOCK).min(n)).collect();
            labels.extend(crate::cluster::predict(&self.encoder.rows(&idx), centroids));
        }
        labels
    }

    fn final_params(&self, k: usize) -> Result<KMeansValidParams, SegmentError> {
        Ok(KMeans::params(k).n_init(self.settings.n_init).seed(self.settings.seed).check()?)
    }

    /// The share of the customers under which a segment becomes no persona.
    fn min_share(&self) -> f64 {
        let n = self.table.len();
        min_size(n, &self.settings) as f64 / n.max(1) as f64
    }

    fn chosen_k(&self, choices: &[KChoice]) -> usize {
        match self.settings.k {
            Some(k) => k,
            None => choose_k(&sorted(choices), self.min_share()).k,
        }
    }

    /// The encoded rows the final fit's restarts run on, when there are many customers (a
    /// seeded sample, the same whatever k is chosen); `None` when they run on everyone.
    pub fn restart_rows(&self) -> Option<Matrix<f32>> {
        let n = self.fit_rows.as_ref().map_or(self.table.len(), Vec::len);
        let idx = self.final_params(2).ok()?.restart_rows(n)?;
        let idx = match &self.fit_rows {
            Some(rows) => idx.iter().map(|&i| rows[i]).collect(),
            None => idx,
        };
        Some(self.encoder.rows(&idx))
    }

    /// Checks the encoding and gives the final fit's convergence threshold on it, which is the
    /// same whatever k is chosen.
    pub fn threshold(&self, encoding: &Encoding) -> Result<f64, SegmentError> {
        let params = self.final_params(self.settings.k.unwrap_or(2))?;
        match encoding.variance {
            Some(variance) if variance.is_finite() => Ok(params.threshold_of(encoding.data.rows(), variance)?),
            // a sample's rows, or a value that is not a number (the rows then say which)
            _ => Ok(params.threshold(&encoding.data)?),
        }
    }

    /// The final fit's restarts, to be run on [`Prepared::restart_rows`] (anywhere, in any
    /// order) and handed to [`Prepared::finish`]; `None` when they run on everyone.
    pub fn restarts(&self, encoding: &Encoding, choices: &[KChoice]) -> Result<Option<Restarts>, SegmentError> {
        let tol = self.threshold(encoding)?;
        let params = self.final_params(self.chosen_k(choices))?;
        if params.restart_rows(encoding.data.rows()).is_none() {
            return Ok(None);
        }
        let runs = (0..params.n_init()).collect();
        Ok(Some(Restarts { params, tol, runs }))
    }

    /// Fits the final model on `data` (from [`Prepared::encode_all`]) with the k that `choices`
    /// (from [`Trying::run`] or [`Trying::score`], in any order, a k there more than once;
    /// empty when k was given) score best, and profiles the segments.
    /// `done`: the final fit's restarts made elsewhere ([`Prepared::restarts`]); the rest are
    /// made here. `trying`: the trial of k, whose silhouette sample then scores the final fit
    /// too ([`Trying::silhouette_of`]).
    pub fn finish(
        self,
        encoding: &Encoding,
        choices: Vec<KChoice>,
        done: Vec<(usize, KMeans)>,
        trying: Option<&Trying>,
        progress: &mut dyn FnMut(usize, usize, &str),
    ) -> Result<Segmentation, SegmentError> {
        let tol = self.threshold(encoding)?;
        let data = &encoding.data;
        let mut choices = choices;
        choices.sort_by_key(|c| c.k);
        choices.dedup_by_key(|c| c.k);
        let n = self.table.len();
        let min_size = min_size(n, &self.settings);
        let decision = self.settings.k.is_none().then(|| {
            let mut d = choose_k(&choices, self.min_share());
            let most = auto_max_k(n, &self.settings);
            if most < self.settings.max_k.min(n) {
                d.reason.push_str(&format!(
                    " At most {most} segments were tried: with {n} customers, more would leave segments under the {min_size} customers a persona needs."
                ));
            }
            d
        });
        let k = self.settings.k.or(decision.as_ref().map(|d| d.k)).unwrap_or(1);
        let params = self.final_params(k)?;
        let columns = self.encoder.columns();
        let total = steps(&self.settings, choices.len());
        let fitted_on = self.fit_rows.as_ref().map(|r| r.len() as u64);
        match fitted_on {
            Some(m) => progress(total - 1, total, &format!("fitting {k} segments on a sample of {m} customers")),
            None => progress(total - 1, total, &format!("fitting {k} segments")),
        }
        let model = params.fit_after(data, tol, done, &mut |_| {})?;
        let labels = match fitted_on {
            Some(_) => {
                progress(total - 1, total, &format!("placing all {n} customers"));
                self.nearest_all(model.centroids())
            }
            None => model.labels().to_vec(),
        };
        let Prepared { table, settings, rfm, rfm_note, features, .. } = self;
        // the sample's own score when fitted on one; else the trial's sample scores everyone's
        let sil = match fitted_on {
            Some(_) => silhouette(data, model.labels(), k, SILHOUETTE_SAMPLE, settings.seed),
            None => trying
                .and_then(|t| t.silhouette_of(&labels, k))
                .unwrap_or_else(|| silhouette(data, &labels, k, SILHOUETTE_SAMPLE, settings.seed)),
        };
        let mut segments = profiles(table, &features, &labels, k, rfm.as_ref());
        for s in &mut segments {
            s.small = s.size < min_size;
        }
        // (the choice is made on a trial's quick fits: where the final one still leaves a
        // segment too small, the reason says so rather than let it read as avoided)
        let mut decision = decision;
        let small: Vec<String> = segments
            .iter()
            .filter(|s| s.small)
            .map(|s| format!("{} customers", persona_format::thousands(s.size)))
            .collect();
        if let Some(d) = decision.as_mut().filter(|d| d.structure && !small.is_empty()) {
            d.reason.push_str(&format!(
                " {} under the {min_size} customers a persona needs ({}): {} no persona.",
                if small.len() == 1 { "One segment is".to_owned() } else { format!("{} segments are", small.len()) },
                small.join(", "),
                if small.len() == 1 { "it becomes" } else { "they become" }
            ));
        }
        let scatter = crate::cluster::pca_sample(data, SCATTER_SAMPLE, settings.seed)
            .into_iter()
            .map(|(i, x, y)| (x as f32, y as f32, model.labels()[i]))
            .collect();
        progress(total, total, "done");
        Ok(Segmentation {
            scatter,
            customers: n as u64,
            features,
            k,
            k_chosen_automatically: settings.k.is_none(),
            choices,
            k_reason: decision.as_ref().map_or(String::new(), |d| d.reason.clone()),
            structure: decision.as_ref().is_none_or(|d| d.structure),
            silhouette: sil,
            // the sample's, scaled to everyone
            inertia: model.inertia() * n as f64 / data.rows().max(1) as f64,
            min_size,
            fitted_on,
            segments,
            assignment: labels,
            model: FittedModel::new(columns, model.centroids()),
            rfm,
            rfm_note,
        })
    }
}

/// The choices in order of k, each k once.
fn sorted(choices: &[KChoice]) -> Vec<KChoice> {
    let mut c = choices.to_vec();
    c.sort_by_key(|c| c.k);
    c.dedup_by_key(|c| c.k);
    c
}

fn yes() -> bool {
    true
}

/// Restarts of the final fit that can run in another worker: they need only the restart rows
/// ([`Prepared::restart_rows`]), the settings and the threshold.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Restarts {
    pub params: KMeansValidParams,
    pub tol: f64,
    pub runs: Vec<usize>,
}

impl Restarts {
    /// Each run on `rows` (the restart rows), by run number.
    pub fn run(&self, rows: &Matrix<f32>) -> Vec<(usize, KMeans)> {
        self.runs.iter().map(|&r| (r, self.params.restart(rows, r, self.tol))).collect()
    }
}

impl Trial {
    /// The trial ready to score its candidates one at a time.
    pub fn start(mut self) -> Trying {
        let data = Matrix::new(self.rows, self.cols, std::mem::take(&mut self.data));
        Trying { trial: self, data, silhouette: std::sync::OnceLock::new(), gap: std::sync::OnceLock::new() }
    }
}

/// A [`Trial`] whose candidates can be scored one at a time, in any order and in any worker:
/// a k's score is the same wherever and whenever it is made, so two workers can share the
/// candidates out as they go (and a k scored twice scores the same).
pub struct Trying {
    trial: Trial,
    data: Matrix<f32>,
    /// Made when the first k is scored: a worker that scores none is spared it.
    silhouette: std::sync::OnceLock<crate::cluster::SilhouetteSample>,
    /// The gap's sample and shuffled copies, made when the first k is scored (the same in
    /// every worker: they come from the trial's rows and seed).
    gap: std::sync::OnceLock<GapReference>,
}

impl Trying {
    /// The candidate k, smallest first.
    pub fn ks(&self) -> &[usize] {
        &self.trial.ks
    }

    /// Tries every candidate k, in order: [`Trying::score`] of each.
    pub fn run(&self, progress: &mut dyn FnMut(usize, usize, &str)) -> Result<Vec<KChoice>, SegmentError> {
        self.ks().iter().map(|&k| self.score(k, progress)).collect()
    }

    /// The silhouette sample, once a k has been scored (to hand to another worker that scores
    /// the same trial: making it is a good part of a first score).
    pub fn silhouette_sample(&self) -> Option<&crate::cluster::SilhouetteSample> {
        self.silhouette.get()
    }

    /// The silhouette of `assignment` (k segments of every customer) on this trial's silhouette
    /// sample, once it has been made: no distances to work out again. With no more customers
    /// than the trial's rows it is the sample [`silhouette`] would draw, so the same number;
    /// beyond, the sample is drawn among the trial's customers. `None` without a sample, or
    /// in a worker the trial was sent to.
    pub fn silhouette_of(&self, assignment: &[u32], k: usize) -> Option<f64> {
        let sample = self.silhouette.get()?;
        let customers = &self.trial.customers;
        if customers.len() != self.data.rows() || customers.iter().any(|&c| c >= assignment.len()) {
            return None;
        }
        let labels: Vec<u32> = customers.iter().map(|&c| assignment[c]).collect();
        Some(sample.score(&labels, k))
    }

    /// Takes the silhouette sample another worker made for the same trial (ignored when this
    /// one has made its own): the scores are the same either way.
    pub fn take_silhouette_sample(&self, sample: crate::cluster::SilhouetteSample) {
        let _ = self.silhouette.set(sample);
    }

    /// Fits `k` (a quick fit: [`TRIAL_RESTARTS`] restarts on a sample, no refinement) and scores it by the silhouette
    /// on a seeded sample and the gap against shuffled copies of another.
    pub fn score(&self, k: usize, progress: &mut dyn FnMut(usize, usize, &str)) -> Result<KChoice, SegmentError> {
        let t = &self.trial;
        let step = t.first + t.ks.iter().position(|&c| c == k).unwrap_or(0);
        progress(step, t.steps, &format!("trying {k} segments"));
        // restarts on a sample of the trial's rows, the best run to convergence on all of them:
        // many restarts, so the segments a k can find are found, for the cost of a few
        let quick =
            KMeans::params(k).n_init(TRIAL_RESTARTS).refine(false).adaptive(false).restart_sample(TRIAL_RESTART_SAMPLE);
        let model = quick.clone().seed(t.seed).check()?.fit(&self.data)?;
        let sample = self
            .silhouette
            .get_or_init(|| crate::cluster::SilhouetteSample::new(&self.data, SILHOUETTE_SAMPLE, t.seed));
        let silhouette = sample.score(model.labels(), k);
        let mut sizes = vec![0usize; k];
        for &l in model.labels() {
            sizes[l as usize] += 1;
        }
        let smallest = sizes.iter().min().map_or(1.0, |&m| m as f64 / model.labels().len().max(1) as f64);
        let reference =
            self.gap.get_or_init(|| GapReference::new(&self.data, &t.blocks, GAP_SAMPLE, GAP_COPIES, t.seed));
        let own = KMeans::params(k).n_init(5).refine(false).adaptive(false);
        let copies = KMeans::params(k).n_init(2).refine(false).adaptive(false);
        let (gap, gap_sd) = reference.gap(&own, &copies, t.seed ^ (k as u64).wrapping_mul(0x2545_f491_4f6c_dd1d))?;
        Ok(KChoice { k, inertia: model.inertia() * t.scale, silhouette, gap, gap_sd, smallest })
    }
}

/// RFM without the per-customer table: what the page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RfmView {
    pub analysis_day: i64,
    pub rules: rfm::RuleSet,
    pub customers: u64,
    pub without_orders: u64,
    pub grid: [[u64; 5]; 5],
    pub segments: Vec<rfm::SegmentSummary>,
    pub unassigned: u64,
    pub bounds: [[Option<f64>; 4]; 3],
    /// Scores left empty because one value holds more than a fifth of the customers, in words.
    #[serde(default)]
    pub collapsed: Vec<String>,
}

/// A segmentation without per-customer arrays, with the features that could be ticked: what
/// the worker sends the page (small whatever the number of customers).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SegmentationView {
    pub customers: u64,
    pub available: Vec<crate::features::FeatureInfo>,
    pub features: Vec<String>,
    pub k: usize,
    pub k_chosen_automatically: bool,
    pub choices: Vec<KChoice>,
    #[serde(default)]
    pub k_reason: String,
    #[serde(default = "yes")]
    pub structure: bool,
    pub silhouette: f64,
    pub inertia: f64,
    pub min_size: u64,
    pub segments: Vec<Segment>,
    pub scatter: Vec<(f32, f32, u32)>,
    pub rfm: Option<RfmView>,
    pub rfm_note: Option<String>,
    /// The size of the sample the segments were fitted on, when they were fitted on one.
    #[serde(default)]
    pub fitted_on: Option<u64>,
    /// Results that cannot be right as they stand (a handful of customers from thousands of
    /// rows: [`crate::import::scale_check`]), said on the page.
    #[serde(default)]
    pub checks: Vec<String>,
    /// Order values counted once per order, since they repeat each order's total on every
    /// line of it ([`CustomerTable::totals_once`]).
    #[serde(default)]
    pub money_once: Vec<String>,
    /// Where a customers file sums up each customer's orders, when RFM comes from it
    /// ([`CustomerTable::orders_summed_up`]).
    #[serde(default)]
    pub orders_summed_up: Option<String>,
    /// Mixes of a column with too many values, not made ([`CustomerTable::mixes_left_out`]).
    #[serde(default)]
    pub mixes_left_out: Vec<String>,
    /// Per feature, the levels fewer than [`crate::workspace::MIN_GROUP`] customers hold (a
    /// town of one customer): what a stored workspace leaves out. Never stored itself.
    #[serde(skip)]
    pub few: Vec<(String, Vec<String>)>,
}

/// A view holding only these segments, for tests of what reads profiles.
#[cfg(test)]
pub(crate) fn view_of(segments: Vec<Segment>) -> SegmentationView {
    SegmentationView {
        customers: segments.iter().map(|s| s.size).sum(),
        available: Vec::new(),
        features: Vec::new(),
        k: segments.len(),
        k_chosen_automatically: false,
        choices: Vec::new(),
        k_reason: String::new(),
        structure: true,
        silhouette: 0.0,
        inertia: 0.0,
        min_size: 0,
        segments,
        scatter: Vec::new(),
        rfm: None,
        rfm_note: None,
        fitted_on: None,
        checks: Vec::new(),
        money_once: Vec::new(),
        orders_summed_up: None,
        mixes_left_out: Vec::new(),
        few: Vec::new(),
    }
}

/// A segment of 100 customers called `label`, with no profile, for tests of what reads labels.
#[cfg(test)]
pub(crate) fn segment_called(index: usize, label: &str) -> Segment {
    Segment {
        index,
        label: label.to_owned(),
        data_label: None,
        size: 100,
        share: 0.5,
        small: false,
        numbers: Vec::new(),
        levels: Vec::new(),
        distinctions: Vec::new(),
        rfm_mix: Vec::new(),
    }
}

impl Segmentation {
    /// A hash of every number of the result (assignment, inertia, silhouettes, segment sizes
    /// and profiles, RFM scores), bit for bit: equal fingerprints natively and in wasm prove
    /// that the CLI and the app give the same segments.
    pub fn fingerprint(&self) -> u64 {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        let mut eat = |x: u64| {
            for b in x.to_le_bytes() {
                h ^= b as u64;
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
        };
        self.assignment.iter().for_each(|&a| eat(a as u64));
        eat(self.inertia.to_bits());
        eat(self.silhouette.to_bits());
        for c in &self.choices {
            eat(c.k as u64);
            eat(c.inertia.to_bits());
            eat(c.silhouette.to_bits());
            eat(c.gap.to_bits());
        }
        for s in &self.segments {
            eat(s.size);
            s.numbers.iter().for_each(|p| eat(p.mean.to_bits()));
            s.levels.iter().for_each(|p| eat(p.share.to_bits()));
        }
        for p in &self.scatter {
            eat(p.0.to_bits() as u64);
            eat(p.1.to_bits() as u64);
        }
        if let Some(r) = &self.rfm {
            for s in &r.scores {
                eat(((s.r as u64) << 16) | ((s.f as u64) << 8) | s.m as u64);
            }
        }
        h
    }

    pub fn view(&self, table: &CustomerTable) -> SegmentationView {
        SegmentationView {
            customers: self.customers,
            available: table.features.iter().map(|f| f.info.clone()).collect(),
            features: self.features.clone(),
            k: self.k,
            k_chosen_automatically: self.k_chosen_automatically,
            choices: self.choices.clone(),
            k_reason: self.k_reason.clone(),
            structure: self.structure,
            silhouette: self.silhouette,
            inertia: self.inertia,
            min_size: self.min_size,
            segments: self.segments.clone(),
            scatter: self.scatter.clone(),
            rfm: self.rfm.as_ref().map(|r| RfmView {
                analysis_day: r.analysis_day,
                rules: r.rules.clone(),
                customers: r.scores.len() as u64,
                without_orders: r.without_orders,
                grid: r.grid,
                segments: r.segments.clone(),
                unassigned: r.unassigned,
                bounds: r.bounds,
                collapsed: r.collapsed.clone(),
            }),
            rfm_note: self.rfm_note.clone(),
            fitted_on: self.fitted_on,
            checks: Vec::new(),
            money_once: table.totals_once.clone(),
            orders_summed_up: table.orders_summed_up.clone(),
            mixes_left_out: table.mixes_left_out.clone(),
            few: few_levels(table),
        }
    }
}

impl SegmentationView {
    /// Whether fewer than [`crate::workspace::MIN_GROUP`] customers hold `level` of `feature`
    /// ([`SegmentationView::few`]).
    pub fn is_few(&self, feature: &str, level: &str) -> bool {
        self.few.iter().any(|(k, l)| k == feature && l.iter().any(|x| x == level))
    }
}

/// Per feature of `table`, the levels or items held by fewer than
/// [`crate::workspace::MIN_GROUP`] (for a mix: customers with any of it).
fn few_levels(table: &CustomerTable) -> Vec<(String, Vec<String>)> {
    table
        .features
        .iter()
        .filter_map(|f| {
            let levels = &f.info.levels;
            let mut held = vec![0u64; levels.len()];
            match &f.data {
                FeatureData::Numeric(_) => return None,
                FeatureData::Category(codes) => {
                    for &c in codes {
                        if let Some(k) = held.get_mut(c as usize) {
                            *k += 1;
                        }
                    }
                }
                FeatureData::Multi(bits) => {
                    for b in bits {
                        for (i, k) in held.iter_mut().enumerate().take(64) {
                            *k += (b >> i) & 1;
                        }
                    }
                }
                FeatureData::Shares(counts) => {
                    for row in counts.chunks(levels.len().max(1)) {
                        for (k, &n) in held.iter_mut().zip(row) {
                            *k += u64::from(n > 0);
                        }
                    }
                }
            }
            let few: Vec<String> = levels
                .iter()
                .zip(&held)
                .filter(|&(_, &k)| k < crate::workspace::MIN_GROUP)
                .map(|(l, _)| l.clone())
                .collect();
            (!few.is_empty()).then(|| (f.info.key.clone(), few))
        })
        .collect()
}

/// The longest name a user may give a segment, in characters.
pub const NAME_MAX: usize = 80;

/// Names segment `index` as the user typed it (spaces tidied, at most [`NAME_MAX`]
/// characters); an empty name, or the data's own label, gives the data's label back. Returns
/// whether the segment's label changed.
pub fn name_segment(segments: &mut [Segment], index: usize, name: &str) -> bool {
    let Some(s) = segments.get_mut(index) else { return false };
    let name: String = name.split_whitespace().collect::<Vec<_>>().join(" ").chars().take(NAME_MAX).collect();
    if name.is_empty() {
        // (a data label is kept only beside another name)
        let Some(data) = s.data_label.take() else { return false };
        s.label = data;
        return true;
    }
    let changed = name != s.label;
    s.call(name);
    changed
}

/// Whether two columns' levels are the same value held by the same share of a segment and of
/// everyone (Telco's `No internet service` in six service columns): one line says them all.
pub(crate) fn same_level(a: &LevelProfile, b: &LevelProfile) -> bool {
    a.level.eq_ignore_ascii_case(&b.level) && same_shares(a, b)
}

fn same_shares(a: &LevelProfile, b: &LevelProfile) -> bool {
    (a.share - b.share).abs() < 0.005 && (a.overall_share - b.overall_share).abs() < 0.005
}

/// Whether two columns' levels say the same of a segment: [`same_level`], or a no and what
/// follows from it, held by as many (`InternetService: No` and `No internet service`). A
/// label names one of them; a line saying both would give one's value to the other.
pub(crate) fn same_fact(a: &LevelProfile, b: &LevelProfile) -> bool {
    same_level(a, b) || same_shares(a, b) && (says_no_to(a, b) || says_no_to(b, a))
}

/// Whether `a` is a no to its column and `b` names that column's lack (`PhoneService: no`,
/// `MultipleLines: No phone service`).
fn says_no_to(a: &LevelProfile, b: &LevelProfile) -> bool {
    let what = crate::roles::normalise_header(&a.label);
    matches!(a.level.to_lowercase().as_str(), "no" | "false" | "none")
        && what.len() >= 3
        && crate::roles::normalise_header(&b.level).strip_prefix("no ") == Some(what.as_str())
}

impl Segment {
    /// What sets the segment apart as it is said, strongest first: each distinction with the
    /// labels of every column it stands for. Columns that say the same (see [`same_level`]) make
    /// one line, so that they do not fill a card and hide what else sets it apart.
    pub fn distinction_lines(&self) -> Vec<(&Distinction, Vec<&str>)> {
        let mut lines: Vec<(&Distinction, Vec<&str>)> = Vec::new();
        for d in &self.distinctions {
            let same = match d {
                Distinction::Level(p) => lines.iter_mut().find(
                    |(first, _)| matches!(first, Distinction::Level(q) if q.feature != p.feature && same_level(p, q)),
                ),
                Distinction::Number(_) => None,
            };
            match (same, d) {
                (Some((_, labels)), Distinction::Level(p)) => labels.push(&p.label),
                _ => lines.push((d, vec![d.label()])),
            }
        }
        lines
    }

    /// Calls the segment `label`, keeping the data's label beside it unless it is the same.
    fn call(&mut self, label: String) {
        let data = self.data_label.take().unwrap_or_else(|| std::mem::take(&mut self.label));
        self.data_label = (label != data).then_some(data);
        self.label = label;
    }
}

/// Names stay with their segments from run to run: each segment that continues one the user
/// named (`matches[new]` is the old segment it continues, as its persona does) takes that name.
pub fn keep_names(segments: &mut [Segment], old: &[Segment], matches: &[Option<usize>]) {
    for (i, s) in segments.iter_mut().enumerate() {
        let Some(o) = matches.get(i).copied().flatten().and_then(|o| old.get(o)) else { continue };
        if o.data_label.is_some() {
            s.call(o.label.clone());
        }
    }
}

/// Agreement of a segmentation with known labels (the sample's planted segments).
pub fn agreement(seg: &Segmentation, truth: &[u32]) -> f64 {
    adjusted_rand_index(&seg.assignment, truth)
}

fn profiles(
    table: &CustomerTable,
    features: &[String],
    labels: &[u32],
    k: usize,
    rfm: Option<&RfmResult>,
) -> Vec<Segment> {
    let n = labels.len();
    let mut size = vec![0u64; k];
    for &l in labels {
        size[l as usize] += 1;
    }
    let mut numbers: Vec<Vec<NumberProfile>> = vec![Vec::new(); k];
    let mut levels: Vec<Vec<LevelProfile>> = vec![Vec::new(); k];
    // every feature is profiled (personas describe a segment by all it is), but only the
    // features clustered on can set a segment apart
    for f in &table.features {
        let key = &f.info.key;
        let label = f.info.label.clone();
        match &f.data {
            FeatureData::Numeric(values) => {
                let (mut sum, mut cnt) = (vec![0.0; k], vec![0u64; k]);
                let (mut all, mut all_n) = (0.0, 0u64);
                for (i, &v) in values.iter().enumerate() {
                    if !v.is_nan() {
                        sum[labels[i] as usize] += v;
                        cnt[labels[i] as usize] += 1;
                        all += v;
                        all_n += 1;
                    }
                }
                let mean = all / all_n.max(1) as f64;
                let var = values.iter().filter(|v| !v.is_nan()).map(|v| (v - mean) * (v - mean)).sum::<f64>()
                    / all_n.max(1) as f64;
                let sd = var.sqrt();
                for c in 0..k {
                    let m = if cnt[c] > 0 { sum[c] / cnt[c] as f64 } else { f64::NAN };
                    let z = if sd > 0.0 && cnt[c] > 0 { (m - mean) / sd } else { 0.0 };
                    numbers[c].push(NumberProfile {
                        feature: key.clone(),
                        label: label.clone(),
                        mean: m,
                        overall_mean: mean,
                        z,
                        present: (cnt[c] < size[c]).then_some(cnt[c]),
                    });
                }
                // the customers a code says have none (pdays -1: never called) are a level
                if let Some(code) = &f.info.code {
                    let none = |c: usize| size[c] - cnt[c];
                    let overall_share = (n as u64 - all_n) as f64 / n.max(1) as f64;
                    for c in 0..k {
                        let share = none(c) as f64 / size[c].max(1) as f64;
                        levels[c].push(LevelProfile {
                            feature: key.clone(),
                            label: label.clone(),
                            level: code.level.clone(),
                            share,
                            overall_share,
                            lift: if overall_share > 0.0 { share / overall_share } else { 0.0 },
                        });
                    }
                }
            }
            FeatureData::Category(_) | FeatureData::Multi(_) | FeatureData::Shares(_) => {
                let l = f.info.levels.len().min(64);
                let mut seg = vec![0.0; k * l];
                let mut all = vec![0.0; l];
                // a mix is read as the share of the segment's rows (its orders or events) of each
                // level, as it is worded, and a mix of one value per customer as the share of its
                // customers: customers with no rows in the file do not count
                let mut rows = vec![0u64; k];
                for i in 0..n {
                    let c = labels[i] as usize;
                    let mut add = |j: usize, w: f64| {
                        seg[c * l + j] += w;
                        all[j] += w;
                    };
                    match &f.data {
                        FeatureData::Category(codes) => {
                            if (codes[i] as usize) < l {
                                add(codes[i] as usize, 1.0);
                            }
                        }
                        FeatureData::Multi(sets) => {
                            for j in 0..l {
                                if sets[i] >> j & 1 == 1 {
                                    add(j, 1.0);
                                }
                            }
                        }
                        FeatureData::Shares(counts) => {
                            let full = f.info.levels.len();
                            let row = &counts[i * full..(i + 1) * full];
                            let total: u32 = row.iter().sum();
                            if f.info.one_per_customer {
                                // (a customer whose rows name several counts at the commonest)
                                if total > 0 {
                                    rows[c] += 1;
                                    let j = (0..full).rev().max_by_key(|&j| row[j]).unwrap_or(0);
                                    if j < l {
                                        add(j, 1.0);
                                    }
                                }
                                continue;
                            }
                            rows[c] += total as u64;
                            for (j, &x) in row.iter().take(l).enumerate() {
                                add(j, x as f64);
                            }
                        }
                        FeatureData::Numeric(_) => {}
                    }
                }
                let shares = matches!(f.data, FeatureData::Shares(_));
                let everyone = if shares { rows.iter().sum::<u64>() } else { n as u64 };
                for c in 0..k {
                    let base = if shares { rows[c] } else { size[c] };
                    for j in 0..l {
                        let share = seg[c * l + j] / base.max(1) as f64;
                        let overall_share = all[j] / everyone.max(1) as f64;
                        let lift = if overall_share > 0.0 { share / overall_share } else { 0.0 };
                        levels[c].push(LevelProfile {
                            feature: key.clone(),
                            label: label.clone(),
                            level: f.info.levels[j].clone(),
                            share,
                            overall_share,
                            lift,
                        });
                    }
                }
            }
        }
    }
    let rfm_mix = |c: usize| -> Vec<(String, f64)> {
        let Some(r) = rfm else { return Vec::new() };
        let mut counts = vec![0u64; r.rules.rules.len()];
        let mut total = 0u64;
        for s in &r.scores {
            if labels[s.customer as usize] as usize == c {
                total += 1;
                if let Some(seg) = s.segment {
                    counts[seg as usize] += 1;
                }
            }
        }
        r.rules.rules.iter().zip(counts).map(|(rule, k)| (rule.name.clone(), k as f64 / total.max(1) as f64)).collect()
    };
    let mixes: Vec<String> = table.features.iter().filter(|f| f.info.is_mix()).map(|f| f.info.key.clone()).collect();
    let mut segments: Vec<Segment> = (0..k)
        .map(|c| {
            let mut distinctions: Vec<(f64, Distinction)> = Vec::new();
            for p in &numbers[c] {
                if p.sets_apart() && p.speaks_for(size[c]) && features.contains(&p.feature) {
                    distinctions.push((p.z.abs(), Distinction::Number(p.clone())));
                }
            }
            for p in &levels[c] {
                let is_mix = table.feature(&p.feature).is_some_and(|f| f.info.is_mix());
                let floor = if is_mix { 0.05 } else { 0.10 };
                if p.lift >= 1.3 && p.share >= floor && features.contains(&p.feature) {
                    // a lift of 2 weighs like a z of 1
                    distinctions.push((p.lift.log2(), Distinction::Level(p.clone())));
                }
            }
            distinctions.sort_by(|a, b| b.0.total_cmp(&a.0));
            let distinctions: Vec<Distinction> = distinctions.into_iter().map(|(_, d)| d).collect();
            Segment {
                index: c,
                label: label_of(&distinctions, 3, &mixes),
                data_label: None,
                size: size[c],
                share: size[c] as f64 / n as f64,
                small: false,
                numbers: std::mem::take(&mut numbers[c]),
                levels: std::mem::take(&mut levels[c]),
                distinctions,
                rfm_mix: rfm_mix(c),
            }
        })
        .collect();
    labels_apart(&mut segments, features, &mixes);
    segments
}

/// A label without the shares it gives, lower-cased: "Art (17%), Office Supplies" is "art,
/// office supplies", as is "Art (18%), Office Supplies" (labels compared across runs, and
/// segments told apart within one).
pub(crate) fn without_shares(l: &str) -> String {
    let mut out = String::with_capacity(l.len());
    let mut rest = l;
    while let Some(open) = rest.find(" (") {
        let close = rest[open..].find(')').map(|c| open + c);
        match close {
            Some(c) if rest[open + 2..c].strip_suffix('%').is_some_and(|n| n.parse::<f64>().is_ok()) => {
                out.push_str(&rest[..open]);
                rest = &rest[c + 1..];
            }
            _ => {
                out.push_str(&rest[..open + 2]);
                rest = &rest[open + 2..];
            }
        }
    }
    out.push_str(rest);
    out.to_lowercase()
}

/// Segments whose three strongest distinctions say the same, in any order (Telco's two
/// segments of DSL customers without phone service) take more of their distinctions, up to
/// six, until their labels differ; failing that, the words for how far they go ([`degrees`]);
/// failing that, the values fewer than a third of them have, with their shares; failing that,
/// their number.
fn labels_apart(segments: &mut [Segment], features: &[String], mixes: &[String]) {
    // a label's parts, in any order
    // (shares aside: "Personal Loan: yes (36%)" and "(41%)" are one name)
    let says = |label: &str| {
        let mut parts: Vec<String> = without_shares(label).split(", ").map(str::to_owned).collect();
        parts.sort_unstable();
        parts
    };
    for _ in 0..segments.len() {
        let Some(key) = segments.iter().enumerate().find_map(|(i, s)| {
            let key = says(&s.label);
            segments[i + 1..].iter().any(|t| says(&t.label) == key).then_some(key)
        }) else {
            return;
        };
        let same: Vec<usize> = (0..segments.len()).filter(|&i| says(&segments[i].label) == key).collect();
        // (new labels must differ from each other and from the other segments' labels)
        let others: Vec<Vec<String>> =
            (0..segments.len()).filter(|i| !same.contains(i)).map(|i| says(&segments[i].label)).collect();
        let distinct = |labels: &Vec<String>| {
            (1..labels.len()).all(|j| labels[..j].iter().all(|l| says(l) != says(&labels[j])))
                && labels.iter().all(|l| !others.contains(&says(l)))
        };
        let apart = (4..=6)
            .map(|parts| {
                same.iter().map(|&i| label_of(&segments[i].distinctions, parts, mixes)).collect::<Vec<String>>()
            })
            .find(&distinct);
        // (failing those, their labels and the values that set them apart though fewer than a
        // third have them, with their shares: "Office Supplies, Art (17%)")
        let with_shares = || {
            (1..=3)
                .map(|extra| {
                    same.iter()
                        .map(|&i| {
                            let (majority, minority) = parts_of(&segments[i].distinctions, mixes);
                            let base = label_from(majority.into_iter(), 3, &|p| short_of_half(p, mixes));
                            let more = label_from(
                                minority.into_iter(),
                                if base.is_empty() { 3 + extra } else { extra },
                                &|_| true,
                            );
                            match (base.is_empty(), more.is_empty()) {
                                (_, true) => String::new(),
                                (true, false) => more,
                                (false, false) => format!("{base}, {more}"),
                            }
                        })
                        .collect::<Vec<String>>()
                })
                .find(|labels| labels.iter().all(|l| !l.is_empty()) && distinct(labels))
        };
        let labels = apart
            .or_else(|| degrees(segments, &same, features).filter(&distinct))
            .or_else(with_shares)
            .unwrap_or_else(|| same.iter().map(|&i| format!("{} (segment {})", segments[i].label, i + 1)).collect());
        for (&i, l) in same.iter().zip(labels) {
            segments[i].label = l;
        }
    }
}

/// How far (in everyone's standard deviations) a number must differ between segments of the
/// same label, or personas of the same title, to tell them apart by it.
pub(crate) const APART_MIN_Z: f64 = 0.25;

/// The labels of segments that say the same (Online Retail's three "Long since last order"
/// segments), each that is the highest or the lowest of them on a feature, by
/// [`APART_MIN_Z`] or more, saying so: "Long since last order (more orders)" for the one that
/// ordered most. A feature the label does not name yet is taken first; on one it names, the
/// label says whether the segment is more so or less so ("Long since last order (more so)" for
/// the one whose last order is furthest back). One in between keeps its label, told apart from
/// the others by theirs. None when no label changes.
fn degrees(segments: &[Segment], same: &[usize], features: &[String]) -> Option<Vec<String>> {
    let number = |i: usize, key: &str| {
        let s = &segments[i];
        s.numbers.iter().find(|p| p.feature == key && p.z.is_finite() && p.speaks_for(s.size))
    };
    let labels: Vec<String> = same
        .iter()
        .map(|&i| {
            let label = &segments[i].label;
            let best = features
                .iter()
                .filter_map(|key| {
                    let mine = number(i, key)?;
                    let others: Vec<f64> = same
                        .iter()
                        .filter(|&&j| j != i)
                        .map(|&j| number(j, key).map(|p| p.z))
                        .collect::<Option<_>>()?;
                    let hi = others.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                    let lo = others.iter().copied().fold(f64::INFINITY, f64::min);
                    let (gap, higher) =
                        if mine.z - hi >= lo - mine.z { (mine.z - hi, true) } else { (lo - mine.z, false) };
                    let named =
                        label.to_lowercase().contains(&number_words(key, &mine.label, mine.z > 0.0).to_lowercase());
                    // "(more orders)" reads as more than everyone: a feature on which the higher
                    // of the look-alikes is also above everyone's average (or the lower below)
                    // is taken before one on which it is not
                    let true_of_everyone = named || higher == (mine.z > 0.0);
                    (gap >= APART_MIN_Z).then_some(((true_of_everyone, !named), gap, mine, higher))
                })
                .max_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)).then(b.2.feature.cmp(&a.2.feature)));
            match best {
                Some(((_, false), _, p, higher)) => {
                    format!("{label} ({})", if higher == (p.z > 0.0) { "more so" } else { "less so" })
                }
                Some(((everyone, true), _, p, higher)) => {
                    let (more, less) = comparatives(p);
                    format!("{label} ({}{})", if higher { more } else { less }, among(everyone, same.len()))
                }
                None => label.clone(),
            }
        })
        .collect();
    labels.iter().zip(same).any(|(l, &i)| *l != segments[i].label).then_some(labels)
}

/// What follows a comparative between `n` look-alikes ("more orders"): nothing when it is true
/// of everyone too, else that it is more than the others only (" of the two", " of these 3"),
/// as everyone may have more still.
pub(crate) fn among(true_of_everyone: bool, n: usize) -> String {
    match (true_of_everyone, n) {
        (true, _) => String::new(),
        (false, 2) => " of the two".to_owned(),
        (false, n) => format!(" of these {n}"),
    }
}

/// A number's words for the higher and the lower of two segments or personas: ("bigger
/// orders", "smaller orders"), ("higher tenure", "lower tenure").
pub(crate) fn comparatives(p: &NumberProfile) -> (String, String) {
    let pair = |a: &str, b: &str| (a.to_owned(), b.to_owned());
    match p.feature.as_str() {
        "recency" => pair("ordered longer ago", "ordered more recently"),
        "frequency" => pair("more orders", "fewer orders"),
        "order_value" => pair("bigger orders", "smaller orders"),
        "monetary" => pair("higher spending", "lower spending"),
        "events" => pair("more events", "fewer events"),
        // (a column of birth years is higher for the younger)
        "age" if p.overall_mean >= 1000.0 => pair("younger", "older"),
        "age" => pair("older", "younger"),
        "income" => pair("higher income", "lower income"),
        _ => (format!("higher {}", p.label.trim()), format!("lower {}", p.label.trim())),
    }
}

/// "High money spent, gaming, student": the `most` strongest distinctions, each column and each
/// wording once (two services' `No internet service` say it once).
fn label_of(distinctions: &[Distinction], most: usize, mixes: &[String]) -> String {
    // a value a name gives must be true of many of the segment: the one in five that are not
    // foreign workers (German credit's A202, against 4% of everyone) sets it apart, but does
    // not name it; failing anything else, it does, with its share. (A mix's share is of the
    // segment's orders or events, spread over many levels: a fifth of them on art supplies
    // names a segment.)
    let (majority, minority) = parts_of(distinctions, mixes);
    let label = label_from(majority.into_iter(), most, &|p| short_of_half(p, mixes));
    let label = if label.is_empty() { label_from(minority.into_iter(), most, &|_| true) } else { label };
    // (no feature sets it apart: its customers are about everyone's average on each)
    if label.is_empty() { "Near the average on every feature".to_owned() } else { label }
}

/// A segment's distinctions that may name it, and the levels fewer than
/// [`LABEL_MIN_SHARE`] of it have (mixes aside), each strongest first.
fn parts_of<'a>(distinctions: &'a [Distinction], mixes: &[String]) -> (Vec<&'a Distinction>, Vec<&'a Distinction>) {
    distinctions
        .iter()
        .partition(|d| !matches!(d, Distinction::Level(p) if p.share < LABEL_MIN_SHARE && !mixes.contains(&p.feature)))
}

/// A level held by fewer of a segment than this does not name it (see [`label_of`]).
pub const LABEL_MIN_SHARE: f64 = 1.0 / 3.0;

/// Whether a level that names a segment is held by fewer than half of it, so that the name
/// gives its share: UniversalBank's "Personal Loan: yes (36%)" names a segment whose other
/// two thirds have no loan (a mix's level is a share of orders or events, not of customers).
fn short_of_half(p: &LevelProfile, mixes: &[String]) -> bool {
    // (as the share is written: 49.9% reads "50%", which is half)
    (p.share * 100.0).round() < 50.0 && !mixes.contains(&p.feature)
}

/// The label of the first `most` distinctions; `with_share` says which levels give their share.
fn label_from<'a>(
    distinctions: impl Iterator<Item = &'a Distinction>,
    most: usize,
    with_share: &dyn Fn(&LevelProfile) -> bool,
) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut features_used: Vec<&str> = Vec::new();
    let mut levels_used: Vec<&LevelProfile> = Vec::new();
    let mut starts_with_column = false;
    for d in distinctions {
        let (feature, text) = match d {
            Distinction::Number(p) => (p.feature.as_str(), number_words(&p.feature, &p.label, p.z > 0.0)),
            // (a bare `2`, `D` or `yes` says nothing without its column: "Region: 2")
            Distinction::Level(p) => {
                let level = p.level.replace('_', " ");
                let letters = level.chars().filter(|c| c.is_alphabetic()).count();
                // (nor a number's code, `-1 or empty`, a band, `between 500 1000`, or a word that
                // says nothing alone, `free`)
                let bare = letters < 3
                    || matches!(
                        level.to_lowercase().as_str(),
                        "yes"
                            | "true"
                            | "false"
                            | "free"
                            | "other"
                            | "others"
                            | "none"
                            | "unknown"
                            | "unspecified"
                            | "not specified"
                            | "missing"
                    )
                    || (level.contains(|c: char| c.is_ascii_digit())
                        && level.split(' ').filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 4).count()
                            < 2)
                    || level.starts_with(|c: char| c == '-' || c.is_ascii_digit());
                let text = if bare { format!("{}: {level}", p.label) } else { level };
                let text = if with_share(p) { format!("{text} ({})", crate::persona::pct(p.share)) } else { text };
                (p.feature.as_str(), text)
            }
        };
        // (nor what an earlier part says in other words: `No internet service` after
        // `InternetService: No`)
        let said = |p: &LevelProfile| levels_used.iter().any(|q| same_fact(p, q));
        if features_used.contains(&feature)
            || parts.iter().any(|p| p.eq_ignore_ascii_case(&text))
            || matches!(d, Distinction::Level(p) if said(p))
        {
            continue;
        }
        features_used.push(feature);
        if let Distinction::Level(p) = d {
            levels_used.push(p);
        }
        if parts.is_empty() {
            starts_with_column = matches!(d, Distinction::Level(p) if text.starts_with(&format!("{}: ", p.label)));
        }
        parts.push(text);
        if parts.len() == most {
            break;
        }
    }
    // (a label that starts with a column's name keeps it as written: `cc1_miles?: no`, not
    // `Cc1_miles?: no` here and `cc1_miles?` in the persona's lines)
    let label = parts.join(", ");
    if starts_with_column { label } else { crate::persona::capitalise(&label) }
}

/// How a label says that a number is high or low: "Recent buyers", "Older", "High income".
fn number_words(feature: &str, label: &str, high: bool) -> String {
    let pair = match feature {
        "recency" => ("Long since last order", "Recent buyers"),
        "frequency" => ("Frequent buyers", "Few orders"),
        "monetary" => ("Big spenders", "Small spenders"),
        "order_value" => ("Large baskets", "Small baskets"),
        "tenure" => ("Long-standing", "Short history"),
        "age" => ("Older", "Younger"),
        "income" => ("High income", "Low income"),
        "discount_share" => ("Discount-driven", "Rarely discounted"),
        "events" => ("Very active", "Rarely active"),
        "satisfaction" => ("Satisfied", "Dissatisfied"),
        _ => return format!("{} {}", if high { "High" } else { "Low" }, label.to_lowercase()),
    };
    (if high { pair.0 } else { pair.1 }).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(k: usize, silhouette: f64, gap: f64) -> KChoice {
        KChoice { k, inertia: 100.0 / k as f64, silhouette, gap, gap_sd: 0.002, smallest: 0.1 }
    }

    /// A small customer base (a panel of 136 households, 30 a persona's least) is not cut
    /// into one persona and three segments flagged small: of the k that find structure, the
    /// most that leave every segment a persona's size, and the reason says what more would do.
    #[test]
    fn fewer_segments_where_more_would_leave_one_too_small_for_a_persona() {
        let sized = |k, sil, gap, smallest| KChoice { smallest, ..c(k, sil, gap) };
        let min_share = 30.0 / 136.0;
        // (the review's panel: 3 and 4 find the structure, but leave 29 and 25 households)
        let panel = [sized(2, 0.32, 0.134, 0.294), sized(3, 0.37, 0.341, 0.213), sized(4, 0.39, 0.405, 0.184)];
        let d = choose_k(&panel, min_share);
        assert_eq!((d.k, d.structure), (2, true), "{}", d.reason);
        assert!(
            d.reason.starts_with("2 segments: the most that leave none too small to become a persona (29%"),
            "{}",
            d.reason
        );
        assert!(d.reason.contains("4 segments find more of the structure in the data"), "{}", d.reason);
        // among those that find most of the structure, the most that fit
        let plateau = [sized(2, 0.30, 0.30, 0.45), sized(3, 0.37, 0.38, 0.30), sized(4, 0.39, 0.40, 0.18)];
        assert_eq!(choose_k(&plateau, min_share).k, 3);
        // none fits: the rule's own k, its small segments flagged on the page
        let none = [sized(2, 0.32, 0.134, 0.15), sized(3, 0.37, 0.341, 0.12), sized(4, 0.39, 0.405, 0.10)];
        assert_eq!(choose_k(&none, min_share).k, 4);
        // and a k without structure is never taken for its size
        let flat = [sized(2, 0.32, 0.004, 0.40), sized(3, 0.37, 0.341, 0.12), sized(4, 0.39, 0.405, 0.10)];
        assert_eq!(choose_k(&flat, min_share).k, 4);
        // nor one past the rule's own k that finds less
        let past = [sized(2, 0.30, 0.10, 0.05), sized(3, 0.40, 0.40, 0.10), sized(4, 0.20, 0.20, 0.30)];
        assert_eq!(choose_k(&past, min_share).k, 3);
    }

    /// A segment no feature sets apart is named for what it is, not "Segment 4".
    #[test]
    fn a_segment_with_nothing_apart_is_named_near_the_average() {
        assert_eq!(label_of(&[], 3, &[]), "Near the average on every feature");
    }

    /// A value fewer than a third of a segment have sets it apart but does not name it (German
    /// credit: 20% with A202, not a foreign worker, against 4%); failing all else it does, with
    /// its share; one fewer than half have names it with its share; a mix's share (of orders)
    /// names it as before.
    #[test]
    fn a_segment_is_named_for_what_many_of_it_have() {
        let level = |feature: &str, level: &str, share: f64, overall_share: f64| {
            Distinction::Level(LevelProfile {
                feature: feature.into(),
                label: feature.into(),
                level: level.into(),
                share,
                overall_share,
                lift: share / overall_share,
            })
        };
        let older = Distinction::Number(NumberProfile {
            feature: "age".into(),
            label: "Age".into(),
            mean: 52.0,
            overall_mean: 38.0,
            z: 1.1,
            present: None,
        });
        let foreign = level("foreign_worker", "A202", 0.20, 0.04);
        let renter = level("housing", "rent", 0.62, 0.18);
        assert_eq!(label_of(&[foreign.clone(), renter, older.clone()], 3, &[]), "Rent, Older");
        assert_eq!(label_of(std::slice::from_ref(&foreign), 3, &[]), "foreign_worker: A202 (20%)");
        // a value fewer than half have names it with its share: most of UniversalBank's loan
        // segment has no loan
        let loan = level("personal_loan", "yes", 0.355, 0.096);
        let half = level("family", "couple", 0.5, 0.2);
        assert_eq!(label_of(&[loan, half, older.clone()], 3, &[]), "personal_loan: yes (36%), couple, Older");
        // a band or a word that says nothing alone names its column, as the column is written
        let band = level("savings", "between 500 1000", 0.6, 0.2);
        let free = level("housing", "free", 0.5, 0.1);
        assert_eq!(label_of(&[band, free], 3, &[]), "savings: between 500 1000, housing: free");
        let art = level("category_mix", "Art", 0.17, 0.08);
        assert_eq!(label_of(&[art, older.clone()], 3, &["category_mix".into()]), "Art, Older");
        // two segments alike in their majority values are told apart by their minority ones
        let segment = |i: usize, distinctions: Vec<Distinction>| Segment {
            label: label_of(&distinctions, 3, &[]),
            distinctions,
            ..rfm_segment(i, [0.0; 3])
        };
        let office = level("category", "Office Supplies", 0.97, 0.6);
        let mut segments = vec![
            segment(0, vec![level("sub_category", "Art", 0.17, 0.08), office.clone()]),
            segment(1, vec![level("sub_category", "Storage", 0.22, 0.085), office]),
        ];
        labels_apart(&mut segments, &[], &[]);
        assert_eq!(segments[0].label, "Office Supplies, Art (17%)");
        assert_eq!(segments[1].label, "Office Supplies, Storage (22%)");
        // two names alike but for a share are one name, told apart by what else sets them apart
        let richer = Distinction::Number(NumberProfile {
            feature: "income".into(),
            label: "Income".into(),
            mean: 120.0,
            overall_mean: 70.0,
            z: 1.2,
            present: None,
        });
        let alike = |share: f64, region: &str| {
            vec![
                level("personal_loan", "yes", share, 0.1),
                older.clone(),
                richer.clone(),
                level("region", region, 0.7, 0.3),
            ]
        };
        let mut segments = vec![segment(0, alike(0.36, "North")), segment(1, alike(0.41, "South"))];
        labels_apart(&mut segments, &[], &[]);
        assert_eq!(segments[0].label, "personal_loan: yes (36%), Older, High income, North");
        assert_eq!(segments[1].label, "personal_loan: yes (41%), Older, High income, South");
    }

    /// A segment the user names is called by that name, and the segment that continues it in
    /// the next run keeps it; an emptied name, or the data's own label typed in, gives the
    /// data's label back.
    #[test]
    fn a_segment_keeps_the_name_the_user_gave_it() {
        let mut segments = vec![rfm_segment(0, [1.0, 0.0, 0.0]), rfm_segment(1, [0.0, 1.0, 0.0])];
        let data = segments[0].label.clone();
        assert!(name_segment(&mut segments, 0, "  Lapsed   regulars "));
        assert_eq!(segments[0].label, "Lapsed regulars");
        assert_eq!(segments[0].data_label.as_deref(), Some(data.as_str()));
        assert!(!name_segment(&mut segments, 0, "Lapsed regulars"), "the same name again changes nothing");
        assert!(!name_segment(&mut segments, 7, "Nobody"), "there is no segment 8");
        let data1 = segments[1].label.clone();
        let long = "x".repeat(200);
        assert!(name_segment(&mut segments, 1, &long));
        assert_eq!(segments[1].label.chars().count(), NAME_MAX);
        assert!(name_segment(&mut segments, 1, ""), "an emptied name gives the data's label back");
        assert_eq!((segments[1].label.as_str(), segments[1].data_label.as_deref()), (data1.as_str(), None));

        // the next run: its second segment continues the named one, its first is new, and
        // its third continues the segment the user did not name
        let mut next =
            vec![rfm_segment(0, [0.0, 0.0, 1.0]), rfm_segment(1, [0.9, 0.0, 0.0]), rfm_segment(2, [0.0, 0.8, 0.0])];
        let new_labels: Vec<String> = next.iter().map(|s| s.label.clone()).collect();
        keep_names(&mut next, &segments, &[None, Some(0), Some(1)]);
        assert_eq!(next[1].label, "Lapsed regulars");
        assert_eq!(next[1].data_label.as_deref(), Some(new_labels[1].as_str()), "the data's new label is kept");
        assert_eq!((next[0].label.as_str(), next[0].data_label.as_deref()), (new_labels[0].as_str(), None));
        assert_eq!((next[2].label.as_str(), next[2].data_label.as_deref()), (new_labels[2].as_str(), None));

        // typing the data's label is no name
        assert!(name_segment(&mut next, 1, &new_labels[1]));
        assert_eq!((next[1].label.as_str(), next[1].data_label.as_deref()), (new_labels[1].as_str(), None));
    }

    /// A segment of `zs` (recency, frequency, monetary), labelled by its numbers past 0.5.
    fn rfm_segment(index: usize, zs: [f64; 3]) -> Segment {
        let numbers: Vec<NumberProfile> = ["recency", "frequency", "monetary"]
            .iter()
            .zip(zs)
            .map(|(key, z)| NumberProfile {
                feature: key.to_string(),
                label: key.to_string(),
                mean: 100.0 + z * 10.0,
                overall_mean: 100.0,
                z,
                present: None,
            })
            .collect();
        let distinctions: Vec<Distinction> =
            numbers.iter().filter(|p| p.z.abs() >= 0.5).map(|p| Distinction::Number(p.clone())).collect();
        Segment {
            index,
            label: label_of(&distinctions, 3, &[]),
            data_label: None,
            size: 500,
            share: 0.1,
            small: false,
            numbers,
            levels: Vec::new(),
            distinctions,
            rfm_mix: Vec::new(),
        }
    }

    /// Online Retail's three "Long since last order" segments (last order a year ago, 20 months
    /// ago, and a year ago with more orders) and two "Recent buyers" (6 and 2 orders) were told
    /// apart only by their numbers. Their labels now say how they differ: by what the label
    /// does not say yet, else by how far they go on what it says; and "more orders" of a
    /// segment with no more than everyone says it is more than the look-alikes only.
    #[test]
    fn segments_one_label_would_name_are_told_apart_by_how_far_they_go() {
        let features: Vec<String> = ["recency", "frequency", "monetary"].map(String::from).to_vec();
        let mut segments = vec![
            rfm_segment(0, [-0.68, 0.0, -0.05]),
            rfm_segment(1, [-0.62, -0.33, -0.15]),
            rfm_segment(2, [0.81, -0.37, -0.17]),
            rfm_segment(3, [1.98, -0.38, -0.18]),
            rfm_segment(4, [0.79, -0.12, -0.10]),
            rfm_segment(5, [-0.80, 0.95, 0.31]),
        ];
        labels_apart(&mut segments, &features, &[]);
        let labels: Vec<&str> = segments.iter().map(|s| s.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "Recent buyers (more orders of the two)",
                "Recent buyers (fewer orders)",
                "Long since last order",
                "Long since last order (more so)",
                "Long since last order (more orders of these 3)",
                "Recent buyers, Frequent buyers",
            ]
        );
    }

    /// Segments alike on every number within a quarter of a standard deviation have nothing
    /// true to be told apart by but their number; those apart only on what their label says
    /// are told how far they go.
    #[test]
    fn segments_alike_on_every_number_keep_their_numbers() {
        let features: Vec<String> = ["recency", "frequency", "monetary"].map(String::from).to_vec();
        let mut segments = vec![rfm_segment(0, [0.9, 0.1, 0.0]), rfm_segment(1, [1.0, 0.0, 0.1])];
        labels_apart(&mut segments, &features, &[]);
        assert_eq!(segments[0].label, "Long since last order (segment 1)");
        assert_eq!(segments[1].label, "Long since last order (segment 2)");
        // apart on what their label says only: one goes further than the other
        let mut segments = vec![rfm_segment(0, [0.9, 0.1, 0.0]), rfm_segment(1, [1.6, 0.0, 0.1])];
        labels_apart(&mut segments, &features, &[]);
        assert_eq!(segments[0].label, "Long since last order (less so)");
        assert_eq!(segments[1].label, "Long since last order (more so)");
        // four in a row on it: the two between would both be "less so" or "more so" than
        // their neighbours, so all four keep their numbers
        let mut segments: Vec<Segment> =
            [0.6, 1.0, 1.4, 1.8].iter().enumerate().map(|(i, &z)| rfm_segment(i, [z, 0.0, 0.0])).collect();
        labels_apart(&mut segments, &features, &[]);
        let labels: Vec<&str> = segments.iter().map(|s| s.label.as_str()).collect();
        assert_eq!(labels, (1..=4).map(|i| format!("Long since last order (segment {i})")).collect::<Vec<_>>());
    }

    #[test]
    fn k_is_the_most_segments_that_find_the_structure_and_stay_apart() {
        let table: &[(&str, Vec<KChoice>, usize, bool)] = &[
            // the sample's shape: silhouette best at 2, the gap levels off from 5; 6 is still apart
            (
                "overlapping groups",
                vec![
                    c(2, 0.205, 0.21),
                    c(3, 0.17, 0.30),
                    c(4, 0.19, 0.39),
                    c(5, 0.19, 0.42),
                    c(6, 0.18, 0.43),
                    c(7, 0.14, 0.43),
                ],
                6,
                true,
            ),
            // well-separated groups: the silhouette peaks where the gap stops climbing fast
            ("separated groups", vec![c(2, 0.37, 0.34), c(3, 0.43, 0.59), c(4, 0.30, 0.66), c(5, 0.24, 0.60)], 3, true),
            // a gap within the noise: no segments
            ("no structure", vec![c(2, 0.10, 0.002), c(3, 0.09, 0.004), c(4, 0.09, -0.001)], 1, false),
        ];
        for (name, choices, k, structure) in table {
            let d = choose_k(choices, 0.01);
            assert_eq!((d.k, d.structure), (*k, *structure), "{name}: {}", d.reason);
            // segments at a silhouette of 0.18 overlap, and the reason says so; at 0.43
            // they are apart
            let said = match *name {
                "overlapping groups" => {
                    "6 segments, which overlap (silhouette 0.18, the best 0.19): a customer is on average little nearer"
                }
                "separated groups" => "3 segments: the most that stay well apart (silhouette 0.43, the best 0.43)",
                _ => "No distinct segments",
            };
            assert!(d.reason.starts_with(said), "{name}: {}", d.reason);
            // and in any order
            let mut rev = choices.clone();
            rev.reverse();
            assert_eq!(choose_k(&sorted(&rev), 0.01).k, *k, "{name}");
        }
        let noisy = vec![KChoice { gap_sd: 0.02, ..c(2, 0.2, 0.05) }];
        assert!(!choose_k(&noisy, 0.01).structure, "a gap under four standard errors is noise");
        // bank-full's gaps, with each k's noise (from two copies) as two seeds drew it: the
        // largest gap falls where the first seed's two copies disagreed most, which decided
        // "no distinct segments" for it alone
        let gaps = [0.047, 0.046, 0.059, 0.058, 0.071, 0.047, 0.057];
        for sd in [[0.011, 0.000, 0.002, 0.003, 0.024, 0.006, 0.008], [0.009, 0.007, 0.001, 0.001, 0.005, 0.000, 0.020]]
        {
            let choices: Vec<KChoice> = (0..7).map(|i| KChoice { gap_sd: sd[i], ..c(i + 2, 0.15, gaps[i]) }).collect();
            let d = choose_k(&choices, 0.01);
            assert!(d.structure, "{sd:?}: {}", d.reason);
        }
    }
}
