//! Streaming CSV ingest: bytes in, a [`FileProfile`] out.
//!
//! ```text
//! chunks ─▶ sniff window (64 KiB) ─▶ encoding ─▶ decoder (encoding_rs) ─▶ csv-core ─▶ rows ─▶ columns
//!                      └─▶ dialect (delimiter, quoting, header, decimal separator)
//! ```
//!
//! [`Profiler`] takes the file in chunks of any size ([`Profiler::feed`]), so the browser can
//! read a `File` slice by slice in a worker and the CLI can stream from disk; nothing holds the
//! whole file. The first 64 KiB are held back to decide the encoding and the dialect, then
//! everything flows through: decoded to UTF-8, split into records by csv-core (a parser that
//! never fails), and validated here, where each record gets its line number.
//!
//! Bad rows never stop an import and are never dropped silently: a record with too many or too
//! few fields, an unterminated quote (the rest of the file is then re-read without quoting, so
//! the good rows after it still count) or bytes that are not valid in the file's encoding is a
//! [`Problem`] with its line; the first [`MAX_PROBLEMS`] are listed and all are counted.

pub mod column;
pub mod dialect;
pub mod encoding;
pub mod split;
pub mod value;

use std::collections::BTreeMap;

use csv_core::{ReadRecordResult, Reader, ReaderBuilder};
use serde::{Deserialize, Serialize};
use thiserror::Error;

pub use crate::schema::FileKind;
pub use column::{ColumnAcc, ColumnProfile, ColumnType, DateStats, NumericStats};
pub use dialect::{Dialect, LineEnding, Separator};
pub use encoding::EncodingInfo;
pub use value::DecimalSeparator;

use crate::roles::{self, Role};
use value::Value;

/// Bytes held back at the start of a file to decide encoding and dialect.
pub const SNIFF_BYTES: usize = 64 * 1024;
/// Problem rows listed with their line numbers (all of them are counted).
pub const MAX_PROBLEMS: usize = 100;
/// The piece a whole in-memory file is read in, as a browser reads a file slice by slice: the
/// parser's buffers stay this size however large the file.
pub const PIECE: usize = 4 << 20;

/// Why a file could not be read at all.
#[derive(Debug, Error, Clone, PartialEq, Serialize, Deserialize)]
pub enum IngestError {
    #[error("This file is empty.")]
    Empty,
    #[error("This is not a CSV file: it looks like {what}. Export or save it as CSV and drop that file.")]
    Binary { what: String },
    #[error("This is {inside}.")]
    Zipped { inside: String },
    #[error("Import cancelled.")]
    Cancelled,
    #[error(
        "This file has {} columns, more than a spreadsheet holds (16,384): it is no table of customers. Check that it was saved as CSV, one record per line.",
        crate::format::thousands(*.columns as u64)
    )]
    TooWide { columns: usize },
}

/// The most columns a file may have: a spreadsheet's (16,384). A line of millions of cells
/// (a file that is no table) would take minutes and gigabytes to count column by column.
pub const MAX_COLUMNS: usize = 16_384;

/// What is wrong with one row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    TooManyFields,
    TooFewFields,
    UnterminatedQuote,
    InvalidBytes,
    /// A report's sums under its rows (`Total,,,7983,472017.58`): no record of its own.
    TotalsRow,
    /// A grouped report's label with no rows under it (a footer such as `Accrual basis …`).
    LoneLabel,
}

impl ProblemKind {
    pub fn label(self) -> &'static str {
        match self {
            ProblemKind::TooManyFields => "too many fields",
            ProblemKind::TooFewFields => "too few fields",
            ProblemKind::UnterminatedQuote => "unterminated quote",
            ProblemKind::InvalidBytes => "invalid characters",
            ProblemKind::TotalsRow => "totals row",
            ProblemKind::LoneLabel => "label without rows",
        }
    }
}

/// A problem row, with the line it starts on (1-based, as an editor shows it).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Problem {
    pub line: u64,
    pub kind: ProblemKind,
    pub message: String,
}

/// Everything the Data page shows for one file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FileProfile {
    pub name: String,
    pub bytes: u64,
    pub encoding: EncodingInfo,
    pub dialect: Dialect,
    /// Data rows imported (problem rows with invalid characters included, ragged rows not).
    pub rows: u64,
    pub blank_rows: u64,
    /// Rows left out because of their shape (too many/too few fields, unterminated quote).
    pub skipped_rows: u64,
    pub problem_counts: BTreeMap<ProblemKind, u64>,
    /// The first [`MAX_PROBLEMS`] problems.
    pub problems: Vec<Problem>,
    pub columns: Vec<ColumnProfile>,
    pub kind: FileKind,
    pub warnings: Vec<String>,
    /// [`FileProfile::header_signature`], worked out once here (the page looks remembered
    /// role mappings up by it, and need not carry the header normalisation's code).
    #[serde(default)]
    pub signature: String,
}

impl FileProfile {
    pub fn problem_total(&self) -> u64 {
        self.problem_counts.values().sum()
    }

    /// A key for "the same header": remembered role mappings are looked up by it. The empty
    /// columns a spreadsheet leaves at the end are no part of it: next month's export of the
    /// same table may end in more or fewer of them.
    pub fn header_signature(&self) -> String {
        let named = self.columns.len() - self.trailing_blank_columns();
        self.columns[..named].iter().map(|c| roles::normalise_header(&c.name)).collect::<Vec<_>>().join("|")
    }

    /// How many columns at the end of the table have neither a header nor a value: Excel saves
    /// them where cells were once used (`a,b,c,,,` on every line).
    pub fn trailing_blank_columns(&self) -> usize {
        let generated = |c: &&ColumnProfile| c.name == format!("column_{}", c.index + 1);
        self.columns.iter().rev().take_while(|c| c.column_type == ColumnType::Empty && generated(c)).count()
    }

    pub fn column_with_role(&self, role: Role) -> Option<&ColumnProfile> {
        self.columns.iter().find(|c| c.role == role)
    }
}

/// A profiled file with the column accumulators kept, so the user can override a type and
/// files can be linked by id without reading them again.
pub struct ProfiledFile {
    pub profile: FileProfile,
    pub columns: Vec<ColumnAcc>,
}

/// How the bytes become UTF-8: an encoding's own decoder (UTF-16, or a byte-order mark), or
/// UTF-8 with each invalid byte read as Windows-1252.
enum Decoder {
    Encoding(encoding_rs::Decoder),
    Mixed(encoding::MixedUtf8),
}

impl Decoder {
    fn for_file(enc: &'static encoding_rs::Encoding, info: &EncodingInfo, bom_removal: bool) -> Decoder {
        if enc == encoding_rs::UTF_8 || info.fallback {
            // Excel's "CSV UTF-8" starts with a byte-order mark: its lines added elsewhere too
            Decoder::Mixed(encoding::MixedUtf8::new(info.bom && bom_removal))
        } else if bom_removal {
            Decoder::Encoding(enc.new_decoder_with_bom_removal())
        } else {
            Decoder::Encoding(enc.new_decoder_without_bom_handling())
        }
    }
}

/// The line a byte is on, after `before` from a place on line `line` (`pending_cr`: just after
/// a carriage return): line breaks counted as [`Parser::count_lines`] counts them, `\n`,
/// `\r\n` and a lone `\r` alike. The byte itself is not a line feed.
fn line_at(mut line: u64, mut pending_cr: bool, before: &[u8]) -> u64 {
    for &b in before {
        if std::mem::take(&mut pending_cr) && b != b'\n' {
            line += 1;
        }
        match b {
            b'\n' => line += 1,
            b'\r' => pending_cr = true,
            _ => {}
        }
    }
    line + u64::from(pending_cr)
}

enum Records {
    Csv(Box<Reader>),
    Aligned { carry: String },
}

struct Parser {
    decoder: Decoder,
    encoding: EncodingInfo,
    dialect: Dialect,
    records: Records,
    decoded: Vec<u8>,
    out: Vec<u8>,
    ends: Vec<usize>,
    out_len: usize,
    ends_len: usize,
    /// Raw bytes of the record being read (for quote parity and recovery).
    raw: Vec<u8>,
    in_record: bool,
    line: u64,
    pending_cr: bool,
    record_line: u64,
    header_done: bool,
    /// The columns of a first line wider than [`MAX_COLUMNS`]: nothing more is read.
    too_wide: Option<usize>,
    /// Lines of the preamble still to read past ([`Dialect::preamble`]), the first one's text
    /// and the last one's line, for the warning.
    preamble_left: u32,
    preamble_first: Option<String>,
    preamble_last: u64,
    /// The header's lines read so far, when more than one line makes it
    /// ([`Dialect::header_rows`]).
    header_lines: Vec<Vec<String>>,
    /// A preamble line that says what a grouped report is grouped by ("Sales by Customer
    /// Detail"), for the name of its first column when the header leaves it blank.
    grouped_by: Option<String>,
    /// In a grouped report ([`Dialect::grouped`]), the label of the group being read, filled
    /// into its rows, and how many groups there were.
    group: String,
    groups: u64,
    /// The line of the label being read while no row has been filled from it yet.
    group_fresh: Option<u64>,
    /// A report's totals row was left out: a line of one field under it is its footer
    /// (Salesforce's `Confidential Information - Do Not Distribute`).
    after_totals: bool,
    columns: Vec<ColumnAcc>,
    rows: u64,
    blank_rows: u64,
    skipped_rows: u64,
    problems: Vec<Problem>,
    problem_counts: BTreeMap<ProblemKind, u64>,
    replaced: bool,
    /// Bytes of a UTF-8 file read as Windows-1252 ([`encoding::MixedUtf8`])
    fallback_bytes: u64,
    /// The line of the first of them
    fallback_line: Option<u64>,
    warnings: Vec<String>,
    /// Hand each good row to the visitor as it is read (a [`Profiler::with_rows`] or [`RowStream`]).
    hand_rows: bool,
    /// The allocation that holds each record's fields, kept from record to record.
    fields: Vec<&'static str>,
    /// Count the columns (false: only hand the rows over).
    stats: bool,
    /// The values of the row being handed over, as the profile read them (kept from row to
    /// row for its allocation).
    values: Vec<Value>,
    /// The decoder has been flushed: the file has ended.
    ended: bool,
}

/// Empties `fields` and gives its allocation back for the next record: the collect reuses
/// the buffer in place, as the two element types have one layout, and the map never runs.
fn recycle(mut fields: Vec<&str>) -> Vec<&'static str> {
    fields.clear();
    fields.into_iter().map(|_| "").collect()
}

/// Whether a field labels a report's totals row: `Total`, `Grand Total`, `Totals:`, `Summe`,
/// `Total général`, and a pivot table's in the spreadsheets' languages (`Total Result`,
/// `Gesamtergebnis`, `Eindtotaal`, `Totale complessivo`); most fields leave at the first byte.
fn is_totals_label(f: &str) -> bool {
    let t = f.trim();
    // (the first byte of each label below, in lower or upper case: most fields leave here)
    if t.len() < 3
        || !matches!(t.as_bytes()[0].to_ascii_lowercase(), b't' | b'g' | b's' | b'e' | b'h' | b'c' | b'k' | 0x80..)
    {
        return false;
    }
    // a group's total in a grouped report: `Total for Amy's Bird Sanctuary`
    let starts = |head: &str| t.get(..head.len()).is_some_and(|h| h.eq_ignore_ascii_case(head));
    if starts("total for ") || starts("totals for ") {
        return true;
    }
    // with its count: Salesforce's `Grand Totals (400 records)`
    if let Some(head) = t.strip_suffix(')').and_then(|t| t.rsplit_once('('))
        && head.1.bytes().any(|b| b.is_ascii_digit())
        && !head.0.trim().is_empty()
    {
        return is_totals_label(head.0);
    }
    if t.len() > 24 {
        return false;
    }
    let t = t.trim_end_matches([':', '.']).trim_end().to_lowercase();
    matches!(
        t.as_str(),
        "total"
            | "totals"
            | "grand total"
            | "grand totals"
            | "sum"
            | "subtotal"
            | "sub total"
            | "summe"
            | "gesamt"
            | "gesamtsumme"
            | "total général"
            | "total general"
            | "total geral"
            | "total result"
            | "gesamtergebnis"
            | "eindtotaal"
            | "totale"
            | "totale complessivo"
            | "totalsumma"
            | "totaal"
            | "totales"
            | "totalt"
            | "hovedtotal"
            | "samtals"
            | "celkový součet"
            | "celkem"
            | "suma końcowa"
            | "kokonaissumma"
            | "yhteensä"
            | "végösszeg"
            | "genel toplam"
            | "общий итог"
            | "итог"
            | "итого"
            | "总计"
            | "總計"
            | "合计"
            | "合計"
            | "総計"
            | "총합계"
    )
}

/// Whether a grouped report's first cell labels a group's total: `Total for Amy's Bird
/// Sanctuary`, or `Total Amy's Bird Sanctuary` as QuickBooks Desktop writes it.
fn is_group_total(f: &str) -> bool {
    let t = f.trim();
    is_totals_label(t) || t.get(..6).is_some_and(|h| h.eq_ignore_ascii_case("total "))
}

/// Whether a field says how many records a report holds, beside the number (eBay's footer:
/// `1003,record(s) downloaded`); a row's `Recorded delivery` is no such thing.
fn counts_records(f: &str) -> bool {
    let t = f.trim();
    matches!(t.as_bytes().first(), Some(b'r' | b'R'))
        && ["record(s) downloaded", "records downloaded", "record downloaded", "record(s)"]
            .iter()
            .any(|w| t.eq_ignore_ascii_case(w))
}

/// What a grouped report's title says it is grouped by: `Sales by Customer Detail` →
/// `Customer`, `Transaction List by Customer` → `Customer`.
fn grouped_by(title: &str) -> Option<String> {
    let at = (0..title.len()).find(|&i| title.get(i..i + 4).is_some_and(|w| w.eq_ignore_ascii_case(" by ")))?;
    let mut by = title[at + 4..].trim();
    for tail in [" detail", " summary", " report"] {
        let cut = by.len().saturating_sub(tail.len());
        if by.get(cut..).is_some_and(|t| t.eq_ignore_ascii_case(tail)) {
            by = by[..cut].trim_end();
        }
    }
    // what reports are grouped by (a company's name, "Designs by Sarah", is no grouping)
    const BY: &[&str] = &[
        "customer",
        "client",
        "customer/project",
        "contact",
        "member",
        "account",
        "product",
        "product/service",
        "item",
        "vendor",
        "supplier",
        "employee",
        "class",
        "location",
        "department",
        "project",
        "region",
        "rep",
        "sales rep",
        "salesperson",
    ];
    BY.iter().any(|w| by.eq_ignore_ascii_case(w)).then(|| by.to_owned())
}

/// Whether a field reads as an amount, loosely: digits, and no more letters than a currency
/// code (`30`, `$1,234.50`, `1.234,56 EUR`, `(12)`).
fn is_amount(f: &str) -> bool {
    f.bytes().any(|b| b.is_ascii_digit()) && f.chars().filter(|c| c.is_alphabetic()).count() <= 3
}

/// Whether a field is empty or white space only: most fields are told by their first byte.
fn blank(f: &str) -> bool {
    match f.as_bytes().first() {
        None => true,
        Some(&b) if b.is_ascii() && !(b as char).is_whitespace() => false,
        Some(_) => f.trim().is_empty(),
    }
}

/// Rows kept flat: the text of every field end to end, and where each field and row ends
/// (the first rows of a file while its plan waits).
#[derive(Default)]
pub(crate) struct RowBuffer {
    text: String,
    field_ends: Vec<usize>,
    row_ends: Vec<usize>,
}

impl RowBuffer {
    pub(crate) fn push(&mut self, fields: &[&str]) {
        for f in fields {
            self.text.push_str(f);
            self.field_ends.push(self.text.len());
        }
        self.row_ends.push(self.field_ends.len());
    }

    /// Bytes of field text held.
    pub(crate) fn text_len(&self) -> usize {
        self.text.len()
    }

    /// Hands each row to `visit`, in order.
    pub(crate) fn replay(&self, mut visit: impl FnMut(&[&str])) {
        let mut fields: Vec<&str> = Vec::new();
        let (mut start, mut f0) = (0, 0);
        for &row_end in &self.row_ends {
            fields.clear();
            for &end in &self.field_ends[f0..row_end] {
                fields.push(&self.text[start..end]);
                start = end;
            }
            f0 = row_end;
            visit(&fields);
        }
    }
}

enum State {
    Sniffing(Vec<u8>),
    Parsing(Box<Parser>),
    Failed(IngestError),
}

/// Profiles one file fed in chunks.
///
/// ```
/// use persona_core::ingest::{Profiler, ColumnType};
/// let mut p = Profiler::new("orders.csv");
/// p.feed(b"order_id;amount\r\n1;12,50\r\n2;");
/// p.feed(b"3,10\r\n");
/// let file = p.finish().unwrap().profile;
/// assert_eq!(file.rows, 2);
/// assert_eq!(file.columns[1].column_type, ColumnType::Number);
/// ```
pub struct Profiler {
    name: String,
    bytes: u64,
    state: State,
    /// Hand each good row over ([`Profiler::with_rows`], [`RowStream`]).
    keep_rows: bool,
    /// Count the columns (all but a [`RowStream`]).
    stats: bool,
}

impl Profiler {
    pub fn new(name: impl Into<String>) -> Self {
        Profiler {
            name: name.into(),
            bytes: 0,
            state: State::Sniffing(Vec::with_capacity(SNIFF_BYTES)),
            keep_rows: false,
            stats: true,
        }
    }

    /// A profiler that also hands each good row over, for a pass that needs the values too
    /// (feed it with [`Profiler::feed_rows`] and end it with [`Profiler::finish_rows`]).
    pub fn with_rows(name: impl Into<String>) -> Self {
        let mut p = Profiler::new(name);
        p.keep_rows = true;
        p
    }

    /// Feeds the next chunk and hands each complete good row to `visit` as it is read.
    pub fn feed_rows(&mut self, chunk: &[u8], mut visit: impl FnMut(&[&str], &[Value])) {
        self.bytes += chunk.len() as u64;
        match &mut self.state {
            State::Sniffing(buf) => {
                buf.extend_from_slice(chunk);
                if buf.len() >= SNIFF_BYTES {
                    let head = std::mem::take(buf);
                    self.start(head, false, &mut visit);
                }
            }
            State::Parsing(p) => p.decode(chunk, false, &mut visit),
            State::Failed(_) => {}
        }
        self.refuse_too_wide();
    }

    /// A file whose first line is wider than [`MAX_COLUMNS`] is no table: it fails.
    fn refuse_too_wide(&mut self) {
        if let State::Parsing(p) = &self.state
            && let Some(columns) = p.too_wide
        {
            self.state = State::Failed(IngestError::TooWide { columns });
        }
    }

    /// Ends the file, handing the last rows to `visit`, and returns its profile.
    pub fn finish_rows(mut self, mut visit: impl FnMut(&[&str], &[Value])) -> Result<ProfiledFile, IngestError> {
        self.end(&mut visit);
        self.finish()
    }

    /// The profile of what has been read so far, when the parsing has begun: the columns'
    /// types and roles as the rows so far suggest them.
    pub fn provisional(&self) -> Option<FileProfile> {
        match &self.state {
            State::Parsing(p) => Some(p.file_profile(self.name.clone(), self.bytes)),
            _ => None,
        }
    }

    /// Hands each good row over from now on (a [`Profiler::resume`]d profiler for a pass that
    /// needs the values too).
    pub(crate) fn keep_rows(&mut self) {
        self.keep_rows = true;
        if let State::Parsing(p) = &mut self.state {
            p.hand_rows = true;
        }
    }

    /// Column `i` as counted so far (once the parsing has begun).
    pub(crate) fn column_mut(&mut self, i: usize) -> Option<&mut ColumnAcc> {
        match &mut self.state {
            State::Parsing(p) => p.columns.get_mut(i),
            _ => None,
        }
    }

    /// Stops handing rows over (they were not wanted after all); the profiling goes on.
    pub fn drop_rows(&mut self) {
        self.keep_rows = false;
        if let State::Parsing(p) = &mut self.state {
            p.hand_rows = false;
        }
    }

    /// Starts the parsing of a file shorter than the sniff window, and flushes the decoder
    /// (once: [`Profiler::finish_rows`] ends the file before [`Profiler::finish`] does).
    fn end(&mut self, visit: &mut dyn FnMut(&[&str], &[Value])) {
        if let State::Sniffing(buf) = &mut self.state {
            let head = std::mem::take(buf);
            if head.is_empty() {
                return;
            }
            self.start(head, true, visit);
        }
        if let State::Parsing(p) = &mut self.state
            && !p.ended
        {
            p.decode(&[], true, visit);
            p.lone_label();
            p.ended = true;
        }
        self.refuse_too_wide();
    }

    /// Bytes fed so far.
    pub fn bytes_read(&self) -> u64 {
        self.bytes
    }

    /// Feeds the next chunk of the file (the rows of a [`Profiler::with_rows`] are handed over
    /// only by [`Profiler::feed_rows`]).
    pub fn feed(&mut self, chunk: &[u8]) {
        self.feed_rows(chunk, |_, _| {});
    }

    fn start(&mut self, head: Vec<u8>, complete: bool, visit: &mut dyn FnMut(&[&str], &[Value])) {
        match Parser::new(&head, complete) {
            Ok(mut p) => {
                p.hand_rows = self.keep_rows;
                p.stats = self.stats;
                p.decode(&head, false, visit);
                self.state = State::Parsing(Box::new(p));
            }
            Err(e) => self.state = State::Failed(e),
        }
    }

    /// Ends the file and returns its profile.
    pub fn finish(mut self) -> Result<ProfiledFile, IngestError> {
        self.end(&mut |_, _| {});
        match self.state {
            // nothing was fed, or only blank space
            State::Sniffing(_) => Err(IngestError::Empty),
            State::Failed(e) => Err(e),
            State::Parsing(p) => Ok(p.into_profile(self.name, self.bytes)),
        }
    }
}

/// What a second reader needs to read a file from a cut in the middle as the first reader
/// would: the encoding, the dialect and the columns (names, and which keep id hashes).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Handoff {
    encoding: EncodingInfo,
    dialect: Dialect,
    columns: Vec<(String, bool)>,
}

/// What a second reader counted from the cut to the end of the file, to be joined to the first
/// reader's profile ([`Profiler::join`]). It travels between workers, so it can be serialised.
#[derive(Serialize, Deserialize)]
pub struct Tail {
    bytes: u64,
    rows: u64,
    blank_rows: u64,
    skipped_rows: u64,
    /// With lines counted from the cut (the cut's line is line 1).
    problems: Vec<Problem>,
    problem_counts: BTreeMap<ProblemKind, u64>,
    columns: Vec<ColumnAcc>,
    #[serde(default)]
    fallback_bytes: u64,
    #[serde(default)]
    fallback_line: Option<u64>,
}

impl Profiler {
    /// What a second reader needs to take over at a cut, once the parsing has begun with the
    /// header read; `None` for the layouts a cut cannot be made in (space-aligned text,
    /// UTF-16, whose bytes a line feed does not delimit, a grouped report).
    pub fn handoff(&self) -> Option<Handoff> {
        let State::Parsing(p) = &self.state else { return None };
        let splittable = matches!(p.records, Records::Csv(_))
            && p.header_done
            && !p.columns.is_empty()
            && matches!(p.encoding.name.as_str(), "UTF-8" | "windows-1252")
            // a grouped report's rows need the label above them, which a cut leaves behind
            && !p.dialect.grouped;
        splittable.then(|| Handoff {
            encoding: p.encoding.clone(),
            dialect: p.dialect.clone(),
            columns: p.columns.iter().map(|c| (c.name().to_owned(), c.keeps_ids())).collect(),
        })
    }

    /// A profiler for the bytes of a file after a cut ([`cut_in`]), set up by the first
    /// reader's [`Profiler::handoff`].
    pub fn resume(name: impl Into<String>, handoff: &Handoff) -> Profiler {
        let mut p = Profiler::new(name);
        if let Some(parser) = Parser::resume(handoff) {
            p.state = State::Parsing(Box::new(parser));
        } else {
            p.state = State::Failed(IngestError::Empty);
        }
        p
    }

    /// Whether the bytes fed so far end where a row ends, so a second reader's rows from
    /// there on can be joined ([`Profiler::join`]).
    pub fn at_row_end(&self) -> bool {
        matches!(&self.state, State::Parsing(p) if p.at_row_end())
    }

    /// Ends a reader that started at a cut: what it counted, for [`Profiler::join`].
    pub fn into_tail(mut self) -> Tail {
        self.end(&mut |_, _| {});
        self.tail()
    }

    /// Like [`Profiler::into_tail`], handing the last rows to `visit` first.
    pub fn into_tail_rows(mut self, mut visit: impl FnMut(&[&str], &[Value])) -> Tail {
        self.end(&mut visit);
        self.tail()
    }

    fn tail(self) -> Tail {
        let bytes = self.bytes;
        match self.state {
            State::Parsing(p) => Tail {
                bytes,
                rows: p.rows,
                blank_rows: p.blank_rows,
                skipped_rows: p.skipped_rows,
                problems: p.problems,
                problem_counts: p.problem_counts,
                columns: p.columns,
                fallback_bytes: p.fallback_bytes,
                fallback_line: p.fallback_line,
            },
            _ => Tail {
                bytes,
                rows: 0,
                blank_rows: 0,
                skipped_rows: 0,
                problems: Vec::new(),
                problem_counts: BTreeMap::new(),
                columns: Vec::new(),
                fallback_bytes: 0,
                fallback_line: None,
            },
        }
    }

    /// Ends this reader's part of the file at the cut (where it must be at a row's end) and
    /// adds what the second reader counted after it: the profile is then the whole file's.
    pub fn join(&mut self, tail: Tail) {
        // at a row's end no row is left in the parser to hand over
        self.end(&mut |_, _| {});
        self.bytes += tail.bytes;
        let State::Parsing(p) = &mut self.state else { return };
        let offset = p.line - 1;
        p.rows += tail.rows;
        p.blank_rows += tail.blank_rows;
        p.skipped_rows += tail.skipped_rows;
        p.fallback_bytes += tail.fallback_bytes;
        if p.fallback_line.is_none() {
            p.fallback_line = tail.fallback_line.map(|l| l + offset);
        }
        for (kind, n) in tail.problem_counts {
            *p.problem_counts.entry(kind).or_default() += n;
        }
        let room = MAX_PROBLEMS.saturating_sub(p.problems.len());
        p.problems.extend(tail.problems.into_iter().take(room).map(|mut pr| {
            pr.line += offset;
            pr
        }));
        for (mine, theirs) in p.columns.iter_mut().zip(tail.columns) {
            mine.merge(theirs);
        }
    }
}

/// Files at least this large are read by two readers at once: one from the start to a cut in
/// the middle, one from the cut to the end ([`split_at`], [`cut_in`]).
pub const SPLIT_MIN: u64 = 32 << 20;

/// Where the second reader of a file of `size` bytes starts looking for the cut, for a file of
/// [`SPLIT_MIN`] bytes or more: a little past the middle (a 64th of the file, at most 4 MiB), as
/// the second reader starts only once the first has read the file's head
/// ([`crate::features::HEAD_BYTES`]), and its result must then travel to the first. (On the
/// sample's 98 MB events file in the browser, the second reader started 0.15 s after the first,
/// and with the split 1.5 MB past the middle the first came to the cut 0.2 s before the second
/// had finished in one run and 0.3 s after it in another.)
pub fn split_at(size: u64) -> Option<u64> {
    (size >= SPLIT_MIN).then_some(size / 2 + (size / 64).min(4 << 20))
}

/// The cut in the bytes that follow the split point: just past the first line feed. Both
/// readers find it the same way; the first checks that a row ends there
/// ([`Profiler::at_row_end`]) and reads on alone when one does not (a quoted line break).
pub fn cut_in(bytes: &[u8]) -> Option<usize> {
    memchr::memchr(b'\n', bytes).map(|i| i + 1)
}

/// Reads a file's good rows, chunk by chunk, with the same sniffing and the same rules for
/// problem rows as [`Profiler`] (so the rows are those the profile counted), for the passes
/// that need the values themselves: customer features for segmentation.
///
/// ```
/// use persona_core::ingest::RowStream;
/// let mut s = RowStream::new("orders.csv");
/// let mut seen = Vec::new();
/// s.feed(b"id;amount\r\n1;12,50\r\n2;", |row| seen.push(row.join("|")));
/// s.finish(|row| seen.push(row.join("|"))).unwrap();
/// assert_eq!(seen, ["1|12,50", "2|"]);
/// ```
pub struct RowStream {
    inner: Profiler,
}

impl RowStream {
    pub fn new(name: impl Into<String>) -> Self {
        let mut inner = Profiler::with_rows(name);
        inner.stats = false;
        RowStream { inner }
    }

    /// Feeds the next chunk and hands each complete good row to `visit`.
    pub fn feed(&mut self, chunk: &[u8], mut visit: impl FnMut(&[&str])) {
        self.inner.feed_rows(chunk, |fields, _| visit(fields));
    }

    /// Ends the file, handing the last rows to `visit`.
    pub fn finish(self, mut visit: impl FnMut(&[&str])) -> Result<FileProfile, IngestError> {
        self.inner.finish_rows(|fields, _| visit(fields)).map(|f| f.profile)
    }
}

/// Profiles a whole in-memory file (tests, small files).
pub fn profile_bytes(name: &str, bytes: &[u8]) -> Result<ProfiledFile, IngestError> {
    let mut p = Profiler::new(name);
    for piece in bytes.chunks(PIECE) {
        p.feed(piece);
    }
    p.finish()
}

fn csv_reader(dialect: &Dialect, quoting: bool) -> Reader {
    ReaderBuilder::new()
        .delimiter(dialect.separator.byte().unwrap_or(b','))
        .quoting(quoting)
        .escape(dialect.backslash_escape.then_some(b'\\'))
        .double_quote(!dialect.backslash_escape)
        .build()
}

impl Parser {
    fn new(head: &[u8], complete: bool) -> Result<Parser, IngestError> {
        // decide on the window only, however much arrived in the first chunk, so that every
        // chunking of a file gives the same answer
        let complete = complete && head.len() <= SNIFF_BYTES;
        let head = &head[..head.len().min(SNIFF_BYTES)];
        let (enc, encoding) = encoding::detect(head, complete)?;
        let mut sample_decoder = enc.new_decoder_with_bom_removal();
        let mut sample = String::with_capacity(head.len() + 16);
        let _ = sample_decoder.decode_to_string(head, &mut sample, complete);
        if complete && sample.trim().is_empty() {
            return Err(IngestError::Empty);
        }
        let dialect = dialect::sniff(&sample, complete);
        Ok(Parser::with(Decoder::for_file(enc, &encoding, true), encoding, dialect))
    }

    fn with(decoder: Decoder, encoding: EncodingInfo, dialect: Dialect) -> Parser {
        let preamble_left = dialect.preamble;
        let records = match dialect.separator {
            Separator::Aligned | Separator::Whitespace => Records::Aligned { carry: String::new() },
            _ => Records::Csv(Box::new(csv_reader(&dialect, true))),
        };
        Parser {
            decoder,
            encoding,
            dialect,
            records,
            decoded: Vec::new(),
            out: vec![0; 4096],
            ends: vec![0; 64],
            out_len: 0,
            ends_len: 0,
            raw: Vec::new(),
            in_record: false,
            line: 1,
            pending_cr: false,
            record_line: 1,
            header_done: false,
            too_wide: None,
            preamble_left,
            preamble_first: None,
            preamble_last: 0,
            header_lines: Vec::new(),
            grouped_by: None,
            group: String::new(),
            groups: 0,
            group_fresh: None,
            after_totals: false,
            columns: Vec::new(),
            rows: 0,
            blank_rows: 0,
            skipped_rows: 0,
            problems: Vec::new(),
            problem_counts: BTreeMap::new(),
            replaced: false,
            fallback_bytes: 0,
            fallback_line: None,
            warnings: Vec::new(),
            hand_rows: false,
            values: Vec::new(),
            fields: Vec::new(),
            stats: true,
            ended: false,
        }
    }

    /// A parser for the rows after a cut, set up as the first reader's was.
    fn resume(handoff: &Handoff) -> Option<Parser> {
        let enc = encoding_rs::Encoding::for_label(handoff.encoding.name.as_bytes())?;
        let mut p = Parser::with(
            Decoder::for_file(enc, &handoff.encoding, false),
            handoff.encoding.clone(),
            handoff.dialect.clone(),
        );
        p.header_done = true;
        p.columns = handoff
            .columns
            .iter()
            .enumerate()
            .map(|(i, (name, keep_ids))| ColumnAcc::resumed(i, name.clone(), *keep_ids))
            .collect();
        Some(p)
    }

    /// Whether the text read so far ends where a row ends (not inside a quoted field), so that
    /// a fresh parser can take over from there.
    fn at_row_end(&self) -> bool {
        matches!(self.records, Records::Csv(_))
            && self.header_done
            && !self.in_record
            && !self.pending_cr
            && self.out_len == 0
            && self.ends_len == 0
    }

    fn decode(&mut self, chunk: &[u8], last: bool, visit: &mut dyn FnMut(&[&str], &[Value])) {
        let mut decoded = std::mem::take(&mut self.decoded);
        let written = match &mut self.decoder {
            Decoder::Encoding(decoder) => {
                let need = decoder.max_utf8_buffer_length(chunk.len()).unwrap_or(chunk.len() * 3 + 16);
                // grown, never cleared: zeroing megabytes per chunk costs more than the decoding
                if decoded.len() < need.max(16) {
                    decoded.resize(need.max(16), 0);
                }
                let (_, _read, written, replaced) = decoder.decode_to_utf8(chunk, &mut decoded, last);
                self.replaced |= replaced;
                written
            }
            Decoder::Mixed(decoder) => {
                decoded.clear();
                let fallback = decoder.decode(chunk, last, &mut decoded);
                self.fallback_bytes += fallback.bytes;
                if let Some(at) = fallback.first_at
                    && self.fallback_line.is_none()
                {
                    // every decoded byte goes on to the line count, which this chunk starts at
                    self.fallback_line = Some(line_at(self.line, self.pending_cr, &decoded[..at]));
                }
                decoded.len()
            }
        };
        self.feed_text(&decoded[..written], last, visit);
        self.decoded = decoded;
    }

    fn count_lines(&mut self, bytes: &[u8]) {
        if bytes.is_empty() {
            return;
        }
        if self.pending_cr {
            self.pending_cr = false;
            if bytes[0] != b'\n' {
                self.line += 1;
            }
        }
        // records are short: one plain pass (which vectorises) beats two searches
        let (mut lf, mut cr) = (0u64, false);
        for &b in bytes {
            lf += u64::from(b == b'\n');
            cr |= b == b'\r';
        }
        self.line += lf;
        if cr {
            let n = bytes.len();
            for (i, b) in bytes.iter().enumerate() {
                if *b == b'\r' {
                    if i + 1 == n {
                        self.pending_cr = true;
                    } else if bytes[i + 1] != b'\n' {
                        self.line += 1;
                    }
                }
            }
        }
    }

    fn feed_text(&mut self, input: &[u8], eof: bool, visit: &mut dyn FnMut(&[&str], &[Value])) {
        if matches!(self.records, Records::Aligned { .. }) {
            self.feed_aligned(input, eof, visit);
        } else {
            self.feed_csv(input, eof, visit);
        }
    }

    fn feed_csv(&mut self, mut input: &[u8], eof: bool, visit: &mut dyn FnMut(&[&str], &[Value])) {
        // (a stray quote's record is read again from its second line: in a loop, not by
        // recursion, since a file may have one on every line)
        while let Some((rest, used)) = self.feed_csv_part(input, eof, visit) {
            input = &input[used..];
            let mut pending = rest;
            while let Some((again, used)) = self.feed_csv_part(&pending, false, visit) {
                pending = [again.as_slice(), &pending[used..]].concat();
            }
        }
    }

    /// Reads records from `input` until it is used up, or until a stray quote
    /// ([`Parser::stray_quote`]): then returns the lines of its record after the first, to be
    /// read again, and how much of `input` was used.
    fn feed_csv_part(
        &mut self,
        mut input: &[u8],
        eof: bool,
        visit: &mut dyn FnMut(&[&str], &[Value]),
    ) -> Option<(Vec<u8>, usize)> {
        let given = input.len();
        loop {
            if !self.in_record {
                let skip = input.iter().take_while(|b| **b == b'\n' || **b == b'\r').count();
                let (gap, rest) = input.split_at(skip);
                self.count_lines(gap);
                input = rest;
                if input.is_empty() && !eof {
                    return None;
                }
                if self.pending_cr {
                    self.pending_cr = false;
                    self.line += 1;
                }
                self.record_line = self.line;
            }
            let Records::Csv(rdr) = &mut self.records else { return None };
            let (res, nin, nout, nend) =
                rdr.read_record(input, &mut self.out[self.out_len..], &mut self.ends[self.ends_len..]);
            let (used, rest) = input.split_at(nin);
            // The raw bytes matter only for a record still open at the end of the file (an
            // unterminated quote): keep those of records that span calls, and of the last one.
            let at_eof = eof && rest.is_empty();
            if at_eof || !matches!(res, ReadRecordResult::Record) {
                self.raw.extend_from_slice(used);
            }
            self.count_lines(used);
            input = rest;
            self.out_len += nout;
            self.ends_len += nend;
            match res {
                ReadRecordResult::InputEmpty => {
                    if input.is_empty() && !eof {
                        self.in_record |= nin > 0;
                        return None;
                    }
                    self.in_record |= nin > 0;
                }
                ReadRecordResult::OutputFull => {
                    let n = self.out.len() * 2;
                    self.out.resize(n, 0);
                    self.in_record = true;
                }
                ReadRecordResult::OutputEndsFull => {
                    let n = self.ends.len() * 2;
                    self.ends.resize(n, 0);
                    self.in_record = true;
                }
                ReadRecordResult::Record => {
                    if at_eof
                        && !self.dialect.backslash_escape
                        && self.raw.iter().filter(|b| **b == b'"').count() % 2 == 1
                        && self.raw.contains(&b'\n')
                    {
                        self.recover_unterminated(visit);
                        return None;
                    }
                    if self.stray_quote(if at_eof { &[] } else { used }) {
                        let rest = self.recover_stray_quote(if at_eof { &[] } else { used });
                        return Some((rest, given - input.len()));
                    }
                    self.take_csv_record(visit);
                }
                ReadRecordResult::End => return None,
            }
        }
    }

    fn take_csv_record(&mut self, visit: &mut dyn FnMut(&[&str], &[Value])) {
        let out = std::mem::take(&mut self.out);
        let ends = std::mem::take(&mut self.ends);
        let mut fields = std::mem::take(&mut self.fields);
        // The decoder's output is UTF-8 and csv-core splits it at ASCII bytes, so the record is
        // checked once and its fields are sliced at char boundaries.
        let record = std::str::from_utf8(&out[..self.out_len]).unwrap_or("");
        let mut start = 0;
        for &e in &ends[..self.ends_len] {
            fields.push(record.get(start..e).unwrap_or("\u{FFFD}"));
            start = e;
        }
        let line = self.record_line;
        self.row(&fields, line, visit);
        self.fields = recycle(fields);
        self.out = out;
        self.ends = ends;
        self.out_len = 0;
        self.ends_len = 0;
        self.raw.clear();
        self.in_record = false;
    }

    /// Whether the record just read (its raw bytes: [`Parser::raw`] and then `last`) runs
    /// over several lines only because a quote opened on its first line is not closed there
    /// (`C50,"unterminated quote,7`), so that a later line's quote closed it: it then has the
    /// wrong number of fields. (A note over several lines has the right number.)
    fn stray_quote(&self, last: &[u8]) -> bool {
        if !self.header_done || self.dialect.backslash_escape || self.line == self.record_line {
            return false;
        }
        if self.columns.is_empty() || self.ends_len == self.columns.len() {
            return false;
        }
        let first_line = self.raw.iter().chain(last).take_while(|b| **b != b'\n' && **b != b'\r');
        first_line.filter(|b| **b == b'"').count() % 2 == 1
    }

    /// Leaves out the first line of a record a stray quote ran on ([`Parser::stray_quote`]) and
    /// gives the lines after it, to be read again, quotes and all: they are rows of their own.
    fn recover_stray_quote(&mut self, last: &[u8]) -> Vec<u8> {
        let mut raw = std::mem::take(&mut self.raw);
        raw.extend_from_slice(last);
        let rest = self.leave_out_first_line(&raw, "a quote opened on this line is not closed on it; this line was left out and the lines after it were read as rows of their own");
        // (the reader as it was set up, its state reset: building one costs more than a line)
        if let Records::Csv(rdr) = &mut self.records {
            rdr.reset();
        }
        rest
    }

    /// Reports the first line of the record read so far (`raw`) as an unterminated quote, and
    /// gives the bytes after that line, counting lines again from the next.
    fn leave_out_first_line(&mut self, raw: &[u8], message: &str) -> Vec<u8> {
        let start = self.record_line;
        self.leave_out(start, ProblemKind::UnterminatedQuote, message.to_owned());
        self.out_len = 0;
        self.ends_len = 0;
        self.in_record = false;
        let mut rest_start = raw.iter().position(|b| *b == b'\n' || *b == b'\r').unwrap_or(raw.len());
        if raw.get(rest_start) == Some(&b'\r') && raw.get(rest_start + 1) == Some(&b'\n') {
            rest_start += 1;
        }
        self.line = start + 1;
        self.pending_cr = false;
        raw.get(rest_start + 1..).unwrap_or(&[]).to_vec()
    }

    /// An unterminated quote swallowed the rest of the file into one field: report it at the
    /// line it started and read the lines after it again without quoting.
    fn recover_unterminated(&mut self, visit: &mut dyn FnMut(&[&str], &[Value])) {
        let raw = std::mem::take(&mut self.raw);
        let rest = self.leave_out_first_line(&raw, "a quote opened on this line is never closed; this line was left out and the lines after it were read without quoting");
        self.records = Records::Csv(Box::new(csv_reader(&self.dialect, false)));
        self.feed_csv(&rest, true, visit);
    }

    fn feed_aligned(&mut self, input: &[u8], eof: bool, visit: &mut dyn FnMut(&[&str], &[Value])) {
        let Records::Aligned { carry } = &mut self.records else { return };
        carry.push_str(&String::from_utf8_lossy(input));
        let mut text = std::mem::take(carry);
        let mut consumed = 0;
        while let Some(pos) = text[consumed..].find(['\n', '\r']) {
            let end = consumed + pos;
            let line = text[consumed..end].to_owned();
            let mut next = end + 1;
            if text.as_bytes()[end] == b'\r' {
                if next == text.len() && !eof {
                    break; // a \r\n may be split across chunks
                }
                if text.as_bytes().get(next) == Some(&b'\n') {
                    next += 1;
                }
            }
            consumed = next;
            self.aligned_line(&line, visit);
        }
        text.drain(..consumed);
        if eof && !text.trim().is_empty() {
            let line = std::mem::take(&mut text);
            self.aligned_line(&line, visit);
        }
        if let Records::Aligned { carry } = &mut self.records {
            *carry = text;
        }
    }

    fn aligned_line(&mut self, line: &str, visit: &mut dyn FnMut(&[&str], &[Value])) {
        let n = self.line;
        self.line += 1;
        if line.trim().is_empty() {
            return;
        }
        let fields = self.dialect.separator.split_line(line).unwrap_or_else(|| dialect::split_aligned(line));
        self.row(&fields, n, visit);
    }

    /// A line not read as a row: named as a problem and counted as left out.
    fn leave_out(&mut self, line: u64, kind: ProblemKind, message: String) {
        self.problem(line, kind, message);
        self.skipped_rows += 1;
    }

    fn problem(&mut self, line: u64, kind: ProblemKind, message: String) {
        *self.problem_counts.entry(kind).or_default() += 1;
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(Problem { line, kind, message });
        }
    }

    fn row(&mut self, fields: &[&str], line: u64, visit: &mut dyn FnMut(&[&str], &[Value])) {
        if self.too_wide.is_some() || !self.header_done && fields.len() > MAX_COLUMNS {
            self.too_wide = Some(self.too_wide.unwrap_or(fields.len()));
            return;
        }
        let first = fields.iter().position(|f| !blank(f));
        let all_blank = first.is_none();
        if !self.header_done && self.preamble_left > 0 {
            // the lines before the table: read past, and named in a warning
            if !all_blank {
                self.preamble_left -= 1;
                if self.preamble_first.is_none() {
                    let text = fields.iter().find(|f| !blank(f)).map_or("", |f| f.trim());
                    let mut shown: String = text.chars().take(60).collect();
                    // Excel's `sep=;`, split by the `;` it names
                    if shown.eq_ignore_ascii_case("sep=") {
                        shown.extend(self.dialect.separator.byte().map(char::from));
                    }
                    self.preamble_first = Some(shown);
                }
                if self.dialect.grouped && self.grouped_by.is_none() {
                    self.grouped_by = fields.iter().find_map(|f| grouped_by(f));
                }
                self.preamble_last = line;
            }
            return;
        }
        if !self.header_done && self.dialect.preamble > 0 && all_blank {
            // blank lines between the preamble and the header
            return;
        }
        if !self.header_done {
            let mut names: Vec<String> = if self.dialect.has_header && self.dialect.header_rows > 0 {
                // a header of several lines: the names are made once all are read
                self.header_lines.push(fields.iter().map(|f| (*f).to_owned()).collect());
                if self.header_lines.len() <= self.dialect.header_rows as usize {
                    return;
                }
                let lines = std::mem::take(&mut self.header_lines);
                let header: Vec<&str> = lines[0].iter().map(String::as_str).collect();
                dialect::header_names(&header, &lines[1..])
            } else if self.dialect.has_header {
                fields.iter().map(|f| f.trim().to_owned()).collect()
            } else {
                vec![String::new(); fields.len()]
            };
            self.header_done = true;
            if self.dialect.grouped && names.first().is_some_and(|n| n.trim().is_empty()) {
                names[0] = self.grouped_by.take().unwrap_or_else(|| "Group".to_owned());
            }
            self.columns = unique_names(names)
                .into_iter()
                .enumerate()
                .map(|(i, name)| {
                    // a customer-id header, or a first column whose header names no other role
                    let keep_ids = roles::may_be_customer_id(&name, i);
                    ColumnAcc::new(i, name, keep_ids)
                })
                .collect();
            if self.dialect.has_header {
                return;
            }
        }
        if all_blank {
            self.blank_rows += 1;
            return;
        }
        if self.dialect.grouped {
            if first == Some(0) && fields[1..].iter().all(|f| blank(f)) {
                // a group's label, over its rows
                self.lone_label();
                self.group = fields[0].trim().to_owned();
                self.group_fresh = Some(line);
                return;
            }
            if first != Some(0) && !self.group.is_empty() {
                if self.group_fresh.take().is_some() {
                    self.groups += 1;
                }
                let group = std::mem::take(&mut self.group);
                let mut filled = fields.to_vec();
                filled[0] = &group;
                // (`first` is the row's own: a total or a footer is told by what the row says,
                // not by the label filled in)
                self.record(&filled, line, first, visit);
                self.group = group;
                return;
            }
            if first == Some(0) && is_group_total(fields[0]) {
                // the group's total: rows after it belong to no group until the next label
                self.lone_label();
                self.group.clear();
            }
        }
        self.record(fields, line, first, visit);
    }

    /// A label no row was filled from (a report's footer line, a group with no rows): named
    /// as a problem, as any line left out is.
    fn lone_label(&mut self) {
        if let Some(at) = self.group_fresh.take() {
            let label: String = self.group.chars().take(60).collect();
            self.leave_out(
                at,
                ProblemKind::LoneLabel,
                format!("\u{201c}{label}\u{201d} on a line of its own with no rows under it: left out"),
            );
        }
    }

    /// A row of the table (past the preamble, the header and blank lines): counted, or left
    /// out as a problem.
    fn record(&mut self, fields: &[&str], line: u64, first: Option<usize>, visit: &mut dyn FnMut(&[&str], &[Value])) {
        let want = self.columns.len();
        // a marketplace report's footer: `1003,record(s) downloaded,,from,Mar-01-24,...`
        if let Some(i) = first
            && fields.get(i + 1).is_some_and(|f| counts_records(f))
            && fields[i].trim().bytes().all(|b| b.is_ascii_digit())
        {
            let said = format!("{} {}", fields[i].trim(), fields[i + 1].trim());
            self.leave_out(
                line,
                ProblemKind::TotalsRow,
                format!("a count of the report\u{2019}s records (\u{201c}{said}\u{201d}), not a record: left out"),
            );
            return;
        }
        if fields.len() != want {
            // trailing empty fields past the header are harmless ("a,b,,")
            let extra_empty = fields.len() > want && fields[want..].iter().all(|f| f.trim().is_empty());
            if !extra_empty {
                let kind = if fields.len() > want { ProblemKind::TooManyFields } else { ProblemKind::TooFewFields };
                let got = fields.len();
                if self.after_totals && got == 1 {
                    let whole = fields[0].trim();
                    let mut text: String = whole.chars().take(60).collect();
                    if text.len() < whole.len() {
                        text.push('\u{2026}');
                    }
                    self.leave_out(
                        line,
                        ProblemKind::LoneLabel,
                        format!("\u{201c}{text}\u{201d} under the report\u{2019}s totals: its footer, not a record: left out"),
                    );
                    return;
                }
                let msg = format!("{got} {} where the header has {want}", if got == 1 { "field" } else { "fields" });
                self.leave_out(line, kind, msg);
                return;
            }
        }
        // a report's sums under its rows, labelled in its first filled field ("Total", "Grand
        // Total", "Summe") with only amounts beside it: counted as a customer, it would hold
        // everyone's money (a ticker "SUM" beside its company's name is a row)
        if let Some(i) = first
            && (if self.dialect.grouped && i == 0 { is_group_total(fields[i]) } else { is_totals_label(fields[i]) })
            && fields[i + 1..].iter().all(|f| blank(f) || is_amount(f))
        {
            let label = fields[i];
            self.after_totals = true;
            self.leave_out(
                line,
                ProblemKind::TotalsRow,
                format!("a totals row (\u{201c}{}\u{201d}), not a record: left out", label.trim()),
            );
            return;
        }
        if self.replaced && fields.iter().any(|f| f.contains('\u{FFFD}')) {
            self.problem(
                line,
                ProblemKind::InvalidBytes,
                format!("bytes that are not valid {}; they show as \u{FFFD} (row kept)", self.encoding.name),
            );
        }
        if self.hand_rows && !self.stats {
            visit(&fields[..want], &[]);
            self.rows += 1;
            return;
        }
        let decimal = self.dialect.decimal;
        if self.hand_rows {
            // the row goes on with what the profile read of each field, so the visitor does
            // not classify and parse the same values again
            let mut values = std::mem::take(&mut self.values);
            values.clear();
            values.extend(self.columns.iter_mut().zip(fields).map(|(acc, f)| acc.push(f, decimal)));
            visit(&fields[..want], &values);
            self.values = values;
        } else {
            for (acc, f) in self.columns.iter_mut().zip(fields) {
                acc.push(f, decimal);
            }
        }
        self.rows += 1;
    }

    /// The file's profile from what has been read so far.
    fn file_profile(&self, name: String, bytes: u64) -> FileProfile {
        let mut warnings = self.warnings.clone();
        if self.fallback_bytes > 0 {
            let n = self.fallback_bytes;
            // (not "the rest was read as UTF-8": in a file saved all in Windows-1252 the rest is
            // plain ASCII, the same in both, and the file is no mix)
            warnings.push(format!(
                "{} of the file {} not valid UTF-8 and {} read as Windows-1252 (Western European), as older spreadsheets save accents and signs such as €{}.",
                if n == 1 { "1 byte".to_owned() } else { format!("{} bytes", persona_format::thousands(n)) },
                if n == 1 { "is" } else { "are" },
                if n == 1 { "was" } else { "were" },
                self.fallback_line
                    .map(|l| format!("; {} on line {}", if n == 1 { "it is" } else { "the first is" }, persona_format::thousands(l)))
                    .unwrap_or_default(),
            ));
        }
        if let Some(first) = &self.preamble_first {
            let n = self.dialect.preamble;
            warnings.push(format!(
                "{} before the table ({}, starting \u{201c}{first}\u{201d}) {} not read as rows.",
                if n == 1 { "1 line".to_owned() } else { format!("{n} lines") },
                if self.preamble_last > 1 {
                    format!("lines 1\u{2013}{}", self.preamble_last)
                } else {
                    "line 1".to_owned()
                },
                if n == 1 { "was" } else { "were" },
            ));
        }
        if self.groups > 0 {
            let by = self.columns.first().map_or("", ColumnAcc::name);
            warnings.push(format!(
                "A report grouped by its first column: the label on the line above each of its {} {} is read as \u{201c}{by}\u{201d} on each of the group\u{2019}s rows.",
                persona_format::thousands(self.groups),
                if self.groups == 1 { "group" } else { "groups" },
            ));
        }
        if self.rows == 0 {
            warnings.push(if self.columns.is_empty() {
                "No rows were found.".to_owned()
            } else {
                "The file has a header but no data rows.".to_owned()
            });
        }
        let skipped = self.skipped_rows;
        if skipped > 0 {
            warnings.push(format!(
                "{skipped} {} left out because of {} shape; see the problems below.",
                if skipped == 1 { "row was" } else { "rows were" },
                if skipped == 1 { "its" } else { "their" }
            ));
        }
        let mut columns: Vec<ColumnProfile> = self.columns.iter().map(ColumnAcc::finish).collect();
        let kind = roles::review_file(&mut columns, self.dialect.has_header);
        let mut profile = FileProfile {
            name,
            bytes,
            encoding: self.encoding.clone(),
            dialect: self.dialect.clone(),
            rows: self.rows,
            blank_rows: self.blank_rows,
            skipped_rows: self.skipped_rows,
            problem_counts: self.problem_counts.clone(),
            problems: self.problems.clone(),
            columns,
            kind,
            warnings,
            signature: String::new(),
        };
        profile.signature = profile.header_signature();
        profile
    }

    fn into_profile(self, name: String, bytes: u64) -> ProfiledFile {
        ProfiledFile { profile: self.file_profile(name, bytes), columns: self.columns }
    }
}

/// Empty header cells become `column_N`; repeated names get `_2`, `_3`.
fn unique_names(names: Vec<String>) -> Vec<String> {
    // (looked up by hash, and each name's next number kept: a line of thousands of the same
    // cell takes no longer than as many names)
    let mut taken: rustc_hash::FxHashSet<String> = Default::default();
    let mut next: rustc_hash::FxHashMap<String, usize> = Default::default();
    let mut out: Vec<String> = Vec::with_capacity(names.len());
    for (i, n) in names.into_iter().enumerate() {
        let base = if n.is_empty() { format!("column_{}", i + 1) } else { n };
        let mut name = base.clone();
        let k = next.entry(base.clone()).or_insert(2);
        while taken.contains(&name) {
            name = format!("{base}_{k}");
            *k += 1;
        }
        taken.insert(name.clone());
        out.push(name);
    }
    out
}
