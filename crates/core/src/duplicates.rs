//! Features that say what another feature says, left unticked so that one fact does not weigh
//! twice or three times in the segments.
//!
//! Real exports repeat themselves: a number and its logarithm (Wage's `wage` and `logwage`),
//! two numbers that rise together (UniversalBank's age and years of experience), a number and
//! its bands (a book club's `R` and `Rcode`), a category and its codes (adult's `education` and
//! `education-num`), a yes/no column, its copy and its opposite (`Florence`, `Yes_Florence`,
//! `No_Florence`), an amount and the yes/no that says whether there is one (a phone plan's
//! voicemail messages and its voicemail plan).
//!
//! **Method.** The ticked features (RFM's own figures aside) are compared on an even sample of
//! the customers, in the order they are kept in: a feature of a role (age, income) before an
//! attribute, one not named as another's transform or bands (`logwage`, `Rcode`,
//! `education-num`) before one that is, else the earlier. Each is left unticked when a feature
//! kept before it says the same:
//! - two numbers: a rank correlation of at least [`RHO`] (of [`BANDS_RHO`] for a number named
//!   as the other's bands), over the customers with a value other than 0 in both, so that two
//!   columns of mostly zeros are not alike by their zeros alone (the ranks are the whole
//!   sample's, not ranked again among those customers);
//! - two categories, or a category and a number of few values: each level of either goes with
//!   one level of the other for [`AGREE`] of its customers, and each has two levels held by
//!   [`enough`] customers;
//! - a yes/no and a number that is 0 just where it says no: the number is kept (it says how
//!   much), the yes/no is left unticked.
//!
//! A feature left unticked names the ticked one that says the same (`same_as`), following a
//! chain to its end.

use crate::features::{Feature, FeatureData, Group, MAX_DEFAULT_LEVELS, MISSING};

/// Customers compared at most.
const SAMPLE: usize = 5_000;
/// Ticked features compared at most, of each kind: the first met (pairs grow with their square).
const MAX_FEATURES: usize = 200;
/// Rank correlation from which two numbers say the same: UniversalBank's age and experience,
/// 0.994; the airline's flights and miles, 0.81 among those who flew.
pub const RHO: f64 = 0.99;
/// The same for a number named as the other's bands: a book club's `Rcode` against `R`, 0.93.
pub const BANDS_RHO: f64 = 0.9;
/// Share of a level's customers that must go with one level of the other feature.
pub const AGREE: f64 = 0.995;
/// Distinct values in the sample up to which a number is also compared as levels.
const CODE_VALUES: usize = 16;

/// Whether `count` of `n` sampled customers are enough for a level to count: 30, and 1%.
fn enough(count: usize, n: usize) -> bool {
    count >= 30 && count as f64 >= 0.01 * n as f64
}

/// What one candidate feature looks like on the sample.
struct View {
    /// Its index among the features.
    at: usize,
    /// Ranks (NaN where missing) for a number.
    ranks: Option<Vec<f64>>,
    /// Which values are 0 (false where missing), for a number.
    zero: Option<Vec<bool>>,
    /// Level per customer (dense, [`MISSING`] where none) and the number of levels: a
    /// category's, or a number's of few values.
    codes: Option<(Vec<u32>, usize)>,
    /// Of a number: whether it is 0 (level 0) or not (level 1, [`MISSING`] where missing), when
    /// both are held by enough.
    zeros: Option<Vec<u32>>,
    /// Of a yes/no: its level that says no.
    no_level: Option<u32>,
    /// Its header, squeezed ([`squeeze`]).
    label: String,
}

/// Leaves unticked each ticked feature of `features` (of `n` customers) that says what another
/// ticked one says (see the module's doc).
pub(crate) fn untick(features: &mut [Feature], n: usize) {
    let rows = crate::cluster::sample_rows(n, SAMPLE, 0x5A4E);
    let m = rows.len();
    let candidate = |f: &Feature| {
        f.info.default
            && f.info.group != Group::Rfm
            && match &f.data {
                FeatureData::Numeric(_) => true,
                FeatureData::Category(_) => f.info.levels.len() <= MAX_DEFAULT_LEVELS,
                _ => false,
            }
    };
    let mut numbers = 0;
    let mut categories = 0;
    let mut chosen: Vec<usize> = Vec::new();
    for (i, f) in features.iter().enumerate().filter(|(_, f)| candidate(f)) {
        let count = if matches!(f.data, FeatureData::Numeric(_)) { &mut numbers } else { &mut categories };
        if *count < MAX_FEATURES {
            *count += 1;
            chosen.push(i);
        }
    }
    let labels: Vec<String> = chosen.iter().map(|&i| squeeze(&features[i].info.label)).collect();
    let derived = |label: &str| labels.iter().any(|other| other != label && derived_of(other, label));
    // (each key once: whether a header derives from another looks through them all)
    chosen.sort_by_cached_key(|&i| {
        (features[i].info.group == Group::Attributes, derived(&squeeze(&features[i].info.label)), i)
    });
    let views: Vec<View> = chosen.iter().map(|&i| view(&features[i], i, &rows)).collect();
    // (gone, kept), by their indices among the features
    let mut dropped: Vec<(usize, usize)> = Vec::new();
    let gone = |dropped: &[(usize, usize)], at: usize| dropped.iter().any(|d| d.0 == at);
    for b in 1..views.len() {
        let vb = &views[b];
        let kept = views[..b].iter().filter(|va| !gone(&dropped, va.at)).find(|va| {
            match (&va.ranks, &vb.ranks) {
                (Some(ra), Some(rb)) => {
                    let rho = rank_correlation(ra, rb, va.zero.as_deref(), vb.zero.as_deref()).abs();
                    rho >= RHO
                        || rho >= BANDS_RHO && (derived_of(&va.label, &vb.label) || derived_of(&vb.label, &va.label))
                }
                // (a category and its codes, or two categories)
                _ => match (&va.codes, &vb.codes) {
                    (Some((ca, na)), Some((cb, nb))) => same_levels(ca, *na, cb, *nb, m),
                    _ => false,
                },
            }
        });
        if let Some(va) = kept {
            dropped.push((vb.at, va.at));
        }
    }
    // a yes/no that says whether an amount is 0: the amount says more
    for flag in views.iter().filter(|v| v.no_level.is_some()) {
        if gone(&dropped, flag.at) {
            continue;
        }
        let (Some((codes, levels)), Some(no)) = (&flag.codes, flag.no_level) else { continue };
        let amount = views.iter().filter(|v| !gone(&dropped, v.at)).find(|v| {
            v.zeros.as_ref().is_some_and(|z| {
                // (0 where it says no, not where it says yes: a balance beside "paid in full"
                // is no amount of it)
                let (mut none, mut some) = (0usize, 0usize);
                for (&c, &zero) in codes.iter().zip(z) {
                    if c == no && zero != MISSING {
                        if zero == 0 { none += 1 } else { some += 1 }
                    }
                }
                none > some && same_levels(codes, *levels, z, 2, m)
            })
        });
        if let Some(amount) = amount {
            dropped.push((flag.at, amount.at));
        }
    }
    for &(gone_at, kept) in &dropped {
        // (follow a chain to a feature still ticked)
        let mut end = kept;
        for _ in 0..dropped.len() {
            match dropped.iter().find(|d| d.0 == end) {
                Some(&(_, next)) if next != gone_at => end = next,
                _ => break,
            }
        }
        let label = features[end].info.label.clone();
        let info = &mut features[gone_at].info;
        info.default = false;
        info.same_as = Some(label);
    }
}

/// A header's letters and digits, lower-cased: `Yes_Florence` is `yesflorence`.
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).collect::<String>().to_lowercase()
}

/// Whether the squeezed header `b` names a transform, bands or codes of the squeezed header `a`:
/// `logwage` of `wage`, `rcode` of `r`, `agegroup` of `age`, `educationnum` of `education`,
/// `expersq` of `exper`.
fn derived_of(a: &str, b: &str) -> bool {
    if a.is_empty() || a == b {
        return false;
    }
    let transform = ["log", "ln", "sqrt"].iter().any(|t| b.strip_prefix(t) == Some(a));
    let bands = b.strip_prefix(a).is_some_and(|rest| {
        matches!(
            rest,
            "code"
                | "bin"
                | "band"
                | "group"
                | "cat"
                | "class"
                | "level"
                | "segment"
                | "bucket"
                | "tier"
                | "range"
                | "bracket"
                | "num"
                | "numeric"
                | "sq"
                | "squared"
        )
    });
    transform || bands
}

fn view(f: &Feature, at: usize, rows: &[usize]) -> View {
    let m = rows.len();
    let label = squeeze(&f.info.label);
    match &f.data {
        FeatureData::Numeric(v) => {
            let values: Vec<f64> = rows.iter().map(|&r| v[r]).collect();
            let zero: Vec<bool> = values.iter().map(|&x| x == 0.0).collect();
            let zeros_n = zero.iter().filter(|&&z| z).count();
            let present = values.iter().filter(|x| !x.is_nan()).count();
            let zeros = (enough(zeros_n, m) && enough(present - zeros_n, m))
                .then(|| values.iter().map(|&x| if x.is_nan() { MISSING } else { u32::from(x != 0.0) }).collect());
            // (a number of few values is also its levels: `education-num` beside `education`)
            let mut distinct: Vec<f64> = Vec::new();
            for &x in values.iter().filter(|x| !x.is_nan()) {
                if !distinct.contains(&x) {
                    if distinct.len() == CODE_VALUES {
                        distinct.clear();
                        break;
                    }
                    distinct.push(x);
                }
            }
            let codes = (distinct.len() >= 2).then(|| {
                let codes =
                    values.iter().map(|x| distinct.iter().position(|d| d == x).map_or(MISSING, |p| p as u32)).collect();
                (codes, distinct.len())
            });
            View {
                at,
                ranks: Some(ranks_of(&values)),
                zero: (zeros_n > 0).then_some(zero),
                codes,
                zeros,
                no_level: None,
                label,
            }
        }
        FeatureData::Category(c) => {
            let levels = f.info.levels.len();
            // (a level past the kept ones is "other", one more level)
            let codes: Vec<u32> = rows
                .iter()
                .map(|&r| match c[r] {
                    MISSING => MISSING,
                    code if (code as usize) < levels => code,
                    _ => levels as u32,
                })
                .collect();
            let no_level = (levels == 2)
                .then(|| {
                    f.info.levels.iter().position(|l| {
                        matches!(
                            l.trim().to_lowercase().as_str(),
                            "no" | "n" | "false" | "f" | "0" | "none" | "nein" | "non"
                        )
                    })
                })
                .flatten()
                .map(|p| p as u32);
            View { at, ranks: None, zero: None, codes: Some((codes, levels + 1)), zeros: None, no_level, label }
        }
        _ => View { at, ranks: None, zero: None, codes: None, zeros: None, no_level: None, label },
    }
}

/// The ranks of the values (ties at their mean rank), NaN where missing.
fn ranks_of(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).filter(|&i| !values[i].is_nan()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut ranks = vec![f64::NAN; values.len()];
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && values[order[end]] == values[order[start]] {
            end += 1;
        }
        let rank = (start + end - 1) as f64 / 2.0;
        order[start..end].iter().for_each(|&i| ranks[i] = rank);
        start = end;
    }
    ranks
}

/// The correlation of two columns of ranks over the rows where both have one other than 0
/// (`zero_a`, `zero_b`: which are 0); 0 with fewer than 30 such rows, or one constant there.
/// (Counted where either is 0, two mostly-zero columns are alike by their zeros, and two that
/// are never both above 0, adult's capital gains and losses, look like opposites.)
fn rank_correlation(a: &[f64], b: &[f64], zero_a: Option<&[bool]>, zero_b: Option<&[bool]>) -> f64 {
    let zero = |i: usize| zero_a.is_some_and(|z| z[i]) || zero_b.is_some_and(|z| z[i]);
    let rows = || (0..a.len()).filter(|&i| !a[i].is_nan() && !b[i].is_nan() && !zero(i));
    let (mut k, mut sa, mut sb) = (0usize, 0.0, 0.0);
    for i in rows() {
        k += 1;
        sa += a[i];
        sb += b[i];
    }
    if k < 30 {
        return 0.0;
    }
    let (ma, mb) = (sa / k as f64, sb / k as f64);
    let (mut sab, mut saa, mut sbb) = (0.0, 0.0, 0.0);
    for i in rows() {
        let (x, y) = (a[i] - ma, b[i] - mb);
        sab += x * y;
        saa += x * x;
        sbb += y * y;
    }
    if saa <= 0.0 || sbb <= 0.0 { 0.0 } else { sab / (saa * sbb).sqrt() }
}

/// Whether two features' levels (`a` of `la` levels, `b` of `lb`, [`MISSING`] where none) say
/// the same of the customers both have one: each level of either goes with one level of the
/// other for [`AGREE`] of its customers, and each has two levels held by [`enough`] of the `m`.
fn same_levels(a: &[u32], la: usize, b: &[u32], lb: usize, m: usize) -> bool {
    if la > MAX_DEFAULT_LEVELS + 1 || lb > MAX_DEFAULT_LEVELS + 1 {
        return false;
    }
    let mut counts = vec![0usize; la * lb];
    for (&x, &y) in a.iter().zip(b) {
        if x != MISSING && y != MISSING {
            counts[x as usize * lb + y as usize] += 1;
        }
    }
    let follows = |outer: usize, inner: usize, at: &dyn Fn(usize, usize) -> usize| {
        let mut substantial = 0;
        for x in 0..outer {
            let row: Vec<usize> = (0..inner).map(|y| counts[at(x, y)]).collect();
            let total: usize = row.iter().sum();
            if total == 0 {
                continue;
            }
            if (*row.iter().max().unwrap_or(&0) as f64) < AGREE * total as f64 {
                return false;
            }
            substantial += usize::from(enough(total, m));
        }
        substantial >= 2
    };
    follows(la, lb, &|x, y| x * lb + y) && follows(lb, la, &|y, x| x * lb + y)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two rare flags that are never yes together are no copies of each other, nor is an
    /// amount almost never 0 a copy of a flag almost never yes (Caravan's `AZEILPL`, yes for 3
    /// of 5,822, made average income "the same"); a flag and its opposite are.
    #[test]
    fn rare_levels_make_nothing_alike() {
        let m = 5000;
        let flag = |yes: std::ops::Range<usize>| -> Vec<u32> { (0..m).map(|i| u32::from(yes.contains(&i))).collect() };
        assert!(!same_levels(&flag(0..10), 2, &flag(10..20), 2, m), "disjoint rare flags");
        assert!(!same_levels(&flag(0..3), 2, &flag(3..20), 2, m), "a rare flag and a rare zero");
        let florence = flag(0..450);
        let opposite: Vec<u32> = florence.iter().map(|&x| 1 - x).collect();
        assert!(same_levels(&florence, 2, &opposite, 2, m));
        let mut noisy = florence.clone();
        noisy[449] = 0;
        noisy[451] = 1;
        assert!(same_levels(&florence, 2, &noisy, 2, m), "two customers of 5,000 off");
        let mut off = florence.clone();
        (440..450).for_each(|i| off[i] = 0);
        assert!(!same_levels(&florence, 2, &off, 2, m), "ten of a level of 450 off");
    }

    #[test]
    fn transforms_and_bands_are_told_by_their_names() {
        for (a, b, want) in [
            ("wage", "logwage", true),
            ("r", "rcode", true),
            ("education", "educationnum", true),
            ("exper", "expersq", true),
            ("recency", "recencysegment", true),
            ("ins", "logins", true),
            ("in", "logins", false),
            ("wage", "wage", false),
            ("age", "agent", false),
        ] {
            assert_eq!(derived_of(a, b), want, "{a} {b}");
        }
    }
}
