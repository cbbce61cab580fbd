//! Conformance with the csv-spectrum corpus (github.com/maxogden/csv-spectrum, BSD-2-Clause):
//! each of its cases written here as our own table (the input and the fields it must give; the
//! corpus's files are not copied), read through the core's row stream in every chunking a
//! browser or the CLI could hand it: one piece, and every cut into pieces of 1 to n bytes.

use persona_core::ingest::RowStream;

/// (case, input, header, rows)
type Case = (&'static str, &'static str, &'static [&'static str], &'static [&'static [&'static str]]);

const CASES: &[Case] = &[
    (
        "comma_in_quotes",
        "first,last,address,city,zip\nJohn,Doe,120 any st.,\"Anytown, WW\",08123",
        &["first", "last", "address", "city", "zip"],
        &[&["John", "Doe", "120 any st.", "Anytown, WW", "08123"]],
    ),
    ("empty", "a,b,c\n1,\"\",\"\"\n2,3,4", &["a", "b", "c"], &[&["1", "", ""], &["2", "3", "4"]]),
    ("empty_crlf", "a,b,c\r\n1,\"\",\"\"\r\n2,3,4", &["a", "b", "c"], &[&["1", "", ""], &["2", "3", "4"]]),
    ("escaped_quotes", "a,b\n1,\"ha \"\"ha\"\" ha\"\n3,4\n", &["a", "b"], &[&["1", "ha \"ha\" ha"], &["3", "4"]]),
    (
        "json",
        "key,val\n1,\"{\"\"type\"\": \"\"Point\"\", \"\"coordinates\"\": [102.0, 0.5]}\"\n",
        &["key", "val"],
        &[&["1", "{\"type\": \"Point\", \"coordinates\": [102.0, 0.5]}"]],
    ),
    (
        "newlines",
        "a,b,c\n1,2,3\n\"Once upon \na time\",5,6\n7,8,9\n",
        &["a", "b", "c"],
        &[&["1", "2", "3"], &["Once upon \na time", "5", "6"], &["7", "8", "9"]],
    ),
    (
        "newlines_crlf",
        "a,b,c\r\n1,2,3\r\n\"Once upon \r\na time\",5,6\r\n7,8,9\r\n",
        &["a", "b", "c"],
        &[&["1", "2", "3"], &["Once upon \r\na time", "5", "6"], &["7", "8", "9"]],
    ),
    (
        "quotes_and_newlines",
        "a,b\n1,\"ha \n\"\"ha\"\" \nha\"\n3,4\n",
        &["a", "b"],
        &[&["1", "ha \n\"ha\" \nha"], &["3", "4"]],
    ),
    ("simple", "a,b,c\n1,2,3\n", &["a", "b", "c"], &[&["1", "2", "3"]]),
    ("simple_crlf", "a,b,c\r\n1,2,3\r\n", &["a", "b", "c"], &[&["1", "2", "3"]]),
    ("utf8", "a,b,c\n1,2,3\n4,5,ʤ", &["a", "b", "c"], &[&["1", "2", "3"], &["4", "5", "ʤ"]]),
];

/// The header and rows the stream gives for `input` cut into pieces of `piece` bytes.
fn read(input: &[u8], piece: usize) -> (Vec<String>, Vec<Vec<String>>) {
    let mut rows = Vec::new();
    let mut stream = RowStream::new("case.csv");
    let mut keep = |r: &[&str]| rows.push(r.iter().map(|f| f.to_string()).collect::<Vec<_>>());
    for chunk in input.chunks(piece.max(1)) {
        stream.feed(chunk, &mut keep);
    }
    let profile = stream.finish(&mut keep).expect("reads");
    (profile.columns.iter().map(|c| c.name.clone()).collect(), rows)
}

#[test]
fn every_csv_spectrum_case_gives_its_fields_through_every_chunking() {
    let mut checked = 0;
    for (case, input, header, want) in CASES {
        let bytes = input.as_bytes();
        for piece in 1..=bytes.len() {
            let (got_header, got) = read(bytes, piece);
            assert_eq!(got_header, *header, "{case}, pieces of {piece} bytes: the header");
            assert_eq!(got, *want, "{case}, pieces of {piece} bytes: the rows");
            checked += 1;
        }
    }
    assert_eq!(CASES.len(), 11, "every case of the corpus");
    eprintln!("{} csv-spectrum cases, {checked} chunkings, every field as the corpus expects", CASES.len());
}
