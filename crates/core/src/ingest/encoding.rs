//! Which encoding a file is in, and whether it is a text file at all.
//!
//! Decided once from the first bytes: a byte-order mark wins (UTF-8, UTF-16 LE/BE); UTF-16
//! without a mark shows as a NUL in every other byte; other NULs or a known magic number
//! (zip/xlsx, xls, pdf, png, jpeg, gif) mean a binary file dropped by mistake; then valid UTF-8
//! is UTF-8 and anything else is read as Windows-1252, the usual encoding of older Excel exports.
//! Either way, without a byte-order mark, [`MixedUtf8`] reads each valid UTF-8 sequence as
//! UTF-8 and any other byte as Windows-1252, so a file of both kinds of line reads right.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};
use serde::{Deserialize, Serialize};

use super::IngestError;

/// The encoding a file was read with, as shown to the user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EncodingInfo {
    /// `UTF-8`, `UTF-16LE`, `UTF-16BE` or `windows-1252`.
    pub name: String,
    pub bom: bool,
    /// True when the file was not valid UTF-8 and was read as Windows-1252.
    pub fallback: bool,
}

const MAGIC: &[(&[u8], &str)] = &[
    (b"\xD0\xCF\x11\xE0", "an old Excel .xls workbook"),
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xFF\xD8\xFF", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1F\x8B", "a gzip archive"),
    (b"SQLite format", "an SQLite database"),
    (b"PAR1", "a Parquet file"),
];

/// Looks at the start of the file (up to 64 KiB; `complete` when that is the whole file).
pub fn detect(head: &[u8], complete: bool) -> Result<(&'static Encoding, EncodingInfo), IngestError> {
    let info =
        |enc: &'static Encoding, bom, fallback| (enc, EncodingInfo { name: enc.name().to_owned(), bom, fallback });
    if head.starts_with(b"\xEF\xBB\xBF") {
        return Ok(info(UTF_8, true, false));
    }
    if head.starts_with(b"\xFF\xFE") {
        return Ok(info(UTF_16LE, true, false));
    }
    if head.starts_with(b"\xFE\xFF") {
        return Ok(info(UTF_16BE, true, false));
    }
    if head.starts_with(b"PK\x03\x04") {
        return Err(zip_error(head));
    }
    for (magic, what) in MAGIC {
        if head.starts_with(magic) {
            return Err(IngestError::Binary { what: (*what).to_owned() });
        }
    }
    let probe = &head[..head.len().min(4096)];
    let nul_even = probe.iter().step_by(2).filter(|b| **b == 0).count();
    let nul_odd = probe.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
    let half = probe.len() / 2;
    if half >= 2 && nul_odd * 10 >= half * 8 && nul_even == 0 {
        return Ok(info(UTF_16LE, false, false));
    }
    if half >= 2 && nul_even * 10 >= half * 8 && nul_odd == 0 {
        return Ok(info(UTF_16BE, false, false));
    }
    if nul_even + nul_odd > 0 {
        return Err(IngestError::Binary { what: "a binary file (it contains NUL bytes)".to_owned() });
    }
    if let Some(what) = json(head) {
        return Err(IngestError::Binary { what: what.to_owned() });
    }
    match std::str::from_utf8(head) {
        Ok(_) => Ok(info(UTF_8, false, false)),
        // the window may cut a multi-byte character in two
        Err(e) if !complete && e.error_len().is_none() => Ok(info(UTF_8, false, false)),
        Err(_) => Ok(info(WINDOWS_1252, false, true)),
    }
}

/// JSON records (an API's or a tool's export: an array of objects, or one object per line),
/// told by how the text starts: `[{`, `[[` or `{"`, spaces between. No CSV starts so.
fn json(head: &[u8]) -> Option<&'static str> {
    let mut rest = head.iter().copied().filter(|b| !b.is_ascii_whitespace());
    match (rest.next(), rest.next()) {
        (Some(b'['), Some(b'{' | b'[')) => Some("JSON (an array of records)"),
        (Some(b'{'), Some(b'"')) => Some("JSON (records written as objects)"),
        _ => None,
    }
}

/// Text that is UTF-8 except where it is not: valid sequences are read as UTF-8 and each byte
/// of an invalid one as Windows-1252. A file exported as UTF-8 and added to on an older
/// machine (or the reverse) reads right on both kinds of line, where reading the whole file in
/// one encoding garbles the other's ("KÃ¶ln"). Used for files without a byte-order mark that
/// are read as UTF-8 or, when the first bytes are not valid UTF-8, as Windows-1252.
#[derive(Default)]
pub(crate) struct MixedUtf8 {
    /// The start of a sequence the chunk cut (at most three bytes)
    carry: Vec<u8>,
    /// A byte-order mark is still to be dropped from the start of the file
    bom: bool,
}

/// What one call of [`MixedUtf8::decode`] read as Windows-1252.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Fallback {
    /// Bytes read as Windows-1252
    pub(crate) bytes: u64,
    /// Where in the output the first of them went
    pub(crate) first_at: Option<usize>,
}

impl MixedUtf8 {
    /// `bom`: the file starts with a UTF-8 byte-order mark, to be dropped.
    pub(crate) fn new(bom: bool) -> MixedUtf8 {
        MixedUtf8 { bom, ..MixedUtf8::default() }
    }

    /// Appends `input` decoded to `out`; `last` when the file ends with it. Gives what this
    /// call read as Windows-1252.
    pub(crate) fn decode(&mut self, input: &[u8], last: bool, out: &mut Vec<u8>) -> Fallback {
        let joined;
        let mut rest = if self.carry.is_empty() {
            input
        } else {
            joined = [std::mem::take(&mut self.carry).as_slice(), input].concat();
            &joined[..]
        };
        if self.bom {
            const MARK: &[u8] = b"\xEF\xBB\xBF";
            if rest.len() < MARK.len() && MARK.starts_with(rest) && !last {
                // the mark cut by the chunk: wait for the rest of it
                self.carry = rest.to_vec();
                return Fallback::default();
            }
            self.bom = false;
            rest = rest.strip_prefix(MARK).unwrap_or(rest);
        }
        let mut fallback = Fallback::default();
        loop {
            match std::str::from_utf8(rest) {
                Ok(text) => {
                    out.extend_from_slice(text.as_bytes());
                    break;
                }
                Err(e) => {
                    let good = e.valid_up_to();
                    out.extend_from_slice(&rest[..good]);
                    let bad = match e.error_len() {
                        Some(n) => n,
                        None if !last => {
                            self.carry = rest[good..].to_vec();
                            break;
                        }
                        None => rest.len() - good,
                    };
                    fallback.first_at.get_or_insert(out.len());
                    let mut buf = [0u8; 4];
                    for &b in &rest[good..good + bad] {
                        out.extend_from_slice(windows_1252(b).encode_utf8(&mut buf).as_bytes());
                    }
                    fallback.bytes += bad as u64;
                    rest = &rest[good + bad..];
                }
            }
        }
        fallback
    }
}

/// Byte `b` read as Windows-1252 (as the WHATWG encoding standard maps it).
fn windows_1252(b: u8) -> char {
    if b < 0x80 {
        return b as char;
    }
    static HIGH: std::sync::OnceLock<Vec<char>> = std::sync::OnceLock::new();
    let high = HIGH.get_or_init(|| {
        let bytes: Vec<u8> = (0x80..=0xFF).collect();
        WINDOWS_1252.decode_without_bom_handling(&bytes).0.chars().collect()
    });
    high[(b - 0x80) as usize]
}

/// What a zip is, from the names of the entries in its first bytes: an office document, or an
/// archive to unzip (naming the file to drop when it holds one table).
fn zip_error(head: &[u8]) -> IngestError {
    let mut names = Vec::new();
    let mut at = 0;
    // local file headers: the signature, the name's length at 26, the name at 30, then the data
    while let Some(found) = head.get(at..).and_then(|h| h.windows(4).position(|w| w == b"PK\x03\x04")) {
        let h = at + found;
        let Some(len) = head.get(h + 26..h + 28).map(|b| u16::from_le_bytes([b[0], b[1]]) as usize) else { break };
        let Some(name) = head.get(h + 30..h + 30 + len) else { break };
        // a name goes into a message the CLI prints: no control characters, a sane length
        let name: String = String::from_utf8_lossy(name).chars().filter(|c| !c.is_control()).take(120).collect();
        names.push(name);
        at = h + 30 + len;
    }
    let has = |prefix: &str| names.iter().any(|n| n.starts_with(prefix));
    let what = if names.is_empty() {
        "a zip archive (an Excel .xlsx workbook or an .ods/.docx document)"
    } else if has("xl/") {
        "an Excel .xlsx workbook"
    } else if has("word/") {
        "a Word .docx document"
    } else if has("ppt/") {
        "a PowerPoint .pptx presentation"
    } else if has("[Content_Types].xml") {
        "an Office document (.xlsx, .docx or .pptx)"
    } else if names.first().is_some_and(|n| n == "mimetype") {
        if head.windows(11).any(|w| w == b"spreadsheet") {
            "an OpenDocument .ods spreadsheet"
        } else if head.windows(15).any(|w| w == b"application/epu") {
            "an EPUB e-book"
        } else {
            "an OpenDocument file"
        }
    } else {
        let tables: Vec<&String> = names
            .iter()
            .filter(|n| {
                let lower = n.to_ascii_lowercase();
                [".csv", ".tsv", ".txt", ".tab"].iter().any(|e| lower.ends_with(e)) && !lower.starts_with("__macosx/")
            })
            .collect();
        return IngestError::Zipped {
            inside: match tables.as_slice() {
                [one] => format!("a zip archive holding {one}: unzip it and drop {one}"),
                [] => "a zip archive: unzip it and drop the CSV files it holds".to_owned(),
                [first, ..] => {
                    format!("a zip archive holding {first} and other files: unzip it and drop the CSV files")
                }
            },
        };
    };
    IngestError::Binary { what: what.to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_and_binaries_are_told_apart() {
        let utf16le: Vec<u8> = "id,name\n1,Zoë\n".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        let utf16be: Vec<u8> = "id,name\n1,Zoë\n".encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        type Want = Result<(&'static str, bool, bool), &'static str>;
        let table: &[(&[u8], Want)] = &[
            (b"id,name\n1,Zo\xC3\xAB\n", Ok(("UTF-8", false, false))),
            (b"\xEF\xBB\xBFid,name\n", Ok(("UTF-8", true, false))),
            (b"\xFF\xFEi\0d\0", Ok(("UTF-16LE", true, false))),
            (b"\xFE\xFF\0i\0d", Ok(("UTF-16BE", true, false))),
            (&utf16le, Ok(("UTF-16LE", false, false))),
            (&utf16be, Ok(("UTF-16BE", false, false))),
            (b"id;name\n1;Zo\xEB\n", Ok(("windows-1252", false, true))),
            (b"PK\x03\x04\x14\0\x06\0", Err("xlsx")),
            (b"\x89PNG\r\n\x1a\n", Err("PNG")),
            (b"abc\0\x01\x02\x03\x04\x05", Err("NUL")),
            (b"[{\"order_id\": \"0\", \"customer_id\": \"C1\"}]", Err("JSON (an array of records)")),
            (b"\n  [\n  {\"id\": 1}\n]", Err("JSON (an array of records)")),
            (b"{\"id\": 1, \"name\": \"a\"}\n{\"id\": 2}\n", Err("JSON (records written as objects)")),
            // a CSV whose first value is braced or bracketed is still a CSV
            (b"{a},b\n1,2\n", Ok(("UTF-8", false, false))),
            (b"[id],name\n1,Zo\n", Ok(("UTF-8", false, false))),
        ];
        for (bytes, want) in table {
            match (detect(bytes, true), want) {
                (Ok((_, info)), Ok((name, bom, fallback))) => {
                    assert_eq!((info.name.as_str(), info.bom, info.fallback), (*name, *bom, *fallback), "{bytes:?}")
                }
                (Err(e), Err(part)) => assert!(e.to_string().contains(part), "{e}"),
                (got, _) => panic!("{bytes:?}: {got:?}"),
            }
        }
    }

    /// A zip's local headers with these entry names (and a few bytes of data each).
    fn zip_of(names: &[&str]) -> Vec<u8> {
        let mut out = Vec::new();
        for name in names {
            let mut h = vec![0u8; 30];
            h[..4].copy_from_slice(b"PK\x03\x04");
            h[26..28].copy_from_slice(&(name.len() as u16).to_le_bytes());
            out.extend_from_slice(&h);
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(if *name == "mimetype" {
                b"application/vnd.oasis.opendocument.spreadsheet"
            } else {
                b"data"
            });
        }
        out
    }

    #[test]
    fn a_zip_says_what_it_is_and_which_file_to_drop() {
        let table: &[(&[&str], &str)] = &[
            (
                &["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml"],
                "This is not a CSV file: it looks like an Excel .xlsx workbook.",
            ),
            (&["mimetype", "content.xml"], "it looks like an OpenDocument .ods spreadsheet."),
            (&["[Content_Types].xml", "word/document.xml"], "it looks like a Word .docx document."),
            (
                &["export/customers.csv"],
                "This is a zip archive holding export/customers.csv: unzip it and drop export/customers.csv.",
            ),
            (&["customers.csv", "__MACOSX/._customers.csv"], "holding customers.csv: unzip it and drop customers.csv."),
            (
                &["customers.csv", "orders.csv"],
                "holding customers.csv and other files: unzip it and drop the CSV files.",
            ),
            (&["photo.jpg"], "This is a zip archive: unzip it and drop the CSV files it holds."),
            (&["[Content_Types].xml", "_rels/.rels"], "it looks like an Office document (.xlsx, .docx or .pptx)."),
            (&["export/\u{1b}[31mred\u{7}.csv"], "holding export/[31mred.csv: unzip"),
            (&[], "it looks like a zip archive (an Excel .xlsx workbook or an .ods/.docx document)."),
        ];
        for (names, want) in table {
            let bytes = if names.is_empty() { b"PK\x03\x04\x14".to_vec() } else { zip_of(names) };
            let message = detect(&bytes, true).expect_err("a zip is refused").to_string();
            assert!(message.contains(want), "{names:?}: {message}");
        }
    }

    #[test]
    fn utf8_and_windows_1252_lines_in_one_file_both_read_right_however_cut() {
        // a UTF-8 export with a line added on an older machine, and the other way round
        let table: &[(&[u8], &str, u64)] = &[
            (b"city\nK\xC3\xB6ln\nD\xFCsseldorf\n", "city\nKöln\nDüsseldorf\n", 1),
            (b"city\nD\xFCsseldorf\nK\xC3\xB6ln \xE2\x82\xAC5\n", "city\nDüsseldorf\nKöln €5\n", 1),
            (b"price\n\x80 5\n\x93quoted\x94\n", "price\n€ 5\n\u{201c}quoted\u{201d}\n", 3),
            // a sequence the file's end cuts short
            (b"name\nZo\xC3", "name\nZoÃ", 1),
            (b"", "", 0),
        ];
        for (bytes, want, fallback) in table {
            for piece in 1..=bytes.len().max(1) {
                let mut d = MixedUtf8::default();
                let mut out = Vec::new();
                let mut bytes_1252 = 0;
                for chunk in bytes.chunks(piece) {
                    bytes_1252 += d.decode(chunk, false, &mut out).bytes;
                }
                bytes_1252 += d.decode(&[], true, &mut out).bytes;
                assert_eq!(String::from_utf8(out).expect("UTF-8 out"), *want, "pieces of {piece}");
                assert_eq!(bytes_1252, *fallback, "{want:?}");
            }
        }
        let mut d = MixedUtf8::default();
        let mut out = Vec::new();
        let first = d.decode(b"id,city\n1,K\xC3\xB6ln\n2,D\xFCsseldorf", false, &mut out);
        assert_eq!(first, Fallback { bytes: 1, first_at: Some(19) });
        let second = d.decode(b" am Rhein \xFC\xFC", true, &mut out);
        assert_eq!(second, Fallback { bytes: 2, first_at: Some(39) }, "the first of this call's");
    }

    #[test]
    fn a_cut_multibyte_character_at_the_window_edge_is_still_utf8() {
        let (_, info) = detect(b"name\nZo\xC3", false).expect("utf8");
        assert_eq!(info.name, "UTF-8");
    }
}
