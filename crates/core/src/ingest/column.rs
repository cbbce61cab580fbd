//! Streaming statistics for one column, and the column's type.
//!
//! Each field is classified once ([`super::value::classify`]) and counted. Memory per column is
//! bounded whatever the file size: distinct values are counted exactly up to
//! [`DISTINCT_CAP`] and then only as "more than"; numeric values feed running moments and a
//! fixed-size reservoir sample for the histogram; customer-id columns also keep a hash of
//! every id so files can be linked.
//!
//! The type is decided at the end from the counts: a type is chosen when at least 95% of the
//! non-missing values fit it ([`TYPE_SHARE`]), in the order boolean, date, id, integer, number,
//! multi-value, category, free text; the share that fits is reported with it.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

use super::value::{self, DecimalSeparator, Timestamp, Value};
use crate::roles::{self, RoleSuggestion, ValueHints};
pub use crate::schema::{ColumnProfile, ColumnType, DateStats, NumericStats};

/// Distinct values counted exactly per column; past this the count is a lower bound.
pub const DISTINCT_CAP: usize = 5_000;
/// Share of non-missing values that must fit a type for the column to get it.
pub const TYPE_SHARE: f64 = 0.95;
/// The share of dates that makes a column named as a moment a column of dates.
pub const MOMENT_SHARE: f64 = 0.8;
const RESERVOIR: usize = 2_048;
const HIST_BINS: usize = 12;
const TOP: usize = 8;
/// The longest example or top value a profile shows, in bytes: a pasted log or an attachment
/// in a field may run to megabytes, which the profile need not carry to the page.
pub const SHOWN_VALUE: usize = 200;

/// `s` cut to [`SHOWN_VALUE`] bytes at a character boundary, with an ellipsis when cut.
fn shown(s: &str) -> String {
    if s.len() <= SHOWN_VALUE {
        return s.to_owned();
    }
    let mut end = SHOWN_VALUE;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}\u{2026}", &s[..end])
}

/// Puts `x` in its place in `tail` (kept in the order `before`) when it comes before its last
/// value, which falls off.
fn tail_push(tail: &mut [f64; TAIL], x: f64, before: fn(f64, f64) -> bool) {
    if !before(x, tail[TAIL - 1]) {
        return;
    }
    let at = tail.iter().position(|&t| before(x, t)).unwrap_or(TAIL - 1);
    tail.copy_within(at..TAIL - 1, at + 1);
    tail[at] = x;
}

/// Running count, mean, spread and range. Sums are kept about the first value (a shift that
/// keeps the variance accurate for data far from zero) so that a value costs no division.
#[derive(Default, Clone, Copy, Serialize, Deserialize)]
struct Moments {
    n: u64,
    shift: f64,
    sum: f64,
    sum_sq: f64,
    min: f64,
    max: f64,
    /// The [`TAIL`] smallest values, smallest first, and the largest, largest first (infinite
    /// where fewer were seen): what a stored profile gives as the range, as the range itself is
    /// one customer's value.
    low: [f64; TAIL],
    high: [f64; TAIL],
}

/// Values at each end of a column's range that a stored profile does not show
/// ([`crate::workspace::MIN_GROUP`]).
const TAIL: usize = 5;

impl Moments {
    fn push(&mut self, x: f64) {
        if self.n == 0 {
            self.min = x;
            self.max = x;
            self.shift = x;
            self.low = [f64::INFINITY; TAIL];
            self.high = [f64::NEG_INFINITY; TAIL];
        } else {
            self.min = self.min.min(x);
            self.max = self.max.max(x);
        }
        tail_push(&mut self.low, x, |a, b| a < b);
        tail_push(&mut self.high, x, |a, b| a > b);
        self.n += 1;
        let d = x - self.shift;
        self.sum += d;
        self.sum_sq += d * d;
    }

    /// Adds another run of values: its sums, moved to this shift.
    fn merge(&mut self, o: &Moments) {
        if o.n == 0 {
            return;
        }
        if self.n == 0 {
            *self = *o;
            return;
        }
        let d = o.shift - self.shift;
        let n = o.n as f64;
        self.sum_sq += o.sum_sq + 2.0 * d * o.sum + n * d * d;
        self.sum += o.sum + n * d;
        self.n += o.n;
        self.min = self.min.min(o.min);
        self.max = self.max.max(o.max);
        for x in o.low.into_iter().filter(|x| x.is_finite()) {
            tail_push(&mut self.low, x, |a, b| a < b);
        }
        for x in o.high.into_iter().filter(|x| x.is_finite()) {
            tail_push(&mut self.high, x, |a, b| a > b);
        }
    }

    fn mean(&self) -> f64 {
        if self.n == 0 { 0.0 } else { self.shift + self.sum / self.n as f64 }
    }

    /// Sample standard deviation (0 for fewer than two values).
    fn std_dev(&self) -> f64 {
        if self.n < 2 {
            return 0.0;
        }
        let n = self.n as f64;
        ((self.sum_sq - self.sum * self.sum / n).max(0.0) / (n - 1.0)).sqrt()
    }
}

/// A number ordered by [`f64::total_cmp`], for the sample's heap (ties of keys are rare).
#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
struct F64(f64);

impl PartialEq for F64 {
    fn eq(&self, other: &Self) -> bool {
        self.0.total_cmp(&other.0) == Ordering::Equal
    }
}

impl Eq for F64 {}

impl PartialOrd for F64 {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for F64 {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.total_cmp(&other.0)
    }
}

/// Each distinct value with its count and class. Looked up by [`Field`], which compares with
/// [`value::same_text`].
type Distinct = hashbrown::HashMap<Box<str>, (u64, Value), rustc_hash::FxBuildHasher>;

/// A field's text as a key of [`Distinct`]: hashed as the `str` it is.
#[derive(Hash)]
struct Field<'a>(&'a str);

impl hashbrown::Equivalent<Box<str>> for Field<'_> {
    fn equivalent(&self, key: &Box<str>) -> bool {
        value::same_text(self.0, key)
    }
}

/// Accumulates one column while the file streams by.
///
/// Two readers of one file (each from one end to a cut in the middle) each fill one, and
/// [`ColumnAcc::merge`] adds the second to the first; the second travels between workers, so it
/// can be serialised.
#[derive(Serialize, Deserialize)]
pub struct ColumnAcc {
    name: String,
    index: usize,
    count: u64,
    missing: u64,
    ints: u64,
    numbers: u64,
    bools: u64,
    texts: u64,
    lists: u64,
    /// Texts of six words or more: prose, which rules out a list column.
    prose: u64,
    leading_zero: u64,
    compact_dates: u64,
    /// Whole numbers that read as Unix times (`1709769600`) or a spreadsheet's day numbers
    /// (`45366`): a time only under a header that names one.
    #[serde(default)]
    unix_times: u64,
    /// The earliest and latest of those times, in seconds (whatever unit each was written in).
    #[serde(default = "no_range")]
    unix_range: (Timestamp, Timestamp),
    dates_dmy: u64,
    dates_mdy: u64,
    dates_iso: u64,
    int_zero_one: u64,
    date_min_max: [(Timestamp, Timestamp); 2],
    moments: Moments,
    /// A uniform sample of the numbers: the [`RESERVOIR`] with the smallest random keys (a
    /// bottom-k sample), kept as a max-heap on the key so a value that is not taken costs one
    /// comparison.
    reservoir: BinaryHeap<(u64, F64)>,
    rng_state: u64,
    /// Count of each distinct value, with its classification (a value seen before is not
    /// classified again).
    distinct: Distinct,
    distinct_overflow: bool,
    items: FxHashMap<Box<str>, u64>,
    examples: Vec<String>,
    text_len: u64,
    id_hashes: Option<FxHashSet<u64>>,
    /// The currencies its numbers are written in (`$`, `€`, `EUR`), at most eight.
    #[serde(default)]
    currencies: Vec<String>,
    /// Of the ids that are digits after leading zeros (`0157`), the hashes of the ids without
    /// them (`157`): what tells a file whose zeros a spreadsheet dropped.
    #[serde(default)]
    unpadded: FxHashSet<u64>,
    /// The last value that was not among the counted distinct values, with its class: sorted
    /// id columns repeat a value row after row, and a repeat needs no lookup, parse or hash.
    #[serde(skip)]
    repeat: String,
    #[serde(skip)]
    repeat_value: Option<Value>,
    /// The ids' hashes are added by whoever else keeps every id of this column
    /// ([`ColumnAcc::ids_kept_elsewhere`]), not one by one here.
    #[serde(skip)]
    ids_elsewhere: bool,
}

impl ColumnAcc {
    /// `keep_ids`: remember a hash of every value, to link files by this column.
    pub fn new(index: usize, name: String, keep_ids: bool) -> Self {
        ColumnAcc {
            name,
            index,
            count: 0,
            missing: 0,
            ints: 0,
            numbers: 0,
            bools: 0,
            texts: 0,
            lists: 0,
            prose: 0,
            leading_zero: 0,
            compact_dates: 0,
            unix_times: 0,
            unix_range: no_range(),
            dates_dmy: 0,
            dates_mdy: 0,
            dates_iso: 0,
            int_zero_one: 0,
            date_min_max: [(i64::MAX, i64::MIN); 2],
            moments: Moments::default(),
            reservoir: BinaryHeap::new(),
            rng_state: 0x9E37_79B9_7F4A_7C15 ^ index as u64,
            distinct: Distinct::default(),
            distinct_overflow: false,
            items: FxHashMap::default(),
            examples: Vec::new(),
            text_len: 0,
            id_hashes: keep_ids.then(FxHashSet::default),
            currencies: Vec::new(),
            unpadded: FxHashSet::default(),
            repeat: String::new(),
            repeat_value: None,
            ids_elsewhere: false,
        }
    }

    /// For a reader that starts at a cut in the middle of the file: its sample draws its own
    /// random keys, independent of the first reader's.
    pub(crate) fn resumed(index: usize, name: String, keep_ids: bool) -> Self {
        let mut acc = ColumnAcc::new(index, name, keep_ids);
        acc.rng_state ^= 0xD1B5_4A32_D192_ED03;
        acc
    }

    /// Whether this column keeps the hash of every id (see [`ColumnAcc::new`]).
    pub(crate) fn keeps_ids(&self) -> bool {
        self.id_hashes.is_some()
    }

    /// Adds what a second reader counted in the rest of the file (after the rows counted here).
    ///
    /// Counts, extremes, id hashes and, below [`DISTINCT_CAP`], distinct values add up exactly
    /// as if one reader had read it all; the moments are merged about this column's shift; the
    /// two bottom-k samples make the bottom-k sample of the union. Past the cap, the distinct
    /// values kept are this column's and then the other's in its map's order.
    pub(crate) fn merge(&mut self, other: ColumnAcc) {
        for c in other.currencies {
            self.note_currency(c);
        }
        self.count += other.count;
        self.missing += other.missing;
        self.ints += other.ints;
        self.numbers += other.numbers;
        self.bools += other.bools;
        self.texts += other.texts;
        self.lists += other.lists;
        self.prose += other.prose;
        self.leading_zero += other.leading_zero;
        self.compact_dates += other.compact_dates;
        self.unix_times += other.unix_times;
        self.unix_range = (self.unix_range.0.min(other.unix_range.0), self.unix_range.1.max(other.unix_range.1));
        self.dates_dmy += other.dates_dmy;
        self.dates_mdy += other.dates_mdy;
        self.dates_iso += other.dates_iso;
        self.int_zero_one += other.int_zero_one;
        self.text_len += other.text_len;
        for (mine, theirs) in self.date_min_max.iter_mut().zip(other.date_min_max) {
            mine.0 = mine.0.min(theirs.0);
            mine.1 = mine.1.max(theirs.1);
        }
        self.moments.merge(&other.moments);
        for (key, x) in other.reservoir {
            if self.reservoir.len() < RESERVOIR {
                self.reservoir.push((key, x));
            } else if let Some(mut top) = self.reservoir.peek_mut()
                && key < top.0
            {
                *top = (key, x);
            }
        }
        // a long value's example is cut (`shown`), so it is also looked for among the examples
        let mut examples = other.examples.into_iter();
        while self.examples.len() < 5 {
            let Some(e) = examples.next() else { break };
            if !self.distinct.contains_key(e.as_str()) && !self.examples.contains(&e) {
                self.examples.push(e);
            }
        }
        self.distinct_overflow |= other.distinct_overflow;
        for (value, (n, v)) in other.distinct {
            if let Some((c, _)) = self.distinct.get_mut(&value) {
                *c += n;
            } else if self.distinct.len() < DISTINCT_CAP {
                self.distinct.insert(value, (n, v));
            } else {
                self.distinct_overflow = true;
            }
        }
        for (item, n) in other.items {
            if let Some(c) = self.items.get_mut(&item) {
                *c += n;
            } else if self.items.len() < DISTINCT_CAP {
                self.items.insert(item, n);
            }
        }
        if let (Some(mine), Some(theirs)) = (&mut self.id_hashes, other.id_hashes) {
            mine.extend(theirs);
            self.unpadded.extend(other.unpadded);
        }
        self.repeat.clear();
        self.repeat_value = None;
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The id hashes collected for linking (if this column kept them).
    pub fn id_hashes(&self) -> Option<&FxHashSet<u64>> {
        self.id_hashes.as_ref()
    }

    /// The currencies its numbers are written in, in the order met.
    pub fn currencies(&self) -> &[String] {
        &self.currencies
    }

    /// Notes that a number is written in `currency` (each once, at most eight).
    fn note_currency(&mut self, currency: String) {
        if self.currencies.len() < 8 && !self.currencies.contains(&currency) {
            self.currencies.push(currency);
        }
    }

    /// The hashes of the ids written with leading zeros, as they are without them.
    pub fn unpadded_hashes(&self) -> &FxHashSet<u64> {
        &self.unpadded
    }

    /// Keeps the hashes of `ids` (every id of this column, read again after the user made it
    /// the customer id) in place of any kept while reading.
    pub(crate) fn set_ids<'a>(&mut self, ids: impl Iterator<Item = &'a str>) {
        self.id_hashes = Some(FxHashSet::default());
        self.unpadded.clear();
        self.add_ids(ids.map(str::trim).filter(|id| !id.is_empty()));
    }

    /// From now on the hashes of this column's ids are not kept value by value: whoever keeps
    /// every id anyway (the customer table's gathering, in the same reading) adds them with
    /// [`ColumnAcc::add_ids`]. In a log with a hundred thousand customers in no order, the
    /// hash set costs a cache miss on every row.
    pub(crate) fn ids_kept_elsewhere(&mut self) {
        self.ids_elsewhere = self.id_hashes.is_some();
    }

    /// Adds ids (trimmed, not missing) read since [`ColumnAcc::ids_kept_elsewhere`], and keeps
    /// the ids' hashes here again from now on.
    pub(crate) fn add_ids<'a>(&mut self, ids: impl Iterator<Item = &'a str>) {
        if let Some(set) = &mut self.id_hashes {
            for id in ids {
                keep_id(set, &mut self.unpadded, id);
            }
        }
        self.ids_elsewhere = false;
    }

    fn next_random(&mut self) -> u64 {
        // xorshift64*: deterministic reservoir sampling, no OS entropy.
        let mut x = self.rng_state;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.rng_state = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn push_number(&mut self, x: f64) {
        self.moments.push(x);
        let key = self.next_random();
        if self.reservoir.len() < RESERVOIR {
            self.reservoir.push((key, F64(x)));
        } else if let Some(mut top) = self.reservoir.peek_mut()
            && key < top.0
        {
            *top = (key, F64(x));
        }
    }

    /// Classifies `s` (trimmed, not missing), counting it among the distinct values.
    fn classify_counted(&mut self, s: &str, decimal: DecimalSeparator) -> Value {
        if let Some(v) = self.repeat_value
            && value::same_text(&self.repeat, s)
        {
            // not counted the first time (the distinct values were full), nor now
            return v;
        }
        if let Some((c, v)) = self.distinct.get_mut(&Field(s)) {
            *c += 1;
            return *v;
        }
        let v = value::classify_present(s, decimal);
        if self.distinct.len() < DISTINCT_CAP {
            // the currencies of the distinct values counted (past them, a column of a million
            // amounts would look at every row)
            if matches!(v, Value::Number { .. } | Value::Int { .. })
                && let Some(c) = value::currency_of(s)
            {
                self.note_currency(c);
            }
            self.distinct.insert(s.into(), (1, v));
            if self.examples.len() < 5 {
                self.examples.push(shown(s));
            }
        } else {
            self.distinct_overflow = true;
            self.repeat.clear();
            self.repeat.push_str(s);
            self.repeat_value = Some(v);
        }
        if let Some(ids) = &mut self.id_hashes
            && !self.ids_elsewhere
        {
            keep_id(ids, &mut self.unpadded, s);
        }
        v
    }

    /// Counts one field, and gives what it read it as ([`Value::Missing`] for a missing one).
    pub fn push(&mut self, raw: &str, decimal: DecimalSeparator) -> Value {
        self.count += 1;
        let s = raw.trim_ascii();
        if value::is_missing(s) {
            self.missing += 1;
            return Value::Missing;
        }
        let v = self.classify_counted(s, decimal);
        self.text_len += s.len() as u64;
        match v {
            Value::Missing => {}
            Value::Bool(_) => self.bools += 1,
            Value::Int { value, leading_zero } => {
                self.ints += 1;
                if leading_zero {
                    self.leading_zero += 1;
                }
                if value == 0 || value == 1 {
                    self.int_zero_one += 1;
                }
                if value::compact_date(value).is_some() {
                    self.compact_dates += 1;
                } else if !leading_zero && let Some(t) = value::number_time(value) {
                    self.unix_times += 1;
                    self.unix_range = (self.unix_range.0.min(t), self.unix_range.1.max(t));
                }
                self.push_number(value as f64);
            }
            Value::Number { value, .. } => {
                self.numbers += 1;
                self.push_number(value);
            }
            Value::Date { dmy, mdy } => {
                if dmy.is_some() && dmy == mdy {
                    self.dates_iso += 1;
                }
                for (slot, t) in [dmy, mdy].into_iter().enumerate() {
                    if let Some(t) = t {
                        if slot == 0 {
                            self.dates_dmy += 1
                        } else {
                            self.dates_mdy += 1
                        }
                        let mm = &mut self.date_min_max[slot];
                        mm.0 = mm.0.min(t);
                        mm.1 = mm.1.max(t);
                    }
                }
            }
            Value::Text { list_items, prose } => {
                self.texts += 1;
                if prose {
                    self.prose += 1;
                }
                if list_items >= 1 {
                    self.lists += 1;
                    for item in value::split_list(s) {
                        let key = value::lowercase(item);
                        if let Some(c) = self.items.get_mut(&*key) {
                            *c += 1;
                        } else if self.items.len() < DISTINCT_CAP {
                            self.items.insert((*key).into(), 1);
                        }
                    }
                }
            }
        }
        v
    }

    /// Share of the non-missing values that can be read as `ty` (for a type the user chose).
    /// Any value can be read as text, so the text-like types fit everything.
    pub fn fit_share(&self, ty: ColumnType) -> f64 {
        let present = self.count - self.missing;
        if present == 0 {
            return if ty == ColumnType::Empty { 1.0 } else { 0.0 };
        }
        let fits = match ty {
            ColumnType::Integer => self.ints,
            ColumnType::Number => self.ints + self.numbers,
            ColumnType::Date => self.dates_dmy.max(self.dates_mdy).max(self.compact_dates).max(self.unix_times),
            ColumnType::Boolean => self.bools.max(self.int_zero_one),
            ColumnType::MultiValue => self.lists,
            ColumnType::Empty => 0,
            ColumnType::Id | ColumnType::Category | ColumnType::FreeText | ColumnType::Text => present,
        };
        fits as f64 / present as f64
    }

    fn decide_type(&self) -> (ColumnType, f64) {
        let present = self.count - self.missing;
        if present == 0 {
            return (ColumnType::Empty, 1.0);
        }
        let n = present as f64;
        let share = |k: u64| k as f64 / n;
        let distinct = self.distinct.len() as u64;
        let unique = !self.distinct_overflow && distinct == present
            || self.distinct_overflow && distinct as f64 >= 0.9 * DISTINCT_CAP as f64;
        let header = roles::normalise_header(&self.name);
        let id_header = {
            let h = header.as_str();
            h == "id"
                || h.ends_with(" id")
                || h.ends_with(" nr")
                || h.ends_with(" no")
                || h.ends_with("nummer")
                || h.ends_with(" number")
                || matches!(h, "clientnum" | "custnum" | "customernum" | "client num" | "cust num" | "customer num")
                || h.ends_with(" code")
                || h.starts_with("id ")
        };
        // the row labels a data frame writes before its columns (R's `write.csv` and pandas'
        // `to_csv` under no header, named `column_1` here; `rownames`, `Unnamed: 0`): numbers
        // 1..n that a filter left gaps in, or names (`Mazda RX4`). Unique, they tell rows
        // apart like any id.
        let row_label =
            self.index == 0 && matches!(header.as_str(), "" | "column 1" | "rownames" | "row names" | "unnamed 0");
        // booleans: true/false words, or whole numbers that are only 0 and 1
        if share(self.bools) >= TYPE_SHARE {
            return (ColumnType::Boolean, share(self.bools));
        }
        if self.ints == present && self.int_zero_one == present && distinct <= 2 && present >= 2 {
            return (ColumnType::Boolean, 1.0);
        }
        let dates = self.dates_dmy.max(self.dates_mdy);
        if share(dates) >= TYPE_SHARE {
            return (ColumnType::Date, share(dates));
        }
        // under a header that names a moment (`timestamp`, `Order Date`), most values dates
        // and some junk (`not a date`, `unknown`): dates, the others left out and counted,
        // not a whole column of times read as text and dropped
        if share(dates) >= MOMENT_SHARE && roles::names_a_moment(&self.name) {
            return (ColumnType::Date, share(dates));
        }
        if self.ints > 0 && share(self.compact_dates) >= TYPE_SHARE && share(self.compact_dates + dates) >= TYPE_SHARE {
            return (ColumnType::Date, share(self.compact_dates));
        }
        // Unix times (a database's or an API's export) or a spreadsheet's day numbers under a
        // header that names a moment: without one, ten-digit numbers may as well be phone
        // numbers or ids, and five-digit ones amounts
        // (or, under a header that names their unit, `timestamp_ms`, numbers that are all
        // times in that unit)
        let in_unit = |unit: i64| {
            let range = value::UNIX_SECONDS;
            let (from, to) = ((range.start * unit) as f64, (range.end * unit) as f64);
            from <= self.moments.min && self.moments.max < to
        };
        if self.ints > 0
            && share(self.unix_times) >= TYPE_SHARE
            && (roles::names_a_moment(&self.name) || roles::epoch_unit(&self.name).is_some_and(in_unit))
        {
            return (ColumnType::Date, share(self.unix_times));
        }
        let numeric = self.ints + self.numbers;
        if share(self.ints) >= TYPE_SHARE {
            if self.leading_zero > 0
                || (unique
                    && (id_header
                        || row_label
                        || present >= 20 && self.moments.min >= 0.0 && is_sequential(&self.moments, present)))
            {
                return (if unique { ColumnType::Id } else { ColumnType::Category }, share(self.ints));
            }
            // a few numbers under an id's header (`Event ID`, `Store No`): they label, so they
            // are levels, not amounts to average
            if id_header
                && !self.distinct_overflow
                && distinct <= roles::ID_LIKE_LEVELS
                && !header.split(' ').any(|w| matches!(w, "seq" | "sequence" | "rank"))
            {
                return (ColumnType::Category, share(self.ints));
            }
            return (ColumnType::Integer, share(self.ints));
        }
        if share(numeric) >= TYPE_SHARE {
            return (ColumnType::Number, share(numeric));
        }
        let mean_len = self.text_len as f64 / n;
        if share(self.lists) >= 0.2 && share(self.prose) < 0.1 && self.items.len() as f64 <= (0.5 * n).max(40.0) {
            return (ColumnType::MultiValue, share(self.lists + self.texts).min(1.0));
        }
        let text_share = share(self.texts + self.bools + numeric + dates);
        if unique
            && present >= 20
            && mean_len <= 40.0
            && (id_header || row_label || !self.distinct.keys().take(50).any(|k| k.contains(' ')))
        {
            return (ColumnType::Id, text_share);
        }
        if share(self.prose) >= 0.3 || mean_len >= 60.0 {
            return (ColumnType::FreeText, text_share);
        }
        let category_limit = (present as f64 * 0.05).clamp(30.0, 1_000.0) as u64;
        if !self.distinct_overflow && distinct <= category_limit && mean_len < 40.0 {
            return (ColumnType::Category, text_share);
        }
        let words = self.distinct.keys().take(200).map(|k| k.split_whitespace().count()).sum::<usize>() as f64
            / self.distinct.len().clamp(1, 200) as f64;
        // long values of one word each are tokens, not text: a billing tool's ids
        // (`ctm_01h8441jn5pcwrfhwh78jqt8hk`), hashes (long links stay free text, which no role
        // takes)
        let links = || self.distinct.keys().take(50).all(|k| roles::looks_like_url(k));
        if words >= 5.0 || mean_len >= 30.0 && (words > 1.0 || links()) {
            return (ColumnType::FreeText, text_share);
        }
        if distinct <= (present as f64 * 0.5) as u64 && !self.distinct_overflow {
            return (ColumnType::Category, text_share);
        }
        (ColumnType::Text, text_share)
    }

    /// Finishes the column: type, statistics and a suggested role.
    pub fn finish(&self) -> ColumnProfile {
        let (column_type, type_share) = self.decide_type();
        self.profile_as(column_type, type_share, None)
    }

    /// The profile read as `column_type` (the user's override), keeping `role` if given.
    pub fn profile_as(&self, column_type: ColumnType, type_share: f64, role: Option<RoleSuggestion>) -> ColumnProfile {
        let present = self.count - self.missing;
        let mut top: Vec<(String, u64)> = if column_type == ColumnType::MultiValue {
            self.items.iter().map(|(k, v)| (k.to_string(), *v)).collect()
        } else {
            self.distinct.iter().map(|(k, (n, _))| (k.to_string(), *n)).collect()
        };
        top.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        top.truncate(TOP);
        for (value, _) in &mut top {
            if value.len() > SHOWN_VALUE {
                *value = shown(value);
            }
        }
        let numeric =
            matches!(column_type, ColumnType::Integer | ColumnType::Number).then(|| self.numeric_stats()).flatten();
        let dates = (column_type == ColumnType::Date).then(|| self.date_stats()).flatten();
        let lower_top: Vec<String> = top.iter().map(|(v, _)| v.to_lowercase()).collect();
        let role = role.unwrap_or_else(|| {
            roles::suggest_role(
                &self.name,
                &ValueHints {
                    column_type: Some(column_type),
                    top_values: &lower_top,
                    min: numeric.as_ref().map(|n| n.min),
                    max: numeric.as_ref().map(|n| n.max),
                    distinct_ratio: if present > 0 { self.distinct.len() as f64 / present as f64 } else { 0.0 },
                    distinct: self.distinct.len() as u64,
                    present,
                    index: self.index,
                },
            )
        });
        ColumnProfile {
            index: self.index,
            name: self.name.clone(),
            column_type,
            type_share,
            role: role.role,
            role_reason: role.reason,
            count: self.count,
            missing: self.missing,
            missing_share: if self.count > 0 { self.missing as f64 / self.count as f64 } else { 0.0 },
            distinct: self.distinct.len() as u64,
            distinct_capped: self.distinct_overflow,
            examples: self.examples.clone(),
            top_values: top,
            numeric,
            dates,
            list_share: if present > 0 { self.lists as f64 / present as f64 } else { 0.0 },
            mean_length: if present > 0 { self.text_len as f64 / present as f64 } else { 0.0 },
        }
    }

    fn numeric_stats(&self) -> Option<NumericStats> {
        let m = self.moments;
        if m.n == 0 {
            return None;
        }
        let mut sample: Vec<f64> = self.reservoir.iter().map(|(_, x)| x.0).collect();
        sample.sort_by(f64::total_cmp);
        let q = |p: f64| {
            let pos = p * (sample.len() - 1) as f64;
            let lo = pos.floor() as usize;
            let hi = pos.ceil() as usize;
            sample[lo] + (sample[hi] - sample[lo]) * (pos - lo as f64)
        };
        let mut histogram = vec![0u64; HIST_BINS];
        let width = (m.max - m.min) / HIST_BINS as f64;
        for x in &sample {
            let b = if width > 0.0 { (((x - m.min) / width) as usize).min(HIST_BINS - 1) } else { 0 };
            histogram[b] += 1;
        }
        let scale = m.n as f64 / sample.len() as f64;
        for h in &mut histogram {
            *h = (*h as f64 * scale).round() as u64;
        }
        Some(NumericStats {
            min: m.min,
            max: m.max,
            within: (m.n >= TAIL as u64 * 2).then(|| (m.low[TAIL - 1], m.high[TAIL - 1])),
            mean: m.mean(),
            std_dev: m.std_dev(),
            p25: q(0.25),
            median: q(0.5),
            p75: q(0.75),
            histogram,
        })
    }

    fn date_stats(&self) -> Option<DateStats> {
        if self.dates_dmy == 0 && self.dates_mdy == 0 {
            let (lo, hi) = if self.unix_times > self.compact_dates {
                // Unix times or day numbers (a placeholder 0 or -1 among them is no time)
                self.unix_range
            } else {
                // compact YYYYMMDD integers
                (value::compact_date(self.moments.min as i64)?, value::compact_date(self.moments.max as i64)?)
            };
            return Some(DateStats {
                min: value::format_timestamp(lo),
                max: value::format_timestamp(hi),
                order: "ymd".into(),
            });
        }
        let (slot, order) = if self.dates_iso == self.dates_dmy.max(self.dates_mdy) {
            (0, "ymd")
        } else if self.dates_dmy >= self.dates_mdy {
            (0, "dmy")
        } else {
            (1, "mdy")
        };
        let (lo, hi) = self.date_min_max[slot];
        Some(DateStats { min: value::format_timestamp(lo), max: value::format_timestamp(hi), order: order.into() })
    }
}

/// An empty range of times, that any time widens.
fn no_range() -> (Timestamp, Timestamp) {
    (Timestamp::MAX, Timestamp::MIN)
}

/// Ids 1..n (or any run of consecutive integers) are row numbers or keys, not quantities.
fn is_sequential(m: &Moments, present: u64) -> bool {
    (m.max - m.min + 1.0) == present as f64
}

/// The hash used to link ids across files (trimmed, case kept but in email addresses: see
/// [`customer_key`]): 64 bits on every platform, so that a million ids hash apart.
/// (`FxHasher` works in the platform's word, 32 bits in the browser, where a million ids lose
/// about a hundred to collisions.)
pub fn hash_id(s: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::with_seed(0).hash_one(&*customer_key(s.trim()))
}

/// Keeps an id's hash in `ids`, and in `unpadded` its hash without leading zeros when it has
/// them.
fn keep_id(ids: &mut FxHashSet<u64>, unpadded_ids: &mut FxHashSet<u64>, id: &str) {
    ids.insert(hash_id(id));
    if let Some(bare) = unpadded(id) {
        unpadded_ids.insert(hash_id(bare));
    }
}

/// An id of digits after leading zeros (`0157`) without them (`157`); `None` for any other.
fn unpadded(id: &str) -> Option<&str> {
    let id = id.trim();
    let bare = id.trim_start_matches('0');
    (bare.len() < id.len() && !bare.is_empty() && bare.bytes().all(|b| b.is_ascii_digit())).then_some(bare)
}

/// An id as customers are told apart: as written, but an email address in lower case
/// (`Emma@Example.com` in a newsletter export is `emma@example.com` in the shop's orders; an
/// id with an `@` and a space is no address: `AFC SUSHI #11 @ FRED MEYER` stays), and
/// a whole number written with a point or comma and zeros as the number (`13085.0`, as pandas
/// writes the ids of a column with blanks among them, `13085.000000`, as a database's decimal
/// column unloads them, or `13085,00`, is `13085` in the CRM's export: [`whole_before_zeros`]).
/// The SQL export reads ids the same way.
pub fn customer_key(id: &str) -> std::borrow::Cow<'_, str> {
    if let Some(whole) = whole_before_zeros(id) {
        std::borrow::Cow::Borrowed(whole)
    } else if id.as_bytes().contains(&b'@') && !id.as_bytes().contains(&b' ') && id.chars().any(char::is_uppercase) {
        std::borrow::Cow::Owned(id.to_lowercase())
    } else {
        std::borrow::Cow::Borrowed(id)
    }
}

/// The digits of a whole number written with a decimal point and zeros after it (`13085.0`,
/// `13085.000`, `13085.000000`), or a decimal comma and one or two (`13085,00`, a European
/// spreadsheet's): `13085`. `None` for any other text, and for a comma and three zeros,
/// which are thousands (`12,000` in English).
pub fn whole_before_zeros(id: &str) -> Option<&str> {
    let at = id.find(['.', ','])?;
    let (whole, zeros) = (&id[..at], &id[at + 1..]);
    let n = zeros.len();
    let places = id.as_bytes()[at] == b'.' || n <= 2;
    let digits = !whole.is_empty() && whole.bytes().all(|b| b.is_ascii_digit());
    (digits && n > 0 && places && zeros.bytes().all(|b| b == b'0')).then_some(whole)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Customer numbers written as decimals are the numbers; thousands and other decimals are
    /// not.
    #[test]
    fn whole_numbers_written_with_zeros_are_their_digits() {
        for (id, want) in [
            ("13085.0", Some("13085")),
            ("13085.00", Some("13085")),
            ("13085.000000", Some("13085")),
            ("13085,0", Some("13085")),
            ("13085,00", Some("13085")),
            ("0.00", Some("0")),
            ("13085.000", Some("13085")),
            ("12,000", None),
            ("13085,000000", None),
            ("13085.5", None),
            ("13085.", None),
            (".0", None),
            ("-157.00", None),
            ("1.5700E+03", None),
            ("13.085,00", None),
            ("A1.0", None),
            ("13085", None),
        ] {
            assert_eq!(whole_before_zeros(id), want, "{id}");
        }
    }

    /// Customers are told apart by their ids as written, an email address in any case: but a
    /// name with an `@` is no address (review 68: a restaurant `AFC SUSHI #11 @ FRED MEYER`
    /// came back in small letters, and did not join its file again).
    #[test]
    fn only_an_email_address_is_read_in_any_case() {
        for (id, want) in [
            ("Emma@Example.com", "emma@example.com"),
            ("emma@example.com", "emma@example.com"),
            ("AFC SUSHI #11 @ FRED MEYER", "AFC SUSHI #11 @ FRED MEYER"),
            ("K00157", "K00157"),
            ("13085.0", "13085"),
        ] {
            assert_eq!(customer_key(id), want, "{id}");
        }
    }

    fn column(name: &str, values: &[&str]) -> ColumnProfile {
        let mut acc = ColumnAcc::new(1, name.to_owned(), false);
        for v in values {
            acc.push(v, DecimalSeparator::Dot);
        }
        acc.finish()
    }

    fn repeat(values: &[&str], n: usize) -> Vec<&'static str> {
        values.iter().cycle().take(n).map(|s| &*Box::leak(s.to_string().into_boxed_str())).collect()
    }

    #[test]
    fn column_types_are_inferred_from_the_values() {
        let ids: Vec<String> = (0..100).map(|i| format!("C{i:05}")).collect();
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        let seq: Vec<String> = (1..=100).map(|i| i.to_string()).collect();
        let seq: Vec<&str> = seq.iter().map(String::as_str).collect();
        // nine times and a tenth that is none
        let junk_times: Vec<String> =
            (1..10).map(|d| format!("2025-12-{d:02} 08:44:02")).chain(["not a date".to_owned()]).collect();
        let junk_times: Vec<&str> = junk_times.iter().map(String::as_str).collect();
        let table: Vec<(&str, Vec<&str>, ColumnType)> = vec![
            ("age", repeat(&["34", "25", "61", "NA", "47"], 50), ColumnType::Integer),
            ("amount", repeat(&["12.50", "3", "99.99"], 30), ColumnType::Number),
            ("when", repeat(&["2024-01-02", "2024-03-04 10:00"], 10), ColumnType::Date),
            ("yyyymmdd", repeat(&["20240102", "20231231"], 10), ColumnType::Date),
            // a column of times with some junk: dates under a header that names a moment,
            // not under another
            ("timestamp", repeat(&junk_times, 10), ColumnType::Date),
            ("remark", repeat(&junk_times, 10), ColumnType::Category),
            ("newsletter", repeat(&["yes", "no", "no"], 10), ColumnType::Boolean),
            ("flag", repeat(&["0", "1"], 10), ColumnType::Boolean),
            ("city", repeat(&["Berlin", "Paris", "Lisbon", "Utrecht"], 60), ColumnType::Category),
            ("zip", repeat(&["01234", "10115", "80331"], 30), ColumnType::Category),
            // numbers that label under an id's header (an attendees report's event), and a
            // count that only looks like them
            ("Event ID", repeat(&["111", "222", "333"], 30), ColumnType::Category),
            ("Store No", repeat(&["4", "12", "7", "12"], 30), ColumnType::Category),
            ("Events", repeat(&["111", "222", "333"], 30), ColumnType::Integer),
            ("interests", repeat(&["hiking; cooking", "yoga", "travel; wine; yoga"], 30), ColumnType::MultiValue),
            (
                "comment",
                repeat(
                    &[
                        "The delivery was late and the box was damaged",
                        "Great service, will order again soon",
                        "Too expensive for what you get here",
                    ],
                    30,
                ),
                ColumnType::FreeText,
            ),
            ("customer_id", ids, ColumnType::Id),
            ("row", seq, ColumnType::Id),
            ("nothing", repeat(&["", "NA"], 10), ColumnType::Empty),
        ];
        for (name, values, want) in table {
            let p = column(name, &values);
            assert_eq!(p.column_type, want, "column {name}: {p:?}");
        }
    }

    /// The range a stored profile shows is the fifth value from each end, ties counted, the
    /// same whether the column was read in one run or in parts; none for fewer than ten values.
    #[test]
    fn the_fifth_value_from_each_end_is_kept_beside_the_range() {
        let values = [7.0, 1.0, 9.0, 3.0, 3.0, 250.0, 2.0, 8.0, 3.0, -40.0, 6.0, 5.0];
        let whole = column("x", &values.map(|v| v.to_string()).iter().map(String::as_str).collect::<Vec<_>>());
        let n = whole.numeric.as_ref().unwrap();
        assert_eq!((n.min, n.max), (-40.0, 250.0));
        assert_eq!(n.within, Some((3.0, 6.0)), "-40 1 2 3 3 | 3 5 6 | 7 8 9 250");
        let mut a = Moments::default();
        let mut b = Moments::default();
        for (i, v) in values.iter().enumerate() {
            if i % 3 == 0 { a.push(*v) } else { b.push(*v) }
        }
        a.merge(&b);
        assert_eq!((a.low[TAIL - 1], a.high[TAIL - 1]), (3.0, 6.0));
        let few = column("x", &["1", "2", "3"]);
        assert_eq!(few.numeric.unwrap().within, None);
    }

    #[test]
    fn numeric_statistics_are_exact_for_moments() {
        let p = column("x", &["1", "2", "3", "4", "NA"]);
        let n = p.numeric.expect("numeric");
        assert_eq!((n.min, n.max, n.mean, n.median), (1.0, 4.0, 2.5, 2.5));
        assert!((n.std_dev - 1.290_994).abs() < 1e-5);
        assert_eq!(n.histogram.iter().sum::<u64>(), 4);
        assert_eq!((p.missing, p.count), (1, 5));
    }

    #[test]
    fn day_first_dates_are_recognised_from_the_values() {
        let p = column("Datum", &["13/02/2024", "01/03/2024", "28/12/2023"]);
        let d = p.dates.expect("dates");
        assert_eq!((d.min.as_str(), d.max.as_str(), d.order.as_str()), ("2023-12-28", "2024-03-01", "dmy"));
    }

    #[test]
    fn a_field_of_megabytes_is_shown_cut_and_counted_whole() {
        let long = format!("é{}", "x".repeat(10 << 20));
        let csv = format!("id,note\n1,short\n2,{long}\n3,{long}\n");
        let p = crate::ingest::profile_bytes("notes.csv", csv.as_bytes()).expect("reads");
        assert_eq!(p.profile.rows, 3);
        let note = &p.profile.columns[1];
        assert_eq!(note.distinct, 2, "the long value is one distinct value, counted whole");
        for shown in note.examples.iter().chain(note.top_values.iter().map(|(v, _)| v)) {
            assert!(shown.len() <= SHOWN_VALUE + 3, "{} bytes", shown.len());
        }
        assert_eq!(note.top_values[0].1, 2);
        assert!(note.top_values[0].0.starts_with("éxxx") && note.top_values[0].0.ends_with('\u{2026}'));
    }

    #[test]
    fn multi_value_top_values_count_items() {
        let p = column("interests", &repeat(&["hiking; cooking", "Yoga; hiking", "travel|hiking"], 30));
        assert_eq!(p.top_values[0], ("hiking".to_owned(), 30));
    }
}
