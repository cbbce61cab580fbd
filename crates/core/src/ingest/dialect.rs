//! Sniffing the CSV dialect from the first lines of a file.
//!
//! Each candidate delimiter (comma, semicolon, tab, pipe) parses the sample with csv-core; the
//! one whose records agree best on a field count above one wins (ties go to the larger count).
//! When none is consistent, the lines are tried as text split on whitespace, two ways: as an
//! aligned export (fields apart by runs of two or more spaces or by tabs, so `Ann Lee` stays one
//! field) and as whitespace-separated values (any run of spaces: `00001 19970101  1   11.77`).
//! The reading that keeps more rows at one field count wins; when both keep them all, the one
//! with more fields (an aligned reading of single-spaced rows fuses fields). The first record is a header when its cells do not fit the types
//! of the columns below it, or, for all-text columns, when its cells are distinct and appear
//! nowhere below. The decimal separator is voted on by the numeric fields of the sample.

use csv_core::{ReadRecordResult, ReaderBuilder};
use serde::{Deserialize, Serialize};

use super::value::{self, DecimalEvidence, DecimalSeparator, Value};

/// How a file separates its fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Separator {
    Comma,
    Semicolon,
    Tab,
    Pipe,
    /// Columns aligned with runs of spaces or tabs (fixed-width looking text exports).
    Aligned,
    /// Fields apart by any run of spaces or tabs (`customer_id date number_of_cds`).
    Whitespace,
}

impl Separator {
    pub fn byte(self) -> Option<u8> {
        match self {
            Separator::Comma => Some(b','),
            Separator::Semicolon => Some(b';'),
            Separator::Tab => Some(b'\t'),
            Separator::Pipe => Some(b'|'),
            Separator::Aligned | Separator::Whitespace => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Separator::Comma => "comma",
            Separator::Semicolon => "semicolon",
            Separator::Tab => "tab",
            Separator::Pipe => "pipe",
            Separator::Aligned => "aligned columns",
            Separator::Whitespace => "spaces",
        }
    }
}

/// The line ending that occurs most in the sample.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineEnding {
    Lf,
    CrLf,
    Cr,
    /// A single line.
    None,
}

/// Everything the parser needs to know about a file's layout.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dialect {
    pub separator: Separator,
    /// Whether `\"` escapes a quote (most exports double it: `""`).
    pub backslash_escape: bool,
    pub has_header: bool,
    pub line_ending: LineEnding,
    pub decimal: DecimalSeparator,
    /// Lines before the table that are not part of it (a report's title, `# ...` comments,
    /// Excel's `sep=;`): read past, not as rows. Blank lines are not counted.
    #[serde(default)]
    pub preamble: u32,
    /// Lines under the header that are more of it, not rows: a survey tool's question texts
    /// under its question codes (Qualtrics, with a line of import ids under them), or its
    /// "Response" and the answer options under questions that span several columns
    /// (SurveyMonkey). The columns' names are made from all of them ([`header_names`]).
    #[serde(default)]
    pub header_rows: u32,
    /// A report grouped by its first column: each group's label on a line of its own (the
    /// first cell filled, the others blank) above rows whose first cell is blank, and often a
    /// "Total for …" (or "Total …") line under them (QuickBooks' "Sales by Customer
    /// Detail"). The label is filled into the first cell of the rows below it.
    #[serde(default)]
    pub grouped: bool,
}

const CANDIDATES: [Separator; 4] = [Separator::Comma, Separator::Semicolon, Separator::Tab, Separator::Pipe];
const SAMPLE_RECORDS: usize = 200;
/// Lines of a preamble read past before the header, at most.
const MAX_PREAMBLE: usize = 20;

/// The lines before a table: leading records of at most one filled cell, a text (`# All Web
/// Site Data`, `Sales report 2024,,,`, `sep=;`), followed by a header over rows of two or more
/// fields. Returns the index of the header among `records` (blank records included) and how
/// many non-blank records came before it; `(0, 0)` when the file starts with its table.
fn preamble(records: &[Vec<String>]) -> (usize, u32) {
    let (_, width) = consistency(records);
    let (mut i, mut titles) = (0, 0u32);
    while i < records.len() && (titles as usize) < MAX_PREAMBLE {
        let r = &records[i];
        let mut filled = r.iter().enumerate().filter(|(_, f)| !f.trim().is_empty());
        match (filled.next(), filled.next()) {
            (None, _) => {}
            // shorter than the table, or its first cell (R's `"",Content` header is not); and
            // words, a comment or `sep=` (a lone `a@x.com` or `C1` is a headerless file's data)
            (Some((at, f)), None)
                if (r.len() < width || at == 0)
                    && coarse(f, DecimalSeparator::Dot) == Coarse::Text
                    && (f.trim().contains(' ') || f.trim().starts_with('#') || is_sep_line(f)) =>
            {
                titles += 1
            }
            // a band of section names over the header, a few cells of the table's width
            // (Mercado Libre's `Ventas;;;…;Publicaciones;;;…;Compradores`)
            (Some(_), Some(_)) if is_band(r, width, records.get(i + 1)) => titles += 1,
            // a title with the separator in it (`Account statement for J. Smith, 42 Park Lane`):
            // shorter than the table, words first
            (Some((0, f)), Some(_))
                if r.len() < width && coarse(f, DecimalSeparator::Dot) == Coarse::Text && f.trim().contains(' ') =>
            {
                titles += 1
            }
            _ => break,
        }
        i += 1;
    }
    if titles == 0 || i >= records.len() {
        return (0, 0);
    }
    let rest = &records[i..];
    let (score, mode) = consistency(rest);
    if rest[0].len() >= 2 && mode >= 2 && score >= 0.8 && looks_like_header(rest, DecimalSeparator::Dot) {
        (i, titles)
    } else {
        (0, 0)
    }
}

/// Whether `r` names sections of the line under it: words in at most a third of the table's
/// `width`, the first cell among them, over a line with every cell filled.
fn is_band(r: &[String], width: usize, next: Option<&Vec<String>>) -> bool {
    let filled: Vec<&String> = r.iter().filter(|f| !f.trim().is_empty()).collect();
    width >= 6
        && r.len() == width
        && filled.len() * 3 <= width
        && !r[0].trim().is_empty()
        && filled.iter().all(|f| coarse(f, DecimalSeparator::Dot) == Coarse::Text)
        && next.is_some_and(|n| n.len() == width && n.iter().all(|f| !f.trim().is_empty()))
}

/// Whether a cell is Excel's `sep=` line (as split by the separator it names: `sep=`).
fn is_sep_line(cell: &str) -> bool {
    cell.trim().get(..4).is_some_and(|p| p.eq_ignore_ascii_case("sep="))
}

/// The separator Excel's first line `sep=;` names, if the file starts with one.
fn separator_hint(text: &str) -> Option<Separator> {
    let first = text.lines().next()?.trim();
    if !is_sep_line(first) {
        return None;
    }
    let named = *first.as_bytes().get(4)?;
    CANDIDATES.into_iter().find(|c| c.byte() == Some(named))
}

/// Parses `text` into records with a delimiter (at most `limit`; the last partial line is kept
/// only when `complete`).
pub fn parse_sample(text: &str, delimiter: u8, backslash: bool, complete: bool, limit: usize) -> Vec<Vec<String>> {
    let mut rdr =
        ReaderBuilder::new().delimiter(delimiter).escape(backslash.then_some(b'\\')).double_quote(!backslash).build();
    let mut input = text.as_bytes();
    let mut out = vec![0u8; text.len() + 16];
    let mut ends = vec![0usize; 4096];
    let mut records = Vec::new();
    // a record read over two calls (the last line, ended by the end of the file) has its output
    // and field ends after those of the first call
    let (mut out_len, mut ends_len) = (0, 0);
    while records.len() < limit {
        // csv-core reads an empty input as the end of the file and hands out the last record
        let (res, nin, nout, nend) = rdr.read_record(input, &mut out[out_len..], &mut ends[ends_len..]);
        input = &input[nin..];
        out_len += nout;
        ends_len += nend;
        match res {
            ReadRecordResult::Record => {
                let mut start = 0;
                let rec = ends[..ends_len]
                    .iter()
                    .map(|&e| {
                        let field = String::from_utf8_lossy(&out[start..e]).into_owned();
                        start = e;
                        field
                    })
                    .collect();
                records.push(rec);
                (out_len, ends_len) = (0, 0);
            }
            // without the end of the file, the last line may be cut: leave it
            ReadRecordResult::InputEmpty if !complete => break,
            ReadRecordResult::InputEmpty => {}
            ReadRecordResult::End | ReadRecordResult::OutputFull | ReadRecordResult::OutputEndsFull => break,
        }
    }
    records
}

/// Splits an aligned text line on runs of two or more spaces, or on tabs.
pub fn split_aligned(line: &str) -> Vec<&str> {
    let mut fields = Vec::new();
    let bytes = line.as_bytes();
    let (mut i, mut start) = (0, None::<usize>);
    let line_trim_end = line.trim_end().len();
    while i < line_trim_end {
        let b = bytes[i];
        let gap = b == b'\t' || (b == b' ' && bytes.get(i + 1) == Some(&b' '));
        if gap {
            if let Some(s) = start.take() {
                fields.push(&line[s..i]);
            }
            while i < line_trim_end && (bytes[i] == b' ' || bytes[i] == b'\t') {
                i += 1;
            }
            continue;
        }
        if start.is_none() && b != b' ' {
            start = Some(i);
        }
        i += 1;
    }
    if let Some(s) = start {
        fields.push(&line[s..line_trim_end]);
    }
    fields
}

/// Splits a line on any run of spaces or tabs.
pub fn split_whitespace(line: &str) -> Vec<&str> {
    line.split([' ', '\t']).filter(|f| !f.is_empty()).collect()
}

impl Separator {
    /// Splits a line of a whitespace-separated reading (`None` for delimited ones).
    pub fn split_line(self, line: &str) -> Option<Vec<&str>> {
        match self {
            Separator::Aligned => Some(split_aligned(line)),
            Separator::Whitespace => Some(split_whitespace(line)),
            _ => None,
        }
    }
}

fn consistency(records: &[Vec<String>]) -> (f64, usize) {
    let rows: Vec<usize> = records.iter().filter(|r| !(r.len() == 1 && r[0].trim().is_empty())).map(Vec::len).collect();
    if rows.is_empty() {
        return (0.0, 0);
    }
    let mut counts: Vec<(usize, usize)> = Vec::new();
    for n in &rows {
        match counts.iter_mut().find(|(k, _)| k == n) {
            Some((_, c)) => *c += 1,
            None => counts.push((*n, 1)),
        }
    }
    let (mode, hits) = counts.into_iter().max_by_key(|(k, c)| (*c, *k)).unwrap_or((0, 0));
    (hits as f64 / rows.len() as f64, mode)
}

fn line_ending(text: &str) -> LineEnding {
    let crlf = text.matches("\r\n").count();
    let lf = text.matches('\n').count() - crlf;
    let cr = text.matches('\r').count() - crlf;
    if crlf == 0 && lf == 0 && cr == 0 {
        LineEnding::None
    } else if crlf >= lf && crlf >= cr {
        LineEnding::CrLf
    } else if lf >= cr {
        LineEnding::Lf
    } else {
        LineEnding::Cr
    }
}

/// What a field is, coarsely, for the header test.
#[derive(PartialEq, Clone, Copy)]
enum Coarse {
    Missing,
    Numeric,
    Date,
    Bool,
    Text,
}

fn coarse(s: &str, decimal: DecimalSeparator) -> Coarse {
    match value::classify(s, decimal) {
        Value::Missing => Coarse::Missing,
        Value::Int { .. } | Value::Number { .. } => Coarse::Numeric,
        Value::Date { .. } => Coarse::Date,
        Value::Bool(_) => Coarse::Bool,
        Value::Text { .. } => Coarse::Text,
    }
}

fn looks_like_header(records: &[Vec<String>], decimal: DecimalSeparator) -> bool {
    let Some(first) = records.first() else { return false };
    let body = &records[1..records.len().min(60)];
    if body.is_empty() {
        // a single line: a header if nothing in it is a number or a date
        return first.iter().all(|f| coarse(f, decimal) == Coarse::Text);
    }
    let (mut header_votes, mut data_votes) = (0, 0);
    let mut all_text = true;
    for (c, cell) in first.iter().enumerate() {
        let kinds: Vec<Coarse> = body
            .iter()
            .filter_map(|r| r.get(c))
            .map(|f| coarse(f, decimal))
            .filter(|k| *k != Coarse::Missing)
            .collect();
        let Some(&dominant) = kinds.first() else { continue };
        let uniform = kinds.iter().filter(|k| **k == dominant).count() * 10 >= kinds.len() * 9;
        if !uniform || dominant == Coarse::Text {
            continue;
        }
        all_text = false;
        let head_kind = coarse(cell, decimal);
        if head_kind == dominant {
            data_votes += 1;
        } else if head_kind != Coarse::Missing {
            // a header cell may read as another kind: `n` or `y` above numbers are words
            header_votes += 1;
        }
    }
    if !all_text {
        return header_votes > data_votes;
    }
    // every column is text: a header has distinct, non-empty cells that do not recur below
    let distinct = first.iter().enumerate().all(|(i, a)| first.iter().skip(i + 1).all(|b| a != b));
    let non_empty = first.iter().all(|f| !f.trim().is_empty());
    let recurs = first.iter().enumerate().any(|(c, cell)| body.iter().any(|r| r.get(c) == Some(cell)));
    distinct && non_empty && !recurs
}

/// `\"` inside quoted fields, and no doubled `""` that is not itself preceded by a backslash.
fn uses_backslash_escapes(text: &str) -> bool {
    let b = text.as_bytes();
    let mut escaped = 0;
    for i in 1..b.len() {
        if b[i] == b'"' && b[i - 1] == b'\\' {
            escaped += 1;
        } else if b[i] == b'"' && b[i - 1] == b'"' && (i < 2 || b[i - 2] != b'\\') {
            return false;
        }
    }
    escaped > 0
}

/// Sniffs the dialect of a decoded sample. `complete` says the sample is the whole file.
pub fn sniff(text: &str, complete: bool) -> Dialect {
    let backslash = uses_backslash_escapes(text);
    let hint = separator_hint(text);
    let mut best: Option<(Separator, f64, usize, Vec<Vec<String>>)> = None;
    let mut lead = 0;
    for sep in CANDIDATES {
        let Some(d) = sep.byte() else { continue };
        if !text.as_bytes().contains(&d) || hint.is_some_and(|h| h != sep) {
            continue;
        }
        let mut records = parse_sample(text, d, backslash, complete, SAMPLE_RECORDS);
        // a title or comments before the table are not its records
        let (start, titles) = preamble(&records);
        records.drain(..start);
        let (score, mode) = consistency(&records);
        if mode < 2 {
            continue;
        }
        let better = match &best {
            None => true,
            Some((_, s, m, _)) => score > *s + 1e-9 || ((score - *s).abs() < 1e-9 && mode > *m),
        };
        if better {
            best = Some((sep, score, mode, records));
            lead = titles;
        }
    }
    let (separator, records) = match best {
        Some((sep, score, _, records)) if score >= 0.8 => (sep, records),
        other => {
            // try the whitespace readings: aligned columns, then any run of spaces
            let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).take(SAMPLE_RECORDS).collect();
            let read = |sep: Separator| -> Vec<Vec<String>> {
                lines
                    .iter()
                    .map(|l| sep.split_line(l).unwrap_or_default().into_iter().map(str::to_owned).collect())
                    .collect()
            };
            let mut spaced: Option<(Separator, f64, usize, Vec<Vec<String>>)> = None;
            for sep in [Separator::Aligned, Separator::Whitespace] {
                let records = read(sep);
                let (score, mode) = consistency(&records);
                if mode < 2 || score < 0.8 {
                    continue;
                }
                // a header whose space-split names mostly hold the delimiter found
                // (`customer_id,Household income,Age group`) is a delimited file with some bad
                // rows (an unquoted comma in a value), not text aligned by spaces
                let delimiter = other.as_ref().and_then(|(d, _, _, _)| d.byte()).map(char::from);
                if let (Some(d), Some(header)) = (delimiter, records.first())
                    && header.iter().filter(|f| f.contains(d)).count() * 2 > header.len()
                {
                    continue;
                }
                // more rows kept wins; with as many rows, more fields (fused fields are fewer)
                let better = spaced
                    .as_ref()
                    .is_none_or(|(_, s, m, _)| score > *s + 1e-9 || ((score - *s).abs() < 1e-9 && mode > *m));
                if better {
                    spaced = Some((sep, score, mode, records));
                }
            }
            let delimited_score = other.as_ref().map_or(0.0, |b| b.1);
            match (spaced, other) {
                (Some((sep, score, _, records)), _) if score > delimited_score => {
                    lead = 0;
                    (sep, records)
                }
                (_, Some((sep, _, _, records))) => (sep, records),
                // one column: any delimiter reads it the same
                _ => {
                    lead = 0;
                    (Separator::Comma, parse_sample(text, b',', backslash, complete, SAMPLE_RECORDS))
                }
            }
        }
    };
    let mut evidence = DecimalEvidence::default();
    for rec in records.iter().skip(1).take(100) {
        for f in rec {
            evidence.observe(f);
        }
    }
    let decimal = evidence.decide();
    // after a preamble comes the header that the preamble was recognised by; over a survey
    // tool's lines of header (Qualtrics' import ids, SurveyMonkey's "Response"), its questions
    let header_rows = header_rows(&records, decimal);
    let has_header = lead > 0 || header_rows > 0 || looks_like_header(&records, decimal);
    let grouped = has_header && header_rows == 0 && grouped(&records[1.min(records.len())..]);
    Dialect {
        separator,
        backslash_escape: backslash,
        has_header,
        line_ending: line_ending(text),
        decimal,
        preamble: lead,
        header_rows,
        grouped,
    }
}

/// Whether the rows under a header are grouped by their first column ([`Dialect::grouped`]):
/// two group labels at least, each followed by a row with a blank first cell, and nine rows in
/// ten of those with several cells filled blank in their first cell (totals lines aside). A
/// table with a few blank first cells, or a lone note in its first column, is not grouped.
fn grouped(rows: &[Vec<String>]) -> bool {
    let filled = |r: &Vec<String>| r.iter().filter(|f| !f.trim().is_empty()).count();
    let first_blank = |r: &Vec<String>| r.first().is_none_or(|f| f.trim().is_empty());
    let rows: Vec<&Vec<String>> = rows.iter().filter(|r| filled(r) > 0).collect();
    let is_label = |r: &Vec<String>| !first_blank(r) && filled(r) == 1;
    let (mut labels, mut under_label, mut data, mut own) = (0, 0, 0, 0);
    for (i, r) in rows.iter().enumerate() {
        if is_label(r) {
            labels += 1;
            // the sample may end under a label
            if rows.get(i + 1).is_none_or(|next| first_blank(next) && filled(next) >= 2) {
                under_label += 1;
            }
        } else if filled(r) >= 2 && !r[0].trim().to_lowercase().starts_with("total") {
            data += 1;
            own += usize::from(!first_blank(r));
        }
    }
    labels >= 2 && under_label == labels && own * 10 <= data
}

/// Whether a cell is Qualtrics' import id (`{"ImportId":"QID1"}`), on the third line of its
/// exports.
fn is_import_id(cell: &str) -> bool {
    cell.trim_start().starts_with("{\"ImportId\"")
}

/// Whether `records[i]` is Qualtrics' line of import ids: at least half its cells.
fn import_ids_at(records: &[Vec<String>], i: usize) -> bool {
    records.get(i).is_some_and(|r| {
        let ids = r.iter().filter(|f| is_import_id(f)).count();
        ids > 0 && ids * 2 >= r.iter().filter(|f| !f.trim().is_empty()).count()
    })
}

/// Whether `records[i]` is SurveyMonkey's line under its questions, under a line of words:
/// words only, with a plain "Response" that is no answer in its column below (a log whose
/// messages are of the kind "Response" has it again in later rows), and SurveyMonkey's shape:
/// a "Response" under two questions at least, or an answer option under a question that
/// spans several columns (a blank name over it). One row of a log that happens to read
/// "Response" once is a row.
fn answers_line_at(records: &[Vec<String>], i: usize, decimal: DecimalSeparator) -> bool {
    let words = |r: &[String]| r.iter().all(|f| matches!(coarse(f, decimal), Coarse::Text | Coarse::Missing));
    let (Some(line), Some(above)) = (records.get(i), i.checked_sub(1).and_then(|j| records.get(j))) else {
        return false;
    };
    let plain = |&(c, f): &(usize, &String)| {
        is_plain_answer(f) && !records[i + 1..].iter().any(|r| r.get(c).is_some_and(|g| g.trim() == f.trim()))
    };
    let plains = line.iter().enumerate().filter(plain).count();
    let option_under_blank = line
        .iter()
        .enumerate()
        .any(|(c, f)| c > 0 && !f.trim().is_empty() && above.get(c).is_some_and(|a| a.trim().is_empty()));
    words(line) && words(above) && plains >= 1 && (plains >= 2 || option_under_blank)
}

/// What a survey tool writes under a question that takes one column: "Response" in the
/// languages its exports come in.
fn is_plain_answer(cell: &str) -> bool {
    const WORDS: [&str; 14] = [
        "response",
        "open-ended response",
        "respuesta",
        "respuesta abierta",
        "réponse",
        "réponse ouverte",
        "antwort",
        "offene antwort",
        "resposta",
        "resposta aberta",
        "risposta",
        "risposta aperta",
        "antwoord",
        "open antwoord",
    ];
    let c = cell.trim().to_lowercase();
    WORDS.contains(&c.as_str())
}

/// How many lines under the header (`records[0]`) are more header: two when the third line
/// is Qualtrics' import ids (the second is the question texts), one under SurveyMonkey's
/// line of "Response" and answer options ([`answers_line_at`]), otherwise none. (A line of
/// words over columns of numbers, such as units under the names, is not taken for header: a
/// first row such as `Ann,never,free` reads the same.)
fn header_rows(records: &[Vec<String>], decimal: DecimalSeparator) -> u32 {
    if import_ids_at(records, 2) { 2 } else { u32::from(answers_line_at(records, 1, decimal)) }
}

/// The columns' names from the header and the lines under it that are more header
/// ([`Dialect::header_rows`]). Over Qualtrics' import ids, the question text is the name, with
/// its code when the code is a question's (`Q2 - How satisfied are you?`, but `Start Date`
/// for `StartDate`). Otherwise a column with no name of its own takes that of the question it
/// continues, to its left, and a line under the names adds what it says (an answer option, a
/// unit) unless it is a plain "Response" or the name again.
pub fn header_names(header: &[&str], under: &[Vec<String>]) -> Vec<String> {
    let mut names: Vec<String> = header.iter().map(|f| f.trim().to_owned()).collect();
    let squash = |t: &str| t.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect::<String>();
    let qualtrics = under.iter().any(|r| r.iter().any(|f| is_import_id(f)));
    for line in under.iter().filter(|r| !r.iter().any(|f| is_import_id(f))) {
        let mut question = String::new();
        for (c, name) in names.iter_mut().enumerate() {
            let sub = line.get(c).map_or("", |f| f.trim());
            if qualtrics {
                let code = name.as_str();
                *name = if sub.is_empty() {
                    code.to_owned()
                } else if code.chars().any(|c| c.is_ascii_digit()) && squash(code) != squash(sub) {
                    format!("{code} - {sub}")
                } else {
                    sub.to_owned()
                };
                continue;
            }
            if !name.is_empty() {
                question = name.clone();
            }
            *name = if sub.is_empty() || is_plain_answer(sub) {
                question.clone()
            } else if question.is_empty() || squash(&question) == squash(sub) {
                sub.to_owned()
            } else {
                format!("{question} - {sub}")
            };
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dialects_of_real_exports_are_sniffed() {
        let table: &[(&str, Separator, bool, DecimalSeparator, LineEnding)] = &[
            (
                "id,name,amount\n1,Ann,12.50\n2,Bob,3.10\n",
                Separator::Comma,
                true,
                DecimalSeparator::Dot,
                LineEnding::Lf,
            ),
            (
                "Kunde;Betrag;Datum\r\n1;12,50;01.02.2024\r\n2;3,10;02.02.2024\r\n",
                Separator::Semicolon,
                true,
                DecimalSeparator::Comma,
                LineEnding::CrLf,
            ),
            ("a\tb\tc\n1\t2\t3\n4\t5\t6\n", Separator::Tab, true, DecimalSeparator::Dot, LineEnding::Lf),
            ("a|b\r1|2\r3|4\r", Separator::Pipe, true, DecimalSeparator::Dot, LineEnding::Cr),
            ("1,Ann,12.5\n2,Bob,3.5\n3,Cy,4.5\n", Separator::Comma, false, DecimalSeparator::Dot, LineEnding::Lf),
            (
                "id,comment\n1,\"Hello, world\"\n2,\"She said \"\"hi\"\", twice\"\n",
                Separator::Comma,
                true,
                DecimalSeparator::Dot,
                LineEnding::Lf,
            ),
            (
                "ID    NAME          CITY\n1     Ann Lee       Berlin\n2     Bob Stone     Paris\n",
                Separator::Aligned,
                true,
                DecimalSeparator::Dot,
                LineEnding::Lf,
            ),
            (
                "name;note\nAnn;1,5 stars, fine\nBob;2,5 stars, ok\n",
                Separator::Semicolon,
                true,
                DecimalSeparator::Dot,
                LineEnding::Lf,
            ),
        ];
        for (text, sep, header, dec, le) in table {
            let d = sniff(text, true);
            assert_eq!((d.separator, d.has_header, d.decimal, d.line_ending), (*sep, *header, *dec, *le), "{text:?}");
            assert_eq!(d.preamble, 0, "a file that starts with its table: {text:?}");
            assert_eq!(d.header_rows, 0, "one line of header: {text:?}");
        }
    }

    #[test]
    fn survey_exports_have_their_header_lines_read_as_header_and_other_files_do_not() {
        let qualtrics = "StartDate,Progress,Q1,Q2\nStart Date,Progress,How old are you?,How satisfied are you?\n\
            \"{\"\"ImportId\"\":\"\"startDate\"\"}\",\"{\"\"ImportId\"\":\"\"progress\"\"}\",\"{\"\"ImportId\"\":\"\"QID1\"\"}\",\"{\"\"ImportId\"\":\"\"QID2\"\"}\"\n\
            2024-03-01 10:15:22,100,35-44,4\n2024-03-02 11:00:00,100,25-34,5\n";
        let monkey = "Respondent ID,How old are you?,Which do you use?,,How likely are you to recommend us?\n\
            ,Response,App,Website,Response\n114523,35-44,App,,9\n114524,25-34,,Website,7\n114525,55+,App,Website,10\n";
        let table: &[(&str, bool, u32, &[&str])] = &[
            (qualtrics, true, 2, &["Start Date", "Progress", "Q1 - How old are you?", "Q2 - How satisfied are you?"]),
            (
                monkey,
                true,
                1,
                &[
                    "Respondent ID",
                    "How old are you?",
                    "Which do you use? - App",
                    "Which do you use? - Website",
                    "How likely are you to recommend us?",
                ],
            ),
            // a first row of words over numbers and dates is a row
            (
                "customer,last_order,spend\nAnn,never,free\nBob,2024-01-02,10\nCy,2024-02-03,7\n",
                true,
                0,
                &["customer", "last_order", "spend"],
            ),
            // a first row that reads "Response" once, in a log of kinds of messages, is a row
            (
                "ticket,agent,kind\nT1,Ann,Response\nT2,Bob,Question\nT3,Cy,Question\n",
                true,
                0,
                &["ticket", "agent", "kind"],
            ),
            // a first row of words in columns of words is data, as are rows of numbers
            ("name,city,age\nAnn,Berlin,34\nBob,Paris,51\nCy,Rome,28\n", true, 0, &["name", "city", "age"]),
            ("id,plan,spend\n1,gold,10\n2,basic,3\n3,gold,7\n", true, 0, &["id", "plan", "spend"]),
            // a log whose messages are of the kind "Response": its rows
            ("ticket,kind\nT1,Response\nT2,Question\nT3,Response\n", true, 0, &["ticket", "kind"]),
        ];
        for (text, header, rows, names) in table {
            let d = sniff(text, true);
            assert_eq!((d.has_header, d.header_rows), (*header, *rows), "{text:?}");
            let records = parse_sample(text, b',', false, true, 10);
            let head: Vec<&str> = records[0].iter().map(String::as_str).collect();
            assert_eq!(header_names(&head, &records[1..=*rows as usize]), *names, "{text:?}");
        }
    }

    #[test]
    fn only_a_report_with_its_groups_labels_above_their_rows_is_grouped() {
        let table: &[(&str, bool)] = &[
            // labels over rows with a blank first cell, with or without totals under them
            (",Date,Amount\nAnn,,\n,2024-01-02,10\n,2024-01-03,5\nTotal for Ann,,15\nBob,,\n,2024-02-02,7\n", true),
            ("Group,Date,Amount\nAnn,,\n,2024-01-02,10\nBob,,\n,2024-02-02,7\n,2024-02-03,8\n", true),
            // one label is a note, not a grouping
            (",Date,Amount\nAnn,,\n,2024-01-02,10\n,2024-01-03,5\n", false),
            // an optional first column left blank on some rows
            ("title,name,city\n,Ann,Paris\nDr,Bob,Rome\n,Cy,Oslo\nMr,Di,Nice\n", false),
            // rows with only a name filled among full rows: sparse records, not labels
            ("name,email,city\nAnn,,\nBob,b@x.com,Rome\nCy,,\nDi,d@x.com,Nice\nEd,e@x.com,Oslo\n", false),
            // a label that no row of its group follows
            (",Date,Amount\nAnn,,\nBob,,\n,2024-02-02,7\nCy,,\n,2024-03-02,7\n", false),
        ];
        for (text, grouped) in table {
            assert_eq!(sniff(text, true).grouped, *grouped, "{text:?}");
        }
    }

    #[test]
    fn a_header_with_one_named_column_is_not_a_title() {
        // R's write.csv with row names: the first header cell is empty
        let d = sniff(
            "\"\",\"Content\"\n\"V1\",\"Do you often long for excitement?\"\n\"V2\",\"Are you usually carefree?\"\n",
            true,
        );
        assert_eq!(d.preamble, 0);
    }

    #[test]
    fn a_header_that_reads_as_a_boolean_word_is_still_a_header() {
        assert!(sniff("code,n\n1,1\n2,2\nA3,3\n", true).has_header);
        assert!(sniff("id,y\n1,2.5\n2,3.5\n", true).has_header);
    }

    #[test]
    fn headerless_text_columns_are_not_mistaken_for_a_header() {
        let d = sniff("Berlin,red\nParis,blue\nBerlin,green\n", true);
        assert!(!d.has_header);
    }

    #[test]
    fn single_spaced_values_under_a_double_spaced_header_keep_every_field() {
        // the CDNOW log: the header apart by two spaces, the rows by one or more
        let text = " customer_id  date number_of_cds  dollar_value\r\n 00001 19970101  1   11.77\r\n 00002 19970112  1   12.00\r\n 00003 19970102  2   20.76\r\n";
        let d = sniff(text, true);
        assert_eq!((d.separator, d.has_header), (Separator::Whitespace, true));
        // names with one space stay whole when the columns are aligned
        let d = sniff("ID    NAME          CITY\n1     Ann Lee       Berlin\n2     Bob Stone     Paris\n", true);
        assert_eq!(d.separator, Separator::Aligned);
    }

    #[test]
    fn aligned_lines_split_on_runs_of_spaces() {
        assert_eq!(split_aligned("1     Ann Lee       Berlin  "), vec!["1", "Ann Lee", "Berlin"]);
        assert_eq!(split_aligned("a\t\tb\tc"), vec!["a", "b", "c"]);
    }

    #[test]
    fn backslash_escaped_quotes_are_detected() {
        let d = sniff("id,text\n1,\"say \\\"hi\\\"\"\n2,plain\n", true);
        assert!(d.backslash_escape);
    }
}
