//! RFM: recency, frequency and monetary value per customer, quintile scores and named segments.
//!
//! - **Recency** is the number of days from a customer's last order to the analysis date
//!   (by default the day after the last order in the data), **frequency** the number of orders
//!   and **monetary** the sum of their values.
//! - **Scores** are quintiles, 1 to 5, 5 best; recency is reversed (recent is good). The cut
//!   points are the 20th, 40th, 60th and 80th percentiles of the values (the smallest value with
//!   at least that share of customers at or below it), and a value scores 1 + the number of cut
//!   points below it, exactly as custom cut points do. So equal values always get equal scores:
//!   two customers with the same recency, frequency and money have the same scores and the same
//!   named segment. When one value holds more than a fifth of the customers (most often: one
//!   order), cut points coincide and some scores stay empty; [`RfmResult::collapsed`] says which,
//!   in words, rather than splitting identical customers by an arbitrary order.
//!   Custom cut points replace the percentiles when the user gives them.
//! - **Named segments** are rules over the R and F scores, each a rectangle of the 5 x 5 grid.
//!   The default set is the standard RFM segment map (Champions, Loyal, Potential Loyalists, New,
//!   Promising, Need Attention, About to Sleep, At Risk, Can't Lose, Hibernating), which covers
//!   every cell exactly once. Edited rules are checked: overlaps are refused, uncovered cells are
//!   reported, and customers in them are counted as unassigned, never quietly put in "Others".

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// What the orders say about one customer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OrderSummary {
    /// Day (days since 1970-01-01) of the last order.
    pub last_day: i64,
    pub orders: u32,
    pub monetary: f64,
    /// Orders with a discount (0 where the orders say nothing of discounts).
    pub discounted: u32,
}

/// How scores are cut.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Cuts {
    /// Quintiles: the 20th, 40th, 60th and 80th percentiles of the values are the cut points.
    #[default]
    Quintiles,
    /// Four ascending cut points per measure, in its units (days, orders, money). A value
    /// above the k-th cut point and at or below the next gets score k+1; recency is reversed.
    Custom { recency: [f64; 4], frequency: [f64; 4], monetary: [f64; 4] },
}

/// A named segment: the cells with R score in `r` and F score in `f` (inclusive ranges).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    pub name: String,
    pub r: (u8, u8),
    pub f: (u8, u8),
}

impl Rule {
    fn new(name: &str, r: (u8, u8), f: (u8, u8)) -> Rule {
        Rule { name: name.to_owned(), r, f }
    }

    pub fn covers(&self, r: u8, f: u8) -> bool {
        (self.r.0..=self.r.1).contains(&r) && (self.f.0..=self.f.1).contains(&f)
    }
}

/// The standard RFM segment map over R (columns) and F (rows).
pub fn standard_rules() -> Vec<Rule> {
    vec![
        Rule::new("Champions", (5, 5), (4, 5)),
        Rule::new("Loyal", (3, 4), (4, 5)),
        Rule::new("Potential Loyalists", (4, 5), (2, 3)),
        Rule::new("New", (5, 5), (1, 1)),
        Rule::new("Promising", (4, 4), (1, 1)),
        Rule::new("Need Attention", (3, 3), (3, 3)),
        Rule::new("About to Sleep", (3, 3), (1, 2)),
        Rule::new("At Risk", (1, 2), (3, 4)),
        Rule::new("Can't Lose", (1, 2), (5, 5)),
        Rule::new("Hibernating", (1, 2), (1, 2)),
    ]
}

/// Why a rule set or the settings were refused.
#[derive(Clone, Debug, PartialEq, Eq, Error, Serialize, Deserialize)]
pub enum RfmError {
    #[error("\u{201c}{a}\u{201d} and \u{201c}{b}\u{201d} both cover R{r} F{f}; a cell can belong to one segment only")]
    Overlap { a: String, b: String, r: u8, f: u8 },
    #[error("the rule \u{201c}{name}\u{201d} needs scores from 1 to 5 with the lower bound first")]
    BadRange { name: String },
    #[error("a rule needs a name")]
    Unnamed,
    #[error("the {measure} cut points must be four numbers in ascending order")]
    BadCuts { measure: &'static str },
    #[error("there are no orders with a customer, a date and a value to score")]
    NoOrders,
}

/// A checked rule set: which rule (if any) owns each cell of the grid.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
    /// `cells[r-1][f-1]`: index into `rules`, or `None` for an uncovered cell.
    pub cells: [[Option<usize>; 5]; 5],
}

impl RuleSet {
    /// Checks `rules`: every range within 1..=5, names present, no cell covered twice.
    pub fn check(rules: Vec<Rule>) -> Result<RuleSet, RfmError> {
        let mut cells = [[None; 5]; 5];
        for (i, rule) in rules.iter().enumerate() {
            if rule.name.trim().is_empty() {
                return Err(RfmError::Unnamed);
            }
            let ok = |(a, b): (u8, u8)| (1..=5).contains(&a) && (1..=5).contains(&b) && a <= b;
            if !ok(rule.r) || !ok(rule.f) {
                return Err(RfmError::BadRange { name: rule.name.clone() });
            }
            for r in rule.r.0..=rule.r.1 {
                for f in rule.f.0..=rule.f.1 {
                    let cell = &mut cells[r as usize - 1][f as usize - 1];
                    if let Some(j) = *cell {
                        let a: &Rule = &rules[j];
                        return Err(RfmError::Overlap { a: a.name.clone(), b: rule.name.clone(), r, f });
                    }
                    *cell = Some(i);
                }
            }
        }
        Ok(RuleSet { rules, cells })
    }

    pub fn standard() -> RuleSet {
        RuleSet::check(standard_rules()).expect("the standard map is a partition")
    }

    /// The rule owning the cell (scores 1..=5).
    pub fn segment_of(&self, r: u8, f: u8) -> Option<usize> {
        self.cells[r as usize - 1][f as usize - 1]
    }

    /// Cells no rule covers, as (R, F).
    pub fn uncovered(&self) -> Vec<(u8, u8)> {
        let mut out = Vec::new();
        for r in 1..=5u8 {
            for f in 1..=5u8 {
                if self.segment_of(r, f).is_none() {
                    out.push((r, f));
                }
            }
        }
        out
    }
}

/// Settings of an RFM run.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RfmSettings {
    /// Day recency is measured to; `None`: the day after the last order.
    pub analysis_day: Option<i64>,
    pub cuts: Cuts,
    /// `None`: the standard map.
    pub rules: Option<Vec<Rule>>,
}

/// One customer's measures and scores.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustomerScore {
    /// Index of the customer in the input.
    pub customer: u32,
    pub recency_days: i64,
    pub frequency: u32,
    pub monetary: f64,
    pub r: u8,
    pub f: u8,
    pub m: u8,
    /// Index into the rule set, `None` when the cell is uncovered.
    pub segment: Option<u16>,
}

/// Per named segment: size and average measures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SegmentSummary {
    pub name: String,
    pub customers: u64,
    pub share: f64,
    pub mean_recency_days: f64,
    pub mean_frequency: f64,
    pub mean_monetary: f64,
    pub total_monetary: f64,
}

/// The RFM table of a data set.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RfmResult {
    pub analysis_day: i64,
    pub rules: RuleSet,
    /// One entry per customer with at least one order, in input order.
    pub scores: Vec<CustomerScore>,
    /// Customers given to [`compute`] without an order.
    pub without_orders: u64,
    /// `grid[r-1][f-1]`: customers in each cell.
    pub grid: [[u64; 5]; 5],
    pub segments: Vec<SegmentSummary>,
    /// Customers in cells no rule covers.
    pub unassigned: u64,
    /// Per measure (R, F, M), the largest value of scores 1-4 (for recency, of scores 5-2),
    /// in its units, for the table's legend.
    pub bounds: [[Option<f64>; 4]; 3],
    /// Measures whose scores collapsed because one value holds more than a fifth of the
    /// customers, in words ("F: 52% of customers ordered exactly once, so they all score F1;
    /// F2 is empty."). Empty when every score is used.
    #[serde(default)]
    pub collapsed: Vec<String>,
}

/// Scores customers. `orders[i]` is `None` for a customer without orders.
pub fn compute(orders: &[Option<OrderSummary>], settings: &RfmSettings) -> Result<RfmResult, RfmError> {
    let rules = match &settings.rules {
        Some(r) => RuleSet::check(r.clone())?,
        None => RuleSet::standard(),
    };
    let with: Vec<(u32, OrderSummary)> =
        orders.iter().enumerate().filter_map(|(i, o)| o.filter(|o| o.orders > 0).map(|o| (i as u32, o))).collect();
    if with.is_empty() {
        return Err(RfmError::NoOrders);
    }
    let last = with.iter().map(|(_, o)| o.last_day).max().unwrap_or(0);
    let analysis_day = settings.analysis_day.unwrap_or(last + 1);
    if let Cuts::Custom { recency: rc, frequency: fc, monetary: mc } = &settings.cuts {
        for (name, c) in [("recency", rc), ("frequency", fc), ("monetary", mc)] {
            if !c.windows(2).all(|w| w[0] <= w[1]) || c.iter().any(|x| !x.is_finite()) {
                return Err(RfmError::BadCuts { measure: name });
            }
        }
    }
    let measures = measures(orders, settings)?;
    let [rc, fc, mc] = cut_points(&measures, settings);
    let [recency, frequency, monetary] = measures;
    let rs: Vec<u8> = recency.iter().map(|&x| 6 - cut_score(x, &rc)).collect();
    let fs: Vec<u8> = frequency.iter().map(|&x| cut_score(x, &fc)).collect();
    let ms: Vec<u8> = monetary.iter().map(|&x| cut_score(x, &mc)).collect();
    let mut grid = [[0u64; 5]; 5];
    let mut sums = vec![(0u64, 0.0f64, 0.0f64, 0.0f64); rules.rules.len()];
    let mut unassigned = 0;
    let mut scores = Vec::with_capacity(with.len());
    for (k, (customer, o)) in with.iter().enumerate() {
        let (r, f, m) = (rs[k], fs[k], ms[k]);
        grid[r as usize - 1][f as usize - 1] += 1;
        let segment = rules.segment_of(r, f);
        match segment {
            Some(s) => {
                let e = &mut sums[s];
                e.0 += 1;
                e.1 += recency[k];
                e.2 += o.orders as f64;
                e.3 += o.monetary;
            }
            None => unassigned += 1,
        }
        scores.push(CustomerScore {
            customer: *customer,
            recency_days: recency[k] as i64,
            frequency: o.orders,
            monetary: o.monetary,
            r,
            f,
            m,
            segment: segment.map(|s| s as u16),
        });
    }
    let n = scores.len() as f64;
    let segments = rules
        .rules
        .iter()
        .zip(&sums)
        .map(|(rule, &(c, rec, freq, mon))| {
            let d = (c as f64).max(1.0);
            SegmentSummary {
                name: rule.name.clone(),
                customers: c,
                share: c as f64 / n,
                mean_recency_days: rec / d,
                mean_frequency: freq / d,
                mean_monetary: mon / d,
                total_monetary: mon,
            }
        })
        .collect();
    let bounds = [bounds_of(&recency, &rs, true), bounds_of(&frequency, &fs, false), bounds_of(&monetary, &ms, false)];
    let collapsed = [
        collapse_note('R', &recency, &rs, |v| format!("{v} days since the last order")),
        collapse_note('F', &frequency, &fs, |v| format!("{v} order{}", if v == "1" { "" } else { "s" })),
        collapse_note('M', &monetary, &ms, |v| format!("{v} spent")),
    ]
    .into_iter()
    .flatten()
    .collect();
    Ok(RfmResult {
        analysis_day,
        rules,
        scores,
        without_orders: (orders.len() - with.len()) as u64,
        grid,
        segments,
        unassigned,
        bounds,
        collapsed,
    })
}

/// Each measure (R, F, M, in days, orders and money) of every customer with orders, as
/// [`compute`] measures them.
pub fn measures(orders: &[Option<OrderSummary>], settings: &RfmSettings) -> Result<[Vec<f64>; 3], RfmError> {
    let with: Vec<OrderSummary> = orders.iter().flatten().filter(|o| o.orders > 0).copied().collect();
    let last = with.iter().map(|o| o.last_day).max().ok_or(RfmError::NoOrders)?;
    let analysis_day = settings.analysis_day.unwrap_or(last + 1);
    Ok([
        with.iter().map(|o| (analysis_day - o.last_day) as f64).collect(),
        with.iter().map(|o| o.orders as f64).collect(),
        with.iter().map(|o| o.monetary).collect(),
    ])
}

/// The cut points each of the [`measures`] is scored by, as [`compute`] scores: the settings'
/// own, or the measure's quintiles.
pub fn cut_points(measures: &[Vec<f64>; 3], settings: &RfmSettings) -> [[f64; 4]; 3] {
    match &settings.cuts {
        Cuts::Custom { recency, frequency, monetary } => [*recency, *frequency, *monetary],
        Cuts::Quintiles => measures.each_ref().map(|m| quintile_cuts(m)),
    }
}

/// The four quintile cut points of `values`: the p-th is the smallest value with at least p% of
/// the values at or below it (p = 20, 40, 60, 80). Equal values fall on the same side of every
/// cut, so they get equal scores.
fn quintile_cuts(values: &[f64]) -> [f64; 4] {
    let mut sorted: Vec<u64> = values.iter().map(|&x| total_key(x)).collect();
    sorted.sort_unstable();
    let n = sorted.len();
    let at = |p: usize| {
        // the smallest i with (i + 1) / n >= p / 5
        let i = (p * n).div_ceil(5).saturating_sub(1).min(n.saturating_sub(1));
        from_total_key(sorted[i])
    };
    [at(1), at(2), at(3), at(4)]
}

/// When one value holds more than a fifth of the customers, the scores it straddles stay empty:
/// the sentence that says so, or `None` when every score from 1 to 5 is used.
fn collapse_note(measure: char, values: &[f64], scores: &[u8], unit: impl Fn(&str) -> String) -> Option<String> {
    let mut used = [0u64; 5];
    for &s in scores {
        used[s as usize - 1] += 1;
    }
    let empty: Vec<String> = (1..=5).filter(|s| used[s - 1] == 0).map(|s| format!("{measure}{s}")).collect();
    if empty.is_empty() || values.is_empty() {
        return None;
    }
    // the most common value and the score it got
    let mut sorted: Vec<(u64, u8)> = values.iter().zip(scores).map(|(&x, &s)| (total_key(x), s)).collect();
    sorted.sort_unstable();
    let (mut best, mut best_len, mut i) = (0usize, 0usize, 0usize);
    while i < sorted.len() {
        let j = sorted[i..].iter().position(|e| e.0 != sorted[i].0).map_or(sorted.len(), |p| i + p);
        if j - i > best_len {
            (best, best_len) = (i, j - i);
        }
        i = j;
    }
    let value = from_total_key(sorted[best].0);
    let share = best_len as f64 / values.len() as f64;
    let shown = if value.fract() == 0.0 { format!("{value:.0}") } else { format!("{value:.2}") };
    let empties = match empty.len() {
        1 => format!("{} is empty", empty[0]),
        _ => format!("{} and {} are empty", empty[..empty.len() - 1].join(", "), empty[empty.len() - 1]),
    };
    Some(format!(
        "{measure}: {:.0}% of customers have the same value ({}), so they all score {measure}{} and {empties}; equal customers are never split by an arbitrary order.",
        share * 100.0,
        unit(&shown),
        sorted[best].1
    ))
}

/// An integer that orders as [`f64::total_cmp`] orders the numbers.
fn total_key(x: f64) -> u64 {
    let bits = x.to_bits();
    if bits >> 63 == 1 { !bits } else { bits | 1 << 63 }
}

/// The number a [`total_key`] was made from.
fn from_total_key(k: u64) -> f64 {
    f64::from_bits(if k >> 63 == 1 { k & !(1 << 63) } else { !k })
}

/// 1 + the number of cut points strictly below `x`.
fn cut_score(x: f64, cuts: &[f64; 4]) -> u8 {
    1 + cuts.iter().filter(|&&c| x > c).count() as u8
}

/// For the legend: the largest value with each score 1-4; for reversed recency, the largest
/// number of days with each score 5-2 ("R5: up to 12 days").
fn bounds_of(values: &[f64], scores: &[u8], reversed: bool) -> [Option<f64>; 4] {
    let mut out = [None; 4];
    for (&v, &s) in values.iter().zip(scores) {
        let slot = if reversed { 5 - s as usize } else { s as usize - 1 };
        if slot < 4 && out[slot].is_none_or(|b| v > b) {
            out[slot] = Some(v);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn total_keys_order_as_total_cmp() {
        let xs = [f64::NEG_INFINITY, -1e300, -2.5, -0.0, 0.0, 1e-300, 3.0, f64::INFINITY, f64::NAN, -f64::NAN];
        for a in xs {
            for b in xs {
                assert_eq!(super::total_key(a).cmp(&super::total_key(b)), a.total_cmp(&b), "{a} {b}");
            }
            assert_eq!(super::from_total_key(super::total_key(a)).to_bits(), a.to_bits());
        }
    }

    use super::*;

    fn o(last_day: i64, orders: u32, monetary: f64) -> Option<OrderSummary> {
        Some(OrderSummary { last_day, orders, monetary, discounted: 0 })
    }

    #[test]
    fn the_standard_map_covers_every_cell_once() {
        let set = RuleSet::standard();
        assert!(set.uncovered().is_empty());
        assert_eq!(set.rules.len(), 10);
        assert_eq!(set.rules[set.segment_of(5, 5).unwrap()].name, "Champions");
        assert_eq!(set.rules[set.segment_of(1, 1).unwrap()].name, "Hibernating");
        assert_eq!(set.rules[set.segment_of(1, 5).unwrap()].name, "Can't Lose");
        assert_eq!(set.rules[set.segment_of(5, 1).unwrap()].name, "New");
    }

    #[test]
    fn rule_sets_are_checked() {
        let mut rules = standard_rules();
        rules.push(Rule::new("Extra", (5, 5), (5, 5)));
        assert_eq!(
            RuleSet::check(rules).unwrap_err(),
            RfmError::Overlap { a: "Champions".into(), b: "Extra".into(), r: 5, f: 5 }
        );
        let mut rules = standard_rules();
        rules.retain(|r| r.name != "New");
        assert_eq!(RuleSet::check(rules).unwrap().uncovered(), vec![(5, 1)]);
        let cases = [Rule::new("x", (0, 2), (1, 1)), Rule::new("x", (3, 2), (1, 1)), Rule::new("x", (1, 6), (1, 1))];
        for rule in cases {
            assert!(matches!(RuleSet::check(vec![rule]), Err(RfmError::BadRange { .. })));
        }
        assert_eq!(RuleSet::check(vec![Rule::new(" ", (1, 1), (1, 1))]), Err(RfmError::Unnamed));
    }

    #[test]
    fn distinct_values_fill_the_quintiles() {
        let orders: Vec<_> = (0..100).map(|i| o(1000 - i, 1 + i as u32, 10.0 + i as f64)).collect();
        let res = compute(&orders, &RfmSettings::default()).unwrap();
        for score in 1..=5 {
            assert_eq!(res.scores.iter().filter(|s| s.f == score).count(), 20, "F = {score}");
            assert_eq!(res.scores.iter().filter(|s| s.r == score).count(), 20, "R = {score}");
            assert_eq!(res.scores.iter().filter(|s| s.m == score).count(), 20, "M = {score}");
        }
        assert!(res.collapsed.is_empty());
        assert_eq!(res.bounds[1], [Some(20.0), Some(40.0), Some(60.0), Some(80.0)]);
    }

    #[test]
    fn one_time_buyers_share_one_f_score_and_the_page_says_why() {
        // 100 customers, 80 of them with exactly one order of the same value on the same day
        let orders: Vec<_> = (0..100)
            .map(|i| if i < 80 { o(500, 1, 20.0) } else { o(400 + i, 2 + (i as u32 % 5), 10.0 + i as f64) })
            .collect();
        let res = compute(&orders, &RfmSettings::default()).unwrap();
        let one: Vec<&CustomerScore> = res.scores.iter().filter(|s| s.frequency == 1).collect();
        assert!(one.iter().all(|s| (s.r, s.f, s.m, s.segment) == (one[0].r, one[0].f, one[0].m, one[0].segment)));
        assert_eq!(one[0].f, 1);
        assert!(res.scores.iter().filter(|s| s.frequency > 1).all(|s| s.f > 1));
        assert_eq!(res.collapsed.len(), 3, "{:?}", res.collapsed);
        assert!(
            res.collapsed[1].starts_with("F: 80% of customers have the same value (1 order), so they all score F1")
        );
        assert!(res.collapsed[1].contains("F2, F3 and F4 are empty"), "{}", res.collapsed[1]);
        assert_eq!(res.grid.iter().flatten().sum::<u64>(), 100);
    }

    /// A small seeded generator, so the property runs on many shapes without a test crate.
    fn lcg(state: &mut u64) -> u64 {
        *state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        *state >> 33
    }

    #[test]
    fn equal_customers_always_get_equal_scores_and_segments() {
        for case in 0..200u64 {
            let mut st = case * 7919 + 1;
            let n = 1 + lcg(&mut st) as usize % 300;
            // few distinct values, so ties are everywhere
            let days = 1 + lcg(&mut st) % 12;
            let freqs = 1 + lcg(&mut st) % 6;
            let orders: Vec<_> = (0..n)
                .map(|_| {
                    if lcg(&mut st).is_multiple_of(10) {
                        return None;
                    }
                    let f = if lcg(&mut st).is_multiple_of(2) { 1 } else { 1 + (lcg(&mut st) % freqs) as u32 };
                    o(1000 - (lcg(&mut st) % days) as i64, f, (lcg(&mut st) % 4) as f64 * 12.5)
                })
                .collect();
            let Ok(res) = compute(&orders, &RfmSettings::default()) else { continue };
            for a in &res.scores {
                for b in &res.scores {
                    if (a.recency_days, a.frequency, a.monetary) == (b.recency_days, b.frequency, b.monetary) {
                        assert_eq!((a.r, a.f, a.m, a.segment), (b.r, b.f, b.m, b.segment), "case {case}");
                    }
                    // and the better value never gets the worse score
                    if a.frequency > b.frequency {
                        assert!(a.f >= b.f, "case {case}");
                    }
                    if a.recency_days < b.recency_days {
                        assert!(a.r >= b.r, "case {case}");
                    }
                    if a.monetary > b.monetary {
                        assert!(a.m >= b.m, "case {case}");
                    }
                }
            }
        }
    }

    #[test]
    fn recency_is_reversed_and_measured_to_the_day_after_the_last_order() {
        let orders = vec![o(100, 1, 5.0), o(90, 1, 5.0), o(80, 1, 5.0), o(70, 1, 5.0), o(60, 1, 5.0), None];
        let res = compute(&orders, &RfmSettings::default()).unwrap();
        assert_eq!(res.analysis_day, 101);
        assert_eq!(res.without_orders, 1);
        let r: Vec<u8> = res.scores.iter().map(|s| s.r).collect();
        assert_eq!(r, vec![5, 4, 3, 2, 1]);
        assert_eq!(res.scores[0].recency_days, 1);
        assert_eq!(res.scores[4].recency_days, 41);
        let given = RfmSettings { analysis_day: Some(200), ..Default::default() };
        assert_eq!(compute(&orders, &given).unwrap().scores[0].recency_days, 100);
    }

    #[test]
    fn custom_cuts_score_by_value() {
        let orders = vec![o(100, 1, 5.0), o(95, 3, 50.0), o(10, 12, 500.0)];
        let settings = RfmSettings {
            analysis_day: Some(101),
            cuts: Cuts::Custom {
                recency: [7.0, 30.0, 90.0, 180.0],
                frequency: [1.0, 2.0, 5.0, 10.0],
                monetary: [10.0, 100.0, 250.0, 1000.0],
            },
            rules: None,
        };
        let res = compute(&orders, &settings).unwrap();
        let got: Vec<(u8, u8, u8)> = res.scores.iter().map(|s| (s.r, s.f, s.m)).collect();
        assert_eq!(got, vec![(5, 1, 1), (5, 3, 2), (2, 5, 4)]);
        let bad = RfmSettings {
            cuts: Cuts::Custom { recency: [3.0, 2.0, 4.0, 5.0], frequency: [1.0; 4], monetary: [1.0; 4] },
            ..Default::default()
        };
        assert_eq!(compute(&orders, &bad).unwrap_err(), RfmError::BadCuts { measure: "recency" });
    }

    #[test]
    fn uncovered_cells_are_counted_not_hidden() {
        let mut rules = standard_rules();
        rules.retain(|r| r.name != "Champions");
        let orders: Vec<_> = (0..50).map(|i| o(i, 1 + i as u32 / 10, i as f64)).collect();
        let res = compute(&orders, &RfmSettings { rules: Some(rules), ..Default::default() }).unwrap();
        let in_champion_cells = res.grid[4][3] + res.grid[4][4];
        assert!(in_champion_cells > 0);
        assert_eq!(res.unassigned, in_champion_cells);
        assert!(res.scores.iter().filter(|s| s.segment.is_none()).all(|s| s.r == 5 && s.f >= 4));
    }

    #[test]
    fn no_orders_is_an_error() {
        assert_eq!(compute(&[None, None], &RfmSettings::default()).unwrap_err(), RfmError::NoOrders);
        assert_eq!(compute(&[], &RfmSettings::default()).unwrap_err(), RfmError::NoOrders);
    }
}
