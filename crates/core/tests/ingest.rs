//! Integration tests of the streaming ingest: whole files through `Profiler`, each fed in
//! several chunkings (one byte at a time, odd sizes, all at once) that must all agree.
//!
//! New CSV edge cases go in the `cases` table of `edge_cases_parse_the_same_in_any_chunking`;
//! file-level failures (empty, binary) in `unreadable_files_say_why`.

use persona_core::ingest::value::{self, DecimalSeparator, Value};
use persona_core::ingest::{
    ColumnType, FileProfile, IngestError, ProblemKind, Profiler, RowStream, Separator, profile_bytes,
};

/// Profiles `bytes` fed in chunks of `size`.
fn chunked(bytes: &[u8], size: usize) -> Result<FileProfile, IngestError> {
    let mut p = Profiler::new("test.csv");
    for chunk in bytes.chunks(size.max(1)) {
        p.feed(chunk);
    }
    p.finish().map(|f| f.profile)
}

/// The good rows of `bytes` read by a `RowStream` in chunks of `size`, joined with `|`.
fn rows(bytes: &[u8], size: usize) -> Vec<String> {
    let mut s = RowStream::new("test.csv");
    let mut out = Vec::new();
    for chunk in bytes.chunks(size.max(1)) {
        s.feed(chunk, |r| out.push(r.join("|")));
    }
    s.finish(|r| out.push(r.join("|"))).expect("rows");
    out
}

/// The decimal separator a file is read with.
fn p_decimal(bytes: &[u8]) -> DecimalSeparator {
    profile_bytes("test.csv", bytes).expect("profiles").profile.dialect.decimal
}

/// The profile and the good rows of `bytes` from a profiler that does both at once, fed in
/// chunks of `size`.
fn profile_and_rows(bytes: &[u8], size: usize) -> (FileProfile, Vec<String>) {
    let mut p = Profiler::with_rows("test.csv");
    let mut out = Vec::new();
    let decimal = p_decimal(bytes);
    // each row comes with what the profile read of its fields: what classifying them gives
    let mut take = |r: &[&str], values: &[Value]| {
        assert_eq!(values.len(), r.len());
        for (f, v) in r.iter().zip(values) {
            assert_eq!(*v, value::classify(f, decimal), "{f:?}");
        }
        out.push(r.join("|"));
    };
    for chunk in bytes.chunks(size.max(1)) {
        p.feed_rows(chunk, &mut take);
    }
    let f = p.finish_rows(&mut take).expect("profile and rows");
    (f.profile, out)
}

/// Every chunking gives the same profile, and a `RowStream` the same rows as many as the
/// profile counts, and a profiler that hands rows over both; returns the profile.
fn profile(bytes: &[u8]) -> FileProfile {
    let whole = profile_bytes("test.csv", bytes).expect("profile").profile;
    let all_rows = rows(bytes, bytes.len());
    assert_eq!(all_rows.len() as u64, whole.rows);
    for size in [1, 3, 7, 4096, 65_537] {
        let p = chunked(bytes, size).expect("chunked");
        assert_eq!(p, whole, "chunk size {size} disagrees");
        assert_eq!(rows(bytes, size), all_rows, "rows in chunks of {size} disagree");
        assert_eq!(
            profile_and_rows(bytes, size),
            (whole.clone(), all_rows.clone()),
            "profile and rows in chunks of {size}"
        );
    }
    whole
}

struct Case {
    name: &'static str,
    input: Vec<u8>,
    separator: Separator,
    rows: u64,
    columns: &'static [&'static str],
    /// (line, kind) of every problem
    problems: &'static [(u64, ProblemKind)],
}

fn case(
    name: &'static str,
    input: &[u8],
    separator: Separator,
    rows: u64,
    columns: &'static [&'static str],
    problems: &'static [(u64, ProblemKind)],
) -> Case {
    Case { name, input: input.to_vec(), separator, rows, columns, problems }
}

#[test]
fn edge_cases_parse_the_same_in_any_chunking() {
    use ProblemKind::*;
    use Separator::*;
    let utf16: Vec<u8> = "\u{FEFF}id\tname\n1\tZoë\n2\tJörg\n".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    let cases = vec![
        case("plain", b"id,name\n1,Ann\n2,Bob\n", Comma, 2, &["id", "name"], &[]),
        case("no final newline", b"id,name\n1,Ann\n2,Bob", Comma, 2, &["id", "name"], &[]),
        case("crlf", b"id,name\r\n1,Ann\r\n2,Bob\r\n", Comma, 2, &["id", "name"], &[]),
        case("cr only", b"id,name\r1,Ann\r2,Bob\r", Comma, 2, &["id", "name"], &[]),
        case("utf8 bom", b"\xEF\xBB\xBFid,name\n1,Ann\n", Comma, 1, &["id", "name"], &[]),
        case("utf16 bom", &utf16, Tab, 2, &["id", "name"], &[]),
        case(
            "quoted delimiter and quotes",
            b"id,comment\n1,\"a, b\"\n2,\"say \"\"hi\"\"\"\n",
            Comma,
            2,
            &["id", "comment"],
            &[],
        ),
        case(
            "newline inside quotes keeps line numbers",
            b"id,comment\n1,\"two\nlines\"\n2,x,extra\n3,ok\n",
            Comma,
            2,
            &["id", "comment"],
            &[(4, TooManyFields)],
        ),
        case(
            "ragged rows are listed with their lines",
            b"a;b;c\n1;2;3\n4;5\n6;7;8;9\n10;11;12\n",
            Semicolon,
            2,
            &["a", "b", "c"],
            &[(3, TooFewFields), (4, TooManyFields)],
        ),
        case("blank lines are skipped", b"a,b\n\n1,2\n\n\n3,4\n", Comma, 2, &["a", "b"], &[]),
        case("trailing delimiter", b"a,b\n1,2,\n3,4,\n", Comma, 2, &["a", "b"], &[]),
        case("duplicate and empty header names", b"a,a,\n1,2,3\n4,5,6\n", Comma, 2, &["a", "a_2", "column_3"], &[]),
        case("headerless", b"1,Ann,12.5\n2,Bob,3.5\n3,Cy,4.5\n", Comma, 3, &["column_1", "column_2", "column_3"], &[]),
        case(
            "unterminated quote: the rows after it still count",
            b"id,comment\n1,ok\n2,\"broken\n3,fine\n4,also fine\n",
            Comma,
            3,
            &["id", "comment"],
            &[(3, UnterminatedQuote)],
        ),
        case(
            "a stray quote closed by the next line's: that line is still a row",
            b"id,comment,amount\n1,\"fine, ok\",1\n2,\"unterminated quote,7\n3,\"fine, ok\",3\n4,\"fine, ok\",4\n",
            Comma,
            3,
            &["id", "comment", "amount"],
            &[(3, UnterminatedQuote)],
        ),
        case(
            "a stray quote, then a note over two lines",
            b"id,comment,amount\n1,ok,1\n2,\"stray,2\n3,\"two\nlines\",3\n4,ok,4\n",
            Comma,
            3,
            &["id", "comment", "amount"],
            &[(3, UnterminatedQuote)],
        ),
        case(
            "aligned text export",
            b"ID    NAME          CITY\n1     Ann Lee       Berlin\n2     Bob Stone     Paris\n",
            Aligned,
            2,
            &["ID", "NAME", "CITY"],
            &[],
        ),
        case("header only", b"id,name,city\n", Comma, 0, &["id", "name", "city"], &[]),
        case(
            "a report's comments before the header are read past",
            b"# All Web Site Data\n# 20240101-20240131\n\nid,name,amount\n1,Ann,2.5\n2,Bob,3.5\n3,Cy,1.5\n",
            Comma,
            3,
            &["id", "name", "amount"],
            &[],
        ),
        case(
            "Excel's sep= line names the separator",
            b"sep=;\r\nid;name;amount\r\n1;Ann;2,5\r\n2;Bob;3,5\r\n",
            Semicolon,
            2,
            &["id", "name", "amount"],
            &[],
        ),
        case(
            "a title padded to the table's width",
            b"Customers 2024,,\nid,name,amount\n1,Ann,2.5\n2,Bob,3.5\n",
            Comma,
            2,
            &["id", "name", "amount"],
            &[],
        ),
        case(
            "a title with the separator in it is read past",
            b"Account statement for J. Smith, 42 Park Lane\n\ncustomer_id,order_date,order_value\nC1,2024-02-11,11.50\nC2,2024-03-12,12.50\n",
            Comma,
            2,
            &["customer_id", "order_date", "order_value"],
            &[],
        ),
        case(
            "problem lines count the title's line",
            b"Customer report\nid,name\n1,Ann\n2,Bob,x\n3,Cy\n4,Di\n5,Ed\n6,Flo\n",
            Comma,
            5,
            &["id", "name"],
            &[(4, TooManyFields)],
        ),
        case(
            "a headerless file of text whose first row has one filled cell keeps that row",
            b"a@x.com,,\nb@y.com,Bob,Berlin\nc@z.com,Cy,Paris\nd@w.com,Di,Rome\n",
            Comma,
            4,
            &["column_1", "column_2", "column_3"],
            &[],
        ),
        case(
            "a first row with one filled cell is data when no header follows",
            b"C1,,\nC2,5,x\nC3,6,y\n",
            Comma,
            3,
            &["column_1", "column_2", "column_3"],
            &[],
        ),
        case(
            "a survey tool's header lines are not rows",
            b"StartDate,Q1,Q2\r\nStart Date,How old are you?,How satisfied are you?\r\n\"{\"\"ImportId\"\":\"\"startDate\"\"}\",\"{\"\"ImportId\"\":\"\"QID1\"\"}\",\"{\"\"ImportId\"\":\"\"QID2\"\"}\"\r\n2024-03-01 10:15:22,35-44,4\r\n2024-03-02 09:01:00,25-34,5\r\n",
            Comma,
            2,
            &["Start Date", "Q1 - How old are you?", "Q2 - How satisfied are you?"],
            &[],
        ),
        case(
            "answer options under a question's columns name them",
            b"Which do you use?,,Score\nApp,Website,Response\nApp,,9\n,Website,7\nApp,Website,10\n",
            Comma,
            3,
            &["Which do you use? - App", "Which do you use? - Website", "Score"],
            &[],
        ),
        // a report's sums under its rows are no customer; a product named "Total Gym" is a row
        case(
            "a totals row under a report is named and left out",
            b"Customer ID,Product,Revenue\nC1,Total Gym,10\nSUM,Summit shares,20\nC2,Mat,20\nTotal,,$50.00\n,Grand Total:,50\n",
            Comma,
            3,
            &["Customer ID", "Product", "Revenue"],
            &[(5, TotalsRow), (6, TotalsRow)],
        ),
        // a pivot table's last row, as each spreadsheet names it in its language
        case(
            "a pivot table's totals row in a spreadsheet's language is left out",
            "Customer ID,Sales\nC1,10\nC2,5\nTotal Result,15\nGesamtergebnis,15\nEindtotaal,15\nTotale complessivo,15\nОбщий итог,15\n总计,15\nHovedtotal,15\nCelkový součet,15\nSuma końcowa,15\n".as_bytes(),
            Comma,
            2,
            &["Customer ID", "Sales"],
            &[
                (4, TotalsRow),
                (5, TotalsRow),
                (6, TotalsRow),
                (7, TotalsRow),
                (8, TotalsRow),
                (9, TotalsRow),
                (10, TotalsRow),
                (11, TotalsRow),
                (12, TotalsRow),
            ],
        ),
        // Salesforce writes how many records its totals cover, and two lines of its own under
        // them; a product "Total (2 pack)" with a customer is no total
        case(
            "a totals row that counts its records is left out, and the report's footer under it",
            b"Customer ID,Product,Revenue\nC1,Total (2 pack),10\nC2,Mat,20\nGrand Totals (2 records),,30\n\n\"Confidential Information - Do Not Distribute\"\n\"Copyright (c) 2000-2024 salesforce.com, inc. All rights reserved.\"\n",
            Comma,
            2,
            &["Customer ID", "Product", "Revenue"],
            &[(4, TotalsRow), (6, LoneLabel), (7, LoneLabel)],
        ),
        // an accounting tool's report: each customer's name on a line above their sales
        case(
            "a report grouped by customer fills each group's label into its rows",
            b"Sales by Customer Detail\n\n,Date,Amount\nAnn's Shop,,\n,01/02/2024,10.00\n,01/03/2024,5.00\nTotal for Ann's Shop,,$15.00\nBob Ltd,,\n,02/02/2024,7.00\nTotal Bob Ltd,,$7.00\nTOTAL,,$22.00\n",
            Comma,
            3,
            &["Customer", "Date", "Amount"],
            &[(7, TotalsRow), (10, TotalsRow), (11, TotalsRow)],
        ),
        // a customer whose name starts with "Total" keeps their rows; a subtotal inside a group,
        // a label on a short line, and a footer line with no rows under it
        case(
            "a grouped report tells labels, totals and a footer by the row itself",
            b"Sales by Customer Detail\n\n,Date,Amount\nTotal Wine & More,,\n,01/02/2024,10.00\n,01/03/2024,5.00\nTotal for Total Wine & More,,$15.00\nBob\n,02/02/2024,7.00\n,02/03/2024,7.00\n,02/04/2024,7.00\n,02/05/2024,7.00\n,Subtotal,28.00\nAccrual basis Thursday\n",
            Comma,
            6,
            &["Customer", "Date", "Amount"],
            &[(7, TotalsRow), (13, TotalsRow), (14, LoneLabel)],
        ),
        // unquoted commas in some values: the rows they break are listed, the file stays
        // comma-separated (space-split, its header's names would hold the commas)
        case(
            "unquoted commas in values break rows, not the separator",
            b"customer_id,Household income,Age group,plan\nC0,\"$75,000 - $99,999\",55+,gold\nC1,Under $25,000,Under 18,free\nC2,\"$75,000 - $99,999\",55+,gold\nC3,Under $25,000,Under 18,free\nC4,\"$75,000 - $99,999\",55+,gold\nC5,Under $25,000,Under 18,free\n",
            Comma,
            3,
            &["customer_id", "Household income", "Age group", "plan"],
            &[(3, TooManyFields), (5, TooManyFields), (7, TooManyFields)],
        ),
        // a marketplace's footer counts its records; a shipping method may start with "Record"
        case(
            "a report's count of its records under the rows is left out",
            b"Record,Shipping,Total\n1,Recorded delivery,12.50\n2,Standard,3.10\n\n2,record(s) downloaded,,from,Mar-01-24\n",
            Comma,
            2,
            &["Record", "Shipping", "Total"],
            &[(5, TotalsRow)],
        ),
        // found by fuzzing: a one-line file with no header and nothing else to read
        case(
            "a lone line whose quote never closes is named, not a crash",
            b"Kunde-9002;1990;\"Fu\xdfball\"Berlin;;Desi,00;Student;\"Gaming; Musik'\r\n",
            Semicolon,
            0,
            &[],
            &[(1, UnterminatedQuote)],
        ),
    ];
    for c in cases {
        let p = profile(&c.input);
        let names: Vec<&str> = p.columns.iter().map(|col| col.name.as_str()).collect();
        let problems: Vec<(u64, ProblemKind)> = p.problems.iter().map(|x| (x.line, x.kind)).collect();
        assert_eq!(p.dialect.separator, c.separator, "{}: separator", c.name);
        assert_eq!(p.rows, c.rows, "{}: rows", c.name);
        assert_eq!(names, c.columns, "{}: columns", c.name);
        assert_eq!(problems, c.problems, "{}: problems", c.name);
    }
}

#[test]
fn windows_1252_is_read_with_a_warning() {
    let p = profile(b"Kunde;Stadt;Betrag\n1;M\xFCnchen;12,50\n2;K\xF6ln;3,10\n");
    assert_eq!(p.encoding.name, "windows-1252");
    assert!(p.encoding.fallback);
    assert!(p.warnings.iter().any(|w| w.contains("Windows-1252")));
    assert!(p.columns[1].examples.contains(&"München".to_owned()));
    assert_eq!(p.columns[2].column_type, ColumnType::Number);
    assert_eq!(p.columns[2].numeric.as_ref().map(|n| n.max), Some(12.5));
}

#[test]
fn windows_1252_bytes_after_the_sniff_window_are_read_as_such_with_their_line() {
    let mut data = b"id,city\n".to_vec();
    for i in 0..8000 {
        data.extend_from_slice(format!("{i},Berlin\n").as_bytes());
    }
    data.extend_from_slice(b"8000,M\xFCnchen\n8001,Paris\n");
    let p = profile(&data);
    assert_eq!(p.encoding.name, "UTF-8");
    assert_eq!(p.rows, 8002, "the row with the Windows-1252 byte is kept");
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    let city = p.columns.iter().find(|c| c.name == "city").expect("city");
    assert!(city.top_values.iter().any(|(v, _)| v == "München"), "read as Windows-1252: {:?}", city.top_values);
    assert_eq!(
        p.warnings,
        [
            "1 byte of the file is not valid UTF-8 and was read as Windows-1252 (Western European), as older spreadsheets save accents and signs such as €; it is on line 8,002."
        ]
    );
}

#[test]
fn unreadable_files_say_why() {
    let table: &[(&[u8], &str)] = &[
        (b"", "empty"),
        (b"  \n\n", "empty"),
        (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00", "xlsx"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
    ];
    for (bytes, want) in table {
        match profile_bytes("x", bytes) {
            Err(e) => assert!(e.to_string().contains(want), "{e} should mention {want}"),
            Ok(p) => panic!("{want}: parsed {:?}", p.profile.rows),
        }
    }
}

/// A file of one line of millions of cells is no table: it is refused, saying why, rather
/// than counted column by column (which took minutes and gigabytes). A file as wide as a
/// spreadsheet is still read.
#[test]
fn a_line_of_millions_of_cells_is_refused_and_a_spreadsheets_width_is_read() {
    let line = "a,".repeat(2_500_000);
    for size in [1 << 20, line.len()] {
        match chunked(line.as_bytes(), size) {
            Err(e) => assert!(e.to_string().contains("This file has 2,500,001 columns"), "{e}"),
            Ok(p) => panic!("read {} columns", p.columns.len()),
        }
    }
    let header: Vec<String> =
        (0..16_384).map(|i| if i % 1000 == 0 { "a".to_owned() } else { format!("c{i}") }).collect();
    let mut text = header.join(",") + "\n";
    for r in 0..5 {
        text += &(0..16_384).map(|i| ((i * 7 + r * 13) % 100).to_string()).collect::<Vec<_>>().join(",");
        text += "\n";
    }
    assert_eq!(chunked(text.as_bytes(), 1 << 20).expect("read").columns.len(), 16_384);
    // (names said twice are told apart by a number, one not taken)
    let p = profile(b"a,a,b,a,a_2\n1,2,x,4,5\n6,7,y,9,10\n");
    let names: Vec<&str> = p.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["a", "a_2", "b", "a_3", "a_2_2"]);
}

#[test]
fn a_large_file_streams_with_exact_counts() {
    let mut data = b"customer_id;Alter;Umsatz;Kaufdatum;Interessen\n".to_vec();
    for i in 0..20_000u32 {
        let line = format!(
            "K{i:06};{};{},{:02};{:02}.{:02}.2024;Wandern|Kochen\n",
            18 + i % 60,
            i % 500,
            i % 100,
            1 + i % 28,
            1 + i % 12
        );
        data.extend_from_slice(line.as_bytes());
    }
    let p = profile(&data);
    assert_eq!(p.rows, 20_000, "{:?} {:?}", p.dialect, &p.problems[..3.min(p.problems.len())]);
    assert_eq!(p.problem_total(), 0);
    let types: Vec<ColumnType> = p.columns.iter().map(|c| c.column_type).collect();
    assert_eq!(
        types,
        [ColumnType::Id, ColumnType::Integer, ColumnType::Number, ColumnType::Date, ColumnType::MultiValue]
    );
    let age = p.columns[1].numeric.as_ref().expect("numeric");
    assert_eq!((age.min, age.max), (18.0, 77.0));
    assert_eq!(p.columns[3].dates.as_ref().map(|d| d.order.as_str()), Some("dmy"));
}

#[test]
fn the_first_windows_1252_byte_is_placed_on_its_line_whatever_the_line_ends() {
    // every chunking agrees (`profile`), with line feeds, CRLF and old Mac carriage returns
    for (ends, data) in [
        ("LF", &b"id,city\n1,K\xC3\xB6ln\n2,D\xFCsseldorf\n3,M\xFCnchen\n"[..]),
        ("CRLF", &b"id,city\r\n1,K\xC3\xB6ln\r\n2,D\xFCsseldorf\r\n3,M\xFCnchen\r\n"[..]),
        ("CR", &b"id,city\r1,K\xC3\xB6ln\r2,D\xFCsseldorf\r3,M\xFCnchen\r"[..]),
    ] {
        let p = profile(data);
        assert_eq!(p.rows, 3, "{ends}");
        // the first byte's line, however many chunks the bytes came in
        assert!(
            p.warnings.iter().any(|w| w.contains("2 bytes") && w.contains("the first is on line 3")),
            "{ends}: {:?}",
            p.warnings
        );
    }
}

#[test]
fn an_excel_utf8_export_with_a_line_added_elsewhere_reads_both_kinds_of_line() {
    // "CSV UTF-8" from Excel starts with a byte-order mark
    let p = profile(b"\xEF\xBB\xBFid,city\n1,K\xC3\xB6ln\n2,D\xFCsseldorf\n");
    assert!(p.encoding.bom);
    assert_eq!(p.columns[0].name, "id", "the mark is not part of the first name");
    let city = &p.columns[1];
    let values: Vec<&str> = city.top_values.iter().map(|(v, _)| v.as_str()).collect();
    assert!(values.contains(&"Köln") && values.contains(&"Düsseldorf"), "{values:?}");
    assert!(p.problems.is_empty(), "{:?}", p.problems);
}

#[test]
fn lines_before_the_table_are_named_in_a_warning() {
    let text = b"# ----------------------------------------\n# All Web Site Data\n# Users\n\nUser ID,Sessions,Revenue\nu1,3,12.50\nu2,1,0\nu3,7,80.25\n";
    let p = profile(text);
    assert_eq!((p.dialect.preamble, p.dialect.has_header, p.rows), (3, true, 3));
    assert!(
        p.warnings.iter().any(|w| w == "3 lines before the table (lines 1\u{2013}3, starting \u{201c}# ----------------------------------------\u{201d}) were not read as rows."),
        "{:?}",
        p.warnings
    );
}

/// Excel saves empty cells at the end of each line where its used range went further
/// (`a,b,c,,,`): next month's export of the same table may end in more or fewer of them. They
/// are counted apart and are no part of the header's signature, so the roles chosen for one
/// export are remembered for the next. An empty column between named ones is one of the
/// table's.
#[test]
fn a_spreadsheets_empty_columns_at_the_end_are_no_part_of_its_header() {
    let saved = |header: &str, blank: usize| {
        let mut text = format!("{header}{}\r\n", ",".repeat(blank));
        for i in 0..40 {
            text.push_str(&format!("M{i},{},{}{}\r\n", 20 + i % 50, ["basic", "pro"][i % 2], ",".repeat(blank)));
        }
        profile(text.as_bytes())
    };
    let may = saved("member,age,plan", 2);
    let june = saved("member,age,plan", 5);
    assert_eq!((may.columns.len(), may.trailing_blank_columns()), (5, 2));
    assert_eq!((june.columns.len(), june.trailing_blank_columns()), (8, 5));
    assert_eq!(may.signature, "member|age|plan");
    assert_eq!(june.signature, may.signature);
    assert_eq!(saved("member,age,plan", 0).signature, may.signature);

    let kept: String = (0..40).map(|i| format!("M{i},,{}\n", 20 + i % 50)).collect();
    let kept = profile(format!("member,,age\n{kept}").as_bytes());
    assert_eq!((kept.trailing_blank_columns(), kept.signature.as_str()), (0, "member|column 2|age"));
}
