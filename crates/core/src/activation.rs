//! Activation: what the app hands to other tools. Here, the personalisation export: a CSV of
//! one row per customer (id, segment, persona, current stage, a message per stage) for an
//! e-mail or CRM tool.
//!
//! **Spreadsheet safety.** A cell that a spreadsheet would run as a formula (one that starts
//! with `=`, `+`, `-`, `@`, a tab or a carriage return: CSV injection) gets a leading `'`, which
//! spreadsheets show as text and do not print; a number such as `-3` is a formula too for some
//! tools, so it is neutralised like any other. Cells with a separator, a quote or a line break
//! are quoted (RFC 4180), and the file starts with a UTF-8 byte order mark so that spreadsheet
//! programs read accents right.

/// One cell, neutralised and quoted as needed.
pub fn csv_cell(value: &str) -> String {
    let risky = value.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let text = if risky { format!("'{value}") } else { value.to_owned() };
    if text.contains([',', '"', '\n', '\r']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text }
}

/// A whole CSV: the byte order mark, the header, then the rows, CRLF line ends.
pub fn write_csv<R: AsRef<[String]>>(header: &[&str], rows: impl IntoIterator<Item = R>) -> String {
    let mut out = String::from("\u{feff}");
    let line = |cells: &mut dyn Iterator<Item = String>| cells.collect::<Vec<_>>().join(",") + "\r\n";
    out.push_str(&line(&mut header.iter().map(|h| csv_cell(h))));
    for row in rows {
        out.push_str(&line(&mut row.as_ref().iter().map(|c| csv_cell(c))));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_a_spreadsheet_would_run_are_neutralised() {
        for (value, want) in [
            ("Anna", "Anna"),
            ("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""),
            ("+1", "'+1"),
            ("-3", "'-3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\r=1", "\"'\r=1\""),
            ("a,b", "\"a,b\""),
            ("two\nlines", "\"two\nlines\""),
            ("Tom \"T\" Lee", "\"Tom \"\"T\"\" Lee\""),
            ("", ""),
        ] {
            assert_eq!(csv_cell(value), want, "{value:?}");
        }
    }

    #[test]
    fn the_export_reads_back_as_it_was_written() {
        let rows = vec![
            vec!["C001".to_owned(), "Segment 1".to_owned(), "=cmd|' /C calc'!A0".to_owned()],
            vec!["C002".to_owned(), "Deal-seekers, mostly".to_owned(), "Save 10% \"now\"".to_owned()],
        ];
        let csv = write_csv(&["customer_id", "segment", "message"], &rows);
        assert!(csv.starts_with('\u{feff}'));
        // our own reader (the app's import) reads the same cells, the formula as text
        let profiled = crate::ingest::profile_bytes("export.csv", csv.as_bytes()).expect("reads");
        assert_eq!(profiled.profile.rows, 2);
        assert_eq!(profiled.profile.skipped_rows, 0);
        let names: Vec<&str> = profiled.profile.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["customer_id", "segment", "message"]);
        let cells = |i: usize| profiled.profile.columns[i].examples.clone();
        assert!(cells(2).contains(&"'=cmd|' /C calc'!A0".to_owned()), "{:?}", cells(2));
        assert!(cells(2).contains(&"Save 10% \"now\"".to_owned()), "{:?}", cells(2));
        assert!(cells(1).contains(&"Deal-seekers, mostly".to_owned()), "{:?}", cells(1));
    }
}
