//! Conformance with the csv-spectrum corpus (github.com/maxogden/csv-spectrum, BSD-2-Clause):
//! each of its cases written here as our own table (the input and the fields it must give; the
//! corpus's files are not copied), read through the core's row stream in every chunking a
//! browser or the CLI could hand it: one piece, and every cut into pieces of 1 to n bytes.

mod conformance;

use conformance::{Case, check};

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

#[test]
fn every_csv_spectrum_case_gives_its_fields_through_every_chunking() {
    let checked = check(CASES);
    assert_eq!(CASES.len(), 11, "every case of the corpus");
    eprintln!("{} csv-spectrum cases, {checked} chunkings, every field as the corpus expects", CASES.len());
}
