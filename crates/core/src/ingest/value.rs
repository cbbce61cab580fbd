//! Reading one field: what kind of value a string holds.
//!
//! Real exports write the same number as `1234.5`, `1,234.50`, `1.234,50`, `€ 1 234,50`, `(12.00)`
//! or `12.5%`, and the same date as `2024-03-07`, `07.03.2024`, `3/7/2024 14:05` or `20240307`.
//! [`classify`] turns a field into a [`Value`] without allocating; the column layer
//! ([`super::column`]) counts the kinds and decides the column's type.
//!
//! Ambiguities are settled above this level: the decimal separator once per file (the sniffer
//! looks at the first few thousand values, [`DecimalEvidence`]), the order of day and month once
//! per column (a value like `13/02/2024` settles it, see [`Value::Date`]).

use serde::{Deserialize, Serialize};

/// Which character separates the integer part from the fraction in this file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum DecimalSeparator {
    #[default]
    Dot,
    Comma,
}

/// The kind of one field, with the parsed payload where there is one.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum Value {
    /// Empty or a missing marker (`NA`, `N/A`, `null`, `-`, `?`, ...).
    Missing,
    Bool(bool),
    /// A whole number. `leading_zero` marks codes such as `00123` that are not quantities.
    Int {
        value: i64,
        leading_zero: bool,
    },
    /// A number with a fraction, a currency or a percent sign (percent kept as written: `12.5%` is 12.5).
    Number {
        value: f64,
        percent: bool,
    },
    /// A date or date-time. `dmy`/`mdy` hold the reading as day-first and month-first where the
    /// value allows it (an ISO date fills both with the same value).
    Date {
        dmy: Option<Timestamp>,
        mdy: Option<Timestamp>,
    },
    /// Anything else; `list_items` counts the items when it looks like a list (`hiking; cooking`),
    /// and `prose` tells a sentence or more (six words or more, not a list) from a label.
    Text {
        list_items: u8,
        prose: bool,
    },
}

/// Seconds since 1970-01-01T00:00:00 (no time zone: exports rarely carry one and we only compare).
pub type Timestamp = i64;

/// The markers of a missing value ([`is_missing`] matches them as bytes).
pub(crate) const MISSING: &[&str] = &[
    "na", "n/a", "n.a.", "nan", "null", "none", "nil", "-", "--", "?", "#n/a", "(blank)", "missing", "unknown", "k.a.",
    // (`n.d.` for "no data"; not a bare `ND`, North Dakota in a state's column)
    "n.v.", "n.d.", "[]", // a spreadsheet's errors where a formula failed: no value
    "#div/0!", "#value!", "#ref!", "#name?", "#num!", "#null!", "#spill!", "#calc!", "#error!",
    // a database's null as its dumps write it (Postgres' `COPY` text, MySQL, Hive, Spark)
    // and as SQL clients show it
    r"\n", "(null)",
];
pub(crate) const TRUE: &[&str] = &["true", "yes", "y", "t", "ja", "j", "oui", "si", "sí", "sim", "wahr", "vrai"];
pub(crate) const FALSE: &[&str] = &["false", "no", "n", "f", "nein", "non", "não", "nao", "falsch", "faux", "nee"];
const CURRENCY_CODES: &[&str] =
    &["eur", "usd", "gbp", "chf", "jpy", "cad", "aud", "sek", "nok", "dkk", "pln", "czk", "brl", "inr", "cny", "mxn"];

/// Whether two short texts (field values, ids, levels) are the same: their bytes compared a
/// word at a time, without the call to `memcmp` that `==` makes (in WebAssembly a loop over
/// bytes). Lookups of field values in the profile's tables compare this way on every row.
#[inline]
pub(crate) fn same_text(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let n = a.len();
    if n != b.len() {
        return false;
    }
    match n {
        0 => true,
        1..=3 => a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1],
        4..=7 => {
            let w = |s: &[u8], i: usize| u32::from_le_bytes([s[i], s[i + 1], s[i + 2], s[i + 3]]);
            w(a, 0) == w(b, 0) && w(a, n - 4) == w(b, n - 4)
        }
        _ => {
            let w = |s: &[u8], i: usize| u64::from_le_bytes(s[i..i + 8].try_into().unwrap_or([0; 8]));
            let mut i = 0;
            while i + 8 < n {
                if w(a, i) != w(b, i) {
                    return false;
                }
                i += 8;
            }
            // the last word overlaps the one before
            w(a, n - 8) == w(b, n - 8)
        }
    }
}

/// Is this field a missing-value marker (or empty after trimming)?
pub fn is_missing(s: &str) -> bool {
    let t = s.trim_ascii().as_bytes();
    if t.is_empty() {
        return true;
    }
    // every marker starts with one of these: most fields leave at the first byte
    if t.len() > 9
        || !matches!(t[0].to_ascii_lowercase(), b'n' | b'-' | b'?' | b'#' | b'(' | b'm' | b'u' | b'k' | b'[' | b'\\')
    {
        return false;
    }
    let mut lower = [0u8; 9];
    for (l, b) in lower.iter_mut().zip(t) {
        *l = b.to_ascii_lowercase();
    }
    // the markers of MISSING, matched as bytes (a test keeps the two lists the same)
    matches!(
        &lower[..t.len()],
        b"na"
            | b"n/a"
            | b"n.a."
            | b"nan"
            | b"null"
            | b"none"
            | b"nil"
            | b"-"
            | b"--"
            | b"?"
            | b"#n/a"
            | b"(blank)"
            | b"missing"
            | b"unknown"
            | b"k.a."
            | b"n.v."
            | b"n.d."
            | b"[]"
            | b"#div/0!"
            | b"#value!"
            | b"#ref!"
            | b"#name?"
            | b"#num!"
            | b"#null!"
            | b"#spill!"
            | b"#calc!"
            | b"#error!"
            | br"\n"
            | b"(null)"
    )
}

/// Classify one field. `decimal` is the file's decimal separator.
pub fn classify(raw: &str, decimal: DecimalSeparator) -> Value {
    let s = raw.trim_ascii();
    if is_missing(s) {
        return Value::Missing;
    }
    classify_present(s, decimal)
}

/// [`classify`] of a field already trimmed and known not to be missing.
pub fn classify_present(s: &str, decimal: DecimalSeparator) -> Value {
    let first = s.as_bytes()[0];
    if first.is_ascii_digit()
        && let Some(v) = plain_number(s, decimal)
    {
        return v;
    }
    if first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'(' | b'.' | b',') || !first.is_ascii() || first == b'$'
    {
        if let Some(v) = parse_date(s) {
            return v;
        }
        if let Some(v) = parse_number(s, decimal) {
            return v;
        }
    } else if s.len() <= 5 {
        // "SÍ" and "NÃO" too: a case that is not ASCII's is folded as the SQL export's LOWER folds it
        let folded = if s.is_ascii() { None } else { Some(s.to_lowercase()) };
        let is = |w: &&str| folded.as_deref().map_or_else(|| s.eq_ignore_ascii_case(w), |f| f == *w);
        if TRUE.iter().any(is) {
            return Value::Bool(true);
        }
        if FALSE.iter().any(is) {
            return Value::Bool(false);
        }
    }
    let has_digit = s.bytes().any(|b| b.is_ascii_digit());
    if has_digit && s.len() >= 3 && s.as_bytes()[..3].iter().all(u8::is_ascii_alphabetic) {
        // "EUR 12,50" / "USD 10"
        if let Some(v) = parse_number(s, decimal) {
            return v;
        }
    }
    if has_digit
        && s.len() >= 6
        && s.len() <= 48
        && s.chars().any(char::is_alphabetic)
        && let Some(v) = parse_named_month_date(s)
    {
        return v;
    }
    text(s)
}

/// `s` classified as text (its list items and whether it reads as prose).
pub(crate) fn text(s: &str) -> Value {
    let list_items = list_items(s);
    Value::Text { list_items, prose: list_items < 2 && s.split_whitespace().nth(5).is_some() }
}

/// The common case, read without the general rules: digits, optionally one decimal separator
/// of the file's kind and more digits (`42`, `0042`, `242.89`). Gives what the general rules
/// give for such a field, or `None` to leave it to them.
pub fn plain_number(s: &str, decimal: DecimalSeparator) -> Option<Value> {
    let b = s.as_bytes();
    let dec = match decimal {
        DecimalSeparator::Dot => b'.',
        DecimalSeparator::Comma => b',',
    };
    let int_len = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if int_len == b.len() {
        // at most 18 digits always fits an i64
        if int_len > 18 {
            return None;
        }
        let value = b.iter().fold(0i64, |v, c| v * 10 + i64::from(c - b'0'));
        return Some(Value::Int { value, leading_zero: int_len > 1 && b[0] == b'0' });
    }
    let frac = &b[int_len + 1..];
    if b[int_len] != dec || frac.is_empty() || !frac.iter().all(u8::is_ascii_digit) || b.len() > 38 {
        return None;
    }
    let value: f64 = if b.len() <= 16 {
        // at most 15 digits: the digits as one integer and the power of ten are both exact in
        // an f64, and the division rounds once, so this is the correctly rounded value (the one
        // `str::parse` gives) without the general algorithm
        let digits = b[..int_len].iter().chain(frac).fold(0u64, |v, c| v * 10 + u64::from(c - b'0'));
        digits as f64 / POW10[frac.len()]
    } else if dec == b'.' {
        s.parse().ok()?
    } else {
        let mut buf = [0u8; 40];
        buf[..b.len()].copy_from_slice(b);
        buf[int_len] = b'.';
        std::str::from_utf8(&buf[..b.len()]).ok()?.parse().ok()?
    };
    Some(Value::Number { value, percent: false })
}

/// The powers of ten an f64 holds exactly, up to the 15 digits of [`plain_number`]'s short path.
const POW10: [f64; 16] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/// The answers of the usual rating scales, in lower case, as points from 1 to 5: satisfaction,
/// agreement and likelihood, on five points (`Very satisfied` is 5) and on Qualtrics' seven
/// (`Moderately satisfied` is 4.5), in the languages the app reads. The SQL export maps the
/// same words to the same points.
pub const SCALE_ANSWERS: &[(&str, f64)] = &[
    ("very dissatisfied", 1.0),
    ("extremely dissatisfied", 1.0),
    ("moderately dissatisfied", 1.5),
    ("dissatisfied", 2.0),
    ("somewhat dissatisfied", 2.0),
    ("slightly dissatisfied", 2.5),
    ("neither satisfied nor dissatisfied", 3.0),
    ("neither dissatisfied nor satisfied", 3.0),
    ("neutral", 3.0),
    ("slightly satisfied", 3.5),
    ("satisfied", 4.0),
    ("somewhat satisfied", 4.0),
    ("moderately satisfied", 4.5),
    ("very satisfied", 5.0),
    ("extremely satisfied", 5.0),
    // a help desk's three faces (Help Scout's ratings)
    ("not good", 1.0),
    ("okay", 3.0),
    ("great", 5.0),
    ("strongly disagree", 1.0),
    ("disagree", 2.0),
    ("somewhat disagree", 2.0),
    ("neither agree nor disagree", 3.0),
    ("somewhat agree", 4.0),
    ("agree", 4.0),
    ("strongly agree", 5.0),
    ("extremely unlikely", 1.0),
    ("very unlikely", 1.0),
    ("not at all likely", 1.0),
    ("unlikely", 2.0),
    ("somewhat unlikely", 2.0),
    ("neither likely nor unlikely", 3.0),
    ("somewhat likely", 4.0),
    ("likely", 4.0),
    ("very likely", 5.0),
    ("extremely likely", 5.0),
    ("sehr unzufrieden", 1.0),
    ("unzufrieden", 2.0),
    ("zufrieden", 4.0),
    ("sehr zufrieden", 5.0),
    ("très insatisfait", 1.0),
    ("insatisfait", 2.0),
    ("satisfait", 4.0),
    ("très satisfait", 5.0),
    ("muy insatisfecho", 1.0),
    ("insatisfecho", 2.0),
    ("satisfecho", 4.0),
    ("muy satisfecho", 5.0),
    ("zeer ontevreden", 1.0),
    ("ontevreden", 2.0),
    ("tevreden", 4.0),
    ("zeer tevreden", 5.0),
];

/// The points of a rating scale's answer ([`SCALE_ANSWERS`]): `Very satisfied` is 5.
pub fn scale_answer(s: &str) -> Option<f64> {
    // (spaces as SQL's TRIM takes them off)
    let s = lowercase(s.trim_ascii());
    SCALE_ANSWERS.iter().find(|(a, _)| *a == s).map(|&(_, p)| p)
}

/// `s` in lower case, borrowed when it already is (list items usually are).
pub fn lowercase(s: &str) -> std::borrow::Cow<'_, str> {
    if s.bytes().any(|b| b.is_ascii_uppercase() || !b.is_ascii()) {
        std::borrow::Cow::Owned(s.to_lowercase())
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// Counts the items of a multi-value field: `hiking; cooking | travel` has 3. Items must be short
/// (a few words) or it is prose, not a list; returns 0 for anything that is not a list. A list
/// written as a program writes one (`['email', 'sms']`, as pandas and some marketing tools
/// export a list) is one however many items it has: `['email']` has 1 (a note in brackets,
/// `[archived]`, is none).
pub fn list_items(s: &str) -> u8 {
    let t = s.trim();
    // a JSON object's pairs are no list (`{"plan":"Pro","country":"US"}`)
    if t.starts_with('{') && t.ends_with('}') {
        return 0;
    }
    let bracketed =
        t.len() > 2 && t.starts_with('[') && t.ends_with(']') && t[1..t.len() - 1].contains([',', '"', '\'']);
    let s = if bracketed { &t[1..t.len() - 1] } else { s };
    let (mut semi, mut pipe, mut comma) = (false, false, false);
    let bytes = s.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b';' => semi = true,
            b'|' => pipe = true,
            // a thousands separator (`$25,000 - $49,999`, an income band) parts no items
            b',' if !thousands_comma(bytes, i) && !model_comma(bytes, i) => comma = true,
            _ => {}
        }
    }
    let sep = if semi {
        ';'
    } else if pipe {
        '|'
    } else if comma || bracketed {
        ','
    } else {
        return 0;
    };
    // commas also punctuate prose, so comma lists need shorter items
    let max_words = if sep == ',' { 3 } else { 4 };
    let mut n = 0u8;
    for item in s.split(sep) {
        let item = item.trim();
        if item.is_empty() {
            continue;
        }
        if item.len() > 40 || item.split_whitespace().count() > max_words {
            return 0;
        }
        n = n.saturating_add(1);
    }
    if n >= 2 || bracketed { n } else { 0 }
}

/// Whether the comma at `at` is inside a device's model name (`iPhone13,2`, `iPad8,11`):
/// letters, then digits, the comma and digits, no space.
fn model_comma(bytes: &[u8], at: usize) -> bool {
    let digits_before = bytes[..at].iter().rev().take_while(|b| b.is_ascii_digit()).count();
    let after = &bytes[at + 1..];
    let digits_after = after.iter().take_while(|b| b.is_ascii_digit()).count();
    digits_before > 0
        && digits_after > 0
        && at > digits_before
        && bytes[at - digits_before - 1].is_ascii_alphabetic()
        && after.get(digits_after).is_none_or(|b| !b.is_ascii_alphanumeric())
}

/// Whether the comma at `at` groups a number's thousands: a digit before it, three after it
/// and no fourth.
fn thousands_comma(bytes: &[u8], at: usize) -> bool {
    let digit = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
    at > 0 && digit(at - 1) && digit(at + 1) && digit(at + 2) && digit(at + 3) && !digit(at + 4)
}

/// Splits a multi-value field into its trimmed items (see [`list_items`]), each out of the
/// quotes some tools put around it (a mailing list's tags: `"VIP","Newsletter"`) and the
/// brackets around a program's list (`['email', 'sms']`).
pub fn split_list(s: &str) -> impl Iterator<Item = &str> {
    let sep = if s.contains(';') {
        ';'
    } else if s.contains('|') {
        '|'
    } else {
        ','
    };
    s.split(sep)
        .map(|i| i.trim_matches(|c: char| c.is_whitespace() || LIST_QUOTES.contains(&c)))
        .filter(|i| !i.is_empty())
}

/// What an item of a list is trimmed of, besides white space: quotes and a program's brackets
/// (the SQL export takes them out of the whole list, so that the two find the same items).
pub(crate) const LIST_QUOTES: [char; 4] = ['"', '\'', '[', ']'];

/// Evidence for the decimal separator, gathered over a sample of fields.
#[derive(Default, Debug, Clone, Copy)]
pub struct DecimalEvidence {
    pub comma: u32,
    pub dot: u32,
}

impl DecimalEvidence {
    /// Looks at one field. `1,5` and `1.234,56` vote comma, `1.5` and `1,234.56` vote dot;
    /// `1,234` and `1.234` (three digits after one separator) say nothing.
    pub fn observe(&mut self, raw: &str) {
        let s = strip_currency(raw.trim()).trim_end_matches('%').trim();
        let s = s.strip_prefix(['-', '+']).unwrap_or(s);
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b',' || b == b' ') {
            return;
        }
        let last_dot = s.rfind('.');
        let last_comma = s.rfind(',');
        match (last_dot, last_comma) {
            (Some(d), Some(c)) => {
                if c > d {
                    self.comma += 1
                } else {
                    self.dot += 1
                }
            }
            (Some(d), None) => {
                if s.matches('.').count() > 1 {
                    self.comma += 1; // 1.234.567 groups thousands with dots
                } else if s.len() - d - 1 != 3 {
                    self.dot += 1
                }
            }
            (None, Some(c)) => {
                if s.matches(',').count() > 1 {
                    self.dot += 1;
                } else if s.len() - c - 1 != 3 {
                    self.comma += 1
                }
            }
            (None, None) => {}
        }
    }

    pub fn decide(&self) -> DecimalSeparator {
        if self.comma > self.dot { DecimalSeparator::Comma } else { DecimalSeparator::Dot }
    }
}

const SYMBOLS: [char; 7] = ['$', '€', '£', '¥', '₹', '₽', '₩'];

/// The currency a number is written in, if it says: its symbol (`$`, `€` ...) or its code in
/// capitals (`EUR 10`, `10 usd`: `EUR`, `USD`), as [`classify`] reads past them.
pub fn currency_of(s: &str) -> Option<String> {
    if let Some(c) = s.chars().find(|c| SYMBOLS.contains(c)) {
        return Some(c.to_string());
    }
    let stripped = strip_currency(s);
    if stripped.len() == s.len() {
        return None;
    }
    let code = if s.starts_with(stripped) { s.get(s.len() - 3..)? } else { s.get(..3)? };
    Some(code.to_ascii_uppercase())
}

fn strip_currency(s: &str) -> &str {
    let symbol_end = |b: Option<&u8>| b.is_some_and(|b| *b == b'$' || !b.is_ascii());
    let mut s = s;
    if symbol_end(s.as_bytes().first()) {
        s = s.trim_start_matches(SYMBOLS).trim_start();
    }
    if symbol_end(s.as_bytes().last()) {
        s = s.trim_end_matches(SYMBOLS).trim_end();
    }
    // a code counts only as three letters standing alone at one end: "EUR 10", "10 USD"
    let b = s.as_bytes();
    let is_code = |w: &[u8]| CURRENCY_CODES.iter().any(|c| w.eq_ignore_ascii_case(c.as_bytes()));
    if b.len() > 3 && b[..3].iter().all(u8::is_ascii_alphabetic) && !b[3].is_ascii_alphabetic() && is_code(&b[..3]) {
        return s[3..].trim_start();
    }
    let n = b.len();
    if n > 3
        && b[n - 3..].iter().all(u8::is_ascii_alphabetic)
        && !b[n - 4].is_ascii_alphabetic()
        && is_code(&b[n - 3..])
    {
        return s[..n - 3].trim_end();
    }
    s
}

/// Parses a number as written in exports: sign, parentheses for negatives, currency symbol or
/// code, thousands separators (the other separator, spaces, apostrophes), percent, exponent.
pub fn parse_number(s: &str, decimal: DecimalSeparator) -> Option<Value> {
    let mut s = s.trim();
    let mut negative = false;
    if s.starts_with('(') && s.ends_with(')') {
        negative = true;
        s = s[1..s.len() - 1].trim();
    }
    let had_currency;
    {
        let stripped = strip_currency(s);
        had_currency = stripped.len() != s.len();
        s = stripped;
    }
    let percent = s.ends_with('%');
    if percent {
        s = s[..s.len() - 1].trim_end();
    }
    if let Some(rest) = s.strip_prefix('-') {
        negative = !negative;
        s = rest.trim_start();
    } else if let Some(rest) = s.strip_prefix('+') {
        s = rest.trim_start();
    }
    // A currency symbol may also stand after the sign: "-€12".
    if !had_currency {
        let stripped = strip_currency(s);
        if stripped.len() != s.len() {
            s = stripped;
        }
    }
    if s.is_empty() {
        return None;
    }
    let (dec, thousands) = match decimal {
        DecimalSeparator::Dot => (b'.', b','),
        DecimalSeparator::Comma => (b',', b'.'),
    };
    let mut buf = [0u8; 40];
    let mut len = 0;
    let mut int_digits = 0;
    let mut seen_dec = false;
    let mut seen_exp = false;
    let mut last_group = None::<usize>;
    // India's grouping: `12,34,567.00` (pairs of digits, then the last three)
    let mut lakh = false;
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if len >= buf.len() - 1 {
            return None;
        }
        match b {
            b'0'..=b'9' => {
                buf[len] = b;
                len += 1;
                if !seen_dec && !seen_exp {
                    int_digits += 1;
                }
            }
            _ if b == dec && !seen_dec && !seen_exp => {
                buf[len] = b'.';
                len += 1;
                seen_dec = true;
            }
            _ if (b == thousands || b == b' ' || b == b'\'') && !seen_dec && !seen_exp && int_digits > 0 => {
                // thousands groups must have exactly three digits, or (India's, with commas)
                // two up to the last three
                if let Some(g) = last_group {
                    match int_digits - g {
                        3 if !lakh => {}
                        2 if b == b',' && (lakh || g <= 2) => lakh = true,
                        _ => return None,
                    }
                } else if int_digits > 3 {
                    return None;
                }
                last_group = Some(int_digits);
            }
            0xC2 if bytes.get(i + 1) == Some(&0xA0) && int_digits > 0 && !seen_dec => {
                // non-breaking space as a thousands separator
                i += 1;
                last_group = Some(int_digits);
            }
            b'e' | b'E' if !seen_exp && int_digits > 0 && i + 1 < bytes.len() => {
                buf[len] = b'e';
                len += 1;
                seen_exp = true;
                if matches!(bytes[i + 1], b'-' | b'+') {
                    i += 1;
                    buf[len] = bytes[i];
                    len += 1;
                }
            }
            _ => return None,
        }
        i += 1;
    }
    if last_group.is_some_and(|g| int_digits - g != 3) {
        return None;
    }
    // India's grouping only with what makes it money (`₹1,23,456`, `92,30,651.00`): bare,
    // `10,20,300` is a list of numbers
    if lakh && !had_currency && !seen_dec {
        return None;
    }
    if int_digits == 0 && !seen_dec {
        return None;
    }
    let text = std::str::from_utf8(&buf[..len]).ok()?;
    if text == "." || text.ends_with('e') || text.ends_with('-') || text.ends_with('+') {
        return None;
    }
    if !seen_dec && !seen_exp && !percent && !had_currency {
        let value: i64 = text.parse().ok()?;
        let leading_zero = text.len() > 1 && text.starts_with('0') && last_group.is_none();
        return Some(Value::Int { value: if negative { -value } else { value }, leading_zero });
    }
    let value: f64 = text.parse().ok()?;
    if !value.is_finite() {
        return None;
    }
    Some(Value::Number { value: if negative { -value } else { value }, percent })
}

/// Days from 1970-01-01 to the given civil date (proleptic Gregorian).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day count since 1970-01-01: (year, month, day).
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Formats a timestamp as ISO 8601 (`2024-03-07` or `2024-03-07T14:05:00`).
pub fn format_timestamp(t: Timestamp) -> String {
    let days = t.div_euclid(86_400);
    let secs = t.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    if secs == 0 {
        format!("{y:04}-{m:02}-{d:02}")
    } else {
        format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60)
    }
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

fn ymd(y: i64, m: u32, d: u32) -> Option<Timestamp> {
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) || !(1000..=2999).contains(&y) {
        return None;
    }
    Some(days_from_civil(y, m, d) * 86_400)
}

/// Reads `HH:MM[:SS[.fff]] [AM|PM] [Z|±HH[:MM]] [zone]`; returns seconds into the day.
fn parse_time(s: &str) -> Option<i64> {
    let s = without_zone_name(s.trim());
    let s = without_offset_word(s);
    if s.is_empty() {
        return Some(0);
    }
    let (s, ampm) = {
        let lower = s.len() >= 2 && s.is_char_boundary(s.len() - 2);
        let tail = if lower { &s[s.len() - 2..] } else { "" };
        if tail.eq_ignore_ascii_case("am") {
            (s[..s.len() - 2].trim_end(), Some(false))
        } else if tail.eq_ignore_ascii_case("pm") {
            (s[..s.len() - 2].trim_end(), Some(true))
        } else {
            (s, None)
        }
    };
    // drop a zone suffix: Z, +01:00, -0500
    let s = s.trim_end_matches(['Z', 'z']);
    let s = match s.rfind(['+', '-']) {
        Some(p) if p >= 5 => &s[..p],
        _ => s,
    };
    // (Oracle's default, `02.28.00.000000 PM`: the time's parts apart by points)
    let oracle;
    let s = match s.split_once('.') {
        Some((h, rest)) if !s.contains(':') && rest.contains('.') => {
            let (m, sec) = rest.split_once('.')?;
            oracle = format!("{h}:{m}:{sec}");
            oracle.as_str()
        }
        _ => s,
    };
    let mut parts = s.split(':');
    let h: i64 = parts.next()?.trim().parse().ok()?;
    let m: i64 = parts.next()?.trim().parse().ok()?;
    let sec: f64 = match parts.next() {
        Some(x) => x.trim().parse().ok()?,
        None => 0.0,
    };
    if parts.next().is_some() {
        return None;
    }
    let h = match ampm {
        Some(pm) if (1..=12).contains(&h) => (h % 12) + if pm { 12 } else { 0 },
        Some(_) => return None,
        None => h,
    };
    if !(0..24).contains(&h) || !(0..60).contains(&m) || !(0.0..61.0).contains(&sec) {
        return None;
    }
    Some(h * 3600 + m * 60 + sec as i64)
}

/// A date or time without an offset written as a word of its own after it (Oracle's
/// `02.28.00.000000 PM -05:00`, the offset after the half of the day): dropped like any offset.
fn without_offset_word(s: &str) -> &str {
    match s.rsplit_once(' ') {
        Some((head, offset))
            if offset.len() > 1
                && offset.starts_with(['+', '-'])
                && offset[1..].bytes().all(|b| b.is_ascii_digit() || b == b':') =>
        {
            head.trim_end()
        }
        _ => s,
    }
}

/// A time without the zone named after it, as a word (`UTC`, `CET`), with an offset or not
/// (`GMT+1`, `UTC-05:00`): BigQuery writes `2024-03-15 19:23:00 UTC`, Google Forms
/// `2024/03/15 7:23:00 PM GMT+1`. Dropped like an offset: times are compared as written.
fn without_zone_name(s: &str) -> &str {
    let Some((head, last)) = s.rsplit_once(' ') else { return s };
    let letters = last.bytes().take_while(u8::is_ascii_uppercase).count();
    let offset = &last[letters..];
    let offset_ok = offset.is_empty()
        || offset.len() > 1
            && offset.starts_with(['+', '-'])
            && offset[1..].bytes().all(|c| c.is_ascii_digit() || c == b':');
    if (2..=5).contains(&letters) && offset_ok && !matches!(&last[..letters], "AM" | "PM") {
        head.trim_end()
    } else {
        s
    }
}

fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// ISO, compact, day-first and month-first dates, with an optional time.
pub fn parse_date(s: &str) -> Option<Value> {
    let b = s.as_bytes();
    if b.len() < 6 || !b[0].is_ascii_digit() {
        return None;
    }
    if let Some(t) = iso_fixed(b) {
        return Some(Value::Date { dmy: Some(t), mdy: Some(t) });
    }
    // cheap test first: a separator within the first five bytes, or eight digits and a time
    let early_sep = b.iter().take(5).any(|c| matches!(c, b'-' | b'/' | b'.'));
    let compact = b.len() > 9 && b[..8].iter().all(u8::is_ascii_digit) && matches!(b[8], b' ' | b'T');
    if !early_sep && !compact {
        return None;
    }
    // split the date part from a time part at 'T' or the first space
    let (date, time) = match s.find(['T', ' ']) {
        Some(p) => (&s[..p], &s[p + 1..]),
        None => (s, ""),
    };
    // (a comma before the time: Kickstarter's `2024/04/17, 08:56`)
    let date = date.strip_suffix(',').unwrap_or(date);
    let secs = parse_time(time)?;
    if date.len() == 8 && date.bytes().all(|c| c.is_ascii_digit()) {
        // Compact YYYYMMDD: only with a time, else the column layer decides (it is also an integer).
        if time.is_empty() {
            return None;
        }
        let t = ymd(date[..4].parse().ok()?, date[4..6].parse().ok()?, date[6..].parse().ok()?)? + secs;
        return Some(Value::Date { dmy: Some(t), mdy: Some(t) });
    }
    let sep = date.bytes().find(|c| matches!(c, b'-' | b'/' | b'.'))?;
    let mut it = date.split(sep as char);
    let (a, bb, c) = (it.next()?, it.next()?, it.next()?);
    if it.next().is_some() {
        return None;
    }
    let (na, nb, nc) = (digits(a)?, digits(bb)?, digits(c)?);
    if a.len() == 4 {
        let t = ymd(na as i64, nb, nc)? + secs;
        return Some(Value::Date { dmy: Some(t), mdy: Some(t) });
    }
    if c.len() != 4 && c.len() != 2 {
        return None;
    }
    let year = if c.len() == 2 { if nc < 70 { 2000 + nc } else { 1900 + nc } } else { nc } as i64;
    let dmy = ymd(year, nb, na).map(|t| t + secs);
    // a dotted date (07.03.2024) is day-first everywhere that writes it
    let mdy = if sep == b'.' { None } else { ymd(year, na, nb).map(|t| t + secs) };
    if dmy.is_none() && mdy.is_none() {
        return None;
    }
    Some(Value::Date { dmy, mdy })
}

/// The most common layouts, read by position: `YYYY-MM-DD`, `YYYY-MM-DD HH:MM:SS` and the same
/// with `T`. Anything else (or an invalid date) goes the general way.
fn iso_fixed(b: &[u8]) -> Option<Timestamp> {
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |acc, &c| c.is_ascii_digit().then(|| acc * 10 + (c - b'0') as u32))
    };
    if !(b.len() == 10 || b.len() == 19) || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let day = ymd(num(0..4)? as i64, num(5..7)?, num(8..10)?)?;
    if b.len() == 10 {
        return Some(day);
    }
    if !matches!(b[10], b' ' | b'T') || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let (h, m, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if h > 23 || m > 59 || sec > 60 {
        return None;
    }
    Some(day + (h * 3600 + m * 60 + sec) as i64)
}

/// A day typed by a user as `YYYY-MM-DD` (month 1-12, day 1-31), as days since 1970-01-01:
/// the analysis date of the app's RFM form and of `persona segment --analysis-date`.
pub fn parse_iso_day(s: &str) -> Option<i64> {
    let p: Vec<&str> = s.trim().split('-').collect();
    if p.len() != 3 {
        return None;
    }
    let (y, m, d) = (p[0].parse::<i64>().ok()?, p[1].parse::<u32>().ok()?, p[2].parse::<u32>().ok()?);
    // a year past 9999 is a typing slip (and would overflow the day count)
    ((1..=9999).contains(&y) && (1..=12).contains(&m) && (1..=days_in_month(y, m)).contains(&d))
        .then(|| days_from_civil(y, m, d))
}

/// The time of a date value in seconds since 1970: read month-first when `mdy` (else
/// day-first) when both readings are valid; an integer such as `20240307`, a Unix time such
/// as `1709769600` ([`unix_time`]) or a spreadsheet's day number such as `45366`
/// ([`serial_day`]) too (the value is from a date column). What the customer table, the
/// event log and the order log all read dates with.
pub fn date_seconds(v: Value, mdy: bool) -> Option<Timestamp> {
    match v {
        Value::Date { dmy, mdy: m } => {
            if mdy {
                m.or(dmy)
            } else {
                dmy.or(m)
            }
        }
        // (`01709769600` is a code, not a time)
        Value::Int { value, leading_zero: false } => number_time(value),
        _ => None,
    }
}

/// A whole number that reads as a time in a date column: a compact date, a Unix time or a
/// spreadsheet's day number (the three ranges do not overlap).
pub fn number_time(v: i64) -> Option<Timestamp> {
    compact_date(v).or_else(|| unix_time(v)).or_else(|| serial_day(v))
}

/// A spreadsheet's day number (Excel's and LibreOffice's serial dates: `45366` is
/// 2024-03-15, as a date column saved with the General format writes it) from 1990 to 2099,
/// in seconds. As with Unix times, the header must say the column is a time.
pub fn serial_day(v: i64) -> Option<Timestamp> {
    // day 25,569 is 1970-01-01 (day 1 is 1900-01-01, and 1900 counted as a leap year)
    SERIAL_DAYS.contains(&v).then(|| (v - 25_569) * 86_400)
}

/// The spreadsheet day numbers read as dates: 1990-01-01 up to 2100-01-01 ([`serial_day`],
/// and the SQL export's reading of them).
pub(crate) const SERIAL_DAYS: std::ops::Range<i64> = 32_874..73_051;

/// The Unix times in seconds read as times: 1990-01-01 up to 2033-05-18 ([`unix_time`], and
/// the SQL export's reading of them). (MovieLens' ratings start in 1995.)
pub(crate) const UNIX_SECONDS: std::ops::Range<i64> = 631_152_000..2_000_000_000;

/// Unix time from 1990-01-01 to 2033-05-18 as a database, a payment service's API or an
/// analytics tool writes it: seconds (`1709769600`), milliseconds (`1709769600000`) or
/// microseconds, in seconds. The three ranges do not overlap each other, nor compact dates, so
/// the number says which it is; that a column of such numbers is a time at all, its header
/// says ([`crate::roles::names_a_moment`]). The range ends below 2,000,000,000 seconds:
/// ten digits from `20…` on are an hour written as `YYYYMMDDHH` (Google Analytics'
/// `dateHour`, `2024030714`), not a time in 2034.
pub fn unix_time(v: i64) -> Option<Timestamp> {
    let std::ops::Range { start: from, end: to } = UNIX_SECONDS;
    [1, 1_000, 1_000_000].into_iter().find(|&unit| (from * unit..to * unit).contains(&v)).map(|unit| v.div_euclid(unit))
}

/// Compact dates written as a number, `20240307`.
pub fn compact_date(v: i64) -> Option<Timestamp> {
    if !(10_000_000..=29_991_231).contains(&v) {
        return None;
    }
    ymd(v / 10_000, (v / 100 % 100) as u32, (v % 100) as u32)
}

const MONTHS: [&[&str]; 12] = [
    &["jan", "january", "januar", "janvier", "enero", "januari", "janeiro", "jän"],
    &["feb", "february", "februar", "février", "fevrier", "febrero", "februari", "fevereiro"],
    &["mar", "march", "märz", "maerz", "mars", "marzo", "maart", "março", "marco", "mrz"],
    &["apr", "april", "avril", "abril"],
    &["may", "mai", "mayo", "mei", "maio"],
    &["jun", "june", "juni", "juin", "junio", "junho"],
    &["jul", "july", "juli", "juillet", "julio", "julho"],
    &["aug", "august", "août", "aout", "agosto", "augustus"],
    &["sep", "sept", "september", "septembre", "septiembre", "setembro"],
    &["oct", "october", "oktober", "octobre", "octubre", "okt", "outubro"],
    &["nov", "november", "novembre", "noviembre", "novembro"],
    &["dec", "december", "dezember", "décembre", "decembre", "diciembre", "dez", "dezembro"],
];

fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    MONTHS.iter().position(|names| names.contains(&w.as_str())).map(|i| i as u32 + 1)
}

/// The days of the week a date may start with (`Mon, 30 Jun 2025`, `Monday, June 30, 2025`),
/// lower-cased.
const WEEKDAYS: &[&str] = &[
    "mon",
    "monday",
    "tue",
    "tues",
    "tuesday",
    "wed",
    "wednesday",
    "thu",
    "thur",
    "thurs",
    "thursday",
    "fri",
    "friday",
    "sat",
    "saturday",
    "sun",
    "sunday",
    "montag",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "samstag",
    "sonntag",
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "lunes",
    "martes",
    "miércoles",
    "miercoles",
    "jueves",
    "viernes",
    "sábado",
    "sabado",
    "domingo",
];

/// `Nov 23, 2026`, `23 November 2026`, `23-Nov-2026`, after a day of the week or not
/// (`Mon, 30 Jun 2025 11:47:00 GMT`), with a time and its zone (a till's `30-Jun-2025 11:47 AM
/// EDT`, `Jun 30, 2025 at 11:47 AM`), and as Spanish and Portuguese write it, `28 de febrero
/// de 2025 16:10 hs.`
fn parse_named_month_date(s: &str) -> Option<Value> {
    let s = without_offset_word(s);
    // "7 March 2024", "March 7, 2024", "07-Mar-2024 2:05 PM EST": three to six parts
    if s.bytes().filter(|b| matches!(b, b' ' | b'-' | b',')).count() < 2 {
        return None;
    }
    let mut parts = [""; 6];
    let mut n = 0;
    for (i, p) in s.split([' ', '-', ',']).filter(|p| !p.is_empty() && !matches!(*p, "de" | "del" | "at")).enumerate() {
        if i == 0 && p.len() >= 3 && WEEKDAYS.iter().any(|w| w.eq_ignore_ascii_case(p.trim_end_matches('.'))) {
            continue;
        }
        if n == parts.len() {
            return None;
        }
        parts[n] = p;
        n += 1;
    }
    // the hours' mark after a time (`16:10 hs.`)
    if n > 3 && matches!(parts[n - 1], "hs." | "hs" | "h" | "hrs" | "hrs.") {
        n -= 1;
    }
    if n < 3 {
        return None;
    }
    let (d, m, y) = if let Some(m) = month_number(parts[0]) {
        (digits(parts[1])?, m, parts[2])
    } else {
        (digits(parts[0])?, month_number(parts[1])?, parts[2])
    };
    // a year of two digits only as eBay writes it (`Mar-15-24`, `15-Mar-24`) and Oracle
    // (`01-DEC-09 02.28.00.000000 PM`): `Nov 23-24` or `Jun 10-12` is a range of days
    let year = digits(y)? as i64;
    let dashed = s.split(' ').next().is_some_and(|day| day.split('-').count() == 3 && !day.contains(','));
    // (as Oracle reads them: 00 to 49 this century, 50 to 99 the last)
    let year = match y.len() {
        2 if dashed && year < 50 => 2000 + year,
        2 if dashed => 1900 + year,
        4 => year,
        _ => return None,
    };
    let secs = parse_time(&parts[3..n].join(" "))?;
    let t = ymd(year, m, d)? + secs;
    Some(Value::Date { dmy: Some(t), mdy: Some(t) })
}

#[cfg(test)]
mod currency_tests {
    #[test]
    fn the_currency_a_number_is_written_in() {
        let table: &[(&str, Option<&str>)] = &[
            ("$1,234.50", Some("$")),
            ("-€12", Some("€")),
            ("(£5.00)", Some("£")),
            ("12.50 €", Some("€")),
            ("EUR 10", Some("EUR")),
            ("10 usd", Some("USD")),
            ("1,234.50", None),
            ("12%", None),
            ("10 kg", None),
        ];
        for (s, want) in table {
            assert_eq!(super::currency_of(s).as_deref(), *want, "{s}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use DecimalSeparator::{Comma, Dot};

    fn num(v: f64) -> Value {
        Value::Number { value: v, percent: false }
    }
    fn int(v: i64) -> Value {
        Value::Int { value: v, leading_zero: false }
    }
    fn day(y: i64, m: u32, d: u32) -> Option<Timestamp> {
        Some(days_from_civil(y, m, d) * 86_400)
    }

    #[test]
    fn same_text_agrees_with_equality_at_every_length_and_position() {
        // every length up to 40, a difference at each byte, and the equal text
        for n in 0..=40usize {
            let a: String = (0..n).map(|i| char::from(b'a' + (i % 26) as u8)).collect();
            assert!(same_text(&a, &a.clone()), "{a}");
            for i in 0..n {
                let mut b = a.clone().into_bytes();
                b[i] = b'#';
                let b = String::from_utf8(b).unwrap();
                assert!(!same_text(&a, &b), "{a} / {b}");
            }
            assert!(!same_text(&a, &format!("{a}x")));
            assert!(!same_text(&format!("x{a}"), &a));
        }
        assert!(same_text("Müller", "Müller") && !same_text("Müller", "Muller"));
    }

    #[test]
    fn short_decimals_are_read_to_the_same_bits_as_str_parse() {
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for _ in 0..200_000 {
            let (int_digits, frac_digits) = (1 + next() % 9, 1 + next() % 6);
            let int = next() % 10u64.pow(int_digits as u32);
            let frac = next() % 10u64.pow(frac_digits as u32);
            let dot = format!("{int}.{frac:0w$}", w = frac_digits as usize);
            let expected: f64 = dot.parse().unwrap();
            let comma = dot.replace('.', ",");
            for (text, d) in [(&dot, Dot), (&comma, Comma)] {
                match plain_number(text, d) {
                    Some(Value::Number { value, percent: false }) => {
                        assert_eq!(value.to_bits(), expected.to_bits(), "{text}")
                    }
                    other => panic!("{text}: {other:?}"),
                }
            }
        }
    }

    #[test]
    fn plain_numbers_read_as_the_general_rules_read_them() {
        let fields = [
            "0",
            "7",
            "42",
            "0042",
            "00",
            "123456",
            "20240105",
            "999999999999999999",
            "9999999999999999999",
            "242.89",
            "0.5",
            "1.000",
            "12.03",
            "2024.05",
            "1234.5678",
            "123456.78",
            "1.5.3",
            "12,50",
            "1,234",
            "1,234.5",
            "12.",
            "12,",
            "5e3",
            "12.5%",
            "07.03.2024",
            "2024-01-05",
            "1 234",
            "12 ",
            "0,001",
        ];
        for d in [Dot, Comma] {
            for f in fields {
                let general = parse_date(f).or_else(|| parse_number(f, d));
                if let Some(fast) = plain_number(f, d) {
                    assert_eq!(Some(fast), general, "{f:?} with {d:?}");
                }
                assert_eq!(classify(f, d), general.unwrap_or_else(|| text(f)));
            }
        }
        assert_eq!(plain_number("0042", Dot), Some(Value::Int { value: 42, leading_zero: true }));
        assert_eq!(plain_number("12,50", Comma), Some(num(12.5)));
        assert_eq!(plain_number("1,234", Dot), None);
    }

    #[test]
    fn typed_days_are_read_or_refused() {
        assert_eq!(parse_iso_day("2026-01-01"), Some(20454));
        assert_eq!(parse_iso_day(" 2026-1-1 "), Some(20454));
        // the last two found by fuzzing: a day count that overflowed, a day past the month's end
        for bad in ["1 Jan 2026", "2026-13-01", "2026-01-32", "2026-01", "", "2222024222201222144-7-1", "2026-02-30"] {
            assert_eq!(parse_iso_day(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_device_models_comma_parts_no_items() {
        for (raw, items) in [
            ("iPhone13,2", 0),
            ("iPad8,11", 0),
            ("Watch6,1 (GPS)", 0),
            ("iPhone13,2; iPad8,11", 2),
            ("red,blue", 2),
            ("1,2,3", 3),
            ("size 10,12", 2),
            ("$25,000 - $49,999", 0),
        ] {
            assert_eq!(list_items(raw), items, "{raw}");
        }
    }

    #[test]
    fn list_items_come_out_of_their_quotes_and_brackets() {
        let table: &[(&str, &[&str])] = &[
            ("hiking; cooking", &["hiking", "cooking"]),
            ("\"VIP\",\"Newsletter\"", &["VIP", "Newsletter"]),
            // pandas' and a marketing tool's lists, and JSON's
            ("['email', 'sms']", &["email", "sms"]),
            ("['email']", &["email"]),
            ("[\"Action\", \"Comedy\"]", &["Action", "Comedy"]),
            ("rock 'n' roll; jazz", &["rock 'n' roll", "jazz"]),
        ];
        for (raw, items) in table {
            assert_eq!(split_list(raw).collect::<Vec<_>>(), *items, "{raw}");
        }
    }

    #[test]
    fn every_missing_marker_is_recognised() {
        for m in MISSING {
            assert!(is_missing(m), "{m}");
            assert!(is_missing(&m.to_uppercase()), "{m}");
            assert!(is_missing(&format!(" {m} ")), "{m}");
        }
        // and nothing else: near misses, and every other string of the markers' first bytes
        for word in [
            "n", "no", "nah", "male", "munich", "unknowns", "k.a", "--x", "?!", "#n/a2", "(blanks)", "nil.", "n/a/",
            r"\", r"\na", r"\t",
        ] {
            assert!(!is_missing(word), "{word}");
        }
    }

    #[test]
    fn fields_classify_as_written_in_real_exports() {
        let table: &[(&str, DecimalSeparator, Value)] = &[
            ("", Dot, Value::Missing),
            ("  NA ", Dot, Value::Missing),
            ("N/A", Dot, Value::Missing),
            ("null", Dot, Value::Missing),
            ("-", Dot, Value::Missing),
            ("?", Dot, Value::Missing),
            ("42", Dot, int(42)),
            ("-7", Dot, int(-7)),
            ("00123", Dot, Value::Int { value: 123, leading_zero: true }),
            ("0", Dot, int(0)),
            ("1,234", Dot, int(1234)),
            ("1.234", Comma, int(1234)),
            ("1,234.50", Dot, num(1234.5)),
            ("1.234,50", Comma, num(1234.5)),
            ("12,5", Comma, num(12.5)),
            ("1 234,5", Comma, num(1234.5)),
            ("1'234.5", Dot, num(1234.5)),
            // India's grouping, and what is neither it nor the West's
            ("92,30,651.00", Dot, num(9_230_651.0)),
            ("₹1,23,45,678", Dot, num(12_345_678.0)),
            ("10,20,300", Dot, Value::Text { list_items: 3, prose: false }),
            ("12,34,567,890", Dot, Value::Text { list_items: 4, prose: false }),
            ("123,45,678", Dot, Value::Text { list_items: 3, prose: false }),
            // a spreadsheet's formula errors are no value
            ("#DIV/0!", Dot, Value::Missing),
            ("#VALUE!", Dot, Value::Missing),
            ("$12.99", Dot, num(12.99)),
            ("€ 12,99", Comma, num(12.99)),
            ("12,99 €", Comma, num(12.99)),
            ("EUR 10", Dot, num(10.0)),
            ("10 USD", Dot, num(10.0)),
            ("-$5.00", Dot, num(-5.0)),
            ("(12.00)", Dot, num(-12.0)),
            ("12.5%", Dot, Value::Number { value: 12.5, percent: true }),
            ("1e3", Dot, num(1000.0)),
            (".5", Dot, num(0.5)),
            ("1,23,4", Dot, Value::Text { list_items: 3, prose: false }),
            ("true", Dot, Value::Bool(true)),
            ("No", Dot, Value::Bool(false)),
            ("ja", Dot, Value::Bool(true)),
            ("SÍ", Dot, Value::Bool(true)),
            ("Não", Dot, Value::Bool(false)),
            ("NÃO", Dot, Value::Bool(false)),
            ("2024-03-07", Dot, Value::Date { dmy: day(2024, 3, 7), mdy: day(2024, 3, 7) }),
            ("2024/03/07", Dot, Value::Date { dmy: day(2024, 3, 7), mdy: day(2024, 3, 7) }),
            ("07.03.2024", Comma, Value::Date { dmy: day(2024, 3, 7), mdy: None }),
            ("13/02/2024", Dot, Value::Date { dmy: day(2024, 2, 13), mdy: None }),
            ("02/13/2024", Dot, Value::Date { dmy: None, mdy: day(2024, 2, 13) }),
            ("03/04/24", Dot, Value::Date { dmy: day(2024, 4, 3), mdy: day(2024, 3, 4) }),
            ("2024-02-30", Dot, Value::Text { list_items: 0, prose: false }),
            ("Nov 23, 2026", Dot, Value::Date { dmy: day(2026, 11, 23), mdy: day(2026, 11, 23) }),
            ("Mar-15-24", Dot, Value::Date { dmy: day(2024, 3, 15), mdy: day(2024, 3, 15) }),
            (
                "2024/04/17, 08:56",
                Dot,
                Value::Date { dmy: day(2024, 4, 17).map(|t| t + 32_160), mdy: day(2024, 4, 17).map(|t| t + 32_160) },
            ),
            ("15-Mar-24", Dot, Value::Date { dmy: day(2024, 3, 15), mdy: day(2024, 3, 15) }),
            ("Nov 23-24", Dot, Value::Text { list_items: 0, prose: false }),
            ("23 März 2026", Dot, Value::Date { dmy: day(2026, 3, 23), mdy: day(2026, 3, 23) }),
            // a Latin American marketplace's sales report, and Portuguese
            (
                "28 de febrero de 2025 16:10 hs.",
                Dot,
                Value::Date { dmy: day(2025, 2, 28).map(|t| t + 58_200), mdy: day(2025, 2, 28).map(|t| t + 58_200) },
            ),
            ("1 de março de 2023", Dot, Value::Date { dmy: day(2023, 3, 1), mdy: day(2023, 3, 1) }),
            // a till's payments (a time of day, AM or PM, and its zone), a mail's date with its
            // day of the week, a dashboard's "at"
            (
                "30-Jun-2025 11:47 PM EDT",
                Dot,
                Value::Date { dmy: day(2025, 6, 30).map(|t| t + 85_620), mdy: day(2025, 6, 30).map(|t| t + 85_620) },
            ),
            (
                "Mon, 30 Jun 2025 11:47:00 GMT",
                Dot,
                Value::Date { dmy: day(2025, 6, 30).map(|t| t + 42_420), mdy: day(2025, 6, 30).map(|t| t + 42_420) },
            ),
            ("Monday, June 30, 2025", Dot, Value::Date { dmy: day(2025, 6, 30), mdy: day(2025, 6, 30) }),
            (
                "Jun 30, 2025 at 11:47 AM",
                Dot,
                Value::Date { dmy: day(2025, 6, 30).map(|t| t + 42_420), mdy: day(2025, 6, 30).map(|t| t + 42_420) },
            ),
            ("Monday, weekly call", Dot, Value::Text { list_items: 2, prose: false }),
            ("hiking; cooking", Dot, Value::Text { list_items: 2, prose: false }),
            ("yoga|travel|wine", Dot, Value::Text { list_items: 3, prose: false }),
            (
                "I liked it, but the delivery was slow and nobody answered my calls",
                Dot,
                Value::Text { list_items: 0, prose: true },
            ),
            ("Berlin", Dot, Value::Text { list_items: 0, prose: false }),
            // lists as programs write them (pandas, a marketing tool's consent column)
            ("['email', 'sms']", Dot, Value::Text { list_items: 2, prose: false }),
            ("['email']", Dot, Value::Text { list_items: 1, prose: false }),
            ("[\"Action\", \"Comedy\"]", Dot, Value::Text { list_items: 2, prose: false }),
            ("[]", Dot, Value::Missing),
            ("[see notes]", Dot, Value::Text { list_items: 0, prose: false }),
            // a JSON object's pairs are no list
            ("{\"plan\":\"Pro\",\"country\":\"US\"}", Dot, Value::Text { list_items: 0, prose: false }),
            // a band of amounts with thousands separators is one value; a list of amounts is not
            ("$25,000 - $49,999", Dot, Value::Text { list_items: 0, prose: false }),
            ("under_$1,000", Dot, Value::Text { list_items: 0, prose: false }),
            ("10, 20, 30", Dot, Value::Text { list_items: 3, prose: false }),
            ("Reports, Dashboards", Dot, Value::Text { list_items: 2, prose: false }),
        ];
        for (input, dec, want) in table {
            assert_eq!(classify(input, *dec), *want, "classify({input:?}, {dec:?})");
        }
    }

    #[test]
    fn date_times_keep_the_time_of_day() {
        let base = days_from_civil(2024, 3, 7) * 86_400;
        let table: &[(&str, i64)] = &[
            ("2024-03-07T14:05:00", base + 14 * 3600 + 5 * 60),
            ("2024-03-07 14:05", base + 14 * 3600 + 5 * 60),
            ("2024-03-07T14:05:00Z", base + 14 * 3600 + 5 * 60),
            ("2024-03-07T14:05:00.123+01:00", base + 14 * 3600 + 5 * 60),
            ("20240307 02:30 PM", base + 14 * 3600 + 30 * 60),
            ("07.03.2024 23:59:59", base + 86_399),
            // a zone named after the time: BigQuery's export, Google Forms' responses
            ("2024-03-07 14:05:00 UTC", base + 14 * 3600 + 5 * 60),
            ("2024/03/07 2:05:00 PM GMT+1", base + 14 * 3600 + 5 * 60),
            ("07.03.2024 14:05 MEZ", base + 14 * 3600 + 5 * 60),
            ("2024-03-07 14:05:00 UTC-05:00", base + 14 * 3600 + 5 * 60),
            // Oracle SQL Developer's timestamps, and its dates with a time
            ("07-MAR-24 02.05.00.000000 PM", base + 14 * 3600 + 5 * 60),
            ("07-MAR-24 14:05:00", base + 14 * 3600 + 5 * 60),
            ("07-Mar-2024 02.05.00 PM", base + 14 * 3600 + 5 * 60),
            ("07-MAR-24 02.05.00.000000 PM +00:00", base + 14 * 3600 + 5 * 60),
            ("07-MAR-24 02.05.00.000000 PM -05:00", base + 14 * 3600 + 5 * 60),
        ];
        for (input, want) in table {
            match classify(input, Dot) {
                Value::Date { dmy, .. } => assert_eq!(dmy, Some(*want), "{input}"),
                other => panic!("{input}: {other:?}"),
            }
        }
        // a word after a time that is no zone leaves the value text
        for input in ["2024-03-07 14:05 delivered", "2024-03-07 14:05 X", "2024-03-07 14:05 TOOLONG"] {
            assert!(matches!(classify(input, Dot), Value::Text { .. }), "{input}");
        }
    }

    #[test]
    fn decimal_evidence_votes_by_the_last_separator() {
        let mut e = DecimalEvidence::default();
        for v in ["12,5", "1.234,56", "0,99", "1.234"] {
            e.observe(v);
        }
        assert_eq!(e.decide(), Comma);
        let mut e = DecimalEvidence::default();
        for v in ["12.5", "1,234.56", "1,234", "€3.10"] {
            e.observe(v);
        }
        assert_eq!(e.decide(), Dot);
    }

    #[test]
    fn civil_dates_round_trip() {
        for days in [-1_000_000, -1, 0, 1, 19_000, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(compact_date(20240229), day(2024, 2, 29));
        assert_eq!(compact_date(20230229), None);
    }

    #[test]
    fn spreadsheet_day_numbers_read_as_their_days() {
        for (v, want) in [
            (45_366, Some("2024-03-15")),
            (32_874, Some("1990-01-01")),
            (73_050, Some("2099-12-31")),
            (32_873, None),
            (73_051, None),
            (2_024, None),
        ] {
            assert_eq!(serial_day(v).map(format_timestamp).as_deref(), want, "{v}");
        }
        assert_eq!(date_seconds(Value::Int { value: 45_366, leading_zero: false }, false), serial_day(45_366));
    }

    #[test]
    fn unix_times_in_seconds_milliseconds_and_microseconds() {
        let march_7 = day(2024, 3, 7).unwrap();
        for (v, want) in [
            (1_709_769_600, Some(march_7)),
            (1_709_769_600_123, Some(march_7)),
            (1_709_769_600_123_456, Some(march_7)),
            (1_709_769_659, Some(march_7 + 59)),
            (946_684_800, day(2000, 1, 1)),
            (874_713_600, day(1997, 9, 20)), // a MovieLens rating's day
            (631_152_000, day(1990, 1, 1)),
            (631_151_999, None),     // before 1990: a count, a phone number, an id
            (2_000_000_000, None),   // 2033-05-18 and later
            (2_024_030_714, None),   // YYYYMMDDHH (Google Analytics' dateHour), not 2034
            (20_240_307, None),      // a compact date, not a Unix time
            (170_976_960_012, None), // in no unit's range (1975 in milliseconds)
            (-1_709_769_600, None),
        ] {
            assert_eq!(unix_time(v), want, "{v}");
        }
        // a date column reads either kind of number
        let int = |value| Value::Int { value, leading_zero: false };
        assert_eq!(date_seconds(int(1_709_769_600_000), false), Some(march_7));
        assert_eq!(date_seconds(int(20_240_307), true), Some(march_7));
        assert_eq!(date_seconds(int(12_345), false), None);
        let code = Value::Int { value: 1_709_769_600, leading_zero: true };
        assert_eq!(date_seconds(code, false), None, "01709769600 is a code");
        assert_eq!(format_timestamp(days_from_civil(2024, 3, 7) * 86_400 + 3661), "2024-03-07T01:01:01");
    }

    #[test]
    fn rating_scale_answers_in_words_are_their_points() {
        let table = [
            ("Very satisfied", Some(5.0)),
            ("  very SATISFIED ", Some(5.0)),
            ("Neither satisfied nor dissatisfied", Some(3.0)),
            ("Moderately dissatisfied", Some(1.5)),
            ("Strongly agree", Some(5.0)),
            ("Not at all likely", Some(1.0)),
            ("Sehr zufrieden", Some(5.0)),
            ("Tr\u{e8}s insatisfait", Some(1.0)),
            // not a scale's answer
            ("Satisfied customer", None),
            ("5", None),
            ("", None),
        ];
        for (answer, points) in table {
            assert_eq!(scale_answer(answer), points, "{answer:?}");
        }
    }
}
