//! Customer features: one row per customer, gathered from every imported file by customer id,
//! and their encoding into numbers for clustering.
//!
//! **Gathering** ([`TableBuilder`]) reads each file's good rows again ([`crate::ingest::RowStream`])
//! with the roles the user settled on:
//! - a customers file gives demographics and psychographics (age, income, gender, location,
//!   occupation, education, household, interests, values, lifestyle);
//! - a transactions file gives, per customer, the first and last order day, the number of orders
//!   (distinct order ids when there is an order-id column), the money spent, the share of orders
//!   with a discount, and the mix of order channels and product categories;
//! - an events file gives the number of events and the mix of event types and touchpoints;
//! - a feedback file gives the mean satisfaction score.
//!
//! Customers are keyed by their id as written (trimmed); an id seen only in orders or events is
//! a customer too, with its demographics missing. Attributes found in a non-customer file (a
//! city on every order line) fill a customer's value when the customers file has none.
//!
//! **Encoding** ([`encode`]) makes every feature count about as much as any other:
//! - numbers are imputed with the median (and a missing-indicator column added when any value is
//!   missing, so the fact of missingness is kept), log-transformed when they are non-negative
//!   and skewed (money, counts), z-scored, and clipped at ±4 standard deviations;
//! - a category becomes one indicator per frequent level (at most [`MAX_LEVELS`], the rest
//!   "other"), each scaled by 1/√2 so two customers in different categories are one unit apart;
//! - a multi-value list and a mix of shares become one column per item, z-scored and scaled by
//!   1/√m so the whole list weighs as much as one number;
//! - shares (discount use, the mix of events or orders) are smoothed toward everyone's by
//!   [`PRIOR`] pseudo-counts, so a customer with one order is not "100% discounted".

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::cluster::Matrix;
use crate::ingest::value::{self, Value};
use crate::ingest::{ColumnType, DecimalSeparator, FileKind, FileProfile};
use crate::rfm::OrderSummary;
use crate::roles::Role;
use crate::text::{self, Vocabulary};

/// Levels of a category (or items of a list) encoded separately; the rest are "other".
pub const MAX_LEVELS: usize = 12;
/// Categories with more levels than this are not ticked by default.
pub const MAX_DEFAULT_LEVELS: usize = 20;
/// Distinct levels remembered per feature while gathering.
const MAX_INTERNED: usize = 64;
const MISSING: u32 = u32::MAX;
/// A level past the [`MAX_INTERNED`] first ones: counted as "other", not as missing.
const OTHER: u32 = u32::MAX - 1;
/// Pseudo-counts of the overall rate added to each customer's shares (additive smoothing):
/// with few orders or events a customer's own share says little.
pub const PRIOR: f64 = 2.0;

/// Feature groups, as the user ticks them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    Rfm,
    Demographics,
    Behaviour,
    Interests,
}

impl Group {
    pub fn label(self) -> &'static str {
        match self {
            Group::Rfm => "RFM",
            Group::Demographics => "Demographics",
            Group::Behaviour => "Behaviour",
            Group::Interests => "Interests",
        }
    }
}

/// What a feature holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeatureKind {
    Numeric,
    Category,
    /// A set of items per customer (interests).
    Multi,
    /// A mix: each customer's share of events/orders per level.
    Shares,
}

/// A feature's description for the picker and the profiles.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeatureInfo {
    pub key: String,
    pub label: String,
    pub group: Group,
    pub kind: FeatureKind,
    /// Ticked unless the user says otherwise.
    pub default: bool,
    pub missing_share: f64,
    /// Levels or items (categories, lists, mixes), most frequent first.
    pub levels: Vec<String>,
    /// Where the values come from: "customers.csv › age" (several files joined by "; ").
    #[serde(default)]
    pub source: String,
}

/// A feature's values for every customer.
#[derive(Clone, Debug, PartialEq)]
pub enum FeatureData {
    /// NaN for missing.
    Numeric(Vec<f64>),
    /// Index into `levels`; [`u32::MAX`] for missing, `u32::MAX - 1` for a level past the
    /// first 64 distinct ones (counted as "other").
    Category(Vec<u32>),
    /// Bit i set: the customer has item i.
    Multi(Vec<u64>),
    /// `counts[c * levels + l]`.
    Shares(Vec<u32>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Feature {
    pub info: FeatureInfo,
    pub data: FeatureData,
}

/// Every customer with their features.
#[derive(Clone, Debug, PartialEq)]
pub struct CustomerTable {
    pub ids: Vec<Box<str>>,
    pub features: Vec<Feature>,
    /// Per customer, what the orders say (`None` without orders or without a transactions file).
    pub orders: Vec<Option<OrderSummary>>,
    pub has_transactions: bool,
    /// The free-text feedback, as terms per comment.
    pub comments: Comments,
}

/// Free-text feedback, kept as the distinct terms of each comment (never the text itself).
#[derive(Clone, Debug, Default)]
pub struct Comments {
    pub vocabulary: Vocabulary,
    pub docs: Vec<Comment>,
    /// The largest score given on a comment's row (the scale of [`crate::text::tone`]).
    pub score_max: f64,
    /// "feedback.csv › comment".
    pub source: String,
}

/// One comment: its customer (index into the table), the score on its row (NaN: none) and
/// its distinct terms.
#[derive(Clone, Debug, PartialEq)]
pub struct Comment {
    pub customer: u32,
    pub score: f32,
    pub terms: Vec<u32>,
}

impl PartialEq for Comments {
    fn eq(&self, other: &Self) -> bool {
        self.docs == other.docs && self.source == other.source && self.vocabulary.len() == other.vocabulary.len()
    }
}

impl CustomerTable {
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    pub fn feature(&self, key: &str) -> Option<&Feature> {
        self.features.iter().find(|f| f.info.key == key)
    }

    /// Keys of the features ticked by default.
    pub fn default_selection(&self) -> Vec<String> {
        self.features.iter().filter(|f| f.info.default).map(|f| f.info.key.clone()).collect()
    }
}

/// How one column of one file is read into a feature.
#[derive(Clone, Debug)]
enum Slot {
    Number { feature: usize },
    Category { feature: usize },
    Multi { feature: usize },
    Mix { feature: usize },
    OrderDate { order: DateOrder },
    OrderValue,
    OrderId,
    Discount,
    EventCount,
    Text,
}

#[derive(Clone, Copy, Debug)]
enum DateOrder {
    Dmy,
    Mdy,
}

struct FilePlan {
    id_column: usize,
    slots: Vec<(usize, Slot)>,
    decimal: DecimalSeparator,
    primary: bool,
    kind: FileKind,
}

/// Gathering state of one feature.
enum Acc {
    Numeric { values: Vec<f64>, sums: Vec<(f64, u32)>, mean: bool },
    Levels { levels: Vec<String>, index: FxHashMap<String, u32>, codes: Vec<u32> },
    Multi { levels: Vec<String>, index: FxHashMap<String, u32>, sets: Vec<u64> },
    Mix { levels: Vec<String>, index: FxHashMap<String, u32>, counts: Vec<Vec<u32>> },
}

#[derive(Clone, Copy, Default)]
struct OrderAcc {
    first_day: i64,
    last_day: i64,
    orders: u32,
    monetary: f64,
    discounted: u32,
    events: u32,
    last_order: u64,
    has_date: bool,
}

/// Builds a [`CustomerTable`] from files read row by row.
///
/// Feed the customers file first when there is one (its order becomes the customers' order),
/// then the others; each through [`TableBuilder::row`] with its index in `files`.
pub struct TableBuilder {
    plans: Vec<Option<FilePlan>>,
    infos: Vec<FeatureInfo>,
    accs: Vec<Acc>,
    ids: Vec<Box<str>>,
    index: FxHashMap<Box<str>, u32>,
    orders: Vec<OrderAcc>,
    has_transactions: bool,
    has_events: bool,
    has_discount: bool,
    /// The last customer looked up, and their index.
    last: Option<(String, usize)>,
    /// Where RFM, discounts and event counts come from.
    tx_source: Vec<String>,
    event_source: Vec<String>,
    comments: Comments,
    /// The satisfaction feature, whose value on a comment's row is the comment's score.
    score_feature: Option<usize>,
}

fn role_feature(role: Role) -> Option<(&'static str, Group)> {
    Some(match role {
        Role::Age => ("age", Group::Demographics),
        Role::Income => ("income", Group::Demographics),
        Role::Gender => ("gender", Group::Demographics),
        Role::Location => ("location", Group::Demographics),
        Role::Occupation => ("occupation", Group::Demographics),
        Role::Education => ("education", Group::Demographics),
        Role::Household => ("household", Group::Demographics),
        Role::Interests => ("interests", Group::Interests),
        Role::Values => ("values", Group::Interests),
        Role::Lifestyle => ("lifestyle", Group::Interests),
        _ => return None,
    })
}

fn key_of(name: &str) -> String {
    let mut k: String = name.trim().to_lowercase().chars().map(|c| if c.is_alphanumeric() { c } else { '_' }).collect();
    while k.contains("__") {
        k = k.replace("__", "_");
    }
    k.trim_matches('_').to_owned()
}

impl TableBuilder {
    /// Plans the reading of `files` from their profiles (roles and types as the user left them).
    pub fn new(files: &[&FileProfile]) -> TableBuilder {
        let mut b = TableBuilder {
            plans: Vec::new(),
            infos: Vec::new(),
            accs: Vec::new(),
            ids: Vec::new(),
            index: FxHashMap::default(),
            orders: Vec::new(),
            has_transactions: false,
            has_events: false,
            has_discount: false,
            last: None,
            tx_source: Vec::new(),
            event_source: Vec::new(),
            comments: Comments::default(),
            score_feature: None,
        };
        let primary = files.iter().position(|f| f.kind == FileKind::Customers);
        for (fi, file) in files.iter().enumerate() {
            let Some(id_column) = file.columns.iter().position(|c| c.role == Role::CustomerId) else {
                b.plans.push(None);
                continue;
            };
            let mut slots = Vec::new();
            let is_tx = file.kind == FileKind::Transactions;
            let is_ev = file.kind == FileKind::Events;
            for (ci, col) in file.columns.iter().enumerate() {
                let order = match col.dates.as_ref().map(|d| d.order.as_str()) {
                    Some("mdy") => DateOrder::Mdy,
                    _ => DateOrder::Dmy,
                };
                let slot = match col.role {
                    Role::Age | Role::Income => {
                        let (key, group) = role_feature(col.role).expect("mapped");
                        let f = b.feature(key, col.role.label(), group, FeatureKind::Numeric, true, false);
                        Some(Slot::Number { feature: f })
                    }
                    Role::Satisfaction => {
                        let f = b.feature(
                            "satisfaction",
                            "Satisfaction score",
                            Group::Behaviour,
                            FeatureKind::Numeric,
                            false,
                            true,
                        );
                        Some(Slot::Number { feature: f })
                    }
                    Role::Gender | Role::Location | Role::Occupation | Role::Education | Role::Household => {
                        let (key, group) = role_feature(col.role).expect("mapped");
                        // several location columns (city, country) are separate features
                        let key = if col.role == Role::Location {
                            format!("location_{}", key_of(&col.name))
                        } else {
                            key.to_owned()
                        };
                        let label =
                            if col.role == Role::Location { col.name.clone() } else { col.role.label().to_owned() };
                        let f = b.feature(&key, &label, group, FeatureKind::Category, true, false);
                        Some(Slot::Category { feature: f })
                    }
                    Role::Interests | Role::Values | Role::Lifestyle => {
                        let (key, group) = role_feature(col.role).expect("mapped");
                        if col.column_type == ColumnType::MultiValue {
                            let f = b.feature(key, col.role.label(), group, FeatureKind::Multi, true, false);
                            Some(Slot::Multi { feature: f })
                        } else {
                            let f = b.feature(key, col.role.label(), group, FeatureKind::Category, true, false);
                            Some(Slot::Category { feature: f })
                        }
                    }
                    Role::OrderDate if is_tx => Some(Slot::OrderDate { order }),
                    Role::OrderValue if is_tx => Some(Slot::OrderValue),
                    Role::OrderId if is_tx => Some(Slot::OrderId),
                    Role::Discount if is_tx => {
                        b.has_discount = true;
                        Some(Slot::Discount)
                    }
                    Role::Channel if is_tx => Some(b.mix("order_channel", "Order channel mix")),
                    Role::Product if is_tx => Some(b.mix("order_category", "Product category mix")),
                    Role::EventType if is_ev => Some(b.mix("event_type", "Event type mix")),
                    Role::Touchpoint | Role::Channel if is_ev => Some(b.mix("touchpoint", "Touchpoint mix")),
                    Role::EventTime if is_ev => Some(Slot::EventCount),
                    Role::FeedbackText => Some(Slot::Text),
                    _ => None,
                };
                if let Some(slot) = slot {
                    let from = format!("{} › {}", file.name, col.name);
                    match &slot {
                        Slot::Number { feature }
                        | Slot::Category { feature }
                        | Slot::Multi { feature }
                        | Slot::Mix { feature } => {
                            let source = &mut b.infos[*feature].source;
                            if !source.split("; ").any(|s| s == from) {
                                if !source.is_empty() {
                                    source.push_str("; ");
                                }
                                source.push_str(&from);
                            }
                            if col.role == Role::Satisfaction {
                                b.score_feature = Some(*feature);
                            }
                        }
                        Slot::OrderDate { .. } | Slot::OrderValue | Slot::OrderId | Slot::Discount => {
                            b.tx_source.push(from)
                        }
                        Slot::EventCount => b.event_source.push(from),
                        Slot::Text => {
                            if !b.comments.source.is_empty() {
                                b.comments.source.push_str("; ");
                            }
                            b.comments.source.push_str(&from);
                        }
                    }
                    slots.push((ci, slot));
                }
            }
            b.has_transactions |= is_tx && slots.iter().any(|(_, s)| matches!(s, Slot::OrderDate { .. }));
            b.has_events |= is_ev;
            b.plans.push(Some(FilePlan {
                id_column,
                slots,
                decimal: file.dialect.decimal,
                primary: primary == Some(fi),
                kind: file.kind,
            }));
        }
        b
    }

    /// A behaviour mix (each customer's shares of the column's levels).
    fn mix(&mut self, key: &str, label: &str) -> Slot {
        Slot::Mix { feature: self.feature(key, label, Group::Behaviour, FeatureKind::Shares, true, false) }
    }

    fn feature(&mut self, key: &str, label: &str, group: Group, kind: FeatureKind, default: bool, mean: bool) -> usize {
        if let Some(i) = self.infos.iter().position(|f| f.key == key) {
            return i;
        }
        self.infos.push(FeatureInfo {
            key: key.to_owned(),
            label: label.to_owned(),
            group,
            kind,
            default,
            missing_share: 0.0,
            levels: Vec::new(),
            source: String::new(),
        });
        self.accs.push(match kind {
            FeatureKind::Numeric => Acc::Numeric { values: Vec::new(), sums: Vec::new(), mean },
            FeatureKind::Category => Acc::Levels { levels: Vec::new(), index: FxHashMap::default(), codes: Vec::new() },
            FeatureKind::Multi => Acc::Multi { levels: Vec::new(), index: FxHashMap::default(), sets: Vec::new() },
            FeatureKind::Shares => Acc::Mix { levels: Vec::new(), index: FxHashMap::default(), counts: Vec::new() },
        });
        self.infos.len() - 1
    }

    /// The files to read, in the order to read them: those with a customer id column, the
    /// customers file first (its order becomes the customers' order), the others as given.
    pub fn reading_order(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.plans.len()).filter(|&i| self.plans[i].is_some()).collect();
        order.sort_by_key(|&i| self.plans[i].as_ref().is_none_or(|p| p.kind != FileKind::Customers));
        order
    }

    fn customer(&mut self, id: &str) -> usize {
        // files sorted by customer repeat the id row after row
        if let Some(&(ref last, i)) = self.last.as_ref()
            && **last == *id
        {
            return i;
        }
        let i = self.customer_slow(id);
        match &mut self.last {
            Some((last, j)) => {
                last.clear();
                last.push_str(id);
                *j = i;
            }
            None => self.last = Some((id.to_owned(), i)),
        }
        i
    }

    fn customer_slow(&mut self, id: &str) -> usize {
        if let Some(&i) = self.index.get(id) {
            return i as usize;
        }
        let i = self.ids.len();
        self.ids.push(id.into());
        self.index.insert(id.into(), i as u32);
        self.orders.push(OrderAcc::default());
        for acc in &mut self.accs {
            match acc {
                Acc::Numeric { values, sums, .. } => {
                    values.push(f64::NAN);
                    sums.push((0.0, 0));
                }
                Acc::Levels { codes, .. } => codes.push(MISSING),
                Acc::Multi { sets, .. } => sets.push(0),
                Acc::Mix { counts, .. } => counts.push(Vec::new()),
            }
        }
        i
    }

    /// Takes one good row of file `file`.
    pub fn row(&mut self, file: usize, fields: &[&str]) {
        let Some(Some(plan)) = self.plans.get(file) else { return };
        let Some(id) = fields.get(plan.id_column).map(|s| s.trim()) else { return };
        if value::is_missing(id) {
            return;
        }
        let (decimal, primary, kind) = (plan.decimal, plan.primary, plan.kind);
        // the plan is read while self is changed: take it out for the row
        let plan = self.plans[file].take().expect("checked above");
        let c = self.customer(id);
        let mut order_day = None;
        let mut order_value = None;
        let mut order_id = None;
        let mut discounted = false;
        let mut comment = None;
        let mut score = f32::NAN;
        for (ci, slot) in &plan.slots {
            let raw = fields.get(*ci).copied().unwrap_or("").trim();
            if value::is_missing(raw) {
                continue;
            }
            match slot {
                Slot::Number { feature } => {
                    let Some(x) = number(raw, decimal) else { continue };
                    if self.score_feature == Some(*feature) {
                        score = x as f32;
                    }
                    if let Acc::Numeric { values, sums, mean } = &mut self.accs[*feature] {
                        if *mean {
                            sums[c].0 += x;
                            sums[c].1 += 1;
                        } else if primary || values[c].is_nan() {
                            values[c] = x;
                        }
                    }
                }
                Slot::Category { feature } => {
                    if let Acc::Levels { levels, index, codes } = &mut self.accs[*feature]
                        && (primary || codes[c] == MISSING)
                    {
                        codes[c] = intern(levels, index, raw).unwrap_or(OTHER);
                    }
                }
                Slot::Multi { feature } => {
                    if let Acc::Multi { levels, index, sets } = &mut self.accs[*feature]
                        && (primary || sets[c] == 0)
                    {
                        let mut set = 0u64;
                        for item in value::split_list(raw) {
                            if let Some(i) = intern(levels, index, &item.to_lowercase()) {
                                set |= 1 << i;
                            }
                        }
                        sets[c] = set;
                    }
                }
                Slot::Mix { feature } => {
                    if let Acc::Mix { levels, index, counts } = &mut self.accs[*feature]
                        && let Some(l) = intern(levels, index, raw)
                    {
                        let v = &mut counts[c];
                        if v.len() <= l as usize {
                            v.resize(l as usize + 1, 0);
                        }
                        v[l as usize] += 1;
                    }
                }
                Slot::OrderDate { order } => order_day = day_of(raw, decimal, *order),
                Slot::OrderValue => order_value = number(raw, decimal),
                Slot::OrderId => order_id = Some(crate::ingest::column::hash_id(raw)),
                Slot::Discount => {
                    discounted = match value::classify(raw, decimal) {
                        Value::Bool(b) => b,
                        Value::Int { value, .. } => value != 0,
                        Value::Number { value, .. } => value != 0.0,
                        _ => true, // a code
                    }
                }
                Slot::EventCount => {}
                Slot::Text => comment = Some(raw),
            }
        }
        if let Some(raw) = comment {
            let terms: Vec<u32> = text::terms(raw).iter().filter_map(|t| self.comments.vocabulary.id(t)).collect();
            if !terms.is_empty() {
                if score.is_finite() {
                    self.comments.score_max = self.comments.score_max.max(score as f64);
                }
                self.comments.docs.push(Comment { customer: c as u32, score, terms });
            }
        }
        let o = &mut self.orders[c];
        match kind {
            FileKind::Transactions => {
                if let Some(day) = order_day {
                    // line items of one order share its id: count the order once
                    let new_order = order_id.is_none_or(|h| h != o.last_order || o.orders == 0);
                    if new_order {
                        o.orders += 1;
                        if discounted {
                            o.discounted += 1;
                        }
                    }
                    if let Some(h) = order_id {
                        o.last_order = h;
                    }
                    if !o.has_date || day > o.last_day {
                        o.last_day = day;
                    }
                    if !o.has_date || day < o.first_day {
                        o.first_day = day;
                    }
                    o.has_date = true;
                    o.monetary += order_value.unwrap_or(0.0);
                }
            }
            FileKind::Events => o.events += 1,
            _ => {}
        }
        self.plans[file] = Some(plan);
    }

    /// The table, with the derived RFM and behaviour features.
    pub fn finish(self) -> CustomerTable {
        let n = self.ids.len();
        let mut features = Vec::new();
        let orders: Vec<Option<OrderSummary>> = self
            .orders
            .iter()
            .map(|o| {
                (self.has_transactions && o.has_date && o.orders > 0).then_some(OrderSummary {
                    last_day: o.last_day,
                    orders: o.orders,
                    monetary: o.monetary,
                })
            })
            .collect();
        if self.has_transactions {
            let last = orders.iter().flatten().map(|o| o.last_day).max().unwrap_or(0);
            let col = |f: &dyn Fn(&OrderSummary, &OrderAcc) -> f64| -> Vec<f64> {
                orders.iter().zip(&self.orders).map(|(o, a)| o.as_ref().map_or(f64::NAN, |o| f(o, a))).collect()
            };
            let tx_source = join_sources(&self.tx_source);
            let mut push = |key: &str, label: &str, values: Vec<f64>| {
                let mut info = numeric_info(key, label, Group::Rfm, &values);
                info.source = tx_source.clone();
                features.push(Feature { info, data: FeatureData::Numeric(values) });
            };
            push("recency", "Days since last order", col(&|o, _| (last + 1 - o.last_day) as f64));
            push("frequency", "Orders", col(&|o, _| o.orders as f64));
            push("monetary", "Money spent", col(&|o, _| o.monetary));
            push("order_value", "Average order value", col(&|o, _| o.monetary / o.orders as f64));
            push("tenure", "Days from first to last order", col(&|o, a| (o.last_day - a.first_day) as f64));
            if self.has_discount {
                // smoothed toward the overall rate by PRIOR orders, so one order is not 0% or 100%
                let (disc, all): (u64, u64) = self
                    .orders
                    .iter()
                    .filter(|a| a.orders > 0)
                    .fold((0, 0), |(d, n), a| (d + a.discounted as u64, n + a.orders as u64));
                let p0 = disc as f64 / all.max(1) as f64;
                let values = col(&|o, a| (a.discounted as f64 + PRIOR * p0) / (o.orders as f64 + PRIOR));
                let mut info =
                    numeric_info("discount_share", "Share of orders with a discount", Group::Behaviour, &values);
                info.default = true;
                info.source = join_sources(&self.tx_source);
                features.push(Feature { info, data: FeatureData::Numeric(values) });
            }
        }
        if self.has_events {
            let values: Vec<f64> = self.orders.iter().map(|o| o.events as f64).collect();
            let mut info = numeric_info("events", "Events", Group::Behaviour, &values);
            info.source = join_sources(&self.event_source);
            features.push(Feature { info, data: FeatureData::Numeric(values) });
        }
        for (mut info, acc) in self.infos.into_iter().zip(self.accs) {
            let data = match acc {
                Acc::Numeric { values, sums, mean } => {
                    let values: Vec<f64> = if mean {
                        sums.iter().map(|&(s, k)| if k > 0 { s / k as f64 } else { f64::NAN }).collect()
                    } else {
                        values
                    };
                    info.missing_share = share(values.iter().filter(|v| v.is_nan()).count(), n);
                    FeatureData::Numeric(values)
                }
                Acc::Levels { levels, codes, .. } => {
                    let (levels, codes) = by_frequency(levels, codes);
                    info.missing_share = share(codes.iter().filter(|&&c| c == MISSING).count(), n);
                    // postcodes, cities by the hundred: too fine to cluster on unless asked for
                    if levels.len() > MAX_DEFAULT_LEVELS {
                        info.default = false;
                    }
                    info.levels = levels;
                    FeatureData::Category(codes)
                }
                Acc::Multi { levels, sets, .. } => {
                    let mut freq: Vec<(usize, u64)> = (0..levels.len())
                        .map(|i| (i, sets.iter().filter(|s| *s >> i & 1 == 1).count() as u64))
                        .collect();
                    freq.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                    let sets: Vec<u64> = sets
                        .iter()
                        .map(|s| {
                            freq.iter()
                                .enumerate()
                                .filter(|(_, (old, _))| s >> old & 1 == 1)
                                .fold(0, |acc, (new, _)| acc | 1 << new)
                        })
                        .collect();
                    info.missing_share = share(sets.iter().filter(|&&s| s == 0).count(), n);
                    info.levels = freq.iter().map(|(i, _)| levels[*i].clone()).collect();
                    FeatureData::Multi(sets)
                }
                Acc::Mix { levels, counts, .. } => {
                    let l = levels.len();
                    let mut totals = vec![0u64; l];
                    for v in &counts {
                        for (t, c) in totals.iter_mut().zip(v) {
                            *t += *c as u64;
                        }
                    }
                    let mut order: Vec<usize> = (0..l).collect();
                    order.sort_by(|&a, &b| totals[b].cmp(&totals[a]).then(a.cmp(&b)));
                    let mut flat = vec![0u32; n * l];
                    for (c, v) in counts.iter().enumerate() {
                        for (new, &old) in order.iter().enumerate() {
                            flat[c * l + new] = v.get(old).copied().unwrap_or(0);
                        }
                    }
                    info.missing_share = share(counts.iter().filter(|v| v.iter().all(|&x| x == 0)).count(), n);
                    info.levels = order.iter().map(|&i| levels[i].clone()).collect();
                    FeatureData::Shares(flat)
                }
            };
            // a feature nobody has is no feature
            if info.missing_share < 1.0 {
                features.push(Feature { info, data });
            }
        }
        CustomerTable {
            ids: self.ids,
            features,
            orders,
            has_transactions: self.has_transactions,
            comments: self.comments,
        }
    }
}

/// "orders.csv › order_date, amount" from "orders.csv › order_date" and "orders.csv › amount".
fn join_sources(parts: &[String]) -> String {
    let mut files: Vec<(&str, Vec<&str>)> = Vec::new();
    for p in parts {
        let (file, col) = p.split_once(" › ").unwrap_or((p.as_str(), ""));
        match files.iter_mut().find(|(f, _)| *f == file) {
            Some((_, cols)) => cols.push(col),
            None => files.push((file, vec![col])),
        }
    }
    files.iter().map(|(f, cols)| format!("{f} › {}", cols.join(", "))).collect::<Vec<_>>().join("; ")
}

fn share(k: usize, n: usize) -> f64 {
    if n == 0 { 0.0 } else { k as f64 / n as f64 }
}

fn numeric_info(key: &str, label: &str, group: Group, values: &[f64]) -> FeatureInfo {
    FeatureInfo {
        key: key.to_owned(),
        label: label.to_owned(),
        group,
        kind: FeatureKind::Numeric,
        default: group == Group::Rfm && key != "tenure" && key != "order_value",
        missing_share: share(values.iter().filter(|v| v.is_nan()).count(), values.len()),
        levels: Vec::new(),
        source: String::new(),
    }
}

fn intern(levels: &mut Vec<String>, index: &mut FxHashMap<String, u32>, raw: &str) -> Option<u32> {
    if let Some(&i) = index.get(raw) {
        return Some(i);
    }
    if levels.len() >= MAX_INTERNED {
        return None;
    }
    let i = levels.len() as u32;
    levels.push(raw.to_owned());
    index.insert(raw.to_owned(), i);
    Some(i)
}

/// Renumbers levels most frequent first (ties: first seen first).
fn by_frequency(levels: Vec<String>, codes: Vec<u32>) -> (Vec<String>, Vec<u32>) {
    let mut counts = vec![0u64; levels.len()];
    for &c in &codes {
        if let Some(n) = counts.get_mut(c as usize) {
            *n += 1;
        }
    }
    let mut order: Vec<usize> = (0..levels.len()).collect();
    order.sort_by(|&a, &b| counts[b].cmp(&counts[a]).then(a.cmp(&b)));
    let mut new_of = vec![0u32; levels.len()];
    for (new, &old) in order.iter().enumerate() {
        new_of[old] = new as u32;
    }
    let codes = codes.into_iter().map(|c| new_of.get(c as usize).copied().unwrap_or(c)).collect();
    (order.into_iter().map(|i| levels[i].clone()).collect(), codes)
}

fn number(raw: &str, decimal: DecimalSeparator) -> Option<f64> {
    // a column mapped to a number holds numbers: read one as such first
    match value::parse_number(raw, decimal) {
        Some(Value::Int { value, .. }) => return Some(value as f64),
        Some(Value::Number { value, .. }) => return Some(value),
        _ => {}
    }
    match value::classify(raw, decimal) {
        Value::Int { value, .. } => Some(value as f64),
        Value::Number { value, .. } => Some(value),
        _ => None,
    }
}

fn day_of(raw: &str, decimal: DecimalSeparator, order: DateOrder) -> Option<i64> {
    // the usual numeric layouts directly; named months and compact numbers the general way
    let v = value::parse_date(raw).unwrap_or_else(|| value::classify(raw, decimal));
    let t = match v {
        Value::Date { dmy, mdy } => match order {
            DateOrder::Dmy => dmy.or(mdy),
            DateOrder::Mdy => mdy.or(dmy),
        },
        Value::Int { value, .. } => value::compact_date(value),
        _ => None,
    }?;
    Some(t.div_euclid(86_400))
}

/// One column of the encoded matrix: where it came from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EncodedColumn {
    pub feature: String,
    /// The level or item for indicator columns; "missing" for a missing indicator.
    pub level: Option<String>,
    /// x_encoded = (transform(x) - center) / scale * weight.
    pub log: bool,
    pub center: f64,
    pub scale: f64,
    pub weight: f64,
}

/// The clustering input: a matrix and how each column was made.
#[derive(Clone, Debug, PartialEq)]
pub struct Encoded {
    pub matrix: Matrix,
    pub columns: Vec<EncodedColumn>,
}

/// Why encoding could not run.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum EncodeError {
    #[error("no features are selected")]
    NoFeatures,
    #[error("the feature \u{201c}{0}\u{201d} is not in the data")]
    Unknown(String),
    #[error("every selected feature is constant or missing for all customers: {0}")]
    NothingVaries(String),
}

/// The median (reorders `values`; a selection, not a sort).
fn median(values: &mut [f64]) -> f64 {
    let n = values.len();
    if n == 0 {
        return 0.0;
    }
    let (lower, mid, _) = values.select_nth_unstable_by(n / 2, f64::total_cmp);
    let mid = *mid;
    if n % 2 == 1 { mid } else { (lower.iter().copied().fold(f64::NEG_INFINITY, f64::max) + mid) / 2.0 }
}

fn mean_sd(values: impl Iterator<Item = f64> + Clone) -> (f64, f64) {
    let (mut n, mut sum) = (0.0, 0.0);
    for v in values.clone() {
        n += 1.0;
        sum += v;
    }
    if n == 0.0 {
        return (0.0, 0.0);
    }
    let mean = sum / n;
    let var = values.map(|v| (v - mean) * (v - mean)).sum::<f64>() / n;
    (mean, var.sqrt())
}

/// Where one encoded column's raw values come from (evaluated per customer while the matrix is
/// filled row by row, so no per-column copy of a million values is ever made).
#[derive(Clone, Copy)]
enum Src<'a> {
    /// log1p-transformed when `log`, missing values filled.
    Numeric {
        values: &'a [f64],
        fill: f64,
        log: bool,
    },
    /// `w` where the number is missing.
    Missing {
        values: &'a [f64],
        w: f64,
    },
    Level {
        codes: &'a [u32],
        test: LevelTest,
        w: f64,
    },
    Item {
        sets: &'a [u64],
        bit: u32,
    },
    /// The customer's share of level `j` of `l`, smoothed toward `p0` by [`PRIOR`].
    Share {
        counts: &'a [u32],
        l: usize,
        j: usize,
        p0: f64,
    },
}

#[derive(Clone, Copy)]
enum LevelTest {
    Is(u32),
    /// Any level from this one on (the rare ones, "other").
    From(u32),
    Missing,
}

impl Src<'_> {
    #[inline]
    fn at(&self, i: usize) -> f64 {
        match *self {
            Src::Numeric { values, fill, log } => {
                let v = if values[i].is_nan() { fill } else { values[i] };
                if log { v.ln_1p() } else { v }
            }
            Src::Missing { values, w } => {
                if values[i].is_nan() {
                    w
                } else {
                    0.0
                }
            }
            Src::Level { codes, test, w } => {
                let c = codes[i];
                let hit = match test {
                    LevelTest::Is(l) => c == l,
                    LevelTest::From(l) => c != MISSING && c >= l,
                    LevelTest::Missing => c == MISSING,
                };
                if hit { w } else { 0.0 }
            }
            Src::Item { sets, bit } => (sets[i] >> bit & 1) as f64,
            Src::Share { counts, l, j, p0 } => {
                let row = &counts[i * l..(i + 1) * l];
                let total: u32 = row.iter().sum();
                (row[j] as f64 + PRIOR * p0) / (total as f64 + PRIOR)
            }
        }
    }

    fn varies(&self, n: usize) -> bool {
        n > 0 && (1..n).any(|i| self.at(i) != self.at(0))
    }
}

/// One encoded column: `((raw - center) / scale).clamp(-4, 4) * weight` when `standardise`,
/// else `raw` as it is (indicators already carry their weight).
struct Col<'a> {
    src: Src<'a>,
    standardise: bool,
    info: EncodedColumn,
}

/// Encodes the selected features (by key) of every customer. Constant or all-missing features
/// add no column (they cannot separate anyone); if nothing is left that is an error.
pub fn encode(table: &CustomerTable, selected: &[String]) -> Result<Encoded, EncodeError> {
    if selected.is_empty() {
        return Err(EncodeError::NoFeatures);
    }
    let n = table.len();
    let mut cols: Vec<Col> = Vec::new();
    let mut dropped = Vec::new();
    let w_ind = std::f64::consts::FRAC_1_SQRT_2;
    for key in selected {
        let f = table.feature(key).ok_or_else(|| EncodeError::Unknown(key.clone()))?;
        let before = cols.len();
        fn indicator<'a>(key: &str, src: Src<'a>, level: String) -> Col<'a> {
            let weight = std::f64::consts::FRAC_1_SQRT_2;
            let info = EncodedColumn {
                feature: key.to_owned(),
                level: Some(level),
                log: false,
                center: 0.0,
                scale: 1.0,
                weight,
            };
            Col { src, standardise: false, info }
        }
        match &f.data {
            FeatureData::Numeric(values) => {
                if let Some(col) = numeric_column(key, values) {
                    cols.push(col);
                    if values.iter().any(|v| v.is_nan()) {
                        cols.push(indicator(key, Src::Missing { values, w: w_ind }, "missing".into()));
                    }
                }
            }
            FeatureData::Category(codes) => {
                let levels = f.info.levels.len().min(MAX_LEVELS);
                let mut tests: Vec<(LevelTest, String)> =
                    (0..levels).map(|l| (LevelTest::Is(l as u32), f.info.levels[l].clone())).collect();
                if f.info.levels.len() > levels {
                    tests.push((LevelTest::From(levels as u32), "other".into()));
                }
                if f.info.missing_share > 0.0 {
                    tests.push((LevelTest::Missing, "missing".into()));
                }
                for (test, level) in tests {
                    let src = Src::Level { codes, test, w: w_ind };
                    if src.varies(n) {
                        cols.push(indicator(key, src, level));
                    }
                }
            }
            FeatureData::Multi(sets) => {
                let m = f.info.levels.len().min(MAX_LEVELS * 2);
                let srcs = (0..m).map(|i| (Src::Item { sets, bit: i as u32 }, f.info.levels[i].clone()));
                vector_columns(key, n, srcs.collect(), &mut cols);
            }
            FeatureData::Shares(counts) => {
                let l = f.info.levels.len();
                let mut overall = vec![0.0; l];
                for c in 0..n {
                    for (o, &x) in overall.iter_mut().zip(&counts[c * l..(c + 1) * l]) {
                        *o += x as f64;
                    }
                }
                let grand: f64 = overall.iter().sum::<f64>().max(1.0);
                let srcs = (0..l.min(MAX_LEVELS))
                    .map(|j| (Src::Share { counts, l, j, p0: overall[j] / grand }, f.info.levels[j].clone()));
                vector_columns(key, n, srcs.collect(), &mut cols);
            }
        }
        if cols.len() == before {
            dropped.push(f.info.label.clone());
        }
    }
    if cols.is_empty() {
        return Err(EncodeError::NothingVaries(dropped.join(", ")));
    }
    let d = cols.len();
    let mut data = vec![0.0; n * d];
    for (i, row) in data.chunks_exact_mut(d).enumerate() {
        for (x, c) in row.iter_mut().zip(&cols) {
            let raw = c.src.at(i);
            *x = if c.standardise {
                ((raw - c.info.center) / c.info.scale).clamp(-4.0, 4.0) * c.info.weight
            } else {
                raw
            };
        }
    }
    Ok(Encoded { matrix: Matrix::new(n, d, data), columns: cols.into_iter().map(|c| c.info).collect() })
}

fn numeric_column<'a>(key: &str, values: &'a [f64]) -> Option<Col<'a>> {
    let mut present: Vec<f64> = values.iter().copied().filter(|v| !v.is_nan()).collect();
    if present.is_empty() {
        return None;
    }
    let (min, max) = present.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| (lo.min(v), hi.max(v)));
    if min == max {
        return None;
    }
    // skewed non-negative values (money, counts): log1p
    let (mean, sd) = mean_sd(present.iter().copied());
    let skew = present.iter().map(|v| ((v - mean) / sd).powi(3)).sum::<f64>() / present.len() as f64;
    let log = min >= 0.0 && skew > 1.0;
    let t = |v: f64| if log { v.ln_1p() } else { v };
    let (center, scale) = mean_sd(present.iter().map(|&v| t(v)));
    let fill = median(&mut present); // last: it reorders `present`
    let scale = if scale > 0.0 { scale } else { 1.0 };
    Some(Col {
        src: Src::Numeric { values, fill, log },
        standardise: true,
        info: EncodedColumn { feature: key.to_owned(), level: None, log, center, scale, weight: 1.0 },
    })
}

/// Item or share columns: z-scored, and scaled by 1/sqrt(m) so the set weighs as one number.
fn vector_columns<'a>(key: &str, n: usize, srcs: Vec<(Src<'a>, String)>, cols: &mut Vec<Col<'a>>) {
    let varying: Vec<(Src, String)> = srcs.into_iter().filter(|(s, _)| s.varies(n)).collect();
    let w = 1.0 / (varying.len().max(1) as f64).sqrt();
    for (src, level) in varying {
        let (center, scale) = mean_sd((0..n).map(|i| src.at(i)));
        cols.push(Col {
            src,
            standardise: true,
            info: EncodedColumn { feature: key.to_owned(), level: Some(level), log: false, center, scale, weight: w },
        });
    }
}

/// Reads every file again with its profile's roles and builds the customer table: the
/// customers file first, then the others. `open(i)` opens file `i` of `profiles`.
pub fn gather<R: std::io::Read>(
    profiles: &[&FileProfile],
    mut open: impl FnMut(usize) -> std::io::Result<R>,
) -> std::io::Result<CustomerTable> {
    let mut builder = TableBuilder::new(profiles);
    let mut buf = vec![0u8; 1 << 20];
    for i in builder.reading_order() {
        let mut reader = open(i)?;
        let mut rows = crate::ingest::RowStream::new(profiles[i].name.clone());
        loop {
            let got = reader.read(&mut buf)?;
            if got == 0 {
                break;
            }
            rows.feed(&buf[..got], |r| builder.row(i, r));
        }
        // a file that profiled cleanly reads again the same; an error here has nothing to add
        let _ = rows.finish(|r| builder.row(i, r));
    }
    Ok(builder.finish())
}
