//! Persona drafts: one per segment that passes the small-segment guard, written from the
//! segment's profile and nothing else, with the evidence behind every data-derived line.
//!
//! **Where each part comes from.**
//! - *Demographics*: for each mapped column (age, gender, location, income, occupation,
//!   education, household) the segment's dominant value and its share, against everyone's. Age
//!   is read in bands (under 18, 18–24, 25–34, …, 65+; birth years become ages at the analysis
//!   date, or birth decades without one); income in the quarters of everyone's incomes.
//! - *Psychographics*: the items of interests, values and lifestyle held by at least 10% of the
//!   segment with a lift of at least 1.2 (a list is counted per item), strongest lift first.
//! - *Buying behaviour*: an archetype from transparent rules over the segment's means and mixes
//!   (see [`ArchetypeKind`] and [`RULES`]): each rule compares the segment with everyone, every
//!   rule that holds gets a strength (the log of its ratio over the log of the ratio that counts
//!   as strong for that rule), and the strongest wins. The rule and its figures are kept.
//! - *Motivations, goals, pain points*: from the archetype's figures, the segment's strongest
//!   interest and product categories, its satisfaction, and the words that set its feedback apart
//!   ([`crate::text::distinctive_terms`]): terms mostly used in comments with a low score are pain
//!   points, terms mostly used in comments with a high score are motivations.
//! - *Story, quote, summary*: templates filled with the facts above only, so every claim in them
//!   is one of the statements shown with its figure. The template of each sentence is picked by
//!   the seed, so personas read differently from one another.
//! - *Name and face*: a first name consistent with the segment's dominant gender (a neutral one
//!   when none dominates) and a surname, neither repeated within a run, and a [`crate::avatar`] portrait for the
//!   dominant age band.
//!
//! The same table, segmentation and seed give the same drafts, byte for byte.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::avatar::{AgeLook, AvatarSpec, Presentation};
use crate::features::{CustomerTable, FeatureData, FeatureKind, Group};
use crate::sample::mix;
use crate::segment::{APART_MIN_Z, LevelProfile, NumberProfile, Segment, Segmentation, comparatives};
use crate::text::{self, DistinctiveTerm, Doc, Tone};

/// Where a figure comes from, for the statement's "show evidence".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// The figure shown next to the statement: "61% aged 25–34", "3.2× average".
    pub figure: String,
    /// The whole comparison in a sentence.
    pub detail: String,
    /// File and column: "customers.csv › age".
    pub source: String,
}

/// One line of a persona: its text and, when the data says it, its evidence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Statement {
    pub text: String,
    pub evidence: Option<Evidence>,
}

impl Statement {
    fn new(text: impl Into<String>, figure: impl Into<String>, detail: impl Into<String>, source: &str) -> Self {
        Statement {
            text: text.into(),
            evidence: Some(Evidence { figure: figure.into(), detail: detail.into(), source: source.to_owned() }),
        }
    }

    /// A line without evidence (written by the user or a template).
    pub fn plain(text: impl Into<String>) -> Self {
        Statement { text: text.into(), evidence: None }
    }
}

/// Buying-behaviour archetypes, each decided by a rule over the data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ArchetypeKind {
    /// Orders with a discount far more often than everyone.
    DealSeeker,
    /// Views, compares and reads reviews far more than everyone.
    Researcher,
    /// Comes through referrals, social media and others' reviews far more than everyone.
    PeerInfluenced,
    /// Orders more often than everyone, and recently.
    LoyalRegular,
    /// Buys after far fewer visits per order than everyone.
    Impulsive,
    /// Spends far more per order than everyone, without discounts.
    PremiumBuyer,
    /// Has not ordered for far longer than everyone, after few orders.
    Drifting,
    /// Ordered far more often than everyone, but not for far longer: a regular who has stopped.
    LapsedRegular,
    /// Ordered once, where everyone else orders more often.
    OneTime,
    /// No rule holds: buys like everyone else.
    Steady,
    /// No orders or events were imported: how they buy is not in the data.
    Unknown,
    /// No other rule holds, and they order far less often than everyone: now and then. (Last,
    /// so that the kinds saved before it keep their numbers.)
    Occasional,
}

impl ArchetypeKind {
    pub fn name(self) -> &'static str {
        match self {
            ArchetypeKind::DealSeeker => "Deal-seeker",
            ArchetypeKind::Researcher => "Researcher",
            ArchetypeKind::PeerInfluenced => "Peer-influenced",
            ArchetypeKind::LoyalRegular => "Loyal regular",
            ArchetypeKind::Impulsive => "Impulsive buyer",
            ArchetypeKind::PremiumBuyer => "Premium buyer",
            ArchetypeKind::Drifting => "Drifting away",
            ArchetypeKind::LapsedRegular => "Lapsed regular",
            ArchetypeKind::OneTime => "One-time buyer",
            ArchetypeKind::Steady => "Steady shopper",
            ArchetypeKind::Unknown => "Not in the data",
            ArchetypeKind::Occasional => "Occasional buyer",
        }
    }

    /// The persona's title: "The deal-seeker".
    pub fn title(self) -> &'static str {
        match self {
            ArchetypeKind::DealSeeker => "The deal-seeker",
            ArchetypeKind::Researcher => "The researcher",
            ArchetypeKind::PeerInfluenced => "The recommendation follower",
            ArchetypeKind::LoyalRegular => "The loyal regular",
            ArchetypeKind::Impulsive => "The quick decider",
            ArchetypeKind::PremiumBuyer => "The premium buyer",
            ArchetypeKind::Drifting => "The lapsing customer",
            ArchetypeKind::LapsedRegular => "The lapsed regular",
            ArchetypeKind::OneTime => "The one-time buyer",
            ArchetypeKind::Steady => "The steady shopper",
            ArchetypeKind::Unknown => "The customer",
            ArchetypeKind::Occasional => "The occasional buyer",
        }
    }
}

/// Each archetype's rule in words, with the ratio to everyone that counts as strong.
pub const RULES: [(ArchetypeKind, &str, f64); 10] = [
    (ArchetypeKind::DealSeeker, "share of orders with a discount at least 1.4× everyone's and at least 25%", 2.0),
    (
        ArchetypeKind::Researcher,
        "share of research events and touchpoints (product views, comparisons, review reading, search) at least 1.3× everyone's",
        1.8,
    ),
    (
        ArchetypeKind::PeerInfluenced,
        "share of referral, social and review-writing events and touchpoints at least 1.3× everyone's",
        2.0,
    ),
    (
        ArchetypeKind::LoyalRegular,
        "orders per customer at least 1.3× everyone's, last order more recent than everyone's",
        1.8,
    ),
    (
        ArchetypeKind::Impulsive,
        "events per order at most 0.6× everyone's, with about as many orders (1 to 1.3× everyone's)",
        2.0,
    ),
    (
        ArchetypeKind::PremiumBuyer,
        "average order value at least 1.5× everyone's, discounts no more often than everyone",
        2.5,
    ),
    (
        ArchetypeKind::Drifting,
        "days since the last order at least 1.5× everyone's, orders at most 0.8× everyone's",
        2.0,
    ),
    (
        ArchetypeKind::LapsedRegular,
        "orders per customer at least 1.3× everyone's, days since the last order at least 1.3× everyone's",
        1.8,
    ),
    (
        ArchetypeKind::OneTime,
        "at most 1.2 orders per customer (nearly all ordered once), or two thirds or more of them ordered once (three quarters if drifting away), where everyone averages at least 1.5; or at most 1.05 (all but a few ordered once), whatever everyone averages; with most of the segment's customers having orders",
        2.0,
    ),
    (
        ArchetypeKind::Occasional,
        "where no other rule holds: orders per customer at most half of everyone's, the segment's median customer ordering less often than everyone's, with most of the segment's customers having orders",
        2.5,
    ),
];

/// The segment's buying-behaviour archetype, with its rule and figures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Archetype {
    pub kind: ArchetypeKind,
    pub name: String,
    /// The rule that decided it, in words.
    pub rule: String,
    /// The figures the rule read.
    pub evidence: Vec<Statement>,
    /// Other archetypes whose rule holds too, weaker.
    pub also: Vec<String>,
}

/// A persona as the data writes it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PersonaDraft {
    /// The segment's index in its segmentation.
    pub segment: usize,
    pub segment_label: String,
    pub customers: u64,
    pub share: f64,
    pub name: String,
    /// "The deal-seeker".
    pub title: String,
    pub avatar: AvatarSpec,
    /// One line for slides.
    pub summary: String,
    pub demographics: Vec<Statement>,
    /// What sets the segment apart in its other columns: tenure, plan, status, spend and every
    /// column with no special role ("Contract: month-to-month, 88% against 55% of everyone").
    #[serde(default)]
    pub attributes: Vec<Statement>,
    /// How many of the first `attributes` set the segment apart: the others say what most of it
    /// shares with everyone, or a campaign's answer.
    #[serde(default)]
    pub apart: usize,
    pub psychographics: Vec<Statement>,
    pub archetype: Archetype,
    pub motivations: Vec<Statement>,
    pub goals: Vec<Statement>,
    pub pain_points: Vec<Statement>,
    pub channels: Vec<Statement>,
    /// The words that set the segment's feedback apart.
    pub terms: Vec<DistinctiveTerm>,
    pub story: String,
    pub quote: String,
}

impl PersonaDraft {
    /// Whether its segment's data has no orders or events, so that nothing was bought to speak
    /// of (an airline's members, a bank's clients). A persona taken in from a share link keeps
    /// its archetype's name, not its kind: it is not taken for one.
    pub fn without_orders(&self) -> bool {
        self.archetype.kind == ArchetypeKind::Unknown && self.archetype.name == ArchetypeKind::Unknown.name()
    }
}

/// Settings of the drafting: the same seed gives the same names, faces and wording.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct PersonaSettings {
    pub seed: u64,
}

impl Default for PersonaSettings {
    fn default() -> Self {
        PersonaSettings { seed: 42 }
    }
}

/// Distinctive terms need this z-score, and this many comments of the segment.
const TERM_MIN_Z: f64 = 1.96;
const TERM_MIN_DOCS: u32 = 3;
const TERMS_PER_PERSONA: usize = 8;

/// One draft per segment that is not flagged small, in segment order.
pub fn drafts(table: &CustomerTable, seg: &Segmentation, settings: &PersonaSettings) -> Vec<PersonaDraft> {
    drafts_keeping(table, seg, settings, &[])
}

/// The same, where the segments of `names` (segment, name) keep those names: a persona that
/// continues from one run to the next stays who it is. No other draft takes one of them.
pub fn drafts_keeping(
    table: &CustomerTable,
    seg: &Segmentation,
    settings: &PersonaSettings,
    names: &[(usize, String)],
) -> Vec<PersonaDraft> {
    let terms = segment_terms(table, seg);
    let ctx = Context::new(table, seg);
    let mut used_names: Vec<&'static str> = Vec::new();
    for (_, name) in names {
        for part in name.split(' ') {
            let known = [FIRST_FEMININE, FIRST_MASCULINE, FIRST_NEUTRAL, SURNAMES].into_iter().flatten();
            if let Some(&n) = known.into_iter().find(|n| **n == part) {
                used_names.push(n);
            }
        }
    }
    let mut drafts: Vec<PersonaDraft> = seg
        .segments
        .iter()
        .filter(|s| !s.small)
        .map(|s| {
            let kept = names.iter().find(|(i, _)| *i == s.index).map(|(_, n)| n.as_str());
            draft(&ctx, s, &terms[s.index], settings.seed, &mut used_names, kept)
        })
        .collect();
    titles_apart(&ctx, &mut drafts);
    drafts
}

/// Personas that would share a title (CDNOW's two one-time buyers, two steady shoppers) are
/// told apart by the number that differs most between their segments, in everyone's standard
/// deviations: "The one-time buyer (bigger orders)" and "The one-time buyer (smaller orders)".
/// Of three or more, the highest and the lowest are named so, and those in between are told
/// apart by the next number, if one differs enough.
fn titles_apart(ctx: &Context, drafts: &mut [PersonaDraft]) {
    // the numbers each title's personas were told apart by already
    let mut used: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for _ in 0..3 {
        let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, d) in drafts.iter().enumerate() {
            groups.entry(d.title.as_str()).or_default().push(i);
        }
        let groups: Vec<Vec<usize>> = groups.into_values().filter(|g| g.len() > 1).collect();
        if groups.is_empty() {
            break;
        }
        let mut named: Vec<(usize, String)> = Vec::new();
        for group in groups {
            let title = drafts[group[0]].title.clone();
            // (shoppers are told apart by how they buy first, if that differs enough)
            let shoppers = drafts[group[0]].archetype.kind != ArchetypeKind::Unknown;
            let used = used.entry(title.clone()).or_default();
            let profiles: Vec<&Segment> = group.iter().map(|&i| &ctx.seg.segments[drafts[i].segment]).collect();
            // the number all of them have that differs most between them
            let best = profiles[0]
                .numbers
                .iter()
                .filter(|p| !used.contains(&p.feature) && tells_apart(ctx, p) && !in_title(&title, p))
                .filter_map(|p| {
                    let zs: Option<Vec<f64>> = profiles
                        .iter()
                        .map(|s| {
                            let q = s.numbers.iter().find(|q| q.feature == p.feature)?;
                            Some(q.z).filter(|z| z.is_finite() && q.speaks_for(s.size))
                        })
                        .collect();
                    let zs = zs?;
                    let (lo, hi) =
                        zs.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &z| (l.min(z), h.max(z)));
                    (hi - lo >= APART_MIN_Z).then_some((shoppers && buying(&p.feature), (lo, hi), p, zs))
                })
                .max_by(|a, b| {
                    let spread = |x: (f64, f64)| x.1 - x.0;
                    a.0.cmp(&b.0).then(spread(a.1).total_cmp(&spread(b.1))).then(b.2.feature.cmp(&a.2.feature))
                });
            let Some((_, (lo, hi), p, zs)) = best else { continue };
            used.push(p.feature.clone());
            let (higher, lower) = comparatives(p);
            for (&i, &z) in group.iter().zip(&zs) {
                // (of three or more, one in between keeps the title for the next round)
                let (word, true_of_everyone) = if z == hi && z != lo {
                    (&higher, z > 0.0)
                } else if z == lo {
                    (&lower, z < 0.0)
                } else {
                    continue;
                };
                // ("fewer orders" of a persona with more than everyone: fewer than the other)
                let among = crate::segment::among(true_of_everyone, group.len());
                named.push((i, format!("{} ({word}{among})", drafts[i].title)));
            }
        }
        if named.is_empty() {
            break;
        }
        for (i, title) in named {
            drafts[i].title = title;
        }
    }
    // failing numbers (CatalogCrossSell's eight segments of yes/no columns were eight "The
    // customer"), by their segments' labels, which differ
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    for d in drafts.iter() {
        *count.entry(d.title.clone()).or_default() += 1;
    }
    let apart: Vec<String> = drafts
        .iter()
        .map(|d| match count[&d.title] > 1 {
            true => {
                let base = d.title.split(" — ").next().unwrap_or_default();
                format!("{base} — {}", ctx.seg.segments[d.segment].label)
            }
            false => d.title.clone(),
        })
        .collect();
    // (and two alike in their labels too, "The average customer", by their numbers)
    for (i, d) in drafts.iter_mut().enumerate() {
        d.title = match apart.iter().filter(|t| **t == apart[i]).count() {
            1 => apart[i].clone(),
            _ => format!("{} (segment {})", d.title, d.segment + 1),
        };
    }
}

/// Whether a segment's number can tell personas apart in a title: the orders' figures, age,
/// income, and an attribute that holds amounts under a short header.
fn tells_apart(ctx: &Context, p: &NumberProfile) -> bool {
    match p.feature.as_str() {
        "age" | "income" => true,
        key if buying(key) => true,
        key => is_attribute(ctx, key) && p.label.trim().chars().count() <= 30 && amounts(ctx, key),
    }
}

/// The orders' and events' figures: how a customer buys.
fn buying(key: &str) -> bool {
    matches!(key, "recency" | "frequency" | "order_value" | "monetary" | "events")
}

/// Whether a title already says a number ("The customer with high tenure", "The older
/// customer"): it tells no two personas of that title apart.
fn in_title(title: &str, p: &NumberProfile) -> bool {
    match p.feature.as_str() {
        "age" => title.contains("older") || title.contains("younger"),
        "income" => title.contains("-income"),
        _ => title.ends_with(&format!(" {}", p.label.trim())),
    }
}

/// The distinctive terms of each segment's comments.
fn segment_terms(table: &CustomerTable, seg: &Segmentation) -> Vec<Vec<DistinctiveTerm>> {
    let c = &table.comments;
    let docs: Vec<Doc> = c
        .docs
        .iter()
        .map(|d| Doc {
            group: seg.assignment.get(d.customer as usize).copied(),
            terms: d.terms.clone(),
            tone: if d.score.is_finite() { text::tone(d.score as f64, c.score_max) } else { Tone::Unknown },
        })
        .collect();
    text::distinctive_terms(&docs, &c.vocabulary, seg.k, TERM_MIN_Z, TERM_MIN_DOCS, TERMS_PER_PERSONA)
}

/// What every draft reads besides its own segment.
struct Context<'a> {
    table: &'a CustomerTable,
    seg: &'a Segmentation,
    /// Age band counts per segment (last entry: everyone), and the band names.
    ages: Option<Bands>,
    incomes: Option<Bands>,
}

struct Bands {
    names: Vec<String>,
    /// `counts[segment][band]`; the last row is everyone.
    counts: Vec<Vec<u64>>,
    /// The middle age of each band, for the face (age bands only).
    middles: Vec<f64>,
    source: String,
}

impl Bands {
    /// Whether some of the segment's customers are in a band (all may have answered "Prefer
    /// not to say").
    fn known(&self, segment: usize) -> bool {
        self.counts[segment].iter().any(|&n| n > 0)
    }

    fn of(&self, segment: usize) -> (usize, f64, f64) {
        let row = &self.counts[segment];
        let all = &self.counts[self.counts.len() - 1];
        let total: u64 = row.iter().sum();
        let everyone: u64 = all.iter().sum();
        let best = (0..row.len()).max_by_key(|&b| (row[b], std::cmp::Reverse(b))).unwrap_or(0);
        (best, row[best] as f64 / total.max(1) as f64, all[best] as f64 / everyone.max(1) as f64)
    }
}

impl<'a> Context<'a> {
    fn new(table: &'a CustomerTable, seg: &'a Segmentation) -> Self {
        Context { table, seg, ages: age_bands(table, seg), incomes: income_bands(table, seg) }
    }

    fn source(&self, key: &str) -> &str {
        self.table.feature(key).map_or("", |f| f.info.source.as_str())
    }

    fn kind(&self, key: &str) -> Option<FeatureKind> {
        self.table.feature(key).map(|f| f.info.kind)
    }

    /// Whether the feature is a mix of rows ([`crate::features::FeatureInfo::is_mix`]).
    fn is_mix(&self, key: &str) -> bool {
        self.table.feature(key).is_some_and(|f| f.info.is_mix())
    }

    /// Of the customers with orders, the share who ordered once: in segment `segment`, and
    /// of everyone.
    /// Every customer with orders, and whether they are in `segment`.
    fn with_orders(&self, segment: usize) -> impl Iterator<Item = (&'a crate::rfm::OrderSummary, bool)> + '_ {
        let orders = self.table.orders.iter().zip(&self.seg.assignment);
        orders.filter_map(move |(o, &c)| o.as_ref().filter(|o| o.orders > 0).map(|o| (o, c as usize == segment)))
    }

    fn ordered_once(&self, segment: usize) -> Option<(f64, f64)> {
        let (mut seg, mut seg_once, mut all, mut all_once) = (0u64, 0u64, 0u64, 0u64);
        for (o, here) in self.with_orders(segment) {
            let once = u64::from(o.orders == 1);
            (all, all_once) = (all + 1, all_once + once);
            if here {
                (seg, seg_once) = (seg + 1, seg_once + once);
            }
        }
        (seg > 0).then(|| (seg_once as f64 / seg as f64, all_once as f64 / all as f64))
    }

    /// The median number of orders of the segment's customers with orders, and of everyone's.
    fn median_orders(&self, segment: usize) -> Option<(u32, u32)> {
        let mut all: Vec<u32> = Vec::new();
        let mut seg: Vec<u32> = Vec::new();
        for (o, here) in self.with_orders(segment) {
            all.push(o.orders);
            if here {
                seg.push(o.orders);
            }
        }
        let median = |v: &mut Vec<u32>| {
            let mid = v.len() / 2;
            (!v.is_empty()).then(|| *v.select_nth_unstable(mid).1)
        };
        Some((median(&mut seg)?, median(&mut all)?))
    }

    /// The segment's orders and everyone's, with how many of each had a discount, where the
    /// orders say which had one. (The `discount_share` feature is each customer's share smoothed
    /// toward everyone's, for the segments; a persona quotes the orders as they are.)
    fn discounts(&self, segment: usize) -> Option<Discounts> {
        self.table.feature("discount_share")?;
        let mut d = Discounts::default();
        for (o, here) in self.with_orders(segment) {
            (d.all, d.all_discounted) = (d.all + u64::from(o.orders), d.all_discounted + u64::from(o.discounted));
            if here {
                (d.seg, d.seg_discounted) = (d.seg + u64::from(o.orders), d.seg_discounted + u64::from(o.discounted));
            }
        }
        (d.seg > 0 && d.all > 0).then_some(d)
    }
}

/// Orders of a segment and of everyone, and how many of each had a discount.
#[derive(Clone, Copy, Default)]
struct Discounts {
    seg: u64,
    seg_discounted: u64,
    all: u64,
    all_discounted: u64,
}

impl Discounts {
    fn share(self) -> f64 {
        self.seg_discounted as f64 / self.seg as f64
    }

    fn overall(self) -> f64 {
        self.all_discounted as f64 / self.all as f64
    }

    /// The segment's share over everyone's (none where no order had a discount).
    fn ratio(self) -> Option<f64> {
        (self.overall() > 0.0).then(|| self.share() / self.overall())
    }
}

fn numeric<'t>(table: &'t CustomerTable, key: &str) -> Option<&'t [f64]> {
    match &table.feature(key)?.data {
        FeatureData::Numeric(v) => Some(v),
        _ => None,
    }
}

fn age_bands(table: &CustomerTable, seg: &Segmentation) -> Option<Bands> {
    // a survey's or a CRM's bands as they are written (`25-34`, `55+`)
    let Some(values) = numeric(table, "age") else {
        return written_bands(table, seg, "age_band", |band| band.to_owned());
    };
    let mut known: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    if known.is_empty() {
        return None;
    }
    known.sort_by(f64::total_cmp);
    let birth_years = known[known.len() / 2] >= 1900.0;
    let reference = seg.rfm.as_ref().map(|r| crate::ingest::value::civil_from_days(r.analysis_day).0 as f64);
    let source = table.feature("age").map_or(String::new(), |f| f.info.source.clone());
    let k = seg.k;
    match (birth_years, reference) {
        (true, None) => {
            // no date to age them at: birth decades
            let first = (known[0] / 10.0).floor() as i64 * 10;
            let last = (known[known.len() - 1] / 10.0).floor() as i64 * 10;
            let decades: Vec<i64> = (first..=last).step_by(10).collect();
            let mut counts = vec![vec![0u64; decades.len()]; k + 1];
            for (i, &v) in values.iter().enumerate() {
                if v.is_finite() {
                    let b = (((v / 10.0).floor() as i64 * 10 - first) / 10) as usize;
                    counts[seg.assignment[i] as usize][b] += 1;
                    counts[k][b] += 1;
                }
            }
            let names = decades.iter().map(|d| format!("born in the {d}s")).collect();
            let middles = vec![f64::NAN; decades.len()];
            Some(Bands { names, counts, middles, source })
        }
        _ => {
            const EDGES: [f64; 6] = [18.0, 25.0, 35.0, 45.0, 55.0, 65.0];
            let names = ["under 18", "18–24", "25–34", "35–44", "45–54", "55–64", "65+"];
            let middles = vec![16.0, 21.0, 30.0, 40.0, 50.0, 60.0, 70.0];
            let mut counts = vec![vec![0u64; names.len()]; k + 1];
            for (i, &v) in values.iter().enumerate() {
                if v.is_finite() {
                    let age = match (birth_years, reference) {
                        (true, Some(year)) => year - v,
                        _ => v,
                    };
                    let b = EDGES.iter().take_while(|&&e| age >= e).count();
                    counts[seg.assignment[i] as usize][b] += 1;
                    counts[k][b] += 1;
                }
            }
            Some(Bands { names: names.iter().map(|s| s.to_string()).collect(), counts, middles, source })
        }
    }
}

fn income_bands(table: &CustomerTable, seg: &Segmentation) -> Option<Bands> {
    let Some(values) = numeric(table, "income") else {
        return written_bands(table, seg, "income_band", |band| format!("{band} band"));
    };
    let mut known: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    if known.len() < 4 {
        return None;
    }
    known.sort_by(f64::total_cmp);
    let q = |p: f64| known[((known.len() - 1) as f64 * p).round() as usize];
    let cuts = [q(0.25), q(0.5), q(0.75)];
    let names = vec![
        format!("lowest quarter (under {})", compact(cuts[0])),
        format!("second quarter ({}–{})", compact(cuts[0]), compact(cuts[1])),
        format!("third quarter ({}–{})", compact(cuts[1]), compact(cuts[2])),
        format!("top quarter ({} and more)", compact(cuts[2])),
    ];
    let k = seg.k;
    let mut counts = vec![vec![0u64; 4]; k + 1];
    for (i, &v) in values.iter().enumerate() {
        if v.is_finite() {
            let b = cuts.iter().take_while(|&&c| v >= c).count();
            counts[seg.assignment[i] as usize][b] += 1;
            counts[k][b] += 1;
        }
    }
    let source = table.feature("income").map_or(String::new(), |f| f.info.source.clone());
    Some(Bands { names, counts, middles: vec![f64::NAN; 4], source })
}

/// The bands a category column writes (`45-54`, `55+`, `Under 18`, `$25,000 - $49,999`):
/// each level with a number in it is a band, named by `name` (a dash between numbers as an en
/// dash); the others (`Prefer not to say`) are no band. Each band's middle is read from its
/// numbers, for an age's face.
fn written_bands(table: &CustomerTable, seg: &Segmentation, key: &str, name: fn(&str) -> String) -> Option<Bands> {
    let f = table.feature(key)?;
    let FeatureData::Category(codes) = &f.data else { return None };
    let bands: Vec<(usize, String, f64)> = f
        .info
        .levels
        .iter()
        .enumerate()
        .filter_map(|(i, level)| band_middle(level).map(|m| (i, tidy_band(level), m)))
        .collect();
    if bands.is_empty() {
        return None;
    }
    // each level's band, looked up once per customer
    let mut band_of = vec![None; f.info.levels.len()];
    for (b, (level, _, _)) in bands.iter().enumerate() {
        band_of[*level] = Some(b);
    }
    let k = seg.k;
    let mut counts = vec![vec![0u64; bands.len()]; k + 1];
    for (i, &code) in codes.iter().enumerate() {
        if let Some(&Some(b)) = band_of.get(code as usize) {
            counts[seg.assignment[i] as usize][b] += 1;
            counts[k][b] += 1;
        }
    }
    Some(Bands {
        names: bands.iter().map(|(_, band, _)| name(band)).collect(),
        counts,
        middles: bands.iter().map(|b| b.2).collect(),
        source: f.info.source.clone(),
    })
}

/// A band as a sentence says it: an en dash between its numbers, a word first in lower case
/// (`Under 18` → `under 18`, `25-34` → `25–34`).
fn tidy_band(level: &str) -> String {
    // the unit the sentence adds itself: `18-24 years` is said "aged 18–24", "18–24 years old"
    let mut t = level.trim();
    for unit in [" years old", " years", " yrs", " y.o."] {
        let cut = t.len().saturating_sub(unit.len());
        if t.get(cut..).is_some_and(|u| u.eq_ignore_ascii_case(unit)) {
            t = t[..cut].trim_end();
        }
    }
    let mut out = String::with_capacity(t.len());
    for (i, c) in t.char_indices() {
        // `25-34`, `25 - 34`, `$25,000 - $49,999`
        let dash = c == '-' && i > 0 && {
            let before = t[..i].trim_end();
            let after = t[i + 1..].trim_start();
            before.ends_with(|c: char| c.is_ascii_digit())
                && after.starts_with(|c: char| c.is_ascii_digit() || "$€£".contains(c))
        };
        if dash {
            while out.ends_with(' ') {
                out.pop();
            }
            out.push('\u{2013}');
        } else if c == ' ' && out.ends_with('\u{2013}') {
            continue;
        } else {
            out.push(c);
        }
    }
    match out.chars().next() {
        Some(first) if first.is_uppercase() && out.chars().nth(1).is_some_and(char::is_lowercase) => {
            first.to_lowercase().chain(out.chars().skip(1)).collect()
        }
        _ => out,
    }
}

/// The middle of a written band, from its numbers: `25-34` → 30, `55+` → 60, `Under 18` → 16;
/// `None` when it holds no number.
fn band_middle(level: &str) -> Option<f64> {
    let numbers: Vec<f64> = level
        .split(|c: char| !c.is_ascii_digit() && c != ',' && c != '.')
        .map(|n| n.trim_matches(|c| c == ',' || c == '.').replace(',', ""))
        .filter_map(|n| n.parse::<f64>().ok())
        .collect();
    let lower = level.to_lowercase();
    match numbers[..] {
        [] => None,
        [a, b, ..] => Some((a + b + 1.0) / 2.0),
        [a] if lower.contains('+') || lower.contains("over") || lower.contains("older") || lower.contains("more") => {
            Some(a + 5.0)
        }
        [a] if lower.contains("under")
            || lower.contains('<')
            || lower.contains("less")
            || lower.contains("younger") =>
        {
            Some(a - 2.0)
        }
        [a] => Some(a),
    }
}

// ---- formatting -------------------------------------------------------------------------

/// 0.613 -> "61%", 0.004 -> "0.4%".
pub fn pct(x: f64) -> String {
    if x > 0.0 && x < 0.01 { format!("{:.1}%", x * 100.0) } else { format!("{:.0}%", x * 100.0) }
}

/// 3.24 -> "3.2×"; under 0.1 with two decimals, 0.04 -> "0.04×" (not "0.0×", which reads
/// as never).
pub fn times(x: f64) -> String {
    if x > 0.0 && x < 0.095 { format!("{x:.2}×") } else { format!("{x:.1}×") }
}

/// 1234.5 -> "1,235"; 27.46 -> "27.5"; 0.5 -> "0.5"; 0.047 -> "0.047" (two figures under 1).
pub fn num(x: f64) -> String {
    if !x.is_finite() {
        return "n/a".to_owned();
    }
    if x.abs() >= 100.0 {
        let r = x.round() as i64;
        let out = persona_format::thousands(r.unsigned_abs());
        if r < 0 { format!("-{out}") } else { out }
    } else if x != 0.0 && x.abs() < 1.0 {
        // (two figures: a book club's 0.05 Italian art books on average is no "0")
        let decimals = (1 - x.abs().log10().floor() as i32).clamp(1, 4) as usize;
        let s = format!("{x:.decimals$}");
        // ("0.0000" and "-0.0000" for what is too small to write)
        let s = s.trim_end_matches('0').trim_end_matches('.');
        if s == "-0" { "0".to_owned() } else { s.to_owned() }
    } else {
        let s = format!("{x:.1}");
        s.strip_suffix(".0").map_or(s.clone(), str::to_owned)
    }
}

/// A segment's mean and everyone's (the figures of `label`), as [`num`] writes them, with as
/// many more decimals as it takes to tell two different means apart ("2,016.6 against
/// 2,017.1", not "2,017 against 2,017"); years (under a header that names a year or a date)
/// with no thousands' separator.
pub fn num_pair(label: &str, a: f64, b: f64) -> (String, String) {
    let norm = crate::roles::normalise_header(label);
    let years = norm.split(' ').any(|w| matches!(w, "year" | "yr" | "jahr" | "annee" | "ano" | "date" | "birth"))
        && [a, b].iter().all(|x| (1000.0..10_000.0).contains(x));
    let write = |x: f64, places: Option<u32>| {
        let plain = match places {
            Some(p) => persona_format::fixed(x, p),
            None if years => return num(x).replace(',', ""),
            None => return num(x),
        };
        if years {
            return plain;
        }
        // (thousands grouped as `num` groups them)
        let (sign, digits) = plain.strip_prefix('-').map_or(("", plain.as_str()), |d| ("-", d));
        let (int, frac) = digits.split_once('.').map_or((digits, ""), |(i, f)| (i, f));
        let grouped = int.parse::<u64>().map_or_else(|_| int.to_owned(), persona_format::thousands);
        let point = if frac.is_empty() { "" } else { "." };
        format!("{sign}{grouped}{point}{frac}")
    };
    // a flag's share of each customer's rows is a percentage ("5% against 11%"), and so is the
    // share of their orders with a discount (review 69: "0.55 vs 0.31 overall")
    if (label.starts_with("Share of rows with") || label.starts_with("Share of orders with"))
        && a.is_finite()
        && b.is_finite()
    {
        let (x, y) = (pct(a), pct(b));
        if x != y || a == b {
            return (x, y);
        }
        return (
            format!("{}%", persona_format::fixed(100.0 * a, 1)),
            format!("{}%", persona_format::fixed(100.0 * b, 1)),
        );
    }
    // (a mean year of 2017.55 is no 2018, which may be past the data's last)
    let whole = a.fract() == 0.0 && b.fract() == 0.0;
    let (mut x, mut y) =
        if years && !whole { (write(a, Some(1)), write(b, Some(1))) } else { (write(a, None), write(b, None)) };
    if a.is_finite() && b.is_finite() && a != b {
        // (`num` writes one decimal between 1 and 100, none from 100; below 1, two figures)
        let first = if a.abs().max(b.abs()) >= 100.0 { 1 } else { 2 };
        for places in first..=4 {
            if x != y {
                break;
            }
            (x, y) = (write(a, Some(places)), write(b, Some(places)));
        }
    }
    (x, y)
}

/// 78200 -> "78k", 1_250_000 -> "1.3M", 950 -> "950".
pub fn compact(x: f64) -> String {
    if x.abs() >= 1e6 {
        format!("{:.1}M", x / 1e6)
    } else if x.abs() >= 1e4 {
        format!("{:.0}k", x / 1e3)
    } else {
        num(x)
    }
}

fn readable(level: &str) -> String {
    level.replace('_', " ")
}

/// A place as a sentence names it: a country's code written in small letters (a hotel's
/// `prt`) in capitals, a name written in small letters (`new york`) with capitals; a place
/// written otherwise (`Portugal`, `GB`, `São Paulo`) as it is.
fn place(level: &str) -> String {
    if level.chars().any(char::is_uppercase) || !level.chars().any(char::is_alphabetic) {
        return level.to_owned();
    }
    if (2..=3).contains(&level.len()) && level.bytes().all(|b| b.is_ascii_lowercase()) {
        return level.to_ascii_uppercase();
    }
    // (the small words inside a name stay small: "Rio de Janeiro", "Stratford upon Avon")
    const SMALL: &[&str] = &[
        "de", "da", "do", "das", "dos", "del", "della", "di", "du", "des", "la", "le", "les", "el", "of", "on", "upon",
        "and", "the", "van", "von", "der", "den", "am", "im", "an", "sur", "en", "y",
    ];
    let small = |w: &str| SMALL.contains(&w);
    let words = level.split(' ').enumerate();
    words.map(|(i, w)| if i > 0 && small(w) { w.to_owned() } else { capitalise(w) }).collect::<Vec<_>>().join(" ")
}

/// "a, b and c".
pub fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [a] => a.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The first letter in capitals, unless the first word is a name written with a small first
/// letter and capitals after it (`iOS`, `iPhone`, `eBay`), which stays as written.
pub(crate) fn capitalise(s: &str) -> String {
    let first_word = s.split(char::is_whitespace).next().unwrap_or("");
    if first_word.chars().skip(1).any(char::is_uppercase) {
        return s.to_owned();
    }
    let mut c = s.chars();
    c.next().map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
}

// ---- seeded choices ---------------------------------------------------------------------

/// A seeded pick among `n` for one persona and one purpose.
fn pick(seed: u64, segment: usize, salt: u64, n: usize) -> usize {
    (mix(seed ^ mix(segment as u64 ^ mix(salt))) % n.max(1) as u64) as usize
}

// ---- one draft --------------------------------------------------------------------------

fn number<'s>(s: &'s Segment, key: &str) -> Option<&'s NumberProfile> {
    s.numbers.iter().find(|p| p.feature == key && p.mean.is_finite() && p.overall_mean.is_finite())
}

fn levels<'s>(s: &'s Segment, key: &'s str) -> impl Iterator<Item = &'s LevelProfile> + 's {
    s.levels.iter().filter(move |p| p.feature == key)
}

/// The level of `key` most of the segment has (on a tie, the first by name).
fn commonest<'s>(s: &'s Segment, key: &'s str) -> Option<&'s LevelProfile> {
    levels(s, key).max_by(|a, b| a.share.total_cmp(&b.share).then(b.level.cmp(&a.level)))
}

/// Mean ratio of the segment to everyone (None when everyone's mean is 0).
fn ratio(p: &NumberProfile) -> Option<f64> {
    (p.overall_mean.abs() > 1e-12).then(|| p.mean / p.overall_mean)
}

fn number_detail(p: &NumberProfile, n: u64) -> String {
    // (a few blanks go without saying: an average is of those who have the number)
    let (of, with) = match p.present {
        Some(k) if k * 10 < n * 9 => (k, " with one"),
        _ => (n, ""),
    };
    let (here, all) = num_pair(&p.label, p.mean, p.overall_mean);
    format!(
        "{}: {here} on average in this segment of {} customers{with}, against {all} for everyone (z {:+.1}).",
        p.label,
        num(of as f64),
        p.z
    )
}

fn level_detail(ctx: &Context, p: &LevelProfile, size: u64) -> String {
    match ctx.kind(&p.feature) {
        Some(FeatureKind::Shares) if ctx.is_mix(&p.feature) => format!(
            "{} “{}”: {} of this segment's {} against {} for everyone ({} as common).",
            p.label,
            readable(&p.level),
            pct(p.share),
            if p.feature.starts_with("order") {
                "orders"
            } else if p.feature.starts_with("attr_") {
                "rows"
            } else {
                "events"
            },
            pct(p.overall_share),
            times(p.lift)
        ),
        // (of the customers with rows in its file: a customers file's others have none)
        Some(FeatureKind::Shares) => format!(
            "{} “{}”: {} of this segment's customers in {} against {} of all customers in it ({} as common).",
            p.label,
            readable(&p.level),
            pct(p.share),
            ctx.source(&p.feature).split(" › ").next().filter(|f| !f.is_empty()).unwrap_or("its file"),
            pct(p.overall_share),
            times(p.lift)
        ),
        _ => format!(
            "{} “{}”: {} of {} customers in this segment ({}) against {} of all {} customers ({} as common).",
            p.label,
            readable(&p.level),
            num((p.share * size as f64).round()),
            num(size as f64),
            pct(p.share),
            pct(p.overall_share),
            num(ctx.seg.customers as f64),
            times(p.lift)
        ),
    }
}

/// A line about a level, with its share and lift as the figure ("Orders via app [34% · 2.1×]").
fn level_statement(ctx: &Context, p: &LevelProfile, size: u64, text: String) -> Statement {
    Statement::new(
        text,
        format!("{} · {}", pct(p.share), times(p.lift)),
        level_detail(ctx, p, size),
        ctx.source(&p.feature),
    )
}

/// A number's line, "tenure: 9.1 against 32.4", with its z-score as the figure.
fn number_statement(ctx: &Context, p: &NumberProfile, size: u64) -> Statement {
    Statement::new(
        {
            let (here, all) = num_pair(&p.label, p.mean, p.overall_mean);
            format!("{}: {here} against {all}", p.label)
        },
        format!("z {:+.1}", p.z),
        number_detail(p, size),
        ctx.source(&p.feature),
    )
}

/// Whether a feature comes from a column with this role (a status, a plan).
fn has_role(ctx: &Context, key: &str, role: crate::roles::Role) -> bool {
    ctx.table.feature(key).is_some_and(|f| f.info.role == Some(role))
}

/// Sum of a segment's and everyone's shares over the levels of the event and touchpoint mixes
/// that `matches` picks.
fn mix_share(s: &Segment, matches: fn(&str) -> bool) -> Option<(f64, f64, Vec<String>)> {
    // each mix sums to 1 on its own: its matching share is averaged over the mixes that have
    // one, so the figure is a share of events (never over 100%)
    let (mut seg, mut all, mut mixes) = (0.0, 0.0, 0);
    let mut names = Vec::new();
    for key in ["event_type", "touchpoint"] {
        let (mut s_key, mut a_key, mut hit) = (0.0, 0.0, false);
        for p in levels(s, key) {
            if matches(&p.level.to_lowercase()) {
                s_key += p.share;
                a_key += p.overall_share;
                hit = true;
                let name = readable(&p.level);
                if !names.contains(&name) {
                    names.push(name);
                }
            }
        }
        if hit {
            seg += s_key;
            all += a_key;
            mixes += 1;
        }
    }
    (all > 0.0).then(|| (seg / mixes as f64, all / mixes as f64, names))
}

fn is_research(level: &str) -> bool {
    ["compar", "product_view", "product view", "view_item", "search", "spec", "wishlist", "research"]
        .iter()
        .any(|k| level.contains(k))
        || (level.contains("review") && (level.contains("read") || level.contains("view")))
}

fn is_peer(level: &str) -> bool {
    ["referral", "refer", "social", "recommend", "friend", "word of mouth", "influencer", "community"]
        .iter()
        .any(|k| level.contains(k))
        || (level.contains("review") && (level.contains("writ") || level.contains("post")))
}

const FEMININE: &[&str] = &[
    "female", "f", "woman", "women", "w", "weiblich", "frau", "femme", "féminin", "feminin", "mujer", "femenino",
    "vrouw", "v", "feminino", "mulher", "donna", "femmina",
];
const MASCULINE: &[&str] = &[
    "male",
    "m",
    "man",
    "men",
    "männlich",
    "mann",
    "homme",
    "masculin",
    "hombre",
    "masculino",
    "h",
    "homem",
    "uomo",
    "maschio",
];

fn archetype(ctx: &Context, s: &Segment) -> Archetype {
    let n = s.size;
    let mut held: Vec<(f64, ArchetypeKind, Vec<Statement>)> = Vec::new();
    let strength = |kind: ArchetypeKind, r: f64| {
        let strong = RULES.iter().find(|(k, _, _)| *k == kind).map_or(2.0, |r| r.2);
        r.ln().abs() / strong.ln()
    };
    let discount = ctx.discounts(s.index);
    let freq = number(s, "frequency");
    let recency = number(s, "recency");
    let value = number(s, "order_value");
    let events = number(s, "events");
    let fig = |p: &NumberProfile, what: &str| {
        Statement::new(
            format!("{what}: {} against {} for everyone", num(p.mean), num(p.overall_mean)),
            ratio(p).map_or(String::new(), times),
            number_detail(p, n),
            ctx.source(&p.feature),
        )
    };
    let disc_fig = |d: Discounts| {
        Statement::new(
            format!("{} of orders with a discount, against {} for everyone", pct(d.share()), pct(d.overall())),
            format!("{} discounted", pct(d.share())),
            format!(
                "{} of this segment's {} orders ({}) discounted, against {} for everyone.",
                num(d.seg_discounted as f64),
                num(d.seg as f64),
                pct(d.share()),
                pct(d.overall())
            ),
            ctx.source("discount_share"),
        )
    };
    if let Some(d) = discount
        && let Some(r) = d.ratio()
        && r >= 1.4
        && d.share() >= 0.25
    {
        held.push((strength(ArchetypeKind::DealSeeker, r), ArchetypeKind::DealSeeker, vec![disc_fig(d)]));
    }
    // visits before purchase, read as events per order: (segment, everyone)
    let visits = events.zip(freq).and_then(|(e, f)| {
        (f.mean > 0.0 && f.overall_mean > 0.0).then(|| (e.mean / f.mean, e.overall_mean / f.overall_mean))
    });
    let visits_fig = |(seg, all): (f64, f64)| {
        Statement::new(
            format!("{} events per order, against {} for everyone", num(seg), num(all)),
            times(seg / all),
            format!(
                "Events per order: the segment's mean events ({}) over its mean orders ({}), against {} for everyone.",
                num(events.map_or(f64::NAN, |e| e.mean)),
                num(freq.map_or(f64::NAN, |f| f.mean)),
                num(all)
            ),
            &format!("{}; {}", ctx.source("events"), ctx.source("frequency")),
        )
    };
    for (kind, matches) in [
        (ArchetypeKind::Researcher, is_research as fn(&str) -> bool),
        (ArchetypeKind::PeerInfluenced, is_peer as fn(&str) -> bool),
    ] {
        if let Some((seg, all, names)) = mix_share(s, matches) {
            let r = seg / all;
            if r >= 1.3 && seg >= 0.05 {
                let mut ev = vec![Statement::new(
                    format!("{} of their events and touchpoints are {}", pct(seg), and_list(&names)),
                    times(r),
                    format!(
                        "Shares of {} in the segment's event and touchpoint mixes come to {} (averaged over the two mixes) against {} for everyone.",
                        and_list(&names),
                        pct(seg),
                        pct(all)
                    ),
                    &format!("{}; {}", ctx.source("event_type"), ctx.source("touchpoint")),
                )];
                if kind == ArchetypeKind::Researcher
                    && let Some(v) = visits
                    && v.0 > v.1
                {
                    ev.push(visits_fig(v));
                }
                held.push((strength(kind, r), kind, ev));
            }
        }
    }
    if let (Some(f), Some(rec)) = (freq, recency)
        && let (Some(rf), Some(rr)) = (ratio(f), ratio(rec))
    {
        if rf >= 1.3 && rr <= 0.9 {
            held.push((
                strength(ArchetypeKind::LoyalRegular, rf),
                ArchetypeKind::LoyalRegular,
                vec![fig(f, "Orders per customer"), fig(rec, "Days since the last order")],
            ));
        }
        if rr >= 1.5 && rf <= 0.8 {
            held.push((
                strength(ArchetypeKind::Drifting, rr),
                ArchetypeKind::Drifting,
                vec![fig(rec, "Days since the last order"), fig(f, "Orders per customer")],
            ));
        }
        // ordered often, then stopped (RFM's "at risk": the customers most worth winning back)
        if rf >= 1.3 && rr >= 1.3 {
            held.push((
                strength(ArchetypeKind::LapsedRegular, rf),
                ArchetypeKind::LapsedRegular,
                vec![fig(f, "Orders per customer"), fig(rec, "Days since the last order")],
            ));
        }
    }
    // bought once, in a base whose customers come back (CDNOW's and a gift shop's one-time
    // buyers, most of them long gone): not shoppers like everyone else. So are a segment of
    // whom two thirds ordered once, the rest a few times (lifetimes: 79%, 1.21 orders; CDNOW:
    // 73%, 1.32); of a segment drifting away, three quarters (the sample's lapsed one-timers,
    // 70%, last ordered 593 days ago against 137, are lapsing). (Not a segment of sign-ups of
    // whom a few ever ordered.)
    let once_fig = |seg: f64, all: f64| {
        Statement::new(
            format!("{} ordered once, against {} of everyone", pct(seg), pct(all)),
            times(seg / all),
            format!(
                "Of this segment's customers with orders, {} placed one order; of all customers with orders, {}.",
                pct(seg),
                pct(all)
            ),
            ctx.source("frequency"),
        )
    };
    let drifting = held.iter().any(|(_, kind, _)| *kind == ArchetypeKind::Drifting);
    let once = ctx.ordered_once(s.index).filter(|&(seg, _)| seg >= ONE_TIME_SHARE);
    let by_share = once.is_some_and(|(seg, _)| !drifting || seg >= ONE_TIME_SHARE_DRIFTING);
    if let Some(f) = freq
        && let Some(rf) = ratio(f)
        && f.speaks_for(s.size)
        && (f.mean <= 1.2 && (f.overall_mean >= 1.5 || f.mean <= 1.05) || by_share && f.overall_mean >= 1.5)
    {
        let mut ev = vec![fig(f, "Orders per customer")];
        if let Some((seg, all)) = once {
            ev.push(once_fig(seg, all));
        }
        ev.extend(recency.map(|rec| fig(rec, "Days since the last order")));
        held.push((strength(ArchetypeKind::OneTime, rf), ArchetypeKind::OneTime, ev));
    }
    // few events per order because they buy on few visits, not because many more orders
    // share the events (a frequent buyer is a regular, not impulsive)
    if let Some(v) = visits
        && let Some(f) = freq
        && v.1 > 0.0
        && v.0 / v.1 <= 0.6
        && f.mean >= f.overall_mean
        && f.mean < 1.3 * f.overall_mean
    {
        held.push((strength(ArchetypeKind::Impulsive, v.0 / v.1), ArchetypeKind::Impulsive, vec![visits_fig(v)]));
    }
    // larger baskets of dearer things, not of more of the same: CDNOW's big spenders per order
    // buy 5.6 CDs against 2.2 at the same price each, and are no premium buyers
    let units = s.numbers.iter().find(|p| has_role(ctx, &p.feature, crate::roles::Role::Quantity));
    if let Some(v) = value
        && let Some(r) = ratio(v)
        && r >= 1.5
        && units.and_then(ratio).is_none_or(|q| r / q >= 1.2)
        && discount.is_none_or(|d| d.share() <= d.overall())
    {
        let mut ev = vec![fig(v, "Average order value")];
        if let Some(d) = discount {
            ev.push(disc_fig(d));
        }
        held.push((strength(ArchetypeKind::PremiumBuyer, r), ArchetypeKind::PremiumBuyer, ev));
    }
    held.sort_by(|a, b| b.0.total_cmp(&a.0));
    let also: Vec<String> = held.iter().skip(1).map(|h| h.1.name().to_owned()).collect();
    match held.into_iter().next() {
        Some((_, kind, evidence)) => Archetype {
            kind,
            name: kind.name().to_owned(),
            rule: RULES.iter().find(|r| r.0 == kind).map_or(String::new(), |r| capitalise(r.1)),
            evidence,
            also,
        },
        None if !ctx.table.has_transactions && ctx.table.feature("events").is_none() => Archetype {
            kind: ArchetypeKind::Unknown,
            name: ArchetypeKind::Unknown.name().to_owned(),
            rule: "No orders or events were imported, so how this segment buys is not known".to_owned(),
            evidence: Vec::new(),
            also,
        },
        // (visitors of a shop's clickstream, most of whom never paid: their events say what
        // they did, no order says how they buy)
        None if !ctx.table.has_transactions => Archetype {
            kind: ArchetypeKind::Unknown,
            name: ArchetypeKind::Unknown.name().to_owned(),
            rule: "No orders were imported, only events: what this segment does is below, but how it buys is not known"
                .to_owned(),
            evidence: Vec::new(),
            also,
        },
        // (customers a course platform or a CRM lists who never bought: no shopper, steady or not)
        None if s.numbers.iter().any(|p| p.feature == "frequency" && p.mean.is_nan()) => Archetype {
            kind: ArchetypeKind::Unknown,
            name: ArchetypeKind::Unknown.name().to_owned(),
            rule: "None of them has an order in the imported files, so how this segment buys is not known".to_owned(),
            evidence: Vec::new(),
            also,
        },
        // (a list of sign-ups of whom a few bought: the few's orders are not the segment's)
        None if let Some(k) = freq.filter(|f| !f.speaks_for(s.size)).and_then(|f| f.present) => Archetype {
            kind: ArchetypeKind::Unknown,
            name: ArchetypeKind::Unknown.name().to_owned(),
            rule: format!(
                "Only {} of the {} have an order in the imported files, so how this segment buys is not known",
                num(k as f64),
                num(s.size as f64)
            ),
            evidence: Vec::new(),
            also,
        },
        // (buys now and then: what the label's "Few orders" says, which "steady" did not; a
        // restaurant chain's 1.5 inspections against 16.8, half of them once, review 68)
        // (and fewer than the typical customer: a few pollsters of hundreds of polls make
        // everyone's mean 21.5 where most ran 3, and a segment's 9.5 is no "now and then",
        // review 70)
        None if let Some(f) = freq.filter(|f| {
            f.speaks_for(s.size)
                && ratio(f).is_some_and(|r| r <= OCCASIONAL_RATIO)
                && ctx.median_orders(s.index).is_some_and(|(seg, all)| seg < all)
        }) =>
        {
            let mut evidence = vec![fig(f, "Orders per customer")];
            // (and how many ordered once, where more did than of everyone)
            if let Some((seg, all)) = ctx.ordered_once(s.index).filter(|(seg, all)| seg > all) {
                evidence.push(once_fig(seg, all));
            }
            evidence.extend(recency.map(|rec| fig(rec, "Days since the last order")));
            Archetype {
                kind: ArchetypeKind::Occasional,
                name: ArchetypeKind::Occasional.name().to_owned(),
                rule: RULES
                    .iter()
                    .find(|r| r.0 == ArchetypeKind::Occasional)
                    .map_or(String::new(), |r| capitalise(r.1)),
                evidence,
                also,
            }
        }
        None => {
            let mut evidence = Vec::new();
            for (p, what) in [(freq, "Orders per customer"), (value, "Average order value")] {
                if let Some(p) = p {
                    evidence.push(fig(p, what));
                }
            }
            if let Some(d) = discount {
                evidence.push(disc_fig(d));
            }
            Archetype {
                kind: ArchetypeKind::Steady,
                name: ArchetypeKind::Steady.name().to_owned(),
                rule: "None of the buying-behaviour rules holds clearly for this segment".to_owned(),
                evidence,
                also,
            }
        }
    }
}

/// The dominant level of a category, as a statement, with its share. `say` words a majority
/// ("Lives in Germany"); `most` a plurality ("Most often in Germany"): a line states a value
/// flatly only when most of the segment has it.
fn dominant(
    ctx: &Context,
    s: &Segment,
    key: &str,
    say: impl Fn(&str) -> String,
    most: impl Fn(&str) -> String,
) -> Option<(Statement, f64, String)> {
    let p = commonest(s, key)?;
    // a value (nearly) everyone has says nothing about this segment
    if p.share <= 0.0 || p.overall_share >= 0.95 {
        return None;
    }
    let level = readable(&p.level);
    let text = if p.share >= MAJORITY { say(&level) } else { format!("{} ({})", most(&level), pct(p.share)) };
    let figure = format!("{} {}", pct(p.share), level);
    Some((Statement::new(text, figure, level_detail(ctx, p, s.size), ctx.source(key)), p.share, p.level.clone()))
}

/// The share of a segment's customers who ordered once from which it is one of one-time
/// buyers, whatever the others' orders bring its mean to.
const ONE_TIME_SHARE: f64 = 2.0 / 3.0;
/// The same for a segment drifting away, which is lapsing unless more of it ordered once.
const ONE_TIME_SHARE_DRIFTING: f64 = 0.75;

/// A share at which a value is stated flatly ("Lives in Germany"); below it, as the most
/// common value ("Most often in Germany (27%)").
pub const MAJORITY: f64 = 0.5;
/// The share of a segment in one age band from which its demographics say it is that age
/// ("Aged 55–64"); below it the band is "most often" theirs, with its share: of UniversalBank's
/// segment 51% are aged 55–64 and 43% 45–54. (The persona, one person, is of the commonest
/// band from [`MAJORITY`] on.)
pub const AGE_FLAT: f64 = 2.0 / 3.0;
/// Two bands whose shares of a segment differ by less than this are as common as each other.
const NEAR_TIE: f64 = 0.05;

struct Facts {
    demographics: Vec<Statement>,
    age_phrase: Option<String>,
    age_look: AgeLook,
    presentation: Presentation,
    occupation: Option<String>,
    place: Option<String>,
    household: Option<String>,
}

fn demographics(ctx: &Context, s: &Segment) -> Facts {
    let mut out = Vec::new();
    let mut facts = Facts {
        demographics: Vec::new(),
        age_phrase: None,
        age_look: AgeLook::Adult,
        presentation: Presentation::Neutral,
        occupation: None,
        place: None,
        household: None,
    };
    if let Some(b) = ctx.ages.as_ref().filter(|b| b.known(s.index)) {
        let (best, share, overall) = b.of(s.index);
        let name = &b.names[best];
        let flat = if name.starts_with("born") { capitalise(name) } else { format!("Aged {name}") };
        // (compared as shown: 66.6% reads 67%, not "most often")
        let text = if (share * 100.0).round() >= (AGE_FLAT * 100.0).round() {
            flat
        } else if name.starts_with("born") {
            format!("Most often {name} ({})", pct(share))
        } else {
            format!("Most often aged {name} ({})", pct(share))
        };
        // (a column of birth years gives a mean year of birth, written as a year)
        let mean = number(s, "age").map_or(String::new(), |p| {
            if p.overall_mean >= 1000.0 {
                format!(
                    " The mean year of birth is {:.0} here and {:.0} for everyone.",
                    p.mean.round(),
                    p.overall_mean.round()
                )
            } else {
                format!(" The mean of the age column is {} here and {} for everyone.", num(p.mean), num(p.overall_mean))
            }
        });
        out.push(Statement::new(
            text,
            format!("{} {}", pct(share), if name.starts_with("born") { name.clone() } else { format!("aged {name}") }),
            format!(
                "{} of this segment's customers with a known age are in the band {name}, against {} of everyone.{mean}",
                pct(share),
                pct(overall)
            ),
            &b.source,
        ));
        if share >= MAJORITY {
            facts.age_phrase = Some(if name.starts_with("born") { name.clone() } else { format!("{name} years old") });
        }
        if b.middles[best].is_finite() {
            facts.age_look = AgeLook::from_age(b.middles[best]);
        }
    }
    if let Some(p) = commonest(s, "gender") {
        let mut parts: Vec<&LevelProfile> = levels(s, "gender").filter(|p| p.share >= 0.01).collect();
        parts.sort_by(|a, b| b.share.total_cmp(&a.share).then(a.level.cmp(&b.level)));
        let mix = parts.iter().map(|p| format!("{} {}", pct(p.share), readable(&p.level))).collect::<Vec<_>>();
        // a marketing tool's guess (`likely_female`) is said as one
        let lower = p.level.to_lowercase();
        let (level, guessed) = match lower.strip_prefix("likely_").or_else(|| lower.strip_prefix("likely ")) {
            Some(g) => (g.to_owned(), true),
            None => (lower.clone(), false),
        };
        let text = if p.share < 0.6 {
            "Mixed gender".to_owned()
        } else if matches!(level.as_str(), "uncertain" | "unknown" | "not known" | "prefer not to say") {
            "Gender mostly not known".to_owned()
        } else if guessed {
            format!("Mostly {} (predicted)", readable(&level))
        } else if level.chars().count() == 1 && FEMININE.contains(&level.as_str()) {
            // (a one-letter code, `F`, in words)
            "Mostly female".to_owned()
        } else if level.chars().count() == 1 && MASCULINE.contains(&level.as_str()) {
            "Mostly male".to_owned()
        } else if level.starts_with("coded ") {
            // (a 0/1 column that does not say which gender 1 is)
            format!("Gender mostly {level}")
        } else {
            format!("Mostly {}", readable(&p.level))
        };
        if p.share >= 0.6 {
            if FEMININE.contains(&level.as_str()) {
                facts.presentation = Presentation::Feminine;
            } else if MASCULINE.contains(&level.as_str()) {
                facts.presentation = Presentation::Masculine;
            }
        }
        out.push(Statement::new(
            text,
            mix.first().cloned().unwrap_or_default(),
            format!("Gender in this segment: {}.", and_list(&mix)),
            ctx.source("gender"),
        ));
    }
    let mut locations: Vec<&crate::features::Feature> =
        ctx.table.features.iter().filter(|f| f.info.key.starts_with("location_")).collect();
    // the finest place that still says something: the most common level's share
    locations.sort_by_key(|f| f.info.levels.len());
    let placed = out.len();
    for f in locations.iter().take(2) {
        if let Some((st, share, level)) = dominant(
            ctx,
            s,
            &f.info.key,
            |l| format!("Lives in {}", place(l)),
            |l| format!("Most often in {}", place(l)),
        ) && share >= 0.15
        {
            if share >= MAJORITY {
                facts.place.get_or_insert(place(&readable(&level)));
            }
            out.push(st);
        }
    }
    // no place holds many of them (a telecom's customers over 51 states, 3% in the commonest):
    // that too is where they live, not a thing the data is silent on
    if out.len() == placed
        && let Some(f) = locations.first().filter(|f| f.info.levels.len() >= 5)
        && let Some(p) = commonest(s, &f.info.key)
        && p.share > 0.0
    {
        let level = readable(&p.level);
        out.push(Statement::new(
            format!("Spread over many places ({}): the commonest, {level}, has {}", f.info.label, pct(p.share)),
            format!("{} {level}", pct(p.share)),
            format!(
                "No {} holds as many as 15% of this segment\u{2019}s customers: {level}, the commonest, has {}, against {} of everyone.",
                f.info.label,
                pct(p.share),
                pct(p.overall_share)
            ),
            ctx.source(&f.info.key),
        ));
    }
    if let Some(b) = ctx.incomes.as_ref().filter(|b| b.known(s.index)) {
        let (best, share, overall) = b.of(s.index);
        let mean = number(s, "income").map_or(String::new(), |p| {
            format!(" Mean income: {} here, {} for everyone.", num(p.mean), num(p.overall_mean))
        });
        // (a band ahead by a point or two is no "most often": UniversalBank's 28%, 30% and 30%;
        // every band as common as the first is named, the commonest first)
        let row = &b.counts[s.index];
        let total = row.iter().sum::<u64>().max(1) as f64;
        let mut tied: Vec<usize> =
            (0..row.len()).filter(|&i| i != best && share - row[i] as f64 / total < NEAR_TIE).collect();
        tied.sort_by_key(|&i| (std::cmp::Reverse(row[i]), i));
        let text = if share >= MAJORITY {
            format!("Income in the {}", b.names[best])
        } else if tied.is_empty() {
            format!("Income most often in the {}: {}", b.names[best], pct(share))
        } else {
            let bands: Vec<usize> = std::iter::once(best).chain(tied).collect();
            let names: Vec<String> = bands.iter().map(|&i| format!("the {}", b.names[i])).collect();
            let shares: Vec<String> = bands.iter().map(|&i| pct(row[i] as f64 / total)).collect();
            let verb = if bands.len() == 2 { "split between" } else { "spread over" };
            format!("Income {verb} {}: {}", and_list(&names), and_list(&shares))
        };
        out.push(Statement::new(
            text,
            format!("{} in this band", pct(share)),
            format!(
                "{} of this segment's customers with a known income are in everyone's {}, which holds {} of everyone.{mean}",
                pct(share),
                b.names[best],
                pct(overall)
            ),
            &b.source,
        ));
    }
    type Say = fn(&str) -> String;
    let wordings: [(&str, Say, Say); 3] = [
        ("occupation", |l| capitalise(l), |l| format!("Most often {}", l.to_lowercase())),
        ("education", |l| format!("Education: {l}"), |l| format!("Education most often {l}")),
        ("household", |l| format!("Household: {l}"), |l| format!("Household most often {}", l.to_lowercase())),
    ];
    for (key, say, most) in wordings {
        if let Some((st, share, level)) = dominant(ctx, s, key, say, most) {
            // the story states only what most of the segment is
            if key == "occupation" && share >= MAJORITY {
                facts.occupation = Some(readable(&level).to_lowercase());
            }
            if key == "household" && share >= MAJORITY {
                facts.household = Some(readable(&level).to_lowercase());
            }
            out.push(st);
        }
    }
    // numbers in demographic roles (years of education, household size)
    for key in ["education_number", "household_number", "occupation_number"] {
        if let Some(p) = number(s, key)
            && p.z.abs() >= 0.3
        {
            out.push(number_statement(ctx, p, s.size));
        }
    }
    facts.demographics = out;
    facts
}

/// Lines a segment's attributes (tenure, plan, status, spend and every column with no special
/// role) may give: at most this many.
const ATTRIBUTE_LINES: usize = 6;

/// With fewer lines that set the segment apart, the values most of it has fill up to this many.
const MIN_ATTRIBUTE_LINES: usize = 3;

/// A difference from everyone that counts: a number's |z| or a level's standardised
/// difference of shares at least this.
const ATTRIBUTE_MIN_Z: f64 = 0.3;

/// Whether a feature is one of the columns with no demographic, interest or behaviour role,
/// and a trait: not whether the customer left, which the persona's leaving line says.
fn is_attribute(ctx: &Context, key: &str) -> bool {
    ctx.table.feature(key).is_some_and(|f| {
        // (a column that repeats another, `Experience` beside `Age`, says it again)
        f.info.group == Group::Attributes && !f.info.is_outcome() && !f.info.is_response() && f.info.same_as.is_none()
    })
}

/// A level's share against everyone's as a z-like score: the difference of the shares over
/// everyone's standard deviation of the indicator, so numbers and levels rank together.
fn level_z(p: &LevelProfile) -> f64 {
    let sd = (p.overall_share * (1.0 - p.overall_share)).sqrt();
    if sd > 0.0 { (p.share - p.overall_share) / sd } else { 0.0 }
}

/// What sets the segment apart in its attributes and its orders, strongest first: "Contract:
/// month-to-month, 88% against 55% of everyone", "tenure: 9.1 against 32.4", "Days since last
/// order: 25 against 140". When nothing sets it apart, the values most of the segment has.
/// Returns the lines and how many of the first of them set the segment apart (the rest are the
/// values most of it has).
fn attributes(ctx: &Context, s: &Segment) -> (Vec<Statement>, usize) {
    let mut lines: Vec<(f64, Statement)> = Vec::new();
    // the attributes' numbers, and the orders' (days since the last, orders, money)
    let rfm = |key: &str| ctx.table.feature(key).is_some_and(|f| f.info.group == Group::Rfm);
    for p in s.numbers.iter().filter(|p| is_attribute(ctx, &p.feature) || rfm(&p.feature)) {
        if p.z.abs() >= ATTRIBUTE_MIN_Z && p.mean.is_finite() && p.speaks_for(s.size) {
            lines.push((p.z.abs(), number_statement(ctx, p, s.size)));
        }
    }
    // per category, the level that most sets the segment apart
    let mut best: Vec<(&str, &LevelProfile, f64)> = Vec::new();
    for p in s.levels.iter().filter(|p| is_attribute(ctx, &p.feature)) {
        let z = level_z(p);
        if p.share < 0.1 || z < ATTRIBUTE_MIN_Z {
            continue;
        }
        match best.iter_mut().find(|(k, _, _)| *k == p.feature) {
            Some(b) if z > b.2 => *b = (&p.feature, p, z),
            Some(_) => {}
            None => best.push((&p.feature, p, z)),
        }
    }
    // columns that say the same of the segment (`No internet service` in six service
    // columns) make one line
    let mut merged: Vec<(Vec<&LevelProfile>, f64)> = Vec::new();
    for (_, p, z) in best {
        let same = |q: &LevelProfile| crate::segment::same_level(q, p) && ctx.kind(&q.feature) == ctx.kind(&p.feature);
        match merged.iter_mut().find(|(ps, _)| same(ps[0])) {
            Some((ps, _)) => ps.push(p),
            None => merged.push((vec![p], z)),
        }
    }
    for (ps, z) in merged {
        let mut st = attribute_level(ctx, ps[0], s.size);
        if ps.len() > 1 {
            let labels: Vec<String> = ps.iter().map(|p| p.label.clone()).collect();
            st.text = st.text.replacen(&ps[0].label, &and_list(&labels), 1);
            if let Some(e) = st.evidence.as_mut() {
                e.source = ps.iter().map(|p| ctx.source(&p.feature).to_owned()).collect::<Vec<_>>().join("; ");
                e.detail = ps.iter().map(|p| level_detail(ctx, p, s.size)).collect::<Vec<_>>().join(" ");
            }
        }
        lines.push((z, st));
    }
    lines.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.text.cmp(&b.1.text)));
    let mut out: Vec<Statement> = lines.into_iter().take(ATTRIBUTE_LINES).map(|(_, st)| st).collect();
    let apart = out.len();
    if out.len() < MIN_ATTRIBUTE_LINES {
        // little stands out: the values most of the segment has, of the other columns
        let named: Vec<String> = out.iter().filter_map(|st| st.evidence.as_ref().map(|e| e.source.clone())).collect();
        let mut majority: Vec<&LevelProfile> = s
            .levels
            .iter()
            .filter(|p| is_attribute(ctx, &p.feature) && p.share > MAJORITY && p.overall_share < 0.95)
            .filter(|p| !named.iter().any(|n| n.contains(ctx.source(&p.feature))))
            .collect();
        majority.sort_by(|a, b| b.share.total_cmp(&a.share).then(a.feature.cmp(&b.feature)));
        // (one value a column: a set of tags may have two of most)
        let mut seen: Vec<&str> = Vec::new();
        majority.retain(|p| {
            let first = !seen.contains(&p.feature.as_str());
            seen.push(&p.feature);
            first
        });
        let room = MIN_ATTRIBUTE_LINES - out.len();
        out.extend(majority.into_iter().take(room).map(|p| shared_level(ctx, p, s.size)));
    }
    // a campaign's or a model's yes/no answer (`y`, `Response`) is said for every segment, as
    // how many of them left is: its rarer value, the one a campaign is after
    for f in ctx.table.features.iter().filter(|f| f.info.is_response()) {
        let rarer = levels(s, &f.info.key)
            .filter(|p| p.overall_share > 0.0)
            .min_by(|a, b| a.overall_share.total_cmp(&b.overall_share).then(a.level.cmp(&b.level)));
        if let Some(p) = rarer {
            out.push(attribute_level(ctx, p, s.size));
        }
    }
    (out, apart)
}

/// "Contract: month-to-month, 88% against 55% of everyone" ("Contract: month-to-month (55%)"
/// for a segment of everyone).
fn attribute_level(ctx: &Context, p: &LevelProfile, size: u64) -> Statement {
    let text = if (p.share - p.overall_share).abs() < 1e-9 {
        format!("{}: {} ({})", p.label, readable(&p.level), pct(p.share))
    } else if ctx.is_mix(&p.feature) {
        format!("{}: {}, {} of rows against {}", p.label, readable(&p.level), pct(p.share), pct(p.overall_share))
    } else {
        format!("{}: {}, {} against {} of everyone", p.label, readable(&p.level), pct(p.share), pct(p.overall_share))
    };
    level_statement(ctx, p, size, text)
}

/// A value most of the segment has, as most of everyone may: "Ship Mode: mostly Standard
/// Class (59%, as 60% of everyone)". It says what they are like, not what sets them apart.
fn shared_level(ctx: &Context, p: &LevelProfile, size: u64) -> Statement {
    let text = if (p.share - p.overall_share).abs() < 1e-9 {
        format!("{}: mostly {} ({})", p.label, readable(&p.level), pct(p.share))
    } else {
        format!(
            "{}: mostly {} ({}, as {} of everyone)",
            p.label,
            readable(&p.level),
            pct(p.share),
            pct(p.overall_share)
        )
    };
    level_statement(ctx, p, size, text)
}

/// The interests, values and lifestyle the segment has more than everyone (lift 1.2 or
/// more), or failing them its most common ones; and how many of the first kind there are.
fn psychographics(ctx: &Context, s: &Segment) -> (Vec<Statement>, usize) {
    let mut items: Vec<&LevelProfile> = s
        .levels
        .iter()
        .filter(|p| ctx.table.feature(&p.feature).is_some_and(|f| f.info.group == Group::Interests))
        .filter(|p| p.share >= 0.1 && p.lift >= 1.2)
        .collect();
    items.sort_by(|a, b| b.lift.total_cmp(&a.lift).then(a.level.cmp(&b.level)));
    let apart = items.len().min(5);
    if items.is_empty() {
        items = s
            .levels
            .iter()
            .filter(|p| ctx.table.feature(&p.feature).is_some_and(|f| f.info.group == Group::Interests))
            .filter(|p| p.share >= 0.1)
            .collect();
        items.sort_by(|a, b| b.share.total_cmp(&a.share).then(a.level.cmp(&b.level)));
        items.truncate(3);
    }
    (items.iter().take(5).map(|p| level_statement(ctx, p, s.size, capitalise(&readable(&p.level)))).collect(), apart)
}

fn channels(ctx: &Context, s: &Segment) -> Vec<Statement> {
    let mut out = Vec::new();
    // the orders' and the events' channel mixes, and the mix of each further channel column of
    // a file (`utm_medium` beside `$device`), named with its column
    let mixes = ctx.table.features.iter().filter_map(|f| {
        let key = f.info.key.as_str();
        let column = f.info.label.strip_suffix(" mix").unwrap_or(&f.info.label);
        match key {
            "order_channel" | "touchpoint" => Some((key, None)),
            _ if f.info.is_mix() && further_channel(key) => Some((key, Some(column))),
            _ => None,
        }
    });
    let mut mixes: Vec<(&str, Option<&str>)> = mixes.collect();
    mixes.sort_by_key(|(key, _)| key.starts_with("touchpoint"));
    for (key, column) in mixes {
        let mut ls: Vec<&LevelProfile> = levels(s, key).filter(|p| p.share >= 0.1).collect();
        ls.sort_by(|a, b| b.share.total_cmp(&a.share).then(a.level.cmp(&b.level)));
        // (their usual route, and a second one unless it is far less theirs than everyone's: a
        // fleet flying 85% from JFK is not reached "via LGA", 10% against 31%)
        for p in ls.iter().take(2).enumerate().filter(|(i, p)| *i == 0 || p.lift >= 0.8).map(|(_, p)| p) {
            let level = readable(&p.level);
            let text = if key.starts_with("order_channel") {
                format!("Orders via {level}")
            } else {
                format!("Reached through {level}")
            };
            let text = match column {
                Some(c) => format!("{text} ({c})"),
                None => text,
            };
            out.push(level_statement(ctx, p, s.size, text));
        }
    }
    // a channel on each customer's own row (a hotel's `distribution_channel`, how a lead came),
    // or on each of their events (an event log's `acquisition_channel`, one per customer)
    for f in ctx.table.features.iter().filter(|f| {
        matches!(f.info.role, Some(crate::roles::Role::Channel | crate::roles::Role::Touchpoint))
            && f.info.kind == FeatureKind::Category
            || f.info.one_per_customer && further_channel(&f.info.key)
    }) {
        let Some(p) = commonest(s, &f.info.key).filter(|p| p.share >= 0.1) else { continue };
        // the commonest way in, unless fewer of the segment came that way than of everyone while
        // another way is far more theirs (an event log's `acquisition_channel`: organic 32%
        // against 36%, social 22% against 15%)
        let apart = levels(s, &f.info.key)
            .filter(|q| q.share >= 0.1 && q.lift >= 1.3)
            .max_by(|a, b| a.lift.total_cmp(&b.lift).then(b.level.cmp(&a.level)));
        let text = match apart {
            _ if p.share >= MAJORITY => format!("Came through {} ({})", readable(&p.level), f.info.label),
            Some(q) if p.lift < 1.0 => {
                let text = format!(
                    "More often came through {} ({}, {} against {} of everyone)",
                    readable(&q.level),
                    f.info.label,
                    pct(q.share),
                    pct(q.overall_share)
                );
                out.push(level_statement(ctx, q, s.size, text));
                continue;
            }
            _ => format!("Most often came through {} ({}, {})", readable(&p.level), f.info.label, pct(p.share)),
        };
        out.push(level_statement(ctx, p, s.size, text));
    }
    out
}

/// Whether a feature is the mix of a file's further channel column (`utm_medium` beside
/// `$device`), keyed after the first's.
fn further_channel(key: &str) -> bool {
    key.starts_with("order_channel_") || key.starts_with("touchpoint_")
}

fn term_statement(ctx: &Context, verb: &str, terms: &[&DistinctiveTerm]) -> Statement {
    let words: Vec<String> = terms.iter().map(|t| format!("“{}”", t.term)).collect();
    let first = terms[0];
    let details: Vec<String> = terms
        .iter()
        .map(|t| {
            format!(
                "“{}” is in {} of {} comments of this segment ({}) against {} of {} of everyone else's ({}), z {:.1}",
                t.term,
                t.group_docs,
                t.group_total,
                pct(t.group_docs as f64 / t.group_total.max(1) as f64),
                t.other_docs,
                t.other_total,
                pct(t.other_docs as f64 / t.other_total.max(1) as f64),
                t.z
            )
        })
        .collect();
    Statement::new(
        format!("{verb} {}", and_list(&words)),
        format!(
            "{} of their comments vs {}",
            pct(first.group_docs as f64 / first.group_total.max(1) as f64),
            pct(first.other_docs as f64 / first.other_total.max(1) as f64)
        ),
        format!("{}.", details.join("; ")),
        &ctx.table.comments.source,
    )
}

const FIRST_FEMININE: &[&str] = &[
    "Anna", "Sofia", "Mia", "Clara", "Lena", "Emma", "Julia", "Marta", "Elena", "Nora", "Ines", "Chloé", "Amira",
    "Lucía", "Hanna", "Zoe", "Maja", "Leonie", "Camille", "Beatriz", "Giulia", "Sanne", "Aylin", "Priya",
];
const FIRST_MASCULINE: &[&str] = &[
    "Lukas", "Jonas", "Mateo", "David", "Felix", "Daniel", "Tom", "Paul", "Marco", "Hugo", "Omar", "Tiago", "Jan",
    "Luca", "Pedro", "Samuel", "Noah", "Elias", "Karim", "Bram", "Mehmet", "Arjun", "Louis", "Ben",
];
const FIRST_NEUTRAL: &[&str] = &[
    "Alex",
    "Sam",
    "Robin",
    "Kim",
    "Charlie",
    "Jordan",
    "Noa",
    "Eli",
    "Kai",
    "Sasha",
    "Luca",
    "Andrea",
    "Jamie",
    "Maxime",
    "Toni",
    "Mika",
    "Ariel",
    "Quinn",
    "René",
    "Dominique",
];
const SURNAMES: &[&str] = &[
    "Berger",
    "Novak",
    "Moreau",
    "García",
    "Rossi",
    "de Vries",
    "Silva",
    "Schneider",
    "Lindqvist",
    "Kowalski",
    "Dubois",
    "Fernández",
    "Bianchi",
    "Jansen",
    "Costa",
    "Weber",
    "Nielsen",
    "Horvat",
    "Laurent",
    "Martín",
    "Ricci",
    "Visser",
    "Santos",
    "Keller",
    "Okafor",
    "Yilmaz",
    "Haddad",
    "Nguyen",
    "Patel",
    "Murphy",
];

fn name_for(presentation: Presentation, seed: u64, segment: usize, used: &mut Vec<&'static str>) -> String {
    let list = match presentation {
        Presentation::Feminine => FIRST_FEMININE,
        Presentation::Masculine => FIRST_MASCULINE,
        Presentation::Neutral => FIRST_NEUTRAL,
    };
    let start = pick(seed, segment, 1, list.len());
    let first =
        (0..list.len()).map(|i| list[(start + i) % list.len()]).find(|n| !used.contains(n)).unwrap_or(list[start]);
    used.push(first);
    let start = pick(seed, segment, 2, SURNAMES.len());
    let last = (0..SURNAMES.len())
        .map(|i| SURNAMES[(start + i) % SURNAMES.len()])
        .find(|n| !used.contains(n))
        .unwrap_or(SURNAMES[start]);
    used.push(last);
    format!("{first} {last}")
}

fn draft(
    ctx: &Context,
    s: &Segment,
    terms: &[DistinctiveTerm],
    seed: u64,
    used: &mut Vec<&'static str>,
    kept: Option<&str>,
) -> PersonaDraft {
    let facts = demographics(ctx, s);
    let (attrs, apart) = attributes(ctx, s);
    // (what the segment shares with everyone is no motivation of its own, nor its motto)
    let (psycho, psycho_apart) = psychographics(ctx, s);
    let arch = archetype(ctx, s);
    let chans = channels(ctx, s);
    let name = kept.map_or_else(|| name_for(facts.presentation, seed, s.index, used), str::to_owned);
    let first = name.split(' ').next().unwrap_or(&name).to_owned();
    let interests: Vec<String> = psycho.iter().take(3).map(|p| p.text.to_lowercase()).collect();
    // the question wording only when every item told comes from that one column
    let sources: Vec<&str> =
        psycho.iter().take(3).filter_map(|p| p.evidence.as_ref()).map(|e| e.source.as_str()).collect();
    let interests_under = match sources.first() {
        Some(first) if sources.iter().all(|s| s == first) => not_pastimes(first),
        _ => None,
    };

    // feedback words: by the tone of the comments that use them
    let negative: Vec<&DistinctiveTerm> = terms.iter().filter(|t| t.negative * 2 > t.group_docs).take(3).collect();
    let positive: Vec<&DistinctiveTerm> = terms.iter().filter(|t| t.positive * 2 > t.group_docs).take(3).collect();

    let mut motivations = Vec::new();
    let mut goals = Vec::new();
    let mut pains = Vec::new();
    let lead = arch.evidence.first().cloned();
    let discounted_most = ctx.discounts(s.index).is_some_and(|d| d.share() > 0.5);
    let with_lead = |text: &str| -> Option<Statement> {
        lead.as_ref().map(|l| Statement { text: text.to_owned(), evidence: l.evidence.clone() })
    };
    match arch.kind {
        ArchetypeKind::DealSeeker => {
            motivations.extend(with_lead("Saving money on every order"));
            goals.extend(with_lead("Pay less than elsewhere for the same thing"));
            // ("mostly" only where most of their orders had one: the rule asks for a quarter)
            pains.extend(with_lead(if discounted_most {
                "Full prices: buys mostly when there is a discount"
            } else {
                "Full prices: orders far more often with a discount than everyone"
            }));
        }
        ArchetypeKind::Researcher => {
            motivations.extend(with_lead("Making a well-informed choice"));
            goals.extend(with_lead("Be sure before buying: compare options and read reviews"));
            pains.extend(with_lead("Missing or thin product information slows the decision"));
        }
        ArchetypeKind::PeerInfluenced => {
            motivations.extend(with_lead("What friends and other customers recommend"));
            goals.extend(with_lead("Buy what people they trust have tried"));
        }
        ArchetypeKind::LoyalRegular => {
            motivations.extend(with_lead("A shop they know and can rely on"));
            goals.extend(with_lead("Keep favourite products coming without effort"));
        }
        ArchetypeKind::Impulsive => {
            motivations.extend(with_lead("Getting it now, with little browsing"));
            goals.extend(with_lead("A fast path from seeing to buying"));
        }
        ArchetypeKind::PremiumBuyer => {
            motivations.extend(with_lead("Quality over price"));
            goals.extend(with_lead("Buy the best option, not the cheapest"));
        }
        ArchetypeKind::Drifting => {
            pains.extend(with_lead("Has stopped ordering: no order for a long time after few orders"));
        }
        ArchetypeKind::LapsedRegular => {
            motivations.extend(with_lead("A shop that once fitted their routine"));
            pains.extend(with_lead("Has stopped ordering after many orders: no order for a long time"));
        }
        ArchetypeKind::OneTime => {
            pains.extend(with_lead("Most ordered once and not again"));
        }
        ArchetypeKind::Occasional => {
            pains.extend(with_lead("Orders now and then: far fewer orders than other customers"));
        }
        ArchetypeKind::Steady | ArchetypeKind::Unknown => {}
    }
    if let Some(p) = psycho.first().filter(|_| psycho_apart > 0) {
        motivations
            .push(Statement { text: format!("Cares about {}", p.text.to_lowercase()), evidence: p.evidence.clone() });
    }
    if !positive.is_empty() {
        motivations.push(term_statement(ctx, "Praises", &positive));
    }
    let mut cats: Vec<&LevelProfile> =
        levels(s, "order_category").filter(|p| p.lift >= 1.3 && p.share >= 0.1).collect();
    cats.sort_by(|a, b| b.lift.total_cmp(&a.lift).then(a.level.cmp(&b.level)));
    for p in cats.iter().take(2) {
        goals.push(Statement::new(
            format!("Find the right {}", readable(&p.level).to_lowercase()),
            format!("{} of orders · {}", pct(p.share), times(p.lift)),
            level_detail(ctx, p, s.size),
            ctx.source("order_category"),
        ));
    }
    if let Some(p) = number(s, "satisfaction")
        && p.z <= -0.3
    {
        pains.push(Statement::new(
            format!("Less satisfied than most: {} against {} on average", num(p.mean), num(p.overall_mean)),
            format!("z {:+.1}", p.z),
            number_detail(p, s.size),
            ctx.source("satisfaction"),
        ));
    }
    if !negative.is_empty() {
        pains.push(term_statement(ctx, "Complains about", &negative));
    }
    // a status that says customers leave: more (or fewer) of this segment left (once for
    // columns that say the same, IBM's `Churn Label` and `Churn Value`)
    let mut leaves = None;
    let mut said: Vec<&LevelProfile> = Vec::new();
    for p in s.levels.iter().filter(|p| {
        has_role(ctx, &p.feature, crate::roles::Role::Status) && crate::roles::leaving_level(&p.label, &p.level)
    }) {
        let same =
            |q: &&LevelProfile| (q.share - p.share).abs() < 0.005 && (q.overall_share - p.overall_share).abs() < 0.005;
        if said.iter().any(same) {
            continue;
        }
        said.push(p);
        let st = |text: String| level_statement(ctx, p, s.size, text);
        let figures = format!(
            "{} {} “{}” against {} of everyone",
            pct(p.share),
            p.label,
            readable(&p.level),
            pct(p.overall_share)
        );
        if p.lift >= 1.2 && p.share >= 0.05 {
            pains.push(st(format!("{LEAVES}{figures}")));
            leaves = Some(true);
        } else if p.lift <= 0.8 {
            motivations.push(st(format!("{STAYS}{figures}")));
            leaves = Some(false);
        }
    }
    // the plan or contract that sets the segment apart
    let mut plans: Vec<&LevelProfile> = s
        .levels
        .iter()
        .filter(|p| has_role(ctx, &p.feature, crate::roles::Role::Plan))
        .filter(|p| p.lift >= 1.3 && p.share >= 0.2 && !matches!(p.level.to_lowercase().as_str(), "no" | "false" | "0"))
        .collect();
    plans.sort_by(|a, b| level_z(b).total_cmp(&level_z(a)).then(a.level.cmp(&b.level)));
    for p in plans.iter().take(2) {
        let what = if matches!(p.level.to_lowercase().as_str(), "yes" | "true" | "1") {
            p.label.clone()
        } else {
            // (a plan on rows of answers is a mix of them: `Plan mix`)
            let label = p.label.strip_suffix(" mix").unwrap_or(&p.label);
            format!("{} {}", lower_word(&readable(&p.level)), label.to_lowercase())
        };
        goals.push(level_statement(ctx, p, s.size, format!("Keep their {what}")));
    }
    let neutral: Vec<&DistinctiveTerm> = terms
        .iter()
        .filter(|t| !negative.iter().any(|n| n.term == t.term) && !positive.iter().any(|p| p.term == t.term))
        .take(3)
        .collect();
    if positive.is_empty() && negative.is_empty() && !neutral.is_empty() {
        motivations.push(term_statement(ctx, "Talks about", &neutral));
    }

    let age = facts.age_phrase.clone();
    let story = story(&StoryFacts {
        first: &first,
        age: age.as_deref(),
        occupation: facts.occupation.as_deref(),
        place: facts.place.as_deref(),
        household: facts.household.as_deref(),
        interests: &interests,
        interests_under: interests_under.as_deref(),
        archetype: arch.kind,
        discounts_known: number(s, "discount_share").is_some(),
        discounted_most,
        once_like_most: number(s, "frequency").is_some_and(|f| f.overall_mean < 1.5),
        channel: chans
            .iter()
            .find(|c| c.text.starts_with("Orders via"))
            .map(|c| c.text["Orders via ".len()..].to_owned())
            .zip(levels(s, "order_channel").map(|p| p.share).max_by(f64::total_cmp).map(|share| share > 0.5)),
        praise: positive.iter().map(|t| t.term.clone()).collect(),
        complaints: negative.iter().map(|t| t.term.clone()).collect(),
        apart: attrs.iter().take(apart.min(2)).map(|a| a.text.clone()).collect(),
        seed,
        segment: s.index,
    });
    let mut quote =
        quote(arch.kind, &negative, &positive, interests.first().filter(|_| psycho_apart > 0), seed, s.index);
    match leaves {
        Some(true) => quote.push_str(" I'm not sure I'll stay much longer."),
        Some(false) => quote.push_str(" I'm happy to stay with you."),
        None => {}
    }
    let mut summary_parts: Vec<String> = Vec::new();
    if let Some(a) = &age {
        summary_parts.push(a.clone());
    }
    if let Some((_, short)) = facts.occupation.as_deref().and_then(livelihood) {
        summary_parts.push(short);
    }
    let mut archetype = arch.name.clone();
    if let Some(fig) =
        arch.evidence.first().and_then(|e| e.evidence.as_ref()).filter(|_| arch.kind != ArchetypeKind::Steady)
    {
        archetype.push_str(&format!(" ({})", fig.figure));
    }
    if arch.kind == ArchetypeKind::Unknown {
        archetype = capitalise(&summary_parts.join(", "));
    } else if !summary_parts.is_empty() {
        archetype = format!("{}: {}", capitalise(&summary_parts.join(", ")), archetype.to_lowercase());
    }
    let mut summary: Vec<String> = Some(archetype).filter(|a| !a.is_empty()).into_iter().collect();
    if let Some(i) = interests.first().filter(|_| psycho_apart > 0) {
        summary.push(format!("into {i}"));
    }
    if let Some(c) = chans.first() {
        summary.push(c.text.to_lowercase());
    }
    if summary.len() < 3
        && let Some(a) = attrs.first().filter(|_| apart > 0)
    {
        summary.push(a.text.clone());
    }
    let summary = summary.join(" · ");
    let avatar = AvatarSpec {
        seed: mix(seed ^ mix(s.index as u64 + 1)),
        age: facts.age_look,
        presentation: facts.presentation,
        colour: s.index as u8,
    };
    PersonaDraft {
        segment: s.index,
        segment_label: s.label.clone(),
        customers: s.size,
        share: s.share,
        name,
        title: title_of(arch.kind, s, ctx),
        avatar,
        summary,
        demographics: facts.demographics,
        attributes: attrs,
        apart,
        psychographics: psycho,
        archetype: arch,
        motivations,
        goals,
        pain_points: pains,
        channels: chans,
        terms: terms.to_vec(),
        story,
        quote,
    }
}

/// How a pain point says that more of the segment left than of everyone, and a motivation
/// that fewer did: figures of an outcome, not words to speak to them with.
pub const LEAVES: &str = "More likely to leave: ";
pub const STAYS: &str = "Tends to stay: ";

/// Lower case for a word in a sentence, but not for an acronym (`DSL`, `VIP`).
fn lower_word(s: &str) -> String {
    let letters: Vec<char> = s.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase()) { s.to_owned() } else { s.to_lowercase() }
}

/// Whether a word is acronyms: capitals in runs of at most three (`DSL`, a hotel's `TA/TO`,
/// `B2B`), not a word written in capitals (`RENT`).
fn is_acronym(w: &str) -> bool {
    let mut runs = w.split(|c: char| !c.is_alphabetic()).filter(|r| !r.is_empty()).peekable();
    runs.peek().is_some() && runs.all(|r| r.chars().count() <= 3 && r.chars().all(char::is_uppercase))
}

/// The persona's title: the archetype's ("The deal-seeker"); without buying data, the value
/// that most sets the segment apart ("The month-to-month customer"), or failing one the number
/// ("The customer with high tenure").
fn title_of(kind: ArchetypeKind, s: &Segment, ctx: &Context) -> String {
    if kind != ArchetypeKind::Unknown {
        return kind.title().to_owned();
    }
    let yes_no = |l: &str| matches!(l.to_lowercase().as_str(), "yes" | "no" | "true" | "false" | "0" | "1");
    let level = s
        .levels
        .iter()
        .filter(|p| is_attribute(ctx, &p.feature) && p.share >= MAJORITY && !yes_no(&p.level))
        .filter(|p| ctx.kind(&p.feature) == Some(FeatureKind::Category))
        .max_by(|a, b| level_z(a).total_cmp(&level_z(b)).then(b.level.cmp(&a.level)))
        .filter(|p| level_z(p) >= ATTRIBUTE_MIN_Z)
        .filter(|p| names_a_kind(&p.level));
    if let Some(p) = level {
        let level = title_words(&p.level);
        let last = level.rsplit(' ').next().unwrap_or_default();
        return if matches!(last, "customer" | "customers" | "client" | "clients" | "member" | "members") {
            format!("The {level}")
        } else {
            format!("The {level} customer")
        };
    }
    s.numbers
        .iter()
        .filter(|p| is_attribute(ctx, &p.feature) || matches!(p.feature.as_str(), "age" | "income"))
        // (a long header makes no title: `number_of_people_being_liable_to_provide_maintenance_for`)
        .filter(|p| p.z.is_finite() && p.z.abs() >= TITLE_MIN_Z && p.label.trim().chars().count() <= 30)
        .filter(|p| p.speaks_for(s.size))
        // (a code, a class 1 to 3 or a marital status 1 to 4, is no amount to be high in)
        .filter(|p| amounts(ctx, &p.feature))
        .max_by(|a, b| a.z.abs().total_cmp(&b.z.abs()).then(b.feature.cmp(&a.feature)))
        .map_or_else(
            // (nothing to name them by in a few words: what the segment's label says, or that
            // they are everyone's average)
            || match s.distinctions.is_empty() {
                true => "The average customer".to_owned(),
                // (the label's first part: a title is a few words)
                false => format!("{} — {}", kind.title(), s.label.split(", ").next().unwrap_or_default()),
            },
            |p| {
                let high = p.z > 0.0;
                // (a column of birth years is higher for the younger)
                let born = p.overall_mean >= 1000.0;
                match p.feature.as_str() {
                    "age" if high != born => "The older customer".to_owned(),
                    "age" => "The younger customer".to_owned(),
                    "income" if high => "The higher-income customer".to_owned(),
                    "income" => "The lower-income customer".to_owned(),
                    _ => format!("The customer with {} {}", if high { "high" } else { "low" }, p.label.trim()),
                }
            },
        )
}

/// Whether a number feature holds amounts rather than a handful of codes: six distinct values
/// at least.
fn amounts(ctx: &Context, key: &str) -> bool {
    let Some(crate::features::FeatureData::Numeric(values)) = ctx.table.feature(key).map(|f| &f.data) else {
        return false;
    };
    let mut seen: Vec<u64> = Vec::with_capacity(6);
    for v in values.iter().filter(|v| v.is_finite()) {
        if !seen.contains(&v.to_bits()) {
            seen.push(v.to_bits());
            if seen.len() >= 6 {
                return true;
            }
        }
    }
    false
}

/// Orders per customer, against everyone's, at most which a segment that no rule fits buys now
/// and then ([`ArchetypeKind::Occasional`]).
const OCCASIONAL_RATIO: f64 = 0.5;

/// How far (in standard deviations) a number must set the segment apart to give its title.
const TITLE_MIN_Z: f64 = 0.5;

/// A level as a title's words: acronyms as written (`DSL`, `Offline TA/TO`), other words in
/// lower case (a word in capitals, `RENT`, too).
fn title_words(level: &str) -> String {
    let lower = |w: &str| {
        if is_acronym(w) && w.chars().filter(|c| c.is_alphabetic()).count() >= 2 {
            w.to_owned()
        } else {
            w.to_lowercase()
        }
    };
    readable(level).split(' ').map(lower).collect::<Vec<_>>().join(" ")
}

/// Whether a level names a kind of customer a title can say ("month-to-month", "DSL",
/// "Business Customer"): not a class letter (`D`), a code (`hunts32`, `skw`), nor a value that
/// says nothing of them (`unknown`, `other`, a past campaign's `failure`).
fn names_a_kind(level: &str) -> bool {
    let level = level.trim();
    let letters = level.chars().filter(|c| c.is_alphabetic()).count();
    let acronym = letters <= 3 && level.chars().all(|c| !c.is_alphabetic() || c.is_uppercase());
    let says_nothing = matches!(
        readable(level).to_lowercase().as_str(),
        "unknown"
            | "other"
            | "others"
            | "none"
            | "n/a"
            | "na"
            | "not applicable"
            | "not known"
            | "missing"
            | "undefined"
            | "null"
            | "nonexistent"
            | "failure"
            | "success"
    );
    letters >= 2 && (letters > 3 || acronym) && !level.chars().any(|c| c.is_ascii_digit()) && !says_nothing
}

struct StoryFacts<'a> {
    first: &'a str,
    age: Option<&'a str>,
    occupation: Option<&'a str>,
    place: Option<&'a str>,
    household: Option<&'a str>,
    interests: &'a [String],
    /// The column the interests come from when its header does not say they are pastimes (a
    /// survey's `Which features do you use?`, a list's `Tags`).
    interests_under: Option<&'a str>,
    archetype: ArchetypeKind,
    /// Whether the orders say which had a discount.
    discounts_known: bool,
    /// Whether more than half of the segment's orders had a discount.
    discounted_most: bool,
    /// Whether most of everyone ordered once too (under 1.5 orders each on average).
    once_like_most: bool,
    /// The channel most of their orders come by, and whether that is more than half of them.
    channel: Option<(String, bool)>,
    praise: Vec<String>,
    complaints: Vec<String>,
    /// The attribute lines that most set the segment apart.
    apart: Vec<String>,
    seed: u64,
    segment: usize,
}

/// The column of an evidence's source (`file.csv › Which features do you use?`) when its header
/// does not name interests, values or a lifestyle: the items are then what that column lists,
/// not pastimes.
fn not_pastimes(source: &str) -> Option<String> {
    let columns: Vec<&str> =
        source.split("; ").filter_map(|part| part.split_once(" \u{203a} ")).map(|(_, c)| c.trim()).collect();
    // (a list's `Tags`, which a team puts on its customers or their answers, are no pastimes)
    let pastimes = |column: &str| {
        matches!(
            crate::roles::role_from_header(column),
            Some((crate::roles::Role::Interests | crate::roles::Role::Values | crate::roles::Role::Lifestyle, word))
                if word != "tags"
        )
    };
    match columns[..] {
        [] => None,
        [one] => (!pastimes(one)).then(|| one.to_owned()),
        // several columns made one list: none of them said pastimes, and none is the one asked
        ref several => several.iter().all(|c| !pastimes(c)).then(String::new),
    }
}

fn story(f: &StoryFacts) -> String {
    let p = |salt: u64, n: usize| pick(f.seed, f.segment, salt, n);
    let mut out: Vec<String> = Vec::new();
    let work = f.occupation.and_then(livelihood).map(|(clause, _)| clause);
    let who = match (f.age, work) {
        (Some(a), Some(w)) => format!("{} is {a}, {}", f.first, w.strip_prefix("is ").unwrap_or(&w)),
        (Some(a), None) => format!("{} is {a}", f.first),
        (None, Some(w)) => format!("{} {w}", f.first),
        (None, None) => format!("{} is one of your customers", f.first),
    };
    out.push(match f.place {
        Some(place) => match p(10, 2) {
            0 => format!("{who} and lives in {place}."),
            _ => format!("{who}; home is {place}."),
        },
        None => format!("{who}."),
    });
    if let Some(h) = f.household {
        out.push(match p(11, 2) {
            0 => format!("Household: {h}."),
            _ => format!("At home: {h}."),
        });
    }
    if !f.interests.is_empty() {
        let list = and_list(f.interests);
        out.push(match (f.interests_under, p(12, 3)) {
            // what a question or a list column holds is not what fills anyone's weekends
            (Some(""), _) => format!("They often name {list}."),
            (Some(column), _) if column.ends_with('?') => {
                format!("Asked \u{201c}{column}\u{201d}, they answer {list}.")
            }
            (Some(column), _) => format!("{column}: {}.", capitalise(&list)),
            (None, 0) => format!("Free time goes to {list}."),
            (None, 1) => format!("{list} fill the weekends.", list = capitalise(&list)),
            (None, _) => format!("Ask {} about {list} and the conversation gets going.", f.first),
        });
    }
    let buying = match f.archetype {
        ArchetypeKind::DealSeeker if f.discounted_most => [
            "Full price is the exception: most of their orders come with a discount.",
            "They wait for the deal: most of their orders carry a discount.",
        ],
        ArchetypeKind::DealSeeker => [
            "A discount often tips it: far more of their orders carry one than other customers' do.",
            "They watch for deals: they order with a discount far more often than other customers.",
        ],
        ArchetypeKind::Researcher => [
            "Before buying anything, they view, compare and read reviews.",
            "No purchase happens without research: product pages, comparisons, reviews.",
        ],
        ArchetypeKind::PeerInfluenced => [
            "Recommendations from friends and other customers weigh more than any ad.",
            "They often arrive through a referral or a social post.",
        ],
        ArchetypeKind::LoyalRegular => [
            "They order more often than most, and more recently: a regular who knows the shop.",
            "A regular: more orders than most, and a more recent last one.",
        ],
        ArchetypeKind::Impulsive => [
            "When something catches their eye, they buy it with little browsing.",
            "Few visits come before an order: they decide fast.",
        ],
        // (what discounts do is said only where the orders say it)
        ArchetypeKind::PremiumBuyer if f.discounts_known => [
            "They spend well above average per order and rarely wait for a discount.",
            "Baskets are large, and discounts play little part.",
        ],
        ArchetypeKind::PremiumBuyer => {
            ["They spend well above average per order.", "Baskets are large: well above average per order."]
        }
        ArchetypeKind::Drifting => [
            "After a few orders they have gone quiet: the last one was long ago.",
            "They have not ordered for a long time.",
        ],
        ArchetypeKind::LapsedRegular => [
            "They used to order more often than most, but their last order was long ago.",
            "Once regulars, with many orders; none for a long time now.",
        ],
        // (in a base where most customers order once, not "where others order again")
        ArchetypeKind::OneTime if f.once_like_most => [
            "They ordered once, as most of your customers have: a second order has not followed.",
            "One order each, as for most customers: a second one has not followed.",
        ],
        ArchetypeKind::OneTime => [
            "Most of them ordered once and have not come back, where other customers order again.",
            "One order each, mostly: a second one has not followed.",
        ],
        ArchetypeKind::Occasional => [
            "They order now and then, far less often than most of your customers.",
            "An order once in a while: far fewer than other customers place.",
        ],
        ArchetypeKind::Steady => [
            "How they buy fits none of the buying archetypes clearly.",
            "No one buying pattern stands out strongly enough to name.",
        ],
        ArchetypeKind::Unknown => ["", ""],
    };
    if !f.apart.is_empty() {
        let list = and_list(&f.apart.iter().map(|a| a.to_string()).collect::<Vec<_>>());
        out.push(match p(16, 2) {
            0 => format!("Compared with everyone, what sets them apart is {list}."),
            _ => format!("What marks them out: {list}."),
        });
    }
    if f.archetype != ArchetypeKind::Unknown {
        out.push(buying[p(13, 2)].to_owned());
    }
    // ("most" for more than half of the orders only)
    if let Some((c, most)) = &f.channel {
        out.push(match (p(14, 2), most) {
            (0, true) => format!("Most orders are placed via {c}."),
            (_, true) => format!("Their usual way to order: {c}."),
            (0, false) => format!("They order via {c} more often than any other way."),
            (_, false) => format!("Their most frequent way to order: {c}."),
        });
    }
    if !f.complaints.is_empty() {
        let words = and_list(&f.complaints.iter().map(|t| format!("“{t}”")).collect::<Vec<_>>());
        out.push(match p(15, 2) {
            0 => format!("When they are unhappy, their feedback mentions {words}."),
            _ => format!("Their complaints come back to {words}."),
        });
    } else if !f.praise.is_empty() {
        let words = and_list(&f.praise.iter().map(|t| format!("“{t}”")).collect::<Vec<_>>());
        out.push(format!("Their praise mentions {words}."));
    }
    out.join(" ")
}

/// How a story says what most of a segment do for a living, from an occupation column's level:
/// a job (`technician`: "works as a technician"), a field (`management`: "works in
/// management") or how they are employed, which no one "works as" (`retired`, `part-time`,
/// credit data's `fixed`). Gives the clause after the name and the words for the summary line;
/// None for a level that says nothing (`others`, `unknown`).
fn livelihood(level: &str) -> Option<(String, String)> {
    let key: String = level
        .trim()
        .trim_end_matches('.')
        .to_lowercase()
        .chars()
        .map(|c| if matches!(c, '-' | '_' | '/') { ' ' } else { c })
        .collect();
    let key = key.split_whitespace().collect::<Vec<_>>().join(" ");
    let said = |clause: &str, short: &str| Some((clause.to_owned(), short.to_owned()));
    match key.as_str() {
        "" | "other" | "others" | "unknown" | "n a" | "na" | "none of these" | "misc" | "various" => None,
        "retired" | "retiree" | "pensioner" | "pensioned" | "retirement" => said("is retired", "retired"),
        "student" | "students" | "studying" | "in education" => said("is a student", "student"),
        "unemployed" | "jobless" | "not working" | "out of work" | "no job" | "none" | "not employed" => {
            said("is out of work", "out of work")
        }
        "self employed" | "selfemployed" | "self employment" | "own account" | "own business" => {
            said("is self-employed", "self-employed")
        }
        "freelance" | "freelancer" | "freelancing" => said("works freelance", "freelance"),
        "part time" | "partime" | "parttime" => said("works part-time", "part-time"),
        "full time" | "fulltime" => said("works full-time", "full-time"),
        "fixed" | "permanent" | "permanent job" | "fixed contract" => said("has a permanent job", "permanent job"),
        "temporary" | "temp" | "fixed term" | "temporary job" | "casual" => {
            said("has a temporary job", "temporary job")
        }
        "employed" | "working" | "in work" | "employee" => said("is employed", "employed"),
        "salaried" => said("is salaried", "salaried"),
        "homemaker" | "housewife" | "househusband" | "home maker" | "stay at home" | "housekeeping" => {
            said("keeps house", "homemaker")
        }
        "management" | "services" | "service" | "admin" | "administration" | "administrative" | "sales"
        | "marketing" | "it" | "finance" | "retail" | "education" | "healthcare" | "health care" | "health"
        | "government" | "public sector" | "private sector" | "hospitality" | "manufacturing" | "construction"
        | "agriculture" | "farming" | "research" | "engineering" | "technology" | "tech" | "transport"
        | "logistics" | "legal" | "law" | "media" | "entertainment" | "arts" | "science" | "banking" => {
            let field = if key == "it" { "IT".to_owned() } else { key };
            Some((format!("works in {field}"), field))
        }
        _ if key.ends_with(" collar") => {
            let job = format!("{}-collar worker", key.trim_end_matches(" collar"));
            Some((format!("works as a {job}"), job))
        }
        _ => {
            let job = level.trim().to_owned();
            Some((format!("works as {} {job}", article(&job)), job))
        }
    }
}

fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" }
}

fn quote(
    kind: ArchetypeKind,
    negative: &[&DistinctiveTerm],
    positive: &[&DistinctiveTerm],
    interest: Option<&String>,
    seed: u64,
    segment: usize,
) -> String {
    let lines: &[&str] = match kind {
        ArchetypeKind::DealSeeker => {
            &["If there is a code, I will find it.", "Why pay full price when a deal is around the corner?"]
        }
        ArchetypeKind::Researcher => {
            &["I read the reviews first. All of them.", "I compare before I buy; I want to get it right."]
        }
        ArchetypeKind::PeerInfluenced => {
            &["If a friend swears by it, I'll try it.", "I trust other customers more than any advert."]
        }
        ArchetypeKind::LoyalRegular => {
            &["I know what I get here, so I keep coming back.", "Why switch? It just works for me."]
        }
        ArchetypeKind::Impulsive => {
            &["I saw it, I liked it, I bought it.", "If it catches my eye, it's in the basket."]
        }
        ArchetypeKind::PremiumBuyer => {
            &["I'd rather pay more once than buy twice.", "Quality first; price comes second."]
        }
        ArchetypeKind::Drifting => {
            &["I ordered a couple of times, and then I stopped.", "It's been a while since my last order."]
        }
        ArchetypeKind::LapsedRegular => {
            &["I used to order all the time. Then I stopped.", "I was a regular once; it's been a while."]
        }
        ArchetypeKind::OneTime => &["I bought what I came for, once.", "One order was enough, for now."],
        ArchetypeKind::Occasional => {
            &["I order when I need something, which isn't often.", "Now and then, when something comes up."]
        }
        ArchetypeKind::Steady => {
            &["I buy what I need, when I need it.", "Nothing fancy: the right thing at a fair price."]
        }
        ArchetypeKind::Unknown => &["Get the basics right for me.", "Keep it simple and fair."],
    };
    let base = lines[pick(seed, segment, 20, lines.len())].to_owned();
    // the feedback's tone, never its words: a term may be any part of speech
    if !negative.is_empty() {
        let more = ["Honestly, my last experience was not great.", "Some things really have to get better."];
        format!("{base} {}", more[pick(seed, segment, 22, 2)])
    } else if !positive.is_empty() {
        let more = ["So far, I'm happy with you.", "You have done well by me so far."];
        format!("{base} {}", more[pick(seed, segment, 22, 2)])
    } else if let Some(i) = interest
        && pick(seed, segment, 21, 2) == 0
    {
        format!("{base} Anything for {i}, though.")
    } else {
        base
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A persona says where its segment lives as a sentence writes it: "Lives in PRT" for a
    /// hotel's `prt`, "New York" for `new york`, other places as their file writes them.
    #[test]
    fn places_written_in_small_letters_are_said_with_capitals() {
        for (level, want) in [
            ("prt", "PRT"),
            ("gb", "GB"),
            ("new york", "New York"),
            ("portugal", "Portugal"),
            ("são paulo", "São Paulo"),
            ("rio de janeiro", "Rio de Janeiro"),
            ("stratford upon avon", "Stratford upon Avon"),
            ("la paz", "La Paz"),
            ("Portugal", "Portugal"),
            ("GB", "GB"),
            ("eBay town", "eBay town"),
            ("10115", "10115"),
            ("z", "Z"),
        ] {
            assert_eq!(place(level), want, "{level}");
        }
    }

    /// Two different means never read the same ("2,017 against 2,017"), and a year is written
    /// as a year.
    #[test]
    fn a_segments_mean_and_everyones_read_apart_when_they_differ() {
        for (label, a, b, want) in [
            ("arrival_date_num", 2016.61, 2017.08, ("2016.6", "2017.1")),
            ("arrival_date_num", 2017.55, 2017.08, ("2017.5", "2017.1")),
            ("year", 2001.4, 1992.3, ("2001.4", "1992.3")),
            ("year", 2001.0, 1992.0, ("2001", "1992")),
            ("Share of rows with disp.kleebler", 0.051, 0.11, ("5%", "11%")),
            ("Share of rows with disp.kleebler", 0.051, 0.054, ("5.1%", "5.4%")),
            ("Share of orders with a discount", 0.55, 0.31, ("55%", "31%")),
            ("Birth year", 1985.0, 1985.0, ("1985", "1985")),
            ("monthly_charges", 1234.4, 1234.2, ("1,234.4", "1,234.2")),
            ("monthly_charges", 1234.5, 880.0, ("1,235", "880")),
            ("visits", 4.04, 4.01, ("4.04", "4.01")),
            ("visits", 4.00004, 4.00001, ("4.0000", "4.0000")),
            ("balance", -1500.26, -1500.24, ("-1,500.3", "-1,500.2")),
            ("score", 0.123, 0.124, ("0.123", "0.124")),
            // a year's column whose mean is no year keeps its separator
            ("year", 12_345.0, 12_000.0, ("12,345", "12,000")),
        ] {
            let (x, y) = num_pair(label, a, b);
            assert_eq!((x.as_str(), y.as_str()), want, "{label}: {a} against {b}");
        }
    }

    /// What most of a segment do for a living reads as a person says it: a job is worked as, a
    /// field is worked in, and how one is employed is no job ("works as a fixed" was credit
    /// data's permanent contracts; "works as a retired" the bank marketing data's pensioners).
    #[test]
    fn a_segments_work_is_said_as_people_say_it() {
        for (level, want) in [
            ("technician", Some(("works as a technician", "technician"))),
            ("entrepreneur", Some(("works as an entrepreneur", "entrepreneur"))),
            ("Software Engineer", Some(("works as a Software Engineer", "Software Engineer"))),
            ("blue-collar", Some(("works as a blue-collar worker", "blue-collar worker"))),
            ("management", Some(("works in management", "management"))),
            ("admin.", Some(("works in admin", "admin"))),
            ("IT", Some(("works in IT", "IT"))),
            ("retired", Some(("is retired", "retired"))),
            ("Student", Some(("is a student", "student"))),
            ("unemployed", Some(("is out of work", "out of work"))),
            ("self-employed", Some(("is self-employed", "self-employed"))),
            ("freelance", Some(("works freelance", "freelance"))),
            ("partime", Some(("works part-time", "part-time"))),
            ("Full_Time", Some(("works full-time", "full-time"))),
            ("fixed", Some(("has a permanent job", "permanent job"))),
            ("housewife", Some(("keeps house", "homemaker"))),
            ("others", None),
            ("unknown", None),
        ] {
            let got = livelihood(level);
            assert_eq!(got.as_ref().map(|(c, s)| (c.as_str(), s.as_str())), want, "{level}");
        }
    }

    /// Figures read as a person writes them: thousands grouped, one decimal, and two figures
    /// under 1, so that a small mean is not "0".
    #[test]
    fn figures_keep_what_matters_of_small_means() {
        for (x, want) in [
            (1234.5, "1,235"),
            (-250.0, "-250"),
            (27.46, "27.5"),
            (3.0, "3"),
            (0.5, "0.5"),
            (0.05, "0.05"),
            (0.047, "0.047"),
            (0.123, "0.12"),
            (-0.3, "-0.3"),
            (0.00001, "0"),
            (0.0, "0"),
            (f64::NAN, "n/a"),
        ] {
            assert_eq!(num(x), want, "{x}");
        }
    }

    /// A title names a kind of customer in lower case, but an acronym as written: a hotel's
    /// `TA/TO` (travel agents and tour operators) is no "ta/to customer".
    #[test]
    fn a_titles_words_keep_acronyms_as_written() {
        for (level, want) in [
            ("TA/TO", "TA/TO"),
            ("Offline TA/TO", "offline TA/TO"),
            ("DSL", "DSL"),
            ("Fiber optic", "fiber optic"),
            ("RENT", "rent"),
            ("B2B", "B2B"),
            ("Month-to-month", "month-to-month"),
            ("Online_TA", "online TA"),
            ("Dsl", "dsl"),
            ("A", "a"),
        ] {
            assert_eq!(title_words(level), want, "{level}");
        }
    }

    #[test]
    fn a_label_starts_with_a_capital_unless_a_name_is_written_otherwise() {
        for (given, want) in [
            ("web, referral", "Web, referral"),
            ("écoute", "Écoute"),
            ("iOS, 3.8.2", "iOS, 3.8.2"),
            ("iPhone16,1", "iPhone16,1"),
            ("eBay store", "eBay store"),
            ("", ""),
        ] {
            assert_eq!(capitalise(given), want);
        }
    }

    #[test]
    fn written_bands_read_as_sentences_say_them_with_their_middle_age() {
        let table: &[(&str, &str, Option<f64>)] = &[
            ("25-34", "25–34", Some(30.0)),
            ("25 - 34", "25–34", Some(30.0)),
            ("55+", "55+", Some(60.0)),
            ("65 and over", "65 and over", Some(70.0)),
            ("Under 18", "under 18", Some(16.0)),
            ("$25,000 - $49,999", "$25,000–$49,999", Some(37_500.0)),
            ("Prefer not to say", "prefer not to say", None),
            ("18-24 years", "18–24", Some(21.5)),
        ];
        for (level, said, middle) in table {
            assert_eq!(tidy_band(level), *said, "{level}");
            assert_eq!(band_middle(level), *middle, "{level}");
        }
    }
}
