//! Which encoding a file is in, and whether it is a text file at all.
//!
//! Decided once from the first bytes: a byte-order mark wins (UTF-8, UTF-16 LE/BE); UTF-16
//! without a mark shows as a NUL in every other byte; other NULs or a known magic number
//! (zip/xlsx, xls, pdf, png, jpeg, gif) mean a binary file dropped by mistake; then valid UTF-8
//! is UTF-8 and anything else is read as Windows-1252, the usual encoding of older Excel exports.

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
    (b"PK\x03\x04", "a zip archive (an Excel .xlsx workbook or an .ods/.docx document)"),
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
    match std::str::from_utf8(head) {
        Ok(_) => Ok(info(UTF_8, false, false)),
        // the window may cut a multi-byte character in two
        Err(e) if !complete && e.error_len().is_none() => Ok(info(UTF_8, false, false)),
        Err(_) => Ok(info(WINDOWS_1252, false, true)),
    }
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

    #[test]
    fn a_cut_multibyte_character_at_the_window_edge_is_still_utf8() {
        let (_, info) = detect(b"name\nZo\xC3", false).expect("utf8");
        assert_eq!(info.name, "UTF-8");
    }
}
