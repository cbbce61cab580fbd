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
//! - with no transactions file, a customers file that sums up each customer's orders itself (a
//!   shop's or a till's customers export: `Last Order Date`, `Total Orders`, `Total Spent`)
//!   gives the last order day, the number of orders and the money; beside a transactions file
//!   the orders themselves count, and these columns are not used;
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
use crate::ingest::column::ColumnAcc;
use crate::ingest::split::Split;
use crate::ingest::value::{self, Value};
use crate::ingest::{
    ColumnType, DecimalSeparator, FileKind, FileProfile, Handoff, IngestError, ProfiledFile, Profiler, RowBuffer, Tail,
};
use crate::rfm::OrderSummary;
use crate::roles::Role;
use crate::text::{self, Vocabulary};

/// Levels of a category (or items of a list) encoded separately; the rest are "other".
pub const MAX_LEVELS: usize = 12;
/// Categories with more levels than this are not ticked by default.
pub const MAX_DEFAULT_LEVELS: usize = 20;
/// Distinct levels remembered per feature while gathering.
const MAX_INTERNED: usize = 64;
pub(crate) const MISSING: u32 = u32::MAX;
/// A mix is made only when its [`MAX_INTERNED`] first levels hold at least this share of the rows.
const MIX_KEPT: f64 = 0.8;
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
    /// Every other column: tenure, plan, status, spend and any number, yes/no or category.
    Attributes,
}

impl Group {
    pub fn label(self) -> &'static str {
        match self {
            Group::Rfm => "RFM",
            Group::Demographics => "Demographics",
            Group::Behaviour => "Behaviour",
            Group::Interests => "Interests",
            Group::Attributes => "Attributes",
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
    /// The role of the column it comes from, for a tenure, status, plan or spend.
    #[serde(default)]
    pub role: Option<Role>,
    /// A number the column writes for "none" ([`number_code`]), read as no number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<NumberCode>,
    /// The label of a ticked feature that says the same ([`crate::duplicates`]): this one is not
    /// ticked by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub same_as: Option<String>,
    /// A mix whose column names one value for each customer on every row of theirs (an event
    /// log's `user_cohort`, a customer's `acquisition_channel`): a trait of the customer
    /// written on each row, so its profiles count customers, not rows ([`Self::is_mix`]).
    #[serde(default)]
    pub one_per_customer: bool,
}

/// A number a column writes where there is none to write: bank-full's `pdays` (days since the
/// last campaign's call) is -1 for the 82% never called, a survey's age 999 for "no answer".
/// Averaged in, it makes every mean a fiction (pdays "40 on average" for customers of whom most
/// were never called); read as no number, the days are the called customers' and the code's
/// share is a level of its own in the profiles.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NumberCode {
    pub value: f64,
    /// How the profiles name the customers without a number: `-1`, or `-1 or empty` when some
    /// had no value to begin with.
    pub level: String,
}

/// Whether a feature holds money (a spend, an income, a header of `price`, `amount`, `fee` ...),
/// where a large round number is a price, not a code.
fn money_feature(info: &FeatureInfo) -> bool {
    matches!(info.role, Some(Role::Spend | Role::Income | Role::OrderValue))
        || info.key == "income"
        || crate::roles::normalise_header(&info.label).split(' ').any(|w| {
            matches!(
                w,
                "price"
                    | "amount"
                    | "fee"
                    | "fees"
                    | "paid"
                    | "spend"
                    | "spent"
                    | "revenue"
                    | "cost"
                    | "charge"
                    | "charges"
                    | "balance"
                    | "salary"
                    | "income"
                    | "value"
                    | "total"
                    | "plan"
            )
        })
}

/// Codes a column may write for "none": -1, -9, -99 ... and 99, 999, 9999 ...
fn code_shaped(v: f64) -> bool {
    if v.fract() != 0.0 || !(-1e7..1e7).contains(&v) {
        return false;
    }
    let mut nines = v.abs() as u64 + 1;
    while nines.is_multiple_of(10) {
        nines /= 10;
    }
    v == -1.0 || (nines == 1 && v.abs() >= 9.0)
}

/// The value of `values` (NaN for missing) that is a code for "none" rather than an amount,
/// if one is: code-shaped ([`code_shaped`]), on at least 3 customers and 0.1% of those with a
/// number, and apart from the other values, which take at least three values (0, 1 and 9 are
/// three levels, not two numbers and a code):
/// - a negative code where every other value is 0 or more; -1, next to 0, only as the
///   commonest value (pdays' -1 on 82% of customers; a time of -1 among -1, 0, 2, 4 ... is a
///   time);
/// - a positive code over four times the largest other value (an age of 999; not a plan's
///   price of 99 beside 9, 19 and 49), and never in `money`: an annual plan's 999 beside
///   monthly ones of 19 to 49 is money.
///
/// Each code-shaped value is tried, the commonest first (a scale's frequent 9 does not hide a
/// 99 written for no answer).
pub fn number_code(values: &[f64], money: bool) -> Option<f64> {
    let mut counts: Vec<(f64, usize)> = Vec::new();
    let mut present = 0usize;
    for &v in values.iter().filter(|v| !v.is_nan()) {
        present += 1;
        if code_shaped(v) {
            match counts.iter().position(|(c, _)| *c == v) {
                Some(i) => counts[i].1 += 1,
                None if counts.len() < 16 => counts.push((v, 1)),
                None => {}
            }
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.total_cmp(&b.0)));
    counts
        .into_iter()
        .filter(|&(code, k)| k >= 3 && (k as f64) >= present as f64 * 0.001 && k < present && !(money && code > 0.0))
        .find(|&(code, k)| code_apart(values, code, k, present))
        .map(|(code, _)| code)
}

/// Whether `code` (on `k` of the `present` customers with a number) stands apart from the
/// other values, as [`number_code`] says.
fn code_apart(values: &[f64], code: f64, k: usize, present: usize) -> bool {
    // the other values: their range and three of them
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    let mut three: Vec<f64> = Vec::with_capacity(3);
    for &v in values.iter().filter(|v| !v.is_nan() && **v != code) {
        if code < 0.0 && v < 0.0 {
            return false;
        }
        lo = lo.min(v);
        hi = hi.max(v);
        if three.len() < 3 && !three.contains(&v) {
            three.push(v);
        }
    }
    if three.len() < 3 {
        return false;
    }
    if code > 0.0 {
        return code > 4.0 * hi;
    }
    // -1 must be the commonest value: sure when it holds more than half; else counted on the
    // first 100,000 numbers (a million distinct amounts would make a map of a million)
    if code != -1.0 || k * 2 > present {
        return true;
    }
    let mut counted: FxHashMap<u64, usize> = FxHashMap::default();
    let mut own = 0;
    for &v in values.iter().filter(|v| !v.is_nan()).take(100_000) {
        if v == code {
            own += 1;
        } else {
            *counted.entry(v.to_bits()).or_default() += 1;
        }
    }
    counted.values().all(|&c| c < own)
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
    /// Whether the orders are known: from a transactions file with order dates, or failing one
    /// from a customers file that gives each customer's last order and number of orders.
    pub has_transactions: bool,
    /// The free-text feedback, as terms per comment.
    pub comments: Comments,
    /// Transactions files whose order value repeats each order's total on every line of it: their
    /// money counts each order once ([`FilePart::totals_repeat`]).
    pub totals_once: Vec<String>,
    /// With no transactions file, where a customers file sums up each customer's orders
    /// (`customers.csv › Last Order Date, Total Orders, Total Spent`), when the orders come from it.
    pub orders_summed_up: Option<String>,
    /// Mixes not made, since the column has too many values ("Product category mix is left out:
    /// ...").
    pub mixes_left_out: Vec<String>,
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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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

impl FeatureInfo {
    /// Whether the feature is a mix of rows, described as shares of a segment's orders or
    /// events: a mix of one value per customer ([`Self::one_per_customer`]) is described as
    /// a category is, by its customers.
    pub fn is_mix(&self) -> bool {
        self.kind == FeatureKind::Shares && !self.one_per_customer
    }

    /// Whether the feature says whether the customer left, or a score of it: left out of the
    /// default selection so that segments explain it ([`FilePlan`]'s attributes).
    pub fn is_outcome(&self) -> bool {
        let levels = self.levels.iter().map(String::as_str);
        // (unticked as a copy of another is no outcome)
        !self.default
            && self.same_as.is_none()
            && self.group == Group::Attributes
            && crate::roles::is_outcome(&self.label, self.role == Some(Role::Status), levels)
    }

    /// Whether the feature is a campaign's or a model's yes/no answer (`y`, `Response`,
    /// `Converted`): left out of the default selection so that segments explain it, and
    /// described like any trait.
    pub fn is_response(&self) -> bool {
        !self.default
            && self.same_as.is_none()
            && self.group == Group::Attributes
            && self.levels.len() <= 2
            && crate::roles::names_a_response(&self.label)
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

/// How one column of one file is read into a feature (`feature` indexes the plan's features).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) enum Slot {
    Number {
        feature: usize,
    },
    /// A rating scale's answer in words, as its points ([`value::scale_answer`]).
    Scale {
        feature: usize,
    },
    /// A yes/no value as 1 or 0, averaged over a customer's rows (the share of yes).
    Flag {
        feature: usize,
    },
    /// A date, kept as its day; the table turns it into years before the latest such date.
    YearsAgo {
        feature: usize,
        order: DateOrder,
    },
    Category {
        feature: usize,
    },
    /// A yes/no value as one of two levels: `[yes, no]` (`["female", "male"]` for a column
    /// named `female`).
    Labelled {
        feature: usize,
        labels: [String; 2],
    },
    Multi {
        feature: usize,
    },
    Mix {
        feature: usize,
    },
    OrderDate {
        order: DateOrder,
    },
    /// The line's money; `times`: the quantity column it is multiplied by, when the value is
    /// a unit price ([`crate::roles::is_unit_price`]).
    OrderValue {
        times: Option<usize>,
    },
    OrderId,
    Discount,
    EventCount,
    Text,
}

impl Slot {
    /// The feature a slot feeds, if it feeds one.
    pub(crate) fn feature(&self) -> Option<usize> {
        match self {
            Slot::Number { feature }
            | Slot::Scale { feature }
            | Slot::Flag { feature }
            | Slot::YearsAgo { feature, .. }
            | Slot::Category { feature }
            | Slot::Labelled { feature, .. }
            | Slot::Multi { feature }
            | Slot::Mix { feature } => Some(*feature),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) enum DateOrder {
    Dmy,
    Mdy,
}

/// A feature that a file feeds, as its plan names it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Spec {
    pub(crate) key: String,
    label: String,
    group: Group,
    kind: FeatureKind,
    default: bool,
    /// Averaged over a customer's rows (a score on each feedback row), not taken once.
    pub(crate) mean: bool,
    /// "customers.csv › age", one per column.
    sources: Vec<String>,
    /// Days gathered, to be read as years before the latest of them.
    #[serde(default)]
    since: bool,
    #[serde(default)]
    role: Option<Role>,
}

/// How one file is read into the customer table: its customer-id column and what each other
/// column feeds.
///
/// A plan depends on that file's profile only (its roles, types and dialect), so the part
/// gathered under a plan ([`FilePart`]) stays good for as long as the profile gives an equal
/// plan: after a role change that does not touch the table, nothing needs reading again.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FilePlan {
    /// `None`: a file with no customer-id column, read as one customer per row.
    pub(crate) id_column: Option<usize>,
    pub(crate) slots: Vec<(usize, Slot)>,
    pub(crate) features: Vec<Spec>,
    decimal: DecimalSeparator,
    pub(crate) kind: FileKind,
    /// The satisfaction feature, whose value on a comment's row is the comment's score.
    score_feature: Option<usize>,
    tx_source: Vec<String>,
    event_source: Vec<String>,
    text_source: Vec<String>,
    pub(crate) has_transactions: bool,
    has_discount: bool,
    /// Whether the order value may be each order's total repeated on its lines: it is named
    /// as an order's total, not a line's or a unit price ([`order_total_column`]).
    #[serde(default)]
    totals_may_repeat: bool,
    /// The order-id column when the customer's key is blank on the rows that add lines to an
    /// order above (the buyer on an order's first row only): those rows are the buyer's.
    #[serde(default)]
    continues_orders: Option<usize>,
    /// The columns in which a customers file gives each customer's orders itself (a shop's
    /// customers export: `Last Order Date`, `Total Orders`, `Total Spent`): RFM when no file
    /// lists the orders. They are read apart from the slots, each row of such a file only.
    #[serde(default)]
    pub(crate) summary: Option<SummaryColumns>,
    /// Where the summary comes from (`customers.csv › Last Order Date`).
    #[serde(default)]
    summary_source: Vec<String>,
    /// The features the summary's number of orders and money also feed as attributes: used
    /// beside an orders file, left out when the summary gives the orders.
    #[serde(default)]
    summary_keys: Vec<String>,
    /// An orders file's status column and the statuses in it that say no sale took place
    /// ([`crate::import::no_sale_statuses`]): such a row, and the other lines of its order,
    /// count as no order and no money.
    #[serde(default)]
    pub(crate) no_sale: Option<(usize, Vec<String>)>,
    /// An orders file's column of money refunded on each order ([`crate::import::refund_column`]):
    /// taken off the order's money.
    #[serde(default)]
    pub(crate) refund: Option<usize>,
}

/// Where a customers file sums up each customer's orders ([`order_summary_columns`]).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct SummaryColumns {
    pub(crate) last: usize,
    pub(crate) count: usize,
    pub(crate) money: Option<usize>,
    order: DateOrder,
}

/// The columns of a customers file that give each customer's orders: its last order's day,
/// the number of orders and, when there is one, the money spent in all (not a month's
/// charges, a forecast or one order's: [`crate::roles::money_in_all`]). `None` unless the file has the day and the number, one row per customer.
pub(crate) fn order_summary_columns(file: &FileProfile) -> Option<SummaryColumns> {
    if !matches!(file.kind, FileKind::Customers | FileKind::Unknown) {
        return None;
    }
    let of =
        |role: Role, ok: fn(ColumnType) -> bool| file.columns.iter().position(|c| c.role == role && ok(c.column_type));
    let last = of(Role::LastOrder, |t| t == ColumnType::Date)?;
    let count = of(Role::OrderCount, |t| matches!(t, ColumnType::Integer | ColumnType::Number))?;
    // of several, the one named as the whole (`Total Spent` over `Last Order Amount`)
    let money = (0..file.columns.len())
        .filter(|&i| {
            let c = &file.columns[i];
            c.role == Role::Spend
                && matches!(c.column_type, ColumnType::Integer | ColumnType::Number)
                && crate::roles::money_in_all(&c.name)
        })
        .max_by_key(|&i| {
            let norm = crate::roles::normalise_header(&file.columns[i].name);
            let whole = norm.split(' ').any(|w| {
                matches!(
                    w,
                    "total" | "lifetime" | "historic" | "spent" | "ltv" | "clv" | "gesamt" | "totale" | "totaal"
                )
            });
            (whole, std::cmp::Reverse(i))
        });
    Some(SummaryColumns { last, count, money, order: date_order(&file.columns[last]) })
}

/// The order-value column of a transactions file's `columns` when it may hold each order's
/// total repeated on every line of the order: named as an order's (`Order Total Amount`,
/// `Total`), not a line's, an item's or a unit price, and not multiplied by a quantity.
pub(crate) fn order_total_column(columns: &[crate::ingest::ColumnProfile]) -> Option<usize> {
    let v = columns.iter().position(|c| c.role == Role::OrderValue)?;
    let named = crate::roles::names_order_total(&columns[v].name);
    (named && crate::roles::unit_price_quantity(columns, v).is_none()).then_some(v)
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

/// How a column's dates are read: month first when its profile says so.
fn date_order(col: &crate::ingest::ColumnProfile) -> DateOrder {
    match col.dates.as_ref().map(|d| d.order.as_str()) {
        Some("mdy") => DateOrder::Mdy,
        _ => DateOrder::Dmy,
    }
}

fn key_of(name: &str) -> String {
    let mut k: String = name.trim().to_lowercase().chars().map(|c| if c.is_alphanumeric() { c } else { '_' }).collect();
    while k.contains("__") {
        k = k.replace("__", "_");
    }
    k.trim_matches('_').to_owned()
}

impl FilePlan {
    /// The plan for a file with these roles and types; `None` for a file that names no
    /// customer (no customer-id column, and not a customers file read a customer per row).
    pub fn new(file: &FileProfile) -> Option<FilePlan> {
        let id_column = file.columns.iter().position(|c| c.role == Role::CustomerId);
        if id_column.is_none() && file.kind != FileKind::Customers {
            return None;
        }
        let mut plan = FilePlan {
            id_column,
            slots: Vec::new(),
            features: Vec::new(),
            decimal: file.dialect.decimal,
            kind: file.kind,
            score_feature: None,
            tx_source: Vec::new(),
            event_source: Vec::new(),
            text_source: Vec::new(),
            has_transactions: false,
            has_discount: false,
            totals_may_repeat: order_total_column(&file.columns).is_some(),
            continues_orders: id_column
                .filter(|&k| crate::roles::blank_where_orders_continue(&file.columns, &file.columns[k]))
                .and_then(|_| file.columns.iter().position(|c| c.role == Role::OrderId)),
            summary: None,
            summary_source: Vec::new(),
            summary_keys: Vec::new(),
            no_sale: crate::import::no_sale_statuses(file),
            refund: crate::import::refund_column(file),
        };
        let summary = order_summary_columns(file);
        let is_tx = file.kind == FileKind::Transactions;
        let is_ev = file.kind == FileKind::Events;
        // a customers file has one value per customer; other files one per order, event or
        // comment, so their numbers are averaged and their categories become mixes. So has a
        // customers file of two rows or more per customer on average (a purchase panel: a
        // household's every shopping trip, with the shelf's displays and the brand chosen),
        // whose last row is one trip of many
        let panel = crate::import::rows_per_customer(file).is_some_and(|r| r >= crate::import::PANEL_ROWS);
        let per_customer = matches!(file.kind, FileKind::Customers | FileKind::Unknown) && !panel;
        // of several product columns (category, sub-category, SKU), the coarsest makes the
        // category mix: a mix of thousands of SKUs says little and costs a lookup per row. Of
        // two as coarse, names in words (`Cable USB-C 2m`) over codes (`CBL-C2M`): a persona
        // wants the one it can say
        let product_column = file
            .columns
            .iter()
            .enumerate()
            .filter(|(_, c)| c.role == Role::Product)
            .min_by_key(|(i, c)| (c.distinct_capped, c.distinct, !c.examples.iter().any(|e| e.contains(' ')), *i))
            .map(|(i, _)| i);
        // the mixes this file's columns already feed: each row counts once in a mix, so a
        // second channel column (Mixpanel's `$device` beside `utm_medium`) makes a mix of its
        // own, not half of each row's share in one
        let mut mixes_fed: Vec<&str> = Vec::new();
        let mut channel_mix =
            |key: &'static str, label: &str, plan: &mut FilePlan, col: &crate::schema::ColumnProfile| {
                if mixes_fed.contains(&key) {
                    plan.mix(&format!("{key}_{}", key_of(&col.name)), &format!("{} mix", col.name))
                } else {
                    mixes_fed.push(key);
                    plan.mix(key, label)
                }
            };
        // the features of a role this file's columns already feed: a second column of the role
        // (`job_title` beside `occupation`, `children` beside `household_size`) is a feature of
        // its own, under its own name, not written over the first's values
        let mut roles_fed: Vec<String> = Vec::new();
        let mut own = |key: &str, label: &str, col: &crate::schema::ColumnProfile| -> (String, String) {
            if roles_fed.iter().any(|k| k == key) {
                (format!("{key}_{}", key_of(&col.name)), col.name.clone())
            } else {
                roles_fed.push(key.to_owned());
                (key.to_owned(), label.to_owned())
            }
        };
        for (ci, col) in file.columns.iter().enumerate() {
            let order = date_order(col);
            let numeric = matches!(col.column_type, ColumnType::Integer | ColumnType::Number);
            let slot = match col.role {
                Role::Age | Role::Income if numeric => {
                    let (key, group) = role_feature(col.role).expect("mapped");
                    // (ages or years of birth, as the column holds: not the role's "Age / birth
                    // year" on every card)
                    let label = match col.role {
                        Role::Age if col.numeric.as_ref().is_some_and(|n| n.median >= 1000.0) => "Birth year",
                        Role::Age => "Age",
                        _ => col.role.label(),
                    };
                    let (key, label) = own(key, label, col);
                    let f = plan.feature(&key, &label, group, FeatureKind::Numeric, true, !per_customer);
                    Some(Slot::Number { feature: f })
                }
                Role::Satisfaction => {
                    let f = plan.feature(
                        "satisfaction",
                        "Satisfaction score",
                        Group::Behaviour,
                        FeatureKind::Numeric,
                        false,
                        true,
                    );
                    // a rating scale in words (`Very satisfied`) is read as its points
                    Some(if col.column_type == ColumnType::Category {
                        Slot::Scale { feature: f }
                    } else {
                        Slot::Number { feature: f }
                    })
                }
                Role::Occupation | Role::Education | Role::Household if numeric => {
                    // years of education, household size: numbers, not categories
                    let (key, group) = role_feature(col.role).expect("mapped");
                    let (key, label) = own(&format!("{key}_number"), &col.name, col);
                    let f = plan.feature(&key, &label, group, FeatureKind::Numeric, true, !per_customer);
                    Some(Slot::Number { feature: f })
                }
                Role::Gender if col.column_type == ColumnType::Boolean => {
                    // (a header that says which gender is true, `is_female`; else the codes as
                    // written: a 0/1 `Gender` says no more, and is no "yes")
                    let (yes, no) = crate::roles::boolean_gender(&col.name).unwrap_or(("coded 1", "coded 0"));
                    let f = plan.feature(
                        "gender",
                        Role::Gender.label(),
                        Group::Demographics,
                        FeatureKind::Category,
                        true,
                        false,
                    );
                    Some(Slot::Labelled { feature: f, labels: [yes.to_owned(), no.to_owned()] })
                }
                Role::Age | Role::Income if col.column_type == ColumnType::Category => {
                    // bands as written ("25-34", "30k-50k")
                    let key = if col.role == Role::Age { "age_band" } else { "income_band" };
                    let (key, label) = own(key, &col.name, col);
                    let f = plan.feature(&key, &label, Group::Demographics, FeatureKind::Category, true, false);
                    Some(Slot::Category { feature: f })
                }
                Role::Gender | Role::Location | Role::Occupation | Role::Education | Role::Household => {
                    let (key, group) = role_feature(col.role).expect("mapped");
                    // several location columns (city, country) are separate features
                    let (key, label) = if col.role == Role::Location {
                        (format!("location_{}", key_of(&col.name)), col.name.clone())
                    } else {
                        own(key, col.role.label(), col)
                    };
                    let f = plan.feature(&key, &label, group, FeatureKind::Category, true, false);
                    Some(Slot::Category { feature: f })
                }
                Role::Interests | Role::Values | Role::Lifestyle => {
                    let (key, group) = role_feature(col.role).expect("mapped");
                    if col.column_type == ColumnType::MultiValue {
                        let f = plan.feature(key, col.role.label(), group, FeatureKind::Multi, true, false);
                        Some(Slot::Multi { feature: f })
                    } else {
                        let f = plan.feature(key, col.role.label(), group, FeatureKind::Category, true, false);
                        Some(Slot::Category { feature: f })
                    }
                }
                // (read apart: [`FilePart::summed_up`]; beside an orders file the orders say it)
                Role::LastOrder if summary.is_some_and(|s| ci == s.last) => None,
                // (a last order's day or a number of orders without the other: a trait)
                Role::Tenure
                | Role::Status
                | Role::Plan
                | Role::Spend
                | Role::LastOrder
                | Role::OrderCount
                | Role::Attribute => plan.attribute(col, per_customer, order),
                Role::Quantity if is_tx && numeric => {
                    let key = format!("attr_{}", key_of(&col.name));
                    let label = format!("{} per order line", col.name);
                    let f = plan.feature(&key, &label, Group::Attributes, FeatureKind::Numeric, true, true);
                    plan.features[f].role = Some(Role::Quantity);
                    Some(Slot::Number { feature: f })
                }
                Role::OrderDate if is_tx => Some(Slot::OrderDate { order }),
                Role::OrderValue if is_tx => {
                    Some(Slot::OrderValue { times: crate::roles::unit_price_quantity(&file.columns, ci) })
                }
                Role::OrderId if is_tx => Some(Slot::OrderId),
                Role::Discount if is_tx => {
                    plan.has_discount = true;
                    Some(Slot::Discount)
                }
                Role::Channel if is_tx => Some(channel_mix("order_channel", "Order channel mix", &mut plan, col)),
                Role::Product if is_tx && product_column == Some(ci) => {
                    Some(plan.mix("order_category", "Product category mix"))
                }
                Role::EventType if is_ev => Some(plan.mix("event_type", "Event type mix")),
                Role::Touchpoint | Role::Channel if is_ev => {
                    Some(channel_mix("touchpoint", "Touchpoint mix", &mut plan, col))
                }
                Role::EventTime if is_ev => Some(Slot::EventCount),
                // a channel or a product on a customer's row (how they came, what they like
                // best) or among a survey's answers, or how many they bought (a customers
                // file's `books_bought`): a trait like any other
                Role::Channel | Role::Touchpoint | Role::Product | Role::Quantity if !is_tx && !is_ev => {
                    plan.attribute(col, per_customer, order)
                }
                Role::FeedbackText => Some(Slot::Text),
                _ => None,
            };
            let Some(slot) = slot else { continue };
            let from = format!("{} › {}", file.name, col.name);
            if let Some(feature) = slot.feature() {
                let sources = &mut plan.features[feature].sources;
                if !sources.contains(&from) {
                    sources.push(from);
                }
                if col.role == Role::Satisfaction {
                    plan.score_feature = Some(feature);
                }
            } else if matches!(slot, Slot::EventCount) {
                // every row of an events file is one event: the column is only its source
                plan.event_source.push(from);
                continue;
            } else if matches!(slot, Slot::Text) {
                plan.text_source.push(from);
            } else {
                // the order's date, value, id or discount
                plan.tx_source.push(from);
            }
            plan.slots.push((ci, slot));
        }
        plan.has_transactions = is_tx && plan.slots.iter().any(|(_, s)| matches!(s, Slot::OrderDate { .. }));
        if let Some(SummaryColumns { last, count, money, .. }) = summary {
            plan.summary = summary;
            let attributes = plan.slots.iter().filter(|(ci, _)| *ci == count || Some(*ci) == money);
            plan.summary_keys =
                attributes.filter_map(|(_, s)| s.feature()).map(|f| plan.features[f].key.clone()).collect();
            plan.summary_source = [Some(last), Some(count), money]
                .into_iter()
                .flatten()
                .map(|ci| format!("{} › {}", file.name, file.columns[ci].name))
                .collect();
        }
        Some(plan)
    }

    /// The slot of a column with no special role (or a tenure, status, plan or spend): a
    /// number, a yes/no or a category, one feature per column, labelled with its header. In
    /// a file of orders or events a number is averaged, a yes/no becomes the share of rows
    /// with yes, and a category a mix.
    fn attribute(&mut self, col: &crate::ingest::ColumnProfile, per_customer: bool, order: DateOrder) -> Option<Slot> {
        let key = format!("attr_{}", key_of(&col.name));
        let name = col.name.as_str();
        let g = Group::Attributes;
        let slot = match col.column_type {
            ColumnType::Integer | ColumnType::Number => {
                Slot::Number { feature: self.feature(&key, name, g, FeatureKind::Numeric, true, !per_customer) }
            }
            ColumnType::Boolean if per_customer => {
                let f = self.feature(&key, name, g, FeatureKind::Category, true, false);
                Slot::Labelled { feature: f, labels: ["yes".to_owned(), "no".to_owned()] }
            }
            ColumnType::Boolean => {
                let label = format!("Share of rows with {name}");
                Slot::Flag { feature: self.feature(&key, &label, g, FeatureKind::Numeric, true, true) }
            }
            ColumnType::Category | ColumnType::Text if per_customer => {
                Slot::Category { feature: self.feature(&key, name, g, FeatureKind::Category, true, false) }
            }
            ColumnType::Category => {
                Slot::Mix { feature: self.feature(&key, &format!("{name} mix"), g, FeatureKind::Shares, true, false) }
            }
            ColumnType::Date if matches!(col.role, Role::Tenure | Role::LastOrder) => {
                let label = format!("Years since {name}");
                let f = self.feature(&key, &label, g, FeatureKind::Numeric, true, !per_customer);
                self.features[f].since = true;
                Slot::YearsAgo { feature: f, order }
            }
            _ => return None,
        };
        if let Some(f) = slot.feature() {
            self.features[f].role = Some(col.role);
            // whether a customer left (`Churn`, `Attrition_Flag`, a model's churn score) is
            // what segments are to explain, not what builds them: clustered on, it splits the
            // leavers off and each persona says only that they left. It is profiled, every
            // persona says how many of its segment left, and it is clustered on when ticked.
            let levels = col.top_values.iter().map(|(v, _)| v.as_str());
            if per_customer && crate::roles::is_outcome(&col.name, col.role == Role::Status, levels) {
                self.features[f].default = false;
            }
            // and so is a campaign's or a model's yes/no answer (a bank campaign's `y`)
            // (a yes/no: a loyalty tier's `Label`, a contact's `Response` channel, is a trait)
            if per_customer && col.column_type == ColumnType::Boolean && crate::roles::names_a_response(&col.name) {
                self.features[f].default = false;
            }
        }
        Some(slot)
    }

    /// Where the order value comes from (`orders.csv › Total`), if the file has one.
    fn value_source(&self) -> Option<&str> {
        // the order's date, value, id and discount slots name their columns in
        // `tx_source`, in the same order
        let tx = self.slots.iter().filter(|(_, s)| {
            matches!(s, Slot::OrderDate { .. } | Slot::OrderValue { .. } | Slot::OrderId | Slot::Discount)
        });
        let at = tx.clone().position(|(_, s)| matches!(s, Slot::OrderValue { .. }))?;
        self.tx_source.get(at).map(String::as_str)
    }

    /// A behaviour mix (each customer's shares of the column's levels).
    fn mix(&mut self, key: &str, label: &str) -> Slot {
        Slot::Mix { feature: self.feature(key, label, Group::Behaviour, FeatureKind::Shares, true, false) }
    }

    fn feature(&mut self, key: &str, label: &str, group: Group, kind: FeatureKind, default: bool, mean: bool) -> usize {
        if let Some(i) = self.features.iter().position(|f| f.key == key) {
            return i;
        }
        self.features.push(Spec {
            key: key.to_owned(),
            label: label.to_owned(),
            group,
            kind,
            default,
            mean,
            sources: Vec::new(),
            since: false,
            role: None,
        });
        self.features.len() - 1
    }
}

/// Customer ids in the order first seen, with an index on them. The ids lie end to end in one
/// string and the index holds positions, so a million customers are not a million allocations.
/// Serialised as the ids alone; the index is rebuilt when read.
#[derive(Default, Deserialize)]
#[serde(from = "IdList")]
struct IdIndex {
    text: String,
    ends: Vec<usize>,
    table: hashbrown::HashTable<IdEntry>,
}

/// Ids at most this long are kept in the index itself.
const INLINE_ID: usize = 8;

/// An id in the index: its position, and the id itself when it is short (most customer ids
/// are), else where it starts in the text. A lookup of a short id compares in the table and
/// never visits the text: in a log whose customers come in no order each visit is a cache
/// miss, and the lookup runs on every row.
#[derive(Clone, Copy)]
struct IdEntry {
    index: u32,
    len: u32,
    /// The id's bytes, zero-padded (`len <= INLINE_ID`), or its start in the text.
    data: [u8; INLINE_ID],
}

impl IdEntry {
    fn new(index: usize, start: usize, id: &str) -> IdEntry {
        let data = match inline(id) {
            Some(data) => data,
            None => (start as u64).to_le_bytes(),
        };
        IdEntry { index: index as u32, len: id.len() as u32, data }
    }

    fn matches(&self, text: &str, id: &str, inline_id: Option<[u8; INLINE_ID]>) -> bool {
        if self.len as usize != id.len() {
            return false;
        }
        match inline_id {
            Some(data) => data == self.data,
            None => {
                let start = u64::from_le_bytes(self.data) as usize;
                value::same_text(&text[start..start + id.len()], id)
            }
        }
    }
}

/// A short id's bytes, zero-padded.
fn inline(id: &str) -> Option<[u8; INLINE_ID]> {
    let b = id.as_bytes();
    (b.len() <= INLINE_ID).then(|| {
        let mut data = [0u8; INLINE_ID];
        data[..b.len()].copy_from_slice(b);
        data
    })
}

#[derive(Serialize, Deserialize)]
struct IdList {
    text: String,
    ends: Vec<usize>,
}

impl Serialize for IdIndex {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut list = serializer.serialize_struct("IdList", 2)?;
        list.serialize_field("text", &self.text)?;
        list.serialize_field("ends", &self.ends)?;
        list.end()
    }
}

impl From<IdList> for IdIndex {
    /// The index is built on the first [`IdIndex::intern`]: a part read back to be appended
    /// to another ([`FilePart::append`]) is only read, never looked up.
    fn from(list: IdList) -> IdIndex {
        IdIndex { text: list.text, ends: list.ends, table: hashbrown::HashTable::new() }
    }
}

fn id_at<'a>(text: &'a str, ends: &[usize], i: usize) -> &'a str {
    let start = if i == 0 { 0 } else { ends[i - 1] };
    &text[start..ends[i]]
}

fn id_hash(id: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(id)
}

impl IdIndex {
    /// Indexes the ids (of an index read back without its index).
    fn index(&mut self) {
        self.table.clear();
        self.table.reserve(self.ends.len(), |_| 0);
        let (text, ends) = (&self.text, &self.ends);
        for i in 0..ends.len() {
            let id = id_at(text, ends, i);
            let start = ends[i] - id.len();
            self.table.insert_unique(id_hash(id), IdEntry::new(i, start, id), |e| {
                id_hash(id_at(text, ends, e.index as usize))
            });
        }
    }

    fn len(&self) -> usize {
        self.ends.len()
    }

    fn get(&self, i: usize) -> &str {
        id_at(&self.text, &self.ends, i)
    }

    /// The position of `id`, added when new.
    fn intern(&mut self, id: &str) -> usize {
        if self.table.len() < self.ends.len() {
            self.index();
        }
        let hash = id_hash(id);
        let short = inline(id);
        let text = &self.text;
        if let Some(e) = self.table.find(hash, |e| e.matches(text, id, short)) {
            return e.index as usize;
        }
        let i = self.ends.len();
        let start = self.text.len();
        self.text.push_str(id);
        self.ends.push(self.text.len());
        let (text, ends) = (&self.text, &self.ends);
        self.table.insert_unique(hash, IdEntry::new(i, start, id), |e| id_hash(id_at(text, ends, e.index as usize)));
        i
    }
}

/// Gathering state of one feature.
#[derive(Serialize, Deserialize)]
enum Acc {
    /// A number taken once per customer (`values`) or averaged over their rows (`sums`, with
    /// `mean`): only the one the feature keeps grows with the customers.
    Numeric {
        values: Vec<f64>,
        sums: Vec<(f64, u32)>,
        mean: bool,
    },
    Levels {
        levels: Vec<String>,
        index: FxHashMap<String, u32>,
        codes: Vec<u32>,
    },
    Multi {
        levels: Vec<String>,
        index: FxHashMap<String, u32>,
        sets: Vec<u64>,
    },
    /// `counts[level][customer]`, each grown as far as the last customer with that level;
    /// `past` counts the rows of levels past the [`MAX_INTERNED`] first ones.
    Mix {
        levels: Vec<String>,
        index: FxHashMap<String, u32>,
        counts: Vec<Vec<u32>>,
        past: u64,
    },
}

impl Acc {
    fn new(kind: FeatureKind, mean: bool) -> Acc {
        match kind {
            FeatureKind::Numeric => Acc::Numeric { values: Vec::new(), sums: Vec::new(), mean },
            FeatureKind::Category => Acc::Levels { levels: Vec::new(), index: FxHashMap::default(), codes: Vec::new() },
            FeatureKind::Multi => Acc::Multi { levels: Vec::new(), index: FxHashMap::default(), sets: Vec::new() },
            FeatureKind::Shares => {
                Acc::Mix { levels: Vec::new(), index: FxHashMap::default(), counts: Vec::new(), past: 0 }
            }
        }
    }

    /// A number for customer `c`: added to their mean (a feature averaged over rows), or set
    /// (the first value, or the last when `last_wins`).
    fn put_number(&mut self, c: usize, x: f64, last_wins: bool) {
        if let Acc::Numeric { values, sums, mean } = self {
            if *mean {
                sums[c].0 += x;
                sums[c].1 += 1;
            } else if last_wins || values[c].is_nan() {
                values[c] = x;
            }
        }
    }

    /// Makes room for customers up to `n`, with nothing known of the new ones.
    fn grow(&mut self, n: usize) {
        match self {
            Acc::Numeric { values, sums, mean } => {
                if *mean {
                    sums.resize(n, (0.0, 0));
                } else {
                    values.resize(n, f64::NAN);
                }
            }
            Acc::Levels { codes, .. } => codes.resize(n, MISSING),
            Acc::Multi { sets, .. } => sets.resize(n, 0),
            Acc::Mix { .. } => {}
        }
    }
}

#[derive(Clone, Copy, Default, Serialize, Deserialize)]
struct OrderAcc {
    first_day: i64,
    last_day: i64,
    orders: u32,
    /// The sum of the values on every line.
    monetary: f64,
    /// Orders with a discount on any of their lines.
    discounted: u32,
    events: u32,
    last_order: u64,
    /// Whether the last order was counted as discounted (a later line of it may have one).
    last_discounted: bool,
    has_date: bool,
    /// In a customers file that sums up each one's orders, which of its day (1), number (2)
    /// and money (4) a row gave: a later row's figures win one by one.
    summed: u8,
}

/// A customer's money with each order counted once, at the largest value on its lines, kept
/// beside [`OrderAcc`] for a file whose order value may be each order's total repeated on its
/// lines ([`FilePlan::totals_may_repeat`]; the others need no more memory per customer).
#[derive(Clone, Copy, Serialize, Deserialize)]
struct OnceAcc {
    /// The orders before the current one.
    closed: f64,
    /// The largest value on the current order's lines so far (NaN: none yet).
    line_max: f64,
}

impl Default for OnceAcc {
    fn default() -> OnceAcc {
        OnceAcc { closed: 0.0, line_max: f64::NAN }
    }
}

impl OnceAcc {
    /// The value of the current order's lines so far, counted once (0 with none).
    fn open(&self) -> f64 {
        if self.line_max.is_nan() { 0.0 } else { self.line_max }
    }

    /// The money with each order counted once.
    fn total(&self) -> f64 {
        self.closed + self.open()
    }

    /// Takes the value of a dated line (`v`; `None` when it has none), `new_order` when the
    /// line starts an order, `with_id` when it has an order id. For a line that goes on with
    /// an order, says whether its value repeats the largest one on the order's lines before it
    /// (`None`: no values to compare).
    fn take(&mut self, v: Option<f64>, new_order: bool, with_id: bool) -> Option<bool> {
        if !with_id {
            // an order of its own, which leaves the order with an id open: a line of it may
            // still follow
            self.closed += v.unwrap_or(0.0);
            return None;
        }
        if new_order {
            self.closed += self.open();
            self.line_max = v.unwrap_or(f64::NAN);
            return None;
        }
        let v = v?;
        let repeats = (!self.line_max.is_nan()).then_some(v == self.line_max);
        // (NaN.max(v) is v)
        self.line_max = self.line_max.max(v);
        repeats
    }

    /// Adds what the rest of the file says of the same customer (`lines`: whether it has
    /// lines of theirs, which close this order).
    fn absorb(&mut self, o: &OnceAcc, lines: bool) {
        if lines {
            self.closed += self.open() + o.closed;
            self.line_max = o.line_max;
        } else {
            self.closed += o.closed;
        }
    }
}

impl OrderAcc {
    /// Takes the figures a later row of a customers file gives of the customer's orders
    /// ([`OrderAcc::summed`]), each in place of the one before.
    fn take_summed(&mut self, o: &OrderAcc) {
        if o.summed & 1 != 0 {
            (self.first_day, self.last_day, self.has_date) = (o.first_day, o.last_day, true);
        }
        if o.summed & 2 != 0 {
            self.orders = o.orders;
        }
        if o.summed & 4 != 0 {
            self.monetary = o.monetary;
        }
        self.summed |= o.summed;
    }

    /// Adds what another file (or the rest of this one) says of the same customer.
    fn absorb(&mut self, o: &OrderAcc) {
        if o.has_date {
            if !self.has_date || o.last_day > self.last_day {
                self.last_day = o.last_day;
            }
            if !self.has_date || o.first_day < self.first_day {
                self.first_day = o.first_day;
            }
            self.has_date = true;
        }
        self.orders += o.orders;
        self.discounted += o.discounted;
        self.events += o.events;
        self.monetary += o.monetary;
        if o.orders > 0 || o.has_date {
            self.last_order = o.last_order;
            self.last_discounted = o.last_discounted;
        }
    }
}

/// One file's share of the customer table, gathered row by row under its [`FilePlan`]: the
/// customers it names (in the order first seen) and what its rows say of each.
///
/// Within a file, a customers file's last value of an attribute counts (a later row corrects
/// an earlier one); any other file's first value counts.
///
/// A file read by two readers ([`OnePass::resume`]) has two parts, the second joined to the
/// first by [`FilePart::append`] as if one reader had read both; the second travels between
/// workers, so a part can be serialised.
#[derive(Serialize, Deserialize)]
pub struct FilePart {
    plan: FilePlan,
    last_wins: bool,
    ids: IdIndex,
    /// The last customer looked up, and their index.
    #[serde(skip)]
    last: Option<(String, usize)>,
    accs: Vec<Acc>,
    orders: Vec<OrderAcc>,
    /// Beside `orders`, when the plan says the order value may repeat each order's total.
    #[serde(default)]
    once: Vec<OnceAcc>,
    /// For a part read from a cut on: each customer's first order here, in case it continues
    /// the first reader's last.
    opening: Option<Vec<Opening>>,
    /// Comments with the customer's index in this part and this part's term ids.
    docs: Vec<Comment>,
    vocabulary: Vocabulary,
    /// Rows read, for a file read a customer per row.
    #[serde(default)]
    rows_read: u64,
    /// Whether the order value repeats each order's total on its lines.
    #[serde(default)]
    evidence: TotalsEvidence,
    /// The order id on the last row with a customer (for [`FilePlan::continues_orders`]).
    #[serde(skip)]
    last_order: String,
    /// The orders (customer, order id's hash) a row said were no sale ([`FilePlan::no_sale`]):
    /// their other lines are none either.
    #[serde(default)]
    no_sales: rustc_hash::FxHashSet<(usize, u64)>,
}

/// A customer's first order in a part read from a cut on.
#[derive(Clone, Copy, Serialize, Deserialize)]
struct Opening {
    /// The order id's hash.
    order: u64,
    /// Whether it was counted as discounted (a line of it from the cut on has a discount).
    discounted: bool,
    /// The value on its first line, and the largest on its lines (NaN: none).
    first: f64,
    max: f64,
}

impl Default for Opening {
    fn default() -> Opening {
        Opening { order: 0, discounted: false, first: f64::NAN, max: f64::NAN }
    }
}

/// At least this many lines must go on with an order, before a file's order values can be
/// found to repeat each order's total on every line ([`TotalsEvidence::holds`]).
const MIN_CONTINUED: u64 = 30;

/// What a file's order values say of whether they are each order's total repeated on its
/// lines, counted as the customer table and the order log read the lines alike.
#[derive(Clone, Copy, Serialize, Deserialize)]
pub(crate) struct TotalsEvidence {
    /// Dated lines with a value that go on with an order, after a line with a value; and of
    /// those, the lines whose value repeats the order's (its total on every line).
    continued: u64,
    repeated: u64,
    /// Orders with an id whose first line has a value, after another such order in the file;
    /// of those, the orders whose value is the one before's; and that value (NaN: none yet).
    /// Values that repeat from order to order (one price for everything) say nothing of
    /// totals repeated on an order's lines.
    orders_valued: u64,
    same_as_before: u64,
    order_before: f64,
}

impl Default for TotalsEvidence {
    fn default() -> TotalsEvidence {
        TotalsEvidence { continued: 0, repeated: 0, orders_valued: 0, same_as_before: 0, order_before: f64::NAN }
    }
}

impl TotalsEvidence {
    /// A line that goes on with an order: whether its value repeats the order's before it.
    pub(crate) fn line(&mut self, repeats: bool) {
        self.continued += 1;
        self.repeated += u64::from(repeats);
    }

    /// An order with an id whose first line has the value `v`.
    pub(crate) fn order(&mut self, v: f64) {
        if !self.order_before.is_nan() {
            self.orders_valued += 1;
            self.same_as_before += u64::from(v == self.order_before);
        }
        self.order_before = v;
    }

    /// Adds what the rest of the file said (its first order was compared with none: the counts
    /// may miss one).
    fn absorb(&mut self, o: &TotalsEvidence) {
        self.continued += o.continued;
        self.repeated += o.repeated;
        self.orders_valued += o.orders_valued;
        self.same_as_before += o.same_as_before;
        if !o.order_before.is_nan() {
            self.order_before = o.order_before;
        }
    }

    /// Whether, of the lines that went on with an order after a line with a value, so many
    /// repeated the order's value that it is the order's total on every line (nine in ten),
    /// while from one order to the next the value changes more often than not: a shop of one
    /// price repeats it on every line, and on every order.
    pub(crate) fn holds(&self) -> bool {
        self.continued >= MIN_CONTINUED
            && self.repeated * 10 >= self.continued * 9
            && self.same_as_before * 2 < self.orders_valued
    }
}

impl FilePart {
    pub fn new(plan: FilePlan) -> FilePart {
        FilePart {
            last_wins: plan.kind == FileKind::Customers,
            accs: plan.features.iter().map(|f| Acc::new(f.kind, f.mean)).collect(),
            plan,
            ids: IdIndex::default(),
            last: None,
            orders: Vec::new(),
            once: Vec::new(),
            opening: None,
            docs: Vec::new(),
            vocabulary: Vocabulary::new(),
            rows_read: 0,
            evidence: TotalsEvidence::default(),
            last_order: String::new(),
            no_sales: Default::default(),
        }
    }

    /// Whether the file's order value is each order's total, repeated on every line of the
    /// order (an export of one row per item with the order's fields on each): nine in ten of
    /// the lines that go on with an order carry the same value as the order's line before.
    /// Its money then counts each order once. Line totals that differ from line to line, or
    /// a total on an order's first line only (the other lines empty), are summed as they are.
    pub fn totals_repeat(&self) -> bool {
        self.plan.totals_may_repeat && self.evidence.holds()
    }

    /// The plan this part was gathered under.
    pub fn plan(&self) -> &FilePlan {
        &self.plan
    }

    /// Adds the part a second reader gathered from the cut to the end of the file (under the
    /// same plan), as if this part's reader had read on: customers new to this part follow its
    /// own, a customers file's later values win and another file's earlier ones, counts and
    /// mixes add up, and an order whose lines straddle the cut counts once. Sums of money can
    /// differ from one reader's in their last bits (they are added in another order).
    pub fn append(&mut self, tail: FilePart) {
        let FilePart { ids, accs, orders, once, opening, docs, vocabulary, evidence, .. } = tail;
        let to: Vec<usize> = (0..ids.len()).map(|i| self.customer(ids.get(i))).collect();
        let opening = opening.unwrap_or_default();
        self.evidence.absorb(&evidence);
        for (j, (&c, o)) in to.iter().zip(&orders).enumerate() {
            if self.plan.summary.is_some() {
                // a customers file's later rows win
                self.orders[c].take_summed(o);
                continue;
            }
            let mine = &mut self.orders[c];
            let mut o = *o;
            let mut their_once = once.get(j).copied();
            let straddles =
                opening.get(j).filter(|first| mine.orders > 0 && o.orders > 0 && first.order == mine.last_order);
            if let Some(first) = straddles {
                // the order goes on from the cut: once, discounted when a line on either side is
                o.orders -= 1;
                o.discounted -= u32::from(first.discounted && mine.last_discounted);
                if o.last_order == first.order {
                    o.last_discounted |= mine.last_discounted;
                }
            }
            if let (Some(mine_once), Some(theirs)) = (self.once.get_mut(c), &mut their_once) {
                if let Some(first) = straddles {
                    // once, at the larger of the two readers' values (the tail counted the
                    // order at its own largest, closed or still open)
                    if !first.first.is_nan() && !mine_once.line_max.is_nan() {
                        self.evidence.line(first.first == mine_once.line_max);
                    }
                    let merged = mine_once.line_max.max(first.max);
                    mine_once.line_max = f64::NAN;
                    let counted = if first.max.is_nan() { 0.0 } else { first.max };
                    theirs.closed += (if merged.is_nan() { 0.0 } else { merged }) - counted;
                }
                mine_once.absorb(theirs, o.orders > 0 || o.has_date);
            }
            mine.absorb(&o);
        }
        for (mine, theirs) in self.accs.iter_mut().zip(accs) {
            absorb(mine, theirs, &to, self.last_wins);
        }
        let mut term_of: Vec<Option<Option<u32>>> = vec![None; vocabulary.len()];
        for doc in docs {
            let terms: Vec<u32> = doc
                .terms
                .iter()
                .filter_map(|&t| *term_of[t as usize].get_or_insert_with(|| self.vocabulary.id(vocabulary.term(t))))
                .collect();
            if !terms.is_empty() {
                self.docs.push(Comment { customer: to[doc.customer as usize] as u32, score: doc.score, terms });
            }
        }
    }

    /// Hands the ids of the profile's id column over to this part ([`ColumnAcc::ids_kept_elsewhere`]):
    /// the part keeps every customer id anyway, and gives them back in [`FilePart::return_ids`].
    fn take_ids<'a>(&self, column_of: impl FnOnce(usize) -> Option<&'a mut ColumnAcc>) {
        if let Some(acc) = self.plan.id_column.and_then(column_of) {
            acc.ids_kept_elsewhere();
        }
    }

    /// Adds this part's customer ids to the profile's id column (see [`FilePart::take_ids`]).
    fn return_ids<'a>(&self, column_of: impl FnOnce(usize) -> Option<&'a mut ColumnAcc>) {
        if let Some(acc) = self.plan.id_column.and_then(column_of) {
            acc.add_ids((0..self.ids.len()).map(|i| self.ids.get(i)));
        }
    }

    /// A part for the rows from a cut on, its categories' levels first those the first reader
    /// has met (`levels`): where a column has more than [`MAX_INTERNED`] levels, both readers
    /// then count the same ones as one reader does (the first met in the whole file) once the
    /// first rows have met that many.
    fn resumed(plan: FilePlan, levels: &[Vec<String>]) -> FilePart {
        let mut part = FilePart::new(plan);
        part.opening = Some(Vec::new());
        for (acc, met) in part.accs.iter_mut().zip(levels) {
            if let Acc::Levels { levels, index, .. }
            | Acc::Multi { levels, index, .. }
            | Acc::Mix { levels, index, .. } = acc
            {
                for level in met {
                    intern(levels, index, level);
                }
            }
        }
        part
    }

    /// The levels met so far of each feature (none for a number), in the order met.
    fn levels(&self) -> Vec<Vec<String>> {
        self.accs
            .iter()
            .map(|acc| match acc {
                Acc::Levels { levels, .. } | Acc::Multi { levels, .. } | Acc::Mix { levels, .. } => levels.clone(),
                Acc::Numeric { .. } => Vec::new(),
            })
            .collect()
    }

    fn customer(&mut self, id: &str) -> usize {
        let id = &*crate::ingest::column::customer_key(id);
        // files sorted by customer repeat the id row after row
        if let Some((last, i)) = self.last.as_ref()
            && value::same_text(last, id)
        {
            return *i;
        }
        let i = self.ids.intern(id);
        if i == self.orders.len() {
            self.orders.push(OrderAcc::default());
            if self.plan.totals_may_repeat {
                self.once.push(OnceAcc::default());
            }
            for acc in &mut self.accs {
                acc.grow(i + 1);
            }
        }
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

    /// Takes one good row of the file.
    pub fn row(&mut self, fields: &[&str]) {
        self.row_read(fields, &[]);
    }

    /// Takes one good row of the file with what the profile read of each field (`values[i]`
    /// for `fields[i]`, as [`crate::ingest::value::classify`] gives it; empty when the row comes
    /// without): a value read once is not classified and parsed again.
    pub fn row_read(&mut self, fields: &[&str], values: &[Value]) {
        let c = match self.plan.id_column {
            Some(col) => {
                let Some(id) = fields.get(col).map(|s| s.trim_ascii()) else { return };
                let missing = match values.get(col) {
                    Some(v) => *v == Value::Missing,
                    None => value::is_missing(id),
                };
                let order = self.plan.continues_orders.map(|oc| fields.get(oc).map_or("", |s| s.trim_ascii()));
                if missing {
                    // a line added to the order above (its id again, or none): its buyer's
                    match (order, &self.last) {
                        (Some(o), Some((_, i))) if value::is_missing(o) || value::same_text(o, &self.last_order) => *i,
                        _ => return,
                    }
                } else {
                    let c = self.customer(id);
                    if let Some(o) = order {
                        self.last_order.clear();
                        self.last_order.push_str(o);
                    }
                    c
                }
            }
            None => {
                // a customer per row, numbered in file order (a second reader's rows after
                // the first's, so they are told apart: "row 1" and "row 1·2")
                self.rows_read += 1;
                let id = if self.opening.is_some() {
                    format!("row {}·2", self.rows_read)
                } else {
                    format!("row {}", self.rows_read)
                };
                self.customer(&id)
            }
        };
        let (decimal, last_wins) = (self.plan.decimal, self.last_wins);
        let mut order_day = None;
        let mut order_value = None;
        let mut order_id = None;
        let mut discounted = false;
        let mut comment = None;
        let mut score = f32::NAN;
        for (ci, slot) in &self.plan.slots {
            let raw = fields.get(*ci).copied().unwrap_or("").trim_ascii();
            let known = values.get(*ci).copied();
            if known.map_or_else(|| value::is_missing(raw), |v| v == Value::Missing) {
                continue;
            }
            // what the field reads as: from the profile, or classified here
            let read = || known.unwrap_or_else(|| value::classify(raw, decimal));
            match slot {
                Slot::Number { feature } => {
                    let Some(x) = number_of(read()) else { continue };
                    if self.plan.score_feature == Some(*feature) {
                        score = x as f32;
                    }
                    self.accs[*feature].put_number(c, x, last_wins);
                }
                Slot::Scale { feature } => {
                    // (and the scale's numbers, when some answers are written as such)
                    let Some(x) = value::scale_answer(raw).or_else(|| number_of(read())) else { continue };
                    if self.plan.score_feature == Some(*feature) {
                        score = x as f32;
                    }
                    self.accs[*feature].put_number(c, x, last_wins);
                }
                Slot::Flag { feature } => {
                    let Some(yes) = yes_no(read()) else { continue };
                    let x = f64::from(u8::from(yes));
                    // a flag's feature is a mean: the share of the customer's rows with yes
                    self.accs[*feature].put_number(c, x, last_wins);
                }
                Slot::YearsAgo { feature, order } => {
                    let Some(day) = day_of_read(raw, known, decimal, *order) else { continue };
                    let x = day as f64;
                    self.accs[*feature].put_number(c, x, last_wins);
                }
                Slot::Category { feature } => {
                    if let Acc::Levels { levels, index, codes } = &mut self.accs[*feature]
                        && (last_wins || codes[c] == MISSING)
                    {
                        codes[c] = intern(levels, index, raw).unwrap_or(OTHER);
                    }
                }
                Slot::Labelled { feature, labels } => {
                    let Some(yes) = yes_no(read()) else { continue };
                    if let Acc::Levels { levels, index, codes } = &mut self.accs[*feature]
                        && (last_wins || codes[c] == MISSING)
                    {
                        let level = if yes { &labels[0] } else { &labels[1] };
                        codes[c] = intern(levels, index, level).unwrap_or(OTHER);
                    }
                }
                Slot::Multi { feature } => {
                    if let Acc::Multi { levels, index, sets } = &mut self.accs[*feature] {
                        let mut set = 0u64;
                        for item in value::split_list(raw) {
                            if let Some(i) = intern(levels, index, &value::lowercase(item)) {
                                set |= 1 << i;
                            }
                        }
                        // a customers file's last row says what they are now; on a log's rows
                        // (each rating's genres) the items of all their rows are theirs
                        if last_wins {
                            sets[c] = set;
                        } else {
                            sets[c] |= set;
                        }
                    }
                }
                Slot::Mix { feature } => {
                    if let Acc::Mix { levels, index, counts, past } = &mut self.accs[*feature] {
                        match intern(levels, index, raw) {
                            Some(l) => add_count(counts, l as usize, c, 1),
                            None => *past += 1,
                        }
                    }
                }
                Slot::OrderDate { order } => order_day = day_of_read(raw, known, decimal, *order),
                Slot::OrderValue { times } => {
                    order_value = number_of(read()).map(|price| match times {
                        // a unit price: times the line's quantity (one when it is not given)
                        Some(q) => {
                            let raw = fields.get(*q).copied().unwrap_or("").trim_ascii();
                            let v = values.get(*q).copied().unwrap_or_else(|| value::classify(raw, decimal));
                            price * number_of(v).unwrap_or(1.0)
                        }
                        None => price,
                    })
                }
                Slot::OrderId => order_id = Some(crate::ingest::column::hash_id(raw)),
                Slot::Discount => {
                    let v = read();
                    discounted = match v {
                        Value::Number { value, .. } => value != 0.0,
                        _ => yes_no(v).unwrap_or(true), // a code
                    }
                }
                Slot::EventCount => {}
                Slot::Text => comment = Some(raw),
            }
        }
        if let Some(raw) = comment {
            let terms: Vec<u32> = text::terms(raw).iter().filter_map(|t| self.vocabulary.id(t)).collect();
            if !terms.is_empty() {
                self.docs.push(Comment { customer: c as u32, score, terms });
            }
        }
        // an order that was no sale (cancelled, refunded, failed) is none, on all its lines; a
        // refund on a row of its own, its amount below 0, still takes its money back
        if let Some((ci, statuses)) = &self.plan.no_sale {
            let cell = fields.get(*ci).copied().unwrap_or("");
            if crate::import::no_sale_line(statuses, cell, order_value, c, order_id, &mut self.no_sales) {
                order_day = None;
            }
        }
        // (a return is told by the line's own money, before any refund on the order is taken off)
        let returned = order_value.is_some_and(|v| v < 0.0);
        // money refunded on the order is not the customer's spend
        if let Some(ri) = self.plan.refund {
            order_value = order_value.map(|v| v - refunded(fields, values, ri, decimal));
        }
        let o = &mut self.orders[c];
        match self.plan.kind {
            FileKind::Transactions => {
                // a return or refund (a line whose money is below 0: a `C` invoice's negative
                // quantity) takes its money back; it is no order, and no visit of the customer
                if let (Some(_), true, Some(v)) = (order_day, returned, order_value) {
                    o.monetary += v;
                    if let Some(once) = self.once.get_mut(c) {
                        once.closed += v;
                    }
                } else if let Some(day) = order_day {
                    // line items of one order share its id: count the order once
                    let new_order = order_id.is_none_or(|h| h != o.last_order || o.orders == 0);
                    let first_here = new_order && o.orders == 0;
                    // an order is discounted when any of its lines is (as a warehouse, with
                    // no order of rows, can tell in SQL)
                    if new_order || (discounted && !o.last_discounted) {
                        o.discounted += u32::from(discounted);
                        o.last_discounted = discounted;
                    }
                    if new_order {
                        o.orders += 1;
                    }
                    if let Some(h) = order_id {
                        o.last_order = h;
                    }
                    o.monetary += order_value.unwrap_or(0.0);
                    // (in a file whose order value may be each order's total on its lines)
                    let line_max = match self.once.get_mut(c) {
                        Some(once) => {
                            if let Some(repeats) = once.take(order_value, new_order, order_id.is_some()) {
                                self.evidence.line(repeats);
                            }
                            if new_order
                                && order_id.is_some()
                                && let Some(v) = order_value
                            {
                                self.evidence.order(v);
                            }
                            once.line_max
                        }
                        None => f64::NAN,
                    };
                    if let (Some(opening), Some(h)) = (&mut self.opening, order_id) {
                        if first_here {
                            if opening.len() <= c {
                                opening.resize(c + 1, Opening::default());
                            }
                            let first = order_value.unwrap_or(f64::NAN);
                            opening[c] = Opening { order: h, discounted, first, max: first };
                        } else if o.orders == 1
                            && let Some(first) = opening.get_mut(c)
                        {
                            first.max = line_max;
                            first.discounted = o.last_discounted;
                        }
                    }
                    if !o.has_date || day > o.last_day {
                        o.last_day = day;
                    }
                    if !o.has_date || day < o.first_day {
                        o.first_day = day;
                    }
                    o.has_date = true;
                }
            }
            FileKind::Events => o.events += 1,
            _ if self.plan.summary.is_some() => self.summed_up(c, fields, values),
            _ => {}
        }
    }

    /// Takes a customers file's own figures of customer `c`'s orders on this row (a later row
    /// of the same customer wins, as their other values do).
    #[inline(never)]
    fn summed_up(&mut self, c: usize, fields: &[&str], values: &[Value]) {
        let Some(cols) = self.plan.summary else { return };
        let decimal = self.plan.decimal;
        let field = |ci: usize| {
            let raw = fields.get(ci).copied().unwrap_or("").trim_ascii();
            let v = values.get(ci).copied().unwrap_or_else(|| value::classify(raw, decimal));
            (raw, v)
        };
        let (raw, v) = field(cols.last);
        let day = (v != Value::Missing).then(|| day_of_read(raw, Some(v), decimal, cols.order)).flatten();
        // (a count written `3.0` is 3 orders)
        let orders =
            number_of(field(cols.count).1).filter(|x| *x >= 0.0).map(|x| x.round().min(u32::MAX as f64) as u32);
        let money = cols.money.and_then(|m| number_of(field(m).1));
        let mut given = OrderAcc::default();
        if let Some(day) = day {
            (given.first_day, given.last_day, given.has_date, given.summed) = (day, day, true, 1);
        }
        if let Some(n) = orders {
            (given.orders, given.summed) = (n, given.summed | 2);
        }
        if let Some(m) = money {
            (given.monetary, given.summed) = (m, given.summed | 4);
        }
        self.orders[c].take_summed(&given);
    }
}

/// Builds a [`CustomerTable`] from each file's [`FilePart`].
///
/// The parts are joined by customer id in reading order ([`TableBuilder::reading_order`]): the
/// customers file first, so its order becomes the customers' order and its values count
/// first; another file fills an attribute only where the customers before it left it empty.
pub struct TableBuilder {
    parts: Vec<Option<FilePart>>,
}

impl TableBuilder {
    /// Plans the reading of `files` from their profiles (roles and types as the user left
    /// them), to be fed with [`TableBuilder::row`].
    pub fn new(files: &[&FileProfile]) -> TableBuilder {
        TableBuilder { parts: files.iter().map(|f| FilePlan::new(f).map(FilePart::new)).collect() }
    }

    /// Takes the parts gathered while importing (by [`OnePass`]; `kept[i]` for `files[i]`)
    /// where the file's profile still gives the plan they were gathered under, and plans the
    /// others afresh. Returns the builder and the files whose rows must be fed again: the
    /// parts are independent, so those can be read in any order.
    pub fn reuse(files: &[&FileProfile], mut kept: Vec<Option<FilePart>>) -> (TableBuilder, Vec<usize>) {
        kept.resize_with(files.len(), || None);
        let mut parts = Vec::with_capacity(files.len());
        let mut again = Vec::new();
        for (i, (file, part)) in files.iter().zip(kept).enumerate() {
            match (FilePlan::new(file), part) {
                (Some(plan), Some(part)) if part.plan == plan => parts.push(Some(part)),
                (Some(plan), _) => {
                    parts.push(Some(FilePart::new(plan)));
                    again.push(i);
                }
                (None, _) => parts.push(None),
            }
        }
        (TableBuilder { parts }, again)
    }

    /// The files to read, in the order to read them: those with a customer id column, the
    /// customers file first (its order becomes the customers' order), the others as given.
    pub fn reading_order(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.parts.len()).filter(|&i| self.parts[i].is_some()).collect();
        order.sort_by_key(|&i| self.parts[i].as_ref().is_none_or(|p| p.plan.kind != FileKind::Customers));
        order
    }

    /// Takes one good row of file `file`.
    pub fn row(&mut self, file: usize, fields: &[&str]) {
        if let Some(Some(part)) = self.parts.get_mut(file) {
            part.row(fields);
        }
    }

    /// The table, with the derived RFM and behaviour features.
    pub fn finish(self) -> CustomerTable {
        let order = self.reading_order();
        let mut parts = self.parts;
        // features in the order the files and their columns name them
        let mut infos: Vec<FeatureInfo> = Vec::new();
        let mut accs: Vec<Acc> = Vec::new();
        let mut sources: Vec<Vec<String>> = Vec::new();
        let mut since: Vec<bool> = Vec::new();
        let mut feature_of: Vec<Vec<usize>> = vec![Vec::new(); parts.len()];
        let (mut tx_source, mut event_source, mut text_source) = (Vec::new(), Vec::new(), Vec::new());
        let (mut has_transactions, mut has_events, mut has_discount) = (false, false, false);
        // a log of dates alone (no amount) says when and how often, not how much
        let mut has_value = false;
        // the first customers file (in reading order) that sums up each customer's orders, and
        // the features its count and money feed as attributes
        let summed_up = order.iter().copied().find(|&i| parts[i].as_ref().is_some_and(|p| p.plan.summary.is_some()));
        let (mut summary_source, mut summary_value, mut summary_keys) = (Vec::new(), false, Vec::new());
        for (fi, part) in parts.iter().enumerate() {
            let Some(part) = part else { continue };
            let plan = &part.plan;
            for spec in &plan.features {
                let g = infos.iter().position(|f| f.key == spec.key).unwrap_or_else(|| {
                    infos.push(FeatureInfo {
                        key: spec.key.clone(),
                        label: spec.label.clone(),
                        group: spec.group,
                        kind: spec.kind,
                        default: spec.default,
                        missing_share: 0.0,
                        levels: Vec::new(),
                        source: String::new(),
                        role: spec.role,
                        code: None,
                        same_as: None,
                        one_per_customer: false,
                    });
                    accs.push(Acc::new(spec.kind, spec.mean));
                    sources.push(Vec::new());
                    since.push(spec.since);
                    infos.len() - 1
                });
                for s in &spec.sources {
                    if !sources[g].contains(s) {
                        sources[g].push(s.clone());
                    }
                }
                feature_of[fi].push(g);
            }
            tx_source.extend(plan.tx_source.iter().cloned());
            event_source.extend(plan.event_source.iter().cloned());
            text_source.extend(plan.text_source.iter().cloned());
            has_transactions |= plan.has_transactions;
            has_events |= plan.kind == FileKind::Events;
            has_discount |= plan.has_discount;
            has_value |= plan.has_transactions && plan.slots.iter().any(|(_, s)| matches!(s, Slot::OrderValue { .. }));
            if summed_up == Some(fi) {
                summary_source.clone_from(&plan.summary_source);
                summary_value = plan.summary.is_some_and(|s| s.money.is_some());
                summary_keys.clone_from(&plan.summary_keys);
            }
        }
        // the orders themselves, when a file lists them, over what a customers file sums up
        let from_summary = summed_up.is_some() && !has_transactions;
        let orders_summed_up = from_summary.then(|| join_sources(&summary_source));
        let has_value = if from_summary { summary_value } else { has_value };
        for (info, s) in infos.iter_mut().zip(&sources) {
            info.source = s.join("; ");
        }
        let mut ids = IdIndex::default();
        let mut orders: Vec<OrderAcc> = Vec::new();
        let mut comments = Comments { source: text_source.join("; "), ..Comments::default() };
        let mut totals_once = Vec::new();
        let mut mixes_left_out = Vec::new();
        for fi in order {
            let Some(part) = parts[fi].take() else { continue };
            let once = part.totals_repeat();
            if once && let Some(source) = part.plan.value_source() {
                totals_once.push(source.to_owned());
            }
            let sums_up = part.plan.summary.is_some();
            let FilePart {
                ids: part_ids,
                accs: part_accs,
                orders: mut part_orders,
                once: part_once,
                docs,
                vocabulary,
                ..
            } = part;
            if sums_up && !(from_summary && summed_up == Some(fi)) {
                part_orders.iter_mut().for_each(|o| *o = OrderAcc::default());
            }
            if once {
                for (o, x) in part_orders.iter_mut().zip(&part_once) {
                    o.monetary = x.total();
                }
            }
            // the part's customers in the table
            let to: Vec<usize> = if ids.len() == 0 {
                ids = part_ids;
                (0..ids.len()).collect()
            } else {
                // files exported from one system list customers in the same order: try the
                // customer after the last one found before hashing
                let mut next = 0;
                (0..part_ids.len())
                    .map(|i| {
                        let id = part_ids.get(i);
                        let c = if next < ids.len() && ids.get(next) == id { next } else { ids.intern(id) };
                        next = c + 1;
                        c
                    })
                    .collect()
            };
            let n = ids.len();
            orders.resize(n, OrderAcc::default());
            for acc in &mut accs {
                acc.grow(n);
            }
            for (&c, o) in to.iter().zip(&part_orders) {
                orders[c].absorb(o);
            }
            for (lf, local) in part_accs.into_iter().enumerate() {
                absorb(&mut accs[feature_of[fi][lf]], local, &to, false);
            }
            let mut term_of: Vec<Option<Option<u32>>> = vec![None; vocabulary.len()];
            for doc in docs {
                let terms: Vec<u32> = doc
                    .terms
                    .iter()
                    .filter_map(|&t| {
                        *term_of[t as usize].get_or_insert_with(|| comments.vocabulary.id(vocabulary.term(t)))
                    })
                    .collect();
                if !terms.is_empty() {
                    if doc.score.is_finite() {
                        comments.score_max = comments.score_max.max(doc.score as f64);
                    }
                    comments.docs.push(Comment { customer: to[doc.customer as usize] as u32, score: doc.score, terms });
                }
            }
        }
        let n = ids.len();
        let mut features = Vec::new();
        let summaries: Vec<Option<OrderSummary>> = orders
            .iter()
            .map(|o| {
                ((has_transactions || from_summary) && o.has_date && o.orders > 0).then_some(OrderSummary {
                    last_day: o.last_day,
                    orders: o.orders,
                    monetary: o.monetary,
                    discounted: o.discounted,
                })
            })
            .collect();
        // the day the orders are scored on: recency counts from it, and a tenure date's years to it
        let latest_order = summaries.iter().flatten().map(|o| o.last_day).max();
        if has_transactions || from_summary {
            let last = latest_order.unwrap_or(0);
            let col = |f: &dyn Fn(&OrderSummary, &OrderAcc) -> f64| -> Vec<f64> {
                summaries.iter().zip(&orders).map(|(o, a)| o.as_ref().map_or(f64::NAN, |o| f(o, a))).collect()
            };
            let tx_source = orders_summed_up.clone().unwrap_or_else(|| join_sources(&tx_source));
            // (and why an order's money is its total once, not the sum of its lines)
            let money_source = match &totals_once[..] {
                [] => tx_source.clone(),
                repeated => format!(
                    "{tx_source} ({} each order's total on every line of it: counted once per order)",
                    repeated.iter().map(|s| format!("\u{201c}{s}\u{201d}")).collect::<Vec<_>>().join(" and ")
                        + if repeated.len() == 1 { " repeats" } else { " repeat" }
                ),
            };
            let mut push = |key: &str, label: &str, values: Vec<f64>, source: &str| {
                let mut info = numeric_info(key, label, Group::Rfm, &values);
                info.source = source.to_owned();
                features.push(Feature { info, data: FeatureData::Numeric(values) });
            };
            push("recency", "Days since last order", col(&|o, _| (last + 1 - o.last_day) as f64), &tx_source);
            push("frequency", "Orders", col(&|o, _| o.orders as f64), &tx_source);
            if has_value {
                push("monetary", "Money spent", col(&|o, _| o.monetary), &money_source);
                push("order_value", "Average order value", col(&|o, _| o.monetary / o.orders as f64), &money_source);
            }
            // (a customers file's figures say nothing of the first order)
            if has_transactions {
                let tenure = col(&|o, a| (o.last_day - a.first_day) as f64);
                push("tenure", "Days from first to last order", tenure, &tx_source);
            }
            if has_discount && has_transactions {
                // smoothed toward the overall rate by PRIOR orders, so one order is not 0% or 100%
                let (disc, all): (u64, u64) = orders
                    .iter()
                    .filter(|a| a.orders > 0)
                    .fold((0, 0), |(d, n), a| (d + a.discounted as u64, n + a.orders as u64));
                let p0 = disc as f64 / all.max(1) as f64;
                let values = col(&|o, a| (a.discounted as f64 + PRIOR * p0) / (o.orders as f64 + PRIOR));
                let mut info =
                    numeric_info("discount_share", "Share of orders with a discount", Group::Behaviour, &values);
                info.default = true;
                info.source = tx_source.clone();
                features.push(Feature { info, data: FeatureData::Numeric(values) });
            }
        }
        if has_events {
            let values: Vec<f64> = orders.iter().map(|o| o.events as f64).collect();
            let mut info = numeric_info("events", "Events", Group::Behaviour, &values);
            info.source = join_sources(&event_source);
            features.push(Feature { info, data: FeatureData::Numeric(values) });
        }
        for ((mut info, acc), since) in infos.into_iter().zip(accs).zip(since) {
            // (a summed-up number of orders and money, when they give the orders: RFM says them)
            if from_summary && summary_keys.contains(&info.key) {
                continue;
            }
            let data = match acc {
                Acc::Numeric { values, sums, mean } => {
                    let mut values: Vec<f64> = if mean {
                        sums.iter().map(|&(s, k)| if k > 0 { s / k as f64 } else { f64::NAN }).collect()
                    } else {
                        values
                    };
                    if since {
                        // days to years before the latest, or the last order's when later (a
                        // signup date: years as a customer; a first order beside the last: years
                        // from the one to the day the orders are scored on, not to the latest
                        // first order)
                        let latest = values
                            .iter()
                            .copied()
                            .filter(|v| !v.is_nan())
                            .fold(latest_order.map_or(f64::MIN, |d| d as f64), f64::max);
                        values.iter_mut().for_each(|v| *v = (latest - *v) / 365.25);
                    } else if !mean && let Some(code) = number_code(&values, money_feature(&info)) {
                        let empty = values.iter().any(|v| v.is_nan());
                        values.iter_mut().filter(|v| **v == code).for_each(|v| *v = f64::NAN);
                        let level = if empty { format!("{code} or empty") } else { code.to_string() };
                        info.code = Some(NumberCode { value: code, level });
                    }
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
                Acc::Mix { levels, counts, past, .. } => {
                    let l = levels.len();
                    let totals: Vec<u64> = counts.iter().map(|v| v.iter().map(|&c| c as u64).sum()).collect();
                    // the first levels met of a column of thousands (Online Retail's product
                    // names, in the order the first day sold them) are no mix of what was
                    // bought: left out, and said so
                    let kept: u64 = totals.iter().sum();
                    if (kept as f64) < MIX_KEPT * (kept + past) as f64 {
                        mixes_left_out.push(format!(
                            "{} is left out: \u{201c}{}\u{201d} has too many different values to compare segments on (the first {MAX_INTERNED} met cover only {} of its rows)",
                            info.label,
                            info.source,
                            crate::persona::pct(kept as f64 / (kept + past).max(1) as f64)
                        ));
                        continue;
                    }
                    let mut order: Vec<usize> = (0..l).collect();
                    order.sort_by(|&a, &b| totals[b].cmp(&totals[a]).then(a.cmp(&b)));
                    let mut flat = vec![0u32; n * l];
                    for (new, &old) in order.iter().enumerate() {
                        for (c, &k) in counts[old].iter().enumerate() {
                            flat[c * l + new] = k;
                        }
                    }
                    let none = (0..n).filter(|c| flat[c * l..(c + 1) * l].iter().all(|&x| x == 0)).count();
                    info.missing_share = share(none, n);
                    // as for a category: an attribute of too many levels to cluster on unless
                    // asked for (behaviour mixes, of event types or products, stay ticked)
                    if info.group == Group::Attributes && l > MAX_DEFAULT_LEVELS {
                        info.default = false;
                    }
                    info.levels = order.iter().map(|&i| levels[i].clone()).collect();
                    if past == 0 && one_per_customer(&flat, l) {
                        info.one_per_customer = true;
                        if let Some(name) = info.label.strip_suffix(" mix") {
                            info.label = name.to_owned();
                        }
                    }
                    FeatureData::Shares(flat)
                }
            };
            // a feature nobody has is no feature, nor one everybody has alike (a shop's flat
            // shipping cost, averaged over each customer's orders up to rounding)
            if info.missing_share < 1.0 && !matches!(&data, FeatureData::Numeric(v) if one_value(v)) {
                features.push(Feature { info, data });
            }
        }
        crate::duplicates::untick(&mut features, n);
        let ids = (0..n).map(|i| ids.get(i).into()).collect();
        let has_transactions = has_transactions || from_summary;
        CustomerTable {
            ids,
            features,
            orders: summaries,
            has_transactions,
            comments,
            totals_once,
            orders_summed_up,
            mixes_left_out,
        }
    }
}

/// Whether a mix's counts (`l` levels per customer) name one value for each customer: the
/// rows of all but [`MIXED_CUSTOMERS`] of the customers that have any name one level, and a
/// fifth of them have several rows, so that their rows agreeing says something.
fn one_per_customer(counts: &[u32], l: usize) -> bool {
    let (mut with_rows, mut mixed, mut repeated) = (0usize, 0usize, 0usize);
    for row in counts.chunks_exact(l.max(1)) {
        let (total, levels) = row.iter().fold((0u64, 0usize), |(t, k), &x| (t + x as u64, k + usize::from(x > 0)));
        if total == 0 {
            continue;
        }
        with_rows += 1;
        if levels > 1 {
            mixed += 1;
        } else if total > 1 {
            repeated += 1;
        }
    }
    with_rows >= 10 && (mixed as f64) <= MIXED_CUSTOMERS * with_rows as f64 && repeated * 5 >= with_rows
}

/// The share of customers whose rows may name several values of a column that still names one
/// per customer ([`one_per_customer`]): a customer who moved, a typo; each counts at the value
/// most of their rows name.
const MIXED_CUSTOMERS: f64 = 0.01;

/// Adds `k` to customer `c`'s count of mix level `level`.
fn add_count(counts: &mut Vec<Vec<u32>>, level: usize, c: usize, k: u32) {
    if counts.len() <= level {
        counts.resize_with(level + 1, Vec::new);
    }
    let v = &mut counts[level];
    if v.len() <= c {
        v.resize(c + 1, 0);
    }
    v[c] += k;
}

/// Adds one part's feature (`local`, its customers at `to[c]`) to the table's (`global`).
/// With `last_wins` (the rest of a customers file) a value of `local` replaces one already
/// there; otherwise (the table, filled in reading order) a value already there stays, and a
/// list's items join those already there.
fn absorb(global: &mut Acc, local: Acc, to: &[usize], last_wins: bool) {
    match (global, local) {
        // what the table keeps of the feature (a mean or a value) from the part, which keeps
        // the same when it read the feature the same way (a part that averaged a feature the
        // table takes once, or the reverse, adds nothing to it)
        (Acc::Numeric { values, sums, mean: true }, Acc::Numeric { sums: ls, .. }) => {
            for (&c, &(s, k)) in to.iter().zip(&ls) {
                if k > 0 {
                    sums[c].0 += s;
                    sums[c].1 += k;
                }
            }
            debug_assert!(values.is_empty());
        }
        (Acc::Numeric { values, .. }, Acc::Numeric { values: lv, .. }) => {
            for (&c, &x) in to.iter().zip(&lv) {
                if !x.is_nan() && (last_wins || values[c].is_nan()) {
                    values[c] = x;
                }
            }
        }
        (Acc::Levels { levels, index, codes }, Acc::Levels { levels: ll, index: li, codes: lc }) => {
            if levels.is_empty() {
                // the first file with this feature: its levels as they came
                *levels = ll;
                *index = li;
                for (&c, &code) in to.iter().zip(&lc) {
                    if code != MISSING {
                        codes[c] = code;
                    }
                }
                return;
            }
            let mut level_of: Vec<Option<u32>> = vec![None; ll.len()];
            for (&c, &code) in to.iter().zip(&lc) {
                if code != MISSING && (last_wins || codes[c] == MISSING) {
                    codes[c] = if code == OTHER {
                        OTHER
                    } else {
                        *level_of[code as usize]
                            .get_or_insert_with(|| intern(levels, index, &ll[code as usize]).unwrap_or(OTHER))
                    };
                }
            }
        }
        (Acc::Multi { levels, index, sets }, Acc::Multi { levels: ll, index: li, sets: ls }) => {
            if levels.is_empty() {
                *levels = ll;
                *index = li;
                for (&c, &set) in to.iter().zip(&ls) {
                    sets[c] |= set;
                }
                return;
            }
            let mut bit_of: Vec<Option<Option<u32>>> = vec![None; ll.len()];
            for (&c, &set) in to.iter().zip(&ls) {
                if set == 0 {
                    continue;
                }
                let mut out = 0u64;
                for (i, level) in ll.iter().enumerate() {
                    if set >> i & 1 == 1
                        && let Some(b) = *bit_of[i].get_or_insert_with(|| intern(levels, index, level))
                    {
                        out |= 1 << b;
                    }
                }
                // (the part's last row replaces, or its items join those read before)
                if last_wins {
                    sets[c] = out;
                } else {
                    sets[c] |= out;
                }
            }
        }
        (Acc::Mix { levels, index, counts, past }, Acc::Mix { levels: ll, counts: lc, past: lp, .. }) => {
            // every level of a mix is used: take them in the order first seen
            *past += lp;
            for (name, local) in ll.iter().zip(lc) {
                let Some(g) = intern(levels, index, name) else {
                    *past += local.iter().map(|&k| k as u64).sum::<u64>();
                    continue;
                };
                for (c, k) in local.into_iter().enumerate() {
                    if k > 0 {
                        add_count(counts, g as usize, to[c], k);
                    }
                }
            }
        }
        // a feature read as a list in one file and as a category in another: the first wins
        _ => {}
    }
}

/// Text of the first rows kept before the part's plan is made from their profile: enough rows
/// (some thousands) for the roles, and little enough that a second reader of a large file
/// ([`crate::ingest::split`]) can start soon.
pub const HEAD_BYTES: usize = 1 << 20;

enum Gathering {
    Head(RowBuffer),
    Part(Box<FilePart>),
    Off,
}

/// Profiles a file and gathers its part of the customer table in the same reading, so that
/// segmentation need not read the file again.
///
/// A part needs the file's plan, which needs its roles, which are sure only at the end. So the
/// first [`HEAD_BYTES`] of rows are kept, the plan is made from the profile of those rows, the
/// kept rows are gathered, and the rest go straight in. At the end the plan is made again from
/// the whole file's profile; when it differs (the first rows misled), the part is dropped and
/// [`TableBuilder::reuse`] has the file read again.
///
/// ```
/// use persona_core::features::{OnePass, TableBuilder};
/// let mut pass = OnePass::new("customers.csv");
/// pass.feed(b"customer_id,age\nC1,34\nC2,51\n");
/// let (file, part) = pass.finish().unwrap();
/// let (builder, again) = TableBuilder::reuse(&[&file.profile], vec![part]);
/// assert!(again.is_empty());
/// assert_eq!(builder.finish().len(), 2);
/// ```
pub struct OnePass {
    profiler: Profiler,
    gathering: Gathering,
    head_bytes: usize,
}

impl OnePass {
    pub fn new(name: impl Into<String>) -> OnePass {
        OnePass::with_head(name, HEAD_BYTES)
    }

    /// With `head_bytes` of rows kept before the plan is made, instead of [`HEAD_BYTES`].
    pub fn with_head(name: impl Into<String>, head_bytes: usize) -> OnePass {
        OnePass { profiler: Profiler::with_rows(name), gathering: Gathering::Head(RowBuffer::default()), head_bytes }
    }

    /// Bytes fed so far.
    pub fn bytes_read(&self) -> u64 {
        self.profiler.bytes_read()
    }

    /// Feeds the next chunk of the file.
    pub fn feed(&mut self, chunk: &[u8]) {
        match &mut self.gathering {
            Gathering::Head(head) => {
                self.profiler.feed_rows(chunk, |r, _| head.push(r));
                if head.text_len() >= self.head_bytes {
                    self.start_part();
                }
            }
            Gathering::Part(part) => self.profiler.feed_rows(chunk, |r, v| part.row_read(r, v)),
            Gathering::Off => self.profiler.feed(chunk),
        }
    }

    fn start_part(&mut self) {
        let Gathering::Head(head) = std::mem::replace(&mut self.gathering, Gathering::Off) else { return };
        match self.profiler.provisional().as_ref().and_then(FilePlan::new) {
            Some(plan) => {
                let mut part = FilePart::new(plan);
                head.replay(|r| part.row(r));
                part.take_ids(|c| self.profiler.column_mut(c));
                self.gathering = Gathering::Part(Box::new(part));
            }
            // no customer id in sight: profile only
            None => self.profiler.drop_rows(),
        }
    }

    /// Ends the file: its profile, and its part when the plan made from the first rows is
    /// the whole file's.
    pub fn finish(mut self) -> Result<(ProfiledFile, Option<FilePart>), IngestError> {
        let mut gathering = std::mem::replace(&mut self.gathering, Gathering::Off);
        let mut file = match &mut gathering {
            Gathering::Head(head) => self.profiler.finish_rows(|r, _| head.push(r))?,
            Gathering::Part(part) => self.profiler.finish_rows(|r, v| part.row_read(r, v))?,
            Gathering::Off => self.profiler.finish_rows(|_, _| {})?,
        };
        if let Gathering::Part(part) = &gathering {
            part.return_ids(|c| file.columns.get_mut(c));
        }
        let part = match (gathering, FilePlan::new(&file.profile)) {
            (Gathering::Head(head), Some(plan)) => {
                let mut part = FilePart::new(plan);
                head.replay(|r| part.row(r));
                Some(part)
            }
            (Gathering::Part(part), Some(plan)) if part.plan == plan => Some(*part),
            _ => None,
        };
        Ok((file, part))
    }
}

/// What a second reader of a file needs ([`OnePass::resume`]): the profiler's handoff and the
/// plan the first reader gathers under (`None`: the file feeds no part).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PassHandoff {
    profile: Handoff,
    plan: Option<FilePlan>,
    /// The levels the first reader has met so far, per feature ([`FilePart::levels`]).
    #[serde(default)]
    levels: Vec<Vec<String>>,
}

/// What a second reader found from the cut on: its counts and its part.
#[derive(Serialize, Deserialize)]
pub struct PassTail {
    profile: Tail,
    part: Option<FilePart>,
}

impl PassTail {
    /// The tail as bytes, to send it from one worker to another.
    pub fn to_bytes(&self) -> Vec<u8> {
        // every field is plain data: this cannot fail
        postcard::to_allocvec(self).unwrap_or_default()
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<PassTail, String> {
        postcard::from_bytes(bytes).map_err(|e| format!("the second reader's result is unreadable: {e}"))
    }
}

impl OnePass {
    /// What a second reader needs to take over at a cut ([`crate::ingest::split`]), once the
    /// plan is made (after the first rows) and when the file can be cut.
    pub fn handoff(&self) -> Option<PassHandoff> {
        if matches!(self.gathering, Gathering::Head(_)) {
            return None;
        }
        let profile = self.profiler.handoff()?;
        let (plan, levels) = match &self.gathering {
            Gathering::Part(part) => (Some(part.plan.clone()), part.levels()),
            _ => (None, Vec::new()),
        };
        Some(PassHandoff { profile, plan, levels })
    }

    /// The second reader, to be fed the bytes after the cut.
    pub fn resume(name: impl Into<String>, handoff: &PassHandoff) -> OnePass {
        let mut profiler = Profiler::resume(name, &handoff.profile);
        let gathering = match &handoff.plan {
            Some(plan) => {
                profiler.keep_rows();
                let part = FilePart::resumed(plan.clone(), &handoff.levels);
                part.take_ids(|c| profiler.column_mut(c));
                Gathering::Part(Box::new(part))
            }
            None => Gathering::Off,
        };
        OnePass { profiler, gathering, head_bytes: 0 }
    }

    /// Whether the bytes fed so far end where a row ends.
    pub fn at_row_end(&self) -> bool {
        self.profiler.at_row_end()
    }

    /// Ends the second reader.
    pub fn into_tail(self) -> PassTail {
        match self.gathering {
            Gathering::Part(mut part) => {
                // the part's ids go back to the profile where the part ends (see `join`), not
                // here: a hundred thousand hashes more would travel between the workers
                let profile = self.profiler.into_tail_rows(|r, v| part.row_read(r, v));
                PassTail { profile, part: Some(*part) }
            }
            _ => PassTail { profile: self.profiler.into_tail(), part: None },
        }
    }

    /// Joins the second reader's tail to this reader, fed up to the cut.
    pub fn join(&mut self, tail: PassTail) {
        self.profiler.join(tail.profile);
        match (&mut self.gathering, tail.part) {
            (Gathering::Part(part), Some(rest)) if rest.plan == part.plan => part.append(rest),
            (Gathering::Off, None) => {}
            // not gathered alike: the part is not the whole file's, and the file is read again
            (_, rest) => {
                if let Gathering::Part(part) = &self.gathering {
                    part.return_ids(|c| self.profiler.column_mut(c));
                }
                if let Some(rest) = rest {
                    rest.return_ids(|c| self.profiler.column_mut(c));
                }
                self.gathering = Gathering::Off;
            }
        }
    }
}

impl Split for OnePass {
    type Handoff = PassHandoff;
    type Tail = PassTail;
    fn feed(&mut self, chunk: &[u8]) {
        OnePass::feed(self, chunk);
    }
    fn handoff(&self) -> Option<PassHandoff> {
        OnePass::handoff(self)
    }
    fn resume(name: &str, handoff: &PassHandoff) -> Self {
        OnePass::resume(name, handoff)
    }
    fn at_row_end(&self) -> bool {
        OnePass::at_row_end(self)
    }
    fn into_tail(self) -> PassTail {
        OnePass::into_tail(self)
    }
    fn join(&mut self, tail: PassTail) {
        OnePass::join(self, tail);
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
        role: None,
        code: None,
        same_as: None,
        one_per_customer: false,
    }
}

fn intern(levels: &mut Vec<String>, index: &mut FxHashMap<String, u32>, raw: &str) -> Option<u32> {
    // a few levels (channels, event types) are found sooner by looking than by hashing
    // (`same_text` rules most of them out by their length)
    if levels.len() <= 16 {
        if let Some(i) = levels.iter().position(|l| value::same_text(l, raw)) {
            return Some(i as u32);
        }
    } else if let Some(&i) = index.get(raw) {
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

/// Whether a yes/no value (a boolean word, or a whole number: 0 is no) says yes; `None` for
/// anything else.
fn yes_no(v: Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(b),
        Value::Int { value, .. } => Some(value != 0),
        _ => None,
    }
}

/// The number a value is, if it is one.
/// The money a row says was refunded in column `ci` ([`FilePlan::refund`]): 0 when none is
/// given or it is below 0.
pub(crate) fn refunded(fields: &[&str], values: &[Value], ci: usize, decimal: DecimalSeparator) -> f64 {
    let raw = fields.get(ci).copied().unwrap_or("").trim_ascii();
    let v = values.get(ci).copied().unwrap_or_else(|| value::classify(raw, decimal));
    number_of(v).filter(|r| *r > 0.0).unwrap_or(0.0)
}

pub(crate) fn number_of(v: Value) -> Option<f64> {
    match v {
        Value::Int { value, .. } => Some(value as f64),
        Value::Number { value, .. } => Some(value),
        _ => None,
    }
}

/// [`day_of`], from the profile's reading of the field when there is one.
fn day_of_read(raw: &str, known: Option<Value>, decimal: DecimalSeparator, order: DateOrder) -> Option<i64> {
    match known {
        Some(v) => day_from(v, order),
        None => day_of(raw, decimal, order),
    }
}

fn day_of(raw: &str, decimal: DecimalSeparator, order: DateOrder) -> Option<i64> {
    // the usual numeric layouts directly; named months and compact numbers the general way
    day_from(value::parse_date(raw).unwrap_or_else(|| value::classify(raw, decimal)), order)
}

/// The day of a date value (a compact `YYYYMMDD` integer or a Unix time too), read day-first
/// or month-first.
fn day_from(v: Value, order: DateOrder) -> Option<i64> {
    value::date_seconds(v, order == DateOrder::Mdy).map(|t| t.div_euclid(86_400))
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
    /// What a missing number is taken as (the median of the present values, before the
    /// transform); 0 for indicator columns.
    #[serde(default)]
    pub fill: f64,
    /// The number the feature's column writes for "none" ([`NumberCode`]): missing too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<f64>,
}

/// The clustering input: a matrix and how each column was made.
///
/// The encoded values are kept as `f32`: z-scores clipped to ±4 and shares need no more than
/// its seven digits, and a million customers' rows then take half the memory and are read
/// through twice as fast (k-means works out distances and centroids in `f64`).
#[derive(Clone, Debug, PartialEq)]
pub struct Encoded {
    pub matrix: Matrix<f32>,
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

/// Whether the numbers present are one value, but for the last bits an average rounds off
/// (4.9 averaged over 3 orders is not exactly 4.9).
fn one_value(values: &[f64]) -> bool {
    let (min, max) = values
        .iter()
        .filter(|v| !v.is_nan())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| (lo.min(v), hi.max(v)));
    min > max || max - min <= 1e-9 * min.abs().max(max.abs())
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

/// Where one encoded column's raw values come from, evaluated per customer while the matrix
/// is filled row by row. Only a number column is worked out in advance (its logarithms).
enum Src<'a> {
    /// A number per customer, missing values filled and log1p taken when asked, worked out
    /// once (a logarithm per value per pass adds up over a million customers).
    Numeric(Vec<f64>),
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
    /// The customer's share of level `j` of `l`, smoothed toward `p0` by [`PRIOR`]; `totals`
    /// holds each customer's count of all levels (shared by the feature's columns).
    Share {
        counts: &'a [u32],
        totals: std::rc::Rc<[u32]>,
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
            Src::Numeric(ref values) => values[i],
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
            Src::Share { counts, ref totals, l, j, p0 } => smoothed_share(counts[i * l + j], totals[i], p0),
        }
    }

    /// The mean and standard deviation of every customer's value, as [`mean_sd`] gives them,
    /// with the kind of source decided once, not per value (a million customers by some
    /// dozens of item and share columns).
    fn mean_sd(&self, n: usize) -> (f64, f64) {
        match *self {
            Src::Item { sets, bit } => mean_sd(sets[..n].iter().map(|&s| (s >> bit & 1) as f64)),
            Src::Share { counts, ref totals, l, j, p0 } => {
                mean_sd((0..n).map(|i| smoothed_share(counts[i * l + j], totals[i], p0)))
            }
            _ => mean_sd((0..n).map(|i| self.at(i))),
        }
    }

    fn varies(&self, n: usize) -> bool {
        n > 0 && (1..n).any(|i| self.at(i) != self.at(0))
    }
}

/// A customer's smoothed share of a level: `count` of their `total`, toward `p0`.
#[inline]
pub(crate) fn smoothed_share(count: u32, total: u32, p0: f64) -> f64 {
    (count as f64 + PRIOR * p0) / (total as f64 + PRIOR)
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
    let encoder = Encoder::new(table, selected)?;
    Ok(Encoded { matrix: encoder.all(), columns: encoder.columns() })
}

/// The encoding of the selected features worked out on every customer (levels, centres,
/// scales) but not yet applied: [`Encoder::rows`] encodes some customers, [`Encoder::all`]
/// every one, with the same numbers for the same customer.
pub struct Encoder<'a> {
    n: usize,
    cols: Vec<Col<'a>>,
    table: &'a CustomerTable,
}

/// What one encoded column is made of, in terms of its feature's values: with the column's
/// [`EncodedColumn`] (centre, scale, weight, fill) it says how to compute the column for any
/// customer, which is what the SQL export ([`crate::sql`]) writes out.
#[derive(Clone, Debug, PartialEq)]
pub enum ColumnSource {
    /// The number (its fill when missing), log1p-transformed when the column says so,
    /// standardised and clipped.
    Number,
    /// The weight when the number is missing, else 0.
    MissingNumber,
    /// The weight when the category is this level, else 0.
    Level(String),
    /// The weight when the category is any level but these (and not missing), else 0.
    OtherLevel(Vec<String>),
    /// The weight when the category is missing, else 0.
    MissingLevel,
    /// 1 when the list holds this item, else 0; standardised and clipped.
    Item(String),
    /// The customer's count of `level` over their count of all `counted` levels, smoothed
    /// toward `p0` by [`PRIOR`]; standardised and clipped.
    Share { level: String, counted: Vec<String>, p0: f64 },
}

/// Rows filled at a time by [`Encoder::all`], column by column: a block's rows stay in cache
/// while every column is written into them.
const BLOCK_ROWS: usize = 512;

impl<'a> Encoder<'a> {
    pub fn new(table: &'a CustomerTable, selected: &[String]) -> Result<Encoder<'a>, EncodeError> {
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
                    fill: 0.0,
                    code: None,
                };
                Col { src, standardise: false, info }
            }
            match &f.data {
                FeatureData::Numeric(values) => {
                    if let Some(mut col) = numeric_column(key, values) {
                        let code = f.info.code.as_ref().map(|c| c.value);
                        col.info.code = code;
                        cols.push(col);
                        if values.iter().any(|v| v.is_nan()) {
                            let mut missing = indicator(key, Src::Missing { values, w: w_ind }, "missing".into());
                            missing.info.code = code;
                            cols.push(missing);
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
                    let totals: std::rc::Rc<[u32]> =
                        counts.chunks_exact(l.max(1)).map(|row| row.iter().sum()).collect();
                    let srcs = (0..l.min(MAX_LEVELS)).map(|j| {
                        let src = Src::Share { counts, totals: totals.clone(), l, j, p0: overall[j] / grand };
                        (src, f.info.levels[j].clone())
                    });
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
        Ok(Encoder { n, cols, table })
    }

    /// How each column of the matrix was made.
    pub fn columns(&self) -> Vec<EncodedColumn> {
        self.cols.iter().map(|c| c.info.clone()).collect()
    }

    /// What each column of the matrix is made of (in the order of [`Encoder::columns`]).
    pub fn sources(&self) -> Vec<ColumnSource> {
        self.cols
            .iter()
            .map(|c| {
                let levels = || self.table.feature(&c.info.feature).map_or(&[][..], |f| &f.info.levels[..]);
                match c.src {
                    Src::Numeric(_) => ColumnSource::Number,
                    Src::Missing { .. } => ColumnSource::MissingNumber,
                    Src::Level { test: LevelTest::Is(l), .. } => ColumnSource::Level(levels()[l as usize].clone()),
                    Src::Level { test: LevelTest::From(l), .. } => {
                        ColumnSource::OtherLevel(levels()[..l as usize].to_vec())
                    }
                    Src::Level { test: LevelTest::Missing, .. } => ColumnSource::MissingLevel,
                    Src::Item { bit, .. } => ColumnSource::Item(levels()[bit as usize].clone()),
                    Src::Share { j, p0, .. } => {
                        ColumnSource::Share { level: levels()[j].clone(), counted: levels().to_vec(), p0 }
                    }
                }
            })
            .collect()
    }

    /// The customers at `idx`, in that order.
    pub fn rows(&self, idx: &[usize]) -> Matrix<f32> {
        let d = self.cols.len();
        let mut data = vec![0.0; idx.len() * d];
        for (j, c) in self.cols.iter().enumerate() {
            c.fill(idx.iter().copied(), &mut data, d, j);
        }
        Matrix::new(idx.len(), d, data)
    }

    /// Every customer.
    pub fn all(&self) -> Matrix<f32> {
        self.all_with_variance().0
    }

    /// Every customer, and the mean variance of the encoded values (the mean over the columns
    /// of each one's variance, as k-means scales its tolerance by): the sums of each column and
    /// of its squares are taken block by block while the block is still in the cache, so no
    /// further pass over a million rows is needed. Not finite when a value is not.
    pub fn all_with_variance(&self) -> (Matrix<f32>, f64) {
        let (n, d) = (self.n, self.cols.len());
        let mut data = vec![0.0; n * d];
        let (mut sum, mut squares) = (vec![0.0f64; d], vec![0.0f64; d]);
        for (b, block) in data.chunks_mut(BLOCK_ROWS * d).enumerate() {
            let start = b * BLOCK_ROWS;
            let rows = start..start + block.len() / d;
            for (j, c) in self.cols.iter().enumerate() {
                c.fill(rows.clone(), block, d, j);
            }
            for row in block.chunks_exact(d) {
                for ((s, q), &x) in sum.iter_mut().zip(squares.iter_mut()).zip(row) {
                    let x = x as f64;
                    *s += x;
                    *q += x * x;
                }
            }
        }
        let nf = n.max(1) as f64;
        let variance =
            sum.iter().zip(&squares).map(|(s, q)| (q - s * s / nf).max(0.0)).sum::<f64>() / (nf * d.max(1) as f64);
        (Matrix::new(n, d, data), variance)
    }
}

impl Col<'_> {
    /// Writes this column (`j` of `d`) of the customers `idx` into the rows of `out`, one
    /// customer per row. The kind of source is decided once per call, not per value.
    fn fill(&self, idx: impl Iterator<Item = usize>, out: &mut [f32], d: usize, j: usize) {
        let slots = out.iter_mut().skip(j).step_by(d);
        let (standardise, center, scale, weight) =
            (self.standardise, self.info.center, self.info.scale, self.info.weight);
        let put = |x: &mut f32, raw: f64| {
            *x = (if standardise { ((raw - center) / scale).clamp(-4.0, 4.0) * weight } else { raw }) as f32;
        };
        match self.src {
            Src::Numeric(ref values) => slots.zip(idx).for_each(|(x, i)| put(x, values[i])),
            Src::Missing { values, w } => {
                slots.zip(idx).for_each(|(x, i)| put(x, if values[i].is_nan() { w } else { 0.0 }))
            }
            Src::Level { codes, test, w } => {
                let hit = |c: u32| match test {
                    LevelTest::Is(l) => c == l,
                    LevelTest::From(l) => c != MISSING && c >= l,
                    LevelTest::Missing => c == MISSING,
                };
                slots.zip(idx).for_each(|(x, i)| put(x, if hit(codes[i]) { w } else { 0.0 }))
            }
            Src::Item { sets, bit } => slots.zip(idx).for_each(|(x, i)| put(x, (sets[i] >> bit & 1) as f64)),
            Src::Share { counts, ref totals, l, j, p0 } => {
                slots.zip(idx).for_each(|(x, i)| put(x, smoothed_share(counts[i * l + j], totals[i], p0)))
            }
        }
    }
}

fn numeric_column<'a>(key: &str, values: &'a [f64]) -> Option<Col<'a>> {
    let mut present: Vec<f64> = values.iter().copied().filter(|v| !v.is_nan()).collect();
    if present.is_empty() {
        return None;
    }
    if one_value(&present) {
        return None;
    }
    let min = present.iter().copied().fold(f64::INFINITY, f64::min);
    // skewed non-negative values (money, counts): log1p
    let (mean, sd) = mean_sd(present.iter().copied());
    let skew = present.iter().map(|v| ((v - mean) / sd).powi(3)).sum::<f64>() / present.len() as f64;
    let log = min >= 0.0 && skew > 1.0;
    let t = |v: f64| if log { v.ln_1p() } else { v };
    let transformed: Vec<f64> = present.iter().map(|&v| t(v)).collect();
    let (center, scale) = mean_sd(transformed.iter().copied());
    drop(transformed);
    let fill = median(&mut present); // last: it reorders `present`
    let scale = if scale > 0.0 { scale } else { 1.0 };
    let filled = values.iter().map(|&v| t(if v.is_nan() { fill } else { v })).collect();
    Some(Col {
        src: Src::Numeric(filled),
        standardise: true,
        info: EncodedColumn { feature: key.to_owned(), level: None, log, center, scale, weight: 1.0, fill, code: None },
    })
}

/// Item or share columns: z-scored, and scaled by 1/sqrt(m) so the set weighs as one number.
fn vector_columns<'a>(key: &str, n: usize, srcs: Vec<(Src<'a>, String)>, cols: &mut Vec<Col<'a>>) {
    let varying: Vec<(Src, String)> = srcs.into_iter().filter(|(s, _)| s.varies(n)).collect();
    let w = 1.0 / (varying.len().max(1) as f64).sqrt();
    for (src, level) in varying {
        let (center, scale) = src.mean_sd(n);
        cols.push(Col {
            src,
            standardise: true,
            info: EncodedColumn {
                feature: key.to_owned(),
                level: Some(level),
                log: false,
                center,
                scale,
                weight: w,
                fill: 0.0,
                code: None,
            },
        });
    }
}

/// Reads every file again with its profile's roles and builds the customer table.
/// `open(i)` opens file `i` of `profiles`.
pub fn gather<R: std::io::Read>(
    profiles: &[&FileProfile],
    open: impl FnMut(usize) -> std::io::Result<R>,
) -> std::io::Result<CustomerTable> {
    gather_again(profiles, Vec::new(), open)
}

/// The table from the parts gathered while importing ([`OnePass`]) where they still hold
/// (see [`TableBuilder::reuse`]), reading again only the files whose plan changed.
pub fn gather_again<R: std::io::Read>(
    profiles: &[&FileProfile],
    kept: Vec<Option<FilePart>>,
    mut open: impl FnMut(usize) -> std::io::Result<R>,
) -> std::io::Result<CustomerTable> {
    let (mut builder, again) = TableBuilder::reuse(profiles, kept);
    let mut buf = vec![0u8; 1 << 20];
    for i in again {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_written_for_none_is_told_from_the_numbers() {
        // (values, counts): each value repeated its count of times, NaN for empty cells
        let column = |parts: &[(f64, usize)]| -> Vec<f64> {
            parts.iter().flat_map(|&(v, k)| std::iter::repeat_n(v, k)).collect()
        };
        let days: Vec<(f64, usize)> = (1..=40).map(|d| (d as f64 * 7.0, 3)).collect();
        let cases: Vec<(&str, Vec<f64>, Option<f64>)> = vec![
            (
                "a 0 to 10 scale's frequent 9 hides no 99 for no answer",
                column(&[(9.0, 90), (5.0, 40), (7.0, 50), (10.0, 20), (99.0, 8)]),
                Some(99.0),
            ),
            ("pdays: -1 for most, days for the others", column(&[&[(-1.0, 400)], &days[..]].concat()), Some(-1.0)),
            ("with empty cells too", column(&[&[(-1.0, 400), (f64::NAN, 9)], &days[..]].concat()), Some(-1.0)),
            (
                "an age of 999 for no answer, now and then",
                column(&[(999.0, 4), (25.0, 50), (40.0, 60), (63.0, 30)]),
                Some(999.0),
            ),
            ("-99 among amounts", column(&[(-99.0, 5), (0.0, 20), (12.5, 30), (80.0, 10)]), Some(-99.0)),
            (
                "99 for unknown among 0 to 6 children",
                column(&[(0.0, 50), (1.0, 40), (2.0, 20), (6.0, 5), (99.0, 6)]),
                Some(99.0),
            ),
            ("plan prices 9, 19, 49 and 99: prices", column(&[(9.0, 50), (19.0, 40), (49.0, 20), (99.0, 60)]), None),
            (
                "-1 beside 0, 2, 4, as common as each: a time",
                column(&[(-1.0, 14), (0.0, 14), (2.0, 14), (4.0, 14)]),
                None,
            ),
            ("-1 less common than 1: a value", column(&[(-1.0, 3), (0.0, 6), (1.0, 9), (2.0, 5), (5.0, 1)]), None),
            ("-1, 0, 1: a scale", column(&[(-1.0, 40), (0.0, 30), (1.0, 30)]), None),
            ("0, 1 and 9: three levels", column(&[(0.0, 30), (1.0, 30), (9.0, 30)]), None),
            (
                "99 within the range (a score of 0 to 100)",
                column(&[(99.0, 10), (50.0, 30), (100.0, 5), (70.0, 9)]),
                None,
            ),
            ("other negative values: -1 is one of them", column(&[(-1.0, 40), (-3.0, 2), (5.0, 30), (8.0, 9)]), None),
            ("twice: no code", column(&[(-1.0, 2), (1.0, 1), (3.0, 1), (4.0, 1)]), None),
            ("everyone alike", column(&[(-1.0, 50)]), None),
            ("1.5 and 9.5 are no codes", column(&[(9.5, 40), (0.5, 3), (1.0, 3), (2.0, 3)]), None),
        ];
        for (what, values, want) in cases {
            assert_eq!(number_code(&values, false), want, "{what}");
        }
        // money: an annual plan's 999 beside monthly plans of 19 to 49 is a price; a -1 for no
        // balance is still a code
        let paid = column(&[(19.0, 50), (29.0, 40), (49.0, 30), (999.0, 12)]);
        assert_eq!(number_code(&paid, false), Some(999.0), "(without knowing it is money)");
        assert_eq!(number_code(&paid, true), None);
        let balance = column(&[(-1.0, 60), (0.0, 10), (120.0, 20), (4_000.0, 5)]);
        assert_eq!(number_code(&balance, true), Some(-1.0));
    }

    #[test]
    fn the_id_index_tells_apart_short_long_and_look_alike_ids_and_survives_a_round_trip() {
        // ids around the inline length, prefixes of each other, a zero byte, non-ASCII
        let mut ids: Vec<String> = Vec::new();
        for n in 0..=20usize {
            ids.push("7".repeat(n));
            ids.push(format!("{}x", "7".repeat(n)));
        }
        ids.extend(
            ["a\0", "a", "a\0\0", "Müller", "Müllerß", "C0080828", "C0080829", "cus_Nffrwd4fLY9zr5"].map(String::from),
        );
        for i in 0..5_000 {
            ids.push(format!("C{i:07}"));
            ids.push(format!("550e8400-e29b-41d4-a716-{i:012}"));
        }
        let mut index = IdIndex::default();
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(index.intern(id), i, "{id:?} is new");
        }
        for (i, id) in ids.iter().enumerate().rev() {
            assert_eq!(index.intern(id), i, "{id:?} is found again");
            assert_eq!(index.get(i), id);
        }
        let bytes = postcard::to_allocvec(&index).expect("serialise");
        let mut back: IdIndex = postcard::from_bytes(&bytes).expect("read back");
        assert_eq!(back.len(), ids.len());
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(back.intern(id), i, "{id:?} is found after the round trip");
        }
        assert_eq!(back.intern("new one"), ids.len());
    }
}
